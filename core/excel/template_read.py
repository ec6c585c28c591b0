"""Reading the checklist template (检查表模板) back: every cell checked as its column wants it,
every reference between the sheets checked, and the pack data assembled with where each part
came from, so that the pack model's own problems (and an overlay's) are reported at the sheet,
row and column they come from: ``sheet!row: column: problem``.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from core.excel.cells import sheet_rows
from core.excel.template_layout import (
    CHOICES,
    FIELD_OF,
    ITEM_SHEETS,
    PACK_FIELDS,
    TABLE_SHEETS,
    TABLES,
    Col,
    KnownPack,
    choice_label,
    choice_value,
    column_keys,
    sheet_keys,
)
from core.i18n import CATALOGUE, AnjianError, Lang, Lines, Listed, Msg, t
from core.pack.errors import error_msgs
from core.pack.model import NEGATION, WORDINGS, Comparison, Pack, Ref
from core.pack.overlay import OverlayError, find_base, overlay_problems

#: Rows of a checklist workbook, all sheets together: the largest shipped pack has a few
#: hundred items; every row is held in memory while the pack is built.
MAX_PACK_ROWS = 20_000
#: Bytes a checklist workbook may unpack to: a pack file is at most 8 MiB.
MAX_PACK_WORKBOOK = 64 * 1024 * 1024
#: Problems listed in one refusal; the rest are counted.
MAX_PROBLEMS = 100

#: Separators between the ids of one cell (ids hold none of them).
_ID_SEPARATORS = re.compile(r"[\s,;\uff0c\uff1b\u3001]+")
_ARROW = re.compile(r"\s*(?:\u2192|->)\s*")
_DATE = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")


@dataclass
class Row:
    """One row of a table sheet as read: its number and each filled cell's value."""

    sheet: str
    number: int
    values: dict[str, Any]


@dataclass
class Book:
    """What was read, and where it came from (for the problems)."""

    titles: dict[str, str] = field(default_factory=dict)  # sheet key → its name in the book
    headers: dict[str, dict[str, str]] = field(default_factory=dict)  # sheet → field → header
    rows: dict[str, list[Row]] = field(default_factory=dict)
    pack_rows: dict[str, Row] = field(default_factory=dict)  # pack field → its row
    problems: list[Msg] = field(default_factory=list)
    #: where each part of the pack data came from: its loc → (sheet, row number)
    origins: dict[tuple[str | int, ...], tuple[str, int]] = field(default_factory=dict)

    def where(self, sheet: str, row: int) -> str:
        return f"{self.titles.get(sheet, sheet)}!{row}"

    def column(self, sheet: str, fld: str) -> str | Msg:
        """A column as the workbook heads it (or by its name, when it has no such column)."""
        return self.headers.get(sheet, {}).get(fld) or Msg(
            f"tpl.field.{fld}" if sheet == "pack" else _column_key(sheet, fld))

    def add(self, sheet: str, row: int, fld: str | None, problem: Msg) -> None:
        where = self.where(sheet, row)
        msg = (Msg("tpl.problem", where=where, column=self.column(sheet, fld), problem=problem)
               if fld else Msg("tpl.problem_at", where=where, problem=problem))
        if msg not in self.problems:
            self.problems.append(msg)


def _column_key(sheet: str, fld: str) -> str:
    own = f"tpl.col.{sheet}.{fld}"
    return own if own in CATALOGUE else f"tpl.col.{fld}"


def _text(value: Any) -> tuple[str | None, Msg | None]:
    """A cell as text (a number typed where text belongs reads as its digits)."""
    if isinstance(value, bool):
        return None, Msg("tpl.not_text", value=str(value).upper())
    if isinstance(value, dt.datetime | dt.date | dt.time | dt.timedelta):
        return None, Msg("tpl.date_not_text", value=str(value))
    if isinstance(value, float):
        if not math.isfinite(value):
            return None, Msg("tpl.not_text", value=str(value))
        return (str(int(value)) if value.is_integer() else repr(value)), None
    return str(value), None


