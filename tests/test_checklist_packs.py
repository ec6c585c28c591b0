"""Checklist packs (检查表, no major-hazard rules) and findings that constitute another pack's
item (构成): the engine, the contract and validator, the scaffold, and the ledger through the
services on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from core.engine import Answers, evaluate, evaluate_together
from core.engine.determination import Verdict, overall
from core.engine.findings import Site, Status
from core.plugins import contract, validator
from core.plugins.catalogue import build_catalogue
from core.plugins.hookspecs import hookimpl
from core.services import hazards, inspections
from core.services.context import Context
from core.services.scaffold import new_plugin
from core.store.db import open_store
from tests.workflow_helpers import onsite_campaign

CHECKLIST: dict[str, Any] = {
    "id": "metal-general", "version": "0.1.0", "title_zh": "冶金企业通用检查表（测试）",
    "title_en": "Metallurgy general checklist (test)", "standard": "测试文件",
    "issuer": "测试机关", "sector": "chemicals", "effective": "2024-01-01",
    "sections": [{"id": "G", "title_zh": "一般要求", "title_en": "General", "items": [
        {"id": "MG-01", "clause": "4.1", "text_zh": "未建立安全生产责任制。",
         "gloss_en": "No safety responsibility system.",
         "guidance_zh": "查阅责任制文件，未建立答“不符合”，已建立答“符合”。",
         "guidance_en": 'Answer "noncompliant" if none.', "evidence": ["制度文件"]},
        {"id": "MG-02", "clause": "5.3.1", "text_zh": "动火作业前未进行气体分析。",
         "gloss_en": "No gas analysis before hot work.",
         "guidance_zh": "抽查动火作业票，未做气体分析答“不符合”，已做答“符合”。",
         "guidance_en": 'Answer "noncompliant" if no analysis.', "evidence": ["作业票"],
         "constitutes": [{"pack": "chem-2017", "item": "CHEM-2017-18",
                          "note": "特殊作业管理制度未有效执行"}]},
        {"id": "MG-03", "clause": "4.3", "text_zh": "未开展班组安全活动。",
         "gloss_en": "No team safety activities.",
         "guidance_zh": "查阅班组活动记录，未开展答“不符合”，已开展答“符合”。",
         "guidance_en": 'Answer "noncompliant" if none.', "evidence": ["活动记录"]},
    ]}],
}


class ChecklistPlugin:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    @hookimpl
    def register_packs(self, register: Any) -> None:
        register.pack_file(self.folder / "metal_general.yaml")


def write_pack(folder: Path, data: dict[str, Any]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "metal_general.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                    encoding="utf-8")
    return path


@pytest.fixture
def catalogue(tmp_path: Path) -> Any:
    from plugins import chemicals

    write_pack(tmp_path / "packs", CHECKLIST)
    cat = build_catalogue(eps=[], objects={"chemicals": chemicals,
                                           "metal": ChecklistPlugin(tmp_path / "packs")})
    assert not cat.errors, [e.as_msg() for e in cat.errors]
    return cat


def answers(statuses: dict[str, str], corrected: frozenset[str] = frozenset()) -> Answers:
    return Answers({k: Status(v) for k, v in statuses.items()}, corrected)


def all_compliant(pack: Any, **but: str) -> Answers:
    return answers({i.id: but.get(i.id.replace("-", "_"), "compliant") for i in pack.items()})


def test_a_checklist_says_checklist_when_done_and_incomplete_while_not(catalogue: Any) -> None:
    pack = catalogue.require("metal-general").pack
    assert pack.checklist and not pack.rules
    site = Site()
    done = evaluate(pack, site, answers({"MG-01": "noncompliant", "MG-02": "compliant",
                                         "MG-03": "compliant"}))
    assert done.verdict is Verdict.checklist
    assert done.general_hazards == ("MG-01",) and done.triggers == ()
    clear = evaluate(pack, site, all_compliant(pack))
    assert clear.verdict is Verdict.checklist  # never "not a major hazard": it cannot say
    empty = evaluate(pack, site, answers({}))
    assert empty.verdict is Verdict.incomplete
    assert empty.unanswered == ("MG-01", "MG-02", "MG-03")
    assert overall([Verdict.checklist]) is Verdict.checklist
    assert overall([Verdict.checklist, Verdict.not_major]) is Verdict.not_major
    assert overall([Verdict.checklist, Verdict.incomplete]) is Verdict.incomplete


def test_a_finding_that_constitutes_an_official_item_makes_it_count(catalogue: Any) -> None:
    chem = catalogue.require("chem-2017").pack
    metal = catalogue.require("metal-general").pack
    sites = {"chem-2017": Site(), "metal-general": Site()}
    found = {"chem-2017": all_compliant(chem),
             "metal-general": answers({"MG-01": "compliant", "MG-02": "noncompliant",
                                       "MG-03": "compliant"})}
    d_chem, d_metal = evaluate_together([chem, metal], sites, found)
    assert d_chem.verdict is Verdict.major
    assert d_chem.major_items == ("CHEM-2017-18",)
    (link,) = d_chem.constituted
    assert (link.item, link.source_pack, link.source, link.own) == (
        "CHEM-2017-18", "metal-general", "MG-02", False)
    # the checklist shows the same finding under its own pack, as a general hazard
    assert d_metal.verdict is Verdict.checklist and d_metal.general_hazards == ("MG-02",)
    # answered on its own as compliant, the official item is still constituted
    assert d_chem.verdict is Verdict.major
    # the link works in either order, and not at all without the official pack
    assert evaluate_together([metal, chem], dict(sites), found)[1] == d_chem
    (alone,) = evaluate_together([metal], sites, found)
    assert alone.constituted == () and alone.verdict is Verdict.checklist
    # nothing found: nothing constituted, the official pack clear
    quiet = dict(found, **{"metal-general": all_compliant(metal)})
    assert evaluate_together([chem, metal], sites, quiet)[0].verdict is Verdict.not_major


def test_an_item_found_on_its_own_and_through_a_link_says_both(catalogue: Any) -> None:
    chem = catalogue.require("chem-2017").pack
    metal = catalogue.require("metal-general").pack
    sites = {"chem-2017": Site(), "metal-general": Site()}
    found = {"chem-2017": all_compliant(chem, CHEM_2017_18="noncompliant"),
             "metal-general": answers({"MG-01": "compliant", "MG-02": "noncompliant",
                                       "MG-03": "compliant"})}
    (link,) = evaluate_together([chem, metal], sites, found)[0].constituted
    assert link.own is True


def test_a_correction_on_site_carries_only_when_every_finding_was_corrected(
        catalogue: Any) -> None:
    chem = catalogue.require("chem-2017").pack
    metal = catalogue.require("metal-general").pack
    sites = {"chem-2017": Site(), "metal-general": Site()}
    fixed = answers({"MG-01": "compliant", "MG-02": "noncompliant", "MG-03": "compliant"},
                    frozenset({"MG-02"}))
    d_chem = evaluate_together([chem, metal], sites,
                               {"chem-2017": all_compliant(chem), "metal-general": fixed})[0]
    if chem.on_site_correction is not None:
        assert d_chem.corrected_on_site == ("CHEM-2017-18",)
        assert d_chem.verdict is Verdict.not_major
    else:  # the standard does not let a correction on the spot count: still major
        assert d_chem.verdict is Verdict.major
        assert any(w.key == "warn.correction_ignored" for w in d_chem.warnings)


def test_waived_items_are_not_applicable_and_listed(catalogue: Any) -> None:
    metal = catalogue.require("metal-general").pack
    found = {"metal-general": answers({"MG-01": "noncompliant", "MG-02": "compliant"})}
    (d,) = evaluate_together([metal], {"metal-general": Site()}, found,
                             waived={"metal-general": frozenset({"MG-03", "MG-01"})})
    assert d.waived == ("MG-01", "MG-03")
    assert d.general_hazards == () and d.verdict is Verdict.checklist
    assert set(d.not_applicable) == {"MG-01", "MG-03"}


def test_the_contract_takes_a_checklist_and_checks_its_links(tmp_path: Path) -> None:
    from plugins import chemicals

    good = write_pack(tmp_path / "good", CHECKLIST)
    cat = build_catalogue(eps=[], objects={"chemicals": chemicals,
                                           "metal": ChecklistPlugin(good.parent)})
    assert contract.completeness_problems(cat.require("metal-general").pack) == []
    assert contract.link_problems(cat, "metal") == []
    for target, key in ((("chem-2099", "CHEM-2017-18"), "contract.link_pack_unknown"),
                        (("chem-2017", "CHEM-2017-99"), "contract.link_item_unknown"),
                        (("metal-general", "MG-01"), "contract.link_own")):
        data = json.loads(json.dumps(CHECKLIST))
        data["sections"][0]["items"][1]["constitutes"] = [
            {"pack": target[0], "item": target[1]}]
        bad = write_pack(tmp_path / key, data)
        cat = build_catalogue(eps=[], objects={"chemicals": chemicals,
                                               "metal": ChecklistPlugin(bad.parent)})
        (problem,) = contract.link_problems(cat, "metal")
        assert problem.params["problem"].key == key
        assert "MG-02" in problem.render("zh") and target[1] in problem.render("zh")


def test_packs_check_names_the_line_of_a_link_to_an_unknown_pack(tmp_path: Path) -> None:
    data = json.loads(json.dumps(CHECKLIST))
    data["sections"][0]["items"][1]["constitutes"] = [{"pack": "chem-2099",
                                                       "item": "CHEM-2017-18"}]
    path = write_pack(tmp_path / "draft", data)
    report = validator.check(str(path))
    errors = [e.render("zh") for e in report.errors]
    assert any("chem-2099" in e and "未安装" in e for e in errors), errors
    line = next(n for n, text in enumerate(path.read_text("utf-8").splitlines(), 1)
                if "MG-02" in text)
    assert any(e.startswith(f"{path}:{line}:") for e in errors), errors


def test_the_checklist_scaffold_passes_packs_check(tmp_path: Path) -> None:
    folder = new_plugin("metal_works", tmp_path, checklist=True)
    packs = folder / "src" / "anjian_metal_works" / "packs"
    text = (packs / "metal_works.yaml").read_text("utf-8")
    assert "\nrules:" not in text and "constitutes" in text
    report = validator.check(str(packs))
    assert report.errors == [], [e.render("zh") for e in report.errors]
    assert report.cases == 2
    (pack,) = report.packs
    assert pack.pack.checklist


def test_the_ledger_records_the_finding_as_the_major_hazard(db_url: str,
                                                            tmp_path: Path) -> None:
    from plugins import chemicals

    write_pack(tmp_path / "packs", CHECKLIST)
    cat = build_catalogue(eps=[], objects={"chemicals": chemicals,
                                           "metal": ChecklistPlugin(tmp_path / "packs")})
    import datetime as dt

    ctx = Context(open_store(db_url), cat, "组长甲", dt.date(2026, 3, 2), "zh")
    campaign, target = onsite_campaign(ctx, packs=["chem-2017", "metal-general"])
    insp = inspections.start_inspection(ctx, campaign_id=campaign, enterprise=target,
                                        on=dt.date(2026, 3, 2))
    assert insp.id is not None
    inspections.answer(ctx, insp.id, "MG-01", "noncompliant", note="无责任制文件")
    rows = {r.hazard.item_id: r.hazard for r in hazards.ledger(ctx)}
    assert {k: v.level for k, v in rows.items()} == {"MG-01": "general"}
    assert rows["MG-01"].clause == "4.1"
    done = inspections.answer(ctx, insp.id, "MG-02", "noncompliant", note="动火票无气体分析")
    assert done.verdict == "major"
    rows = {r.hazard.item_id: r.hazard for r in hazards.ledger(ctx)}
    # one hazard for one finding: the special-work finding, major under 121号 item 18
    assert {k: v.level for k, v in rows.items()} == {"MG-01": "general", "MG-02": "major"}
    assert rows["MG-02"].rule_id == "CHEM-2017-R" and rows["MG-02"].pack_id == "metal-general"
    assert rows["MG-02"].clause.endswith("← 5.3.1") and "第1～20项" in rows["MG-02"].clause
    # the inspection workbook shows the finding under both packs: its own answer, and the
    # official item's determination naming it
    from openpyxl import load_workbook

    from core.services import exports

    inspections.answer(ctx, insp.id, "MG-03", "compliant")
    book = load_workbook(exports.export_inspection(ctx, insp.id, tmp_path / "insp.xlsx"))
    cells = [str(c) for row in book["重大隐患判定"].iter_rows(values_only=True) for c in row
             if c is not None]
    assert any("← 由 测试文件 5.3.1 动火作业前未进行气体分析。 构成" in c for c in cells), cells
    assert "检查表检查（不作重大事故隐患判定；不符合项为一般事故隐患）" in "\n".join(cells)
    # withdrawing the finding takes the major hazard with it
    inspections.answer(ctx, insp.id, "MG-02", "compliant")
    rows = {r.hazard.item_id: r.hazard for r in hazards.ledger(ctx)}
    assert set(rows) == {"MG-01"}


def test_the_readable_determination_names_both_items(catalogue: Any,
                                                      capsys: pytest.CaptureFixture[str]
                                                      ) -> None:
    from tui.cli.output import determination

    chem = catalogue.require("chem-2017").pack
    metal = catalogue.require("metal-general").pack
    found = {"chem-2017": all_compliant(chem),
             "metal-general": answers({"MG-01": "compliant", "MG-02": "noncompliant",
                                       "MG-03": "compliant"})}
    d_chem, d_metal = evaluate_together([chem, metal], {"chem-2017": Site(),
                                                        "metal-general": Site()}, found)
    packs = {"chem-2017": chem, "metal-general": metal}
    determination(d_chem, chem, "zh", None, packs)
    determination(d_metal, metal, "zh", None, packs)
    out = capsys.readouterr().out
    item18 = chem.part("CHEM-2017-18")
    assert item18 is not None
    assert "由其他检查表的发现构成 (1):" in out
    assert f"{item18.clause} ← 测试文件 5.3.1 动火作业前未进行气体分析。" in out
    assert "检查表检查（不作重大事故隐患判定" in out and "重大事故隐患" in out
    assert "MG-02" not in out  # ids belong in --json


def test_packs_list_says_which_packs_are_checklists(tmp_path: Path) -> None:
    import subprocess
    import sys

    anjian = Path(sys.executable).with_name("anjian")
    done = subprocess.run([str(anjian), "packs", "list", "--json"], capture_output=True,
                          text=True, check=True)
    kinds = {p["id"]: p["kind"] for p in json.loads(done.stdout)["packs"]}
    assert kinds["chem-2017"] == "determination"
    assert set(kinds.values()) <= {"checklist", "determination"}
    shown = subprocess.run([str(anjian), "packs", "list"], capture_output=True, text=True,
                           check=True).stdout
    for pack_id, kind in kinds.items():
        line = next(x for x in shown.splitlines() if x.startswith(pack_id + " "))
        assert ("检查表（无判定规则" in line) is (kind == "checklist"), line
