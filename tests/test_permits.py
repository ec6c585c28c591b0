"""Work permits (作业票核查): each rule of GB 30871-2022 a ticket is checked against, at its
limits (a gas sample exactly 30 min before the start passes, 31 min does not); the numbers
against the reference extract; every bad ticket file refused naming the file and the field;
every breach a finding of an item (and part) of the installed special-operations pack; and
recording a ticket's breaches on an inspection, on SQLite and PostgreSQL: through the answer
service, with the ticket in the note, refused with nothing stored when the inspection does not
run the pack, its site lacks the operation or an item was answered by someone else."""

from __future__ import annotations

import copy
import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import select

from core.engine import permits as rules
from core.engine.permits import (
    APPROVERS,
    GRADES,
    MEASURE_COUNTS,
    PACK,
    RULES,
    SIGN_OFFS,
    Operation,
    Ticket,
    assess,
    check_ticket,
)
from core.i18n import CATALOGUE, AnjianError, t
from core.pack.model import Verification
from core.plugins.catalogue import Catalogue
from core.services import inspections, permits
from core.services.context import Context
from core.services.packs import default_catalogue
from core.store.db import open_store
from core.store.tables import AuditEntry, FindingRow
from tests.language import english_words
from tests.workflow_helpers import onsite_campaign, register

from .conftest import REFERENCE, ROOT

EXAMPLES = ROOT / "examples" / "tickets"
SPECIAL = REFERENCE.parent / "special-operations-gb30871.json"
TODAY = dt.date(2026, 3, 2)
DAY = "2024-05-10"

#: The approver 表B.1 names, as a ticket writes it, by (operation, grade).
APPROVER_WORDS = {"top_leader": "主管领导", "safety_department": "安全管理部门",
                  "base_unit": "所在基层单位", "professional_department": "所在单位专业部门",
                  "chief": "主管厂长或总工程师"}
DEFAULT_GRADE = {"hot_work": "first", "work_at_height": "I", "lifting": "third"}


def at(hhmm: str, day: str = DAY) -> str:
    return f"{day} {hhmm}"


def clean(op: str, **over: Any) -> dict[str, Any]:
    """A ticket of operation ``op`` that breaks nothing: every sign-off of its 附录A table
    before the 09:00 start, a guardian, the briefing, acceptance after the 14:00 finish, every
    measure marked and confirmed, a passing gas analysis where the ticket has one."""
    kind = Operation(op)
    roles = [r.value for r in SIGN_OFFS[kind]]
    data: dict[str, Any] = {
        "number": "T-0001", "type": op, "applied": at("07:30"), "start": at("09:00"),
        "end": at("15:00"), "finished": at("14:00"),
        "signatures": {r: {"name": "签字人", "time": at("08:30")} for r in roles},
        "measures": {str(n): "确认人" for n in range(1, MEASURE_COUNTS[kind])},
    }
    data["signatures"] |= {"guardian": "监护人甲", "briefer": "交底人甲", "briefed": "作业人甲",
                           "acceptance": {"name": "验收人", "time": at("14:10")}}
    grade = DEFAULT_GRADE.get(op)
    if grade is not None:
        data["grade"] = grade
    approver = APPROVERS.get((kind, None)) or APPROVERS.get((kind, grade))
    if approver is not None:
        data["signatures"]["approver"]["unit"] = APPROVER_WORDS[approver]
    if kind is Operation.hot_work:
        data["lel_class"] = "≥4%"
        data["readings"] = [reading("可燃气体", "08:45", 0.1)]
    if kind is Operation.confined_space:
        data["readings"] = [reading("氧气", hhmm, 20.8) for hhmm in ("08:45", "10:45", "12:45")]
    if kind is Operation.work_at_height:
        data |= {"height_m": 4, "objective_hazards": False}
    if kind is Operation.lifting:
        data["load_t"] = 20
    if kind is Operation.blind_flange:
        data["blinds"] = [{"number": "MB-01", "action": "堵"}]
    data |= over
    return data


def reading(what: str, hhmm: str, value: float, unit: str | None = None, day: str = DAY,
            **more: Any) -> dict[str, Any]:
    units = {"可燃气体": "%vol", "氧气": "%", "有毒": "mg/m³"}
    return {"time": at(hhmm, day), "what": what, "value": value,
            "unit": unit or units[what], **more}


def broken(data: dict[str, Any]) -> list[tuple[str, str | None]]:
    """The rules a ticket breaks, each with the part of its item."""
    return [(b.rule, b.check) for b in check_ticket(Ticket.model_validate(data))]


def rules_of(data: dict[str, Any]) -> set[str]:
    return {rule for rule, _ in broken(data)}


def unchecked(data: dict[str, Any]) -> set[str]:
    return {u.rule for u in assess(Ticket.model_validate(data)).unchecked}


# --- a clean ticket of every operation ------------------------------------------------------


@pytest.mark.parametrize("op", [o.value for o in Operation])
def test_a_complete_ticket_of_each_operation_breaks_nothing(op: str) -> None:
    data = clean(op)
    assert broken(data) == []
    assert unchecked(data) == set()


@pytest.mark.parametrize("name", sorted(p.name for p in EXAMPLES.glob("*-ok.json")))
def test_the_good_examples_break_nothing(name: str) -> None:
    checked = permits.check_file(EXAMPLES / name)
    assert checked.assessment.breaches == ()
    assert checked.assessment.unchecked == ()


def test_the_examples_with_breaches() -> None:
    def found(name: str) -> set[str]:
        return {b.rule for b in permits.check_file(EXAMPLES / name).assessment.breaches}

    assert found("hot-work-late-gas.json") == {"hot_work.sample_time", "hot_work.reanalysis"}
    assert found("confined-space-low-oxygen.json") == {
        "confined_space.validity", "confined_space.oxygen", "confined_space.began_on_failed",
        "confined_space.monitoring", "signature.guardian"}
    assert found("work-at-height-undergraded.json") == {"work_at_height.grade_low",
                                                        "work_at_height.validity"}


