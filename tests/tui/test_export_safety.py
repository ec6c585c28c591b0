"""The TUI's export (``x`` on the campaign and ledger screens) when its folder cannot be made or
its disk is full: a message naming the path, the app still running, nothing left behind."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from core.services.context import Context
from core.services.packs import default_catalogue
from core.store.db import open_store
from tests.small_disk import fill, mounted
from tests.tui.shown import notices
from tests.workflow_helpers import major_hazard_setup
from tui.app import AnjianApp, make_app

TODAY = dt.date(2026, 3, 2)


@pytest.fixture
def ctx(tmp_path: Path) -> Iterator[Context]:
    store = open_store(f"sqlite:///{tmp_path / 'tui.db'}")
    context = Context(store, default_catalogue(), "组长甲", TODAY, "en")
    major_hazard_setup(context)
    yield context
    store.close()


async def settle(app: AnjianApp, pilot: Any) -> None:
    for _ in range(3):
        await app.workers.wait_for_complete()
        await pilot.pause()


async def export_from(screen: str, ctx: Context) -> list[str]:
    """Press ``x`` on the campaign or the ledger screen; the notifications shown after."""
    app = make_app(lang="en", context=ctx, today=TODAY)
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        await settle(app, pilot)
        await pilot.press("enter" if screen == "campaign" else "l")
        await settle(app, pilot)
        assert app.screen.__class__.__name__ == f"{screen.title()}Screen"
        await pilot.press("x")
        await settle(app, pilot)
        assert app.is_running
        return notices(app)


@pytest.mark.parametrize("screen", ["campaign", "ledger"])
async def test_an_exports_folder_that_cannot_be_made_is_a_message(
        ctx: Context, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, screen: str) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / "exports").write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("ANJIAN_HOME", str(home))
    shown = await export_from(screen, ctx)
    assert any(f"{home / 'exports'}: cannot write: File exists" in m for m in shown), shown
    assert (home / "exports").read_text(encoding="utf-8") == "not a folder"


@pytest.fixture
def full_home(tmp_path: Path) -> Iterator[Path]:
    """A data folder on a real 64 KiB file system (tmpfs), its exports folder made, then
    filled up; skipped where this process may not mount one."""
    with mounted(tmp_path / "home") as home:
        (home / "exports").mkdir()
        fill(home)
        yield home


@pytest.mark.parametrize("screen", ["campaign", "ledger"])
async def test_a_full_disk_is_a_message_and_leaves_nothing(
        ctx: Context, full_home: Path, monkeypatch: pytest.MonkeyPatch, screen: str) -> None:
    monkeypatch.setenv("ANJIAN_HOME", str(full_home))
    shown = await export_from(screen, ctx)
    exports = full_home / "exports"
    assert any(m.startswith(f"{exports}/") and ".xlsx: cannot write (No space left on device);"
               " nothing was written" in m for m in shown), shown
    assert list(exports.iterdir()) == []
