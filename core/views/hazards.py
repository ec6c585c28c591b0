"""Hazards (事故隐患) and the ledger (隐患台账)."""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple

from core.views.base import View


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
    overdue: bool
    days_left: int | None


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


class LedgerLine(NamedTuple):
    """One row of the ledger workbook, streamed by the hundred thousand (a tuple: cheap)."""

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
