"""A few deterministic screen snapshots on a tiny test-only pack (80x24, fixed dates)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from core.plugins.catalogue import build_catalogue
from core.plugins.hookspecs import hookimpl
from core.services import campaigns, inspections, roster
from core.services.context import Context
from core.store.db import open_store
from tests.workflow_helpers import register
from tui.app import make_app
from tui.screens.runner import RunnerScreen

TODAY = dt.date(2026, 3, 2)
TARGET = "91110000600037341L"


class TinyPlugin:
    @hookimpl
    def register_packs(self, register: Any) -> None:
        register.pack_file(Path(__file__).with_name("tiny_pack.yaml"))


def tiny_context(tmp_path: Path) -> tuple[Context, int]:
    store = open_store(f"sqlite:///{tmp_path / 'snap.db'}")
    cat = build_catalogue(eps=[], objects={"tiny": TinyPlugin()})
    ctx = Context(store, cat, "组长甲", TODAY, "zh")
    roster.add_enterprise(ctx, uscc=TARGET, name="济南示例商场有限公司", sector="retail",
                            district="历下区")
    register(ctx, "检查员乙", "检查员丙")
    c = campaigns.new_campaign(ctx, sector="retail", packs=["tiny"], target=TARGET,
                               lead="组长甲", members=["检查员乙", "检查员丙"])
    assert c.id is not None
    campaigns.advance(ctx, c.id)
    insp = inspections.start_inspection(ctx, campaign_id=c.id, enterprise=TARGET,
                                        categories=["crowded"], on=TODAY)
    assert insp.id is not None
    return ctx, insp.id


def test_runner_snapshot(snap_compare: Any, tmp_path: Path) -> None:
    ctx, inspection = tiny_context(tmp_path)

    async def run_before(pilot: Any) -> None:
        await pilot.app.push_screen(RunnerScreen("zh", inspection))
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("y", "n")
        await pilot.pause()
        pilot.app.screen.flush()

    app = make_app(lang="zh", context=ctx, today=TODAY)
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_campaign_snapshot(snap_compare: Any, tmp_path: Path) -> None:
    ctx, _ = tiny_context(tmp_path)

    async def run_before(pilot: Any) -> None:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("enter")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    app = make_app(lang="en", context=ctx, today=TODAY)
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


async def runner_at(pilot: Any, inspection: int, item: str) -> None:
    """The runner on ``item`` of the tiny pack's inspection."""
    runner = RunnerScreen("zh", inspection)
    await pilot.app.push_screen(runner)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    assert runner.state is not None
    runner.move_to(runner.state.index[item])
    await pilot.pause(0.4)  # the item pane lays itself out when the keys pause


def test_runner_sub_check_snapshot(snap_compare: Any, tmp_path: Path) -> None:
    """An item answered part by part: each sub-check's number on the line of its text, the
    answers beside them."""
    ctx, inspection = tiny_context(tmp_path)
    inspections.answer(ctx, inspection, "T-M-1", "noncompliant",
                       detail={"checks": {"1": {"status": "noncompliant"}}})

    async def run_before(pilot: Any) -> None:
        await runner_at(pilot, inspection, "T-M-1")

    app = make_app(lang="zh", context=ctx, today=TODAY)
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_runner_measured_snapshot(snap_compare: Any, tmp_path: Path) -> None:
    """A measured item: what is measured, its limit and the value; numbers with their units
    whole in the wrapped guidance."""
    ctx, inspection = tiny_context(tmp_path)
    inspections.answer(ctx, inspection, "T-M-2", "noncompliant", detail={"value": 45})

    async def run_before(pilot: Any) -> None:
        await runner_at(pilot, inspection, "T-M-2")

    app = make_app(lang="zh", context=ctx, today=TODAY)
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_measure_dialog_snapshot(snap_compare: Any, tmp_path: Path) -> None:
    """``m`` on a measured item: the value refused beside its field, the limit shown."""
    ctx, inspection = tiny_context(tmp_path)

    async def run_before(pilot: Any) -> None:
        await runner_at(pilot, inspection, "T-M-2")
        await pilot.press("m")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press(*"-3")
        await pilot.pause()

    app = make_app(lang="zh", context=ctx, today=TODAY)
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_sub_check_dialog_snapshot(snap_compare: Any, tmp_path: Path) -> None:
    """``m`` on an item with sub-checks: one answer each, the status they give above."""
    ctx, inspection = tiny_context(tmp_path)

    async def run_before(pilot: Any) -> None:
        await runner_at(pilot, inspection, "T-M-1")
        await pilot.press("m")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    app = make_app(lang="zh", context=ctx, today=TODAY)
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_skip_dialog_snapshot(snap_compare: Any, tmp_path: Path) -> None:
    ctx, inspection = tiny_context(tmp_path)

    async def run_before(pilot: Any) -> None:
        await runner_at(pilot, inspection, "T-C-3")
        await pilot.press("s")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    app = make_app(lang="zh", context=ctx, today=TODAY)
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_campaign_zh_snapshot(snap_compare: Any, tmp_path: Path) -> None:
    """The campaign screen in Chinese: the inspection table's header over its columns."""
    ctx, _ = tiny_context(tmp_path)

    async def run_before(pilot: Any) -> None:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("enter")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    app = make_app(lang="zh", context=ctx, today=TODAY)
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_start_dialog_snapshot(snap_compare: Any, tmp_path: Path) -> None:
    """``o`` on the campaign screen: kind, enterprise, date and the site's category."""
    ctx, _ = tiny_context(tmp_path)

    async def run_before(pilot: Any) -> None:
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("enter")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("o")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("y")  # a second on-site inspection is meant
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    app = make_app(lang="zh", context=ctx, today=TODAY)
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)


def test_attach_dialog_snapshot(snap_compare: Any, tmp_path: Path) -> None:
    """``o`` on an answered item: the file to attach, typed or picked (ctrl+o)."""
    ctx, inspection = tiny_context(tmp_path)
    inspections.answer(ctx, inspection, "T-D-1", "noncompliant")

    async def run_before(pilot: Any) -> None:
        await runner_at(pilot, inspection, "T-D-1")
        await pilot.press("o")
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    app = make_app(lang="zh", context=ctx, today=TODAY)
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
