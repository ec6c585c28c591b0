"""Toasts keep every Chinese character: a long message over the home screen at 80x24 (whose
panel border runs under the toast) shows each of its characters, in order."""

from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path

import pytest
from rich.cells import cell_len
from textual.app import App

from core.services.context import Context
from core.services.packs import default_catalogue
from core.store.db import open_store
from tests.tui.shown import frame_text
from tests.tui.terminal import Terminal, needs_tmux
from tests.workflow_helpers import onsite_campaign
from tui.app import make_app
from tui.toast import lay_out, toast_area, unlaid

TODAY = dt.date(2026, 3, 2)
#: A long refusal as the services word them, with a code and a date in it.
MESSAGE = ("无法提交整改报告：隐患“安全出口上锁、消防通道被杂物堵塞”的整改期限 2026-03-02 已过，"
           "须先由组长批准延期申请，或由检查组长在现场复核后重新设定期限；"
           "统一社会信用代码 91370112MA3C7X2K9L 的单位尚有 3 项重大事故隐患未销号")


def toast_text(svg: str) -> str:
    """What the toasts on screen show (the text right of each toast's border mark)."""
    rows = [line.split("▌", 1)[1] for line in frame_text(svg).splitlines() if "▌" in line]
    return "".join(row.strip() for row in rows)


def characters(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture
def ctx(tmp_path: Path) -> Context:
    context = Context(open_store(f"sqlite:///{tmp_path / 'toast.db'}"), default_catalogue(),
                      "组长甲", TODAY, "zh")
    onsite_campaign(context)
    return context


@pytest.mark.parametrize("size", [(80, 24), (81, 24), (100, 30)])
async def test_a_long_chinese_toast_loses_no_character(ctx: Context,
                                                       size: tuple[int, int]) -> None:
    app = make_app(lang="zh", context=ctx, today=TODAY)
    async with app.run_test(size=size, notifications=True) as pilot:
        for _ in range(3):
            await app.workers.wait_for_complete()
            await pilot.pause()
        for shift in ("", "丨", "丨丨"):  # each character once on either side of an edge
            app.clear_notifications()
            app.notify(shift + MESSAGE, timeout=30)
            await pilot.pause(0.2)
            assert characters(toast_text(app.export_screenshot())) == characters(
                shift + MESSAGE)


#: A Textual app whose right panel (its border at column 54, under the toast) repaints
#: every 0.2 s, showing ``MESSAGE`` in a toast as given (``raw``) or laid out (``laid``).
PANELS = """
import sys
from pathlib import Path
from textual.app import App
from textual.containers import Horizontal
from textual.widgets import Static
from tui.toast import lay_out, toast_area, unlaid

MESSAGE = Path(sys.argv[2]).read_text(encoding="utf-8")


class Panels(App):
    CSS = ("#left { width: 54; height: 1fr; } "
           "#right { width: 1fr; height: 1fr; border-left: solid red; }")

    def compose(self):
        with Horizontal():
            yield Static("", id="left")
            yield Static("", id="right")

    def on_mount(self):
        self.ticks = 0
        text = MESSAGE
        if sys.argv[1] == "laid":
            text = lay_out(MESSAGE, *toast_area(self.size.width), {54})
        self.notify(text, timeout=60, markup=False)
        self.set_interval(0.2, self.tick)

    def tick(self):
        self.ticks += 1
        self.query_one("#right").update("\\n".join([f"底层 {self.ticks}"] * 24))


Panels().run()
"""


@needs_tmux
@pytest.mark.parametrize("mode", ["raw", "laid"])
def test_in_a_real_terminal_an_edge_under_a_toast_cuts_a_character_unless_laid_out(
        tmp_path: Path, mode: str) -> None:
    """What the layout is for: in a terminal, a repaint of a widget whose edge runs under a
    toast cuts the wide character standing on that edge out of the toast (Textual's own
    wrapping, ``raw``); laid out around the edge (``laid``), every character stays."""
    script, message = tmp_path / "panels.py", tmp_path / "message.txt"
    script.write_text(PANELS, encoding="utf-8")
    message.write_text(MESSAGE, encoding="utf-8")
    with Terminal.start(tmp_path, f"{sys.executable} {script} {mode} {message}") as term:
        # the right panel has repainted under the toast
        shown = term.wait_for(lambda now: "底层 5" in now and "▌" in now)
    rows = [line.split("▌", 1)[1] for line in shown.splitlines() if "▌" in line]
    seen = characters("".join(rows))
    if mode == "raw":
        assert seen != characters(MESSAGE)
        assert len(seen) < len(characters(MESSAGE))
    else:
        assert seen == characters(MESSAGE)


@pytest.mark.parametrize("width", [60, 79, 80, 81, 100, 120, 121, 200])
async def test_the_toast_stands_where_the_layout_expects(width: int) -> None:
    app = App[None]()
    async with app.run_test(size=(width, 24), notifications=True) as pilot:
        app.notify("x" * 200, timeout=30, markup=False)
        await pilot.pause(0.2)
        region = app.screen.query_one("Toast").content_region
        assert (region.x, region.width) == toast_area(width)


def test_lines_fit_words_stay_whole_and_no_glyph_stands_on_an_edge() -> None:
    text = lay_out("说明文件 ledger-20260302.xlsx 已经导出完毕请查收", 41, 20)
    lines = text.splitlines()
    assert all(cell_len(line) <= 20 for line in lines)
    assert "ledger-20260302.xlsx" in lines  # a word that fits a line is not broken
    # an edge at column 44 would cut 二 (columns 43-44): it moves one cell on
    assert lay_out("一二三", 41, 10, {44}) == "一 二三"
    assert lay_out("一二三", 41, 10, {43}) == "一二三"


def test_a_laid_out_toast_reads_back_as_written() -> None:
    for text in ("按 Ctrl+Q 退出", MESSAGE, "隐患 3 逾期 77 天，已通知单位负责人"):
        for cuts in (set(), {44}, {43, 50, 54}):
            assert unlaid(lay_out(text, 41, 20, cuts)) == text
