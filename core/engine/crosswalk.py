"""Carrying findings between versions of one standard (packs of the same ``series``).

A newer pack's items name the items of the previous version they continue (``predecessors``),
each link saying what the newer item is against the older one (``same``, ``narrower``,
``broader``, ``split``, ``merge``, ``overlap``) and which measured parts' recorded values carry
over. Re-evaluating findings recorded under one version under another carries each answer
along those links, in either direction (from the newer version to the older the relation
inverts: narrower ↔ broader, split ↔ merge; same and overlap stay), and says what could not be
carried: answers the inspector must place (with why), items the other version dropped, and
items it added that nobody has answered yet.

What an answer says carries only as far as the target item's coverage allows:

- ``same``: every answer carries.
- the target covers less (forward ``narrower``, one part of a ``split``): a hazard found under
  the wider item may lie outside the narrower one, so a noncompliant answer goes to the
  inspector; compliant (absent under the wider item is absent under the narrower) and not
  applicable carry.
- the target covers more (forward ``broader``): noncompliant carries; compliant does not (the
  target covers more than was looked at) and goes to the inspector; not applicable carries.
- a ``merge`` (the target is the sources together): noncompliant if any source was; compliant
  or not applicable only when every source was answered so.
- ``overlap`` (the two meet without either covering the other): no answer carries; each goes
  to the inspector.

Where a link maps measured parts, the recorded value (and design value) is judged against the
target's limit; what those values decide for the target item overrides what the relation
says for that link (2020's 10%以上 and 2026's 超过110% differ at exactly 110 %).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from core.engine.determination import Determination
from core.engine.findings import CheckAnswer, Finding, Status, derive_status, failing_parts
from core.i18n import AnjianError
from core.pack.model import Item, Pack, Relation

#: Why an answer was left for the inspector: the target item covers less than the source
#: (``narrower``) or more (``broader``); the source item was split over several target items
#: (``split``); the two items meet without either covering the other (``overlap``); the target
#: item asks for a site tag the site lacks (``gated``).
Why = Literal["narrower", "broader", "split", "overlap", "gated"]

_NC, _OK, _NA = Status.noncompliant, Status.compliant, Status.not_applicable
_INVERSE = {Relation.same: Relation.same, Relation.narrower: Relation.broader,
            Relation.broader: Relation.narrower, Relation.split_: Relation.merge,
            Relation.merge: Relation.split_, Relation.overlap: Relation.overlap}


@dataclass(frozen=True)
class Edge:
    """A link as carried in one direction: the source item, what the target item is against
    it, and the measured parts whose values carry (target part -> source part)."""

    source: str
    relation: Relation
    values: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Review:
    """A source answer the inspector must place in the target version, and why."""

    source: str
    #: what the target item is against the source item, in the direction carried
    relation: Relation
    why: Why


@dataclass(frozen=True)
class Measured:
    """A recorded value carried to a measured part of the target item."""

    #: the target item's part (``.`` the item's own measure, ``1``, ``2/a``)
    part: str
    source: str
    source_part: str
    value: float
    design: float | None


@dataclass(frozen=True)
class Rejudged:
    """Recorded values judged against the target item's limits, and what they decide."""

    values: tuple[Measured, ...]
    #: the target item's status from those values alone; None when they do not decide it
    #: (another part is still to be answered), and the link's relation decides instead
    status: Status | None


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
    #: target items left unanswered for the inspector to decide (target item -> the source
    #: answers behind it, each with the relation and why it did not carry)
    to_review: dict[str, tuple[Review, ...]]
    #: target item -> source item -> what the target item is against it, as carried
    relations: dict[str, dict[str, Relation]] = field(default_factory=dict)
    #: target items whose linked measured parts took recorded values
    measured: dict[str, Rejudged] = field(default_factory=dict)
    #: ``ITEM/check`` parts of the target's conjunctions the carried values find present
    parts: frozenset[str] = frozenset()


def links(source: Pack, target: Pack) -> dict[str, tuple[Edge, ...]]:
    """For each target item, its links to source items (possibly none), as carried from
    ``source`` to ``target``: the relation and measured parts inverted when the target is the
    older version."""
    if source.series is None or source.series != target.series:
        raise AnjianError("versions.other_series", source=source.id, target=target.id,
                          series=source.series or "-", other=target.series or "-")
    source_ids = {i.id for i in source.items()}
    forward = {i.id: tuple(Edge(link.item, link.relation, dict(link.values))
                           for link in i.predecessors if link.item in source_ids)
               for i in target.items()}
    if any(forward.values()):
        return forward
    # The target is the older version: invert the source's links.
    backward: dict[str, list[Edge]] = {i.id: [] for i in target.items()}
    for item in source.items():
        for link in item.predecessors:
            if link.item in backward:
                backward[link.item].append(Edge(
                    item.id, _INVERSE[link.relation],
                    {older: newer for newer, older in link.values.items()}))
    return {k: tuple(v) for k, v in backward.items()}


