"""Reading and appending through a session: the queries the services need, in one place."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator, Sequence
from itertools import groupby
from operator import itemgetter
from typing import Any, TypeVar

from sqlalchemy import (
    String,
    and_,
    bindparam,
    case,
    cast,
    exists,
    func,
    literal,
    literal_column,
    or_,
    text,
    tuple_,
)
from sqlalchemy import delete as sa_delete
from sqlalchemy import insert as sa_insert
from sqlalchemy import select as sa_select
from sqlalchemy import update as sa_update
from sqlalchemy.types import Date, Integer
from sqlmodel import Session, SQLModel, col, select

from core.i18n import AnjianError
from core.store.audit_chain import canonical, entry_hash
from core.store.tables import (
    Amendment,
    AuditEntry,
    AuditHead,
    Campaign,
    CampaignPack,
    DeadlineChange,
    Decision,
    Enterprise,
    EvidenceFile,
    Exemption,
    ExtensionRequest,
    FindingRow,
    Hazard,
    Inspection,
    InspectionPack,
    Rectification,
    Recurrence,
    StageEntry,
    TeamMember,
    TrainingSession,
    User,
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

    Locking the head row serialises appends on PostgreSQL; SQLite's write transactions hold
    the write lock already (BEGIN IMMEDIATE). On a database set up for team mode the database's own
    trigger numbers, stamps (time, ``session_user``) and hashes the entry: what is returned is
    what it stored.
    """
    conn = session.connection()
    if session.info.get("team"):
        stored = conn.execute(_AUDIT_APPEND_TEAM, {
            "actor": actor, "action": action, "object_type": obj, "object_id": str(obj_id),
            "before": canonical(before), "after": canonical(after)}).one()
        return AuditEntry(**stored._asdict())
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


def deadline_changes(session: Session, hazard_id: int) -> Sequence[DeadlineChange]:
    """A hazard's deadline history, oldest first."""
    return session.exec(select(DeadlineChange).where(DeadlineChange.hazard_id == hazard_id)
                        .order_by(col(DeadlineChange.id))).all()


def extensions(session: Session, hazard_id: int) -> Sequence[ExtensionRequest]:
    """A hazard's requests for more time, oldest first."""
    return session.exec(select(ExtensionRequest).where(ExtensionRequest.hazard_id == hazard_id)
                        .order_by(col(ExtensionRequest.id))).all()


def pending_extension(session: Session, hazard_id: int) -> ExtensionRequest | None:
    """The hazard's request awaiting the lead's decision (at most one)."""
    return session.exec(select(ExtensionRequest).where(
        ExtensionRequest.hazard_id == hazard_id,
        ExtensionRequest.status == "pending")).first()


def lock_hazard(session: Session, hazard_id: int) -> Hazard:
    """The hazard, its row locked until the transaction ends: changes to its deadline and its
    requests for more time are made one after another (SQLite's write transactions hold the
    write lock already)."""
    return get_locked(session, Hazard, hazard_id, "hazard")


def get_locked(session: Session, table: type[T], key: Any, kind: str) -> T:
    row = session.get(table, key, with_for_update=True)
    if row is None:
        raise AnjianError("db.not_found", kind=kind, key=key)
    return row


def enterprise(session: Session, uscc: str) -> Enterprise | None:
    return session.get(Enterprise, uscc)


def enterprise_codes(session: Session) -> set[str]:
    """The credit code of every registered enterprise (what a roster import checks against)."""
    return set(session.connection().execute(sa_select(_E.c.uscc)).scalars())


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


# --- the answer path, in SQLAlchemy Core with statements built once: an answer is recorded
# in a few milliseconds, most of it spent in the database rather than building SQL ---------

_F = FindingRow.__table__  # type: ignore[attr-defined]
_A = AuditEntry.__table__  # type: ignore[attr-defined]
_AH = AuditHead.__table__  # type: ignore[attr-defined]
_I = Inspection.__table__  # type: ignore[attr-defined]
_H = Hazard.__table__  # type: ignore[attr-defined]
_IP = InspectionPack.__table__  # type: ignore[attr-defined]
_HD = DeadlineChange.__table__  # type: ignore[attr-defined]
_HX = ExtensionRequest.__table__  # type: ignore[attr-defined]
_E = Enterprise.__table__  # type: ignore[attr-defined]
_R = Rectification.__table__  # type: ignore[attr-defined]
_EF = EvidenceFile.__table__  # type: ignore[attr-defined]
_RC = Recurrence.__table__  # type: ignore[attr-defined]
_AM = Amendment.__table__  # type: ignore[attr-defined]
_C = Campaign.__table__  # type: ignore[attr-defined]

_HEAD_FOR_UPDATE = sa_select(_AH.c.seq, _AH.c.hash).where(_AH.c.id == 1).with_for_update()
_AUDIT_INSERT = sa_insert(_A)
#: Team mode: the trigger fills seq, at, actor, prev_hash, hash and form.
_AUDIT_APPEND_TEAM = sa_insert(_A).values(
    actor=bindparam("actor"), action=bindparam("action"), object_type=bindparam("object_type"),
    object_id=bindparam("object_id"), before=bindparam("before", type_=_A.c.before.type),
    after=bindparam("after", type_=_A.c.after.type), prev_hash="", hash="",
    at=func.now()).returning(*_A.c)
