"""The risk register walked end to end by the command line alone (issue 22), on a real SQLite
file and in Chinese (the default): the bureau registers an enterprise and its safety officer;
an inspection finds a hazard there; the officer registers risk points with their analysis,
grades a risk with the calculator (nothing stored), ties the hazard to its point, lays out a
zone grid and places the points, and produces 一图 (the four-colour map as SVG and PNG, read
back), 两单 (the workbook, read back), 三卡 (the Word cards, read back) and the first risk
report (a second first refused); then the bureau's statistics count it all. Bad input on the
way exits 2 with a Chinese reason and leaves the database as it was."""

from __future__ import annotations

import json
import random
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from openpyxl import load_workbook
from PIL import Image

from core.services.demo import make_uscc
from tests.db_state import snapshot
from tests.workflow_helpers import cli_main

SVG = "{http://www.w3.org/2000/svg}"
LEAD, INSPECTOR, OWNER = "组长甲", "检查员乙", "企业安全员"
NAME = "济南鲁华化工有限公司"


class Walk:
    """``anjian --db URL --user USER …`` in this process, the language left to its default."""

    def __init__(self, url: str, capsys: pytest.CaptureFixture[str]) -> None:
        self.url, self.capsys = url, capsys

    def run(self, user: str, *args: str) -> tuple[int, str, str]:
        return cli_main(["--db", self.url, "--user", user, *args], self.capsys)

    def __call__(self, user: str, *args: str) -> str:
        code, out, err = self.run(user, *args)
        assert code == 0, (args, err)
        return out

    def json(self, user: str, *args: str) -> Any:
        return json.loads(self(user, *args, "--json"))

    def refused(self, user: str, *args: str) -> str:
        """The command exits 2 with a reason in Chinese and the database is unchanged."""
        before = snapshot(self.url)
        code, out, err = self.run(user, *args)
        assert code == 2, (args, out, err)
        assert "Traceback" not in err and err.strip()
        assert snapshot(self.url) == before, args
        return err


def zone_classes(svg_text: str) -> Counter[str]:
    found: Counter[str] = Counter()
    for rect in ET.fromstring(svg_text).iter(f"{SVG}rect"):
        classes = rect.get("class", "").split()
        if "zone" in classes:
            found.update(c for c in classes if c != "zone")
    return found


def cells(path: Path) -> list[dict[str, str]]:
    """Each two-column table of a Word file as label → value."""
    doc = Document(str(path))
    return [{row.cells[0].text: row.cells[1].text for row in table.rows
             if len(row.cells) == 2} for table in doc.tables]


def text_of(path: Path) -> str:
    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs]
    parts += [c.text for table in doc.tables for row in table.rows for c in row.cells]
    return "\n".join(parts)


