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
    from core.services.schema import upgrade_database

    opts = options(ctx)
    before, after = opts.logged_in(lambda password: upgrade_database(opts.db,
                                                                     password=password))
    if before == after:
        echo(t("cli.out.db.current", opts.lang, revision=after))
    elif before is None:
        echo(t("cli.out.db.created", opts.lang, revision=after))
    else:
        echo(t("cli.out.db.upgraded", opts.lang, before=before, after=after))
