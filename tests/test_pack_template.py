"""The checklist template (检查表模板): every installed pack and a pack using every field of the
format go out to a workbook and come back equal; the workbook speaks Chinese, offers its
choices as drop-down lists and explains itself; and every kind of bad cell is refused naming
its sheet, row and column, with nothing written."""

from __future__ import annotations

import copy
import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from pydantic import BaseModel

from core.excel.checklist import KnownPack, export_pack, import_pack
from core.i18n import AnjianError, t
from core.pack.loader import load_pack, pack_hash
from core.pack.model import INCLUSIVE, WORDINGS, Pack
from core.plugins.catalogue import Catalogue
from core.services.exports import known_packs, written_pack

ANJIAN = Path(sys.executable).with_name("anjian")

#: A pack that gives every field of the format a value other than its default (but the
#: overlay's: see OVERLAY), so that a field the template forgets cannot come back equal.
SINK: dict[str, Any] = {
    "id": "tpl-sink", "version": "1.2.3rc1", "title_zh": "模板全字段测试", "title_en": "Sink",
    "standard": "测试文件第1号", "issuer": "测试机关", "sector": "industry_trade",
    "effective": "2024-01-01", "effective_note": "日期未核对", "replaces": "旧测试文件",
    "series": "tpl-series",
    "superseded_by": {"standard": "测试文件第2号", "title_zh": "新测试文件",
                      "effective": "2030-01-01", "note": "全部改写"},
    "on_site_correction": {"clause": "5.1", "text_zh": "当场改正的不计入。",
                           "gloss_en": "Corrected on the spot: not counted."},
    "collective_decision": {"clause": "4.2", "min_participants": 3, "text_zh": "集体讨论。",
                            "gloss_en": "Collective decision."},
    "site_categories": [{"id": "dense", "name_zh": "人员密集场所", "name_en": "Crowded"}],
    "tags": [{"id": "smelt", "name_zh": "冶炼", "name_en": "Smelting"},
             {"id": "roll", "name_zh": "轧钢", "name_en": "Rolling"}],
    "sections": [
        {"id": "S1", "title_zh": "第一章", "title_en": "Chapter 1", "tags": ["smelt", "roll"],
         "items": [
             {"id": "TS-01", "clause": "1.1", "text_zh": "煤气区域作业未检测。",
              "gloss_en": "No gas test.", "guidance_zh": "查记录，未检测答“不符合”，失效视同缺失。",
              "guidance_en": "Check the log.", "evidence": ["检测记录", "现场照片"],
              "verification": "partial", "verification_note": "仅一个抄本", "tags": ["roll"],
              "device_failure": True, "effective": "2024-06-01", "combine": "all",
              "record_parts": False, "record_parts_reason": "单个部分不构成隐患",
              "checks": [
                  {"id": "1", "text_zh": "一氧化碳浓度", "gloss_en": "CO", "tags": ["smelt"],
                   "effective": "2024-03-01", "combine": "all", "checks": [
                       {"id": "a", "text_zh": "人数超过", "gloss_en": "Headcount",
                        "measure": {"quantity_zh": "作业人数", "quantity_en": "workers",
                                    "unit": "人", "op": ">", "limit": 25, "bound": "min",
                                    "wording": "超过"}},
                       {"id": "b", "text_zh": "未设监护人", "gloss_en": "No watcher",
                        "tags": ["roll"], "effective": "2024-02-01"}]},
                  {"id": "2", "text_zh": "报警仪不足", "gloss_en": "Too few alarms",
                   "measure": {"quantity_zh": "报警仪数量", "quantity_en": "alarms",
                               "op": "<", "limit": 0.5, "relative": True, "wording": "至少",
                               "requirement": True}}],
              "predecessors": [{"item": "OLD-01", "relation": "split", "values": {"2": "old"},
                                "note": "拆分"},
                               {"item": "OLD-03", "relation": "merge"}],
              "constitutes": [{"pack": "chem-2017", "item": "CHEM-2017-18",
                               "note": "特殊作业管理制度未有效执行"}]},
             {"id": "TS-02", "clause": "1.2", "text_zh": "安全距离不足。", "gloss_en": "Too close.",
              "guidance_zh": "测量，不足答“不符合”。",
              "measure": {"quantity_zh": "距离", "quantity_en": "distance", "unit": "m",
                          "op": "<=", "limit": 2.5, "wording": "以内"},
              "predecessors": ["OLD-01", {"item": "OLD-02", "relation": "overlap"}]}]},
        {"id": "S2", "title_zh": "第二章", "title_en": "Chapter 2", "items": [
            {"id": "TS-03", "clause": "2.1", "text_zh": "未培训。", "gloss_en": "Untrained.",
             "guidance_zh": "查档案，未培训答“不符合”。"}]}],
    "rules": [{"id": "R1", "kind": "direct", "clause": "3.1", "text_zh": "直接判定。",
               "gloss_en": "Direct.", "items": ["TS-01"], "applies_to": ["dense", "other"],
               "verification": "unverified"},
              {"id": "R2", "kind": "composite", "clause": "3.2", "text_zh": "综合判定。",
               "gloss_en": "Composite.", "sections": ["S1", "S2"], "threshold": 2}],
    "exceptions": [{"id": "E1", "clause": "4.1", "text_zh": "停产的。", "gloss_en": "Stopped.",
                    "vetoes": ["R2"]},
                   {"id": "E2", "clause": "4.2", "text_zh": "停用的。", "gloss_en": "Unused."}],
    "notes": [{"id": "N1", "clause": "5", "text_zh": "失效视同缺失。", "gloss_en": "Failed.",
               "verification": "verified-single-source"}],
}
#: A checklist (no rules) that overlays an official pack: ``extends`` and the overlay's own
#: fields.
OVERLAY: dict[str, Any] = {
    "id": "tpl-overlay", "version": "0.1.0", "extends": "it-2023@2023.1",
    "title_zh": "地方补充测试", "title_en": "Overlay", "standard": "示例", "issuer": "示例",
    "sector": "industry_trade", "effective": "2025-01-01",
    "campaign": {"training_days": 5, "report_days": 20},
    "amend": [{"item": "IT-2023-A03-01", "guidance_zh": "另查备案。",
               "guidance_en": "Also the filing.", "evidence": ["备案表"], "deadline_days": 15}],
    "sections": [{"id": "JN", "title_zh": "补充", "title_en": "Local", "items": [
        {"id": "TO-01", "clause": "补1", "text_zh": "未备案。", "gloss_en": "Not filed.",
         "guidance_zh": "查备案，未备案答“不符合”。", "deadline_days": 30}]}],
}


