"""``anjian hazards`` (the ledger, 隐患台账; also ``anjian hazards list``) and ``anjian hazard``:
show one, set its deadline (the team), plan a rectification, ask for more time and grant or
refuse it, submit evidence, verify."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import typer

from core.i18n import Lang, name, t
from core.views.hazards import HazardLine
from tui.cli.localise import Command, Group
from tui.cli.options import ExpectVersion, Json, options, parse_date
from tui.cli.output import echo, echo_stream, emit, emit_stream, hazard_line

ledger_app = typer.Typer(cls=Group, invoke_without_command=True, rich_markup_mode=None)
app = typer.Typer(cls=Group, no_args_is_help=True, rich_markup_mode=None)

Overdue = Annotated[bool, typer.Option("--overdue")]
Enterprise = Annotated[str | None, typer.Option("--enterprise")]
Campaign = Annotated[int | None, typer.Option("--campaign")]
HazardId = Annotated[int, typer.Argument()]


def _ledger(ctx: typer.Context, overdue: bool, enterprise: str | None, campaign: int | None,
            as_json: bool) -> None:
    """The ledger streamed from the database and written as it comes (flat memory)."""
    from core.services import hazards

    opts = options(ctx)
    lang: Lang = opts.lang
    context = opts.context()
    if as_json:
        emit_stream([r.as_json() for r in part] for part in hazards.ledger_rows(
            context, overdue=overdue, enterprise=enterprise, campaign=campaign))
        return
    row = t("cli.out.hazards.row", lang, id="{0}", level="{1}", uscc="{2}", item="{3}",
            clause="{4}", status="{5}")
    dated = row + t("cli.out.hazard.deadline", lang, date="{6}")
    # one template a case: no deadline; a deadline (a closed hazard's); days left; overdue
    templates = {(False, False): row, (True, False): dated,
                 (True, True): dated + t("cli.out.hazards.left", lang, days="{7}")}
    late = dated + t("cli.out.hazards.overdue", lang, days="{8}")
    levels = {v: name("ui.level", v, lang) for v in ("general", "major")}
    statuses: dict[str, str] = {}

    def line(h: HazardLine) -> str:
        status = statuses.get(h.status)
        if status is None:
            status = statuses[h.status] = name("hstatus", h.status, lang)
        level = levels.get(h.level) or name("ui.level", h.level, lang)
        days = h.days_left
        if h.overdue and days is not None:
            return late.format(h.id, level, h.enterprise_uscc, h.item_id, h.clause, status,
                               h.deadline, None, -days)
        return templates[bool(h.deadline), days is not None].format(
            h.id, level, h.enterprise_uscc, h.item_id, h.clause, status, h.deadline, days)

    def lines() -> Iterator[list[str]]:
        for part in hazards.ledger_lines(context, overdue=overdue, enterprise=enterprise,
                                         campaign=campaign):
            yield [line(h) for h in part]

    if not echo_stream(lines()):
        echo(t("cli.out.hazards.none", lang))


@ledger_app.callback()
def hazards(ctx: typer.Context, overdue: Overdue = False, enterprise: Enterprise = None,
            campaign: Campaign = None, as_json: Json = False) -> None:
    """The hazard ledger (隐患台账) with days left or overdue."""
    if ctx.invoked_subcommand is None:
        _ledger(ctx, overdue, enterprise, campaign, as_json)


@ledger_app.command("list", cls=Command)
def list_(ctx: typer.Context, overdue: Overdue = False, enterprise: Enterprise = None,
          campaign: Campaign = None, as_json: Json = False) -> None:
    """The hazard ledger, as ``anjian hazards`` shows it."""
    _ledger(ctx, overdue, enterprise, campaign, as_json)


@app.command("show", cls=Command)
def show(ctx: typer.Context, hazard_id: HazardId, as_json: Json = False) -> None:
    """One hazard: its plan, its deadline with every change, its requests for more time."""
    from core.services import hazards as service
    from tui.text import hazard_lines

    opts = options(ctx)
    d = service.detail(opts.context(), hazard_id)
    if as_json:
        emit(d.as_json())
        return
    for line in hazard_lines(d, opts.lang):
        echo(line)


@app.command("deadline", cls=Command)
def deadline(
    ctx: typer.Context,
    hazard_id: HazardId,
    date: Annotated[str, typer.Argument()],
    reason: Annotated[str, typer.Option("--reason")] = "",
    expect_version: ExpectVersion = None,
    as_json: Json = False,
) -> None:
    """Set or move a hazard's deadline (the campaign team); moving one needs a reason."""
    from core.services import hazards as service

    opts = options(ctx)
    day = parse_date(date, t("cli.hazard.deadline.date.name", opts.lang))
    assert day is not None
    h = service.set_deadline(opts.context(), hazard_id, day, reason=reason,
                             expected_version=expect_version)
    emit(h.model_dump(mode="json")) if as_json else echo(hazard_line(h, opts.lang))