def _date(value: Any) -> tuple[dt.date | None, Msg | None]:
    if isinstance(value, dt.datetime):
        if value.time() != dt.time():
            return None, Msg("tpl.date_with_time", value=value.isoformat(sep=" "))
        return value.date(), None
    if isinstance(value, dt.date):
        return value, None
    text = str(value).strip()
    found = _DATE.match(text) if not isinstance(value, bool) else None
    if found:
        try:
            return dt.date(*(int(g) for g in found.groups())), None
        except ValueError:
            pass
    return None, Msg("tpl.bad_date", value=text[:40])


def _whole(value: Any) -> tuple[int | None, Msg | None]:
    number = _number(value)
    if number is None or not number.is_integer():
        return None, Msg("tpl.not_whole", value=str(value)[:40])
    return int(number), None


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        number = float(value)
    else:
        text = str(value).strip()
        if len(text) > 40:
            return None
        try:
            number = float(text)
        except ValueError:
            return None
    return number if math.isfinite(number) else None


def _parse(col: Col, raw: Any) -> tuple[Any, Msg | None]:
    """A cell's value as the column wants it, or the problem with it. (None, None): empty."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None, None
    match col.kind:
        case "date":
            return _date(raw)
        case "whole":
            return _whole(raw)
        case "number":
            number = _number(raw)
            return (number, None) if number is not None else (
                None, Msg("tpl.not_number", value=str(raw)[:40]))
    if col.kind == "choice" and isinstance(raw, bool) and col.choices == "bool":
        return ("yes" if raw else "no"), None
    text, problem = _text(raw)
    if text is None:
        return None, problem
    match col.kind:
        case "id":
            return text.strip(), None
        case "ids":
            return tuple(v for v in _ID_SEPARATORS.split(text) if v), None
        case "lines":
            return tuple(v.strip() for v in text.splitlines() if v.strip()), None
        case "pairs":
            pairs = []
            for line in (v for v in text.splitlines() if v.strip()):
                parts = _ARROW.split(line.strip())
                if len(parts) != 2 or not all(parts):
                    return None, Msg("tpl.bad_pair", value=line.strip()[:60])
                pairs.append((parts[0], parts[1]))
            return tuple(pairs), None
        case "choice":
            value = choice_value(col.choices, text)
            if value is None and col.choices == "wording":
                return None, Msg("tpl.not_wording", value=text.strip()[:40],
                                 known=Listed(CHOICES["wording"]))
            if value is None:
                return None, Msg("tpl.not_choice", value=text.strip()[:40], choices=Listed(
                    Msg("tpl.quoted", value=_Label(col.choices, v))
                    for v in CHOICES[col.choices]))
            return value, None
    return text, None


class _Label:
    """A value of a fixed list, shown by its label in the language it is rendered in."""

    def __init__(self, choices: str, value: str) -> None:
        self.choices, self.value = choices, value

    def render(self, lang: Lang = "en") -> str:
        return choice_label(self.choices, self.value, lang)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Label) and (self.choices, self.value) == (
            other.choices, other.value)

    def __hash__(self) -> int:
        return hash((self.choices, self.value))


def _read_sheets(path: str | Path, book: Book) -> dict[str, list[tuple[Any, ...]]]:
    found = sheet_rows(path, max_rows=MAX_PACK_ROWS, max_uncompressed=MAX_PACK_WORKBOOK)
    keys = sheet_keys()
    sheets: dict[str, list[tuple[Any, ...]]] = {}
    for title, rows in found.items():
        key = keys.get(title.strip())
        if key is not None and key not in sheets and key != "instructions":
            sheets[key], book.titles[key] = rows, title
    for needed in ("pack", "sections", "items"):
        if needed not in sheets:
            raise AnjianError("excel.no_sheet", file=str(path), sheet=Msg(f"tpl.sheet.{needed}"),
                              sheets=", ".join(found))
    return sheets


def _read_pack_sheet(rows: list[tuple[Any, ...]], book: Book) -> None:
    names = column_keys("pack")
    cols = {c.field: c for c in PACK_FIELDS}
    book.headers["pack"] = {}
    for number, row in enumerate(rows, start=1):
        label = row[0] if row else None
        if label is None or (isinstance(label, str) and not label.strip()):
            continue
        text = str(label).strip()
        fld = names.get(text)
        if number == 1 and text in (t("tpl.col_field", "zh"), t("tpl.col_field", "en")):
            continue  # the header
        if fld is None or fld not in cols:
            book.add("pack", number, None, Msg("tpl.unknown_field", field=text[:40],
                                               fields=Listed(Msg(f"tpl.field.{c}")
                                                             for c in cols)))
            continue
        if fld in book.pack_rows:
            book.add("pack", number, None, Msg("tpl.field_twice", field=text[:40],
                                               row=book.pack_rows[fld].number))
            continue
        book.headers["pack"][fld] = text
        value, problem = _parse(cols[fld], row[1] if len(row) > 1 else None)
        if problem is not None:
            book.add("pack", number, fld, problem)
        book.pack_rows[fld] = Row("pack", number, {} if value is None else {fld: value})
        if value is None and problem is None and cols[fld].required:
            book.add("pack", number, fld, Msg("tpl.required"))
    for fld, col in cols.items():
        if col.required and fld not in book.pack_rows:
            book.add("pack", 1, None, Msg("tpl.no_field", field=Msg(f"tpl.field.{fld}")))


def _read_table(sheet: str, rows: list[tuple[Any, ...]], book: Book) -> None:
    cols = TABLES[sheet]
    by_field = {c.field: c for c in cols}
    names = column_keys(sheet)
    at: dict[int, str] = {}
    book.headers[sheet] = {}
    for n, head in enumerate(rows[0] if rows else ()):
        text = "" if head is None else str(head).strip()
        if not text:
            continue
        fld = names.get(text)
        if fld is None or fld not in by_field:
            book.add(sheet, 1, None, Msg("tpl.column_unknown", column=text[:40], columns=Listed(
                Msg("tpl.quoted", value=Msg(_column_key(sheet, c.field))) for c in cols)))
        elif fld in book.headers[sheet]:
            book.add(sheet, 1, None, Msg("tpl.column_twice", column=text[:40]))
        else:
            at[n], book.headers[sheet][fld] = fld, text
    out: list[Row] = []
    for number, row in enumerate(rows[1:], start=2):
        if all(v is None or (isinstance(v, str) and not v.strip()) for v in row):
            continue
        values: dict[str, Any] = {}
        for n, fld in at.items():
            value, problem = _parse(by_field[fld], row[n] if n < len(row) else None)
            if problem is not None:
                book.add(sheet, number, fld, problem)
            elif value is not None:
                values[fld] = value
        out.append(Row(sheet, number, values))
    missing = [c for c in cols if c.required and c.field not in book.headers[sheet]]
    if out and missing:
        for col in missing:
            book.add(sheet, 1, None, Msg("tpl.no_column", column=Msg(
                _column_key(sheet, col.field))))
    for read in out:
        for col in cols:
            if col.required and col.field in book.headers[sheet] \
                    and col.field not in read.values \
                    and not _reported(book, sheet, read.number, col.field):
                book.add(sheet, read.number, col.field, Msg("tpl.required"))
    book.rows[sheet] = out


def _reported(book: Book, sheet: str, number: int, fld: str) -> bool:
    """Whether a problem with this cell is already listed (a bad value is not also missing)."""
    where, column = book.where(sheet, number), book.column(sheet, fld)
    return any(p.key == "tpl.problem" and p.params["where"] == where
               and p.params["column"] == column for p in book.problems)


def read_pack(path: str | Path, *, installed: Mapping[str, KnownPack] | None = None
              ) -> tuple[dict[str, Any], Book]:
    """The pack data in a template workbook (named in either language), and where each part
    came from. Every problem found in the cells and between the sheets is raised together."""
    book = Book()
    sheets = _read_sheets(path, book)
    _read_pack_sheet(sheets["pack"], book)
    for sheet in TABLE_SHEETS:
        _read_table(sheet, sheets.get(sheet, []), book)
    data = _assemble(book, installed)
    if book.problems:
        raise AnjianError("excel.pack_invalid", file=str(path),
                          problems=Lines(book.problems, shown=MAX_PROBLEMS))
    return data, book


def _unique(book: Book, sheet: str) -> dict[str, Row]:
    """The rows of ``sheet`` by id; a repeated id is a problem at its second row."""
    seen: dict[str, Row] = {}
    for row in book.rows.get(sheet, []):
        ident = row.values.get("id")
        if ident is None:
            continue
        if ident in seen:
            book.add(sheet, row.number, "id", Msg("tpl.id_twice", id=ident,
                                                  row=seen[ident].number))
        else:
            seen[ident] = row
    return seen


def _refs(book: Book, row: Row, fld: str, known: Iterable[str], target: str) -> None:
    """Each id of ``row``'s ``fld`` must be one of ``known`` (the ids of sheet ``target``)."""
    known = set(known)
    values = row.values.get(fld)
    for value in (values,) if isinstance(values, str) else values or ():
        if value not in known:
            book.add(row.sheet, row.number, fld, Msg(
                "tpl.unknown_ref", value=value, sheet=book.titles.get(target) or Msg(
                    f"tpl.sheet.{target}")))


