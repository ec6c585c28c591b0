"""Importing an enterprise roster from the spreadsheet a bureau already keeps.

Every row is validated first (credit code check character, required fields, duplicates in the
file and against the database); problems are reported as ``sheet!row: column: problem``.
Nothing is imported while any row is bad, unless ``skip_bad``; the import is one transaction.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from itertools import chain, islice
from pathlib import Path
from typing import Any

from sqlalchemy import bindparam, select, update

from core.excel.cells import listed, open_rows
from core.i18n import AnjianError
from core.process import credit_code as credit
from core.process.permissions import Action
from core.services.context import Context
from core.services.users import authorize
from core.store import queries as q
from core.store.bulk import insert_enterprises
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
#: Characters a roster cell may hold: names and addresses run to a hundred or two; a longer
#: value is a pasted document or a shifted column, and would swamp every list that shows it.
MAX_FIELD_CHARS = 1000


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
    with ctx.store.session() as s:
        # early, before the file is read; checked again where the rows are written
        authorize(ctx, s, Action.register_enterprise, bootstrap=False)
        existing = set(s.connection().execute(select(Enterprise.uscc)).scalars())  # type: ignore[call-overload]
    result = RosterImport()
    seen: dict[str, int] = {}
    good: list[dict[str, str]] = []
    with open_rows(path) as (sheet, rows):
        head = list(islice(rows, 20))
        start = next((n for n, r in enumerate(head) if {"uscc", "name"} <= set(_header(r))),
                     None)
        if start is None:
            raise AnjianError("excel.no_header", file=str(path))
        columns = _header(head[start])
        if any(k not in columns for k in REQUIRED):
            raise AnjianError("excel.no_header", file=str(path))
        present = [(k, columns[k]) for k in HEADERS if k in columns]
        absent = {k: "" for k in HEADERS if k not in columns}
        for number, row in enumerate(chain(head[start + 1:], rows), start=start + 2):
            # blank: every cell empty (any() first: most rows have a value, and it is fast)
            if not any(row) and all(v is None or v == "" for v in row):
                continue
            width = len(row)
            values = dict(absent)
            wrong: list[str] = []
            for k, i in present:
                v = row[i] if i < width else None
                text = v.strip() if type(v) is str else _text(v)
                if text is None:
                    wrong.append(f"{k}: {_not_text(v)}")
                    text = ""
                elif len(text) > MAX_FIELD_CHARS:
                    wrong.append(f"{k}: {len(text)} characters, over the limit of "
                                 f"{MAX_FIELD_CHARS}; is a column shifted?")
                values[k] = text
            missing = [k for k in REQUIRED if not values[k] and not _named(k, wrong)]
            code = credit.normalise(values["uscc"])
            problem = None
            if values["uscc"] and not _named("uscc", wrong):
                problem = credit.problem(code)
                if problem is None and code in seen:
                    problem = f"{code} repeats row {seen[code]}"
                elif problem is None and code in existing and not update_existing:
                    problem = f"{code} is already registered (--update updates it)"
            if missing or problem or wrong:
                where = f"{sheet}!{number}"
                result.problems += [f"{where}: {w}" for w in wrong]
                result.problems += [f"{where}: {k}: required" for k in missing]
                if problem:
                    result.problems.append(f"{where}: uscc: {problem}")
                continue
            seen[code] = number
            values["uscc"] = code
            good.append(values)
    bad_rows = len({p.split(":")[0] for p in result.problems})
    if result.problems and not skip_bad:
        raise AnjianError("excel.bad_rows", file=str(path), count=bad_rows,
                          rows=listed(result.problems))
    new = [g for g in good if g["uscc"] not in existing]
    changed = [g for g in good if g["uscc"] in existing]
    table = Enterprise.__table__  # type: ignore[attr-defined]
    with ctx.store.session() as s:
        authorize(ctx, s, Action.register_enterprise)
        insert_enterprises(s, new, utcnow())
        if changed:
            # one statement for every row: the columns set are the keys of the rows given
            s.connection().execute(
                update(table).where(table.c.uscc == bindparam("key"))
                .values(version=table.c.version + 1),
                [{"key": g["uscc"], **{k: v for k, v in g.items() if k != "uscc"}}
                 for g in changed])
        q.append_audit(s, ctx.actor, "enterprise.import", "roster", Path(path).name,
                       after={"added": len(new), "updated": len(changed),
                              "skipped_rows": bad_rows})
    result.added, result.updated = len(new), len(changed)
    return result


def _text(value: Any) -> str | None:
    """A cell as text: numbers as typed (a phone number, a code); None for a value that is
    no text at all (true/false, a date), which means a column is in the wrong place."""
    if value is None:
        return ""
    if isinstance(value, bool | dt.date | dt.time | dt.timedelta):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _not_text(value: Any) -> str:
    kind = "TRUE/FALSE" if isinstance(value, bool) else f"a date or time ({value})"
    return f"{kind}, where text belongs; is a column shifted?"


def _named(column: str, problems: list[str]) -> bool:
    return any(p.startswith(column + ":") for p in problems)
