"""GB 30871-2022 special work (plugin ``special_work``, pack ``gb30871-2022``): the plugin
contract, the pack item by item against the reference extract
(``shared/reference/special-operations-gb30871.json``, skipped when absent), the questions it
asks of a site, and the 121号 item 18 link evaluated together with ``chem-2017``."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from core.engine import Answers, evaluate_together
from core.engine.determination import Verdict
from core.engine.findings import Site, parse_findings
from core.pack.cases import CaseFile, GoldenCase, check_case
from core.pack.model import Check, Item, Measure, Pack, Verification
from core.pack.profile import pack_questions
from core.plugins.catalogue import Catalogue
from core.plugins.contract import PluginContract, installed, run_case

from .conftest import REFERENCE

PACK_ID = "gb30871-2022"
#: The extract lives beside standards.json (ANJIAN_REFERENCE moves both).
SPECIAL = REFERENCE.parent / "special-operations-gb30871.json"
STRUCTURE = REFERENCE.parent / "special-operations-gb30871.md"
ON = dt.date(2025, 9, 15)

#: The operations of GB 30871 (clause 1, 3.1), their tags and chapters.
OPERATIONS = {"动火作业": ("hot_work", "5"), "受限空间作业": ("confined_space", "6"),
              "盲板抽堵作业": ("blind_flange", "7"), "高处作业": ("work_at_height", "8"),
              "吊装作业": ("lifting", "9"), "临时用电作业": ("temporary_power", "10"),
              "动土作业": ("excavation", "11"), "断路作业": ("road_closure", "12")}

#: The items whose noncompliance is 化工121号 item 18 (特殊作业管理制度未有效执行): the permit
#: system itself not carried out. Changing this set is a decision, not a tidy-up.
LINKED = {"GB30871-4.6-a", "GB30871-4.10", "GB30871-4.11-a", "GB30871-4.16", "GB30871-4.17",
          "GB30871-5.2.1-a", "GB30871-5.3.1", "GB30871-6.3", "GB30871-6.8-a"}


class TestSpecialWork(PluginContract):
    plugin = "special_work"


@pytest.fixture(scope="module")
def pack(catalogue: Catalogue) -> Pack:
    entry = catalogue.get(PACK_ID)
    assert entry is not None, f"{PACK_ID} not installed; load errors: {catalogue.errors}"
    return entry.pack


@pytest.fixture(scope="module")
def ref() -> dict[str, Any]:
    if not SPECIAL.is_file():
        pytest.skip(f"GB 30871 reference extract not found at {SPECIAL} (it lives in the "
                    "developers' shared/ folder beside the clone; set ANJIAN_REFERENCE)")
    data: dict[str, Any] = json.loads(SPECIAL.read_text(encoding="utf-8"))
    return data


# --- numbers ---------------------------------------------------------------------------------

CN = {1: "一", 2: "二", 3: "三", 4: "四", 5: "五", 6: "六", 7: "七", 8: "八", 9: "九"}


def _number_in(text: str, unit: str) -> Callable[[float], bool]:
    """A number as the reference's prose gives it (``30 m``, ``不超过15天``, ``五级``)."""
    def found(value: float) -> bool:
        if unit == "级":
            return f"{CN[int(value)]}级" in text
        return re.search(rf"(?<![\d.]){re.escape(f'{value:g}')}(?:\.0)?\s*{re.escape(unit)}",
                         text) is not None
    return found


def _equals(number: float) -> Callable[[float], bool]:
    return lambda value: value == number


