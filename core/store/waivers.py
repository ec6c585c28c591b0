"""Reads and writes of governed waivers (豁免), in the caller's transaction.

Which waivers an inspection relies on is a question of its own record, never of today: a
waiver counts for an inspection when the inspection's date lies in the waiver's days
(``granted_on`` through ``valid_until``), the inspection was started after the waiver was
granted and before it was revoked (:data:`_RUNS_FOR`). Granting, revoking or the passing of a
waiver's last day therefore never changes what a stored determination relied on: re-evaluated
later (``anjian audit verify``), it is the same.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import and_, bindparam, func, or_
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from core.i18n import AnjianError
from core.store import writes
from core.store.tables import (
    AuditEntry,
    Enterprise,
    FindingRow,
    Inspection,
    InspectionPack,
    Waiver,
)

_W = Waiver.__table__  # type: ignore[attr-defined]
_I = Inspection.__table__  # type: ignore[attr-defined]
_IP = InspectionPack.__table__  # type: ignore[attr-defined]

#: A waiver counts for an inspection of its enterprise dated within the waiver's days, started
#: after it was granted and before it was revoked.
_RUNS_FOR = and_(_I.c.enterprise_uscc == _W.c.enterprise_uscc,
                 _W.c.granted_on <= _I.c.inspected_on, _W.c.valid_until >= _I.c.inspected_on,
                 _W.c.granted_at <= _I.c.started_at,
                 or_(_W.c.revoked_at.is_(None), _W.c.revoked_at > _I.c.started_at))

#: The waivers one inspection relies on (an answer's evaluation reads them: built once).
_RUNNING_FOR = (sa_select(_W.c.id, _W.c.item_id).join(_I, _RUNS_FOR)
                .where(_I.c.id == bindparam("iid")).order_by(_W.c.id))


#: Where a transaction keeps what :func:`running_for` read (an answer asks twice: whether
#: the item is waived, then what its evaluation sets aside); a waiver written drops it.
_READ = "anjian_waivers_running"


def add(session: Session, values: Mapping[str, Any]) -> Waiver:
    row = Waiver(**values)
    session.info.pop(_READ, None)
    session.add(row)
    session.flush()  # its id, and a broken key, now
    return row


def get(session: Session, waiver_id: int, *, lock: bool = False) -> Waiver:
    """The waiver ``waiver_id`` (``lock``: its row locked until the transaction ends), or a
    refusal naming it."""
    row = session.get(Waiver, waiver_id, with_for_update=lock or None)
    if row is None:
        raise AnjianError("db.not_found", kind="waiver", key=waiver_id)
    return row


def update(session: Session, row: Waiver, values: Mapping[str, Any]) -> Waiver:
    """Change a waiver (its revocation); a stale version is refused at the flush."""
    session.info.pop(_READ, None)
    return writes._update(session, row, values)


def live(session: Session, enterprise: str, item: str, today: dt.date) -> Sequence[Waiver]:
    """The enterprise's waivers of ``item`` neither revoked nor ended before ``today``."""
    return session.exec(select(Waiver).where(
        Waiver.enterprise_uscc == enterprise, Waiver.item_id == item,
        col(Waiver.revoked_at).is_(None), Waiver.valid_until >= today)
        .order_by(col(Waiver.id))).all()


def listing(session: Session, *, enterprise: str | None = None, ids: Sequence[int] = (),
            running_on: dt.date | None = None, ending_by: dt.date | None = None,
            limit: int | None = None) -> list[tuple[Waiver, str]]:
    """Waivers with their enterprise's name, ending soonest first: of one enterprise, of
    ``ids``, running on a day (not revoked, not ended before it), ending by a day."""
    stmt = (select(Waiver, Enterprise.name)
            .join(Enterprise, col(Enterprise.uscc) == col(Waiver.enterprise_uscc)))
    if enterprise is not None:
        stmt = stmt.where(Waiver.enterprise_uscc == enterprise)
    if ids:
        stmt = stmt.where(col(Waiver.id).in_(list(ids)))
    if running_on is not None:
        stmt = stmt.where(col(Waiver.revoked_at).is_(None), Waiver.valid_until >= running_on,
                          Waiver.granted_on <= running_on)
    if ending_by is not None:
        stmt = stmt.where(Waiver.valid_until <= ending_by)
    stmt = stmt.order_by(col(Waiver.valid_until), col(Waiver.id))
    if limit is not None:
        stmt = stmt.limit(limit)
    return [(w, str(n)) for w, n in session.exec(stmt).all()]


