"""A fire inspection dated after GB 35181-2017 was withdrawn (2025-11-01), in the terminal UI:
starting one from the campaign (``o``) asks for confirmation, keys only (``n`` keeps the form
with nothing stored, ``y`` starts it and the audit entry says it was confirmed); the runner
shows the banner with the mark in the app's language, and the verdict pane and the campaign's
list mark its verdict. One dated while the standard was in force is neither asked about nor
marked."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import select
from textual.widgets import DataTable, Input, Static

from core.services import campaigns, inspections
from core.services.context import Context
from core.services.packs import default_catalogue
from core.store.db import open_store
from core.store.tables import AuditEntry
from tests.tui.shown import shown
from tests.tui.test_inspect_tui import open_campaign, settle
from tests.workflow_helpers import onsite_campaign
from tui.app import make_app
from tui.dialogs import ConfirmDialog
from tui.forms import FormDialogChecked
from tui.screens.campaign import CampaignScreen
from tui.screens.runner import RunnerScreen

TODAY = dt.date(2026, 3, 2)
MARK = "依据已废止标准，仅供参考"


@pytest.fixture
def fire_campaign(tmp_path: Path) -> Iterator[tuple[Context, int]]:
    """A fire campaign at its on-site step, formed a week before ``TODAY``."""
    ctx = Context(open_store(f"sqlite:///{tmp_path / 'standing.db'}"), default_catalogue(),
                  "组长甲", TODAY - dt.timedelta(days=7), "zh")
    cid, _ = onsite_campaign(ctx, ["gb35181-2017"], sector="fire")
    ctx.today = TODAY
    yield ctx, cid
    ctx.store.close()


async def test_o_asks_before_starting_under_a_withdrawn_standard(
        fire_campaign: tuple[Context, int]) -> None:
    ctx, cid = fire_campaign
    app = make_app(lang="zh", context=ctx, today=TODAY)
    async with app.run_test(size=(110, 40), notifications=True) as pilot:
        await open_campaign(app, pilot)
        await pilot.press("o")
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, FormDialogChecked)
        await pilot.press("ctrl+s")  # the site's category first: focused
        await settle(app, pilot)
        await pilot.press("space", "ctrl+s")
        await settle(app, pilot)
        question = app.screen
        assert isinstance(question, ConfirmDialog)
        text = shown(app)
        for part in ("GB 35181-2017", "gb35181-2017", "GB 35181-2025", "2025-11-01",
                     "2026-03-02", "现行标准未安装", "仍依据该标准开始检查吗"):
            assert part in text, part
        await pilot.press("n")  # not confirmed: back to the form, nothing stored
        await settle(app, pilot)
        assert app.screen is form
        assert "未确认依据已废止标准检查" in str(form.query_one("#form-refusal").render())
        assert campaigns.campaign_view(ctx, cid).inspections == ()
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        await settle(app, pilot)
        runner = app.screen
        assert isinstance(runner, RunnerScreen)
        banner = runner.query_one("#standing-banner", Static)
        assert banner.display
        said = str(banner.render())
        assert MARK in said and "GB 35181-2025" in said and "2025-11-01" in said
        assert "2026-03-02" in said and "现行标准未安装" in said
        assert MARK in str(runner.query_one("#verdict").render())
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, CampaignScreen)
        (row,) = [app.screen.query_one("#inspections", DataTable).get_row_at(0)]
        assert row[3] == f"判定未完成（尚有适用的检查项未检查，或所依据的标准已废止）【{MARK}】"
    (insp,) = campaigns.campaign_view(ctx, cid).inspections
    assert insp.inspected_on == TODAY
    with ctx.store.session() as s:
        entry = s.exec(select(AuditEntry).where(AuditEntry.action == "inspection.start",
                                                AuditEntry.object_id == str(insp.id))).one()
    assert entry.after["withdrawn_confirmed"][0]["pack"] == "gb35181-2017"


async def test_a_date_while_the_standard_was_in_force_starts_without_a_question(
        tmp_path: Path) -> None:
    before = dt.date(2025, 10, 31)
    ctx = Context(open_store(f"sqlite:///{tmp_path / 'in_force.db'}"), default_catalogue(),
                  "组长甲", before - dt.timedelta(days=7), "zh")
    cid, _ = onsite_campaign(ctx, ["gb35181-2017"], sector="fire")
    ctx.today = before
    app = make_app(lang="zh", context=ctx, today=before)
    async with app.run_test(size=(110, 40), notifications=True) as pilot:
        await open_campaign(app, pilot)
        await pilot.press("o")
        await settle(app, pilot)
        assert isinstance(app.screen, FormDialogChecked)
        assert app.screen.query_one("#f-date", Input).value == "2025-10-31"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        await pilot.press("space", "ctrl+s")
        await settle(app, pilot)
        runner = app.screen
        assert isinstance(runner, RunnerScreen)  # no question asked
        assert not runner.query_one("#standing-banner", Static).display
        assert MARK not in str(runner.query_one("#verdict").render())
    (insp,) = campaigns.campaign_view(ctx, cid).inspections
    assert insp.inspected_on == before
    ctx.store.close()


async def test_the_banner_is_in_the_app_s_language(
        fire_inspection: tuple[Context, int]) -> None:
    ctx, inspection = fire_inspection
    app = make_app(lang="en", context=ctx, today=TODAY, open_inspection=inspection)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(app, pilot)
        runner = app.screen
        assert isinstance(runner, RunnerScreen)
        said = str(runner.query_one("#standing-banner", Static).render())
        assert "Under a withdrawn standard: for reference only" in said
        assert "GB 35181-2017 was replaced by GB 35181-2025 on 2025-11-01" in said
        assert "the standard in force is not installed" in said
    assert inspections.inspection_view(ctx, inspection).determinations[0].standing == "withdrawn"
