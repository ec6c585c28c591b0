"""Snapshots at 80x24 on the tiny test pack of the hazard's own screen, the statistics screen
and the checks screen (fixed dates; the one clock time shown is set in the data)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from core.services import hazards, inspections
from tests.db_state import behind_the_guard
from tests.tui.test_snapshots import tiny_context
from tui.app import make_app


def tiny_hazard(tmp_path: Path) -> tuple[Any, int]:
    """The tiny pack's inspection with its direct item found noncompliant (a major hazard),
    a deadline and a responsible person."""
    import datetime as dt

    ctx, inspection = tiny_context(tmp_path)
    inspections.answer(ctx, inspection, "T-D-1", "noncompliant", note="东侧安全出口被货架封堵")
    inspections.answer(ctx, inspection, "T-C-1", "compliant")
    (h,) = inspections.inspection_view(ctx, inspection).hazards
    assert h.id is not None
    hazards.set_deadline(ctx, h.id, ctx.today + dt.timedelta(days=15))
    # a fixed clock time for the answer the screen shows
    behind_the_guard(ctx.store.url, "UPDATE finding SET answered_at = '2026-03-02 09:30:00'")
    return ctx, h.id


async def settle(pilot: Any) -> None:
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def test_hazard_snapshot(snap_compare: Any, tmp_path: Path) -> None:
    ctx, hazard = tiny_hazard(tmp_path)

    async def run_before(pilot: Any) -> None:
        await settle(pilot)
        pilot.app.open_hazard(hazard)
        await settle(pilot)

    app = make_app(lang="zh", context=ctx, today=ctx.today)
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_stats_snapshot(snap_compare: Any, tmp_path: Path) -> None:
    ctx, _ = tiny_hazard(tmp_path)

    async def run_before(pilot: Any) -> None:
        await settle(pilot)
        await pilot.press("t")
        await settle(pilot)

    app = make_app(lang="zh", context=ctx, today=ctx.today)
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_checks_snapshot(snap_compare: Any, tmp_path: Path) -> None:
    ctx, _ = tiny_hazard(tmp_path)

    async def run_before(pilot: Any) -> None:
        await settle(pilot)
        await pilot.press("k")
        await settle(pilot)

    app = make_app(lang="zh", context=ctx, today=ctx.today)
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
