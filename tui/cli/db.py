"""``anjian db``: the database."""

from __future__ import annotations

import typer

from core.i18n import t
from tui.cli.localise import Command, Group
from tui.cli.options import options
from tui.cli.output import echo

app = typer.Typer(cls=Group, no_args_is_help=True, rich_markup_mode=None)


@app.command("upgrade", cls=Command)
def upgrade(ctx: typer.Context) -> None:
    """Create the database or bring its schema up to date (data is kept)."""
    from core.services.schema import open_database_files, upgrade_database

    opts = options(ctx)
    before, after = upgrade_database(opts.db)
    for f in open_database_files(opts.db):
        echo(t("cli.out.db.open_file", opts.lang, path=f.path, mode=f.octal), err=True)
    if before == after:
        echo(t("cli.out.db.current", opts.lang, revision=after))
    elif before is None:
        echo(t("cli.out.db.created", opts.lang, revision=after))
    else:
        echo(t("cli.out.db.upgraded", opts.lang, before=before, after=after))