def _fields(row: Row, skip: Iterable[str] = ()) -> dict[str, Any]:
    """A row's values as pack data (its links to other rows left out)."""
    skip = set(skip)
    out: dict[str, Any] = {}
    for key, value in row.values.items():
        if key in skip:
            continue
        real = FIELD_OF.get((row.sheet, key), key)
        col = next(c for c in TABLES[row.sheet] if c.field == key)
        if col.kind == "choice" and col.choices == "bool":
            value = value == "yes"
        elif col.kind in ("ids", "lines"):
            value = list(value)
        out[real] = value
    return out


def _assemble(book: Book, installed: Mapping[str, KnownPack] | None) -> dict[str, Any]:
    """The pack data from the rows read, each reference between sheets checked; records where
    each part came from in ``book.origins``."""
    data: dict[str, Any] = {}
    for fld, row in book.pack_rows.items():
        if fld not in row.values:
            continue
        head, _, sub = fld.partition(".")
        if sub:
            data.setdefault(head, {})[sub] = row.values[fld]
            book.origins.setdefault((head,), ("pack", row.number))
            book.origins[(head, sub)] = ("pack", row.number)
        else:
            data[fld] = row.values[fld]
            book.origins[(fld,)] = ("pack", row.number)
    tags = _unique(book, "tags")
    categories = _unique(book, "site_categories")
    sections = _unique(book, "sections")
    items = _unique(book, "items")
    _unique(book, "rules")
    _unique(book, "exceptions")
    _unique(book, "notes")
    for sheet in ("sections", "items", "checks"):
        for row in book.rows[sheet]:
            _refs(book, row, "tags", tags, "tags")
    for row in book.rows["items"]:
        _refs(book, row, "section", sections, "sections")
        if row.values.get("record_parts") == "no" and "record_parts_reason" not in row.values:
            book.add("items", row.number, "record_parts_reason", Msg("tpl.reason_needed"))
    for sheet in ITEM_SHEETS:
        for row in book.rows[sheet]:
            _refs(book, row, "item", items, "items")
    for row in book.rows["rules"]:
        if row.values.get("kind") == "direct" and row.values.get("threshold", 1) != 1:
            book.add("rules", row.number, "threshold", Msg("tpl.direct_threshold"))
        _refs(book, row, "items", items, "items")
        _refs(book, row, "sections", sections, "sections")
        _refs(book, row, "applies_to", [*categories, "other"], "site_categories")
    rules = {r.values["id"] for r in book.rows["rules"] if "id" in r.values}
    for row in book.rows["exceptions"]:
        _refs(book, row, "vetoes", rules, "rules")
    if installed is not None:
        _check_installed(book, installed, data)

    checks = _check_tree(book, items)
    broken = {r.values.get("item") for r in book.rows["checks"]
              if _reported(book, "checks", r.number, "path")}
    measures = _measures(book, items, checks, broken)
    built: dict[str, dict[str, Any]] = {}
    for ident, row in items.items():
        item = _fields(row, skip=("section",))
        tree = checks.get(ident, {})
        tops = [p for p in tree if "/" not in p]
        if tops:
            item["checks"] = [tree[p] for p in tops]
        if (ident, "") in measures:
            item["measure"] = measures[(ident, "")]
        built[ident] = item
    for sheet, key in (("constitutes", "constitutes"), ("predecessors", "predecessors")):
        for row in book.rows[sheet]:
            owner = row.values.get("item")
            if owner in built:
                link = _fields(row, skip=("item",))
                if "values" in link:
                    link["values"] = _pairs(book, row, link["values"])
                built[owner].setdefault(key, []).append(link)
    data["sections"] = []
    placed: dict[str, list[str]] = {}
    for ident, row in items.items():
        placed.setdefault(row.values.get("section", ""), []).append(ident)
    for si, (sid, srow) in enumerate(sections.items()):
        book.origins[("sections", si)] = ("sections", srow.number)
        section = _fields(srow)
        section["items"] = []
        for ii, ident in enumerate(placed.get(sid, [])):
            section["items"].append(built[ident])
            _trace(book, ("sections", si, "items", ii), items[ident], built[ident])
        data["sections"].append(section)
    for sheet in ("tags", "site_categories", "rules", "exceptions", "notes", "amend"):
        if not book.rows[sheet]:
            continue
        data[sheet] = []
        for n, row in enumerate(book.rows[sheet]):
            book.origins[(sheet, n)] = (sheet, row.number)
            data[sheet].append(_fields(row))
    return data


