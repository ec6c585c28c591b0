"""Reading one hazard in full: the answer that found it and the hazard's own audit entries
(read only; the chain is checked by :mod:`core.store.audit_reads`)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session, col, select

from core.store.tables import AuditEntry, FindingRow


def finding(session: Session, inspection_id: int, pack_id: str, item_id: str
            ) -> FindingRow | None:
    """The answer of ``item_id`` (under ``pack_id``) in the inspection, if any."""
    return session.exec(select(FindingRow).where(
        FindingRow.inspection_id == inspection_id, FindingRow.pack_id == pack_id,
        FindingRow.item_id == item_id)).first()


def audit_of(session: Session, object_type: str, object_id: str) -> Sequence[AuditEntry]:
    """The audit entries about one object, oldest first."""
    return session.exec(select(AuditEntry).where(AuditEntry.object_type == object_type,
                                                 AuditEntry.object_id == object_id)
                        .order_by(col(AuditEntry.seq))).all()