#: Team mode: clients may not lock the head row (they have no UPDATE on it); a transaction-
#: scoped advisory lock serialises what the head lock serialised (user changes, first users).
_TEAM_MUTEX = sa_select(func.pg_advisory_xact_lock(0x616E6A69616E))
_HEAD_UPDATE = sa_update(_AH).where(_AH.c.id == 1).values(seq=bindparam("new_seq"),
                                                          hash=bindparam("new_hash"))
_INSPECTION_SITE = (
    sa_select(_I.c.id, _I.c.campaign_id, _I.c.enterprise_uscc, _I.c.kind, _I.c.inspected_on,
              _I.c.categories, _I.c.tags, _I.c.exclusions, _C.c.stage, _IP.c.pack_id,
              _IP.c.pack_version, _IP.c.pack_hash)
    .join(_IP, _IP.c.inspection_id == _I.c.id)
    .outerjoin(_C, _C.c.id == _I.c.campaign_id)
    .where(_I.c.id == bindparam("iid")).order_by(_IP.c.pack_id))
_PINNED_PACKS = (sa_select(_IP.c.pack_id, _IP.c.pack_version, _IP.c.pack_hash)
                 .where(_IP.c.inspection_id == bindparam("iid")).order_by(_IP.c.pack_id))
_FINDING_STATE = (sa_select(_F.c.id, _F.c.status, _F.c.note, _F.c.version, _F.c.skip_reason,
                             _F.c.corrected_on_site, _F.c.detail, _F.c.answered_by,
                             _F.c.answered_at)
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
#: Items given a status: what keeps an inspection in (or out of) the statistics.
_ANSWERED = (sa_select(func.count()).select_from(_F)
             .where(_F.c.inspection_id == bindparam("iid"), _F.c.status.is_not(None))
             .scalar_subquery())
_SET_DETERMINATION = (sa_update(_I).where(_I.c.id == bindparam("iid"))
                      .values(answered_items=_ANSWERED))
_HAZARD_STATES = (sa_select(_H.c.id, _H.c.item_id, _H.c.status, _H.c.level, _H.c.clause,
                            _H.c.rule_id, _H.c.listed_supervision, _H.c.version,
                            _H.c.corrected_on_site, _H.c.deadline, _H.c.verified_on)
                  .where(_H.c.inspection_id == bindparam("iid")))
_HAZARD_UPDATE = sa_update(_H).where(_H.c.id == bindparam("hid"),
                                     _H.c.version == bindparam("old_version"))
_HAZARD_DEFAULTS: dict[str, Any] = {
    "version": 1, "status": "open", "deadline": None, "responsible": "", "plan_goal": "",
    "plan_method": "", "plan_funding": "", "plan_organisation": "", "plan_timeline": "",
    "plan_safety": "", "verified_by": "", "verified_on": None, "note": "", "rule_id": "",
    "corrected_on_site": False, "recurrence_of": None}


def inspection_site(session: Session, inspection_id: int) -> tuple[Any, list[Any]]:
    """The inspection's identity, site profile and campaign stage (not its stored
    determination), and the packs it recorded (``pack_id``, ``pack_version``, ``pack_hash``),
    in one query: all the answer path reads of it before the findings."""
    rows = session.connection().execute(_INSPECTION_SITE, {"iid": inspection_id}).all()
    if not rows:
        raise AnjianError("db.not_found", kind="inspection", key=inspection_id)
    return rows[0], list(rows)


def pinned_packs(session: Session, inspection_id: int) -> Sequence[Any]:
    """(pack_id, pack_version, pack_hash) of each pack the inspection recorded."""
    return session.connection().execute(_PINNED_PACKS, {"iid": inspection_id}).all()


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
    """Store the live determination (derived data: the inspection's version is kept) and,
    with it, what the statistics count: how many items are answered and how many packs'
    verdicts are major (one major-hazard determination each)."""
    majors = sum(1 for d in data.get("determinations", ()) if d.get("verdict") == "major")
    session.connection().execute(_SET_DETERMINATION, {
        "iid": inspection_id, "determination": data, "major_determinations": majors})


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


def delete_hazard(session: Session, state: Any) -> dict[str, Any]:
    """Delete a hazard with every row that belongs to it (its rectifications and their files,
    whatever else refers to it); returns what was deleted, for the audit entry that keeps it."""
    conn = session.connection()
    kept: dict[str, Any] = {"hazard": dict(conn.execute(
        sa_select(_H).where(_H.c.id == state.id)).mappings().one())}
    fixes = [r.id for r in conn.execute(sa_select(_R.c.id).where(_R.c.hazard_id == state.id))]
    if fixes:
        ids = [str(f) for f in fixes]
        files = conn.execute(sa_select(_EF).where(_EF.c.object_type == "rectification",
                                                  _EF.c.object_id.in_(ids))).mappings().all()
        if files:
            kept["files"] = [dict(f) for f in files]
            conn.execute(sa_delete(_EF).where(_EF.c.object_type == "rectification",
                                              _EF.c.object_id.in_(ids)))
    for table in SQLModel.metadata.sorted_tables:
        for fk in table.foreign_keys:
            if fk.column.table is _H and table is not _H:
                rows = conn.execute(sa_select(table).where(fk.parent == state.id)
                                    ).mappings().all()
                if rows:
                    kept[table.name] = [dict(r) for r in rows]
                    conn.execute(sa_delete(table).where(fk.parent == state.id))
    done = conn.execute(sa_delete(_H).where(_H.c.id == state.id,
                                            _H.c.version == state.version))
    if done.rowcount != 1:
        raise AnjianError("db.stale")
    return kept


def open_hazard_of(session: Session, enterprise: str, item: str,
                   other_than: int) -> Any:
    """The hazard still open (not closed) for ``item`` at ``enterprise`` that an inspection
    other than ``other_than`` found, oldest first; ``None`` when there is none."""
    return session.connection().execute(
        sa_select(_H.c.id, _H.c.level, _H.c.rule_id, _H.c.clause, _H.c.version,
                  _H.c.listed_supervision)
        .where(_H.c.enterprise_uscc == enterprise, _H.c.item_id == item,
               _H.c.inspection_id != other_than, _OPEN)
        .order_by(_H.c.id).limit(1)).first()


def last_closed_hazard(session: Session, enterprise: str, item: str) -> int | None:
    """The latest hazard of ``item`` at ``enterprise`` closed by verification (销号)."""
    return session.connection().execute(
        sa_select(_H.c.id).where(_H.c.enterprise_uscc == enterprise, _H.c.item_id == item,
                                 _H.c.status == "closed", _H.c.corrected_on_site.is_(False))
        .order_by(_H.c.id.desc()).limit(1)).scalar()


def recurrences(session: Session, *, inspection_id: int | None = None,
                hazard_id: int | None = None) -> Sequence[Any]:
    """Links of later findings to a hazard still open: (hazard, item, inspection, found on,
    level), oldest first."""
    stmt = (sa_select(_RC.c.hazard_id, _H.c.item_id, _RC.c.inspection_id, _RC.c.found_on,
                      _RC.c.level).join(_H, _H.c.id == _RC.c.hazard_id)
            .order_by(_RC.c.found_on, _RC.c.inspection_id))
    if inspection_id is not None:
        stmt = stmt.where(_RC.c.inspection_id == inspection_id)
    if hazard_id is not None:
        stmt = stmt.where(_RC.c.hazard_id == hazard_id)
    return session.connection().execute(stmt).all()


def link_recurrence(session: Session, hazard_id: int, inspection_id: int, found_on: dt.date,
                    level: str) -> None:
    session.connection().execute(sa_insert(_RC), {
        "hazard_id": hazard_id, "inspection_id": inspection_id, "found_on": found_on,
        "level": level})


def unlink_recurrence(session: Session, hazard_id: int, inspection_id: int) -> None:
    session.connection().execute(sa_delete(_RC).where(_RC.c.hazard_id == hazard_id,
                                                      _RC.c.inspection_id == inspection_id))


def move_hazard(session: Session, state: Any, inspection_id: int, campaign_id: int | None,
                found_on: dt.date) -> None:
    """Hand a hazard to another inspection that found its item (the one that first found it
    no longer does)."""
    update_hazard(session, state, {"inspection_id": inspection_id, "campaign_id": campaign_id,
                                   "found_on": found_on})


def campaign_stage(session: Session, campaign_id: int | None) -> str | None:
    if campaign_id is None:
        return None
    return session.connection().execute(
        sa_select(_C.c.stage).where(_C.c.id == campaign_id)).scalar()


def add_amendment(session: Session, values: dict[str, Any]) -> None:
    session.connection().execute(sa_insert(_AM), {"at": utcnow(), **values})


def amendments(session: Session, inspection_id: int) -> Sequence[Amendment]:
    return session.exec(select(Amendment).where(Amendment.inspection_id == inspection_id)
                        .order_by(col(Amendment.id))).all()


def ledger_stream(session: Session, *, campaign_id: int | None = None,
                  enterprise: str | None = None, overdue_on: dt.date | None = None,
                  batch: int = 5000) -> Iterator[Sequence[Any]]:
    """The ledger's rows in batches, in hazard id order, streamed from the server (flat memory
    at any size): the columns of the hazard the ledger shows, its enterprise's name
    and the answer that found it (its note, location and who gave it; empty when there is
    none). What else the ledger shows of a batch is read by :mod:`core.store.ledger_reads`,
    a query per batch."""
    found = and_(_F.c.inspection_id == _H.c.inspection_id, _F.c.item_id == _H.c.item_id)
    stmt = (sa_select(_H.c.id, _E.c.name, _H.c.enterprise_uscc, _H.c.level, _H.c.clause,
                      _H.c.item_id, _H.c.found_on, _H.c.deadline, _H.c.responsible,
                      _H.c.status, _H.c.verified_by, _H.c.verified_on, _H.c.pack_id,
                      _H.c.plan_method, _H.c.plan_funding, _H.c.corrected_on_site,
                      func.coalesce(_F.c.note, ""), func.coalesce(_F.c.location, ""),
                      func.coalesce(_F.c.answered_by, ""))
            .select_from(_H.join(_E, _E.c.uscc == _H.c.enterprise_uscc).outerjoin(_F, found))
            .order_by(_H.c.id))
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



#: The columns of a ledger line on the command line (``anjian hazards``): the hazard's, its
#: deadline as ISO text (``deadline``) and the days left to it on the day asked for (``days``,
#: negative once past; None for a hazard closed or without a deadline), both made by the
#: database, which does it faster than a conversion of each row in Python.
LEDGER_LINE = ("id", "level", "enterprise_uscc", "item_id", "clause", "status", "deadline",
               "days")


def _line_columns(dialect: str, today: dt.date | None) -> list[Any]:
    days: Any
    if dialect == "sqlite":
        days = cast(func.julianday(_H.c.deadline) - func.julianday(literal(today.isoformat()
                                                                           if today else None)),
                    Integer)
    else:
        days = _H.c.deadline - literal(today, Date)
    return [*(_H.c[k] for k in LEDGER_LINE[:6]), cast(_H.c.deadline, String).label("deadline"),
            case((_OPEN, days), else_=None).label("days")]


def hazard_stream(session: Session, *, full: bool = False, campaign_id: int | None = None,
                  enterprise: str | None = None, overdue_on: dt.date | None = None,
                  level: str | None = None, status: str | None = None,
                  today: dt.date | None = None,
                  batch: int = 5000) -> Iterator[Sequence[Any]]:
    """The hazards :func:`hazards` selects, in id order, streamed from the server in batches
    (a server-side cursor on PostgreSQL; flat memory at any size): every column (``full``) or
    those of :data:`LEDGER_LINE` (the days left counted to ``today``): rows with the
    columns' names when ``full``, else plain tuples in that order."""
    conn = session.connection()
    cols = list(_H.c) if full else _line_columns(conn.dialect.name, today)
    stmt = sa_select(*cols)
    if campaign_id is not None:
        stmt = stmt.where(_H.c.campaign_id == campaign_id)
    if enterprise is not None:
        stmt = stmt.where(_H.c.enterprise_uscc == enterprise)
    if level is not None:
        stmt = stmt.where(_H.c.level == level)
    if status is not None:
        stmt = stmt.where(_H.c.status == status)
    if overdue_on is not None:
        stmt = stmt.where(_H.c.status != "closed", _H.c.deadline.is_not(None),
                          _H.c.deadline < overdue_on)
    stmt = stmt.order_by(_H.c.id)
    if not full:
        yield from _plain(session, stmt, batch)
        return
    result = conn.execution_options(stream_results=True, yield_per=batch).execute(stmt)
    yield from result.partitions(batch)


def _plain(session: Session, stmt: Any, batch: int) -> Iterator[Sequence[Any]]:
    """``stmt``'s rows in batches as the driver gives them, plain tuples without any
    conversion (every column asked for is text or a whole number), read from a cursor of the
    session's own connection (a server-side one on PostgreSQL: flat memory): a third of the
    cost of a result row per row. Its parameters are converted as SQLAlchemy would."""
    conn = session.connection()
    compiled = stmt.compile(dialect=conn.dialect)
    processors = getattr(compiled, "_bind_processors", {})
    values = {k: processors[k](v) if k in processors and v is not None else v
              for k, v in compiled.construct_params().items()}
    dbapi = conn.connection.dbapi_connection
    assert dbapi is not None
    if conn.dialect.name == "postgresql":
        # planned for every row, as a plain query is (a cursor's plan is made by default for
        # its first tenth: nested loops where a hash join reads the whole faster)
        setting = dbapi.cursor()
        setting.execute("SET LOCAL cursor_tuple_fraction = 1")
        setting.close()
        cursor = dbapi.cursor(name=f"anjian_stream_{id(stmt):x}")
        cursor.execute(str(compiled), values)
    else:
        cursor = dbapi.cursor()
        cursor.execute(str(compiled), tuple(values[k] for k in compiled.positiontup or ()))
    try:
        while rows := cursor.fetchmany(batch):
            yield rows
    finally:
        cursor.close()


#: The columns of a roster line on the command line (``anjian enterprises list``).
ROSTER_LINE = ("uscc", "name", "district", "sector")


def roster_stream(session: Session, today: dt.date, *, full: bool = False,
                  sector: str | None = None, district: str | None = None,
                  batch: int = 5000) -> Iterator[Sequence[Any]]:
    """The enterprises :func:`enterprises` selects, in its order (district, name), each with
    its hazards not closed counted in the database: every column of the enterprise
    (``full``) or those of :data:`ROSTER_LINE`, then ``open`` (how many), ``major`` (how many
    of them major) and ``late`` (whether one is past its deadline on ``today``); streamed
    from the server in batches (rows with those names when ``full``, else plain tuples)."""
    per = (sa_select(_H.c.enterprise_uscc.label("uscc"), func.count().label("open"),
                     func.sum(case((_H.c.level == "major", 1), else_=0)).label("major"),
                     func.max(case((and_(_H.c.deadline.is_not(None), _H.c.deadline < today), 1),
                                   else_=0)).label("late"))
           .where(_OPEN).group_by(_H.c.enterprise_uscc).subquery())
    cols = list(_E.c) if full else [_E.c[k] for k in ROSTER_LINE]
    stmt = (sa_select(*cols, func.coalesce(per.c.open, 0).label("open"),
                      func.coalesce(per.c.major, 0).label("major"),
                      func.coalesce(per.c.late, 0).label("late"))
            .select_from(_E.outerjoin(per, per.c.uscc == _E.c.uscc)))
    if sector is not None:
        stmt = stmt.where(_E.c.sector == sector)
    if district is not None:
        stmt = stmt.where(_E.c.district == district)
    stmt = stmt.order_by(_E.c.district, _E.c.name, _E.c.uscc)
    if not full:
        yield from _plain(session, stmt, batch)
        return
    result = session.connection().execution_options(stream_results=True,
                                                    yield_per=batch).execute(stmt)
    yield from result.partitions(batch)


# --- statistics over a whole city's ledger: aggregated in the database on indexes made for
# them (migrations 0002 and 0003), so `anjian stats` reads a few thousand rows, not every hazard

#: A hazard still under management. Written with the literal rather than a bound parameter so
#: that both databases see the condition of the partial index ``ix_hazard_open`` in the query.
_OPEN = _H.c.status != literal_column("'closed'")
_PERIOD = func.substr(cast(_I.c.inspected_on, String), 1, 7)
RATE_GROUPS = ("sector", "district", "period")


def enterprise_count(session: Session) -> int:
    return int(session.connection().execute(
        sa_select(func.count()).select_from(_E)).scalar_one())


def open_hazard_summary(session: Session, today: dt.date) -> Counter[tuple[bool, bool]]:
    """How many enterprises have hazards not closed, by (any of them major, any of them past
    its deadline on ``today``): what the default colour policy needs, counted in the database.
    Every hazard's enterprise is registered (a foreign key), so no join is needed."""
    major = func.max(case((_H.c.level == "major", 1), else_=0)).label("major")
    late = func.max(case((and_(_H.c.deadline.is_not(None), _H.c.deadline < today), 1),
                         else_=0)).label("late")
    per = sa_select(major, late).where(_OPEN).group_by(_H.c.enterprise_uscc).subquery()
    rows = session.connection().execute(
        sa_select(per.c.major, per.c.late, func.count()).group_by(per.c.major, per.c.late))
    return Counter({(bool(m), bool(lt)): int(n) for m, lt, n in rows})


def open_hazard_facts(session: Session, batch: int = 5000) -> Iterator[tuple[str, list[Any]]]:
    """(enterprise, its facts) for every enterprise with a hazard not closed, each fact
    (enterprise, level, status, deadline) as in :func:`hazard_facts`; streamed in enterprise
    order, for a colour policy other than the default."""
    stmt = (sa_select(_H.c.enterprise_uscc, _H.c.level, _H.c.status, _H.c.deadline)
            .where(_OPEN).order_by(_H.c.enterprise_uscc))
    result = session.connection().execution_options(stream_results=True,
                                                    yield_per=batch).execute(stmt)
    for uscc, facts in groupby(result, key=itemgetter(0)):
        yield uscc, list(facts)


#: An inspection the statistics count: at least one item answered. Written with the literal,
#: as ``_OPEN`` is, so that both databases see the condition of ``ix_inspection_counted``.
_COUNTED = _I.c.answered_items > literal_column("0")
#: Which figure each kind of inspection counts toward: the rate proper (on-site and follow-up
#: inspections by the team) or the self-inspections' own.
RATE_KINDS = {"onsite": "team", "followup": "team", "self": "self"}


def inspection_rates(session: Session) -> dict[str, dict[str, list[tuple[str, int, int]]]]:
    """{``team`` | ``self``: {``sector`` | ``district`` | ``period``: [(group, inspections,
    major-hazard determinations)]}}: the inspections with at least one answer and their
    packs whose verdict is major, grouped by enterprise sector, by district and by inspection
    month (YYYY-MM), on-site and follow-up inspections (``team``) apart from self-inspections
    (``self``); each list in the database's order of its groups.

    PostgreSQL answers all three in one pass (grouping sets); SQLite has none, so it counts
    per (sector, district, period, kind) once and the three are summed here, sorted by code
    point: SQLite's own order of text (BINARY). Either reads only ``ix_inspection_counted``
    beside the enterprises."""
    conn = session.connection()
    out: dict[str, dict[str, list[tuple[str, int, int]]]] = {
        figure: {by: [] for by in RATE_GROUPS} for figure in ("team", "self")}
    majors = func.coalesce(func.sum(_I.c.major_determinations), 0)
    if conn.dialect.name == "postgresql":
        stmt = (sa_select(func.grouping(_E.c.sector), func.grouping(_E.c.district),
                          _E.c.sector, _E.c.district, _PERIOD, _I.c.kind, func.count(), majors)
                .select_from(_I).join(_E, _E.c.uscc == _I.c.enterprise_uscc).where(_COUNTED)
                .group_by(func.grouping_sets(tuple_(_E.c.sector, _I.c.kind),
                                             tuple_(_E.c.district, _I.c.kind),
                                             tuple_(_PERIOD, _I.c.kind)))
                .order_by(_E.c.sector, _E.c.district, _PERIOD, _I.c.kind))
        # a row per (group, kind), in group order: a group's on-site and follow-up rows,
        # adjacent, are added up
        for no_sector, no_district, sector, district, period, kind, n, m in conn.execute(stmt):
            figure = RATE_KINDS.get(kind)
            if figure is None:
                continue
            by, key = (("sector", sector) if not no_sector else
                       ("district", district) if not no_district else ("period", period))
            rows = out[figure][by]
            if rows and rows[-1][0] == key:
                rows[-1] = (key, rows[-1][1] + int(n), rows[-1][2] + int(m))
            else:
                rows.append((key, int(n), int(m)))
        return out
    keys = (_E.c.sector, _E.c.district, _PERIOD, _I.c.kind)
    stmt = (sa_select(*keys, func.count(), majors).select_from(_I)
            .join(_E, _E.c.uscc == _I.c.enterprise_uscc).where(_COUNTED).group_by(*keys))
    totals: dict[str, dict[str, dict[str, list[int]]]] = {
        figure: {by: {} for by in RATE_GROUPS} for figure in out}
    for sector, district, period, kind, n, m in conn.execute(stmt):
        figure = RATE_KINDS.get(kind)
        if figure is None:
            continue
        for by, key in zip(RATE_GROUPS, (sector, district, period), strict=True):
            total = totals[figure][by].setdefault(key, [0, 0])
            total[0] += int(n)
            total[1] += int(m)
    return {figure: {by: [(key, n, m) for key, (n, m) in sorted(groups.items())]
                     for by, groups in per.items()}
            for figure, per in totals.items()}


def hazard_counts(session: Session) -> Sequence[Any]:
    """(level, status, count) over every hazard, in that order."""
    return session.connection().execute(
        sa_select(_H.c.level, _H.c.status, func.count())
        .group_by(_H.c.level, _H.c.status).order_by(_H.c.level, _H.c.status)).all()


def recurrence_counts(session: Session) -> tuple[int, int]:
    """(hazards found again after their item's hazard was closed, 销号后复发; later findings
    linked to a hazard still open)."""
    conn = session.connection()
    after = conn.execute(sa_select(func.count()).select_from(_H)
                         .where(_H.c.recurrence_of.is_not(None))).scalar_one()
    linked = conn.execute(sa_select(func.count()).select_from(_RC)).scalar_one()
    return int(after), int(linked)


def overdue_count(session: Session, today: dt.date) -> int:
    return int(session.connection().execute(
        sa_select(func.count()).select_from(_H)
        .where(_OPEN, _H.c.deadline.is_not(None), _H.c.deadline < today)).scalar_one())


# --- users, decisions and evidence -----------------------------------------------------------

def user(session: Session, name: str) -> User | None:
    return session.get(User, name)


def users(session: Session) -> Sequence[User]:
    return session.exec(select(User).order_by(col(User.created_at), col(User.name))).all()


def user_count(session: Session, *, admins: bool = False) -> int:
    stmt = sa_select(func.count()).select_from(User)
    if admins:
        stmt = stmt.where(col(User.admin), col(User.disabled_at).is_(None))
    return int(session.execute(stmt).scalar_one())


# --- team mode: the database's user functions (core.store.team) -----------------------------

def login_exists(session: Session, login: str) -> bool:
    """Whether the PostgreSQL cluster has a role of that name."""
    return session.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"),
                           {"r": login}).first() is not None


