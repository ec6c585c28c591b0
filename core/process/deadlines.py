"""A hazard's deadline (整改期限) and the enterprise's request for more time (延期申请).

The deadline is the bureau's: the inspection team sets it, and only the team moves it, with a
reason. The enterprise writes the treatment plan and, while its deadline has not passed, may
ask for a later one with a reason; the campaign's lead grants or refuses the request. Every
change is kept with who, when, why, the old and the new date.

Pure: a service gathers the facts and asks; each function returns the reasons the change is
refused (empty: it may go ahead).
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from core.i18n import Msg
from core.process.workflow import HazardStatus, Refusal


class DeadlineKind(StrEnum):
    """How a deadline came to be what it is."""

    set = "set"  # set or moved by the inspection team
    extension = "extension"  # a later date the lead granted at the enterprise's request
    plan = "plan"  # set with a treatment plan before deadlines were the team's alone


class ExtensionStatus(StrEnum):
    pending = "pending"
    granted = "granted"
    refused = "refused"


#: While a hazard is open or being rectified its deadline runs: more time can be asked for.
EXTENDABLE = frozenset({HazardStatus.open, HazardStatus.rectifying})


def _day(date: dt.date) -> str:
    return date.isoformat()


def deadline_refusals(new: dt.date, *, found_on: dt.date, today: dt.date,
                      current: dt.date | None, status: HazardStatus,
                      reason: str = "") -> list[Refusal]:
    """Why the team may not make ``new`` the deadline of a hazard found on ``found_on`` whose
    deadline is ``current``.

    A deadline is never before the finding nor in the past: one already past when it is set
    makes the hazard overdue at once, and moving a deadline into the past rewrites what the
    enterprise was told. Moving a deadline that exists needs a reason; a closed hazard's
    deadline no longer runs.
    """
    if status is HazardStatus.closed:
        return [Refusal("deadline.closed")]
    out: list[Refusal] = []
    if new < found_on:
        out.append(Refusal("deadline.before_found", {"date": _day(new),
                                                     "found_on": _day(found_on)}))
    elif new < today:
        out.append(Refusal("deadline.past", {"date": _day(new), "today": _day(today)}))
    if current is not None and new == current:
        out.append(Refusal("deadline.unchanged", {"date": _day(new)}))
    elif current is not None and not reason.strip():
        out.append(Refusal("deadline.need_reason", {"date": _day(current)}))
    return out


def extension_refusals(until: dt.date, *, status: HazardStatus, deadline: dt.date | None,
                       today: dt.date, pending: bool, reason: str) -> list[Refusal]:
    """Why the enterprise may not ask for ``until`` as the new deadline.

    Only before the deadline has passed (on its last day too: a hazard is overdue from the day
    after), for a later date, with a reason, and one request at a time.
    """
    if status not in EXTENDABLE:
        return [Refusal("extension.bad_status", {"status": Msg(f"hstatus.{status}")})]
    if deadline is None:
        return [Refusal("extension.no_deadline")]
    out: list[Refusal] = []
    if pending:
        out.append(Refusal("extension.pending"))
    if deadline < today:
        out.append(Refusal("extension.too_late", {"deadline": _day(deadline)}))
    if until <= deadline:
        out.append(Refusal("extension.not_later", {"date": _day(until),
                                                   "deadline": _day(deadline)}))
    if not reason.strip():
        out.append(Refusal("extension.need_reason"))
    return out


def decision_refusals(*, grant: bool, status: HazardStatus, until: dt.date | None,
                      today: dt.date) -> list[Refusal]:
    """Why the lead may not grant (or refuse) the pending request for ``until`` (None: there
    is none). A request may be refused at any time; granting one whose date has passed, or
    for a closed hazard, would set a deadline that means nothing."""
    if until is None:
        return [Refusal("extension.none_pending")]
    if not grant:
        return []
    if status is HazardStatus.closed:
        return [Refusal("deadline.closed")]
    if until < today:
        return [Refusal("extension.lapsed", {"date": _day(until), "today": _day(today)})]
    return []