@pytest.fixture(scope="module")
def installed(catalogue: Catalogue) -> dict[str, KnownPack]:
    return known_packs(catalogue)


def _models(value: Any) -> list[BaseModel]:
    """Every model instance in ``value``, itself included."""
    out: list[BaseModel] = []
    stack = [value]
    while stack:
        node = stack.pop()
        if isinstance(node, BaseModel):
            out.append(node)
            stack += [getattr(node, f) for f in type(node).model_fields]
        elif isinstance(node, tuple | list):
            stack += list(node)
    return out


def test_the_sample_packs_give_every_field_a_value() -> None:
    """SINK and OVERLAY use every field of every model of the format, so their round trip
    shows the template holds every field (``local`` and ``overlay`` are set by an overlay's
    merge, never in a file)."""
    packs = [Pack.model_validate(SINK), Pack.model_validate(OVERLAY)]
    models = [m for p in packs for m in _models(p)]
    kinds = {type(m) for m in models}
    unset = {(k.__name__, f) for k in kinds for f in k.model_fields
             if f not in ("local", "overlay")}
    for m in models:
        for name, info in type(m).model_fields.items():
            if getattr(m, name) != info.get_default(call_default_factory=True):
                unset.discard((type(m).__name__, name))
    assert unset == set()


def round_trip(pack: Pack, folder: Path, lang: str, installed: dict[str, KnownPack]) -> Pack:
    book = export_pack(pack, folder / f"{pack.id}-{lang}.xlsx", lang,  # type: ignore[arg-type]
                       installed=tuple(installed.values()))
    return load_pack(import_pack(book, folder / lang, installed=installed))


def test_every_installed_pack_comes_back_equal(catalogue: Catalogue, tmp_path: Path,
                                               installed: dict[str, KnownPack]) -> None:
    assert len(catalogue.entries) >= 10
    for pack_id, entry in catalogue.entries.items():
        pack = written_pack(entry)  # an overlay as written, not merged with its base
        for lang in ("zh", "en"):
            again = round_trip(pack, tmp_path, lang, installed)
            assert again == pack, (pack_id, lang)
            assert pack_hash(again) == (entry.own_hash or entry.hash), (pack_id, lang)
    checked = subprocess.run([str(ANJIAN), "packs", "check", str(tmp_path / "zh")],
                             capture_output=True, text=True, check=False)
    assert checked.returncode == 0, checked.stdout + checked.stderr


