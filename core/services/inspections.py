"""Inspections: start one, answer or skip items (each committed at once), see the live
determination; the hazard ledger follows every answer."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from core.engine import Answers, compile_pack, evaluate
from core.engine.determination import Determination, overall
from core.engine.evaluation import split_site
from core.engine.findings import Finding, Site, Status
from core.i18n import AnjianError, Msg
from core.pack.free_text import check, record_of
from core.pack.model import Pack
from core.process import credit_code as credit
from core.process.permissions import Action
from core.process.workflow import INSPECTION_KIND, HazardStatus, Stage
from core.services.context import Context
from core.services.evidence import attach, staged
from core.services.packs import get_pack
from core.services.users import authorize, campaign_scope, reader
from core.store import queries as q
from core.store import writes
from core.store.db import Session
from core.store.tables import Campaign, Enterprise, Inspection, utcnow
from core.views.evidence import StoredFile
from core.views.hazards import HazardView
from core.views.inspections import (
    Answered,
    FindingView,
    InspectionSummary,
    InspectionView,
    PackRecord,
    determinations_of,
)

KINDS = ("onsite", "self", "followup")


def start_inspection(ctx: Context, *, campaign_id: int, enterprise: str, kind: str = "onsite",
                     categories: list[str] | None = None, tags: list[str] | None = None,
                     exclusions: list[str] | None = None,
                     on: dt.date | None = None) -> InspectionSummary:
    """Start an inspection of ``enterprise`` under the campaign's packs."""

    if kind not in KINDS:
        raise AnjianError("inspection.bad_kind", kind=kind, kinds=", ".join(KINDS))
    code = credit.validate(enterprise)
    with ctx.store.session() as s:
        campaign = q.get(s, Campaign, campaign_id, "campaign")
        ent = q.get(s, Enterprise, code, "enterprise")
        authorize(ctx, s, Action.start_inspection,
                  campaign_scope(s, campaign_id, enterprise=code, kind=kind))
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
        insp = writes.add_inspection(s, {
            "campaign_id": campaign_id, "enterprise_uscc": code, "kind": kind,
            "started_by": ctx.actor, "inspected_on": on or ctx.today,
            "categories": site["categories"], "tags": site["tags"],
            "exclusions": site["exclusions"]}, [(e.pack.id, e.pack.version, e.hash)
                                                for e in packs])
        assert insp.id is not None
        data, _ = _refresh(ctx, s, insp, [e.pack for e in packs])
        q.append_audit(s, ctx.actor, "inspection.start", "inspection", insp.id, after={
            "campaign": campaign_id, "enterprise": code, "kind": kind, "site": site,
            "packs": {e.pack.id: {"version": e.pack.version, "hash": e.hash} for e in packs}})
        return InspectionSummary.of(insp).model_copy(update={"verdict": data["verdict"]})


def _site(insp: Any) -> dict[str, Any]:
    return {"categories": insp.categories, "tags": insp.tags, "exclusions": insp.exclusions}


def _determinations(s: Session, inspection_id: int, on: dt.date,
                    packs: list[Pack], sites: dict[str, Site]) -> list[Determination]:
    per_pack: dict[str, list[Any]] = {p.id: [] for p in packs}
    for row in q.answer_states(s, inspection_id):
        per_pack.setdefault(row[0], []).append(row)
    return [evaluate(pack, sites[pack.id], answers_of(pack, per_pack[pack.id]), on=on)
            for pack in packs]


def answers_of(pack: Pack, rows: list[Any]) -> Answers:
    """The engine's input from stored answers (``queries.answer_states`` rows of one pack)."""
    if any(r[4] for r in rows):  # sub-check answers or values: derive through findings
        return Answers.from_findings(pack, [
            Finding(item=r[1], status=Status(r[2]), corrected_on_site=r[3], **r[4])
            for r in rows])
    return Answers({r[1]: Status(r[2]) for r in rows},
                   frozenset(r[1] for r in rows if r[3] and r[2] == "noncompliant"))


