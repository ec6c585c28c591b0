"""Commands for plugin authors and for finding out what is installed: plugins new, list."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from core.i18n import t
from tui.cli_base import JsonFlag, app, emit, state

plugins_app = typer.Typer(help="Sector plugins: list the installed ones, scaffold a new one.",
                          no_args_is_help=True)
app.add_typer(plugins_app, name="plugins")


@plugins_app.command("new")
def plugins_new(
    name: Annotated[str, typer.Argument(help="Plugin name: lowercase, e.g. fireworks.")],
    into: Annotated[Path, typer.Option("--dir", help="Folder to create anjian-NAME in.")] = Path(),
) -> None:
    """Scaffold the plugin package anjian-NAME: pyproject, hook module, starter pack with every
    field commented, golden cases, contract tests, README."""
    from core.services import default_catalogue
    from core.services.scaffold import new_plugin

    folder = new_plugin(name, into, default_catalogue())
    typer.echo(t("scaffold.done", state.lang, folder=folder, name=name))


@plugins_app.command("list")
def plugins_list(as_json: JsonFlag = False) -> None:
    """Installed plugins: name, distribution and version, hooks, packs, load errors; and the
    ones ANJIAN_PLUGINS or ANJIAN_DISABLE_PLUGINS leave out."""
    from core.plugins.catalogue import skipped
    from core.services import default_catalogue

    cat = default_catalogue()
    errors: dict[str, list[str]] = {}
    for e in cat.errors:
        errors.setdefault(e.plugin, []).append(e.brief("en" if as_json else state.lang))
    rows: list[dict[str, Any]] = [
        {"name": p.name, "module": p.module, "distribution": p.distribution,
         "version": p.version, "hooks": list(p.hooks), "packs": list(p.packs),
         "errors": errors.pop(p.name, []), "loaded": True} for p in cat.plugins]
    rows += [{"name": name, "module": "", "distribution": "", "version": "", "hooks": [],
              "packs": [], "errors": errs, "loaded": False} for name, errs in errors.items()]
    left_out = [{"name": name, "skipped_by": why} for name, why in skipped()]
    if as_json:
        emit({"plugins": sorted(rows, key=lambda r: str(r["name"])), "skipped": left_out})
        return
    lang = state.lang
    if not rows and not left_out:
        typer.echo(t("plugins.none", lang))
    for r in sorted(rows, key=lambda r: str(r["name"])):
        dist = f"{r['distribution']} {r['version']}".strip()
        typer.echo(f"{r['name']:<18} {dist:<22} {', '.join(r['packs']) or '-'}")
        if r["hooks"]:
            typer.echo(f"    {t('plugins.hooks', lang)}: {', '.join(r['hooks'])}")
        for err in r["errors"]:
            typer.echo(f"    {t('plugins.errors', lang)}: {err}")
    for s in left_out:
        typer.echo(f"{s['name']:<18} {t('plugins.skipped', lang, why=s['skipped_by'])}")


