"""Forms checked as they are filled: a bad value is named beside its field, nothing is
returned until every field is right, a refusal from the services keeps the form open."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from textual.widgets import Static

from core.i18n import AnjianError
from tui.app import make_app
from tui.forms import FilePickDialog, FormDialogChecked, FormField


def _future(day: dt.date | None) -> str | None:
    return "不能晚于今天" if day is not None and day > dt.date(2026, 3, 2) else None


async def test_a_bad_date_is_named_and_nothing_returns_until_fixed(tmp_path: Path) -> None:
    got: list[Any] = []
    app = make_app(lang="zh", db=f"sqlite:///{tmp_path / 'a.db'}", user="甲")
    async with app.run_test(size=(80, 24)) as pilot:
        form = FormDialogChecked("zh", "培训记录", [
            FormField("held_on", "培训日期", "date", check=_future),
            FormField("topic", "内容")])
        await app.push_screen(form, got.append)
        await pilot.pause()
        await pilot.press(*"2026-13-01")
        await pilot.pause()
        assert "不是日期" in str(form.query_one("#e-held_on", Static).render())
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert got == [] and app.screen is form
        assert "尚未保存" in str(form.query_one("#form-refusal", Static).render())
        form.query_one("#f-held_on").value = "2026-04-01"  # type: ignore[attr-defined]
        await pilot.pause()
        assert "不能晚于今天" in str(form.query_one("#e-held_on", Static).render())
        form.query_one("#f-held_on").value = "2026-03-01"  # type: ignore[attr-defined]
        await pilot.press("tab")
        await pilot.press(*"消防")
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert got == [{"held_on": dt.date(2026, 3, 1), "topic": "消防"}]


async def test_ctrl_s_brings_the_field_to_fix_into_view_with_its_message(tmp_path: Path
                                                                       ) -> None:
    """A form taller than 80x24 whose last field is missing: ctrl+s focuses that field and
    scrolls it and its message into view (not back up to the refusal at the top)."""
    app = make_app(lang="zh", db=f"sqlite:///{tmp_path / 'a.db'}", user="甲")
    async with app.run_test(size=(80, 24)) as pilot:
        fields = [FormField(f"f{n}", f"第{n}项", value="有") for n in range(8)]
        form = FormDialogChecked("zh", "长表单", [*fields, FormField("last", "最后一项")])
        await app.push_screen(form)
        await pilot.pause()
        for _ in range(3):  # whatever the timing of the scrolls, the field ends in view
            await pilot.press("ctrl+s")
            await pilot.pause()
            await pilot.pause()
            shown = form.query_one("VerticalScroll").region
            field, message = form.query_one("#f-last"), form.query_one("#e-last", Static)
            assert app.focused is field
            assert "必填" in str(message.render())
            assert shown.contains_region(field.region), (shown, field.region)
            assert shown.contains_region(message.region), (shown, message.region)


async def test_a_refusal_keeps_the_form_open_with_the_reason(tmp_path: Path) -> None:
    got: list[Any] = []
    calls: list[dict[str, Any]] = []

    def submit(values: dict[str, Any]) -> str:
        calls.append(values)
        if len(calls) == 1:
            raise AnjianError("user.unknown", user=values["who"])
        return "ok"

    app = make_app(lang="zh", db=f"sqlite:///{tmp_path / 'a.db'}", user="甲")
    async with app.run_test(size=(80, 24)) as pilot:
        form = FormDialogChecked("zh", "用户", [FormField("who", "姓名")], submit=submit)
        await app.push_screen(form, got.append)
        await pilot.pause()
        await pilot.press(*"王五", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen is form and got == []
        assert "王五" in str(form.query_one("#form-refusal", Static).render())
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert got == ["ok"] and len(calls) == 2


async def test_a_file_is_picked_from_the_picker_and_a_missing_one_refused(tmp_path: Path
                                                                           ) -> None:
    (tmp_path / "现场照片.jpg").write_bytes(b"\xff\xd8")
    got: list[Any] = []
    app = make_app(lang="zh", db=f"sqlite:///{tmp_path / 'a.db'}", user="甲")
    async with app.run_test(size=(80, 24)) as pilot:
        form = FormDialogChecked("zh", "附件", [FormField("file", "文件", "file")])
        await app.push_screen(form, got.append)
        await pilot.pause()
        await pilot.press(*str(tmp_path / "无此文件.jpg"))
        await pilot.pause()
        assert "找不到文件" in str(form.query_one("#e-file", Static).render())
        form.query_one("#f-file").value = ""  # type: ignore[attr-defined]
        await pilot.press("ctrl+o")
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, FilePickDialog)
        path_field = picker.query_one("#path")
        path_field.value = str(tmp_path / "现场照片.jpg")  # type: ignore[attr-defined]
        path_field.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is form
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert got == [{"file": str(tmp_path / "现场照片.jpg")}]
