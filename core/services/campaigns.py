"""Campaigns: the five-step audit-style process, its team, training session, the reasons the
sector's enterprises make no self-inspection, its guards and its deadlines."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from core.i18n import AnjianError, Lines, Msg, OneOf
from core.pack.free_text import check, record_of
from core.plugins.catalogue import Catalogue
from core.process import credit_code as credit
from core.process.permissions import (
    ROLES,
    TEAM_PLACES,
    Action,
    Role,
    Scope,
    team_place,
)
from core.process.workflow import (
    EXEMPTION_REASONS,
    INSPECTION_KIND,
    CampaignFacts,
    Late,
    Refusal,
    Stage,
    advance_refusals,
    date_refusal,
    deadlines,
    late_steps,
    next_stage,
)
from core.services.context import Context
from core.services.decisions import pending
from core.services.packs import get_pack
from core.services.pins import pack_record
from core.services.users import authorize, campaign_scope, reader
from core.store import queries as q
from core.store import writes
from core.store.db import Session
from core.store.tables import Campaign, Enterprise, Inspection, utcnow
from core.views.campaigns import (
    CampaignRow,
    CampaignSummary,
    CampaignView,
    ExemptionView,
    TeamMemberView,
    TrainingView,
)
from core.views.inspections import InspectionSummary, PackRecord


def new_campaign(ctx: Context, *, sector: str, packs: Sequence[str], target: str, lead: str,
                 members: Sequence[str]) -> CampaignSummary:
    """Form a campaign: sector, packs (versions recorded), the typical enterprise, the team."""

    if not packs:
        raise AnjianError("campaign.no_packs")
    entries = [get_pack(ctx.catalogue, p) for p in dict.fromkeys(packs)]
    chosen = {e.pack.id for e in entries}
    for e in entries:
        if e.base is not None and e.base.pack.id in chosen:
            # the overlay carries every item of its official pack: both would answer each
            # official item twice
            raise AnjianError("overlay.with_base", overlay=e.pack.id, base=e.base.pack.id)
    code = credit.validate(target)
    check(record_of("campaign"), sector=sector, lead=lead, member=members)
    if not lead.strip():
        raise AnjianError("field.required", field="lead")
    with ctx.store.session() as s:
        authorize(ctx, s, Action.form_campaign)
        q.get(s, Enterprise, code, "enterprise")
        names = [m for m in dict.fromkeys(x.strip() for x in members if x.strip())
                 if m != lead.strip()]
        team = _places(s, [(lead.strip(), "lead")] + [(m, None) for m in names])
        campaign = writes.add_campaign(
            s, {"sector": sector.strip(), "target_uscc": code, "created_by": ctx.actor},
            [(e.pack.id, e.pack.version, e.hash) for e in entries], team)
        assert campaign.id is not None
        writes.enter_stage(s, campaign.id, Stage.team_formation.value, ctx.today, ctx.actor)
        q.append_audit(s, ctx.actor, "campaign.new", "campaign", campaign.id, after={
            "sector": campaign.sector, "target": code,
            "packs": {e.pack.id: pack_record(e) for e in entries},
            "lead": lead.strip(), "members": list(members),
            "team": {name: place for name, place in team}, "entered_on": ctx.today})
        return CampaignSummary.model_validate(campaign)


def _places(s: Session, wanted: Sequence[tuple[str, str | None]]) -> list[tuple[str, str]]:
    """Each (name, place asked for) as (name, place): every one a registered user whose role
    fits the place; with no place asked for, the one their role gives (an expert's is
    ``expert``, a lead's or an inspector's ``inspector``). Refused naming the first who is
    not registered or whose role does not fit."""
    roles = q.user_roles(s, [n for n, _ in wanted])
    out: list[tuple[str, str]] = []
    for name, asked in wanted:
        role = roles.get(name)
        if role is None:
            raise AnjianError("team.unregistered", name=name,
                              role="lead" if asked == "lead" else "inspector")
        place = asked or team_place(Role(role)) or "inspector"
        if Role(role) not in TEAM_PLACES[place]:
            raise AnjianError("team.wrong_role", name=name, role=role, place=place,
                              needs=OneOf(Msg(f"role.{r}") for r in ROLES
                                          if r in TEAM_PLACES[place]))
        out.append((name, place))
    return out


def add_member(ctx: Context, campaign_id: int, *, name: str, role: str | None = None,
               expected_version: int | None = None) -> TeamMemberView:
    """Add a team member while the team is being formed: a registered user, as ``role``
    (lead, inspector or expert) or, without one, in the place their registered role gives."""
    if role is not None and role not in TEAM_PLACES:
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
        ((who, place),) = _places(s, [(name.strip(), role)])
        member = writes.add_team_member(s, campaign_id, who, place)
        q.append_audit(s, ctx.actor, "campaign.member", "campaign", campaign_id,
                       after={"name": member.name, "role": place})
        return TeamMemberView.model_validate(member)


def facts(s: Session, campaign: Campaign, catalogue: Catalogue,
          today: dt.date) -> CampaignFacts:
    assert campaign.id is not None
    team = q.team_registration(s, campaign.id)
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
    held = [tr.held_on for tr in q.training_sessions(s, campaign.id)]
    stage = Stage(campaign.stage)
    return CampaignFacts(
        stage=stage,
        leads=sum(1 for _, place, _ in team if place == "lead"),
        inspectors=sum(1 for _, place, role in team
                       if place == "inspector" and _fits(role, place)),
        unqualified=tuple(name for name, place, role in team if not _fits(role, place)),
        onsite_inspections=len(onsite), onsite_unanswered=unanswered,
        training_sessions=sum(1 for on in held if on <= today),
        future_training=min((on for on in held if on > today), default=None),
        # counted in the database, and only at the step that needs it
        self_missing=(q.self_missing_count(s, campaign.id, campaign.sector,
                                           campaign.target_uscc)
                      if stage is Stage.self_rectification else 0),
        followups=int(q.answered_inspections(s, campaign.id, "followup",
                                             campaign.target_uscc)),
        unverified_major=len(majors), undecided_major=undecided)


def _fits(role: str | None, place: str) -> bool:
    """Whether a registered ``role`` (None: not registered) may hold ``place`` on a team."""
    return (role is not None and role in set(ROLES) and place in TEAM_PLACES
            and Role(role) in TEAM_PLACES[place])


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
        refusals = advance_refusals(facts(s, campaign, ctx.catalogue, ctx.today))
        if refusals:
            raise AnjianError("campaign.refused", id=campaign_id,
                              stage=campaign.stage, reasons=Lines(refusals, sep="; "))
        before = campaign.stage
        target = next_stage(Stage(campaign.stage))
        assert target is not None
        changes: dict[str, Any] = {"stage": target.value}
        if target is Stage.feedback:
            # an overlay's local campaign settings move the steps' deadlines
            settings = [e.pack.campaign for e in (ctx.catalogue.get(cp.pack_id)
                                                  for cp in q.campaign_packs(s, campaign_id))
                        if e is not None]
            training_due, reports_due = deadlines(ctx.today, settings)
            changes |= {"onsite_done_on": ctx.today, "training_due": training_due,
                        "reports_due": reports_due}
        if target is Stage.closed:
            changes["closed_at"] = utcnow()
        writes.update_campaign(s, campaign, changes)
        writes.enter_stage(s, campaign_id, target.value, ctx.today, ctx.actor)
        q.append_audit(s, ctx.actor, "campaign.advance", "campaign", campaign_id,
                       before={"stage": before}, after={
                           "stage": campaign.stage, "entered_on": ctx.today,
                           "onsite_done_on": campaign.onsite_done_on,
                           "training_due": campaign.training_due,
                           "reports_due": campaign.reports_due,
                           "closed_at": campaign.closed_at})
        return CampaignSummary.model_validate(campaign)


def record_training(ctx: Context, campaign_id: int, *, held_on: dt.date,
                    attendees: Sequence[str], note: str = "") -> TrainingView:
    """Record the feedback & training session given to the sector's enterprises: held by
    today, and not before the on-site inspection of the typical enterprise it reports on."""

    check(record_of("training"), note=note)
    codes = [credit.validate(a) for a in attendees]
    if not codes:
        raise AnjianError("training.no_attendees")
    with ctx.store.session() as s:
        campaign = q.get(s, Campaign, campaign_id, "campaign")
        authorize(ctx, s, Action.record_training, campaign_scope(s, campaign_id))
        if campaign.stage not in (Stage.onsite, Stage.feedback):
            raise AnjianError("training.stage", stage=campaign.stage)
        onsite = [i.inspected_on for i in q.inspections(
            s, campaign_id=campaign_id, enterprise=campaign.target_uscc, kind="onsite")]
        if not onsite:
            raise AnjianError("training.no_onsite")
        wrong = date_refusal("training", held_on, today=ctx.today, earliest=max(onsite))
        if wrong is not None:
            raise AnjianError(wrong.key, **wrong.params)
        for code in codes:
            q.get(s, Enterprise, code, "enterprise")
        session = writes.add_training(s, campaign_id, held_on, list(dict.fromkeys(codes)), note)
        q.append_audit(s, ctx.actor, "campaign.training", "campaign", campaign_id,
                       after={"held_on": held_on, "attendees": session.attendees, "note": note})
        return TrainingView.model_validate(session)


def exempt(ctx: Context, campaign_id: int, *, enterprise: str, reason: str,
           note: str = "") -> ExemptionView:
    """Record why an enterprise of the campaign's sector makes no self-inspection (it closed,
    or is not in the campaign's scope), at the feedback or self-rectification step."""
    if reason not in EXEMPTION_REASONS:
        raise AnjianError("exemption.bad_reason", reason=reason)
    code = credit.validate(enterprise)
    with ctx.store.session() as s:
        campaign = q.get(s, Campaign, campaign_id, "campaign")
        authorize(ctx, s, Action.record_exemption, campaign_scope(s, campaign_id))
        if campaign.stage not in (Stage.feedback, Stage.self_rectification):
            raise AnjianError("exemption.stage", stage=campaign.stage)
        ent = q.get(s, Enterprise, code, "enterprise")
        if code == campaign.target_uscc:
            raise AnjianError("exemption.target", uscc=code, id=campaign_id)
        if ent.sector != campaign.sector:
            raise AnjianError("inspection.other_sector", uscc=code, sector=ent.sector,
                              campaign_sector=campaign.sector)
        known = next(iter(q.exemptions(s, campaign_id, code)), None)
        if known is not None:
            raise AnjianError("exemption.exists", id=campaign_id, uscc=code,
                              reason=known.reason)
        if q.answered_inspections(s, campaign_id, "self", code):
            raise AnjianError("exemption.inspected", id=campaign_id, uscc=code)
        row = writes.add_exemption(s, {"campaign_id": campaign_id, "enterprise_uscc": code,
                                       "reason": reason, "note": note.strip(),
                                       "recorded_by": ctx.actor})
        q.append_audit(s, ctx.actor, "campaign.exempt", "campaign", campaign_id,
                       after={"enterprise": code, "reason": reason, "note": row.note})
        return ExemptionView.model_validate(row)