def _pairs(book: Book, row: Row, pairs: Sequence[tuple[str, str]]) -> dict[str, str]:
    out: dict[str, str] = {}
    for a, b in pairs:
        if a in out:
            book.add(row.sheet, row.number, "values", Msg("tpl.pair_twice", value=a))
        out[a] = b
    return out


def _trace(book: Book, loc: tuple[str | int, ...], row: Row, item: dict[str, Any]) -> None:
    """Record where an item and the parts built from other sheets came from."""
    book.origins[loc] = ("items", row.number)
    ident = row.values.get("id")
    for sheet in ("constitutes", "predecessors"):
        rows = [r for r in book.rows[sheet] if r.values.get("item") == ident]
        for n, r in enumerate(rows):
            book.origins[(*loc, sheet, n)] = (sheet, r.number)
    measure_row = item.get("measure", {}).get("_row") if "measure" in item else None
    if measure_row:
        book.origins[(*loc, "measure")] = ("measures", measure_row)
    for ci, check in enumerate(item.get("checks", [])):
        _trace_check(book, (*loc, "checks", ci), check)
    _strip_rows(item)


def _trace_check(book: Book, loc: tuple[str | int, ...], check: dict[str, Any]) -> None:
    book.origins[loc] = ("checks", check["_row"])
    if "measure" in check:
        book.origins[(*loc, "measure")] = ("measures", check["measure"]["_row"])
    for ci, sub in enumerate(check.get("checks", [])):
        _trace_check(book, (*loc, "checks", ci), sub)


