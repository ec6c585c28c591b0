"""The runner under an overlay (地方补充): a local item's pane names the overlay and marks it
local, and the verdict pane counts the local general hazards."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from core.services import inspections
from core.services.context import Context
from core.store.db import open_store
from tests.test_overlays import OVERLAY, TITLE, example_catalogue
from tests.workflow_helpers import onsite_campaign
from tui.app import make_app
from tui.screens.runner import RunnerScreen
from tui.widgets.item_pane import ItemPane
from tui.widgets.verdict_pane import VerdictPane

TODAY = dt.date(2026, 3, 2)


async def test_the_runner_marks_local_items(tmp_path: Path) -> None:
    ctx = Context(open_store(f"sqlite:///{tmp_path / 'anjian.db'}"), example_catalogue(),
                  "组长甲", TODAY, "zh")
    cid, target = onsite_campaign(ctx, [OVERLAY])
    insp = inspections.start_inspection(ctx, campaign_id=cid, enterprise=target)
    assert insp.id is not None
    for item in inspections.inspection_view(ctx, insp.id).unanswered:
        if item.startswith("CHEM-"):
            inspections.answer(ctx, insp.id, item, "compliant")
    inspections.answer(ctx, insp.id, "JN-EX-01", "noncompliant")
    app = make_app(lang="zh", context=ctx, today=TODAY)
    async with app.run_test(size=(110, 40)) as pilot:
        runner = RunnerScreen("zh", insp.id)
        await app.push_screen(runner)
        await app.workers.wait_for_complete()
        await pilot.pause()
        pane = str(runner.query_one(ItemPane).render())
        # the cursor on the first unanswered item: the overlay's second local item
        assert "JN-EX-02" in pane and "[地方补充]" in pane and TITLE in pane
        assert "安监总管三" not in pane.splitlines()[0]  # not cited as the standard's
        assert "其中地方补充 1 项" in str(runner.query_one(VerdictPane).render())
        runner.move_to(0)  # an official item: no mark
        await pilot.pause()
        pane = str(runner.query_one(ItemPane).render())
        assert "CHEM-2017-01" in pane and "[地方补充]" not in pane
        runner.flush()
    ctx.store.close()
