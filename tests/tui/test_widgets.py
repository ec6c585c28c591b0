"""The runner's widgets: an answer repaints the lines it changes, not the item list; the panes
show what the screen gives them; a click on a line moves there."""

from __future__ import annotations

import datetime as dt
from typing import Any

from core.engine.findings import Status
from core.services import inspections
from core.services.context import Context
from tui.app import make_app
from tui.dialogs import TextDialog
from tui.screens.runner import RunnerScreen
from tui.widgets.item_list import ItemList
from tui.widgets.item_pane import ItemPane
from tui.widgets.verdict_pane import VerdictPane

TODAY = dt.date(2026, 3, 2)


async def test_an_answer_repaints_two_lines_of_the_list(
        fire_inspection: tuple[Context, int]) -> None:
    ctx, iid = fire_inspection
    app = make_app(lang="zh", context=ctx, today=TODAY)
    async with app.run_test(size=(100, 40)) as pilot:
        runner = RunnerScreen("zh", iid)
        await app.push_screen(runner)
        await app.workers.wait_for_complete()
        await pilot.pause()
        items = runner.query_one(ItemList)
        assert items.cursor == runner.cursor == 0
        rendered: list[int] = []
        label = items.label

        def counting(entry: Any) -> Any:
            rendered.append(runner.state.rows.index(entry) if runner.state else -1)
            return label(entry)

        items.label = counting  # type: ignore[method-assign]
        await pilot.press("y")
        await pilot.pause()
        assert sorted(rendered) == [0, 1]  # the answered line and the cursor's new line
        assert items.entries[0].status == Status.compliant and items.cursor == 1
        rendered.clear()
        await pilot.press("j", "j")
        await pilot.pause()
        assert set(rendered) == {1, 2, 3}  # the cursor passing over 2
        assert runner.query_one(ItemPane).entry == runner.state.rows[3]  # type: ignore[union-attr]
        assert runner.query_one(VerdictPane).verdict == runner.verdict

        # a click moves to the line clicked
        await pilot.click(ItemList, offset=(3, 5))
        await pilot.pause()
        assert runner.cursor == items.cursor == 5
        runner.flush()


async def test_a_note_from_its_dialog_is_saved_with_the_answer(
        fire_inspection: tuple[Context, int]) -> None:
    ctx, iid = fire_inspection
    app = make_app(lang="zh", context=ctx, today=TODAY)
    async with app.run_test(size=(100, 40)) as pilot:
        runner = RunnerScreen("zh", iid)
        await app.push_screen(runner)
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("n", "k", "e")
        await pilot.pause()
        assert isinstance(app.screen, TextDialog)
        await pilot.press(*"blocked", "enter")
        await pilot.pause()
        assert app.screen is runner
        assert "blocked" in str(runner.query_one(ItemPane).render())
        runner.flush()
    (finding,) = [f for f in inspections.inspection_view(ctx, iid).findings
                  if f.item_id == "FIRE-2017-D-6.1"]
    assert (finding.status, finding.note) == ("noncompliant", "blocked")