def _reference_numbers(r: dict[str, Any]) -> dict[str, Callable[[float], bool]]:
    """For each measured part of the pack (``ITEM`` or ``ITEM/path``), how the reference states
    its limit: a number field, or the number in the clause text the extract quotes."""
    rules = r["rules"]
    g, hot, cs = rules["general"], rules["hot_work"], rules["confined_space"]
    dist, gas, crit = hot["distances"], hot["gas_analysis"], cs["criteria"]
    pass_ = {("≥" in c["if"]): c["max_concentration_vol_pct"] for c in hot["pass_criteria"]
             if "if" in c}
    height, lift = rules["work_at_height"], rules["lifting"]
    power, dig, road = rules["temporary_power"], rules["excavation"], rules["road_breaking"]
    valid = hot["validity_hours"]
    assert valid["特级"] == valid["一级"] and gas["reanalysis_after_interruption_min"]["特级"] \
        == gas["reanalysis_after_interruption_min"]["一级"]
    return {
        "GB30871-4.5/h": _number_in(g["corrosive_water"], "m"),
        "GB30871-4.13-b/1": _number_in(g["lighting_voltage"].split("；")[0], "V"),
        "GB30871-4.13-b/2": _number_in(g["lighting_voltage"].split("；")[1], "V"),
        "GB30871-5.1.5/1": _equals(valid["特级"]),
        "GB30871-5.1.5/2": _equals(valid["二级"]),
        "GB30871-5.2.4/2": _equals(dist["isolate_leak_sources_m"]),
        "GB30871-5.2.7": _equals(hot["oxygen_equipment_max_o2_vol_pct"]),
        "GB30871-5.2.9/1": _equals(dist["no_combustible_gas_release_m"]),
        "GB30871-5.2.9/2": _equals(dist["no_combustible_liquid_release_m"]),
        "GB30871-5.2.9/3": _equals(dist["no_solvent_cleaning_or_painting_m"]),
        "GB30871-5.2.9/5": _equals(dist["no_combustible_dust_sweeping_m"]),
        "GB30871-5.2.10": _equals(dist["railway_stop_m"]),
        "GB30871-5.2.12": _equals(dist["welder_to_point_max_m"]),
        "GB30871-5.2.13/2": _equals(dist["o2_to_acetylene_min_m"]),
        "GB30871-5.2.13/3": _equals(dist["cylinders_to_point_min_m"]),
        "GB30871-5.2.15": _number_in(hot["escalation"], "级"),
        "GB30871-5.3.1-c": _equals(gas["sample_to_start_max_min"]),
        "GB30871-5.3.1-d/1": _equals(gas["reanalysis_after_interruption_min"]["特级"]),
        "GB30871-5.3.1-d/2": _equals(gas["reanalysis_after_interruption_min"]["二级"]),
        "GB30871-5.3.2/a": _equals(pass_[True]),
        "GB30871-5.3.2/b": _equals(pass_[False]),
        "GB30871-5.5.2/c": _number_in(hot["fixed_hot_work_area"], "m"),
        "GB30871-6.3-a": _equals(cs["gas_test_before_entry_min"]),
        "GB30871-6.3-f": _equals(cs["retest_after_interruption_min"]),
        "GB30871-6.4-a/1": _equals(crit["O2_vol_pct"][0]),
        "GB30871-6.4-a/2": _equals(crit["O2_vol_pct"][1]),
        "GB30871-6.4-a/3": _equals(crit["O2_max_in_enriched_vol_pct"]),
        # 6.4 c): flammables "同 5.3.2"
        "GB30871-6.4-c/a": _equals(pass_[True]),
        "GB30871-6.4-c/b": _equals(pass_[False]),
        "GB30871-6.5/2": _number_in(cs["continuous_monitoring"], "h"),
        "GB30871-6.10": _equals(cs["validity_hours"]),
        "GB30871-7.6/2": _equals(rules["blinding"]["no_hot_work_m"]),
        "GB30871-8.2.1/2/1": _equals(height["comms_over_m"]),
        "GB30871-8.2.8/2/1": _equals(height["double_protection_over_m"]),
        "GB30871-8.2.11/1": _number_in(height["validity"], "天"),
        "GB30871-9.2.1/1/1": _number_in(lift["grades_t"]["二级"].split("≤")[0] + "t", "t"),
        "GB30871-9.2.4/2": _number_in(lift["weather"], "级"),
        "GB30871-9.2.10-c": _equals(lift["multi_crane_load_max_pct"] / 100),
        "GB30871-10.6-b": _equals(power["insulation_min_V"]),
        "GB30871-10.6-d/2": _equals(power["overhead_height_m"]["site"]),
        "GB30871-10.6-d/3": _equals(power["overhead_height_m"]["vehicle_road"]),
        "GB30871-10.6-f/2": _equals(power["buried_depth_min_m"]),
        "GB30871-10.8/1": _number_in(power["duration"].split("，")[0], "天"),
        "GB30871-10.8/2": _number_in(power["duration"].split("，")[1], "天"),
        "GB30871-11.5/a2": _equals(dig["spoil_distance_m"]),
        "GB30871-11.5/a3": _equals(dig["spoil_height_max_m"]),
        "GB30871-11.6": _equals(dig["manual_dig_near_pipe_m"]),
        "GB30871-11.7/2/1": _equals(dig["ladder_over_depth_m"]),
        "GB30871-11.10/2": _number_in(dig["confined_space_rule"], "m"),
        "GB30871-12.3/2/a": _number_in(road["no_sign_needed_if"].split("、")[0], "h"),
        "GB30871-12.3/2/b": _number_in(road["no_sign_needed_if"].split("、")[1], "h"),
        "GB30871-12.4/a": _number_in(road["warning_light"].split("（")[1], "m"),
        "GB30871-12.4/c": _number_in(road["warning_light"].split("，")[1], "m"),
    }


