"""The reference evaluator: the determination rules read straight off the pack, one rule object
at a time, with sets and item ids.

It is slow and meant to be obviously right. :mod:`core.engine` compiles packs into bit masks
for speed; the property tests hold the two to the same determination on random packs, sites
and answers, so a shortcut in the fast path cannot drift from the standard's wording.
"""

from __future__ import annotations

import datetime as dt

from core.engine import Answers
from core.engine.determination import (
    AbsentPart,
    Determination,
    Notice,
    Standing,
    Trigger,
    Verdict,
)
from core.engine.findings import Site, Status
from core.pack.model import OTHER, Check, Pack


def evaluate(pack: Pack, site: Site, answers: Answers, *, on: dt.date | None = None
             ) -> Determination:
    """What :func:`core.engine.evaluate` must return for the same arguments."""
    items = pack.items()
    order = [i.id for i in items]
    clause_of = {i.id: i.clause for i in items}

    def in_order(ids: set[str]) -> tuple[str, ...]:
        return tuple(i for i in order if i in ids)

    # An item applies when every tag group on it (its section's, its own) shares a tag with
    # the site.
    # An item with a date of its own counts only from that date.
    applicable = {item_id for item_id, groups in pack.item_gates().items()
                  if all(set(group) & site.tags for group in groups)}
    gated_in = set(applicable)
    later = {i.id: i.effective for i in items if i.effective is not None}
    if on is not None:
        applicable -= {i for i, when in later.items() if on < when}
    status = answers.statuses
    noncompliant = {i for i in applicable if status.get(i) is Status.noncompliant}
    unanswered = {i for i in applicable if i not in status}
    not_applicable = {i for i in order
                      if i not in applicable or status.get(i) is Status.not_applicable}
    claimed = set(answers.corrected) & noncompliant
    # Correction on site only counts where the standard provides for it (GB 35181 5.1.4).
    corrected = claimed if pack.on_site_correction is not None else set()
    ignored = set() if pack.on_site_correction is not None else claimed
    counted = noncompliant - corrected

    categories = site.categories or {OTHER}
    vetoed: set[str] = set()
    for exc in pack.exceptions:
        if exc.id in site.exclusions:
            vetoed |= set(exc.vetoes) if exc.vetoes else {r.id for r in pack.rules}

    triggers: list[Trigger] = []
    for rule in pack.rules:
        if rule.applies_to and not set(rule.applies_to) & categories:
            continue
        members = pack.rule_items(rule)
        hit = in_order({i for i in members if i in counted})
        if len(hit) >= rule.threshold:
            triggers.append(Trigger(rule=rule.id, kind=rule.kind,
                                    clauses=(rule.clause, *(clause_of[i] for i in hit)),
                                    items=hit, count=len(hit), threshold=rule.threshold,
                                    vetoed=rule.id in vetoed))

    live = [tr for tr in triggers if not tr.vetoed]
    excluded_by = tuple(sorted(
        exc.id for exc in pack.exceptions if exc.id in site.exclusions
        and any(tr.vetoed and (not exc.vetoes or tr.rule in exc.vetoes) for tr in triggers)))
    if live:
        verdict = Verdict.major
    elif triggers:
        verdict = Verdict.excluded
    elif unanswered or not applicable:
        # "Not major" says every applicable item was looked at, and that there was one.
        verdict = Verdict.incomplete
    else:
        verdict = Verdict.not_major
    major = {i for tr in live for i in tr.items}
    if on is None:
        standing = Standing.in_force
    elif pack.superseded_by is not None and on >= pack.superseded_by.effective:
        standing = Standing.withdrawn
    elif on < pack.effective:
        standing = Standing.not_yet
    else:
        standing = Standing.in_force
    if standing is Standing.withdrawn and verdict is Verdict.not_major:
        # only the standard in force can clear a site
        verdict = Verdict.incomplete

    # What the text sets aside: items before their date, then the gated or later checks of
    # the items that count (a check under one set aside is not listed again).
    absent: list[AbsentPart] = []
    if on is not None:
        absent += [AbsentPart(part=i, reason="not_yet", detail=later[i].isoformat())
                   for i in order if i in gated_in and i in later and on < later[i]]
    for item in items:
        if item.id not in applicable:
            continue
        for check in item.checks:
            top = _aside(check, site, on)
            if top is not None:
                absent.append(AbsentPart(part=f"{item.id}/{check.id}", reason=top[0],
                                         detail=top[1]))
                continue
            for sub in check.checks:
                below = _aside(sub, site, on)
                if below is not None:
                    absent.append(AbsentPart(part=f"{item.id}/{check.id}/{sub.id}",
                                             reason=below[0], detail=below[1]))
    parts = tuple(sorted((p for p in answers.parts if p.split("/")[0] in applicable
                          and p.split("/")[0] not in noncompliant),
                         key=lambda p: (order.index(p.split("/")[0]), p)))

    warnings: list[Notice] = []
    if on is not None:
        succ = pack.superseded_by
        if succ is not None and on >= succ.effective:
            warnings.append(Notice(key="warn.superseded", params={
                "standard": pack.standard, "successor": succ.standard,
                "date": succ.effective.isoformat()}))
            if verdict is Verdict.incomplete:
                warnings.append(Notice(key="warn.withdrawn_incomplete", params={
                    "standard": pack.standard, "successor": succ.standard,
                    "date": succ.effective.isoformat()}))
        if on < pack.effective:
            warnings.append(Notice(key="warn.not_yet", params={
                "date": on.isoformat(), "standard": pack.standard,
                "effective": pack.effective.isoformat()}))
    unverified = {i.id for i in items if not i.verified}
    for tr in triggers:
        shaky = [i for i in tr.items if i in unverified]
        if shaky:
            warnings.append(Notice(key="warn.unverified",
                                   params={"rule": tr.rule, "items": ", ".join(shaky)}))
    if ignored:
        warnings.append(Notice(key="warn.correction_ignored",
                               params={"pack": pack.id, "items": ", ".join(in_order(ignored))}))

    return Determination(
        pack=pack.id, pack_version=pack.version, verdict=verdict, triggers=tuple(triggers),
        excluded_by=excluded_by, general_hazards=in_order(noncompliant - major - corrected),
        corrected_on_site=in_order(corrected), unanswered=in_order(unanswered),
        not_applicable=in_order(not_applicable), warnings=tuple(warnings), standing=standing,
        absent_parts=tuple(absent), general_parts=parts)


def _aside(check: Check, site: Site, on: dt.date | None) -> tuple[str, str] | None:
    if check.tags and not set(check.tags) & site.tags:
        return "gated", " / ".join(sorted(check.tags))
    if check.effective is not None and on is not None and on < check.effective:
        return "not_yet", check.effective.isoformat()
    return None
