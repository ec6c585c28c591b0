"""Campaigns: the five-step audit-style process, its team, training session and guards."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from core.i18n import AnjianError, Lines
from core.pack.free_text import check, record_of
from core.plugins.catalogue import Catalogue
from core.process import credit_code as credit
from core.process.permissions import Action, Scope
from core.process.workflow import (
    INSPECTION_KIND,
    CampaignFacts,
    Refusal,
    Stage,
    advance_refusals,
    deadlines,
    next_stage,
)
from core.services.context import Context
from core.services.decisions import pending
from core.services.packs import get_pack
from core.services.users import authorize, campaign_scope, reader
from core.store import queries as q
from core.store import writes
from core.store.db import Session
from core.store.tables import Campaign, Enterprise, Inspection, utcnow
from core.views.campaigns import CampaignSummary, CampaignView, TeamMemberView, TrainingView
from core.views.inspections import InspectionSummary, PackRecord


def new_campaign(ctx: Context, *, sector: str, packs: Sequence[str], target: str, lead: str,
                 members: Sequence[str]) -> CampaignSummary:
    """Form a campaign: sector, packs (versions recorded), the typical enterprise, the team."""

    if not packs:
        raise AnjianError("campaign.no_packs")
    entries = [get_pack(ctx.catalogue, p) for p in dict.fromkeys(packs)]
    code = credit.validate(target)
    check(record_of("campaign"), sector=sector, lead=lead, member=members)
    if not lead.strip():
        raise AnjianError("field.required", field="lead")
    with ctx.store.session() as s:
        authorize(ctx, s, Action.form_campaign)
        q.get(s, Enterprise, code, "enterprise")
        team = [(lead.strip(), "lead")] + [
            (m, "inspector") for m in dict.fromkeys(x.strip() for x in members if x.strip())
            if m != lead.strip()]
        campaign = writes.add_campaign(
            s, {"sector": sector.strip(), "target_uscc": code, "created_by": ctx.actor},
            [(e.pack.id, e.pack.version, e.hash) for e in entries], team)
        q.append_audit(s, ctx.actor, "campaign.new", "campaign", campaign.id, after={
            "sector": campaign.sector, "target": code,
            "packs": {e.pack.id: {"version": e.pack.version, "hash": e.hash} for e in entries},
            "lead": lead.strip(), "members": list(members)})
        return CampaignSummary.model_validate(campaign)


def add_member(ctx: Context, campaign_id: int, *, name: str, role: str = "inspector",
               expected_version: int | None = None) -> TeamMemberView:
    """Add a team member (lead or inspector) while the team is being formed."""
    if role not in ("lead", "inspector"):
        raise AnjianError("team.bad_role", role=role)
    check(record_of("campaign", campaign_id), member=name)
    if not name.strip():
        raise AnjianError("field.required", field="name")
    with ctx.store.session() as s:
        campaign = q.get(s, Campaign, campaign_id, "campaign")
        authorize(ctx, s, Action.form_team, campaign_scope(s, campaign_id))
        q.check_version(campaign, expected_version, "campaign", campaign_id)
        if campaign.stage != Stage.team_formation:
            raise AnjianError("team.formed", id=campaign_id, stage=campaign.stage)
        members = q.team(s, campaign_id)
        if any(m.name == name.strip() for m in members):
            raise AnjianError("team.duplicate", name=name.strip())
        if role == "lead" and any(m.role == "lead" for m in members):
            raise AnjianError("team.has_lead", id=campaign_id)
        member = writes.add_team_member(s, campaign_id, name.strip(), role)
        q.append_audit(s, ctx.actor, "campaign.member", "campaign", campaign_id,
                       after={"name": member.name, "role": role})
        return TeamMemberView.model_validate(member)


def facts(s: Session, campaign: Campaign, catalogue: Catalogue) -> CampaignFacts:
    assert campaign.id is not None
    members = q.team(s, campaign.id)
    onsite = q.inspections(s, campaign_id=campaign.id, kind="onsite")
    unanswered = sum(_unanswered(s, i) for i in onsite)
    # the decisions the current step's inspections still await
    kind = INSPECTION_KIND.get(Stage(campaign.stage))
    if kind == "onsite":
        deciding: Sequence[Inspection] = onsite
    elif kind == "followup":
        deciding = q.inspections(s, campaign_id=campaign.id, kind=kind)
    else:
        deciding = ()
    undecided = sum(len(pending(s, catalogue, i)) for i in deciding)
    majors = [h for h in q.hazards(s, campaign_id=campaign.id, level="major")
              if h.status != "closed"]
    return CampaignFacts(
        stage=Stage(campaign.stage),
        leads=sum(1 for m in members if m.role == "lead"),
        inspectors=sum(1 for m in members if m.role == "inspector"),
        onsite_inspections=len(onsite), onsite_unanswered=unanswered,
        training_sessions=len(q.training_sessions(s, campaign.id)),
        unverified_major=len(majors), undecided_major=undecided)


def _unanswered(s: Session, inspection: Inspection) -> int:
    """Applicable items of an inspection neither answered nor skipped with a reason."""
    dets = inspection.determination.get("determinations", [])
    unanswered = {i for d in dets for i in d.get("unanswered", [])}
    assert inspection.id is not None
    skipped = {f.item_id for f in q.findings(s, inspection.id) if f.skip_reason}
    return len(unanswered - skipped)


def advance(ctx: Context, campaign_id: int, *,
            expected_version: int | None = None) -> CampaignSummary:
    """Move the campaign to its next stage, or refuse saying every reason."""
    with ctx.store.session() as s:
        campaign = q.get(s, Campaign, campaign_id, "campaign")
        authorize(ctx, s, Action.advance_campaign, campaign_scope(s, campaign_id))
        q.check_version(campaign, expected_version, "campaign", campaign_id)
        refusals = advance_refusals(facts(s, campaign, ctx.catalogue))
        if refusals:
            raise AnjianError("campaign.refused", id=campaign_id,
                              stage=campaign.stage, reasons=Lines(refusals, sep="; "))
        before = campaign.stage
        target = next_stage(Stage(campaign.stage))
        assert target is not None
        changes: dict[str, Any] = {"stage": target.value}
        if target is Stage.feedback:
            training_due, reports_due = deadlines(ctx.today)
            changes |= {"onsite_done_on": ctx.today, "training_due": training_due,
                        "reports_due": reports_due}
        if target is Stage.closed:
            changes["closed_at"] = utcnow()
        writes.update_campaign(s, campaign, changes)
        q.append_audit(s, ctx.actor, "campaign.advance", "campaign", campaign_id,
                       before={"stage": before}, after={
                           "stage": campaign.stage, "onsite_done_on": campaign.onsite_done_on,
                           "training_due": campaign.training_due,
                           "reports_due": campaign.reports_due,
                           "closed_at": campaign.closed_at})
        return CampaignSummary.model_validate(campaign)


def record_training(ctx: Context, campaign_id: int, *, held_on: dt.date,
                    attendees: Sequence[str], note: str = "") -> TrainingView:
    """Record the feedback & training session given to the sector's enterprises."""

    check(record_of("training"), note=note)
    codes = [credit.validate(a) for a in attendees]
    if not codes:
        raise AnjianError("training.no_attendees")
    with ctx.store.session() as s:
        campaign = q.get(s, Campaign, campaign_id, "campaign")
        authorize(ctx, s, Action.record_training, campaign_scope(s, campaign_id))
        if campaign.stage not in (Stage.onsite, Stage.feedback):
            raise AnjianError("training.stage", stage=campaign.stage)
        for code in codes:
            q.get(s, Enterprise, code, "enterprise")
        session = writes.add_training(s, campaign_id, held_on, list(dict.fromkeys(codes)), note)
        q.append_audit(s, ctx.actor, "campaign.training", "campaign", campaign_id,
                       after={"held_on": held_on, "attendees": session.attendees, "note": note})
        return TrainingView.model_validate(session)