#: Limits the extract does not carry (it lists the numbers a validator needs, not every one):
#: each is checked against the clause text of its own item instead.
NOT_IN_EXTRACT = {"GB30871-8.2.6/2": "五级风", "GB30871-11.7/3": "2 m以上"}


def _measures(item: Item) -> Iterator[tuple[str, Measure]]:
    if item.measure is not None:
        yield item.id, item.measure
    for path, check in item.parts():
        if check.measure is not None:
            yield f"{item.id}/{path}", check.measure


def test_every_number_is_the_references(pack: Pack, ref: dict[str, Any]) -> None:
    numbers = _reference_numbers(ref)
    measured = {key: (item, m) for item in pack.items() for key, m in _measures(item)}
    assert sorted(measured) == sorted(set(numbers) | set(NOT_IN_EXTRACT)), \
        "a measured limit is not compared with the reference (or a compared one is gone)"
    for key, found in numbers.items():
        item, measure = measured[key]
        assert found(measure.limit), f"{key}: limit {measure.limit:g} is not the reference's"
    for key, words in NOT_IN_EXTRACT.items():
        item, measure = measured[key]
        assert words in item.text_zh, key


def test_every_number_in_the_text_is_the_measures(pack: Pack) -> None:
    """Each measure's limit is written in its item's official text, or in the clause that
    text defers to (6.4 c): 应符合 5.3.2 的规定): the number is the standard's."""
    by_clause = {i.clause: i.text_zh for i in pack.items()}
    for item in pack.items():
        text = item.text_zh + "".join(by_clause.get(c, "") for c in
                                      re.findall(r"符合 (\d+(?:\.\d+)+) 的规定", item.text_zh))
        for key, m in _measures(item):
            shown = f"{m.limit * 100:g}%" if m.relative else CN[int(m.limit)] + "级" \
                if m.unit == "级" else f"{m.limit:g}"
            assert shown in text.replace(" ", ""), f"{key}: {m.limit:g} not in the text"


# --- clauses and operations ------------------------------------------------------------------

def _chapters() -> dict[str, str]:
    """The chapters of the standard as the reference's structure line gives them."""
    text = STRUCTURE.read_text(encoding="utf-8")
    line = next(x for x in text.splitlines() if x.startswith("1 范围"))
    return dict(re.findall(r"(\d+) (\S+?)(?= ·|$)", line.split(" · 附录")[0]))


def test_every_clause_is_in_a_chapter_of_the_reference(pack: Pack, ref: dict[str, Any]) -> None:
    chapters = _chapters()
    assert chapters["4"] == "通用要求" and chapters["12"] == "断路作业"
    for section in pack.sections:
        assert section.title_zh == chapters[section.id], section.id
        for item in section.items:
            assert re.fullmatch(r"\d+(\.\d+)+( [a-z]\))?", item.clause), item.id
            assert item.clause.split(".")[0] == section.id, item.id
            number = item.clause.split(" ")[0]
            suffix = item.clause.split(" ")[1][0] if " " in item.clause else ""
            # GB30871-<clause>, its own list letter, or -a, -b in order within a clause
            assert re.fullmatch(rf"GB30871-{re.escape(number)}(-[a-z])?", item.id), item.id
            if suffix:
                assert item.id.endswith(f"-{suffix}"), item.id


