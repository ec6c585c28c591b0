"""The runner reads the text's gates, limits and conjunctions as the services do, by keys: the
part-by-part form (m) leaves out the quarterly limb at an open-pit mine and asks for it
underground, says whether each limit's number is inside, and a conjunction's part found present
reaches the ledger as a general hazard of its own."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input, Select

from core.services import hazards, inspections
from core.services.context import Context
from core.services.packs import default_catalogue
from core.store.db import open_store
from tests.tui.shown import shown
from tests.workflow_helpers import onsite_campaign
from tui.app import AnjianApp, make_app
from tui.forms import FormDialogChecked
from tui.screens.runner import RunnerScreen

TODAY = dt.date(2026, 9, 1)  # the 2026 coal standard in force
OUTPUT = "COAL-2026-A04-01"  # 全年…超过110%，或者井工煤矿季度…超过30%


@pytest.fixture
def world(tmp_path: Path) -> Iterator[Context]:
    store = open_store(f"sqlite:///{tmp_path / 'gates.db'}")
    yield Context(store, default_catalogue(), "组长甲", TODAY, "zh")
    store.close()


def _start(ctx: Context, pack: str, sector: str, **site: Any) -> int:
    cid, target = onsite_campaign(ctx, [pack], sector=sector)
    insp = inspections.start_inspection(ctx, campaign_id=cid, enterprise=target, **site)
    assert insp.id is not None
    return insp.id


async def _settle(app: AnjianApp, pilot: Any) -> None:
    for _ in range(3):
        await app.workers.wait_for_complete()
        await pilot.pause()


async def _parts_form(app: AnjianApp, pilot: Any, iid: int, item: str) -> FormDialogChecked:
    runner = RunnerScreen("zh", iid)
    await app.push_screen(runner)
    await _settle(app, pilot)
    assert runner.state is not None
    runner.move_to(runner.state.index[item])
    await pilot.pause()
    await pilot.press("m")
    await _settle(app, pilot)
    assert isinstance(app.screen, FormDialogChecked)
    return app.screen


async def test_the_quarterly_limb_is_not_asked_at_an_open_pit_mine(world: Context) -> None:
    iid = _start(world, "coal-2026", "coal", tags=["open_pit"])
    app = make_app(lang="zh", context=world, today=TODAY)
    async with app.run_test(size=(110, 40), notifications=True) as pilot:
        form = await _parts_form(app, pilot, iid, OUTPUT)
        assert form.query("#f-c-1-value") and form.query("#f-c-1-design")
        assert not form.query("#f-c-2-value")  # 井工煤矿 only: set aside
        assert "（“超过”，不含本数）" in shown(app)
        # exactly 110 % of the approved capacity: 超过 excludes the number
        form.query_one("#f-c-1-value", Input).value = "110"
        form.query_one("#f-c-1-design", Input).value = "100"
        await pilot.pause()
        assert "判定：符合" in str(form.query_one("#form-live").render())
        await pilot.press("ctrl+s")
        await _settle(app, pilot)
        assert isinstance(app.screen, RunnerScreen)
        app.screen.flush()
    found = next(f for f in inspections.inspection_view(world, iid).findings
                 if f.item_id == OUTPUT)
    assert found.status == "compliant"
    det = inspections.inspection_view(world, iid).determinations[0]
    assert [a.part for a in det.absent_parts] == [f"{OUTPUT}/2"]


async def test_underground_the_quarterly_limb_is_asked_and_counts(world: Context) -> None:
    iid = _start(world, "coal-2026", "coal", tags=["underground"])
    app = make_app(lang="zh", context=world, today=TODAY)
    async with app.run_test(size=(110, 40), notifications=True) as pilot:
        form = await _parts_form(app, pilot, iid, OUTPUT)
        form.query_one("#f-c-1-value", Input).value = "100"
        form.query_one("#f-c-1-design", Input).value = "100"
        form.query_one("#f-c-2-value", Input).value = "31"
        form.query_one("#f-c-2-design", Input).value = "100"
        await pilot.pause()
        assert "判定：不符合" in str(form.query_one("#form-live").render())
        await pilot.press("ctrl+s")
        await _settle(app, pilot)
        assert isinstance(app.screen, RunnerScreen)
        app.screen.flush()
    assert OUTPUT in inspections.inspection_view(world, iid).determinations[0].major_items


async def test_a_conjunctions_part_answered_by_keys_reaches_the_ledger(world: Context) -> None:
    item = "IT-2023-A13-01"  # 未…辨识、建立安全管理台账，并且未设置明显的安全警示标志
    iid = _start(world, "it-2023-confined-space", "confined_spaces")
    app = make_app(lang="zh", context=world, today=TODAY)
    async with app.run_test(size=(110, 40), notifications=True) as pilot:
        form = await _parts_form(app, pilot, iid, item)
        form.query_one("#f-c-1-status", Select).value = "compliant"
        form.query_one("#f-c-2-status", Select).value = "noncompliant"
        await pilot.pause()
        assert "判定：符合" in str(form.query_one("#form-live").render())
        await pilot.press("ctrl+s")
        await _settle(app, pilot)
        runner = app.screen
        assert isinstance(runner, RunnerScreen)
        runner.flush()
        await _settle(app, pilot)
    (row,) = hazards.ledger(world)
    assert (row.hazard.item_id, row.hazard.level) == (f"{item}/2", "general")
    assert row.hazard.id is not None
    assert hazards.record(world, row.hazard.id).item_text == "未设置明显的安全警示标志"
