"""Inspections: start one, answer or skip items (each committed at once), see the live
determination; the hazard ledger follows every answer."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session

from core.determination import Determination, overall
from core.engine import evaluate
from core.findings import Finding, Status, parse_findings
from core.i18n import AnjianError
from core.model import Pack
from core.services.context import Context
from core.services.packs import get_pack, split_site
from core.store import queries as q
from core.store.tables import (
    Campaign,
    Enterprise,
    FindingRow,
    Hazard,
    Inspection,
    InspectionPack,
    utcnow,
)
from core.workflow import INSPECTION_KIND, HazardStatus, Stage

KINDS = ("onsite", "self", "followup")


def start_inspection(ctx: Context, *, campaign_id: int, enterprise: str, kind: str = "onsite",
                     categories: list[str] | None = None, tags: list[str] | None = None,
                     exclusions: list[str] | None = None,
                     on: dt.date | None = None) -> Inspection:
    """Start an inspection of ``enterprise`` under the campaign's packs."""
    from core.services.registry import validate_uscc

    if kind not in KINDS:
        raise AnjianError("inspection.bad_kind", kind=kind, kinds=", ".join(KINDS))
    code = validate_uscc(enterprise)
    with ctx.store.session() as s:
        campaign = q.get(s, Campaign, campaign_id, "campaign")
        ent = q.get(s, Enterprise, code, "enterprise")
        allowed = INSPECTION_KIND.get(Stage(campaign.stage))
        if allowed != kind:
            raise AnjianError("inspection.wrong_stage", kind=kind, stage=campaign.stage,
                              allowed=allowed or "-")
        if kind == "onsite" and code != campaign.target_uscc:
            raise AnjianError("inspection.not_target", uscc=code, target=campaign.target_uscc)
        if kind == "self" and ent.sector != campaign.sector:
            raise AnjianError("inspection.other_sector", uscc=code, sector=ent.sector,
                              campaign_sector=campaign.sector)
        packs = [get_pack(ctx.catalogue, cp.pack_id) for cp in q.campaign_packs(s, campaign_id)]
        site = {"categories": categories or [], "tags": tags or [],
                "exclusions": exclusions or []}
        split_site([e.pack for e in packs], site, "site")  # refuses unknown values
        insp = Inspection(campaign_id=campaign_id, enterprise_uscc=code, kind=kind,
                          started_by=ctx.actor, inspected_on=on or ctx.today,
                          categories=site["categories"], tags=site["tags"],
                          exclusions=site["exclusions"])
        s.add(insp)
        s.flush()
        assert insp.id is not None
        for e in packs:
            s.add(InspectionPack(inspection_id=insp.id, pack_id=e.pack.id,
                                 pack_version=e.pack.version, pack_hash=e.hash))
        _refresh(ctx, s, insp, [e.pack for e in packs])
        q.append_audit(s, ctx.actor, "inspection.start", "inspection", insp.id, after={
            "campaign": campaign_id, "enterprise": code, "kind": kind, "site": site,
            "packs": {e.pack.id: e.pack.version for e in packs}})
    return insp


def _packs_of(ctx: Context, s: Session, insp: Inspection) -> list[Pack]:
    assert insp.id is not None
    return [get_pack(ctx.catalogue, p.pack_id).pack for p in q.inspection_packs(s, insp.id)]


def _site(insp: Inspection) -> dict[str, Any]:
    return {"categories": insp.categories, "tags": insp.tags, "exclusions": insp.exclusions}


def _determinations(ctx: Context, s: Session, insp: Inspection,
                    packs: list[Pack]) -> list[Determination]:
    assert insp.id is not None
    rows = [r for r in q.findings(s, insp.id) if r.status is not None]
    sites = split_site(packs, _site(insp), "site")
    out = []
    for pack in packs:
        findings = [Finding(item=r.item_id, status=Status(r.status or ""), note=r.note,
                            corrected_on_site=r.corrected_on_site, **r.detail)
                    for r in rows if r.pack_id == pack.id]
        out.append(evaluate(pack, sites[pack.id], findings, on=insp.inspected_on, lang=ctx.lang))
    return out


def _refresh(ctx: Context, s: Session, insp: Inspection, packs: list[Pack]) -> None:
    """Re-evaluate the inspection, store the determination, bring its hazards in line."""
    dets = _determinations(ctx, s, insp, packs)
    insp.determination = {"verdict": overall([d.verdict for d in dets]).value,
                          "determinations": [d.model_dump(mode="json") for d in dets]}
    s.add(insp)
    _sync_hazards(ctx, s, insp, packs, dets)