def _cited(ref: dict[str, Any]) -> set[str]:
    """Clauses of chapters 4–12 the extract cites: the values of its ``clause…`` keys and the
    clause numbers in brackets after a quoted requirement (``(4.13 b)``, ``(5.2.15)``)."""
    texts: list[str] = []

    def walk(node: Any, key: str = "") -> None:
        if isinstance(node, dict):
            for k, v in node.items():
                walk(v, k)
        elif isinstance(node, list):
            for v in node:
                walk(v, key)
        elif isinstance(node, str):
            if key.startswith("clause") or key.endswith("clauses"):
                texts.extend(node.split(","))
            texts.extend(re.findall(r"\(([^()]*\d\.\d[^()]*)\)", node))

    walk(ref["rules"])
    cited = set()
    for text in texts:
        for number, letter in re.findall(r"(?<![\d.])((?:[4-9]|1[0-2])\.[1-9]\d*(?:\.\d+)?)"
                                         r"(?: ([a-j])\b)?", text):
            cited.add(f"{number} {letter})" if letter else number)
    return cited


#: Clauses the extract cites that are no item of their own: 5.1.2–5.1.4 define the grades
#: that 5.1.1 asks the permit to carry, 8.1/8.2 and 5.5 name the headings of items that are.
BY_OTHER_ITEMS = {"5.1.2": "GB30871-5.1.1", "5.1.3": "GB30871-5.1.1",
                  "5.1.4": "GB30871-5.1.1"}


def test_every_clause_the_reference_cites_is_checked(pack: Pack, ref: dict[str, Any]) -> None:
    clauses = {i.clause for i in pack.items()}
    for cited in sorted(_cited(ref)):
        if cited in BY_OTHER_ITEMS:
            item = pack.part(BY_OTHER_ITEMS[cited])
            assert isinstance(item, Item) and "5.1.2～5.1.4" in item.guidance_zh, cited
            continue
        number = cited.split(" ")[0]
        assert any(c == cited or c.split(" ")[0] == number or c.startswith(number + ".")
                   for c in clauses), f"clause {cited} of the reference has no item"


def test_every_operation_is_covered(pack: Pack, ref: dict[str, Any]) -> None:
    assert set(ref["rules"]["special_work_types"]["list"]) == set(OPERATIONS)
    tags = {t.id: t.name_zh for t in pack.tags}
    # one tag per operation, and one for a period without special work (chapter 4 only)
    assert tags == {tag: name for name, (tag, _) in OPERATIONS.items()} | {
        "none_performed": "检查期间未开展特殊作业（仅查通用要求）"}
    assert not any("none_performed" in s.tags for s in pack.sections)
    sections = {s.id: s for s in pack.sections}
    for name, (tag, chapter) in OPERATIONS.items():
        assert sections[chapter].title_zh == name
        assert sections[chapter].tags == (tag,)
        assert len(sections[chapter].items) >= 4, name
    assert sections["4"].tags == () and all(not i.tags for i in sections["4"].items)


def test_the_pack_is_the_standard_the_reference_names(pack: Pack, ref: dict[str, Any]) -> None:
    assert pack.checklist and pack.sector == "chemicals"
    assert pack.standard in ref["title"] and pack.title_zh in ref["title"]
    source = ref["sources"]["SRC-GB"]["title"]
    assert pack.effective.isoformat() in source.replace("2022-10-01实施", "2022-10-01")


def test_flags_name_the_single_copy_they_were_checked_against(pack: Pack,
                                                              ref: dict[str, Any]) -> None:
    """Every item rests on one third-party transcription: ``verified-single-source``, with a
    note naming it; an item that also claims the agreement of an excerpt is one the excerpt
    quotes (gong123.com: 5.1.1–5.2.5; uianet.net: 6.3 a), 6.4)."""
    address = ref["sources"]["SRC-GB"]["address"]
    repo, commit = "wyuzhu-gif/aky_work_ticket-agent", address.split("/blob/")[1][:7]
    assert repo in address
    for item in pack.items():
        assert item.verification is Verification.verified_single_source, item.id
        assert repo in item.verification_note and commit in item.verification_note, item.id
        if "gong123.com" in item.verification_note:
            number = tuple(int(x) for x in item.clause.split(" ")[0].split("."))
            assert (5, 1, 1) <= number <= (5, 2, 5), item.id
        if "uianet.net" in item.verification_note:
            assert item.clause in ("6.3 a)", "6.4 a)", "6.4 b)", "6.4 c)"), item.id


