"""Issue 19, item 6: the workbooks are fit for print and for the ledger a bureau keeps.

- The inspection workbook no longer prints a 整改通知 regenerated from the record as it stands
  (after 销号, or with no hazard, it still said 发现你单位存在下列事故隐患 above an empty
  table): it points to the enforcement documents issued for the inspection, which are fixed
  when issued, or says that none has been and how one is.
- The ledger has the columns of a 隐患台账 (总局令第16号 practice): the hazard as found, its
  level, who found it and when, the measures and funds, the responsible person, the deadline
  and each change of it, completion, acceptance, 销号 and the documents naming it; every value
  in the reader's language (Chinese by default).
- Every sheet prints fit to the page's width, repeats its header on every page, wraps text in
  rows tall enough for it, and shows times in Beijing time; the audit chain's head is in every
  page's footer. With LibreOffice installed the workbooks are printed to PDF and read back.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import shutil
import subprocess
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from sqlalchemy import text

from core.services import hazards, inspections, users
from core.services.context import Context
from core.services.exports import export_inspection, export_ledger, inspection_report
from core.services.packs import default_catalogue
from core.store.db import Store, open_store
from core.store.tables import Document, DocumentDelivery, DocumentItem, Hazard, utcnow
from tests.db_state import audit_head
from tests.workflow_helpers import onsite_campaign

TODAY = dt.date(2026, 3, 2)
LEAD, OWNER = "组长甲", "企业安全员"
BEIJING = dt.timedelta(hours=8)
ORDER, VOIDED = "（济）应急责改〔2026〕1号", "（济）应急责改〔2026〕2号"
REVIEW = "（济）应急复查〔2026〕1号"
ITEMS = ("FIRE-2017-C-7.3.1", "FIRE-2017-C-7.3.2", "FIRE-2017-C-7.5")

LEDGER_HEADER = ["隐患编号", "单位名称", "统一社会信用代码", "隐患等级", "隐患描述", "隐患部位",
                 "依据条款", "检查项编号", "发现人", "发现日期", "整改措施", "整改资金",
                 "整改责任人", "整改期限", "期限变更", "剩余天数", "隐患状态", "整改完成日期",
                 "验收人", "验收日期", "销号时间", "执法文书", "整改证据文件（SHA-256）"]


@dataclass
class World:
    """A fire inspection at a shopping centre (three major hazards), the lead's context on
    it and the enterprise's own user."""

    store: Store
    ctx: Context
    owner: Context
    inspection: int
    hazards: dict[str, int]  # by item
    enterprise: str


def _world(store: Store, *, answer: str = "noncompliant") -> World:
    ctx = Context(store, default_catalogue(), LEAD, TODAY, "zh")
    cid, target = onsite_campaign(ctx, ["gb35181-2017"], sector="fire")
    users.add_user(ctx, OWNER, role="enterprise", enterprise=target)
    # GB 35181-2017 was withdrawn on 2025-11-01, before TODAY: the start is confirmed
    insp = inspections.start_inspection(ctx, campaign_id=cid, enterprise=target,
                                        categories=["people_dense"], withdrawn_ok=True)
    assert insp.id is not None
    inspections.answer(ctx, insp.id, ITEMS[0], answer, note="二层东侧疏散楼梯间堆放纸箱，"
                       "宽度不足一米，且常闭式防火门被木楔顶住处于开启状态，现场已拍照留存")
    for item in ITEMS[1:]:
        inspections.answer(ctx, insp.id, item, answer)  # no note: the item's text describes it
    inspections.answer(ctx, insp.id, "FIRE-2017-D-6.1", "compliant")
    with store.engine.begin() as conn:  # a location as the field app records it
        conn.execute(text("UPDATE finding SET location = :loc WHERE inspection_id = :i "
                          "AND item_id = :item"),
                     {"loc": "二层东侧楼梯间", "i": insp.id, "item": ITEMS[0]})
    found = {h.item_id: h.id for h in inspections.inspection_view(ctx, insp.id).hazards
             if h.id is not None}
    owner = Context(store, ctx.catalogue, OWNER, TODAY, "zh")
    return World(store, ctx, owner, insp.id, found, target)


