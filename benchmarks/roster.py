"""Roster import: 100,000 enterprises from a bureau's spreadsheet through
``core.services.roster.import_enterprises`` (every row validated: credit code and its check
character, required fields, repeats in the file and against the database; one transaction)
into a fresh SQLite store, beside a bare openpyxl read-only pass over the same file.

The workbook is built once (not timed) the way bureaus keep rosters: a title row above the
header, columns 统一社会信用代码 / 名称 / 区县 / 行业 / 地址 / 联系人, valid credit codes
(some typed in lower case, some with spaces), districts and sectors spread unevenly; and laid
out as Excel and WPS save it (shared strings, the sheet's dimension given). The bare pass opens
it with ``load_workbook(read_only=True, data_only=True)`` (how anjian opens it), reads every
row's values and converts each name to pinyin with one plain ``lazy_pinyin`` call: the work any
roster found by pinyin must do, which anjian's search index does (its full pinyin and initials
from one pass, words cached), so the ratio measures anjian's own overhead. Each side is timed
``--repeat`` times, alternately, and its best time kept;
anjian imports into a new database every time. The imported count must equal the row count.

    python -m benchmarks.roster [--scale F] [--repeat N] [--json]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sqlite3
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from benchmarks.stats import DISTRICTS, SECTORS, STEMS, scale_text
from benchmarks.store import _home
from benchmarks.table import Mismatch, Row, Target, add_options, emit
from core.process import credit_code as credit
from core.services.context import Context
from core.services.packs import default_catalogue
from core.services.roster import import_enterprises
from core.store.db import open_store

#: 10,000 rows: at 5,000 the fixed cost of a first import in a process (its statements
#: compiled, the first authorisation, about 0.1 s) was a third of the time and swung the quick
#: ratio between 1.5x and 2x on the same code; the target is set for the full size.
QUICK_SCALE = 0.1
SCALES = (1.0, 0.1, 0.01)
ROWS = 100_000
RATIO = 1.5
TODAY = dt.date(2026, 11, 22)
HEADER = ("统一社会信用代码", "名称", "区县", "行业", "地址", "联系人")



def roster_rows(rows: int, seed: int) -> Iterator[list[str]]:
    """The title, the header and ``rows`` valid, distinct enterprises."""
    rng = random.Random(seed)
    districts = list(DISTRICTS)
    sectors = list(SECTORS)
    d_weights = [DISTRICTS[d][1] for d in districts]
    s_weights = [SECTORS[s][2] for s in sectors]
    yield ["济南市重点监管生产经营单位名单（2026年）"]
    yield list(HEADER)
    codes: set[str] = set()
    while len(codes) < rows:
        district = rng.choices(districts, d_weights)[0]
        sector = rng.choices(sectors, s_weights)[0]
        body = "91" + DISTRICTS[district][0] + "".join(rng.choice(credit.CHARSET)
                                                       for _ in range(9))
        code = body + credit.check_character(body)
        if code in codes:
            continue
        codes.add(code)
        n = len(codes)
        typed = code.lower() if n % 17 == 0 else f"{code[:9]} {code[9:]}" if n % 29 == 0 else code
        stem = rng.choice(STEMS)
        yield [typed, f"济南{stem}{n}{SECTORS[sector][1]}", district, sector,
               f"济南市{district}{stem}路{rng.randint(1, 399)}号",
               f"{rng.choice('王李张刘陈杨赵黄周吴')}经理 0531-{rng.randint(80000000, 89999999)}"]


_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.'
        'openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType='
        '"application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
        'ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="'
        'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override '
        'PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+'
        'xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.styles+xml"/></Types>'),
    "_rels/.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://'
        'schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="'
        'http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
        'Target="xl/workbook.xml"/></Relationships>'),
    "xl/workbook.xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="http://schemas'
        '.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships"><sheets><sheet name="名单" sheetId="1" r:id="rId1"/>'
        '</sheets></workbook>'),
    "xl/_rels/workbook.xml.rels": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://'
        'schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="'
        'http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="'
        'worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
        '<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/styles" Target="styles.xml"/></Relationships>'),
    "xl/styles.xml": (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="http://'
        'schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="1"><font><sz val="11"/>'
        '<name val="等线"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/>'
        '</fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId='
        '"0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="1"><xf numFmtId='
        '"0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs><cellStyles count="1">'
        '<cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'),
}


def build_workbook(path: Path, rows: int, seed: int) -> None:
    """The roster as Excel and WPS save a sheet: text in the shared-strings table, each cell
    naming its entry, and the sheet's dimension given (openpyxl's own writer keeps text in the
    cells and leaves the dimension out, which makes every reader slower than on a real file)."""
    import zipfile
    from xml.sax.saxutils import escape

    strings: dict[str, int] = {}
    body: list[str] = []
    width = len(HEADER)
    for r, values in enumerate(roster_rows(rows, seed), start=1):
        cells = "".join(f'<c r="{chr(65 + c)}{r}" t="s"><v>{strings.setdefault(v, len(strings))}'
                        f"</v></c>" for c, v in enumerate(values))
        body.append(f'<row r="{r}" spans="1:{len(values)}">{cells}</row>')
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    sheet = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet {ns}>'
             f'<dimension ref="A1:{chr(64 + width)}{len(body)}"/><sheetData>{"".join(body)}'
             "</sheetData></worksheet>")
    shared = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst {ns} '
              f'count="{len(body) * width}" uniqueCount="{len(strings)}">'
              + "".join(f"<si><t>{escape(s)}</t></si>" for s in strings) + "</sst>")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in _PARTS.items():
            z.writestr(name, text)
        z.writestr("xl/worksheets/sheet1.xml", sheet)
        z.writestr("xl/sharedStrings.xml", shared)


def bare_pass(path: Path) -> tuple[float, int]:
    """Seconds to open the workbook read-only, read every row's values and make each name's
    pinyin with pypinyin, as any roster searchable by pinyin must (one plain call a name: the
    work of the search index, without anjian's own); the data rows."""
    from openpyxl import load_workbook
    from pypinyin import lazy_pinyin

    t0 = time.perf_counter()
    wb = load_workbook(path, read_only=True, data_only=True)
    n = 0
    for row in wb.worksheets[0].iter_rows(values_only=True):
        if row:
            n += 1
            if n > 2 and isinstance(row[1], str):  # past the title and header rows
                lazy_pinyin(row[1])
    wb.close()
    return time.perf_counter() - t0, n - 2  # the title and header rows


def anjian_import(path: Path, db: Path, rows: int) -> float:
    """Seconds to import the roster into a new store at ``db`` (made before timing)."""
    store = open_store(f"sqlite:///{db}")
    try:
        ctx = Context(store, default_catalogue(), "基准导入员", TODAY, "zh")
        t0 = time.perf_counter()
        result = import_enterprises(ctx, path)
        seconds = time.perf_counter() - t0
    finally:
        store.close()
    conn = sqlite3.connect(db)
    try:
        (stored,) = conn.execute("SELECT count(*) FROM enterprise").fetchone()
        (bad,) = conn.execute("SELECT count(*) FROM enterprise WHERE length(uscc) != 18 "
                              "OR uscc != upper(uscc) OR instr(uscc, ' ') > 0").fetchone()
    finally:
        conn.close()
    if result.added != rows or stored != rows or result.problems or bad:
        raise Mismatch(f"import added {result.added} and stored {stored} enterprises for "
                       f"{rows} rows ({len(result.problems)} problems, {bad} codes not "
                       "normalised)")
    return seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_options(parser, f"{ROWS:,} rows")
    parser.add_argument("--repeat", type=int, default=2, help="timed runs a side (best kept)")
    parser.add_argument("--seed", type=int, default=2028)
    args = parser.parse_args(argv)
    if not 0 < args.scale <= 10 or args.repeat < 1:
        parser.error("--scale must be in (0, 10] and --repeat at least 1")
    rows = max(10, round(ROWS * args.scale))
    with tempfile.TemporaryDirectory(prefix="anjian-bench-") as tmp, \
            _home(Path(tmp) / "home"):
        book = Path(tmp) / "roster.xlsx"
        build_workbook(book, rows, args.seed)
        size_mb = book.stat().st_size / 1e6
        bare_times, ours_times = [], []
        try:
            for n in range(args.repeat):
                seconds, read = bare_pass(book)
                if read != rows:
                    raise Mismatch(f"the bare pass read {read} rows, not {rows}")
                bare_times.append(seconds)
                ours_times.append(anjian_import(book, Path(tmp) / f"roster-{n}.db", rows))
        except Mismatch as exc:
            print(f"MISMATCH: {exc}")
            return 1
    ours, bare = min(ours_times), min(bare_times)
    ratio = ours / bare
    row = Row(workload="roster import", size=f"{rows:,} rows",
              anjian=f"{ours:.2f} s ({rows / ours:,.0f} rows/s)",
              baseline=f"openpyxl read-only {bare:.2f} s", figure=ratio,
              target=Target("<=", RATIO), scale=scale_text(args.scale), per_unit=ours / rows)
    print(f"roster: import of {rows:,} enterprises from a {size_mb:.1f} MB workbook into a new "
          f"SQLite store (validated, one transaction), best of {args.repeat}, beside a bare "
          "openpyxl read-only pass over the same file; every row imported")
    print(f"  anjian {row.anjian}; {row.baseline}; ratio {ratio:.2f}x "
          f"(target <= {RATIO:g}x): {row.status}")
    if args.json:
        emit([row])
    return 0 if row.status == "pass" else 2


if __name__ == "__main__":
    sys.exit(main())
