"""Findings that constitute items of other packs (构成): a checklist item whose noncompliant
finding is, in law, an item of an official pack (a special-operation finding that is 化工
121号 item 18). Evaluating packs together, each such finding counts its linked item as
noncompliant in the other pack's determination, which names both."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from core.engine.compiled import Answers, compile_pack, evaluate
from core.engine.determination import Constituted, Determination
from core.engine.findings import Site, Status
from core.pack.model import Pack


def constituted(packs: Sequence[Pack], answers: Mapping[str, Answers]
                ) -> dict[str, tuple[Constituted, ...]]:
    """For each pack evaluated together, the items other packs' noncompliant findings
    constitute, in pack order; a link to a pack not among ``packs`` counts nowhere."""
    present = {p.id: p for p in packs}
    out: dict[str, list[Constituted]] = {p.id: [] for p in packs}
    for source_pack in packs:
        statuses = answers[source_pack.id].statuses
        for item in source_pack.items():
            if not item.constitutes or statuses.get(item.id) is not Status.noncompliant:
                continue
            for link in item.constitutes:
                target = present.get(link.pack)
                if target is None or link.pack == source_pack.id:
                    continue
                if target.part(link.item) is None:
                    continue
                out[link.pack].append(Constituted(item=link.item, source_pack=source_pack.id,
                                                  source=item.id))
    return {k: tuple(v) for k, v in out.items()}


def with_constituted(answers: Answers, links: Sequence[Constituted],
                     corrected_sources: frozenset[str] = frozenset()) -> Answers:
    """``answers`` with every constituted item noncompliant; corrected on site (当场整改) only
    when every finding that constitutes it was (``corrected_sources``) and its own answer, if
    noncompliant, was too."""
    if not links:
        return answers
    statuses = dict(answers.statuses)
    corrected = set(answers.corrected)
    by_item: dict[str, list[Constituted]] = {}
    for link in links:
        by_item.setdefault(link.item, []).append(link)
    for item_id, found in by_item.items():
        own = statuses.get(item_id)
        own_open = own is Status.noncompliant and item_id not in corrected
        statuses[item_id] = Status.noncompliant
        if not own_open and all(f.source in corrected_sources for f in found):
            corrected.add(item_id)
        else:
            corrected.discard(item_id)
    return Answers(statuses, frozenset(corrected), answers.parts)


def waive(answers: Answers, waived: frozenset[str]) -> Answers:
    """``answers`` with the waived items not applicable, whatever was recorded."""
    if not waived:
        return answers
    statuses = dict(answers.statuses)
    for item_id in waived:
        statuses[item_id] = Status.not_applicable
    return Answers(statuses, answers.corrected - waived,
                   frozenset(p for p in answers.parts if p.partition("/")[0] not in waived))


def evaluate_together(packs: Sequence[Pack], sites: Mapping[str, Site],
                      answers: Mapping[str, Answers], *, on: dt.date | None = None,
                      waived: Mapping[str, frozenset[str]] | None = None
                      ) -> list[Determination]:
    """Each pack's determination with the findings of the others that constitute its items
    counted (and named in ``constituted``): what an inspection under several packs stores.
    ``waived`` (by pack id) names items a governed waiver sets aside: not applicable, and
    listed in ``waived`` (the caller allows waivers only where no rule counts the item)."""
    waived = waived or {}
    answers = {p.id: waive(answers[p.id], waived.get(p.id, frozenset())) for p in packs}
    links = constituted(packs, answers)
    corrected = frozenset(i for a in answers.values() for i in a.corrected)
    out = []
    for pack in packs:
        own = answers[pack.id].statuses
        mine = tuple(c.model_copy(update={"own": True})
                     if own.get(c.item) is Status.noncompliant else c for c in links[pack.id])
        det = evaluate(compile_pack(pack), sites[pack.id],
                       with_constituted(answers[pack.id], mine, corrected), on=on)
        extra: dict[str, object] = {}
        if mine:
            extra["constituted"] = mine
        gone = waived.get(pack.id)
        if gone:
            order = {i.id: n for n, i in enumerate(pack.items())}
            extra["waived"] = tuple(sorted(gone, key=lambda i: order.get(i, len(order))))
        if extra:
            det = det.model_copy(update=extra)
        out.append(det)
    return out
