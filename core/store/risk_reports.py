"""Reads and writes of the risk reports (安全风险报告) and the register they are made from, in
the caller's transaction.

A report's number is the enterprise's next (:func:`next_seq`), taken while the caller holds
the audit head's lock (``queries.lock_audit``): two filings of one enterprise at once take
consecutive numbers, and a filing rolled back gives its number back. A report is only ever
added: nothing here changes or deletes one."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import func
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from core.i18n import AnjianError
from core.store.tables import RiskReport

_R = RiskReport.__table__  # type: ignore[attr-defined]


def next_seq(session: Session, enterprise: str) -> int:
    """The enterprise's next report number (the caller holds the audit head's lock)."""
    last = session.connection().execute(
        sa_select(func.max(_R.c.seq)).where(_R.c.enterprise_uscc == enterprise)).scalar()
    return int(last or 0) + 1


def add(session: Session, values: Mapping[str, Any]) -> RiskReport:
    row = RiskReport(**values)
    session.add(row)
    session.flush()  # its id, and a broken key, now
    return row


def get(session: Session, report_id: int) -> RiskReport:
    """The report ``report_id``, or a refusal naming it."""
    row = session.get(RiskReport, report_id)
    if row is None:
        raise AnjianError("db.not_found", kind="risk_report", key=report_id)
    return row


def listing(session: Session, enterprise: str) -> Sequence[RiskReport]:
    """The enterprise's reports, oldest first."""
    return session.exec(select(RiskReport).where(RiskReport.enterprise_uscc == enterprise)
                        .order_by(col(RiskReport.seq))).all()


