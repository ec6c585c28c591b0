"""Reads and writes of enforcement documents (执法文书): the issuing bureau, the officers'
certificates, the numbering sequences, the issued documents with the hazards each names and
their delivery. In the caller's transaction, as every store module.

A number is taken last in the issuing transaction (:func:`next_seq`): the sequence's row is
made if it is missing (``INSERT … ON CONFLICT DO NOTHING``, so two first issuers of a year do
not collide) and then locked (``SELECT … FOR UPDATE``) until the transaction ends, so two
issuers take consecutive numbers and a transaction rolled back gives its number back. On
SQLite the write transaction holds the database's write lock already (``BEGIN IMMEDIATE``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import func, or_
from sqlalchemy import select as sa_select
from sqlalchemy import update as sa_update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import defer
from sqlmodel import Session, col, select

from core.store.tables import (
    Bureau,
    Document,
    DocumentDelivery,
    DocumentItem,
    DocumentSequence,
    Enterprise,
    FindingRow,
    Hazard,
    OfficerCert,
    Rectification,
    User,
    utcnow,
)

_SEQ = DocumentSequence.__table__  # type: ignore[attr-defined]
_D = Document.__table__  # type: ignore[attr-defined]
_DI = DocumentItem.__table__  # type: ignore[attr-defined]
_F = FindingRow.__table__  # type: ignore[attr-defined]
_R = Rectification.__table__  # type: ignore[attr-defined]
_U = User.__table__  # type: ignore[attr-defined]
_OC = OfficerCert.__table__  # type: ignore[attr-defined]

# --- the bureau and the certificates --------------------------------------------------------

def bureau(session: Session) -> Bureau | None:
    """The issuing authority (one row), None while none is set."""
    return session.get(Bureau, 1)


def save_bureau(session: Session, values: Mapping[str, Any]) -> Bureau:
    """Record the issuing authority, or change it (its version moves on)."""
    row = session.get(Bureau, 1, with_for_update=True)
    if row is None:
        row = Bureau(id=1, **values)
    else:
        for key, value in values.items():
            setattr(row, key, value)
    session.add(row)
    session.flush()
    return row


def cert(session: Session, name: str) -> OfficerCert | None:
    return session.get(OfficerCert, name)


def certs(session: Session) -> Sequence[OfficerCert]:
    return session.exec(select(OfficerCert).order_by(col(OfficerCert.name))).all()


def save_cert(session: Session, name: str, values: Mapping[str, Any]) -> OfficerCert:
    """Record a user's certificate, or replace the one recorded."""
    row = session.get(OfficerCert, name, with_for_update=True)
    if row is None:
        row = OfficerCert(name=name, **values)
    else:
        for key, value in values.items():
            setattr(row, key, value)
    session.add(row)
    session.flush()
    return row


def officers(session: Session, names: Sequence[str]) -> dict[str, tuple[str | None, bool,
                                                                         str | None,
                                                                         dt.date | None]]:
    """Per registered user among ``names``: (role, disabled, certificate number, valid until),
    the certificate's parts None where none is recorded."""
    if not names:
        return {}
    rows = session.connection().execute(
        sa_select(_U.c.name, _U.c.role, _U.c.disabled_at, _OC.c.cert_no, _OC.c.valid_until)
        .outerjoin(_OC, _OC.c.name == _U.c.name).where(_U.c.name.in_(list(names)))).all()
    return {r.name: (r.role, r.disabled_at is not None, r.cert_no, r.valid_until)
            for r in rows}


# --- numbering ------------------------------------------------------------------------------

def next_seq(session: Session, short: str, edition: str, kind: str, year: int) -> int:
    """The next number of the sequence (bureau short name, edition, kind, year), taken: the
    sequence row stays locked until the transaction ends."""
    conn = session.connection()
    key = {"bureau_short": short, "edition": edition, "kind": kind, "year": year}
    dialect = conn.dialect.name
    if dialect == "postgresql":
        conn.execute(postgresql.insert(_SEQ).values(**key, last=0).on_conflict_do_nothing())
    elif dialect == "sqlite":
        conn.execute(sqlite.insert(_SEQ).values(**key, last=0).on_conflict_do_nothing())
    else:  # pragma: no cover - anjian runs on SQLite and PostgreSQL only
        raise NotImplementedError(dialect)
    where = [_SEQ.c[k] == v for k, v in key.items()]
    last = int(conn.execute(sa_select(_SEQ.c.last).where(*where).with_for_update())
               .scalar_one())
    conn.execute(sa_update(_SEQ).where(*where).values(last=last + 1))
    return last + 1


def last_seq(session: Session, short: str, edition: str, kind: str, year: int) -> int:
    """The last number the sequence gave (0: none yet), without taking one."""
    found = session.connection().execute(
        sa_select(_SEQ.c.last).where(_SEQ.c.bureau_short == short, _SEQ.c.edition == edition,
                                     _SEQ.c.kind == kind, _SEQ.c.year == year)).scalar()
    return int(found or 0)


