"""The ``anjian`` command tree: every group and command added here, in one place, then
given its help in the reader's language."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from core.i18n import Lang
from tui.cli import (
    audit,
    bureau,
    campaign,
    db,
    demo,
    documents,
    enterprises,
    evaluate,
    evidence,
    export,
    hazards,
    imports,
    inspect,
    packs,
    permits,
    plugins,
    risk,
    stats,
    users,
    waivers,
)
from tui.cli.localise import Command, Group, localise
from tui.cli.options import check_lang, options


def _root(
    ctx: typer.Context,
    lang: Annotated[str | None, typer.Option("--lang")] = None,
    db: Annotated[str | None, typer.Option("--db")] = None,
    user: Annotated[str | None, typer.Option("--user")] = None,
) -> None:
    from core.services.login import refuse_password_in

    opts = options(ctx)
    opts.lang, opts.db, opts.user = check_lang(lang), db, user
    refuse_password_in(db)
    if ctx.invoked_subcommand is None:
        from tui.launch import launch

        launch(db=db, lang=opts.lang, user=user)


def build(lang: Lang) -> Any:
    """The command tree, its help, usage and parse errors in ``lang``."""
    root = typer.Typer(cls=Group, invoke_without_command=True, add_completion=False,
                       pretty_exceptions_enable=False, rich_markup_mode=None)
    root.callback()(_root)
    for name, group in (("packs", packs.app), ("plugins", plugins.app),
                        ("enterprises", enterprises.app), ("campaign", campaign.app),
                        ("inspect", inspect.app), ("hazards", hazards.ledger_app),
                        ("hazard", hazards.app), ("evidence", evidence.app),
                        ("users", users.app), ("export", export.app),
                        ("import", imports.app), ("db", db.app), ("audit", audit.app),
                        ("bureau", bureau.app), ("documents", documents.app),
                        ("permits", permits.app), ("waivers", waivers.app),
                        ("risk", risk.app)):
        root.add_typer(group, name=name)
    for name, function in (("evaluate", evaluate.evaluate), ("stats", stats.stats),
                           ("demo", demo.demo)):
        root.command(name, cls=Command)(function)
    command = typer.main.get_command(root)
    localise(command, lang)
    return command
