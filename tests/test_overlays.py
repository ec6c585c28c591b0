"""Overlays (地方补充): a pack that extends an official pack without copying or weakening it.

The merge, every refusal the validator and the catalogue give (with the file and line), the
example overlay shipped under ``examples/``, and an inspection under an overlay through the
services on SQLite and PostgreSQL: the overlay and its base recorded with their hashes, local
items marked in the determination, the report workbook and the documents."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlmodel import select

from core.engine import Answers, evaluate
from core.engine.determination import Verdict
from core.engine.findings import Site, Status
from core.i18n import AnjianError
from core.pack.loader import load_pack, pack_hash, parse_pack
from core.pack.overlay import OverlayError, merge, overlay_problems, version_matches
from core.plugins import contract, validator
from core.plugins.catalogue import PackRegistrar, build_catalogue
from core.plugins.hookspecs import hookimpl
from core.process.workflow import REPORT_DAYS, TRAINING_DAYS, deadlines
from core.services import audit_check, bureau, campaigns, documents, exports, inspections
from core.services.context import Context
from core.store.db import open_store
from core.store.tables import AuditEntry
from tests.workflow_helpers import onsite_campaign

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "anjian-jinan-overlay"
EXAMPLE_YAML = EXAMPLE / "src" / "anjian_jinan_overlay" / "packs" / "jinan_chem_example.yaml"
OVERLAY = "jinan-chem-example"
TITLE = "济南市危险化学品企业检查补充（示例）"

#: A small overlay of chem-2017 the refusals are made from, one change at a time.
SMALL: dict[str, Any] = {
    "id": "city-chem", "version": "1.0.0", "extends": "chem-2017@2017.1",
    "title_zh": "某市危险化学品企业检查补充（测试）", "title_en": "City supplement (test)",
    "standard": "测试文件", "issuer": "测试机关", "sector": "chemicals",
    "effective": "2024-01-01",
    "amend": [{"item": "CHEM-2017-18", "guidance_zh": "另查特殊作业备案记录。",
               "evidence": ["特殊作业备案记录"], "deadline_days": 10}],
    "sections": [{"id": "CITY", "title_zh": "本市补充检查项", "title_en": "City items",
                  "items": [{
                      "id": "CITY-01", "clause": "第1条", "text_zh": "未建立隐患内部举报奖励制度。",
                      "gloss_en": "No internal hazard-reporting reward scheme.",
                      "guidance_zh": "查阅制度文件，未建立答“不符合”，已建立答“符合”。",
                      "guidance_en": 'Answer "noncompliant" if none.',
                      "evidence": ["制度文件"]}]}],
}


class FilePlugin:
    """A plugin registering one pack file (an overlay under test), or a folder of them with
    its golden cases (the shipped example)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @hookimpl
    def register_packs(self, register: PackRegistrar) -> None:
        if self.path.is_dir():
            register.pack_dir(self.path)
        else:
            register.pack_file(self.path)


