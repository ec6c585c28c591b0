"""What an enterprise's risk register is made into: the 两单 workbook, the 三卡 and the risk
report (安全风险报告).

A report is frozen when filed: its content is the register as it stood (JSON) and the changes
since the enterprise's last report, numbered per enterprise, kept under the SHA-256 of its
canonical JSON (also in the audit log) with the audit chain's head it was filed under, and
never changed afterwards; its Word file is made from that content alone, the same bytes every
time. Which report may be filed when is :mod:`core.process.risk_report`'s (the Jiangsu rules).

Filing needs ``Action.file_risk_report`` (the enterprise itself or a lead); the rest reads
(an enterprise user, its own enterprise only).
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pydantic import ConfigDict, Field

from core.documents.docx import office, to_pdf
from core.documents.risk_cards import write_cards, write_report
from core.documents.saving import write_bytes
from core.excel.risk_lists import write_lists
from core.excel.saving import check_target
from core.i18n import AnjianError, Listed, Msg
from core.process import credit_code as credit
from core.process import risk_report as rules
from core.process.permissions import Action, Scope
from core.services.context import Context
from core.services.exports import kept_out
from core.services.users import authorize, reader
from core.store import queries as q
from core.store import risk_reports as store
from core.store.db import Session
from core.store.tables import Enterprise, RiskReport
from core.views.base import View
from core.views.risk import RegisterView

DOCX, XLSX = ".docx", ".xlsx"


class RiskReportView(View):
    """A filed risk report: its number in the enterprise, kind, reasons, who filed it when,
    the hash of its frozen content and the audit head it was filed under; ``changes`` since
    the last report (:func:`core.process.risk_report.changes`) and the warnings it was kept
    with (a periodic report out of the first quarter)."""

    model_config = ConfigDict(frozen=True, from_attributes=True, arbitrary_types_allowed=True)
    id: int
    enterprise_uscc: str
    seq: int
    kind: str
    reasons: tuple[str, ...] = ()
    filed_on: dt.date
    filed_by: str
    content_hash: str
    head_seq: int
    head_hash: str
    changes: dict[str, Any] = Field(default_factory=dict)
    warnings: tuple[Msg, ...] = ()


def _view(row: RiskReport, warnings: Sequence[Msg] = ()) -> RiskReportView:
    assert row.id is not None
    return RiskReportView(id=row.id, enterprise_uscc=row.enterprise_uscc, seq=row.seq,
                          kind=row.kind, reasons=tuple(row.reasons), filed_on=row.filed_on,
                          filed_by=row.filed_by, content_hash=row.content_hash,
                          head_seq=row.head_seq, head_hash=row.head_hash,
                          changes=row.content.get("changes", {}), warnings=tuple(warnings))


def register_in(ctx: Context, s: Session, code: str) -> RegisterView:
    """The enterprise's register read in ``s``, with the audit head it was read under."""
    from core.services import risk

    return risk.register_in(ctx, s, code)


def _read(ctx: Context, enterprise: str) -> RegisterView:
    code = credit.validate(enterprise)
    with ctx.store.reading() as s:
        reader(ctx, s, code)
        return register_in(ctx, s, code)


def export_lists(ctx: Context, enterprise: str, out: str | Path) -> Path:
    """The 两单 of the enterprise's register as a workbook at ``out`` (.xlsx)."""
    path = check_target(out, kept_out(ctx.store.url), suffix=XLSX)
    return write_lists(_read(ctx, enterprise), path, ctx.lang)


