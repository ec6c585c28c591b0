"""A document as a Word file (.docx) on A4, laid out as the national forms are, and as PDF
through LibreOffice when it is installed.

The layout follows the 2017 forms (reference ``enforcement-documents.md``): 安全生产行政执法文书
above the title, the number line (with any notes the content opens with, such as a
correction's), the addressee, the body block by block (labelled fields, paragraphs indented
two characters, numbered tables whose header repeats on every page and whose rows are not
split across pages), the signature and seal blocks kept together — a paragraph right after
the seal is its date, printed under it to the right — and on every page a footer with 共 N 页
第 M 页 (Word's NUMPAGES and PAGE fields), the document's number and the audit chain's head it
was issued under.

Type is what a Chinese office has: 宋体 for the header and title, 仿宋_GB2312 for the body,
named as the East Asian font of each style (``w:rFonts/@w:eastAsia``); the font table names
the fallback a system without it uses (``w:altName``: 仿宋_GB2312 → 仿宋 → FangSong, 宋体 →
SimSun), as Word and WPS read it; LibreOffice substitutes a CJK font of the same kind.

Everything printed comes from the content; the only words of this module are the layout's own
(the footer's 共/页/第, 证号), the same on every form. The file is
deterministic: the same content gives the same bytes (the package's dates are the issue date,
its entries written in one order with one timestamp).
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import shutil
import signal
import subprocess
import tempfile
import unicodedata
import zipfile
from collections.abc import Iterable, Sequence
from itertools import pairwise
from pathlib import Path

from docx import Document
from docx.document import Document as WordDocument
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.oxml import serialize_part_xml
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.parser import parse_xml
from docx.oxml.table import CT_Row
from docx.shared import Cm, Length, Pt
from docx.styles.style import ParagraphStyle
from docx.table import _Cell
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from core.documents.saving import check_folder, write_bytes
from core.i18n import AnjianError
from core.views.documents import Block, DocumentContent, Signature

# --- the page -----------------------------------------------------------------------------

#: A4 portrait.
PAGE_WIDTH, PAGE_HEIGHT = Cm(21), Cm(29.7)
#: Margins near the national forms' (about 2.5–3 cm), the footer 1.3 cm from the edge.
MARGIN_TOP, MARGIN_BOTTOM, MARGIN_LEFT, MARGIN_RIGHT = Cm(2.8), Cm(2.6), Cm(2.8), Cm(2.6)
FOOTER_DISTANCE = Cm(1.3)
#: The width text runs in.
TEXT_WIDTH = Length(PAGE_WIDTH - MARGIN_LEFT - MARGIN_RIGHT)

#: Chinese type sizes (字号) in points.
ERHAO, XIAOER, SIHAO, XIAOSI, WUHAO, XIAOWU = 22, 18, 14, 12, 10.5, 9

#: The fonts, by the names a Chinese office's Word and WPS know; Latin letters and digits in
#: Times New Roman.
SONG = "宋体"
FANGSONG = "仿宋_GB2312"
LATIN = "Times New Roman"

#: The font table's entries for them: name, the fallback Word and WPS take when the font is
#: missing (w:altName), PANOSE, family and pitch; charset 86 is GB2312.
FONT_TABLE: tuple[tuple[str, str, str, str, str], ...] = (
    (SONG, "SimSun", "02010600030101010101", "auto", "variable"),
    (FANGSONG, "仿宋", "02010609030101010101", "modern", "fixed"),
    ("仿宋", "FangSong", "02010609060101010101", "modern", "fixed"),
)

#: China Standard Time: a document's dates are Beijing dates.
CHINA = dt.timezone(dt.timedelta(hours=8), "CST")

#: The layout's own words, the same on every form: the footer's page count (共 N 页 第 M 页),
#: the label of an officer's certificate, the audit head's label and the line naming the
#: document a correction replaces (when the content does not name it already).
PAGES = ("共 ", " 页　第 ", " 页")
CERT = "证号："
COLON = "："
HEAD = "审计链 #{seq} {hash}"
REPLACES = "本文书更正{number}"
#: A blank to write on by hand (full-width spaces, underlined).
BLANK = "\u3000" * 8

#: The package's entries are dated the issue day at this time (zip dates have no zone).
ZIP_TIME = (0, 0, 0)

# --- styles -------------------------------------------------------------------------------

#: name → (East Asian font, size, bold, alignment, exact line height in points or None).
STYLES: dict[str, tuple[str, float, bool, WD_ALIGN_PARAGRAPH | None, float | None]] = {
    "Doc Header": (SONG, XIAOER, False, WD_ALIGN_PARAGRAPH.CENTER, 28),
    "Doc Title": (SONG, ERHAO, True, WD_ALIGN_PARAGRAPH.CENTER, 34),
    "Doc Number": (FANGSONG, XIAOSI, False, WD_ALIGN_PARAGRAPH.CENTER, 20),
    "Doc Body": (FANGSONG, XIAOSI, False, WD_ALIGN_PARAGRAPH.JUSTIFY, 20),
    "Doc Cell": (FANGSONG, XIAOSI, False, None, 18),
    "Doc Note": (FANGSONG, WUHAO, False, WD_ALIGN_PARAGRAPH.LEFT, 16),
    "Doc Seal": (FANGSONG, XIAOWU, False, WD_ALIGN_PARAGRAPH.RIGHT, 14),
    "Doc Footer": (FANGSONG, XIAOWU, False, WD_ALIGN_PARAGRAPH.CENTER, 13),
}


def write_docx(content: DocumentContent, out: Path) -> Path:
    """``content`` as a Word file at ``out`` (written whole or not at all): the same content
    always gives the same bytes."""
    out = check_folder(Path(out).expanduser())
    return write_bytes(out, docx_bytes(content))


def docx_bytes(content: DocumentContent) -> bytes:
    """The Word file of ``content``, as bytes."""
    doc = Document()
    _page(doc)
    _styles(doc)
    _body(doc, content)
    _footer(doc, content)
    _properties(doc, content)
    buffer = io.BytesIO()
    doc.save(buffer)
    return _repack(buffer.getvalue(), content.issued_on)


# --- the page and the styles --------------------------------------------------------------


def _page(doc: WordDocument) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.top_margin, section.bottom_margin = MARGIN_TOP, MARGIN_BOTTOM
    section.left_margin, section.right_margin = MARGIN_LEFT, MARGIN_RIGHT
    section.footer_distance = FOOTER_DISTANCE
    section.header_distance = Cm(1.5)


def _fonts(style: ParagraphStyle, east_asian: str) -> None:
    """Name the style's Latin and East Asian fonts; ``w:hint`` makes the characters both scripts
    share (quotes, dashes) take the East Asian font, as Chinese Word does."""
    style.font.name = LATIN
    rfonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    rfonts.set(qn("w:eastAsia"), east_asian)
    rfonts.set(qn("w:cs"), LATIN)
    rfonts.set(qn("w:hint"), "eastAsia")


def _styles(doc: WordDocument) -> None:
    normal = doc.styles["Normal"]
    assert isinstance(normal, ParagraphStyle)
    _fonts(normal, FANGSONG)
    normal.font.size = Pt(XIAOSI)
    # Chinese text: the language Word and LibreOffice break lines and pick fonts by.
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "en-US")
    lang.set(qn("w:eastAsia"), "zh-CN")
    normal.element.get_or_add_rPr().append(lang)
    fmt = normal.paragraph_format
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.widow_control = True
    for name, (font, size, bold, align, height) in STYLES.items():
        style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        assert isinstance(style, ParagraphStyle)
        style.base_style = normal
        style.quick_style = True
        _fonts(style, font)
        style.font.size = Pt(size)
        style.font.bold = bold
        pf = style.paragraph_format
        if align is not None:
            pf.alignment = align
        if height is not None:
            pf.line_spacing_rule = WD_LINE_SPACING.EXACTLY
            pf.line_spacing = Pt(height)
        pf.space_before = pf.space_after = Pt(0)
    body = doc.styles["Doc Body"].paragraph_format
    body.first_line_indent = Pt(2 * XIAOSI)  # two characters, as Chinese forms indent
    doc.styles["Doc Title"].paragraph_format.space_after = Pt(6)
    doc.styles["Doc Number"].paragraph_format.space_after = Pt(12)


# --- the body -----------------------------------------------------------------------------


#: The blocks a document closes with, kept on one page: signatures, seal, notes.
CLOSING = ("signatures", "seal", "note")


def _body(doc: WordDocument, content: DocumentContent) -> None:
    doc.add_paragraph(content.header, "Doc Header")
    doc.add_paragraph(content.title, "Doc Title")
    doc.add_paragraph(content.number, "Doc Number")
    blocks = list(content.blocks)
    # Notes before the body (a correction's 本文书更正…) go under the number line.
    while blocks and blocks[0].kind == "note":
        for line in blocks.pop(0).text.split("\n"):
            doc.add_paragraph(line, "Doc Note").alignment = WD_ALIGN_PARAGRAPH.CENTER
    if content.replaces and not any(content.replaces in _texts(b) for b in content.blocks):
        doc.add_paragraph(REPLACES.format(number=content.replaces), "Doc Note").alignment = \
            WD_ALIGN_PARAGRAPH.CENTER
    if content.addressee:
        p = doc.add_paragraph("", "Doc Body")
        p.paragraph_format.first_line_indent = Pt(0)
        _run(p, content.addressee + COLON)
    i = 0
    while i < len(blocks):
        block = blocks[i]
        after = blocks[i + 1] if i + 1 < len(blocks) else None
        # The signatures, the seal and the notes after them stay on one page together.
        joined = after is not None and block.kind in ("signatures", "seal") \
            and after.kind in CLOSING
        if block.kind == "fields":
            _fields(doc, block)
        elif block.kind == "para":
            lines = [doc.add_paragraph(line, "Doc Body") for line in block.text.split("\n")]
            if after is not None and after.kind == "signatures":
                # the text the officers sign goes onto their page with them: a signature page
                # with no text of the document on it could be put under another one
                lines[-1].paragraph_format.keep_with_next = True
        elif block.kind == "table":
            _table(doc, block)
        elif block.kind == "signatures":
            _signatures(doc, block, joined)
        elif block.kind == "seal":
            # A paragraph right after the seal is its date, printed under it.
            dated = after is not None and after.kind == "para"
            date = after.text if dated and after is not None else ""
            if dated:
                i += 1
                after = blocks[i + 1] if i + 1 < len(blocks) else None
            _seal(doc, block, content, date, joined=after is not None and after.kind in CLOSING)
        else:  # note
            notes = [doc.add_paragraph(line, "Doc Note") for line in block.text.split("\n")]
            _keep(notes, after is not None and after.kind == "note")
        i += 1


def _texts(block: Block) -> str:
    return "\n".join([block.text, *(f.value for f in block.fields),
                      *(c for r in block.rows for c in r.cells)])


def _run(p: Paragraph, text: str, *, underline: bool = False, bold: bool = False) -> Run:
    run = p.add_run(text)
    if underline:
        run.underline = True
    if bold:
        run.bold = True
    return run


def _fields(doc: WordDocument, block: Block) -> None:
    for field in block.fields:
        p = doc.add_paragraph("", "Doc Body")
        p.paragraph_format.first_line_indent = Pt(0)
        _run(p, field.label + COLON)
        _run(p, field.value or BLANK, underline=True)


def _signatures(doc: WordDocument, block: Block, joined: bool) -> None:
    paragraphs: list[Paragraph] = []
    first = doc.add_paragraph("", "Doc Body")
    first.paragraph_format.space_before = Pt(6)
    for i, sig in enumerate(block.signatures):
        p = first if i == 0 else doc.add_paragraph("", "Doc Body")
        p.paragraph_format.first_line_indent = Pt(0)
        _signature(p, sig)
        paragraphs.append(p)
        if sig.note:
            note = doc.add_paragraph(sig.note, "Doc Body")
            paragraphs.append(note)
    if block.text:
        date = doc.add_paragraph(block.text, "Doc Body")
        date.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        paragraphs.append(date)
    _keep(paragraphs, joined)


def _signature(p: Paragraph, sig: Signature) -> None:
    _run(p, sig.role + COLON)
    _run(p, _padded(sig.name), underline=True)
    if sig.cert_no:
        _run(p, "\u3000" + CERT)
        _run(p, sig.cert_no, underline=True)


def _padded(name: str) -> str:
    """A name with room beside it to sign by hand (a blank when no name is printed)."""
    width = _width(name)
    return name + "\u3000" * max(2, (16 - width) // 2) if name else BLANK


def _seal(doc: WordDocument, block: Block, content: DocumentContent, date: str, *,
          joined: bool) -> None:
    """The seal area: room for the seal, its text (small, where the seal goes) and the date
    under it, to the right."""
    space = doc.add_paragraph("", "Doc Body")
    space.paragraph_format.space_before = Pt(12)
    seal = doc.add_paragraph(block.text or content.seal or content.issuer, "Doc Seal")
    seal.paragraph_format.right_indent = Pt(2 * XIAOSI)
    paragraphs = [space, seal]
    if date:
        line = doc.add_paragraph(date, "Doc Body")
        line.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        line.paragraph_format.first_line_indent = Pt(0)
        line.paragraph_format.right_indent = Pt(2 * XIAOSI)
        paragraphs.append(line)
    _keep(paragraphs, joined)


def _keep(paragraphs: Sequence[Paragraph], joined: bool) -> None:
    """Keep ``paragraphs`` on one page (and with what follows when ``joined``)."""
    for i, p in enumerate(paragraphs):
        p.paragraph_format.keep_together = True
        p.paragraph_format.keep_with_next = joined or i + 1 < len(paragraphs)


# --- tables -------------------------------------------------------------------------------

#: A column of figures and dates (序号, 整改期限) is never broken across lines; nor is any text
#: up to this many half-width units (four Chinese characters).
NARROWEST = 8
FIGURES = re.compile(r"[\d\s年月日时分:：./-]*")
#: A cell's inner margins (left and right together), as Word's default table style has.
CELL_PADDING = Cm(0.38)
#: EMU in a twip: widths are whole twips, as Word stores them.
TWIP = 635


def _width(text: str) -> int:
    """Half-width units the text takes: two for a Chinese (wide) character, and half a unit
    where Chinese meets Latin letters or figures (the space Word, WPS and LibreOffice put
    between them: 2026 年 3 月)."""
    wide = [unicodedata.east_asian_width(c) in ("W", "F") for c in text]
    meets = sum(a != b for a, b in pairwise(wide))
    return sum(2 if w else 1 for w in wide) + (meets + 1) // 2


def _columns(block: Block) -> list[list[str]]:
    count = max([len(block.header), *(len(r.cells) for r in block.rows)])
    return [[block.header[i] if i < len(block.header) else "",
             *(r.cells[i] if i < len(r.cells) else "" for r in block.rows)]
            for i in range(count)]


def _natural(column: list[str]) -> int:
    """The units the column's longest line takes."""
    return max([1, *(_width(line) for cell in column for line in cell.split("\n"))])


