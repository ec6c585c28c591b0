"""Opening the database: where it is, engine settings, schema migrations, sessions.

SQLite in the user's data directory is the embedded default; ``--db URL`` or
``ANJIAN_DATABASE_URL`` selects another database (``postgresql+psycopg://…`` for a team).
A new SQLite file is created through the Alembic migrations and an older one upgraded in place
(never recreated) when it is opened: whoever owns the file owns the data. A PostgreSQL database
is shared: a client opening it never migrates it; it must be at the current schema, which
``anjian db upgrade`` (run by its owner or a DBA) brings it to. A database written by a newer
anjian is refused.
"""

from __future__ import annotations

import errno
import os
import re
import shutil
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import (
    ArgumentError,
    DBAPIError,
    InterfaceError,
    OperationalError,
    SQLAlchemyError,
)
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session as Session  # re-exported: services type their sessions with it

from core.i18n import AnjianError, Msg, os_reason
from core.store import file_modes, text_guard

MIGRATIONS = Path(__file__).with_name("migrations")

# SQLite's primary result codes (an extended code's low byte), from sqlite3.h.
_SQLITE_READONLY, _SQLITE_IOERR, _SQLITE_FULL, _SQLITE_CANTOPEN = 8, 10, 13, 14
# Free space below which an SQLite I/O error is taken for a full disk: opening alone needs
# 32 KiB for the -shm file, and SQLite reports that failure as an I/O error, not as full.
_ROOM = 1 << 20
# PostgreSQL's SQLSTATEs for a full disk and for a server that takes no writes (a standby,
# or default_transaction_read_only).
_PG_DISK_FULL, _PG_READ_ONLY = "53100", "25006"
_PG_RETRY = frozenset({"40P01", "40001"})


def data_dir() -> Path:
    """Where anjian keeps its files: ``ANJIAN_HOME``, else the platform's user data folder."""
    home = os.environ.get("ANJIAN_HOME")
    if home:
        return Path(home)
    from platformdirs import user_data_dir

    return Path(user_data_dir("anjian", appauthor=False))


def default_url(name: str = "anjian.db") -> str:
    return f"sqlite:///{data_dir() / name}"


def resolve_url(url: str | None = None) -> str:
    """The database URL: the one given, else ``ANJIAN_DATABASE_URL``, else the default file."""
    return url or os.environ.get("ANJIAN_DATABASE_URL") or default_url()


