"""Documents as files: each kind written as a Word file and read back with python-docx (the
number, the parties, both officers with their certificate numbers, each problem with its
clause and deadline, the appeal wording, the signature and seal blocks, the copies note, the
audit head in the footer, A4 pages); the same content gives the same bytes; with LibreOffice
and poppler installed, the PDF's text has the title, the number and both officers, and its page
count is the one every footer prints. The export service's targets are refused as every
export's are, nothing written."""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import subprocess
import sys
import threading
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.document import Document as WordDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph

from core.documents import docx as writer
from core.documents.compose import compose
from core.documents.docx import docx_bytes, to_pdf, write_docx
from core.documents.facts import DeliveredDocument, DocumentFacts, Problem
from core.i18n import AnjianError
from core.services import document_export, documents, hazards
from core.services.context import Context
from core.services.packs import default_catalogue
from core.store.db import open_store
from core.views.audit import ChainHead
from core.views.documents import (
    Block,
    BureauView,
    Citation,
    DeliveryView,
    DocumentContent,
    Field,
    OfficerView,
    Row,
    Signature,
)
from tests.documents_world import CERTS, INSPECTOR, LEAD, OWNER, DocWorld, doc_world

ROOT = Path(__file__).resolve().parents[1]
ISSUED = dt.date(2026, 3, 5)
HEAD = ChainHead(seq=4711, hash="0123456789abcdef" + "fedcba9876543210" * 3)
BUREAU = BureauView(name="济南市应急管理局", short="济", edition="应急",
                    reconsideration=("济南市人民政府", "山东省应急管理厅"),
                    court="济南市历下区人民法院", seal="济南市应急管理局")
UNIT = "济南示例化工有限公司"
OFFICERS = (("张明", "37010020190001"), ("李华", "37010020190002"))
OFFICER_ROLE = "安全生产监管行政执法人员（签名）"
COPIES = "本文书一式两份：一份由安全生产监督管理部门备案，一份交被检查单位。"
LAW = Citation(id="aqscf-2021-65", law="《中华人民共和国安全生产法》", edition="2021",
               article="第六十五条", verified=True)


def appeal(what: str) -> str:
    return (f"如果不服本{what}，可以依法在60日内向{BUREAU.reconsideration[0]}或者"
            f"{BUREAU.reconsideration[1]}申请行政复议，或者在6个月内依法向{BUREAU.court}"
            f"提起行政诉讼，但本{what}不停止执行，法律另有规定的除外。")


def officers(role: str = OFFICER_ROLE) -> tuple[Signature, ...]:
    return tuple(Signature(role=role, name=n, cert_no=c) for n, c in OFFICERS)


def content(kind: str, title: str, number: str, blocks: tuple[Block, ...], *,
            addressee: str = UNIT, replaces: str = "") -> DocumentContent:
    return DocumentContent(kind=kind, edition="应急", header="安全生产行政执法文书",
                           title=title, number=number, issuer=BUREAU.name, seal=BUREAU.seal,
                           addressee=addressee, blocks=blocks, issued_on=ISSUED, head=HEAD,
                           replaces=replaces, citations=(LAW,))


# --- the five kinds, built by hand ----------------------------------------------------------

#: An order's problems: (where, what was seen, the clause, the deadline).
PROBLEMS = (
    ("二号仓库", "灭火器压力不足，指针位于红区",
     "《消防安全重大火灾隐患判定方法》GB 35181-2017 第6.1条", dt.date(2026, 3, 20)),
    ("一号车间东侧", "疏散通道堆放成品货物，宽度不足1米", "《中华人民共和国安全生产法》第四十二条",
     dt.date(2026, 4, 5)),
    ("配电室", "应急照明灯具不亮，无备用电源", "《建筑设计防火规范》GB 50016-2014 第10.3.1条",
     dt.date(2026, 4, 20)),
)