# --- validity --------------------------------------------------------------------------------


@pytest.mark.parametrize(("grade", "end", "part"), [
    ("special", at("17:00"), None), ("special", at("17:01"), "1"),
    ("first", at("17:00"), None), ("first", at("17:01"), "1"),
    ("second", "2024-05-13 09:00", None), ("second", "2024-05-13 09:01", "2"),
])
def test_hot_work_validity_8_hours_and_72(grade: str, end: str, part: str | None) -> None:
    data = clean("hot_work", grade=grade, end=end)
    data["signatures"]["approver"]["unit"] = "主管领导"
    if grade == "special":
        data["measures"] |= {"13": "确认人", "14": "确认人"}
    got = [(r, c) for r, c in broken(data) if r == "hot_work.validity"]
    assert got == ([] if part is None else [("hot_work.validity", part)])


def test_hot_work_without_a_grade_is_held_to_what_every_grade_allows() -> None:
    data = clean("hot_work", end="2024-05-13 09:00")
    del data["grade"]
    assert broken(data) == [("hot_work.grade", None)]  # 72 h: no grade breaks that
    data["end"] = "2024-05-13 09:01"
    assert ("hot_work.validity", None) in broken(data)


@pytest.mark.parametrize(("op", "end", "fails"), [
    ("confined_space", "2024-05-11 09:00", False), ("confined_space", "2024-05-11 09:01", True),
    ("work_at_height", "2024-05-17 09:00", False), ("work_at_height", "2024-05-17 09:01", True),
])
def test_validity_24_hours_and_7_days(op: str, end: str, fails: bool) -> None:
    assert (f"{op}.validity" in rules_of(clean(op, end=end))) is fails


@pytest.mark.parametrize(("end", "extended", "part"), [
    ("2024-05-25 09:00", "", None), ("2024-05-25 09:01", "", "1"),
    ("2024-05-25 09:01", "检修工期长", None), ("2024-06-09 09:00", "检修工期长", None),
    ("2024-06-09 09:01", "检修工期长", "2"), ("2024-06-09 09:01", "", "2"),
])
def test_temporary_power_15_days_or_30_in_special_circumstances(end: str, extended: str,
                                                                part: str | None) -> None:
    data = clean("temporary_power", end=end)
    if extended:
        data["extended"] = extended
    got = [(r, c) for r, c in broken(data) if r == "temporary_power.validity"]
    assert got == ([] if part is None else [("temporary_power.validity", part)])


def test_work_finished_after_the_ticket_ran_out_needed_a_new_ticket() -> None:
    assert ("reissue", "3") in broken(clean("excavation", finished=at("15:01"),
                                            signatures=clean("excavation")["signatures"]))
    assert "reissue" not in rules_of(clean("excavation", finished=at("15:00")))
    data = clean("excavation")
    del data["finished"]
    assert {"reissue", "signature.acceptance"} <= unchecked(data)


# --- gas analysis ----------------------------------------------------------------------------


@pytest.mark.parametrize(("sample", "fails"), [("08:30", False), ("08:29", True),
                                               ("08:29:59", True), ("09:00", False)])
def test_hot_work_gas_sample_at_most_30_minutes_before_the_start(sample: str,
                                                                 fails: bool) -> None:
    data = clean("hot_work", readings=[reading("可燃气体", sample, 0.1)])
    assert ("hot_work.sample_time" in rules_of(data)) is fails


def test_hot_work_without_an_analysis_before_the_start() -> None:
    data = clean("hot_work", readings=[reading("可燃气体", "09:05", 0.1)])
    assert ("hot_work.analysis", "1") in broken(data)
    assert ("hot_work.analysis", "1") in broken(clean("hot_work", readings=[]))


def test_a_later_sample_supersedes_a_failed_one_before_the_start() -> None:
    ok = clean("hot_work", readings=[reading("可燃气体", "08:35", 0.9),
                                     reading("可燃气体", "08:50", 0.2)])
    assert broken(ok) == []
    began = clean("hot_work", readings=[reading("可燃气体", "08:35", 0.2),
                                        reading("可燃气体", "08:50", 0.9)])
    assert broken(began) == [("hot_work.began_on_failed", "2"), ("hot_work.combustible", "a")]


@pytest.mark.parametrize(("grade", "minutes", "fails", "part"), [
    ("first", 30, False, None), ("first", 31, True, "1"),
    ("special", 31, True, "1"), ("second", 60, False, None), ("second", 61, True, "2"),
])
def test_hot_work_reanalysis_after_an_interruption(grade: str, minutes: int, fails: bool,
                                                   part: str | None) -> None:
    resume = (dt.datetime(2024, 5, 10, 11, 0) + dt.timedelta(minutes=minutes)).strftime("%H:%M")
    data = clean("hot_work", grade=grade, end=at("16:00"),
                 interruptions=[{"from": at("11:00"), "to": at(resume)}])
    data["signatures"]["approver"]["unit"] = "主管领导"
    data["measures"] |= {"13": "确认人", "14": "确认人"}
    got = [(r, c) for r, c in broken(data) if r == "hot_work.reanalysis"]
    assert got == ([("hot_work.reanalysis", part)] if fails else [])
    data["readings"].append(reading("可燃气体", "11:10", 0.1))  # analysed while stopped
    assert "hot_work.reanalysis" not in rules_of(data)


