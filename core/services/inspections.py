"""Inspections: start one, answer or skip items (each committed at once), see the live
determination; the hazard ledger follows every answer."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from core.engine import Answers, compile_pack, evaluate_together
from core.engine.determination import Determination, overall
from core.engine.evaluation import split_site
from core.engine.findings import Finding, Site, Status, parse_findings, tag_names
from core.i18n import AnjianError, Lines, Msg
from core.pack.free_text import check, record_of
from core.pack.model import Pack
from core.pack.profile import profile_questions, unanswered
from core.process import credit_code as credit
from core.process.permissions import Action
from core.process.workflow import INSPECTION_KIND, Stage, date_refusal
from core.services import ledger, waivers
from core.services.context import Context
from core.services.evidence import attach, staged
from core.services.packs import get_pack, withdrawn_packs
from core.services.pins import pack_record, require_pinned
from core.services.users import authorize, campaign_scope, reader
from core.store import queries as q
from core.store import writes
from core.store.db import Session
from core.store.tables import Campaign, Enterprise, Inspection, utcnow
from core.views.evidence import StoredFile
from core.views.hazards import HazardView
from core.views.inspections import (
    AmendmentView,
    Answered,
    FindingView,
    InspectionSummary,
    InspectionView,
    PackRecord,
    RecurrenceView,
    StartForm,
    determinations_of,
)

KINDS = ("onsite", "self", "followup")


def start_inspection(ctx: Context, *, campaign_id: int, enterprise: str, kind: str = "onsite",
                     categories: list[str] | None = None, tags: list[str] | None = None,
                     exclusions: list[str] | None = None,
                     on: dt.date | None = None, again: bool = False,
                     withdrawn_ok: bool = False) -> InspectionSummary:
    """Start an inspection of ``enterprise`` under the campaign's packs.

    Refused, with nothing stored, when the site profile leaves a question of the packs
    unanswered (:func:`start_form`: the site categories, or a tag of the kind of site),
    when the enterprise already has an inspection of this kind in the campaign (so in
    this step) unless ``again`` says another one is meant, and when a pack's standard was
    withdrawn by the inspection date unless ``withdrawn_ok`` confirms it (its determination
    is then for reference only and never clears the site; the audit entry records the
    confirmation).
    """

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
        # dated by today, and not before the campaign reached the step of this kind
        entered = q.stage_dates(s, campaign_id).get(campaign_id, {}).get(campaign.stage)
        wrong = date_refusal("inspection", on or ctx.today, today=ctx.today,
                             earliest=entered, id=campaign_id, stage=campaign.stage)
        if wrong is not None:
            raise AnjianError(wrong.key, **wrong.params)
        packs = [get_pack(ctx.catalogue, cp.pack_id) for cp in q.campaign_packs(s, campaign_id)]
        site = {"categories": categories or [], "tags": tags or [],
                "exclusions": exclusions or []}
        split_site([e.pack for e in packs], site, "site")  # refuses unknown values
        missing = unanswered([e.pack for e in packs], categories=site["categories"],
                             tags=site["tags"])
        if missing:
            raise AnjianError("inspection.profile_missing", name=ent.name, uscc=code,
                              questions=Lines([m.as_msg() for m in missing], sep="; "))
        withdrawn = withdrawn_packs(ctx.catalogue, [e.pack for e in packs], on or ctx.today)
        if withdrawn and not withdrawn_ok:
            raise AnjianError("inspection.withdrawn", **withdrawn[0].params())
        q.lock_campaign(s, campaign_id)  # two people pressing start at once: one goes first
        earlier = q.inspections(s, campaign_id, enterprise=code, kind=kind)
        if earlier and not again:
            last = earlier[-1]
            raise AnjianError("inspection.again", name=ent.name, uscc=code, kind=kind,
                              stage=campaign.stage, id=last.id, by=last.started_by,
                              date=last.inspected_on.isoformat())
        insp = writes.add_inspection(s, {
            "campaign_id": campaign_id, "enterprise_uscc": code, "kind": kind,
            "started_by": ctx.actor, "inspected_on": on or ctx.today,
            "categories": site["categories"], "tags": site["tags"],
            "exclusions": site["exclusions"]}, [(e.pack.id, e.pack.version, e.hash)
                                                for e in packs])
        assert insp.id is not None
        data, _ = _refresh(ctx, s, insp, [e.pack for e in packs])
        started: dict[str, Any] = {
            "campaign": campaign_id, "enterprise": code, "kind": kind, "site": site,
            "packs": {e.pack.id: pack_record(e) for e in packs}}
        if earlier:  # confirmed: the record says which inspections it repeats
            started["again_after"] = [i.id for i in earlier]
        relied = waivers.relied_ids(s, insp.id, [e.pack for e in packs])
        if relied:  # the waivers its determination relies on, for as long as it stands
            started["waivers"] = relied
        if withdrawn:  # confirmed: the record says under which withdrawn standards
            started["withdrawn_confirmed"] = [
                {"pack": w.pack, "standard": w.standard, "successor": w.successor,
                 "successor_effective": w.successor_effective.isoformat()
                 if w.successor_effective else None} for w in withdrawn]
        q.append_audit(s, ctx.actor, "inspection.start", "inspection", insp.id, after=started)
        return InspectionSummary.of(insp).model_copy(update={"verdict": data["verdict"]})


def start_form(ctx: Context, *, campaign_id: int, enterprise: str,
               kind: str = "onsite") -> StartForm:
    """What starting an inspection of ``enterprise`` in this campaign will ask, for a front
    end to ask it first: the questions of the site profile (with their choices) and the
    inspections of the same kind a new one would repeat. The same rules
    :func:`start_inspection` refuses by."""
    code = credit.validate(enterprise)
    with ctx.store.session() as s:
        q.get(s, Campaign, campaign_id, "campaign")
        ent = q.get(s, Enterprise, code, "enterprise")
        reader(ctx, s, code)
        pack_ids = [cp.pack_id for cp in q.campaign_packs(s, campaign_id)]
        earlier = q.inspections(s, campaign_id, enterprise=code, kind=kind)
        return StartForm(
            campaign_id=campaign_id, enterprise_uscc=code, enterprise_name=ent.name, kind=kind,
            questions=profile_questions([get_pack(ctx.catalogue, p).pack for p in pack_ids]),
            earlier=tuple(InspectionSummary.of(i) for i in earlier))


def _site(insp: Any) -> dict[str, Any]:
    return {"categories": insp.categories, "tags": insp.tags, "exclusions": insp.exclusions}


def _determinations(s: Session, inspection_id: int, on: dt.date,
                    packs: list[Pack], sites: dict[str, Site]) -> list[Determination]:
    per_pack: dict[str, list[Any]] = {p.id: [] for p in packs}
    for row in q.answer_states(s, inspection_id):
        per_pack.setdefault(row[0], []).append(row)
    answers = {pack.id: answers_of(pack, per_pack[pack.id], sites[pack.id], on)
               for pack in packs}
    # the waivers the inspection relies on: those running on its date, granted before it
    # started and not revoked by then (so a stored determination is evaluated again alike)
    return evaluate_together(packs, sites, answers, on=on,
                             waived=waivers.waived_for(s, inspection_id, packs))


def answers_of(pack: Pack, rows: list[Any], site: Site | None = None,
               on: dt.date | None = None) -> Answers:
    """The engine's input from stored answers (``queries.answer_states`` rows of one pack);
    with the site and the inspection date, parts the text sets aside for them count as
    absent whatever was recorded (an answer stored before the gate was known)."""
    if any(r[4] for r in rows):  # sub-check answers or values: derive through findings
        return Answers.from_findings(pack, [
            Finding(item=r[1], status=Status(r[2]), corrected_on_site=r[3], **r[4])
            for r in rows], site, on)
    return Answers({r[1]: Status(r[2]) for r in rows},
                   frozenset(r[1] for r in rows if r[3] and r[2] == "noncompliant"))


def _refresh(ctx: Context, s: Session, insp: Any, packs: list[Pack],
             sites: dict[str, Site] | None = None,
             changes: list[dict[str, Any]] | None = None, *, reason: str = "",
             amending: bool = False) -> tuple[dict[str, Any], list[Determination]]:
    """Re-evaluate the inspection, store the determination, bring its hazards in line
    (each hazard change is appended to ``changes``, for the audit entry). Returns the stored
    JSON and the determinations."""
    sites = sites or split_site(packs, _site(insp), "site")
    dets = _determinations(s, insp.id, insp.inspected_on, packs, sites)
    data = {"verdict": overall([d.verdict for d in dets]).value,
            "determinations": [d.model_dump(mode="json") for d in dets]}
    q.set_determination(s, insp.id, data)
    ledger.follow(ctx, s, insp, packs, dets, changes if changes is not None else [],
                  reason=reason, amending=amending)
    return data, dets


def refresh(ctx: Context, s: Session, inspection_id: int, packs: list[Pack],
            changes: list[dict[str, Any]], *, reason: str = ""
            ) -> tuple[dict[str, Any], list[Determination]]:
    """Re-evaluate a stored inspection under ``packs`` as an answer does (its determination
    stored, its hazards brought in line, their changes appended to ``changes``), for services
    that change what it is evaluated under."""
    insp, _ = q.inspection_site(s, inspection_id)
    return _refresh(ctx, s, insp, packs, changes=changes, reason=reason,
                    amending=bool(reason))


def _check_item(packs: list[Pack], inspection_id: int, item_id: str,
                sites: dict[str, Site], on: dt.date | None = None) -> Pack:
    """The pack that has ``item_id``; refused when no pack has it, its tag gate is shut or it
    counts only from a date after the inspection's."""
    for pack in packs:
        plan = compile_pack(pack)
        bit = plan.bit.get(item_id)
        if bit is None:
            continue
        if not plan.applicable(sites[pack.id].tags) & bit:
            gates = pack.item_gates()[item_id]
            missing = next(g for g in gates if not sites[pack.id].tags & set(g))
            raise AnjianError("findings.gated", file=Msg("inspection.ref", id=inspection_id),
                              item=item_id, tags=tag_names(pack, missing))
        if on is not None and not plan.in_force(on) & bit:
            when = next(d for b, _, d in plan.item_dates if b == bit)
            raise AnjianError("findings.not_yet", file=Msg("inspection.ref", id=inspection_id),
                              item=item_id, on=on.isoformat(), effective=when.isoformat())
        return pack
    raise AnjianError("findings.unknown_item", file=Msg("inspection.ref", id=inspection_id),
                      item=item_id,
                      pack=" + ".join(p.id for p in packs))


