"""``anjian users``: who may act on this database, and as what."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from core.i18n import Lang, t
from tui.cli.localise import Command, Group
from tui.cli.options import Json, options
from tui.cli.output import echo, emit

if TYPE_CHECKING:
    from core.views.users import UserView

app = typer.Typer(cls=Group, no_args_is_help=True, rich_markup_mode=None)

UserName = Annotated[str, typer.Argument()]
Enterprise = Annotated[str | None, typer.Option("--enterprise")]


def _line(u: UserView, lang: Lang) -> str:
    line = f"{u.name}\t{t(f'role.{u.role}', lang)}"
    if u.enterprise:
        line += " " + t("cli.out.users.of", lang, enterprise=u.enterprise)
    if u.admin:
        line += f" [{t('role.admin', lang)}]"
    if u.disabled:
        line += " " + t("cli.out.users.disabled_mark", lang, by=u.disabled_by,
                        reason=u.disabled_reason)
    return line


@app.command("add", cls=Command)
def add(ctx: typer.Context, user: UserName, role: Annotated[str, typer.Option("--role")],
        enterprise: Enterprise = None,
        admin: Annotated[bool, typer.Option("--admin")] = False,
        password_stdin: Annotated[bool, typer.Option("--password-stdin")] = False,
        as_json: Json = False) -> None:
    """Register a user (the first user of a new database is its administrator)."""
    from core.services import users
    from tui.cli.db import read_password_stdin

    opts = options(ctx)
    password = read_password_stdin() if password_stdin else None
    made = users.register(opts.context(), user, role=role, enterprise=enterprise, admin=admin,
                          password=password)
    u = made.user
    if as_json:
        emit({**u.as_json(), "login_created": made.login_created, "password": made.password})
        return
    echo(_line(u, opts.lang))
    if made.password is not None:
        echo(t("cli.out.users.password", opts.lang, user=u.name, password=made.password))
    elif opts.context().store.team is not None and not made.login_created:
        echo(t("cli.out.users.login_kept", opts.lang, user=u.name))


@app.command("disable", cls=Command)
def disable(ctx: typer.Context, user: UserName,
            reason: Annotated[str, typer.Option("--reason")],
            as_json: Json = False) -> None:
    """Disable a user: their history stays; they may no longer act or connect."""
    from core.services import users

    opts = options(ctx)
    u = users.disable(opts.context(), user, reason=reason)
    emit(u.as_json()) if as_json else echo(t("cli.out.users.disabled", opts.lang,
                                             user=u.name, reason=u.disabled_reason))


@app.command("grant", cls=Command)
def grant(
    ctx: typer.Context,
    user: UserName,
    role: Annotated[str | None, typer.Option("--role")] = None,
    enterprise: Enterprise = None,
    admin: Annotated[bool | None, typer.Option("--admin/--no-admin")] = None,
    as_json: Json = False,
) -> None:
    """Change a user's role, enterprise or administrator standing."""
    from core.services import users

    opts = options(ctx)
    u = users.grant(opts.context(), user, role=role, enterprise=enterprise, admin=admin)
    emit(u.as_json()) if as_json else echo(_line(u, opts.lang))


@app.command("list", cls=Command)
def list_(ctx: typer.Context, as_json: Json = False) -> None:
    """Every user with their role."""
    from core.services import users

    opts = options(ctx)
    rows = users.list_users(opts.context())
    if as_json:
        emit([u.as_json() for u in rows])
        return
    for u in rows:
        echo(_line(u, opts.lang))


@app.command("set-cert", cls=Command)
def set_cert(ctx: typer.Context, user: UserName,
             cert: Annotated[str, typer.Option("--cert")],
             until: Annotated[str, typer.Option("--until")],
             as_json: Json = False) -> None:
    """Record a user's enforcement certificate (执法证) and its last valid day: a lead or an
    administrator."""
    from core.services import bureau
    from tui.cli.bureau import cert_line
    from tui.cli.options import parse_date

    opts = options(ctx)
    day = parse_date(until, "--until")
    assert day is not None
    c = bureau.set_cert(opts.context(), user, cert_no=cert, until=day)
    emit(c.model_dump(mode="json")) if as_json else echo(cert_line(c, opts.lang))
