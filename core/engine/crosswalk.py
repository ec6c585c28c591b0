"""Carrying findings between versions of one standard (packs of the same ``series``).

A newer pack's items name the items of the previous version they continue (``predecessors``).
Re-evaluating findings recorded under one version under another carries each answer over that
correspondence, in either direction, and says what could not be carried: items the other
version dropped, and items it added that nobody has answered yet.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from core.engine.determination import Determination
from core.engine.findings import Status
from core.i18n import AnjianError
from core.pack.model import Pack


@dataclass(frozen=True)
class Carried:
    """Answers for the target pack, and what the correspondence left behind."""

    statuses: dict[str, Status]
    corrected: frozenset[str]
    #: target item -> the source items whose answers it took
    sources: dict[str, tuple[str, ...]]
    #: source items answered (other than not applicable) that have no counterpart in the target
    dropped: tuple[str, ...]
    #: target items with no counterpart in the source (to be inspected afresh)
    new: tuple[str, ...]
    #: target items left unanswered because a noncompliant source item splits into several
    #: of them (target item -> those source items): the inspector decides which applies
    to_review: dict[str, tuple[str, ...]]


def correspondence(source: Pack, target: Pack) -> dict[str, tuple[str, ...]]:
    """For each target item, the source items it corresponds to (possibly none)."""
    if source.series is None or source.series != target.series:
        raise AnjianError("versions.other_series", source=source.id, target=target.id,
                          series=source.series or "-", other=target.series or "-")
    source_ids = {i.id for i in source.items()}
    forward = {i.id: tuple(p for p in i.predecessors if p in source_ids)
               for i in target.items()}
    if any(forward.values()):
        return forward
    # The target is the older version: invert the source's predecessors.
    backward: dict[str, list[str]] = {i.id: [] for i in target.items()}
    for item in source.items():
        for p in item.predecessors:
            if p in backward:
                backward[p].append(item.id)
    return {k: tuple(v) for k, v in backward.items()}


def carry(source: Pack, target: Pack,
          answers: Mapping[str, tuple[Status, bool]]) -> Carried:
    """Carry ``answers`` (source item -> status, corrected on site) over to ``target``.

    A target item that continues several source items (a merge) is noncompliant if any of
    them was (corrected on site only if each of those was); compliant if all were answered and
    none was; not applicable if all were; otherwise it stays unanswered, because an
    unanswered part could still be the hazard. A noncompliant source item continued by several
    target items (a split) says the hazard is there but not which of them it is: those stay
    unanswered and are listed in ``to_review`` for the inspector to decide.
    """
    links = correspondence(source, target)
    fan_out: dict[str, int] = {}
    for sources in links.values():
        for s in sources:
            fan_out[s] = fan_out.get(s, 0) + 1
    statuses: dict[str, Status] = {}
    corrected: set[str] = set()
    review: dict[str, tuple[str, ...]] = {}
    for item, sources in links.items():
        got = [(s, *answers[s]) for s in sources if s in answers]
        bad = [(s, c) for s, st, c in got if st is Status.noncompliant]
        sure = [c for s, c in bad if fan_out[s] == 1]
        if sure:
            statuses[item] = Status.noncompliant
            if all(c for _, c in bad):
                corrected.add(item)
        elif bad:
            review[item] = tuple(s for s, _ in bad)
        elif got and len(got) == len(sources):
            kinds = {st for _, st, _ in got}
            statuses[item] = Status.not_applicable if kinds == {Status.not_applicable} \
                else Status.compliant
    used = set(fan_out)
    dropped = tuple(i.id for i in source.items() if i.id in answers and i.id not in used
                    and answers[i.id][0] is not Status.not_applicable)
    new = tuple(i for i, s in links.items() if not s)
    return Carried(statuses, frozenset(corrected), {k: v for k, v in links.items() if v},
                   dropped, new, review)


@dataclass(frozen=True)
class Change:
    """What re-evaluation under another version changes."""

    verdict_before: str
    verdict_after: str
    fired_before: tuple[str, ...]
    fired_after: tuple[str, ...]
    #: target items major now whose source items were not major (or not answered) before
    newly_major: tuple[str, ...]
    #: source items major before whose counterparts are not major now (or have none); a
    #: split item awaiting the inspector's decision is not among them
    no_longer_major: tuple[str, ...]

    @property
    def changed(self) -> bool:
        return bool(self.verdict_before != self.verdict_after or self.newly_major
                    or self.no_longer_major)


def compare(before: Determination, after: Determination, carried: Carried) -> Change:
    """The difference between a determination and its re-evaluation under another version."""
    major_before = set(before.major_items)
    major_after = set(after.major_items)
    newly = tuple(i for i in after.major_items
                  if not major_before & set(carried.sources.get(i, ())))
    still = {s for i in major_after for s in carried.sources.get(i, ())}
    still |= {s for sources in carried.to_review.values() for s in sources}
    gone = tuple(i for i in before.major_items if i not in still)
    return Change(before.verdict.value, after.verdict.value,
                  tuple(t.rule for t in before.triggers if not t.vetoed),
                  tuple(t.rule for t in after.triggers if not t.vetoed), newly, gone)
