"""The bureau's risk figures (风险分级管控统计): the city's risk points by grade, district and
sector, the enterprises with 重大 or 较大 risks, those that have filed no risk point and those
with points awaiting re-assessment, and the risk reports filed this year."""

from __future__ import annotations

import datetime as dt

from core.views.base import View

#: The columns of a count by grade, gravest first; ``unassessed`` is a point with no grade yet
#: (未评价).
GRADE_COLUMNS: tuple[str, ...] = ("major", "significant", "general", "low", "unassessed")
#: The kinds of risk report (首次, 定期, 变更).
REPORT_KINDS: tuple[str, ...] = ("first", "periodic", "change")


class GradeCounts(View):
    """Risk points of one group (a district, a sector; ``group`` empty for the city) by grade,
    every column of :data:`GRADE_COLUMNS` present."""

    group: str
    counts: dict[str, int]
    total: int


class UnfiledEnterprise(View):
    """An enterprise that has filed no risk point (未建立风险点台账)."""

    uscc: str
    name: str
    district: str
    sector: str


class RiskStatistics(View):
    """What ``anjian stats`` and the statistics screen show of the risk register."""

    today: dt.date
    #: Every enterprise of the city.
    enterprises: int
    #: The city's risk points (retired ones left out) by grade.
    overall: GradeCounts
    #: By district and by sector, each in name order.
    by_district: tuple[GradeCounts, ...]
    by_sector: tuple[GradeCounts, ...]
    #: Enterprises with at least one 重大 point; with at least one 较大 point; with either.
    enterprises_major: int
    enterprises_significant: int
    enterprises_major_or_significant: int
    #: Enterprises that have filed no risk point (未建立台账), and the first of them by name.
    unfiled: int
    unfiled_first: tuple[UnfiledEnterprise, ...]
    #: Points due for re-assessment (未复评): flagged (an open major hazard tied to it, a
    #: hazard recurring after 销号, or a stored flag) or last assessed more than
    #: ``reassess_days`` days before ``today``; and the enterprises they belong to.
    reassess_days: int
    reassess_points: int
    reassess_enterprises: int
    #: Risk reports filed from 1 January to ``today`` by kind, every kind present.
    reports_year: int
    reports: dict[str, int]