def _sqlite_settings(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _connect(dbapi_conn: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" below open transactions: a write as BEGIN IMMEDIATE, a read
        # session (:data:`READ`) as a deferred BEGIN.
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        # FULL: a confirmed answer survives a power cut too, not only a killed process.
        cur.execute("PRAGMA synchronous=FULL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=15000")
        cur.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Any) -> None:
        # A unit of work that may write takes the write lock up front (IMMEDIATE): two
        # processes never deadlock upgrading a read lock, a read-then-write (a version check,
        # the audit chain's head) sees no other write come between, and writes queue in the
        # order they began. A read session takes no lock: in WAL mode its first read fixes
        # the state it sees to its end, while writers go on committing beside it.
        read = conn.get_execution_options().get(READ, False)
        conn.exec_driver_sql("BEGIN" if read else "BEGIN IMMEDIATE")


#: The execution option of a read session's connections (:meth:`Store.session` with
#: ``read=True``): on SQLite its transaction begins deferred, not IMMEDIATE.
READ = "anjian_read"


#: The per-session time limits on PostgreSQL, each overridable by its environment variable:
#: how long a statement waits for a row or table another session holds (one stalled
#: transaction must not freeze every write in the bureau), how long one statement may run,
#: and how long a session may sit idle inside a transaction holding its locks.
PG_TIMEOUTS = (("lock_timeout", "ANJIAN_PG_LOCK_TIMEOUT", 10_000),
               ("statement_timeout", "ANJIAN_PG_STATEMENT_TIMEOUT", 120_000),
               ("idle_in_transaction_session_timeout", "ANJIAN_PG_IDLE_TIMEOUT", 60_000))
_UNITS_MS = {"ms": 1, "s": 1000, "min": 60_000, "h": 3_600_000, "d": 86_400_000}
_DURATION = re.compile(r"\s*(\d+(?:\.\d+)?)\s*(ms|s|min|h|d)?\s*")


def pg_timeouts() -> dict[str, int]:
    """The time limits a PostgreSQL session gets, in milliseconds by setting (0: none). A
    variable holds milliseconds (``500``) or a number with PostgreSQL's units (``10s``,
    ``2min``); anything else is refused naming it."""
    out: dict[str, int] = {}
    for setting, var, default in PG_TIMEOUTS:
        raw = os.environ.get(var, "").strip()
        if not raw:
            out[setting] = default
            continue
        found = _DURATION.fullmatch(raw)
        if found is None:
            raise AnjianError("db.bad_timeout", var=var, value=raw)
        out[setting] = round(float(found[1]) * _UNITS_MS[found[2] or "ms"])
    return out


def _pg_settings(engine: Engine, timeouts: dict[str, int]) -> None:
    # Set by a statement on each new connection, not by libpq's startup ``options``: those
    # would replace PGOPTIONS and a URL's own options, and a connection pooler may refuse them.
    names = list(timeouts)
    sql = "SELECT " + ", ".join(f"set_config('{n}', %s, false)" for n in names)
    values = tuple(str(timeouts[n]) for n in names)

    @event.listens_for(engine, "connect")
    def _connect(dbapi_conn: Any, _record: Any) -> None:
        with dbapi_conn.cursor() as cur:
            cur.execute(sql, values)
        dbapi_conn.commit()  # a session setting made in a transaction rolled back is undone


def make_engine(url: str, *, password: str | None = None) -> Engine:
    """An engine for ``url`` with anjian's settings. A new SQLite file is created readable by
    its owner only (``0600``), in a folder made ``0700`` when it is missing; a PostgreSQL
    session gets its time limits. ``password`` goes into the engine's URL in memory only:
    never printed, never in a URL anjian shows."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise AnjianError("db.bad_url", url=url) from None
    if parsed.get_backend_name() == "sqlite":
        path = sqlite_path(parsed)
        if path is not None and parsed.query.get("mode") != "ro":
            try:
                # owner-only: SQLite would create the file with the process umask, and gives
                # its -wal, -shm and -journal files the database file's mode
                file_modes.make_folder(path.parent)
                if parsed.query.get("mode", "rwc") == "rwc" and not path.exists():
                    file_modes.make_private_file(path)  # (mode=rw: SQLite creates nothing)
            except OSError as exc:
                raise _os_fault(exc, url) from None
        engine = create_engine(url, connect_args={"timeout": 15})
        _sqlite_settings(engine)
    elif parsed.get_backend_name() == "postgresql":
        timeouts = pg_timeouts()
        if password is not None:
            parsed = parsed.set(password=password)
        engine = create_engine(parsed, pool_pre_ping=True, connect_args={
            "connect_timeout": 10, "application_name": "anjian"})
        _pg_settings(engine, timeouts)
    else:
        raise AnjianError("db.bad_url", url=url)
    text_guard.install(engine)  # no control character is stored, whoever writes
    return engine


def _alembic_config(connection: Any) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    cfg = _alembic_config(None)
    head = ScriptDirectory.from_config(cfg).get_current_head()
    assert head is not None
    return head


def known_revisions() -> frozenset[str]:
    """Every schema revision this anjian has a migration for."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(_alembic_config(None))
    return frozenset(s.revision for s in script.walk_revisions())


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> tuple[str | None, str]:
    """Apply migrations up to ``revision``; returns (from, to) revisions."""
    from alembic import command

    url = engine.url.render_as_string(hide_password=False)
    before: str | None = None
    try:
        before = current_revision(engine)
        if before is not None and before not in known_revisions():
            raise AnjianError("db.newer", revision=before)
        prefix = team_prefix(engine)
        with engine.begin() as conn:
            # unguarded: a migration moves text as it was stored (0011 cleans it)
            conn.execution_options(**{text_guard.UNGUARDED: True})
            if conn.dialect.name == "postgresql":
                # a large database's migration may run longer than any one statement may in
                # daily use; the lock limit stays: an upgrade waits for no stalled client
                conn.exec_driver_sql("SET LOCAL statement_timeout = 0")
            if prefix is not None:
                # A team database's tables belong to its owner role, new ones too; row images
                # are written as each change is made, so a migration may alter a table it
                # has just changed rows of.
                from sqlalchemy import text

                conn.execute(text(f'SET LOCAL ROLE "{prefix}_owner"'))
                conn.execute(text("SET CONSTRAINTS ALL IMMEDIATE"))
            command.upgrade(_alembic_config(conn), revision)
        return before, current_revision(engine) or ""
    except DBAPIError as exc:
        fault = _fault(exc, url) or _unavailable(exc, url)
        if fault.key == "db.read_only" and before != head_revision():
            # Said apart: the file may be readable, but this anjian needs it upgraded first.
            fault = AnjianError("db.read_only_upgrade", path=_where(url),
                                revision=before or "-", head=head_revision())
        raise fault from None


def downgrade(engine: Engine, revision: str) -> None:
    """Undo migrations down to ``revision`` (a developer's tool: anjian never moves a
    database back by itself)."""
    from alembic import command

    with engine.begin() as conn:
        conn.execution_options(**{text_guard.UNGUARDED: True})
        command.downgrade(_alembic_config(conn), revision)


@dataclass
class Store:
    """An open database: the engine and a session factory. Build with :func:`open_store`."""

    url: str
    engine: Engine
    #: On a PostgreSQL database set up for team mode (``anjian db upgrade --team``), the
    #: prefix of its roles (``anjian`` → ``anjian_owner``, ``anjian_lead`` …); None otherwise
    #: (SQLite, or a PostgreSQL database without the set-up: roles there are advisory).
    team: str | None = None
    #: The engine a read session is bound to: the same pool, its connections marked
    #: :data:`READ` (made with the store).
    _reader: Engine | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if self._reader is None:
            self._reader = self.engine.execution_options(**{READ: True})

    @contextmanager
    def session(self, *, read: bool = False) -> Iterator[Session]:
        """A unit of work: committed when the block ends, rolled back on any error.

        ``read=True`` (or :meth:`reading`) asks for a read session: what lists, shows, counts
        and checks use. On SQLite it holds no write lock (a deferred transaction, in WAL mode
        a consistent view of the database from its first read to its end), so a long read
        never makes a writer wait, nor waits for one; a session that may write keeps
        ``BEGIN IMMEDIATE``. On PostgreSQL reads never block writes either way. A read
        session that ends holding changes of ORM rows is a programming error and is
        refused, nothing written."""
        bind = self._reader if read and self._reader is not None else self.engine
        session = Session(bind, expire_on_commit=False, info={"team": self.team, READ: read})
        committing = False
        try:
            yield session
            if read and (session.new or session.dirty or session.deleted):
                raise RuntimeError("a read session holds changes; write in store.session()")
            # Every change reaches the server before COMMIT: a failure up to here surely
            # saved nothing, while a connection lost during COMMIT leaves the outcome unknown.
            session.flush()
            committing = True
            session.commit()
        except StaleDataError:
            session.rollback()
            raise AnjianError("db.stale") from None
        except AnjianError:
            session.rollback()
            raise
        except DBAPIError as exc:
            session.rollback()
            fault = _fault(exc, self.url, committing=committing)
            if fault is None:
                raise
            raise fault from None
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def reading(self) -> AbstractContextManager[Session]:
        """A read session: :meth:`session` with ``read=True``."""
        return self.session(read=True)

    @contextmanager
    def snapshot(self) -> Iterator[Session]:
        """A read session that sees one consistent state of the database and writes nothing
        (REPEATABLE READ, read-only, on PostgreSQL; on SQLite a deferred transaction in WAL
        mode sees one state already), for a long check or export read while others go on
        writing."""
        with self.session(read=True) as s:
            s.connection(execution_options=_SNAPSHOT.get(self.engine.dialect.name, {}))
            yield s

    def close(self) -> None:
        self.engine.dispose()


#: Per dialect, how a snapshot reads without writing.
_SNAPSHOT: dict[str, dict[str, Any]] = {
    "postgresql": {"isolation_level": "REPEATABLE READ", "postgresql_readonly": True}}


def open_store(url: str | None = None, *, migrate: bool = True,
               password: str | None = None) -> Store:
    """Open the database at ``url``: an SQLite file is created or upgraded as needed (its
    file's owner owns the data); a PostgreSQL database must already be at the current schema,
    which only ``anjian db upgrade`` brings it to (a shared database is never migrated by a
    client opening it). ``password`` is used for this engine only, in memory: the URL kept
    (``Store.url``) has none. ``migrate=False`` opens whatever is there, unchecked."""
    resolved = resolve_url(url)
    engine = make_engine(resolved, password=password)
    try:
        if migrate:
            current = current_revision(engine)
            if current != head_revision():
                if current is None and inspect(engine).get_table_names():
                    tables = ", ".join(sorted(inspect(engine).get_table_names())[:5])
                    raise AnjianError("db.foreign", url=_safe(resolved), tables=tables)
                if engine.dialect.name == "sqlite":
                    upgrade(engine)
                else:
                    _refuse_older(current, resolved)
        team = team_prefix(engine)
    except DBAPIError as exc:
        engine.dispose()
        raise (_fault(exc, resolved) or _unavailable(exc, resolved)) from None
    except SQLAlchemyError as exc:
        engine.dispose()
        raise AnjianError("db.unavailable", url=_safe(resolved),
                          reason=Msg("db.reason.other", detail=str(exc))) from None
    except BaseException:
        engine.dispose()
        raise
    return Store(resolved, engine, team)


def _refuse_older(current: str | None, url: str) -> None:
    """A PostgreSQL database without anjian's schema, or at an older revision: refused, with
    who must upgrade it (a newer one is refused as such)."""
    if current is not None and current not in known_revisions():
        raise AnjianError("db.newer", revision=current)
    raise AnjianError("db.needs_upgrade", url=_safe(url), head=head_revision(),
                      revision=current if current is not None else Msg("db.no_schema"))


def team_prefix(engine: Engine) -> str | None:
    """The team set-up's role prefix of a PostgreSQL database (None: no set-up, or SQLite)."""
    if engine.dialect.name != "postgresql":
        return None
    from sqlalchemy import text

    try:
        with engine.connect() as conn:
            if conn.execute(text("SELECT to_regclass('anjian_meta')")).scalar() is None:
                return None
            value = conn.execute(text("SELECT value FROM anjian_meta WHERE key = 'team_prefix'")
                                 ).scalar()
    except DBAPIError as exc:
        raise (_fault(exc, engine.url.render_as_string(hide_password=False))
               or _unavailable(exc, str(engine.url))) from None
    return str(value) if value else None


#: The files SQLite keeps beside a database file: the write-ahead log and its index, and the
#: rollback journal.
JOURNALS = ("-wal", "-shm", "-journal")


def database_files(url: str) -> tuple[Path, tuple[Path, ...]] | None:
    """The file of an SQLite database and its journals (whether they exist now or not);
    None for a database that is not a file (PostgreSQL, in memory) or a URL that is not one."""
    try:
        path = sqlite_path(url)
    except ArgumentError:
        return None
    if path is None:
        return None
    path = path.absolute()
    return path, tuple(path.with_name(path.name + j) for j in JOURNALS)


def sqlite_path(url: str | URL) -> Path | None:
    """The file an SQLite URL names, plain or in the ``file:`` URI form; None for an
    in-memory database or another kind of database."""
    parsed = make_url(url) if isinstance(url, str) else url
    database = parsed.database
    if parsed.get_backend_name() != "sqlite" or not database or database == ":memory:":
        return None
    if parsed.query.get("uri") == "true" and database.startswith("file:"):
        if parsed.query.get("mode") == "memory":
            return None
        database = unquote(urlsplit(database).path)
    return Path(database).expanduser()


def _fault(exc: DBAPIError, url: str, *, committing: bool = False) -> AnjianError | None:
    """What to tell the user when the database fails under them: the disk is full, the
    database takes no writes, the connection is lost (its outcome unknown if lost during
    COMMIT). None for an error of the program itself (a constraint, bad SQL): that one stays
    as it is, with its traceback, to be fixed."""
    orig = exc.orig
    code = getattr(orig, "sqlite_errorcode", None)
    state = getattr(orig, "sqlstate", None)
    if isinstance(code, int):
        primary = code & 0xFF
        path = sqlite_path(url)
        if primary == _SQLITE_FULL or (primary == _SQLITE_IOERR and path is not None
                                       and _free_space(path.parent) < _ROOM):
            return AnjianError("db.full", path=_where(url))
        if primary == _SQLITE_READONLY:
            return AnjianError("db.read_only", path=_where(url))
        if (primary == _SQLITE_CANTOPEN and path is not None and path.parent.is_dir()
                and not os.access(path.parent, os.W_OK)):
            # A WAL database needs its folder writable even to be read (the -shm file).
            return AnjianError("db.read_only", path=_where(url))
    elif state == _PG_DISK_FULL:
        return AnjianError("db.full", path=_where(url))
    elif state == _PG_READ_ONLY:
        return AnjianError("db.read_only", path=_where(url))
    elif state in _PG_RETRY:
        # two writers crossed (a deadlock the server broke, or a serialisation failure):
        # this change was rolled back whole, like a stale write
        return AnjianError("db.stale")
    elif (timeout := _timeout(exc, state)) is not None:
        return timeout
    elif (login := _login(exc, state, url)) is not None:
        return login
    if committing and exc.connection_invalidated and not isinstance(code, int):
        # A server may or may not have committed; SQLite rolls back a COMMIT that fails.
        return AnjianError("db.in_doubt", url=_safe(url), reason=_reason(exc))
    if exc.connection_invalidated or isinstance(exc, OperationalError | InterfaceError):
        return _unavailable(exc, url)
    return None


def _timeout(exc: DBAPIError, state: str | None) -> AnjianError | None:
    """One of the session's time limits ran out: the server cancelled the statement (or ended
    the session) and rolled its transaction back, so nothing of it was saved."""
    limits = pg_timeouts() if state in ("55P03", "57014", "25P03") else {}
    words = " ".join(str(exc.orig).split())
    if state == "55P03":
        return AnjianError("db.lock_timeout", seconds=_seconds(limits["lock_timeout"]))
    if state == "57014":
        if "statement timeout" in words:
            return AnjianError("db.statement_timeout",
                               seconds=_seconds(limits["statement_timeout"]))
        return AnjianError("db.canceled")
    if state == "25P03" or "idle-in-transaction timeout" in words:
        limits = limits or pg_timeouts()
        return AnjianError("db.idle_timeout", seconds=_seconds(
            limits["idle_in_transaction_session_timeout"]))
    return None


def _seconds(ms: int) -> str:
    return f"{ms / 1000:g}"


def _login(exc: DBAPIError, state: str | None, url: str) -> AnjianError | None:
    """The server wants a password and none was given (libpq found none in the URL,
    ``PGPASSWORD`` or ``~/.pgpass``), or the one given is wrong: said apart, so a front end
    can ask for it."""
    words = " ".join(str(exc.orig).split())
    # libpq's own account of the failed connection, in any language the server speaks
    # (a connection refused at login carries no SQLSTATE)
    pgconn = getattr(exc.orig, "pgconn", None)
    if getattr(pgconn, "needs_password", False) or "no password supplied" in words:
        return AnjianError("db.needs_password", url=_safe(url), user=_login_name(url))
    if state == "28P01" or "password authentication failed" in words:
        return AnjianError("db.login_failed", url=_safe(url), user=_login_name(url))
    return None


def _login_name(url: str) -> str:
    """The role a PostgreSQL URL logs in as: its user, else libpq's (``PGUSER``, else the
    login name)."""
    try:
        name = make_url(url).username
    except ArgumentError:
        name = None
    if name:
        return name
    if os.environ.get("PGUSER"):
        return os.environ["PGUSER"]
    import getpass

    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return "?"


def _free_space(folder: Path) -> int:
    try:
        return shutil.disk_usage(folder).free
    except OSError:
        return _ROOM  # unknown: not taken for full


def _unavailable(exc: DBAPIError, url: str) -> AnjianError:
    return AnjianError("db.unavailable", url=_safe(url), reason=_reason(exc))


#: What a failure to reach or use the database means, by SQLite's primary result code, by
#: PostgreSQL's SQLSTATE, and by the driver's words for a server it cannot reach.
_SQLITE_REASONS = {5: "db.reason.busy", 6: "db.reason.busy", 11: "db.reason.corrupt",
                   14: "db.reason.cant_open", 26: "db.reason.not_db"}
_PG_REASONS = {"57P01": "db.reason.shutdown", "57P02": "db.reason.shutdown",
               "57P03": "db.reason.starting", "28P01": "db.reason.login",
               "28000": "db.reason.login", "3D000": "db.reason.no_database",
               "42501": "db.reason.no_access",
               "53300": "db.reason.too_many"}
_DRIVER_REASONS = (("Connection refused", "db.reason.refused"),
                   ("could not translate host name", "db.reason.host"),
                   ("Name or service not known", "db.reason.host"),
                   ("nodename nor servname", "db.reason.host"),
                   ("timeout expired", "db.reason.timeout"),
                   # a login without CONNECT on the database: no user of it, or disabled
                   ("permission denied for database", "db.reason.no_access"))


def _reason(exc: DBAPIError) -> Msg:
    """The driver's message on one line (a server error's primary message, without the
    context lines that follow it), with what it means when that is known."""
    diag = getattr(exc.orig, "diag", None)
    primary = getattr(diag, "message_primary", None)
    detail = " ".join(str(primary or exc.orig).split())
    code = getattr(exc.orig, "sqlite_errorcode", None)
    key = _SQLITE_REASONS.get(code & 0xFF) if isinstance(code, int) else \
        _PG_REASONS.get(str(getattr(exc.orig, "sqlstate", None)))
    if key is None:
        key = next((k for words, k in _DRIVER_REASONS if words in detail), "db.reason.other")
    return Msg(key, detail=detail)


def _os_fault(exc: OSError, url: str) -> AnjianError:
    """The SQLite file's folder could not be made."""
    if exc.errno == errno.ENOSPC:
        return AnjianError("db.full", path=_where(url))
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return AnjianError("db.read_only", path=_where(url))
    return AnjianError("db.unavailable", url=_safe(url), reason=os_reason(exc))


def _where(url: str) -> str:
    """The SQLite file, or the URL without its password, for messages."""
    try:
        path = sqlite_path(url)
    except ArgumentError:
        return url
    return str(path) if path is not None else _safe(url)


def _safe(url: str) -> str:
    """The URL without its password, for messages (a login's name as typed, not
    percent-encoded: 刘洋, not %E5%88%98%E6%B4%8B)."""
    try:
        return unquote(make_url(url).render_as_string(hide_password=True))
    except ArgumentError:
        return url
