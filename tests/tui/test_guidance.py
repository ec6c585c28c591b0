"""The runner's guidance names the key to press: for every GB 35181 element with a percentage
line, the item pane says to answer with the label the footer shows for ``n``, in Chinese and
in English, and never the standard's 即符合本要素."""

from __future__ import annotations

import datetime as dt

import pytest

from core.services.context import Context
from tui.app import make_app
from tui.screens.runner import RunnerScreen
from tui.widgets.item_pane import ItemPane

TODAY = dt.date(2026, 3, 2)


@pytest.mark.parametrize(("lang", "say"), [("zh", "答“{}”"), ("en", 'answer "{}"')])
async def test_the_item_pane_names_the_key_the_footer_shows(
        fire_inspection: tuple[Context, int], lang: str, say: str) -> None:
    ctx, iid = fire_inspection
    app = make_app(lang=lang, context=ctx, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        runner = RunnerScreen(lang, iid)
        await app.push_screen(runner)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert runner.state is not None
        labels = {node.binding.key: node.binding.description
                  for node in runner.active_bindings.values()}
        lined = [n for n, row in enumerate(runner.state.rows) if "%" in row.item.text_zh]
        assert len(lined) == 8
        for row in lined:
            await pilot.press(*["j"] * (row - runner.cursor))
            await pilot.pause()
            shown = str(runner.query_one(ItemPane).render())
            assert say.format(labels["n"]) in shown, runner.state.rows[row].item.id
            assert "即符合本要素" not in shown and "meets the element" not in shown
