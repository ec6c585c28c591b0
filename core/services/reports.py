"""Statistics and the audit-log check."""

from __future__ import annotations

from collections import Counter
from typing import Any

from core.audit import ChainBreak, verify
from core.services.context import Context
from core.standing import Colour, colour_of
from core.store import queries as q


def stats(ctx: Context) -> dict[str, Any]:
    """Colour distribution, major hazards per 1,000 inspections by sector, district and
    period (month), hazard counts by level and status, and how many are overdue."""
    with ctx.store.session() as s:
        facts: dict[str, list[Any]] = {}
        for f in q.hazard_facts(s):
            facts.setdefault(f[0], []).append(f)
        enterprises = [e.uscc for e in q.enterprises(s)]
        rates = {by: [{"group": g, "inspections": n, "major": m,
                       "per_1000": round(1000 * m / n, 1) if n else 0.0}
                      for g, n, m in q.major_rate_rows(s, by)]
                 for by in ("sector", "district", "period")}
        counts = [{"level": lv, "status": st, "count": n} for lv, st, n in q.hazard_counts(s)]
        overdue = q.overdue_count(s, ctx.today)
    policy = ctx.catalogue.colour_policy()
    colours = Counter(colour_of(facts.get(u, []), ctx.today, policy).value for u in enterprises)
    return {"today": ctx.today.isoformat(), "enterprises": len(enterprises),
            "colours": {c.value: colours.get(c.value, 0) for c in Colour},
            "major_per_1000": rates, "hazards": counts, "overdue": overdue}


def audit_check(ctx: Context) -> tuple[int, ChainBreak | None]:
    """(entries checked, the first break or None)."""
    with ctx.store.session() as s:
        entries = list(q.audit_entries(s))
        head = q.audit_head(s)
    return len(entries), verify(entries, head.seq, head.hash)