@pytest.mark.parametrize("sample", ["sink", "overlay"])
def test_a_pack_using_every_field_comes_back_equal(sample: str, tmp_path: Path,
                                                   installed: dict[str, KnownPack]) -> None:
    pack = Pack.model_validate(SINK if sample == "sink" else OVERLAY)
    for lang in ("zh", "en"):
        again = round_trip(pack, tmp_path, lang, installed)
        assert again == pack and pack_hash(again) == pack_hash(pack), lang
    if sample == "overlay":
        assert again.checklist and again.extends == "it-2023@2023.1"


# --- what the workbook looks like ------------------------------------------------------------

ZH_SHEETS = ["说明", "检查表", "章节", "检查项", "子项", "计量", "标签", "场所类别", "判定规则",
             "排除情形", "判定说明", "构成", "前序", "补充"]


def header(ws: Any) -> list[str]:
    return [c.value for c in ws[1] if c.value is not None]


@pytest.fixture(scope="module")
def sink_book(tmp_path_factory: pytest.TempPathFactory,
              installed: dict[str, KnownPack]) -> Path:
    folder = tmp_path_factory.mktemp("sink")
    return export_pack(Pack.model_validate(SINK), folder / "sink.xlsx",
                       installed=tuple(installed.values()))


def test_sheets_and_headers_are_chinese(sink_book: Path, tmp_path: Path) -> None:
    wb = load_workbook(sink_book)
    assert wb.sheetnames == ZH_SHEETS
    assert header(wb["检查表"]) == ["字段", "值", "填写说明"]
    assert [r[0].value for r in wb["检查表"].iter_rows(min_row=2, max_row=9)] == [
        "编号", "版本", "标题", "英文标题", "文号或标准号", "发布机关", "行业", "施行日期"]
    assert header(wb["检查项"])[:8] == ["章节", "编号", "条款", "官方条文", "英文释义", "检查方法",
                                     "检查方法（英文）", "取证要点"]
    assert header(wb["子项"]) == ["检查项", "路径", "条文", "英文释义", "子项组合", "标签",
                                "生效日期"]
    assert header(wb["计量"]) == ["检查项", "路径", "量", "量（英文）", "单位", "用语", "比较",
                                "限值", "相对限值", "与额定值比较", "要求用语"]
    assert header(wb["构成"]) == ["检查项", "判定标准", "构成的检查项", "说明"]
    assert header(wb["判定规则"])[:2] == ["编号", "判定方式"]
    # one row per sub-check and per measure, the values a person reads in Chinese
    checks = [[c.value for c in r] for r in wb["子项"].iter_rows(min_row=2)]
    assert [(r[0], r[1]) for r in checks] == [("TS-01", "1"), ("TS-01", "1/a"),
                                              ("TS-01", "1/b"), ("TS-01", "2")]
    assert checks[0][4] == "全部" and checks[1][4] is None
    measures = [[c.value for c in r] for r in wb["计量"].iter_rows(min_row=2)]
    assert [(r[0], r[1], r[5], r[6], r[9], r[10]) for r in measures] == [
        ("TS-01", "1/a", "超过", ">", "取较小值", None), ("TS-01", "2", "至少", "<", None, "是"),
        ("TS-02", None, "以内", "<=", None, None)]
    rules = [[c.value for c in r] for r in wb["判定规则"].iter_rows(min_row=2)]
    assert [r[1] for r in rules] == ["直接判定", "综合判定"]
    items = {r[1].value: r for r in wb["检查项"].iter_rows(min_row=2)}
    assert items["TS-01"][8].value == "部分核对" and items["TS-02"][8].value == "已核对"
    assert items["TS-01"][7].value == "检测记录\n现场照片"
    assert items["TS-01"][13].value == dt.datetime(2024, 6, 1)
    preds = [[c.value for c in r] for r in wb["前序"].iter_rows(min_row=2)]
    assert preds[0][:4] == ["TS-01", "OLD-01", "拆分", "2 → old"]
    # no JSON anywhere
    assert not any(isinstance(c.value, str) and c.value.lstrip().startswith(("{", "["))
                   for ws in wb.worksheets for row in ws.iter_rows() for c in row)
    en = load_workbook(export_pack(Pack.model_validate(SINK), tmp_path / "en.xlsx", "en"))
    assert en.sheetnames[:4] == ["instructions", "pack", "sections", "items"]
    assert header(en["measures"])[:7] == ["item", "path", "quantity_zh", "quantity_en", "unit",
                                         "wording", "op"]


def validations(ws: Any) -> dict[str, str]:
    """Each validated column's header, with the list it offers."""
    heads = {c.column_letter: c.value for c in ws[1]}
    out = {}
    for dv in ws.data_validations.dataValidation:
        assert dv.type == "list"
        letter = str(dv.sqref).split(":")[0].rstrip("0123456789")
        assert str(dv.sqref) == f"{letter}2:{letter}5000"
        out[heads[letter]] = dv.formula1
    return out


