"""The bureau's risk figures (安全风险分级统计), on SQLite and PostgreSQL: risk points by grade,
district and sector; the enterprises with 重大 or 较大 risks, those with no risk point filed
and those due for re-assessment; the reports filed this year; in ``anjian stats`` (text and
JSON) and only for those who may read every enterprise.

Risk points, hazards and reports are written here straight through ``core.store`` sessions
(the register's own service is another module's): what is counted is what the tables hold."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from sqlmodel import select

from core.engine.grading import grade
from core.i18n import AnjianError
from core.services import roster, users
from core.services.context import Context
from core.services.packs import default_catalogue
from core.services.risk_statistics import risk_statistics
from core.store.db import Store, open_store
from core.store.tables import Hazard, Inspection, RiskLink, RiskPoint, RiskReport

from .workflow_helpers import cli_run, new_code

TODAY = dt.date(2026, 3, 2)
LEAD = "组长甲"


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    s = open_store(db_url)
    yield s
    s.close()


@pytest.fixture
def ctx(store: Store) -> Context:
    return Context(store, default_catalogue(), LEAD, TODAY)


def graded(preset: str, **inputs: float) -> dict[str, Any]:
    return grade(default_catalogue().risk_method(preset), inputs).record()


@dataclass
class City:
    """The enterprises of the scenario by letter (credit codes)."""

    codes: dict[str, str]


def point(s: Any, uscc: str, code: str, record: dict[str, Any] | None, *,
          assessed_on: dt.date | None = None, reassess: str = "",
          retired: bool = False) -> int:
    row = RiskPoint(enterprise_uscc=uscc, code=code, name=code, kind="activity",
                    inherent=record, current=record,
                    grade=record["grade"] if record is not None else None,
                    assessed_on=assessed_on if record is not None else None,
                    reassess=reassess,
                    retired_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC) if retired else None)
    s.add(row)
    s.flush()
    assert row.id is not None
    return row.id


def hazard(s: Any, uscc: str, item: str, *, level: str = "general", status: str = "open",
           found_on: dt.date, recurrence_of: int | None = None) -> int:
    inspection = Inspection(enterprise_uscc=uscc, kind="self", inspected_on=found_on)
    s.add(inspection)
    s.flush()
    row = Hazard(inspection_id=inspection.id, enterprise_uscc=uscc, pack_id="chem-2017",
                 item_id=item, clause="-", level=level, status=status, found_on=found_on,
                 recurrence_of=recurrence_of)
    s.add(row)
    s.flush()
    assert row.id is not None
    return row.id


def city(ctx: Context, today: dt.date) -> City:
    """Five enterprises in two districts and two sectors:

    A 历下区 chemicals: 重大 (assessed exactly 365 days ago: not due), 低, 未评价, and a
      retired 重大 flagged for re-assessment (counted nowhere);
    B 历下区 fire: 较大, and 一般 last assessed 366 days ago (due);
    C 槐荫区 chemicals: 一般 flagged (stored), 低 tied to an open major hazard (due), 低 tied
      to a hazard recurring after the closing of another tied to it (due), 较大 tied to a
      closed hazard and to one recurring after a hazard tied elsewhere (not due);
    D 槐荫区 fire and E 槐荫区 chemicals (a retired point only): no risk point filed.
    Reports: A first (1 January) and periodic (today), B first, C change last year."""
    where = {"A": ("历下区", "chemicals"), "B": ("历下区", "fire"), "C": ("槐荫区", "chemicals"),
             "D": ("槐荫区", "fire"), "E": ("槐荫区", "chemicals")}
    codes = {k: roster.add_enterprise(ctx, uscc=new_code(), name=f"风险测试{k}公司",
                                      district=d, sector=sec).uscc
             for k, (d, sec) in where.items()}
    a, b, c, e = codes["A"], codes["B"], codes["C"], codes["E"]
    recent = today - dt.timedelta(days=30)
    with ctx.store.session() as s:
        point(s, a, "A-1", graded("lec-classic", L=10, E=6, C=15),
              assessed_on=today - dt.timedelta(days=365))
        point(s, a, "A-2", graded("ls-shandong", L=1, S=1), assessed_on=recent)
        point(s, a, "A-3", None)
        point(s, a, "A-4", graded("ls-shandong", L=5, S=5), assessed_on=recent,
              reassess="x", retired=True)
        point(s, b, "B-1", graded("ls-shandong", L=4, S=4), assessed_on=recent)
        point(s, b, "B-2", graded("ls-shandong", L=3, S=3),
              assessed_on=today - dt.timedelta(days=366))
        point(s, c, "C-1", graded("lec-classic", L=3, E=6, C=7), assessed_on=recent,
              reassess="linked major hazard")
        c2 = point(s, c, "C-2", graded("ls-shandong", L=2, S=2), assessed_on=recent)
        c3 = point(s, c, "C-3", graded("ls-shandong", L=2, S=1), assessed_on=recent)
        c4 = point(s, c, "C-4", graded("ls-coal", L=3, S=3), assessed_on=recent)
        point(s, e, "E-1", graded("ls-shandong", L=5, S=5), assessed_on=recent, retired=True)
        found = today - dt.timedelta(days=60)
        major = hazard(s, c, "CHEM-2017-01", level="major", found_on=found)
        closed = hazard(s, c, "CHEM-2017-02", status="closed", found_on=found)
        again = hazard(s, c, "CHEM-2017-02", found_on=recent, recurrence_of=closed)
        elsewhere = hazard(s, c, "CHEM-2017-03", status="closed", found_on=found)
        later = hazard(s, c, "CHEM-2017-03", found_on=recent, recurrence_of=elsewhere)
        done = hazard(s, c, "CHEM-2017-04", level="major", status="closed", found_on=found)
        for h, p in ((major, c2), (closed, c3), (again, c3), (done, c4), (later, c4)):
            s.add(RiskLink(hazard_id=h, risk_point_id=p))
        for uscc, seq, kind, on in ((a, 1, "first", dt.date(today.year, 1, 1)),
                                    (a, 2, "periodic", today), (b, 1, "first", recent),
                                    (c, 1, "change", dt.date(today.year - 1, 12, 31))):
            s.add(RiskReport(enterprise_uscc=uscc, seq=seq, kind=kind, filed_on=on,
                             content={}, content_hash="0" * 64))
    return City(codes)


def counts(major: int = 0, significant: int = 0, general: int = 0, low: int = 0,
           unassessed: int = 0) -> dict[str, int]:
    return {"major": major, "significant": significant, "general": general, "low": low,
            "unassessed": unassessed}


def test_the_city_by_grade_district_and_sector(ctx: Context) -> None:
    world = city(ctx, TODAY)
    data = risk_statistics(ctx)
    assert data.today == TODAY and data.enterprises == 5
    assert (data.overall.group, data.overall.counts, data.overall.total) == (
        "", counts(1, 2, 2, 3, 1), 9)
    assert [(r.group, r.counts, r.total) for r in data.by_district] == [
        ("历下区", counts(1, 1, 1, 1, 1), 5), ("槐荫区", counts(0, 1, 1, 2, 0), 4)]
    assert [(r.group, r.counts, r.total) for r in data.by_sector] == [
        ("chemicals", counts(1, 1, 1, 3, 1), 7), ("fire", counts(0, 1, 1, 0, 0), 2)]
    assert (data.enterprises_major, data.enterprises_significant,
            data.enterprises_major_or_significant) == (1, 2, 3)
    assert data.unfiled == 2
    assert {(e.uscc, e.name, e.district, e.sector) for e in data.unfiled_first} == {
        (world.codes["D"], "风险测试D公司", "槐荫区", "fire"),
        (world.codes["E"], "风险测试E公司", "槐荫区", "chemicals")}
    assert (data.reassess_days, data.reassess_points, data.reassess_enterprises) == (365, 4, 2)
    assert data.reports == {"first": 2, "periodic": 1, "change": 0}
    assert data.reports_year == 3


def test_the_figures_move_with_the_register(ctx: Context) -> None:
    """Re-assessing, retiring and filing change exactly the figures they should."""
    world = city(ctx, TODAY)
    with ctx.store.session() as s:
        b2 = s.exec(select(RiskPoint).where(RiskPoint.code == "B-2")).one()
        b2.assessed_on = TODAY  # re-assessed today: no longer due
        a1 = s.exec(select(RiskPoint).where(RiskPoint.code == "A-1")).one()
        a1.retired_at = dt.datetime(2026, 3, 1, tzinfo=dt.UTC)  # the only 重大 retired
        point(s, world.codes["D"], "D-1", None)  # D files a point, not yet assessed
        s.add(RiskReport(enterprise_uscc=world.codes["C"], seq=2, kind="change",
                         filed_on=TODAY, content={}, content_hash="1" * 64))
    data = risk_statistics(ctx)
    assert data.overall.counts == counts(0, 2, 2, 3, 2)
    assert (data.enterprises_major, data.enterprises_major_or_significant) == (0, 2)
    assert data.unfiled == 1 and [e.uscc for e in data.unfiled_first] == [world.codes["E"]]
    assert (data.reassess_points, data.reassess_enterprises) == (3, 1)
    assert data.reports == {"first": 2, "periodic": 1, "change": 1}


def test_an_empty_city_has_every_column(ctx: Context) -> None:
    data = risk_statistics(ctx)
    assert data.overall.counts == counts() and data.by_district == data.by_sector == ()
    assert (data.enterprises, data.unfiled, data.unfiled_first) == (0, 0, ())
    assert data.reports == {"first": 0, "periodic": 0, "change": 0}


def test_the_enterprises_without_a_point_are_listed_twenty_by_name(ctx: Context) -> None:
    for n in (22, 3, 15, 1, 9, 20, 2, 21, 4, 5, 6, 7, 8, 10, 11, 12, 13, 14, 16, 17, 18, 19):
        roster.add_enterprise(ctx, uscc=new_code(), name=f"未建台账企业{n:02d}",
                              district="历下区", sector="chemicals")
    data = risk_statistics(ctx)
    assert data.unfiled == 22
    assert [e.name for e in data.unfiled_first] == [f"未建台账企业{n:02d}" for n in range(1, 21)]


def test_only_those_who_read_every_enterprise_see_the_figures(ctx: Context) -> None:
    world = city(ctx, TODAY)
    users.add_user(ctx, "企业员工", role="enterprise", enterprise=world.codes["A"])
    with pytest.raises(AnjianError) as refused:
        risk_statistics(Context(ctx.store, ctx.catalogue, "企业员工", TODAY))
    assert "企业员工" in refused.value.render("zh")


def test_anjian_stats_shows_the_risk_figures(ctx: Context, db_url: str,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    """The command line counts as of the real today: the scenario is dated from it."""
    today = dt.date.today()
    world = city(ctx, today)
    code, out, err = cli_run(db_url, LEAD, ["stats"], capsys, lang="zh")
    assert code == 0, err
    section = out[out.index("安全风险分级"):]
    for line in ("风险点 9 个：重大 1 较大 2 一般 2 低 3 未评价 1",
                 "历下区：重大 1 较大 1 一般 1 低 1 未评价 1（共 5 个）",
                 "槐荫区：重大 0 较大 1 一般 1 低 2 未评价 0（共 4 个）",
                 "危险化学品：重大 1 较大 1 一般 1 低 3 未评价 1（共 7 个）",
                 "有重大风险的单位 1 家，有较大风险的单位 2 家（有其一的 3 家）",
                 "未建立风险点台账的单位：2 家（共 5 家）",
                 f"风险测试D公司（{world.codes['D']}，槐荫区，",
                 "未复评的风险点：4 个，涉及单位 2 家（已标记需重新评价，或超过 365 天未评价）",
                 f"{today.year} 年已报送安全风险报告 3 份：首次 2 定期 1 变更 0"):
        assert line in section, (line, section)
    assert "另有" not in section
    code, out, err = cli_run(db_url, LEAD, ["stats", "--json"], capsys)
    assert code == 0, err
    data = json.loads(out)
    assert data["enterprises"] == 5  # the hazard figures are still there
    risk = data["risk"]
    assert risk["overall"] == {"group": "", "counts": counts(1, 2, 2, 3, 1), "total": 9}
    assert risk["unfiled"] == 2 and len(risk["unfiled_first"]) == 2
    assert (risk["reassess_points"], risk["reports_year"]) == (4, 3)
    code, out, _ = cli_run(db_url, LEAD, ["stats"], capsys)
    assert "risk points 9: major 1 significant 2 general 2 low 3 not assessed 1" in out


async def test_the_statistics_screen_shows_the_risk_section(tmp_path: Any) -> None:
    from textual.widgets import DataTable, Static

    from tests.tui.shown import shown
    from tui.app import make_app
    from tui.screens.stats import StatsScreen

    store = open_store(f"sqlite:///{tmp_path / 'risk.db'}")
    try:
        ctx = Context(store, default_catalogue(), LEAD, TODAY)
        city(ctx, TODAY)
        app = make_app(context=ctx, today=TODAY)
        async with app.run_test(size=(100, 40)) as pilot:
            for _ in range(3):
                await app.workers.wait_for_complete()
                await pilot.pause()
            await pilot.press("t")
            for _ in range(3):
                await app.workers.wait_for_complete()
                await pilot.pause()
            screen = app.screen
            assert isinstance(screen, StatsScreen) and screen.risk is not None
            tables = {key: screen.query_one(f"#stats-risk-{key}", DataTable)
                      for key in ("district", "sector")}
            district = tables["district"]
            assert [[str(c) for c in district.get_row_at(n)]
                    for n in range(district.row_count)] == [
                ["历下区", "1", "1", "1", "1", "1", "5"], ["槐荫区", "0", "1", "1", "2", "0", "4"]]
            assert [str(c.label) for c in tables["sector"].columns.values()] == [
                "行业", "重大", "较大", "一般", "低", "未评价", "合计"]
            assert [str(tables["sector"].get_row_at(n)[0]) for n in range(2)] == [
                "危险化学品", "消防"]
            summary = screen.query_one("#stats-risk-summary", Static)
            screen.query_one("#stats-body").scroll_to_widget(summary, animate=False)
            await pilot.pause()
            frame = shown(app)
            assert "安全风险分级" in frame
            assert "风险点 9 个：重大 1 较大 2 一般 2 低 3 未评价 1" in frame
            assert "未建立台账" in frame and "未复评" in frame and "4 个（2 家）" in frame
    finally:
        store.close()
