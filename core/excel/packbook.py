"""Checklists in a spreadsheet: the template a sector expert fills in (one row an item, one a
rule), converted to a pack data file; and any pack written back in the same template, so that
export → import gives back an equal pack."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from core.excel.cells import cell, column_widths, sheet_rows
from core.i18n import AnjianError
from core.model import Pack

META = ("id", "version", "title_zh", "title_en", "standard", "issuer", "sector", "effective",
        "effective_note", "replaces", "series", "superseded_by", "on_site_correction")
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
JSONS = {"checks", "measure", "superseded_by", "on_site_correction"}


def _out(key: str, value: Any) -> Any:
    if key in LISTS:
        return "\n".join(value)
    if key in JSONS:
        return json.dumps(value, ensure_ascii=False) if value not in (None, [], ()) else ""
    if isinstance(value, bool):
        return "yes" if value else ""
    return value


def export_pack(pack: Pack, out: str | Path) -> Path:
    """Write ``pack`` in the checklist template."""
    from openpyxl import Workbook

    data = pack.model_dump(mode="json")
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("pack")
    rows: list[list[Any]] = [["field", "value"]]
    rows += [[k, _out(k, data.get(k))] for k in META]
    for row in rows:
        ws.append([cell(ws, v) for v in row])
    tables: dict[str, list[dict[str, Any]]] = {
        "sections": [{**s, "items": None} for s in data["sections"]],
        "items": [{**i, "section": s["id"]} for s in data["sections"] for i in s["items"]],
    }
    for name in ("rules", "site_categories", "tags", "exceptions", "notes"):
        tables[name] = data.get(name, [])
    for name, columns in SHEETS.items():
        ws = wb.create_sheet(name)
        table = [list(columns)] + [[_out(c, r.get(c)) for c in columns] for r in tables[name]]
        from openpyxl.utils import get_column_letter

        for n, width in enumerate(column_widths(table, maximum=50), start=1):
            ws.column_dimensions[get_column_letter(n)].width = width
        ws.freeze_panes = "A2"
        for row in table:
            ws.append([cell(ws, v) for v in row])
    path = Path(out)
    wb.save(path)
    return path


def _in(key: str, value: Any, where: str) -> Any:
    if value is None or value == "":
        return None
    if key in LISTS:
        return [v.strip() for v in str(value).splitlines() if v.strip()]
    if key in JSONS:
        try:
            return json.loads(str(value))
        except json.JSONDecodeError as exc:
            raise AnjianError("excel.pack_invalid", file=where,
                              problems=f"{where}: {key}: not valid JSON ({exc.msg})") from None
    if key == "device_failure":
        return str(value).strip().lower() in ("yes", "true", "1", "是", "y")
    if key == "threshold":
        return int(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value) if not isinstance(value, str) else value


def read_pack(path: str | Path) -> tuple[dict[str, Any], dict[tuple[str, int], str]]:
    """The pack data in a template workbook, and where each row came from (for errors)."""
    sheets = sheet_rows(path)
    name = Path(path).name
    for needed in ("pack", "items", "rules", "sections"):
        if needed not in sheets:
            raise AnjianError("excel.no_sheet", file=str(path), sheet=needed,
                              sheets=", ".join(sheets))
    data: dict[str, Any] = {}
    for row in sheets["pack"][1:]:
        if row and row[0]:
            value = _in(str(row[0]), row[1] if len(row) > 1 else None, f"{name}!pack")
            if value is not None:
                data[str(row[0])] = value
    where: dict[tuple[str, int], str] = {}
    tables: dict[str, list[dict[str, Any]]] = {}
    for sheet, columns in SHEETS.items():
        rows = sheets.get(sheet, [])
        header = [str(h or "").strip() for h in (rows[0] if rows else ())]
        records: list[dict[str, Any]] = []
        for number, row in enumerate(rows[1:], start=2):
            if not any(v not in (None, "") for v in row):
                continue
            record = {}
            for n, column in enumerate(header):
                if column in columns and n < len(row):
                    value = _in(column, row[n], f"{name}!{sheet}!{number}")
                    if value is not None:
                        record[column] = value
            where[(sheet, len(records))] = f"{name}!{sheet}!{number}"
            records.append(record)
        tables[sheet] = records
    sections = []
    for s in tables["sections"]:
        items = [{k: v for k, v in i.items() if k != "section"}
                 for i in tables["items"] if i.get("section") == s.get("id")]
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
            if not loc:  # cross-references: one problem per reference, at its row
                for part in err["msg"].removeprefix("Value error, ").split("; "):
                    kind, _, rest = part.partition(" ")
                    ident = rest.split(":")[0]
                    sheet = {"rule": "rules", "exception": "exceptions"}.get(kind, kind)
                    problems.append(f"{by_id.get((sheet, ident), place)}: {part}")
                continue
            if len(loc) >= 4 and loc[0] == "sections" and loc[2] == "items":
                flat = sum(len(s["items"]) for s in data["sections"][: int(loc[1])]) + int(loc[3])
                place = where.get(("items", flat), place)
            elif len(loc) >= 2 and isinstance(loc[1], int) and loc[0] in SHEETS:
                place = where.get((str(loc[0]), loc[1]), place)
            field = ".".join(str(x) for x in loc[-1:]) if loc else ""
            problems.append(f"{place}: {field}: {err['msg'].removeprefix('Value error, ')}")
        raise AnjianError("excel.pack_invalid", file=str(path),
                          problems="\n".join(problems)) from None
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    target = out / f"{pack.id.replace('-', '_')}.yaml"
    body = yaml.safe_dump(pack.model_dump(mode="json", exclude_defaults=True),
                          allow_unicode=True, sort_keys=False, width=100)
    target.write_text(f"# Converted from {Path(path).name} by anjian import pack.\n" + body,
                      encoding="utf-8")
    return target
