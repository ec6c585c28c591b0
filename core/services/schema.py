"""The database's schema: create it or bring it up to date (``anjian db upgrade``)."""

from __future__ import annotations

from pathlib import Path

from core.i18n import AnjianError, os_reason
from core.store import file_modes
from core.store.db import data_dir, database_files, make_engine, resolve_url, upgrade
from core.views.file_modes import OpenFile


def upgrade_database(url: str | None = None) -> tuple[str | None, str]:
    """Apply every migration the database at ``url`` (else the default one) lacks; returns
    the schema revision before (None: a new database) and after. Data is kept."""
    engine = make_engine(resolve_url(url))
    try:
        return upgrade(engine)
    finally:
        engine.dispose()


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
