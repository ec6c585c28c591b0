"""The rules of enforcement documents (执法文书) as pure functions: the kinds and their titles,
the number a document carries, what each kind needs before it may be issued, and when the
follow-up review an order schedules is due. Sources: ``enforcement-documents.md`` of the
reference (the 2017 forms and the 应急 numbering seen in bureaus' systems); what is not
verified there is marked so where it is used.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

#: The kinds by 代字, with the title each prints.
TITLES: dict[str, str] = {
    "检记": "现场检查记录",
    "现决": "现场处理措施决定书",
    "责改": "责令限期整改指令书",
    "复查": "整改复查意见书",
    "回": "文书送达回执",
}

#: Editions of the forms by the 代字 prefix a bureau uses: 应急 (since the 2018 reform) or
#: 安监 (the 2017 安监总局 forms). Both print the 2017 wording.
EDITIONS: tuple[str, ...] = ("应急", "安监")

#: Days after an order's deadline within which the follow-up review is made (处罚办法: 复查
#: within 10 days of the deadline — UNVERIFIED in the reference, from memory of the text).
REVIEW_WINDOW_DAYS = 10

#: Months a measure taken on the spot (责令暂时停产停业、停止使用 …) may last at most:
#: “期限一般不超过6个月” (reference [PENALTY-6M]).
MEASURE_MONTHS = 6

#: Officers who must sign: 不得少于两人 (reference [JX-REG]; 行政处罚法 2021 第42条 UNVERIFIED).
OFFICERS = 2


def number(short: str, edition: str, kind: str, year: int, seq: int) -> str:
    """A document's number: ``（济）应急责改〔2026〕17号``."""
    return f"（{short}）{edition}{kind}〔{year}〕{seq}号"


def review_due_by(deadline: dt.date) -> dt.date:
    """The last day of the review window an order's deadline opens."""
    return deadline + dt.timedelta(days=REVIEW_WINDOW_DAYS)


def review_state(deadline: dt.date, today: dt.date, *, done: bool) -> str:
    """scheduled (before the deadline), due (within the window), overdue, or done."""
    if done:
        return "done"
    if today <= deadline:
        return "scheduled"
    return "due" if today <= review_due_by(deadline) else "overdue"


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later (the month's last day where it has fewer days)."""
    import calendar

    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return day.replace(year=year, month=month,
                       day=min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class OfficerFacts:
    """What the officer check needs of one named officer."""

    name: str
    registered: bool
    role: str | None
    cert_no: str | None
    valid_until: dt.date | None
    on_team: bool


Refusals = list[tuple[str, dict[str, object]]]


def officer_refusals(officers: list[OfficerFacts], on: dt.date) -> Refusals:
    """Why these officers may not sign a document issued on ``on`` (message keys with their
    values; empty: they may): two different people, registered, bureau staff (lead or
    inspector), on the campaign's team, each with a certificate valid that day."""
    out: Refusals = []
    names = [o.name for o in officers]
    if len(set(names)) < OFFICERS:
        out.append(("doc.two_officers", {"count": len(set(names))}))
    for o in officers:
        if not o.registered:
            out.append(("doc.officer_unregistered", {"name": o.name}))
        elif o.role not in ("lead", "inspector"):
            out.append(("doc.officer_role", {"name": o.name, "role": o.role or "-"}))
        elif not o.cert_no or o.valid_until is None:
            out.append(("doc.officer_no_cert", {"name": o.name}))
        elif o.valid_until < on:
            out.append(("doc.officer_cert_expired", {"name": o.name,
                                                     "until": o.valid_until.isoformat()}))
        elif not o.on_team:
            out.append(("doc.officer_not_on_team", {"name": o.name}))
    return out