def _refresh(ctx: Context, s: Session, insp: Any, packs: list[Pack],
             sites: dict[str, Site] | None = None,
             changes: list[dict[str, Any]] | None = None
             ) -> tuple[dict[str, Any], list[Determination]]:
    """Re-evaluate the inspection, store the determination, bring its hazards in line
    (each hazard change is appended to ``changes``, for the audit entry). Returns the stored
    JSON and the determinations."""
    sites = sites or split_site(packs, _site(insp), "site")
    dets = _determinations(s, insp.id, insp.inspected_on, packs, sites)
    data = {"verdict": overall([d.verdict for d in dets]).value,
            "determinations": [d.model_dump(mode="json") for d in dets]}
    q.set_determination(s, insp.id, data)
    _sync_hazards(ctx, s, insp, packs, dets, changes if changes is not None else [])
    return data, dets


def _sync_hazards(ctx: Context, s: Session, insp: Any, packs: list[Pack],
                  dets: list[Determination], changes: list[dict[str, Any]]) -> None:
    """Every noncompliant finding is a hazard: major when part of a fired trigger."""
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
    existing = {h.item_id: h for h in q.hazard_states(s, insp.id)}
    for item, (pack_id, level, rule, where, corrected) in wanted.items():
        h = existing.pop(item, None)
        if h is None:
            values: dict[str, Any] = {
                "inspection_id": insp.id, "campaign_id": insp.campaign_id,
                "enterprise_uscc": insp.enterprise_uscc, "pack_id": pack_id, "item_id": item,
                "clause": where, "rule_id": rule, "level": level,
                "found_on": insp.inspected_on, "listed_supervision": level == "major"}
            if corrected:
                values |= {"status": "closed", "verified_by": ctx.actor,
                           "verified_on": ctx.today, "note": "corrected on site"}
            q.insert_hazard(s, values)
            changes.append({"hazard": "added", "item": item, "level": level, "rule": rule,
                            "status": values.get("status", "open")})
        elif h.status != HazardStatus.closed and (h.level, h.clause, h.rule_id) != (
                level, where, rule):
            q.update_hazard(s, h, {"level": level, "clause": where, "rule_id": rule,
                                   "listed_supervision": h.listed_supervision
                                   or level == "major"})
            changes.append({"hazard": "changed", "item": item, "level": level, "rule": rule,
                            "was": {"level": h.level, "rule": h.rule_id}})
    for h in existing.values():
        if h.status == HazardStatus.open:  # answer changed before anything was planned
            q.delete_hazard(s, h)
            changes.append({"hazard": "removed", "item": h.item_id})


def _check_item(packs: list[Pack], inspection_id: int, item_id: str,
                sites: dict[str, Site]) -> Pack:
    """The pack that has ``item_id``; refused when no pack has it or its tag gate is shut."""
    for pack in packs:
        plan = compile_pack(pack)
        bit = plan.bit.get(item_id)
        if bit is None:
            continue
        if not plan.applicable(sites[pack.id].tags) & bit:
            gates = pack.item_gates()[item_id]
            missing = next(g for g in gates if not sites[pack.id].tags & set(g))
            raise AnjianError("findings.gated", file=Msg("inspection.ref", id=inspection_id),
                              item=item_id, tags=" / ".join(missing))
        return pack
    raise AnjianError("findings.unknown_item", file=Msg("inspection.ref", id=inspection_id),
                      item=item_id,
                      pack=" + ".join(p.id for p in packs))


