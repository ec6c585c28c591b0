"""Reading the audit log for its checks: the chain in pages by sequence number (flat memory
at any length), the head with the database's own id (what an anchor records), one entry's
hash (what an anchor is compared with), and the pack contents the log recorded for
inspections (what an inspection's pack record is compared with)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from sqlalchemy import and_, bindparam, case, func, literal, literal_column
from sqlalchemy import select as sa_select
from sqlmodel import Session

from core.store.audit_chain import FORM2_PAYLOAD_SQL
from core.store.tables import AuditEntry, AuditHead, CampaignPack, Inspection, InspectionPack, Meta

_A = AuditEntry.__table__  # type: ignore[attr-defined]
_AH = AuditHead.__table__  # type: ignore[attr-defined]
_M = Meta.__table__  # type: ignore[attr-defined]
_I = Inspection.__table__  # type: ignore[attr-defined]
_IP = InspectionPack.__table__  # type: ignore[attr-defined]
_CP = CampaignPack.__table__  # type: ignore[attr-defined]

_COLUMNS = (_A.c.seq, _A.c.at, _A.c.actor, _A.c.action, _A.c.object_type, _A.c.object_id,
            _A.c.before, _A.c.after, _A.c.prev_hash, _A.c.hash, _A.c.form)
_WINDOW = (_A.c.seq > bindparam("after"), _A.c.seq <= bindparam("upto"))
#: Per dialect, the page of the chain: on PostgreSQL a form-2 entry comes with the payload the
#: server computes of it (the trigger's own expression); elsewhere there is none to compute.
_PAGE = {
    "postgresql": sa_select(*_COLUMNS, case(
        (_A.c.form == 2, literal_column(FORM2_PAYLOAD_SQL.format(row=""))),
        else_=None).label("payload")),
    "other": sa_select(*_COLUMNS, literal(None).label("payload")),
}
_HEAD = sa_select(_AH.c.seq, _AH.c.hash).where(_AH.c.id == 1)
#: The first entry after the recorded head, read with the head in one statement.
_BEYOND = sa_select(_AH.c.seq, sa_select(func.min(_A.c.seq)).where(_A.c.seq > _AH.c.seq)
                    .scalar_subquery()).where(_AH.c.id == 1)
_HASH_AT = sa_select(_A.c.hash).where(_A.c.seq == bindparam("seq"))
_DATABASE_ID = sa_select(_M.c.value).where(_M.c.key == "database_id")
#: The actions whose entries record an inspection's pack contents (``after.packs``).
PACK_ACTIONS = ("inspection.start", "inspection.repin")
_PACKS_RECORDED = (
    sa_select(_A.c.seq, _A.c.object_id, _A.c.after)
    .where(*_WINDOW, _A.c.object_type == "inspection", _A.c.action.in_(PACK_ACTIONS))
    .order_by(_A.c.seq))


def audit_page(session: Session, after: int, upto: int, limit: int) -> Sequence[Any]:
    """Up to ``limit`` entries with ``after < seq <= upto`` in sequence order, as tuples with
    the columns' names (and ``payload``: see :func:`core.store.audit_chain.verify`)."""
    conn = session.connection()
    stmt = _PAGE.get(conn.dialect.name, _PAGE["other"])
    return conn.execute(stmt.where(*_WINDOW).order_by(_A.c.seq).limit(limit),
                        {"after": after, "upto": upto}).all()


def head(session: Session) -> tuple[int, str]:
    """(sequence number, hash) of the chain's recorded head."""
    seq, digest = session.connection().execute(_HEAD).one()
    return seq, digest


def first_beyond_head(session: Session) -> int | None:
    """The first entry's sequence number after the recorded head (None: none), one reading."""
    first: int | None = session.connection().execute(_BEYOND).one()[1]
    return first


def hash_at(session: Session, seq: int) -> str | None:
    """The hash of entry ``seq`` (None: there is no such entry)."""
    return session.connection().execute(_HASH_AT, {"seq": seq}).scalar()


def database_id(session: Session) -> str | None:
    """The database's own id, made once by migration 0012 (None: the row is gone)."""
    return session.connection().execute(_DATABASE_ID).scalar()


def packs_recorded(session: Session, after: int, upto: int,
                   inspections: Collection[str]) -> list[tuple[int, str, Any]]:
    """(seq, inspection id, ``after``) of the ``inspection.start``/``inspection.repin``
    entries with ``after < seq <= upto`` of the given inspections (ids as the log writes
    them), in sequence order. The window keeps each reading short; the inspections are
    picked here, not in SQL, since ``object_id`` has no index to look them up by."""
    rows = session.connection().execute(_PACKS_RECORDED, {"after": after, "upto": upto})
    return [(seq, oid, data) for seq, oid, data in rows if oid in inspections]


_PACK_RECORDS = (
    sa_select(_IP.c.inspection_id, _IP.c.pack_id, _IP.c.pack_version, _IP.c.pack_hash,
              _I.c.campaign_id, _CP.c.pack_version, _CP.c.pack_hash)
    .join(_I, _I.c.id == _IP.c.inspection_id)
    .outerjoin(_CP, and_(_CP.c.campaign_id == _I.c.campaign_id,
                         _CP.c.pack_id == _IP.c.pack_id))
    .where(_IP.c.inspection_id >= bindparam("first"), _IP.c.inspection_id <= bindparam("last"))
    .order_by(_IP.c.inspection_id, _IP.c.pack_id))


def pack_records(session: Session, first: int, last: int) -> Sequence[Any]:
    """(inspection id, pack id, version, hash, campaign id, the campaign's version and hash of
    that pack or None) of what the inspections ``first``..``last`` recorded."""
    return session.connection().execute(_PACK_RECORDS, {"first": first, "last": last}).all()
