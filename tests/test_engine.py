"""Engine behaviour beyond the fire pack: sub-checks, measured values, tags, exceptions that
veto some rules, and properties that must hold for every input (hypothesis)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.engine import Answers, compile_pack, evaluate, evaluate_batch
from core.engine.determination import Verdict, overall
from core.engine.findings import Finding, Site, Status, combine, parse_findings
from core.i18n import AnjianError
from core.pack.loader import PackFileError, parse_pack
from core.pack.model import Pack

DEMO = """
id: demo
version: "1.0"
title_zh: 演示
title_en: Demo
standard: TEST-1
issuer: test
sector: test
effective: 2020-01-01
site_categories:
  - {id: crowded, name_zh: 人员密集, name_en: Crowded}
tags:
  - {id: underground, name_zh: 井工, name_en: Underground}
  - {id: openpit, name_zh: 露天, name_en: Open pit}
sections:
  - id: A
    title_zh: 直接
    title_en: Direct
    items:
      - id: A1
        clause: "1"
        text_zh: 甲
        gloss_en: a
        guidance_zh: 看
      - id: A2
        clause: "2"
        text_zh: 未标识并且未设置警示标志
        gloss_en: conjunction
        guidance_zh: 看
        combine: all
        checks:
          - {id: unidentified, text_zh: 未辨识, gloss_en: not identified}
          - {id: unsigned, text_zh: 未设警示标志, gloss_en: no sign}
      - id: A3
        clause: "3"
        text_zh: 超能力生产
        gloss_en: output over 110 % of capacity
        guidance_zh: 查产量
        measure: {quantity_zh: 产量, quantity_en: output, unit: t, op: ">", limit: 1.1,
                  relative: true}
      - id: A4
        clause: "4"
        text_zh: 或列
        gloss_en: or-list
        guidance_zh: 看
        checks:
          - {id: "1", text_zh: 情形一, gloss_en: one}
          - id: "2"
            text_zh: 瓦斯超限
            gloss_en: gas over 1 %
            measure: {quantity_zh: 浓度, quantity_en: concentration, unit: "%", op: ">=",
                      limit: 1.0}
      - id: A5
        clause: "4a"
        text_zh: 有下列情形之一，且未采取措施
        gloss_en: any trigger, and no measures
        guidance_zh: 看
        combine: all
        checks:
          - id: trigger
            text_zh: 有下列情形之一
            gloss_en: any of
            checks:
              - {id: event, text_zh: 发生动力现象, gloss_en: event}
              - id: pressure
                text_zh: 瓦斯压力达到0.74MPa
                gloss_en: pressure
                measure: {quantity_zh: 压力, quantity_en: pressure, unit: MPa, op: ">=",
                          limit: 0.74}
          - {id: unmeasured, text_zh: 未采取措施, gloss_en: no measures}
  - id: U
    title_zh: 井工
    title_en: Underground
    tags: [underground]
    items:
      - {id: U1, clause: "5", text_zh: 井, gloss_en: u, guidance_zh: 看}
  - id: C
    title_zh: 综合
    title_en: Composite
    items:
      - {id: C1, clause: "6.1", text_zh: 一, gloss_en: c1, guidance_zh: 看}
      - {id: C2, clause: "6.2", text_zh: 二, gloss_en: c2, guidance_zh: 看}
      - {id: C3, clause: "6.3", text_zh: 三, gloss_en: c3, guidance_zh: 看}
      - {id: C4, clause: "6.4", text_zh: 四, gloss_en: c4, guidance_zh: 看, tags: [openpit]}
rules:
  - {id: R-direct, kind: direct, clause: "5", text_zh: 直接, gloss_en: direct,
     sections: [A, U]}
  - {id: R-crowded, kind: composite, clause: "7a", text_zh: 密集, gloss_en: crowded,
     sections: [C], applies_to: [crowded], threshold: 2}
  - {id: R-other, kind: composite, clause: "7b", text_zh: 其他, gloss_en: other,
     sections: [C], applies_to: [other], threshold: 3}
exceptions:
  - {id: X-all, clause: "8a", text_zh: 全部, gloss_en: all}
  - {id: X-composite, clause: "8b", text_zh: 综合, gloss_en: composite only,
     vetoes: [R-crowded, R-other]}
