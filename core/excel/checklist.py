"""Checklists in a spreadsheet: the template a sector expert fills in (one row an item, one a
rule), converted to a pack data file; and any pack written back in the same template, so that
export → import gives back an equal pack.

The template is written in the reader's language: Chinese sheet names and column headers by
default, the pack format's own field names in English. Either is read back.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from core.excel.cells import cell, column_widths, sheet_rows
from core.excel.saving import replace, save_workbook
from core.i18n import CATALOGUE, AnjianError, Lang, Lines, Msg, json_reason, os_reason, t
from core.pack.errors import error_msgs
from core.pack.loader import MAX_PACK_BYTES, PackFileError, parse_pack
from core.pack.model import Pack

META = ("id", "version", "title_zh", "title_en", "standard", "issuer", "sector", "effective",
        "effective_note", "replaces", "series", "superseded_by", "on_site_correction",
        "collective_decision")
SHEETS: dict[str, tuple[str, ...]] = {
    "sections": ("id", "title_zh", "title_en", "tags"),
    "items": ("section", "id", "clause", "text_zh", "gloss_en", "guidance_zh", "guidance_en",
              "evidence", "verification", "verification_note", "tags", "device_failure",
              "combine", "checks", "measure", "predecessors"),
    "rules": ("id", "kind", "clause", "text_zh", "gloss_en", "items", "sections", "applies_to",
              "threshold", "verification"),
    "site_categories": ("id", "name_zh", "name_en"),
    "tags": ("id", "name_zh", "name_en"),
    "exceptions": ("id", "clause", "text_zh", "gloss_en", "vetoes"),
    "notes": ("id", "clause", "text_zh", "gloss_en", "verification"),
}
LISTS = {"tags", "evidence", "items", "sections", "applies_to", "vetoes", "predecessors"}
JSONS = {"checks", "measure", "superseded_by", "on_site_correction", "collective_decision"}
#: The C emitter when PyYAML has it: the same text, ten times faster on a large pack.
_DUMPER: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def _out(key: str, value: Any, lang: Lang) -> Any:
    if key in LISTS:
        return "\n".join(value)
    if key in JSONS:
        return json.dumps(value, ensure_ascii=False) if value not in (None, [], ()) else ""
    if isinstance(value, bool):
        return t("checklist.yes", lang) if value else ""
    return value


def _label(kind: str, name: str, lang: Lang) -> str:
    """A sheet's or a column's name in ``lang`` (``kind`` is ``sheet`` or ``col``)."""
    return t(f"checklist.{kind}.{name}", lang)


def _names(kind: str) -> dict[str, str]:
    """Every way a template names a sheet or a column (either language, or the field's own
    name), to the field's name."""
    prefix = f"checklist.{kind}."
    out: dict[str, str] = {}
    for key, pair in CATALOGUE.items():
        if key.startswith(prefix):
            field = key[len(prefix):]
            out |= {field: field, pair[0]: field, pair[1]: field}
    return out


def export_pack(pack: Pack, out: str | Path, lang: Lang = "zh") -> Path:
    """Write ``pack`` in the checklist template, its sheets and headers in ``lang``."""
    from openpyxl import Workbook

    data = pack.model_dump(mode="json")
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_label("sheet", "pack", lang))
    rows: list[list[Any]] = [[_label("col", "field", lang), _label("col", "value", lang)]]
    rows += [[_label("col", k, lang), _out(k, data.get(k), lang)] for k in META]
    for row in rows:
        ws.append([cell(ws, v) for v in row])
    tables: dict[str, list[dict[str, Any]]] = {
        "sections": [{**s, "items": None} for s in data["sections"]],
        "items": [{**i, "section": s["id"]} for s in data["sections"] for i in s["items"]],
    }
    for name in ("rules", "site_categories", "tags", "exceptions", "notes"):
        tables[name] = data.get(name, [])
    for name, columns in SHEETS.items():
        ws = wb.create_sheet(_label("sheet", name, lang))
        table = [[_label("col", c, lang) for c in columns]] + [
            [_out(c, r.get(c), lang) for c in columns] for r in tables[name]]
        from openpyxl.utils import get_column_letter

        for n, width in enumerate(column_widths(table, maximum=50), start=1):
            ws.column_dimensions[get_column_letter(n)].width = width
        ws.freeze_panes = "A2"
        for row in table:
            ws.append([cell(ws, v) for v in row])
    return save_workbook(wb, out)


