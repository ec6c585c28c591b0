"""Campaigns (审计式监督检查): the five steps, the team, the training session."""

from __future__ import annotations

import datetime as dt
from typing import Any

from core.process.workflow import CampaignFacts, Late, Refusal, Stage, next_stage
from core.views.base import View
from core.views.inspections import InspectionSummary, PackRecord


class CampaignSummary(View):
    """A campaign's own record: sector, step, typical enterprise, deadlines."""

    id: int
    sector: str
    stage: Stage
    target_uscc: str
    created_at: dt.datetime
    created_by: str = ""
    onsite_done_on: dt.date | None = None
    training_due: dt.date | None = None
    reports_due: dt.date | None = None
    closed_at: dt.datetime | None = None
    version: int = 1


class TeamMemberView(View):
    name: str
    role: str  # lead | inspector | expert


class ExemptionView(View):
    """Why an enterprise of the sector makes no self-inspection."""

    campaign_id: int
    enterprise_uscc: str
    reason: str  # closed | not_in_scope
    note: str = ""
    recorded_by: str = ""
    recorded_at: dt.datetime


class CampaignRow(View):
    """A campaign as a list shows it: its record and its steps now past their deadline."""

    campaign: CampaignSummary
    late: tuple[Late, ...] = ()

    def as_json(self) -> dict[str, Any]:
        return {**self.campaign.model_dump(mode="json"),
                "late": [x.as_json() for x in self.late]}


class TrainingView(View):
    """The feedback & training session (反馈培训) given to the sector's enterprises."""

    id: int
    campaign_id: int
    held_on: dt.date
    note: str = ""
    attendees: tuple[str, ...] = ()


class CampaignView(View):
    """A campaign with its packs, team, training, inspections, the reasons recorded for the
    sector's enterprises that make no self-inspection, what its guards still need
    (``refusals``, catalogue keys with parameters) and its steps past their deadline, overdue
    now or done late (``late``); the front end renders both."""

    campaign: CampaignSummary
    packs: tuple[PackRecord, ...]
    team: tuple[TeamMemberView, ...]
    trainings: tuple[TrainingView, ...]
    inspections: tuple[InspectionSummary, ...]
    exemptions: tuple[ExemptionView, ...] = ()
    facts: CampaignFacts
    refusals: tuple[Refusal, ...]
    late: tuple[Late, ...]

    @property
    def overdue(self) -> tuple[Late, ...]:
        """The steps overdue now (not those done late)."""
        return tuple(x for x in self.late if x.done_on is None)

    def as_json(self) -> dict[str, Any]:
        c = self.campaign
        return {
            **c.model_dump(mode="json"),
            "packs": [{"campaign_id": c.id, **p.model_dump(mode="json")} for p in self.packs],
            "team": [m.model_dump(mode="json") for m in self.team],
            "trainings": [tr.model_dump(mode="json") for tr in self.trainings],
            "inspections": [{"id": i.id, "enterprise": i.enterprise_uscc, "kind": i.kind,
                             "verdict": i.verdict.value} for i in self.inspections],
            "next_stage": (ns.value if (ns := next_stage(c.stage)) else None),
            "blocked_by": [r.key for r in self.refusals],
            "exemptions": [x.model_dump(mode="json") for x in self.exemptions],
            "late": [x.as_json() for x in self.late],
        }