@app.command("request-extension", cls=Command)
def request_extension(
    ctx: typer.Context,
    hazard_id: HazardId,
    until: Annotated[str, typer.Option("--until")],
    reason: Annotated[str, typer.Option("--reason")],
    expect_version: ExpectVersion = None,
    as_json: Json = False,
) -> None:
    """Ask, before the deadline passes, for a later one (延期申请)."""
    from core.services import hazards as service

    opts = options(ctx)
    day = parse_date(until, "--until")
    assert day is not None
    x = service.request_extension(opts.context(), hazard_id, until=day, reason=reason,
                                  expected_version=expect_version)
    if as_json:
        emit(x.model_dump(mode="json"))
        return
    echo(t("cli.out.hazard.extension_requested", opts.lang, id=hazard_id,
           deadline=x.deadline.isoformat(), until=x.until.isoformat()))


def _decide(ctx: typer.Context, hazard_id: int, grant: bool, note: str,
            expect_version: int | None, as_json: bool) -> None:
    from core.services import hazards as service

    opts = options(ctx)
    d = service.decide_extension(opts.context(), hazard_id, grant=grant, note=note,
                                 expected_version=expect_version)
    if as_json:
        emit(d.as_json())
        return
    deadline = d.hazard.deadline.isoformat() if d.hazard.deadline else "—"
    echo(t("cli.out.hazard.extension_granted" if grant else "cli.out.hazard.extension_refused",
           opts.lang, id=hazard_id, date=deadline))


@app.command("grant-extension", cls=Command)
def grant_extension(ctx: typer.Context, hazard_id: HazardId,
                    note: Annotated[str, typer.Option("--note")],
                    expect_version: ExpectVersion = None, as_json: Json = False) -> None:
    """Grant the pending request for more time: the deadline becomes the date asked for."""
    _decide(ctx, hazard_id, True, note, expect_version, as_json)


@app.command("refuse-extension", cls=Command)
def refuse_extension(ctx: typer.Context, hazard_id: HazardId,
                     note: Annotated[str, typer.Option("--note")],
                     expect_version: ExpectVersion = None, as_json: Json = False) -> None:
    """Refuse the pending request for more time; the deadline stays."""
    _decide(ctx, hazard_id, False, note, expect_version, as_json)


@app.command("plan", cls=Command)
def plan(
    ctx: typer.Context,
    hazard_id: HazardId,
    responsible: Annotated[str, typer.Option("--responsible")],
    deadline: Annotated[str | None, typer.Option("--deadline")] = None,
    goal: Annotated[str | None, typer.Option("--goal")] = None,
    method: Annotated[str | None, typer.Option("--method")] = None,
    funding: Annotated[str | None, typer.Option("--funding")] = None,
    organisation: Annotated[str | None, typer.Option("--organisation")] = None,
    timeline: Annotated[str | None, typer.Option("--timeline")] = None,
    safety: Annotated[str | None, typer.Option("--safety")] = None,
    expect_version: ExpectVersion = None,
    as_json: Json = False,
) -> None:
    """Record the responsible person; a major hazard needs all six plan parts. The deadline
    is the team's (``--deadline`` sets the first one, for the team only)."""
    from core.services import hazards as service

    opts = options(ctx)
    day = parse_date(deadline, "--deadline")
    fields = {"plan_goal": goal, "plan_method": method, "plan_funding": funding,
              "plan_organisation": organisation, "plan_timeline": timeline,
              "plan_safety": safety}
    h = service.plan(opts.context(), hazard_id, deadline=day, responsible=responsible,
                     expected_version=expect_version, **{k: v for k, v in fields.items() if v})
    emit(h.model_dump(mode="json")) if as_json else echo(hazard_line(h, opts.lang))


@app.command("submit", cls=Command)
def submit(
    ctx: typer.Context,
    hazard_id: HazardId,
    evidence: Annotated[str, typer.Option("--evidence")] = "",
    file: Annotated[list[Path] | None, typer.Option("--file")] = None,
    expect_version: ExpectVersion = None,
    as_json: Json = False,
) -> None:
    """Record the enterprise's rectification evidence: a description and/or files."""
    from core.services import hazards as service

    opts = options(ctx)
    h = service.submit(opts.context(), hazard_id, evidence=evidence, files=file or (),
                       expected_version=expect_version)
    emit(h.model_dump(mode="json")) if as_json else echo(hazard_line(h, opts.lang))


@app.command("verify", cls=Command)
def verify(
    ctx: typer.Context,
    hazard_id: HazardId,
    accept: Annotated[bool | None, typer.Option("--accept/--reject")] = None,
    note: Annotated[str, typer.Option("--note")] = "",
    expect_version: ExpectVersion = None,
    as_json: Json = False,
) -> None:
    """Accept (close, 销号) or reject (back to rectifying) the submitted rectification."""
    from core.i18n import AnjianError
    from core.services import hazards as service

    opts = options(ctx)
    if accept is None:
        raise AnjianError("cli.out.hazard.accept_or_reject")
    h = service.verify(opts.context(), hazard_id, accept=accept, note=note,
                       expected_version=expect_version)
    emit(h.model_dump(mode="json")) if as_json else echo(hazard_line(h, opts.lang))