def team_add_user(session: Session, prefix: str, name: str, role: str,
                  enterprise: str | None, admin: bool, verifier: str | None) -> bool:
    """Add a user through the database's own function (it checks the caller is an
    administrator); True when it made their login."""
    fn = f'"{prefix}_add_user"'
    return bool(session.execute(text(f"SELECT {fn}(:n, :r, :e, :a, :v)"), {
        "n": name, "r": role, "e": enterprise, "a": admin, "v": verifier}).scalar())


def team_grant_user(session: Session, prefix: str, name: str, role: str,
                    enterprise: str | None, admin: bool) -> None:
    session.execute(text(f'SELECT "{prefix}_grant_user"(:n, :r, :e, :a)'),
                    {"n": name, "r": role, "e": enterprise, "a": admin})


def team_disable_user(session: Session, prefix: str, name: str, reason: str) -> None:
    session.execute(text(f'SELECT "{prefix}_disable_user"(:n, :why)'),
                    {"n": name, "why": reason})


def reload(session: Session, row: Any) -> None:
    """Read ``row`` again (the database changed it, through one of its own functions)."""
    session.refresh(row)


def session_user(session: Session) -> str:
    """The login the database sees acting (PostgreSQL's ``session_user``)."""
    return str(session.execute(text("SELECT session_user")).scalar_one())