@pytest.mark.parametrize(("lel", "value", "unit", "fails", "part"), [
    ({"lel_class": "≥4%"}, 0.5, "%vol", False, None),
    ({"lel_class": "≥4%"}, 0.51, "%vol", True, "a"),
    ({"lel_class": "<4%"}, 0.2, "%vol", False, None),
    ({"lel_class": "<4%"}, 0.21, "%vol", True, "b"),
    ({"lel": 4}, 0.5, "%vol", False, None),  # 4 % itself is the ≥ 4 % class
    ({"lel": 3.9}, 0.21, "%vol", True, "b"),
    ({"lel": 5}, 10, "%LEL", False, None),   # 10 % of 5 % is 0.5 % by volume
    ({"lel": 5}, 10.2, "%LEL", True, "a"),
    ({"lel": 2}, 10, "%LEL", False, None),   # 0.2 %
    ({"lel": 2}, 10.5, "%LEL", True, "b"),
])
def test_combustible_gas_pass_limits_by_the_lower_explosive_limit(
        lel: dict[str, Any], value: float, unit: str, fails: bool, part: str | None) -> None:
    data = clean("hot_work", readings=[reading("可燃气体", "08:45", 0.1),
                                       reading("可燃气体", "11:00", value, unit)])
    data.pop("lel_class")
    data |= lel
    got = [(r, c) for r, c in broken(data) if r == "hot_work.combustible"]
    assert got == ([("hot_work.combustible", part)] if fails else [])


def test_oxygen_equipment_at_most_23_5_percent() -> None:
    data = clean("hot_work", oxygen_equipment=True,
                 readings=[reading("可燃气体", "08:45", 0.1), reading("氧气", "08:45", 23.5)])
    assert broken(data) == []
    data["readings"][1]["value"] = 23.6
    assert broken(data) == [("hot_work.oxygen_equipment", None),
                            ("hot_work.began_on_failed", "2")]
    data["readings"].pop()
    assert "hot_work.oxygen_equipment" in unchecked(data)


@pytest.mark.parametrize(("value", "enriched", "part"), [
    (19.5, False, None), (19.4, False, "1"), (21, False, None), (21.1, False, "2"),
    (23.5, True, None), (23.6, True, "3"), (19.4, True, "1"),
])
def test_confined_space_oxygen_19_5_to_21_percent(value: float, enriched: bool,
                                                  part: str | None) -> None:
    data = clean("confined_space", oxygen_enriched=enriched)
    data["readings"][1]["value"] = value  # 10:45, while the work is under way
    got = [(r, c) for r, c in broken(data) if r == "confined_space.oxygen"]
    assert got == ([] if part is None else [("confined_space.oxygen", part)])


@pytest.mark.parametrize(("sample", "fails"), [("08:30", False), ("08:29", True)])
def test_confined_space_tested_within_30_minutes_before_entry(sample: str,
                                                              fails: bool) -> None:
    data = clean("confined_space")
    data["readings"][0]["time"] = at(sample)
    assert ("confined_space.analysis" in rules_of(data)) is fails
    data["readings"] = data["readings"][1:]  # no test before entry at all
    assert ("confined_space.no_analysis", "1") in broken(data)


def test_confined_space_every_gas_the_ticket_analyses_is_tested_before_entry() -> None:
    data = clean("confined_space", lel_class="≥4%")
    data["readings"].append(reading("可燃气体", "09:30", 0.1))
    assert ("confined_space.no_analysis", "1") in broken(data)
    data["readings"].append(reading("可燃气体", "08:40", 0.1))
    assert "confined_space.no_analysis" not in rules_of(data)


@pytest.mark.parametrize(("minutes", "fails"), [(60, False), (61, True)])
def test_confined_space_retested_after_more_than_60_minutes(minutes: int,
                                                           fails: bool) -> None:
    resume = (dt.datetime(2024, 5, 10, 11, 0) + dt.timedelta(minutes=minutes)).strftime("%H:%M")
    data = clean("confined_space", interruptions=[{"from": at("11:00"), "to": at(resume)}])
    data["readings"] = [reading("氧气", hhmm, 20.8) for hhmm in ("08:45", "10:45")]
    data["readings"].append(reading("氧气", "12:45", 20.8))
    assert ("confined_space.retest" in rules_of(data)) is fails


@pytest.mark.parametrize(("last", "fails"), [("12:00", False), ("11:59", True)])
def test_confined_space_readings_recorded_every_2_hours(last: str, fails: bool) -> None:
    data = clean("confined_space", readings=[reading("氧气", hhmm, 20.8)
                                             for hhmm in ("08:45", "11:00", last)])
    # 09:00 (start) → 11:00 → last → 14:00 (finished)
    got = rules_of(data)
    assert ("confined_space.monitoring" in got) is fails
    data["readings"][2]["time"] = at("12:00")
    data["finished"] = at("14:01")
    assert ("confined_space.monitoring", "2") in broken(data)


def test_readings_are_not_needed_while_the_work_is_stopped() -> None:
    data = clean("confined_space", interruptions=[{"from": at("10:00"), "to": at("13:00")}],
                 readings=[reading("氧气", hhmm, 20.8) for hhmm in ("08:45", "12:45")])
    assert broken(data) == []


def test_without_a_finish_time_the_time_after_the_last_reading_is_not_checked() -> None:
    data = clean("confined_space")
    del data["finished"]
    assert "confined_space.monitoring" in unchecked(data)
    assert "confined_space.monitoring" not in rules_of(data)


def test_toxic_readings_against_the_limit_the_ticket_gives() -> None:
    data = clean("confined_space")
    data["readings"].append(reading("有毒", "08:45", 10, name="硫化氢", limit=10))
    data["readings"].append(reading("有毒", "10:45", 10.5, name="硫化氢", limit=10))
    data["readings"].append(reading("有毒", "12:45", 3, name="硫化氢", limit=10))
    assert broken(data) == [("confined_space.toxic", None)]
    del data["readings"][-1]["limit"]
    assert "confined_space.toxic" in unchecked(data)


