"""Campaigns: the five-step audit-style process, its team, training session and guards."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session

from core.i18n import AnjianError, Lang, t
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
from core.store.tables import (
    Campaign,
    CampaignPack,
    Enterprise,
    Inspection,
    TeamMember,
    TrainingSession,
    utcnow,
)


def new_campaign(ctx: Context, *, sector: str, packs: Sequence[str], target: str, lead: str,
                 members: Sequence[str]) -> Campaign:
    """Form a campaign: sector, packs (versions recorded), the typical enterprise, the team."""

    if not packs:
        raise AnjianError("campaign.no_packs")
    entries = [get_pack(ctx.catalogue, p) for p in dict.fromkeys(packs)]
    code = credit.validate(target)
    if not lead.strip():
        raise AnjianError("field.required", field="lead")
    with ctx.store.session() as s:
        authorize(ctx, s, Action.form_campaign)
        q.get(s, Enterprise, code, "enterprise")
        campaign = Campaign(sector=sector.strip(), target_uscc=code, created_by=ctx.actor)
        s.add(campaign)
        s.flush()
        assert campaign.id is not None
        for e in entries:
            s.add(CampaignPack(campaign_id=campaign.id, pack_id=e.pack.id,
                               pack_version=e.pack.version, pack_hash=e.hash))
        s.add(TeamMember(campaign_id=campaign.id, name=lead.strip(), role="lead"))
        for m in dict.fromkeys(x.strip() for x in members if x.strip()):
            if m != lead.strip():
                s.add(TeamMember(campaign_id=campaign.id, name=m, role="inspector"))
        q.append_audit(s, ctx.actor, "campaign.new", "campaign", campaign.id, after={
            "sector": campaign.sector, "target": code,
            "packs": {e.pack.id: {"version": e.pack.version, "hash": e.hash} for e in entries},
            "lead": lead.strip(), "members": list(members)})
    return campaign


def add_member(ctx: Context, campaign_id: int, *, name: str, role: str = "inspector",
               expected_version: int | None = None) -> TeamMember:
    """Add a team member (lead or inspector) while the team is being formed."""
    if role not in ("lead", "inspector"):
        raise AnjianError("team.bad_role", role=role)
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
        member = TeamMember(campaign_id=campaign_id, name=name.strip(), role=role)
        s.add(member)
        q.append_audit(s, ctx.actor, "campaign.member", "campaign", campaign_id,
                       after={"name": member.name, "role": role})
    return member


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


def refusal_text(refusals: Sequence[Refusal], lang: str) -> list[str]:
    return [t(r.key, "en" if lang == "en" else "zh", **r.params) for r in refusals]


def advance(ctx: Context, campaign_id: int, *, expected_version: int | None = None) -> Campaign:
    """Move the campaign to its next stage, or refuse saying every reason."""
    with ctx.store.session() as s:
        campaign = q.get(s, Campaign, campaign_id, "campaign")
        authorize(ctx, s, Action.advance_campaign, campaign_scope(s, campaign_id))
        q.check_version(campaign, expected_version, "campaign", campaign_id)
        refusals = advance_refusals(facts(s, campaign, ctx.catalogue))
        if refusals:
            raise AnjianError("campaign.refused", id=campaign_id,
                              stage=campaign.stage,
                              reasons="; ".join(refusal_text(refusals, ctx.lang)))
        before = campaign.stage
        target = next_stage(Stage(campaign.stage))
        assert target is not None
        campaign.stage = target.value
        if target is Stage.feedback:
            campaign.onsite_done_on = ctx.today
            campaign.training_due, campaign.reports_due = deadlines(ctx.today)
        if target is Stage.closed:
            campaign.closed_at = utcnow()
        s.add(campaign)
        q.append_audit(s, ctx.actor, "campaign.advance", "campaign", campaign_id,
                       before={"stage": before}, after={
                           "stage": campaign.stage, "onsite_done_on": campaign.onsite_done_on,
                           "training_due": campaign.training_due,
                           "reports_due": campaign.reports_due,
                           "closed_at": campaign.closed_at})
    return campaign


def record_training(ctx: Context, campaign_id: int, *, held_on: dt.date,
                    attendees: Sequence[str], note: str = "") -> TrainingSession:
    """Record the feedback & training session given to the sector's enterprises."""

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
        session = TrainingSession(campaign_id=campaign_id, held_on=held_on,
                                  attendees=list(dict.fromkeys(codes)), note=note)
        s.add(session)
        s.flush()
        q.append_audit(s, ctx.actor, "campaign.training", "campaign", campaign_id,
                       after={"held_on": held_on, "attendees": session.attendees, "note": note})
    return session


