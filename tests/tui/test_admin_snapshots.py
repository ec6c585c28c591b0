"""Snapshots at 80x24 of the administration screens on the tiny test pack: the users screen
and the campaign-formation form."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from core.services import users
from tests.tui.test_snapshots import TODAY, tiny_context
from tui.app import make_app
from tui.screens.users import UsersScreen


def test_users_screen_snapshot(snap_compare: Any, tmp_path: Path) -> None:
    ctx, _ = tiny_context(tmp_path)
    users.add_user(ctx, "企业用户丁", role="enterprise", enterprise="91110000600037341L")
    users.add_user(ctx, "分析员戊", role="analyst")
    users.disable(ctx, "分析员戊", reason="调离")

    async def run_before(pilot: Any) -> None:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("u")
        for _ in range(400):  # the users load in a worker once the screen is up
            await pilot.app.workers.wait_for_complete()
            await pilot.pause(0.05)
            if isinstance(pilot.app.screen, UsersScreen) and pilot.app.screen.users:
                break
        pilot.app.screen.query_one("#users").focus()
        await pilot.pause()

    app = make_app(lang="zh", context=ctx, today=TODAY)
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_campaign_form_snapshot(snap_compare: Any, tmp_path: Path) -> None:
    ctx, _ = tiny_context(tmp_path)

    async def run_before(pilot: Any) -> None:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("c")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    app = make_app(lang="zh", context=ctx, today=TODAY)
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
