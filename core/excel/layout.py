"""What the hand-over workbooks share: header and cell styles, a table with its header
frozen, an auto-filter and widths that fit Chinese text, and the line citing the audit chain's
head a document was made under."""

from __future__ import annotations

import datetime as dt
from typing import Any

from core.excel.cells import cell, column_widths
from core.i18n import Lang, t
from core.views.audit import ChainHead

STATUS_FILL = {"compliant": "C6EFCE", "noncompliant": "FFC7CE", "not_applicable": "EDEDED"}
VERDICT_COLOUR = {"major": "C00000", "not_major": "007A33", "incomplete": "B36B00",
                  "excluded": "1F4E79"}
HEADER_FILL = "1F4E79"


def chain_line(head: ChainHead, lang: Lang) -> str:
    """The audit chain's head as a document prints it: ``审计链 #<seq> <16 hex digits>``."""
    return t("xl.chain_head", lang, seq=head.seq, hash=head.shown)


def styles() -> dict[str, Any]:
    from openpyxl.styles import Alignment, Font, PatternFill

    return {"header": {"font": Font(bold=True, color="FFFFFF"),
                       "fill": PatternFill("solid", fgColor=HEADER_FILL),
                       "alignment": Alignment(vertical="center", wrap_text=True)},
            "wrap": {"alignment": Alignment(vertical="top", wrap_text=True)},
            "date": {"number_format": "yyyy-mm-dd"},
            "title": {"font": Font(bold=True, size=16)}}


def fill(colour: str) -> Any:
    from openpyxl.styles import PatternFill

    return PatternFill("solid", fgColor=colour)


def table(ws: Any, header: list[str], rows: list[list[Any]], styles: dict[str, Any],
           wrap_cols: set[int] | None = None, fills: list[str | None] | None = None) -> None:
    """Header, rows (each with an optional fill colour), frozen header, auto-filter, widths
    that fit Chinese text. (Write-only sheets take layout before their first row.)"""
    from openpyxl.utils import get_column_letter

    for n, width in enumerate(column_widths([header, *rows]), start=1):
        ws.column_dimensions[get_column_letter(n)].width = width
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(header))}{len(rows) + 1}"
    ws.append([cell(ws, h, styles["header"]) for h in header])
    for number, row in enumerate(rows):
        colour = fills[number] if fills else None
        out = []
        for n, value in enumerate(row):
            style = dict(styles["wrap"]) if wrap_cols and n in wrap_cols else {}
            if isinstance(value, dt.date):
                style |= styles["date"]
            if colour:
                style["fill"] = fill(colour)
            out.append(cell(ws, value, style or None))
        ws.append(out)