def test_temporary_power_in_a_fire_area_needs_a_combustible_analysis() -> None:
    data = clean("temporary_power", fire_explosion_area=True)
    assert broken(data) == [("temporary_power.analysis", None)]
    data |= {"readings": [reading("可燃气体", "08:40", 0.3)], "lel_class": "<4%"}
    assert broken(data) == [("temporary_power.combustible", None)]
    data["readings"][0]["value"] = 0.2
    assert broken(data) == []


# --- grades ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("height", "hazards", "expected"), [
    (2, False, "I"), (5, False, "I"), (5.1, False, "II"), (15, False, "II"),
    (15.1, False, "III"), (30, False, "III"), (30.1, False, "IV"),
    (2, True, "II"), (5.1, True, "III"), (15.1, True, "IV"), (31, True, "IV"),
    (1.9, False, None),
])
def test_work_at_height_graded_by_table_2(height: float, hazards: bool,
                                          expected: str | None) -> None:
    assert rules.height_grade(height, hazards) == expected
    order = GRADES[Operation.work_at_height]
    for grade in order:
        data = clean("work_at_height", grade=grade, height_m=height,
                     objective_hazards=hazards)
        data["signatures"]["approver"]["unit"] = "主管厂长或总工程师"
        low = expected is not None and order.index(grade) < order.index(expected)
        assert ("work_at_height.grade_low" in rules_of(data)) is low, (height, grade)


@pytest.mark.parametrize(("load", "expected"), [(39.9, "third"), (40, "second"),
                                                (100, "second"), (100.1, "first")])
def test_lifting_graded_by_the_mass_lifted(load: float, expected: str) -> None:
    assert rules.lifting_grade(load) == expected
    data = clean("lifting", load_t=load)  # stated 三级
    assert ("lifting.grade_low" in rules_of(data)) is (expected != "third")


def test_a_graded_ticket_without_a_grade() -> None:
    for op in GRADES:
        data = clean(op.value)
        del data["grade"]
        assert (f"{op}.grade", None) in broken(data)


def test_height_and_load_not_given_are_not_judged() -> None:
    assert "work_at_height.grade_low" in unchecked(clean("work_at_height", height_m=None))
    assert "lifting.grade_low" in unchecked(clean("lifting", load_t=None))


# --- signatures, approval, measures, blinds --------------------------------------------------


def test_every_sign_off_of_the_tables_layout_before_the_start() -> None:
    data = clean("hot_work")
    del data["signatures"]["ticket_check"], data["signatures"]["unit"]
    assert broken(data) == [("signature.approval", "2")]
    b = check_ticket(Ticket.model_validate(data))[0]
    assert b.values == {"missing": ["unit", "ticket_check"]}
    data = clean("hot_work")
    data["signatures"]["approver"]["time"] = at("09:01")
    assert broken(data) == [("signature.late", "2")]
    data["signatures"]["approver"]["time"] = at("09:00")
    assert broken(data) == []


def test_guardian_briefing_and_acceptance() -> None:
    data = clean("road_closure")
    del data["signatures"]["guardian"]
    assert broken(data) == [("signature.guardian", "1")]
    data = clean("road_closure")
    del data["signatures"]["briefed"]
    assert broken(data) == [("signature.briefing", "a")]
    data = clean("road_closure")
    del data["signatures"]["acceptance"]
    assert broken(data) == [("signature.acceptance", None)]


@pytest.mark.parametrize(("grade", "unit", "fails"), [
    ("first", "安全管理部门", False), ("first", "主管领导", False),
    ("first", "所在基层单位", True), ("first", "生产部", True),
    ("second", "所在基层单位", False), ("special", "安全管理部门", True),
])
def test_the_approver_of_table_b1_or_one_for_a_higher_grade(grade: str, unit: str,
                                                           fails: bool) -> None:
    data = clean("hot_work", grade=grade)
    data["signatures"]["approver"]["unit"] = unit
    data["measures"] |= {"13": "确认人", "14": "确认人"}
    assert ("approval.level" in rules_of(data)) is fails
    del data["signatures"]["approver"]["unit"]
    assert "approval.level" in unchecked(data)


def test_measures_marked_and_confirmed() -> None:
    data = clean("blind_flange")
    del data["measures"]["3"]
    data["measures"]["4"] = True
    got = {b.rule: b.values for b in check_ticket(Ticket.model_validate(data))}
    assert got == {"measures.unmarked": {"numbers": [3]},
                   "measures.unconfirmed": {"numbers": [4]}}
    data = clean("blind_flange", measures=None)
    assert {"measures.unmarked", "measures.unconfirmed"} <= unchecked(data)


@pytest.mark.parametrize(("op", "over", "number", "rule", "part"), [
    ("hot_work", {"grade": "special"}, 14, "hot_work.video", None),
    ("hot_work", {"grade": "special"}, 13, "hot_work.monitoring", "4"),
    ("confined_space", {}, 9, "confined_space.detectors", "1"),
    ("work_at_height", {"height_m": 30.5, "grade": "IV"}, 11, "work_at_height.comms", "2"),
    ("lifting", {"load_t": 40, "grade": "second"}, 1, "lifting.plan", "1"),
])
def test_a_measure_the_work_needs_marked_not_involved(op: str, over: dict[str, Any],
                                                      number: int, rule: str,
                                                      part: str | None) -> None:
    data = clean(op, **over)
    if "approver" in data["signatures"]:
        data["signatures"]["approver"]["unit"] = APPROVER_WORDS[
            APPROVERS.get((Operation(op), over.get("grade"))) or "professional_department"]
    assert broken(data) == []
    data["measures"][str(number)] = False
    assert broken(data) == [(rule, part)]


