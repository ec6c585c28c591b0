"""The compiled engine agrees with the reference evaluator on random packs, sites and answers."""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from core.engine import Answers, compile_pack, evaluate, evaluate_batch
from core.engine.findings import Site, Status
from core.pack.model import OTHER, Pack
from tests import reference_evaluator as reference

TAGS = ["t1", "t2", "t3"]
CATEGORIES = ["c1", "c2", "c3"]
VERIFICATION = ["verified", "verified-single-source", "partial", "unverified"]


def _subset(draw: st.DrawFn, pool: list[str], max_size: int | None = None) -> list[str]:
    if not pool:
        return []
    return draw(st.lists(st.sampled_from(pool), unique=True, max_size=max_size or len(pool)))


@st.composite
def packs(draw: st.DrawFn) -> Pack:
    tags = _subset(draw, TAGS)
    categories = _subset(draw, CATEGORIES)
    sections: list[dict[str, Any]] = []
    item_ids: list[str] = []
    for s in range(draw(st.integers(1, 3))):
        items = []
        for _ in range(draw(st.integers(1, 6))):
            item_id = f"I{len(item_ids)}"
            item_ids.append(item_id)
            item: dict[str, Any] = {
                "id": item_id, "clause": f"{s}.{item_id}", "text_zh": "条", "gloss_en": "item",
                "guidance_zh": "查", "verification": draw(st.sampled_from(VERIFICATION)),
                "tags": _subset(draw, tags, 2) if tags else []}
            if draw(st.integers(0, 4)) == 0:  # counts from a later date than the pack's
                item["effective"] = draw(st.sampled_from(["2021-06-01", "2024-04-23"]))
            if draw(st.integers(0, 3)) == 0:  # parts with gates and dates of their own
                item["combine"] = draw(st.sampled_from(["any", "all"]))
                item["checks"] = [
                    {"id": c, "text_zh": "子", "gloss_en": "part",
                     "tags": _subset(draw, tags, 1) if tags and draw(st.booleans()) else [],
                     **({"effective": "2022-01-01"} if draw(st.booleans()) else {})}
                    for c in ("1", "2")]
            items.append(item)
        sections.append({"id": f"S{s}", "title_zh": "节", "title_en": "section",
                         "tags": _subset(draw, tags, 2) if tags else [], "items": items})
    rules = []
    for r in range(draw(st.integers(1, 5))):
        direct = draw(st.booleans())
        counted = _subset(draw, item_ids, 6)
        whole = _subset(draw, [s["id"] for s in sections], 2)
        if not counted and not whole:
            counted = [draw(st.sampled_from(item_ids))]
        rules.append({"id": f"R{r}", "kind": "direct" if direct else "composite",
                      "clause": f"r{r}", "text_zh": "则", "gloss_en": "rule",
                      "items": counted, "sections": whole,
                      "applies_to": _subset(draw, [*categories, OTHER], 2),
                      "threshold": 1 if direct else draw(st.integers(1, 4))})
    exceptions = [{"id": f"X{n}", "clause": f"x{n}", "text_zh": "除", "gloss_en": "except",
                   "vetoes": _subset(draw, [r["id"] for r in rules], 2)}
                  for n in range(draw(st.integers(0, 2)))]
    data: dict[str, Any] = {
        "id": "random", "version": "1.0", "title_zh": "随机", "title_en": "random",
        "standard": "RANDOM", "issuer": "-", "sector": "random", "effective": "2020-01-01",
        "site_categories": [{"id": c, "name_zh": c, "name_en": c} for c in categories],
        "tags": [{"id": t, "name_zh": t, "name_en": t} for t in tags],
        "sections": sections, "rules": rules, "exceptions": exceptions}
    if draw(st.booleans()):
        data["on_site_correction"] = {"clause": "y", "text_zh": "改", "gloss_en": "corrected"}
    if draw(st.booleans()):
        data["superseded_by"] = {"standard": "NEXT", "effective": "2024-01-01"}
    return Pack.model_validate(data)


@st.composite
def sites(draw: st.DrawFn, pack: Pack) -> tuple[Site, Answers]:
    vocabulary = pack.site_vocabulary()
    site = Site(
        categories=frozenset(_subset(draw, sorted(vocabulary["categories"] - {OTHER}))),
        tags=frozenset(_subset(draw, sorted(vocabulary["tags"]))),
        # an exception id the pack does not know is ignored, as a stale site profile's would be
        exclusions=frozenset(_subset(draw, [*sorted(vocabulary["exclusions"]), "X-unknown"])))
    statuses = {}
    for item in pack.items():
        answer = draw(st.sampled_from([None, *Status]))
        if answer is not None:
            statuses[item.id] = answer
    corrected = frozenset(_subset(draw, [i.id for i in pack.items()]))
    # parts of conjunctions found present, as Answers.from_findings gives them
    parts = frozenset(_subset(draw, [f"{i.id}/{c.id}" for i in pack.items() for c in i.checks]))
    return site, Answers(statuses, corrected, parts)


DATES = st.one_of(st.none(), st.dates(dt.date(2019, 1, 1), dt.date(2026, 12, 31)))


@settings(max_examples=400, deadline=None)
@given(data=st.data())
def test_fast_path_matches_reference(data: st.DataObject) -> None:
    pack = data.draw(packs())
    on = data.draw(DATES)
    many = data.draw(st.lists(sites(pack), min_size=1, max_size=6))
    expected = [reference.evaluate(pack, site, answers, on=on) for site, answers in many]
    assert [evaluate(pack, site, answers, on=on) for site, answers in many] == expected
    outcomes = list(evaluate_batch(compile_pack(pack), many, on=on))
    assert [o.determination(on) for o in outcomes] == expected
    assert [o.verdict for o in outcomes] == [d.verdict for d in expected]


def test_reference_is_not_the_engine() -> None:
    """The two must disagree when the engine is wrong: a plan with a rule's mask emptied
    no longer fires where the reference does."""
    pack = Pack.model_validate({
        "id": "p", "version": "1.0", "title_zh": "包", "title_en": "pack", "standard": "S",
        "issuer": "-", "sector": "s", "effective": "2020-01-01",
        "sections": [{"id": "S", "title_zh": "节", "title_en": "s", "items": [
            {"id": "A", "clause": "1", "text_zh": "甲", "gloss_en": "a", "guidance_zh": "查"}]}],
        "rules": [{"id": "R", "kind": "direct", "clause": "r", "text_zh": "则",
                   "gloss_en": "r", "items": ["A"]}]})
    site, answers = Site(), Answers({"A": Status.noncompliant})
    plan = compile_pack(pack)
    broken = type(plan)(**{**plan.__dict__, "rules": (plan.rules[0].__class__(
        **{**{f: getattr(plan.rules[0], f) for f in plan.rules[0].__slots__}, "mask": 0}),),
        "_rules_for": {}})
    assert evaluate(plan, site, answers) == reference.evaluate(pack, site, answers)
    assert evaluate(broken, site, answers) != reference.evaluate(pack, site, answers)