def _sync_hazards(ctx: Context, s: Session, insp: Inspection, packs: list[Pack],
                  dets: list[Determination]) -> None:
    """Every noncompliant finding is a hazard: major when part of a fired trigger."""
    assert insp.id is not None
    clause = {i.id: i.clause for p in packs for i in p.items()}
    wanted: dict[str, tuple[str, str, str, str, bool]] = {}
    for pack, d in zip(packs, dets, strict=True):
        for trig in d.triggers:
            if trig.vetoed:
                continue
            for item in trig.items:
                wanted.setdefault(item, (pack.id, "major", trig.rule,
                                         f"{trig.clauses[0]} / {clause[item]}", False))
        for item in d.general_hazards:
            wanted[item] = (pack.id, "general", "", clause[item], False)
        for item in d.corrected_on_site:
            wanted[item] = (pack.id, "general", "", clause[item], True)
    existing = {h.item_id: h for h in q.hazards(s, inspection_id=insp.id)}
    for item, (pack_id, level, rule, where, corrected) in wanted.items():
        h = existing.pop(item, None)
        if h is None:
            h = Hazard(inspection_id=insp.id, campaign_id=insp.campaign_id,
                       enterprise_uscc=insp.enterprise_uscc, pack_id=pack_id, item_id=item,
                       clause=where, rule_id=rule, level=level, found_on=insp.inspected_on,
                       listed_supervision=level == "major")
            if corrected:
                h.status, h.verified_by, h.verified_on = "closed", ctx.actor, ctx.today
                h.note = "corrected on site"
            s.add(h)
        elif h.status != HazardStatus.closed and (h.level, h.clause, h.rule_id) != (
                level, where, rule):
            h.level, h.clause, h.rule_id = level, where, rule
            h.listed_supervision = h.listed_supervision or level == "major"
            s.add(h)
    for h in existing.values():
        if h.status == HazardStatus.open:  # answer changed before anything was planned
            s.delete(h)


def _finding_row(s: Session, insp: Inspection, pack: Pack, item_id: str) -> FindingRow:
    assert insp.id is not None
    row = q.finding(s, insp.id, item_id)
    if row is None:
        row = FindingRow(inspection_id=insp.id, pack_id=pack.id, item_id=item_id)
    return row


def _check_item(packs: list[Pack], insp: Inspection, item_id: str) -> Pack:
    for pack in packs:
        if any(i.id == item_id for i in pack.items()):
            # Validates the gate (tags) and the item against this pack and site.
            site = split_site(packs, _site(insp), "site")[pack.id]
            parse_findings(pack, [{"item": item_id, "status": "compliant"}], site,
                           f"inspection {insp.id}")
            return pack
    raise AnjianError("findings.unknown_item", file=f"inspection {insp.id}", item=item_id,
                      pack=" + ".join(p.id for p in packs))


@dataclass(frozen=True)
class Answered:
    finding: FindingRow
    verdict: str
    determinations: list[dict[str, Any]]


def answer(ctx: Context, inspection_id: int, item_id: str, status: str, *, note: str | None = None,
           corrected_on_site: bool = False, detail: dict[str, Any] | None = None,
           expected_version: int | None = None) -> Answered:
    """Record an answer and commit it at once; returns the live determination."""
    try:
        st = Status(status)
    except ValueError:
        raise AnjianError("findings.bad_status", file=f"inspection {inspection_id}",
                          item=item_id, status=status) from None
    with ctx.store.session() as s:
        insp = q.get(s, Inspection, inspection_id, "inspection")
        packs = _packs_of(ctx, s, insp)
        pack = _check_item(packs, insp, item_id)
        row = _finding_row(s, insp, pack, item_id)
        q.check_version(row, expected_version, "finding", f"{inspection_id}/{item_id}")
        before = {"status": row.status, "note": row.note} if row.id else None
        row.status, row.skip_reason = st.value, ""
        if note is not None:
            row.note = note
        row.corrected_on_site = corrected_on_site and st is Status.noncompliant
        row.detail = detail or {}
        row.answered_by, row.answered_at = ctx.actor, utcnow()
        s.add(row)
        s.flush()
        _refresh(ctx, s, insp, packs)
        q.append_audit(s, ctx.actor, "inspection.answer", "finding",
                       f"{inspection_id}/{item_id}", before=before,
                       after={"status": row.status, "note": row.note,
                              "corrected_on_site": row.corrected_on_site})
        result = Answered(row, insp.determination["verdict"],
                          insp.determination["determinations"])
    return result


def skip(ctx: Context, inspection_id: int, item_id: str, *, reason: str) -> FindingRow:
    """Mark an item as not answered for a stated reason (so on-site can end)."""
    if not reason.strip():
        raise AnjianError("field.required", field="reason")
    with ctx.store.session() as s:
        insp = q.get(s, Inspection, inspection_id, "inspection")
        packs = _packs_of(ctx, s, insp)
        pack = _check_item(packs, insp, item_id)
        row = _finding_row(s, insp, pack, item_id)
        row.status, row.skip_reason = None, reason.strip()
        row.answered_by, row.answered_at = ctx.actor, utcnow()
        s.add(row)
        s.flush()
        _refresh(ctx, s, insp, packs)
        q.append_audit(s, ctx.actor, "inspection.skip", "finding", f"{inspection_id}/{item_id}",
                       after={"reason": row.skip_reason})
    return row


@dataclass(frozen=True)
class InspectionView:
    inspection: Inspection
    packs: list[InspectionPack]
    findings: list[FindingRow]
    hazards: list[Hazard]

    def as_json(self) -> dict[str, Any]:
        return {
            **self.inspection.model_dump(mode="json", exclude={"determination"}),
            "packs": [p.model_dump(mode="json") for p in self.packs],
            "findings": [f.model_dump(mode="json") for f in self.findings],
            "verdict": self.inspection.determination.get("verdict"),
            "determinations": self.inspection.determination.get("determinations", []),
            "hazards": [h.model_dump(mode="json") for h in self.hazards],
        }


def inspection_view(ctx: Context, inspection_id: int) -> InspectionView:
    with ctx.store.session() as s:
        insp = q.get(s, Inspection, inspection_id, "inspection")
        return InspectionView(insp, list(q.inspection_packs(s, inspection_id)),
                              list(q.findings(s, inspection_id)),
                              list(q.hazards(s, inspection_id=inspection_id)))
