"""The runner under an installed pack edited since the inspection was made: the checklist is
refused, the reason (both content hashes, ``anjian inspect repin``) stays on screen, and no key
answers anything."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from core.services import inspections
from core.services.context import Context
from core.services.packs import default_catalogue
from core.store.db import open_store
from tests.db_state import snapshot
from tests.edited_packs import CHEM, edited_catalogue
from tests.tui.shown import notices, shown
from tests.workflow_helpers import onsite_campaign
from tui.app import make_app
from tui.screens.runner import RunnerScreen

TODAY = dt.date(2026, 3, 2)


async def test_the_runner_refuses_an_inspection_whose_pack_was_edited(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'tui.db'}"
    store = open_store(url)
    ctx = Context(store, default_catalogue(), "组长甲", TODAY, "en")
    cid, target = onsite_campaign(ctx)
    insp = inspections.start_inspection(ctx, campaign_id=cid, enterprise=target)
    assert insp.id is not None
    inspections.answer(ctx, insp.id, "CHEM-2017-01", "noncompliant")
    edited = edited_catalogue(tmp_path / "chemicals")
    recorded, installed = default_catalogue().get(CHEM), edited.get(CHEM)
    assert recorded is not None and installed is not None
    before = snapshot(url)
    app = make_app(lang="en", context=Context(store, edited, "组长甲", TODAY, "en"), today=TODAY)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        runner = RunnerScreen("en", insp.id)
        await app.push_screen(runner)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert runner.state is None  # nothing loaded, so nothing to answer
        pane = str(runner.query_one("#item").render())
        for expected in (f"inspection {insp.id}", recorded.hash[:12], installed.hash[:12],
                         f"anjian inspect repin {insp.id} --reason"):
            assert expected in pane
            assert any(expected in n for n in notices(app))
        for key in ("y", "n", "u", "x"):
            await pilot.press(key)
        await pilot.pause()
        runner.flush()
        assert "Traceback" not in shown(app)
    assert snapshot(url) == before
    store.close()
