"""Opening the database: where it is, engine settings, schema migrations, sessions.

SQLite in the user's data directory is the embedded default; ``--db URL`` or
``ANJIAN_DATABASE_URL`` selects another database (``postgresql+psycopg://…`` for a team).
A new database is created through the Alembic migrations, an older one is upgraded in place
(never recreated), and one written by a newer anjian is refused.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, OperationalError, SQLAlchemyError
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session

from core.i18n import AnjianError

MIGRATIONS = Path(__file__).with_name("migrations")


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
        # Let SQLAlchemy's "begin" below open transactions, as BEGIN IMMEDIATE: a writer takes
        # the write lock up front, so two processes never deadlock upgrading a read lock.
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
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def make_engine(url: str) -> Engine:
    """An engine for ``url`` with anjian's settings (the SQLite file's folder is created)."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise AnjianError("db.bad_url", url=url) from None
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).expanduser().parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": 15})
        _sqlite_settings(engine)
        return engine
    if parsed.get_backend_name() == "postgresql":
        return create_engine(url, pool_pre_ping=True,
                             connect_args={"connect_timeout": 10, "application_name": "anjian"})
    raise AnjianError("db.bad_url", url=url)


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


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, revision: str = "head") -> tuple[str | None, str]:
    """Apply migrations up to ``revision``; returns (from, to) revisions."""
    from alembic import command
    from alembic.script import ScriptDirectory

    before = current_revision(engine)
    script = ScriptDirectory.from_config(_alembic_config(None))
    known = {s.revision for s in script.walk_revisions()}
    if before is not None and before not in known:
        raise AnjianError("db.newer", revision=before)
    with engine.begin() as conn:
        command.upgrade(_alembic_config(conn), revision)
    return before, current_revision(engine) or ""


@dataclass
class Store:
    """An open database: the engine and a session factory. Build with :func:`open_store`."""

    url: str
    engine: Engine

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: committed when the block ends, rolled back on any error."""
        session = Session(self.engine, expire_on_commit=False)
        try:
            yield session
            session.commit()
        except StaleDataError:
            session.rollback()
            raise AnjianError("db.stale") from None
        except AnjianError:
            session.rollback()
            raise
        except OperationalError as exc:
            session.rollback()
            raise AnjianError("db.unavailable", url=_safe(self.url),
                              reason=str(exc.orig).strip()) from None
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def close(self) -> None:
        self.engine.dispose()


def open_store(url: str | None = None, *, migrate: bool = True) -> Store:
    """Open (creating or upgrading as needed) the database at ``url``."""
    resolved = resolve_url(url)
    engine = make_engine(resolved)
    try:
        if migrate:
            current = current_revision(engine)
            if current != head_revision():
                if current is None and inspect(engine).get_table_names():
                    tables = ", ".join(sorted(inspect(engine).get_table_names())[:5])
                    raise AnjianError("db.foreign", url=_safe(resolved), tables=tables)
                upgrade(engine)
    except (OperationalError, SQLAlchemyError) as exc:
        engine.dispose()
        if isinstance(exc, OperationalError):
            raise AnjianError("db.unavailable", url=_safe(resolved),
                              reason=str(exc.orig).strip()) from None
        raise AnjianError("db.unavailable", url=_safe(resolved), reason=str(exc)) from None
    except Exception:
        engine.dispose()
        raise
    return Store(resolved, engine)


def _safe(url: str) -> str:
    """The URL without its password, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url
