"""Reads and writes of what the four-colour map is drawn from, in the caller's transaction:
an enterprise's site plan (:class:`SitePlan`: an image kept in the evidence store by its
SHA-256, or a zone grid) and where its risk points lie on it (``RiskPoint.zone``, JSON
``{x, y, w, h}``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy.orm.attributes import flag_modified
from sqlmodel import Session, col, select

from core.i18n import AnjianError
from core.store import queries as q
from core.store.tables import RiskPoint, SitePlan, utcnow


def plan(s: Session, uscc: str, *, lock: bool = False) -> SitePlan | None:
    """The enterprise's site plan (None before one is set); ``lock``: its row locked until
    the transaction ends."""
    return s.get(SitePlan, uscc, with_for_update=lock or None)


def save_plan(s: Session, uscc: str, values: Mapping[str, Any], actor: str) -> SitePlan:
    """Set the enterprise's site plan to ``values`` (every column but the key), replacing the
    one it had."""
    row = plan(s, uscc, lock=True)
    if row is None:
        row = SitePlan(enterprise_uscc=uscc)
    for k, v in values.items():
        setattr(row, k, v)
    row.set_by, row.set_at = actor, utcnow()
    s.add(row)
    s.flush()
    return row


def plans_with(s: Session, sha256: str) -> Sequence[SitePlan]:
    """The site plans whose image has the content ``sha256``."""
    return s.exec(select(SitePlan).where(col(SitePlan.image_sha256) == sha256)).all()


def point(s: Session, point_id: int, *, lock: bool = False) -> RiskPoint:
    """The risk point ``point_id`` (a refusal naming it when there is none, or it is
    retired)."""
    row = q.get_locked(s, RiskPoint, point_id, "risk_point") if lock \
        else q.get(s, RiskPoint, point_id, "risk_point")
    if row.retired_at is not None:
        raise AnjianError("db.not_found", kind="risk_point", key=point_id)
    return row


def set_zone(s: Session, row: RiskPoint, zone: Mapping[str, int] | None) -> RiskPoint:
    """Place the risk point at ``zone`` (None: take it off the map)."""
    row.zone = dict(zone) if zone is not None else None
    flag_modified(row, "zone")
    s.add(row)
    s.flush()
    return row


def points(s: Session, uscc: str) -> Sequence[RiskPoint]:
    """The enterprise's risk points in use (not retired), by code."""
    return s.exec(select(RiskPoint).where(col(RiskPoint.enterprise_uscc) == uscc,
                                          col(RiskPoint.retired_at).is_(None))
                  .order_by(col(RiskPoint.code))).all()