def missing_self_inspections(ctx: Context, campaign_id: int,
                             limit: int = 200) -> tuple[int, list[tuple[str, str]]]:
    """How many enterprises of the sector have neither a self-inspection with an answer nor
    a recorded reason, and (credit code, name) of the first ``limit`` of them."""
    with ctx.store.reading() as s:
        c = q.get(s, Campaign, campaign_id, "campaign")
        authorize(ctx, s, Action.read_all, Scope(campaign_id))
        assert c.id is not None
        return (q.self_missing_count(s, c.id, c.sector, c.target_uscc),
                q.self_missing(s, c.id, c.sector, c.target_uscc, limit))


def campaign_view(ctx: Context, campaign_id: int) -> CampaignView:
    """A campaign with its packs, team, training, inspections, what its guards still need and
    its late steps. An enterprise user sees the steps and their own part of the campaign, not
    the counts, attendances or results of the other enterprises."""
    with ctx.store.reading() as s:
        return campaign_view_in(ctx, s, campaign_id)


def campaign_view_in(ctx: Context, s: Session, campaign_id: int) -> CampaignView:
    """:func:`campaign_view` read in the caller's transaction."""
    c = q.get(s, Campaign, campaign_id, "campaign")
    only = reader(ctx, s)
    held = q.training_sessions(s, campaign_id)
    if only is not None:
        f = CampaignFacts(stage=Stage(c.stage),
                          training_sessions=sum(1 for tr in held
                                                if tr.held_on <= ctx.today))
        trainings = [TrainingView.model_validate(tr).model_copy(
            update={"attendees": (only,)}) for tr in held if only in tr.attendees]
        refusals: list[Refusal] = []
        inspections = q.inspections(s, campaign_id=campaign_id, enterprise=only)
    else:
        f = facts(s, c, ctx.catalogue, ctx.today)
        trainings = [TrainingView.model_validate(tr) for tr in held]
        refusals = advance_refusals(f)
        inspections = q.inspections(s, campaign_id=campaign_id)
    trained = [tr.held_on for tr in held if tr.held_on <= ctx.today]
    return CampaignView(
        campaign=CampaignSummary.model_validate(c),
        packs=tuple(PackRecord.model_validate(p) for p in q.campaign_packs(s, campaign_id)),
        team=tuple(TeamMemberView.model_validate(m) for m in q.team(s, campaign_id)),
        trainings=tuple(trainings),
        inspections=tuple(InspectionSummary.of(i) for i in inspections),
        exemptions=tuple(ExemptionView.model_validate(x)
                         for x in q.exemptions(s, campaign_id, only)),
        facts=f, refusals=tuple(refusals),
        late=tuple(late(c, min(trained, default=None),
                        q.stage_dates(s, campaign_id).get(campaign_id, {}), ctx.today)))