#: The tables whose rows are records a bureau keeps (not the schema's own bookkeeping).
_RECORDS = (Enterprise, Campaign, Inspection, Hazard, Decision, EvidenceFile, AuditEntry)
_ANY_RECORD = sa_select(or_(*(sa_select(literal(1)).select_from(t).exists()
                              for t in _RECORDS)))


def has_records(session: Session) -> bool:
    """Whether the database holds any record at all: an enterprise, campaign, inspection,
    hazard, decision, evidence file or audit entry (one probe a table, each ending at its
    first row)."""
    return bool(session.execute(_ANY_RECORD).scalar_one())


def lock_audit(session: Session) -> None:
    """Take the audit head's row lock: whoever holds it is the only one appending (and, on an
    empty database, the only one becoming its first user)."""
    if session.info.get("team"):
        session.connection().execute(_TEAM_MUTEX)
        return
    session.connection().execute(_HEAD_FOR_UPDATE).one()


def team_roles(session: Session, campaign_id: int) -> dict[str, str]:
    rows = session.execute(sa_select(col(TeamMember.name), col(TeamMember.role))
                           .where(col(TeamMember.campaign_id) == campaign_id)).all()
    return {name: role for name, role in rows}


def decisions(session: Session, inspection_id: int) -> Sequence[Decision]:
    return session.exec(select(Decision).where(Decision.inspection_id == inspection_id)
                        .order_by(col(Decision.id))).all()


