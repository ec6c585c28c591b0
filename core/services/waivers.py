"""Governed waivers (豁免): grant one, revoke one, list them, and which of them an inspection,
a report, a ledger or a document relied on.

A waiver records that one item of a checklist pack (or a local item an overlay added) does not
apply to one enterprise: who asked, who approved (a lead or an administrator, never the
inspector who found the item noncompliant there), when, why, on what basis, until when. While
it runs its item counts as not applicable in that enterprise's inspections, each of which
lists it (``Determination.waived``); after its last day the item is asked again, unanswered,
in every inspection dated later. An inspection relies on the waivers that ran on its date and
were granted before it started and not revoked by then (:mod:`core.store.waivers`), so its
stored determination stays reproducible whatever happens to a waiver afterwards. A waiver
never vetoes an official major-hazard rule (:mod:`core.process.waivers`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from core.i18n import AnjianError
from core.pack.free_text import check, record_of
from core.pack.model import Pack
from core.plugins.catalogue import Catalogue
from core.process import credit_code as credit
from core.process.permissions import Action, Scope
from core.process.waivers import (
    EXPIRING_DAYS,
    WaiverState,
    approval_refusal,
    expiry_refusal,
    state,
    waivable,
    waived_items,
)
from core.services.context import Context
from core.services.users import authorize, reader
from core.store import queries as q
from core.store import waivers as store
from core.store.db import Session
from core.store.tables import Enterprise, Waiver, utcnow
from core.views.waivers import WaiverView


def _required(**fields: str) -> None:
    for name, value in fields.items():
        if not value.strip():
            raise AnjianError("field.required", field=name)


def grant(ctx: Context, *, enterprise: str, item: str, reason: str, basis: str,
          until: dt.date, pack: str | None = None,
          requested_by: str | None = None) -> WaiverView:
    """Grant a waiver of ``item`` for ``enterprise`` through ``until`` (its last day), the
    acting user approving it. ``requested_by`` is who asked, as given (default: the
    enterprise, by name); ``pack`` names the pack when several installed packs have the item.

    Refused, nothing stored: the acting user is no lead (nor an administrator), found the
    item noncompliant at the enterprise or asked for the waiver; the item is unknown, counted
    by an official major-hazard rule (or constitutes an item one counts) or not a checklist's;
    the enterprise is unknown; the last day is not after today; a waiver of the item for the
    enterprise still runs."""
    code = credit.validate(enterprise)
    check(record_of("waiver"), reason=reason, basis=basis, requested_by=requested_by)
    _required(reason=reason, basis=basis)
    today = ctx.today
    with ctx.store.session() as s:
        ent = q.get(s, Enterprise, code, "enterprise")
        authorize(ctx, s, Action.grant_waiver, Scope(enterprise=code))
        q.lock_audit(s)  # two grants of one item at once: the second sees the first
        found = waivable(ctx.catalogue.packs, item, pack)
        if not isinstance(found, tuple):
            raise AnjianError(found.key, **found.params)
        chosen, _ = found
        late = expiry_refusal(until, today)
        if late is not None:
            raise AnjianError(late.key, **late.params)
        asked = (requested_by or "").strip() or ent.name
        why = approval_refusal(ctx.actor, asked,
                               store.found_noncompliant_by(s, code, item, ctx.actor))
        if why is not None:
            raise AnjianError(why.key, item=item, name=ent.name, uscc=code, **why.params)
        running = store.live(s, code, item, today)
        if running:
            w = running[0]
            raise AnjianError("waiver.overlap", item=item, name=ent.name, uscc=code, id=w.id,
                              until=w.valid_until.isoformat(), by=w.approved_by)
        row = store.add(s, {"enterprise_uscc": code, "pack_id": chosen.id, "item_id": item,
                            "reason": reason.strip(), "basis": basis.strip(),
                            "requested_by": asked, "approved_by": ctx.actor,
                            "granted_on": today, "valid_until": until})
        assert row.id is not None
        q.append_audit(s, ctx.actor, "waiver.grant", "waiver", row.id, after=_record(row))
        return _view(ctx.catalogue, row, ent.name, today)


def revoke(ctx: Context, waiver_id: int, *, reason: str,
           expected_version: int | None = None) -> WaiverView:
    """End a running waiver now, for a reason: inspections started from now on ask its item
    again; those started before keep relying on it (their records do not change). A lead or
    an administrator; refused for a waiver revoked already or ended."""
    check(record_of("waiver", waiver_id), reason=reason)
    _required(reason=reason)
    with ctx.store.session() as s:
        row = store.get(s, waiver_id)
        authorize(ctx, s, Action.revoke_waiver, Scope(enterprise=row.enterprise_uscc))
        row = store.get(s, waiver_id, lock=True)  # allowed: now locked (a lock needs rights)
        q.check_version(row, expected_version, "waiver", waiver_id)
        if row.revoked_at is not None:
            raise AnjianError("waiver.revoked_already", id=waiver_id, by=row.revoked_by,
                              at=str(row.revoked_at)[:16], reason=row.revoked_reason)
        if row.valid_until < ctx.today:
            raise AnjianError("waiver.ended_already", id=waiver_id,
                              until=row.valid_until.isoformat())
        before = _record(row)
        store.update(s, row, {"revoked_at": utcnow(), "revoked_by": ctx.actor,
                              "revoked_reason": reason.strip()})
        q.append_audit(s, ctx.actor, "waiver.revoke", "waiver", waiver_id, before=before,
                       after={"revoked_by": ctx.actor, "reason": reason.strip()})
        ent = q.enterprise(s, row.enterprise_uscc)
        return _view(ctx.catalogue, row, ent.name if ent else "", ctx.today)


def waivers(ctx: Context, *, enterprise: str | None = None, expiring: int | None = None,
            every: bool = False) -> list[WaiverView]:
    """Waivers, ending soonest first: those running today (``every``: also the ended and the
    revoked), of one enterprise, or (``expiring``) running and ending within that many days.
    An enterprise user sees their own enterprise's only."""
    code = credit.validate(enterprise) if enterprise else None
    if expiring is not None and expiring < 0:
        raise AnjianError("waiver.bad_days", days=expiring)
    today = ctx.today
    with ctx.store.reading() as s:
        own = reader(ctx, s, code)
        rows = store.listing(
            s, enterprise=own or code,
            running_on=today if expiring is not None or not every else None,
            ending_by=today + dt.timedelta(days=expiring) if expiring is not None else None)
        return [_view(ctx.catalogue, w, name, today) for w, name in rows]