def write(path: Path, data: dict[str, Any]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return path


def changed(**changes: Any) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(yaml.safe_dump(SMALL, allow_unicode=True))
    data.update(changes)
    return data


def chem() -> Any:
    return contract.installed().require("chem-2017").pack


def example_catalogue() -> Any:
    from plugins import chemicals

    cat = build_catalogue(eps=[], objects={"chemicals": chemicals,
                                           "jinan_overlay": FilePlugin(EXAMPLE_YAML.parent)})
    assert not cat.errors, [e.render("zh") for e in cat.errors]
    return cat


def line_of(path: Path, needle: str) -> int:
    return next(n for n, text in enumerate(path.read_text("utf-8").splitlines(), 1)
                if needle in text)


# --- the merge ---------------------------------------------------------------------------

def test_the_example_merges_with_chem_2017_adding_and_never_changing() -> None:
    base, overlay = chem(), load_pack(EXAMPLE_YAML)
    merged = merge(base, overlay)
    assert (merged.id, merged.version, merged.title_zh) == (OVERLAY, "0.1.0", TITLE)
    assert merged.extends == f"chem-2017@{base.version}"  # the exact version merged with
    # the standard, its rules and exceptions are the official pack's, exactly
    assert (merged.standard, merged.issuer, merged.effective, merged.sector) == (
        base.standard, base.issuer, base.effective, base.sector)
    assert merged.rules == base.rules and merged.exceptions == base.exceptions
    assert merged.overlay is not None and merged.overlay.base == "chem-2017"
    assert merged.overlay.base_version == base.version
    assert "示例" in merged.overlay.standard and "示例" in merged.title_zh
    # every official item is there, unchanged but for what the overlay appends
    official = {i.id: i for i in base.items()}
    items = {i.id: i for i in merged.items()}
    assert set(official) < set(items)
    for item_id, item in official.items():
        mine = items[item_id]
        assert not mine.local
        assert mine.model_dump(exclude={"guidance_zh", "guidance_en", "evidence",
                                        "deadline_days"}) == item.model_dump(
            exclude={"guidance_zh", "guidance_en", "evidence", "deadline_days"})
        assert mine.guidance_zh.startswith(item.guidance_zh)
        assert mine.evidence[:len(item.evidence)] == item.evidence
    item18 = items["CHEM-2017-18"]
    assert item18.guidance_zh != official["CHEM-2017-18"].guidance_zh
    assert f"【地方补充·{TITLE}】示例：另查特殊作业" in item18.guidance_zh
    assert item18.evidence[-1] == "特殊作业属地备案记录（示例）" and item18.deadline_days == 15
    assert items["CHEM-2017-02"] == official["CHEM-2017-02"]  # not amended: the same item
    # the local items follow, marked, counting from the overlay's date
    local = [i for i in merged.items() if i.local]
    assert [i.id for i in local] == ["JN-EX-01", "JN-EX-02"]
    assert all(i.effective == dt.date(2025, 1, 1) for i in local)
    assert merged.sections[-1].id == "JN-EX"
    assert merged.campaign is not None and merged.campaign.training_days == 5
    # merging is deterministic: the same content, the same hash
    assert pack_hash(merge(base, overlay)) == pack_hash(merged)


def test_local_items_are_general_and_listed_in_the_determination() -> None:
    merged = merge(chem(), load_pack(EXAMPLE_YAML))
    statuses = {i.id: Status.compliant for i in merged.items()}
    statuses["JN-EX-01"] = Status.noncompliant
    d = evaluate(merged, Site(), Answers(statuses, frozenset()), on=dt.date(2025, 9, 15))
    assert d.verdict is Verdict.not_major  # a local item never makes a major hazard
    assert d.general_hazards == ("JN-EX-01",) and d.triggers == ()
    assert d.local_items == ("JN-EX-01", "JN-EX-02")
    statuses["CHEM-2017-18"] = Status.noncompliant
    d = evaluate(merged, Site(), Answers(statuses, frozenset()), on=dt.date(2025, 9, 15))
    assert d.verdict is Verdict.major and d.major_items == ("CHEM-2017-18",)
    # before the overlay's date its items are set aside; the official ones still count
    early = evaluate(merged, Site(), Answers(statuses, frozenset()), on=dt.date(2024, 6, 1))
    assert "JN-EX-01" not in early.general_hazards and early.verdict is Verdict.major


def test_the_version_matches_exactly_or_as_a_dotted_prefix() -> None:
    assert version_matches("2017.1.2", "2017.1.2")
    assert version_matches("2017.1", "2017.1.2") and version_matches("2017", "2017.1.2")
    assert not version_matches("2017.1", "2017.10.0")
    assert not version_matches("2017.1.3", "2017.1.2")


def test_the_example_is_marked_as_an_example_not_law() -> None:
    text = EXAMPLE_YAML.read_text("utf-8")
    assert "示例" in text.splitlines()[0] and "NOT LAW" in text.splitlines()[0]
    readme = (EXAMPLE / "README.md").read_text("utf-8")
    assert "示例" in readme and "not law" in readme.lower()
    pack = load_pack(EXAMPLE_YAML)
    assert "示例" in pack.title_zh and "示例" in pack.standard and "示例" in pack.issuer
    assert all("示例" in i.text_zh and not i.verified for i in pack.items())
    pyproject = (EXAMPLE / "pyproject.toml").read_text("utf-8")
    assert 'jinan_overlay = "anjian_jinan_overlay"' in pyproject


def test_the_example_passes_packs_check_with_its_golden_cases() -> None:
    report = validator.check(str(EXAMPLE_YAML.parent))
    assert report.issues == [], [i.render("zh") for i in report.issues]
    (entry,) = report.packs
    assert entry.base is not None and entry.base.pack.id == "chem-2017"
    assert report.cases == 2


# --- refusals ----------------------------------------------------------------------------

def refused(tmp_path: Path, data: dict[str, Any]) -> tuple[Path, list[str]]:
    """The overlay ``data`` checked as a draft file: its errors as the validator words them."""
    path = write(tmp_path / "city.yaml", data)
    report = validator.check(str(path))
    return path, [e.render("zh") for e in report.errors]


def assert_refused_at(path: Path, errors: list[str], needle: str, *words: str) -> None:
    line = line_of(path, needle)
    hits = [e for e in errors if e.startswith(f"{path}:{line}:")]
    assert hits, (line, errors)
    assert any(all(w in e for w in words) for e in hits), (words, hits)


def test_the_small_overlay_is_good(tmp_path: Path) -> None:
    path, errors = refused(tmp_path, SMALL)
    assert errors == []
    merged = merge(chem(), load_pack(path))
    assert merged.part("CHEM-2017-18").deadline_days == 10  # type: ignore[union-attr]


def test_removing_an_official_item_is_refused(tmp_path: Path) -> None:
    base = chem()
    copy = base.sections[0].model_dump(mode="json", exclude_defaults=True)
    copy["items"] = [i for i in copy["items"] if i["id"] != "CHEM-2017-05"]
    data = changed(sections=[copy, *SMALL["sections"]])
    path, errors = refused(tmp_path, data)
    assert_refused_at(path, errors, f"id: {base.sections[0].id}", "不得删除正式检查项",
                      "CHEM-2017-05")
    # and by a key that asks for it in amend
    data = changed(amend=[{"item": "CHEM-2017-05", "remove": True}])
    path, errors = refused(tmp_path, data)
    assert_refused_at(path, errors, "item: CHEM-2017-05", "不得删除", "CHEM-2017-05")


def test_changing_an_official_items_text_is_refused(tmp_path: Path) -> None:
    item = chem().part("CHEM-2017-18")
    assert item is not None
    mine = item.model_dump(mode="json", exclude_defaults=True)
    mine["text_zh"] = "未制定特殊作业管理制度。"
    data = changed(sections=[{**SMALL["sections"][0],
                              "items": [*SMALL["sections"][0]["items"], mine]}])
    path, errors = refused(tmp_path, data)
    assert_refused_at(path, errors, "id: CHEM-2017-18", "不得修改正式标准", "CHEM-2017-18",
                      "text_zh")
    # a plain copy is refused too: additions go under amend
    copy = item.model_dump(mode="json", exclude_defaults=True)
    data = changed(sections=[{**SMALL["sections"][0],
                              "items": [*SMALL["sections"][0]["items"], copy]}])
    path, errors = refused(tmp_path, data)
    assert_refused_at(path, errors, "id: CHEM-2017-18", "照抄", "amend")
    # and under amend: only additions
    data = changed(amend=[{"item": "CHEM-2017-18", "text_zh": "新的原文。",
                           "clause": "第十八项"}])
    path, errors = refused(tmp_path, data)
    assert_refused_at(path, errors, "item: CHEM-2017-18", "不得修改正式检查项",
                      "clause, text_zh")


def test_adding_or_loosening_a_rule_or_an_exception_is_refused(tmp_path: Path) -> None:
    rule = chem().rules[0]
    added = {"id": "CITY-R", "kind": "direct", "clause": "第1条", "text_zh": "本市重大隐患。",
             "gloss_en": "City major hazard.", "sections": ["CITY"]}
    path, errors = refused(tmp_path, changed(rules=[added]))
    assert_refused_at(path, errors, "id: CITY-R", "不得增加、改写或放宽判定规则 CITY-R",
                      "一般隐患")
    loosened = rule.model_dump(mode="json", exclude_defaults=True)
    loosened.update(kind="composite", threshold=2)
    path, errors = refused(tmp_path, changed(rules=[loosened]))
    assert_refused_at(path, errors, f"id: {rule.id}", "放宽判定规则", rule.id, "照抄也不行")
    exception = {"id": "CITY-X", "clause": "第2条", "text_zh": "停产的。",
                 "gloss_en": "Stopped."}
    path, errors = refused(tmp_path, changed(exceptions=[exception]))
    assert_refused_at(path, errors, "id: CITY-X", "不得增加或改写不判定为重大隐患的情形", "放宽")
    # nor may a local item feed an official rule: not in an official section, not by a link
    item = dict(SMALL["sections"][0]["items"][0], id="CITY-02")
    section = chem().sections[0].model_dump(mode="json", exclude_defaults=True)
    section["items"].append(item)
    path, errors = refused(tmp_path, changed(sections=[section]))
    assert_refused_at(path, errors, "id: CITY-02", "不得放入正式标准", "正式判定规则计数")
    linked = dict(item, constitutes=[{"pack": "chem-2017", "item": "CHEM-2017-18"}])
    path, errors = refused(tmp_path, changed(sections=[{**SMALL["sections"][0],
                                                        "items": [linked]}]))
    assert_refused_at(path, errors, "id: CITY-02", "不得构成", "CHEM-2017-18")


def test_official_fields_and_foreign_tags_are_refused(tmp_path: Path) -> None:
    data = changed(on_site_correction={"clause": "1", "text_zh": "当场改正的不计。",
                                       "gloss_en": "Corrected."},
                   tags=[{"id": "city", "name_zh": "本市", "name_en": "City"}])
    path, errors = refused(tmp_path, data)
    assert_refused_at(path, errors, "on_site_correction:", "不得设置 on_site_correction")
    assert_refused_at(path, errors, "- id: city", "标签 city")
    path, errors = refused(tmp_path, changed(sector="fire"))
    assert_refused_at(path, errors, "sector: fire", "sector: chemicals")


def test_amend_must_name_an_official_item_and_add_something(tmp_path: Path) -> None:
    data = changed(amend=[{"item": "CHEM-2017-99", "guidance_zh": "另查。"},
                          {"item": "CITY-01", "guidance_zh": "另查。"},
                          {"item": "CHEM-2017-02"}])
    path, errors = refused(tmp_path, data)
    assert_refused_at(path, errors, "item: CHEM-2017-99", "不是正式标准", "CHEM-2017-99")
    assert_refused_at(path, errors, "item: CITY-01", "地方补充自己的检查项")
    assert_refused_at(path, errors, "item: CHEM-2017-02", "没有补充任何内容")
    # amend without extends is no overlay
    with pytest.raises(Exception, match="amend"):
        parse_pack(yaml.safe_dump({k: v for k, v in SMALL.items() if k != "extends"},
                                  allow_unicode=True))


def test_a_missing_base_or_another_version_is_refused_naming_both(tmp_path: Path) -> None:
    path, errors = refused(tmp_path, changed(extends="chem-2099@1.0"))
    assert_refused_at(path, errors, "extends:", "chem-2099", "未安装")
    installed = chem().version
    path, errors = refused(tmp_path, changed(extends="chem-2017@2018.1"))
    assert_refused_at(path, errors, "extends:", "chem-2017@2018.1", installed, "版本不符")
    path, errors = refused(tmp_path, changed(extends="chem-2017"))
    assert_refused_at(path, errors, "extends:", "写法不对")


def test_merge_refuses_with_every_problem() -> None:
    overlay = parse_pack(yaml.safe_dump(changed(
        amend=[{"item": "CHEM-2017-99", "evidence": ["x"]}], sector="fire"),
        allow_unicode=True))
    with pytest.raises(OverlayError) as caught:
        merge(chem(), overlay)
    keys = {m.key for m, _ in caught.value.problems}
    assert keys == {"overlay.amend_unknown", "overlay.sector"}
    assert overlay_problems(chem(), load_pack(EXAMPLE_YAML)) == []


# --- the catalogue -----------------------------------------------------------------------

def test_the_catalogue_merges_an_overlay_and_skips_a_broken_one(tmp_path: Path) -> None:
    from plugins import chemicals

    good = write(tmp_path / "good" / "city.yaml", SMALL)
    bad = write(tmp_path / "bad" / "city2.yaml", changed(id="city-two",
                                                       extends="chem-2017@2018.1"))
    cat = build_catalogue(eps=[], objects={"chemicals": chemicals, "city": FilePlugin(good),
                                           "broken": FilePlugin(bad)})
    entry = cat.require("city-chem")
    assert entry.base is not None and entry.base.pack.id == "chem-2017"
    assert entry.hash == pack_hash(entry.pack) != entry.own_hash
    assert entry.base.hash == cat.require("chem-2017").hash
    assert "city-two" not in cat.entries
    (error,) = cat.errors
    assert (error.plugin, error.stage) == ("broken", "overlay")
    assert error.where == f"city2.yaml:{line_of(bad, 'extends:')}" or error.where.endswith(
        f":{line_of(bad, 'extends:')}")
    assert "2018.1" in error.render("zh") and chem().version in error.render("zh")
    assert next(p for p in cat.plugins if p.name == "city").packs == ("city-chem",)
    # without the official pack installed the overlay is that plugin's error, nothing crashes
    alone = build_catalogue(eps=[], objects={"city": FilePlugin(good)})
    assert list(alone.entries) == []
    (error,) = alone.errors
    assert error.stage == "overlay" and "未安装" in error.render("zh")


def test_packs_list_shows_an_overlay_of_its_base(monkeypatch: pytest.MonkeyPatch,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    import json

    import tui.cli.plugins
    from tests.workflow_helpers import cli_main

    cat = example_catalogue()
    monkeypatch.setattr(tui.cli.plugins, "installed_catalogue", lambda ctx: cat)
    code, out, err = cli_main(["packs", "list"], capsys)
    assert code == 0, err
    line = next(x for x in out.splitlines() if x.startswith(OVERLAY))
    assert f"地方补充，扩展 chem-2017 {chem().version}" in line and TITLE in line
    code, out, _ = cli_main(["packs", "list", "--json"], capsys)
    row = next(p for p in json.loads(out)["packs"] if p["id"] == OVERLAY)
    assert row["extends"] == {"pack": "chem-2017", "version": chem().version,
                              "hash": cat.require("chem-2017").hash}


def test_the_example_overlay_passes_the_plugin_contract() -> None:
    cat = example_catalogue()
    assert contract.load_problems(cat, "jinan_overlay") == []
    assert contract.unique_id_problems(cat, "jinan_overlay") == []
    assert contract.unique_id_problems(cat, "chemicals") == []
    assert contract.completeness_problems(cat.require(OVERLAY).pack) == []
    assert contract.guidance_problems(cat.require(OVERLAY).pack) == []
    assert contract.case_problems(cat, "jinan_overlay") == []
    assert contract.coverage_problems(cat, "jinan_overlay") == []


def test_local_campaign_settings_move_the_step_deadlines() -> None:
    day = dt.date(2026, 3, 2)
    assert deadlines(day) == (day + dt.timedelta(days=TRAINING_DAYS),
                              day + dt.timedelta(days=REPORT_DAYS))
    merged = merge(chem(), load_pack(EXAMPLE_YAML))
    assert deadlines(day, [None, merged.campaign]) == (day + dt.timedelta(days=5),
                                                       day + dt.timedelta(days=20))


# --- an inspection under the overlay -----------------------------------------------------

def test_an_inspection_records_the_overlay_and_its_base_and_marks_local_items(
        db_url: str, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    cat = example_catalogue()
    today = dt.date(2026, 3, 2)
    ctx = Context(open_store(db_url), cat, "组长甲", today, "zh")
    # an overlay already holds its official pack's items: not both in one campaign
    with pytest.raises(AnjianError) as both:
        onsite_campaign(ctx, packs=["chem-2017", OVERLAY])
    assert "只需选 jinan-chem-example，不要同时选 chem-2017" in both.value.render("zh")
    campaign, target = onsite_campaign(ctx, packs=[OVERLAY])
    insp = inspections.start_inspection(ctx, campaign_id=campaign, enterprise=target, on=today)
    assert insp.id is not None
    entry, base = cat.require(OVERLAY), cat.require("chem-2017")
    with ctx.store.session() as s:
        started = s.exec(select(AuditEntry).where(AuditEntry.action == "inspection.start",
                                                  AuditEntry.object_id == str(insp.id))).one()
    assert started.after["packs"] == {OVERLAY: {
        "version": "0.1.0", "hash": entry.hash, "overlay_hash": entry.own_hash,
        "base": {"pack": "chem-2017", "version": base.pack.version, "hash": base.hash}}}
    view = inspections.inspection_view(ctx, insp.id)
    assert [(p.pack_id, p.pack_hash) for p in view.packs] == [(OVERLAY, entry.hash)]
    # a local finding is a general hazard, listed as local
    inspections.answer(ctx, insp.id, "JN-EX-01", "noncompliant", note="未建立举报奖励制度")
    done = inspections.answer(ctx, insp.id, "CHEM-2017-18", "noncompliant", note="无票动火")
    assert done.verdict == "major"
    for item in inspections.inspection_view(ctx, insp.id).unanswered:
        inspections.answer(ctx, insp.id, item, "compliant")
    (d,) = inspections.inspection_view(ctx, insp.id).determinations
    assert d.local_items == ("JN-EX-01", "JN-EX-02")
    assert d.general_hazards == ("JN-EX-01",) and d.major_items == ("CHEM-2017-18",)
    levels = {h.item_id: h.level for h in inspections.inspection_view(ctx, insp.id).hazards}
    assert levels == {"JN-EX-01": "general", "CHEM-2017-18": "major"}
    # the audit check re-evaluates it under the recorded (merged) content
    checked = audit_check.determination_check(ctx)
    assert checked.checked >= 1 and checked.mismatched == () == checked.unverifiable
    assert checked.tampered == ()
    # the report workbook: the overlay beside its base, the local finding marked
    book = load_workbook(exports.export_inspection(ctx, insp.id, tmp_path / "insp.xlsx"))
    summary = [str(c) for row in book["概况"].iter_rows(values_only=True) for c in row if c]
    assert any(TITLE in c and f"地方补充，扩展 chem-2017 {base.pack.version}" in c
               for c in summary), summary
    rows = [row for row in book["检查发现"].iter_rows(values_only=True)]
    local = next(r for r in rows if "JN-EX-01" in r)
    official = next(r for r in rows if "CHEM-2017-18" in r)
    assert local[0] == TITLE and local[1] == "示例第1条（地方补充）"
    assert official[0] == base.pack.standard and official[1] == "第18项"
    # the documents: a local item's clause is cited as local, with the overlay's title; its
    # local deadline (days) is the order's default
    admin = Context(ctx.store, cat, "组长甲", today, "zh")
    bureau.set_bureau(admin, name="济南市应急管理局", short="济", edition="应急",
                      reconsideration=["济南市人民政府"], court="济南市历下区人民法院")
    for name, cert in (("组长甲", "37010001"), ("检查员乙", "37010002")):
        bureau.set_cert(admin, name, cert_no=cert, until=today + dt.timedelta(days=365))
    order = documents.draft(ctx, documents.IssueRequest(kind="责改", inspection_id=insp.id))
    cells = {r.cells[2]: r.cells[3] for b in order.content.blocks for r in b.rows}
    assert cells[f"示例第1条（地方补充：{TITLE}）"] == "2026年4月1日"  # 30 days
    assert cells[f"{base.pack.standard} 第18项"] == "2026年3月17日"  # 15 days (amend)
    assert not [r for r in order.refusals if r.key == "doc.no_deadline"]
    record = documents.draft(ctx, documents.IssueRequest(kind="检记", inspection_id=insp.id))
    text = "\n".join(b.text for b in record.content.blocks)
    assert f"示例第1条（地方补充：{TITLE}）" in text
    assert f"{base.pack.standard} 示例第1条" not in text  # never cited as the standard's
    # the overlay's local campaign settings: training 5 days, reports 20 days after on-site
    moved = campaigns.advance(ctx, campaign)
    assert moved.stage == "feedback"
    assert (moved.training_due, moved.reports_due) == (dt.date(2026, 3, 7),
                                                       dt.date(2026, 3, 22))


def test_an_edited_base_moves_the_overlays_pin(db_url: str, tmp_path: Path) -> None:
    """The overlay's content hash is the merged pack's: a change of the official pack it
    extends moves it as a change of the overlay would."""
    from tests.edited_packs import RULE, EditedPlugin

    cat = example_catalogue()
    ctx = Context(open_store(db_url), cat, "组长甲", dt.date(2026, 3, 2), "zh")
    campaign, target = onsite_campaign(ctx, packs=[OVERLAY])
    insp = inspections.start_inspection(ctx, campaign_id=campaign, enterprise=target)
    assert insp.id is not None
    folder = tmp_path / "edited"
    folder.mkdir()
    text = (ROOT / "plugins" / "chemicals" / "chem_2017.yaml").read_text("utf-8")
    (folder / "chem_2017.yaml").write_text(text.replace(*RULE), "utf-8")
    edited = build_catalogue(eps=[], objects={"chemicals": EditedPlugin(folder),
                                              "jinan_overlay": FilePlugin(EXAMPLE_YAML)})
    assert edited.require(OVERLAY).own_hash == cat.require(OVERLAY).own_hash
    assert edited.require(OVERLAY).hash != cat.require(OVERLAY).hash
    moved = Context(ctx.store, edited, "组长甲", dt.date(2026, 3, 2), "zh")
    with pytest.raises(AnjianError) as caught:
        inspections.answer(moved, insp.id, "JN-EX-01", "noncompliant")
    assert OVERLAY in caught.value.render("zh") and caught.value.key == "pins.moved"