def late(campaign: Campaign, trained_on: dt.date | None, entered: dict[str, dt.date],
         today: dt.date) -> list[Late]:
    """The campaign's steps past their deadline, overdue now or done late."""
    return late_steps(Stage(campaign.stage), training_due=campaign.training_due,
                      reports_due=campaign.reports_due, trained_on=trained_on,
                      reports_done_on=entered.get(Stage.followup.value), today=today)


def list_campaigns(ctx: Context) -> list[CampaignSummary]:
    """Every campaign, oldest first."""
    with ctx.store.reading() as s:
        authorize(ctx, s, Action.read, Scope())
        return [CampaignSummary.model_validate(c) for c in q.campaigns(s)]


def campaign_rows(ctx: Context) -> list[CampaignRow]:
    """Every campaign, oldest first, with its steps now past their deadline (逾期): three
    queries, whatever the number of campaigns."""
    with ctx.store.reading() as s:
        authorize(ctx, s, Action.read, Scope())
        trained = q.first_trainings(s, ctx.today)
        entered = q.stage_dates(s)
        rows = []
        for c in q.campaigns(s):
            assert c.id is not None
            overdue = [x for x in late(c, trained.get(c.id), entered.get(c.id, {}), ctx.today)
                       if x.done_on is None]
            rows.append(CampaignRow(campaign=CampaignSummary.model_validate(c),
                                    late=tuple(overdue)))
        return rows
