"""Hazards (事故隐患) and the ledger (隐患台账)."""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple

from core.views.base import View
from core.views.evidence import EvidenceView, RectificationView


class HazardView(View):
    """A noncompliant finding under management: general or major, with its lifecycle and the
    six parts of a major hazard's treatment plan (治理方案)."""

    id: int
    inspection_id: int
    campaign_id: int | None
    enterprise_uscc: str
    pack_id: str
    item_id: str
    clause: str
    rule_id: str = ""
    level: str
    status: str
    found_on: dt.date
    deadline: dt.date | None = None
    responsible: str = ""
    listed_supervision: bool = False
    plan_goal: str = ""
    plan_method: str = ""
    plan_funding: str = ""
    plan_organisation: str = ""
    plan_timeline: str = ""
    plan_safety: str = ""
    verified_by: str = ""
    verified_on: dt.date | None = None
    note: str = ""
    corrected_on_site: bool = False
    #: The closed (销号) hazard of the same enterprise and item this one recurs after.
    recurrence_of: int | None = None
    version: int = 1


class LedgerRow(View):
    """A hazard with what today makes of its deadline."""

    hazard: HazardView
    overdue: bool
    days_left: int | None
    #: The enterprise's name (what a person reads before its code), where the read gave it.
    enterprise_name: str = ""

    def as_json(self) -> dict[str, Any]:
        return {**self.hazard.model_dump(mode="json"), "overdue": self.overdue,
                "days_left": self.days_left}


class LedgerPage(View):
    """A page of the ledger in hazard id order, with how many hazards the filters find (None
    when not asked for) and whether more lie before and after it."""

    rows: tuple[LedgerRow, ...]
    total: int | None
    more_before: bool
    more_after: bool


class HazardLine(NamedTuple):
    """A line of the ledger as the command line lists it, streamed by the million (a tuple, not
    a validated view: cheap): the hazard's key facts and what today makes of its
    deadline."""

    id: int
    level: str
    enterprise_uscc: str
    item_id: str
    clause: str
    status: str
    #: The deadline as ISO text (2026-03-05), as the line shows it.
    deadline: str | None
    #: Days from today to the deadline, negative once past; None for a hazard closed or
    #: without a deadline.
    days_left: int | None

    @property
    def overdue(self) -> bool:
        return self.days_left is not None and self.days_left < 0


class DeadlineChangeView(View):
    """One change of a hazard's deadline: who, on which day, why, from what to what."""

    id: int
    hazard_id: int
    old_deadline: dt.date | None = None
    new_deadline: dt.date
    kind: str  # set | extension | plan
    reason: str = ""
    extension_id: int | None = None
    changed_by: str = ""
    changed_on: dt.date
    changed_at: dt.datetime


class ExtensionView(View):
    """A request for more time (延期申请) and the lead's decision on it."""

    id: int
    hazard_id: int
    deadline: dt.date
    until: dt.date
    reason: str
    requested_by: str
    requested_on: dt.date
    requested_at: dt.datetime
    status: str  # pending | granted | refused
    decided_by: str = ""
    decided_on: dt.date | None = None
    decided_at: dt.datetime | None = None
    note: str = ""


class HazardDetail(View):
    """A hazard with what today makes of its deadline, the deadline's history and the
    requests for more time, oldest first."""

    row: LedgerRow
    deadlines: tuple[DeadlineChangeView, ...] = ()
    extensions: tuple[ExtensionView, ...] = ()

    @property
    def hazard(self) -> HazardView:
        return self.row.hazard

    @property
    def pending(self) -> ExtensionView | None:
        """The request awaiting the lead's decision, if any."""
        return next((x for x in self.extensions if x.status == "pending"), None)

    def as_json(self) -> dict[str, Any]:
        return {**self.row.as_json(),
                "deadlines": [d.model_dump(mode="json") for d in self.deadlines],
                "extensions": [x.model_dump(mode="json") for x in self.extensions]}