# --- documents ------------------------------------------------------------------------------

def add_document(session: Session, values: Mapping[str, Any],
                 items: Iterable[Mapping[str, Any]]) -> Document:
    """An issued document and the hazards it names (hazard_id, ordinal, deadline, outcome)."""
    doc = Document(**values)
    session.add(doc)
    session.flush()
    assert doc.id is not None
    session.add_all([DocumentItem(document_id=doc.id, **item) for item in items])
    session.flush()
    return doc


def document(session: Session, number: str, *, lock: bool = False) -> Document | None:
    """The document of that number (its row locked until the transaction ends with
    ``lock``)."""
    stmt = select(Document).where(Document.number == number)
    if lock:  # read afresh under the lock
        stmt = stmt.with_for_update().execution_options(populate_existing=True)
    return session.exec(stmt).first()


def document_by_id(session: Session, doc_id: int) -> Document | None:
    return session.get(Document, doc_id)


def numbers(session: Session, ids: Iterable[int | None]) -> dict[int, str]:
    """The number of each of the documents ``ids``."""
    wanted = sorted({i for i in ids if i is not None})
    if not wanted:
        return {}
    return dict(session.connection().execute(
        sa_select(_D.c.id, _D.c.number).where(_D.c.id.in_(wanted))).all())


def documents(session: Session, *, campaign: int | None = None, enterprise: str | None = None,
              inspection: int | None = None, kind: str | None = None,
              live: bool = False) -> Sequence[Document]:
    """Documents, newest first; ``live``: the ones not voided. Their content (the frozen text,
    the larger part of a row) is read only when asked for (``Document.content``)."""
    stmt = select(Document).options(defer(Document.content))  # type: ignore[arg-type]
    if campaign is not None:
        stmt = stmt.where(Document.campaign_id == campaign)
    if enterprise is not None:
        stmt = stmt.where(Document.enterprise_uscc == enterprise)
    if inspection is not None:
        stmt = stmt.where(Document.inspection_id == inspection)
    if kind is not None:
        stmt = stmt.where(Document.kind == kind)
    if live:
        stmt = stmt.where(col(Document.voided_at).is_(None))
    return session.exec(stmt.order_by(col(Document.issued_at).desc(),
                                      col(Document.id).desc())).all()


def of_inspection(session: Session, inspection_id: int) -> Sequence[Document]:
    """The documents issued for the inspection and the reviews (复查) of its orders (a review
    may be issued under a follow-up inspection), void ones too, in the order they were issued;
    their content unread."""
    own = sa_select(_D.c.id).where(_D.c.inspection_id == inspection_id)
    return session.exec(select(Document).options(defer(Document.content))  # type: ignore[arg-type]
                        .where(or_(col(Document.inspection_id) == inspection_id,
                                   col(Document.order_id).in_(own)))
                        .order_by(col(Document.id))).all()


def items(session: Session, doc_ids: Iterable[int | None]) -> dict[int, list[DocumentItem]]:
    """The hazards each document names, in their order."""
    wanted = sorted({i for i in doc_ids if i is not None})
    out: dict[int, list[DocumentItem]] = {i: [] for i in wanted}
    if not wanted:
        return out
    for row in session.exec(select(DocumentItem)
                            .where(col(DocumentItem.document_id).in_(wanted))
                            .order_by(col(DocumentItem.document_id),
                                      col(DocumentItem.ordinal))).all():
        out[row.document_id].append(row)
    return out


def deliveries(session: Session, doc_ids: Iterable[int | None]) -> dict[int, DocumentDelivery]:
    wanted = sorted({i for i in doc_ids if i is not None})
    if not wanted:
        return {}
    return {d.document_id: d for d in session.exec(
        select(DocumentDelivery).where(col(DocumentDelivery.document_id).in_(wanted))).all()}


def enterprise_names(session: Session, codes: Iterable[str]) -> dict[str, str]:
    wanted = sorted(set(codes))
    if not wanted:
        return {}
    return {e.uscc: e.name for e in session.exec(
        select(Enterprise).where(col(Enterprise.uscc).in_(wanted))).all()}


def named_by(session: Session, hazard_ids: Iterable[int], kind: str, *,
             other_than: int | None = None) -> dict[int, str]:
    """The hazards among ``hazard_ids`` that a non-void document of ``kind`` (an order, 责改)
    names already, with its number (the document ``other_than``, being corrected, aside)."""
    wanted = sorted(set(hazard_ids))
    if not wanted:
        return {}
    stmt = (sa_select(_DI.c.hazard_id, _D.c.number).join(_D, _D.c.id == _DI.c.document_id)
            .where(_DI.c.hazard_id.in_(wanted), _D.c.kind == kind, _D.c.voided_at.is_(None))
            .order_by(_D.c.id))
    if other_than is not None:
        stmt = stmt.where(_D.c.id != other_than)
    out: dict[int, str] = {}
    for hid, number in session.connection().execute(stmt):
        out.setdefault(hid, number)
    return out