def evidence_of(session: Session, object_type: str, object_id: str) -> Sequence[EvidenceFile]:
    return session.exec(select(EvidenceFile).where(EvidenceFile.object_type == object_type,
                                                   EvidenceFile.object_id == object_id)
                        .order_by(col(EvidenceFile.id))).all()


def evidence_hashes_used(session: Session, hashes: set[str]) -> set[str]:
    """Which of ``hashes`` some evidence row refers to."""
    if not hashes:
        return set()
    return set(session.execute(sa_select(col(EvidenceFile.sha256)).distinct()
                               .where(col(EvidenceFile.sha256).in_(sorted(hashes)))).scalars())


def evidence_all(session: Session) -> Sequence[EvidenceFile]:
    """Every evidence row, grouped by content (the order ``anjian evidence verify`` reports)."""
    return session.exec(select(EvidenceFile)
                        .order_by(col(EvidenceFile.sha256), col(EvidenceFile.id))).all()


_EF = EvidenceFile.__table__  # type: ignore[attr-defined]
_R = Rectification.__table__  # type: ignore[attr-defined]
_RECTIFICATION_OF = and_(_EF.c.object_type == "rectification",
                         _EF.c.object_id == cast(_R.c.id, String))


def inspection_evidence(session: Session,
                        inspection_id: int) -> list[tuple[EvidenceFile, int | None]]:
    """The evidence of an inspection's findings (hazard None) and of its hazards'
    rectifications (with the hazard's id), in the order they were added."""
    findings = session.exec(select(EvidenceFile).where(
        EvidenceFile.object_type == "finding",
        col(EvidenceFile.object_id).startswith(f"{inspection_id}/", autoescape=True))).all()
    fixes = session.execute(
        select(EvidenceFile, col(Rectification.hazard_id))
        .join(Rectification, _RECTIFICATION_OF)
        .join(Hazard, col(Hazard.id) == col(Rectification.hazard_id))
        .where(Hazard.inspection_id == inspection_id)).all()
    rows: list[tuple[EvidenceFile, int | None]] = [(e, None) for e in findings]
    rows += [(e, hid) for e, hid in fixes]
    return sorted(rows, key=lambda r: r[0].id or 0)