#: What an answer's ``detail`` may hold: its sub-check answers, a measured value and the
#: design (or required) value a relative limit is a factor of.
DETAIL_KEYS = frozenset({"checks", "value", "design"})


def _check_detail(pack: Pack, site: Site, inspection_id: int, item_id: str,
                  status: Status | None, detail: dict[str, Any],
                  on: dt.date | None = None) -> None:
    """Refuse sub-check answers or values the item does not have, a value its measure
    cannot take, and a status other than the one they give: the rules a findings file is
    checked by (``anjian evaluate``)."""
    ref = Msg("inspection.ref", id=inspection_id)
    unknown = sorted(set(detail) - DETAIL_KEYS)
    if unknown:
        raise AnjianError("findings.bad_field", file=ref, item=item_id,
                          problem=Msg("finding.unknown_keys", keys=", ".join(unknown),
                                      allowed=", ".join(sorted(DETAIL_KEYS))))
    for value in _values(detail):
        why = value_problem(value)
        if why is not None:
            raise AnjianError("findings.bad_field", file=ref, item=item_id, problem=why)
    entry = {"item": item_id, **detail}
    if status is not None:
        entry["status"] = status.value
    parse_findings(pack, [entry], site, ref, on)  # type: ignore[arg-type]


def _values(detail: dict[str, Any]) -> list[Any]:
    """Every measured and design value in an answer's detail, its sub-checks' included."""
    out = [detail[k] for k in ("value", "design") if detail.get(k) is not None]
    for sub in (detail.get("checks") or {}).values():
        if isinstance(sub, dict):
            out += _values(sub)
    return out