# --- the site profile --------------------------------------------------------------------------

def test_the_site_is_asked_which_operations_it_performs(pack: Pack) -> None:
    (question,) = pack_questions(pack)
    assert question.key == "tags"
    said = question.as_msg().render("zh")
    assert said.startswith(f"判定标准 {PACK_ID} ")
    for name, (tag, _) in OPERATIONS.items():
        assert f"{name}（{tag}）" in said
    assert "Hot work (hot_work)" in question.as_msg().render("en")


# --- 121号 item 18 ---------------------------------------------------------------------------

def test_the_linked_items_are_the_permit_system_failures(pack: Pack) -> None:
    linked = {i.id: i for i in pack.items() if i.constitutes}
    assert set(linked) == LINKED
    for item in linked.values():
        (link,) = item.constitutes
        assert (link.pack, link.item) == ("chem-2017", "CHEM-2017-18"), item.id
        assert "第18项" in link.note and "制度未有效执行" in link.note, item.id
        assert "121号第18项" in item.guidance_zh, item.id
    # no measured limit is linked: a reading past a limit is a general hazard of its own
    assert not any(i.measure or any(c.measure for _, c in i.parts()) for i in linked.values())


def _answers(pack: Pack, raw: list[dict[str, Any]], site: Site) -> Answers:
    return Answers.from_findings(pack, parse_findings(pack, raw, site, on=ON), site, ON)


def _all_compliant(pack: Pack, tags: set[str]) -> list[dict[str, Any]]:
    gates = pack.item_gates()
    out: list[dict[str, Any]] = []
    for item in pack.items():
        if not all(tags & set(g) for g in gates[item.id]):
            continue
        checks: tuple[Check, ...] = item.checks
        if any(c.tags and not tags & set(c.tags) for c in checks):
            out.append({"item": item.id, "checks": {c.id: "compliant" for c in checks
                                                    if not c.tags or tags & set(c.tags)}})
        else:
            out.append({"item": item.id, "status": "compliant"})
    return out


@pytest.mark.parametrize("linked", sorted(LINKED))
def test_each_link_makes_item_18_major_through_evaluate_together(
        linked: str, pack: Pack, catalogue: Catalogue) -> None:
    chem = catalogue.require("chem-2017").pack
    tags = {"hot_work", "confined_space"}
    site = Site(tags=frozenset(tags))
    raw = [{"item": i.id, "status": "not_applicable" if i.id in
            ("CHEM-2017-06", "CHEM-2017-07", "CHEM-2017-08") else "compliant"}
           for i in chem.items()]
    clean = {"chem-2017": _answers(chem, raw, Site()),
             PACK_ID: _answers(pack, _all_compliant(pack, tags), site)}
    before = evaluate_together([chem, pack], {"chem-2017": Site(), PACK_ID: site}, clean, on=ON)
    assert [d.verdict for d in before] == [Verdict.not_major, Verdict.checklist]

    found = [{"item": f["item"], "status": "noncompliant"} if f["item"] == linked else f
             for f in _all_compliant(pack, tags)]
    answers = dict(clean, **{PACK_ID: _answers(pack, found, site)})
    chem_det, special_det = evaluate_together([chem, pack], {"chem-2017": Site(), PACK_ID: site},
                                              answers, on=ON)
    assert chem_det.verdict is Verdict.major
    assert chem_det.major_items == ("CHEM-2017-18",)
    assert [(c.item, c.source_pack, c.source, c.own) for c in chem_det.constituted] == [
        ("CHEM-2017-18", PACK_ID, linked, False)]
    assert special_det.verdict is Verdict.checklist
    assert special_det.general_hazards == (linked,)
    # evaluated alone, the special-work finding is a general hazard and nothing more
    (alone,) = evaluate_together([pack], {PACK_ID: site}, {PACK_ID: answers[PACK_ID]}, on=ON)
    assert alone.general_hazards == (linked,) and alone.constituted == ()