def _strip_rows(node: dict[str, Any]) -> None:
    """Drop the row numbers kept on the parts while they were placed."""
    node.pop("_row", None)
    if isinstance(node.get("measure"), dict):
        node["measure"].pop("_row", None)
    for sub in node.get("checks", []):
        _strip_rows(sub)


def _check_tree(book: Book, items: Mapping[str, Row]) -> dict[str, dict[str, dict[str, Any]]]:
    """Each item's sub-checks by path, from the sub-check rows: a path is ``2`` or ``2/a`` and
    a sub-check's parent must be there too."""
    out: dict[str, dict[str, dict[str, Any]]] = {}
    rows_at: dict[tuple[str, str], int] = {}
    for row in book.rows["checks"]:
        owner, path = row.values.get("item"), row.values.get("path")
        if not isinstance(owner, str) or owner not in items or path is None:
            continue
        steps = [s.strip() for s in str(path).strip().split("/")]
        clean = "/".join(steps)
        if len(steps) > 2 or not all(steps):
            book.add("checks", row.number, "path", Msg("tpl.bad_path", path=path))
            continue
        if (owner, clean) in rows_at:
            book.add("checks", row.number, "path", Msg(
                "tpl.path_twice", item=owner, path=clean, row=rows_at[(owner, clean)]))
            continue
        rows_at[(owner, clean)] = row.number
        check = _fields(row, skip=("item", "path"))
        check = {"id": steps[-1], **check, "_row": row.number}
        out.setdefault(owner, {})[clean] = check
    for owner, tree in out.items():
        for path, check in tree.items():
            parent, _, _ = path.rpartition("/")
            if not parent:
                continue
            if parent not in tree:
                book.add("checks", check["_row"], "path", Msg(
                    "tpl.no_parent", item=owner, path=path, parent=parent))
            else:
                tree[parent].setdefault("checks", []).append(check)
    return out


