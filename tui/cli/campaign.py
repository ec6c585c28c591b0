"""``anjian campaign``: audit-style campaigns (审计式监督检查), step by step."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from core.i18n import Lang, name, t
from tui.cli.localise import Command, Group
from tui.cli.options import ExpectVersion, Json, options, parse_date
from tui.cli.output import echo, emit, names, verdict

if TYPE_CHECKING:
    from core.views.campaigns import TeamMemberView

app = typer.Typer(cls=Group, no_args_is_help=True, rich_markup_mode=None)

CampaignId = Annotated[int, typer.Argument()]
Members = Annotated[list[str] | None, typer.Option("--member")]


def _team(team: tuple[TeamMemberView, ...], lang: Lang) -> str:
    return names([t("cli.out.campaign.member", lang, name=m.name, role=name("team", m.role, lang))
                  for m in team], lang)


@app.command("new", cls=Command)
def new(
    ctx: typer.Context,
    sector: Annotated[str, typer.Option("--sector")],
    pack: Annotated[list[str], typer.Option("--pack")],
    target: Annotated[str, typer.Option("--target")],
    lead: Annotated[str, typer.Option("--lead")],
    member: Members = None,
    as_json: Json = False,
) -> None:
    """Form a campaign (team formation); prints its id."""
    from core.services import campaigns

    c = campaigns.new_campaign(options(ctx).context(), sector=sector, packs=pack, target=target,
                               lead=lead, members=member or [])
    if as_json:
        emit(c.model_dump(mode="json"))
    else:
        echo(str(c.id))  # the id alone: scripts read it


@app.command("team", cls=Command)
def team(
    ctx: typer.Context,
    campaign_id: CampaignId,
    member: Members = None,
    lead: Annotated[str | None, typer.Option("--lead")] = None,
) -> None:
    """Add members to a team being formed."""
    from core.services import campaigns

    opts = options(ctx)
    context = opts.context()
    if lead:
        campaigns.add_member(context, campaign_id, name=lead, role="lead")
    for person in member or []:
        campaigns.add_member(context, campaign_id, name=person)
    view = campaigns.campaign_view(context, campaign_id)
    echo(t("cli.out.campaign.team", opts.lang, team=_team(view.team, opts.lang)))


@app.command("advance", cls=Command)
def advance(ctx: typer.Context, campaign_id: CampaignId, expect_version: ExpectVersion = None,
            as_json: Json = False) -> None:
    """Move a campaign to its next step; a guard that refuses says why."""
    from core.services import campaigns

    opts = options(ctx)
    c = campaigns.advance(opts.context(), campaign_id, expected_version=expect_version)
    if as_json:
        emit(c.model_dump(mode="json"))
    else:
        echo(t("cli.out.campaign.advanced", opts.lang, id=c.id,
               stage=name("ui.stage", c.stage, opts.lang)))


@app.command("show", cls=Command)
def show(ctx: typer.Context, campaign_id: CampaignId, as_json: Json = False) -> None:
    """A campaign: stage, team, packs, training, inspections, what blocks the next step."""
    from core.services import campaigns

    opts = options(ctx)
    lang = opts.lang
    v = campaigns.campaign_view(opts.context(), campaign_id)
    if as_json:
        emit(v.as_json())
        return
    c = v.campaign
    echo(t("cli.out.campaign.header", lang, id=c.id, sector=name("sector", c.sector, lang),
           stage=name("ui.stage", c.stage, lang), version=c.version, target=c.target_uscc))
    echo(t("cli.out.campaign.team", lang, team=_team(v.team, lang)))
    echo(t("cli.out.campaign.packs", lang,
           packs=names([f"{p.pack_id} {p.pack_version}" for p in v.packs], lang)))
    for tr in v.trainings:
        echo(t("cli.out.campaign.training_line", lang, date=tr.held_on.isoformat(),
               count=len(tr.attendees)))
    for i in v.inspections:
        echo(t("cli.out.campaign.inspection", lang, id=i.id, kind=name("ui.kind", i.kind, lang),
               uscc=i.enterprise_uscc, verdict=verdict(i.verdict.value, lang)))
    for x in v.exemptions:
        echo(t("cli.out.campaign.exemption", lang, uscc=x.enterprise_uscc,
               reason=name("exemption.reason", x.reason, lang), note=x.note).rstrip())
    for r in v.refusals:
        # a closed campaign's only "refusal" is that it is closed: said as it is
        echo(r.render(lang) if c.stage == "closed"
             else t("cli.out.campaign.blocked", lang, reason=r.render(lang)))
    for late in v.late:
        echo(t("cli.out.campaign.late", lang, reason=late.render(lang)))
    if v.facts.self_missing:
        count, first = campaigns.missing_self_inspections(opts.context(), campaign_id, limit=10)
        echo(t("cli.out.campaign.missing", lang, shown=len(first), count=count,
               names=names([f"{n} {u}" for u, n in first], lang)))
    if not v.refusals and c.stage != "closed":
        echo(t("cli.out.campaign.ready", lang, id=c.id))


@app.command("list", cls=Command)
def list_(ctx: typer.Context, as_json: Json = False) -> None:
    """Every campaign with its stage and its steps past their deadline."""
    from core.services import campaigns

    opts = options(ctx)
    lang = opts.lang
    rows = campaigns.campaign_rows(opts.context())
    if as_json:
        emit([r.as_json() for r in rows])
        return
    if not rows:
        echo(t("cli.out.campaign.none", lang))
    for r in rows:
        c = r.campaign
        row = t("cli.out.campaign.row", lang, id=c.id, sector=name("sector", c.sector, lang),
                stage=name("ui.stage", c.stage, lang), target=c.target_uscc)
        if r.late:
            row = t("cli.out.campaign.row_late", lang, row=row,
                    late=names([x.render(lang) for x in r.late], lang))
        echo(row)


@app.command("training", cls=Command)
def training(
    ctx: typer.Context,
    campaign_id: CampaignId,
    date: Annotated[str, typer.Option("--date")],
    attendee: Annotated[list[str], typer.Option("--attendee")],
    note: Annotated[str, typer.Option("--note")] = "",
    as_json: Json = False,
) -> None:
    """Record the feedback & training session (反馈培训)."""
    from core.services import campaigns

    opts = options(ctx)
    held = parse_date(date, "--date")
    assert held is not None
    tr = campaigns.record_training(opts.context(), campaign_id, held_on=held,
                                   attendees=attendee, note=note)
    if as_json:
        emit(tr.model_dump(mode="json"))
    else:
        echo(t("cli.out.campaign.trained", opts.lang, id=tr.id, date=tr.held_on.isoformat(),
               count=len(tr.attendees)))


@app.command("exempt", cls=Command)
def exempt(
    ctx: typer.Context,
    campaign_id: CampaignId,
    enterprise: Annotated[str, typer.Option("--enterprise")],
    reason: Annotated[str, typer.Option("--reason")],
    note: Annotated[str, typer.Option("--note")] = "",
    as_json: Json = False,
) -> None:
    """Record why an enterprise of the sector makes no self-inspection."""
    from core.services import campaigns

    opts = options(ctx)
    x = campaigns.exempt(opts.context(), campaign_id, enterprise=enterprise, reason=reason,
                         note=note)
    if as_json:
        emit(x.model_dump(mode="json"))
    else:
        echo(t("cli.out.campaign.exempted", opts.lang, uscc=x.enterprise_uscc, id=campaign_id,
               reason=name("exemption.reason", x.reason, opts.lang)))
