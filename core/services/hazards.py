"""The hazard ledger (隐患台账): the team sets each hazard's deadline; the enterprise plans,
asks for more time (延期申请) and submits evidence; the lead grants or refuses the request,
verifies or rejects, closes (销号). Every change of a deadline is kept (who, when, why, from
what to what) beside the audit log's entry for it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from core.i18n import AnjianError, Lines
from core.pack.free_text import check, record_of
from core.process.deadlines import (
    DeadlineKind,
    ExtensionStatus,
    deadline_refusals,
    decision_refusals,
    extension_refusals,
)
from core.process.permissions import Action
from core.process.workflow import (
    HAZARD_MOVES,
    PLAN_FIELDS,
    HazardStatus,
    Refusal,
    hazard_refusals,
    is_overdue,
)
from core.services.context import Context
from core.services.evidence import attach, evidence_view, staged
from core.services.users import authorize, campaign_scope, reader
from core.store import hazard_reads, pages, writes
from core.store import queries as q
from core.store.db import Session
from core.store.tables import Hazard, Inspection, utcnow
from core.views.evidence import RectificationView
from core.views.hazards import (
    AuditEntryView,
    DeadlineChangeView,
    ExtensionView,
    HazardDetail,
    HazardLine,
    HazardRecord,
    HazardView,
    LedgerPage,
    LedgerRow,
)


def ledger(ctx: Context, *, overdue: bool = False, enterprise: str | None = None,
           campaign: int | None = None, level: str | None = None,
           status: str | None = None) -> list[LedgerRow]:
    """Hazards with overdue and days left derived from today."""
    with ctx.store.reading() as s:
        enterprise = reader(ctx, s, enterprise) or enterprise
        rows = q.hazards(s, campaign_id=campaign, enterprise=enterprise, level=level,
                         status=status, overdue_on=ctx.today if overdue else None)
    return [_row(h, ctx.today) for h in rows]


def ledger_page(ctx: Context, *, overdue: bool = False, enterprise: str | None = None,
                campaign: int | None = None, level: str | None = None,
                status: str | None = None, after: int | None = None,
                before: int | None = None, at: int | None = None, last: bool = False,
                limit: int = 100, count: bool = True) -> LedgerPage:
    """A page of :func:`ledger` (the same filters and permission: an enterprise user reads
    only their own enterprise's hazards), read from the database in hazard id order: the
    ``limit`` hazards after id ``after``, before id ``before``, from id ``at`` on (included),
    the last ones (``last``) or the first; each row with its enterprise's name; with how many
    the filters find unless ``count`` is false."""
    with ctx.store.reading() as s:
        enterprise = reader(ctx, s, enterprise) or enterprise
        where = pages.ledger_where(campaign_id=campaign, enterprise=enterprise, level=level,
                                   status=status, overdue_on=ctx.today if overdue else None)
        page = pages.ledger_page(s, where, after=after, before=before, at=at, last=last,
                                 limit=limit)
        total = pages.ledger_count(s, where) if count else None
        rows = tuple(_row(h, ctx.today, name) for h, name in page.rows)
    return LedgerPage(rows=rows, total=total, more_before=page.more_before,
                      more_after=page.more_after)


#: Rows read from the database at a time by the streaming reads.
BATCH = 5000


def ledger_lines(ctx: Context, *, overdue: bool = False, enterprise: str | None = None,
                 campaign: int | None = None, level: str | None = None,
                 status: str | None = None, batch: int = BATCH) -> Iterator[list[HazardLine]]:
    """What :func:`ledger` lists, as light lines in batches of up to ``batch``, streamed from
    the database in one read session (flat memory at any size; writers go on meanwhile):
    for the command line's ``anjian hazards``. Refused (on the first batch asked for) as
    :func:`ledger` is; an enterprise user's lines are their own."""
    today = ctx.today
    line = HazardLine._make  # the columns come in the line's order
    with ctx.store.reading() as s:
        enterprise = reader(ctx, s, enterprise) or enterprise
        for part in q.hazard_stream(s, campaign_id=campaign, enterprise=enterprise,
                                    level=level, status=status, today=today,
                                    overdue_on=today if overdue else None, batch=batch):
            yield list(map(line, part))


def ledger_rows(ctx: Context, *, overdue: bool = False, enterprise: str | None = None,
                campaign: int | None = None, level: str | None = None,
                status: str | None = None, batch: int = BATCH) -> Iterator[list[LedgerRow]]:
    """The rows :func:`ledger` returns, the same views in the same order, in batches of up
    to ``batch`` streamed from the database (flat memory): for ``anjian hazards --json``."""
    today = ctx.today
    with ctx.store.reading() as s:
        enterprise = reader(ctx, s, enterprise) or enterprise
        for part in q.hazard_stream(s, full=True, campaign_id=campaign, enterprise=enterprise,
                                    level=level, status=status,
                                    overdue_on=today if overdue else None, batch=batch):
            yield [_row(r, today) for r in part]


def _row(h: Any, today: dt.date, enterprise_name: str = "") -> LedgerRow:
    """A hazard (a stored row, or a row of its columns) on the ledger on ``today``."""
    days = (h.deadline - today).days if h.deadline and h.status != "closed" else None
    return LedgerRow(hazard=HazardView.model_validate(getattr(h, "_mapping", h)),
                     overdue=is_overdue(h.status, h.deadline, today), days_left=days,
                     enterprise_name=enterprise_name)


MOVE_ACTION = {"plan": Action.plan_hazard, "submit": Action.submit_rectification,
               "accept": Action.verify_rectification, "reject": Action.verify_rectification}


def _move(ctx: Context, hazard_id: int, move: str, expected_version: int | None,
          files: Sequence[str | Path] = (), **kwargs: Any) -> HazardView:
    with staged(ctx, files) as stored, ctx.store.session() as s:
        h = q.lock_hazard(s, hazard_id) if move == "plan" else q.get(s, Hazard, hazard_id,
                                                                        "hazard")
        scope = campaign_scope(s, h.campaign_id, enterprise=h.enterprise_uscc)
        authorize(ctx, s, MOVE_ACTION[move], scope)
        q.check_version(h, expected_version, "hazard", hazard_id)
        given: dt.date | None = kwargs.pop("deadline", None)
        # a plan's deadline other than the hazard's own: the first one, set with the plan
        setting = given if given is not None and given != h.deadline else None
        refusals: list[Refusal] = []
        if setting is not None:
            # the deadline is the team's: the enterprise is refused here, and told to ask
            # for more time instead
            authorize(ctx, s, Action.set_deadline, scope)
            if h.deadline is not None:  # moving one needs a reason: its own command
                refusals.append(Refusal("deadline.use_command", {
                    "id": hazard_id, "date": h.deadline.isoformat()}))
            else:
                refusals += deadline_refusals(setting, found_on=h.found_on, today=ctx.today,
                                              current=None, status=HazardStatus(h.status))
        plan = {k: kwargs.get(k) or getattr(h, k) for k in PLAN_FIELDS}
        refusals += hazard_refusals(
            move, HazardStatus(h.status), h.level, deadline=setting or h.deadline,
            responsible=kwargs.get("responsible") or h.responsible, plan=plan)
        if refusals:
            raise AnjianError("hazard.refused", id=hazard_id, reasons=Lines(refusals, sep="; "))
        before = {"status": h.status, "deadline": h.deadline, "responsible": h.responsible}
        if move == "plan":  # what a new plan overwrites
            before |= {k: getattr(h, k) for k in PLAN_FIELDS}
        if setting is not None:
            _deadline_entry(ctx, s, h, "hazard.deadline",
                            _change_deadline(ctx, s, h, setting, DeadlineKind.set, ""))
        extra: dict[str, Any] = {}
        changes: dict[str, Any] = {"status": HAZARD_MOVES[move][1].value}
        if move == "plan":
            changes["responsible"] = kwargs.get("responsible") or h.responsible
            changes |= {key: kwargs[key] for key in PLAN_FIELDS if kwargs.get(key)}
        elif move == "submit":
            fix = writes.add_rectification(s, hazard_id, ctx.actor, kwargs["evidence"])
            # in the submission's own audit entry, so the hash chain covers the files' hashes
            files_added = attach(ctx, s, "rectification", str(fix.id), stored)
            if files_added:
                extra = {"rectification": fix.id, "files": files_added}
        else:
            pending = [r for r in q.rectifications(s, hazard_id) if r.result == "pending"]
            extra = {"rectifications": [r.id for r in pending]}
            writes.settle_rectifications(
                s, pending, result="accepted" if move == "accept" else "rejected",
                verified_by=ctx.actor, note=kwargs["note"])
            if move == "accept":
                changes |= {"verified_by": ctx.actor, "verified_on": ctx.today}
            changes["note"] = kwargs["note"]
        # the hazard's row lock before the audit head's, the order answers take them in
        writes.update_hazard(s, h, changes)
        q.append_audit(s, ctx.actor, f"hazard.{move}", "hazard", hazard_id, before=before,
                       after={"status": h.status, "deadline": h.deadline,
                              "responsible": h.responsible, **kwargs, **extra})
        return HazardView.model_validate(h)


def plan(ctx: Context, hazard_id: int, *, responsible: str, deadline: dt.date | None = None,
         expected_version: int | None = None, **plan_fields: Any) -> HazardView:
    """Record the responsible person (and, for a major hazard, every part of the treatment
    plan 治理方案): the hazard is then being rectified, by the deadline the team set.

    ``deadline`` may set the first deadline of a hazard that has none, as :func:`set_deadline`
    does (the team only); given as the hazard's own deadline it changes nothing. Any other
    date is refused: a deadline is moved with :func:`set_deadline` and a reason, or at the
    enterprise's request through :func:`request_extension`.
    """
    unknown = set(plan_fields) - set(PLAN_FIELDS)
    if unknown:
        raise AnjianError("field.unknown", fields=", ".join(sorted(unknown)))
    check(record_of("hazard", hazard_id), responsible=responsible, **plan_fields)
    return _move(ctx, hazard_id, "plan", expected_version, deadline=deadline,
                 responsible=responsible.strip(), **plan_fields)


def submit(ctx: Context, hazard_id: int, *, evidence: str = "",
           files: Sequence[str | Path] = (), expected_version: int | None = None) -> HazardView:
    """Record the enterprise's rectification: a description (``evidence``) and/or files, each
    copied into the evidence store and attached to the rectification."""
    check(record_of("hazard", hazard_id), evidence=evidence)
    if not evidence.strip() and not files:
        raise AnjianError("field.required", field="evidence")
    return _move(ctx, hazard_id, "submit", expected_version, files=files,
                 evidence=evidence.strip())


def verify(ctx: Context, hazard_id: int, *, accept: bool, note: str,
           expected_version: int | None = None) -> HazardView:
    """Accept (close, 销号) or reject (back to rectifying) the submitted rectification."""
    check(record_of("hazard", hazard_id), note=note)
    if not note.strip():
        raise AnjianError("field.required", field="note")
    return _move(ctx, hazard_id, "accept" if accept else "reject", expected_version,
                 note=note.strip())


# --- deadlines and requests for more time --------------------------------------------------


def _change_deadline(ctx: Context, s: Session, h: Hazard, new: dt.date, kind: DeadlineKind,
                     reason: str, extension_id: int | None = None) -> DeadlineChangeView:
    """Move the hazard's deadline to ``new`` and keep the change in its history."""
    assert h.id is not None
    change = writes.add_deadline_change(s, {
        "hazard_id": h.id, "old_deadline": h.deadline, "new_deadline": new, "kind": kind.value,
        "reason": reason, "extension_id": extension_id, "changed_by": ctx.actor,
        "changed_on": ctx.today})
    writes.update_hazard(s, h, {"deadline": new})
    return DeadlineChangeView.model_validate(change)


def _deadline_entry(ctx: Context, s: Session, h: Hazard, action: str,
                    change: DeadlineChangeView, **extra: Any) -> None:
    q.append_audit(s, ctx.actor, action, "hazard", h.id,
                   before={"deadline": change.old_deadline},
                   after={"deadline": change.new_deadline, "kind": change.kind,
                          "reason": change.reason, "change": change.id, **extra})


def _refused(hazard_id: int, refusals: list[Refusal]) -> AnjianError:
    return AnjianError("hazard.refused", id=hazard_id, reasons=Lines(refusals, sep="; "))


def set_deadline(ctx: Context, hazard_id: int, deadline: dt.date, *, reason: str = "",
                 expected_version: int | None = None) -> HazardView:
    """Set or move a hazard's deadline (the campaign team's lead or inspectors).

    Refused for a date before the finding or before today, for a closed hazard, and for a
    move of an existing deadline without a reason. Kept in the deadline's history and the
    audit log.
    """
    with ctx.store.session() as s:
        h = q.lock_hazard(s, hazard_id)
        authorize(ctx, s, Action.set_deadline,
                  campaign_scope(s, h.campaign_id, enterprise=h.enterprise_uscc))
        q.check_version(h, expected_version, "hazard", hazard_id)
        refusals = deadline_refusals(deadline, found_on=h.found_on, today=ctx.today,
                                     current=h.deadline, status=HazardStatus(h.status),
                                     reason=reason)
        if refusals:
            raise _refused(hazard_id, refusals)
        _deadline_entry(ctx, s, h, "hazard.deadline",
                        _change_deadline(ctx, s, h, deadline, DeadlineKind.set, reason.strip()))
        return HazardView.model_validate(h)


def request_extension(ctx: Context, hazard_id: int, *, until: dt.date, reason: str,
                      expected_version: int | None = None) -> ExtensionView:
    """The enterprise asks for ``until`` as its hazard's new deadline (延期申请), with a
    reason, while the current deadline has not passed and no other request waits."""
    with ctx.store.session() as s:
        h = q.lock_hazard(s, hazard_id)
        authorize(ctx, s, Action.request_extension,
                  campaign_scope(s, h.campaign_id, enterprise=h.enterprise_uscc))
        q.check_version(h, expected_version, "hazard", hazard_id)
        refusals = extension_refusals(
            until, status=HazardStatus(h.status), deadline=h.deadline, today=ctx.today,
            pending=q.pending_extension(s, hazard_id) is not None, reason=reason)
        if refusals:
            raise _refused(hazard_id, refusals)
        assert h.deadline is not None
        x = writes.add_extension(s, {
            "hazard_id": hazard_id, "deadline": h.deadline, "until": until,
            "reason": reason.strip(), "requested_by": ctx.actor, "requested_on": ctx.today})
        # the hazard changed as its readers see it: a view from before the request is stale
        writes.touch_hazard(s, h)
        q.append_audit(s, ctx.actor, "hazard.extension.request", "hazard", hazard_id,
                       after={"extension": x.id, "deadline": x.deadline, "until": until,
                              "reason": x.reason})
        return ExtensionView.model_validate(x)


def decide_extension(ctx: Context, hazard_id: int, *, grant: bool, note: str,
                     expected_version: int | None = None) -> HazardDetail:
    """The campaign's lead grants (the deadline becomes the date asked for) or refuses the
    hazard's pending request for more time, with a note."""
    if not note.strip():
        raise AnjianError("field.required", field="note")
    with ctx.store.session() as s:
        h = q.lock_hazard(s, hazard_id)
        authorize(ctx, s, Action.decide_extension,
                  campaign_scope(s, h.campaign_id, enterprise=h.enterprise_uscc))
        q.check_version(h, expected_version, "hazard", hazard_id)
        x = q.pending_extension(s, hazard_id)
        refusals = decision_refusals(grant=grant, status=HazardStatus(h.status),
                                     until=x.until if x is not None else None,
                                     today=ctx.today)
        if refusals:
            raise _refused(hazard_id, refusals)
        assert x is not None
        status = ExtensionStatus.granted if grant else ExtensionStatus.refused
        writes.update_extension(s, x, {"status": status.value, "decided_by": ctx.actor,
                                       "decided_on": ctx.today, "decided_at": utcnow(),
                                       "note": note.strip()})
        if grant:
            change = _change_deadline(ctx, s, h, x.until, DeadlineKind.extension, x.reason,
                                      extension_id=x.id)
            _deadline_entry(ctx, s, h, "hazard.extension.grant", change, extension=x.id,
                            note=x.note)
        else:
            writes.touch_hazard(s, h)
            q.append_audit(s, ctx.actor, "hazard.extension.refuse", "hazard", hazard_id,
                           before={"deadline": h.deadline},
                           after={"extension": x.id, "until": x.until, "note": x.note})
        return _detail(s, h, ctx.today)


def _detail(s: Session, h: Hazard, today: dt.date) -> HazardDetail:
    assert h.id is not None
    return HazardDetail(
        row=_row(h, today),
        deadlines=tuple(DeadlineChangeView.model_validate(d)
                        for d in q.deadline_changes(s, h.id)),
        extensions=tuple(ExtensionView.model_validate(x) for x in q.extensions(s, h.id)))


def detail(ctx: Context, hazard_id: int) -> HazardDetail:
    """A hazard with its plan, what today makes of its deadline, the deadline's history and
    the requests for more time (an enterprise user reads only their own)."""
    with ctx.store.reading() as s:
        h = q.get(s, Hazard, hazard_id, "hazard")
        authorize(ctx, s, Action.read,
                  campaign_scope(s, h.campaign_id, enterprise=h.enterprise_uscc))
        return _detail(s, h, ctx.today)


def record(ctx: Context, hazard_id: int) -> HazardRecord:
    """A hazard in full (read only): :func:`detail` with the enterprise by name, the pack's
    title and the item's text, the inspection, the answer that found it (its note and files),
    every rectification submitted with its files and verdict, and the hazard's audit entries.
    An enterprise user reads only their own."""
    with ctx.store.session() as s:
        h = q.get(s, Hazard, hazard_id, "hazard")
        authorize(ctx, s, Action.read,
                  campaign_scope(s, h.campaign_id, enterprise=h.enterprise_uscc))
        assert h.id is not None
        firm = q.enterprise(s, h.enterprise_uscc)
        insp = q.get(s, Inspection, h.inspection_id, "inspection")
        answer = hazard_reads.finding(s, h.inspection_id, h.pack_id, h.item_id)
        key = f"{h.inspection_id}/{h.item_id}"
        fixes = tuple(RectificationView(
            id=r.id or 0, hazard_id=r.hazard_id, submitted_by=r.submitted_by,
            submitted_at=r.submitted_at, evidence=r.evidence, result=r.result,
            verified_by=r.verified_by, verified_at=r.verified_at, note=r.note,
            files=tuple(evidence_view(e, hazard_id)
                        for e in q.evidence_of(s, "rectification", str(r.id))))
            for r in q.rectifications(s, hazard_id))
        pack_title, item_text = _pack_texts(ctx, h.pack_id, h.item_id)
        return HazardRecord(
            detail=_detail(s, h, ctx.today),
            enterprise_name=firm.name if firm else "", district=firm.district if firm else "",
            sector=firm.sector if firm else "", pack_title=pack_title, item_text=item_text,
            inspection_kind=insp.kind, inspected_on=insp.inspected_on,
            finding_note=answer.note if answer else "",
            finding_location=answer.location if answer else "",
            answered_by=answer.answered_by if answer else "",
            answered_at=answer.answered_at if answer else None,
            finding_files=tuple(evidence_view(e, None)
                                for e in q.evidence_of(s, "finding", key)),
            rectifications=fixes,
            history=tuple(AuditEntryView(seq=e.seq, at=e.at, actor=e.actor, action=e.action,
                                         before=e.before, after=e.after)
                          for e in hazard_reads.audit_of(s, "hazard", str(hazard_id))))


def _pack_texts(ctx: Context, pack_id: str, item_id: str) -> tuple[str, str]:
    """The pack's Chinese title and the item's text, or empty ones when the pack is gone."""
    try:
        pack = ctx.catalogue.require(pack_id).pack
    except AnjianError:
        return "", ""
    texts = pack.hazard_text(item_id)  # an item, or a conjunction's part (ITEM/part)
    return pack.title_zh, texts[1] if texts is not None else ""