@pytest.fixture(autouse=True)
def evidence_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A folder for evidence files (what a PostgreSQL database is given to keep them in)."""
    monkeypatch.setenv("ANJIAN_EVIDENCE_DIR", str(tmp_path / "evidence"))


@pytest.fixture
def world(db_url: str) -> Iterator[World]:
    store = open_store(db_url)
    try:
        yield _world(store)
    finally:
        store.close()


PLAN = {"plan_goal": "消除疏散通道堵塞",
        "plan_method": "清理楼梯间杂物，拆除木楔，设置禁止堆放标识",
        "plan_funding": "2000元，企业自筹", "plan_organisation": "安全科",
        "plan_timeline": "三十日内", "plan_safety": "整改期间专人值守"}


def _rectify(w: World, photo: Path) -> int:
    """The first hazard planned, its deadline extended, rectified with a photo and accepted
    (销号); returns its id."""
    hid = w.hazards[ITEMS[0]]
    hazards.plan(w.ctx, hid, deadline=TODAY + dt.timedelta(days=10), responsible="王工",
                 **PLAN)
    hazards.request_extension(w.owner, hid, until=TODAY + dt.timedelta(days=30),
                              reason="防火门需定制")
    hazards.decide_extension(w.ctx, hid, grant=True, note="同意")
    hazards.submit(w.owner, hid, evidence="已清理杂物并更换闭门器", files=[photo])
    hazards.verify(w.ctx, hid, accept=True, note="复查合格")
    return hid


def _issue(store: Store, w: World, number: str, kind: str, seq: int, hazard_ids: list[int],
           *, void: str = "", delivered: tuple[str, str, dt.date] | None = None) -> int:
    """A document row as the documents service stores one (written here directly: the
    workbooks only read them)."""
    with store.session() as s:
        doc = Document(number=number, kind=kind, bureau_short="济", edition="应急", year=2026,
                       seq=seq, inspection_id=w.inspection, enterprise_uscc=w.enterprise,
                       issued_on=TODAY, issued_by=LEAD, officers=[LEAD, "检查员乙"],
                       content={}, content_hash="0" * 64, head_seq=1, head_hash="a" * 64,
                       voided_at=utcnow() if void else None, voided_by=LEAD if void else "",
                       void_reason=void)
        s.add(doc)
        s.flush()
        assert doc.id is not None
        for n, hid in enumerate(hazard_ids, start=1):
            s.add(DocumentItem(document_id=doc.id, hazard_id=hid, ordinal=n,
                               deadline=TODAY + dt.timedelta(days=10)))
        if delivered:
            to, method, on = delivered
            s.add(DocumentDelivery(document_id=doc.id, recipient=to, method=method,
                                   delivered_on=on, recorded_by=LEAD))
        return doc.id


def _texts(path: Path) -> str:
    wb = load_workbook(path)
    return "\n".join(str(c) for ws in wb.worksheets for row in ws.iter_rows(values_only=True)
                     for c in row if c is not None)


# --- (a) the inspection workbook points to the documents ------------------------------------


def test_the_report_has_no_notice_but_says_no_document_was_issued_and_how(
        world: World, tmp_path: Path) -> None:
    """Defect: the 整改通知 sheet was regenerated at every export; after 销号 it still said
    发现你单位存在下列事故隐患 above an empty table."""
    path = export_inspection(world.ctx, world.inspection, tmp_path / "report.xlsx")
    wb = load_workbook(path)
    assert "整改通知" not in wb.sheetnames
    assert wb.sheetnames[-1] == "执法文书"
    everything = _texts(path)
    assert "发现你单位存在下列事故隐患" not in everything
    pointer = [c for row in wb["执法文书"].iter_rows(values_only=True) for c in row if c]
    assert pointer[0] == "执法文书"
    said = "\n".join(map(str, pointer))
    assert "本次检查尚未签发执法文书" in said
    assert f"anjian documents issue 责改 --inspection {world.inspection}" in said
    # in English too
    world.ctx.lang = "en"
    wb = load_workbook(export_inspection(world.ctx, world.inspection, tmp_path / "en.xlsx"))
    said = "\n".join(str(c) for row in wb["Enforcement documents"].iter_rows(values_only=True)
                     for c in row if c)
    assert "No enforcement document has been issued for this inspection" in said
    assert f"anjian documents issue 责改 --inspection {world.inspection}" in said


def test_the_report_lists_the_documents_issued_for_the_inspection(
        world: World, tmp_path: Path) -> None:
    ids = list(world.hazards.values())
    _issue(world.store, world, ORDER, "责改", 1, ids,
           delivered=("张经理", "direct", TODAY + dt.timedelta(days=1)))
    _issue(world.store, world, VOIDED, "责改", 2, ids[:1], void="期限写错")
    report = inspection_report(world.ctx, world.inspection)
    assert [d.number for d in report.documents] == [ORDER, VOIDED]
    assert report.documents[0].delivery is not None
    assert report.documents[1].void and report.documents[1].void_reason == "期限写错"
    wb = load_workbook(export_inspection(world.ctx, world.inspection, tmp_path / "r.xlsx"))
    ws = wb["执法文书"]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    header = next(n for n, r in enumerate(rows) if r[0] == "文书编号")
    assert rows[header][:5] == ["文书编号", "文书名称", "签发日期", "状态", "送达"]
    listed = {r[0]: r for r in rows[header + 1:] if r[0]}
    assert listed[ORDER][1:5] == ["责令限期整改指令书", dt.datetime(2026, 3, 2), "有效",
                                  "2026-03-03 直接送达 张经理"]
    assert listed[VOIDED][1:5] == ["责令限期整改指令书", dt.datetime(2026, 3, 2),
                                   "已作废：期限写错", "未送达"]
    assert ws.print_title_rows == f"${header + 1}:${header + 1}"
    assert "尚未签发" not in _texts(tmp_path / "r.xlsx")


def test_an_inspection_without_hazards_prints_no_hazard_notice(
        db_url: str, tmp_path: Path) -> None:
    store = open_store(db_url)
    try:
        w = _world(store, answer="compliant")
        assert w.hazards == {}
        path = export_inspection(w.ctx, w.inspection, tmp_path / "clean.xlsx")
        assert "事故隐患整改通知书" not in _texts(path)
        assert "发现你单位存在下列事故隐患" not in _texts(path)
    finally:
        store.close()


# --- (b) the ledger has the columns of a 隐患台账 ---------------------------------------------


def test_the_ledger_has_the_columns_of_a_hazard_ledger_in_chinese(
        world: World, tmp_path: Path) -> None:
    photo = tmp_path / "整改照片.jpg"
    photo.write_bytes(b"\xff\xd8 the stairs cleared" * 50)
    hid = _rectify(world, photo)
    others = [world.hazards[i] for i in ITEMS[1:]]
    _issue(world.store, world, ORDER, "责改", 1, [hid, *others])
    _issue(world.store, world, VOIDED, "责改", 2, [hid], void="期限写错")
    _issue(world.store, world, REVIEW, "复查", 1, [hid])
    with world.store.engine.connect() as conn:
        (closed_at,) = conn.execute(text("SELECT verified_at FROM rectification "
                                         "WHERE hazard_id = :h"), {"h": hid}).one()
        (submitted_at,) = conn.execute(text("SELECT submitted_at FROM rectification "
                                            "WHERE hazard_id = :h"), {"h": hid}).one()
    closed_at = dt.datetime.fromisoformat(str(closed_at)).replace(tzinfo=None)
    submitted_at = dt.datetime.fromisoformat(str(submitted_at)).replace(tzinfo=None)
    path, count = export_ledger(world.ctx, tmp_path / "ledger.xlsx")
    assert count == 3
    ws = load_workbook(path)["隐患台账"]
    assert [c.value for c in ws[1]] == LEDGER_HEADER
    rows = {r[0]: dict(zip(LEDGER_HEADER, r, strict=True))
            for r in ws.iter_rows(min_row=2, values_only=True)}
    closed = rows[hid]
    assert closed["隐患等级"] == "重大"
    assert closed["隐患描述"].startswith("二层东侧疏散楼梯间堆放纸箱")
    assert closed["隐患部位"] == "二层东侧楼梯间"
    assert closed["发现人"] == LEAD
    assert closed["发现日期"] == dt.datetime(2026, 3, 2)
    assert closed["整改措施"] == PLAN["plan_method"]
    assert closed["整改资金"] == PLAN["plan_funding"]
    assert closed["整改责任人"] == "王工"
    assert closed["整改期限"] == dt.datetime(2026, 4, 1)
    assert closed["期限变更"] == ("2026-03-12（检查组设定）\n"
                                  "2026-03-12 → 2026-04-01（批准延期）")
    assert closed["剩余天数"] is None  # closed: nothing is due
    assert closed["隐患状态"] == "已销号"
    # completed the day the rectification was submitted, in Beijing
    assert closed["整改完成日期"] == dt.datetime.combine((submitted_at + BEIJING).date(),
                                                         dt.time())
    assert (closed["验收人"], closed["验收日期"]) == (LEAD, dt.datetime(2026, 3, 2))
    assert closed["销号时间"] == (closed_at + BEIJING).replace(microsecond=0)
    assert closed["执法文书"] == f"{ORDER}\n{REVIEW}"  # the voided one is not named
    assert closed["整改证据文件（SHA-256）"].startswith("整改照片.jpg (sha256:")
    open_ = rows[others[0]]
    item = next(i for i in world.ctx.catalogue.require("gb35181-2017").pack.items()
                if i.id == ITEMS[1])
    assert open_["隐患描述"] == item.text_zh  # no note: the item's text
    assert open_["隐患状态"] == "待整改"
    assert open_["执法文书"] == ORDER
    for key in ("隐患部位", "整改措施", "整改资金", "期限变更", "整改完成日期", "验收人",
                "销号时间"):
        assert open_[key] is None, key
    # no value a person reads is an English status or level
    values = {v for r in rows.values() for v in r.values() if isinstance(v, str)}
    assert not values & {"open", "closed", "rectifying", "submitted", "major", "general"}
    # the status list offered when the column is edited is the catalogue's
    (validation,) = ws.data_validations.dataValidation
    assert validation.formula1 == '"待整改,整改中,已提交待复查,已销号"'
    assert str(validation.sqref) == "Q2:Q4"
    assert [str(r.sqref) for r in ws.conditional_formatting] == ["P2:P4"]
    assert ws.auto_filter.ref == "A1:W4"
    # in English, the reader's language
    world.ctx.lang = "en"
    ws = load_workbook(export_ledger(world.ctx, tmp_path / "en.xlsx")[0])["Hazard ledger"]
    header = [c.value for c in ws[1]]
    en = {r[0]: dict(zip(header, r, strict=True)) for r in ws.iter_rows(min_row=2,
                                                                         values_only=True)}
    assert en[hid]["Status"] == "closed" and en[hid]["Level"] == "major"
    assert en[hid]["Deadline changes"] == ("2026-03-12 (set by the team)\n"
                                           "2026-03-12 → 2026-04-01 (extension granted)")


def test_a_hazard_corrected_on_site_says_so(db_url: str, tmp_path: Path) -> None:
    store = open_store(db_url)
    try:
        w = _world(store)
        inspections.answer(w.ctx, w.inspection, ITEMS[0], "noncompliant",
                           corrected_on_site=True, note="当场移除木楔", amend="现场已改正")
        path, _ = export_ledger(w.ctx, tmp_path / "ledger.xlsx")
        ws = load_workbook(path)["隐患台账"]
        rows = {r[7]: dict(zip(LEDGER_HEADER, r, strict=True))
                for r in ws.iter_rows(min_row=2, values_only=True)}
        fixed = rows[ITEMS[0]]
        assert fixed["隐患状态"] == "已销号"
        assert fixed["整改措施"] == "当场整改"
        assert fixed["整改完成日期"] == dt.datetime(2026, 3, 2)
    finally:
        store.close()


def test_the_ledger_reads_a_batch_at_a_time_never_a_row_at_a_time(
        world: World, tmp_path: Path) -> None:
    """The city's ledger streams a hundred thousand hazards: what it shows beside a hazard's
    own row is read with a few queries per batch, whatever the batch holds."""
    from sqlalchemy import event

    photo = tmp_path / "整改照片.jpg"
    photo.write_bytes(b"\xff\xd8 the stairs cleared" * 50)
    hid = _rectify(world, photo)
    _issue(world.store, world, ORDER, "责改", 1, list(world.hazards.values()))
    statements: list[str] = []

    def seen(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        statements.append(statement)

    def export(name: str) -> int:
        statements.clear()
        event.listen(world.store.engine, "before_cursor_execute", seen)
        try:
            export_ledger(world.ctx, tmp_path / name)
        finally:
            event.remove(world.store.engine, "before_cursor_execute", seen)
        return len(statements)

    few = export("few.xlsx")
    with world.store.engine.begin() as conn:  # 400 more hazards, each with a deadline
        columns = [c.name for c in Hazard.__table__.columns if c.name != "id"]
        for n in range(400):
            values = {c: f"X-{n}" if c == "item_id" else None for c in columns}
            conn.execute(text(f"INSERT INTO hazard ({', '.join(columns)}) SELECT "
                              + ", ".join(f":{c}" if c == "item_id" else c for c in columns)
                              + " FROM hazard WHERE id = :h"), {**values, "h": hid})
        conn.execute(text("INSERT INTO hazard_deadline (hazard_id, old_deadline, new_deadline,"
                          " kind, reason, changed_by, changed_on, changed_at) SELECT id, NULL,"
                          " deadline, 'set', '', 'x', found_on, found_on FROM hazard WHERE"
                          " item_id LIKE 'X-%'"))
    assert export("many.xlsx") == few
    ws = load_workbook(tmp_path / "many.xlsx")["隐患台账"]
    assert ws.max_row == 1 + 3 + 400


def test_a_sparse_batch_is_read_in_chunks_with_the_same_result(world: World,
                                                                tmp_path: Path) -> None:
    """A campaign's hazards are spread over the whole table: their batch is read by lists of
    ids (at most 500 a query, what any SQLite takes), not by the range between them."""
    from core.store import ledger_reads

    photo = tmp_path / "整改照片.jpg"
    photo.write_bytes(b"\xff\xd8 the stairs cleared" * 50)
    hid = _rectify(world, photo)
    _issue(world.store, world, ORDER, "责改", 1, list(world.hazards.values()))
    ids = sorted(world.hazards.values())
    with world.store.reading() as s:
        dense = ledger_reads.ledger_details(s, ids)
        sparse = ledger_reads.ledger_details(s, [*ids, *range(10**6, 10**6 + 1200)])
    assert len(ledger_reads._among(Document.id, [*ids, *range(10**6, 10**6 + 1200)])) == 3
    assert dense == sparse
    assert dense.documents == {h: [ORDER] for h in ids}
    assert [kind for _, _, kind in dense.deadlines[hid]] == ["set", "extension"]
    assert dense.accepted[hid][2] == "已清理杂物并更换闭门器"
    assert [name for name, _ in dense.files[hid]] == ["整改照片.jpg"]


# --- (c) every sheet prints ----------------------------------------------------------------


def _width(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)


def _check_print(path: Path, chain: str) -> None:
    """Every sheet: fit to one page's width (as many pages down as it needs), landscape when
    wider than a portrait page, its header repeated on every page, the audit chain's head in
    the footer, and every wrapped cell's row tall enough for its lines."""
    wb = load_workbook(path)
    for ws in wb.worksheets:
        setup = ws.page_setup
        assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
        assert (setup.fitToWidth, setup.fitToHeight) == (1, 0), ws.title
        widths = {k: d.width for k, d in ws.column_dimensions.items() if d.width}
        if sum(widths.values()) > 100:
            assert setup.orientation == "landscape", ws.title
        assert ws.print_title_rows, ws.title
        assert ws.oddFooter.center.text == chain, ws.title
        merged = {r.start_cell.coordinate: sum(widths.get(get_column_letter(n), 8.43)
                                                for n in range(r.min_col, r.max_col + 1))
                  for r in ws.merged_cells.ranges}
        for row in ws.iter_rows():
            need = 1
            for c in row:
                if isinstance(c.value, str) and c.alignment.wrap_text:
                    width = merged.get(c.coordinate, widths.get(c.column_letter, 8.43))
                    lines = sum(max(1, math.ceil(_width(p) / width))
                                for p in c.value.split("\n"))
                    need = max(need, lines)
            if need > 1:
                height = ws.row_dimensions[row[0].row].height
                assert height is not None and height >= 14 * need, (ws.title, row[0].row,
                                                                      height, need)


