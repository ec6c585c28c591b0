"""Reads and writes of the enterprise risk register (风险点, their analysis entries and the
hazards tied to them), in the caller's transaction.

Whether a risk point is flagged for re-assessment is a question of its hazards as they stand,
never of a stored column: :data:`FLAGGED` is the SQL condition (a page of points is filtered
by it in the same query), :func:`flag_reasons` the hazards behind it for a whole list of
points in two queries, never one a point.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import and_, exists, func, or_
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from core.i18n import AnjianError
from core.store import writes
from core.store.tables import (
    Hazard,
    Inspection,
    RiskEntry,
    RiskLink,
    RiskPoint,
    SitePlan,
)

_P = RiskPoint.__table__  # type: ignore[attr-defined]
_L = RiskLink.__table__  # type: ignore[attr-defined]
_H = Hazard.__table__  # type: ignore[attr-defined]
_L2 = _L.alias("later_link")
_H2 = _H.alias("later")

#: A major hazard tied to the point and not closed (销号).
OPEN_MAJOR = (sa_select(_L.c.hazard_id).join(_H, _H.c.id == _L.c.hazard_id)
              .where(_L.c.risk_point_id == _P.c.id, _H.c.level == "major",
                     _H.c.status != "closed"))

#: A hazard tied to the point that the ledger found again after 销号 of another hazard of the
#: same item (``recurrence_of``, set only after a closure by verification, never after a
#: correction on site) tied to the same point: it recurs there. The bureau's statistics
#: (:mod:`core.store.risk_statistics`) count the same.
_RECURS = and_(_L.c.hazard_id == _H2.c.recurrence_of, _L.c.risk_point_id == _L2.c.risk_point_id)
RECURRING = (sa_select(_H2.c.id).select_from(_L2.join(_H2, _H2.c.id == _L2.c.hazard_id))
             .join(_L, _RECURS).where(_L2.c.risk_point_id == _P.c.id))

#: The point is flagged for re-assessment (correlated with ``risk_point``).
FLAGGED = or_(exists(OPEN_MAJOR), exists(RECURRING))


def add_point(session: Session, values: Mapping[str, Any]) -> RiskPoint:
    row = RiskPoint(**values)
    session.add(row)
    session.flush()  # its id, and a broken key, now
    return row


def get_point(session: Session, point_id: int, *, lock: bool = False) -> RiskPoint:
    """The risk point ``point_id`` (``lock``: its row locked until the transaction ends), or
    a refusal naming it."""
    row = session.get(RiskPoint, point_id, with_for_update=lock or None)
    if row is None or row.retired_at is not None:
        raise AnjianError("db.not_found", kind="risk_point", key=point_id)
    return row


def point_by_code(session: Session, enterprise: str, code: str) -> RiskPoint | None:
    return session.exec(select(RiskPoint).where(RiskPoint.enterprise_uscc == enterprise,
                                                RiskPoint.code == code)).first()


def update_point(session: Session, row: RiskPoint, values: Mapping[str, Any]) -> RiskPoint:
    """Change a risk point; a stale version is refused at the flush."""
    return writes._update(session, row, values)


def add_entry(session: Session, values: Mapping[str, Any]) -> RiskEntry:
    """Add an entry to a risk point, numbered after its last one."""
    last = session.connection().execute(
        sa_select(func.max(RiskEntry.__table__.c.seq))  # type: ignore[attr-defined]
        .where(RiskEntry.__table__.c.risk_point_id == values["risk_point_id"])  # type: ignore[attr-defined]
    ).scalar()
    row = RiskEntry(**values, seq=int(last or 0) + 1)
    session.add(row)
    session.flush()
    return row


def entries(session: Session, point_id: int) -> Sequence[RiskEntry]:
    return session.exec(select(RiskEntry).where(RiskEntry.risk_point_id == point_id)
                        .order_by(col(RiskEntry.seq))).all()


def entries_of(session: Session, point_ids: Sequence[int]) -> dict[int, list[RiskEntry]]:
    """The entries of each of ``point_ids`` (one query), in their order."""
    found: dict[int, list[RiskEntry]] = {i: [] for i in point_ids}
    if not point_ids:
        return found
    for row in session.exec(select(RiskEntry).where(
            col(RiskEntry.risk_point_id).in_(list(point_ids)))
            .order_by(col(RiskEntry.risk_point_id), col(RiskEntry.seq))).all():
        found[row.risk_point_id].append(row)
    return found


def _listing(enterprise: str, grade: str | None, flagged: bool) -> Any:
    stmt = select(RiskPoint).where(RiskPoint.enterprise_uscc == enterprise,
                                   col(RiskPoint.retired_at).is_(None))
    if grade is not None:
        stmt = stmt.where(RiskPoint.grade == grade)
    if flagged:
        stmt = stmt.where(FLAGGED)
    return stmt


def points(session: Session, enterprise: str, *, grade: str | None = None,
           flagged: bool = False, offset: int = 0,
           limit: int | None = 100) -> list[RiskPoint]:
    """A page of the enterprise's risk points by code: of one current grade, only those
    flagged for re-assessment."""
    stmt = _listing(enterprise, grade, flagged).order_by(col(RiskPoint.code), col(RiskPoint.id))
    stmt = stmt.offset(offset)
    if limit is not None:
        stmt = stmt.limit(limit)
    return list(session.exec(stmt).all())


def count(session: Session, enterprise: str, *, grade: str | None = None,
          flagged: bool = False) -> int:
    """How many risk points :func:`points` pages through."""
    sub = _listing(enterprise, grade, flagged).subquery()
    return int(session.connection().execute(sa_select(func.count()).select_from(sub))
               .scalar_one())


def flag_reasons(session: Session, point_ids: Sequence[int]
                 ) -> dict[int, tuple[list[int], list[int]]]:
    """For each of ``point_ids`` that is flagged: (ids of its open major hazards, ids of its
    hazards recurring after 销号) — two queries for the whole list."""
    ids = list(point_ids)
    found: dict[int, tuple[list[int], list[int]]] = {}
    if not ids:
        return found
    conn = session.connection()
    majors = conn.execute(
        sa_select(_L.c.risk_point_id, _L.c.hazard_id).join(_H, _H.c.id == _L.c.hazard_id)
        .where(_L.c.risk_point_id.in_(ids), _H.c.level == "major", _H.c.status != "closed")
        .order_by(_L.c.risk_point_id, _L.c.hazard_id)).all()
    for pid, hid in majors:
        found.setdefault(int(pid), ([], []))[0].append(int(hid))
    recurring = conn.execute(
        sa_select(_L2.c.risk_point_id, _H2.c.id).distinct()
        .select_from(_L2.join(_H2, _H2.c.id == _L2.c.hazard_id)).join(_L, _RECURS)
        .where(_L2.c.risk_point_id.in_(ids)).order_by(_L2.c.risk_point_id, _H2.c.id)).all()
    for pid, hid in recurring:
        found.setdefault(int(pid), ([], []))[1].append(int(hid))
    return found


def hazards_of(session: Session, point_ids: Sequence[int]) -> dict[int, list[int]]:
    """The ids of the hazards tied to each of ``point_ids`` (one query)."""
    found: dict[int, list[int]] = {i: [] for i in point_ids}
    if not point_ids:
        return found
    for pid, hid in session.connection().execute(
            sa_select(_L.c.risk_point_id, _L.c.hazard_id)
            .where(_L.c.risk_point_id.in_(list(point_ids)))
            .order_by(_L.c.risk_point_id, _L.c.hazard_id)).all():
        found[int(pid)].append(int(hid))
    return found


def hazard(session: Session, hazard_id: int) -> Hazard:
    """The hazard ``hazard_id``, or a refusal naming it."""
    row = session.get(Hazard, hazard_id)
    if row is None:
        raise AnjianError("db.not_found", kind="hazard", key=hazard_id)
    return row


def link_of(session: Session, hazard_id: int) -> RiskLink | None:
    return session.get(RiskLink, hazard_id)


def link(session: Session, hazard_id: int, point_id: int, by: str) -> RiskLink:
    """Tie the hazard to the point (in place of any point it was tied to)."""
    row = session.get(RiskLink, hazard_id)
    if row is None:
        row = RiskLink(hazard_id=hazard_id, risk_point_id=point_id, linked_by=by)
    else:
        row.risk_point_id, row.linked_by = point_id, by
    session.add(row)
    session.flush()
    return row


def unlink(session: Session, row: RiskLink) -> None:
    session.delete(row)
    session.flush()


def enterprise_hazards(session: Session, enterprise: str) -> list[tuple[int, int]]:
    """(hazard id, risk point id) of every hazard tied to a point of the enterprise."""
    return [(int(h), int(p)) for h, p in session.connection().execute(
        sa_select(_L.c.hazard_id, _L.c.risk_point_id).join(_P, _P.c.id == _L.c.risk_point_id)
        .where(_P.c.enterprise_uscc == enterprise).order_by(_L.c.hazard_id)).all()]


def inspection_enterprise(session: Session, inspection_id: int) -> str:
    """The enterprise an inspection is of, or a refusal naming the inspection."""
    row = session.get(Inspection, inspection_id)
    if row is None:
        raise AnjianError("db.not_found", kind="inspection", key=inspection_id)
    return row.enterprise_uscc


def site_plan(session: Session, enterprise: str) -> SitePlan | None:
    return session.get(SitePlan, enterprise)