def test_an_unlinked_finding_leaves_item_18_alone(pack: Pack, catalogue: Catalogue) -> None:
    chem = catalogue.require("chem-2017").pack
    site = Site(tags=frozenset({"hot_work"}))
    raw = [{"item": i.id, "status": "compliant"} for i in chem.items()]
    found = [{"item": "GB30871-5.3.2", "checks": {"a": {"value": 0.8}, "b": "not_applicable"}}
             if f["item"] == "GB30871-5.3.2" else f for f in _all_compliant(pack, {"hot_work"})]
    chem_det, special_det = evaluate_together(
        [chem, pack], {"chem-2017": Site(), PACK_ID: site},
        {"chem-2017": _answers(chem, raw, Site()), PACK_ID: _answers(pack, found, site)}, on=ON)
    assert chem_det.verdict is Verdict.not_major and chem_det.constituted == ()
    assert special_det.general_hazards == ("GB30871-5.3.2",)


# --- golden cases ----------------------------------------------------------------------------

def test_cases_cover_every_limit_and_both_packs(catalogue: Catalogue, pack: Pack) -> None:
    """Each measured limit is read exactly at, just above and just below it in some golden
    case, and at least two cases evaluate this pack together with 121号."""
    cases = [c.case for c in catalogue.cases if c.plugin == "special_work" and c.case]
    seen: dict[str, set[str]] = {}
    for case in cases:
        for f in case.findings:
            for path, value in _values(f):
                item = pack.part(f["item"])
                assert isinstance(item, Item)
                node = item if path == "." else item.part(path)
                assert node is not None and node.measure is not None, (f["item"], path)
                limit = node.measure.limit_for(_design(f, path))
                where = "at" if value == limit else "above" if value > limit else "below"
                key = f["item"] if path == "." else f"{f['item']}/{path}"
                seen.setdefault(key, set()).add(where)
    every = {key for item in pack.items() for key, _ in _measures(item)}
    assert {k for k, v in seen.items() if v == {"at", "above", "below"}} == every
    together = [c for c in cases if set(c.pack_ids) == {"chem-2017", PACK_ID}]
    assert sum(1 for c in together if c.expect and c.expect.verdict == "major"
               and c.expect.constituted) >= 2


def _values(finding: dict[str, Any], prefix: str = "") -> Iterator[tuple[str, float]]:
    if "value" in finding:
        yield prefix.rstrip("/") or ".", finding["value"]
    for cid, answer in finding.get("checks", {}).items():
        if isinstance(answer, dict):
            yield from _values(answer, f"{prefix}{cid}/")


def _design(finding: dict[str, Any], path: str) -> float | None:
    node: dict[str, Any] = finding
    if path != ".":
        for step in path.split("/"):
            node = node["checks"][step]
    design = node.get("design")
    return float(design) if design is not None else None


def test_a_case_expecting_other_constituted_items_fails(catalogue: Catalogue) -> None:
    """The ``constituted`` expectation can fail: the same case naming another source."""
    source = next(c for c in catalogue.cases if c.plugin == "special_work" and c.case
                  and c.case.expect and c.case.expect.constituted)
    assert source.case is not None and source.case.expect is not None
    raw = source.case.model_dump(mode="json", exclude_none=True)
    raw["expect"]["constituted"][0]["source"] = "GB30871-4.18"
    wrong = GoldenCase.model_validate(raw)
    problems = check_case(wrong, lambda c: run_case(installed(), CaseFile("x", "x", c)))
    assert [p.params["key"] for p in problems] == ["constituted"]
    assert check_case(source.case, lambda c: run_case(installed(), CaseFile("x", "x", c))) == []


def test_the_case_files_are_utf8_json_beside_the_pack() -> None:
    folder = Path(__file__).resolve().parents[1] / "plugins" / "special_work" / "cases"
    names = sorted(p.name for p in folder.glob("*.json"))
    assert names and all(n.startswith(f"{PACK_ID}--") for n in names)
