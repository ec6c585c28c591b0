"""Writing cells safely and readably: text that could run as a formula stays text, a control
character is written out rather than refused by the workbook, columns fit Chinese text, and
workbooks are opened only within limits."""

from __future__ import annotations

import re
import struct
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from core.i18n import AnjianError
from core.pack.free_text import visible

#: A value a spreadsheet would run as a formula (or DDE) when it begins with one of these.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

#: Rows read from one workbook. Excel itself stops at 1,048,576; a roster of a million
#: enterprises is far beyond any bureau's, and every row held costs memory.
MAX_ROWS = 1_000_000
#: Columns read from each row: a roster or a checklist sheet has a few dozen at most. Bounds
#: the width of every row (a single cell in column XFD would otherwise widen each to 16,384).
MAX_COLUMNS = 64
#: Bytes the whole workbook may unpack to (checked on the zip directory, before unpacking).
MAX_UNCOMPRESSED = 200 * 1024 * 1024
#: Unpacked/packed size of any one part: XML in real workbooks packs 5-50:1, deflate cannot
#: exceed about 1,030:1, so only a part of one repeated byte (a zip bomb) gets here.
MAX_RATIO = 1000
#: Parts (files) in the zip: real workbooks have tens; the zip directory is read into memory.
MAX_PARTS = 10_000

_OLE = b"\xd0\xcf\x11\xe0"
_END_OF_DIRECTORY = b"PK\x05\x06"
#: A row element, with or without a namespace prefix (<row r="1"> or <x:row r="1">).
_ROW_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?row[\s/>][^<>]*")
_ROW_NUMBER = re.compile(rb"\sr\s*=\s*[\"'](\d{1,12})[\"']")


def cell(ws: Any, value: Any, style: Any = None) -> Any:
    """A write-only cell; a string that a spreadsheet would run as a formula is kept as text,
    and a control character (which no workbook may hold) is written out as its escape."""
    from openpyxl.cell import WriteOnlyCell

    if isinstance(value, str):
        value = visible(value)
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
    (the fast path for large sheets: most values need no cell object). Free text is checked
    before it is stored; a control character that is in a workbook's text all the same (stored
    before that check) is written out as its escape rather than stopping the export."""
    if isinstance(value, str):
        value = visible(value)
        if value.startswith(FORMULA_STARTS):
            return cell(ws, value)
    return value


class Styled:
    """The cells of one column of a large write-only sheet, styled once (wrapped text, say):
    one cell object is reused row after row, as a write-only sheet writes each row whole
    before the next is made; a new styled cell per value costs ten times as much. Empty
    values stay empty cells; text a spreadsheet would run as a formula gets a cell of its
    own (kept as text, as :func:`cell` keeps it)."""

    def __init__(self, ws: Any, style: Any) -> None:
        self.ws, self.style = ws, style
        self.reused = cell(ws, None, style)

    def __call__(self, value: Any) -> Any:
        if value is None or value == "":
            return None
        if isinstance(value, str):
            value = visible(value)
            if value.startswith(FORMULA_STARTS):
                return cell(self.ws, value, self.style)
        self.reused.value = value
        return self.reused


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
    beyond the limits (a zip bomb or a far too large sheet). Only the zip directory is read."""
    p = Path(path)
    if not p.exists():
        raise AnjianError("excel.missing", file=str(path))
    if not p.is_file():  # a folder or a device: never read it
        raise AnjianError("excel.not_workbook", file=str(path))
    with p.open("rb") as fh:
        head = fh.read(8)
    if head.startswith(_OLE):
        raise AnjianError("excel.encrypted", file=str(path))
    parts = _declared_parts(p)
    if parts is None:
        raise AnjianError("excel.not_workbook", file=str(path))
    if parts > MAX_PARTS:
        raise AnjianError("excel.too_many_parts", file=str(path), count=parts, limit=MAX_PARTS)
    try:
        with zipfile.ZipFile(p) as z:
            infos = z.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        raise AnjianError("excel.not_workbook", file=str(path)) from None
    if "xl/workbook.xml" not in {i.filename for i in infos}:
        raise AnjianError("excel.not_workbook", file=str(path))
    total = sum(i.file_size for i in infos)
    if total > max_uncompressed:
        raise AnjianError("excel.too_large", file=str(path), size=total, limit=max_uncompressed)
    for info in infos:
        if info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * info.compress_size:
            raise AnjianError("excel.zip_bomb", file=str(path), part=info.filename,
                              packed=info.compress_size, size=info.file_size, ratio=MAX_RATIO)


def _declared_parts(path: Path) -> int | None:
    """The number of parts the zip's end record declares (None: not a zip), read before the
    zip directory itself, whose size that number bounds."""
    size = path.stat().st_size
    with path.open("rb") as fh:
        fh.seek(max(0, size - 65_557))  # the record (22 bytes) and at most a 64 KiB comment
        tail = fh.read()
    at = tail.rfind(_END_OF_DIRECTORY)
    if at < 0 or len(tail) - at < 22:
        return None
    return int(struct.unpack_from("<H", tail, at + 10)[0])  # 0xFFFF: zip64, far over the limit


