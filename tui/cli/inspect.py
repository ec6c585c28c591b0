"""``anjian inspect``: inspections (检查): start, answer, skip, decide, show, re-evaluate,
repin."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from core.i18n import name, t
from tui.cli.localise import Command, Group
from tui.cli.options import ExpectVersion, Json, options, parse_date
from tui.cli.output import (
    block,
    echo,
    emit,
    files,
    marked,
    names,
    reevaluation,
    verdict,
    view_json,
    withdrawn_lines,
)

app = typer.Typer(cls=Group, no_args_is_help=True, rich_markup_mode=None)

InspectionId = Annotated[int, typer.Argument()]
ItemId = Annotated[str, typer.Argument()]
Amend = Annotated[bool, typer.Option("--amend")]
Reason = Annotated[str, typer.Option("--reason")]


def answer_text(state: dict[str, object] | None, lang: str) -> str:
    """A finding as an amendment recorded it: its answer, skip or nothing."""
    if not state:
        return t("cli.out.inspect.unanswered", lang)  # type: ignore[arg-type]
    status = state.get("status")
    if status:
        return name("ui.answer", str(status), lang)  # type: ignore[arg-type]
    if state.get("reason"):
        return t("cli.out.inspect.skipped_short", lang)  # type: ignore[arg-type]
    return t("cli.out.inspect.unanswered", lang)  # type: ignore[arg-type]


def answer_detail(checks: list[str], value: float | None,
                  design: float | None) -> dict[str, object]:
    """An answer's sub-check answers (``--check 1=noncompliant``, ``--check 2/a=compliant``
    one level deeper) and measured values, as the answer service takes them."""
    from core.i18n import AnjianError

    detail: dict[str, object] = {}
    for given in checks:
        path, sep, status = given.partition("=")
        if not sep or not path.strip() or not status.strip():
            raise AnjianError("cli.inspect.bad_check", given=given)
        node: dict[str, object] = detail
        for step in path.strip().split("/"):
            subs = node.setdefault("checks", {})
            assert isinstance(subs, dict)
            node = subs.setdefault(step, {})
        node["status"] = status.strip()
    if value is not None:
        detail["value"] = value
    if design is not None:
        detail["design"] = design
    return detail


@app.command("start", cls=Command)
def start(
    ctx: typer.Context,
    campaign: Annotated[int, typer.Option("--campaign")],
    enterprise: Annotated[str, typer.Option("--enterprise")],
    kind: Annotated[str, typer.Option("--kind")] = "onsite",
    category: Annotated[list[str] | None, typer.Option("--category")] = None,
    tag: Annotated[list[str] | None, typer.Option("--tag")] = None,
    exclusion: Annotated[list[str] | None, typer.Option("--exclusion")] = None,
    on: Annotated[str | None, typer.Option("--date")] = None,
    again: Annotated[bool, typer.Option("--again")] = False,
    withdrawn_ok: Annotated[bool, typer.Option("--withdrawn-ok")] = False,
    as_json: Json = False,
) -> None:
    """Start an inspection; prints its id."""
    from core.services import inspections

    context = options(ctx).context()
    i = inspections.start_inspection(context, campaign_id=campaign, enterprise=enterprise,
                                     kind=kind, categories=category, tags=tag,
                                     exclusions=exclusion, on=parse_date(on, "--date"),
                                     again=again, withdrawn_ok=withdrawn_ok)
    if as_json:
        emit(view_json(context.catalogue, inspections.inspection_view(context, i.id or 0)))
        return
    echo(str(i.id))  # the id alone: scripts read it (the mark shows on show and answer)


@app.command("answer", cls=Command)
def answer(
    ctx: typer.Context,
    inspection: InspectionId,
    item: ItemId,
    status: Annotated[str, typer.Argument()],
    note: Annotated[str | None, typer.Option("--note")] = None,
    corrected: Annotated[bool, typer.Option("--corrected-on-site")] = False,
    evidence: Annotated[list[Path] | None, typer.Option("--evidence")] = None,
    check: Annotated[list[str] | None, typer.Option("--check")] = None,
    value: Annotated[float | None, typer.Option("--value")] = None,
    design: Annotated[float | None, typer.Option("--design")] = None,
    expect_version: ExpectVersion = None,
    amend: Amend = False,
    reason: Reason = "",
    as_json: Json = False,
) -> None:
    """Answer one item; saved at once. Prints the live verdict."""
    from core.services import inspections
    from core.services.packs import with_successor

    opts = options(ctx)
    lang = opts.lang
    a = inspections.answer(opts.context(), inspection, item, status, note=note,
                           corrected_on_site=corrected,
                           detail=answer_detail(check or [], value, design),
                           expected_version=expect_version,
                           amend=reason if amend else None, reason=reason,
                           evidence=evidence or ())
    context = opts.context()
    on = (inspections.inspection_view(context, inspection).inspection.inspected_on
          if any(d.standing == "withdrawn" for d in a.determinations) else None)
    if as_json:
        data = a.as_json()
        emit({**data, "determinations": [with_successor(context.catalogue, d, on)
                                         for d in data["determinations"]]})
        return
    echo(t("cli.out.inspect.answered", lang, item=item,
           status=name("ui.answer", a.status or "", lang), verdict=verdict(a.verdict, lang)))
    if on is not None:
        for line in withdrawn_lines(context.catalogue, on, a.determinations, lang):
            echo(line)
    files(a.evidence, lang)


@app.command("skip", cls=Command)
def skip(ctx: typer.Context, inspection: InspectionId, item: ItemId,
         reason: Annotated[str, typer.Option("--reason")],
         expect_version: ExpectVersion = None, amend: Amend = False) -> None:
    """Leave an item unanswered with a stated reason."""
    from core.services import inspections

    opts = options(ctx)
    inspections.skip(opts.context(), inspection, item, reason=reason,
                     expected_version=expect_version, amend=reason if amend else None)
    echo(t("cli.out.inspect.skipped", opts.lang, item=item, reason=reason))


@app.command("clear", cls=Command)
def clear(ctx: typer.Context, inspection: InspectionId, item: ItemId,
          reason: Reason = "", expect_version: ExpectVersion = None, amend: Amend = False,
          as_json: Json = False) -> None:
    """Withdraw an item's answer: it is unanswered again (its note is kept)."""
    from core.services import inspections

    opts = options(ctx)
    a = inspections.clear(opts.context(), inspection, item, reason=reason,
                          expected_version=expect_version, amend=reason if amend else None)
    if as_json:
        emit(a.as_json())
        return
    echo(t("cli.out.inspect.cleared", opts.lang, item=item, verdict=verdict(a.verdict,
                                                                              opts.lang)))