def test_every_sheet_of_both_workbooks_prints_fit_to_width_with_rows_that_fit(
        world: World, tmp_path: Path) -> None:
    photo = tmp_path / "整改照片.jpg"
    photo.write_bytes(b"\xff\xd8 the stairs cleared" * 50)
    _rectify(world, photo)
    inspections.answer(world.ctx, world.inspection, ITEMS[2], "noncompliant",
                       note="消防控制室值班人员未持证", amend="补记现场情况")
    report = export_inspection(world.ctx, world.inspection, tmp_path / "report.xlsx")
    seq, digest = audit_head(world.ctx.store.url)
    _check_print(report, f"审计链 #{seq} {digest[:16]}")
    wb = load_workbook(report)
    assert wb.sheetnames == ["概况", "检查发现", "重大隐患判定", "整改材料", "更正记录", "执法文书"]
    assert wb["检查发现"].print_title_rows == "$1:$1"
    assert wb["检查发现"].print_options.gridLines  # each row boxed on paper
    ledger, _ = export_ledger(world.ctx, tmp_path / "ledger.xlsx")
    _check_print(ledger, f"审计链 #{seq} {digest[:16]}")
    ws = load_workbook(ledger)["隐患台账"]
    assert ws.page_setup.orientation == "landscape" and ws.print_title_rows == "$1:$1"
    assert ws.page_setup.paperSize == 8 and ws.print_options.gridLines  # A3, rows boxed


