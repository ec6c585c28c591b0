"""Applicability and dates below the item, computed limits and link relations, as a pack states
them: what the engine does with them, what an answer to a part set aside gets, and what a pack
file that states them wrongly gets (file and line)."""

from __future__ import annotations

import datetime as dt

import pytest

from core.engine import evaluate
from core.engine.determination import AbsentPart, Determination, Standing, Verdict
from core.engine.findings import Site, parse_findings
from core.i18n import AnjianError
from core.pack.loader import PackFileError, parse_pack
from core.pack.model import WORDINGS, Comparison, Pack

PACK = """\
id: gates
version: "1.0"
title_zh: 门
title_en: Gates
standard: TEST-3
issuer: test
sector: test
effective: 2022-09-01
tags:
  - {id: underground, name_zh: 地下, name_en: underground}
  - {id: open_pit, name_zh: 露天, name_en: open pit}
sections:
  - id: S
    title_zh: 节
    title_en: Section
    items:
      - id: OUTPUT
        clause: "4(一)"
        text_zh: 全年产量超过110%，或者井工季度产量超过30%
        gloss_en: output
        guidance_zh: 看
        checks:
          - id: "1"
            text_zh: 全年产量超过110%
            gloss_en: annual
            measure: {quantity_zh: 年产量, quantity_en: annual, op: ">", wording: 超过,
                      limit: 1.1, relative: true}
          - id: "2"
            text_zh: 井工季度产量超过30%
            gloss_en: quarterly
            tags: [underground]
            measure: {quantity_zh: 季度产量, quantity_en: quarterly, op: ">", wording: 超过,
                      limit: 0.3, relative: true}
      - id: SUPPLEMENT
        clause: "补充1"
        text_zh: 补充情形
        gloss_en: supplement
        guidance_zh: 看
        effective: 2024-04-23
      - id: CAGE
        clause: "23(2)"
        text_zh: 乘罐人数超过额定乘员或者超过25人
        gloss_en: cage
        guidance_zh: 看
        measure: {quantity_zh: 乘罐人数, quantity_en: riders, unit: 人, op: ">", wording: 超过,
                  limit: 25, bound: min}
rules:
  - id: R
    kind: direct
    clause: "3"
    text_zh: 直接
    gloss_en: direct
    sections: [S]
"""

OPEN_PIT = Site(tags=frozenset({"open_pit"}))
UNDERGROUND = Site(tags=frozenset({"underground"}))
DAY = dt.date(2026, 3, 2)


def _pack() -> Pack:
    return parse_pack(PACK, "gates.yaml")


def _run(findings: list[dict[str, object]], site: Site, on: dt.date = DAY) -> Determination:
    pack = _pack()
    rest = [{"item": i.id, "status": "compliant"} for i in pack.items()
            if i.id not in {f["item"] for f in findings}]
    if on < dt.date(2024, 4, 23):
        rest = [f for f in rest if f["item"] != "SUPPLEMENT"]
    return evaluate(pack, site, parse_findings(pack, findings + rest, site, "f.json", on), on=on)


def test_a_gated_limb_counts_as_absent_and_is_listed() -> None:
    d = _run([{"item": "OUTPUT", "checks": {"1": {"value": 100, "design": 100}}}], OPEN_PIT)
    assert d.verdict is Verdict.not_major
    assert d.absent_parts == (
        AbsentPart(part="OUTPUT/2", reason="gated", detail="underground"),)
    # underground the limb counts: the quarter over 30 % is the hazard
    d = _run([{"item": "OUTPUT", "checks": {"1": {"value": 100, "design": 100},
                                            "2": {"value": 40, "design": 100}}}], UNDERGROUND)
    assert d.verdict is Verdict.major
    assert d.absent_parts == ()


def test_an_answer_to_a_gated_limb_is_refused_naming_it() -> None:
    pack = _pack()
    with pytest.raises(AnjianError) as info:
        parse_findings(pack, [{"item": "OUTPUT", "checks": {"2": {"value": 40, "design": 100}}}],
                       OPEN_PIT, "f.json", DAY)
    text = info.value.render("zh")
    assert "f.json" in text and "OUTPUT" in text and "2" in text and "地下" in text  # by name
    # answering it not applicable is what the gate says anyway
    parse_findings(pack, [{"item": "OUTPUT", "checks": {"2": "not_applicable"}}], OPEN_PIT,
                   "f.json", DAY)


def test_a_supplement_item_counts_only_from_its_date() -> None:
    before = dt.date(2023, 6, 1)
    d = _run([], OPEN_PIT, before)
    assert "SUPPLEMENT" in d.not_applicable
    assert d.absent_parts == (  # items out by their date first, then parts
        AbsentPart(part="SUPPLEMENT", reason="not_yet", detail="2024-04-23"),
        AbsentPart(part="OUTPUT/2", reason="gated", detail="underground"))
    with pytest.raises(AnjianError) as info:
        _run([{"item": "SUPPLEMENT", "status": "noncompliant"}], OPEN_PIT, before)
    assert "2024-04-23" in info.value.render("zh") and "SUPPLEMENT" in info.value.render("zh")
    assert _run([{"item": "SUPPLEMENT", "status": "noncompliant"}],
                OPEN_PIT).verdict is Verdict.major


