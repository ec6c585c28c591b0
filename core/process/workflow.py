"""The audit-style process (审计式监督检查) and the hazard lifecycle as explicit state machines.

Pure: a guard looks at a snapshot of the facts it needs and returns the reasons an advance is
refused (empty when it may go ahead). Services gather the snapshot, ask, and record.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

from core.i18n import Lang, Listed, Msg, t


class Stage(StrEnum):
    team_formation = "team_formation"  # 组建团队
    onsite = "onsite"  # 现场检查
    feedback = "feedback"  # 反馈培训
    self_rectification = "self_rectification"  # 自查整改
    followup = "followup"  # 跟进督查
    closed = "closed"


STAGES: tuple[Stage, ...] = tuple(Stage)

#: Which kind of inspection each stage allows.
INSPECTION_KIND: dict[Stage, str] = {
    Stage.onsite: "onsite", Stage.self_rectification: "self", Stage.followup: "followup",
}

#: Jinan's published practice: training within 7 days of the on-site inspection, the
#: enterprises' self-rectification reports within a month.
TRAINING_DAYS = 7
REPORT_DAYS = 30

MIN_INSPECTORS = 2


def next_stage(stage: Stage) -> Stage | None:
    n = STAGES.index(stage)
    return STAGES[n + 1] if n + 1 < len(STAGES) else None


@dataclass(frozen=True)
class CampaignFacts:
    """What the guards of a campaign need to know."""

    stage: Stage
    leads: int = 0
    inspectors: int = 0
    onsite_inspections: int = 0
    #: Applicable items of the on-site inspection neither answered nor skipped with a reason.
    onsite_unanswered: int = 0
    training_sessions: int = 0
    unverified_major: int = 0
    #: Major determinations of this stage's inspections whose pack asks for a collective
    #: decision (GB 35181 4.2 b) that has not been recorded.
    undecided_major: int = 0


@dataclass(frozen=True)
class Refusal:
    """A reason an advance is refused (or a step is late): a catalogue key and its
    parameters, rendered in its reader's language."""

    key: str
    params: dict[str, object] = field(default_factory=dict)

    def render(self, lang: Lang = "zh") -> str:
        return t(self.key, lang, **self.params)


def advance_refusals(facts: CampaignFacts) -> list[Refusal]:
    """Why the campaign cannot leave its current stage (empty: it can)."""
    out: list[Refusal] = []
    match facts.stage:
        case Stage.team_formation:
            if facts.leads != 1:
                out.append(Refusal("guard.lead", {"count": facts.leads}))
            if facts.inspectors < MIN_INSPECTORS:
                out.append(Refusal("guard.inspectors",
                                   {"count": facts.inspectors, "needed": MIN_INSPECTORS}))
        case Stage.onsite:
            if facts.onsite_inspections == 0:
                out.append(Refusal("guard.no_onsite"))
            if facts.onsite_unanswered:
                out.append(Refusal("guard.unanswered", {"count": facts.onsite_unanswered}))
            if facts.undecided_major:
                out.append(Refusal("guard.decision", {"count": facts.undecided_major}))
        case Stage.feedback:
            if facts.training_sessions == 0:
                out.append(Refusal("guard.training"))
        case Stage.followup:
            if facts.unverified_major:
                out.append(Refusal("guard.major_open", {"count": facts.unverified_major}))
            if facts.undecided_major:
                out.append(Refusal("guard.decision", {"count": facts.undecided_major}))
        case Stage.closed:
            out.append(Refusal("guard.closed"))
        case _:
            pass
    return out


def deadlines(onsite_done: dt.date) -> tuple[dt.date, dt.date]:
    """Training and self-rectification report due dates counted from the on-site inspection."""
    return (onsite_done + dt.timedelta(days=TRAINING_DAYS),
            onsite_done + dt.timedelta(days=REPORT_DAYS))


# --- hazards -----------------------------------------------------------------------------


class HazardStatus(StrEnum):
    open = "open"  # found, no plan yet
    rectifying = "rectifying"  # plan set: deadline, responsible person (治理方案 for major)
    submitted = "submitted"  # the enterprise submitted evidence
    closed = "closed"  # verified, 销号


#: 总局令第16号 第十五条: the parts of a major hazard's treatment plan (治理方案): the goal and
#: tasks, methods and measures, funds and materials, the organisation and people, the time
#: limits, the safety measures and emergency plan. The catalogue names each as ``plan.<key>``.
PLAN_FIELDS: tuple[str, ...] = ("plan_goal", "plan_method", "plan_funding",
                                "plan_organisation", "plan_timeline", "plan_safety")

HAZARD_MOVES: dict[str, tuple[set[HazardStatus], HazardStatus]] = {
    "plan": ({HazardStatus.open, HazardStatus.rectifying}, HazardStatus.rectifying),
    "submit": ({HazardStatus.rectifying}, HazardStatus.submitted),
    "accept": ({HazardStatus.submitted}, HazardStatus.closed),
    "reject": ({HazardStatus.submitted}, HazardStatus.rectifying),
}


def hazard_refusals(move: str, status: HazardStatus, level: str, *,
                    deadline: dt.date | None = None, responsible: str = "",
                    plan: dict[str, str] | None = None) -> list[Refusal]:
    """Why a hazard cannot make ``move`` from ``status`` (empty: it can)."""
    allowed, _ = HAZARD_MOVES[move]
    if status not in allowed:
        return [Refusal("hazard.bad_move", {"move": Msg(f"move.{move}"),
                                            "status": Msg(f"hstatus.{status}")})]
    out: list[Refusal] = []
    if move == "plan":
        if deadline is None:
            out.append(Refusal("hazard.need_deadline"))
        if not responsible.strip():
            out.append(Refusal("hazard.need_responsible"))
        if level == "major":
            missing = [Msg(f"plan.{key}") for key in PLAN_FIELDS
                       if not (plan or {}).get(key, "").strip()]
            if missing:
                out.append(Refusal("hazard.need_plan", {"fields": Listed(missing)}))
    return out


def is_overdue(status: str, deadline: dt.date | None, today: dt.date) -> bool:
    """Derived, never stored: past its deadline and not closed."""
    return deadline is not None and status != HazardStatus.closed and deadline < today
