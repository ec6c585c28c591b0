"""The inspection runner driven by keys: the whole GB 35181 checklist, the live verdict turning
major exactly at the third crowded-place composite element, answers stored."""

from __future__ import annotations

import datetime as dt

from sqlmodel import select

from core.services import inspections
from core.services.context import Context
from core.services.packs import default_catalogue
from core.store.db import open_store
from core.store.tables import FindingRow, Hazard
from tests.tui.shown import notices
from tests.workflow_helpers import onsite_campaign
from tui.app import make_app
from tui.screens.runner import RunnerScreen

TODAY = dt.date(2026, 3, 2)


async def test_answer_the_fire_checklist_by_keys(tmp_path) -> None:  # type: ignore[no-untyped-def]
    store = open_store(f"sqlite:///{tmp_path / 'tui.db'}")
    ctx = Context(store, default_catalogue(), "检查员乙", TODAY, "zh")
    cid, target = onsite_campaign(ctx, ["gb35181-2017"], sector="fire")
    insp = inspections.start_inspection(ctx, campaign_id=cid, enterprise=target,
                                        categories=["people_dense"],
                                        withdrawn_ok=True)  # GB 35181-2017, withdrawn
    assert insp.id is not None
    app = make_app(lang="en", context=ctx, today=TODAY)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        runner = RunnerScreen("en", insp.id)
        await app.push_screen(runner)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert runner.state is not None
        clauses = [r.item.clause for r in runner.state.rows]
        assert len(clauses) == 49
        verdicts = []
        for clause in clauses:
            key = "n" if clause in ("7.3.1", "7.3.2", "7.5") else "y"
            await pilot.press(key)
            verdicts.append((clause, runner.verdict.value))
        # Not major until the third people-dense composite element (7.5) is answered.
        first_major = next(c for c, v in verdicts if v == "major")
        assert first_major == "7.5"
        assert all(v != "major" for c, v in verdicts[:clauses.index("7.5")])
        runner.flush()
        await pilot.pause()
        screen_text = str(app.screen.query_one("#verdict").render())
        assert "MAJOR" in screen_text
    with store.session() as s:
        rows = s.exec(select(FindingRow).where(FindingRow.inspection_id == insp.id)).all()
        assert len(rows) == 49
        assert {r.item_id for r in rows if r.status == "noncompliant"} == {
            "FIRE-2017-C-7.3.1", "FIRE-2017-C-7.3.2", "FIRE-2017-C-7.5"}
        majors = s.exec(select(Hazard).where(Hazard.inspection_id == insp.id)).all()
        assert {h.level for h in majors} == {"major"} and len(majors) == 3
    store.close()


async def test_the_collective_decision_is_recorded_from_the_runner(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from core.services import campaigns, decisions

    store = open_store(f"sqlite:///{tmp_path / 'tui.db'}")
    ctx = Context(store, default_catalogue(), "组长甲", TODAY, "en")
    cid, target = onsite_campaign(ctx, ["gb35181-2017"], sector="fire")
    insp = inspections.start_inspection(ctx, campaign_id=cid, enterprise=target,
                                        categories=["people_dense"],
                                        withdrawn_ok=True)  # GB 35181-2017, withdrawn
    assert insp.id is not None
    inspections.answer(ctx, insp.id, "FIRE-2017-D-6.1", "noncompliant")
    app = make_app(lang="en", context=ctx, today=TODAY)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        runner = RunnerScreen("en", insp.id)
        await app.push_screen(runner)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.sub_title == "组长甲 · administrator"  # the first user of the database
        await pilot.press("c")
        await pilot.pause()
        form = app.screen
        assert "Collective decision" in str(form.query_one(".dialog-title").render())
        people = form.query_one("#f-people")
        assert people.value == "组长甲、检查员乙、检查员丙"  # type: ignore[attr-defined]
        people.value = "组长甲、检查员乙"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert decisions.decisions(ctx, insp.id) == []  # two people are too few
        assert any("at least 3" in m for m in notices(app))
        await pilot.press("c")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
    (d,) = decisions.decisions(ctx, insp.id)
    assert d.participants == ("组长甲", "检查员乙", "检查员丙")
    assert d.rules == ("FIRE-2017-5.2.2",)  # the direct rule that fired
    refusals = campaigns.campaign_view(ctx, cid).refusals
    assert "guard.decision" not in {r.key for r in refusals}
    store.close()


async def test_the_arrow_keys_move_as_j_and_k_do(fire_inspection) -> None:  # type: ignore[no-untyped-def]
    """↓ and ↑ move the runner's cursor (the item list's own scrolling keys gave way)."""
    ctx, inspection = fire_inspection
    app = make_app(lang="zh", context=ctx, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        runner = RunnerScreen("zh", inspection)
        await app.push_screen(runner)
        await app.workers.wait_for_complete()
        await pilot.pause()
        start = runner.cursor
        await pilot.press("down", "down")
        await pilot.pause()
        assert runner.cursor == start + 2
        await pilot.press("up")
        await pilot.pause()
        assert runner.cursor == start + 1