def following(session: Session, order_ids: Iterable[int], kind: str, *,
              other_than: int | None = None) -> dict[int, str]:
    """The non-void document of ``kind`` (a review, 复查) that names each of the orders
    ``order_ids`` that has one, by number (the document ``other_than``, being corrected,
    aside)."""
    wanted = sorted(set(order_ids))
    if not wanted:
        return {}
    stmt = (sa_select(_D.c.order_id, _D.c.number)
            .where(_D.c.order_id.in_(wanted), _D.c.kind == kind, _D.c.voided_at.is_(None))
            .order_by(_D.c.id))
    if other_than is not None:
        stmt = stmt.where(_D.c.id != other_than)
    out: dict[int, str] = {}
    for oid, number in session.connection().execute(stmt):
        out.setdefault(oid, number)
    return out


def reviews_pending(session: Session, *, order_kind: str, review_kind: str,
                    passed_before: dt.date, campaign: int | None = None,
                    enterprise: str | None = None, limit: int | None = None,
                    count: bool = False) -> list[tuple[Any, ...]]:
    """The deadlines of live orders that have passed (before ``passed_before``) with no live
    review naming their order, soonest first, at most ``limit``: (order id, number,
    inspection, campaign, enterprise, deadline). Read in the database from the orders' items,
    never the orders' content, so a city's home screen reads a handful of rows. ``count``:
    how many there are, as one row ``(n,)``."""
    review = _D.alias("review")
    reviewed = (sa_select(review.c.id).where(review.c.order_id == _D.c.id,
                                             review.c.kind == review_kind,
                                             review.c.voided_at.is_(None)).exists())
    stmt = (sa_select(_D.c.id, _D.c.number, _D.c.inspection_id, _D.c.campaign_id,
                      _D.c.enterprise_uscc, _DI.c.deadline)
            .select_from(_D.join(_DI, _DI.c.document_id == _D.c.id))
            .where(_D.c.kind == order_kind, _D.c.voided_at.is_(None),
                   _DI.c.deadline.is_not(None), _DI.c.deadline < passed_before, ~reviewed)
            .group_by(_D.c.id, _D.c.number, _D.c.inspection_id, _D.c.campaign_id,
                      _D.c.enterprise_uscc, _DI.c.deadline)
            .order_by(_DI.c.deadline, _D.c.id))
    if campaign is not None:
        stmt = stmt.where(_D.c.campaign_id == campaign)
    if enterprise is not None:
        stmt = stmt.where(_D.c.enterprise_uscc == enterprise)
    if count:
        inner = stmt.order_by(None).subquery()
        return [(session.connection().execute(
            sa_select(func.count()).select_from(inner)).scalar_one(),)]
    if limit is not None:
        stmt = stmt.limit(limit)
    return [tuple(row) for row in session.connection().execute(stmt)]


def void_document(session: Session, doc: Document, *, by: str, reason: str) -> Document:
    doc.voided_at, doc.voided_by, doc.void_reason = utcnow(), by, reason
    session.add(doc)
    session.flush()
    return doc


def add_delivery(session: Session, values: Mapping[str, Any]) -> DocumentDelivery:
    row = DocumentDelivery(**values)
    session.add(row)
    session.flush()
    return row


# --- what documents are composed from -------------------------------------------------------

def last_answer_at(session: Session, inspection_id: int) -> dt.datetime | None:
    """When the inspection's last answer was given (None: none yet)."""
    found: dt.datetime | None = session.connection().execute(
        sa_select(func.max(_F.c.answered_at)).where(_F.c.inspection_id == inspection_id,
                                                    _F.c.status.is_not(None))).scalar()
    return found


def latest_rectifications(session: Session,
                          hazard_ids: Iterable[int]) -> dict[int, Rectification]:
    """Each hazard's latest rectification, where it has one."""
    wanted = sorted(set(hazard_ids))
    if not wanted:
        return {}
    out: dict[int, Rectification] = {}
    for r in session.exec(select(Rectification)
                          .where(col(Rectification.hazard_id).in_(wanted))
                          .order_by(col(Rectification.id))).all():
        out[r.hazard_id] = r
    return out


def hazards_by_id(session: Session, hazard_ids: Iterable[int], *,
                  lock: bool = False) -> dict[int, Hazard]:
    """The hazards of those ids (their rows locked with ``lock``), by id."""
    wanted = sorted(set(hazard_ids))
    if not wanted:
        return {}
    stmt = select(Hazard).where(col(Hazard.id).in_(wanted)).order_by(col(Hazard.id))
    if lock:
        stmt = stmt.with_for_update()
    return {h.id: h for h in session.exec(stmt).all() if h.id is not None}


def lock_hazards(session: Session, inspection_id: int) -> None:
    """Lock the inspection's hazards until the transaction ends, read afresh: an order sets
    their deadlines from what it reads of them now."""
    session.exec(select(Hazard).where(Hazard.inspection_id == inspection_id)
                 .with_for_update().execution_options(populate_existing=True)).all()