def inspection_rectifications(session: Session, inspection_id: int) -> Sequence[Rectification]:
    """The rectifications submitted for an inspection's hazards, oldest first."""
    return session.exec(select(Rectification)
                        .join(Hazard, col(Hazard.id) == col(Rectification.hazard_id))
                        .where(Hazard.inspection_id == inspection_id)
                        .order_by(col(Rectification.id))).all()


def lock_inspection(session: Session, inspection_id: int) -> None:
    """Take the inspection's row lock until the transaction ends, before reading anything of
    it: answers to one inspection are then recorded one after another, each seeing the
    findings and hazards the one before committed. Without it, on PostgreSQL, an answer read
    the findings before queueing on the row (its determination's update) and the hazards
    after, so it could undo a concurrent answer's hazard or store a determination that misses
    it, and two first answers to one item both inserted. SQLite's write transactions hold the
    write lock already (BEGIN IMMEDIATE)."""
    session.connection().execute(_LOCK_INSPECTION, {"iid": inspection_id}).all()


_LOCK_INSPECTION = sa_select(_I.c.id).where(_I.c.id == bindparam("iid")).with_for_update()


def lock_campaign(session: Session, campaign_id: int) -> None:
    """Take the campaign's row lock until the transaction ends: two inspections started at
    once then see each other (the second is a repeat the starter must confirm). SQLite's
    write transactions hold the write lock already."""
    session.connection().execute(_LOCK_CAMPAIGN, {"cid": campaign_id}).all()