def test_times_are_beijing_time(world: World, tmp_path: Path) -> None:
    """Defect: the workbooks showed UTC (an answer given at 09:00 in Jinan read 01:00)."""
    photo = tmp_path / "整改照片.jpg"
    photo.write_bytes(b"\xff\xd8 the stairs cleared" * 50)
    hid = _rectify(world, photo)
    inspections.answer(world.ctx, world.inspection, ITEMS[2], "noncompliant",
                       note="补充", amend="补记现场情况")
    with world.store.engine.connect() as conn:
        answered = dict(conn.execute(text("SELECT item_id, answered_at FROM finding "
                                          "WHERE inspection_id = :i"),
                                     {"i": world.inspection}).all())
        (submitted,) = conn.execute(text("SELECT submitted_at FROM rectification "
                                         "WHERE hazard_id = :h"), {"h": hid}).one()
        (amended,) = conn.execute(text("SELECT at FROM amendment")).one()

    def utc(value: Any) -> dt.datetime:
        return dt.datetime.fromisoformat(str(value)).replace(tzinfo=None, microsecond=0)

    wb = load_workbook(export_inspection(world.ctx, world.inspection, tmp_path / "r.xlsx"))
    findings = wb["检查发现"]
    header = [c.value for c in findings[1]]
    assert "时间（北京时间）" in header and not any("UTC" in str(h) for h in header)
    at = header.index("时间（北京时间）")
    shown = {r[2]: r[at] for r in findings.iter_rows(min_row=2, values_only=True)}
    assert shown[ITEMS[1]] == utc(answered[ITEMS[1]]) + BEIJING
    assert findings.cell(row=2, column=at + 1).number_format == "yyyy-mm-dd hh:mm:ss"
    fixes = wb["整改材料"]
    header = [c.value for c in fixes[1]]
    assert fixes.cell(row=2, column=header.index("提交时间（北京时间）") + 1).value == (
        utc(submitted) + BEIJING)
    amendments = wb["更正记录"]
    header = [c.value for c in amendments[1]]
    assert amendments.cell(row=2, column=header.index("时间（北京时间）") + 1).value == (
        utc(amended) + BEIJING)