@app.command("note", cls=Command)
def note(ctx: typer.Context, inspection: InspectionId, item: ItemId,
         text: Annotated[str, typer.Argument()], expect_version: ExpectVersion = None,
         amend: Amend = False, reason: Reason = "") -> None:
    """Write an item's note, answered or not (its answer is kept)."""
    from core.services import inspections

    opts = options(ctx)
    inspections.annotate(opts.context(), inspection, item, text,
                         expected_version=expect_version, amend=reason if amend else None)
    echo(t("cli.out.inspect.noted", opts.lang, item=item))


@app.command("decide", cls=Command)
def decide(
    ctx: typer.Context,
    inspection: InspectionId,
    pack: Annotated[str, typer.Option("--pack")],
    participant: Annotated[list[str], typer.Option("--participant", "-p")],
    on: Annotated[str | None, typer.Option("--date")] = None,
    note: Annotated[str, typer.Option("--note")] = "",
) -> None:
    """Record the collective decision (集体讨论) on a major-hazard determination."""
    from core.services import decisions

    opts = options(ctx)
    d = decisions.decide(opts.context(), inspection, pack=pack, participants=participant,
                         decided_on=parse_date(on, "--date"), note=note)
    echo(t("cli.out.inspect.decided", opts.lang, id=d.id, pack=pack, rules=", ".join(d.rules),
           people=names(d.participants, opts.lang)))


