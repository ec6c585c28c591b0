"""Commands about packs: list, show, check, and evaluate findings against them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from core import services
from core.engine.determination import Determination
from core.i18n import Lang, t
from core.pack.model import Pack
from tui.cli_base import JsonFlag, app, emit, fail, state

if TYPE_CHECKING:
    from core.services.versions import Reevaluation

packs_app = typer.Typer(help="Installed packs (判定标准) and pack files.", no_args_is_help=True)
app.add_typer(packs_app, name="packs")


# --- packs --------------------------------------------------------------------------------


@packs_app.command("list")
def packs_list(as_json: JsonFlag = False) -> None:
    """Installed packs with plugin, version, item and rule counts, and plugin load errors."""
    cat = services.default_catalogue()
    rows = [{
        "id": e.pack.id, "version": e.pack.version, "standard": e.pack.standard,
        "title_zh": e.pack.title_zh, "title_en": e.pack.title_en, "sector": e.pack.sector,
        "plugin": e.plugin, "items": len(e.pack.items()), "rules": len(e.pack.rules),
        "effective": e.pack.effective.isoformat(),
        "superseded_by": e.pack.superseded_by.model_dump(mode="json")
        if e.pack.superseded_by else None,
        "hash": e.hash,
    } for e in cat.entries.values()]
    errors = [{"plugin": x.plugin, "stage": x.stage, "message": x.detail("en")} for x in cat.errors]
    if as_json:
        emit({"packs": rows, "errors": errors})
        return
    lang = state.lang
    if not rows:
        typer.echo(t("packs.none", lang))
    for e in cat.entries.values():
        p = e.pack
        title = p.title_en if lang == "en" else p.title_zh
        counts = t("packs.items_rules", lang, items=len(p.items()), rules=len(p.rules))
        line = f"{p.id:<24} {p.version:<10} {p.standard} {title} — {counts} [{e.plugin}]"
        if p.superseded_by:
            line += " — " + t("packs.superseded", lang, successor=p.superseded_by.standard,
                              date=p.superseded_by.effective.isoformat())
        typer.echo(line)
    if cat.errors:
        typer.echo("\n" + t("packs.failed", lang) + ":")
        for x in cat.errors:
            typer.echo(f"  {x.render(lang)}")


@packs_app.command("show")
def packs_show(pack: Annotated[str, typer.Argument(help="Pack id, e.g. gb35181-2017.")],
               as_json: JsonFlag = False) -> None:
    """Items, rules, site categories, tags and exceptions of one pack."""
    entry = services.get_pack(services.default_catalogue(), pack)
    if as_json:
        emit({**entry.pack.model_dump(mode="json"), "plugin": entry.plugin,
               "hash": entry.hash})
        return
    _show_pack(entry.pack, entry.plugin, state.lang)


def _show_pack(p: Pack, plugin: str, lang: Lang) -> None:
    en = lang == "en"
    echo = typer.echo
    echo(f"{p.id} {p.version} — {p.standard} {p.title_en if en else p.title_zh}")
    echo(f"{t('packs.plugin', lang)}: {plugin}    {t('packs.effective', lang)}: "
         f"{p.effective.isoformat()}")
    if p.superseded_by:
        echo(t("packs.superseded", lang, successor=p.superseded_by.standard,
               date=p.superseded_by.effective.isoformat()))
    if p.site_categories:
        echo(f"\n{t('packs.categories', lang)}:")
        for c in p.site_categories:
            echo(f"  {c.id:<22} {c.name_en if en else c.name_zh}")
        echo(f"  {'other':<22} {t('site.other', lang)}")
    if p.tags:
        echo(f"\n{t('packs.tags', lang)}:")
        for tag in p.tags:
            echo(f"  {tag.id:<22} {tag.name_en if en else tag.name_zh}")
    echo(f"\n{t('packs.rules', lang)}:")
    for r in p.rules:
        scope = ",".join(r.applies_to) or "*"
        count = t("packs.n_items", lang, n=len(p.rule_items(r)))
        echo(f"  {r.id:<20} {r.kind:<9} {r.clause:<9} ≥{r.threshold} [{scope}] {count}")
        echo(f"      {r.gloss_en if en else r.text_zh}")
    if p.exceptions:
        echo(f"\n{t('packs.exceptions', lang)}:")
        for x in p.exceptions:
            echo(f"  {x.id:<20} {x.gloss_en if en else x.text_zh}")
    if p.notes:
        echo(f"\n{t('packs.notes', lang)}:")
        for note in p.notes:
            echo(f"  {note.id:<20} {note.clause} {note.gloss_en if en else note.text_zh}")
    echo(f"\n{t('packs.items', lang)}:")
    for s in p.sections:
        gate = f" [{' / '.join(s.tags)}]" if s.tags else ""
        echo(f"  [{s.id}] {s.title_en if en else s.title_zh}{gate}")
        for i in s.items:
            mark = "" if i.verified else " " + t("packs.unverified", lang)
            if i.tags:
                mark += f" [{' / '.join(i.tags)}]"
            if i.device_failure:
                mark += " " + t("packs.device", lang)
            text = (i.gloss_en if en else i.text_zh).splitlines()[0]
            echo(f"    {i.id:<22} {i.clause:<8} {text}{mark}")


@packs_app.command("check")
def packs_check(
    targets: Annotated[list[str], typer.Argument(
        help="Pack files or folders (a draft), or names of installed plugins.")],
    strict: Annotated[bool, typer.Option(
        "--strict", help="Fail on warnings too (e.g. a rule no golden case fires).")] = False,
    as_json: JsonFlag = False,
) -> None:
    """Validate packs before shipping: schema, ids, references, golden cases, coverage.

    Exit 0 when there is no error (warnings are printed), 2 when there is one (or a warning,
    with --strict); every problem as file:line: error|warning: message.
    """
    from core.plugins.validator import check

    reports = [check(target) for target in targets]
    ok = all(r.ok(strict) for r in reports)
    if as_json:
        emit({"ok": ok, "reports": [{
            "target": r.target, "cases": r.cases,
            "packs": [{"id": e.pack.id, "version": e.pack.version, "file": e.path or e.source,
                       "items": len(e.pack.items()), "rules": len(e.pack.rules)}
                      for e in r.packs],
            "issues": [{"level": i.level, "where": i.where, "message": str(i.message)}
                       for i in r.issues]} for r in reports]})
    else:
        for r in reports:
            for e in r.packs:
                typer.echo(t("packs.check_ok", state.lang, file=e.path or e.source,
                             items=len(e.pack.items()), rules=len(e.pack.rules)))
            for issue in r.issues:
                typer.echo(issue.render(state.lang), err=True)
            typer.echo(t("packs.check_summary", state.lang, target=r.target, cases=r.cases,
                         errors=len(r.errors), warnings=len(r.warnings)))
    if not ok:
        raise typer.Exit(2)


@packs_app.command("try")
def packs_try(
    path: Annotated[Path, typer.Argument(help="A draft pack file or folder (not installed).")],
    tag: Annotated[list[str] | None, typer.Option(
        "--tag", help="Site tag for the trial inspection (default: every tag of the pack).")
    ] = None,
    category: Annotated[list[str] | None, typer.Option(
        "--category", help="Site category for the trial inspection.")] = None,
) -> None:
    """Walk a draft pack in the inspection runner, on a throwaway database (nothing is kept).

    Headless twin: `anjian packs check PATH`, and `anjian evaluate --pack-file PATH`.
    """
    import os
    import shutil
    import tempfile

    from core.services.trial import open_trial
    from tui.app import make_app

    if not path.exists():
        fail(f"{path}: no such file or folder")
    folder = Path(tempfile.mkdtemp(prefix="anjian-try-"))
    try:
        ctx, inspection = open_trial(path, tags=tag, categories=category or [],
                                     lang=state.lang, folder=folder)
        make_app(lang=state.lang, context=ctx, open_inspection=inspection).run(
            headless=bool(os.environ.get("ANJIAN_FIRST_FRAME_PROBE")))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


# --- evaluate ---------------------------------------------------------------------------


@app.command()
def evaluate(
    findings: Annotated[Path, typer.Option("--findings", help="Findings JSON file.")],
    pack: Annotated[list[str] | None, typer.Option(
        "--pack", help="Pack id; repeat for several.")] = None,
    pack_file: Annotated[Path | None, typer.Option(
        "--pack-file", help="A draft pack file or folder (not installed) to evaluate under; "
        "its packs are used when no --pack is given.")] = None,
    site: Annotated[Path | None, typer.Option("--site", help="Site JSON file.")] = None,
    on: Annotated[str | None, typer.Option(
        "--date", help="Inspection date YYYY-MM-DD (default today), for version warnings.")
    ] = None,
    under: Annotated[str | None, typer.Option(
        "--under", help="Also determine under this other version of the same standard "
        "(e.g. --pack coal-2020 --under coal-2026) and show what changes.")] = None,
    as_json: JsonFlag = False,
) -> None:
    """Determine major hazards from findings (see README: the evaluate contract)."""
    try:
        day = dt.date.fromisoformat(on) if on else dt.date.today()
    except ValueError:
        fail(f"--date must be YYYY-MM-DD, not '{on}'")
    catalogue = services.default_catalogue()
    if pack_file is not None:
        from core.plugins.validator import DRAFT, check

        if not pack_file.exists():
            fail(f"{pack_file}: no such file or folder")
        report = check(str(pack_file))
        if report.errors or report.catalogue is None:
            fail("\n".join(i.render(state.lang) for i in report.errors))
        catalogue = report.catalogue
        pack = pack or [e.pack.id for e in catalogue.entries.values() if e.plugin == DRAFT]
    if not pack:
        fail("give --pack PACK (see `anjian packs list`) or --pack-file PATH")
    if under is not None:
        from core.services.versions import reevaluate_raw

        if len(pack) != 1:
            fail("--under re-evaluates the findings of one --pack")
        raw_site = services.read_json(site) if site is not None else {}
        again = reevaluate_raw(catalogue, pack[0], under,
                               services.read_json(findings), raw_site, on=day,
                               findings_name=str(findings), site_name=str(site or "site"))
        if as_json:
            emit(again.as_json())
        else:
            show_reevaluation(again, state.lang)
        return
    result = services.evaluate_files(catalogue, pack, findings, site, on=day)
    if as_json:
        if len(result.determinations) == 1:
            emit(result.determinations[0].model_dump(mode="json"))
        else:
            emit({"verdict": result.verdict.value,
                   "determinations": [d.model_dump(mode="json")
                                      for d in result.determinations]})
        return
    for d in result.determinations:
        _show_determination(d, services.get_pack(catalogue, d.pack).pack, state.lang)
    if len(result.determinations) > 1:
        typer.echo(f"{t('out.overall', state.lang)}: {t('verdict.' + result.verdict, state.lang)}")


def _show_determination(d: Determination, pack: Pack, lang: Lang) -> None:
    echo = typer.echo
    items = {i.id: i for i in pack.items()}
    rules = {r.id: r for r in pack.rules}
    en = lang == "en"
    echo(f"{t('out.pack', lang)}: {pack.id} {d.pack_version} — {pack.standard} "
         f"{pack.title_en if en else pack.title_zh}")
    echo(f"{t('out.verdict', lang)}: {t('verdict.' + d.verdict, lang)}")
    for trig in d.triggers:
        rule = rules[trig.rule]
        kind = t("out." + trig.kind, lang)
        veto = f" [{t('out.vetoed', lang)}]" if trig.vetoed else ""
        echo(f"  {t('out.trigger', lang)} {trig.rule} ({kind}, {rule.clause}): "
             f"{t('out.count', lang, count=trig.count, threshold=trig.threshold)}{veto}")
        echo(f"    {rule.text_zh}")
        if en:
            echo(f"    {rule.gloss_en}")
        for item_id in trig.items:
            item = items[item_id]
            echo(f"    - {item.clause} {item.text_zh}")
            if en:
                echo(f"      {item.gloss_en}")
    if d.excluded_by:
        exc = {x.id: x for x in pack.exceptions}
        echo(f"{t('out.excluded_by', lang)}:")
        for x in d.excluded_by:
            echo(f"  {x} {exc[x].gloss_en if en else exc[x].text_zh}")
    for key, ids in (("out.general", d.general_hazards), ("out.corrected", d.corrected_on_site),
                     ("out.unanswered", d.unanswered), ("out.not_applicable", d.not_applicable)):
        if ids:
            echo(f"{t(key, lang)} ({len(ids)}): {', '.join(items[i].clause for i in ids)}")
    for w in d.warnings:
        echo(f"{t('out.warnings', lang)}: {w.render(lang)}")
    echo("")


def show_reevaluation(r: Reevaluation, lang: Lang) -> None:
    """Both determinations, then what changes between the versions."""
    from core.services.versions import change_lines

    _show_determination(r.before, r.source.pack, lang)
    _show_determination(r.after, r.target.pack, lang)
    for line in change_lines(r, lang):
        typer.echo(line)