def test_choices_are_drop_down_lists(sink_book: Path, catalogue: Catalogue) -> None:
    wb = load_workbook(sink_book)
    items = validations(wb["检查项"])
    assert items["核对状态"] == '"已核对,已核对（单一来源）,部分核对,未核对"'
    assert items["子项组合"] == '"任一,全部"'
    assert items["失效视同缺失"] == items["部分记为一般隐患"] == '"是,否"'
    assert items["标签"] == "anjian_tags" and items["章节"] == "anjian_sections"
    assert validations(wb["判定规则"])["判定方式"] == '"直接判定,综合判定"'
    measures = validations(wb["计量"])
    assert measures["用语"] == '"' + ",".join(WORDINGS) + '"'
    assert measures["比较"] == '">,>=,<,<="'
    assert measures["与额定值比较"] == '"取较小值,取较大值"'
    assert measures["检查项"] == "anjian_items"
    assert validations(wb["子项"])["标签"] == "anjian_tags"
    assert validations(wb["前序"])["关系"] == '"相同,变窄,变宽,拆分,合并,交叉"'
    assert validations(wb["构成"])["判定标准"] == "anjian_packs"
    names = {n: wb.defined_names[n].attr_text for n in wb.defined_names}
    assert names["anjian_tags"] == "'标签'!$A$2:$A$5000"
    assert names["anjian_items"] == "'检查项'!$B$2:$B$5000"
    assert names["anjian_sections"] == "'章节'!$A$2:$A$5000"
    sheet, cells = names["anjian_packs"].split("!")
    offered = [c.value for row in wb[sheet.strip("'")][cells.replace("$", "")] for c in row]
    assert offered == list(catalogue.entries)
    # the ids those ranges cover are the ones written
    assert [c.value for c in wb["标签"]["A"][1:]] == ["smelt", "roll"]


def test_the_instructions_explain_the_sheets_and_the_limit_words(sink_book: Path) -> None:
    ws = load_workbook(sink_book)["说明"]
    rows = [[c.value for c in r] for r in ws.iter_rows()]
    text = "\n".join(str(v) for r in rows for v in r if v is not None)
    for words in ("一般事故隐患", "构成", "扩展的判定标准", "编号@版本", "anjian import pack",
                  "工作表!行号：列：问题", "民法典第一千二百五十九条", "含本数", "答“不符合”"):
        assert words in text, words
    table = {r[0]: (r[1], r[2]) for r in rows if r[0] in WORDINGS}
    assert table == {w: (op.value, "是" if INCLUSIVE[w] else "否") for w, op in WORDINGS.items()}
    for sheet in ZH_SHEETS[1:]:  # every sheet and every column is described
        assert [sheet, None] == rows[[r[0] for r in rows].index(sheet)][:2]
    assert any(r[1] == "用语" and "超过" in str(r[2]) for r in rows)
    assert any(r[1] == "官方条文" and str(r[2]).startswith("必填") for r in rows)


def test_the_blank_template_has_every_sheet_and_no_rows(tmp_path: Path,
                                                        installed: dict[str, KnownPack]
                                                        ) -> None:
    book = export_pack(None, tmp_path / "blank.xlsx", installed=tuple(installed.values()))
    wb = load_workbook(book)
    assert wb.sheetnames == ZH_SHEETS
    assert all(ws.max_row == 1 for ws in wb.worksheets[2:])
    assert all(r[1].value is None for r in wb["检查表"].iter_rows(min_row=2))
    with pytest.raises(AnjianError) as info:
        import_pack(book, tmp_path / "out", installed=installed)
    zh = info.value.render("zh")
    assert "检查表!2：编号：必填，不能为空" in zh and "检查表!9：施行日期：必填，不能为空" in zh
    assert not (tmp_path / "out").exists()


# --- bad cells -----------------------------------------------------------------------------


def column(ws: Any, name: str) -> int:
    return [c.value for c in ws[1]].index(name) + 1


def put(wb: Any, sheet: str, row: int, name: str, value: Any) -> None:
    """Type ``value`` into row ``row`` of the column headed ``name``, as a person would."""
    ws = wb[sheet]
    if sheet == "检查表":
        row = [c.value for c in ws["A"]].index(name) + 1
        ws.cell(row=row, column=2).value = value
    else:
        ws.cell(row=row, column=column(ws, name)).value = value


