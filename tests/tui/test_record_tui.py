"""What the runner shows is what is stored: a cleared answer, a note on an unanswered item,
and an answer given meanwhile by someone else, which the runner never overwrites."""

from __future__ import annotations

from typing import Any

from core.services import inspections
from core.services.context import Context
from tests.tui.shown import notices
from tests.workflow_helpers import register
from tui.app import make_app
from tui.screens.runner import RunnerScreen

from .conftest import TODAY

CORRECTED = "FIRE-2017-D-6.2"  # answered noncompliant, corrected on site, by the fixture
OTHER = "FIRE-2017-D-6.3"


async def open_runner(ctx: Context, iid: int, pilot: Any, app: Any) -> RunnerScreen:
    runner = RunnerScreen("zh", iid)
    await app.push_screen(runner)
    await app.workers.wait_for_complete()
    await pilot.pause()
    assert runner.state is not None
    return runner


def finding(ctx: Context, iid: int, item: str) -> Any:
    return next((f for f in inspections.inspection_view(ctx, iid).findings
                 if f.item_id == item), None)


async def test_clearing_an_answer_in_the_runner_is_stored(
        fire_inspection: tuple[Context, int]) -> None:
    ctx, iid = fire_inspection
    assert [h.item_id for h in inspections.inspection_view(ctx, iid).hazards] == [CORRECTED]
    app = make_app(lang="zh", context=ctx, today=TODAY)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        runner = await open_runner(ctx, iid, pilot, app)
        assert runner.state is not None
        runner.move_to(runner.state.index[CORRECTED])
        await pilot.press("u")
        await pilot.pause()
        runner.flush()
    f = finding(ctx, iid, CORRECTED)
    assert f is not None and f.status is None and f.note == "同楼住人"
    assert inspections.inspection_view(ctx, iid).hazards == ()


async def test_a_note_on_an_unanswered_item_is_stored(
        fire_inspection: tuple[Context, int]) -> None:
    ctx, iid = fire_inspection
    app = make_app(lang="zh", context=ctx, today=TODAY)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        runner = await open_runner(ctx, iid, pilot, app)
        assert runner.state is not None
        runner.move_to(runner.state.index[OTHER])
        await pilot.press("e")
        await pilot.pause()
        await pilot.press(*"待查", "enter")
        await pilot.pause()
        runner.flush()
    f = finding(ctx, iid, OTHER)
    assert f is not None and (f.status, f.note) == (None, "待查")


async def test_the_runner_never_overwrites_an_answer_given_meanwhile(
        fire_inspection: tuple[Context, int]) -> None:
    ctx, iid = fire_inspection
    register(ctx, "检查员乙")
    other = Context(ctx.store, ctx.catalogue, "检查员乙", TODAY, "zh")
    app = make_app(lang="zh", context=ctx, today=TODAY)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        runner = await open_runner(ctx, iid, pilot, app)
        assert runner.state is not None
        # the runner has loaded the item unanswered; another inspector answers it now
        inspections.answer(other, iid, OTHER, "noncompliant", note="疏散通道堵塞")
        runner.move_to(runner.state.index[OTHER])
        await pilot.press("y")
        await pilot.pause()
        runner.flush()
        await app.workers.wait_for_complete()
        await pilot.pause()
        shown = " ".join(notices(app))
        assert "检查员乙" in shown and "不符合" in shown  # who changed it, to what
        # the screen shows the record again: the other inspector's answer
        assert runner.state is not None
        row = runner.state.rows[runner.state.index[OTHER]]
        assert (row.status.value if row.status else None, row.note) == (
            "noncompliant", "疏散通道堵塞")
        assert runner.cursor == runner.state.index[OTHER]
    f = finding(ctx, iid, OTHER)
    assert f is not None and (f.status, f.answered_by) == ("noncompliant", "检查员乙")
