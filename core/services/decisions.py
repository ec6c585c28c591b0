"""Collective decisions (集体讨论) on major-hazard determinations, where a pack's standard asks
for one (GB 35181 4.2 b: at least three people reach the conclusive determination together).

A decision confirms the rules that fired when it was taken; if later answers change what fires,
it no longer covers the determination and a new one is needed.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any

from core.i18n import AnjianError
from core.pack.free_text import check, record_of
from core.plugins.catalogue import Catalogue
from core.process.permissions import DECISION_ROLES, Action
from core.process.workflow import date_refusal
from core.services.context import Context
from core.services.inspections import frozen_step
from core.services.users import authorize, campaign_scope, check_name, reader
from core.store import queries as q
from core.store import writes
from core.store.db import Session
from core.store.tables import Decision, Inspection
from core.views.users import DecisionView, Pending


def _fired(determination: dict[str, Any]) -> tuple[str, ...]:
    return tuple(sorted({t["rule"] for t in determination.get("triggers", [])
                         if not t.get("vetoed")}))


def pending(s: Session, catalogue: Catalogue, inspection: Inspection) -> list[Pending]:
    """The inspection's major determinations under packs that ask for a collective decision
    and have no decision covering the rules that fire now."""
    assert inspection.id is not None
    out: list[Pending] = []
    decided: list[Decision] | None = None
    for d in inspection.determination.get("determinations", []):
        entry = catalogue.get(d.get("pack", ""))
        rules = _fired(d)
        if entry is None or entry.pack.collective_decision is None or not rules:
            continue
        if decided is None:
            decided = list(q.decisions(s, inspection.id))
        if not any(x.pack_id == d["pack"] and tuple(x.rules) == rules for x in decided):
            out.append(Pending(inspection_id=inspection.id, pack_id=d["pack"], rules=rules))
    return out


def decide(ctx: Context, inspection_id: int, *, pack: str, participants: Sequence[str],
           decided_on: dt.date | None = None, note: str = "") -> DecisionView:
    """Record who took part in the collective decision on the inspection's major-hazard
    determination under ``pack``: registered leads, inspectors or outside experts, on a day
    neither after today nor before the inspection."""
    check(record_of("decision"), note=note)
    names = list(dict.fromkeys(check_name(p.strip()) for p in participants if p.strip()))
    with ctx.store.session() as s:
        q.lock_inspection(s, inspection_id)  # decide on the determination as it stands
        insp = q.get(s, Inspection, inspection_id, "inspection")
        authorize(ctx, s, Action.record_decision, campaign_scope(
            s, insp.campaign_id, enterprise=insp.enterprise_uscc, kind=insp.kind))
        # a closed campaign's records are read-only (refused here)
        frozen_step(q.campaign_stage(s, insp.campaign_id), insp.kind, inspection_id)
        det = next((d for d in insp.determination.get("determinations", [])
                    if d.get("pack") == pack), None)
        if det is None:
            raise AnjianError("decision.pack", id=inspection_id, pack=pack)
        entry = ctx.catalogue.get(pack)
        procedure = entry.pack.collective_decision if entry is not None else None
        if procedure is None:
            raise AnjianError("decision.not_needed", pack=pack)
        rules = _fired(det)
        if not rules:
            raise AnjianError("decision.not_major", id=inspection_id, pack=pack)
        if len(names) < procedure.min_participants:
            raise AnjianError("decision.too_few", pack=pack, needed=procedure.min_participants,
                              clause=procedure.clause, count=len(names))
        roles = q.user_roles(s, names)
        for person in names:
            if person not in roles:
                raise AnjianError("decision.unregistered", name=person)
            if roles[person] not in DECISION_ROLES:
                raise AnjianError("decision.wrong_role", name=person, role=roles[person])
        on = decided_on or ctx.today
        wrong = date_refusal("decision", on, today=ctx.today, earliest=insp.inspected_on,
                             id=inspection_id)
        if wrong is not None:
            raise AnjianError(wrong.key, **wrong.params)
        row = writes.add_decision(s, {
            "inspection_id": inspection_id, "pack_id": pack, "rules": list(rules),
            "participants": names, "decided_on": on,
            "note": note.strip(), "recorded_by": ctx.actor})
        q.append_audit(s, ctx.actor, "inspection.decide", "inspection", inspection_id, after={
            "pack": pack, "rules": list(rules), "participants": names,
            "decided_on": row.decided_on, "note": row.note})
        return DecisionView.model_validate(row)


def pending_for(ctx: Context, inspection_id: int) -> tuple[list[Pending], list[str]]:
    """The inspection's determinations awaiting a decision, and its campaign's team (the
    usual participants)."""
    with ctx.store.reading() as s:
        insp = q.get(s, Inspection, inspection_id, "inspection")
        reader(ctx, s, insp.enterprise_uscc)
        team = list(q.team_roles(s, insp.campaign_id)) if insp.campaign_id is not None else []
        return pending(s, ctx.catalogue, insp), team


def split_names(text: str) -> list[str]:
    """Participants typed on one line: separated by commas, 、 or semicolons."""
    return [n.strip() for n in re.split(r"[,，、;；\n]", text) if n.strip()]


def decisions(ctx: Context, inspection_id: int) -> list[DecisionView]:
    """The collective decisions recorded on the inspection's determinations."""
    with ctx.store.reading() as s:
        insp = q.get(s, Inspection, inspection_id, "inspection")
        reader(ctx, s, insp.enterprise_uscc)
        return [DecisionView.model_validate(d) for d in q.decisions(s, inspection_id)]
