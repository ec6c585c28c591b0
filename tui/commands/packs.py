"""Commands about packs: list, show, check, and evaluate findings against them."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from core import services
from core.determination import Determination
from core.i18n import Lang, t
from core.model import Pack
from tui.cli_base import JsonFlag, app, emit, fail, state

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
    errors = [{"plugin": x.plugin, "stage": x.stage, "message": x.message} for x in cat.errors]
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
            typer.echo(f"  {x}")


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
        echo(f"  {'other':<22} {'other place (none of the above)' if en else '其他场所'}")
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
def packs_check(paths: Annotated[list[Path], typer.Argument(
        help="Pack files, or folders of *.yaml pack files.")]) -> None:
    """Validate pack files: exit 0 when all are valid, 2 with file:line: message when not."""
    results = services.check_pack_files(paths)
    if not results:
        fail("no pack files found in " + ", ".join(map(str, paths)))
    bad = False
    for r in results:
        if r.pack is not None:
            typer.echo(t("packs.check_ok", state.lang, file=r.path, items=len(r.pack.items()),
                         rules=len(r.pack.rules)))
        for problem in r.problems:
            bad = True
            typer.echo(problem, err=True)
    if bad:
        raise typer.Exit(2)


# --- evaluate ---------------------------------------------------------------------------


@app.command()
def evaluate(
    pack: Annotated[list[str], typer.Option("--pack", help="Pack id; repeat for several.")],
    findings: Annotated[Path, typer.Option("--findings", help="Findings JSON file.")],
    site: Annotated[Path | None, typer.Option("--site", help="Site JSON file.")] = None,
    on: Annotated[str | None, typer.Option(
        "--date", help="Inspection date YYYY-MM-DD (default today), for version warnings.")
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """Determine major hazards from findings (see README: the evaluate contract)."""
    try:
        day = dt.date.fromisoformat(on) if on else dt.date.today()
    except ValueError:
        fail(f"--date must be YYYY-MM-DD, not '{on}'")
    result = services.evaluate_files(services.default_catalogue(), pack, findings, site,
                                     on=day, lang="en" if as_json else state.lang)
    if as_json:
        if len(result.determinations) == 1:
            emit(result.determinations[0].model_dump(mode="json"))
        else:
            emit({"verdict": result.verdict.value,
                   "determinations": [d.model_dump(mode="json")
                                      for d in result.determinations]})
        return
    cat = services.default_catalogue()
    for d in result.determinations:
        _show_determination(d, services.get_pack(cat, d.pack).pack, state.lang)
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
        echo(f"{t('out.warnings', lang)}: {w}")
    echo("")