def correspondence(source: Pack, target: Pack) -> dict[str, tuple[str, ...]]:
    """For each target item, the source items it corresponds to (possibly none)."""
    return {k: tuple(e.source for e in v) for k, v in links(source, target).items()}


def carry(source: Pack, target: Pack, answers: Mapping[str, tuple[Status, bool]], *,
          findings: Mapping[str, Finding] | None = None,
          site_tags: frozenset[str] | None = None, on: dt.date | None = None) -> Carried:
    """Carry ``answers`` (source item -> status, corrected on site) over to ``target``.

    Each link gives the target item what its source answer says as far as the relation lets
    it (see the module's text); a link whose source part is measured in ``findings`` (source
    item -> the finding recorded) gives what the value says against the target's limit, for
    the site's tags ``site_tags`` on the date ``on``, when that decides the target item. The
    target item is then noncompliant if any link says so (corrected on site only if each
    noncompliant source answer was); left to the inspector if a link cannot carry its answer;
    compliant or not applicable if every link was answered (not applicable if all were);
    otherwise unanswered, because an unanswered part could still be the hazard. A source item
    continued by several target items (a split, whatever its links say) gives none of them a
    noncompliant answer: which of them the hazard is, the inspector decides.
    """
    edges = links(source, target)
    findings = findings or {}
    fan_out: dict[str, int] = {}
    for sources in edges.values():
        for e in sources:
            fan_out[e.source] = fan_out.get(e.source, 0) + 1
    target_items = {i.id: i for i in target.items()}
    statuses: dict[str, Status] = {}
    corrected: set[str] = set()
    review: dict[str, tuple[Review, ...]] = {}
    measured: dict[str, Rejudged] = {}
    parts: set[str] = set()
    for item_id, item_edges in edges.items():
        rejudged = _rejudge(target_items[item_id], item_edges, findings, site_tags, on)
        if rejudged is not None:
            measured[item_id] = rejudged
            finding = _finding_of(item_id, rejudged.values)
            if rejudged.status is not _NC:
                parts.update(failing_parts(target_items[item_id], finding,
                                           site_tags=site_tags, on=on))
        valued = {m.source for m in rejudged.values} \
            if rejudged is not None and rejudged.status is not None else set()
        said: list[tuple[Edge, Status | Review]] = []
        for e in item_edges:
            if e.source in valued:
                assert rejudged is not None and rejudged.status is not None
                said.append((e, rejudged.status))
            elif e.source in answers:
                said.append((e, _along(e, answers[e.source][0], fan_out[e.source] > 1)))
        bad = [e for e, s in said if s is _NC]
        waiting = [s for _, s in said if isinstance(s, Review)]
        if bad:
            statuses[item_id] = _NC
            if all(answers.get(e.source) == (_NC, True) for e in bad):
                corrected.add(item_id)
        elif waiting:
            review[item_id] = tuple(waiting)
        elif said and len(said) == len(item_edges):
            kinds = {s for _, s in said}
            statuses[item_id] = _NA if kinds == {_NA} else _OK
    used = set(fan_out)
    dropped = tuple(i.id for i in source.items() if i.id in answers and i.id not in used
                    and answers[i.id][0] is not _NA)
    new = tuple(i for i, e in edges.items() if not e)
    relations = {k: {e.source: e.relation for e in v} for k, v in edges.items() if v}
    return Carried(statuses, frozenset(corrected),
                   {k: tuple(e.source for e in v) for k, v in edges.items() if v},
                   dropped, new, review, relations, measured, frozenset(parts))


