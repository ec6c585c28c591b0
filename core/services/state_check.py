"""The state check of ``anjian audit verify``: every table against its audit log.

In team mode the database images every change of every business table into the audit log
(:mod:`core.store.team`), so the log says what each row must be now: the last image of its
key, or no row after a deletion. A row changed, added or removed behind the triggers' back
(by a superuser who disabled them, or by restoring an old copy of a table) is a difference,
named with the fields that differ. Without the team set-up (SQLite, or PostgreSQL without it)
nothing images the rows, so there is nothing to replay: the check says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from core.process.permissions import Action
from core.services.context import Context
from core.services.users import authorize
from core.store import team as team_db


@dataclass(frozen=True)
class StateDifference:
    """One row whose table and log disagree: ``logged`` is the row as the log's last image
    says (None: the log says it does not exist), ``actual`` as the table holds it (None:
    absent)."""

    table: str
    key: str
    logged: dict[str, Any] | None
    actual: dict[str, Any] | None

    @property
    def fields(self) -> tuple[str, ...]:
        """The fields that differ (empty when a whole row is missing on one side)."""
        if self.logged is None or self.actual is None:
            return ()
        keys = sorted(set(self.logged) | set(self.actual))
        return tuple(k for k in keys if self.logged.get(k) != self.actual.get(k))

    def as_json(self) -> dict[str, Any]:
        return {"table": self.table, "key": self.key, "fields": list(self.fields),
                "logged": self.logged, "actual": self.actual}


@dataclass(frozen=True)
class StateCheck:
    """``checked`` is False where nothing images rows (no team set-up)."""

    checked: bool
    tables: int = 0
    rows: int = 0
    differences: tuple[StateDifference, ...] = ()

    def as_json(self) -> dict[str, Any]:
        return {"checked": self.checked, "tables": self.tables, "rows": self.rows,
                "differences": [d.as_json() for d in self.differences]}


def check(ctx: Context) -> StateCheck:
    """Compare every imaged table with the last image its audit log holds of each row, in one
    consistent snapshot (the log and the tables as of one moment)."""
    prefix = ctx.store.team
    with ctx.store.snapshot() as s:
        authorize(ctx, s, Action.read_all)
        if prefix is None:
            return StateCheck(False)
        tables, rows, found = 0, 0, []
        for table, count, differing in team_db.state(s, prefix):
            tables, rows = tables + 1, rows + count
            found += [StateDifference(table, str(key), logged, actual)
                      for key, logged, actual in differing]
    return StateCheck(True, tables, rows, tuple(found))