# (edits: sheet, row, column, value) → the problem line expected, in Chinese and in English
Edit = tuple[str, int, str, Any]
BAD: dict[str, tuple[list[Edit], str, str]] = {
    "unknown wording": ([("计量", 4, "用语", "以上下")],
                        "计量!4：用语：“以上下” 不是已知的限值用语（可用：以上、达到、届满",
                        "计量!4: 用语: '以上下' is not a known limit word"),
    "unknown wording, no comparison": ([("计量", 4, "用语", "以上下"), ("计量", 4, "比较", None)],
                                       "计量!4：用语：“以上下” 不是已知的限值用语",
                                       "计量!4: 用语: '以上下' is not a known limit word"),
    "op against wording": ([("计量", 4, "比较", ">")],
                           "计量!4：比较：比较“>”与用语“以内”不符：按民法典第一千二百五十九条，"
                           "“以内”（要求用语：否）对应“<=”",
                           "计量!4: 比较: comparison '>' disagrees with the limit word '以内'"),
    "tag not defined": ([("检查项", 3, "标签", "roll\n井下")],
                        "检查项!3：标签：“井下” 不是“标签”表中的编号；请检查拼写，"
                        "或先在“标签”表中添加它",
                        "检查项!3: 标签: '井下' is no id on the sheet '标签'"),
    "duplicate id": ([("检查项", 4, "编号", "TS-02")],
                     "检查项!4：编号：编号“TS-02”与第 3 行重复；编号必须唯一",
                     "检查项!4: 编号: id 'TS-02' repeats row 3"),
    "missing cell": ([("检查项", 3, "官方条文", None)], "检查项!3：官方条文：必填，不能为空",
                     "检查项!3: 官方条文: required: the cell is empty"),
    "bad date": ([("检查表", 0, "施行日期", "2024-13-01")],
                 "检查表!9：施行日期：“2024-13-01” 不是日期；请写作 YYYY-MM-DD",
                 "检查表!9: 施行日期: '2024-13-01' is not a date"),
    "bad date in a table": ([("子项", 2, "生效日期", "明年")],
                            "子项!2：生效日期：“明年” 不是日期",
                            "子项!2: 生效日期: '明年' is not a date"),
    "parent missing": ([("子项", 6, "检查项", "TS-03"), ("子项", 6, "路径", "9/a"),
                        ("子项", 6, "条文", "下级"), ("子项", 6, "英文释义", "sub")],
                       "子项!6：路径：检查项 TS-03 没有子项“9/a”的上级子项“9”",
                       "子项!6: 路径: item TS-03 has no sub-check '9' for '9/a' to belong to"),
    "path too deep": ([("子项", 3, "路径", "1/a/x")], "子项!3：路径：路径“1/a/x”无效",
                      "子项!3: 路径: path '1/a/x' is not valid"),
    "measure of no sub-check": ([("计量", 2, "路径", "7")],
                                "计量!2：路径：检查项 TS-01 没有子项“7”",
                                "计量!2: 路径: item TS-01 has no sub-check '7'"),
    "unknown pack": ([("构成", 2, "判定标准", "nosuch-2099")],
                     "构成!2：判定标准：“nosuch-2099” 不是已安装的判定标准（已安装：chem-2017、",
                     "构成!2: 判定标准: 'nosuch-2099' is not an installed pack"),
    "unknown item of a pack": ([("构成", 2, "构成的检查项", "CHEM-2017-99")],
                               "构成!2：构成的检查项：判定标准 chem-2017 没有检查项“CHEM-2017-99”",
                               "构成!2: 构成的检查项: pack chem-2017 has no item 'CHEM-2017-99'"),
    "item of no row": ([("构成", 2, "检查项", "TS-99")],
                       "构成!2：检查项：“TS-99” 不是“检查项”表中的编号",
                       "构成!2: 检查项: 'TS-99' is no id on the sheet '检查项'"),
    "not a choice": ([("检查项", 2, "核对状态", "已核实")],
                     "检查项!2：核对状态：“已核实” 不是可选的值；请从下拉列表中选择："
                     "“已核对”、“已核对（单一来源）”、“部分核对”、“未核对”",
                     "检查项!2: 核对状态: '已核实' is not one of the choices; pick one from the "
                     "list: 'verified', 'verified-single-source', 'partial', 'unverified'"),
    "not yes or no": ([("检查项", 3, "失效视同缺失", "也许")],
                      "检查项!3：失效视同缺失：“也许” 不是可选的值",
                      "检查项!3: 失效视同缺失: '也许' is not one of the choices"),
    "not a number": ([("计量", 4, "限值", "两米半")], "计量!4：限值：“两米半” 不是数字",
                     "计量!4: 限值: '两米半' is not a number"),
    "section of no row": ([("检查项", 4, "章节", "S9")],
                          "检查项!4：章节：“S9” 不是“章节”表中的编号",
                          "检查项!4: 章节: 'S9' is no id on the sheet '章节'"),
    "rule counts no item": ([("判定规则", 2, "计入的检查项", "TS-01\nTS-77")],
                            "判定规则!2：计入的检查项：“TS-77” 不是“检查项”表中的编号",
                            "判定规则!2: 计入的检查项: 'TS-77' is no id on the sheet '检查项'"),
    "unknown column": ([("检查项", 1, "核对说明", "核实说明")],
                       "检查项!1：列“核实说明”不属于本表；本表的列：“章节”、“编号”",
                       "检查项!1: column '核实说明' is not one of this sheet's: 'section', 'id'"),
    "requirement without a word": ([("计量", 3, "用语", None), ("计量", 3, "比较", "<")],
                                   "计量!3：用语：“要求用语”为“是”时须选择条文的限值用语",
                                   "计量!3: 用语: a requirement needs the text's limit word"),
    "measure on a parent": ([("计量", 2, "路径", "1")],
                            "计量!2：路径：检查项 TS-01 的“1”有下级子项，由下级子项判定",
                            "计量!2: 路径: item TS-01 '1' has sub-checks of its own"),
    "measure on an item with sub-checks": ([("计量", 2, "路径", None)],
                                           "计量!2：路径：检查项 TS-01 的“.”有下级子项",
                                           "计量!2: 路径: item TS-01 '.' has sub-checks"),
    # the pack model's own rules, placed on their row and column
    "id pattern": ([("检查项", 4, "编号", "TS 03")], "检查项!4：编号：",
                   "检查项!4: 编号: "),
    "reason needed": ([("检查项", 2, "不记为一般隐患的理由", None)],
                      "检查项!2：不记为一般隐患的理由：“部分记为一般隐患”为“否”时必填",
                      "检查项!2: 不记为一般隐患的理由: "),
    "relative and bound": ([("计量", 2, "相对限值", "是")],
                           "计量!2：与额定值比较：“相对限值”为“是”时不能同时与额定值比较",
                           "计量!2: 与额定值比较: "),
    "part before the pack": ([("子项", 4, "生效日期", "2023-12-31")],
                             "子项!4：生效日期：检查项 TS-01: 部分 '1/b' 的生效日期 "
                             "2023-12-31 早于",
                             "子项!4: 生效日期: item TS-01: part '1/b'"),
    "direct threshold": ([("判定规则", 2, "阈值（项数）", 2)],
                         "判定规则!2：阈值（项数）：直接判定的阈值只能为 1",
                         "判定规则!2: 阈值（项数）: "),
    "predecessor of this pack": ([("前序", 3, "上一版检查项", "TS-03")],
                                 "前序!3：上一版检查项：检查项 TS-01: 前序检查项 'TS-03' "
                                 "是本判定标准自己的检查项",
                                 "前序!3: 上一版检查项: "),
    "version pattern": ([("检查表", 0, "版本", "第一版")], "检查表!3：版本：",
                        "检查表!3: 版本: "),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_a_bad_cell_is_refused_naming_sheet_row_and_column(
        case: str, sink_book: Path, tmp_path: Path, installed: dict[str, KnownPack]) -> None:
    edits, zh, en = BAD[case]
    wb = load_workbook(sink_book)
    for sheet, row, name, value in edits:
        put(wb, sheet, row, name, value)
    book = tmp_path / "bad.xlsx"
    wb.save(book)
    out = tmp_path / "packs"
    with pytest.raises(AnjianError) as info:
        import_pack(book, out, installed=installed)
    assert info.value.key == "excel.pack_invalid"
    assert info.value.render("zh").startswith(f"{book}: 转换出的判定标准无效")
    assert zh in info.value.render("zh"), info.value.render("zh")
    assert en in info.value.render("en"), info.value.render("en")
    assert len(info.value.render("zh").splitlines()) == 2  # one problem, none that follow
    assert not out.exists()  # nothing written, not even the folder


def test_every_problem_is_listed_at_once(sink_book: Path, tmp_path: Path,
                                         installed: dict[str, KnownPack]) -> None:
    cases = ("unknown wording", "tag not defined", "missing cell", "bad date", "unknown pack",
             "parent missing")
    wb = load_workbook(sink_book)
    for sheet, row, name, value in [e for case in cases for e in BAD[case][0]]:
        put(wb, sheet, row, name, value)
    wb.save(tmp_path / "bad.xlsx")
    with pytest.raises(AnjianError) as info:
        import_pack(tmp_path / "bad.xlsx", tmp_path / "out", installed=installed)
    zh = info.value.render("zh")
    for case in cases:
        assert BAD[case][1] in zh, case
    assert len(zh.splitlines()) == 1 + len(cases)


def test_a_long_list_of_problems_is_cut_short(sink_book: Path, tmp_path: Path) -> None:
    wb = load_workbook(sink_book)
    for n in range(150):
        wb["章节"].append([f"X{n}", None, "t"])
    wb.save(tmp_path / "bad.xlsx")
    with pytest.raises(AnjianError) as info:
        import_pack(tmp_path / "bad.xlsx", tmp_path / "out")
    lines = info.value.render("zh").splitlines()
    assert lines[1] == "章节!4：标题：必填，不能为空"
    assert lines[1 + 100:] == [t("list.more", "zh", count=50)]


def test_an_empty_comparison_follows_its_word(sink_book: Path, tmp_path: Path,
                                              installed: dict[str, KnownPack]) -> None:
    wb = load_workbook(sink_book)
    for row in (2, 3, 4):
        put(wb, "计量", row, "比较", None)
    put(wb, "计量", 4, "用语", "不满")  # 不满 excludes the number: < 2.5
    wb.save(tmp_path / "words.xlsx")
    pack = load_pack(import_pack(tmp_path / "words.xlsx", tmp_path / "out", installed=installed))
    expected = copy.deepcopy(SINK)
    expected["sections"][0]["items"][1]["measure"] |= {"wording": "不满", "op": "<"}
    assert pack == Pack.model_validate(expected)
    wb = load_workbook(sink_book)
    put(wb, "计量", 4, "比较", None)
    put(wb, "计量", 4, "用语", None)
    wb.save(tmp_path / "none.xlsx")
    with pytest.raises(AnjianError, match="计量!4: 比较: required when no limit word"):
        import_pack(tmp_path / "none.xlsx", tmp_path / "out2", installed=installed)


def test_values_typed_the_way_people_type_them(sink_book: Path, tmp_path: Path,
                                               installed: dict[str, KnownPack]) -> None:
    """Numbers for ids and clauses, ≥ for >=, 否 written out, a date as text, ids separated by
    、 — all read as the pack means them."""
    wb = load_workbook(sink_book)
    put(wb, "子项", 5, "路径", 2)  # a number where the path is
    put(wb, "计量", 4, "比较", "≤")
    put(wb, "计量", 4, "相对限值", "否")
    put(wb, "检查表", 0, "施行日期", "2024/1/1")
    put(wb, "章节", 2, "标签", "smelt、roll")
    put(wb, "判定规则", 2, "适用场所类别", "dense, other")
    wb.save(tmp_path / "typed.xlsx")
    pack = load_pack(import_pack(tmp_path / "typed.xlsx", tmp_path / "out", installed=installed))
    assert pack == Pack.model_validate(SINK)


def test_a_missing_sheet_is_named(tmp_path: Path, sink_book: Path) -> None:
    wb = load_workbook(sink_book)
    del wb["检查项"]
    wb.save(tmp_path / "half.xlsx")
    with pytest.raises(AnjianError) as info:
        import_pack(tmp_path / "half.xlsx", tmp_path / "out")
    assert "没有工作表“检查项”" in info.value.render("zh")
    assert "no sheet 'items'" in info.value.render("en")


def test_the_command_line_refuses_in_chinese_or_english_without_a_traceback(
        sink_book: Path, tmp_path: Path) -> None:
    wb = load_workbook(sink_book)
    put(wb, "构成", 2, "判定标准", "nosuch-2099")
    put(wb, "计量", 4, "用语", "以上下")
    wb.save(tmp_path / "bad.xlsx")
    env = {k: v for k, v in os.environ.items() if k != "ANJIAN_LANG"}
    env["ANJIAN_HOME"] = str(tmp_path / "home")
    for lang, line in (("zh", BAD["unknown pack"][1]), ("en", BAD["unknown wording"][2])):
        done = subprocess.run([str(ANJIAN), "--lang", lang, "import", "pack",
                               str(tmp_path / "bad.xlsx"), "--out", str(tmp_path / "out")],
                              capture_output=True, text=True, env=env, check=False)
        assert done.returncode == 2, done.stdout + done.stderr
        assert line in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "out").exists()
    # and the blank template, then the good workbook, from the command line
    done = subprocess.run([str(ANJIAN), "export", "pack", "--blank", "--out",
                           str(tmp_path / "blank.xlsx")], capture_output=True, text=True,
                          env=env, check=False)
    assert done.returncode == 0 and "blank.xlsx" in done.stdout, done.stderr
    done = subprocess.run([str(ANJIAN), "export", "pack", "chem-2017", "--blank", "--out",
                           str(tmp_path / "both.xlsx")], capture_output=True, text=True,
                          env=env, check=False)
    assert done.returncode == 2 and "--blank" in done.stderr
    done = subprocess.run([str(ANJIAN), "import", "pack", str(sink_book), "--out",
                           str(tmp_path / "good")], capture_output=True, text=True, env=env,
                          check=False)
    assert done.returncode == 0, done.stderr
    assert load_pack(tmp_path / "good" / "tpl_sink.yaml") == Pack.model_validate(SINK)