def expiring(ctx: Context, *, days: int = EXPIRING_DAYS,
             limit: int = 5) -> tuple[list[WaiverView], int]:
    """The first ``limit`` waivers running today that end within ``days`` (their items are
    asked again after), soonest first, and how many there are in all: the home screen's."""
    today = ctx.today
    by = today + dt.timedelta(days=days)
    with ctx.store.reading() as s:
        own = reader(ctx, s)
        rows = store.listing(s, enterprise=own, running_on=today, ending_by=by, limit=limit)
        total = store.count_running(s, today=today, ending_by=by, enterprise=own)
        return [_view(ctx.catalogue, w, name, today) for w, name in rows], total


# --- what inspections rely on -----------------------------------------------------------------


def waived_for(s: Session, inspection_id: int, packs: Sequence[Pack]) -> dict[str, frozenset[str]]:
    """The items of each of ``packs`` the waivers inspection ``inspection_id`` relies on set
    aside: what its evaluation passes as ``waived`` (empty for nearly every inspection)."""
    running = store.running_for(s, inspection_id)
    return waived_items(packs, [item for _, item in running]) if running else {}


def relied_ids(s: Session, inspection_id: int, packs: Sequence[Pack]) -> list[int]:
    """The ids of the waivers inspection ``inspection_id`` relies on under ``packs`` (those
    whose item one of them has and no rule of it counts)."""
    running = store.running_for(s, inspection_id)
    kept = {i for v in waived_items(packs, [item for _, item in running]).values() for i in v}
    return [w for w, item in running if item in kept]