def cn_date(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def order(problems: tuple[tuple[str, str, str, dt.date], ...] = PROBLEMS,
          number: str = "（济）应急责改〔2026〕17号", replaces: str = "") -> DocumentContent:
    deadlines = "、".join(f"第{i}项问题于{cn_date(p[3])}前" for i, p in enumerate(problems, 1))
    return content("责改", "责令限期整改指令书", number, (
        Block(kind="para", text="经查，你单位存在下列问题："),
        Block(kind="table", header=("序号", "地点", "问题", "依据", "整改期限"),
              rows=tuple(Row(cells=(str(i), p[0], p[1], p[2], cn_date(p[3])))
                         for i, p in enumerate(problems, 1))),
        Block(kind="para", text=f"现责令你单位对上述{deadlines}整改完毕，达到有关法律法规规章和标准"
                                "规定的要求。由此造成事故的，依法追究有关人员的责任。"),
        Block(kind="para", text="整改期间，你单位应当采取措施，确保安全生产。"
                                "对安全生产违法行为，将依法予以行政处罚。"),
        Block(kind="para", text=appeal("指令")),
        Block(kind="signatures",
              signatures=(*officers(), Signature(role="被检查单位负责人（签名）"))),
        Block(kind="seal", text="济南市应急管理局（印章）"),
        Block(kind="para", text=cn_date(ISSUED)),  # the seal's date, as compose gives it
        Block(kind="note", text=COPIES),
    ), replaces=replaces)


NARRATIVE = "\n".join(
    f"{i}. 检查了{place}：{seen}。" for i, (place, seen) in enumerate([
        ("二号仓库", "灭火器12具，其中3具压力不足，指针位于红区，已拍照留存"),
        ("一号车间东侧", "疏散通道堆放成品货物约20箱，通道宽度不足1米，现场负责人称为临时堆放"),
        ("配电室", "应急照明灯具2盏，按下试验按钮均不亮，无备用电源"),
        ("消防控制室", "值班记录齐全，两名值班人员均持证上岗，火灾报警控制器无故障报警"),
        ("危险化学品储存间", "储存甲苯、乙酸乙酯，有通风设施，防爆灯具完好，警示标识齐全"),
        ("安全管理台账", "查阅了2026年1月至2月的隐患排查记录，每周一次，整改闭环记录完整"),
    ] * 5, 1))


def record() -> DocumentContent:
    names = "、".join(n for n, _ in OFFICERS)
    certs = "、".join(c for _, c in OFFICERS)
    return content("检记", "现场检查记录", "（济）应急检记〔2026〕9号", (
        Block(kind="fields", fields=(
            Field(label="被检查单位", value=UNIT),
            Field(label="地址", value="济南市历城区工业北路88号"),
            Field(label="法定代表人（负责人）", value="王强"),
            Field(label="职务", value="总经理"),
            Field(label="联系电话", value="0531-88886666"),
            Field(label="检查场所", value="生产车间、仓库、配电室"),
            Field(label="检查时间", value="2026年3月5日9时0分至3月5日11时30分"),
        )),
        Block(kind="para", text=f"我们是{BUREAU.name}行政执法人员{names}，证件号码为{certs}，"
                                "这是我们的证件（出示证件）。现依法对你单位进行现场检查，请予以配合。"),
        Block(kind="para", text="检查情况："),
        Block(kind="para", text=NARRATIVE),
        Block(kind="signatures", text=cn_date(ISSUED), signatures=(
            *officers("检查人员（签名）"),
            Signature(role="被检查单位现场负责人（签名）",
                      note="被检查单位现场负责人拒绝签字，已由检查人员注明并报告"))),
    ), addressee="")


def review() -> DocumentContent:
    return content("复查", "整改复查意见书", "（济）应急复查〔2026〕3号", (
        Block(kind="para", text="本机关于2026年3月5日作出了责令限期整改指令书的决定"
                                "[（济）应急责改〔2026〕17号]，经对你单位整改情况进行复查，提出如下意见："),
        Block(kind="table", header=("序号", "问题", "复查结果"), rows=(
            Row(cells=("1", "二号仓库灭火器压力不足", "已整改（隐患已验收销号）")),
            Row(cells=("2", "一号车间东侧疏散通道堆放货物", "已整改（整改材料已验收）")),
            Row(cells=("3", "配电室应急照明灯具不亮", "未整改")),
        )),
        Block(kind="para", text="对未整改的第3项问题，本机关将依法予以行政处罚。"),
        Block(kind="signatures", signatures=(Signature(role="被复查单位负责人（签名）"),
                                             *officers())),
        Block(kind="seal", text="济南市应急管理局（印章）"),
        Block(kind="para", text=cn_date(ISSUED)),  # the seal's date, as compose gives it
        Block(kind="note", text=COPIES),
    ))


def measures() -> DocumentContent:
    return content("现决", "现场处理措施决定书", "（济）应急现决〔2026〕2号", (
        Block(kind="para", text="本机关于2026年3月5日现场检查时，"
                                "发现你单位有下列违法违规行为和事故隐患："),
        Block(kind="table", header=("序号", "问题", "依据"), rows=(
            Row(cells=("1", "危险化学品储存间可燃气体报警装置失效",
                       "《化工和危险化学品生产经营单位重大生产安全事故隐患判定标准》第十条")),
        )),
        Block(kind="para", text="以上存在的问题无法保证安全生产，依据《中华人民共和国安全生产法》"
                                "第六十五条的规定，现作出如下现场处理决定："),
        Block(kind="para", text="1. 停止使用相关设施设备（危险化学品储存间），"
                                "期限至2026年9月5日。\n2. 从危险区域内撤出作业人员。"),
        Block(kind="para", text=appeal("决定")),
        Block(kind="signatures", signatures=(*officers(),
                                             Signature(role="被检查单位负责人（签名）"))),
        Block(kind="seal", text="济南市应急管理局（印章）"),
        Block(kind="para", text=cn_date(ISSUED)),  # the seal's date, as compose gives it
        Block(kind="note", text=COPIES),
    ))


def receipt() -> DocumentContent:
    return content("回", "文书送达回执", "（济）应急回〔2026〕5号", (
        Block(kind="fields", fields=(Field(label="受送达人", value=UNIT),
                                     Field(label="送达地点", value="济南市历城区工业北路88号"))),
        Block(kind="table", header=("送达文书名称及文号", "送达方式", "收件人", "送达时间"), rows=(
            Row(cells=("现场检查记录（济）应急检记〔2026〕9号", "直接送达", "王强",
                       "2026年3月5日")),
            Row(cells=("责令限期整改指令书（济）应急责改〔2026〕17号", "", "", "")),
        )),
        Block(kind="signatures", text=cn_date(ISSUED), signatures=(
            Signature(role="受送达人（签名）"), *officers("送达人（签名）"))),
        Block(kind="seal", text="济南市应急管理局（印章）"),
        Block(kind="note", text="受送达人拒绝签收的，送达人注明情况并签名。"),
    ), addressee="")


KINDS = {"责改": order, "检记": record, "复查": review, "现决": measures, "回": receipt}


# --- reading a file back --------------------------------------------------------------------


def lines(doc: WordDocument) -> list[str]:
    """Every paragraph of the body in order, a table's rows as its cells joined by |."""
    out: list[str] = []
    for item in doc.iter_inner_content():
        if isinstance(item, Paragraph):
            out.append(item.text)
        else:
            assert isinstance(item, Table)
            out += ["|".join(c.text for c in row.cells) for row in item.rows]
    return out


def footer_xml(doc: WordDocument) -> str:
    xml: str = doc.sections[0].footer._element.xml
    return xml


def written(tmp_path: Path, kind: str) -> tuple[DocumentContent, WordDocument]:
    c = KINDS[kind]()
    path = write_docx(c, tmp_path / f"{kind}.docx")
    return c, docx.Document(str(path))


def strings(c: DocumentContent) -> Iterator[str]:
    """Everything a document must print: each block's text, fields, cells and signatures."""
    yield from (c.header, c.title, c.number)
    for b in c.blocks:
        yield from (line for line in b.text.split("\n") if line)
        for f in b.fields:
            yield from (f.label, f.value)
        yield from b.header
        yield from (cell for r in b.rows for cell in r.cells if cell)
        for s in b.signatures:
            yield from (x for x in (s.role, s.name, s.cert_no, s.note) if x)


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_prints_all_its_content_in_order(tmp_path: Path, kind: str) -> None:
    c, doc = written(tmp_path, kind)
    text = lines(doc)
    assert text[:3] == [c.header, c.title, c.number]
    whole = "\n".join(text)
    missing = [s for s in strings(c) if s not in whole]
    assert missing == []
    # block by block, in the order of the content
    at = 0
    for b in c.blocks:
        first = next((s for s in [*b.text.split("\n"), *(f.label for f in b.fields),
                                  *b.header, *(s.role for s in b.signatures)] if s), "")
        if first:
            found = whole.find(first, at)
            assert found >= at, (b.kind, first)
            at = found
    if c.addressee:
        assert text[3] == f"{c.addressee}："


@pytest.mark.parametrize("kind", KINDS)
def test_every_page_is_a4_portrait_with_the_forms_margins(tmp_path: Path, kind: str) -> None:
    _, doc = written(tmp_path, kind)
    (section,) = doc.sections
    assert section.page_width is not None and section.page_height is not None
    assert (section.page_width.twips, section.page_height.twips) == (11906, 16838)  # Word's A4
    for margin in (section.top_margin, section.bottom_margin, section.left_margin,
                   section.right_margin):
        assert margin is not None and Cm(2.5) <= margin <= Cm(3)


@pytest.mark.parametrize("kind", KINDS)
def test_the_footer_counts_pages_and_names_the_audit_head(tmp_path: Path, kind: str) -> None:
    c, doc = written(tmp_path, kind)
    footer = doc.sections[0].footer
    assert not footer.is_linked_to_previous
    pages, head = (p.text for p in footer.paragraphs)
    assert re.fullmatch(r"共 \d+ 页\u3000第 \d+ 页", pages)
    # the page numbers are Word's fields, computed as the pages are laid out
    xml = footer_xml(doc)
    assert xml.index(" NUMPAGES ") < xml.index(" PAGE ")
    assert xml.count('w:fldCharType="begin"') == 2
    assert c.number in head and f"#{HEAD.seq}" in head and HEAD.shown in head
    assert HEAD.hash not in head  # the footer shows the first 16 digits; the file's properties all
    assert doc.core_properties.comments.endswith(HEAD.hash)


def test_an_order_lists_each_problem_with_its_clause_and_deadline(tmp_path: Path) -> None:
    _, doc = written(tmp_path, "责改")
    (table,) = doc.tables
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows[0] == ["序号", "地点", "问题", "依据", "整改期限"]
    assert rows[1:] == [[str(i), where, seen, clause, cn_date(by)]
                        for i, (where, seen, clause, by) in enumerate(PROBLEMS, 1)]
    text = "\n".join(lines(doc))
    assert ("现责令你单位对上述第1项问题于2026年3月20日前、第2项问题于2026年4月5日前、"
            "第3项问题于2026年4月20日前整改完毕") in text
    # the appeal notice: both bodies, the court, the time limits, not suspended
    assert appeal("指令") in text
    for words in ("60日内", "济南市人民政府", "山东省应急管理厅", "6个月内", "济南市历下区人民法院",
                  "不停止执行"):
        assert words in text


def test_the_table_header_repeats_and_no_row_splits_across_pages(tmp_path: Path) -> None:
    _, doc = written(tmp_path, "责改")
    (table,) = doc.tables
    header, *rows = table.rows
    assert header._tr.trPr.find(qn("w:tblHeader")) is not None
    for row in table.rows:
        assert row._tr.trPr.find(qn("w:cantSplit")) is not None
    assert all(r._tr.trPr.find(qn("w:tblHeader")) is None for r in rows)
    # widths fixed across the text width: the number and the deadline on one line, the
    # problem and the clause sharing the rest by how much text each has
    widths = [col.width for col in table.columns]
    assert sum(widths) == writer.TEXT_WIDTH // 635 * 635  # in whole twips
    one_line = Pt(12) / 2 * len("2026年4月20日".encode("gbk")) + Cm(0.38)
    assert widths[0] < Cm(2) and one_line < widths[4] < Cm(4.5)
    assert widths[3] > widths[2] > widths[1]  # the clauses are the longest text here
    assert table._tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"


def signature_lines(doc: WordDocument) -> list[Paragraph]:
    return [p for p in doc.paragraphs if "（签名）" in p.text]


def test_two_officers_sign_with_their_certificates_and_the_unit_signs(tmp_path: Path) -> None:
    _, doc = written(tmp_path, "责改")
    first, second, unit = signature_lines(doc)
    for p, (name, cert) in zip((first, second), OFFICERS, strict=True):
        assert p.text.startswith(f"{OFFICER_ROLE}：{name}")
        assert p.text.endswith(f"证号：{cert}")
        # the name and the number are filled in on lines, to sign beside
        assert [r.text.strip("\u3000") for r in p.runs if r.underline] == [name, cert]
    assert unit.text.startswith("被检查单位负责人（签名）：")
    assert [r.text for r in unit.runs if r.underline] == ["\u3000" * 8]  # a blank to sign on


def test_the_seal_area_has_the_seal_text_and_the_date(tmp_path: Path) -> None:
    _, doc = written(tmp_path, "责改")
    text = [p.text for p in doc.paragraphs]
    seal = text.index("济南市应急管理局（印章）")
    assert text[seal + 1] == "2026年3月5日"
    assert text[seal + 2] == COPIES
    # signatures, seal, date and the copies note are kept on one page
    paragraphs = doc.paragraphs
    first = next(i for i, p in enumerate(paragraphs) if p.text.startswith(OFFICER_ROLE))
    for p in paragraphs[first:seal + 2]:
        assert p.paragraph_format.keep_with_next, p.text
    assert paragraphs[-1].text == COPIES and not paragraphs[-1].paragraph_format.keep_with_next


def test_a_record_carries_the_whole_narrative_and_the_refusal(tmp_path: Path) -> None:
    _, doc = written(tmp_path, "检记")
    text = lines(doc)
    for line in NARRATIVE.split("\n"):
        assert line in text  # each line its own indented paragraph, none cut
    assert "被检查单位：" + UNIT in text
    assert "检查时间：2026年3月5日9时0分至3月5日11时30分" in text
    assert ("我们是济南市应急管理局行政执法人员张明、李华，"
            "证件号码为37010020190001、37010020190002") in "\n".join(text)
    first, second, unit = signature_lines(doc)
    assert "张明" in first.text and "37010020190001" in first.text
    assert "李华" in second.text and "37010020190002" in second.text
    assert unit.text.startswith("被检查单位现场负责人（签名）：")
    after = text.index(unit.text)
    assert text[after + 1:after + 3] == ["被检查单位现场负责人拒绝签字，已由检查人员注明并报告",
                                         "2026年3月5日"]
    body = next(p for p in doc.paragraphs if p.text == NARRATIVE.split("\n")[0])
    assert body.style.name == "Doc Body"
    assert body.style.paragraph_format.first_line_indent == Pt(24)  # two characters


def test_a_review_names_the_order_and_each_outcome(tmp_path: Path) -> None:
    _, doc = written(tmp_path, "复查")
    text = "\n".join(lines(doc))
    assert "[（济）应急责改〔2026〕17号]" in text
    assert "3|配电室应急照明灯具不亮|未整改" in text
    assert "1|二号仓库灭火器压力不足|已整改（隐患已验收销号）" in text
    assert [p.text.split("：")[0] for p in signature_lines(doc)] == \
        ["被复查单位负责人（签名）", OFFICER_ROLE, OFFICER_ROLE]


def test_a_correction_names_the_document_it_replaces(tmp_path: Path) -> None:
    c = order(number="（济）应急责改〔2026〕18号", replaces="（济）应急责改〔2026〕17号")
    doc = docx.Document(str(write_docx(c, tmp_path / "c.docx")))
    assert lines(doc)[3] == "本文书更正（济）应急责改〔2026〕17号"


def test_fonts_are_named_for_east_asian_text_with_a_fallback(tmp_path: Path) -> None:
    _, doc = written(tmp_path, "责改")

    def fonts(name: str) -> dict[str, str]:
        rfonts = doc.styles[name].element.rPr.rFonts
        return {k: rfonts.get(qn(f"w:{k}")) for k in ("ascii", "eastAsia", "hint")}

    assert fonts("Normal") == {"ascii": "Times New Roman", "eastAsia": "仿宋_GB2312",
                               "hint": "eastAsia"}
    assert fonts("Doc Title")["eastAsia"] == fonts("Doc Header")["eastAsia"] == "宋体"
    title = doc.styles["Doc Title"].font
    assert title.bold and title.size == Pt(22)  # 二号
    assert doc.styles["Doc Body"].font.size == Pt(12)  # 小四
    title_line = next(p for p in doc.paragraphs if p.text == "责令限期整改指令书")
    assert title_line.style.name == "Doc Title"
    # the font table says what to use where a font is missing
    with zipfile.ZipFile(tmp_path / "责改.docx") as z:
        table = z.read("word/fontTable.xml").decode()
    for name, alt in (("仿宋_GB2312", "仿宋"), ("仿宋", "FangSong"), ("宋体", "SimSun")):
        assert re.search(f'<w:font w:name="{name}"><w:altName w:val="{alt}"/>', table), name
    lang = doc.styles["Normal"].element.rPr.find(qn("w:lang"))
    assert lang.get(qn("w:eastAsia")) == "zh-CN"


def test_the_files_properties_say_what_and_when(tmp_path: Path) -> None:
    c, doc = written(tmp_path, "责改")
    props = doc.core_properties
    issued = dt.datetime(2026, 3, 4, 16, tzinfo=dt.UTC)  # midnight, Beijing time
    assert (props.created, props.modified) == (issued, issued)
    assert (props.title, props.identifier, props.author) == (c.title, c.number, BUREAU.name)
    assert props.keywords == "《中华人民共和国安全生产法》第六十五条"
    with zipfile.ZipFile(tmp_path / "责改.docx") as z:
        assert {i.date_time for i in z.infolist()} == {(2026, 3, 5, 0, 0, 0)}
        assert z.namelist()[0] == "[Content_Types].xml"


# --- the same bytes, written whole ----------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_the_same_content_gives_the_same_bytes(tmp_path: Path, kind: str) -> None:
    a = write_docx(KINDS[kind](), tmp_path / "a.docx").read_bytes()
    b = write_docx(KINDS[kind](), tmp_path / "b.docx").read_bytes()
    assert a == b
    # and another content, other bytes
    other = KINDS[kind]().model_copy(update={"head": ChainHead(seq=HEAD.seq + 1, hash=HEAD.hash)})
    assert docx_bytes(other) != a


def test_the_same_bytes_from_another_process(tmp_path: Path) -> None:
    """Nothing of the process (hash seed, clock, the order sets iterate in) reaches the file."""
    here = write_docx(order(), tmp_path / "here.docx").read_bytes()
    script = ("import sys; from pathlib import Path; from tests.test_document_files import order;"
              "from core.documents.docx import write_docx;"
              "write_docx(order(), Path(sys.argv[1]))")
    env = {**os.environ, "PYTHONHASHSEED": "12345", "TZ": "America/New_York"}
    subprocess.run([sys.executable, "-c", script, str(tmp_path / "there.docx")], check=True,
                   cwd=ROOT, env=env, timeout=120)
    assert (tmp_path / "there.docx").read_bytes() == here


def test_a_failed_write_leaves_the_earlier_file_whole(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "order.docx"
    target.write_bytes(b"the earlier file")

    def full(*args: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("core.files.os.replace", full)
    with pytest.raises(AnjianError) as err:
        write_docx(order(), target)
    assert err.value.key == "export.not_written" and err.value.params["file"] == target
    assert "磁盘" in err.value.render("zh") or "disk" in err.value.render("en")
    assert target.read_bytes() == b"the earlier file"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["order.docx"]  # no part left


def test_a_missing_folder_is_refused_nothing_written(tmp_path: Path) -> None:
    with pytest.raises(AnjianError) as err:
        write_docx(order(), tmp_path / "nowhere" / "order.docx")
    assert err.value.key == "export.no_folder"
    assert list(tmp_path.iterdir()) == []


# --- PDF through LibreOffice ----------------------------------------------------------------

OFFICE = shutil.which("soffice") or shutil.which("libreoffice")
POPPLER = shutil.which("pdftotext") and shutil.which("pdfinfo")
needs_office = pytest.mark.skipif(
    OFFICE is None or not POPPLER,
    reason="LibreOffice (soffice) or poppler-utils (pdftotext, pdfinfo) is not installed; "
           "CI installs libreoffice-writer-nogui and poppler-utils (see .ci/run)")


def pdf_text(pdf: Path) -> str:
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                         check=True, timeout=60).stdout.decode("utf-8")
    return re.sub(r"\s+", "", out)  # pdftotext spaces Latin from Chinese as it likes


def pdf_pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, check=True, text=True,
                          timeout=60).stdout
    (pages,) = re.findall(r"^Pages:\s+(\d+)$", info, re.M)
    return int(pages)


def page_text(pdf: Path, page: int) -> str:
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", "-f", str(page), "-l", str(page),
                          str(pdf), "-"], capture_output=True, check=True, timeout=60).stdout
    return re.sub(r"\s+", "", out.decode("utf-8"))


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


