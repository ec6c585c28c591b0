"""The database's schema: create it or bring it up to date (``anjian db upgrade``)."""

from __future__ import annotations

from pathlib import Path

from core.i18n import AnjianError, os_reason
from core.store.db import data_dir, make_engine, resolve_url, upgrade


def upgrade_database(url: str | None = None, *,
                     password: str | None = None) -> tuple[str | None, str]:
    """Apply every migration the database at ``url`` (else the default one) lacks; returns
    the schema revision before (None: a new database) and after. Data is kept. The one path
    that migrates a PostgreSQL database: run by its owner or a DBA, never by a client that
    merely opens it."""
    engine = make_engine(resolve_url(url), password=password)
    try:
        return upgrade(engine)
    finally:
        engine.dispose()


def exports_dir() -> Path:
    """Where the terminal UI writes its workbooks: ``exports/`` in anjian's data folder (made
    when missing; a folder that cannot be made is a refusal naming it)."""
    folder = data_dir() / "exports"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise AnjianError("io.write", file=folder, reason=os_reason(exc)) from None
    return folder
