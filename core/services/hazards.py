"""The hazard ledger (隐患台账): plan, submit evidence, verify or reject, close (销号)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from core.i18n import AnjianError, Lines
from core.pack.free_text import check, record_of
from core.process.permissions import Action
from core.process.workflow import (
    HAZARD_MOVES,
    PLAN_FIELDS,
    HazardStatus,
    hazard_refusals,
    is_overdue,
)
from core.services.context import Context
from core.services.evidence import attach, staged
from core.services.users import authorize, campaign_scope, reader
from core.store import queries as q
from core.store import writes
from core.store.tables import Hazard
from core.views.hazards import HazardView, LedgerRow


def ledger(ctx: Context, *, overdue: bool = False, enterprise: str | None = None,
           campaign: int | None = None, level: str | None = None,
           status: str | None = None) -> list[LedgerRow]:
    """Hazards with overdue and days left derived from today."""
    with ctx.store.session() as s:
        enterprise = reader(ctx, s, enterprise) or enterprise
        rows = q.hazards(s, campaign_id=campaign, enterprise=enterprise, level=level,
                         status=status, overdue_on=ctx.today if overdue else None)
    return [_row(h, ctx.today) for h in rows]


def _row(h: Hazard, today: dt.date) -> LedgerRow:
    days = (h.deadline - today).days if h.deadline and h.status != "closed" else None
    return LedgerRow(hazard=HazardView.model_validate(h),
                     overdue=is_overdue(h.status, h.deadline, today), days_left=days)


MOVE_ACTION = {"plan": Action.plan_hazard, "submit": Action.submit_rectification,
               "accept": Action.verify_rectification, "reject": Action.verify_rectification}


def _move(ctx: Context, hazard_id: int, move: str, expected_version: int | None,
          files: Sequence[str | Path] = (), **kwargs: Any) -> HazardView:
    with staged(ctx, files) as stored, ctx.store.session() as s:
        h = q.get(s, Hazard, hazard_id, "hazard")
        authorize(ctx, s, MOVE_ACTION[move],
                  campaign_scope(s, h.campaign_id, enterprise=h.enterprise_uscc))
        q.check_version(h, expected_version, "hazard", hazard_id)
        plan = {k: kwargs.get(k) or getattr(h, k) for k in PLAN_FIELDS}
        refusals = hazard_refusals(
            move, HazardStatus(h.status), h.level,
            deadline=kwargs.get("deadline", h.deadline),
            responsible=kwargs.get("responsible") or h.responsible, plan=plan)
        if refusals:
            raise AnjianError("hazard.refused", id=hazard_id, reasons=Lines(refusals, sep="; "))
        before = {"status": h.status, "deadline": h.deadline, "responsible": h.responsible}
        if move == "plan":  # what a new plan overwrites
            before |= {k: getattr(h, k) for k in PLAN_FIELDS}
        extra: dict[str, Any] = {}
        changes: dict[str, Any] = {"status": HAZARD_MOVES[move][1].value}
        if move == "plan":
            changes["deadline"] = kwargs["deadline"]
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
                              "responsible": h.responsible, **{k: v for k, v in kwargs.items()
                                                               if k != "deadline"}, **extra})
        return HazardView.model_validate(h)


def plan(ctx: Context, hazard_id: int, *, deadline: dt.date, responsible: str,
         expected_version: int | None = None, **plan_fields: Any) -> HazardView:
    """Set the rectification deadline and responsible person (and, for a major hazard, every
    part of the treatment plan 治理方案)."""
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