_LOCK_CAMPAIGN = sa_select(_C.c.id).where(_C.c.id == bindparam("cid")).with_for_update()


# --- the audit check: every inspection's stored determination, in id order ---------------

# An outer join: an inspection whose enterprise row is gone is still checked.
_INSPECTIONS_AFTER = (
    sa_select(_I.c.id, _I.c.enterprise_uscc, _E.c.name, _I.c.inspected_on, _I.c.categories,
              _I.c.tags, _I.c.exclusions, _I.c.determination)
    .outerjoin(_E, _E.c.uscc == _I.c.enterprise_uscc)
    .where(_I.c.id > bindparam("after")).order_by(_I.c.id))


def inspections_after(session: Session, after: int, limit: int) -> Sequence[Any]:
    """The next ``limit`` inspections (site, stored determination, enterprise name) by id."""
    return session.connection().execute(_INSPECTIONS_AFTER.limit(limit),
                                         {"after": after}).all()


def inspection_campaign(session: Session, inspection_id: int) -> int | None:
    return session.connection().execute(
        sa_select(_I.c.campaign_id).where(_I.c.id == inspection_id)).scalar()


# --- a campaign's steps, its team's registration, and who of its sector self-inspected ------

_X = Exemption.__table__  # type: ignore[attr-defined]
_SE = StageEntry.__table__  # type: ignore[attr-defined]
_U = User.__table__  # type: ignore[attr-defined]
_TM = TeamMember.__table__  # type: ignore[attr-defined]
_TS = TrainingSession.__table__  # type: ignore[attr-defined]