def _in(key: str, value: Any, where: str, problems: list[Msg]) -> Any:
    """A cell as the pack field ``key`` wants it; None when empty or wrong (a problem naming
    ``where`` is then added to ``problems``)."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime | dt.date):
        # a typed date (effective) arrives as a datetime; the pack wants YYYY-MM-DD text
        day = value.date() if isinstance(value, dt.datetime) and value.time() == dt.time() \
            else value
        value = day.isoformat()
    elif isinstance(value, dt.time | dt.timedelta) or (
            isinstance(value, bool) and key != "device_failure"):
        problems.append(Msg("checklist.problem", where=where, field=key,
                            problem=Msg("checklist.not_text", value=repr(value))))
        return None
    if key in LISTS:
        return [v.strip() for v in str(value).splitlines() if v.strip()]
    if key in JSONS:
        try:
            parsed = json.loads(str(value))
        except ValueError as exc:  # JSONDecodeError, and numbers of thousands of digits
            reason = (json_reason(exc) if isinstance(exc, json.JSONDecodeError)
                      else Msg("checklist.number_too_long"))
            problems.append(Msg("checklist.problem", where=where, field=key,
                                problem=Msg("checklist.bad_json", reason=reason)))
            return None
        except RecursionError:
            parsed = None
        if parsed is None or _depth(parsed) > MAX_JSON_DEPTH:
            problems.append(Msg("checklist.problem", where=where, field=key, problem=Msg(
                "checklist.json_too_deep", depth=MAX_JSON_DEPTH)))
            return None
        return parsed
    if key == "device_failure":
        return str(value).strip().lower() in ("yes", "true", "1", "是", "y", "√")
    if key == "threshold":
        number = value if isinstance(value, int | float) else _number(str(value))
        if number is None or number != number or number in (float("inf"), float("-inf")) \
                or int(number) != number:
            problems.append(Msg("checklist.problem", where=where, field="threshold",
                                problem=Msg("checklist.not_whole", value=value)))
            return None
        return int(number)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value) if not isinstance(value, str) else value


#: Nesting of a JSON cell (checks within checks); the pack file itself allows 64 levels.
MAX_JSON_DEPTH = 32
#: Rows of a checklist workbook, all sheets together: the largest shipped pack has a few
#: hundred items; every row is held in memory while the pack is built.
MAX_PACK_ROWS = 20_000
#: Bytes a checklist workbook may unpack to: a pack file is at most 8 MiB.
MAX_PACK_WORKBOOK = 64 * 1024 * 1024


def _number(text: str) -> float | None:
    try:
        return float(text.strip()) if len(text) <= 40 else None
    except ValueError:
        return None


def _depth(value: Any) -> int:
    """How deep lists and objects nest in parsed JSON (iteratively: no recursion to exhaust)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if isinstance(node, dict | list):
            deepest = max(deepest, depth)
            stack += [(v, depth + 1) for v in (node.values() if isinstance(node, dict) else node)]
    return deepest


def read_pack(path: str | Path) -> tuple[dict[str, Any], dict[tuple[str, int], str]]:
    """The pack data in a template workbook (its sheets and headers named in either language),
    and where each row came from (for errors): rows of ``items`` are numbered in section
    order, as they end up in the pack."""
    found = sheet_rows(path, max_rows=MAX_PACK_ROWS, max_uncompressed=MAX_PACK_WORKBOOK)
    sheet_names, column_names = _names("sheet"), _names("col")
    sheets: dict[str, list[Any]] = {}
    titles: dict[str, str] = {}  # a sheet as the workbook names it, for the problems
    for title, rows in found.items():
        key = sheet_names.get(title.strip())
        if key is not None and key not in sheets:
            sheets[key], titles[key] = rows, title
    name = Path(path).name
    for needed in ("pack", "items", "rules", "sections"):
        if needed not in sheets:
            raise AnjianError("excel.no_sheet", file=str(path),
                              sheet=Msg(f"checklist.sheet.{needed}"), sheets=", ".join(found))
    problems: list[Msg] = []
    data: dict[str, Any] = {}
    for number, row in enumerate(sheets["pack"][1:], start=2):
        if not row or row[0] in (None, ""):
            continue
        at = f"{name}!{titles['pack']}!{number}"
        raw = str(row[0]).strip()
        key = column_names.get(raw, raw)
        if key not in META:
            problems.append(Msg("checklist.problem_at", where=at, problem=Msg(
                "checklist.unknown_field", key=raw[:40], fields=", ".join(META))))
        elif key in data:
            problems.append(Msg("checklist.problem_at", where=at,
                                problem=Msg("checklist.field_twice", key=raw)))
        else:
            value = _in(key, row[1] if len(row) > 1 else None, at, problems)
            if value is not None:
                data[key] = value
    rows_of: dict[tuple[str, int], str] = {}
    tables: dict[str, list[dict[str, Any]]] = {}
    for sheet, columns in SHEETS.items():
        rows = sheets.get(sheet, [])
        title = titles.get(sheet, sheet)
        written = [str(h or "").strip() for h in (rows[0] if rows else ())]
        header = [column_names.get(h, h) for h in written]
        for n, column in enumerate(header):
            if column and (column not in columns or header.index(column) != n):
                problems.append(Msg("checklist.problem_at", where=f"{name}!{title}!1", problem=(
                    Msg("checklist.column_twice", column=written[n][:40]) if column in columns
                    else Msg("checklist.column_unknown", column=written[n][:40],
                             columns=", ".join(columns)))))
        records: list[dict[str, Any]] = []
        for number, row in enumerate(rows[1:], start=2):
            if not any(v not in (None, "") for v in row):
                continue
            record = {}
            for n, column in enumerate(header):
                if column in columns and n < len(row):
                    value = _in(column, row[n], f"{name}!{title}!{number}", problems)
                    if value is not None:
                        record[column] = value
            rows_of[(sheet, len(records))] = f"{name}!{title}!{number}"
            records.append(record)
        if records and "id" not in header:
            problems.append(Msg("checklist.problem_at", where=f"{name}!{title}!1",
                                problem=Msg("checklist.no_id", columns=", ".join(columns))))
        tables[sheet] = records
    where = {k: v for k, v in rows_of.items() if k[0] != "items"}
    section_ids = {s.get("id") for s in tables["sections"]}
    for n, item in enumerate(tables["items"]):
        if item.get("section") not in section_ids:
            problems.append(Msg("checklist.problem_at", where=rows_of[("items", n)],
                                problem=Msg("checklist.no_section",
                                            section=item.get("section", ""))))
    if problems:
        raise AnjianError("excel.pack_invalid", file=str(path), problems=Lines(problems))
    by_section: dict[Any, list[int]] = {}
    for n, i in enumerate(tables["items"]):
        by_section.setdefault(i.get("section"), []).append(n)
    sections: list[dict[str, Any]] = []
    flat = 0  # the item's place in the pack, counted over every section
    for s in tables["sections"]:
        items: list[dict[str, Any]] = []
        for n in by_section.pop(s.get("id"), []):
            where[("items", flat)] = rows_of[("items", n)]
            flat += 1
            items.append({k: v for k, v in tables["items"][n].items() if k != "section"})
        sections.append({**s, "items": items})
    data["sections"] = sections
    for sheet in ("rules", "site_categories", "tags", "exceptions", "notes"):
        if tables.get(sheet):
            data[sheet] = tables[sheet]
    return data, where


