"""City statistics: colour codes, 每千次检查发现重大事故隐患 by sector, district and month,
hazards by level and status, and how many are overdue.

每千次检查发现重大事故隐患 (major-hazard determinations per 1,000 inspections): the numerator
counts major-hazard determinations, one per inspection and pack whose verdict is major (not
hazard rows: a composite trigger of twelve items is one determination); the denominator counts
on-site and follow-up inspections with at least one item answered. Self-inspections have their
own figures; an inspection with nothing answered is counted nowhere."""

from __future__ import annotations

from collections import Counter

from core.process.colour import Colour, colour_of, default_policy
from core.process.permissions import Action
from core.services.context import Context
from core.services.users import authorize
from core.store import queries as q
from core.store.db import Session
from core.views.statistics import HazardCount, Rate, Statistics


def stats(ctx: Context) -> Statistics:
    """Colour distribution, 每千次检查发现重大事故隐患 by sector, district and period
    (month) with the self-inspections' figures apart, hazard counts by level and status, and
    how many are overdue.

    Everything is counted in the database; only the enterprises with open hazards reach Python,
    and only when a plugin's colour policy (not the default one, counted in SQL) is chosen."""
    with ctx.store.reading() as s:
        return stats_in(ctx, s)


def stats_in(ctx: Context, s: Session) -> Statistics:
    """:func:`stats` read in the caller's transaction."""
    policy = ctx.catalogue.colour_policy()
    authorize(ctx, s, Action.read_all)
    enterprises = q.enterprise_count(s)
    colours: Counter[str] = Counter()
    if policy is default_policy:
        for (major, late), n in q.open_hazard_summary(s, ctx.today).items():
            colour = Colour.red if major else Colour.yellow if late else Colour.blue
            colours[colour.value] += n
    else:
        for _, facts in q.open_hazard_facts(s):
            colours[colour_of(facts, ctx.today, policy).value] += 1
    rates = {figure: {by: tuple(_rate(g, n, m) for g, n, m in groups)
                      for by, groups in per.items()}
             for figure, per in q.inspection_rates(s).items()}
    counts = tuple(HazardCount(level=lv, status=st, count=n)
                   for lv, st, n in q.hazard_counts(s))
    overdue = q.overdue_count(s, ctx.today)
    recurred, found_again = q.recurrence_counts(s)
    unlisted = enterprises - colours.total()  # those with no open hazard
    if unlisted > 0:
        colours[colour_of([], ctx.today, policy).value] += unlisted
    return Statistics(today=ctx.today, enterprises=enterprises,
                      colours={c.value: colours.get(c.value, 0) for c in Colour},
                      major_per_1000=rates["team"], overall=_overall(rates["team"]),
                      self_per_1000=rates["self"], self_overall=_overall(rates["self"]),
                      hazards=counts, overdue=overdue, recurred_after_closing=recurred,
                      found_again_open=found_again)


def _overall(rates: dict[str, tuple[Rate, ...]]) -> Rate:
    """The city's rate: every enterprise has one sector, so the sectors' figures add up."""
    by_sector = rates.get("sector", ())
    return _rate("", sum(r.inspections for r in by_sector), sum(r.major for r in by_sector))


def _rate(group: str, inspections: int, major: int) -> Rate:
    return Rate(group=group, inspections=inspections, major=major,
                per_1000=round(1000 * major / inspections, 1) if inspections else None)