@needs_office
def test_an_order_converts_to_pdf_with_its_title_number_and_officers(tmp_path: Path) -> None:
    c = order()
    pdf = to_pdf(write_docx(c, tmp_path / "order.docx"), tmp_path / "order.pdf")
    assert pdf.read_bytes().startswith(b"%PDF")
    text = pdf_text(pdf)
    for words in (c.header, c.title, c.number, *(n for n, _ in OFFICERS),
                  *(cert for _, cert in OFFICERS), squeeze(appeal("指令")), squeeze(COPIES),
                  "济南市应急管理局（印章）", "2026年3月5日"):
        assert squeeze(words) in text, words
    assert pdf_pages(pdf) == 1
    assert "共1页第1页" in text
    assert f"审计链#{HEAD.seq}{HEAD.shown}" in text
    assert sorted(p.name for p in tmp_path.iterdir()) == ["order.docx", "order.pdf"]


@needs_office
def test_a_long_order_spills_onto_pages_each_footer_counts(tmp_path: Path) -> None:
    many = tuple((f"{i}号仓库", "灭火器压力不足，指针位于红区；疏散通道堆放货物，宽度不足1米；"
                  "应急照明灯具不亮，无备用电源", PROBLEMS[i % 3][2], dt.date(2026, 4, i))
                 for i in range(1, 19))
    pdf = to_pdf(write_docx(order(many), tmp_path / "long.docx"), tmp_path / "long.pdf")
    pages = pdf_pages(pdf)
    assert pages >= 2
    for page in range(1, pages + 1):
        text = page_text(pdf, page)
        assert f"共{pages}页第{page}页" in text
        assert f"审计链#{HEAD.seq}{HEAD.shown}" in text
    # the table's header row is printed again at the top of the page the table runs onto
    # (pdftotext reads the centred row numbers beside 序号 first)
    second = page_text(pdf, 2)
    assert second.startswith("序号") and "地点问题依据整改期限" in second
    # and the signatures, the seal, its date and the copies note are together on the last
    last = page_text(pdf, pages)
    assert all(n in last for n, _ in OFFICERS) and "2026年3月5日" in last
    assert "济南市应急管理局（印章）" in last and squeeze(COPIES) in last