def test_the_risk_register_walked_by_the_command_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ANJIAN_LANG", raising=False)
    url = f"sqlite:///{tmp_path / 'walk.db'}"
    run = Walk(url, capsys)
    uscc = make_uscc(random.Random(22), "370102")
    # the bureau: the enterprise, its safety officer, and an inspection that finds a hazard
    run(LEAD, "db", "upgrade")
    run(LEAD, "enterprises", "add", "--uscc", uscc, "--name", NAME, "--sector", "chemicals",
        "--district", "历下区", "--address", "工业南路 1 号", "--contact", "王工")
    for name in (INSPECTOR, "检查员丙"):
        run(LEAD, "users", "add", name, "--role", "inspector")
    run(LEAD, "users", "add", OWNER, "--role", "enterprise", "--enterprise", uscc)
    cid = run(LEAD, "campaign", "new", "--sector", "chemicals", "--pack", "chem-2017",
              "--target", uscc, "--lead", LEAD, "--member", INSPECTOR, "--member",
              "检查员丙").strip()
    run(LEAD, "campaign", "advance", cid)
    iid = run(INSPECTOR, "inspect", "start", "--campaign", cid, "--enterprise", uscc).strip()
    run(INSPECTOR, "inspect", "answer", iid, "CHEM-2017-12", "noncompliant", "--note",
        "储罐区未设置可燃气体报警")
    (hazard,) = [h["id"] for h in run.json(LEAD, "hazards", "--campaign", cid)]

    # the officer registers three risk points
    out = run(OWNER, "risk", "add", "--enterprise", uscc, "--code", "FXD-001", "--name",
              "甲醇储罐区", "--kind", "equipment", "--place", "罐区", "--responsible",
              "company=王厂长", "--responsible", "workshop=储运车间李主任", "--responsible",
              "team=罐区班长", "--responsible", "post=罐区操作工")
    assert out.splitlines()[0] == "已添加风险点 #1（FXD-001）"
    out = run(OWNER, "risk", "entry", "1", "--step", "检查储罐液位并开启进料阀", "--hazard",
              "储罐液位计失灵导致甲醇溢出", "--source", "thing", "--accident", "fire",
              "--accident", "poisoning", "--consequence", "溢出遇明火引发火灾", "--measure",
              "engineering=设置高液位报警和联锁切断", "--measure", "management=每班巡检",
              "--measure", "emergency=立即关闭进料阀，启动泡沫灭火系统",
              "--inherent", "lec-classic:L=6,E=6,C=15", "--current", "lec-classic:L=3,E=6,C=15",
              "--suggestion", "增设可燃气体检测报警仪")
    assert "已为风险点 #1（FXD-001）添加分析记录" in out
    assert "#1 FXD-001 甲醇储罐区（设备设施）：较大风险（橙）D=270（lec-classic）" in out
    out = run(OWNER, "risk", "add", "--enterprise", uscc, "--code", "FXD-002", "--name",
              "装卸站台", "--kind", "activity", "--place", "装卸区", "--responsible",
              "team=装卸班长", "--responsible", "post=装卸工")
    assert out.splitlines()[0] == "已添加风险点 #2（FXD-002）"
    out = run(OWNER, "risk", "entry", "2", "--step", "连接装卸鹤管", "--hazard", "静电积聚",
              "--source", "person", "--accident", "fire", "--measure",
              "protection=穿防静电工作服", "--inherent", "lec-classic:L=3,E=6,C=7",
              "--current", "lec-classic:L=1,E=6,C=7")
    assert "#2 FXD-002 装卸站台（作业活动）：低风险（蓝）D=42（lec-classic）" in out
    out = run(OWNER, "risk", "add", "--enterprise", uscc, "--code", "FXD-003", "--name",
              "配电室", "--kind", "equipment", "--place", "配电室", "--responsible",
              "workshop=动力车间主任", "--responsible", "team=电工班长", "--responsible",
              "post=值班电工")
    out = run(OWNER, "risk", "entry", "3", "--step", "高压开关柜", "--hazard", "绝缘老化漏电",
              "--source", "thing", "--accident", "electric", "--inherent",
              "ls-shandong:L=4,S=4", "--current", "ls-shandong:L=3,S=4")
    assert "#3 FXD-003 配电室（设备设施）：一般风险（黄）R=12（ls-shandong）" in out

    # the calculator grades and stores nothing
    before = snapshot(url)
    out = run(OWNER, "risk", "grade", "--method", "lec", "-L", "3", "-E", "6", "-C", "15")
    lines = out.splitlines()
    assert lines[1] == "D = L × E × C = 3 × 6 × 15 = 270"
    assert lines[2].startswith("风险等级：较大风险（橙），第 2 级")
    assert lines[3] == "管控层级：公司（厂）级、车间（部室）级、班组、岗位"
    assert snapshot(url) == before

    # bad input on the way: each exits 2 in Chinese and the database is as it was
    err = run.refused(OWNER, "risk", "grade", "--method", "lec", "-L", "4", "-E", "6",
                      "-C", "15")
    assert "L 的取值 4 不在预设 lec-classic 的表中：可取 10、6、3、1、0.5、0.2、0.1。" in err
    err = run.refused(OWNER, "risk", "entry", "2", "--step", "卸车", "--hazard", "槽车溜车",
                      "--source", "thing", "--inherent", "lec-classic:L=1,E=6,C=7",
                      "--current", "lec-classic:L=3,E=6,C=7")
    assert "current：现有风险（一般风险，126）高于固有风险（低风险，42）" in err
    notes = tmp_path / "厂区平面图.png"
    notes.write_text("这不是图片", "utf-8")
    err = run.refused(OWNER, "risk", "plan", "--enterprise", uscc, "--image", str(notes))
    assert f"{notes} 不是 PNG 或 JPEG 图片" in err and "未保存任何内容" in err
    run(OWNER, "risk", "plan", "--enterprise", uscc, "--grid", "4x3")
    err = run.refused(OWNER, "risk", "place", "3", "--at", "3,2,2,1")
    assert "位置的 w 为 2，超出分区网格的范围：w 须在 1 到 1 之间（分区网格为 4×3 格" in err
    err = run.refused(OWNER, "risk", "place", "3", "--at", "4,0,1,1")
    assert "位置的 x 为 4，超出分区网格的范围：x 须在 0 到 3 之间" in err

    # the hazard found is tied to its point, which is flagged for re-assessment
    out = run(OWNER, "risk", "link", "--hazard", str(hazard), "--point", "1")
    assert out.splitlines()[0] == f"已将隐患 #{hazard} 关联到风险点 #1（FXD-001）"
    out = run(OWNER, "risk", "show", "1")
    assert f"  关联隐患：#{hazard}" in out
    assert out.splitlines()[-1] == f"需重新评价：有未销号的重大事故隐患 #{hazard}"
    listed = run.json(OWNER, "risk", "list")  # the officer's own enterprise
    assert listed["total"] == 3
    assert [(p["code"], p["current"]["grade"], p["hazards"]) for p in listed["points"]] == [
        ("FXD-001", "significant", [hazard]), ("FXD-002", "low", []),
        ("FXD-003", "general", [])]

    # 一图: the points placed on the 4×3 grid, the map as SVG and PNG
    for point, at in (("1", "0,0,2,1"), ("2", "2,0,2,1"), ("3", "0,2,1,1")):
        out = run(OWNER, "risk", "place", point, "--at", at)
        assert out.startswith(f"风险点 FXD-00{point} ")
    svg_file, png_file = tmp_path / "一图.svg", tmp_path / "一图.png"
    assert run(OWNER, "risk", "map", "--enterprise", uscc, "--out", str(svg_file)) == (
        f"已保存四色分布图：{svg_file}\n")
    run(OWNER, "risk", "map", "--enterprise", uscc, "--out", str(png_file))
    svg = svg_file.read_text("utf-8")
    assert zone_classes(svg) == {"grade-significant": 1, "grade-low": 1, "grade-general": 1}
    root = ET.fromstring(svg)
    title = next(e for e in root.iter(f"{SVG}text") if e.get("id") == "title")
    assert title.text == f"{NAME} 安全风险四色分布图"
    group = next(g for g in root.iter(f"{SVG}g") if g.get("id") == "map")
    dx, dy = (int(v) for v in group.get("transform", "")[len("translate("):-1].split(","))
    zones = {c: r for r in group.iter(f"{SVG}rect") for c in r.get("class", "").split()
             if c.startswith("grade-")}
    assert (zones["grade-significant"].get("x"), zones["grade-significant"].get("width")) == (
        "0", "200")  # two of the four 100-wide cells
    with Image.open(png_file) as img:
        assert img.format == "PNG"
        assert img.size == (int(root.get("width", 0)), int(root.get("height", 0)))
        rgb = img.convert("RGB")
        for cls, colour in (("grade-significant", (0xF3, 0x98, 0x00)),
                            ("grade-general", (0xFF, 0xE1, 0x00)),
                            ("grade-low", (0x00, 0x68, 0xB7))):
            r = zones[cls]
            x, y = int(r.get("x", 0)) + dx + 5, int(r.get("y", 0)) + dy + 5
            assert rgb.getpixel((x, y)) == colour, cls

    # 两单: the workbook read back
    book = tmp_path / "两单.xlsx"
    out = run(OWNER, "risk", "lists", "--enterprise", uscc, "--out", str(book))
    assert out.startswith("已导出两单")
    wb = load_workbook(book)
    assert wb.sheetnames == ["风险点辨识清单", "安全风险分级管控清单"]
    control = wb["安全风险分级管控清单"]
    header = [c.value for c in control[2]]
    rows = {r[header.index("风险点编号")]: r for r in control.iter_rows(min_row=3,
                                                                     values_only=True)}
    assert rows["FXD-001"][header.index("风险等级")] == "较大风险（橙）"
    assert rows["FXD-001"][header.index("固有风险取值")] == "L=6 E=6 C=15 D=540"
    assert rows["FXD-003"][header.index("风险等级")] == "一般风险（黄）"
    assert control.cell(row=3, column=header.index("风险等级") + 1).fill.fgColor.rgb.endswith(
        "F39800")
    ident = [r for r in wb["风险点辨识清单"].iter_rows(min_row=3, values_only=True)]
    assert [r[2] for r in ident] == ["FXD-001", "FXD-002", "FXD-003"]

    # 三卡: the Word cards read back, the 风险告知卡 with its fields
    folder = tmp_path / "三卡"
    folder.mkdir()
    got = run.json(OWNER, "risk", "cards", "--enterprise", uscc, "--out", str(folder),
                   "--phone", "0531-88880000")
    files = [Path(f) for f in got["files"]]
    assert [f.name for f in files] == [f"{uscc}-risk-notice-cards.docx",
                                       f"{uscc}-risk-emergency-cards.docx",
                                       f"{uscc}-risk-commitment-cards.docx"]
    notice, emergency, commitment = files
    assert text_of(notice).count("岗位安全风险告知卡") == 3
    card = next(c for c in cells(notice) if c.get("编号") == "FXD-001")
    for label, value in {"单位名称": NAME, "岗位/风险点名称": "甲醇储罐区", "场所/部位": "罐区",
                         "风险等级": "较大风险（橙）",
                         "主要危险有害因素": "储罐液位计失灵导致甲醇溢出",
                         "安全操作要点": "检查储罐液位并开启进料阀"}.items():
        assert card[label] == value, label
    assert "火灾、中毒和窒息" in card["可能导致的后果（事故类型）"]
    assert "工程技术措施：设置高液位报警和联锁切断" in card["事故预防（管控）措施"]
    assert "立即关闭进料阀" in card["应急措施"]
    assert "公司（厂）级：王厂长" in card["责任单位/责任人"]
    assert "0531-88880000" in card["报告电话"] and "119" in card["报告电话"]
    assert "立即关闭进料阀" in next(c for c in cells(emergency)
                                  if c.get("编号") == "FXD-001")["应急处置措施"]
    assert "本人承诺" in text_of(commitment) and "值班电工" in text_of(commitment)

    # the first risk report; a second first is refused
    out = run(OWNER, "risk", "report", "--enterprise", uscc, "--kind", "first")
    assert out.startswith("已报送首次报告第 1 号（报告编号 1）")
    assert "新增风险点 3 个" in out
    (filed,) = run.json(OWNER, "risk", "reports", "--enterprise", uscc)
    assert (filed["seq"], filed["kind"], filed["filed_by"]) == (1, "first", OWNER)
    assert "第 1 号　首次报告" in run(OWNER, "risk", "reports", "--enterprise", uscc)
    err = run.refused(OWNER, "risk", "report", "--enterprise", uscc, "--kind", "first")
    assert f"{NAME}（{uscc}）已于" in err and "报送首次报告（第 1 号）" in err
    assert "此后请报送定期报告或变更报告" in err
    report_file = tmp_path / "报告.docx"
    run(OWNER, "risk", "report-export", str(filed["id"]), "--out", str(report_file))
    report_text = text_of(report_file)
    assert "首次报告" in report_text and filed["content_hash"] in report_text

    # the bureau's statistics count it
    out = run(LEAD, "stats")
    section = out[out.index("安全风险分级"):]
    for line in ("风险点 3 个：重大 0 较大 1 一般 1 低 1 未评价 0",
                 "历下区：重大 0 较大 1 一般 1 低 1 未评价 0（共 3 个）",
                 "危险化学品：重大 0 较大 1 一般 1 低 1 未评价 0（共 3 个）",
                 "有重大风险的单位 0 家，有较大风险的单位 1 家（有其一的 1 家）",
                 "未建立风险点台账的单位：0 家（共 1 家）",
                 "未复评的风险点：1 个，涉及单位 1 家",
                 "年已报送安全风险报告 1 份：首次 1 定期 0 变更 0"):
        assert line in section, (line, section)
    risk = run.json(LEAD, "stats")["risk"]
    assert risk["overall"] == {"group": "", "total": 3, "counts": {
        "major": 0, "significant": 1, "general": 1, "low": 1, "unassessed": 0}}
    assert (risk["enterprises_significant"], risk["enterprises_major"]) == (1, 0)
    assert (risk["unfiled"], risk["reassess_points"], risk["reports_year"]) == (0, 1, 1)
    assert risk["reports"] == {"first": 1, "periodic": 0, "change": 0}
    # and the audit chain is intact after it all
    assert run.json(LEAD, "audit", "verify")["chain"]["intact"] is True