def _measures(book: Book, items: Mapping[str, Row],
              checks: Mapping[str, Mapping[str, dict[str, Any]]], broken: Collection[Any]
              ) -> dict[tuple[str, str], dict[str, Any]]:
    """The measured limits by (item, path); ``""`` is the item's own. Each is placed on its
    check; a comparison left empty is the one its limit word means. A path of an item whose
    sub-checks are ``broken`` (a bad path already listed) is not listed again."""
    out: dict[tuple[str, str], dict[str, Any]] = {}
    seen: dict[tuple[str, str], int] = {}
    for row in book.rows["measures"]:
        owner = row.values.get("item")
        if not isinstance(owner, str) or owner not in items:
            continue
        raw = str(row.values.get("path", "")).strip()
        path = "" if raw in ("", ".") else "/".join(s.strip() for s in raw.split("/"))
        if path and path not in checks.get(owner, {}):
            if owner not in broken:
                book.add("measures", row.number, "path", Msg("tpl.no_check", item=owner,
                                                             path=path))
            continue
        if (owner, path) in seen:
            book.add("measures", row.number, "path", Msg(
                "tpl.measure_twice", item=owner, path=path or ".", row=seen[(owner, path)]))
            continue
        seen[(owner, path)] = row.number
        parents = {p.rpartition("/")[0] for p in checks.get(owner, {})}
        if path in parents:  # "" (the item) has sub-checks when any path has no parent
            book.add("measures", row.number, "path", Msg(
                "tpl.measure_on_parent", item=owner, path=path or "."))
        measure = _fields(row, skip=("item", "path"))
        if measure.get("relative") and "bound" in measure:
            book.add("measures", row.number, "bound", Msg("tpl.bound_relative"))
        if measure.get("requirement") and "wording" not in measure:
            book.add("measures", row.number, "wording", Msg("tpl.requirement_word"))
        wording, op = measure.get("wording"), measure.get("op")
        if wording is not None:
            meant = WORDINGS[wording]
            if measure.get("requirement"):
                meant = NEGATION[meant]
            if op is None:
                measure["op"] = meant.value
            elif Comparison(op) is not meant:
                book.add("measures", row.number, "op", Msg(
                    "tpl.op_wording", op=op, wording=wording, meant=meant.value,
                    requirement=_Label("bool", "yes" if measure.get("requirement") else "no")))
        elif op is None and not _reported(book, "measures", row.number, "op") \
                and not _reported(book, "measures", row.number, "wording"):
            book.add("measures", row.number, "op", Msg("tpl.op_needed"))
        measure["_row"] = row.number
        out[(owner, path)] = measure
        if path:
            checks[owner][path]["measure"] = measure
    return out


def _check_installed(book: Book, installed: Mapping[str, KnownPack],
                     data: Mapping[str, Any]) -> None:
    """Links to other packs name installed packs and their items; an overlay names its
    installed base."""
    known = Listed(sorted(installed))
    for row in book.rows["constitutes"]:
        pack, target = row.values.get("pack"), row.values.get("target")
        if pack is None:
            continue
        if pack not in installed:
            book.add("constitutes", row.number, "pack", Msg(
                "tpl.pack_unknown", pack=pack, known=known))
        elif target is not None and target not in installed[pack].items:
            book.add("constitutes", row.number, "target", Msg(
                "tpl.item_unknown", pack=pack, item=target))
    extends = data.get("extends")
    if isinstance(extends, str) and "extends" in book.pack_rows:
        base = extends.partition("@")[0].strip()
        if base not in installed:
            book.add("pack", book.pack_rows["extends"].number, "extends", Msg(
                "tpl.pack_unknown", pack=base, known=known))


# --- the pack model's own problems, placed ----------------------------------------------------

#: The sheet a kind of pack object is a row of.
_KIND_SHEETS = {"section": "sections", "item": "items", "rule": "rules",
                "exception": "exceptions", "site category": "site_categories", "tag": "tags",
                "amend": "amend"}
