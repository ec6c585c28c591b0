"""Reading and appending through a session: the queries the services need, in one place."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, TypeVar

from sqlalchemy import func
from sqlmodel import Session, SQLModel, col, select

from core.audit import canonical, entry_hash
from core.i18n import AnjianError
from core.store.tables import (
    AuditEntry,
    AuditHead,
    Campaign,
    CampaignPack,
    Enterprise,
    FindingRow,
    Hazard,
    Inspection,
    InspectionPack,
    Rectification,
    TeamMember,
    TrainingSession,
    utcnow,
)

T = TypeVar("T", bound=SQLModel)


def get(session: Session, table: type[T], key: Any, kind: str) -> T:
    """The row with primary key ``key``, or a refusal naming what was not found."""
    row = session.get(table, key)
    if row is None:
        raise AnjianError("db.not_found", kind=kind, key=key)
    return row


def check_version(row: Any, expected: int | None, kind: str, key: Any) -> None:
    """Refuse a write based on an out-of-date view of ``row`` (someone saved in between)."""
    if expected is not None and row.version != expected:
        raise AnjianError("db.stale_view", kind=kind, key=key, seen=expected,
                          current=row.version)


def append_audit(session: Session, actor: str, action: str, obj: str, obj_id: Any,
                 before: Any = None, after: Any = None) -> AuditEntry:
    """Append an entry to the hash-chained audit log, in the caller's transaction.

    Locking the head row serialises appends on PostgreSQL; SQLite transactions already hold
    the write lock (BEGIN IMMEDIATE).
    """
    head = session.exec(select(AuditHead).where(AuditHead.id == 1).with_for_update()).one()
    at = utcnow()
    before_c, after_c = canonical(before), canonical(after)
    seq = head.seq + 1
    digest = entry_hash(head.hash, seq, at, actor, action, obj, str(obj_id), before_c, after_c)
    entry = AuditEntry(seq=seq, at=at, actor=actor, action=action, object_type=obj,
                       object_id=str(obj_id), before=before_c, after=after_c,
                       prev_hash=head.hash, hash=digest)
    session.add(entry)
    head.seq, head.hash = seq, digest
    session.add(head)
    return entry


def audit_entries(session: Session) -> Sequence[AuditEntry]:
    return session.exec(select(AuditEntry).order_by(col(AuditEntry.seq))).all()


def audit_head(session: Session) -> AuditHead:
    return session.exec(select(AuditHead).where(AuditHead.id == 1)).one()


def campaign_packs(session: Session, campaign_id: int) -> Sequence[CampaignPack]:
    return session.exec(select(CampaignPack).where(CampaignPack.campaign_id == campaign_id)
                        .order_by(col(CampaignPack.pack_id))).all()


def team(session: Session, campaign_id: int) -> Sequence[TeamMember]:
    return session.exec(select(TeamMember).where(TeamMember.campaign_id == campaign_id)
                        .order_by(col(TeamMember.id))).all()


def training_sessions(session: Session, campaign_id: int) -> Sequence[TrainingSession]:
    return session.exec(select(TrainingSession)
                        .where(TrainingSession.campaign_id == campaign_id)
                        .order_by(col(TrainingSession.held_on))).all()


def inspections(session: Session, campaign_id: int | None = None,
                enterprise: str | None = None, kind: str | None = None) -> Sequence[Inspection]:
    q = select(Inspection)
    if campaign_id is not None:
        q = q.where(Inspection.campaign_id == campaign_id)
    if enterprise is not None:
        q = q.where(Inspection.enterprise_uscc == enterprise)
    if kind is not None:
        q = q.where(Inspection.kind == kind)
    return session.exec(q.order_by(col(Inspection.id))).all()


def inspection_packs(session: Session, inspection_id: int) -> Sequence[InspectionPack]:
    return session.exec(select(InspectionPack)
                        .where(InspectionPack.inspection_id == inspection_id)
                        .order_by(col(InspectionPack.pack_id))).all()


def findings(session: Session, inspection_id: int) -> Sequence[FindingRow]:
    return session.exec(select(FindingRow).where(FindingRow.inspection_id == inspection_id)
                        .order_by(col(FindingRow.id))).all()


def finding(session: Session, inspection_id: int, item_id: str) -> FindingRow | None:
    return session.exec(select(FindingRow).where(FindingRow.inspection_id == inspection_id,
                                                 FindingRow.item_id == item_id)).first()


def hazards(session: Session, *, inspection_id: int | None = None,
            campaign_id: int | None = None, enterprise: str | None = None,
            overdue_on: dt.date | None = None, level: str | None = None,
            status: str | None = None) -> Sequence[Hazard]:
    q = select(Hazard)
    if inspection_id is not None:
        q = q.where(Hazard.inspection_id == inspection_id)
    if campaign_id is not None:
        q = q.where(Hazard.campaign_id == campaign_id)
    if enterprise is not None:
        q = q.where(Hazard.enterprise_uscc == enterprise)
    if level is not None:
        q = q.where(Hazard.level == level)
    if status is not None:
        q = q.where(Hazard.status == status)
    if overdue_on is not None:
        q = q.where(Hazard.status != "closed", col(Hazard.deadline).is_not(None),
                    col(Hazard.deadline) < overdue_on)
    return session.exec(q.order_by(col(Hazard.id))).all()


def rectifications(session: Session, hazard_id: int) -> Sequence[Rectification]:
    return session.exec(select(Rectification).where(Rectification.hazard_id == hazard_id)
                        .order_by(col(Rectification.id))).all()


def enterprises(session: Session, *, sector: str | None = None,
                district: str | None = None) -> Sequence[Enterprise]:
    q = select(Enterprise)
    if sector is not None:
        q = q.where(Enterprise.sector == sector)
    if district is not None:
        q = q.where(Enterprise.district == district)
    return session.exec(q.order_by(col(Enterprise.district), col(Enterprise.name))).all()


def campaigns(session: Session) -> Sequence[Campaign]:
    return session.exec(select(Campaign).order_by(col(Campaign.id))).all()


def hazard_facts(session: Session) -> Sequence[Any]:
    """(enterprise, level, status, deadline) of every hazard that is not closed."""
    return session.exec(select(col(Hazard.enterprise_uscc), col(Hazard.level),
                               col(Hazard.status), col(Hazard.deadline))
                        .where(Hazard.status != "closed")).all()


def major_rate_rows(session: Session, by: str) -> Sequence[Any]:
    """(group, inspections, major hazards) grouped by enterprise ``sector`` or ``district``,
    or by inspection ``period`` (YYYY-MM)."""
    majors = (select(Hazard.inspection_id, func.count().label("n"))
              .where(Hazard.level == "major").group_by(col(Hazard.inspection_id)).subquery())
    if by == "period":
        key: Any = func.substr(func.cast(col(Inspection.inspected_on), _text()), 1, 7)
    else:
        key = getattr(Enterprise, by)
    q = (select(key.label("grp"), func.count(col(Inspection.id)),
                func.coalesce(func.sum(majors.c.n), 0))
         .select_from(Inspection)
         .join(Enterprise, col(Enterprise.uscc) == col(Inspection.enterprise_uscc))
         .outerjoin(majors, majors.c.inspection_id == col(Inspection.id))
         .group_by(key).order_by(key))
    return session.exec(q).all()


def hazard_counts(session: Session) -> Sequence[Any]:
    """(level, status, count) over every hazard."""
    return session.exec(select(col(Hazard.level), col(Hazard.status), func.count())
                        .group_by(col(Hazard.level), col(Hazard.status))).all()


def overdue_count(session: Session, today: dt.date) -> int:
    return int(session.exec(select(func.count()).select_from(Hazard).where(
        Hazard.status != "closed", col(Hazard.deadline).is_not(None),
        col(Hazard.deadline) < today)).one())


def _text() -> Any:
    from sqlalchemy import String

    return String()