@app.command("show", cls=Command)
def show(ctx: typer.Context, inspection: InspectionId, as_json: Json = False) -> None:
    """An inspection with its findings, hazards and live determination."""
    from core.services import decisions, inspections, pins

    opts = options(ctx)
    lang = opts.lang
    context = opts.context()
    v = inspections.inspection_view(context, inspection)
    if as_json:
        emit(view_json(context.catalogue, v))
        return
    i = v.inspection
    echo(t("cli.out.inspect.header", lang, id=i.id, kind=name("ui.kind", i.kind, lang),
           uscc=i.enterprise_uscc, date=i.inspected_on.isoformat(), campaign=i.campaign_id))
    echo(f"{t('out.verdict', lang)}: {verdict(v.verdict, lang)}")
    for line in withdrawn_lines(context.catalogue, i.inspected_on, v.determinations, lang):
        echo(line)
    why = pins.moved(inspection, pins.pins(context, inspection))
    if why is not None:  # nothing can be answered until it is repinned (or the content is back)
        echo(why.render(lang), err=True)
    from tui.text import constituted_lines

    packs = {d.pack: context.catalogue.require(d.pack).pack for d in v.determinations
             if context.catalogue.get(d.pack) is not None}
    for d in v.determinations:
        fired = [tr.rule for tr in d.triggers if not tr.vetoed]
        echo("  " + t("cli.out.inspect.determination", lang, pack=d.pack,
                      verdict=verdict(d.verdict, lang), rules=" ".join(fired) or "-",
                      unanswered=len(d.unanswered)) + marked(d, lang))
        if d.pack in packs:  # a finding of another pack that constitutes an item (构成)
            for line in constituted_lines(d, packs[d.pack], lang, packs):
                echo("    " + line)
        if d.waived:  # set aside by waivers (豁免): `anjian waivers list` says which
            echo(f"    {t('out.waived', lang)} ({len(d.waived)}): {', '.join(d.waived)}")
    todo, _ = decisions.pending_for(context, inspection)
    for done in decisions.decisions(context, inspection):
        echo(f"  {t('ui.decide', lang)} {done.pack_id} {done.decided_on}: "
             f"{', '.join(done.rules)} — {'、'.join(done.participants)}")
    for p in todo:
        echo(f"  {t('ui.decide', lang)} {p.pack_id}: {', '.join(p.rules)} — "
             f"{t('guard.decision', lang, count=1)}")
    for f in v.findings:
        if f.status is None and f.skip_reason:
            echo("  " + t("cli.out.inspect.finding_skipped", lang, item=f.item_id,
                          reason=block(f.skip_reason, "    ")))
        else:
            state = (name("ui.answer", f.status, lang) if f.status
                     else t("cli.out.inspect.unanswered", lang))
            if f.corrected_on_site:
                state += t("cli.out.inspect.corrected", lang)
            echo(f"  {f.item_id} {state} {block(f.note, '    ')}".rstrip())
    for r in v.recurrences:
        echo("  " + t("cli.out.inspect.recurrence", lang, item=r.item_id, hazard=r.hazard_id,
                      level=r.level))
    for h in v.hazards:
        if h.recurrence_of is not None:
            echo("  " + t("cli.out.inspect.recurs_after", lang, item=h.item_id, hazard=h.id,
                          earlier=h.recurrence_of))
    for am in v.amendments:
        echo("  " + t("cli.out.inspect.amendment", lang, item=am.item_id,
                      at=am.at.strftime("%Y-%m-%d %H:%M"), by=am.by, reason=am.reason,
                      was=answer_text(am.before, lang), now=answer_text(am.after, lang)))


@app.command("reevaluate", cls=Command)
def reevaluate(
    ctx: typer.Context,
    inspection: InspectionId,
    under: Annotated[str, typer.Option("--under")],
    tag: Annotated[list[str] | None, typer.Option("--tag")] = None,
    as_json: Json = False,
) -> None:
    """What the recorded findings would determine under another version of the standard
    (nothing recorded changes)."""
    from core.services.versions import reevaluate_inspection

    opts = options(ctx)
    result = reevaluate_inspection(opts.context(), inspection, under, frozenset(tag or ()))
    if as_json:
        emit(result.as_json())
        return
    reevaluation(result, opts.lang)


@app.command("repin", cls=Command)
def repin(ctx: typer.Context, inspection: InspectionId,
          reason: Annotated[str, typer.Option("--reason")], as_json: Json = False) -> None:
    """Move an inspection to the installed content of its packs (edited where installed since
    it was made) and re-evaluate it; its hazards follow. The campaign's lead does it, with a
    reason kept in the audit log."""
    from core.services.pins import repin as move
    from tui.text import repin_lines

    opts = options(ctx)
    result = move(opts.context(), inspection, reason=reason)
    if as_json:
        emit(result.as_json())
        return
    for line in repin_lines(result, opts.lang):
        echo(line)
