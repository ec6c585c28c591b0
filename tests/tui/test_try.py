"""``anjian packs try``: a draft pack (not installed) walked in the real inspection runner."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.i18n import AnjianError
from core.services import inspections
from core.services.trial import open_trial
from tests.test_plugin_kit import draft
from tui.app import make_app
from tui.screens.runner import RunnerScreen


async def test_walk_a_draft_pack(tmp_path: Path) -> None:
    folder = draft(tmp_path)
    ctx, inspection = open_trial(folder, lang="en", folder=tmp_path)
    app = make_app(lang="en", context=ctx, open_inspection=inspection)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        runner = app.screen
        assert isinstance(runner, RunnerScreen)
        assert runner.state is not None
        assert [r.item.id for r in runner.state.rows] == ["DEMO-SECTOR-01", "DEMO-SECTOR-02"]
        await pilot.press("y")
        assert runner.verdict.value == "incomplete"
        await pilot.press("n")
        assert runner.verdict.value == "major"
        runner.flush()
        await pilot.pause()
        assert "MAJOR" in str(runner.query_one("#verdict").render())
    view = inspections.inspection_view(ctx, inspection)
    assert {f.item_id: f.status for f in view.findings} == {
        "DEMO-SECTOR-01": "compliant", "DEMO-SECTOR-02": "noncompliant"}
    assert view.packs[0].pack_id == "demo-sector"
    ctx.store.close()


def test_a_draft_with_errors_is_refused(tmp_path: Path) -> None:
    folder = draft(tmp_path, {"demo_sector.yaml": ("  sections: [S1]", "  items: [NOPE-1]")})
    with pytest.raises(AnjianError) as caught:
        open_trial(folder, folder=tmp_path)
    text = caught.value.render("en")
    assert "has errors; fix them first" in text
    assert "rule DEMO-SECTOR-R1: unknown item 'NOPE-1'" in text
    assert not (tmp_path / "try.db").exists()
