"""What the hand-over workbooks share: header and cell styles, a table with its header
frozen, an auto-filter and widths that fit Chinese text, rows as tall as their wrapped text,
the page set up for print (one page wide, the header on every page, the audit chain's head and
the page number in the footer), times in Beijing time, and the line citing the audit chain's
head a document was made under."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from typing import Any

from core.excel.cells import cell, column_widths
from core.i18n import Lang, t
from core.views.audit import ChainHead

STATUS_FILL = {"compliant": "C6EFCE", "noncompliant": "FFC7CE", "not_applicable": "EDEDED"}
VERDICT_COLOUR = {"major": "C00000", "not_major": "007A33", "incomplete": "B36B00",
                  "excluded": "1F4E79", "checklist": "404040"}
HEADER_FILL = "1F4E79"

#: Paper sizes (the codes of the workbook format): A4 for everything but the ledger, whose
#: twenty-odd columns are read on A3 (a 隐患台账 is printed on A3 landscape in most bureaus;
#: on A4 it would shrink to 5-point text).
A4, A3 = "9", "8"
#: Columns (in character widths) that fit across a portrait A4 page at full size with the
#: margins below; a wider sheet prints landscape.
PORTRAIT_WIDTH = 95
#: Margins in inches: narrow, as office templates for tables are.
MARGINS = {"left": 0.4, "right": 0.4, "top": 0.6, "bottom": 0.7, "header": 0.3, "footer": 0.3}
#: Points a line of wrapped 11-point text takes (CJK fonts: 宋体, 等线, Noto Sans CJK run to
#: about 1.45 times their size), and what a row adds above and below its lines.
LINE_PT = 16.0
PAD_PT = 3.0
#: Character widths a wrapped cell loses to its padding (and a wrapped line to a word that
#: does not fit): what is left is what the estimate fills.
CELL_PAD = 1.5
#: The widest a column of wrapped text is made (characters): wider, a sheet of several such
#: columns would print too small when fitted to the page's width.
WRAPPED_MAX = 40

#: Beijing time (China has kept UTC+8 without daylight saving since 1991): the zone database's
#: when it is installed (Windows may have none without the tzdata package), else the offset.
try:
    from zoneinfo import ZoneInfo

    BEIJING: dt.tzinfo = ZoneInfo("Asia/Shanghai")
except Exception:  # pragma: no cover - a system without a zone database
    BEIJING = dt.timezone(dt.timedelta(hours=8), "CST")


def chain_line(head: ChainHead, lang: Lang) -> str:
    """The audit chain's head as a document prints it: ``审计链 #<seq> <16 hex digits>``."""
    return t("xl.chain_head", lang, seq=head.seq, hash=head.shown)


def beijing(at: dt.datetime | None) -> dt.datetime | None:
    """A stored time (UTC; a time without a zone is UTC) as Beijing time, to the second and
    without a zone, as a cell holds it."""
    if at is None:
        return None
    if at.tzinfo is None:
        at = at.replace(tzinfo=dt.UTC)
    return at.astimezone(BEIJING).replace(tzinfo=None, microsecond=0)


def beijing_day(at: dt.datetime | None) -> dt.date | None:
    """The day a stored time falls on in Beijing."""
    local = beijing(at)
    return local.date() if local is not None else None


def styles() -> dict[str, Any]:
    from openpyxl.styles import Alignment, Font, PatternFill

    return {"header": {"font": Font(bold=True, color="FFFFFF"),
                       "fill": PatternFill("solid", fgColor=HEADER_FILL),
                       "alignment": Alignment(vertical="center", wrap_text=True)},
            # every cell of a row at its top, beside text wrapped over several lines
            "wrap": {"alignment": Alignment(vertical="top", wrap_text=True)},
            "top": {"alignment": Alignment(vertical="top")},
            "date": {"number_format": "yyyy-mm-dd",
                     "alignment": Alignment(vertical="top", horizontal="left")},
            "time": {"number_format": "yyyy-mm-dd hh:mm:ss",
                     "alignment": Alignment(vertical="top", horizontal="left")},
            "title": {"font": Font(bold=True, size=16)}}


def fill(colour: str) -> Any:
    from openpyxl.styles import PatternFill

    return PatternFill("solid", fgColor=colour)


def text_width(text: str) -> float:
    """How wide ``text`` prints in character widths, fast enough for every cell of a ledger of
    a million rows: a character of three or four bytes in UTF-8 (CJK, full-width
    punctuation) counts two, ASCII one, others one and a half (never less than they take)."""
    return (len(text) + len(text.encode("utf-8"))) / 2


def lines(value: Any, width: float) -> int:
    """Lines ``value`` wraps to in a column ``width`` characters wide (one for a non-text)."""
    if not isinstance(value, str) or not value:
        return 1
    usable = max(width - CELL_PAD, 1.0)
    if len(value) * 2 <= usable and "\n" not in value:  # the usual short value: one line
        return 1
    return sum(max(1, math.ceil(text_width(part) / usable)) for part in value.split("\n"))


