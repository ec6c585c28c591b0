"""The database's schema: create it or bring it up to date (``anjian db upgrade``)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from core.i18n import AnjianError, os_reason
from core.store import file_modes
from core.store.db import (
    Store,
    data_dir,
    database_files,
    make_engine,
    resolve_url,
    team_prefix,
    upgrade,
)
from core.views.file_modes import OpenFile


def upgrade_database(url: str | None = None, *,
                     password: str | None = None) -> tuple[str | None, str]:
    """Apply every migration the database at ``url`` (else the default one) lacks; returns
    the schema revision before (None: a new database) and after. Data is kept. The one path
    that migrates a PostgreSQL database: run by its owner or a DBA, never by a client that
    merely opens it. On a team database the team set-up is brought up to date too (new
    tables get their owner, grants, policies and triggers)."""
    return upgrade_schema(url, password=password).revisions


@dataclass(frozen=True)
class Upgraded:
    """What ``anjian db upgrade`` did: the revisions before and after; on PostgreSQL with the
    team set-up its role prefix, how many existing rows were imaged into the audit log when it
    was first made, and the first administrator made now (with their password, shown once)."""

    revisions: tuple[str | None, str]
    team: str | None = None
    baseline: int = 0
    admin: str | None = None
    password: str | None = None


def upgrade_schema(url: str | None = None, *, team: str | None = None,
                   admin: str | None = None, admin_password: str | None = None,
                   password: str | None = None) -> Upgraded:
    """Upgrade the schema; with ``team`` (a role prefix, PostgreSQL only, by a superuser) make
    or refresh the team set-up, and with ``admin`` name the first administrator of a database
    that has no users yet (their login made with ``admin_password``, else one made here).
    ``password`` is the connecting login's own, asked by a front end."""
    from core.store import team as team_db

    resolved = resolve_url(url)
    engine = make_engine(resolved, password=password)
    try:
        if (team or admin) and engine.dialect.name != "postgresql":
            raise AnjianError("team.needs_postgresql")
        revisions = upgrade(engine)
        prefix = team or team_prefix(engine)
        if prefix is None:
            if admin:
                raise AnjianError("team.admin_needs_team")
            return Upgraded(revisions)
        made = team_db.setup(engine, prefix)
        if admin is None:
            return Upgraded(revisions, prefix, made.baseline)
        made_password = _first_admin(Store(resolved, engine, prefix), admin, admin_password)
        return Upgraded(revisions, prefix, made.baseline, admin, made_password)
    finally:
        engine.dispose()


def _first_admin(store: Store, name: str, password: str | None) -> str | None:
    """Make ``name`` the first administrator of a team database with no users; the password
    made here (None when given, or when the login existed already)."""
    from core.process.permissions import Role
    from core.services.users import add_login, check_name
    from core.store import queries as q

    assert store.team is not None
    name = check_name(name)
    with store.session() as s:
        q.lock_audit(s)
        if q.user_count(s):
            raise AnjianError("team.has_users")
        _, made = add_login(s, store.team, name, Role.lead, None, True, password)
        q.append_audit(s, q.session_user(s), "users.bootstrap", "user", name,
                       after={"role": "lead", "admin": True})
    return made


def open_database_files(url: str | None = None) -> tuple[OpenFile, ...]:
    """The SQLite database's file and journals that others may read (none for PostgreSQL):
    reported by ``anjian db upgrade``, never changed (a mode its owner chose stays)."""
    files = database_files(resolve_url(url))
    if files is None:
        return ()
    main, journals = files
    return tuple(OpenFile(path=p, mode=m) for p in (main, *journals)
                 if (m := file_modes.open_to_others(p)) is not None)


def exports_dir() -> Path:
    """Where the terminal UI writes its workbooks: ``exports/`` in anjian's data folder (made
    when missing; a folder that cannot be made is a refusal naming it)."""
    folder = data_dir() / "exports"
    try:
        file_modes.make_folder(data_dir())  # owner-only, as when the database makes it
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise AnjianError("io.write", file=folder, reason=os_reason(exc)) from None
    return folder
