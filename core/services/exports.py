"""Excel in and out: the inspection report, the hazard ledger, and packs in the checklist
template. The service reads and checks who may see what; :mod:`core.excel` only writes and
reads workbooks."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from core.excel.checklist import export_pack as write_checklist
from core.excel.checklist import import_pack as read_checklist
from core.excel.inspection_report import write_inspection_report
from core.excel.ledger import write_ledger
from core.i18n import Lang
from core.plugins.catalogue import Catalogue
from core.process.permissions import Action
from core.services import campaigns, evidence, inspections, roster, statistics
from core.services.context import Context
from core.services.packs import get_pack
from core.services.users import authorize
from core.store import queries as q
from core.views.hazards import LedgerLine
from core.views.reports import InspectionReport


def inspection_report(ctx: Context, inspection_id: int) -> InspectionReport:
    """Everything the inspection's report shows, as the acting user may see it."""
    view = inspections.inspection_view(ctx, inspection_id)
    insp = view.inspection
    return InspectionReport(
        inspection=view,
        enterprise=roster.enterprise_detail(ctx, insp.enterprise_uscc).enterprise,
        campaign=(campaigns.campaign_view(ctx, insp.campaign_id)
                  if insp.campaign_id is not None else None),
        packs=tuple(get_pack(ctx.catalogue, p.pack_id).pack for p in view.packs),
        evidence=evidence.of_inspection(ctx, inspection_id))


def export_inspection(ctx: Context, inspection_id: int, out: str | Path) -> Path:
    """The inspection report workbook: summary, findings, determination, rectification
    notice, rectifications."""
    return write_inspection_report(inspection_report(ctx, inspection_id), out, ctx.lang)


def export_ledger(ctx: Context, out: str | Path, *, campaign: int | None = None,
                  enterprise: str | None = None, overdue: bool = False,
                  progress: Callable[[int], None] | None = None) -> tuple[Path, int]:
    """The hazard ledger workbook, streamed from the database in batches (flat memory at any
    size), with the city's statistics. Returns (path, rows)."""
    with ctx.store.session() as s:  # before a file is started
        authorize(ctx, s, Action.read_all)
    figures = statistics.stats(ctx)
    today = ctx.today
    with ctx.store.session() as s:

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

        return write_ledger(lines(), figures, out, ctx.lang, progress)


def export_pack(catalogue: Catalogue, pack_id: str, out: str | Path,
                lang: Lang = "zh") -> Path:
    """An installed pack in the checklist template, its sheets and headers in ``lang``
    (``import_pack`` reads either language back)."""
    return write_checklist(get_pack(catalogue, pack_id).pack, out, lang)


def import_pack(path: str | Path, out_dir: str | Path) -> Path:
    """A filled-in checklist template converted to a pack file in ``out_dir``."""
    return read_checklist(path, out_dir)