def _count_rows(archive: zipfile.ZipFile, part: str, stop: int) -> int:
    """The rows of a sheet, from its XML unpacked in chunks (nothing is built), up to a
    little past ``stop``: row elements, or the number of the last row if higher (a reader
    fills the rows a jump in numbers leaves out). A declared dimension may lie; this cannot."""
    count, last, carry = 0, 0, b""
    with archive.open(part) as fh:
        while max(count, last) <= stop and (chunk := fh.read(1 << 20)):
            buf = carry + chunk
            cut = buf.rfind(b"<")  # a tag may run on into the next chunk: keep it for then
            if cut < len(buf) - 512:
                cut = len(buf)
            tags = _ROW_TAG.findall(buf, 0, cut)
            count += len(tags)
            # rows come in order: the chunk's last row has its highest number
            number = _ROW_NUMBER.search(tags[-1]) if tags else None
            last = max(last, int(number[1]) if number else 0)
            carry = buf[cut:]
    return max(count + len(_ROW_TAG.findall(carry)), last)


def _why(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= 200 else text[:200] + "…"


def _open(path: str | Path, max_uncompressed: int) -> Any:
    from openpyxl import load_workbook

    check_workbook(path, max_uncompressed=max_uncompressed)
    try:
        return load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # a damaged workbook: say so, never a traceback
        raise AnjianError("excel.damaged", file=str(path), reason=_why(exc)) from None


def _rows(wb: Any, ws: Any, path: str | Path, max_rows: int, before: int = 0
          ) -> Iterator[tuple[Any, ...]]:
    """The rows of ``ws`` as they are read, each at most :data:`MAX_COLUMNS` wide; more than
    ``max_rows`` with the ``before`` read from other sheets (rows implied by a jump in row
    numbers count too) is refused."""
    # openpyxl's own handles on the zip and the sheet's part in it; should a version rename
    # them, rows are still counted while they are read, only later
    archive, part = getattr(wb, "_archive", None), getattr(ws, "_worksheet_path", None)
    try:
        counted = _count_rows(archive, part, max_rows - before) if archive and part else 0
    except Exception as exc:  # a part that does not unpack (bad CRC, cut short)
        raise AnjianError("excel.unreadable", file=str(path), sheet=ws.title, row=1,
                          reason=_why(exc)) from None
    if before + counted > max_rows:
        raise AnjianError("excel.too_many_rows", file=str(path), limit=max_rows)
    # The declared dimension is not trusted: too small, it would silently cut rows off.
    ws.reset_dimensions()
    source = ws.iter_rows(values_only=True, max_col=MAX_COLUMNS)
    n = 0
    while True:
        try:
            row = next(source)
        except StopIteration:
            return
        except Exception as exc:  # openpyxl raises whatever its parser met: XML, numbers, refs
            raise AnjianError("excel.unreadable", file=str(path), sheet=ws.title, row=n + 1,
                              reason=_why(exc)) from None
        n += 1
        if before + n > max_rows:
            raise AnjianError("excel.too_many_rows", file=str(path), limit=max_rows)
        yield row


@contextmanager
def open_rows(path: str | Path, sheet: str | None = None, *, max_rows: int = MAX_ROWS
              ) -> Iterator[tuple[str, Iterator[tuple[Any, ...]]]]:
    """(sheet name, its rows as they are read) of a checked workbook opened read-only, for a
    ``with`` block: rows stream from the file, so a large sheet is never held whole; reading
    more than ``max_rows`` is refused."""
    wb = _open(path, MAX_UNCOMPRESSED)
    try:
        sheets = [ws for ws in wb.worksheets if sheet is None or ws.title == sheet]
        if not sheets:
            if sheet is None:
                raise AnjianError("excel.no_worksheet", file=str(path))
            raise AnjianError("excel.no_sheet", file=str(path), sheet=sheet,
                              sheets=", ".join(wb.sheetnames))
        yield sheets[0].title, _rows(wb, sheets[0], path, max_rows)
    finally:
        wb.close()


def sheet_rows(path: str | Path, *, max_rows: int = MAX_ROWS,
               max_uncompressed: int = MAX_UNCOMPRESSED) -> dict[str, list[tuple[Any, ...]]]:
    """Every worksheet's rows of a checked workbook, together at most ``max_rows``."""
    wb = _open(path, max_uncompressed)
    try:
        out: dict[str, list[tuple[Any, ...]]] = {}
        for ws in wb.worksheets:
            out[ws.title] = list(_rows(wb, ws, path, max_rows, sum(map(len, out.values()))))
        return out
    finally:
        wb.close()
