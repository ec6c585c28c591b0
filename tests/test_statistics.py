"""每千次检查发现重大事故隐患: what it counts, on SQLite and PostgreSQL.

The numerator counts major-hazard determinations (one per inspection and pack whose verdict
is major), never hazard rows; the denominator counts on-site and follow-up inspections with at
least one item answered; self-inspections have their own figures; an inspection with nothing
answered is counted nowhere."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from core.services import campaigns, hazards, inspections, statistics
from core.services.context import Context
from core.services.packs import default_catalogue
from core.store.db import Store, make_engine, open_store, upgrade
from core.store.tables import Enterprise, Inspection

from .db_state import upgrade_schema
from .workflow_helpers import Cli, answer_all, enterprise, onsite_campaign

TODAY = dt.date(2026, 3, 2)
PEOPLE_DENSE = ("FIRE-2017-C-7.3.1", "FIRE-2017-C-7.3.2", "FIRE-2017-C-7.5")


@pytest.fixture
def store(db_url: str) -> Any:
    s = open_store(db_url)
    yield s
    s.close()


@pytest.fixture
def ctx(store: Store) -> Context:
    return Context(store, default_catalogue(), "组长甲", TODAY)


def figures(ctx: Context) -> dict[str, Any]:
    return statistics.stats(ctx).model_dump(mode="json")


def test_a_composite_trigger_is_one_determination(ctx: Context) -> None:
    cid, target = onsite_campaign(ctx, ["gb35181-2017"], sector="fire")
    # GB 35181-2017 was withdrawn on 2025-11-01, before TODAY: confirmed (a major hazard
    # under it is still one)
    insp = inspections.start_inspection(ctx, campaign_id=cid, enterprise=target,
                                        categories=["people_dense"], withdrawn_ok=True)
    assert insp.id is not None
    for item in (*PEOPLE_DENSE, "FIRE-2017-D-6.1"):
        inspections.answer(ctx, insp.id, item, "noncompliant")
    assert [r.hazard.level for r in hazards.ledger(ctx, campaign=cid)] == ["major"] * 4
    data = figures(ctx)
    # four major hazards, one determination: the fire pack's verdict for this inspection
    assert data["overall"] == {"group": "", "inspections": 1, "major": 1, "per_1000": 1000.0}
    assert data["major_per_1000"]["sector"] == [
        {"group": "fire", "inspections": 1, "major": 1, "per_1000": 1000.0}]


def test_each_pack_whose_verdict_is_major_counts_once(ctx: Context) -> None:
    cid, target = onsite_campaign(ctx, ["chem-2017", "gb35181-2017"])
    insp = inspections.start_inspection(ctx, campaign_id=cid, enterprise=target,
                                        categories=["people_dense"], withdrawn_ok=True)
    assert insp.id is not None
    for item in ("CHEM-2017-01", "CHEM-2017-02", *PEOPLE_DENSE):
        inspections.answer(ctx, insp.id, item, "noncompliant")
    assert figures(ctx)["overall"]["major"] == 2
    # a compliant answer that unmakes the fire pack's trigger leaves one determination
    inspections.answer(ctx, insp.id, PEOPLE_DENSE[0], "compliant")
    assert figures(ctx)["overall"] == {"group": "", "inspections": 1, "major": 1,
                                       "per_1000": 1000.0}


def test_an_inspection_with_nothing_answered_is_counted_nowhere(ctx: Context) -> None:
    cid, target = onsite_campaign(ctx)
    insp = inspections.start_inspection(ctx, campaign_id=cid, enterprise=target)
    assert insp.id is not None
    empty = figures(ctx)
    assert empty["overall"] == {"group": "", "inspections": 0, "major": 0, "per_1000": None}
    assert all(rows == [] for rows in empty["major_per_1000"].values())
    assert all(rows == [] for rows in empty["self_per_1000"].values())
    # a skip with a reason is not an answer
    inspections.skip(ctx, insp.id, "CHEM-2017-01", reason="现场无法进入")
    assert figures(ctx)["overall"]["inspections"] == 0
    inspections.answer(ctx, insp.id, "CHEM-2017-02", "compliant")
    assert figures(ctx)["overall"] == {"group": "", "inspections": 1, "major": 0,
                                       "per_1000": 0.0}


def test_self_inspections_have_their_own_figures(ctx: Context) -> None:
    cid, target = onsite_campaign(ctx)
    other = enterprise(ctx, name="济南泉城化工有限公司")
    onsite = inspections.start_inspection(ctx, campaign_id=cid, enterprise=target)
    assert onsite.id is not None
    answer_all(ctx, onsite.id)
    campaigns.advance(ctx, cid)  # → feedback
    campaigns.record_training(ctx, cid, held_on=TODAY, attendees=[target, other])
    campaigns.advance(ctx, cid)  # → self_rectification
    own = inspections.start_inspection(ctx, campaign_id=cid, enterprise=other, kind="self")
    assert own.id is not None
    inspections.answer(ctx, own.id, "CHEM-2017-12", "noncompliant")
    data = figures(ctx)
    assert data["overall"] == {"group": "", "inspections": 1, "major": 0, "per_1000": 0.0}
    assert data["self_overall"] == {"group": "", "inspections": 1, "major": 1,
                                    "per_1000": 1000.0}
    assert data["self_per_1000"]["sector"] == [
        {"group": "chemicals", "inspections": 1, "major": 1, "per_1000": 1000.0}]


def _inspection(s: Any, iid: int, uscc: str, kind: str, on: str, answered: int,
                majors: int) -> None:
    s.add(Inspection(id=iid, enterprise_uscc=uscc, kind=kind,
                     inspected_on=dt.date.fromisoformat(on), answered_items=answered,
                     major_determinations=majors))


def test_rates_by_sector_district_and_month(store: Store, ctx: Context) -> None:
    """Hand-built inspections: the three groupings add up what each kind counts toward."""
    a, b, c = "91370102MA3C00001X", "91370103MA3C00002X", "91370112MA3C00003X"
    with store.session() as s:
        for uscc, sector, district in ((a, "chemicals", "历下区"), (b, "chemicals", "市中区"),
                                       (c, "fire", "历下区")):
            s.add(Enterprise(uscc=uscc, name=uscc, sector=sector, district=district))
        s.flush()
        _inspection(s, 1, a, "onsite", "2026-01-05", 20, 1)
        _inspection(s, 2, a, "followup", "2026-02-03", 20, 0)
        _inspection(s, 3, b, "onsite", "2026-02-10", 7, 2)  # two packs major
        _inspection(s, 4, b, "self", "2026-02-11", 20, 1)
        _inspection(s, 5, c, "followup", "2026-01-20", 3, 0)
        _inspection(s, 6, c, "onsite", "2026-02-01", 0, 0)  # started, nothing answered
        _inspection(s, 7, c, "self", "2026-01-21", 0, 0)
        _inspection(s, 8, a, "self", "2026-01-07", 1, 0)
    data = figures(ctx)

    def rows(figure: str, by: str) -> list[tuple[str, int, int]]:
        return [(r["group"], r["inspections"], r["major"]) for r in data[figure][by]]

    assert rows("major_per_1000", "sector") == [("chemicals", 3, 3), ("fire", 1, 0)]
    assert rows("major_per_1000", "district") == [("历下区", 3, 1), ("市中区", 1, 2)]
    assert rows("major_per_1000", "period") == [("2026-01", 2, 1), ("2026-02", 2, 2)]
    assert data["overall"] == {"group": "", "inspections": 4, "major": 3, "per_1000": 750.0}
    assert rows("self_per_1000", "sector") == [("chemicals", 2, 1)]
    assert rows("self_per_1000", "district") == [("历下区", 1, 0), ("市中区", 1, 1)]
    assert rows("self_per_1000", "period") == [("2026-01", 1, 0), ("2026-02", 1, 1)]
    assert data["self_overall"] == {"group": "", "inspections": 2, "major": 1,
                                    "per_1000": 500.0}
    assert data["major_per_1000"]["sector"][0]["per_1000"] == 1000.0


def test_older_inspections_are_counted_after_the_upgrade(empty_db_url: str) -> None:
    """Revision 0010 fills the counts from the findings and stored determinations."""
    engine = make_engine(empty_db_url)
    upgrade(engine, "0005")
    stored = ('{"verdict": "major", "determinations": ['
              '{"pack": "chem-2017", "verdict": "major"}, '
              '{"pack": "gb35181-2017", "verdict": "major"}, '
              '{"pack": "it-2023", "verdict": "incomplete"}]}')
    with engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO enterprise (uscc, name, district, sector, address, contact, "
            "created_at, version) VALUES ('91110000600037341L', '旧数据', '历下区', "
            "'chemicals', '', '', :now, 1)"), {"now": dt.datetime(2026, 1, 1, tzinfo=dt.UTC)})
        for iid, determination in ((1, stored), (2, '{"verdict": "incomplete"}')):
            conn.execute(text(
                "INSERT INTO inspection (id, enterprise_uscc, kind, started_at, started_by, "
                "inspected_on, categories, tags, exclusions, determination, version) VALUES "
                "(:iid, '91110000600037341L', 'onsite', :now, '', '2026-01-02', '[]', '[]', "
                "'[]', :d, 1)"), {"iid": iid, "d": determination,
                                  "now": dt.datetime(2026, 1, 2, tzinfo=dt.UTC)})
        for n, status in enumerate(("noncompliant", "compliant", None)):
            conn.execute(text(
                "INSERT INTO finding (inspection_id, pack_id, item_id, status, skip_reason, "
                "note, location, evidence, corrected_on_site, detail, answered_by, "
                "answered_at, version) VALUES (:iid, 'chem-2017', :item, :status, '', '', '', "
                "'[]', false, '{}', '', :now, 1)"),
                {"iid": 1 if status else 2, "item": f"CHEM-2017-0{n + 1}", "status": status,
                 "now": dt.datetime(2026, 1, 2, tzinfo=dt.UTC)})
    engine.dispose()
    upgrade_schema(empty_db_url)  # as its owner does (SQLite would upgrade itself on open)
    store = open_store(empty_db_url)
    try:
        with store.engine.connect() as conn:
            counted = conn.execute(text("SELECT id, answered_items, major_determinations "
                                        "FROM inspection ORDER BY id")).all()
        assert [tuple(r) for r in counted] == [(1, 2, 2), (2, 0, 0)]
    finally:
        store.close()


def test_stats_on_the_demo_shows_a_meaningful_rate(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    """The demo city: most inspections find no major hazard; the rate is shown with its
    numerator and denominator, near Jinan's published 93.5, and the self-inspections apart."""
    from core.services.demo import ADMIN, seed_demo

    url = seed_demo(url=f"sqlite:///{tmp_path / 'demo.db'}", today=TODAY)
    cli = Cli(capsys, url, ADMIN)
    code, out, err = cli("stats")
    assert code == 0, err
    shown = re.search(r"major-hazard determinations per 1,000 inspections: ([\d.]+) "
                      r"\((\d+) determinations / (\d+) on-site and follow-up inspections\)", out)
    assert shown is not None, out
    rate, major, counted = float(shown[1]), int(shown[2]), int(shown[3])
    assert rate == round(1000 * major / counted, 1)
    assert 50 <= rate <= 150 < 1000, out
    assert "self-inspections, counted apart" in out
    data = cli.json("stats")
    assert data["overall"]["per_1000"] == rate
    assert data["self_overall"]["inspections"] > 0
    assert sum(r["inspections"] for r in data["major_per_1000"]["district"]) == counted
    assert sum(r["major"] for r in data["major_per_1000"]["period"]) == major
    code, zh, _ = cli_zh(url, ADMIN, capsys)
    assert code == 0 and f"每千次检查发现重大事故隐患：{rate}" in zh
    assert f"（重大事故隐患判定 {major} 项 / 现场检查及跟进督查 {counted} 次）" in zh


def cli_zh(url: str, user: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    from .workflow_helpers import cli_run

    return cli_run(url, user, ["stats"], capsys, lang="zh")
