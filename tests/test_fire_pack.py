"""GB 35181-2017: every direct element, every 5.3.2 threshold at its boundary for every site
category and overlap, the 5.1.3 exceptions, 5.1.1 on-site correction, and coverage."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

import pytest

from core.engine import evaluate
from core.engine.determination import Determination, Verdict
from core.engine.findings import Finding, Site, Status
from core.pack.model import Pack

PD = ["7.3.1", "7.3.2", "7.3.3", "7.3.4", "7.3.5", "7.3.6", "7.3.7", "7.3.8", "7.3.9", "7.5",
      "7.9.3"]
FE = ["7.1.1", "7.1.2", "7.1.3", "7.4.5", "7.4.6"]
CH7 = ["7.1.1", "7.1.2", "7.1.3", "7.1.4", "7.2.1", "7.2.2", "7.2.3", "7.3.1", "7.3.2", "7.3.3",
       "7.3.4", "7.3.5", "7.3.6", "7.3.7", "7.3.8", "7.3.9", "7.3.10", "7.3.11", "7.3.12",
       "7.4.1", "7.4.2", "7.4.3", "7.4.4", "7.4.5", "7.4.6", "7.5", "7.6.1", "7.6.2", "7.6.3",
       "7.7.1", "7.7.2", "7.7.3", "7.8.1", "7.8.2", "7.9.1", "7.9.2", "7.9.3", "7.9.4", "7.9.5"]
DIRECT = [f"6.{n}" for n in range(1, 11)]
NOT_PD = [c for c in CH7 if c not in PD]
NOT_FE = [c for c in CH7 if c not in FE]
NEITHER = [c for c in CH7 if c not in PD and c not in FE]


def iid(clause: str) -> str:
    return f"FIRE-2017-{'D' if clause.startswith('6.') else 'C'}-{clause}"


def run(fire: Pack, categories: Iterable[str] = (), nc: Iterable[str] = (),
        unanswered: Iterable[str] = (), corrected: Iterable[str] = (),
        exclusions: Iterable[str] = (), on: dt.date | None = None) -> Determination:
    """Answer every item compliant except ``nc`` (noncompliant) and ``unanswered``."""
    nc, skip, fixed = set(map(iid, nc)), set(map(iid, unanswered)), set(map(iid, corrected))
    findings = [
        Finding(item=i.id, status=Status.noncompliant if i.id in nc | fixed
                else Status.compliant, corrected_on_site=i.id in fixed)
        for i in fire.items() if i.id not in skip
    ]
    site = Site(categories=frozenset(categories) - {"other"},
                exclusions=frozenset(exclusions))
    return evaluate(fire, site, findings, on=on)


def fired(d: Determination) -> set[str]:
    return {t.rule for t in d.triggers if not t.vetoed}


def test_pack_shape(fire: Pack) -> None:
    assert [i.clause for i in fire.items()] == DIRECT + CH7
    assert {r.id for r in fire.rules} == {"FIRE-2017-5.2.2", "FIRE-2017-5.3.2a",
                                          "FIRE-2017-5.3.2b", "FIRE-2017-5.3.2c",
                                          "FIRE-2017-5.3.2d"}
    assert {c.id for c in fire.site_categories} == {"people_dense", "flammable_explosive",
                                                    "important"}
    assert [e.id for e in fire.exceptions] == ["FIRE-2017-5.1.3a", "FIRE-2017-5.1.3b",
                                               "FIRE-2017-5.1.3c"]
    assert fire.superseded_by is not None
    assert fire.superseded_by.standard == "GB 35181-2025"
    assert fire.superseded_by.effective == dt.date(2025, 11, 1)
    for item in fire.items():
        assert item.guidance_zh and item.guidance_zh != "TODO", item.id
        assert item.guidance_en and item.guidance_en != "TODO", item.id
        assert item.evidence, item.id


@pytest.mark.parametrize("category", ["people_dense", "flammable_explosive", "important", "other"])
@pytest.mark.parametrize("clause", DIRECT)
def test_each_direct_element_alone_is_major(fire: Pack, clause: str, category: str) -> None:
    d = run(fire, [category], nc=[clause])
    assert d.verdict is Verdict.major
    assert [(t.rule, t.kind, t.items, t.count, t.threshold) for t in d.triggers] == [
        ("FIRE-2017-5.2.2", "direct", (iid(clause),), 1, 1)]
    assert d.triggers[0].clauses == ("5.2.2", clause)
    assert d.general_hazards == ()


# (categories, counted group, rule expected to fire, threshold)
BOUNDARIES: list[tuple[list[str], list[str], str, int]] = [
    (["people_dense"], PD, "FIRE-2017-5.3.2a", 3),
    (["people_dense"], NOT_PD, "FIRE-2017-5.3.2c", 4),
    (["flammable_explosive"], FE, "FIRE-2017-5.3.2b", 3),
    (["flammable_explosive"], NOT_FE, "FIRE-2017-5.3.2c", 4),
    (["important"], PD, "FIRE-2017-5.3.2c", 4),
    (["important"], FE, "FIRE-2017-5.3.2c", 4),
    (["important"], NEITHER, "FIRE-2017-5.3.2c", 4),
    ([], CH7, "FIRE-2017-5.3.2d", 6),
    (["other"], NEITHER, "FIRE-2017-5.3.2d", 6),
    (["people_dense", "flammable_explosive"], NEITHER, "FIRE-2017-5.3.2c", 4),
    (["people_dense", "important"], PD, "FIRE-2017-5.3.2a", 3),
    (["flammable_explosive", "important"], FE, "FIRE-2017-5.3.2b", 3),
    (["people_dense", "flammable_explosive", "important"], FE, "FIRE-2017-5.3.2b", 3),
]


@pytest.mark.parametrize(("categories", "group", "rule", "threshold"), BOUNDARIES)
def test_composite_threshold_boundaries(fire: Pack, categories: list[str], group: list[str],
                                        rule: str, threshold: int) -> None:
    below = run(fire, categories, nc=group[:threshold - 1])
    assert below.verdict is Verdict.not_major
    assert below.triggers == ()
    assert set(below.general_hazards) == {iid(c) for c in group[:threshold - 1]}

    at = run(fire, categories, nc=group[:threshold])
    assert at.verdict is Verdict.major
    assert rule in fired(at)
    trig = next(t for t in at.triggers if t.rule == rule)
    assert (trig.count, trig.threshold) == (threshold, threshold)
    assert set(trig.items) == {iid(c) for c in group[:threshold]}
    assert at.general_hazards == ()

    above = run(fire, categories, nc=group[:threshold + 1])
    assert above.verdict is Verdict.major
    assert rule in fired(above)
    assert next(t for t in above.triggers if t.rule == rule).count == threshold + 1


def test_people_dense_group_does_not_count_for_other_places(fire: Pack) -> None:
    # Three 5.3.2a elements make a people-dense place major but an "other" place needs six.
    assert run(fire, ["people_dense"], nc=PD[:3]).verdict is Verdict.major
    assert run(fire, [], nc=PD[:3]).verdict is Verdict.not_major
    assert run(fire, ["flammable_explosive"], nc=PD[:3]).verdict is Verdict.not_major


def test_overlapping_categories_every_rule_is_evaluated(fire: Pack) -> None:
    d = run(fire, ["people_dense", "flammable_explosive"], nc=PD[:3] + FE[:3])
    assert fired(d) == {"FIRE-2017-5.3.2a", "FIRE-2017-5.3.2b", "FIRE-2017-5.3.2c"}
    # 2 + 1 elements across the two special groups: neither special rule, below the general 4.
    d = run(fire, ["people_dense", "flammable_explosive"], nc=PD[:2] + FE[:1])
    assert d.verdict is Verdict.not_major
    d = run(fire, ["people_dense", "flammable_explosive"], nc=PD[:2] + FE[:2])
    assert fired(d) == {"FIRE-2017-5.3.2c"}


def test_direct_and_composite_together(fire: Pack) -> None:
    d = run(fire, ["people_dense"], nc=["6.5", *PD[:3], "7.6.1"])
    assert fired(d) == {"FIRE-2017-5.2.2", "FIRE-2017-5.3.2a", "FIRE-2017-5.3.2c"}
    assert d.general_hazards == ()


@pytest.mark.parametrize("exception", ["FIRE-2017-5.1.3a", "FIRE-2017-5.1.3b",
                                       "FIRE-2017-5.1.3c"])
def test_each_exception_vetoes_after_rules_fire(fire: Pack, exception: str) -> None:
    d = run(fire, ["people_dense"], nc=["6.8", *PD[:3]], exclusions=[exception])
    assert d.verdict is Verdict.excluded
    assert d.excluded_by == (exception,)
    assert {t.rule for t in d.triggers} == {"FIRE-2017-5.2.2", "FIRE-2017-5.3.2a"}
    assert all(t.vetoed for t in d.triggers)
    # Vetoed elements are hazards still, just not major ones.
    assert set(d.general_hazards) == {iid(c) for c in ["6.8", *PD[:3]]}


def test_exception_without_trigger_changes_nothing(fire: Pack) -> None:
    d = run(fire, ["people_dense"], nc=PD[:2], exclusions=["FIRE-2017-5.1.3b"])
    assert d.verdict is Verdict.not_major
    assert d.excluded_by == ()
    # A claimed exception does not close coverage: an answer could still fire a trigger.
    d = run(fire, ["people_dense"], nc=PD[:2], unanswered=PD[2:3],
            exclusions=["FIRE-2017-5.1.3b"])
    assert d.verdict is Verdict.incomplete


def test_on_site_correction_counts_toward_no_trigger(fire: Pack) -> None:
    d = run(fire, ["people_dense"], nc=PD[:2], corrected=PD[2:3])
    assert d.verdict is Verdict.not_major
    assert d.corrected_on_site == (iid(PD[2]),)
    assert set(d.general_hazards) == {iid(c) for c in PD[:2]}
    d = run(fire, ["other"], corrected=["6.4"])
    assert d.verdict is Verdict.not_major
    assert d.corrected_on_site == (iid("6.4"),)
    assert d.general_hazards == ()
    # Not corrected, the same element is a major hazard.
    assert run(fire, ["other"], nc=["6.4"]).verdict is Verdict.major


def test_coverage_incomplete_while_any_applicable_item_is_unanswered(fire: Pack) -> None:
    assert run(fire, [], unanswered=["6.3"]).verdict is Verdict.incomplete
    assert run(fire, ["people_dense"], nc=PD[:2], unanswered=PD[2:3]).verdict \
        is Verdict.incomplete
    # Five of six for an "other" place with the sixth unanswered: could still fire.
    d = run(fire, [], nc=NEITHER[:5], unanswered=NEITHER[5:6])
    assert d.verdict is Verdict.incomplete
    assert d.unanswered == (iid(NEITHER[5]),)
    # One unanswered composite element cannot reach any threshold on its own, but "not
    # major" would say the whole checklist was looked at: it was not.
    d = run(fire, [], unanswered=["7.1.1"])
    assert d.verdict is Verdict.incomplete
    assert d.unanswered == (iid("7.1.1"),)
    # A fired trigger is major even with items unanswered.
    assert run(fire, [], nc=["6.1"], unanswered=["6.2"]).verdict is Verdict.major
    # Nothing answered at all.
    nothing = evaluate(fire, Site(), [])
    assert nothing.verdict is Verdict.incomplete
    assert len(nothing.unanswered) == 49


def test_not_applicable_never_counts(fire: Pack) -> None:
    findings = [Finding(item=iid(c), status=Status.not_applicable) for c in PD] + [
        Finding(item=i.id, status=Status.compliant) for i in fire.items()
        if i.id not in {iid(c) for c in PD}]
    d = evaluate(fire, Site(categories=frozenset({"people_dense"})), findings)
    assert d.verdict is Verdict.not_major
    assert set(d.not_applicable) == {iid(c) for c in PD}


def test_superseded_standard_warns_by_inspection_date(fire: Pack) -> None:
    after = run(fire, [], on=dt.date(2025, 11, 1))
    assert any("GB 35181-2025" in w.render("en") for w in after.warnings)
    before = run(fire, [], on=dt.date(2025, 10, 31))
    assert not any("GB 35181-2025" in w.render("en") for w in before.warnings)


def test_unverified_wording_is_flagged_on_triggers(fire: Pack) -> None:
    d = run(fire, [], nc=["6.6"], on=dt.date(2024, 1, 1))
    assert any(w.key == "warn.unverified" and "FIRE-2017-D-6.6" in w.params["items"]
               for w in d.warnings)
    d = run(fire, [], nc=["6.1"], on=dt.date(2024, 1, 1))
    assert d.warnings == ()
    # Checked against one public copy (the 2026-12 audit): verified enough to carry no warning.
    d = run(fire, [], nc=["6.7"], on=dt.date(2024, 1, 1))
    assert d.verdict is Verdict.major and d.warnings == ()


#: The 2026-12 audit against public texts (reference README, "Updates"): 6.7 and 6.8 verbatim
#: in a public data sample, 6.6, 6.9 and 6.10 matching a reworded copy of chapter 6. The
#: reference's item records predate it.
AUDIT_2026_12 = {"FIRE-2017-D-6.7": "verified-single-source",
                 "FIRE-2017-D-6.8": "verified-single-source",
                 "FIRE-2017-D-6.6": "partial", "FIRE-2017-D-6.9": "partial",
                 "FIRE-2017-D-6.10": "partial"}


def test_audit_flags_name_the_copy_checked(fire: Pack) -> None:
    items = {i.id: i for i in fire.items()}
    for item_id, flag in AUDIT_2026_12.items():
        item = items[item_id]
        assert item.verification.value == flag, item_id
        assert "2026-12 audit" in item.verification_note, item_id
        copy = "public data sample" if flag == "verified-single-source" else "sdjtsd.com"
        assert copy in item.verification_note, item_id


# --- item by item against the reference ----------------------------------------------------


def test_items_match_reference(fire: Pack, reference: dict[str, Any]) -> None:
    ref = {i["item_id"]: i for i in reference["items"]
           if i["standard_id"] == "FIRE-2017" and i["determination"] in ("direct", "composite")}
    ours = {i.id: i for i in fire.items()}
    assert set(ours) == set(ref)
    assert len(ours) == len(ref) == 49
    for item_id, r in ref.items():
        item = ours[item_id]
        assert item.text_zh == r["text_zh"], item_id
        assert item.clause == r["clause"], item_id
        assert item.gloss_en == r["gloss_en"], item_id
        assert item.verification.value == AUDIT_2026_12.get(item_id, r["verification"]), item_id
        kind = "direct" if item_id.startswith("FIRE-2017-D-") else "composite"
        assert r["determination"] == kind, item_id


def test_rules_match_reference(fire: Pack, reference: dict[str, Any]) -> None:
    data = reference["fire"]
    rules = {r.id: r for r in fire.rules}
    all_ch7 = {f"FIRE-2017-C-{c}" for c in data["all_ch7_elements"]}
    for th in data["thresholds"]:
        rule = rules[th["rule_id"]]
        counted = all_ch7 if th["counted_elements"] == "ALL_CH7" else {
            f"FIRE-2017-C-{c}" for c in th["counted_elements"]}
        assert set(fire.rule_items(rule)) == counted, rule.id
        assert set(rule.applies_to) == set(th["applies_to"]), rule.id
        assert rule.threshold == th["min_count"], rule.id
        assert rule.text_zh == th["text_zh"], rule.id
        assert rule.kind == "composite"
    direct = rules["FIRE-2017-5.2.2"]
    assert set(fire.rule_items(direct)) == {i["item_id"] for i in reference["items"]
                                            if i["item_id"].startswith("FIRE-2017-D-")}
    # Each item's composite_groups in the reference names exactly the rules that count it.
    for r in reference["items"]:
        if r["item_id"].startswith("FIRE-2017-C-"):
            expected = {"FIRE-2017-" + g.split(":")[0] for g in r["composite_groups"]}
            counting = {x.id for x in fire.rules if r["item_id"] in fire.rule_items(x)}
            assert counting == expected, r["item_id"]


def test_exceptions_match_reference(fire: Pack, reference: dict[str, Any]) -> None:
    ref = {e["id"]: e for e in reference["fire"]["exclusions"] if "5.1.3" in e["id"]}
    assert {e.id: (e.text_zh, e.gloss_en) for e in fire.exceptions} == {
        k: (v["text_zh"], v["gloss_en"]) for k, v in ref.items()}
    gate = next(e for e in reference["fire"]["exclusions"] if e["id"].endswith("element-gate"))
    assert fire.on_site_correction is not None
    assert fire.on_site_correction.gloss_en.startswith("Only conditions")
    assert gate["text_zh"] in fire.on_site_correction.text_zh
