"""Packs in a workbook a sector expert fills in (检查表模板), and any pack written back in it, so
that export → import gives back an equal pack.

The workbook has an instructions sheet (说明), the pack's own fields as 字段/值 rows (检查表),
and one table a kind of row: sections, items, sub-checks (one row each, with its path ``2`` or
``2/a``), measured limits (one row each), tags, site categories, rules, exceptions, notes,
links to other packs' items (构成), links to the previous version's items (前序) and, for an
overlay, additions to the official items (补充). Its layout is :mod:`core.excel.template_layout`.
Names and values are written in the reader's language; the reader takes either back.

Importing (:mod:`core.excel.template_read` reads the workbook) checks every cell and every
reference between sheets first, then the pack model's own rules and, for an overlay, the
official pack it extends; each problem is reported as ``sheet!row: column: problem``, and a
pack file is written only when there is none.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from core.excel.cells import cell, column_widths, display_width
from core.excel.layout import height
from core.excel.saving import replace, save_workbook
from core.excel.template_layout import (
    CHOICES,
    FIELD_OF,
    ORDER,
    PACK_FIELDS,
    REF_RANGES,
    TABLE_SHEETS,
    TABLES,
    Col,
    KnownPack,
    choice_label,
    column_help,
    column_name,
    sheet_columns,
    sheet_name,
)
from core.excel.template_read import (
    MAX_PACK_ROWS,
    MAX_PROBLEMS,
    model_problems,
    overlay_refusals,
    read_pack,
)
from core.i18n import AnjianError, Lang, Lines, Listed, Msg, os_reason, t
from core.pack.loader import MAX_PACK_BYTES, PackFileError, parse_pack
from core.pack.model import WORDINGS, Comparison, Pack

__all__ = ["MAX_PACK_ROWS", "KnownPack", "export_pack", "import_pack", "read_pack",
           "sheet_columns"]

#: The last row the drop-down lists and the named ranges cover.
LAST_ROW = 5000
#: The C emitter when PyYAML has it: the same text, ten times faster on a large pack.
_DUMPER: type[yaml.SafeDumper] = getattr(yaml, "CSafeDumper", yaml.SafeDumper)

#: Columns left empty when they hold the model's default (an empty cell reads back as it).
_QUIET = {"combine": "any", "device_failure": False, "record_parts": True, "relative": False,
          "requirement": False}


# --- writing ----------------------------------------------------------------------------------


def _records(pack: Pack | None) -> dict[str, list[dict[str, Any]]]:
    """The rows of each table sheet, as field → value."""
    out: dict[str, list[dict[str, Any]]] = {s: [] for s in TABLE_SHEETS}
    if pack is None:
        return out

    def row(sheet: str, obj: Any, **given: Any) -> None:
        out[sheet].append({c.field: given[c.field] if c.field in given
                           else getattr(obj, FIELD_OF.get((sheet, c.field), c.field), None)
                           for c in TABLES[sheet]})

    for section in pack.sections:
        row("sections", section)
        for item in section.items:
            row("items", item, section=section.id)
            if item.measure is not None:
                row("measures", item.measure, item=item.id, path="")
            for path, check in item.parts():
                row("checks", check, item=item.id, path=path)
                if check.measure is not None:
                    row("measures", check.measure, item=item.id, path=path)
            for link in item.constitutes:
                row("constitutes", link, item=item.id)
            for pred in item.predecessors:
                row("predecessors", pred, item=item.id, values=tuple(pred.values.items()))
    for sheet in ("tags", "site_categories", "rules", "exceptions", "notes", "amend"):
        for obj in getattr(pack, sheet):
            row(sheet, obj)
    return out


def _shown(col: Col, value: Any, lang: Lang) -> Any:
    """A value as its cell shows it (None: an empty cell)."""
    if value is None or value == "" or value == () or value == {}:
        return None
    if col.field in _QUIET and value == _QUIET[col.field]:
        return None
    match col.kind:
        case "ids" | "lines":
            return "\n".join(value)
        case "pairs":
            return "\n".join(f"{a} \u2192 {b}" for a, b in value)
        case "choice":
            raw = ("yes" if value else "no") if isinstance(value, bool) else str(
                getattr(value, "value", value))
            return choice_label(col.choices, raw, lang)
        case "number":
            return int(value) if float(value).is_integer() and abs(value) < 2**53 else value
    return value


class _Styles:
    """The cell styles the template uses, made once."""

    def __init__(self) -> None:
        from openpyxl.styles import Alignment, Font, PatternFill

        top = Alignment(vertical="top", wrap_text=True)
        self.required = {"font": Font(bold=True), "alignment": top,
                         "fill": PatternFill("solid", fgColor="FCE4D6")}
        self.optional = {"font": Font(bold=True), "alignment": top,
                         "fill": PatternFill("solid", fgColor="DDEBF7")}
        self.title = {"font": Font(bold=True, size=14)}
        self.heading = {"font": Font(bold=True, size=12)}
        self.bold = {"font": Font(bold=True), "alignment": top}
        self.wrap = {"alignment": top}
        self.date = {"alignment": top, "number_format": "yyyy-mm-dd"}


def _put(ws: Any, values: Sequence[Any], styles: Sequence[Any] | Any = None) -> None:
    """Append a row; each value a text-safe cell with its style."""
    if not isinstance(styles, list | tuple):
        styles = [styles] * len(values)
    ws.append([cell(ws, v, s) for v, s in zip(values, styles, strict=True)])


def _letter(n: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(n))


def export_pack(pack: Pack | None, out: str | Path, lang: Lang = "zh", *,
                installed: Sequence[KnownPack] = ()) -> Path:
    """Write ``pack`` in the checklist template in ``lang`` (``None``: the blank template).
    ``installed`` are listed on the instructions sheet and offered for 构成."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)
    styles = _Styles()
    names = {key: sheet_name(key, lang) for key in ORDER}
    packs_at = _write_instructions(wb.create_sheet(names["instructions"]), lang, installed,
                                   styles)
    _write_pack_sheet(wb.create_sheet(names["pack"]), pack, lang, styles)
    records = _records(pack)
    for sheet in TABLE_SHEETS:
        _write_table(wb.create_sheet(names[sheet]), sheet, records[sheet], lang, styles)
    _name_ranges(wb, names, packs_at)
    return save_workbook(wb, out)


