"""Writing cells safely and readably: text that could run as a formula stays text, columns fit
Chinese text, and workbooks are opened only within limits."""

from __future__ import annotations

import unicodedata
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from core.i18n import AnjianError

#: A value a spreadsheet would run as a formula (or DDE) when it begins with one of these.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

MAX_ROWS = 1_000_000
MAX_UNCOMPRESSED = 200 * 1024 * 1024


def cell(ws: Any, value: Any, style: Any = None) -> Any:
    """A write-only cell; a string that a spreadsheet would run as a formula is kept as text."""
    from openpyxl.cell import WriteOnlyCell

    c = WriteOnlyCell(ws, value=value)
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        c.data_type = "s"
        c.quotePrefix = True  # shown as typed, and stays text if edited in Excel
    if style is not None:
        for key, val in style.items():
            setattr(c, key, val)
    return c


def safe(ws: Any, value: Any) -> Any:
    """``value`` as it is, or as a text cell when a spreadsheet would run it as a formula
    (the fast path for large sheets: most values need no cell object)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return cell(ws, value)
    return value


def display_width(text: str) -> int:
    """Terminal-like width: CJK and full-width characters count two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def column_widths(rows: Iterable[Sequence[Any]], minimum: int = 6,
                  maximum: int = 60) -> list[float]:
    """Widths that fit the longest line of each column (capped; long text wraps)."""
    widths: list[int] = []
    for row in rows:
        for n, value in enumerate(row):
            text = "" if value is None else str(value)
            w = max((display_width(line) for line in text.splitlines()), default=0)
            if n >= len(widths):
                widths.append(w)
            else:
                widths[n] = max(widths[n], w)
    return [min(max(w + 2, minimum), maximum) for w in widths]


def check_workbook(path: str | Path, *, max_uncompressed: int = MAX_UNCOMPRESSED) -> None:
    """Refuse, before loading, a file that is not a workbook, is encrypted, or would unpack
    beyond the limits (a zip bomb or a far too large sheet)."""
    p = Path(path)
    if not p.is_file():
        raise AnjianError("excel.missing", file=str(path))
    with p.open("rb") as fh:
        head = fh.read(8)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise AnjianError("excel.encrypted", file=str(path))
    if not zipfile.is_zipfile(p):
        raise AnjianError("excel.not_workbook", file=str(path))
    try:
        with zipfile.ZipFile(p) as z:
            names = z.namelist()
            if "xl/workbook.xml" not in names:
                raise AnjianError("excel.not_workbook", file=str(path))
            total = sum(i.file_size for i in z.infolist())
            if total > max_uncompressed:
                raise AnjianError("excel.too_large", file=str(path), size=total,
                                  limit=max_uncompressed)
            for info in z.infolist():
                if info.filename.startswith("xl/worksheets/") and info.compress_size and \
                        info.file_size / info.compress_size > 1000:
                    raise AnjianError("excel.too_large", file=str(path), size=info.file_size,
                                      limit=max_uncompressed)
    except zipfile.BadZipFile:
        raise AnjianError("excel.not_workbook", file=str(path)) from None


@contextmanager
def open_rows(path: str | Path, sheet: str | None = None, *, max_rows: int = MAX_ROWS
              ) -> Iterator[tuple[str, Iterator[tuple[Any, ...]]]]:
    """(sheet name, its rows as they are read) of a checked workbook opened read-only, for a
    ``with`` block: rows stream from the file, so a large sheet is never held whole; reading
    more than ``max_rows`` is refused."""
    from openpyxl import load_workbook

    check_workbook(path)
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # a damaged workbook: say so, never a traceback
        raise AnjianError("excel.damaged", file=str(path), reason=str(exc)) from None
    try:
        if sheet is not None and sheet not in wb.sheetnames:
            raise AnjianError("excel.no_sheet", file=str(path), sheet=sheet,
                              sheets=", ".join(wb.sheetnames))
        ws = wb[sheet] if sheet is not None else wb.worksheets[0]

        def rows() -> Iterator[tuple[Any, ...]]:
            for n, row in enumerate(ws.iter_rows(values_only=True), start=1):
                if n > max_rows:
                    raise AnjianError("excel.too_many_rows", file=str(path), limit=max_rows)
                yield row

        yield ws.title, rows()
    finally:
        wb.close()


def sheet_rows(path: str | Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every sheet's rows of a checked workbook."""
    from openpyxl import load_workbook

    check_workbook(path)
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:
        raise AnjianError("excel.damaged", file=str(path), reason=str(exc)) from None
    try:
        out: dict[str, list[tuple[Any, ...]]] = {}
        total = 0
        for ws in wb.worksheets:
            rows = []
            for row in ws.iter_rows(values_only=True):
                rows.append(row)
                total += 1
                if total > MAX_ROWS:
                    raise AnjianError("excel.too_many_rows", file=str(path), limit=MAX_ROWS)
            out[ws.title] = rows
        return out
    finally:
        wb.close()
