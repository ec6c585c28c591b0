"""``anjian plugins``: list the installed sector plugins, scaffold a new one."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from core.i18n import t
from tui.cli.localise import Command, Group
from tui.cli.options import Json, options
from tui.cli.output import echo, emit

app = typer.Typer(cls=Group, no_args_is_help=True, rich_markup_mode=None)


@app.command("new", cls=Command)
def new(
    ctx: typer.Context,
    plugin: Annotated[str, typer.Argument()],
    into: Annotated[Path, typer.Option("--dir")] = Path(),
) -> None:
    """Scaffold the plugin package anjian-NAME."""
    from core.services import default_catalogue
    from core.services.scaffold import new_plugin

    folder = new_plugin(plugin, into, default_catalogue())
    echo(t("cli.out.plugins.created", options(ctx).lang, folder=folder, name=plugin))


@app.command("list", cls=Command)
def list_(ctx: typer.Context, as_json: Json = False) -> None:
    """Installed plugins: name, distribution and version, hooks, packs, load errors."""
    from core.plugins.catalogue import skipped
    from core.services import default_catalogue

    cat = default_catalogue()
    errors: dict[str, list[Any]] = {}
    for e in cat.errors:
        errors.setdefault(e.plugin, []).append(e)
    rows: list[dict[str, Any]] = [
        {"name": p.name, "module": p.module, "distribution": p.distribution,
         "version": p.version, "hooks": list(p.hooks), "packs": list(p.packs),
         "errors": errors.pop(p.name, []), "loaded": True} for p in cat.plugins]
    rows += [{"name": name, "module": "", "distribution": "", "version": "", "hooks": [],
              "packs": [], "errors": errs, "loaded": False} for name, errs in errors.items()]
    left_out = [{"name": name, "skipped_by": why} for name, why in skipped()]
    if as_json:
        emit({"plugins": [{**r, "errors": [e.brief("en") for e in r["errors"]]}
                          for r in sorted(rows, key=lambda r: str(r["name"]))],
              "skipped": left_out})
        return
    lang = options(ctx).lang
    if not rows and not left_out:
        echo(t("plugins.none", lang))
    for r in sorted(rows, key=lambda r: str(r["name"])):
        dist = f"{r['distribution']} {r['version']}".strip()
        echo(f"{r['name']:<18} {dist:<22} {', '.join(r['packs']) or '-'}")
        if r["hooks"]:
            echo(f"    {t('plugins.hooks', lang)}: {', '.join(r['hooks'])}")
        for e in r["errors"]:
            echo(f"    {t('plugins.errors', lang)}: {e.brief(lang)}")
    for s in left_out:
        echo(f"{s['name']:<18} {t('plugins.skipped', lang, why=s['skipped_by'])}")