def campaign_view(ctx: Context, campaign_id: int) -> CampaignView:
    """A campaign with its packs, team, training, inspections, what its guards still need and
    its late steps. An enterprise user sees the steps and their own part of the campaign, not
    the counts, attendances or results of the other enterprises."""
    with ctx.store.session() as s:
        c = q.get(s, Campaign, campaign_id, "campaign")
        only = reader(ctx, s)
        held = q.training_sessions(s, campaign_id)
        if only is not None:
            f = CampaignFacts(stage=Stage(c.stage), training_sessions=len(held))
            trainings = [TrainingView.model_validate(tr).model_copy(
                update={"attendees": (only,)}) for tr in held if only in tr.attendees]
            refusals: list[Refusal] = []
            inspections = q.inspections(s, campaign_id=campaign_id, enterprise=only)
        else:
            f = facts(s, c, ctx.catalogue)
            trainings = [TrainingView.model_validate(tr) for tr in held]
            refusals = advance_refusals(f)
            inspections = q.inspections(s, campaign_id=campaign_id)
        return CampaignView(
            campaign=CampaignSummary.model_validate(c),
            packs=tuple(PackRecord.model_validate(p) for p in q.campaign_packs(s, campaign_id)),
            team=tuple(TeamMemberView.model_validate(m) for m in q.team(s, campaign_id)),
            trainings=tuple(trainings),
            inspections=tuple(InspectionSummary.of(i) for i in inspections), facts=f,
            refusals=tuple(refusals), late=tuple(late(c, f, ctx.today)))


def late(campaign: Campaign, f: CampaignFacts, today: dt.date) -> list[Refusal]:
    """Campaign deadlines that have passed with their step not done."""
    out = []
    if (campaign.training_due and campaign.stage == Stage.feedback and f.training_sessions == 0
            and today > campaign.training_due):
        out.append(Refusal("late.training", {"date": campaign.training_due.isoformat()}))
    if (campaign.reports_due and campaign.stage == Stage.self_rectification
            and today > campaign.reports_due):
        out.append(Refusal("late.reports", {"date": campaign.reports_due.isoformat()}))
    return out


def list_campaigns(ctx: Context) -> list[CampaignSummary]:
    """Every campaign, oldest first."""
    with ctx.store.session() as s:
        authorize(ctx, s, Action.read, Scope())
        return [CampaignSummary.model_validate(c) for c in q.campaigns(s)]
