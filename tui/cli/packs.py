"""``anjian packs``: installed packs (判定标准) and pack files: list, show, status, check,
try."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from core import services
from core.i18n import AnjianError, Lang, t
from core.pack.model import Pack
from tui.cli.localise import Command, Group
from tui.cli.options import Json, options, parse_date
from tui.cli.output import echo, emit, names

app = typer.Typer(cls=Group, no_args_is_help=True, rich_markup_mode=None)


@app.command("list", cls=Command)
def list_(ctx: typer.Context, as_json: Json = False) -> None:
    """Installed packs with plugin, version, item and rule counts, and plugin load errors."""
    from tui.cli.plugins import installed_catalogue

    cat = installed_catalogue(ctx)
    rows = [{
        "id": e.pack.id, "version": e.pack.version, "standard": e.pack.standard,
        "title_zh": e.pack.title_zh, "title_en": e.pack.title_en, "sector": e.pack.sector,
        "plugin": e.plugin, "items": len(e.pack.items()), "rules": len(e.pack.rules),
        "kind": "checklist" if e.pack.checklist else "determination",
        "effective": e.pack.effective.isoformat(),
        "superseded_by": e.pack.superseded_by.model_dump(mode="json")
        if e.pack.superseded_by else None,
        "hash": e.hash,
        "extends": None if e.base is None else {
            "pack": e.base.pack.id, "version": e.base.pack.version, "hash": e.base.hash},
    } for e in cat.entries.values()]
    errors = [{"plugin": x.plugin, "stage": x.stage, "message": x.detail("en")}
              for x in cat.errors]
    if as_json:
        emit({"packs": rows, "errors": errors})
        return
    lang = options(ctx).lang
    if not rows:
        echo(t("packs.none", lang))
    for e in cat.entries.values():
        p = e.pack
        title = p.title_en if lang == "en" else p.title_zh
        counts = (t("packs.items_checklist", lang, items=len(p.items())) if p.checklist else
                  t("packs.items_rules", lang, items=len(p.items()), rules=len(p.rules)))
        line = (f"{p.id:<24} {p.version:<10} {p.standard} {title} — {counts} "
                f"[{t('packs.plugin', lang)} {e.plugin}]")
        if e.base is not None:
            line += " — " + t("overlay.of", lang, base=e.base.pack.id,
                              version=e.base.pack.version)
        if p.superseded_by:
            line += " — " + t("packs.superseded", lang, successor=p.superseded_by.standard,
                              date=p.superseded_by.effective.isoformat())
        echo(line)
    if cat.errors:
        echo("\n" + t("packs.failed", lang) + ":")
        for x in cat.errors:
            echo("  " + x.render(lang))


@app.command("show", cls=Command)
def show(ctx: typer.Context, pack: Annotated[str, typer.Argument()],
         as_json: Json = False) -> None:
    """Items, rules, site categories, tags and exceptions of one pack."""
    entry = services.get_pack(services.default_catalogue(), pack)
    if as_json:
        emit({**entry.pack.model_dump(mode="json"), "plugin": entry.plugin, "hash": entry.hash})
        return
    _show_pack(entry.pack, entry.plugin, options(ctx).lang)


def _show_pack(p: Pack, plugin: str, lang: Lang) -> None:
    en = lang == "en"
    echo(f"{p.id} {p.version} — {p.standard} {p.title_en if en else p.title_zh}")
    echo(f"{t('packs.plugin', lang)}: {plugin}    {t('packs.effective', lang)}: "
         f"{p.effective.isoformat()}")
    if p.overlay is not None:
        echo(t("overlay.of_detail", lang, base=p.overlay.base, version=p.overlay.base_version,
               standard=p.overlay.standard, issuer=p.overlay.issuer))
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
        kind = t("out." + r.kind, lang)
        echo(f"  {r.id:<20} {kind:<9} {r.clause:<9} ≥{r.threshold} [{scope}] {count}")
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
            if i.local:
                mark += f" [{t('overlay.local_mark', lang)}]"
            text = (i.gloss_en if en else i.text_zh).splitlines()[0]
            echo(f"    {i.id:<22} {i.clause:<8} {text}{mark}")


@app.command("status", cls=Command)
def status(ctx: typer.Context, on: Annotated[str | None, typer.Option("--on")] = None,
           as_json: Json = False) -> None:
    """Every installed pack's standing on a date: in force, not yet or withdrawn; its
    standard, effective date, successor and its date, and whether the successor is
    installed."""
    import datetime as dt

    from core.services.packs import pack_status
    from tui.cli.plugins import installed_catalogue

    day = parse_date(on, "--on") or dt.date.today()
    rows = pack_status(installed_catalogue(ctx), day)
    if as_json:
        emit({"on": day.isoformat(), "packs": [r.as_json() for r in rows]})
        return
    lang = options(ctx).lang
    echo(t("standing.status_title", lang, on=day.isoformat()))
    if not rows:
        echo(t("packs.none", lang))
    sep = "：" if lang == "zh" else ": "
    none = t("standing.none", lang)
    for r in rows:
        title = r.title_en if lang == "en" else r.title_zh
        standing = t("standing.status_not_yet" if r.standing.value == "not_yet"
                     else f"standing.{r.standing.value}", lang)
        if r.withdrawn:
            standing += f" — {t('standing.withdrawn_mark', lang)}"
        installed = (t("standing.yes_packs", lang, packs=names(r.successor_packs, lang))
                     if r.successor_packs else t("standing.no", lang)) if r.successor else none
        echo("")
        echo(f"{r.pack} {r.version} — {r.standard} {title}")
        for key, value in (("standing.col.standing", standing),
                           ("standing.col.effective", r.effective.isoformat()),
                           ("standing.col.successor", r.successor or none),
                           ("standing.col.successor_effective",
                            r.successor_effective.isoformat() if r.successor_effective
                            else none),
                           ("standing.col.successor_installed", installed)):
            echo(f"  {t(key, lang)}{sep}{value}")


@app.command("check", cls=Command)
def check(
    ctx: typer.Context,
    targets: Annotated[list[str], typer.Argument()],
    strict: Annotated[bool, typer.Option("--strict")] = False,
    as_json: Json = False,
) -> None:
    """Validate packs before shipping: schema, ids, references, golden cases, coverage."""
    from core.plugins.validator import check as validate

    reports = [validate(target) for target in targets]
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
        lang = options(ctx).lang
        for r in reports:
            for e in r.packs:
                line = t("packs.check_ok", lang, file=e.path or e.source,
                         items=len(e.pack.items()), rules=len(e.pack.rules))
                if e.base is not None:
                    line += " — " + t("overlay.of", lang, base=e.base.pack.id,
                                      version=e.base.pack.version)
                echo(line)
            for issue in r.issues:
                # file:line: error|warning: message, as editors and CI read it
                echo(issue.render(lang), err=True)
            echo(t("packs.check_summary", lang, target=r.target, cases=r.cases,
                   errors=len(r.errors), warnings=len(r.warnings)))
    if not ok:
        raise typer.Exit(2)


@app.command("try", cls=Command)
def try_(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument()],
    tag: Annotated[list[str] | None, typer.Option("--tag")] = None,
    category: Annotated[list[str] | None, typer.Option("--category")] = None,
) -> None:
    """Walk a draft pack in the inspection runner, on a throwaway database (nothing is kept)."""
    import os
    import shutil
    import tempfile

    from core.services.trial import open_trial
    from tui.app import make_app

    lang = options(ctx).lang
    if not path.exists():
        raise AnjianError("evaluate.no_path", path=str(path))
    folder = Path(tempfile.mkdtemp(prefix="anjian-try-"))
    try:
        context, inspection = open_trial(path, tags=tag, categories=category or [], lang=lang,
                                         folder=folder)
        make_app(lang=lang, context=context, open_inspection=inspection).run(
            headless=bool(os.environ.get("ANJIAN_FIRST_FRAME_PROBE")))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