def row_lines(values: Sequence[Any], widths: Sequence[float],
              wrapped: Sequence[int]) -> list[int]:
    """The lines each of the columns ``wrapped`` takes in a row of ``values``."""
    return [lines(values[n], widths[n]) if n < len(values) else 1 for n in wrapped]


def lines_height(most: int) -> float | None:
    """The height (points) of a row whose tallest cell has ``most`` lines; None for one."""
    return most * LINE_PT + PAD_PT if most > 1 else None


def height(values: Sequence[Any], widths: Sequence[float],
           wrapped: Sequence[int] | set[int] | range) -> float | None:
    """The height (points) a row needs for the wrapped text of its columns ``wrapped``, or
    None for a row of one line (the sheet's default height)."""
    most = 1
    for n in wrapped:
        if n < len(values):
            value = values[n]
            most = max(most, lines(getattr(value, "value", value), widths[n]))
    return most * LINE_PT + PAD_PT if most > 1 else None


def append(ws: Any, row: Sequence[Any], row_height: float | None, number: int) -> None:
    """Append ``row`` as row ``number`` of the write-only sheet ``ws``, ``row_height`` points
    tall (None: the default). A write-only sheet takes a row's height before the row; it is
    forgotten once written (memory stays flat)."""
    if row_height is None:
        ws.append(row)
        return
    from openpyxl.worksheet.dimensions import RowDimension

    ws.row_dimensions[number] = RowDimension(ws, index=number, ht=row_height)
    ws.append(row)
    del ws.row_dimensions[number]


class TallRows:
    """Rows appended to a large write-only sheet, each as tall as its text needs: as
    :func:`append`, with one row dimension reused for every row (a new one per row costs
    as much as writing a cell, on a ledger of a million cells)."""

    def __init__(self, ws: Any) -> None:
        from openpyxl.worksheet.dimensions import RowDimension

        self.ws = ws
        self.dimension = RowDimension(ws, index=1)

    def append(self, row: Sequence[Any], row_height: float | None, number: int) -> None:
        if row_height is None:
            self.ws.append(row)
            return
        dims, dimension = self.ws.row_dimensions, self.dimension
        dimension.index, dimension.ht = number, row_height
        dims[number] = dimension
        self.ws.append(row)
        del dims[number]


def set_widths(ws: Any, widths: Sequence[float]) -> None:
    from openpyxl.utils import get_column_letter

    for n, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(n)].width = width


def print_setup(ws: Any, lang: Lang, made_under: str, widths: Sequence[float], *,
                title_rows: str, paper: str = A4) -> None:
    """Print one page wide and as many pages down as the sheet needs, landscape when wider
    than a portrait page; ``title_rows`` (``"1:1"``) repeated at the top of every page; the
    audit chain's head in the footer's middle, the sheet's name and page number at its right.
    (Call it before the first row: a write-only sheet writes its properties then.)"""
    from openpyxl.worksheet.page import PageMargins

    ws.page_setup.paperSize = paper
    ws.page_setup.orientation = "landscape" if sum(widths) > PORTRAIT_WIDTH else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0  # as many pages down as it takes
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins = PageMargins(**MARGINS)
    ws.print_title_rows = title_rows
    ws.oddFooter.center.text = made_under
    ws.oddFooter.right.text = t("xl.page", lang)


def table(ws: Any, header: list[str], rows: list[list[Any]], styles: dict[str, Any],
          lang: Lang, made_under: str, wrap_cols: set[int] | None = None,
          fills: list[str | None] | None = None) -> None:
    """Header, rows (each with an optional fill colour), frozen header, auto-filter, widths
    that fit Chinese text (long text wraps, in rows as tall as it needs), printed one page
    wide with the header on every page. (Write-only sheets take layout before their first
    row.)"""
    from openpyxl.utils import get_column_letter

    wrap = wrap_cols or set()
    widths = [min(w, WRAPPED_MAX) if n in wrap else w
              for n, w in enumerate(column_widths([header, *rows]))]
    set_widths(ws, widths)
    print_setup(ws, lang, made_under, widths, title_rows="1:1")
    ws.print_options.gridLines = True  # each row boxed on paper
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(header))}{len(rows) + 1}"
    append(ws, [cell(ws, h, styles["header"]) for h in header],
           height(header, widths, range(len(header))), 1)
    for number, row in enumerate(rows):
        colour = fills[number] if fills else None
        out = []
        for n, value in enumerate(row):
            style = dict(styles["wrap"] if n in wrap else styles["top"])
            if isinstance(value, dt.datetime):
                style |= styles["time"]
            elif isinstance(value, dt.date):
                style |= styles["date"]
            if colour:
                style["fill"] = fill(colour)
            out.append(cell(ws, value, style))
        append(ws, out, height(row, widths, wrap), number + 2)
