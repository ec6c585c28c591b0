"""Reading and appending through a session: the queries the services need, in one place."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from typing import Any, TypeVar

from sqlalchemy import String, bindparam, cast, func
from sqlalchemy import delete as sa_delete
from sqlalchemy import insert as sa_insert
from sqlalchemy import select as sa_select
from sqlalchemy import update as sa_update
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
    conn = session.connection()
    head = conn.execute(_HEAD_FOR_UPDATE).one()
    at = utcnow()
    before_c, after_c = canonical(before), canonical(after)
    seq = head.seq + 1
    digest = entry_hash(head.hash, seq, at, actor, action, obj, str(obj_id), before_c, after_c)
    entry = {"seq": seq, "at": at, "actor": actor, "action": action, "object_type": obj,
             "object_id": str(obj_id), "before": before_c, "after": after_c,
             "prev_hash": head.hash, "hash": digest}
    conn.execute(_AUDIT_INSERT, entry)
    conn.execute(_HEAD_UPDATE, {"new_seq": seq, "new_hash": digest})
    return AuditEntry(**entry)


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
        key: Any = func.substr(func.cast(col(Inspection.inspected_on), String()), 1, 7)
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



# --- the answer path, in SQLAlchemy Core with statements built once: an answer is recorded
# in a few milliseconds, most of it spent in the database rather than building SQL ---------

_F = FindingRow.__table__  # type: ignore[attr-defined]
_A = AuditEntry.__table__  # type: ignore[attr-defined]
_AH = AuditHead.__table__  # type: ignore[attr-defined]
_I = Inspection.__table__  # type: ignore[attr-defined]
_H = Hazard.__table__  # type: ignore[attr-defined]
_IP = InspectionPack.__table__  # type: ignore[attr-defined]

_HEAD_FOR_UPDATE = sa_select(_AH.c.seq, _AH.c.hash).where(_AH.c.id == 1).with_for_update()
_AUDIT_INSERT = sa_insert(_A)
_HEAD_UPDATE = sa_update(_AH).where(_AH.c.id == 1).values(seq=bindparam("new_seq"),
                                                          hash=bindparam("new_hash"))
_INSPECTION_SITE = (
    sa_select(_I.c.id, _I.c.campaign_id, _I.c.enterprise_uscc, _I.c.kind, _I.c.inspected_on,
              _I.c.categories, _I.c.tags, _I.c.exclusions, _IP.c.pack_id)
    .join(_IP, _IP.c.inspection_id == _I.c.id)
    .where(_I.c.id == bindparam("iid")).order_by(_IP.c.pack_id))
_FINDING_STATE = (sa_select(_F.c.id, _F.c.status, _F.c.note, _F.c.version)
                  .where(_F.c.inspection_id == bindparam("iid"),
                         _F.c.item_id == bindparam("item")))
_FINDING_INSERT = sa_insert(_F)
_FINDING_UPDATE = sa_update(_F).where(_F.c.id == bindparam("fid"),
                                      _F.c.version == bindparam("old_version"))
_HAS_DETAIL = cast(_F.c.detail, String) != "{}"
_ANSWER_STATES = (sa_select(_F.c.pack_id, _F.c.item_id, _F.c.status, _F.c.corrected_on_site,
                            _HAS_DETAIL)
                  .where(_F.c.inspection_id == bindparam("iid"), _F.c.status.is_not(None)))
_ANSWER_DETAILS = sa_select(_F.c.item_id, _F.c.detail).where(
    _F.c.inspection_id == bindparam("iid"), _HAS_DETAIL)
_SET_DETERMINATION = sa_update(_I).where(_I.c.id == bindparam("iid"))
_HAZARD_STATES = (sa_select(_H.c.id, _H.c.item_id, _H.c.status, _H.c.level, _H.c.clause,
                            _H.c.rule_id, _H.c.listed_supervision, _H.c.version)
                  .where(_H.c.inspection_id == bindparam("iid")))
_HAZARD_UPDATE = sa_update(_H).where(_H.c.id == bindparam("hid"),
                                     _H.c.version == bindparam("old_version"))
_HAZARD_DEFAULTS: dict[str, Any] = {
    "version": 1, "status": "open", "deadline": None, "responsible": "", "plan_goal": "",
    "plan_method": "", "plan_funding": "", "plan_organisation": "", "plan_timeline": "",
    "plan_safety": "", "verified_by": "", "verified_on": None, "note": "", "rule_id": ""}


def inspection_site(session: Session, inspection_id: int) -> tuple[Any, list[str]]:
    """The inspection's identity and site profile (not its stored determination), and the
    ids of the packs it uses, in one query."""
    rows = session.connection().execute(_INSPECTION_SITE, {"iid": inspection_id}).all()
    if not rows:
        raise AnjianError("db.not_found", kind="inspection", key=inspection_id)
    return rows[0], [r.pack_id for r in rows]


def finding_state(session: Session, inspection_id: int, item_id: str) -> Any:
    return session.connection().execute(_FINDING_STATE,
                                        {"iid": inspection_id, "item": item_id}).first()


def save_finding(session: Session, existing: Any, values: dict[str, Any]) -> int:
    """Insert or update one finding; an update is refused if the row changed since read.
    Returns the row's new version."""
    conn = session.connection()
    if existing is None:
        conn.execute(_FINDING_INSERT, {"version": 1, "evidence": [], "location": "", **values})
        return 1
    done = conn.execute(_FINDING_UPDATE, {"fid": existing.id, "old_version": existing.version,
                                          "version": existing.version + 1, **values})
    if done.rowcount != 1:
        raise AnjianError("db.stale")
    return int(existing.version) + 1


