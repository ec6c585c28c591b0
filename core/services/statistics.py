"""City statistics: colour codes, major hazards per 1,000 inspections by sector, district and
month, hazards by level and status, and how many are overdue."""

from __future__ import annotations

from collections import Counter
from typing import Any

from core.process.colour import Colour, colour_of, default_policy
from core.process.permissions import Action
from core.services.context import Context
from core.services.users import authorize
from core.store import queries as q


def stats(ctx: Context) -> dict[str, Any]:
    """Colour distribution, major hazards per 1,000 inspections by sector, district and
    period (month), hazard counts by level and status, and how many are overdue.

    Everything is counted in the database; only the enterprises with open hazards reach Python,
    and only when a plugin's colour policy (not the default one, counted in SQL) is chosen."""
    policy = ctx.catalogue.colour_policy()
    with ctx.store.session() as s:
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
        rates = {by: [{"group": g, "inspections": n, "major": m,
                       "per_1000": round(1000 * m / n, 1) if n else 0.0}
                      for g, n, m in groups]
                 for by, groups in q.major_rates(s).items()}
        counts = [{"level": lv, "status": st, "count": n} for lv, st, n in q.hazard_counts(s)]
        overdue = q.overdue_count(s, ctx.today)
    unlisted = enterprises - colours.total()  # those with no open hazard
    if unlisted > 0:
        colours[colour_of([], ctx.today, policy).value] += unlisted
    return {"today": ctx.today.isoformat(), "enterprises": enterprises,
            "colours": {c.value: colours.get(c.value, 0) for c in Colour},
            "major_per_1000": rates, "hazards": counts, "overdue": overdue}