def _write_instructions(ws: Any, lang: Lang, installed: Sequence[KnownPack],
                        styles: _Styles) -> tuple[int, int] | None:
    """The instructions sheet: how to fill in the workbook, every sheet and column, the limit
    words and the installed packs; returns the rows of the installed packs' ids."""
    _put(ws, [t("tpl.title", lang), None, None], styles.title)
    _paragraphs(ws, t("tpl.intro", lang), styles)
    _put(ws, [None, None, None])
    _put(ws, [t("tpl.sheets_heading", lang), None, None], styles.heading)
    _put(ws, [t("tpl.col_sheet", lang), t("tpl.col_column", lang), t("tpl.col_about", lang)],
         styles.optional)
    for sheet in ORDER[1:]:
        _put(ws, [sheet_name(sheet, lang), None, t(f"tpl.about.{sheet}", lang)],
             [styles.bold, None, styles.wrap])
        _tall(ws, _GUIDE_WIDTHS)
        cols = PACK_FIELDS if sheet == "pack" else TABLES[sheet]
        for col in cols:
            _put(ws, [None, column_name(sheet, col.field, lang), _about(sheet, col, lang)],
                 [None, styles.wrap, styles.wrap])
            _tall(ws, _GUIDE_WIDTHS)
    _put(ws, [None, None, None])
    _put(ws, [t("tpl.wordings_heading", lang), None, None], styles.heading)
    _paragraphs(ws, t("tpl.wordings_intro", lang), styles)
    _put(ws, [t("tpl.col.wording", lang), t("tpl.col.op", lang), t("tpl.inclusive", lang)],
         styles.optional)
    for word, op in WORDINGS.items():
        inclusive = op in (Comparison.ge, Comparison.le)
        _put(ws, [word, op.value, choice_label("bool", "yes" if inclusive else "no", lang)])
    _put(ws, [None, None, None])
    _put(ws, [t("tpl.installed_heading", lang), None, None], styles.heading)
    _put(ws, [t("tpl.col.id", lang), t("tpl.field.version", lang),
              t("tpl.field.title_zh", lang)], styles.optional)
    first = ws.max_row + 1
    for known in installed:
        _put(ws, [known.id, known.version, known.title_zh])
    _fit(ws, _GUIDE_WIDTHS, lang)
    return (first, ws.max_row) if installed else None


#: The instructions sheet's columns: sheet, column, what it means.
_GUIDE_WIDTHS = (24.0, 28.0, 96.0)


def _paragraphs(ws: Any, text: str, styles: _Styles) -> None:
    """Lines of text, each across the instructions sheet's three columns, wrapped."""
    for line in text.split("\n"):
        _put(ws, [line, None, None], [styles.wrap, None, None])
        ws.merge_cells(start_row=ws.max_row, end_row=ws.max_row, start_column=1, end_column=3)
        ws.row_dimensions[ws.max_row].height = height([line], [sum(_GUIDE_WIDTHS)], [0])


def _fit(ws: Any, widths: Sequence[float], lang: Lang, *, wrapped: Sequence[int] = (),
         first: int = 1) -> None:
    """Set the columns' widths, the heights of rows from ``first`` whose ``wrapped`` columns
    need more than a line, and print one page wide with the header on every page."""
    from core.excel.layout import print_setup, set_widths

    set_widths(ws, widths)
    if wrapped:
        for number, row in enumerate(ws.iter_rows(min_row=first, values_only=True),
                                     start=first):
            tall = height(row, widths, wrapped)
            if tall is not None:
                ws.row_dimensions[number].height = tall
    print_setup(ws, lang, "", widths, title_rows="1:1")


