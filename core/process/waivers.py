"""Governed waivers (豁免): which items may be waived, who may approve one, for how long, and
which of an inspection's items a running waiver sets aside. Pure: a service gathers the
facts (the installed packs, who found the item, today) and asks.

A waiver never vetoes an official major-hazard rule: only a pack's own exceptions can (GB
35181 5.1.3). So an item a rule of any installed pack counts is never waived, nor an item
whose noncompliant finding constitutes (构成) such an item of another pack; only the items of
checklist packs (no rules) and the local items an overlay adds may be.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from enum import StrEnum

from core.i18n import Listed
from core.pack.model import Item, Pack
from core.process.workflow import Refusal

#: How many days ahead the home screen and ``waivers list --expiring`` look by default.
EXPIRING_DAYS = 30


class WaiverState(StrEnum):
    """Where a waiver stands on a day: it runs (its item does not apply), it ended (the item
    applies again, unanswered, in every inspection dated after), or it was revoked."""

    running = "running"
    expired = "expired"
    revoked = "revoked"


def state(valid_until: dt.date, revoked: bool, today: dt.date) -> WaiverState:
    """A waiver's state on ``today`` (it runs through ``valid_until``, its last day)."""
    if revoked:
        return WaiverState.revoked
    return WaiverState.running if valid_until >= today else WaiverState.expired


def counting_rules(pack: Pack, item_id: str) -> tuple[str, ...]:
    """The rules of ``pack`` that count ``item_id`` toward a major-hazard determination."""
    return tuple(r.id for r in pack.rules if item_id in pack.rule_items(r))


def _item(pack: Pack, item_id: str) -> Item | None:
    return next((i for i in pack.items() if i.id == item_id), None)


def waivable(packs: Mapping[str, Pack], item_id: str,
             pack_id: str | None = None) -> tuple[Pack, Item] | Refusal:
    """The pack and item a waiver of ``item_id`` is granted under (``pack_id`` when the item
    is in several installed packs), or why it may not be waived: no installed pack has it, a
    rule counts it (or the item it constitutes), it is an official item of a pack with rules,
    or the pack is not named where several have it."""
    holders = [(p, i) for p in packs.values() if (i := _item(p, item_id)) is not None]
    if not holders:
        return Refusal("waiver.unknown_item", {"item": item_id})
    for pack, item in holders:
        rules = counting_rules(pack, item_id)
        if rules:
            return Refusal("waiver.official", {"item": item_id, "pack": pack.id,
                                               "standard": pack.standard,
                                               "rules": Listed(rules)})
        for link in item.constitutes:
            target = packs.get(link.pack)
            if target is None or link.pack == pack.id:
                continue  # a link to a pack not installed counts nowhere
            rules = counting_rules(target, link.item)
            if rules:
                return Refusal("waiver.constitutes", {
                    "item": item_id, "pack": target.id, "standard": target.standard,
                    "target": link.item, "rules": Listed(rules)})
    if pack_id is not None:
        chosen = [(p, i) for p, i in holders if p.id == pack_id]
        if not chosen:
            return Refusal("waiver.not_in_pack", {"item": item_id, "pack": pack_id,
                                                  "packs": Listed([p.id for p, _ in holders])})
    elif len(holders) > 1:
        return Refusal("waiver.which_pack", {"item": item_id,
                                             "packs": Listed([p.id for p, _ in holders])})
    else:
        chosen = holders
    pack, item = chosen[0]
    if not (pack.checklist or item.local):
        return Refusal("waiver.not_checklist", {"item": item_id, "pack": pack.id,
                                                "standard": pack.standard})
    return pack, item


def approval_refusal(approver: str, requested_by: str,
                     found_in: Sequence[int]) -> Refusal | None:
    """Why ``approver`` may not approve the waiver: they found the item noncompliant at the
    enterprise (in the inspections ``found_in``), or they asked for it themselves. None: they
    may (their role is the permissions' question)."""
    if found_in:
        return Refusal("waiver.finder", {"user": approver,
                                         "inspections": Listed([f"#{i}" for i in found_in])})
    if requested_by.strip() == approver:
        return Refusal("waiver.own_request", {"user": approver})
    return None


def expiry_refusal(until: dt.date, today: dt.date) -> Refusal | None:
    """Why a waiver cannot run until ``until``: its last day must come after today (a waiver
    ending the day it is granted, or before, sets nothing aside)."""
    if until <= today:
        return Refusal("waiver.until_past", {"until": until.isoformat(),
                                             "today": today.isoformat()})
    return None


def waived_items(packs: Sequence[Pack], items: Iterable[str]) -> dict[str, frozenset[str]]:
    """Of the items running waivers name, those each pack has and no rule of it counts (a
    waiver is granted only for such items; a pack that counts one keeps it), by pack id: what
    :func:`core.engine.evaluate_together` takes as ``waived``."""
    wanted = set(items)
    if not wanted:
        return {}
    out: dict[str, frozenset[str]] = {}
    for pack in packs:
        have = {i.id for i in pack.items()} & wanted
        counted = {i for r in pack.rules for i in pack.rule_items(r)}
        kept = frozenset(have - counted)
        if kept:
            out[pack.id] = kept
    return out
