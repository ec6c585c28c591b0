"""The home, enterprises, enterprise and ledger screens at 80x24 on the tiny test pack (fixed
dates), and the home screen of an empty database."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from core.plugins.catalogue import build_catalogue
from core.services import hazards, inspections, roster
from core.services.context import Context
from core.store.db import open_store
from tests.tui.test_snapshots import TODAY, TinyPlugin, tiny_context
from tui.app import make_app


def with_hazards(tmp_path: Path) -> Context:
    """The tiny pack's inspection with its direct item noncompliant (a major hazard), a
    deadline set, and a second enterprise with nothing open."""
    ctx, inspection = tiny_context(tmp_path)
    inspections.answer(ctx, inspection, "T-D-1", "noncompliant", note="东侧出口堵塞")
    (row,) = hazards.ledger(ctx)
    hazards.set_deadline(ctx, row.hazard.id, TODAY + dt.timedelta(days=5), reason="限期整改")
    roster.add_enterprise(ctx, uscc="91370102MA3C5ABC18", name="济南莱芜铁矿业有限公司",
                          sector="mining", district="莱芜区")
    return ctx


async def settled(pilot: Any) -> None:
    """Every worker done, the user's role read (the footer offers keys by it), and the frame
    painted the same twice in a row: under a loaded machine a reload or the footer's new
    bindings can land a few frames after the workers finish."""
    for _ in range(50):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        if pilot.app.offered is not None:
            break
    last = None
    for _ in range(40):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause(0.05)
        frame = pilot.app.export_screenshot()
        if frame == last:
            break
        last = frame


def test_home_snapshot(snap_compare: Any, tmp_path: Path) -> None:
    app = make_app(lang="zh", context=with_hazards(tmp_path), today=TODAY)
    assert snap_compare(app, terminal_size=(80, 24), run_before=settled)


def test_home_of_an_empty_database_snapshot(snap_compare: Any, tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'empty.db'}")
    ctx = Context(store, build_catalogue(eps=[], objects={"tiny": TinyPlugin()}), "组长甲",
                  TODAY, "zh")
    app = make_app(lang="zh", context=ctx, today=TODAY)
    assert snap_compare(app, terminal_size=(80, 24), run_before=settled)


def test_enterprises_snapshot(snap_compare: Any, tmp_path: Path) -> None:
    async def run_before(pilot: Any) -> None:
        await settled(pilot)
        await pilot.press("e")
        await settled(pilot)

    app = make_app(lang="zh", context=with_hazards(tmp_path), today=TODAY)
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_enterprise_snapshot(snap_compare: Any, tmp_path: Path) -> None:
    async def run_before(pilot: Any) -> None:
        await settled(pilot)
        await pilot.press("e")
        await settled(pilot)
        await pilot.press("enter")  # the shopping centre (历下区 before 莱芜区)
        await settled(pilot)

    app = make_app(lang="zh", context=with_hazards(tmp_path), today=TODAY)
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_ledger_snapshot(snap_compare: Any, tmp_path: Path) -> None:
    async def run_before(pilot: Any) -> None:
        await settled(pilot)
        await pilot.press("l")
        await settled(pilot)

    app = make_app(lang="zh", context=with_hazards(tmp_path), today=TODAY)
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
