"""Hostile files for the fuzz tests, built directly: workbooks written as their XML parts (so
a cell can hold anything, a sheet can have a million rows in a second, and a part can lie
about its size), and YAML/JSON documents shaped to hurt a parser."""

from __future__ import annotations

import datetime as dt
import sqlite3
import struct
import zipfile
import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from hypothesis import strategies as st

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/>{sheets}</Types>')
_SHEET_TYPE = ('<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="application/'
               'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>')
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets>{sheets}</sheets></workbook>')
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '{rels}</Relationships>')
_SHEET_REL = ('<Relationship Id="rId{n}" Type="http://schemas.openxmlformats.org/'
              'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{n}.xml"/>')
SHEET_HEAD = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
              '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
              '{dimension}<sheetData>')
SHEET_TAIL = "</sheetData></worksheet>"


@dataclass(frozen=True)
class Raw:
    """Cell XML written as it is (a broken type, a formula, an entity, a reference)."""

    xml: str


def column(n: int) -> str:
    """Column letters of 1-based column ``n`` (1 → A, 27 → AA)."""
    letters = ""
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def cell_xml(ref: str, value: Any) -> str:
    """One ``<c>`` element: text inline (never a formula, whatever it starts with), numbers,
    booleans and dates typed as a spreadsheet types them."""
    if isinstance(value, Raw):
        return value.xml
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | float):
        return f'<c r="{ref}"><v>{value!r}</v></c>'
    if isinstance(value, dt.date):
        return f'<c r="{ref}" t="d"><v>{value.isoformat()}</v></c>'
    return (f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escape(str(value))}'
            "</t></is></c>")


def row_xml(number: int, values: Sequence[Any]) -> str:
    cells = "".join(cell_xml(f"{column(n)}{number}", v)
                    for n, v in enumerate(values, start=1) if v is not None)
    return f'<row r="{number}">{cells}</row>'


def sheet_xml(rows: Iterable[Sequence[Any]], dimension: str | None = None) -> Iterator[bytes]:
    """A worksheet's XML in chunks, for rows given as values."""
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    yield SHEET_HEAD.format(dimension=dim).encode()
    chunk: list[str] = []
    for number, values in enumerate(rows, start=1):
        chunk.append(row_xml(number, values))
        if len(chunk) == 10_000:
            yield "".join(chunk).encode()
            chunk = []
    yield ("".join(chunk) + SHEET_TAIL).encode()


def write_xlsx(path: Path, sheets: dict[str, Iterable[bytes] | bytes]) -> Path:
    """A workbook of the given sheets (name → worksheet XML, whole or in chunks), deflated."""
    names = list(sheets)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _CONTENT_TYPES.format(sheets="".join(
            _SHEET_TYPE.format(n=n) for n in range(1, len(names) + 1))))
        z.writestr("_rels/.rels", _ROOT_RELS)
        z.writestr("xl/workbook.xml", _WORKBOOK.format(sheets="".join(
            f'<sheet name="{escape(name, {chr(34): "&quot;"})}" sheetId="{n}" r:id="rId{n}"/>'
            for n, name in enumerate(names, start=1))))
        z.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS.format(rels="".join(
            _SHEET_REL.format(n=n) for n in range(1, len(names) + 1))))
        for n, name in enumerate(names, start=1):
            body = sheets[name]
            with z.open(f"xl/worksheets/sheet{n}.xml", "w", force_zip64=True) as fh:
                for chunk in [body] if isinstance(body, bytes) else body:
                    fh.write(chunk)
    return path


def workbook(path: Path, sheets: dict[str, Iterable[Sequence[Any]]],
             dimension: str | None = None) -> Path:
    """A workbook of sheets given as rows of values."""
    return write_xlsx(path, {name: sheet_xml(rows, dimension) for name, rows in sheets.items()})


def deflate_bomb(path: Path, size: int) -> Path:
    """A workbook whose sheet is ``size`` bytes of zeros (up to 4 GiB) deflated to about a
    thousandth of that, written without compressing it: one deflate block of 1 MiB of zeros,
    flushed so that it stands alone, repeated."""
    mib = 1 << 20
    assert size % mib == 0 and size < 1 << 32
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = packer.compress(b"0" * mib) + packer.flush(zlib.Z_FULL_FLUSH)
    data = block * (size // mib) + zlib.compressobj(9, zlib.DEFLATED, -15).flush()
    crc = 0
    zeros = b"0" * mib
    for _ in range(size // mib):
        crc = zlib.crc32(zeros, crc)
    parts = [("[Content_Types].xml", _CONTENT_TYPES.format(sheets=_SHEET_TYPE.format(n=1))),
             ("_rels/.rels", _ROOT_RELS),
             ("xl/workbook.xml", _WORKBOOK.format(
                 sheets='<sheet name="Sheet1" sheetId="1" r:id="rId1"/>')),
             ("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS.format(rels=_SHEET_REL.format(n=1)))]
    entries: list[tuple[str, bytes, int, int, int]] = []  # name, packed, size, crc, method
    for name, text in parts:
        raw = text.encode()
        entries.append((name, raw, len(raw), zlib.crc32(raw), 0))
    entries.append(("xl/worksheets/sheet1.xml", data, size, crc, 8))
    with path.open("wb") as fh:
        central = b""
        for name, packed, unpacked, checksum, method in entries:
            offset = fh.tell()
            header = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, method, 0, 0x21, checksum,
                                 len(packed), unpacked, len(name), 0)
            fh.write(header + name.encode() + packed)
            central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, method, 0,
                                   0x21, checksum, len(packed), unpacked, len(name), 0, 0, 0,
                                   0, 0, offset) + name.encode()
        start = fh.tell()
        fh.write(central)
        fh.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries),
                             len(central), start, 0))
    return path


def table(db: Path, name: str = "enterprise") -> list[tuple[Any, ...]]:
    """Every row of a table of the SQLite file ``db``, sorted: what a refused import must
    leave exactly as it was."""
    conn = sqlite3.connect(db)
    try:
        return sorted(conn.execute(f"SELECT * FROM {name}").fetchall(), key=repr)
    finally:
        conn.close()


def enterprises(db: Path) -> dict[str, str]:
    """Credit code → name of every enterprise in the SQLite file ``db``."""
    conn = sqlite3.connect(db)
    try:
        return dict(conn.execute("SELECT uscc, name FROM enterprise").fetchall())
    finally:
        conn.close()


def billion_laughs(levels: int = 9) -> str:
    """YAML whose nine short lines expand to 9**levels strings."""
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for n in range(1, levels):
        lines.append(f"a{n}: &a{n} [" + ", ".join([f"*a{n - 1}"] * 9) + "]")
    return "id: laughs\n" + "\n".join(lines) + "\n"


def damaged(good: bytes, data: Any) -> bytes:
    """``good`` cut short, or with one byte changed, where hypothesis's ``data`` draws."""
    at = data.draw(st.integers(0, len(good) - 1))
    if data.draw(st.booleans()):
        return good[:at]
    changed = bytearray(good)
    changed[at] ^= data.draw(st.integers(1, 255))
    return bytes(changed)


#: Bytes an importer may be handed as a workbook: anything, a zip header, an OLE2 header.
RANDOM_WORKBOOK_BYTES = (st.binary(max_size=400)
                         | st.binary(max_size=400).map(lambda b: b"PK\x03\x04" + b)
                         | st.binary(max_size=200).map(lambda b: b"\xd0\xcf\x11\xe0" + b))
