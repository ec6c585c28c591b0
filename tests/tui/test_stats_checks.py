"""The statistics screen shows the figures ``statistics.stats`` returns (by sector and
district in tables, by month as a chart) and is not offered to an enterprise user; the checks
screen runs the audit and evidence checks and reports a tampered audit entry and a changed
evidence file as the command line does."""

from __future__ import annotations

import datetime as dt
import os
import stat
from pathlib import Path
from typing import Any

from textual.widgets import DataTable, Static

from core.services import statistics
from core.store import evidence_files
from tests.db_state import behind_the_guard
from tests.hazard_world import LEAD, OWNER, hazard_world
from tests.tui.shown import shown
from tui.app import AnjianApp, make_app
from tui.screens.checks import ChecksScreen
from tui.screens.stats import StatsScreen

TODAY = dt.date(2026, 3, 2)


async def settle(app: AnjianApp, pilot: Any) -> None:
    for _ in range(3):
        await app.workers.wait_for_complete()
        await pilot.pause()


def rows(table: DataTable[Any]) -> list[list[str]]:
    return [[str(c) for c in table.get_row_at(n)] for n in range(table.row_count)]


async def test_the_stats_screen_shows_the_services_figures(tmp_path: Path) -> None:
    world = hazard_world(tmp_path, TODAY, upto="submitted")
    data = statistics.stats(world.ctx(LEAD))
    app = make_app(context=world.ctx(LEAD), today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        assert "t" in {b.binding.key for b in app.screen.active_bindings.values()}
        await pilot.press("t")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, StatsScreen)
        frame = shown(app)
        assert f"{data.enterprises} 家：" in frame
        o = data.overall
        assert f"每千次检查发现重大事故隐患  {o.per_1000}（{o.major}/{o.inspections}）" in frame
        for key, by, name in (("sector", "sector", "危险化学品"), ("district", "district", None)):
            want = data.major_per_1000[by]
            assert want, by
            got = rows(screen.query_one(f"#stats-{key}", DataTable))
            assert [r[:4] for r in got] == [
                [name or r.group, str(r.inspections), str(r.major), str(r.per_1000)]
                for r in want]
        assert [r[:3] for r in rows(screen.query_one("#stats-hazards", DataTable))] == [
            [{"major": "重大", "general": "一般"}[c.level],
             {"open": "待整改", "rectifying": "整改中", "submitted": "已提交待复查",
              "closed": "已销号"}[c.status], str(c.count)] for c in data.hazards]
        # the months as a chart: every month's label is drawn
        chart = str(screen.query_one("#stats-chart").render())
        for month in data.major_per_1000["period"]:
            assert month.group in chart
    world.store.close()


async def test_an_enterprise_user_is_not_offered_statistics_or_checks(tmp_path: Path) -> None:
    world = hazard_world(tmp_path, TODAY, upto="found")
    app = make_app(context=world.ctx(OWNER), today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        keys = {b.binding.key for b in app.screen.active_bindings.values()}
        assert not {"t", "k"} & keys
        await pilot.press("t", "k")
        await settle(app, pilot)
        assert not isinstance(app.screen, StatsScreen | ChecksScreen)
        app.action_open_stats()  # from the palette or anywhere else: refused with the rule
        await settle(app, pilot)
        assert not isinstance(app.screen, StatsScreen)
        # (a toast's text comes broken into lines that keep CJK characters whole)
        said = ["".join(str(n.message).split()) for n in app._notifications]
        assert any(OWNER in m and "不能查看全部企业的统计" in m for m in said), said
    world.store.close()


async def test_the_checks_screen_reports_tampering_and_a_changed_file(tmp_path: Path) -> None:
    world = hazard_world(tmp_path, TODAY, upto="submitted")
    app = make_app(context=world.ctx(LEAD), today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("k")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, ChecksScreen)
        status = str(screen.query_one("#checks-status", Static).render())
        assert status == "核查完毕：未发现问题", status
        assert screen.audit[0] == ("审计日志完好：共 15 条", False)
        assert screen.evidence[-1][0].startswith("证据文件：已核对 2 个，全部完好")
        assert "审计日志完好" in shown(app)
        # someone edits an audit entry and a stored file behind anjian's back
        behind_the_guard(world.url, "UPDATE audit_log SET actor = '篡改者' WHERE seq = 7")
        stored = evidence_files.location(evidence_files.store_dir(world.url),
                                         world.shas["考核证书.pdf"])
        os.chmod(stored, stat.S_IRUSR | stat.S_IWUSR)
        stored.write_bytes(b"%PDF forged")
        await pilot.press("r")
        await settle(app, pilot)
        status = str(screen.query_one("#checks-status", Static).render())
        audit, files = screen.audit, screen.evidence
        frame = shown(app)
    assert status.startswith("核查完毕：发现问题"), status
    assert audit[0] == ("审计日志在第 7 条处断裂：内容与其哈希不符（已被改动）", True)
    assert "✗ 审计日志在第 7 条处断裂" in frame
    (changed, problem), (total, _) = files
    assert problem and changed.startswith("已被改动：考核证书.pdf")
    assert world.shas["考核证书.pdf"] in changed
    assert "1 个被改动" in total
    world.store.close()


def test_the_chart_widget_is_imported_only_when_the_screen_opens() -> None:
    """textual-plotext (and plotext) cost nothing to an app that never opens statistics (the
    screens' modules import it when the screen is built)."""
    import subprocess
    import sys

    probe = ("import sys, tui.app, tui.screens.home, tui.screens.stats\n"
             "assert 'textual_plotext' not in sys.modules and 'plotext' not in sys.modules\n"
             "import textual_plotext\n")  # installed: the screen can import it
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          timeout=60, check=False)
    assert done.returncode == 0, done.stderr
