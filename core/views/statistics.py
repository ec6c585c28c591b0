"""City statistics: colour codes, major-hazard rates, hazards by level and status."""

from __future__ import annotations

import datetime as dt

from core.views.base import View


class Rate(View):
    """Major hazards per 1,000 inspections in one group."""

    group: str
    inspections: int
    major: int
    per_1000: float


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
    #: Rates per group (``sector``, ``district``, ``period``), each in the database's order.
    major_per_1000: dict[str, tuple[Rate, ...]]
    #: The rate over every inspection of the city (``group`` empty).
    overall: Rate
    hazards: tuple[HazardCount, ...]
    overdue: int
