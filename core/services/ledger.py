"""The hazard ledger (隐患台账) as a function of the determinations: after every change to a
finding, an inspection's hazards are brought in line with what its packs now determine.

- a noncompliant item in a fired, unvetoed trigger is a major hazard; any other noncompliant
  item a general one, and so is a part of a conjunction found present while the item is not
  (under the key ``ITEM/part``);
- an item corrected on site (当场整改) is a hazard closed by that correction, for as long as the
  finding says so: undoing the correction reopens it;
- a hazard closes otherwise only by verification (销号), and a verified closure is history: it
  is never reopened or removed by a later change;
- one open hazard per enterprise and item: a later finding of an item whose hazard is still
  open is linked to it (a recurrence) instead of opening a second; a finding after 销号 opens
  a new hazard that names the closed one;
- a hazard nobody has planned goes when its finding does; one already planned needs a reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from core.engine.determination import Constituted, Determination
from core.i18n import AnjianError
from core.pack.model import Pack
from core.process.workflow import HazardStatus
from core.services.context import Context
from core.store import queries as q
from core.store.db import Session


@dataclass(frozen=True)
class Wanted:
    """What the determination says of one noncompliant item."""

    pack: str
    level: str
    rule: str
    clause: str
    corrected: bool


def wanted(packs: list[Pack], dets: list[Determination]) -> dict[str, Wanted]:
    """Every noncompliant item of the determinations, as the ledger should hold it. An item
    another pack's finding constitutes (构成) is carried by that finding: the finding's
    hazard is major, under the rule and both clauses; the item is a hazard of its own only
    when it was found noncompliant in its own right."""
    clause = {i.id: i.clause for p in packs for i in p.items()}
    out: dict[str, Wanted] = {}
    for pack, d in zip(packs, dets, strict=True):
        by: dict[str, list[Constituted]] = {}
        for c in d.constituted:
            by.setdefault(c.item, []).append(c)
        for trig in d.triggers:
            if trig.vetoed:
                continue
            for item in trig.items:
                where = f"{trig.clauses[0]} / {clause[item]}"
                for c in by.get(item, ()):
                    out[c.source] = Wanted(c.source_pack, "major", trig.rule,
                                           f"{where} ← {clause.get(c.source, c.source)}", False)
                if item in by and not any(c.own for c in by[item]):
                    continue
                out.setdefault(item, Wanted(pack.id, "major", trig.rule, where, False))
    for pack, d in zip(packs, dets, strict=True):
        constituted = {c.item for c in d.constituted if not c.own}
        for item in d.general_hazards:
            if item not in constituted:
                out.setdefault(item, Wanted(pack.id, "general", "", clause[item], False))
        for part in d.general_parts:
            # a conjunction's part found present while the item is not: a general hazard of
            # its own, under the part's path and described by the part's text
            texts = pack.hazard_text(part)
            out.setdefault(part, Wanted(pack.id, "general", "", texts[0] if texts else part,
                                        False))
        for item in d.corrected_on_site:
            if item not in constituted:
                out[item] = Wanted(pack.id, "general", "", clause[item], True)
    return out


def verified(h: Any) -> bool:
    """Closed by verification (销号), not by an on-site correction: history, never undone."""
    return bool(h.status == HazardStatus.closed and not h.corrected_on_site)


def _planned(h: Any) -> bool:
    return bool(h.status in (HazardStatus.rectifying, HazardStatus.submitted)
                or h.deadline is not None)


def follow(ctx: Context, s: Session, insp: Any, packs: list[Pack], dets: list[Determination],
           changes: list[dict[str, Any]], *, reason: str = "", amending: bool = False) -> None:
    """Bring the inspection's hazards (and its links to other inspections' open hazards) in
    line with ``dets``; every change is appended to ``changes`` for the audit entry. Refused
    (nothing is changed: the caller's transaction is rolled back) when a verified hazard's
    finding would change outside an amendment, or a planned hazard would go without a
    reason."""
    want = wanted(packs, dets)
    own = {h.item_id: h for h in q.hazard_states(s, insp.id)}
    links = {r.item_id: r for r in q.recurrences(s, inspection_id=insp.id)}
    for item in sorted(set(want) | set(own) | set(links)):
        w, h, link = want.get(item), own.get(item), links.get(item)
        if link is not None and (w is None or w.corrected or h is not None):
            q.unlink_recurrence(s, link.hazard_id, insp.id)
            changes.append({"hazard": "unlinked", "item": item, "id": link.hazard_id})
            link = None
        if w is None:
            if h is not None:
                _withdraw(ctx, s, insp, h, reason, amending, changes)
            continue
        if w.corrected:
            _corrected(ctx, s, insp, item, w, h, changes)
        elif h is not None:
            _found(ctx, s, insp, item, w, h, changes)
        else:
            _found_anew(s, insp, item, w, link, changes)


def _withdraw(ctx: Context, s: Session, insp: Any, h: Any, reason: str, amending: bool,
              changes: list[dict[str, Any]]) -> None:
    """The finding no longer says the item is noncompliant."""
    key = f"{insp.id}/{h.item_id}"
    if verified(h):
        if not amending:
            raise AnjianError("hazard.verified_finding", id=h.id, key=key,
                              on=str(h.verified_on))
        return  # the verified closure is history: it stays
    if _planned(h) and not reason:
        raise AnjianError("hazard.planned_needs_reason", id=h.id, key=key,
                          status=h.status)
    later = q.recurrences(s, hazard_id=h.id)
    if later and h.status != HazardStatus.closed:
        # another inspection still finds the item: the hazard is theirs now
        first = later[0]
        q.unlink_recurrence(s, h.id, first.inspection_id)
        q.move_hazard(s, h, first.inspection_id, q.inspection_campaign(s, first.inspection_id),
                      first.found_on)
        changes.append({"hazard": "handed", "item": h.item_id, "id": h.id,
                        "to": first.inspection_id})
        return
    kept = q.delete_hazard(s, h)
    change: dict[str, Any] = {"hazard": "removed", "item": h.item_id, "id": h.id,
                              "status": h.status}
    if _planned(h) or h.status == HazardStatus.closed:
        change["record"] = kept
    changes.append(change)


def _corrected(ctx: Context, s: Session, insp: Any, item: str, w: Wanted, h: Any,
               changes: list[dict[str, Any]]) -> None:
    """The item was corrected on site: its hazard is closed by that correction."""
    if h is None:
        q.insert_hazard(s, _new(insp, item, w) | {
            "status": HazardStatus.closed.value, "verified_by": ctx.actor,
            "verified_on": ctx.today, "note": "corrected on site", "corrected_on_site": True})
        changes.append({"hazard": "added", "item": item, "level": w.level, "rule": w.rule,
                        "status": "closed", "corrected_on_site": True})
    elif not verified(h) and not h.corrected_on_site:
        q.update_hazard(s, h, {"status": HazardStatus.closed.value, "verified_by": ctx.actor,
                               "verified_on": ctx.today, "note": "corrected on site",
                               "corrected_on_site": True, "level": w.level,
                               "rule_id": w.rule, "clause": w.clause})
        changes.append({"hazard": "corrected", "item": item, "id": h.id, "was": h.status})


def _found(ctx: Context, s: Session, insp: Any, item: str, w: Wanted, h: Any,
           changes: list[dict[str, Any]]) -> None:
    """The item is noncompliant and this inspection already holds its hazard."""
    if verified(h):
        return  # closed by verification: a later change does not reopen it
    if h.corrected_on_site:  # the on-site correction was undone
        other = q.open_hazard_of(s, insp.enterprise_uscc, item, insp.id)
        if other is not None:
            q.delete_hazard(s, h)
            changes.append({"hazard": "removed", "item": item, "id": h.id,
                            "status": h.status})
            _link(s, insp, item, w, other, changes)
            return
        q.update_hazard(s, h, {"status": HazardStatus.open.value, "verified_by": "",
                               "verified_on": None, "note": "", "corrected_on_site": False,
                               "level": w.level, "rule_id": w.rule, "clause": w.clause,
                               "listed_supervision": h.listed_supervision
                               or w.level == "major"})
        changes.append({"hazard": "reopened", "item": item, "id": h.id, "level": w.level,
                        "rule": w.rule})
    elif (h.level, h.clause, h.rule_id) != (w.level, w.clause, w.rule):
        q.update_hazard(s, h, {"level": w.level, "clause": w.clause, "rule_id": w.rule,
                               "listed_supervision": h.listed_supervision
                               or w.level == "major"})
        changes.append({"hazard": "changed", "item": item, "level": w.level, "rule": w.rule,
                        "was": {"level": h.level, "rule": h.rule_id}})


def _found_anew(s: Session, insp: Any, item: str, w: Wanted, link: Any,
                changes: list[dict[str, Any]]) -> None:
    """The item is noncompliant and this inspection holds no hazard of it: link to the one
    still open, or open one."""
    other = q.open_hazard_of(s, insp.enterprise_uscc, item, insp.id)
    if other is not None:
        if link is None or link.hazard_id != other.id or link.level != w.level:
            if link is not None:
                q.unlink_recurrence(s, link.hazard_id, insp.id)
            _link(s, insp, item, w, other, changes)
        return
    if link is not None:  # the hazard it was linked to has closed meanwhile
        q.unlink_recurrence(s, link.hazard_id, insp.id)
    earlier = q.last_closed_hazard(s, insp.enterprise_uscc, item)
    q.insert_hazard(s, _new(insp, item, w) | {"recurrence_of": earlier})
    change: dict[str, Any] = {"hazard": "added", "item": item, "level": w.level,
                              "rule": w.rule, "status": "open"}
    if earlier is not None:
        change["recurs_after"] = earlier
    changes.append(change)


def _link(s: Session, insp: Any, item: str, w: Wanted, other: Any,
          changes: list[dict[str, Any]]) -> None:
    q.link_recurrence(s, other.id, insp.id, insp.inspected_on, w.level)
    changes.append({"hazard": "linked", "item": item, "id": other.id, "level": w.level})
    if w.level == "major" and other.level != "major":  # found major now: the hazard is
        q.update_hazard(s, other, {"level": "major", "rule_id": w.rule, "clause": w.clause,
                                   "listed_supervision": True})
        changes.append({"hazard": "changed", "item": item, "id": other.id, "level": "major",
                        "rule": w.rule, "was": {"level": other.level, "rule": other.rule_id}})


def _new(insp: Any, item: str, w: Wanted) -> dict[str, Any]:
    return {"inspection_id": insp.id, "campaign_id": insp.campaign_id,
            "enterprise_uscc": insp.enterprise_uscc, "pack_id": w.pack, "item_id": item,
            "clause": w.clause, "rule_id": w.rule, "level": w.level,
            "found_on": insp.inspected_on, "listed_supervision": w.level == "major"}