def export_cards(ctx: Context, enterprise: str, out_dir: str | Path, *,
                 points: Sequence[str] | None = None, pdf: bool = False,
                 phone: str = "") -> list[Path]:
    """The 三卡 of the enterprise's risk points (``points``: their codes; default all) in
    the folder ``out_dir``: one .docx a kind (告知卡, 应急处置卡, 承诺卡), one card a page,
    and with ``pdf`` each also as PDF through LibreOffice (refused before anything is written
    when it is missing). ``phone`` is the duty telephone the cards print (else a blank)."""
    folder = Path(out_dir).expanduser()
    if not folder.is_dir():
        raise AnjianError("risk.out.cards_folder", folder=folder)
    register = _read(ctx, enterprise)
    chosen = None
    if points is not None:
        by_code = {p.code: p for p in register.points}
        missing = [c for c in points if c not in by_code]
        if missing:
            raise AnjianError("risk.out.unknown_points", name=register.enterprise_name,
                              uscc=register.enterprise_uscc, codes=Listed(missing))
        chosen = [by_code[c] for c in dict.fromkeys(points)]
    kept = kept_out(ctx.store.url)
    if not pdf:
        return write_cards(register, folder, ctx.today, ctx.lang, points=chosen, phone=phone)
    office()
    with tempfile.TemporaryDirectory(prefix="anjian-cards-") as tmp:
        staged = write_cards(register, Path(tmp), ctx.today, ctx.lang, points=chosen,
                             phone=phone)
        made = [(d, to_pdf(d, d.with_suffix(".pdf"))) for d in staged]
        written = []
        for docx, pdf_file in made:
            for src in (docx, pdf_file):
                target = check_target(folder / src.name, kept, suffix=None)
                written.append(write_bytes(target, src.read_bytes()))
        return written


def file_report(ctx: Context, enterprise: str, kind: str,
                reasons: Sequence[str] = ()) -> RiskReportView:
    """File the enterprise's risk report of ``kind`` (first, periodic, change; a change
    report's ``reasons``, default every one that holds): the register as it stands and the
    changes since the last report, frozen, numbered, hashed, in the audit log. Refused, nothing
    stored, as :func:`core.process.risk_report.check` says, and for an empty register."""
    code = credit.validate(enterprise)
    with ctx.store.session() as s:
        ent = q.get(s, Enterprise, code, "enterprise")
        authorize(ctx, s, Action.file_risk_report, Scope(enterprise=code))
        q.lock_audit(s)  # one filing at a time: consecutive numbers, the head printed
        register = register_in(ctx, s, code)
        snapshot = register.model_dump(mode="json")
        filed = list(store.listing(s, code))
        last = filed[-1] if filed else None
        change = rules.changes(last.content["register"] if last else None, snapshot)
        chosen, warnings = rules.check(
            kind, list(reasons), [rules.Filed(f.seq, f.kind, f.filed_on) for f in filed],
            change, ctx.today, name=ent.name, uscc=code)
        if not register.points:
            raise AnjianError("risk.report.empty", name=ent.name, uscc=code)
        seq = store.next_seq(s, code)
        content = {
            "enterprise_uscc": code, "seq": seq, "kind": kind, "reasons": chosen,
            "filed_on": ctx.today.isoformat(), "filed_by": ctx.actor,
            "head": {"seq": register.head_seq, "hash": register.head_hash},
            "previous": None if last is None else {
                "seq": last.seq, "kind": last.kind, "filed_on": last.filed_on.isoformat()},
            "register": snapshot, "changes": change}
        digest = rules.content_hash(content)
        row = store.add(s, {"enterprise_uscc": code, "seq": seq, "kind": kind,
                            "reasons": chosen, "filed_on": ctx.today, "filed_by": ctx.actor,
                            "content": content, "content_hash": digest,
                            "head_seq": register.head_seq, "head_hash": register.head_hash})
        q.append_audit(s, ctx.actor, "risk.report.file", "risk_report", row.id, after={
            "enterprise": code, "seq": seq, "kind": kind, "reasons": chosen,
            "content_hash": digest, "head_seq": register.head_seq})
        return _view(row, warnings)


def reports(ctx: Context, enterprise: str) -> list[RiskReportView]:
    """The enterprise's reports, oldest first."""
    code = credit.validate(enterprise)
    with ctx.store.reading() as s:
        reader(ctx, s, code)
        return [_view(r) for r in store.listing(s, code)]


def export_report(ctx: Context, report_id: int, out: str | Path) -> Path:
    """Report ``report_id`` as a Word file at ``out`` (.docx), from its frozen content: the
    same bytes every time."""
    path = check_target(out, kept_out(ctx.store.url), suffix=None)
    if path.suffix.lower() != DOCX:
        raise AnjianError("risk.out.report_docx", file=path)
    with ctx.store.reading() as s:
        row = store.get(s, report_id)
        reader(ctx, s, row.enterprise_uscc)
        content, digest = dict(row.content), row.content_hash
    return write_report(content, digest, path, ctx.lang)


def change_summary(report: RiskReportView) -> Msg:
    """What changed since the report before ``report``, counted."""
    return rules.summary(report.changes)
