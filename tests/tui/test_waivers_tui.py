"""Waivers (豁免) in the terminal UI: the home screen lists those ending within 30 days; the
runner shows a waived item as 豁免 with its waiver, counts it as settled, evaluates with it as
the stored determination was, and refuses an answer to it, storing nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from core.services import inspections, waivers
from tests.test_waivers import BASIS, REASON, TODAY, World, make_world
from tests.tui.shown import notices, shown
from tui.app import AnjianApp, make_app
from tui.screens.home import HomeScreen
from tui.screens.runner import RunnerScreen
from tui.widgets.item_list import ItemList
from tui.widgets.item_pane import ItemPane
from tui.widgets.verdict_pane import AnswerProgress


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    w = make_world(f"sqlite:///{tmp_path / 'tui.db'}")
    yield w
    w.ctx.store.close()


def grant(w: World, item: str, days: int) -> Any:
    return waivers.grant(w.as_("组长丁"), enterprise=w.code, item=item, reason=REASON,
                         basis=BASIS, until=TODAY + dt.timedelta(days=days))


async def settle(app: AnjianApp, pilot: Any) -> None:
    for _ in range(3):
        await app.workers.wait_for_complete()
        await pilot.pause()


async def test_the_home_screen_lists_the_waivers_ending_soon(world: World) -> None:
    soon = grant(world, "WV-1", 10)
    grant(world, "WV-3", 60)  # ends later than the screen looks
    app = make_app(lang="zh", context=world.ctx, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, HomeScreen)
        summary = str(app.screen.query_one("#summary").render())
        assert "30 天内到期的豁免（1）" in summary
        # the item as its standard names it: ids belong in --json
        assert (f"• #{soon.id} 济南示例化工有限公司 TEST-WV-0001 1.1 至 "
                f"{(TODAY + dt.timedelta(days=10)).isoformat()}（还剩 10 天）") in summary
        assert "WV-3" not in summary and "WV-1" not in summary.replace("TEST-WV-0001", "")


async def test_the_home_screen_says_nothing_of_waivers_when_none_end_soon(
        world: World) -> None:
    grant(world, "WV-1", 60)
    app = make_app(lang="zh", context=world.ctx, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        assert "豁免" not in str(app.screen.query_one("#summary").render())


async def test_the_runner_shows_a_waived_item_and_refuses_an_answer_to_it(
        world: World) -> None:
    w = grant(world, "WV-1", 20)
    insp = world.start(again=False)
    app = make_app(lang="zh", context=world.as_("检查员乙"), today=TODAY)
    async with app.run_test(size=(140, 40), notifications=True) as pilot:
        runner = RunnerScreen("zh", insp)
        await app.push_screen(runner)
        await settle(app, pilot)
        assert runner.state is not None
        rows = runner.state.rows
        at = next(n for n, r in enumerate(rows) if r.item.id == "WV-1")
        items = runner.query_one(ItemList)
        label = str(items.label(rows[at]))
        assert label.startswith("– 1.1 【豁免】") and "危险化学品仓库未设置通风设施" in label
        # the cursor starts on the first item to answer, never on a waived one
        assert rows[runner.cursor].waiver is None
        # settled: counted with the answered
        total = len(rows)
        assert f"1/{total}" in str(runner.query_one(AnswerProgress).render())
        # the live verdict is what the services stored: the waived item is not unanswered
        (det,) = [p.determination for p in runner.determinations() if p.pack_id == "wv-check"]
        assert det.waived == ("WV-1",) and "WV-1" not in det.unanswered
        runner.move_to(at)
        await pilot.pause()
        pane = str(runner.query_one(ItemPane).render())
        assert f"依据豁免 #{w.id} 对本单位不适用" in pane and BASIS in pane
        await pilot.press("n")
        runner.flush()
        await pilot.pause()
        assert any(f"依据豁免 #{w.id} 不适用" in n for n in notices(app))
        assert rows[at].status is None
        assert "【豁免】" in shown(app)
    assert inspections.inspection_view(world.ctx, insp).findings == ()