@dataclass(frozen=True)
class CampaignView:
    campaign: Campaign
    packs: list[CampaignPack]
    team: list[TeamMember]
    trainings: list[TrainingSession]
    inspections: list[Inspection]
    facts: CampaignFacts
    refusals: list[Refusal]
    late: list[str]

    def as_json(self) -> dict[str, Any]:
        return {
            **self.campaign.model_dump(mode="json"),
            "packs": [p.model_dump(mode="json") for p in self.packs],
            "team": [{"name": m.name, "role": m.role} for m in self.team],
            "trainings": [tr.model_dump(mode="json") for tr in self.trainings],
            "inspections": [{"id": i.id, "enterprise": i.enterprise_uscc, "kind": i.kind,
                             "verdict": i.determination.get("verdict")}
                            for i in self.inspections],
            "next_stage": (ns.value if (ns := next_stage(Stage(self.campaign.stage)))
                           else None),
            "blocked_by": [r.key for r in self.refusals],
            "late": self.late,
        }


def campaign_view(ctx: Context, campaign_id: int) -> CampaignView:
    with ctx.store.session() as s:
        c = q.get(s, Campaign, campaign_id, "campaign")
        only = reader(ctx, s)
        if only is not None:
            # An enterprise user sees the campaign's steps and their own part of it, not the
            # counts, attendances or results of the other enterprises.
            held = q.training_sessions(s, campaign_id)
            f = CampaignFacts(stage=Stage(c.stage), training_sessions=len(held))
            trainings = [tr.model_copy(update={"attendees": [only]})
                         for tr in held if only in tr.attendees]
            return CampaignView(c, list(q.campaign_packs(s, campaign_id)),
                                list(q.team(s, campaign_id)), trainings,
                                list(q.inspections(s, campaign_id=campaign_id, enterprise=only)),
                                f, [], late(c, f, ctx.today, ctx.lang))
        f = facts(s, c, ctx.catalogue)
        view = CampaignView(c, list(q.campaign_packs(s, campaign_id)),
                            list(q.team(s, campaign_id)),
                            list(q.training_sessions(s, campaign_id)),
                            list(q.inspections(s, campaign_id=campaign_id)), f,
                            advance_refusals(f), late(c, f, ctx.today, ctx.lang))
    return view


def late(campaign: Campaign, f: CampaignFacts, today: dt.date, lang: str = "en") -> list[str]:
    """Campaign deadlines that have passed with their step not done."""
    code: Lang = "en" if lang == "en" else "zh"
    out = []
    if (campaign.training_due and campaign.stage == Stage.feedback and f.training_sessions == 0
            and today > campaign.training_due):
        out.append(t("late.training", code, date=campaign.training_due.isoformat()))
    if (campaign.reports_due and campaign.stage == Stage.self_rectification
            and today > campaign.reports_due):
        out.append(t("late.reports", code, date=campaign.reports_due.isoformat()))
    return out


def list_campaigns(ctx: Context) -> list[Campaign]:
    with ctx.store.session() as s:
        authorize(ctx, s, Action.read, Scope())
        return list(q.campaigns(s))