# --- printed by LibreOffice ----------------------------------------------------------------


OFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_office = pytest.mark.skipif(
    OFFICE is None or shutil.which("pdftotext") is None or shutil.which("pdfinfo") is None,
    reason="LibreOffice or poppler-utils (pdftotext, pdfinfo) are not installed "
           "(CI installs both: see .ci/run)")


def _pdf_pages(path: Path, tmp_path: Path) -> list[str]:
    """The workbook printed to PDF by LibreOffice, each page's text (spaces and line breaks
    taken out: a wrapped cell breaks its text anywhere)."""
    assert OFFICE is not None
    out = tmp_path / "pdf"
    done = subprocess.run([OFFICE, "--headless", "--convert-to", "pdf", "--outdir", str(out),
                           str(path)], capture_output=True, text=True, timeout=300,
                          env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr
    pdf = out / (path.stem + ".pdf")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    pages = int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.M)[1])  # type: ignore[index]
    texts = []
    for n in range(1, pages + 1):
        page = subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), str(pdf), "-"],
                              capture_output=True, text=True, check=True).stdout
        texts.append(re.sub(r"\s+", "", page))
    return texts


@needs_office
def test_the_ledger_prints_every_column_on_one_page_width(world: World, tmp_path: Path) -> None:
    """Defect: the ledger's 14 columns printed over 7 portrait pages."""
    photo = tmp_path / "整改照片.jpg"
    photo.write_bytes(b"\xff\xd8 the stairs cleared" * 50)
    _rectify(world, photo)
    _issue(world.store, world, ORDER, "责改", 1, list(world.hazards.values()))
    ledger, _ = export_ledger(world.ctx, tmp_path / "ledger.xlsx")
    pages = _pdf_pages(ledger, tmp_path)
    first = pages[0]
    # every column on the first page: its first and last headers, the hazard described in
    # the fifth, the document number in the one before last, the photo in the last
    for shown in ("隐患编号", "单位名称", "隐患描述", "销号时间", "执法文书", "整改证据文件",
                  "二层东侧疏散楼梯间堆放纸箱", ORDER, "整改照片.jpg"):
        assert shown in first, shown
    assert "隐患台账" in first  # the sheet's name in the footer
    assert len(pages) <= 3  # the ledger on one page, the statistics after it