@pytest.mark.skipif(shutil.which("soffice") is None and shutil.which("libreoffice") is None,
                    reason="LibreOffice is not installed (CI installs it: see .ci/run)")
def test_the_template_opens_in_libreoffice(sink_book: Path, tmp_path: Path) -> None:
    office = shutil.which("soffice") or shutil.which("libreoffice")
    assert office is not None
    done = subprocess.run([office, "--headless", "--convert-to", "pdf", "--outdir",
                           str(tmp_path), str(sink_book)], capture_output=True, text=True,
                          timeout=180, env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"},
                          check=False)
    assert done.returncode == 0, done.stderr
    pdf = tmp_path / "sink.pdf"
    assert pdf.is_file() and pdf.read_bytes().startswith(b"%PDF")


# --- an overlay checked against the official pack it extends ---------------------------------

OVERLAY_BAD: dict[str, tuple[list[Edit], str]] = {
    "base not installed": (
        [("检查表", 0, "扩展的判定标准", "nosuch-2099@1.0")],
        "检查表!13：扩展的判定标准：“nosuch-2099” 不是已安装的判定标准"),
    "version not installed": (
        [("检查表", 0, "扩展的判定标准", "it-2023@2099")],
        "检查表!13：扩展的判定标准：地方补充 tpl-overlay 扩展 it-2023@2099，但已安装的是"),
    "another sector": (
        [("检查表", 0, "行业", "fire")],
        "检查表!8：行业：地方补充的行业 'fire' 与所扩展的 it-2023 的行业"),
    "a field of the standard": (
        [("检查表", 0, "标准系列", "tpl-series")], "检查表!12：标准系列：地方补充不得设置 series"),
    "a tag of its own": (
        [("标签", 2, "编号", "local"), ("标签", 2, "名称", "本地"),
         ("标签", 2, "英文名称", "Local"), ("检查项", 2, "标签", "local")],
        "标签!2：标签 local 不是正式标准 it-2023 的标签"),
    "an official item copied": (
        [("检查项", 2, "编号", "IT-2023-A03-02")],
        "检查项!2：地方补充不得修改正式标准 it-2023 的检查项 IT-2023-A03-02"),
    "a link from a local item": (
        [("构成", 2, "检查项", "TO-01"), ("构成", 2, "判定标准", "chem-2017"),
         ("构成", 2, "构成的检查项", "CHEM-2017-18")],
        "检查项!2：本地检查项 TO-01 不得构成其他判定标准的检查项"),
    "a rule": (
        [("判定规则", 2, "编号", "R9"), ("判定规则", 2, "判定方式", "直接判定"),
         ("判定规则", 2, "条款", "1"), ("判定规则", 2, "条文", "规则"),
         ("判定规则", 2, "英文释义", "rule"), ("判定规则", 2, "计入的检查项", "TO-01")],
        "判定规则!2：地方补充不得增加、改写或放宽判定规则 R9"),
    "an addition to no official item": (
        [("补充", 2, "官方检查项", "IT-2023-Z9")],
        "补充!2：amend 中的检查项 IT-2023-Z9 不是正式标准 it-2023 的检查项"),
}


@pytest.mark.parametrize("case", sorted(OVERLAY_BAD))
def test_an_overlay_that_would_weaken_or_change_its_base_is_refused(
        case: str, tmp_path: Path, installed: dict[str, KnownPack]) -> None:
    book = export_pack(Pack.model_validate(OVERLAY), tmp_path / "overlay.xlsx",
                       installed=tuple(installed.values()))
    wb = load_workbook(book)
    edits, zh = OVERLAY_BAD[case]
    for sheet, row, name, value in edits:
        put(wb, sheet, row, name, value)
    wb.save(book)
    with pytest.raises(AnjianError) as info:
        import_pack(book, tmp_path / "out", installed=installed)
    assert zh in info.value.render("zh")
    assert not (tmp_path / "out").exists()
