"""An inspection under 121号 and the GB 30871 checklist in the runner, by keys: a special-work
finding that constitutes 121号 item 18 turns the live verdict major, the verdict pane counts
it, and item 18 says, where it is read, which finding constitutes it."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from core.services import inspections
from core.services.context import Context
from core.services.packs import default_catalogue
from core.store.db import open_store
from tests.tui.shown import shown
from tests.workflow_helpers import onsite_campaign
from tui.app import AnjianApp, make_app
from tui.screens.runner import RunnerScreen
from tui.widgets.item_pane import ItemPane

TODAY = dt.date(2026, 9, 1)


@pytest.fixture
def world(tmp_path: Path) -> Iterator[Context]:
    store = open_store(f"sqlite:///{tmp_path / 'special.db'}")
    yield Context(store, default_catalogue(), "组长甲", TODAY, "zh")
    store.close()


async def _settle(app: AnjianApp, pilot: Any) -> None:
    for _ in range(3):
        await app.workers.wait_for_complete()
        await pilot.pause()


def pane_text(runner: RunnerScreen) -> str:
    """The item pane's text as painted, its lines joined (the pane wraps Chinese text)."""
    pane = runner.query_one(ItemPane)
    assert pane.entry is not None
    return str(pane.body(pane.entry)).replace("\n", "")


async def test_a_special_work_finding_makes_item_18_major_in_the_runner(world: Context
                                                                         ) -> None:
    cid, target = onsite_campaign(world, ["chem-2017", "gb30871-2022"])
    insp = inspections.start_inspection(world, campaign_id=cid, enterprise=target,
                                        tags=["hot_work"])
    assert insp.id is not None
    app = make_app(lang="zh", context=world, today=TODAY)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        runner = RunnerScreen("zh", insp.id)
        await app.push_screen(runner)
        await _settle(app, pilot)
        assert runner.state is not None
        runner.move_to(runner.state.index["CHEM-2017-18"])
        await pilot.pause()
        assert "的不符合项构成" not in pane_text(runner)
        runner.move_to(runner.state.index["GB30871-5.3.1"])
        await pilot.pause()
        await pilot.press("n")  # hot work without a gas analysis
        await _settle(app, pilot)
        runner.flush()
        await _settle(app, pilot)
        screen = shown(app)
        assert "重大事故隐患" in screen
        assert "其中 1 项由其他检查表的发现构成" in screen
        runner.move_to(runner.state.index["CHEM-2017-18"])
        await pilot.pause()
        assert "✗ 由 GB 30871-2022 5.3.1 的不符合项构成（计入本判定标准）" in pane_text(runner)
        # answered compliant again, the finding no longer constitutes it
        runner.move_to(runner.state.index["GB30871-5.3.1"])
        await pilot.pause()
        await pilot.press("y")
        await _settle(app, pilot)
        runner.flush()
        await _settle(app, pilot)
        runner.move_to(runner.state.index["CHEM-2017-18"])
        await pilot.pause()
        assert "构成（计入本判定标准）" not in pane_text(runner)
    view = inspections.inspection_view(world, insp.id)
    chem = next(d for d in view.determinations if d.pack == "chem-2017")
    assert chem.constituted == () and chem.verdict != "major"
