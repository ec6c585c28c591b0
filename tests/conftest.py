"""Shared fixtures: the installed catalogue, the fire pack, and the reference standards."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from core.pack.model import Pack
from core.plugins.catalogue import Catalogue, build_catalogue

from .db_state import upgrade_schema
from .password_server import Login, NoServer, PasswordServer, login, password_server

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = Path(os.environ.get("ANJIAN_REFERENCE",
                                ROOT.parent / "shared" / "reference" / "standards.json"))


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    return build_catalogue()


@pytest.fixture(scope="session")
def fire(catalogue: Catalogue) -> Pack:
    entry = catalogue.get("gb35181-2017")
    assert entry is not None, f"fire pack not installed; load errors: {catalogue.errors}"
    return entry.pack


@pytest.fixture(scope="session")
def reference() -> dict[str, Any]:
    if not REFERENCE.is_file():
        pytest.skip(f"reference standards not found at {REFERENCE} (they live in the "
                    "developers' shared/ folder beside the clone; set ANJIAN_REFERENCE)")
    data: dict[str, Any] = json.loads(REFERENCE.read_text(encoding="utf-8"))
    return data


# --- databases ---------------------------------------------------------------------------

PG_SERVER = os.environ.get("ANJIAN_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def _pg_admin() -> Any:
    import psycopg
    from sqlalchemy.engine import make_url

    url = make_url(PG_SERVER)
    return psycopg.connect(host=url.host, port=url.port or 5432, user=url.username,
                           password=url.password, dbname=url.database, autocommit=True,
                           connect_timeout=5)


@pytest.fixture(scope="session")
def pg_available() -> bool:
    try:
        _pg_admin().close()
        return True
    except Exception as exc:
        if os.environ.get("ANJIAN_REQUIRE_POSTGRES"):
            pytest.fail(f"PostgreSQL at {PG_SERVER} is required here but unreachable: {exc}")
        return False


def _pg_url(name: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(PG_SERVER).set(database=name).render_as_string(hide_password=False)


class _Dropper:
    """Drops the tests' PostgreSQL databases in the background: a DROP DATABASE waits for a
    checkpoint (about 0.4 s), which the next test need not wait for. Joined at the end."""

    def __init__(self) -> None:
        import queue
        import threading

        self.names: queue.Queue[str | None] = queue.Queue()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        with _pg_admin() as conn:
            while (name := self.names.get()) is not None:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def close(self) -> None:
        self.names.put(None)
        self.thread.join(timeout=120)


@pytest.fixture(scope="session")
def pg_databases(pg_available: bool) -> Iterator[tuple[str, _Dropper]]:
    """A PostgreSQL database migrated to the current schema once, which each test's database
    is cloned from (a copy of its files, far quicker than running the migrations), and the
    background dropper of the tests' databases."""
    if not pg_available:
        pytest.skip(f"PostgreSQL at {PG_SERVER} is not reachable (CI requires it)")
    import uuid

    template = f"anjian_tpl_{uuid.uuid4().hex[:12]}"
    with _pg_admin() as conn:
        conn.execute(f'CREATE DATABASE "{template}"')
    upgrade_schema(_pg_url(template))
    dropper = _Dropper()
    try:
        yield template, dropper
    finally:
        dropper.close()
        with _pg_admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{template}" WITH (FORCE)')


def _pg_database(databases: tuple[str, _Dropper], template: str | None) -> Iterator[str]:
    import uuid

    name = f"anjian_t_{uuid.uuid4().hex[:12]}"
    with _pg_admin() as conn:
        conn.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template
                                                   else ""))
    try:
        yield _pg_url(name)
    finally:
        databases[1].names.put(name)


@pytest.fixture
def pg_url(pg_databases: tuple[str, _Dropper]) -> Iterator[str]:
    """A PostgreSQL database for one test, at the current schema, dropped afterwards."""
    yield from _pg_database(pg_databases, pg_databases[0])


@pytest.fixture
def pg_empty_url(pg_databases: tuple[str, _Dropper]) -> Iterator[str]:
    """An empty PostgreSQL database (no schema yet) for one test."""
    yield from _pg_database(pg_databases, None)


@pytest.fixture(scope="session")
def pg_password_server() -> Iterator[PasswordServer]:
    """A private PostgreSQL server whose TCP logins need a password (the shared one trusts
    every login); skipped where the PostgreSQL programs are not installed."""
    try:
        with password_server() as server:
            yield server
    except NoServer as exc:
        pytest.skip(f"no private PostgreSQL server for the login tests: {exc}")


@pytest.fixture
def pg_login(pg_password_server: PasswordServer, tmp_path: Path,
             monkeypatch: pytest.MonkeyPatch) -> Iterator[Login]:
    """A login role with a password and its own empty database on the private server; no
    password in the environment or in a ~/.pgpass file."""
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("PGPASSFILE", str(tmp_path / "no-pgpass"))
    with login(pg_password_server) as made:
        yield made


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An SQLite file migrated to the current schema once, copied for each test."""
    from core.store.db import open_store

    path = tmp_path_factory.mktemp("template") / "anjian.db"
    open_store(f"sqlite:///{path}").close()  # closed: checkpointed into the one file
    return path


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Every store test runs on SQLite and on PostgreSQL, on a database at the current
    schema."""
    if request.param == "sqlite":
        import shutil

        shutil.copyfile(request.getfixturevalue("sqlite_template"), tmp_path / "anjian.db")
        return f"sqlite:///{tmp_path / 'anjian.db'}"
    url: str = request.getfixturevalue("pg_url")
    return url


@pytest.fixture(params=["sqlite", "postgresql"])
def empty_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database (no schema yet) on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'anjian.db'}"
    url: str = request.getfixturevalue("pg_empty_url")
    return url


@pytest.fixture(autouse=True)
def _private_home(tmp_path_factory: pytest.TempPathFactory,
                  monkeypatch: pytest.MonkeyPatch) -> None:
    """No test touches the user's real data folder or database."""
    monkeypatch.setenv("ANJIAN_HOME", str(tmp_path_factory.mktemp("home")))
    monkeypatch.delenv("ANJIAN_DATABASE_URL", raising=False)


# A PostgreSQL database set up for team mode with real logins (tests/team_db.py).
from tests.team_db import team  # noqa: E402,F401
