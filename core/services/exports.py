"""Excel in and out: the inspection report, the hazard ledger, and packs in the checklist
template. The service reads and checks who may see what; :mod:`core.excel` only writes and
reads workbooks.

An export never replaces anjian's own files: before any work its target is checked against the
database, the database's journals and the evidence store (:func:`kept_out`), its folder and its
name; a workbook is then saved through a temporary file renamed over the target
(:mod:`core.excel.saving`), so an earlier report survives a crash or a full disk."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from core.excel.checklist import export_pack as write_checklist
from core.excel.checklist import import_pack as read_checklist
from core.excel.inspection_report import write_inspection_report
from core.excel.ledger import write_ledger
from core.excel.saving import Kept, check_target
from core.i18n import AnjianError, Lang
from core.plugins.catalogue import Catalogue
from core.process.permissions import Action
from core.services import campaigns, evidence, inspections, roster, statistics
from core.services.context import Context
from core.services.packs import get_pack
from core.services.users import authorize
from core.store import audit_reads
from core.store import queries as q
from core.store.db import Session, database_files, resolve_url
from core.store.evidence_files import store_dir
from core.views.audit import ChainHead
from core.views.hazards import LedgerLine
from core.views.reports import InspectionReport


def inspection_report(ctx: Context, inspection_id: int) -> InspectionReport:
    """Everything the inspection's report shows, as the acting user may see it, read in one
    snapshot with the audit chain's head: the report cites the head it was made under."""
    with ctx.store.snapshot() as s:
        view = inspections.inspection_view_in(ctx, s, inspection_id)
        insp = view.inspection
        return InspectionReport(
            inspection=view,
            enterprise=roster.enterprise_detail_in(ctx, s, insp.enterprise_uscc).enterprise,
            campaign=(campaigns.campaign_view_in(ctx, s, insp.campaign_id)
                      if insp.campaign_id is not None else None),
            packs=tuple(get_pack(ctx.catalogue, p.pack_id).pack for p in view.packs),
            evidence=evidence.of_inspection_in(ctx, s, inspection_id),
            head=_head(s))


def _head(s: Session) -> ChainHead:
    seq, digest = audit_reads.head(s)
    return ChainHead(seq=seq, hash=digest)


def kept_out(url: str | None = None) -> tuple[Kept, ...]:
    """What no export may write over: the database at ``url`` (else the default one) and its
    journals when it is an SQLite file, and the evidence store with everything in it."""
    resolved = resolve_url(url)
    kept: list[Kept] = []
    files = database_files(resolved)
    if files is not None:
        database, journals = files
        kept.append(Kept(database, "export.what.database"))
        kept += [Kept(j, "export.what.journal") for j in journals]
    # A database with no evidence store named (PostgreSQL without one) has none to keep.
    with contextlib.suppress(AnjianError):
        kept.append(Kept(store_dir(resolved), "export.what.evidence", inside=True))
    return tuple(kept)


def export_target(ctx: Context, out: str | Path) -> Path:
    """``out`` checked as an export's target (a refusal names it and says why)."""
    return check_target(out, kept_out(ctx.store.url))


def export_inspection(ctx: Context, inspection_id: int, out: str | Path) -> Path:
    """The inspection report workbook: summary, findings, determination, rectification
    notice, rectifications."""
    report = inspection_report(ctx, inspection_id)
    return write_inspection_report(report, export_target(ctx, out), ctx.lang)


def export_ledger(ctx: Context, out: str | Path, *, campaign: int | None = None,
                  enterprise: str | None = None, overdue: bool = False,
                  progress: Callable[[int], None] | None = None) -> tuple[Path, int]:
    """The hazard ledger workbook, streamed from the database in batches (flat memory at any
    size), with the city's statistics; lines, figures and the audit chain's head it cites are
    read in one snapshot. Returns (path, rows)."""
    with ctx.store.reading() as s:  # before a file is started
        authorize(ctx, s, Action.read_all)
    target = export_target(ctx, out)
    today = ctx.today
    with ctx.store.snapshot() as s:
        head = _head(s)
        figures = statistics.stats_in(ctx, s)

        def lines() -> Iterator[Sequence[LedgerLine]]:
            for batch in q.ledger_stream(s, campaign_id=campaign, enterprise=enterprise,
                                         overdue_on=today if overdue else None):
                # Rectification files of this batch's hazards: one range query per batch,
                # not one per row (rows come in hazard-id order).
                files = q.ledger_evidence(s, batch[0][0], batch[-1][0]) if batch else {}
                yield [LedgerLine(hid, name, uscc, level, clause, item, found, deadline,
                                  (deadline - today).days
                                  if deadline and status != "closed" else None,
                                  responsible, status, verified_by, verified_on,
                                  tuple(files.get(hid, ())))
                       for (hid, name, uscc, level, clause, item, found, deadline,
                            responsible, status, verified_by, verified_on) in batch]

        return write_ledger(lines(), figures, head, target, ctx.lang, progress)


def export_pack(catalogue: Catalogue, pack_id: str, out: str | Path,
                lang: Lang = "zh", *, url: str | None = None) -> Path:
    """An installed pack in the checklist template, its sheets and headers in ``lang``
    (``import_pack`` reads either language back). ``url`` names the database whose files the
    target must not be (else the default one)."""
    pack = get_pack(catalogue, pack_id).pack
    return write_checklist(pack, check_target(out, kept_out(url)), lang)


def import_pack(path: str | Path, out_dir: str | Path) -> Path:
    """A filled-in checklist template converted to a pack file in ``out_dir``."""
    return read_checklist(path, out_dir)
