"""Keys that work everywhere, pressed through the pilot: ctrl+p opens the palette on every
screen and dialog with that screen's commands and the global ones, in Chinese only; ctrl+e
writes whichever text field has focus in ``$EDITOR`` (a scripted one) and what comes back is
stored; Tab and shift+Tab reach every field; Esc in a search box clears it first; the help
screen scrolls to its last row and searches; ctrl+c says how to leave."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.command import CommandList, CommandPalette
from textual.screen import Screen
from textual.widgets import DataTable, DirectoryTree, Input, TextArea

from core.i18n import t
from core.pack.profile import profile_questions
from core.services import inspections
from core.services.context import Context
from core.services.packs import default_catalogue
from core.store.db import open_store
from tests.language import english_words
from tests.tui.shown import notices
from tests.tui.terminal import editor_runs, scripted_editor
from tests.workflow_helpers import onsite_campaign
from tui.app import AnjianApp, make_app
from tui.dialogs import (
    Choice,
    ConfirmDialog,
    Field,
    FormDialog,
    PickDialog,
    ProfileDialog,
    TextDialog,
)
from tui.forms import FilePickDialog, FormDialogChecked, FormField, Kind
from tui.keys import APP, GLOBAL, SCREENS
from tui.screens.campaign import CampaignScreen
from tui.screens.documents import DocumentsScreen
from tui.screens.enterprise import EnterpriseScreen
from tui.screens.enterprises import EnterprisesScreen
from tui.screens.help import HelpScreen, key_rows
from tui.screens.home import HomeScreen
from tui.screens.ledger import LedgerScreen
from tui.screens.packs import PacksScreen
from tui.screens.risk import RiskScreen
from tui.screens.runner import RunnerScreen
from tui.screens.versions import ReevaluationScreen

TODAY = dt.date(2026, 3, 2)
#: What the scripted editor writes.
WRITTEN = "消防通道被杂物堵塞，已责令当场清理"


class World:
    """A fire campaign with an on-site inspection, and a coal one re-evaluated."""

    def __init__(self, ctx: Context, campaign: int, target: str, fire: int, coal: int) -> None:
        self.ctx, self.campaign, self.target, self.fire, self.coal = (
            ctx, campaign, target, fire, coal)


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    ctx = Context(open_store(f"sqlite:///{tmp_path / 'keys.db'}"), default_catalogue(),
                  "组长甲", TODAY, "zh")
    campaign, target = onsite_campaign(ctx, ["gb35181-2017"], sector="fire")
    fire = inspections.start_inspection(ctx, campaign_id=campaign, enterprise=target,
                                        categories=["people_dense"],
                                        withdrawn_ok=True)  # GB 35181-2017, withdrawn
    coal_campaign, coal_target = onsite_campaign(ctx, ["coal-2020"], sector="coal")
    coal = inspections.start_inspection(ctx, campaign_id=coal_campaign, enterprise=coal_target,
                                        tags=["underground"])
    assert fire.id is not None and coal.id is not None
    yield World(ctx, campaign, target, fire.id, coal.id)
    ctx.store.close()


async def settle(app: AnjianApp, pilot: Any, rounds: int = 3) -> None:
    """Let the screen's workers finish (a folder tree's loader never does: not waited on)."""
    for _ in range(rounds):
        if not any(screen.query(DirectoryTree) for screen in app.screen_stack):
            await app.workers.wait_for_complete()
        await pilot.pause()


def label(key: str) -> str:
    return t(key, "zh")


#: Each screen and dialog as the tests open it (over the home screen).
OPENERS: dict[str, Callable[[World], Screen[Any]]] = {
    "home": lambda w: HomeScreen("zh"),
    "enterprises": lambda w: EnterprisesScreen("zh"),
    "enterprise": lambda w: EnterpriseScreen("zh", w.target),
    "risk_register": lambda w: RiskScreen("zh", w.target),
    "campaign": lambda w: CampaignScreen("zh", w.campaign),
    "runner": lambda w: RunnerScreen("zh", w.fire),
    "ledger": lambda w: LedgerScreen("zh"),
    "packs": lambda w: PacksScreen("zh"),
    "help": lambda w: HelpScreen("zh"),
    "documents": lambda w: DocumentsScreen("zh", campaign=w.campaign),
    "reevaluation": lambda w: ReevaluationScreen("zh", w.coal, "coal-2026"),
    "pick": lambda w: PickDialog("zh", "选择条目",
                                 [Choice("a", "安全出口"), Choice("b", "消防通道")]),
    "text": lambda w: TextDialog("zh", "备注"),
    "form": lambda w: FormDialog("zh", "整改计划", [Field("a", "措施"), Field("b", "资金")]),
    "confirm": lambda w: ConfirmDialog("zh", "确定吗？"),
    "profile": lambda w: ProfileDialog("zh", "场所情况",
                                       profile_questions([w.ctx.catalogue.packs["coal-2020"]])),
    "checked_form": lambda w: FormDialogChecked("zh", "登记单位", [FormField("name", "单位名称")]),
    "file_pick": lambda w: FilePickDialog("zh", "选择文件"),
}


def palette_lines(app: AnjianApp) -> list[str]:
    """The palette's entries as shown: each entry's label, then its help (its key)."""
    options = app.screen.query_one(CommandList)
    return [line for n in range(options.option_count)
            for line in str(options.get_option_at_index(n).prompt).splitlines()]


@pytest.mark.parametrize("name", list(OPENERS))
async def test_ctrl_p_lists_the_screens_commands_in_chinese(world: World, name: str) -> None:
    app = make_app(lang="zh", context=world.ctx, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        if name != "home":
            await app.push_screen(OPENERS[name](world))
            await settle(app, pilot)
        screen = app.screen
        assert getattr(screen, "KEYS", None) == name
        await pilot.press("ctrl+p")
        await settle(app, pilot)
        assert isinstance(app.screen, CommandPalette), name
        lines = palette_lines(app)
        labels = set(lines[::2]) | set(lines)
        # every command this user is offered (home's r is an enterprise user's own register)
        own = {label(c.label) for c in SCREENS[name]
               if app.offers(name, c.action.split("(")[0].removeprefix("app."))}
        everywhere = {label(c.label) for c in GLOBAL} | {label("ui.quit")}
        assert own <= labels, (name, own - labels)
        assert everywhere <= labels
        # nothing but this screen's commands and the global ones
        known = (own | everywhere | {label("ui.open_enterprise"), label("ui.jump_item")}
                 | {label(c.label) for c in APP})
        keys = {line for line in lines if line.startswith("按键 ")}
        assert set(lines) - keys <= known, (name, set(lines) - keys - known)
        assert english_words("\n".join(lines)) == []
        # Textual's own commands (English) are not there
        assert not {"Theme", "Quit", "Keys", "Screenshot", "Maximize", "Minimize"} & set(lines)
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.screen is screen  # back where it was


async def test_the_palette_runs_the_screens_command_by_pinyin(world: World) -> None:
    """In the runner the palette runs 答符合 found by its initials; what it did is stored."""
    app = make_app(lang="zh", context=world.ctx, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await app.push_screen(RunnerScreen("zh", world.fire))
        await settle(app, pilot)
        runner = app.screen
        assert isinstance(runner, RunnerScreen) and runner.state is not None
        item = runner.state.rows[runner.cursor].item.id
        await pilot.press("ctrl+p")
        await settle(app, pilot)
        compliant = label("ui.answer.compliant")
        await pilot.press(*"bfh")  # 不符合 by its initials
        await settle(app, pilot)
        assert palette_lines(app)[0] == label("ui.answer.noncompliant"), palette_lines(app)
        await pilot.press("enter")
        await settle(app, pilot, 6)
        assert app.screen is runner
        assert compliant  # the table names it
    view = inspections.inspection_view(world.ctx, world.fire)
    status = {f.item_id: f.status for f in view.findings}
    assert status[item] == "noncompliant"


@pytest.fixture
def editor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    script = scripted_editor(tmp_path, WRITTEN)
    monkeypatch.setenv("EDITOR", str(script))
    monkeypatch.setenv("VISUAL", str(script))
    return script


async def test_ctrl_e_writes_the_runners_note_and_it_is_stored(world: World,
                                                               editor: Path) -> None:
    """The runner's note dialog: ctrl+e (not the field's end-of-line) fills it from the
    editor; enter keeps it and the note is stored."""
    app = make_app(lang="zh", context=world.ctx, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await app.push_screen(RunnerScreen("zh", world.fire))
        await settle(app, pilot)
        runner = app.screen
        assert isinstance(runner, RunnerScreen) and runner.state is not None
        item = runner.state.rows[runner.cursor].item.id
        await pilot.press("e")
        await settle(app, pilot)
        assert isinstance(app.screen, TextDialog)
        await pilot.press("ctrl+e")
        await settle(app, pilot)
        assert editor_runs(editor) == 1
        assert app.screen.query_one("#text", Input).value == WRITTEN
        await pilot.press("enter")
        await settle(app, pilot, 6)
        assert app.screen is runner  # type: ignore[comparison-overlap]
        await app.workers.wait_for_complete()
        await pilot.pause(0.5)
    notes = {f.item_id: f.note for f in inspections.inspection_view(world.ctx,
                                                                     world.fire).findings}
    assert notes.get(item) == WRITTEN


@pytest.mark.parametrize("kind", ["text", "multiline"])
async def test_ctrl_e_in_a_checked_form_field_is_checked_and_returned(editor: Path,
                                                                     kind: Kind) -> None:
    got: list[Any] = []
    app = make_app(lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        form = FormDialogChecked("zh", "登记", [
            FormField("code", "信用代码", check=lambda v: None if v == WRITTEN else "不对"),
            FormField("note", "说明", kind=kind)])
        await app.push_screen(form, got.append)
        await pilot.pause()
        await pilot.press("ctrl+e")  # the first field, focused
        await pilot.pause()
        assert form.errors["code"] is None  # checked as if typed: now right
        await pilot.press("tab", "ctrl+e")
        await pilot.pause()
        note = form.query_one("#f-note")
        assert (note.text if isinstance(note, TextArea) else note.value) == WRITTEN  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert got == [{"code": WRITTEN, "note": WRITTEN}]
    assert editor_runs(editor) == 2


async def test_ctrl_e_elsewhere_leaves_the_key_alone(editor: Path) -> None:
    """With no text field focused nothing is edited (the editor does not run)."""
    app = make_app(lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(ConfirmDialog("zh", "确定吗？"))
        await pilot.pause()
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
    assert editor_runs(editor) == 0


async def test_tab_reaches_every_field_of_a_long_form_at_80x24() -> None:
    """The ledger's plan dialog has 8 fields: Tab visits each, scrolled into view, and
    shift+Tab goes back."""
    app = make_app(lang="zh")
    fields = [Field(f"k{n}", f"第{n + 1}项") for n in range(8)]
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = FormDialog("zh", "整改计划", fields)
        await app.push_screen(dialog)
        await pilot.pause()
        seen = []
        for _ in range(len(fields)):
            focused = app.focused
            assert focused is not None
            seen.append(focused.id)
            region = focused.region
            assert region.height and app.screen.region.contains_region(region)
            assert app.screen.get_widget_at(region.x + 2, region.y + 1)[0] is focused
            await pilot.press("tab")
            await pilot.pause()
        assert seen == [f"f-{f.key}" for f in fields]
        assert app.focused is not None and app.focused.id == "f-k0"  # round again
        await pilot.press("shift+tab")
        await pilot.pause()
        assert app.focused is not None and app.focused.id == "f-k7"


async def test_help_search_tab_esc_and_scrolling(world: World) -> None:
    app = make_app(lang="zh", context=world.ctx, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("question_mark")
        await settle(app, pilot)
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        table = help_screen.query_one("#keys", DataTable)
        rows = key_rows("zh")
        assert table.row_count == len(rows) >= 43
        search = help_screen.query_one("#help-search", Input)
        # Tab leaves the search box for the table, shift+Tab comes back
        await pilot.press("tab")
        assert app.focused is table
        await pilot.press("shift+tab")
        assert app.focused is search  # type: ignore[comparison-overlap]
        # by Chinese, by pinyin, by initials
        for query in ("退出", "tuichu", "tc"):
            await pilot.press(*query)
            await pilot.pause()
            found = {str(table.get_row_at(n)[2]) for n in range(table.row_count)}
            assert "退出" in found and table.row_count < len(rows), query
            # Esc clears the box first: every key again, still on the help screen
            await pilot.press("escape")
            await pilot.pause()
            assert search.value == "" and table.row_count == len(rows)
            assert app.screen is help_screen
        # ↓ into the table; PgDn and ↓ reach the last row, which is then on screen
        await pilot.press("down")
        assert app.focused is table
        for _ in range(len(rows) // 15):  # enough pages for every key the table lists
            await pilot.press("pagedown")
        for _ in range(3):
            await pilot.press("down")
        await pilot.pause()
        assert table.cursor_row == len(rows) - 1
        last = rows[-1][2]
        shot = app.export_screenshot()
        assert last in shot
        # a second Esc (the box is empty) leaves the screen
        await pilot.press("shift+tab", "escape")
        await pilot.pause()
        assert app.screen is not help_screen


async def test_esc_in_the_pick_dialogs_search_clears_it_first() -> None:
    got: list[str | None] = []
    app = make_app(lang="zh")
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = PickDialog("zh", "选择条目", [Choice("a", "安全出口"), Choice("b", "消防通道")])
        await app.push_screen(dialog, got.append)
        await pilot.pause()
        await pilot.press(*"xf")
        await pilot.pause()
        assert dialog.query_one("#query", Input).value == "xf"
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is dialog and dialog.query_one("#query", Input).value == ""
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is not dialog
    assert got == [None]


async def test_ctrl_c_says_how_to_quit(world: World) -> None:
    app = make_app(lang="zh", context=world.ctx, today=TODAY)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert any("Ctrl+Q" in n and "退出" in n for n in notices(app))
        assert app.is_running
        # in a text field too (nothing selected to copy)
        await pilot.press("question_mark")
        await settle(app, pilot)
        app.clear_notifications()
        await pilot.press("ctrl+c")
        await pilot.pause()
        assert any("退出" in n for n in notices(app))