on_site_correction: {clause: "9", text_zh: 当场改正, gloss_en: corrected}
"""


@pytest.fixture(scope="module")
def demo() -> Pack:
    return parse_pack(DEMO, "demo.yaml")


def ev(pack: Pack, raw: list[dict[str, Any]], **site: Any) -> Any:
    s = Site(**{k: frozenset(v) for k, v in site.items()})
    return evaluate(pack, s, parse_findings(pack, raw, s))


def test_conjunction_needs_every_part(demo: Pack) -> None:
    one = [{"item": "A2", "checks": {"unidentified": "noncompliant", "unsigned": "compliant"}}]
    assert ev(demo, one).general_hazards == ()
    both = [{"item": "A2", "checks": {"unidentified": "noncompliant",
                                      "unsigned": "noncompliant"}}]
    d = ev(demo, both)
    assert d.verdict is Verdict.major
    assert d.triggers[0].items == ("A2",)
    half = [{"item": "A2", "checks": {"unidentified": "noncompliant"}}]
    assert "A2" in ev(demo, half).unanswered


def test_or_list_any_part_and_measured_sub_check(demo: Pack) -> None:
    assert ev(demo, [{"item": "A4", "checks": {"1": "noncompliant"}}]).verdict is Verdict.major
    at_limit = ev(demo, [{"item": "A4", "checks": {"1": "compliant", "2": {"value": 1.0}}}])
    assert at_limit.verdict is Verdict.major
    below = ev(demo, [{"item": "A4", "checks": {"1": "compliant", "2": {"value": 0.99}}}])
    assert "A4" not in below.unanswered
    assert below.triggers == ()


def test_relative_measure_against_design_value(demo: Pack) -> None:
    at = ev(demo, [{"item": "A3", "value": 110.0, "design": 100.0}])
    assert at.triggers == ()  # 110 % is the limit; over it is the hazard
    over = ev(demo, [{"item": "A3", "value": 110.5, "design": 100.0}])
    assert [t.items for t in over.triggers] == [("A3",)]
    with pytest.raises(AnjianError, match="design"):
        ev(demo, [{"item": "A3", "value": 120.0}])
    with pytest.raises(AnjianError, match="no measured value"):
        ev(demo, [{"item": "A1", "value": 1.0}])
    with pytest.raises(AnjianError, match="contradicts"):
        ev(demo, [{"item": "A3", "value": 200.0, "design": 100.0, "status": "compliant"}])


def test_nested_sub_checks(demo: Pack) -> None:
    def a5(trigger: dict[str, Any], unmeasured: str) -> Any:
        return ev(demo, [{"item": "A5", "checks": {"trigger": {"checks": trigger},
                                                   "unmeasured": unmeasured}}])

    assert a5({"pressure": {"value": 0.74}}, "noncompliant").verdict is Verdict.major
    below = a5({"pressure": {"value": 0.73}, "event": "compliant"}, "noncompliant")
    assert below.triggers == ()
    assert "A5" not in below.unanswered
    assert a5({"event": "noncompliant"}, "compliant").triggers == ()
    with pytest.raises(AnjianError, match="trigger/nope"):
        a5({"nope": "compliant"}, "compliant")
    with pytest.raises(PackFileError, match=r":60: check trigger: sub-checks nest one level"):
        event = "              - {id: event, text_zh: 发生动力现象, gloss_en: event"
        parse_pack(DEMO.replace(event + "}",
                                event + ", checks: [{id: x, text_zh: x, gloss_en: x}]}"))


def test_measured_limit_is_exact_despite_binary_fractions() -> None:
    from core.pack.model import Measure

    m = Measure(quantity_zh="坡度", quantity_en="gradient", op=">=", limit=1.1, relative=True)
    assert 1.1 * 6 != 6.6
    assert m.exceeded(6.6, 6.0)
    assert not m.exceeded(6.59, 6.0)
    strict = Measure(quantity_zh="产量", quantity_en="output", op=">", limit=1.1, relative=True)
    assert not strict.exceeded(6.6, 6.0)
    assert strict.exceeded(6.61, 6.0)


def test_combine_truth_table() -> None:
    nc, ok, na = Status.noncompliant, Status.compliant, Status.not_applicable
    assert combine("any", [nc, None]) is nc
    assert combine("any", [ok, None]) is None
    assert combine("any", [ok, na]) is ok
    assert combine("any", [na, na]) is na
    assert combine("all", [nc, nc]) is nc
    assert combine("all", [nc, None]) is None
    assert combine("all", [nc, ok]) is ok
    assert combine("all", [nc, na]) is ok


def test_tag_gates(demo: Pack) -> None:
    with pytest.raises(AnjianError, match=r"U1.*Underground"):
        ev(demo, [{"item": "U1", "status": "noncompliant"}])
    d = ev(demo, [{"item": "U1", "status": "noncompliant"}], tags={"underground"})
    assert d.verdict is Verdict.major
    # Gated-out items are listed as not applicable and never left unanswered.
    d = ev(demo, [])
    assert {"U1", "C4"} <= set(d.not_applicable)
    assert "U1" not in d.unanswered


def test_exception_vetoing_some_rules(demo: Pack) -> None:
    raw = [{"item": "A1", "status": "noncompliant"}, {"item": "C1", "status": "noncompliant"},
           {"item": "C2", "status": "noncompliant"}]
    d = ev(demo, raw, categories={"crowded"}, exclusions={"X-composite"})
    assert d.verdict is Verdict.major
    assert {t.rule: t.vetoed for t in d.triggers} == {"R-direct": False, "R-crowded": True}
    assert d.excluded_by == ("X-composite",)
    assert d.general_hazards == ("C1", "C2")
    d = ev(demo, raw[1:], categories={"crowded"}, exclusions={"X-composite"})
    assert d.verdict is Verdict.excluded


def test_overall_verdict() -> None:
    assert overall([Verdict.not_major, Verdict.major, Verdict.incomplete]) is Verdict.major
    assert overall([Verdict.not_major, Verdict.incomplete]) is Verdict.incomplete
    assert overall([Verdict.not_major, Verdict.excluded]) is Verdict.excluded
    assert overall([]) is Verdict.not_major


def test_date_warnings(demo: Pack) -> None:
    d = evaluate(demo, Site(), [], on=dt.date(2019, 12, 31))
    (notice,) = d.warnings
    assert notice.key == "warn.not_yet"
    assert "before" in notice.render("en") and "早于" in notice.render("zh")


# --- properties ---------------------------------------------------------------------------

STATUSES = st.sampled_from([None, Status.compliant, Status.noncompliant,
                            Status.not_applicable])


@st.composite
def cases(draw: st.DrawFn, pack: Pack) -> tuple[Site, list[Finding]]:
    categories = draw(st.sets(st.sampled_from([c.id for c in pack.site_categories])))
    exclusions = draw(st.sets(st.sampled_from([e.id for e in pack.exceptions])))
    tags = draw(st.sets(st.sampled_from([t.id for t in pack.tags]))) if pack.tags else set()
    site = Site(categories=frozenset(categories), exclusions=frozenset(exclusions),
                tags=frozenset(tags))
    gates = pack.item_gates()
    findings = []
    for item in pack.items():
        if not all(site.tags & set(g) for g in gates[item.id]):
            continue
        status = draw(STATUSES)
        if status is not None:
            findings.append(Finding(item=item.id, status=status,
                                    corrected_on_site=draw(st.booleans())))
    return site, findings


def _both(fire: Pack, demo: Pack) -> st.SearchStrategy[tuple[Pack, Site, list[Finding]]]:
    return st.one_of(*(cases(p).map(lambda c, p=p: (p, *c)) for p in (fire, demo)))


def _replace(findings: list[Finding], item: str, status: Status) -> list[Finding]:
    rest = [f for f in findings if f.item != item]
    return [*rest, Finding(item=item, status=status)]


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_noncompliant_answer_never_unmakes_major(fire: Pack, demo: Pack,
                                                 data: st.DataObject) -> None:
    pack, site, findings = data.draw(_both(fire, demo))
    before = evaluate(pack, site, findings)
    applicable = [i for i in pack.items() if i.id not in before.not_applicable
                  or any(f.item == i.id for f in findings)]
    item = data.draw(st.sampled_from(applicable)).id
    after = evaluate(pack, site, _replace(findings, item, Status.noncompliant))
    if before.verdict is Verdict.major:
        assert after.verdict is Verdict.major


@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_not_applicable_never_creates_a_trigger(fire: Pack, demo: Pack,
                                                data: st.DataObject) -> None:
    pack, site, findings = data.draw(_both(fire, demo))
    before = evaluate(pack, site, findings)
    item = data.draw(st.sampled_from([f.item for f in findings] or [pack.items()[0].id]))
    after = evaluate(pack, site, _replace(findings, item, Status.not_applicable))
    assert {t.rule for t in after.triggers} <= {t.rule for t in before.triggers}
    assert not (before.verdict is not Verdict.major and after.verdict is Verdict.major)


@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_order_of_findings_does_not_matter(fire: Pack, demo: Pack,
                                           data: st.DataObject) -> None:
    pack, site, findings = data.draw(_both(fire, demo))
    shuffled = data.draw(st.permutations(findings))
    assert evaluate(pack, site, shuffled) == evaluate(pack, site, findings)


@settings(max_examples=50, deadline=None)
@given(data=st.data())
def test_batch_equals_single(fire: Pack, demo: Pack, data: st.DataObject) -> None:
    pack = data.draw(st.sampled_from([fire, demo]))
    many = data.draw(st.lists(cases(pack), max_size=8))
    on = dt.date(2026, 1, 1)
    single = [evaluate(pack, s, f, on=on) for s, f in many]
    batch = [o.determination(on) for o in evaluate_batch(
        compile_pack(pack), ((s, Answers.from_findings(pack, f, s, on)) for s, f in many),
        on=on)]
    assert batch == single