def test_one_blind_per_ticket() -> None:
    data = clean("blind_flange", blinds=[{"number": "MB-01", "action": "抽"},
                                         {"number": "MB-02", "action": "remove"}])
    assert broken(data) == [("blind_flange.one_blind", None)]
    assert "blind_flange.one_blind" in unchecked(clean("blind_flange", blinds=[]))


def test_every_rule_is_exercised_here() -> None:
    """Each rule of the table is broken by one of these tickets (none is dead)."""
    special = clean("hot_work", grade="special", end=at("17:01"), oxygen_equipment=True)
    special["signatures"]["approver"]["unit"] = "安全管理部门"
    special["measures"] |= {"13": False, "14": False}
    special["readings"] = [reading("可燃气体", "08:00", 0.8), reading("氧气", "08:00", 24)]
    special["interruptions"] = [{"from": at("10:00"), "to": at("11:00")}]
    special["finished"] = at("17:30")
    del special["signatures"]["guardian"], special["signatures"]["briefer"]
    special["signatures"]["leader"]["time"] = at("09:30")
    del special["signatures"]["unit"]
    special["measures"]["5"] = True
    del special["measures"]["6"]
    no_gas = clean("hot_work", readings=[])
    no_grade = [clean(op.value) for op in GRADES]
    for data in no_grade:
        del data["grade"]
    confined = clean("confined_space", end="2024-05-11 10:00", lel_class="<4%",
                     interruptions=[{"from": at("10:00"), "to": at("11:30")}])
    confined["readings"] = [reading("氧气", "08:00", 19), reading("可燃气体", "08:00", 0.3),
                            reading("有毒", "08:00", 20, limit=10)]
    confined["measures"]["9"] = False
    empty = clean("confined_space", readings=[])
    tickets = [special, no_gas, *no_grade, confined, empty,
               clean("work_at_height", grade="I", height_m=31, end="2024-05-18 09:00",
                     measures={**clean("work_at_height")["measures"], "11": False}),
               clean("lifting", load_t=50, measures={**clean("lifting")["measures"],
                                                     "1": False}),
               clean("temporary_power", end="2024-05-30 09:00", fire_explosion_area=True),
               clean("temporary_power", readings=[reading("可燃气体", "08:00", 1)],
                     lel_class="≥4%"),
               clean("blind_flange", blinds=[{"number": "1", "action": "堵"},
                                             {"number": "2", "action": "抽"}]),
               clean("road_closure", finished=at("15:30"),
                     signatures={k: v for k, v in clean("road_closure")["signatures"].items()
                                 if k != "acceptance"})]
    seen = {rule for data in tickets for rule in rules_of(data)}
    assert seen == set(RULES), set(RULES) - seen


# --- the numbers are the reference's -----------------------------------------------------------


@pytest.fixture(scope="module")
def extract() -> dict[str, Any]:
    if not SPECIAL.is_file():
        pytest.skip(f"GB 30871 reference extract not found at {SPECIAL} (it lives in the "
                    "developers' shared/ folder beside the clone; set ANJIAN_REFERENCE)")
    data: dict[str, Any] = json.loads(SPECIAL.read_text(encoding="utf-8"))
    return data


def test_the_numbers_are_the_reference_extracts(extract: dict[str, Any]) -> None:
    r = extract["rules"]
    hot, confined = r["hot_work"], r["confined_space"]
    by_grade = {"special": "特级", "first": "一级", "second": "二级"}
    validity, reanalysis = hot["validity_hours"], hot["gas_analysis"][
        "reanalysis_after_interruption_min"]
    assert {g: validity[zh] for g, zh in by_grade.items()} == rules.VALIDITY_HOURS_HOT
    assert rules.SAMPLE_BEFORE_MIN == hot["gas_analysis"]["sample_to_start_max_min"] \
        == confined["gas_test_before_entry_min"]
    assert {g: reanalysis[zh] for g, zh in by_grade.items()} == rules.REANALYSIS_AFTER_MIN
    limits = [c["max_concentration_vol_pct"] for c in hot["pass_criteria"]
              if "max_concentration_vol_pct" in c]
    assert [rules.COMBUSTIBLE_MAX_VOL[rules.LelClass.ge4],
            rules.COMBUSTIBLE_MAX_VOL[rules.LelClass.lt4]] == limits
    assert hot["oxygen_equipment_max_o2_vol_pct"] == rules.OXYGEN_EQUIPMENT_MAX
    assert list(rules.OXYGEN_RANGE) == confined["criteria"]["O2_vol_pct"]
    assert confined["criteria"]["O2_max_in_enriched_vol_pct"] == rules.OXYGEN_ENRICHED_MAX
    assert confined["retest_after_interruption_min"] == rules.RETEST_AFTER_MIN
    assert confined["validity_hours"] == rules.VALIDITY_HOURS_CONFINED
    assert "2 h" in confined["continuous_monitoring"] and rules.RECORD_EVERY_MIN == 120
    height = r["work_at_height"]
    assert f"最长为 {rules.VALIDITY_DAYS_HEIGHT} 天" in height["validity"]
    assert list(rules.HEIGHT_GRADES[False]) == height["grade_table"]["A类法(无客观危险因素)"]
    assert list(rules.HEIGHT_GRADES[True]) == height["grade_table"][
        "B类法(存在8.1.2任一客观危险因素)"]
    assert height["height_bands_m"] == ["2≤h≤5", "5<h≤15", "15<h≤30", "h>30"]
    assert rules.HEIGHT_BANDS == (5.0, 15.0, 30.0) and height["comms_over_m"] == rules.COMMS_OVER_M
    assert r["lifting"]["grades_t"] == {"一级": "m > 100", "二级": "40 ≤ m ≤ 100",
                                        "三级": "m < 40"}
    assert rules.LIFTING_GRADE_T == (40.0, 100.0)
    power = r["temporary_power"]["duration"]
    assert f"一般不超过{rules.VALIDITY_DAYS_POWER}天" in power
    assert f"特殊情况不应超过{rules.VALIDITY_DAYS_POWER_SPECIAL}天" in power
    words = {"主管领导": "top_leader", "安全管理部门": "safety_department",
             "所在基层单位": "base_unit", "所在单位专业部门": "professional_department",
             "主管厂长或总工程师": "chief"}
    grades = {"特级": "special", "一级": "first", "二级": "second", "三级": "third",
              "I级": "I", "II级": "II", "III级": "III", "IV级": "IV"}
    ops = {"动火": "hot_work", "高处": "work_at_height", "吊装": "lifting", "动土": "excavation",
           "断路": "road_closure"}
    for row in r["approval_matrix_table_B1"]["rows"]:
        if row["ticket"] not in ops:
            continue  # 受限空间, 盲板抽堵: the 所在单位 row signs; 临时用电: 配送电单位
        op = Operation(ops[row["ticket"]])
        for grade in [grades[g] for g in row["grade"].split("、")] if "grade" in row \
                else [None]:
            assert APPROVERS[(op, grade)].value == words[row["approver"]], row
    tables = {t_["table"]: t_ for t_ in extract["tickets_appendix_A"]}
    order = ["hot_work", "confined_space", "blind_flange", "work_at_height", "lifting",
             "temporary_power", "excavation", "road_closure"]
    for n, op_id in enumerate(order, 1):
        assert MEASURE_COUNTS[Operation(op_id)] == len(tables[f"A.{n}"]["measures"])
    assert tables["A.1"]["measures"][13]["text"].startswith("配备的摄录设备")
    assert tables["A.2"]["measures"][8]["text"].startswith("用于连续检测的移动式可燃")
    assert tables["A.4"]["measures"][10]["text"].startswith("30 m以上高处作业时")
    assert tables["A.5"]["measures"][0]["text"].startswith("一、二级吊装作业已编制吊装作业方案")
    assert tables["A.1"]["measures"][12]["text"].startswith("用于连续检测的移动式可燃气体")