class AuditEntryView(View):
    """One entry of the audit log as its reader sees it: when, who, what, before and after."""

    seq: int
    at: dt.datetime
    actor: str
    action: str
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None

    def as_json(self) -> dict[str, Any]:
        return self.model_dump(mode="json")


class HazardRecord(View):
    """A hazard in full, as its own screen and ``anjian hazards show`` show it: the finding
    (enterprise by name, pack and item, the inspection), the auditor's note and files, the
    plan, the deadline's history and requests for more time, every rectification submitted
    with its files and verdict, and the hazard's audit entries, oldest first."""

    detail: HazardDetail
    enterprise_name: str = ""
    district: str = ""
    sector: str = ""
    #: The pack's title and the item's text (empty when the pack is no longer installed).
    pack_title: str = ""
    item_text: str = ""
    inspection_kind: str = ""
    inspected_on: dt.date | None = None
    #: The answer that found it: its note and location, who gave it when, its files.
    finding_note: str = ""
    finding_location: str = ""
    answered_by: str = ""
    answered_at: dt.datetime | None = None
    finding_files: tuple[EvidenceView, ...] = ()
    rectifications: tuple[RectificationView, ...] = ()
    history: tuple[AuditEntryView, ...] = ()

    @property
    def hazard(self) -> HazardView:
        return self.detail.hazard

    def as_json(self) -> dict[str, Any]:
        return {**self.detail.as_json(),
                "enterprise": {"uscc": self.hazard.enterprise_uscc,
                               "name": self.enterprise_name, "district": self.district,
                               "sector": self.sector},
                "pack_title": self.pack_title, "item_text": self.item_text,
                "inspection": {"id": self.hazard.inspection_id, "kind": self.inspection_kind,
                               "inspected_on": (self.inspected_on.isoformat()
                                                if self.inspected_on else None)},
                "finding": {"note": self.finding_note, "location": self.finding_location,
                            "answered_by": self.answered_by,
                            "answered_at": (self.answered_at.isoformat()
                                            if self.answered_at else None),
                            "files": [f.as_json() for f in self.finding_files]},
                "rectifications": [r.as_json() for r in self.rectifications],
                "history": [e.as_json() for e in self.history]}


class LedgerLine(NamedTuple):
    """One row of the ledger workbook (隐患台账), streamed by the hundred thousand (a tuple:
    cheap): the hazard as it was found, its treatment, acceptance and 销号, and the
    enforcement documents naming it. Times are as stored (UTC); the workbook shows them in
    Beijing time."""

    id: int
    enterprise_name: str
    enterprise_uscc: str
    level: str
    clause: str
    item_id: str
    found_on: dt.date
    deadline: dt.date | None
    days_left: int | None
    responsible: str
    status: str
    verified_by: str
    verified_on: dt.date | None
    #: (file name, sha256) of the rectification evidence.
    files: tuple[tuple[str, str], ...]
    #: What was found, as the inspector described it (the finding's note), else the checklist
    #: item's official text; and where (the finding's location).
    description: str = ""
    location: str = ""
    #: Who gave the answer that found it.
    found_by: str = ""
    #: The measures taken: the plan's method (采取的方法和措施), else the rectification's own
    #: description; the funds (经费和物资的落实).
    measures: str = ""
    funds: str = ""
    #: Every change of the deadline, oldest first: (from, to, kind: set | extension | plan).
    deadline_changes: tuple[tuple[dt.date | None, dt.date, str], ...] = ()
    #: When the accepted rectification was submitted (the work completed), and when it was
    #: accepted (销号).
    completed_at: dt.datetime | None = None
    closed_at: dt.datetime | None = None
    #: The numbers of the enforcement documents (not void) naming the hazard, in issue order.
    documents: tuple[str, ...] = ()
    #: Closed by a correction on the spot (当场整改), with no rectification to accept.
    corrected_on_site: bool = False