def count_running(session: Session, *, today: dt.date, ending_by: dt.date,
                  enterprise: str | None = None) -> int:
    """How many waivers run ``today`` and end by ``ending_by``."""
    stmt = sa_select(func.count()).select_from(_W).where(
        _W.c.revoked_at.is_(None), _W.c.valid_until >= today, _W.c.granted_on <= today,
        _W.c.valid_until <= ending_by)
    if enterprise is not None:
        stmt = stmt.where(_W.c.enterprise_uscc == enterprise)
    return int(session.connection().execute(stmt).scalar_one())


def running_for(session: Session, inspection_id: int) -> list[tuple[int, str]]:
    """(id, item) of each waiver inspection ``inspection_id`` relies on, by id; read once
    per transaction (none is written in between)."""
    read: dict[int, list[tuple[int, str]]] = session.info.setdefault(_READ, {})
    if inspection_id not in read:
        read[inspection_id] = [(int(i), str(item)) for i, item in session.connection().execute(
            _RUNNING_FOR, {"iid": inspection_id}).all()]
    return list(read[inspection_id])


def relied_on(session: Session, *, inspection_id: int | None = None,
              campaign: int | None = None, enterprise: str | None = None
              ) -> list[tuple[int, int, str]]:
    """(waiver id, inspection id, pack id) for every inspection in scope (one, a campaign's,
    an enterprise's, or all) a waiver counts for, with each pack that inspection recorded:
    the caller keeps the packs that have the waiver's item."""
    stmt = (sa_select(_W.c.id, _I.c.id, _IP.c.pack_id).select_from(_W).join(_I, _RUNS_FOR)
            .join(_IP, _IP.c.inspection_id == _I.c.id))
    if inspection_id is not None:
        stmt = stmt.where(_I.c.id == inspection_id)
    if campaign is not None:
        stmt = stmt.where(_I.c.campaign_id == campaign)
    if enterprise is not None:
        stmt = stmt.where(_W.c.enterprise_uscc == enterprise)
    stmt = stmt.order_by(_W.c.id, _I.c.id, _IP.c.pack_id)
    return [(int(w), int(i), str(p)) for w, i, p in session.connection().execute(stmt).all()]


def found_noncompliant_by(session: Session, enterprise: str, item: str,
                          user: str) -> list[int]:
    """The inspections of ``enterprise`` in which ``user`` answered ``item`` noncompliant: as
    the finding stands, or as the audit log recorded any of their answers to it (an answer
    changed since still counts)."""
    ids = [int(i) for i in session.exec(select(Inspection.id).where(
        Inspection.enterprise_uscc == enterprise)).all() if i is not None]
    if not ids:
        return []
    found = {int(i) for i in session.exec(select(FindingRow.inspection_id).where(
        col(FindingRow.inspection_id).in_(ids), FindingRow.item_id == item,
        FindingRow.status == "noncompliant", FindingRow.answered_by == user)).all()}
    keys = {f"{i}/{item}": i for i in ids}
    for key, after in session.exec(
            select(AuditEntry.object_id, AuditEntry.after).where(
                AuditEntry.object_type == "finding", AuditEntry.actor == user,
                col(AuditEntry.action).in_(("inspection.answer", "inspection.amend")),
                col(AuditEntry.object_id).in_(list(keys)))).all():
        if isinstance(after, dict) and after.get("status") == "noncompliant":
            found.add(keys[key])
    return sorted(found)
