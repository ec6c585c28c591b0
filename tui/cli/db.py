"""``anjian db``: the database."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from core.i18n import t
from tui.cli.localise import Command, Group
from tui.cli.options import options
from tui.cli.output import echo

app = typer.Typer(cls=Group, no_args_is_help=True, rich_markup_mode=None)


def read_password_stdin() -> str:
    """The first line of standard input, without its line break (``--password-stdin``)."""
    return sys.stdin.readline().rstrip("\r\n")


@app.command("upgrade", cls=Command)
def upgrade(
    ctx: typer.Context,
    team: Annotated[bool, typer.Option("--team")] = False,
    prefix: Annotated[str, typer.Option("--prefix")] = "anjian",
    admin: Annotated[str | None, typer.Option("--admin")] = None,
    password_stdin: Annotated[bool, typer.Option("--password-stdin")] = False,
) -> None:
    """Create the database or bring its schema up to date (data is kept)."""
    from core.services.schema import open_database_files, upgrade_schema

    opts = options(ctx)
    new_password = read_password_stdin() if password_stdin else None
    done = opts.logged_in(lambda password: upgrade_schema(
        opts.db, team=prefix if team else None, admin=admin, admin_password=new_password,
        password=password))
    before, after = done.revisions
    for f in open_database_files(opts.db):
        echo(t("cli.out.db.open_file", opts.lang, path=f.path, mode=f.octal), err=True)
    if before == after:
        echo(t("cli.out.db.current", opts.lang, revision=after))
    elif before is None:
        echo(t("cli.out.db.created", opts.lang, revision=after))
    else:
        echo(t("cli.out.db.upgraded", opts.lang, before=before, after=after))
    if done.team is not None:
        echo(t("cli.out.db.team", opts.lang, prefix=done.team, baseline=done.baseline))
    if done.admin is not None:
        echo(t("cli.out.db.first_admin", opts.lang, user=done.admin))
        if done.password is not None:
            echo(t("cli.out.users.password", opts.lang, user=done.admin,
                   password=done.password))
