"""Users and roles: register them, change their role, and check an action before it is done.

Every service that reads or changes stored records calls :func:`authorize` inside its own
transaction, so the command line and the TUI obey the same rules and a refusal changes nothing.
The first user of a new, empty database is its administrator: whoever first changes anything
in it. A database with records but no users names its first administrator explicitly.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from core.i18n import AnjianError, Msg
from core.process import credit_code as credit
from core.process.permissions import (
    READS,
    ROLES,
    Action,
    Actor,
    Role,
    Scope,
    refusal,
    role_may,
)
from core.services.context import Context
from core.store import queries as q
from core.store import team as team_db
from core.store import writes
from core.store.db import Session
from core.store.tables import Enterprise, User, utcnow
from core.views.users import UserView


def check_name(name: str) -> str:
    """A user name as stored: 1–64 printable characters without surrounding spaces."""
    if (not name or len(name) > 64 or name != name.strip()
            or any(unicodedata.category(c).startswith("C") for c in name)):
        raise AnjianError("user.bad_name", user=name)
    return name


def _role(role: str) -> Role:
    try:
        return Role(role)
    except ValueError:
        raise AnjianError("user.bad_role", role=role, roles=", ".join(ROLES)) from None


def _actor(u: User) -> Actor:
    return Actor(u.name, Role(u.role), u.enterprise_uscc, u.admin)


def _bootstrap(ctx: Context, s: Session) -> Actor | None:
    """Make the acting user the administrator of an empty database: no users and no records
    yet. A database with records but no users (kept from before users existed, or stripped of
    them) is never taken by whoever writes first: the change is refused, naming the one act
    allowed there, ``anjian users add NAME --role lead --admin`` (:func:`_names_first_admin`)."""
    q.lock_audit(s)  # two first users at once: the second waits here, then finds the first
    if q.user_count(s):
        u = q.user(s, ctx.actor)  # the same person, from a second process
        return _actor(u) if u is not None else None
    if q.has_records(s):
        raise AnjianError("user.records_without_users")
    name = check_name(ctx.actor)
    writes.add_user(s, {"name": name, "role": Role.lead.value, "admin": True,
                        "created_by": name})
    q.append_audit(s, name, "users.bootstrap", "user", name,
                   after={"role": Role.lead.value, "admin": True})
    return Actor(name, Role.lead, None, True)


def _names_first_admin(ctx: Context, s: Session, role: Role, admin: bool) -> bool:
    """Whether adding a lead administrator is the first act on a database with records but no
    users (on SQLite, or PostgreSQL without the team set-up): there nobody can authorise it,
    and whoever may write the database names its first administrator this way, audited."""
    if role is not Role.lead or not admin or ctx.store.team is not None:
        return False
    q.lock_audit(s)  # as the bootstrap: two at once, the second then finds the first
    return q.user_count(s) == 0 and q.has_records(s)


def authorize(ctx: Context, s: Session, action: Action,
              scope: Scope | None = None, *, bootstrap: bool = True) -> Actor | None:
    """The acting user if they may do ``action`` on ``scope``; otherwise a refusal naming the
    role it needs. None only for a database that has no users yet, when reading or when
    ``bootstrap`` is off (an early check before the transaction that will make the change)."""
    u = q.user(s, ctx.actor)
    if u is not None and u.disabled_at is not None:
        raise AnjianError("user.disabled", user=u.name, by=u.disabled_by or "-",
                          reason=u.disabled_reason or "-")
    if u is None:
        if q.user_count(s) == 0 and ctx.store.team is None:
            if action in READS or not bootstrap:
                return None
            actor = _bootstrap(ctx, s)
            if actor is not None:
                return actor
        raise AnjianError("user.unknown", user=ctx.actor)
    actor = _actor(u)
    why = refusal(actor, action, scope or Scope())
    if why is not None:
        role = "admin" if actor.admin else actor.role.value
        _record_refusal(ctx, action, why.key)
        raise AnjianError(why.key, user=actor.name, role=Msg(f"role.{role}"),
                          action=Msg(f"action.{action.value}"), **why.params)
    return actor


def _record_refusal(ctx: Context, action: Action, why: str) -> None:
    """In team mode, a refused action is recorded in the audit log (in its own transaction:
    the refused one is rolled back), with the login the database saw."""
    if ctx.store.team is None:
        return
    with ctx.store.session() as s:
        q.append_audit(s, ctx.actor, "access.refused", "action", action.value,
                       after={"refusal": why})


def campaign_scope(s: Session, campaign_id: int | None, *, enterprise: str | None = None,
                   kind: str | None = None) -> Scope:
    team = q.team_roles(s, campaign_id) if campaign_id is not None else {}
    return Scope(campaign_id, team, enterprise, kind)


def reader(ctx: Context, s: Session, enterprise: str | None = None) -> str | None:
    """Check a read and return the enterprise an enterprise user is limited to (None: all)."""
    actor = authorize(ctx, s, Action.read, Scope(enterprise=enterprise))
    if actor is not None and actor.role is Role.enterprise and not actor.admin:
        return actor.enterprise
    return None


def _view(u: User) -> UserView:
    return UserView(name=u.name, role=u.role, enterprise=u.enterprise_uscc, admin=u.admin,
                    created_by=u.created_by, disabled=u.disabled_at is not None,
                    disabled_by=u.disabled_by, disabled_reason=u.disabled_reason)


@dataclass(frozen=True)
class NewUser:
    """A user just registered; in team mode also their login's password when it was made
    here (shown once, never stored in clear) and whether the login is new."""

    user: UserView
    password: str | None = None
    login_created: bool = False


def _login_name(name: str) -> str:
    """A user's PostgreSQL login is their name: at most 63 bytes (the server's limit)."""
    if len(name.encode("utf-8")) > 63:
        raise AnjianError("team.long_name", user=name, size=len(name.encode("utf-8")))
    return name


def _binding(s: Session, role: Role, enterprise: str | None) -> str | None:

    if role is Role.enterprise:
        if not enterprise:
            raise AnjianError("user.needs_enterprise")
        code = credit.validate(enterprise)
        q.get(s, Enterprise, code, "enterprise")
        return code
    if enterprise:
        raise AnjianError("user.no_enterprise", role=role.value)
    return None


def add_user(ctx: Context, name: str, *, role: str, enterprise: str | None = None,
             admin: bool = False) -> UserView:
    """Register a user with a role (an enterprise user bound to one enterprise)."""
    return register(ctx, name, role=role, enterprise=enterprise, admin=admin).user


def register(ctx: Context, name: str, *, role: str, enterprise: str | None = None,
             admin: bool = False, password: str | None = None) -> NewUser:
    """Register a user with a role (an enterprise user bound to one enterprise). In team mode
    this also makes their PostgreSQL login (with ``password``, else one made here and
    returned once) and puts it in the group of their role; the database refuses it to anyone
    but an administrator."""
    name, r = check_name(name), _role(role)
    made_password: str | None = None
    with ctx.store.session() as s:
        if not _names_first_admin(ctx, s, r, admin):
            authorize(ctx, s, Action.manage_users)
        q.lock_audit(s)  # user changes one at a time: no duplicate name, never no admin
        if q.user(s, name) is not None:
            raise AnjianError("user.exists", user=name)
        code = _binding(s, r, enterprise)
        created = False
        if ctx.store.team is not None:
            created, made_password = add_login(s, ctx.store.team, name, r, code, admin,
                                               password)
            u = q.get(s, User, name, "user")
        else:
            u = writes.add_user(s, {"name": name, "role": r.value, "enterprise_uscc": code,
                                    "admin": admin, "created_by": ctx.actor})
        q.append_audit(s, ctx.actor, "users.add", "user", name,
                       after={"role": r.value, "enterprise": code, "admin": admin})
        view = _view(u)
    return NewUser(view, made_password, created)


def add_login(s: Session, prefix: str, name: str, role: Role, enterprise: str | None,
              admin: bool, password: str | None) -> tuple[bool, str | None]:
    """Add a user in team mode through the database's own function: their login (made when
    the server has none of that name, with ``password``, else one made here) in the group of
    their role. Returns (login made, the password made here to show once, or None)."""
    login = _login_name(name)
    made_password = None
    if password is None and not q.login_exists(s, login):
        password = made_password = team_db.new_password()
    verifier = team_db.scram_verifier(password) if password is not None else None
    created = q.team_add_user(s, prefix, login, role.value, enterprise, admin, verifier)
    return created, made_password if created else None


def disable(ctx: Context, name: str, *, reason: str) -> UserView:
    """Disable a user: their history stays, they may no longer act (in team mode their login
    leaves this database's groups, so it can no longer connect, and their sessions end)."""
    from core.pack.free_text import check as check_text
    from core.pack.free_text import record_of

    reason = reason.strip()
    check_text(record_of("user", name), reason=reason)
    if not reason:
        raise AnjianError("user.disable_needs_reason", user=name)
    with ctx.store.session() as s:
        authorize(ctx, s, Action.manage_users)
        q.lock_audit(s)
        u = q.get(s, User, name, "user")
        if u.disabled_at is not None:
            raise AnjianError("user.already_disabled", user=name)
        if name == ctx.actor:
            raise AnjianError("user.disable_self", user=name)
        if u.admin and q.user_count(s, admins=True) == 1:
            raise AnjianError("user.last_admin", user=name)
        if ctx.store.team is not None:
            q.team_disable_user(s, ctx.store.team, name, reason)
            q.reload(s, u)
        else:
            writes.update_user(s, u, {"disabled_at": utcnow(), "disabled_by": ctx.actor,
                                      "disabled_reason": reason})
        q.append_audit(s, ctx.actor, "users.disable", "user", name, after={"reason": reason})
        return _view(u)


def grant(ctx: Context, name: str, *, role: str | None = None, enterprise: str | None = None,
          admin: bool | None = None) -> UserView:
    """Change a user's role (and binding) or administrator standing."""
    with ctx.store.session() as s:
        authorize(ctx, s, Action.manage_users)
        q.lock_audit(s)
        u = q.get(s, User, name, "user")
        before = {"role": u.role, "enterprise": u.enterprise_uscc, "admin": u.admin}
        r = _role(role) if role is not None else Role(u.role)
        changes: dict[str, object] = {}
        if role is not None or enterprise is not None:
            changes["role"], changes["enterprise_uscc"] = r.value, _binding(
                s, r, enterprise if enterprise is not None else
                (u.enterprise_uscc if r is Role.enterprise else None))
        if admin is not None:
            if u.admin and not admin and q.user_count(s, admins=True) == 1:
                raise AnjianError("user.last_admin", user=name)
            changes["admin"] = admin
        if ctx.store.team is not None:
            q.team_grant_user(s, ctx.store.team, name, str(changes.get("role", u.role)),
                              changes.get("enterprise_uscc", u.enterprise_uscc),  # type: ignore[arg-type]
                              bool(changes.get("admin", u.admin)))
            q.reload(s, u)
        else:
            writes.update_user(s, u, changes)
        q.append_audit(s, ctx.actor, "users.grant", "user", name, before=before,
                       after={"role": u.role, "enterprise": u.enterprise_uscc,
                              "admin": u.admin})
        return _view(u)


def whoami(ctx: Context) -> UserView | None:
    """The acting user's own record (None: not registered, or no users yet)."""
    with ctx.store.reading() as s:
        u = q.user(s, ctx.actor)
        return _view(u) if u is not None else None


def list_users(ctx: Context) -> list[UserView]:
    with ctx.store.reading() as s:
        authorize(ctx, s, Action.read_all)
        return [_view(u) for u in q.users(s)]


def may(ctx: Context, action: Action | str, *, campaign: int | None = None,
        enterprise: str | None = None, kind: str | None = None) -> AnjianError | None:
    """Why the acting user may not do ``action`` on that campaign, enterprise or kind of
    inspection (None: they may). Asked by a front end before it offers a form, so nobody
    fills one in to be refused; nothing is recorded (the action itself, when taken, is
    checked again and its refusal recorded)."""
    act = Action(action)
    with ctx.store.reading() as s:
        u = q.user(s, ctx.actor)
        if u is None:
            if q.user_count(s) == 0 and ctx.store.team is None:
                return None  # the first user of a new database is made by their first act
            return AnjianError("user.unknown", user=ctx.actor)
        if u.disabled_at is not None:
            return AnjianError("user.disabled", user=u.name, by=u.disabled_by or "-",
                               reason=u.disabled_reason or "-")
        actor = _actor(u)
        why = refusal(actor, act, campaign_scope(s, campaign, enterprise=enterprise, kind=kind))
        if why is None:
            return None
        role = "admin" if actor.admin else actor.role.value
        return AnjianError(why.key, user=actor.name, role=Msg(f"role.{role}"),
                           action=Msg(f"action.{act.value}"), **why.params)


def offered(ctx: Context) -> frozenset[str]:
    """The actions the acting user's role lets them take somewhere (every action on a
    database with no users yet): what a front end offers them at all."""
    with ctx.store.reading() as s:
        u = q.user(s, ctx.actor)
        # one's own risk register is there only for a user bound to an enterprise
        if u is None:
            if q.user_count(s) == 0 and ctx.store.team is None:
                return frozenset(a.value for a in Action if a is not Action.own_risk)
            return frozenset(a.value for a in READS)
        if u.disabled_at is not None:
            return frozenset()
        actor = _actor(u)
        return frozenset(a.value for a in Action if role_may(actor, a)
                         and (a is not Action.own_risk or u.enterprise_uscc is not None))
