"""80x24 snapshots of the help, packs and re-evaluation screens and of the old dialogs (pick,
text, an 8-field form scrolled to its last field, confirm, site profile), on the tiny test
pack; and the colour codes as the domain names them (蓝 is blue)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.style import Style
from textual.screen import ModalScreen
from textual.widgets import Input

from core.pack.profile import profile_questions
from tests.tui.test_snapshots import TODAY, tiny_context
from tui.app import make_app
from tui.dialogs import (
    Choice,
    ConfirmDialog,
    Field,
    FormDialog,
    PickDialog,
    ProfileDialog,
    TextDialog,
)
from tui.screens.home import COLOUR_STYLE
from tui.screens.packs import PacksScreen
from tui.screens.versions import ReevaluationScreen

SIZE = (80, 24)


async def settle(pilot: Any) -> None:
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def snap(snap_compare: Any, tmp_path: Path, opened: Any, *keys: str) -> bool:
    """The app on the tiny pack with ``opened(ctx, inspection)`` pushed and ``keys`` pressed;
    a dialog over the packs screen (painted at once: the home screen's table may be drawn
    before or after its columns are measured)."""
    ctx, inspection = tiny_context(tmp_path)

    async def run_before(pilot: Any) -> None:
        await settle(pilot)
        screen = opened(ctx, inspection)
        if isinstance(screen, ModalScreen):
            await pilot.app.push_screen(PacksScreen("zh"))
            await settle(pilot)
        if screen is not None:
            await pilot.app.push_screen(screen)
            await settle(pilot)
        if keys:
            await pilot.press(*keys)
            await settle(pilot)
        # a text box's cursor blinks every half second: on a loaded machine a settle takes
        # longer than that, so the frame would catch it on or off by chance; held on, it is
        # painted the same every time
        for box in pilot.app.screen.query(Input):
            box.cursor_blink = False
        await settle(pilot)

    app = make_app(lang="zh", context=ctx, today=TODAY)
    return bool(snap_compare(app, terminal_size=SIZE, run_before=run_before))


def test_help_snapshot(snap_compare: Any, tmp_path: Path) -> None:
    assert snap(snap_compare, tmp_path, lambda ctx, i: None, "question_mark")


def test_help_scrolled_to_the_end_snapshot(snap_compare: Any, tmp_path: Path) -> None:
    assert snap(snap_compare, tmp_path, lambda ctx, i: None, "question_mark", "down",
                *["pagedown"] * 6)


def test_packs_snapshot(snap_compare: Any, tmp_path: Path) -> None:
    assert snap(snap_compare, tmp_path, lambda ctx, i: PacksScreen("zh"))


def test_reevaluation_snapshot(snap_compare: Any, tmp_path: Path) -> None:
    assert snap(snap_compare, tmp_path, lambda ctx, i: ReevaluationScreen("zh", i, "tiny"))


def test_pick_dialog_snapshot(snap_compare: Any, tmp_path: Path) -> None:
    choices = [Choice("T-D-1", "1 安全出口被封堵"), Choice("T-C-1", "2.1 应急照明损坏"),
               Choice("T-C-2", "2.2 疏散指示标志缺失"), Choice("T-C-3", "2.3 防火门损坏")]
    assert snap(snap_compare, tmp_path,
                lambda ctx, i: PickDialog("zh", "跳转到检查项", choices), *"ssz")


def test_text_dialog_snapshot(snap_compare: Any, tmp_path: Path) -> None:
    assert snap(snap_compare, tmp_path,
                lambda ctx, i: TextDialog("zh", "备注", "二层东侧安全出口上锁，已当场打开"))


def test_form_dialog_with_eight_fields_scrolled_snapshot(snap_compare: Any,
                                                         tmp_path: Path) -> None:
    labels = ["整改责任人", "治理的目标和任务", "采取的方法和措施", "经费和物资的落实",
              "负责治理的机构和人员", "治理的时限和要求", "安全措施和应急预案", "其他说明"]
    fields = [Field(f"k{n}", label, "") for n, label in enumerate(labels)]
    assert snap(snap_compare, tmp_path,
                lambda ctx, i: FormDialog("zh", "整改计划", fields), *["tab"] * 7, *"已落实")


def test_confirm_dialog_snapshot(snap_compare: Any, tmp_path: Path) -> None:
    assert snap(snap_compare, tmp_path, lambda ctx, i: ConfirmDialog(
        "zh", "推进到下一阶段“反馈培训”？现场检查的记录将不能再修改。"))


def test_profile_dialog_snapshot(snap_compare: Any, tmp_path: Path) -> None:
    def opened(ctx: Any, _inspection: int) -> ProfileDialog:
        questions = profile_questions([ctx.catalogue.packs["tiny"]])
        return ProfileDialog("zh", "济南示例商场有限公司的场所情况", questions)

    assert snap(snap_compare, tmp_path, opened)


def test_blue_is_blue() -> None:
    """蓝码 is drawn blue, not the violet a terminal theme may give ANSI "blue"."""
    colour = Style.parse(COLOUR_STYLE["blue"]).bgcolor
    assert colour is not None and colour.triplet is not None
    red, green, blue = colour.triplet
    assert blue > 180 and blue > red + 80 and blue > green + 40