def value_problem(value: Any) -> Msg | None:
    """What is wrong with a measured (or design) value: not a number, not finite, or below
    zero (a length, a count, a pressure, a share is never negative). None: it can be
    recorded."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return Msg("measure.not_number", value=str(value))
    if not math.isfinite(value):
        return Msg("measure.not_finite", value=str(value))
    if value < 0:
        return Msg("measure.negative", value=f"{value:g}")
    return None


def parse_value(text: str) -> tuple[float | None, Msg | None]:
    """A value as typed (``3.5``, ``30``, full-width digits too) → (the number, None), or
    (None, what is wrong with it)."""
    import unicodedata

    typed = unicodedata.normalize("NFKC", text).strip()
    try:
        number = float(typed)
    except ValueError:
        return None, Msg("measure.not_number", value=text.strip())
    why = value_problem(number)
    return (None, why) if why is not None else (number, None)


def _state(row: Any) -> dict[str, Any] | None:
    """A stored finding as an amendment and the audit log keep it."""
    if row is None:
        return None
    out: dict[str, Any] = {"status": row.status, "note": row.note,
                           "corrected_on_site": bool(row.corrected_on_site),
                           "answered_by": row.answered_by, "version": row.version}
    if row.skip_reason:
        out["reason"] = row.skip_reason
    if row.detail:
        out["detail"] = row.detail
    return out


def _answer_msg(row: Any) -> Msg:
    """What a finding says now, for a refusal: its answer (or skip), who gave it, when."""
    if row is None:
        return Msg("finding.now_unanswered")
    what = (Msg("finding.now_status", status=row.status) if row.status else
            Msg("finding.now_skipped", reason=row.skip_reason) if row.skip_reason else
            Msg("finding.now_unanswered"))
    at = row.answered_at
    when = str(at)[:16]
    if isinstance(at, dt.datetime):  # stored in UTC, read in the bureau's own time
        local = (at if at.tzinfo else at.replace(tzinfo=dt.UTC)).astimezone()
        when = local.strftime("%Y-%m-%d %H:%M")
    return Msg("finding.now", what=what, by=row.answered_by or "-", at=when)


def _may_write(ctx: Context, key: str, old: Any, expected_version: int | None,
               amend: str | None, frozen: bool, op: str) -> None:
    """Refuse a write that would silently replace what someone else recorded (their answer or
    skip; for a note, their note), or change a finding whose step has ended, unless it is an
    amendment with a reason."""
    if amend is not None and not amend.strip():
        raise AnjianError("finding.amend_reason", key=key)
    if frozen and amend is None:
        raise AnjianError("finding.frozen", key=key)
    if expected_version is not None:
        current = old.version if old is not None else 0
        if current != expected_version:
            raise AnjianError("finding.conflict", key=key, seen=expected_version,
                              current=current, now=_answer_msg(old))
        return
    replaces = old is not None and (old.status is not None or bool(old.skip_reason)
                                    or op == "note")
    if amend is None and replaces and old.answered_by and old.answered_by != ctx.actor:
        raise AnjianError("finding.others", key=key, now=_answer_msg(old))


def frozen_step(stage: str | None, kind: str, inspection_id: int) -> bool:
    """Whether the inspection's findings are frozen: its campaign has left the step the
    inspection belongs to. A closed campaign is read-only: refused outright."""
    if stage is None:
        return False
    if stage == Stage.closed:
        raise AnjianError("finding.campaign_closed", id=inspection_id)
    return INSPECTION_KIND.get(Stage(stage)) != kind


def _record(ctx: Context, inspection_id: int, item_id: str, *, op: str,
            status: Status | None = None, note: str | None = None, corrected: bool = False,
            detail: dict[str, Any] | None = None, skip_reason: str = "",
            expected_version: int | None = None, amend: str | None = None,
            reason: str = "", files: Sequence[str | Path] = ()) -> Answered:
    """One change to one finding (``op``: answer, skip, clear or note), with everything that
    follows from it, in one transaction: the determination, the ledger, the audit entry, an
    amendment when it is one."""
    check(record_of("finding", f"{inspection_id}/{item_id}"), note=note,
          skip_reason=skip_reason, reason=reason, amend=amend)
    with staged(ctx, files) as stored, ctx.store.session() as s:
        q.lock_inspection(s, inspection_id)  # one answer to an inspection at a time
        insp, recorded = q.inspection_site(s, inspection_id)
        authorize(ctx, s, Action.answer, campaign_scope(
            s, insp.campaign_id, enterprise=insp.enterprise_uscc, kind=insp.kind))
        frozen = frozen_step(insp.stage, insp.kind, inspection_id)
        require_pinned(ctx, inspection_id, recorded)  # only under the content it recorded
        packs = [get_pack(ctx.catalogue, p.pack_id).pack for p in recorded]
        sites = split_site(packs, _site(insp), "site")
        pack = _check_item(packs, inspection_id, item_id, sites, insp.inspected_on)
        if op in ("answer", "skip"):  # not applicable here by a waiver: nothing to answer
            waivers.refuse_waived(s, inspection_id, pack, item_id)
        if op == "answer" and detail:
            _check_detail(pack, sites[pack.id], inspection_id, item_id, status, detail,
                          insp.inspected_on)
        old = q.finding_state(s, inspection_id, item_id)
        key = f"{inspection_id}/{item_id}"
        _may_write(ctx, key, old, expected_version, amend, frozen, op)
        kept_note = note if note is not None else (old.note if old is not None else "")
        if op == "clear":
            if old is None or (old.status is None and not old.skip_reason):
                raise AnjianError("finding.nothing_to_clear", key=key)
            status, corrected, detail, skip_reason = None, False, {}, ""
        elif op == "note" and old is not None:
            status = Status(old.status) if old.status else None
            corrected, detail = bool(old.corrected_on_site), old.detail or {}
            skip_reason = old.skip_reason
        values = {"inspection_id": inspection_id, "pack_id": pack.id, "item_id": item_id,
                  "status": status.value if status else None, "skip_reason": skip_reason,
                  "note": kept_note, "corrected_on_site": corrected, "detail": detail or {},
                  "answered_by": ctx.actor, "answered_at": utcnow()}
        if op == "note" and old is not None:  # a note does not make its writer the answerer
            values |= {"answered_by": old.answered_by, "answered_at": old.answered_at}
        version = q.save_finding(s, old, values)
        # The entry carries everything that changed with the answer (its sub-checks and
        # values, the hazards that followed), so the hash chain covers every state change.
        changes: list[dict[str, Any]] = []
        why = (amend or reason).strip()
        data, dets = _refresh(ctx, s, insp, packs, sites, changes, reason=why,
                              amending=amend is not None)
        after: dict[str, Any] = {"status": values["status"], "note": kept_note,
                                 "corrected_on_site": corrected, "pack": pack.id}
        if skip_reason:
            after["reason"] = skip_reason
        if detail:
            after["detail"] = detail
        if changes:
            after["hazards"] = changes
        after["verdict"] = data["verdict"]
        if why:
            after["why"] = why
        # in the answer's own entry, so the audit log's hash chain covers the files' hashes
        added = attach(ctx, s, "finding", key, stored)
        if added:
            after["evidence"] = added
        before = _state(old)
        if amend is not None:
            q.add_amendment(s, {"inspection_id": inspection_id, "item_id": item_id,
                                "by": ctx.actor, "reason": amend.strip(), "before": before,
                                "after": {k: v for k, v in after.items()
                                          if k not in ("verdict", "hazards", "evidence")}})
        action = "inspection.amend" if amend is not None else f"inspection.{op}"
        q.append_audit(s, ctx.actor, action, "finding", key, before=before, after=after)
    return Answered(inspection_id=inspection_id, item_id=item_id,
                    status=status.value if status else None, note=kept_note,
                    corrected_on_site=corrected, version=version, verdict=data["verdict"],
                    determinations=tuple(dets),
                    evidence=tuple(StoredFile(name=x.name, size=x.size, sha256=x.sha256)
                                   for x in stored))


def answer(ctx: Context, inspection_id: int, item_id: str, status: str, *,
           note: str | None = None, corrected_on_site: bool = False,
           detail: dict[str, Any] | None = None,
           expected_version: int | None = None, amend: str | None = None,
           reason: str = "", evidence: Sequence[str | Path] = ()) -> Answered:
    """Record an answer and commit it at once; returns the live determination. Files named in
    ``evidence`` are copied into the evidence store and attached to the finding.

    ``expected_version`` is the finding's version its author saw (0: unanswered); without it,
    replacing an answer someone else gave is refused unless it is an amendment (``amend``:
    its reason). A finding whose step has ended changes only as an amendment; ``reason``
    explains withdrawing a hazard that has been planned."""
    try:
        st = Status(status)
    except ValueError:
        raise AnjianError("findings.bad_status", file=Msg("inspection.ref", id=inspection_id),
                          item=item_id, status=status) from None
    return _record(ctx, inspection_id, item_id, op="answer", status=st, note=note,
                   corrected=corrected_on_site and st is Status.noncompliant,
                   detail=detail or {}, expected_version=expected_version, amend=amend,
                   reason=reason, files=evidence)


def skip(ctx: Context, inspection_id: int, item_id: str, *, reason: str,
         expected_version: int | None = None, amend: str | None = None) -> Answered:
    """Mark an item as not answered for a stated reason (so on-site can end)."""
    if not reason.strip():
        raise AnjianError("field.required", field="reason")
    return _record(ctx, inspection_id, item_id, op="skip", skip_reason=reason.strip(),
                   expected_version=expected_version, amend=amend, reason=reason)


def clear(ctx: Context, inspection_id: int, item_id: str, *, reason: str = "",
          expected_version: int | None = None, amend: str | None = None) -> Answered:
    """Withdraw an item's answer (or skip): the item is unanswered again, its note kept. A
    hazard nobody has planned goes with it; one already planned needs ``reason``."""
    return _record(ctx, inspection_id, item_id, op="clear", expected_version=expected_version,
                   amend=amend, reason=reason)


def annotate(ctx: Context, inspection_id: int, item_id: str, note: str, *,
             expected_version: int | None = None, amend: str | None = None) -> Answered:
    """Store a note on an item, answered or not (the answer, if any, is kept)."""
    return _record(ctx, inspection_id, item_id, op="note", note=note.strip(),
                   expected_version=expected_version, amend=amend)


def inspection_view(ctx: Context, inspection_id: int) -> InspectionView:
    """An inspection with its packs, findings, hazards and live determinations."""
    with ctx.store.reading() as s:
        return inspection_view_in(ctx, s, inspection_id)


def inspection_view_in(ctx: Context, s: Session, inspection_id: int) -> InspectionView:
    """:func:`inspection_view` read in the caller's transaction."""
    insp = q.get(s, Inspection, inspection_id, "inspection")
    reader(ctx, s, insp.enterprise_uscc)
    return InspectionView(
        inspection=InspectionSummary.of(insp),
        packs=tuple(PackRecord.model_validate(p)
                    for p in q.inspection_packs(s, inspection_id)),
        findings=tuple(FindingView.model_validate(f) for f in q.findings(s, inspection_id)),
        hazards=tuple(HazardView.model_validate(h)
                      for h in q.hazards(s, inspection_id=inspection_id)),
        determinations=determinations_of(insp.determination),
        amendments=tuple(AmendmentView.model_validate(a)
                         for a in q.amendments(s, inspection_id)),
        recurrences=tuple(RecurrenceView.model_validate(r._asdict())
                          for r in q.recurrences(s, inspection_id=inspection_id)))
