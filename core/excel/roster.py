"""Reading an enterprise roster from the spreadsheet a bureau already keeps.

Every row is checked (credit code check character, required fields, text where text belongs
and no control character in it, duplicates in the file and against the codes already
registered); each problem names its ``sheet!row`` and column. Storing the good rows is the
roster service's (nothing here touches the database).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Container
from dataclasses import dataclass, field
from itertools import chain, islice
from pathlib import Path
from typing import Any

from core.excel.cells import open_rows
from core.i18n import AnjianError, Lang, Msg, t
from core.pack.free_text import code_point, first_control
from core.process import credit_code as credit

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


@dataclass(frozen=True)
class RowProblem:
    """What is wrong with one cell of a roster row, rendered in its reader's language."""

    where: str  # sheet!row
    column: str
    problem: Msg

    def render(self, lang: Lang = "zh") -> str:
        return t("roster.problem", lang, where=self.where, column=Msg(f"roster.col.{self.column}"),
                 problem=self.problem)


@dataclass
class RosterRows:
    """A roster read and checked: the good rows (each a complete enterprise record, its credit
    code normalised) and the problems of the bad ones."""

    good: list[dict[str, str]] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    #: The fields the workbook has a column for (the others are "" in every good row, and an
    #: update leaves them as stored).
    columns: tuple[str, ...] = ()

    @property
    def bad_rows(self) -> int:
        return len({p.where for p in self.problems})


def _header(row: tuple[Any, ...]) -> dict[str, int]:
    found: dict[str, int] = {}
    for n, raw in enumerate(row):
        text = str(raw or "").strip().lower()
        for key, names in HEADERS.items():
            if key not in found and text in {x.lower() for x in names}:
                found[key] = n
    return found


def read_roster(path: str | Path, *, registered: Container[str],
                update_existing: bool = False) -> RosterRows:
    """Read and check every row of a roster workbook. A code already in ``registered`` is a
    problem unless ``update_existing``; a code twice in the file is one either way."""
    result = RosterRows()
    seen: dict[str, int] = {}
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
        result.columns = tuple(k for k, _ in present)
        absent = {k: "" for k in HEADERS if k not in columns}
        for number, row in enumerate(chain(head[start + 1:], rows), start=start + 2):
            # blank: every cell empty (any() first: most rows have a value, and it is fast)
            if not any(row) and all(v is None or v == "" for v in row):
                continue
            where = f"{sheet}!{number}"
            width = len(row)
            values = dict(absent)
            wrong: list[RowProblem] = []
            for k, i in present:
                v = row[i] if i < width else None
                text = v.strip() if type(v) is str else _text(v)
                if text is None:
                    wrong.append(RowProblem(where, k, _not_text(v)))
                    text = ""
                elif len(text) > MAX_FIELD_CHARS:
                    wrong.append(RowProblem(where, k, Msg(
                        "roster.too_long", count=len(text), limit=MAX_FIELD_CHARS)))
                else:
                    if "\r\n" in text:  # a line break as Windows writes it, kept as one
                        text = text.replace("\r\n", "\n")
                    found = first_control(text)
                    if found is not None:
                        wrong.append(RowProblem(where, k, Msg(
                            "roster.control", char=code_point(found[1]), at=found[0])))
                values[k] = text
            named = {p.column for p in wrong}
            wrong += [RowProblem(where, k, Msg("roster.required")) for k in REQUIRED
                      if not values[k] and k not in named]
            code = credit.normalise(values["uscc"])
            if values["uscc"] and "uscc" not in named:
                problem = credit.why(code)
                if problem is not None:
                    wrong.append(RowProblem(where, "uscc", Msg("roster.uscc",
                                                                   problem=problem)))
                elif code in seen:
                    wrong.append(RowProblem(where, "uscc", Msg(
                        "roster.repeats", code=code, row=seen[code])))
                elif code in registered and not update_existing:
                    wrong.append(RowProblem(where, "uscc", Msg("roster.registered",
                                                                   code=code)))
            if wrong:
                result.problems += wrong
                continue
            seen[code] = number
            values["uscc"] = code
            result.good.append(values)
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


def _not_text(value: Any) -> Msg:
    if isinstance(value, bool):
        return Msg("roster.not_text_bool")
    return Msg("roster.not_text_date", value=str(value))
