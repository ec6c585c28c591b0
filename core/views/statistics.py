"""City statistics: colour codes, major-hazard rates, hazards by level and status."""

from __future__ import annotations

import datetime as dt

from core.views.base import View


class Rate(View):
    """每千次检查发现重大事故隐患 in one group: ``major`` major-hazard determinations (one per
    inspection and pack whose verdict is major) per 1,000 of ``inspections`` (those with at
    least one item answered)."""

    group: str
    inspections: int
    major: int
    #: None when no inspection is counted (no figure, rather than a rate of 0).
    per_1000: float | None


class HazardCount(View):
    level: str
    status: str
    count: int


class Statistics(View):
    """What ``anjian stats`` shows and the ledger workbook's statistics sheet charts."""

    today: dt.date
    enterprises: int
    #: Enterprises per colour code, every colour present (green, blue, yellow, red).
    colours: dict[str, int]
    #: The rate of on-site and follow-up inspections per group (``sector``, ``district``,
    #: ``period``, a month YYYY-MM), each in the database's order.
    major_per_1000: dict[str, tuple[Rate, ...]]
    #: The rate over every on-site and follow-up inspection of the city (``group`` empty).
    overall: Rate
    #: The self-inspections' own rate, grouped the same way; never part of the one above.
    self_per_1000: dict[str, tuple[Rate, ...]]
    #: The self-inspections' rate over the city.
    self_overall: Rate
    hazards: tuple[HazardCount, ...]
    overdue: int
    #: Hazards opened for an item whose earlier hazard was closed (销号后复发).
    recurred_after_closing: int = 0
    #: Later findings of an item whose hazard was still open, linked to it (再次发现).
    found_again_open: int = 0
