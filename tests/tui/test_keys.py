"""Keys from the one command table, through Textual's public API: each screen's ``BINDINGS``
made per language, keys shown as people read them, Textual's own ctrl+p palette working and
holding only the app's commands in the app's language; no private Textual API in the app."""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

import pytest
from textual.command import CommandPalette
from textual.widgets import DataTable

from core.i18n import t
from core.services.context import Context
from core.services.packs import default_catalogue
from core.store.db import open_store
from tests.language import english_words
from tests.tui.shown import widget_texts
from tests.workflow_helpers import onsite_campaign
from tui.app import AnjianApp, make_app
from tui.dialogs import PickDialog
from tui.keys import SCREENS, in_language, key_display
from tui.screens.help import HelpScreen
from tui.screens.home import HomeScreen
from tui.screens.runner import RunnerScreen

ROOT = Path(__file__).resolve().parents[2]
TODAY = dt.date(2026, 3, 2)


def test_keys_read_as_people_read_them() -> None:
    assert key_display("question_mark") == "?"
    assert key_display("slash") == "/"
    assert key_display("ctrl+q") == "Ctrl+Q"
    assert key_display("escape") == "Esc"
    assert key_display("j,down") == "j ↓"
    assert key_display("E") == "E"


def test_a_class_per_language_with_its_bindings() -> None:
    zh, en = HomeScreen("zh"), HomeScreen("en")
    assert isinstance(zh, HomeScreen) and isinstance(en, HomeScreen)
    assert type(zh) is in_language(HomeScreen, "zh") is type(HomeScreen("zh"))  # made once
    assert type(zh).__name__ == "HomeScreen"  # CSS selects screens by their class name
    assert {b.description for b in type(zh).BINDINGS} >= {t(c.label, "zh")
                                                         for c in SCREENS["home"]}
    assert {b.description for b in type(en).BINDINGS} >= {"Enterprises", "Hazard ledger"}
    assert type(RunnerScreen("en", 1)) is type(RunnerScreen("en", 2))
    assert [b.key_display for b in type(PickDialog("zh", "x", [])).BINDINGS] == ["Esc", "↓"]
    app = make_app(lang="en")
    assert isinstance(app, AnjianApp) and type(app).LANG == "en"


@pytest.fixture
def ctx(tmp_path: Path) -> Context:
    store = open_store(f"sqlite:///{tmp_path / 'keys.db'}")
    context = Context(store, default_catalogue(), "组长甲", TODAY, "zh")
    onsite_campaign(context)
    return context


async def test_footer_and_help_show_keys_as_read(ctx: Context) -> None:
    app = make_app(lang="zh", context=ctx, today=TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        shown = {app.get_key_display(a.binding): a.binding.description
                 for a in app.screen.active_bindings.values() if a.binding.show}
        assert shown["?"] == "帮助" and shown["e"] == "生产经营单位"
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        table = app.screen.query_one("#keys", DataTable)
        keys = {str(table.get_row_at(n)[1]) for n in range(table.row_count)}
        assert {"?", "/", "Esc", "Enter", "Ctrl+P", "Ctrl+Q", "j ↓"} <= keys
        assert not {"question_mark", "slash", "escape", "ctrl+p"} & keys


async def test_ctrl_p_opens_the_palette_with_chinese_commands_only(ctx: Context) -> None:
    app = make_app(lang="zh", context=ctx, today=TODAY)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        lines = {line for text in widget_texts(app) for line in text.splitlines()}
        assert {"打开单位…", "退出", "帮助", "按键 Ctrl+Q"} <= lines
        assert not {"Theme", "Quit", "Keys", "Screenshot", "Maximize"} & lines
        assert english_words("\n".join(lines)) == []
        # found by pinyin initials: 帮助 is "bz"; enter runs it
        await pilot.press(*"bz")
        await app.workers.wait_for_complete()
        await pilot.pause(0.2)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)


#: The app's own modules (the command line's are another front end).
APP_MODULES = ["tui/app.py", "tui/keys.py", "tui/palette.py", "tui/dialogs.py",
               "tui/editor.py", "tui/search.py", "tui/launch.py", "tui/screens", "tui/widgets"]


def test_no_private_textual_api_in_the_app() -> None:
    """No attribute with a leading underscore is read or set on any object (Textual's or
    ours): the app uses Textual's documented API only."""
    found = []
    for name in APP_MODULES:
        path = ROOT / name
        for file in sorted(path.rglob("*.py")) if path.is_dir() else [path]:
            tree = ast.parse(file.read_text(encoding="utf-8"))
            found += [f"{file.relative_to(ROOT)}:{node.lineno} .{node.attr}"
                      for node in ast.walk(tree)
                      if isinstance(node, ast.Attribute) and node.attr.startswith("_")
                      and not node.attr.startswith("__")]
    assert found == []