def test_every_rule_rests_on_the_one_transcription_and_says_so() -> None:
    assert {r.verification for r in RULES.values()} == {Verification.verified_single_source}
    for rule in RULES:
        zh = CATALOGUE[f"permits.rule.{rule}"][0]
        assert RULES[rule].clause.split(" ")[0] in zh
        assert english_words(zh, {"min"}) == []  # the standard's own unit (30 min)


# --- every breach is an item of the installed pack ----------------------------------------------


@pytest.fixture(scope="module")
def special_pack(catalogue: Catalogue) -> Any:
    entry = catalogue.get(PACK)
    if entry is None:
        pytest.skip(f"the special-operations pack {PACK} is not installed")
    return entry.pack


def test_every_rules_item_and_part_is_in_the_installed_pack(special_pack: Any) -> None:
    gates = special_pack.item_gates()
    for rule in RULES.values():
        item = special_pack.part(rule.item)
        assert item is not None, rule
        assert rule.clause.split(" ")[0] in item.clause, (rule, item.clause)
        assert rule.verification == item.verification, rule
        operation = rule.id.split(".")[0]
        if operation in {o.value for o in Operation}:
            assert gates[rule.item] == ((operation,),), rule  # gated by the operation
        else:
            assert gates[rule.item] == (), rule  # chapter 4: every operation
        if rule.check is not None:
            assert special_pack.part(f"{rule.item}/{rule.check}") is not None, rule
            assert item.combine == "any", rule  # a part present is the item


def test_every_breach_of_these_tickets_names_an_item_and_part_of_the_pack(
        special_pack: Any) -> None:
    tickets = [clean(op.value) for op in Operation]
    for data in tickets:
        data["measures"] = {"1": True}
        data["end"] = "2024-07-10 09:00"
        data["readings"] = ([reading("可燃气体", "08:00", 5), reading("氧气", "08:00", 30)]
                            if data["type"] in ("hot_work", "confined_space",
                                                "temporary_power") else [])
        if data["type"] in ("hot_work", "confined_space", "temporary_power"):
            data["lel_class"] = "<4%"
        data["interruptions"] = [{"from": at("10:00"), "to": at("12:00")}]
        data["finished"] = at("14:00", "2024-07-11")
    for data in [*tickets, json.loads((EXAMPLES / "confined-space-low-oxygen.json")
                                      .read_text(encoding="utf-8"))]:
        for b in check_ticket(Ticket.model_validate(data)):
            assert special_pack.part(b.part) is not None, b


# --- bad ticket files ----------------------------------------------------------------------


def refused(tmp_path: Path, data: Any, raw: str | None = None) -> AnjianError:
    path = tmp_path / "ticket.json"
    path.write_text(raw if raw is not None else json.dumps(data, ensure_ascii=False),
                    encoding="utf-8")
    with pytest.raises(AnjianError) as info:
        permits.check_file(path)
    return info.value


