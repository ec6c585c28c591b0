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


@pytest.fixture
def pg_url(pg_available: bool) -> Iterator[str]:
    """A fresh PostgreSQL database for one test, dropped afterwards."""
    if not pg_available:
        pytest.skip(f"PostgreSQL at {PG_SERVER} is not reachable (CI requires it)")
    import uuid

    from sqlalchemy.engine import make_url

    name = f"anjian_t_{uuid.uuid4().hex[:12]}"
    with _pg_admin() as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield make_url(PG_SERVER).set(database=name).render_as_string(hide_password=False)
    finally:
        with _pg_admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """Every store test runs on SQLite and on PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'anjian.db'}"
    url: str = request.getfixturevalue("pg_url")
    return url


@pytest.fixture(autouse=True)
def _private_home(tmp_path_factory: pytest.TempPathFactory,
                  monkeypatch: pytest.MonkeyPatch) -> None:
    """No test touches the user's real data folder or database."""
    monkeypatch.setenv("ANJIAN_HOME", str(tmp_path_factory.mktemp("home")))
    monkeypatch.delenv("ANJIAN_DATABASE_URL", raising=False)