def answer_states(session: Session, inspection_id: int) -> list[tuple[Any, ...]]:
    """(pack, item, status, corrected, detail) of every answered item: what evaluation needs,
    without building rows or decoding the JSON of answers that have no sub-check detail."""
    conn = session.connection()
    rows = conn.execute(_ANSWER_STATES, {"iid": inspection_id}).all()
    if not any(r[4] for r in rows):
        return [(p, i, st, c, {}) for p, i, st, c, _ in rows]
    details: dict[str, Any] = dict(conn.execute(_ANSWER_DETAILS, {"iid": inspection_id}).all())
    return [(p, i, st, c, details.get(i, {}) if d else {}) for p, i, st, c, d in rows]


def set_determination(session: Session, inspection_id: int, data: dict[str, Any]) -> None:
    """Store the live determination (derived data: the inspection's version is kept)."""
    session.connection().execute(_SET_DETERMINATION, {"iid": inspection_id,
                                                      "determination": data})


def hazard_states(session: Session, inspection_id: int) -> Sequence[Any]:
    return session.connection().execute(_HAZARD_STATES, {"iid": inspection_id}).all()


def insert_hazard(session: Session, values: dict[str, Any]) -> None:
    session.connection().execute(sa_insert(_H), {**_HAZARD_DEFAULTS, **values})


def update_hazard(session: Session, state: Any, values: dict[str, Any]) -> None:
    done = session.connection().execute(
        _HAZARD_UPDATE, {"hid": state.id, "old_version": state.version,
                         "version": state.version + 1, **values})
    if done.rowcount != 1:
        raise AnjianError("db.stale")


def delete_hazard(session: Session, state: Any) -> None:
    session.connection().execute(
        sa_delete(_H).where(_H.c.id == state.id, _H.c.version == state.version))


def ledger_stream(session: Session, *, campaign_id: int | None = None,
                  enterprise: str | None = None, overdue_on: dt.date | None = None,
                  batch: int = 5000) -> Iterator[Sequence[Any]]:
    """The ledger's rows in batches, streamed from the server (flat memory at any size)."""
    e = Enterprise.__table__  # type: ignore[attr-defined]
    stmt = (sa_select(_H.c.id, e.c.name, _H.c.enterprise_uscc, _H.c.level, _H.c.clause,
                      _H.c.item_id, _H.c.found_on, _H.c.deadline, _H.c.responsible,
                      _H.c.status, _H.c.verified_by, _H.c.verified_on)
            .join(e, e.c.uscc == _H.c.enterprise_uscc).order_by(_H.c.id))
    if campaign_id is not None:
        stmt = stmt.where(_H.c.campaign_id == campaign_id)
    if enterprise is not None:
        stmt = stmt.where(_H.c.enterprise_uscc == enterprise)
    if overdue_on is not None:
        stmt = stmt.where(_H.c.status != "closed", _H.c.deadline.is_not(None),
                          _H.c.deadline < overdue_on)
    result = session.connection().execution_options(stream_results=True,
                                                    yield_per=batch).execute(stmt)
    yield from result.partitions(batch)
