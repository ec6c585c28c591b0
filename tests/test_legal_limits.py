"""Every measure of every installed pack reads its limit the way the law reads the text's limit
word, checked at the limit, just below and just above it through the real engine.

民法典 第1259条: 民法所称的“以上”“以下”“以内”“届满”，包括本数；所称的“不满”“超过”“以外”，
不包括本数. 达到 includes the number by its plain sense (reaching a figure is being at it);
低于、高于、大于、小于、不足、少于、未达到 exclude it. Each measure names its word
(``wording``); this test derives the outcome from that word alone, independently of the
measure's ``op``, and asks the engine (``parse_findings`` then ``derive_status``) for the
item's status with every other part of the item answered so that the measured part alone
decides it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest

from core.engine.findings import Site, Status, derive_status, parse_findings
from core.pack.model import WORDINGS, Check, Comparison, Item, Measure, Pack
from core.services.packs import default_catalogue

#: Words that include the number (含本数) and words that exclude it.
INCLUDES = {"以上", "以下", "以内", "届满", "达到", "范围内",
            # the words a requirement is stated with (至少2个: 2 meets it)
            "至少", "不少于", "不低于", "不超过", "不大于", "不小于"}
EXCLUDES = {"超过", "不满", "以外", "低于", "高于", "大于", "小于", "不足", "少于", "未达到"}
#: Words whose reading lies above the limit (the rest: below it). 以内 and 范围内 are
#: "within" a distance, 以外 "beyond" it.
UPWARD = {"以上", "届满", "达到", "超过", "以外", "高于", "大于", "至少", "不少于", "不低于",
          "不小于"}

#: The packs anjian ships, every one of which must be in the default catalogue.
BUILT_IN = {"gb35181-2017", "it-2023", "it-2023-dust", "it-2023-ammonia",
            "it-2023-confined-space", "chem-2017", "nm-2022", "coal-2020", "coal-2026",
            "gb30871-2022"}

CATALOGUE = default_catalogue()

Node = Item | Check


def hazard_by_text(word: str, where: str, requirement: bool = False) -> bool:
    """Whether the text makes a reading ``where`` (``at``, ``below``, ``above``) the limit a
    hazard, by the word alone; where the word states the requirement (``requirement``), the
    hazard is a reading that does not meet it."""
    said = word in INCLUDES if where == "at" else (where == "above") == (word in UPWARD)
    return not said if requirement else said


def measures(item: Item) -> Iterator[tuple[str, Measure]]:
    """The item's measures with their part paths (``.`` the item's own, ``2`` or ``2/a``)."""
    if item.measure is not None:
        yield ".", item.measure

    def walk(node: Node, prefix: str) -> Iterator[tuple[str, Measure]]:
        for check in node.checks:
            path = f"{prefix}{check.id}"
            if check.measure is not None:
                yield path, check.measure
            yield from walk(check, f"{path}/")

    yield from walk(item, "")


def readings(measure: Measure) -> Iterator[tuple[float | None, float, str, float]]:
    """(design, limit it gives, where, value): each design value the measure needs, and a
    reading exactly at, just below and just above the limit that design gives.

    The limit is computed here as the text states it, not by the model: a factor of the design
    value (``relative``), or the smaller or larger of ``limit`` and the design value (``bound``),
    with design values on both sides of ``limit``."""
    designs: list[float | None]
    if measure.relative:
        designs = [100.0, 7.0]
    elif measure.bound is not None:
        span = max(abs(measure.limit) * 0.2, 1.0)
        designs = [measure.limit - span, measure.limit + span]
    else:
        designs = [None]
    for design in designs:
        if design is None:
            limit = measure.limit
        elif measure.relative:
            limit = measure.limit * design
        else:
            limit = (min if measure.bound == "min" else max)(measure.limit, design)
        step = max(abs(limit), 1.0) * 1e-3
        for where, value in (("at", limit), ("below", limit - step), ("above", limit + step)):
            yield design, limit, where, value


def answer(node: Node, path: list[str], reading: dict[str, Any]) -> dict[str, Any]:
    """The answers to ``node``'s checks with the part at ``path`` measured and every sibling on
    the way answered so that it cannot decide: absent under ``any``, present under ``all``."""
    neutral = Status.noncompliant.value if node.combine == "all" else Status.compliant.value
    head, rest = path[0], path[1:]
    out: dict[str, Any] = {}
    for check in node.checks:
        if check.id != head:
            out[check.id] = neutral
        elif rest:
            out[check.id] = {"checks": answer(check, rest, reading)}
        else:
            out[check.id] = reading
    return out


def latest_date(pack: Pack) -> dt.date:
    """A date on which every item and part of the pack counts."""
    dates = [pack.effective]

    def walk(node: Node) -> None:
        if node.effective is not None:
            dates.append(node.effective)
        for check in node.checks:
            walk(check)

    for item in pack.items():
        walk(item)
    return max(dates)


def problems_of(pack: Pack) -> list[str]:
    """Every measure of ``pack`` whose outcome at, below or above its limit is not what its
    wording means, or that has no known wording, described."""
    site = Site(tags=frozenset(t.id for t in pack.tags))
    on = latest_date(pack)
    out: list[str] = []
    for item in pack.items():
        for path, measure in measures(item):
            where_ = f"{pack.id} {item.id}" + ("" if path == "." else f"/{path}")
            word = measure.wording
            if not word:
                out.append(f"{where_}: no wording")
                continue
            if word not in INCLUDES | EXCLUDES:
                out.append(f"{where_}: wording {word!r} is no limit word of the law")
                continue
            for design, limit, where, value in readings(measure):
                reading: dict[str, Any] = {"value": value}
                if design is not None:
                    reading["design"] = design
                raw = ({"item": item.id, **reading} if path == "." else
                       {"item": item.id, "checks": answer(item, path.split("/"), reading)})
                findings = parse_findings(pack, [raw], site, file="legal-limits", on=on)
                got = derive_status(item, findings[0], site_tags=site.tags, on=on)
                want = (Status.noncompliant
                        if hazard_by_text(word, where, measure.requirement)
                        else Status.compliant)
                if got is not want:
                    out.append(
                        f"{where_}: {word} (op {measure.op.value} {measure.limit}"
                        + (f", design {design:g} → limit {limit:g}" if design is not None
                           else "")
                        + f"): {value:g} ({where} the limit) is {got and got.value}, "
                        f"the text makes it {want.value}")
    return out


def test_the_law_and_the_model_read_the_words_alike() -> None:
    """The model's table of words (what ``packs check`` enforces) is the law's, word for word:
    the same words, each with its direction and 含本数 or not."""
    assert set(WORDINGS) == INCLUDES | EXCLUDES
    for word, op in WORDINGS.items():
        upward = op in (Comparison.gt, Comparison.ge)
        inclusive = op in (Comparison.ge, Comparison.le)
        assert (upward, inclusive) == (word in UPWARD, word in INCLUDES), word


def test_every_built_in_pack_is_checked() -> None:
    assert CATALOGUE.errors == (), [e.render("en") for e in CATALOGUE.errors]
    assert set(CATALOGUE.packs) >= BUILT_IN, sorted(BUILT_IN - set(CATALOGUE.packs))


@pytest.mark.parametrize("pack_id", sorted(CATALOGUE.packs))
def test_every_measure_reads_its_limit_as_its_wording_says(pack_id: str) -> None:
    pack = CATALOGUE.packs[pack_id]
    problems = problems_of(pack)
    assert problems == [], "\n".join(problems)


# --- the rule above can fail -----------------------------------------------------------------


def with_measure(pack: Pack, item_id: str, path: str, measure: Measure) -> Pack:
    """``pack`` with the measure at ``item_id``/``path`` replaced, unvalidated (as a pack with
    a wrong op would be if the model let it through)."""

    def swap(node: Node, steps: list[str]) -> Node:
        if not steps:
            return node.model_copy(update={"measure": measure})
        checks = tuple(swap(c, steps[1:]) if c.id == steps[0] else c for c in node.checks)
        return node.model_copy(update={"checks": checks})

    steps = [] if path == "." else path.split("/")
    sections = tuple(
        s.model_copy(update={"items": tuple(swap(i, steps) if i.id == item_id else i
                                            for i in s.items)})
        for s in pack.sections)
    return pack.model_copy(update={"sections": sections})


def measured_parts(pack: Pack) -> list[tuple[str, str, Measure]]:
    return [(item.id, path, m) for item in pack.items() for path, m in measures(item)]


#: A word for each comparison, to give a measure the wording its op means.
WORD_FOR = {Comparison.gt: "超过", Comparison.ge: "以上", Comparison.lt: "小于",
            Comparison.le: "以下"}


@pytest.mark.parametrize("pack_id", sorted(p for p in CATALOGUE.packs
                                           if measured_parts(CATALOGUE.packs[p])))
def test_an_op_that_disagrees_with_its_wording_is_caught(pack_id: str) -> None:
    """On the first measure of each pack that has one, given the wording its op means: it
    passes; its op turned to the other side of the number (超过 read as ``>=``, 以上 as ``>`` …)
    fails at the limit only; its op turned round fails below and above; without its wording it
    fails."""
    pack = CATALOGUE.packs[pack_id]
    item_id, path, measure = measured_parts(pack)[0]
    label = f"{pack.id} {item_id}" + ("" if path == "." else f"/{path}")
    # the word its op means, read plainly (a requirement's word would mean the negation)
    right = measure.model_copy(update={"wording": WORD_FOR[measure.op], "requirement": False})

    def problems_with(op: Comparison, wording: str) -> list[str]:
        changed = right.model_copy(update={"op": op, "wording": wording})
        return [p for p in problems_of(with_measure(pack, item_id, path, changed))
                if p.startswith(f"{label}:")]

    assert problems_with(right.op, right.wording) == []
    flipped_inclusion = {Comparison.gt: Comparison.ge, Comparison.ge: Comparison.gt,
                         Comparison.lt: Comparison.le, Comparison.le: Comparison.lt}
    mine = problems_with(flipped_inclusion[right.op], right.wording)
    assert mine and all("(at the limit)" in p for p in mine), mine
    turned_round = {Comparison.gt: Comparison.lt, Comparison.ge: Comparison.le,
                    Comparison.lt: Comparison.gt, Comparison.le: Comparison.ge}
    mine = problems_with(turned_round[right.op], right.wording)
    assert any("(below the limit)" in p for p in mine), mine
    assert any("(above the limit)" in p for p in mine), mine
    assert problems_with(right.op, "") == [f"{label}: no wording"]
    assert problems_with(right.op, "大约") == [
        f"{label}: wording '大约' is no limit word of the law"]


def test_the_oracle() -> None:
    """The oracle itself: 以上 and 以内 include the number, 超过 and 小于 exclude it; a computed
    limit is the smaller (larger) of the limit and a design value on either side of it."""
    assert hazard_by_text("以上", "at") and hazard_by_text("以内", "at")
    assert not hazard_by_text("超过", "at") and not hazard_by_text("小于", "at")
    assert hazard_by_text("超过", "above") and not hazard_by_text("超过", "below")
    assert hazard_by_text("以内", "below") and not hazard_by_text("以内", "above")
    # a requirement's word: 至少 2 is met at 2, so fewer is the hazard; 超过 300 m is not met at
    # 300 m
    assert not hazard_by_text("至少", "at", True) and hazard_by_text("至少", "below", True)
    assert hazard_by_text("超过", "at", True) and not hazard_by_text("超过", "above", True)
    for bound, limits in (("min", {20.0, 25.0}), ("max", {25.0, 30.0})):
        measure = Measure.model_construct(quantity_zh="人数", quantity_en="persons", unit="人",
                                          op=Comparison.gt, limit=25.0, relative=False,
                                          bound=bound, wording="超过")
        assert {limit for _, limit, _, _ in readings(measure)} == limits, bound