def test_a_limit_computed_from_the_rated_capacity() -> None:
    def cage(value: float, rated: float) -> Verdict:
        return _run([{"item": "CAGE", "value": value, "design": rated}],
                    OPEN_PIT).verdict

    assert cage(26, 30) is Verdict.major  # 25 is the smaller: typing 30 lets nothing pass
    assert cage(25, 30) is Verdict.not_major
    assert cage(21, 20) is Verdict.major  # the rated capacity is the smaller
    assert cage(20, 20) is Verdict.not_major
    with pytest.raises(AnjianError, match="design"):
        parse_findings(_pack(), [{"item": "CAGE", "value": 26}], OPEN_PIT, "f.json", DAY)


def test_the_legal_limit_table_reads_civil_code_1259() -> None:
    for word in ("以上", "以下", "以内", "届满"):
        assert WORDINGS[word] in (Comparison.ge, Comparison.le), word
    for word in ("不满", "超过", "以外"):
        assert WORDINGS[word] in (Comparison.gt, Comparison.lt), word


def test_standing_follows_the_date() -> None:
    data = _pack().model_dump(mode="json", exclude_defaults=True)
    data["superseded_by"] = {"standard": "TEST-4", "effective": "2026-01-01"}
    pack = Pack.model_validate(data)
    findings = parse_findings(pack, [{"item": i.id, "status": "compliant"}
                                     for i in pack.items()], UNDERGROUND)
    assert evaluate(pack, UNDERGROUND, findings, on=dt.date(2025, 6, 1)).standing \
        is Standing.in_force
    assert evaluate(pack, UNDERGROUND, findings, on=dt.date(2022, 1, 1)).standing \
        is Standing.not_yet
    withdrawn = evaluate(pack, UNDERGROUND, findings, on=DAY)
    assert withdrawn.standing is Standing.withdrawn
    assert withdrawn.verdict is Verdict.incomplete  # never cleared by a withdrawn standard
    assert "warn.withdrawn_incomplete" in [w.key for w in withdrawn.warnings]
    major = parse_findings(pack, [{"item": "SUPPLEMENT", "status": "noncompliant"}], UNDERGROUND)
    assert evaluate(pack, UNDERGROUND, major, on=DAY).verdict is Verdict.major


def _problems(text: str) -> list[str]:
    with pytest.raises(PackFileError) as info:
        parse_pack(text, "gates.yaml")
    return [str(p) for p in info.value.problems]


def _line(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), start=1) if needle in line)


@pytest.mark.parametrize(("old", "new", "says"), [
    ("            tags: [underground]", "            tags: [deep]", "deep"),
    ("        effective: 2024-04-23", "        effective: 2021-04-23", "2021-04-23"),
    ("op: \">\", wording: 超过,\n                      limit: 1.1",
     "op: \">=\", wording: 超过,\n                      limit: 1.1", "超过"),
    ("wording: 超过,\n                  limit: 25", "wording: 大约,\n                  limit: 25",
     "大约"),
])
def test_a_pack_that_states_them_wrongly_is_refused_at_its_line(old: str, new: str,
                                                                says: str) -> None:
    assert old in PACK
    text = PACK.replace(old, new)
    (problem,) = _problems(text)
    assert problem.startswith("gates.yaml:") and says in problem
    line = int(problem.split(":")[1])
    first = new.splitlines()[0].strip()
    assert abs(line - _line(text, first)) <= 3, (problem, first)


LINKED = PACK.replace("id: gates", "id: gates-2").replace("""      - id: SUPPLEMENT
        clause: "补充1\"""", """      - id: SUPPLEMENT
        predecessors:
          - {item: OLD-1, relation: RELATION}
        clause: "补充1\"""")


def test_a_link_relation_outside_the_list_is_refused_at_its_line() -> None:
    text = LINKED.replace("RELATION", "looser")
    (problem,) = _problems(text)
    assert problem.startswith("gates.yaml:") and "relation" in problem and "narrower" in problem
    assert int(problem.split(":")[1]) == _line(text, "OLD-1")
    for relation in ("same", "narrower", "broader"):
        pack = parse_pack(LINKED.replace("RELATION", relation), "gates.yaml")
        (link,) = next(i for i in pack.items() if i.id == "SUPPLEMENT").predecessors
        assert (link.item, link.relation.value) == ("OLD-1", relation)


def test_a_narrower_link_within_one_version_and_a_lone_split_are_refused() -> None:
    here = LINKED.replace("OLD-1, relation: RELATION", "OUTPUT, relation: narrower")
    (problem,) = _problems(here)
    assert "OUTPUT" in problem and int(problem.split(":")[1]) == _line(here, "item: OUTPUT")
    split = LINKED.replace("RELATION", "split")
    (problem,) = _problems(split)
    assert "split" in problem and int(problem.split(":")[1]) == _line(split, "OLD-1")
