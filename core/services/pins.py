"""Pinned packs: an inspection is evaluated only under the pack content it recorded.

Every inspection records the id, version and content hash of each pack it was started under.
A pack edited where it is installed keeps its id, and its version when nobody raised it, but
not its content hash. Answering, skipping or clearing an item of an inspection made under other
content would re-evaluate it under rules it was not made under, so :func:`require_pinned`
refuses it; :func:`repin` moves the inspection to the installed content, a decision of the
campaign's lead with a reason, kept in the audit log with both hashes.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from core.i18n import AnjianError, Lines, Listed, Msg
from core.pack.model import Pack
from core.plugins.catalogue import Catalogue, PackEntry
from core.process.permissions import Action
from core.services.context import Context
from core.services.users import authorize, campaign_scope, reader
from core.store import queries as q
from core.store import writes
from core.store.db import Session
from core.store.tables import Inspection
from core.views.inspections import InspectionSummary, determinations_of
from core.views.pins import Pin, Repinned

#: Hex digits of a content hash shown in messages (as ``git`` shows a commit).
SHORT = 12


def pack_record(entry: PackEntry) -> dict[str, Any]:
    """What a campaign or an inspection records of a pack in its audit entry: the version and
    content hash; for an overlay (地方补充), also the hash of the overlay as written and the
    official pack it was merged with (id, version, hash). The content hash of an overlay is
    that of the merged pack, so it changes when either the overlay or its base does."""
    out: dict[str, Any] = {"version": entry.pack.version, "hash": entry.hash}
    if entry.base is not None:
        out["overlay_hash"] = entry.own_hash
        out["base"] = {"pack": entry.base.pack.id, "version": entry.base.pack.version,
                       "hash": entry.base.hash}
    return out


def pins_of(catalogue: Catalogue, recorded: Iterable[Any]) -> tuple[Pin, ...]:
    """Each recorded pack (anything with ``pack_id``, ``pack_version``, ``pack_hash``) beside
    the pack installed under its id."""
    out = []
    for r in recorded:
        entry = catalogue.get(r.pack_id)
        out.append(Pin(pack_id=r.pack_id, version=r.pack_version, hash=r.pack_hash,
                       installed_version=entry.pack.version if entry else None,
                       installed_hash=entry.hash if entry else None))
    return tuple(out)


def moved(inspection_id: int, pins: Iterable[Pin]) -> Msg | None:
    """Why inspection ``inspection_id`` cannot be evaluated under the installed content (None:
    every pin holds): each pack whose installed content differs, both versions and hashes, and
    what to do."""
    changed = [p for p in pins if not p.holds]
    if not changed:
        return None
    todo = (Msg("pins.todo_install") if any(p.installed_hash is None for p in changed)
            else Msg("pins.todo_repin", inspection=inspection_id))
    return Msg("pins.moved", inspection=inspection_id,
               packs=Lines([pin_msg(p) for p in changed], sep="; "), todo=todo)


def refuse_moved(inspection_id: int, pins: Iterable[Pin]) -> None:
    """Refuse unless every pin holds (the refusal is :func:`moved`)."""
    why = moved(inspection_id, pins)
    if why is not None:
        raise AnjianError(why.key, **why.params)


def pin_msg(pin: Pin) -> Msg:
    """A recorded pack and the installed one, hashes in short form."""
    if pin.installed_hash is None:
        return Msg("pins.pack_missing", pack=pin.pack_id, version=pin.version,
                   hash=pin.hash[:SHORT])
    return Msg("pins.pack_changed", pack=pin.pack_id, version=pin.version,
               hash=pin.hash[:SHORT], installed_version=pin.installed_version,
               installed_hash=pin.installed_hash[:SHORT])


def require_pinned(ctx: Context, inspection_id: int, recorded: Iterable[Any]) -> None:
    """Refuse to record anything that re-evaluates inspection ``inspection_id`` (an answer, a
    skip, a cleared answer) unless each of the packs it ``recorded`` (as
    ``queries.inspection_site`` reads them) is installed with the content it recorded."""
    refuse_moved(inspection_id, pins_of(ctx.catalogue, recorded))


def pins(ctx: Context, inspection_id: int) -> tuple[Pin, ...]:
    """The packs inspection ``inspection_id`` recorded, beside the installed ones."""
    with ctx.store.reading() as s:
        insp = q.get(s, Inspection, inspection_id, "inspection")
        reader(ctx, s, insp.enterprise_uscc)
        return pins_of(ctx.catalogue, q.pinned_packs(s, inspection_id))


def repin(ctx: Context, inspection_id: int, *, reason: str) -> Repinned:
    """Move inspection ``inspection_id`` to the installed content of its packs and re-evaluate
    it: its determination and hazards follow the installed rules. The campaign's lead does it,
    with a reason; the audit entry keeps both versions and hashes of every pack that moved, the
    reason, the verdict before and after and the hazards that changed. Refused when every pack
    already holds, when a pack is not installed, and when the installed content lacks an item
    the inspection answered."""
    reason = reason.strip()
    if not reason:
        raise AnjianError("field.required", field="reason")
    with ctx.store.session() as s:
        q.lock_inspection(s, inspection_id)  # no answer is recorded meanwhile
        insp = q.get(s, Inspection, inspection_id, "inspection")
        authorize(ctx, s, Action.repin, campaign_scope(
            s, insp.campaign_id, enterprise=insp.enterprise_uscc, kind=insp.kind))
        # a closed campaign's records are read-only (raises); a frozen step is corrected
        # with the reason given, as an amendment is
        from core.services.inspections import frozen_step

        frozen_step(q.campaign_stage(s, insp.campaign_id), insp.kind, inspection_id)
        pinned = pins_of(ctx.catalogue, q.pinned_packs(s, inspection_id))
        moved = tuple(p for p in pinned if not p.holds)
        if not moved:
            raise AnjianError("pins.holds", inspection=inspection_id,
                              packs=Listed(f"{p.pack_id} {p.version} ({p.hash[:SHORT]})"
                                           for p in pinned))
        missing = [p for p in moved if p.installed_hash is None]
        if missing:
            raise AnjianError("pins.missing", inspection=inspection_id,
                              packs=Lines([pin_msg(p) for p in missing], sep="; "))
        packs = [ctx.catalogue.require(p.pack_id).pack for p in pinned]
        _refuse_lost_answers(s, inspection_id, packs)
        before = determinations_of(insp.determination)
        verdict_before = InspectionSummary.of(insp).verdict
        for p in moved:
            writes.repin_pack(s, inspection_id, p.pack_id, p.installed_version or "",
                              p.installed_hash or "")
        # Imported here: the answer path imports this module for require_pinned.
        from core.services.inspections import refresh

        changes: list[dict[str, Any]] = []
        data, after = refresh(ctx, s, inspection_id, packs, changes, reason=reason)
        entry: dict[str, Any] = {
            "packs": {p.pack_id: pack_record(ctx.catalogue.require(p.pack_id)) for p in moved},
            "reason": reason, "verdict": data["verdict"]}
        if changes:
            entry["hazards"] = changes
        q.append_audit(s, ctx.actor, "inspection.repin", "inspection", inspection_id,
                       before={"packs": {p.pack_id: {"version": p.version, "hash": p.hash}
                                         for p in moved},
                               "verdict": verdict_before.value},
                       after=entry)
    return Repinned(inspection=inspection_id, reason=reason, moved=moved,
                    verdict_before=verdict_before, verdict_after=data["verdict"],
                    before=before, after=tuple(after), hazards=tuple(changes))


def _refuse_lost_answers(s: Session, inspection_id: int, packs: list[Pack]) -> None:
    """An answer the installed content has no item for cannot be evaluated under it: refused,
    naming the items (their answers would be lost without a word)."""
    items = {p.id: {i.id for i in p.items()} for p in packs}
    lost: dict[str, list[str]] = {}
    for pack_id, item, *_ in q.answer_states(s, inspection_id):
        if item not in items.get(pack_id, set()):
            lost.setdefault(pack_id, []).append(item)
    for pack_id, gone in lost.items():
        raise AnjianError("pins.items_gone", inspection=inspection_id, pack=pack_id,
                          items=Listed(sorted(gone)))