#: The column a problem of the model's is about, when it names no field.
_KEY_FIELDS = {"pack.duplicate_id": "id", "pack.wording_unknown": "wording",
               "pack.wording_op": "op", "pack.requirement_word": "wording",
               "pack.bound_relative": "bound", "pack.record_parts_reason": "record_parts_reason",
               "pack.direct_threshold": "threshold", "pack.rule_empty": "items",
               "pack.other_implicit": "id", "pack.effective_early": "effective",
               "pack.superseded_early": "superseded_by.effective"}


def _place_loc(book: Book, loc: tuple[str | int, ...]) -> tuple[str, int, str | None] | None:
    """The sheet, row and column a part of the pack data came from."""
    for cut in range(len(loc), -1, -1):
        origin = book.origins.get(tuple(loc[:cut]))
        if origin is None:
            continue
        sheet, number = origin
        if sheet == "pack":
            fld = ".".join(str(x) for x in loc[:cut])
            rest = [str(x) for x in loc[cut:] if isinstance(x, str)]
            if rest:
                fld = f"{fld}.{rest[0]}"
            return sheet, number, fld if fld in book.headers.get("pack", {}) else None
        names = [str(x) for x in loc[cut:] if isinstance(x, str)]
        if not names:
            return sheet, number, None
        back = {v: k for (s, k), v in FIELD_OF.items() if s == sheet}
        return sheet, number, back.get(names[0], names[0])
    return None


def _place_ref(book: Book, ref: Ref) -> tuple[str, int, str | None] | None:
    """The row (and, for a value it names, the cell) of the object a problem is about."""
    if ref.kind == "field":  # a field of the pack sheet, or a whole table
        if ref.id in book.pack_rows:
            return "pack", book.pack_rows[ref.id].number, ref.id
        if (ref.id,) in book.origins:
            return (*book.origins[(ref.id,)], None)
        first = book.rows.get(ref.id)
        return (ref.id, first[0].number, None) if first else None
    sheet = _KIND_SHEETS.get(ref.kind)
    if sheet is None:
        return None
    key = "item" if sheet == "amend" else "id"
    rows = [r for r in book.rows.get(sheet, []) if r.values.get(key) == ref.id]
    if not rows:
        return None
    row = rows[min(ref.nth, len(rows)) - 1]
    if ref.value is None:
        return sheet, row.number, None
    candidates = [row]
    if sheet == "items":
        candidates += [r for s in ITEM_SHEETS for r in book.rows[s]
                       if r.values.get("item") == ref.id]
    for r in candidates:
        for fld, value in r.values.items():
            if _holds(value, ref.value):
                return r.sheet, r.number, fld
    return sheet, row.number, None


def _holds(value: Any, wanted: str) -> bool:
    if isinstance(value, dt.date):
        return value.isoformat() == wanted
    if isinstance(value, tuple):
        return any(v == wanted or (isinstance(v, tuple) and v[0] == wanted) for v in value)
    return bool(value == wanted)


def _place(book: Book, msg: Msg, ref: Ref | None, loc: tuple[str | int, ...] = ()) -> None:
    """List a problem of the pack model's (or an overlay's) at its sheet, row and column."""
    place = _place_ref(book, ref) if ref is not None else None
    place = place or (_place_loc(book, loc) if loc else None)
    named = _KEY_FIELDS.get(msg.key)
    if place is None and named in book.pack_rows:
        place = ("pack", book.pack_rows[named].number, named)
    if place is None:
        if msg not in book.problems:
            book.problems.append(msg)
        return
    sheet, number, fld = place
    if fld is None:
        fld = named
        if sheet == "pack" and fld not in book.headers.get("pack", {}):
            fld = None
    book.add(sheet, number, fld, msg)


def model_problems(book: Book, exc: ValidationError) -> list[Msg]:
    for err in exc.errors(include_url=False):
        for msg, ref in error_msgs(err):
            _place(book, msg, ref, tuple(err["loc"]))
    return book.problems


def overlay_refusals(book: Book, pack: Pack,
                      installed: Mapping[str, KnownPack]) -> list[Msg]:
    """What keeps an overlay from extending the installed pack it names, placed."""
    bases = {k: v.pack for k, v in installed.items() if v.pack is not None}
    try:
        found = overlay_problems(find_base(pack, bases), pack)
    except OverlayError as exc:
        found = list(exc.problems)
    for msg, ref in found:
        _place(book, msg, ref)
    return book.problems
