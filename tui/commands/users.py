"""Commands for users and their roles."""

from __future__ import annotations

from typing import Annotated

import typer

from core.i18n import t
from tui.cli_base import JsonFlag, app, context, emit, state

users_app = typer.Typer(help="Users and roles: lead, inspector, enterprise, analyst.",
                        no_args_is_help=True)
app.add_typer(users_app, name="users")

Role = Annotated[str, typer.Option("--role", help="lead|inspector|enterprise|analyst")]
Enterprise = Annotated[str | None, typer.Option(
    "--enterprise", help="Credit code of the enterprise an enterprise user speaks for.")]


def _line(u: object) -> str:
    from core.views.users import UserView

    assert isinstance(u, UserView)
    role = t(f"role.{u.role}", state.lang)
    extra = f" {u.enterprise}" if u.enterprise else ""
    admin = f" [{t('role.admin', state.lang)}]" if u.admin else ""
    return f"{u.name}\t{u.role} ({role}){extra}{admin}"


@users_app.command("add")
def users_add(name: Annotated[str, typer.Argument(metavar="NAME")], role: Role,
              enterprise: Enterprise = None,
              admin: Annotated[bool, typer.Option("--admin", help="May manage users.")] = False,
              as_json: JsonFlag = False) -> None:
    """Register a user (the first user of a new database is its administrator)."""
    from core.services import users

    u = users.add_user(context(), name, role=role, enterprise=enterprise, admin=admin)
    emit(u.as_json()) if as_json else typer.echo(_line(u))


@users_app.command("grant")
def users_grant(
    name: Annotated[str, typer.Argument(metavar="NAME")],
    role: Annotated[str | None, typer.Option("--role", help="lead|inspector|enterprise|analyst")]
    = None,
    enterprise: Enterprise = None,
    admin: Annotated[bool | None, typer.Option("--admin/--no-admin",
                                               help="Make or unmake an administrator.")] = None,
    as_json: JsonFlag = False,
) -> None:
    """Change a user's role, enterprise or administrator standing."""
    from core.services import users

    u = users.grant(context(), name, role=role, enterprise=enterprise, admin=admin)
    emit(u.as_json()) if as_json else typer.echo(_line(u))


@users_app.command("list")
def users_list(as_json: JsonFlag = False) -> None:
    """Every user with their role."""
    from core.services import users

    rows = users.list_users(context())
    if as_json:
        emit([u.as_json() for u in rows])
        return
    for u in rows:
        typer.echo(_line(u))
