"""Commands of the audit-style process: enterprises, campaigns, inspections, hazards."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from core.i18n import t
from tui.cli_base import JsonFlag, app, context, emit, fail, state

if TYPE_CHECKING:
    from core.views.evidence import StoredFile

enterprises_app = typer.Typer(help="The roster of enterprises (生产经营单位).",
                              no_args_is_help=True)
campaign_app = typer.Typer(help="Audit-style campaigns (审计式监督检查).", no_args_is_help=True)
inspect_app = typer.Typer(help="Inspections: start, answer, skip, show.", no_args_is_help=True)
hazard_app = typer.Typer(help="One hazard: plan, submit evidence, verify.", no_args_is_help=True)
app.add_typer(enterprises_app, name="enterprises")
app.add_typer(campaign_app, name="campaign")
app.add_typer(inspect_app, name="inspect")
app.add_typer(hazard_app, name="hazard")

Version = Annotated[int | None, typer.Option(
    "--expect-version", help="Refuse if the record changed since you saw this version.")]
EvidenceFiles = Annotated[list[Path] | None, typer.Option(
    "--evidence", help="A file to attach (photo, record…); repeat. Kept in the evidence store "
    "under its SHA-256.")]


def _files_out(files: Sequence[StoredFile]) -> None:
    for f in files:
        typer.echo(f"  {f.name} {f.size} sha256:{f.sha256}")


def _date(raw: str | None, option: str) -> dt.date | None:
    if raw is None:
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        fail(f"{option} must be a date YYYY-MM-DD, not '{raw}'")


# --- enterprises --------------------------------------------------------------------------


@enterprises_app.command("add")
def enterprises_add(
    uscc: Annotated[str, typer.Option("--uscc", help="Unified social credit code (18).")],
    name: Annotated[str, typer.Option("--name")],
    sector: Annotated[str, typer.Option("--sector")],
    district: Annotated[str, typer.Option("--district")],
    address: Annotated[str, typer.Option("--address")] = "",
    contact: Annotated[str, typer.Option("--contact")] = "",
    as_json: JsonFlag = False,
) -> None:
    """Add an enterprise to the roster (the credit code's check character is verified)."""
    from core.services import roster

    e = roster.add_enterprise(context(), uscc=uscc, name=name, sector=sector,
                                district=district, address=address, contact=contact)
    if as_json:
        emit(e.model_dump(mode="json"))
    else:
        typer.echo(f"{e.uscc} {e.name}")


@enterprises_app.command("list")
def enterprises_list(
    sector: Annotated[str | None, typer.Option("--sector")] = None,
    district: Annotated[str | None, typer.Option("--district")] = None,
    colour: Annotated[str | None, typer.Option("--colour", help="green|blue|yellow|red")] = None,
    as_json: JsonFlag = False,
) -> None:
    """The roster with colour codes and open hazards."""
    from core.services import roster

    rows = roster.enterprises(context(), sector=sector, district=district, colour=colour)
    if as_json:
        emit([r.as_json() for r in rows])
        return
    for r in rows:
        e = r.enterprise
        typer.echo(f"{_colour(r.colour.value)} {e.uscc} {e.name}  {e.district} {e.sector}  "
                   f"{r.open_hazards}/{r.open_major}")


def _colour(value: str) -> str:
    marks = {"green": "绿", "blue": "蓝", "yellow": "黄", "red": "红"}
    return value if state.lang == "en" else marks[value]


@enterprises_app.command("show")
def enterprises_show(uscc: str, as_json: JsonFlag = False) -> None:
    """One enterprise with its inspections and hazards."""
    from core.services import roster

    d = roster.enterprise_detail(context(), uscc)
    if as_json:
        emit(d.as_json())
        return
    e = d.enterprise
    typer.echo(f"{e.uscc} {e.name} [{_colour(d.colour.value)}]\n{e.district} {e.sector} "
               f"{e.address} {e.contact}")
    for i in d.inspections:
        typer.echo(f"  inspection {i.id} {i.kind} {i.inspected_on} {i.verdict.value}")
    for h in d.hazards:
        typer.echo(f"  hazard {h.id} {h.level} {h.item_id} {h.status} {h.deadline or ''}")


# --- campaigns ----------------------------------------------------------------------------


@campaign_app.command("new")
def campaign_new(
    sector: Annotated[str, typer.Option("--sector")],
    pack: Annotated[list[str], typer.Option("--pack", help="Pack id; repeat for several.")],
    target: Annotated[str, typer.Option("--target", help="Credit code of the typical "
                                        "enterprise inspected on site.")],
    lead: Annotated[str, typer.Option("--lead", help="Team lead (组长).")],
    member: Annotated[list[str] | None, typer.Option("--member", help="Inspector; repeat.")]
    = None,
    as_json: JsonFlag = False,
) -> None:
    """Form a campaign (team formation); prints its id."""
    from core.services import campaigns

    c = campaigns.new_campaign(context(), sector=sector, packs=pack, target=target, lead=lead,
                               members=member or [])
    if as_json:
        emit(c.model_dump(mode="json"))
    else:
        typer.echo(c.id)


@campaign_app.command("team")
def campaign_team(
    campaign_id: Annotated[int, typer.Argument(metavar="ID")],
    member: Annotated[list[str] | None, typer.Option("--member", help="Inspector; repeat.")]
    = None,
    lead: Annotated[str | None, typer.Option("--lead", help="Team lead (组长).")] = None,
) -> None:
    """Add members to a team being formed."""
    from core.services import campaigns

    ctx = context()
    if lead:
        campaigns.add_member(ctx, campaign_id, name=lead, role="lead")
    for name in member or []:
        campaigns.add_member(ctx, campaign_id, name=name)
    view = campaigns.campaign_view(ctx, campaign_id)
    typer.echo(", ".join(f"{m.name} ({m.role})" for m in view.team))


@campaign_app.command("advance")
def campaign_advance(campaign_id: Annotated[int, typer.Argument(metavar="ID")],
                     expect_version: Version = None, as_json: JsonFlag = False) -> None:
    """Move a campaign to its next step; a guard that refuses says why."""
    from core.services import campaigns

    c = campaigns.advance(context(), campaign_id, expected_version=expect_version)
    if as_json:
        emit(c.model_dump(mode="json"))
    else:
        typer.echo(f"{c.id} {c.stage}")


@campaign_app.command("show")
def campaign_show(campaign_id: Annotated[int, typer.Argument(metavar="ID")],
                  as_json: JsonFlag = False) -> None:
    """A campaign: stage, team, packs, training, inspections, what blocks the next step."""
    from core.services import campaigns

    v = campaigns.campaign_view(context(), campaign_id)
    if as_json:
        emit(v.as_json())
        return
    c = v.campaign
    typer.echo(f"campaign {c.id} {c.sector} — {c.stage} (v{c.version}); target {c.target_uscc}")
    typer.echo("team: " + ", ".join(f"{m.name} ({m.role})" for m in v.team))
    typer.echo("packs: " + ", ".join(f"{p.pack_id} {p.pack_version}" for p in v.packs))
    for tr in v.trainings:
        typer.echo(f"training {tr.held_on}: {len(tr.attendees)} enterprises")
    for i in v.inspections:
        typer.echo(f"inspection {i.id} {i.kind} {i.enterprise_uscc} {i.verdict.value}")
    for r in v.refusals:
        typer.echo(f"blocked: {r.render(state.lang)}")
    for r in v.late:
        typer.echo(f"late: {r.render(state.lang)}")


@campaign_app.command("list")
def campaign_list(as_json: JsonFlag = False) -> None:
    """Every campaign with its stage."""
    from core.services import campaigns

    rows = campaigns.list_campaigns(context())
    if as_json:
        emit([c.model_dump(mode="json") for c in rows])
        return
    for c in rows:
        typer.echo(f"{c.id} {c.sector} {c.stage} {c.target_uscc}")


@campaign_app.command("training")
def campaign_training(
    campaign_id: Annotated[int, typer.Argument(metavar="ID")],
    date: Annotated[str, typer.Option("--date", help="Held on YYYY-MM-DD.")],
    attendee: Annotated[list[str], typer.Option("--attendee", help="Credit code; repeat.")],
    note: Annotated[str, typer.Option("--note")] = "",
    as_json: JsonFlag = False,
) -> None:
    """Record the feedback & training session (反馈培训)."""
    from core.services import campaigns

    held = _date(date, "--date")
    assert held is not None
    tr = campaigns.record_training(context(), campaign_id, held_on=held, attendees=attendee,
                                   note=note)
    if as_json:
        emit(tr.model_dump(mode="json"))
    else:
        typer.echo(f"training {tr.id} {tr.held_on} ({len(tr.attendees)})")


# --- inspections --------------------------------------------------------------------------


@inspect_app.command("start")
def inspect_start(
    campaign: Annotated[int, typer.Option("--campaign")],
    enterprise: Annotated[str, typer.Option("--enterprise", help="Credit code.")],
    kind: Annotated[str, typer.Option("--kind", help="onsite|self|followup")] = "onsite",
    category: Annotated[list[str] | None, typer.Option("--category")] = None,
    tag: Annotated[list[str] | None, typer.Option("--tag")] = None,
    exclusion: Annotated[list[str] | None, typer.Option("--exclusion")] = None,
    on: Annotated[str | None, typer.Option("--date", help="Inspection date (default today).")]
    = None,
    as_json: JsonFlag = False,
) -> None:
    """Start an inspection; prints its id."""
    from core.services import inspections

    i = inspections.start_inspection(context(), campaign_id=campaign, enterprise=enterprise,
                                     kind=kind, categories=category, tags=tag,
                                     exclusions=exclusion, on=_date(on, "--date"))
    if as_json:
        emit(inspections.inspection_view(context(), i.id or 0).as_json())
    else:
        typer.echo(i.id)


@inspect_app.command("answer")
def inspect_answer(
    inspection: Annotated[int, typer.Argument(metavar="INSPECTION")],
    item: Annotated[str, typer.Argument(metavar="ITEM")],
    status: Annotated[str, typer.Argument(metavar="STATUS",
                                          help="compliant|noncompliant|not_applicable")],
    note: Annotated[str | None, typer.Option("--note")] = None,
    corrected: Annotated[bool, typer.Option("--corrected-on-site")] = False,
    evidence: EvidenceFiles = None,
    expect_version: Version = None,
    as_json: JsonFlag = False,
) -> None:
    """Answer one item; saved at once. Prints the live verdict."""
    from core.services import inspections

    a = inspections.answer(context(), inspection, item, status, note=note,
                           corrected_on_site=corrected, expected_version=expect_version,
                           evidence=evidence or ())
    if as_json:
        emit(a.as_json())
    else:
        typer.echo(f"{item} {a.status} → {t('verdict.' + a.verdict, state.lang)}")
        _files_out(a.evidence)


@inspect_app.command("skip")
def inspect_skip(
    inspection: Annotated[int, typer.Argument(metavar="INSPECTION")],
    item: Annotated[str, typer.Argument(metavar="ITEM")],
    reason: Annotated[str, typer.Option("--reason")],
) -> None:
    """Leave an item unanswered with a stated reason."""
    from core.services import inspections

    inspections.skip(context(), inspection, item, reason=reason)
    typer.echo(f"{item} skipped")


@inspect_app.command("decide")
def inspect_decide(
    inspection: Annotated[int, typer.Argument(metavar="INSPECTION")],
    pack: Annotated[str, typer.Option("--pack", help="The pack whose determination it is.")],
    participant: Annotated[list[str], typer.Option(
        "--participant", "-p", help="Someone who took part (repeat; GB 35181 asks for 3+).")],
    on: Annotated[str | None, typer.Option("--date", help="When it was decided (default "
                                           "today).")] = None,
    note: Annotated[str, typer.Option("--note")] = "",
) -> None:
    """Record the collective decision (集体讨论) on a major-hazard determination."""
    from core.services import decisions

    d = decisions.decide(context(), inspection, pack=pack, participants=participant,
                         decided_on=_date(on, "--date"), note=note)
    typer.echo(f"decision {d.id}: {pack} {', '.join(d.rules)} — {', '.join(d.participants)}")


@inspect_app.command("show")
def inspect_show(inspection: Annotated[int, typer.Argument(metavar="INSPECTION")],
                 as_json: JsonFlag = False) -> None:
    """An inspection with its findings, hazards and live determination."""
    from core.services import inspections

    v = inspections.inspection_view(context(), inspection)
    if as_json:
        emit(v.as_json())
        return
    i = v.inspection
    typer.echo(f"inspection {i.id} {i.kind} {i.enterprise_uscc} {i.inspected_on} "
               f"(campaign {i.campaign_id})")
    typer.echo(f"{t('out.verdict', state.lang)}: {t('verdict.' + v.verdict, state.lang)}")
    for d in v.determinations:
        fired = [tr.rule for tr in d.triggers if not tr.vetoed]
        typer.echo(f"  {d.pack}: {d.verdict.value} {' '.join(fired)} "
                   f"unanswered {len(d.unanswered)}")
    from core.services import decisions

    todo, _ = decisions.pending_for(context(), inspection)
    for done in decisions.decisions(context(), inspection):
        typer.echo(f"  {t('ui.decide', state.lang)} {done.pack_id} {done.decided_on}: "
                   f"{', '.join(done.rules)} — {'、'.join(done.participants)}")
    for p in todo:
        typer.echo(f"  {t('ui.decide', state.lang)} {p.pack_id}: {', '.join(p.rules)} — "
                   f"{t('guard.decision', state.lang, count=1)}")
    for f in v.findings:
        typer.echo(f"  {f.item_id} {f.status or 'skipped: ' + f.skip_reason} {f.note}")


@inspect_app.command("reevaluate")
def inspect_reevaluate(
    inspection: Annotated[int, typer.Argument(metavar="INSPECTION")],
    under: Annotated[str, typer.Option(
        "--under", help="Another installed version of one of its packs, e.g. coal-2026.")],
    tag: Annotated[list[str] | None, typer.Option(
        "--tag", help="A site tag only that version knows (e.g. a division it added).")
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """What the recorded findings would determine under another version of the standard
    (nothing recorded changes)."""
    from core.services.versions import reevaluate_inspection
    from tui.commands.packs import show_reevaluation

    result = reevaluate_inspection(context(), inspection, under, frozenset(tag or ()))
    if as_json:
        emit(result.as_json())
        return
    show_reevaluation(result, state.lang)


# --- hazards ------------------------------------------------------------------------------


@app.command("hazards")
def hazards_list(
    overdue: Annotated[bool, typer.Option("--overdue")] = False,
    enterprise: Annotated[str | None, typer.Option("--enterprise")] = None,
    campaign: Annotated[int | None, typer.Option("--campaign")] = None,
    as_json: JsonFlag = False,
) -> None:
    """The hazard ledger (隐患台账) with days left or overdue."""
    from core.services import hazards

    rows = hazards.ledger(context(), overdue=overdue, enterprise=enterprise, campaign=campaign)
    if as_json:
        emit([r.as_json() for r in rows])
        return
    for r in rows:
        h = r.hazard
        left = "" if r.days_left is None else (f"overdue {-r.days_left}d" if r.overdue
                                               else f"{r.days_left}d left")
        typer.echo(f"{h.id} {h.level} {h.enterprise_uscc} {h.item_id} {h.clause} {h.status} "
                   f"{h.deadline or ''} {left}")


@hazard_app.command("plan")
def hazard_plan(
    hazard_id: Annotated[int, typer.Argument(metavar="ID")],
    deadline: Annotated[str, typer.Option("--deadline", help="YYYY-MM-DD")],
    responsible: Annotated[str, typer.Option("--responsible")],
    goal: Annotated[str | None, typer.Option("--goal", help="治理的目标和任务")] = None,
    method: Annotated[str | None, typer.Option("--method", help="采取的方法和措施")] = None,
    funding: Annotated[str | None, typer.Option("--funding", help="经费和物资的落实")] = None,
    organisation: Annotated[str | None, typer.Option(
        "--organisation", help="负责治理的机构和人员")] = None,
    timeline: Annotated[str | None, typer.Option("--timeline", help="治理的时限和要求")] = None,
    safety: Annotated[str | None, typer.Option("--safety", help="安全措施和应急预案")] = None,
    expect_version: Version = None,
    as_json: JsonFlag = False,
) -> None:
    """Set deadline and responsible person; a major hazard needs all six plan parts."""
    from core.services import hazards

    day = _date(deadline, "--deadline")
    assert day is not None
    fields = {"plan_goal": goal, "plan_method": method, "plan_funding": funding,
              "plan_organisation": organisation, "plan_timeline": timeline,
              "plan_safety": safety}
    h = hazards.plan(context(), hazard_id, deadline=day, responsible=responsible,
                     expected_version=expect_version,
                     **{k: v for k, v in fields.items() if v})
    _hazard_out(h, as_json)


@hazard_app.command("submit")
def hazard_submit(
    hazard_id: Annotated[int, typer.Argument(metavar="ID")],
    evidence: Annotated[str, typer.Option(
        "--evidence", help="What was done, in words (required unless --file is given).")] = "",
    file: Annotated[list[Path] | None, typer.Option(
        "--file", help="A file proving it (photo, acceptance record…); repeat. Kept in the "
        "evidence store under its SHA-256.")] = None,
    expect_version: Version = None, as_json: JsonFlag = False,
) -> None:
    """Record the enterprise's rectification evidence: a description and/or files."""
    from core.services import hazards

    _hazard_out(hazards.submit(context(), hazard_id, evidence=evidence, files=file or (),
                               expected_version=expect_version), as_json)


@hazard_app.command("verify")
def hazard_verify(
    hazard_id: Annotated[int, typer.Argument(metavar="ID")],
    accept: Annotated[bool | None, typer.Option("--accept/--reject")] = None,
    note: Annotated[str, typer.Option("--note")] = "",
    expect_version: Version = None,
    as_json: JsonFlag = False,
) -> None:
    """Accept (close, 销号) or reject (back to rectifying) the submitted rectification."""
    from core.services import hazards

    if accept is None:
        fail("say --accept or --reject")
    _hazard_out(hazards.verify(context(), hazard_id, accept=accept, note=note,
                               expected_version=expect_version), as_json)


def _hazard_out(h: Any, as_json: bool) -> None:
    if as_json:
        emit(h.model_dump(mode="json"))
    else:
        typer.echo(f"{h.id} {h.level} {h.status} {h.deadline or ''}")