def _along(edge: Edge, status: Status, split: bool) -> Status | Review:
    """What one source answer says of the target item along ``edge``: a status, or a review.

    ``split``: the source item goes to several target items; a bare link (``same``) in that
    shape is read as a split, as links were before they said what they are."""
    r = edge.relation
    if r is Relation.overlap:
        # neither text covers the other: no answer, not even "not applicable", holds across
        return Review(edge.source, r, "overlap")
    if status is _NA:
        return _NA
    less = r in (Relation.narrower, Relation.split_) or (r is Relation.same and split)
    if less:
        if status is _OK:
            return _OK
        why: Why = "narrower" if r is Relation.narrower else "split"
        return Review(edge.source, r, why)
    if r is Relation.broader and status is _OK:
        return Review(edge.source, r, "broader")
    # same, broader (noncompliant), merge, or a bare link into a merge: the answer holds; a
    # merge's compliant answers conclude only together (the caller waits for every source)
    return status


def _rejudge(item: Item, edges: tuple[Edge, ...], findings: Mapping[str, Finding],
             site_tags: frozenset[str] | None, on: dt.date | None) -> Rejudged | None:
    """The recorded values the links carry to ``item``'s measured parts, and the status they
    give under its limits; None when no link carries a value."""
    carried: list[Measured] = []
    for e in edges:
        finding = findings.get(e.source)
        if finding is None:
            continue
        for part, source_part in e.values.items():
            node = item.part(part)
            got = _value_at(finding, source_part)
            if node is None or node.measure is None or got is None:
                continue
            value, design = got
            if node.measure.needs_design and design is None:
                continue  # the target's limit needs a design value the record lacks
            carried.append(Measured(part, e.source, source_part, value, design))
    if not carried:
        return None
    status = derive_status(item, _finding_of(item.id, tuple(carried)), site_tags=site_tags,
                           on=on)
    return Rejudged(tuple(carried), status)


def _value_at(finding: Finding, path: str) -> tuple[float, float | None] | None:
    """The value (and design value) recorded at ``path`` of a finding, if one was."""
    node: Finding | CheckAnswer = finding
    if path != ".":
        for step in path.split("/"):
            below = node.checks.get(step)
            if below is None:
                return None
            node = below
    return None if node.value is None else (node.value, node.design)


def _finding_of(item_id: str, values: tuple[Measured, ...]) -> Finding:
    """A finding of ``item_id`` that answers only the measured parts ``values`` fill."""
    own = next((m for m in values if m.part == "."), None)
    return Finding(item=item_id, value=own.value if own else None,
                   design=own.design if own else None,
                   checks=_answers([(m.part.split("/"), m.value, m.design)
                                    for m in values if m.part != "."]))


def _answers(values: list[tuple[list[str], float, float | None]]) -> dict[str, CheckAnswer]:
    """Check answers holding ``values`` at their paths (each a list of check ids)."""
    heads: dict[str, list[tuple[list[str], float, float | None]]] = {}
    for steps, value, design in values:
        heads.setdefault(steps[0], []).append((steps[1:], value, design))
    out: dict[str, CheckAnswer] = {}
    for head, rest in heads.items():
        own = next(((v, d) for steps, v, d in rest if not steps), None)
        out[head] = CheckAnswer(value=own[0] if own else None,
                                design=own[1] if own else None,
                                checks=_answers([r for r in rest if r[0]]))
    return out


@dataclass(frozen=True)
class Change:
    """What re-evaluation under another version changes."""

    verdict_before: str
    verdict_after: str
    fired_before: tuple[str, ...]
    fired_after: tuple[str, ...]
    #: target items major now whose source items were not major (or not answered) before
    newly_major: tuple[str, ...]
    #: source items major before whose counterparts are not major now (or have none); an
    #: item whose counterpart awaits the inspector's decision is not among them
    no_longer_major: tuple[str, ...]
    #: source items major before whose counterparts await the inspector's decision
    awaiting: tuple[str, ...] = ()

    @property
    def changed(self) -> bool:
        return bool(self.verdict_before != self.verdict_after or self.newly_major
                    or self.no_longer_major or self.awaiting)


def compare(before: Determination, after: Determination, carried: Carried) -> Change:
    """The difference between a determination and its re-evaluation under another version."""
    major_before = set(before.major_items)
    major_after = set(after.major_items)
    newly = tuple(i for i in after.major_items
                  if not major_before & set(carried.sources.get(i, ())))
    still = {s for i in major_after for s in carried.sources.get(i, ())}
    waiting = {r.source for reviews in carried.to_review.values() for r in reviews}
    gone = tuple(i for i in before.major_items if i not in still | waiting)
    awaiting = tuple(i for i in before.major_items if i in waiting and i not in still)
    return Change(before.verdict.value, after.verdict.value,
                  tuple(t.rule for t in before.triggers if not t.vetoed),
                  tuple(t.rule for t in after.triggers if not t.vetoed), newly, gone, awaiting)
