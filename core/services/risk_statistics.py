"""The bureau's risk figures (风险分级管控统计) across the city: risk points by grade, district
and sector; the enterprises with 重大 or 较大 risks; those that have filed no risk point
(未建立台账) and those with points due for re-assessment (未复评); the risk reports filed this
year. Counted in the database (:mod:`core.store.risk_statistics`)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable

from core.process.permissions import Action
from core.services.context import Context
from core.services.users import authorize
from core.store import queries as q
from core.store import risk_statistics as rq
from core.views.risk_statistics import (
    GRADE_COLUMNS,
    REPORT_KINDS,
    GradeCounts,
    RiskStatistics,
    UnfiledEnterprise,
)

#: A point last assessed longer ago than this is due for re-assessment (未复评).
REASSESS_DAYS = 365
#: How many of the enterprises with no risk point are named.
UNFILED_SHOWN = 20


def risk_statistics(ctx: Context) -> RiskStatistics:
    """The city's risk figures as of ``ctx.today``; for those who may read every enterprise
    (``read_all``)."""
    with ctx.store.reading() as s:
        authorize(ctx, s, Action.read_all)
        enterprises = q.enterprise_count(s)
        city: Counter[str] = Counter()
        districts: dict[str, Counter[str]] = {}
        sectors: dict[str, Counter[str]] = {}
        for district, sector, grade, n in rq.points_by_group(s):
            city[grade] += n
            districts.setdefault(district, Counter())[grade] += n
            sectors.setdefault(sector, Counter())[grade] += n
        major, significant, either = rq.enterprises_graded(s)
        unfiled, first = rq.unfiled(s, UNFILED_SHOWN)
        before = ctx.today - dt.timedelta(days=REASSESS_DAYS)
        points_due, enterprises_due = rq.reassess_counts(s, before)
        filed = rq.reports_filed(s, dt.date(ctx.today.year, 1, 1), ctx.today)
    return RiskStatistics(
        today=ctx.today, enterprises=enterprises, overall=_counts("", city),
        by_district=_groups(districts.items()), by_sector=_groups(sectors.items()),
        enterprises_major=major, enterprises_significant=significant,
        enterprises_major_or_significant=either, unfiled=unfiled,
        unfiled_first=tuple(UnfiledEnterprise(uscc=u, name=n, district=d, sector=sec)
                            for u, n, d, sec in first),
        reassess_days=REASSESS_DAYS, reassess_points=points_due,
        reassess_enterprises=enterprises_due, reports_year=sum(filed.values()),
        reports={**{k: filed.get(k, 0) for k in REPORT_KINDS},
                 **{k: n for k, n in sorted(filed.items()) if k not in REPORT_KINDS}})


def _groups(groups: Iterable[tuple[str, Counter[str]]]) -> tuple[GradeCounts, ...]:
    return tuple(_counts(g, c) for g, c in sorted(groups))


def _counts(group: str, counts: Counter[str]) -> GradeCounts:
    columns = {k: counts.get(k, 0) for k in GRADE_COLUMNS}
    columns |= {k: n for k, n in sorted(counts.items()) if k not in columns}  # a grade unknown
    return GradeCounts(group=group, counts=columns, total=counts.total())