def _record(ctx: Context, inspection_id: int, item_id: str, *, status: Status | None,
            note: str | None, corrected: bool, detail: dict[str, Any], skip_reason: str,
            expected_version: int | None, action: str,
            files: Sequence[str | Path] = ()) -> Answered:
    check(record_of("finding", f"{inspection_id}/{item_id}"), note=note,
          skip_reason=skip_reason)
    with staged(ctx, files) as stored, ctx.store.session() as s:
        q.lock_inspection(s, inspection_id)  # one answer to an inspection at a time
        insp, pack_ids = q.inspection_site(s, inspection_id)
        authorize(ctx, s, Action.answer, campaign_scope(
            s, insp.campaign_id, enterprise=insp.enterprise_uscc, kind=insp.kind))
        packs = [get_pack(ctx.catalogue, p).pack for p in pack_ids]
        sites = split_site(packs, _site(insp), "site")
        pack = _check_item(packs, inspection_id, item_id, sites)
        old = q.finding_state(s, inspection_id, item_id)
        key = f"{inspection_id}/{item_id}"
        if old is not None:
            q.check_version(old, expected_version, "finding", key)
        kept_note = note if note is not None else (old.note if old is not None else "")
        values = {"inspection_id": inspection_id, "pack_id": pack.id, "item_id": item_id,
                  "status": status.value if status else None, "skip_reason": skip_reason,
                  "note": kept_note, "corrected_on_site": corrected, "detail": detail,
                  "answered_by": ctx.actor, "answered_at": utcnow()}
        version = q.save_finding(s, old, values)
        # The entry carries everything that changed with the answer (its sub-checks and
        # values, the hazards that followed), so the hash chain covers every state change.
        changes: list[dict[str, Any]] = []
        data, dets = _refresh(ctx, s, insp, packs, sites, changes)
        after: dict[str, Any] = ({"status": values["status"], "note": kept_note,
                                  "corrected_on_site": corrected, "pack": pack.id}
                                 if status else {"reason": skip_reason, "pack": pack.id})
        if detail:
            after["detail"] = detail
        if changes:
            after["hazards"] = changes
        after["verdict"] = data["verdict"]
        # in the answer's own entry, so the audit log's hash chain covers the files' hashes
        added = attach(ctx, s, "finding", key, stored)
        if added:
            after["evidence"] = added
        q.append_audit(s, ctx.actor, action, "finding", key,
                       before={"status": old.status, "note": old.note} if old else None,
                       after=after)
    return Answered(inspection_id=inspection_id, item_id=item_id,
                    status=status.value if status else None, note=kept_note,
                    corrected_on_site=corrected, version=version, verdict=data["verdict"],
                    determinations=tuple(dets),
                    evidence=tuple(StoredFile(name=x.name, size=x.size, sha256=x.sha256)
                                   for x in stored))


def answer(ctx: Context, inspection_id: int, item_id: str, status: str, *,
           note: str | None = None, corrected_on_site: bool = False,
           detail: dict[str, Any] | None = None,
           expected_version: int | None = None,
           evidence: Sequence[str | Path] = ()) -> Answered:
    """Record an answer and commit it at once; returns the live determination. Files named in
    ``evidence`` are copied into the evidence store and attached to the finding."""
    try:
        st = Status(status)
    except ValueError:
        raise AnjianError("findings.bad_status", file=Msg("inspection.ref", id=inspection_id),
                          item=item_id, status=status) from None
    return _record(ctx, inspection_id, item_id, status=st, note=note,
                   corrected=corrected_on_site and st is Status.noncompliant,
                   detail=detail or {}, skip_reason="", expected_version=expected_version,
                   action="inspection.answer", files=evidence)


def skip(ctx: Context, inspection_id: int, item_id: str, *, reason: str,
         expected_version: int | None = None) -> Answered:
    """Mark an item as not answered for a stated reason (so on-site can end)."""
    if not reason.strip():
        raise AnjianError("field.required", field="reason")
    return _record(ctx, inspection_id, item_id, status=None, note=None, corrected=False,
                   detail={}, skip_reason=reason.strip(), expected_version=expected_version,
                   action="inspection.skip")


def inspection_view(ctx: Context, inspection_id: int) -> InspectionView:
    """An inspection with its packs, findings, hazards and live determinations."""
    with ctx.store.session() as s:
        insp = q.get(s, Inspection, inspection_id, "inspection")
        reader(ctx, s, insp.enterprise_uscc)
        return InspectionView(
            inspection=InspectionSummary.of(insp),
            packs=tuple(PackRecord.model_validate(p)
                        for p in q.inspection_packs(s, inspection_id)),
            findings=tuple(FindingView.model_validate(f) for f in q.findings(s, inspection_id)),
            hazards=tuple(HazardView.model_validate(h)
                          for h in q.hazards(s, inspection_id=inspection_id)),
            determinations=determinations_of(insp.determination))
