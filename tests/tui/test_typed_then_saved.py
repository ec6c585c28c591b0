"""Keys that arrive together, as from a real terminal: text typed and ctrl+s right after it.
Ctrl+S is a priority key, taken as soon as it arrives, while the typed keys may still wait in
the focused field's queue; every dialog reads its fields only once the field has taken them,
so nothing typed is lost. And the open list of a choice field names its key in Chinese."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual import events

from tui.app import make_app
from tui.dialogs import FormDialog, TextDialog
from tui.forms import FormDialogChecked, FormField

TYPED = "井下积水无法进入，下次补查"


def footer_text(app: Any) -> str:
    """The keys the footer shows now, as "key label" pairs."""
    return "  ".join(f"{app.get_key_display(n.binding)} {n.binding.description}"
                     for n in app.screen.active_bindings.values() if n.binding.show)


def burst(app: Any, text: str) -> None:
    """``text`` then ctrl+s, all put in the app's queue at once (as a terminal sends them)."""
    for ch in text:
        app.post_message(events.Key(ch, ch))
    app.post_message(events.Key("ctrl+s", None))


async def test_a_checked_form_keeps_what_was_typed_just_before_ctrl_s(tmp_path: Path) -> None:
    got: list[Any] = []
    app = make_app(lang="zh", db=f"sqlite:///{tmp_path / 'a.db'}", user="甲")
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(FormDialogChecked("zh", "跳过", [FormField("reason", "跳过原因")]),
                              got.append)
        await pilot.pause()
        burst(app, TYPED)
        for _ in range(5):
            await pilot.pause()
    assert got == [{"reason": TYPED}]


async def test_a_text_dialog_takes_ctrl_s_and_keeps_what_was_typed(tmp_path: Path) -> None:
    got: list[Any] = []
    app = make_app(lang="zh", db=f"sqlite:///{tmp_path / 'a.db'}", user="甲")
    async with app.run_test(size=(80, 24)) as pilot:
        dialog = TextDialog("zh", "退回")
        await app.push_screen(dialog, got.append)
        await pilot.pause()
        assert "Ctrl+S 确定" in footer_text(app)  # the footer says how to confirm
        burst(app, TYPED)
        for _ in range(5):
            await pilot.pause()
    assert got == [TYPED]


async def test_a_plain_form_keeps_what_was_typed_just_before_ctrl_s(tmp_path: Path) -> None:
    from tui.dialogs import Field

    got: list[Any] = []
    app = make_app(lang="zh", db=f"sqlite:///{tmp_path / 'a.db'}", user="甲")
    async with app.run_test(size=(80, 24)) as pilot:
        await app.push_screen(FormDialog("zh", "备注", [Field("note", "备注")]), got.append)
        await pilot.pause()
        burst(app, TYPED)
        for _ in range(5):
            await pilot.pause()
    assert got == [{"note": TYPED}]


async def test_an_open_choice_list_names_its_key_in_chinese(tmp_path: Path) -> None:
    app = make_app(lang="zh", db=f"sqlite:///{tmp_path / 'a.db'}", user="甲")
    async with app.run_test(size=(80, 24)) as pilot:
        form = FormDialogChecked("zh", "开始检查", [
            FormField("kind", "类型", "choice", choices=[("onsite", "现场检查"),
                                                        ("followup", "跟进督查")])])
        await app.push_screen(form)
        await pilot.pause()
        await pilot.press("enter")  # the list opens
        await pilot.pause()
        shown = footer_text(app)
        assert "Esc 关闭列表" in shown and "Dismiss" not in shown
        await pilot.press("escape")  # closes the list, not the form
        await pilot.pause()
        assert app.screen is form