def refuse_waived(s: Session, inspection_id: int, pack: Pack, item_id: str) -> None:
    """Refuse answering (or skipping) an item a waiver sets aside in this inspection, naming
    the waiver: it is not applicable here, whatever one answers."""
    ids = [i for i, item in store.running_for(s, inspection_id) if item == item_id]
    if not ids or not waived_items([pack], [item_id]):
        return
    w = store.get(s, ids[0])
    raise AnjianError("finding.waived", key=f"{inspection_id}/{item_id}", id=w.id,
                      basis=w.basis, by=w.approved_by, until=w.valid_until.isoformat())


def for_inspection(ctx: Context, inspection_id: int, packs: Sequence[Pack]
                   ) -> tuple[dict[str, frozenset[str]], tuple[WaiverView, ...]]:
    """The ``waived`` map inspection ``inspection_id`` is evaluated with (as its stored
    determination was) and the waivers behind it: what a front end that evaluates the
    checklist itself needs (the runner)."""
    with ctx.store.reading() as s:
        running = store.running_for(s, inspection_id)
        waived = waived_items(packs, [item for _, item in running]) if running else {}
        kept = {i for v in waived.values() for i in v}
        ids = [i for i, item in running if item in kept]
        views = _views(ctx, s, ids, {i: (inspection_id,) for i in ids})
    return waived, views


def relied_on_in(ctx: Context, s: Session, *, inspection_id: int | None = None,
                 campaign: int | None = None,
                 enterprise: str | None = None) -> tuple[WaiverView, ...]:
    """The waivers the inspections in scope (one, a campaign's, an enterprise's, or every
    one) relied on, each with those inspections: waivers of an item one of their packs has and
    no rule of it counts. Read in the caller's transaction (a report's snapshot)."""
    found: dict[int, list[int]] = {}
    rows = store.relied_on(s, inspection_id=inspection_id, campaign=campaign,
                           enterprise=enterprise)
    if not rows:
        return ()
    items = {w.id: w.item_id for w, _ in store.listing(s, ids=sorted({r[0] for r in rows}))}
    for wid, iid, pack_id in rows:
        entry = ctx.catalogue.get(pack_id)
        if entry is None or wid not in items or not waived_items([entry.pack], [items[wid]]):
            continue
        if iid not in found.setdefault(wid, []):
            found[wid].append(iid)
    return _views(ctx, s, sorted(found), {w: tuple(i) for w, i in found.items()})


def _views(ctx: Context, s: Session, ids: Iterable[int],
           inspections: dict[int, tuple[int, ...]]) -> tuple[WaiverView, ...]:
    ids = list(ids)
    if not ids:
        return ()
    rows = store.listing(s, ids=ids)
    return tuple(_view(ctx.catalogue, w, name, ctx.today, inspections.get(w.id or 0, ()))
                 for w, name in sorted(rows, key=lambda r: r[0].id or 0))


def _record(row: Waiver) -> dict[str, object]:
    """A waiver as the audit log keeps it."""
    return {"enterprise": row.enterprise_uscc, "pack": row.pack_id, "item": row.item_id,
            "reason": row.reason, "basis": row.basis, "requested_by": row.requested_by,
            "approved_by": row.approved_by, "granted_on": row.granted_on.isoformat(),
            "valid_until": row.valid_until.isoformat()}


def _view(catalogue: Catalogue, row: Waiver, name: str, today: dt.date,
          inspections: tuple[int, ...] = ()) -> WaiverView:
    entry = catalogue.get(row.pack_id)
    item = next((i for i in entry.pack.items() if i.id == row.item_id), None) \
        if entry is not None else None
    now = state(row.valid_until, row.revoked_at is not None, today)
    assert row.id is not None
    return WaiverView(
        id=row.id, enterprise_uscc=row.enterprise_uscc, enterprise_name=name,
        pack_id=row.pack_id, item_id=row.item_id, clause=item.clause if item else "",
        item_text=item.text_zh if item else "", standard=entry.pack.standard if entry else "",
        reason=row.reason, basis=row.basis, requested_by=row.requested_by,
        approved_by=row.approved_by, granted_on=row.granted_on, granted_at=row.granted_at,
        valid_until=row.valid_until, revoked_at=row.revoked_at, revoked_by=row.revoked_by,
        revoked_reason=row.revoked_reason, version=row.version, state=now,
        days_left=(row.valid_until - today).days if now is WaiverState.running else None,
        inspections=inspections)