@pytest.mark.parametrize(("change", "field", "zh"), [
    (lambda d: d.update(type="焊接"), "`type`", "“焊接”不是可用的作业类别"),
    (lambda d: d["readings"][0].pop("time"), "`readings[0].time`", "每条气体分析都要写明取样时间"),
    (lambda d: d.update(start="5月10日9点"), "`start`", "不是时间"),
    (lambda d: d.update(end="2024-05-10"), "`end`", "只有日期"),
    (lambda d: d.update(end="2024-05-10T15:00+08:00"), "`end`", "带有时区"),
    (lambda d: d.pop("number"), "`number`", "缺少必填字段"),
    (lambda d: d.pop("start"), "`start`", "缺少必填字段"),
    (lambda d: d.update(colour="red"), "`colour`", "此处没有这个字段"),
    (lambda d: d.update(grade="三级"), "`grade`", "不是可用的作业级别"),
    (lambda d: d.update(height_m=12), "`height_m`", "动火作业的作业票没有此项"),
    (lambda d: d["readings"][0].update(what="粉尘"), "`readings[0].what`", "不是可用的分析项目"),
    (lambda d: d["readings"][0].update(unit="%"), "`readings[0].unit`", "单位“%”不明"),
    (lambda d: d["readings"][0].update(unit="%LEL"), "`readings[0].unit`",
     "须给出该气体的爆炸下限"),
    (lambda d: d.pop("lel_class"), "`readings[0]`", "请给出该气体的爆炸下限"),
    (lambda d: d["readings"][0].update(value="0.1"), "`readings[0].value`", "应为数字"),
    (lambda d: d["readings"][0].update(value=-1), "`readings[0].value`", "应大于或等于 0"),
    (lambda d: d.update(end=at("08:00")), "`end`", "应晚于"),
    (lambda d: d.update(interruptions=[{"from": at("16:00"), "to": at("17:00")}]),
     "`interruptions[0]`", "不在作业时间"),
    (lambda d: d.update(interruptions=[{"from": at("11:00"), "to": at("10:00")}]),
     "`interruptions[0].to`", "应晚于中断开始时间"),
    (lambda d: d["signatures"].update({"领导": "某人"}), "`signatures.领导`", "不是可用的签字"),
    (lambda d: d["measures"].update({"17": "某人"}), "`measures.17`", "没有第 17 项"),
    (lambda d: d.update(number="DH\x1b[2J"), "`number`", "含有控制字符 U+001B (ESC)"),
])
def test_a_bad_ticket_is_refused_naming_the_file_and_the_field(
        tmp_path: Path, change: Any, field: str, zh: str) -> None:
    data = copy.deepcopy(clean("hot_work"))
    change(data)
    exc = refused(tmp_path, data)
    assert exc.key == "permits.invalid"
    text = exc.render("zh")
    assert text.startswith(f"{tmp_path / 'ticket.json'}: 作业票有 ")
    assert field in text and zh in text, text
    assert english_words(text.replace(field, "")) == [], text
    assert field in exc.render("en")


def test_a_grade_for_an_operation_without_grades(tmp_path: Path) -> None:
    text = refused(tmp_path, clean("confined_space", grade="一级")).render("zh")
    assert "受限空间作业不分级，请删除作业级别（`grade`）" in text


@pytest.mark.parametrize(("raw", "zh"), [
    ('{"number": "1",', "ticket.json:1: JSON 格式错误"),
    ("[1, 2]", "作业票应为 JSON 对象"),
    ("\ufeff{}", "缺少必填字段"),
])
def test_a_file_that_is_not_a_ticket(tmp_path: Path, raw: str, zh: str) -> None:
    assert zh in refused(tmp_path, None, raw).render("zh")


def test_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(AnjianError) as info:
        permits.check_file(tmp_path / "none.json")
    assert info.value.render("zh") == f"{tmp_path / 'none.json'}: 无法读取: 文件或文件夹不存在"


def test_the_words_a_ticket_may_use() -> None:
    """Chinese names as the forms write them and the ids both read; the names shown are the
    catalogue's."""
    data = clean("hot_work", type="动火安全作业票", grade="一级动火")
    assert Ticket.model_validate(data).grade == "first"
    for op in Operation:
        assert Ticket.model_validate(clean(op.value, type=t(f"permits.type.{op}", "zh"))).type \
            is op
    ticket = Ticket.model_validate(clean("work_at_height", grade="Ⅲ级"))
    assert ticket.grade == "III"
    for role in rules.Role:
        assert rules.ROLE_WORDS[t(f"permits.role.{role}", "zh").split("（")[0]] is role
    roles = clean("hot_work")["signatures"]
    named = {t(f"permits.role.{r}", "zh").split("（")[0]: v for r, v in roles.items()}
    assert set(Ticket.model_validate(clean("hot_work", signatures=named)).signatures) \
        == set(Ticket.model_validate(clean("hot_work")).signatures)


# --- recording on an inspection ---------------------------------------------------------------


@pytest.fixture
def ctx(db_url: str) -> Any:
    context = Context(open_store(db_url), default_catalogue(), "组长甲", TODAY, "zh")
    yield context
    context.store.close()


def start(ctx: Context, packs: list[str], tags: list[str]) -> int:
    cid, target = onsite_campaign(ctx, packs, sector="chemicals")
    insp = inspections.start_inspection(ctx, campaign_id=cid, enterprise=target, tags=tags)
    assert insp.id is not None
    return insp.id


def stored(ctx: Context, inspection_id: int) -> tuple[dict[str, Any], int]:
    """The findings of the inspection (item → (status, note, detail)) and the audit log's
    length."""
    with ctx.store.reading() as s:
        rows = s.exec(select(FindingRow).where(FindingRow.inspection_id == inspection_id)).all()
        entries = len(s.exec(select(AuditEntry)).all())
    return {r.item_id: (r.status, r.note, r.detail) for r in rows}, entries