@needs_office
def test_the_report_prints_each_sheet_whole_in_width_with_its_header_on_every_page(
        world: World, tmp_path: Path) -> None:
    _issue(world.store, world, ORDER, "责改", 1, list(world.hazards.values()))
    report = export_inspection(world.ctx, world.inspection, tmp_path / "report.xlsx")
    pages = _pdf_pages(report, tmp_path)
    by_sheet: dict[str, list[str]] = {}
    for page in pages:
        sheet = next(s for s in ("概况", "检查发现", "重大隐患判定", "执法文书")
                     if f"{s}第" in page)  # the footer: 检查发现 第 1 页 共 3 页
        by_sheet.setdefault(sheet, []).append(page)
    assert set(by_sheet) == {"概况", "检查发现", "重大隐患判定", "执法文书"}
    for page in by_sheet["检查发现"]:  # the header, first column to last, on every page
        assert "判定标准" in page and "证据文件（SHA-256）" in page
    (pointer,) = by_sheet["执法文书"]
    assert ORDER in pointer and "责令限期整改指令书" in pointer
    determination = "".join(by_sheet["重大隐患判定"])
    assert "人员密集场所存在7.3.1～7.3.9" in determination


# --- with documents issued through the documents service ------------------------------------


def test_documents_issued_through_the_service_are_listed_and_named_by_the_ledger(
        sqlite_template: Path, tmp_path: Path) -> None:
    from core.services import documents
    from tests.documents_world import LEAD as DOC_LEAD
    from tests.documents_world import doc_world

    shutil.copyfile(sqlite_template, tmp_path / "anjian.db")
    w = doc_world(f"sqlite:///{tmp_path / 'anjian.db'}", TODAY)
    try:
        lead = w.ctx(DOC_LEAD)
        record = documents.issue(lead, w.request("检记")).document
        order = documents.issue(lead, w.request(
            "责改", deadline=TODAY + dt.timedelta(days=30))).document
        documents.deliver(lead, order.number, to="张经理", method="direct", on=TODAY)
        documents.void(lead, record.number, reason="时间写错")
        report = export_inspection(lead, w.inspection, tmp_path / "report.xlsx")
        rows = [list(r) for r in load_workbook(report)["执法文书"].iter_rows(values_only=True)]
        listed = {r[0]: r[1:5] for r in rows[4:]}
        assert listed == {
            record.number: ["现场检查记录", dt.datetime(2026, 3, 2), "已作废：时间写错", "未送达"],
            order.number: ["责令限期整改指令书", dt.datetime(2026, 3, 2), "有效",
                           "2026-03-02 直接送达 张经理"]}
        ledger, _ = export_ledger(lead, tmp_path / "ledger.xlsx")
        ws = load_workbook(ledger)["隐患台账"]
        header = [c.value for c in ws[1]]
        named = {r[0]: r[header.index("执法文书")] for r in ws.iter_rows(min_row=2,
                                                                          values_only=True)}
        # the order names every hazard; the voided record is named by none
        assert named == dict.fromkeys(w.hazards, order.number)
        deadlines = {r[0]: r[header.index("期限变更")] for r in ws.iter_rows(
            min_row=2, values_only=True)}
        assert set(deadlines.values()) == {"2026-04-01（检查组设定）"}, deadlines
    finally:
        w.store.close()
