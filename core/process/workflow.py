"""The audit-style process (审计式监督检查) and the hazard lifecycle as explicit state machines.

Pure: a guard looks at a snapshot of the facts it needs and returns the reasons an advance is
refused (empty when it may go ahead). Services gather the snapshot, ask, and record.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from core.i18n import Lang, Listed, Msg, t
from core.pack.model import CampaignSettings


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

#: Why an enterprise of the sector makes no self-inspection (``exemption.reason``): it has
#: closed or stopped production, or it is not in the campaign's scope.
EXEMPTION_REASONS: tuple[str, ...] = ("closed", "not_in_scope")

#: The step whose date an inspection of each kind may not precede.
KIND_STAGE: dict[str, Stage] = {kind: stage for stage, kind in INSPECTION_KIND.items()}


def next_stage(stage: Stage) -> Stage | None:
    n = STAGES.index(stage)
    return STAGES[n + 1] if n + 1 < len(STAGES) else None


@dataclass(frozen=True)
class CampaignFacts:
    """What the guards of a campaign need to know."""

    stage: Stage
    leads: int = 0
    #: Team members on the team as inspectors whose registered role allows it.
    inspectors: int = 0
    #: Team members who are not registered users, or whose role does not fit their place.
    unqualified: tuple[str, ...] = ()
    onsite_inspections: int = 0
    #: Applicable items of the on-site inspection neither answered nor skipped with a reason.
    onsite_unanswered: int = 0
    #: Training sessions held by today; ``future_training`` the date of one dated later
    #: (recorded before dates were checked), which does not count as held.
    training_sessions: int = 0
    future_training: dt.date | None = None
    #: Enterprises of the sector (the typical one aside) with neither a self-inspection that
    #: has an answer nor a recorded reason for making none.
    self_missing: int = 0
    #: Follow-up inspections of the typical enterprise that have an answer.
    followups: int = 0
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
            if facts.unqualified:
                out.append(Refusal("guard.unqualified",
                                   {"names": Listed(list(facts.unqualified))}))
        case Stage.onsite:
            if facts.onsite_inspections == 0:
                out.append(Refusal("guard.no_onsite"))
            if facts.onsite_unanswered:
                out.append(Refusal("guard.unanswered", {"count": facts.onsite_unanswered}))
            if facts.undecided_major:
                out.append(Refusal("guard.decision", {"count": facts.undecided_major}))
        case Stage.feedback:
            if facts.training_sessions == 0 and facts.future_training is not None:
                out.append(Refusal("guard.training_future",
                                   {"date": facts.future_training.isoformat()}))
            elif facts.training_sessions == 0:
                out.append(Refusal("guard.training"))
        case Stage.self_rectification:
            if facts.self_missing:
                out.append(Refusal("guard.self_missing", {"count": facts.self_missing}))
        case Stage.followup:
            if facts.followups == 0:
                out.append(Refusal("guard.no_followup"))
            if facts.unverified_major:
                out.append(Refusal("guard.major_open", {"count": facts.unverified_major}))
            if facts.undecided_major:
                out.append(Refusal("guard.decision", {"count": facts.undecided_major}))
        case Stage.closed:
            out.append(Refusal("guard.closed"))
        case _:
            pass
    return out


def deadlines(onsite_done: dt.date, settings: Iterable[CampaignSettings | None] = ()
              ) -> tuple[dt.date, dt.date]:
    """Training and self-rectification report due dates counted from the on-site inspection:
    after :data:`TRAINING_DAYS` and :data:`REPORT_DAYS`, or the days the campaign's packs set
    (an overlay's local campaign settings; several: the earliest due date)."""
    given = [s for s in settings if s is not None]
    training = min([s.training_days for s in given if s.training_days is not None],
                   default=TRAINING_DAYS)
    report = min([s.report_days for s in given if s.report_days is not None],
                 default=REPORT_DAYS)
    return (onsite_done + dt.timedelta(days=training),
            onsite_done + dt.timedelta(days=report))


@dataclass(frozen=True)
class Late:
    """A step past its deadline (逾期): ``step`` is ``training`` or ``reports``, ``days`` how
    many days after ``due`` it is now, or was when it was done (``done_on``)."""

    step: str
    due: dt.date
    days: int
    done_on: dt.date | None = None

    @property
    def key(self) -> str:
        return f"late.{self.step}" + ("_done" if self.done_on else "")

    def render(self, lang: Lang = "zh") -> str:
        return t(self.key, lang, days=self.days, date=self.due.isoformat(),
                 done=self.done_on.isoformat() if self.done_on else "")

    def as_json(self) -> dict[str, object]:
        return {"step": self.step, "due": self.due.isoformat(), "days": self.days,
                "done_on": self.done_on.isoformat() if self.done_on else None}


def late_steps(stage: Stage, *, training_due: dt.date | None, reports_due: dt.date | None,
               trained_on: dt.date | None, reports_done_on: dt.date | None,
               today: dt.date) -> list[Late]:
    """The campaign's steps past their deadline: the training (7 days after the on-site
    inspection) and the self-rectification reports (30 days), each still overdue at its own
    step, or done late (the first training held, the day the follow-up step began)."""
    out: list[Late] = []
    for step, due, done, own in (("training", training_due, trained_on, Stage.feedback),
                                 ("reports", reports_due, reports_done_on,
                                  Stage.self_rectification)):
        if due is None:
            continue
        if done is not None:
            if done > due:
                out.append(Late(step, due, (done - due).days, done))
        elif stage is own and today > due:
            out.append(Late(step, due, (today - due).days))
    return out


#: What a dated record may not be dated: the catalogue keys of "after today" and of "before
#: the step or inspection it belongs to", by record.
DATE_RULES: dict[str, tuple[str, str]] = {
    "training": ("training.future", "training.early"),
    "inspection": ("inspection.future", "inspection.early"),
    "decision": ("decision.future", "decision.early"),
}


def date_refusal(record: str, on: dt.date, *, today: dt.date, earliest: dt.date | None,
                 **params: object) -> Refusal | None:
    """Why ``record`` (a training, an inspection, a decision) cannot be dated ``on``: after
    today, or before the step or inspection it belongs to, which began on ``earliest``. None
    when the date can be."""
    future, early = DATE_RULES[record]
    if on > today:
        return Refusal(future, {"date": on.isoformat(), "today": today.isoformat(), **params})
    if earliest is not None and on < earliest:
        return Refusal(early, {"date": on.isoformat(), "earliest": earliest.isoformat(),
                               **params})
    return None


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
