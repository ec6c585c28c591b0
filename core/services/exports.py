"""Excel in and out: the inspection report, the hazard ledger, and packs in the checklist
template. The service reads and checks who may see what; :mod:`core.excel` only writes and
reads workbooks.

An export never replaces anjian's own files: before any work its target is checked against the
database, the database's journals and the evidence store (:func:`kept_out`), its folder and its
name; a workbook is then saved through a temporary file renamed over the target
(:mod:`core.excel.saving`), so an earlier report survives a crash or a full disk."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from core.excel.checklist import KnownPack
from core.excel.checklist import export_pack as write_checklist
from core.excel.checklist import import_pack as read_checklist
from core.excel.inspection_report import write_inspection_report
from core.excel.ledger import write_ledger
from core.excel.saving import Kept, check_target
from core.i18n import AnjianError, Lang
from core.pack.loader import load_pack
from core.pack.model import Pack
from core.plugins.catalogue import Catalogue, PackEntry
from core.process.permissions import Action
from core.services import (
    campaigns,
    documents,
    evidence,
    inspections,
    roster,
    statistics,
    waivers,
)
from core.services.context import Context
from core.services.packs import get_pack
from core.services.users import authorize
from core.store import audit_reads, ledger_reads
from core.store import documents as document_reads
from core.store import queries as q
from core.store.db import Session, database_files, resolve_url
from core.store.evidence_files import store_dir
from core.views.audit import ChainHead
from core.views.documents import DocumentView
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
            head=_head(s),
            documents=_documents(s, inspection_id),
            waivers=waivers.relied_on_in(ctx, s, inspection_id=inspection_id))


def _documents(s: Session, inspection_id: int) -> tuple[DocumentView, ...]:
    """The documents issued for the inspection and the reviews of its orders, as the report
    lists them (who may read the inspection may read them: they are its enterprise's)."""
    return tuple(documents.views_in(s, document_reads.of_inspection(s, inspection_id)))


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
    """The inspection report workbook: summary, findings, determination, rectifications,
    amendments, and the enforcement documents issued for the inspection."""
    report = inspection_report(ctx, inspection_id)
    return write_inspection_report(report, export_target(ctx, out), ctx.lang)


def export_ledger(ctx: Context, out: str | Path, *, campaign: int | None = None,
                  enterprise: str | None = None, overdue: bool = False,
                  progress: Callable[[int], None] | None = None) -> tuple[Path, int]:
    """The hazard ledger workbook, streamed from the database in batches (flat memory at any
    size), with the city's statistics; lines, figures and the audit chain's head it cites are
    read in one snapshot, with the waivers the covered inspections relied on. Returns (path,
    rows)."""
    with ctx.store.reading() as s:  # before a file is started
        authorize(ctx, s, Action.read_all)
    target = export_target(ctx, out)
    today = ctx.today
    with ctx.store.snapshot() as s:
        head = _head(s)
        figures = statistics.stats_in(ctx, s)

        texts = _item_texts(ctx)
        relied = waivers.relied_on_in(ctx, s, campaign=campaign, enterprise=enterprise)

        def lines() -> Iterator[Sequence[LedgerLine]]:
            for batch in q.ledger_stream(s, campaign_id=campaign, enterprise=enterprise,
                                         overdue_on=today if overdue else None):
                # What else the ledger shows of this batch's hazards (deadline changes,
                # rectifications, files, documents): a query each per batch, not per row.
                more = ledger_reads.ledger_details(s, [r[0] for r in batch])
                yield [_line(r, more, texts, today) for r in batch]

        return write_ledger(lines(), figures, head, target, ctx.lang, progress, relied)


def _item_texts(ctx: Context) -> dict[tuple[str, str], str]:
    """The official text of every installed pack's items: what a hazard found without a note
    is described by."""
    out = {(entry.pack.id, item.id): item.text_zh for entry in ctx.catalogue.entries.values()
           for item in entry.pack.items()}
    # a conjunction's part recorded as a hazard of its own is described by the part's text
    out |= {(entry.pack.id, f"{item.id}/{path}"): check.text_zh
            for entry in ctx.catalogue.entries.values() for item in entry.pack.items()
            for path, check in item.parts()}
    return out


def _line(row: Sequence[Any], more: ledger_reads.LedgerDetails,
          texts: dict[tuple[str, str], str], today: dt.date) -> LedgerLine:
    (hid, name, uscc, level, clause, item, found, deadline, responsible, status, verified_by,
     verified_on, pack, method, funding, on_site, note, location, found_by) = row
    accepted = more.accepted.get(hid)
    return LedgerLine(
        hid, name, uscc, level, clause, item, found, deadline,
        (deadline - today).days if deadline and status != "closed" else None,
        responsible, status, verified_by, verified_on, tuple(more.files.get(hid, ())),
        description=note or texts.get((pack, item), ""), location=location,
        found_by=found_by,
        measures=method or (accepted[2] if accepted else more.latest.get(hid, "")),
        funds=funding, deadline_changes=tuple(more.deadlines.get(hid, ())),
        completed_at=accepted[0] if accepted else None,
        closed_at=accepted[1] if accepted and status == "closed" else None,
        documents=tuple(more.documents.get(hid, ())), corrected_on_site=bool(on_site))


def known_packs(catalogue: Catalogue) -> dict[str, KnownPack]:
    """The installed packs as the checklist template lists and checks them."""
    return {entry.pack.id: KnownPack(entry.pack.id, entry.pack.version, entry.pack.title_zh,
                                     frozenset(i.id for i in entry.pack.items()), entry.pack)
            for entry in catalogue.entries.values()}


def written_pack(entry: PackEntry) -> Pack:
    """An installed pack as its file has it: an overlay (地方补充) as written, its own sections
    and additions extending the official pack, not the pack merged with it."""
    if entry.base is None:
        return entry.pack
    if not entry.path:
        raise AnjianError("tpl.overlay_no_file", pack=entry.pack.id)
    return load_pack(entry.path)


def export_pack(catalogue: Catalogue, pack_id: str | None, out: str | Path,
                lang: Lang = "zh", *, url: str | None = None) -> Path:
    """An installed pack in the checklist template (an overlay as written), its sheets and
    headers in ``lang`` (``import_pack`` reads either language back); without ``pack_id``, the
    blank template. ``url`` names the database whose files the target must not be (else the
    default one)."""
    pack = written_pack(get_pack(catalogue, pack_id)) if pack_id is not None else None
    return write_checklist(pack, check_target(out, kept_out(url)), lang,
                           installed=tuple(known_packs(catalogue).values()))


def import_pack(path: str | Path, out_dir: str | Path, *,
                catalogue: Catalogue | None = None) -> Path:
    """A filled-in checklist template converted to a pack file in ``out_dir``; with the
    ``catalogue``, its links to other packs must name installed packs and their items."""
    return read_checklist(path, out_dir,
                          installed=known_packs(catalogue) if catalogue is not None else None)
