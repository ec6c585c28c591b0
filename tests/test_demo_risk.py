"""The demo city's risk register: the first two chemicals enterprises keep one, graded, placed
on a zone grid, a hazard tied to it and the first risk report filed, as a new user opening the
demo sees it; the bureau's risk figures count it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from core.services import audit_check, hazards, risk, risk_outputs
from core.services.context import Context
from core.services.demo import ADMIN, RISK_POINTS, enterprise_user, seed_demo
from core.services.packs import default_catalogue
from core.services.risk_statistics import risk_statistics
from core.store import queries as q
from core.store.db import open_store

TODAY = dt.date(2026, 3, 2)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Context]:
    """The demo database, seeded once for the module (the whole city takes a while)."""
    folder: Path = tmp_path_factory.mktemp("demo-risk")
    url = seed_demo(url=f"sqlite:///{folder / 'demo.db'}", today=TODAY)
    store = open_store(url)
    try:
        yield Context(store, default_catalogue(), ADMIN, TODAY)
    finally:
        store.close()


def chemicals(ctx: Context) -> list[str]:
    """The enterprises that keep a register (those with points), by credit code."""
    with ctx.store.reading() as s:
        return sorted(e.uscc for e in q.enterprises(s)
                      if risk.points(ctx, e.uscc)[1] > 0)


def test_two_chemicals_enterprises_keep_a_graded_placed_register(demo: Context) -> None:
    kept = chemicals(demo)
    assert len(kept) == 2
    grades: set[str] = set()
    for uscc in kept:
        reg = risk.register(demo, uscc)
        assert reg.sector == "chemicals"
        assert len(reg.points) == len(RISK_POINTS) == 5
        assert reg.plan is not None and (reg.plan.cols, reg.plan.rows) == (6, 4)
        for p in reg.points:
            assert p.zone is not None, p.code  # every point is on the map
            assert 1 <= len(p.entries) <= 3
            assert p.current is not None and p.inherent is not None
            # every tier the grade asks for has its person
            assert all(p.responsible.get(t) for t in p.current.tiers), p.code
            assert {e.current.preset for e in p.entries} == (
                {"lec-classic"} if p.kind == "activity" else {"ls-shandong"})
        by_code = {p.code: p for p in reg.points}
        tank = by_code["FX-01"]
        assert tank.current is not None and tank.current.grade == "major"
        assert any(rule[0] == "sd-chem/tank-farm" for rule in tank.current.rules)
        grades |= {p.current.grade for p in reg.points if p.current is not None}
    assert grades == {"major", "significant", "general", "low"}


def test_each_register_has_its_first_report_filed_by_the_enterprise(demo: Context) -> None:
    with demo.store.reading() as s:
        names = {e.uscc: e.name for e in q.enterprises(s)}
    for uscc in chemicals(demo):
        filed = risk_outputs.reports(demo, uscc)
        assert [(r.seq, r.kind) for r in filed] == [(1, "first")]
        assert filed[0].filed_by == enterprise_user(names[uscc])
        assert filed[0].filed_on == TODAY
    assert audit_check.chain_check(demo)[1] is None


def test_a_hazard_of_the_ledger_is_tied_to_the_tank_farm(demo: Context) -> None:
    tied: list[int] = []
    for uscc in chemicals(demo):
        own = {r.hazard.id for r in hazards.ledger(demo, enterprise=uscc)}
        tank = next(p for p in risk.register(demo, uscc).points if p.code == "FX-01")
        assert set(tank.hazards) <= own
        tied += tank.hazards
    assert tied  # the enterprise inspected on site has its hazard tied to a point


def test_the_bureau_figures_count_the_register(demo: Context) -> None:
    stats = risk_statistics(demo)
    assert stats.overall.total == 10
    assert stats.overall.counts == {"major": 2, "significant": 2, "general": 4, "low": 2,
                                    "unassessed": 0}
    assert stats.enterprises_major == 2 and stats.enterprises_significant == 2
    assert stats.unfiled == stats.enterprises - 2
    assert stats.reports_year == 2 and stats.reports["first"] == 2
    assert sum(g.total for g in stats.by_sector) == 10
    assert [g.group for g in stats.by_sector] == ["chemicals"]
