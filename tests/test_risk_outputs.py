"""The risk register's outputs on SQLite and PostgreSQL, through the real services: the 两单
workbook read back with openpyxl, the 三卡 read back with python-docx (and converted to PDF
when LibreOffice is installed), the risk report filed, numbered and frozen, and its refusals
storing nothing.

Risk points are inserted here as rows through ``core.store`` sessions (the register's own
services are written in parallel), graded by the real grader."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from openpyxl import load_workbook
from sqlmodel import select

from core.engine.grading import grade
from core.i18n import AnjianError, t
from core.plugins.catalogue import build_catalogue
from core.process import risk_report as rules
from core.services import risk_outputs, roster
from core.services.context import Context
from core.store import queries as q
from core.store.db import open_store
from core.store.tables import AuditEntry, RiskEntry, RiskPoint, RiskReport
from tests.workflow_helpers import new_code

TODAY = dt.date(2026, 2, 10)
CATALOGUE = build_catalogue()


@dataclass
class World:
    ctx: Context
    code: str

    def at(self, day: dt.date) -> Context:
        return Context(self.ctx.store, self.ctx.catalogue, self.ctx.actor, day, "zh")


def graded(preset: str, **inputs: float) -> dict[str, Any]:
    return grade(CATALOGUE.risk_method(preset), inputs,
                 direct=CATALOGUE.direct_rules).record()


def add_point(w: World, code: str, name: str, *, inherent: dict[str, float],
              current: dict[str, float], kind: str = "activity", place: str = "灌装车间",
              preset: str = "lec-classic", responsible: dict[str, str] | None = None,
              accidents: tuple[str, ...] = ("fire", "poisoning")) -> int:
    """A risk point with one entry, graded ``inherent`` and ``current``."""
    inh, cur = graded(preset, **inherent), graded(preset, **current)
    with w.ctx.store.session() as s:
        p = RiskPoint(enterprise_uscc=w.code, code=code, name=name, kind=kind, place=place,
                      responsible=responsible or {"company": "王厂长", "workshop": "李主任",
                                                  "team": "赵班长", "post": "孙操作工"},
                      inherent=inh, current=cur, grade=cur["grade"], assessed_on=TODAY)
        s.add(p)
        s.flush()
        assert p.id is not None
        s.add(RiskEntry(risk_point_id=p.id, seq=1, step="检查储罐液位并开启进料阀",
                        source_class="thing", hazard="储罐液位计失灵导致甲醇溢出",
                        accident_types=list(accidents), consequence="溢出遇明火引发火灾",
                        measures={"engineering": "设置高液位报警和联锁切断",
                                  "management": "执行操作规程，每班巡检",
                                  "training": "岗前培训并考核",
                                  "protection": "佩戴防静电工作服和防毒面具",
                                  "emergency": "立即关闭进料阀，启动泡沫灭火系统，疏散人员"},
                        inherent=inh, current=cur, suggestions="增设可燃气体检测报警仪"))
        return p.id


def set_grade(w: World, point_id: int, **current: float) -> None:
    cur = graded("lec-classic", **current)
    with w.ctx.store.session() as s:
        p = s.get(RiskPoint, point_id)
        assert p is not None
        p.current, p.grade = cur, cur["grade"]
        s.add(p)
        for e in s.exec(select(RiskEntry).where(RiskEntry.risk_point_id == point_id)):
            e.current = cur
            s.add(e)


@pytest.fixture
def world(db_url: str) -> Iterator[World]:
    ctx = Context(open_store(db_url), CATALOGUE, "组长甲", TODAY, "zh")
    code = roster.add_enterprise(ctx, uscc=new_code(), name="南通示例化工有限公司",
                                 sector="chemicals", district="崇川区").uscc
    w = World(ctx, code)
    add_point(w, "FXD-001", "甲醇储罐区", inherent={"L": 6, "E": 6, "C": 15},
              current={"L": 3, "E": 6, "C": 15})  # 540 重大 → 270 较大
    add_point(w, "FXD-002", "配电室", kind="equipment", place="配电室",
              inherent={"L": 3, "E": 6, "C": 7}, current={"L": 3, "E": 3, "C": 7},
              accidents=("electric",))  # 126 一般 → 63 低
    yield w
    ctx.store.close()


def stored(w: World) -> tuple[list[tuple[Any, ...]], int]:
    with w.ctx.store.reading() as s:
        rows = [(r.id, r.seq, r.kind, r.content_hash) for r in
                s.exec(select(RiskReport).order_by(RiskReport.id)).all()]  # type: ignore[arg-type]
        return rows, q.audit_head(s).seq


def refused(key: str, attempt: Any) -> AnjianError:
    with pytest.raises(AnjianError) as caught:
        attempt()
    assert caught.value.key == key, caught.value
    return caught.value


# --- the 两单 --------------------------------------------------------------------------------


def test_lists_workbook_reads_back(world: World, tmp_path: Path) -> None:
    out = risk_outputs.export_lists(world.ctx, world.code, tmp_path / "两单.xlsx")
    wb = load_workbook(out)
    assert wb.sheetnames == ["风险点辨识清单", "安全风险分级管控清单"]
    ident, control = wb["风险点辨识清单"], wb["安全风险分级管控清单"]
    assert "南通示例化工有限公司" in ident["A1"].value
    header = [c.value for c in ident[2]]
    assert header == ["序号", "单位名称", "风险点编号", "风险点名称", "类型", "场所/环节/部位",
                      "作业步骤或检查项目", "危险源类别", "主要危险因素", "易导致后果（事故类型）"]
    rows = [[c.value for c in r] for r in ident.iter_rows(min_row=3)]
    assert rows[0][2:5] == ["FXD-001", "甲醇储罐区", "作业活动"]
    assert rows[1][4] == "设备设施"
    assert rows[0][7] == "物的因素" and "火灾、中毒和窒息" in rows[0][9]
    header = [c.value for c in control[2]]
    for wanted in ("风险点编号", "危险源/潜在事件", "可能导致的事故类型", "评价方法与预设",
                   "固有风险取值", "固有风险等级", "现有风险取值", "风险等级", "直接判定规则",
                   "工程技术措施", "管理措施", "培训教育措施", "个体防护措施", "应急处置措施",
                   "管控层级", "责任人", "建议改进措施"):
        assert wanted in header, wanted
    g = header.index("风险等级")
    first = control.cell(row=3, column=g + 1)
    assert first.value == "较大风险（橙）"
    assert first.fill.fgColor.rgb.endswith("F39800")
    low = control.cell(row=4, column=g + 1)
    assert low.value == "低风险（蓝）" and low.fill.fgColor.rgb.endswith("0068B7")
    row = [c.value for c in control[3]]
    assert row[header.index("固有风险取值")] == "L=6 E=6 C=15 D=540"
    assert row[header.index("固有风险等级")] == "重大风险（红）"
    assert "公司（厂）级：王厂长" in row[header.index("责任人")]
    assert "lec-classic" in row[header.index("评价方法与预设")]
    for ws in (ident, control):
        assert int(ws.page_setup.paperSize) == 8 and ws.page_setup.orientation == "landscape"
        assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.print_title_rows in ("$1:$2", "1:2"), ws.print_title_rows
        assert ws.print_options.gridLines
        assert "审计链 #" in ws.oddFooter.center.text


# --- the 三卡 -------------------------------------------------------------------------------


def _text(path: Path) -> str:
    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts += [c.text for c in row.cells]
    return "\n".join(parts)


def _cells(path: Path) -> dict[str, str]:
    doc = Document(str(path))
    return {row.cells[0].text: row.cells[1].text for table in doc.tables for row in table.rows
            if len(row.cells) == 2}


def test_cards_carry_what_order_70_requires(world: World, tmp_path: Path) -> None:
    files = risk_outputs.export_cards(world.ctx, world.code, tmp_path, phone="0513-85550000")
    assert [f.name for f in files] == [f"{world.code}-risk-notice-cards.docx",
                                       f"{world.code}-risk-emergency-cards.docx",
                                       f"{world.code}-risk-commitment-cards.docx"]
    notice, emergency, commitment = files
    cells = _cells(notice)
    expected = {"编号": "FXD-002", "岗位/风险点名称": "配电室", "风险等级": "低风险（蓝）",
                "主要危险有害因素": "储罐液位计失灵导致甲醇溢出"}
    for label, value in expected.items():  # the last card's
        assert cells[label] == value, label
    assert "触电" in cells["可能导致的后果（事故类型）"]
    assert "工程技术措施：设置高液位报警和联锁切断" in cells["事故预防（管控）措施"]
    assert "立即关闭进料阀" in cells["应急措施"]
    assert "0513-85550000" in cells["报告电话"] and "119" in cells["报告电话"]
    assert "检查储罐液位" in cells["安全操作要点"]
    assert "岗位：孙操作工" in cells["责任单位/责任人"]
    doc = Document(str(notice))
    # one card a page, each under a band in its grade's colour
    assert _text(notice).count("岗位安全风险告知卡") == 2
    fills = [tc.xpath("./w:tcPr/w:shd/@w:fill") for tc in doc.element.body.iter(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tc")]
    assert ["F39800"] in fills and ["0068B7"] in fills
    footer = doc.sections[0].footer.paragraphs[0].text
    assert "审计链 #" in footer and "南通示例化工有限公司" in footer
    assert doc.sections[0].page_width == Document(str(emergency)).sections[0].page_width
    em = _cells(emergency)
    assert "触电" in em["事故类型"] and "启动泡沫灭火系统" in em["应急处置措施"]
    assert "注意事项" in em and "报告电话" in em
    text = _text(commitment)
    assert "本人承诺" in text and "承诺人（签字）" in text and "孙操作工" in text
    assert text.count("安全承诺卡") == 2  # two posts: 灌装车间, 配电室
    # the same register and day: the same bytes
    again = tmp_path / "again"
    again.mkdir()
    for a, b in zip(files, risk_outputs.export_cards(world.ctx, world.code, again,
                                                     phone="0513-85550000"), strict=True):
        assert a.read_bytes() == b.read_bytes()


def test_cards_of_chosen_points_and_refusals(world: World, tmp_path: Path) -> None:
    files = risk_outputs.export_cards(world.ctx, world.code, tmp_path, points=["FXD-001"])
    assert _text(files[0]).count("岗位安全风险告知卡") == 1
    assert t("risk.card.blank") in _cells(files[0])["报告电话"]
    refused("risk.out.unknown_points", lambda: risk_outputs.export_cards(
        world.ctx, world.code, tmp_path, points=["FXD-404"]))
    refused("risk.out.cards_folder", lambda: risk_outputs.export_cards(
        world.ctx, world.code, tmp_path / "missing"))


def test_cards_convert_to_pdf(world: World, tmp_path: Path) -> None:
    if shutil.which("soffice") is None and shutil.which("libreoffice") is None:
        pytest.skip("LibreOffice (soffice) is not installed: the cards' PDF is not checked")
    files = risk_outputs.export_cards(world.ctx, world.code, tmp_path, pdf=True,
                                      points=["FXD-001"])
    pdfs = [f for f in files if f.suffix == ".pdf"]
    assert len(pdfs) == 3 and all(f.read_bytes().startswith(b"%PDF") for f in pdfs)


# --- the risk report -----------------------------------------------------------------------


def test_reports_numbered_frozen_and_changes_listed(world: World, tmp_path: Path) -> None:
    first = risk_outputs.file_report(world.ctx, world.code, "first")
    assert (first.seq, first.kind, first.reasons, first.warnings) == (1, "first", (), ())
    with world.ctx.store.reading() as s:
        entry = [e for e in q.audit_entries(s) if e.action == "risk.report.file"][-1]
        assert isinstance(entry, AuditEntry)
        assert entry.after["content_hash"] == first.content_hash
        row = s.get(RiskReport, first.id)
        assert row is not None and rules.content_hash(row.content) == first.content_hash
    out = risk_outputs.export_report(world.ctx, first.id, tmp_path / "r1.docx")
    before = out.read_bytes()
    text = _text(out)
    for wanted in ("首次报告", "第 1 号", "三、较大以上安全风险清单", "FXD-001", "较大风险（橙）",
                   first.content_hash, "此前未报送安全风险报告"):
        assert wanted in text, wanted
    # the register changes: a point raised to 重大, a new 较大 point
    p1 = {p.code: p.id for p in risk_outputs._read(world.ctx, world.code).points}["FXD-001"]
    set_grade(world, p1, L=6, E=6, C=15)
    add_point(world, "FXD-003", "装卸站台", inherent={"L": 6, "E": 6, "C": 15},
              current={"L": 3, "E": 6, "C": 15})
    # the filed report and its export do not change
    assert risk_outputs.export_report(world.ctx, first.id, tmp_path / "r1b.docx") \
        .read_bytes() == before
    assert risk_outputs.reports(world.ctx, world.code)[0].content_hash == first.content_hash
    change = risk_outputs.file_report(world.at(TODAY + dt.timedelta(days=30)), world.code,
                                      "change")
    assert change.seq == 2 and change.reasons == ("new_significant", "grade_changed")
    assert [a["code"] for a in change.changes["added"]] == ["FXD-003"]
    assert change.changes["graded"] == [{"code": "FXD-001", "name": "甲醇储罐区",
                                         "before": "significant", "after": "major"}]
    text = _text(risk_outputs.export_report(world.ctx, change.id, tmp_path / "r2.docx"))
    assert "新增风险点 FXD-003 装卸站台（较大风险（橙））" in text
    assert "风险点 FXD-001 甲醇储罐区：较大风险（橙） → 重大风险（红）" in text
    assert "上次报告：第 1 号" in text
    assert [r.seq for r in risk_outputs.reports(world.ctx, world.code)] == [1, 2]
    # a periodic report out of the first quarter is kept, with a warning
    late = risk_outputs.file_report(world.at(dt.date(2026, 5, 4)), world.code, "periodic")
    assert late.seq == 3 and [w.key for w in late.warnings] == ["risk.report.periodic_late"]


def test_refusals_store_nothing(world: World) -> None:
    before = stored(world)
    refused("risk.report.first_missing",
            lambda: risk_outputs.file_report(world.ctx, world.code, "change"))
    refused("risk.report.first_missing",
            lambda: risk_outputs.file_report(world.ctx, world.code, "periodic"))
    refused("risk.report.kind_unknown",
            lambda: risk_outputs.file_report(world.ctx, world.code, "yearly"))
    refused("risk.report.reasons_only_change", lambda: risk_outputs.file_report(
        world.ctx, world.code, "first", ["basic_info"]))
    assert stored(world) == before
    risk_outputs.file_report(world.ctx, world.code, "first")
    after_first = stored(world)
    refused("risk.report.first_filed",
            lambda: risk_outputs.file_report(world.ctx, world.code, "first"))
    err = refused("risk.report.no_reason",
                  lambda: risk_outputs.file_report(world.ctx, world.code, "change"))
    assert "新增风险点 0 个" in err.render("zh")
    refused("risk.report.reason_unknown", lambda: risk_outputs.file_report(
        world.ctx, world.code, "change", ["whim"]))
    add_point(world, "FXD-009", "新增反应釜", inherent={"L": 6, "E": 6, "C": 15},
              current={"L": 6, "E": 6, "C": 15})
    err = refused("risk.report.reason_not_held", lambda: risk_outputs.file_report(
        world.ctx, world.code, "change", ["basic_info"]))
    assert "有新的较大以上安全风险" in err.render("zh")
    assert stored(world) == after_first


def test_changes_are_pure() -> None:
    def snap(name: str, **grades: str | None) -> dict[str, Any]:
        return {"enterprise_name": name, "points": [
            {"code": c, "name": c, "current": {"grade": g} if g else None}
            for c, g in grades.items()]}

    change = rules.changes(snap("甲", A="significant", B="low", C="major"),
                           snap("乙", A="general", B="significant", D="low"))
    assert rules.held(change) == ["new_significant", "grade_changed", "basic_info"]
    assert [r["code"] for r in change["removed"]] == ["C"]
    assert [g["code"] for g in change["graded"]] == ["A", "B"]
    assert rules.held(rules.changes(snap("甲", A="low"), snap("甲", A="general"))) == []