def import_pack(path: str | Path, out_dir: str | Path) -> Path:
    """Convert a template workbook into a pack data file in ``out_dir``; returns its path."""
    data, where = read_pack(path)
    try:
        pack = Pack.model_validate(data)
    except ValidationError as exc:
        problems = []
        by_id = {(sheet, str(rec.get("id"))): where[(sheet, n)]
                 for sheet in ("rules", "exceptions")
                 for n, rec in enumerate(data.get(sheet, []))}
        flat_items = [i for s in data["sections"] for i in s["items"]]
        by_id |= {("item", str(i.get("id"))): where[("items", n)]
                  for n, i in enumerate(flat_items)}
        for err in exc.errors(include_url=False):
            loc = err["loc"]
            place = Path(path).name
            if len(loc) >= 4 and loc[0] == "sections" and loc[2] == "items":
                flat = sum(len(s["items"]) for s in data["sections"][: int(loc[1])]) + int(loc[3])
                place = where.get(("items", flat), place)
            elif len(loc) >= 2 and isinstance(loc[1], int) and loc[0] in SHEETS:
                place = where.get((str(loc[0]), loc[1]), place)
            field = ".".join(str(x) for x in loc[-1:]) if loc else ""
            for msg, ref in error_msgs(err):
                # a cross-reference names the object it is about: its row, not the pack's
                at = place if ref is None else by_id.get(
                    ({"rule": "rules", "exception": "exceptions"}.get(ref.kind, ref.kind),
                     ref.id), place)
                problems.append(Msg("checklist.problem", where=at, field=field, problem=msg)
                                if field else Msg("checklist.problem_at", where=at,
                                                  problem=msg))
        raise AnjianError("excel.pack_invalid", file=str(path),
                          problems=Lines(problems)) from None
    out = Path(out_dir)
    target = out / f"{pack.id.replace('-', '_')}.yaml"
    body = f"# Converted from {Path(path).name} by anjian import pack.\n" + yaml.dump(
        pack.model_dump(mode="json", exclude_defaults=True), Dumper=_DUMPER,
        allow_unicode=True, sort_keys=False, width=100)
    size = len(body.encode("utf-8"))
    if size > MAX_PACK_BYTES:
        raise AnjianError("excel.pack_too_large", file=str(path), size=size,
                          limit=MAX_PACK_BYTES)
    try:
        parse_pack(body, str(target))  # what is written must load: the same limits apply
    except PackFileError as exc:
        raise AnjianError("excel.pack_invalid", file=str(path),
                          problems=Lines(exc.problems)) from None
    if out.exists() and not out.is_dir():
        raise AnjianError("io.write", file=str(out), reason=Msg("io.not_a_folder"))
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise AnjianError("io.write", file=str(target), reason=os_reason(exc)) from None
    return replace(target, lambda fh: fh.write(body.encode("utf-8")))