def _unbroken(column: list[str]) -> bool:
    """Whether the column's cells stay on one line: figures and dates, or short text."""
    cells = column[1:] or column
    return _natural(column) <= NARROWEST or all(FIGURES.fullmatch(c) for c in cells)


def column_widths(block: Block) -> list[int]:
    """The table's column widths in EMU, across the text width, as a browser lays a table
    out: figures, dates and short text on one line; the rest between its narrowest (four
    characters) and its longest line, each column given what is left in proportion to how
    much more it could take."""
    columns = _columns(block)
    unit = Pt(XIAOSI) / 2
    most = [_natural(c) for c in columns]
    least = [n if _unbroken(c) else min(n, NARROWEST) for n, c in zip(most, columns, strict=True)]
    # Two units of slack each: text exactly as wide as its cell wraps in some renderers.
    fixed = [2 * unit + CELL_PADDING] * len(columns)
    room = TEXT_WIDTH - sum(fixed)
    if sum(most) * unit <= room:  # all fits: what is left goes to the text columns
        grow = [0 if _unbroken(c) else n for n, c in zip(most, columns, strict=True)]
        grow = grow if any(grow) else most
        spare = room - sum(most) * unit
        widths = [f + n * unit + spare * g / sum(grow)
                  for f, n, g in zip(fixed, most, grow, strict=True)]
    elif sum(least) * unit <= room:
        spare = room - sum(least) * unit
        grow = [m - n for m, n in zip(most, least, strict=True)]
        widths = [f + n * unit + spare * g / sum(grow)
                  for f, n, g in zip(fixed, least, grow, strict=True)]
    else:  # too many columns: shared as their narrowest are
        widths = [TEXT_WIDTH * (f + n * unit) / (sum(fixed) + sum(least) * unit)
                  for f, n in zip(fixed, least, strict=True)]
    twips = [int(w // TWIP) for w in widths]
    twips[-1] += TEXT_WIDTH // TWIP - sum(twips)
    return [t * TWIP for t in twips]


def _table(doc: WordDocument, block: Block) -> None:
    widths = column_widths(block)
    unbroken = [_unbroken(c) for c in _columns(block)]
    rows = 1 + len(block.rows) if block.header else len(block.rows)
    table = doc.add_table(rows=rows, cols=len(widths))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False  # fixed layout: the widths as set, not as fitted to the text
    for i, width in enumerate(widths):
        table.columns[i].width = Length(width)
    lines: list[tuple[Sequence[str], bool]] = []
    if block.header:
        lines.append((block.header, True))
    lines += [(r.cells, False) for r in block.rows]
    for r, (cells, header) in enumerate(lines):
        row = table.rows[r]
        _row_properties(row._tr, header=header)
        for c, width in enumerate(widths):
            cell = row.cells[c]
            cell.width = Length(width)
            cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
            text = cells[c] if c < len(cells) else ""
            centred = header or unbroken[c]
            _cell(cell, text, bold=header,
                  align=WD_ALIGN_PARAGRAPH.CENTER if centred else WD_ALIGN_PARAGRAPH.LEFT)
    # The paragraph after a table keeps it from running into what follows.
    doc.add_paragraph("", "Doc Note")


def _cell(cell: _Cell, text: str, *, bold: bool, align: WD_ALIGN_PARAGRAPH) -> None:
    for i, line in enumerate(text.split("\n")):
        p = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
        p.style = "Doc Cell"
        p.alignment = align
        _run(p, line, bold=bold)


def _row_properties(tr: CT_Row, *, header: bool) -> None:
    """A row never split across pages (``w:cantSplit``); the header row repeated at the top of
    every page the table runs onto (``w:tblHeader``) — in CT_TrPr's order."""
    tr_pr = tr.get_or_add_trPr()
    for tag, wanted in (("w:cantSplit", True), ("w:tblHeader", header)):
        if wanted:
            el = OxmlElement(tag)
            tr_pr.append(el)


# --- footer and properties ----------------------------------------------------------------


def _footer(doc: WordDocument, content: DocumentContent) -> None:
    footer = doc.sections[0].footer
    footer.is_linked_to_previous = False
    pages = footer.paragraphs[0]
    pages.style = "Doc Footer"
    before, middle, after = PAGES
    _run(pages, before)
    _field(pages, "NUMPAGES", "1")
    _run(pages, middle)
    _field(pages, "PAGE", "1")
    _run(pages, after)
    head = footer.add_paragraph(
        f"{content.number}\u3000" + HEAD.format(seq=content.head.seq, hash=content.head.shown),
        "Doc Footer")
    head.paragraph_format.keep_together = True


def _field(p: Paragraph, instr: str, shown: str) -> None:
    """A Word field (``PAGE``, ``NUMPAGES``) with ``shown`` as its last computed result; Word,
    WPS and LibreOffice compute it as they lay the pages out."""

    def char(kind: str) -> None:
        el = OxmlElement("w:fldChar")
        el.set(qn("w:fldCharType"), kind)
        p.add_run()._r.append(el)

    char("begin")
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instr} \\* MERGEFORMAT "
    p.add_run()._r.append(text)
    char("separate")
    p.add_run(shown)
    char("end")


def _properties(doc: WordDocument, content: DocumentContent) -> None:
    """The file's properties: what and whose it is, its audit head, dated the issue day."""
    props = doc.core_properties
    issued = dt.datetime.combine(content.issued_on, dt.time(0), CHINA).astimezone(dt.UTC)
    props.created = props.modified = issued.replace(tzinfo=None)
    props.revision = 1
    props.author = props.last_modified_by = content.issuer
    props.title = content.title
    props.subject = content.number
    props.identifier = content.number
    props.category = content.kind
    props.language = "zh-CN"
    props.keywords = "; ".join(f"{c.law}{c.article}" for c in content.citations)
    props.comments = HEAD.format(seq=content.head.seq, hash=content.head.hash)
    props.version = content.edition


# --- the package --------------------------------------------------------------------------


def _font_table(xml: bytes) -> bytes:
    """The font table with the Chinese fonts and their fallbacks."""
    root = parse_xml(xml)
    for name, alt, panose, family, pitch in FONT_TABLE:
        font = OxmlElement("w:font")
        font.set(qn("w:name"), name)
        for tag, value in (("w:altName", alt), ("w:panose1", panose), ("w:charset", "86"),
                           ("w:family", family), ("w:pitch", pitch)):
            el = OxmlElement(tag)
            el.set(qn("w:val"), value)
            font.append(el)
        root.append(font)
    return serialize_part_xml(root)


def _repack(data: bytes, day: dt.date) -> bytes:
    """The package with every entry dated ``day`` (python-docx stamps them with the time of
    writing), in the order written, and the Chinese fonts in its font table."""
    stamp = (day.year, day.month, day.day, *ZIP_TIME)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for name in _order(src.namelist()):
            blob = src.read(name)
            if name == "word/fontTable.xml":
                blob = _font_table(blob)
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o100644 << 16
            dst.writestr(info, blob, compress_type=zipfile.ZIP_DEFLATED, compresslevel=6)
    return out.getvalue()


def _order(names: Iterable[str]) -> list[str]:
    """[Content_Types].xml first (some readers look for it there), then by name."""
    return sorted(names, key=lambda n: (n != "[Content_Types].xml", n))


# --- PDF ----------------------------------------------------------------------------------

#: Seconds LibreOffice is given to convert one document.
TIMEOUT = 180


def office() -> str:
    """LibreOffice's command, or a refusal saying how to install it."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found is None:
        raise AnjianError("docfile.no_office")
    return found


def to_pdf(docx: Path, out: Path, *, timeout: float = TIMEOUT) -> Path:
    """The Word file ``docx`` converted to PDF at ``out`` by LibreOffice (``soffice``);
    refused with a clear message when LibreOffice is not installed, fails or takes longer than
    ``timeout`` seconds. Each conversion has its own LibreOffice profile, so conversions may
    run side by side; ``out`` is written whole or not at all."""
    command = office()
    docx, out = Path(docx), check_folder(Path(out).expanduser())
    if not docx.is_file():
        raise AnjianError("docfile.no_docx", file=docx)
    with tempfile.TemporaryDirectory(prefix="anjian-office-") as tmp:
        work = Path(tmp)
        (work / "out").mkdir()
        (work / "in").mkdir()
        source = work / "in" / "document.docx"
        shutil.copyfile(docx, source)
        args = [command, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless",
                "--invisible", "--nologo", "--norestore", "--nodefault", "--nolockcheck",
                "--convert-to", "pdf:writer_pdf_Export", "--outdir", str(work / "out"),
                str(source)]
        env = {**os.environ, "HOME": str(work)}
        try:
            proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                    stdin=subprocess.DEVNULL, env=env,
                                    start_new_session=os.name == "posix")
        except OSError as exc:
            raise AnjianError("docfile.office_failed", file=docx,
                              reason=exc.strerror or str(exc)) from None
        try:
            stdout, stderr = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            _stop(proc)
            raise AnjianError("docfile.office_timeout", file=docx, seconds=timeout) from None
        made = work / "out" / "document.pdf"
        if proc.returncode != 0 or not made.is_file() or made.stat().st_size == 0:
            said = (stderr or stdout).decode("utf-8", "replace").strip().splitlines()
            raise AnjianError("docfile.office_failed", file=docx,
                              reason=said[-1] if said else f"exit {proc.returncode}")
        return write_bytes(out, made.read_bytes())


def _stop(proc: subprocess.Popen[bytes]) -> None:
    """Stop a LibreOffice that overran, with what it started (its own process group)."""
    try:
        if os.name == "posix":
            os.killpg(proc.pid, signal.SIGKILL)
        else:
            proc.kill()
    except ProcessLookupError:
        pass
    proc.communicate()
