"""What the hand-over workbooks read beside the hazards themselves: the enforcement documents
issued for an inspection (the inspection report lists them), and for each batch of the
streamed ledger the deadline changes, rectifications, evidence files and documents of its
hazards. Each is one query per batch, never one per row: the ledger of a city streams a
hundred thousand hazards and more."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import String, and_, cast
from sqlalchemy import select as sa_select
from sqlmodel import Session

from core.store.tables import (
    DeadlineChange,
    Document,
    DocumentItem,
    EvidenceFile,
    Rectification,
)

_HD = DeadlineChange.__table__  # type: ignore[attr-defined]
_R = Rectification.__table__  # type: ignore[attr-defined]
_EF = EvidenceFile.__table__  # type: ignore[attr-defined]
_D = Document.__table__  # type: ignore[attr-defined]
_DI = DocumentItem.__table__  # type: ignore[attr-defined]
_RECTIFICATION_OF = and_(_EF.c.object_type == "rectification",
                         _EF.c.object_id == cast(_R.c.id, String))


# --- an inspection's documents --------------------------------------------------------------


# --- the ledger, a batch at a time ----------------------------------------------------------


@dataclass
class LedgerDetails:
    """What the ledger shows of a batch of hazards besides their own rows, by hazard id."""

    #: (from, to, kind) of each deadline change, oldest first.
    deadlines: dict[int, list[tuple[dt.date | None, dt.date, str]]] = field(
        default_factory=dict)
    #: The latest rectification accepted: (submitted at, accepted at, its description).
    accepted: dict[int, tuple[dt.datetime, dt.datetime | None, str]] = field(
        default_factory=dict)
    #: The latest rectification's description, whatever became of it.
    latest: dict[int, str] = field(default_factory=dict)
    #: (file name, sha256) of the rectifications' files.
    files: dict[int, list[tuple[str, str]]] = field(default_factory=dict)
    #: The numbers of the documents (not void) naming the hazard, in issue order.
    documents: dict[int, list[str]] = field(default_factory=dict)


#: Ids a query names at most: SQLite before 3.32 allows 999 parameters in a statement.
CHUNK = 500


def _among(column: Any, ids: Sequence[int]) -> list[Any]:
    """Conditions that together select the rows whose ``column`` is one of ``ids``
    (ascending), one query each: a range when they are dense (an export of the whole ledger:
    one index range scan), else lists of at most :data:`CHUNK` (a campaign's or an
    enterprise's hazards, spread over the whole table: a range would read every hazard
    between them, batch after batch)."""
    first, last = ids[0], ids[-1]
    if last - first < 2 * len(ids):
        return [column.between(first, last)]
    return [column.in_(list(ids[n:n + CHUNK])) for n in range(0, len(ids), CHUNK)]


def ledger_details(session: Session, ids: Sequence[int]) -> LedgerDetails:
    """The deadline changes, rectifications, their files and the documents of the hazards
    ``ids`` (ascending, as the ledger streams them): four queries for a dense batch (the
    whole ledger), four per :data:`CHUNK` ids for a sparse one, never one per hazard."""
    out = LedgerDetails()
    if not ids:
        return out
    conn = session.connection()
    # chunks of ids ascending, each read in hazard order: the lists stay in order
    for among in _among(_HD.c.hazard_id, ids):
        for hid, old, new, kind in conn.execute(
                sa_select(_HD.c.hazard_id, _HD.c.old_deadline, _HD.c.new_deadline, _HD.c.kind)
                .where(among).order_by(_HD.c.hazard_id, _HD.c.id)):
            out.deadlines.setdefault(hid, []).append((old, new, kind))
    for among in _among(_R.c.hazard_id, ids):
        for hid, submitted, evidence, result, verified in conn.execute(
                sa_select(_R.c.hazard_id, _R.c.submitted_at, _R.c.evidence, _R.c.result,
                          _R.c.verified_at)
                .where(among).order_by(_R.c.hazard_id, _R.c.id)):
            out.latest[hid] = evidence
            if result == "accepted":
                out.accepted[hid] = (submitted, verified, evidence)
        for hid, name, sha in conn.execute(
                sa_select(_R.c.hazard_id, _EF.c.name, _EF.c.sha256)
                .select_from(_EF.join(_R, _RECTIFICATION_OF))
                .where(among).order_by(_R.c.hazard_id, _EF.c.id)):
            out.files.setdefault(hid, []).append((name, sha))
    for among in _among(_DI.c.hazard_id, ids):
        for hid, number in conn.execute(
                sa_select(_DI.c.hazard_id, _D.c.number)
                .select_from(_DI.join(_D, _D.c.id == _DI.c.document_id))
                .where(among, _D.c.voided_at.is_(None))
                .order_by(_DI.c.hazard_id, _D.c.id)):
            out.documents.setdefault(hid, []).append(number)
    return out