def _tall(ws: Any, widths: Sequence[float]) -> None:
    """Make the last row as tall as its wrapped text needs."""
    row = [c.value for c in ws[ws.max_row]]
    tall = height(row, widths, range(len(widths)))
    if tall is not None:
        ws.row_dimensions[ws.max_row].height = tall


def _about(sheet: str, col: Col, lang: Lang) -> str:
    """A column's help with what it must or may hold."""
    parts = [column_help(sheet, col.field, lang)]
    if col.required:
        parts.insert(0, t("tpl.required_mark", lang))
    if col.kind == "choice" and col.choices not in ("wording",):
        parts.append(t("tpl.choices", lang, values=Listed(
            choice_label(col.choices, v, lang) for v in CHOICES[col.choices])))
    return ("" if lang == "zh" else " ").join(parts)


def _write_pack_sheet(ws: Any, pack: Pack | None, lang: Lang, styles: _Styles) -> None:
    _put(ws, [t("tpl.col_field", lang), t("tpl.col_value", lang), t("tpl.col_about", lang)],
         styles.optional)
    for col in PACK_FIELDS:
        value: Any = pack
        for step in col.field.split("."):
            value = getattr(value, step, None)
        style = styles.date if col.kind == "date" else styles.wrap
        _put(ws, [column_name("pack", col.field, lang), _shown(col, value, lang),
                  _about("pack", col, lang)],
             [styles.required if col.required else styles.optional, style, styles.wrap])
    ws.freeze_panes = "B2"
    _fit(ws, (26.0, 50.0, 80.0), lang, wrapped=(1, 2), first=2)


def _write_table(ws: Any, sheet: str, records: list[dict[str, Any]], lang: Lang,
                 styles: _Styles) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    cols = TABLES[sheet]
    header = [column_name(sheet, c.field, lang) for c in cols]
    _put(ws, header, [styles.required if c.required else styles.optional for c in cols])
    body = [styles.date if c.kind == "date" else styles.wrap for c in cols]
    shown = [[_shown(c, r.get(c.field), lang) for c in cols] for r in records]
    for values in shown:
        _put(ws, values, body)
    ws.freeze_panes = "A2"
    widths = [50.0 if col.wide else float(max(w, display_width(h) + 4))
              for col, w, h in zip(cols, column_widths([header, *shown], minimum=8, maximum=40),
                                   header, strict=True)]
    _fit(ws, widths, lang, wrapped=range(len(cols)))
    for n, col in enumerate(cols, start=1):
        where = f"{_letter(n)}2:{_letter(n)}{LAST_ROW}"
        if col.kind == "choice":
            labels = ",".join(choice_label(col.choices, v, lang) for v in CHOICES[col.choices])
            dv = DataValidation(type="list", formula1=f'"{labels}"', allow_blank=True,
                                showErrorMessage=True, errorStyle="stop",
                                error=t("tpl.pick_from_list", lang))
        elif col.ref:
            single = col.kind == "id"
            dv = DataValidation(type="list", formula1=f"anjian_{col.ref}", allow_blank=True,
                                showErrorMessage=single, errorStyle="stop",
                                error=t("tpl.pick_from_list", lang) if single else None)
        else:
            continue
        dv.add(where)
        ws.add_data_validation(dv)


def _name_ranges(wb: Any, names: Mapping[str, str], packs_at: tuple[int, int] | None) -> None:
    """Named ranges over the id columns the drop-downs offer (tags, sections, items …)."""
    from openpyxl.workbook.defined_name import DefinedName

    def define(name: str, sheet: str, letter: str, first: int, last: int) -> None:
        title = sheet.replace("'", "''")
        wb.defined_names[name] = DefinedName(
            name, attr_text=f"'{title}'!${letter}${first}:${letter}${last}")

    for ref, (sheet, fld) in REF_RANGES.items():
        n = [c.field for c in TABLES[sheet]].index(fld) + 1
        define(f"anjian_{ref}", names[sheet], _letter(n), 2, LAST_ROW)
    if packs_at is not None:
        define("anjian_packs", names["instructions"], "A", *packs_at)


def import_pack(path: str | Path, out_dir: str | Path, *,
                installed: Mapping[str, KnownPack] | None = None) -> Path:
    """Convert a template workbook into a pack data file in ``out_dir``; returns its path.
    With ``installed``, links to other packs must name installed packs and their items, and an
    overlay must extend one without weakening or changing it. Nothing is written when anything
    is wrong."""
    data, book = read_pack(path, installed=installed)
    try:
        pack = Pack.model_validate(data)
    except ValidationError as exc:
        raise AnjianError("excel.pack_invalid", file=str(path), problems=Lines(
            model_problems(book, exc), shown=MAX_PROBLEMS)) from None
    if pack.extends is not None and installed is not None \
            and overlay_refusals(book, pack, installed):
        raise AnjianError("excel.pack_invalid", file=str(path),
                          problems=Lines(book.problems, shown=MAX_PROBLEMS))
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
