"""The whole database as plain values, to show a refusal changed nothing."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlmodel import SQLModel

from core.store.db import Store


def everything(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, ordered, as tuples."""
    with store.snapshot() as s:
        conn = s.connection()
        return {t.name: [tuple(r) for r in conn.execute(
                    select(t).order_by(*t.primary_key.columns))]
                for t in SQLModel.metadata.sorted_tables}
