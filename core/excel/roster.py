"""Importing an enterprise roster from the spreadsheet a bureau already keeps.

Every row is validated first (credit code check character, required fields, duplicates in the
file and against the database); problems are reported as ``sheet!row: column: problem``.
Nothing is imported while any row is bad, unless ``skip_bad``; the import is one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select, update

from core import uscc as credit
from core.excel.cells import read_rows
from core.i18n import AnjianError
from core.services.context import Context
from core.store import queries as q
from core.store.tables import Enterprise, utcnow

HEADERS: dict[str, tuple[str, ...]] = {
    "uscc": ("统一社会信用代码", "社会信用代码", "信用代码", "uscc", "credit code"),
    "name": ("名称", "单位名称", "企业名称", "name"),
    "district": ("区县", "所属区县", "区", "district"),
    "sector": ("行业", "所属行业", "sector"),
    "address": ("地址", "详细地址", "address"),
    "contact": ("联系人", "联系方式", "联系电话", "contact"),
}
REQUIRED = ("uscc", "name", "district", "sector")


@dataclass
class RosterImport:
    """What an import did: counts, and the problems of rows it skipped."""

    added: int = 0
    updated: int = 0
    problems: list[str] = field(default_factory=list)


def _header(row: tuple[Any, ...]) -> dict[str, int]:
    found: dict[str, int] = {}
    for n, raw in enumerate(row):
        text = str(raw or "").strip().lower()
        for key, names in HEADERS.items():
            if key not in found and text in {x.lower() for x in names}:
                found[key] = n
    return found


def import_enterprises(ctx: Context, path: str | Path, *, skip_bad: bool = False,
                       update_existing: bool = False) -> RosterImport:
    sheet, rows = read_rows(path)
    start = next((n for n, r in enumerate(rows[:20]) if
                  {"uscc", "name"} <= set(_header(r))), None)
    if start is None:
        raise AnjianError("excel.no_header", file=str(path))
    columns = _header(rows[start])
    missing = [k for k in REQUIRED if k not in columns]
    if missing:
        raise AnjianError("excel.no_header", file=str(path))
    with ctx.store.session() as s:
        existing = set(s.connection().execute(select(Enterprise.uscc)).scalars())  # type: ignore[call-overload]
    result = RosterImport()
    seen: dict[str, int] = {}
    good: list[dict[str, Any]] = []
    for number, row in enumerate(rows[start + 1:], start=start + 2):
        if not any(v not in (None, "") for v in row):
            continue
        values = {k: _text(row[i]) if i < len(row) else "" for k, i in columns.items()}
        where = f"{sheet}!{number}"
        problems = [f"{where}: {k}: required" for k in REQUIRED if not values.get(k)]
        code = credit.normalise(values.get("uscc", ""))
        if values.get("uscc"):
            problem = credit.problem(code)
            if problem:
                problems.append(f"{where}: uscc: {problem}")
            elif code in seen:
                problems.append(f"{where}: uscc: {code} repeats row {seen[code]}")
            elif code in existing and not update_existing:
                problems.append(f"{where}: uscc: {code} is already registered "
                                "(--update updates it)")
        if problems:
            result.problems += problems
            continue
        seen[code] = number
        good.append({**{k: values.get(k, "") for k in HEADERS}, "uscc": code})
    if result.problems and not skip_bad:
        shown = result.problems[:200]
        more = len(result.problems) - len(shown)
        raise AnjianError("excel.bad_rows", file=str(path), count=len(
            {p.split(":")[0] for p in result.problems}),
            rows="\n".join(shown) + (f"\n… {more} more" if more > 0 else ""))
    new = [g for g in good if g["uscc"] not in existing]
    changed = [g for g in good if g["uscc"] in existing]
    table = Enterprise.__table__  # type: ignore[attr-defined]
    now = utcnow()
    with ctx.store.session() as s:
        conn = s.connection()
        if new:
            conn.execute(insert(table), [{**g, "created_at": now, "version": 1} for g in new])
        for g in changed:
            conn.execute(update(table).where(table.c.uscc == g["uscc"]).values(
                **{k: v for k, v in g.items() if k != "uscc"}, version=table.c.version + 1))
        q.append_audit(s, ctx.actor, "enterprise.import", "roster", Path(path).name,
                       after={"added": len(new), "updated": len(changed),
                              "skipped_rows": len({p.split(":")[0] for p in result.problems})})
    result.added, result.updated = len(new), len(changed)
    return result


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()