@needs_office
def test_a_long_record_runs_on_and_every_page_says_how_many(tmp_path: Path) -> None:
    pdf = to_pdf(write_docx(record(), tmp_path / "record.docx"), tmp_path / "record.pdf")
    pages = pdf_pages(pdf)
    assert pages >= 2
    for page in range(1, pages + 1):
        assert f"共{pages}页第{page}页" in page_text(pdf, page)
    text = pdf_text(pdf)
    for line in NARRATIVE.split("\n"):
        assert squeeze(line) in text


@needs_office
@pytest.mark.parametrize("kind", ["复查", "现决", "回"])
def test_every_kind_converts(tmp_path: Path, kind: str) -> None:
    c = KINDS[kind]()
    pdf = to_pdf(write_docx(c, tmp_path / "d.docx"), tmp_path / "d.pdf")
    text = pdf_text(pdf)
    assert squeeze(c.title) in text and squeeze(c.number) in text
    assert all(n in text for n, _ in OFFICERS)
    assert f"共{pdf_pages(pdf)}页第1页" in text


@needs_office
def test_conversions_side_by_side_do_not_clash(tmp_path: Path) -> None:
    """Each conversion has its own LibreOffice profile: two at once both finish."""
    results: dict[str, Path | BaseException] = {}

    def convert(kind: str) -> None:
        try:
            source = write_docx(KINDS[kind](), tmp_path / f"{kind}.docx")
            results[kind] = to_pdf(source, tmp_path / f"{kind}.pdf")
        except BaseException as exc:
            results[kind] = exc

    threads = [threading.Thread(target=convert, args=(k,)) for k in ("责改", "复查")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for kind in ("责改", "复查"):
        pdf = results[kind]
        assert isinstance(pdf, Path), pdf
        assert squeeze(KINDS[kind]().number) in pdf_text(pdf)


def test_without_libreoffice_no_pdf_is_made(tmp_path: Path,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    source = write_docx(order(), tmp_path / "order.docx")
    monkeypatch.setattr(writer.shutil, "which", lambda name: None)
    with pytest.raises(AnjianError) as err:
        to_pdf(source, tmp_path / "order.pdf")
    assert err.value.key == "docfile.no_office"
    assert "LibreOffice" in err.value.render("zh") and "--pdf" in err.value.render("en")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["order.docx"]


def fake_office(tmp_path: Path, body: str) -> str:
    script = tmp_path / "bin" / "soffice"
    script.parent.mkdir()
    script.write_text(f"#!/bin/sh\n{body}\n")
    script.chmod(0o755)
    return str(script)


def test_a_failing_libreoffice_is_refused_with_what_it_said(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    source = write_docx(order(), tmp_path / "order.docx")
    office = fake_office(tmp_path, 'echo "Error: source file could not be loaded" >&2; exit 1')
    monkeypatch.setattr(writer, "office", lambda: office)
    with pytest.raises(AnjianError) as err:
        to_pdf(source, tmp_path / "order.pdf")
    assert err.value.key == "docfile.office_failed"
    assert err.value.params["reason"] == "Error: source file could not be loaded"
    assert not (tmp_path / "order.pdf").exists()


def test_a_libreoffice_that_hangs_is_stopped(tmp_path: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    source = write_docx(order(), tmp_path / "order.docx")
    marker = tmp_path / "still-running"
    # the script starts a child of its own, as soffice starts soffice.bin: both are stopped
    office = fake_office(tmp_path, f"(sleep 30; touch {marker}) & sleep 30")
    monkeypatch.setattr(writer, "office", lambda: office)
    with pytest.raises(AnjianError) as err:
        to_pdf(source, tmp_path / "order.pdf", timeout=1)
    assert err.value.key == "docfile.office_timeout" and err.value.params["seconds"] == 1
    assert not (tmp_path / "order.pdf").exists()
    assert not [p for p in running() if office in p]  # the whole group stopped, none left
    assert not marker.exists()


def running() -> list[str]:
    """The command lines of the processes running now (Linux: from /proc)."""
    if not Path("/proc/self/cmdline").exists():
        pytest.skip("no /proc to list processes by")
    out = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            out.append(cmdline.read_bytes().replace(b"\0", b" ").decode("utf-8", "replace"))
        except OSError:  # ended meanwhile
            continue
    return out


def test_a_missing_word_file_is_refused(tmp_path: Path) -> None:
    if OFFICE is None:
        pytest.skip("LibreOffice is not installed: the refusal for it comes first")
    with pytest.raises(AnjianError) as err:
        to_pdf(tmp_path / "none.docx", tmp_path / "none.pdf")
    assert err.value.key == "docfile.no_docx"


# --- documents as the composer makes them ---------------------------------------------------


def facts(kind: str, **extra: object) -> DocumentFacts:
    """What the service would read for a document of ``kind`` (by hand, as it reads it)."""
    clauses = [("GB 35181-2017", "第6.1条"), ("《中华人民共和国安全生产法》", "第四十二条"),
               ("GB 50016-2014", "第10.3.1条")]
    found = tuple(Problem(ordinal=n, hazard_id=100 + n, item_id=f"fire-{n}", standard=standard,
                          clause=clause, item_text="", seen=p[1], location=p[0],
                          level="major" if n == 1 else "general", deadline=p[3],
                          rectified=n != 3, how="已验收销号" if n != 3 else "未提交整改材料")
                  for n, (p, (standard, clause)) in enumerate(zip(PROBLEMS, clauses,
                                                                  strict=True), 1))
    values: dict[str, object] = dict(
        kind=kind, bureau=BUREAU, number=f"（济）应急{kind}〔2026〕17号", issued_on=ISSUED,
        head=HEAD, enterprise_name=UNIT, enterprise_uscc="91370100MA3C0000XX",
        address="济南市历城区工业北路88号", representative="王强", representative_title="总经理",
        inspection_id=7, inspected_on=ISSUED, place="生产车间、仓库、配电室",
        time_from=dt.datetime(2026, 3, 5, 1, 0, tzinfo=dt.UTC),
        time_to=dt.datetime(2026, 3, 5, 3, 30, tzinfo=dt.UTC),
        officers=tuple(OfficerView(name=n, cert_no=c, valid_until=dt.date(2028, 1, 1))
                       for n, c in OFFICERS),
        narrative=NARRATIVE, problems=found if kind != "现决" else found[:1],
        measures=("责令停止使用相关设施、设备",) if kind == "现决" else (),
        measures_until=dt.date(2026, 9, 5) if kind == "现决" else None,
        order_number="（济）应急责改〔2026〕17号", order_issued_on=ISSUED,
        delivered=(DeliveredDocument(number="（济）应急责改〔2026〕17号",
                                     title="责令限期整改指令书", issued_on=ISSUED,
                                     delivery=DeliveryView(recipient="王强", method="direct",
                                                           delivered_on=ISSUED)),),
        person_in_charge="王强" if kind != "检记" else "", refused_to_sign=kind == "检记")
    values.update(extra)
    return DocumentFacts.model_validate(values)


@pytest.mark.parametrize("kind", KINDS)
def test_a_composed_document_prints_whole(tmp_path: Path, kind: str) -> None:
    c = compose(facts(kind))
    doc = docx.Document(str(write_docx(c, tmp_path / "d.docx")))
    whole = "\n".join(lines(doc))
    assert [s for s in strings(c) if s not in whole] == []
    assert lines(doc)[:3] == [c.header, c.title, c.number]
    officer_lines = [p.text for p in signature_lines(doc) if "证号" in p.text]
    assert [(n in line, cert in line) for line, (n, cert) in
            zip(officer_lines, OFFICERS, strict=True)] == [(True, True), (True, True)]
    text = [p.text for p in doc.paragraphs]
    assert text.count("2026年3月5日") == 1  # the date, under the signatures or the seal
    at = next((i for i, b in enumerate(c.blocks) if b.kind == "seal"), None)
    if at is not None and c.blocks[at + 1].kind == "para":
        # the seal's date under it, to the right
        date = doc.paragraphs[text.index(c.blocks[at].text) + 1]
        assert date.text == "2026年3月5日" and date.alignment == WD_ALIGN_PARAGRAPH.RIGHT


def test_a_composed_correction_says_so_under_its_number(tmp_path: Path) -> None:
    c = compose(facts("责改", replaces="（济）应急责改〔2026〕16号"))
    doc = docx.Document(str(write_docx(c, tmp_path / "d.docx")))
    assert lines(doc)[3] == "本文书更正（济）应急责改〔2026〕16号，原文书作废。"
    assert lines(doc)[4] == f"{UNIT}："
    assert "\n".join(lines(doc)).count("（济）应急责改〔2026〕16号") == 1


@needs_office
def test_a_composed_order_converts_to_one_page(tmp_path: Path) -> None:
    c = compose(facts("责改"))
    pdf = to_pdf(write_docx(c, tmp_path / "order.docx"), tmp_path / "order.pdf")
    text = pdf_text(pdf)
    for words in (c.title, c.number, *(n for n, _ in OFFICERS), "不停止执行"):
        assert squeeze(words) in text
    assert pdf_pages(pdf) == 1 and "共1页第1页" in text


# --- the export service ----------------------------------------------------------------------

TODAY = dt.date(2026, 3, 2)


@dataclass
class Issued:
    """An SQLite database in ``data/`` (beside its evidence store) with an order issued."""

    world: DocWorld
    number: str

    @property
    def ctx(self) -> Context:
        return self.world.ctx(INSPECTOR)


@pytest.fixture
def issued(tmp_path: Path, sqlite_template: Path) -> Iterator[Issued]:
    (tmp_path / "data").mkdir()
    shutil.copyfile(sqlite_template, tmp_path / "data" / "anjian.db")
    w = doc_world(f"sqlite:///{tmp_path / 'data' / 'anjian.db'}", TODAY)
    try:
        deadline = TODAY + dt.timedelta(days=30)
        doc = documents.issue(w.ctx(INSPECTOR), w.request("责改", deadline=deadline))
        yield Issued(w, doc.document.number)
    finally:
        w.store.close()


def files(folder: Path) -> list[str]:
    """The files under ``folder`` (the database's own journals aside)."""
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*")
                  if p.is_file() and not p.name.startswith("anjian.db-"))


def test_export_writes_the_issued_content(issued: Issued, tmp_path: Path) -> None:
    shown = documents.show(issued.ctx, issued.number)
    (out,) = document_export.export(issued.ctx, issued.number, tmp_path / "order.docx")
    assert out == tmp_path / "order.docx"
    assert out.read_bytes() == docx_bytes(shown.content)
    doc = docx.Document(str(out))
    text = "\n".join(lines(doc))
    assert issued.number in text and "经查，你单位存在下列问题：" in text
    officers = [p.text for p in signature_lines(doc) if "证号" in p.text]
    assert [(INSPECTOR in o and CERTS[INSPECTOR] in o) or (LEAD in o and CERTS[LEAD] in o)
            for o in officers] == [True, True]
    head = doc.sections[0].footer.paragraphs[1].text
    assert f"#{shown.document.head.seq} {shown.document.head.shown}" in head


def test_an_issued_document_reprints_the_same_bytes_after_its_hazards_close(
        issued: Issued, tmp_path: Path) -> None:
    w = issued.world
    first = document_export.export(issued.ctx, issued.number, tmp_path / "before.docx")[0]
    owner, lead = w.ctx(OWNER), w.ctx(LEAD)
    plan = {"plan_goal": "g", "plan_method": "m", "plan_funding": "f", "plan_organisation": "o",
            "plan_timeline": "t", "plan_safety": "s"}
    for hid in w.hazards:
        hazards.plan(owner, hid, responsible="安全科", **plan)
        hazards.submit(owner, hid, evidence="已整改")
        hazards.verify(lead, hid, accept=True, note="现场核查合格")
    assert {hazards.detail(lead, h).hazard.status for h in w.hazards} == {"closed"}
    # printed later, by someone else, on another day
    later = w.ctx(OWNER, TODAY + dt.timedelta(days=40))
    again = document_export.export(later, issued.number, tmp_path / "after.docx")[0]
    assert again.read_bytes() == first.read_bytes()


@needs_office
def test_export_with_pdf_writes_both(issued: Issued, tmp_path: Path) -> None:
    out = document_export.export(issued.ctx, issued.number, tmp_path / "order.docx", pdf=True)
    assert out == [tmp_path / "order.docx", tmp_path / "order.pdf"]
    text = pdf_text(out[1])
    assert issued.number in text and INSPECTOR in text and LEAD in text
    assert files(tmp_path) == ["data/anjian.db", "order.docx", "order.pdf"]


@pytest.mark.parametrize(("target", "key"), [
    ("data/anjian.db", "export.kept_file"),
    ("data/anjian.db-wal", "export.kept_file"),
    ("data/anjian.docx", None),  # beside the database: allowed
    ("data/evidence/order.docx", "export.kept_file"),
    ("nowhere/order.docx", "export.no_folder"),
    ("order.txt", "docfile.suffix"),
    ("order.xlsx", "docfile.suffix"),
    ("folder.docx", "export.not_written"),
])
def test_export_targets_are_refused_as_every_exports(issued: Issued, tmp_path: Path,
                                                     target: str, key: str | None) -> None:
    (tmp_path / "folder.docx").mkdir()
    (tmp_path / "data" / "evidence").mkdir(exist_ok=True)
    before = files(tmp_path)
    db = (tmp_path / "data" / "anjian.db").read_bytes()
    if key is None:
        document_export.export(issued.ctx, issued.number, tmp_path / target)
        assert files(tmp_path) == sorted([*before, target])
        return
    with pytest.raises(AnjianError) as err:
        document_export.export(issued.ctx, issued.number, tmp_path / target)
    assert err.value.key == key
    assert str(tmp_path / target) in err.value.render("zh")
    assert files(tmp_path) == before
    assert (tmp_path / "data" / "anjian.db").read_bytes() == db


def test_a_pdf_beside_that_would_be_the_database_is_refused(tmp_path: Path,
                                                           sqlite_template: Path) -> None:
    """--pdf writes NAME.pdf beside NAME.docx: that file is checked as the other is."""
    shutil.copyfile(sqlite_template, tmp_path / "records.pdf")
    store = open_store(f"sqlite:///{tmp_path / 'records.pdf'}")
    try:
        ctx = Context(store, default_catalogue(), "张明", ISSUED, "zh")
        assert document_export.targets(ctx, tmp_path / "records.docx") == \
            [tmp_path / "records.docx"]
        with pytest.raises(AnjianError) as err:
            document_export.targets(ctx, tmp_path / "records.docx", pdf=True)
        assert err.value.key == "export.kept_file"
        assert err.value.params["file"] == tmp_path / "records.pdf"
    finally:
        store.close()


def test_export_with_pdf_without_libreoffice_writes_nothing(
        issued: Issued, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(writer.shutil, "which", lambda name: None)
    with pytest.raises(AnjianError) as err:
        document_export.export(issued.ctx, issued.number, tmp_path / "order.docx", pdf=True)
    assert err.value.key == "docfile.no_office"
    assert files(tmp_path) == ["data/anjian.db"]


def test_export_when_libreoffice_fails_writes_nothing(
        issued: Issued, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    office = fake_office(tmp_path, "exit 3")
    monkeypatch.setattr(writer, "office", lambda: office)
    with pytest.raises(AnjianError) as err:
        document_export.export(issued.ctx, issued.number, tmp_path / "order.docx", pdf=True)
    assert err.value.key == "docfile.office_failed"
    assert files(tmp_path) == ["bin/soffice", "data/anjian.db"]


def test_an_unknown_number_is_refused_before_any_file(issued: Issued, tmp_path: Path) -> None:
    with pytest.raises(AnjianError) as err:
        document_export.export(issued.ctx, "（济）应急责改〔2026〕99号", tmp_path / "x.docx")
    assert "（济）应急责改〔2026〕99号" in err.value.render("zh")
    assert files(tmp_path) == ["data/anjian.db"]


def test_the_signatures_never_stand_on_a_page_without_the_document_s_text(tmp_path: Path) -> None:
    """The paragraph before the signatures keeps with them: a page of signatures alone could
    be put under another text."""
    made = docx.Document(str(write_docx(order(), tmp_path / "order.docx")))
    paragraphs = made.paragraphs
    first_sign = next(n for n, p in enumerate(paragraphs) if "（签名）" in p.text)
    before = paragraphs[first_sign - 1]
    assert before.text.startswith("如果不服本指令")
    assert before.paragraph_format.keep_with_next is True
