"""The whole database as plain values, to show a refusal changed nothing; and changes made
past anjian's services: a write behind the guard, the schema upgraded as its owner does."""

from __future__ import annotations

from typing import Any

from sqlalchemy import create_engine, inspect, text

from core.store.db import Store, make_engine, upgrade


def snapshot(url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table at ``url``, in a stable order."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return {t: sorted(map(tuple, conn.execute(text(f'SELECT * FROM "{t}"')).all()),
                              key=repr)
                    for t in inspect(engine).get_table_names()}
    finally:
        engine.dispose()


def everything(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table of ``store``, in a stable order."""
    return snapshot(store.url)


def behind_the_guard(url: str, sql: str, **params: Any) -> None:
    """Write straight to the database at ``url``, past every service and the store's guard:
    as an older anjian stored things, or as someone tampering with the file would."""
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            conn.execute(text(sql), params)
    finally:
        engine.dispose()


def upgrade_schema(url: str, revision: str = "head") -> None:
    """Bring the database at ``url`` to ``revision`` (the current schema), as its owner does
    with ``anjian db upgrade``: a client opening a PostgreSQL database never migrates it."""
    engine = make_engine(url)
    try:
        upgrade(engine, revision)
    finally:
        engine.dispose()


def audit_head(url: str) -> tuple[int, str]:
    """The audit chain's head as the database has it, read straight from its table."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            seq, digest = conn.execute(text("SELECT seq, hash FROM audit_head")).one()
    finally:
        engine.dispose()
    return seq, digest


def business(url: str) -> dict[str, list[tuple[Any, ...]]]:
    """Every table but the audit log and its head: what a refusal in team mode must leave as it
    was (the refusal itself is recorded in the log)."""
    return {t: rows for t, rows in snapshot(url).items() if t not in ("audit_log", "audit_head")}