def stage_dates(session: Session, campaign_id: int | None = None) -> dict[int, dict[str, dt.date]]:
    """The day each campaign (or only ``campaign_id``) entered each of its steps."""
    stmt = sa_select(_SE.c.campaign_id, _SE.c.stage, _SE.c.entered_on)
    if campaign_id is not None:
        stmt = stmt.where(_SE.c.campaign_id == campaign_id)
    out: dict[int, dict[str, dt.date]] = {}
    for cid, stage, on in session.connection().execute(stmt):
        out.setdefault(cid, {})[stage] = on
    return out


def first_trainings(session: Session, today: dt.date) -> dict[int, dt.date]:
    """The first training session of each campaign held by ``today``."""
    return {cid: on for cid, on in session.connection().execute(
        sa_select(_TS.c.campaign_id, func.min(_TS.c.held_on))
        .where(_TS.c.held_on <= today).group_by(_TS.c.campaign_id))}


def team_registration(session: Session, campaign_id: int) -> list[tuple[str, str, str | None]]:
    """(name, place on the team, registered role or None) of every team member."""
    rows = session.connection().execute(
        sa_select(_TM.c.name, _TM.c.role, _U.c.role)
        .outerjoin(_U, _U.c.name == _TM.c.name)
        .where(_TM.c.campaign_id == campaign_id).order_by(_TM.c.id)).all()
    return [(name, place, role) for name, place, role in rows]


def user_roles(session: Session, names: Sequence[str]) -> dict[str, str]:
    """The registered role of each of ``names`` that is a user."""
    if not names:
        return {}
    return dict(session.connection().execute(
        sa_select(_U.c.name, _U.c.role).where(_U.c.name.in_(list(names)))).all())


def _answered(kind: str, campaign_id: int, enterprise: Any) -> Any:
    """There is an inspection of ``kind`` of ``enterprise`` (a value or a correlated column)
    in the campaign with at least one answer."""
    return exists(sa_select(literal(1)).select_from(_I.join(_F, _F.c.inspection_id == _I.c.id))
                  .where(_I.c.campaign_id == campaign_id, _I.c.kind == kind,
                         _I.c.enterprise_uscc == enterprise, _F.c.status.is_not(None)))


def _uncovered(campaign_id: int, sector: str, target: str) -> Any:
    """The sector's enterprises, the typical one aside, with neither an answered
    self-inspection in the campaign nor a recorded reason for making none."""
    excused = exists(sa_select(literal(1)).where(_X.c.campaign_id == campaign_id,
                                                 _X.c.enterprise_uscc == _E.c.uscc))
    return and_(_E.c.sector == sector, _E.c.uscc != target,
                ~_answered("self", campaign_id, _E.c.uscc), ~excused)


def self_missing_count(session: Session, campaign_id: int, sector: str, target: str) -> int:
    """How many enterprises of the sector still lack a self-inspection or a reason: counted
    in the database (a city's sector holds tens of thousands of enterprises)."""
    return int(session.connection().execute(
        sa_select(func.count()).select_from(_E)
        .where(_uncovered(campaign_id, sector, target))).scalar_one())


def self_missing(session: Session, campaign_id: int, sector: str, target: str,
                 limit: int) -> list[tuple[str, str]]:
    """(credit code, name) of the first ``limit`` of them, by district and name."""
    return [(uscc, name) for uscc, name in session.connection().execute(
        sa_select(_E.c.uscc, _E.c.name).where(_uncovered(campaign_id, sector, target))
        .order_by(_E.c.district, _E.c.name, _E.c.uscc).limit(limit))]


def answered_inspections(session: Session, campaign_id: int, kind: str,
                         enterprise: str) -> bool:
    """Whether ``enterprise`` has an inspection of ``kind`` in the campaign with an answer."""
    return bool(session.connection().execute(
        sa_select(_answered(kind, campaign_id, enterprise))).scalar_one())


def exemptions(session: Session, campaign_id: int,
               enterprise: str | None = None) -> Sequence[Exemption]:
    q = select(Exemption).where(Exemption.campaign_id == campaign_id)
    if enterprise is not None:
        q = q.where(Exemption.enterprise_uscc == enterprise)
    return session.exec(q.order_by(col(Exemption.recorded_at))).all()
