"""``anjian plugins``: list the installed sector plugins, scaffold a new one, and on a team
database allow or disallow one."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from core.i18n import t
from tui.cli.localise import Command, Group
from tui.cli.options import Json, options
from tui.cli.output import block, echo, emit

if TYPE_CHECKING:
    from core.plugins.catalogue import Catalogue

app = typer.Typer(cls=Group, no_args_is_help=True, rich_markup_mode=None)


@app.command("new", cls=Command)
def new(
    ctx: typer.Context,
    plugin: Annotated[str, typer.Argument()],
    into: Annotated[Path, typer.Option("--dir")] = Path(),
    checklist: Annotated[bool, typer.Option("--checklist")] = False,
) -> None:
    """Scaffold the plugin package anjian-NAME."""
    from core.services import default_catalogue
    from core.services.scaffold import new_plugin

    folder = new_plugin(plugin, into, default_catalogue(), checklist=checklist)
    echo(t("cli.out.plugins.created", options(ctx).lang, folder=folder, name=plugin))


def installed_catalogue(ctx: typer.Context) -> Catalogue:
    """The catalogue a listing shows: on a PostgreSQL database (which may be in team mode,
    loading only what its allowlist allows) the one the database's commands use, the database
    opened; else every installed plugin's, no database opened or created."""
    from core.services import default_catalogue
    from core.services.plugins import may_be_team

    opts = options(ctx)
    return opts.context().catalogue if may_be_team(opts.db) else default_catalogue()


@app.command("list", cls=Command)
def list_(ctx: typer.Context, as_json: Json = False) -> None:
    """Installed plugins: name, distribution, version and code hash, hooks, packs, load
    errors; on a team database, its allowlist."""
    from core.plugins.catalogue import skipped
    from core.services.plugins import allowlist, may_be_team

    opts = options(ctx)
    cat = installed_catalogue(ctx)
    allowed = allowlist(opts.context()) if may_be_team(opts.db) else None
    errors: dict[str, list[Any]] = {}
    for e in cat.errors:
        errors.setdefault(e.plugin, []).append(e)
    loaded = {p.name: p for p in cat.plugins}
    rows: list[dict[str, Any]] = []
    for name in sorted({*loaded, *errors}):
        who, p = cat.identities.get(name), loaded.get(name)
        rows.append({
            "name": name,
            "module": p.module if p is not None else who.module if who is not None else "",
            "distribution": who.distribution if who is not None else "",
            "version": who.version if who is not None else "",
            "builtin": who is not None and who.builtin,
            "sha256": who.sha256 if who is not None else None,
            "hooks": list(p.hooks) if p is not None else [],
            "packs": list(p.packs) if p is not None else [],
            "errors": errors.get(name, []), "loaded": p is not None, "identity": who})
    left_out = [{"name": name, "skipped_by": why} for name, why in skipped()]
    if as_json:
        emit({"plugins": [{k: v for k, v in r.items() if k != "identity"}
                          | {"errors": [e.brief("en") for e in r["errors"]]} for r in rows],
              "skipped": left_out,
              "allowlist": None if allowed is None else [a.as_json() for a in allowed]})
        return
    lang = opts.lang
    if not rows and not left_out:
        echo(t("plugins.none", lang))
    for r in rows:
        dist = f"{r['distribution']} {r['version']}".strip()
        if r["builtin"]:
            dist += t("plugins.builtin", lang)
        echo(f"{r['name']:<18} {dist:<22} {', '.join(r['packs']) or '-'}")
        who = r["identity"]
        if who is not None and not who.builtin:
            sha256, why = who.hashed
            echo(f"    SHA-256: {sha256 or why.render(lang)}")
        if r["hooks"]:
            echo(f"    {t('plugins.hooks', lang)}: {', '.join(r['hooks'])}")
        for e in r["errors"]:
            echo(f"    {t('plugins.errors', lang)}: {e.brief(lang)}")
    for s in left_out:
        echo(f"{s['name']:<18} {t('plugins.skipped', lang, why=s['skipped_by'])}")
    if allowed is not None:
        echo("\n" + t("plugins.allowlist", lang) + ":")
        if not allowed:
            echo("  " + t("plugins.allowlist_empty", lang))
        for a in allowed:
            echo("  " + t("plugins.allowed_line", lang, name=a.name, sha256=a.sha256,
                          by=a.allowed_by, on=a.allowed_at.date().isoformat()))
            if a.note:
                echo("    " + block(a.note, "    "))


@app.command("allow", cls=Command)
def allow(
    ctx: typer.Context,
    plugin: Annotated[str, typer.Argument()],
    sha256: Annotated[str, typer.Option("--sha256")],
    note: Annotated[str, typer.Option("--note")] = "",
    as_json: Json = False,
) -> None:
    """Allow a third-party plugin on this team database, with the code hash `plugins list`
    shows (an administrator)."""
    from core.services import plugins

    opts = options(ctx)
    done = plugins.allow(opts.context(), plugin, sha256, note=note)
    if as_json:
        emit(done.as_json())
        return
    lang = opts.lang
    echo(t("cli.out.plugins.allowed", lang, name=done.entry.name, sha256=done.entry.sha256))
    if done.installed is None:
        echo(t("cli.out.plugins.not_here", lang, name=done.entry.name))
    elif done.installed != done.entry.sha256:
        echo(t("cli.out.plugins.differs_here", lang, name=done.entry.name,
               installed=done.installed))
    if not done.in_force:
        echo(t("cli.out.plugins.not_in_force", lang))


@app.command("disallow", cls=Command)
def disallow(
    ctx: typer.Context,
    plugin: Annotated[str, typer.Argument()],
    reason: Annotated[str, typer.Option("--reason")],
    as_json: Json = False,
) -> None:
    """Take a plugin off this team database's allowlist, with a reason (an administrator)."""
    from core.services import plugins

    opts = options(ctx)
    gone = plugins.disallow(opts.context(), plugin, reason=reason)
    if as_json:
        emit(gone.as_json())
        return
    echo(t("cli.out.plugins.disallowed", opts.lang, name=gone.name))