def test_breaches_are_recorded_through_the_answer_service(ctx: Context) -> None:
    insp = start(ctx, ["chem-2017", PACK], ["hot_work"])
    _, before = stored(ctx, insp)
    done = permits.record(ctx, insp, EXAMPLES / "hot-work-late-gas.json")
    assert [(i.item, i.before, i.action) for i in done.items] == [
        ("GB30871-5.3.1-c", None, "answered"), ("GB30871-5.3.1-d", None, "answered")]
    found, after = stored(ctx, insp)
    assert found["GB30871-5.3.1-c"][0] == "noncompliant"
    assert found["GB30871-5.3.1-c"][1] == (
        "作业票 DH-2024-0518-04：作业开始前最后一次可燃气体取样在 2024-05-18 08:15，距开始"
        "（2024-05-18 09:00）45 分钟，超过 30 分钟（GB 30871-2022 5.3.1 c)）")
    assert found["GB30871-5.3.1-d"][2] == {"checks": {"1": {"status": "noncompliant"}}}
    assert after == before + 2  # one audit entry per answer
    with ctx.store.reading() as s:
        actions = [e.action for e in s.exec(select(AuditEntry).order_by(
            AuditEntry.seq.desc()).limit(2)).all()]  # type: ignore[attr-defined]
    assert actions == ["inspection.answer", "inspection.answer"]
    view = inspections.inspection_view(ctx, insp)
    general = {h.item_id: h.level for h in view.hazards}
    assert general == {"GB30871-5.3.1-c": "general", "GB30871-5.3.1-d": "general"}
    # the same ticket again changes nothing; the same item from another ticket adds a line
    again = permits.record(ctx, insp, EXAMPLES / "hot-work-late-gas.json")
    assert [i.action for i in again.items] == ["unchanged", "unchanged"]
    assert stored(ctx, insp) == (found, after)


def test_a_permit_system_failure_makes_item_18_of_121_major(ctx: Context,
                                                           tmp_path: Path) -> None:
    insp = start(ctx, ["chem-2017", PACK], ["hot_work"])
    data = clean("hot_work", readings=[])  # no gas analysis before hot work
    path = tmp_path / "ticket.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    done = permits.record(ctx, insp, path)
    assert [i.item for i in done.items] == ["GB30871-5.3.1"]
    chem = next(d for d in inspections.inspection_view(ctx, insp).determinations
                if d.pack == "chem-2017")
    assert chem.verdict == "major"
    assert {(c.item, c.source) for c in chem.constituted} == {("CHEM-2017-18",
                                                               "GB30871-5.3.1")}


def test_an_item_already_noncompliant_keeps_its_answer_and_gains_the_note(
        ctx: Context) -> None:
    insp = start(ctx, [PACK], ["hot_work"])
    inspections.answer(ctx, insp, "GB30871-5.3.1-c", "noncompliant", note="现场发现取样过早")
    done = permits.record(ctx, insp, EXAMPLES / "hot-work-late-gas.json")
    assert [(i.item, i.action) for i in done.items] == [("GB30871-5.3.1-c", "noted"),
                                                        ("GB30871-5.3.1-d", "answered")]
    note = stored(ctx, insp)[0]["GB30871-5.3.1-c"][1]
    assert note.startswith("现场发现取样过早\n作业票 DH-2024-0518-04：")


def test_an_inspectors_other_parts_are_kept(ctx: Context) -> None:
    insp = start(ctx, [PACK], ["hot_work"])
    inspections.answer(ctx, insp, "GB30871-5.3.1-d", "compliant",
                       detail={"checks": {"3": {"status": "compliant"}}})
    permits.record(ctx, insp, EXAMPLES / "hot-work-late-gas.json")
    status, _, detail = stored(ctx, insp)[0]["GB30871-5.3.1-d"]
    assert status == "noncompliant"
    assert detail == {"checks": {"3": {"status": "compliant"},
                                 "1": {"status": "noncompliant"}}}


def test_refused_without_the_special_operations_pack(ctx: Context) -> None:
    insp = start(ctx, ["chem-2017"], [])
    before = stored(ctx, insp)
    with pytest.raises(AnjianError) as info:
        permits.record(ctx, insp, EXAMPLES / "hot-work-late-gas.json")
    assert info.value.key == "permits.no_pack"
    assert f"检查 {insp} 未使用判定标准 gb30871-2022" in info.value.render("zh")
    assert "--pack gb30871-2022" in info.value.render("zh")
    assert stored(ctx, insp) == before


def test_refused_when_the_site_does_not_name_the_operation(ctx: Context) -> None:
    insp = start(ctx, [PACK], ["confined_space"])
    before = stored(ctx, insp)
    with pytest.raises(AnjianError) as info:
        permits.record(ctx, insp, EXAMPLES / "hot-work-late-gas.json")
    text = info.value.render("zh")
    assert "未选择“动火作业”" in text and "--tag hot_work --again" in text
    assert "hot work" in info.value.render("en").lower()
    assert stored(ctx, insp) == before


def test_refused_when_someone_else_answered_an_item(ctx: Context) -> None:
    insp = start(ctx, [PACK], ["hot_work"])
    other = Context(ctx.store, ctx.catalogue, "检查员乙", TODAY, "zh")
    inspections.answer(other, insp, "GB30871-5.3.1-d", "compliant")
    before = stored(ctx, insp)
    with pytest.raises(AnjianError) as info:
        permits.record(ctx, insp, EXAMPLES / "hot-work-late-gas.json")
    assert info.value.key == "permits.others"
    assert "已由 检查员乙 作答（符合）" in info.value.render("zh")
    assert stored(ctx, insp) == before  # 5.3.1-c, first in order, not stored either


def test_refused_for_a_role_that_may_not_answer(ctx: Context) -> None:
    insp = start(ctx, [PACK], ["hot_work"])
    register(ctx, "分析员丁", role="analyst")
    analyst = Context(ctx.store, ctx.catalogue, "分析员丁", TODAY, "zh")
    before = stored(ctx, insp)
    with pytest.raises(AnjianError):
        permits.record(analyst, insp, EXAMPLES / "hot-work-late-gas.json")
    found, entries = stored(ctx, insp)
    assert found == before[0]
    assert entries >= before[1]  # a refusal may be logged; no answer is


def test_nothing_to_record_for_a_ticket_without_breaches(ctx: Context) -> None:
    insp = start(ctx, [PACK], ["hot_work"])
    before = stored(ctx, insp)
    done = permits.record(ctx, insp, EXAMPLES / "hot-work-ok.json")
    assert done.items == () and done.verdict is None
    assert stored(ctx, insp) == before
