"""Work permit checks (作业票核查) in the terminal UI, through the pilot: ``p`` in the runner (or
the palette) asks for the ticket file, typed; the breaches are shown in Chinese with their
clauses; ``y`` records them on the inspection (stored through the answer service, the runner
showing them), ``n`` closes; a refusal stays in the dialog with nothing stored, a file that is
not a ticket stays in the form."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.command import CommandPalette
from textual.widgets import Input

from core.engine.findings import Status
from core.i18n import t
from core.services import inspections
from core.services.context import Context
from core.services.packs import default_catalogue
from core.store.db import open_store
from tests.language import english_words
from tests.tui.shown import notices, settle, shown, until
from tests.workflow_helpers import onsite_campaign
from tui.app import make_app
from tui.forms import FormDialogChecked
from tui.permits import PermitDialog
from tui.screens.help import key_rows
from tui.screens.runner import RunnerScreen
from tui.wrapped import Wrapped

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "tickets"
TODAY = dt.date(2026, 3, 2)


@pytest.fixture
def world(tmp_path: Path) -> Iterator[tuple[Context, int, int, Path]]:
    """A chemical enterprise's on-site inspection under 121号 and GB 30871-2022 whose site
    names hot work, another naming only confined-space entry, and the tickets copied to a
    short folder (typed into the form)."""
    ctx = Context(open_store(f"sqlite:///{tmp_path / 'anjian.db'}"), default_catalogue(),
                  "组长甲", TODAY, "zh")
    cid, target = onsite_campaign(ctx, ["chem-2017", "gb30871-2022"], sector="chemicals")
    hot = inspections.start_inspection(ctx, campaign_id=cid, enterprise=target,
                                       tags=["hot_work"])
    confined = inspections.start_inspection(ctx, campaign_id=cid, enterprise=target,
                                            tags=["confined_space"], again=True)
    assert hot.id is not None and confined.id is not None
    folder = tmp_path / "t"
    folder.mkdir()
    for name in ("hot-work-late-gas.json", "hot-work-ok.json"):
        shutil.copy(EXAMPLES / name, folder / name)
    (folder / "bad.json").write_text('{"number": "DH-9", "type": "焊接"}', encoding="utf-8")
    yield ctx, hot.id, confined.id, folder
    ctx.store.close()


async def open_runner(app: Any, pilot: Any, inspection: int) -> RunnerScreen:
    await settle(app, pilot)
    runner = RunnerScreen("zh", inspection)
    await app.push_screen(runner)
    await settle(app, pilot)
    assert runner.state is not None
    return runner


async def type_ticket(app: Any, pilot: Any, path: Path) -> None:
    """In the form ``p`` opened: the path typed into the file field, then ctrl+s."""
    form = app.screen
    assert isinstance(form, FormDialogChecked)
    assert "作业票核查" in shown(app)
    field = form.query_one("#f-file", Input)
    field.value = ""
    await pilot.press(*str(path))
    await pilot.press("ctrl+s")
    await settle(app, pilot)


def body(dialog: PermitDialog) -> str:
    """All the dialog's lines (beyond what the frame shows)."""
    return dialog.query_one("#permit-body", Wrapped).plain


def stored(ctx: Context, inspection: int) -> dict[str, tuple[str | None, str]]:
    return {f.item_id: (f.status, f.note)
            for f in inspections.inspection_view(ctx, inspection).findings}


async def test_p_checks_a_ticket_and_y_records_its_breaches(
        world: tuple[Context, int, int, Path]) -> None:
    ctx, hot, _, folder = world
    app = make_app(lang="zh", context=ctx, today=TODAY)
    async with app.run_test(size=(100, 34), notifications=True) as pilot:
        runner = await open_runner(app, pilot, hot)
        await pilot.press("p")
        await settle(app, pilot)
        await type_ticket(app, pilot, folder / "hot-work-late-gas.json")
        dialog = app.screen
        assert isinstance(dialog, PermitDialog)
        text = shown(app) + "\n" + body(dialog)
        assert "作业票 DH-2024-0518-04（动火作业，一级）：2 项不符合" in shown(app)  # on screen
        assert "GB 30871-2022 5.3.1 c)" in text and "超过 30 分钟" in text
        assert "恢复前没有重新进行可燃气体分析" in text
        assert "记录到本检查" in text  # the footer offers y
        assert english_words(text, {"min"}) == [], english_words(text, {"min"})
        assert stored(ctx, hot) == {}  # nothing yet
        await pilot.press("y")
        await settle(app, pilot)
        assert app.screen is runner
        await until(pilot, lambda: runner.state is not None and any(
            r.status is Status.noncompliant for r in runner.state.rows))
        assert any("已记录 2 个检查项为“不符合”（作业票 DH-2024-0518-04）" in n
                   for n in notices(app)), notices(app)
        assert runner.state is not None
        rows = {r.item.id: r for r in runner.state.rows}
        assert rows["GB30871-5.3.1-c"].status is Status.noncompliant
        assert rows["GB30871-5.3.1-d"].status is Status.noncompliant
        assert runner.state.rows[runner.cursor].item.id == "GB30871-5.3.1-c"
    found = stored(ctx, hot)
    assert set(found) == {"GB30871-5.3.1-c", "GB30871-5.3.1-d"}
    assert found["GB30871-5.3.1-c"][0] == "noncompliant"
    assert found["GB30871-5.3.1-c"][1].startswith("作业票 DH-2024-0518-04：")


async def test_a_refusal_stays_in_the_dialog_and_nothing_is_stored(
        world: tuple[Context, int, int, Path]) -> None:
    ctx, _, confined, folder = world
    app = make_app(lang="zh", context=ctx, today=TODAY)
    async with app.run_test(size=(100, 34)) as pilot:
        runner = await open_runner(app, pilot, confined)
        await pilot.press("p")
        await settle(app, pilot)
        await type_ticket(app, pilot, folder / "hot-work-late-gas.json")
        dialog = app.screen
        assert isinstance(dialog, PermitDialog)
        await pilot.press("y")
        await settle(app, pilot)
        assert app.screen is dialog
        text = shown(app)
        assert "不能记录到本检查" in text and "未选择“动火作业”" in text
        assert "未保存任何内容" in text
        await pilot.press("n")
        await settle(app, pilot)
        assert app.screen is runner  # type: ignore[comparison-overlap]
    assert stored(ctx, confined) == {}


async def test_a_file_that_is_not_a_ticket_stays_in_the_form(
        world: tuple[Context, int, int, Path]) -> None:
    ctx, hot, _, folder = world
    app = make_app(lang="zh", context=ctx, today=TODAY)
    async with app.run_test(size=(100, 34)) as pilot:
        await open_runner(app, pilot, hot)
        await pilot.press("p")
        await settle(app, pilot)
        form = app.screen
        await type_ticket(app, pilot, folder / "bad.json")
        assert app.screen is form
        text = shown(app)
        assert "bad.json" in text and "“焊接”不是可用的作业类别" in text
        assert "作业类别（`type`）" in text


async def test_a_ticket_without_breaches_offers_nothing_to_record(
        world: tuple[Context, int, int, Path]) -> None:
    ctx, hot, _, folder = world
    app = make_app(lang="zh", context=ctx, today=TODAY)
    async with app.run_test(size=(100, 34)) as pilot:
        runner = await open_runner(app, pilot, hot)
        await pilot.press("p")
        await settle(app, pilot)
        await type_ticket(app, pilot, folder / "hot-work-ok.json")
        dialog = app.screen
        assert isinstance(dialog, PermitDialog)
        text = shown(app) + "\n" + body(dialog)
        assert "作业票 DH-2024-0518-03（动火作业，一级）：未发现不符合" in text
        assert "记录到本检查" not in text  # y is not offered
        await pilot.press("y")
        await settle(app, pilot)
        assert app.screen is dialog
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.screen is runner  # type: ignore[comparison-overlap]
    assert stored(ctx, hot) == {}


async def test_the_palette_opens_the_permit_check_by_pinyin(
        world: tuple[Context, int, int, Path]) -> None:
    ctx, hot, _, _ = world
    app = make_app(lang="zh", context=ctx, today=TODAY)
    async with app.run_test(size=(100, 34)) as pilot:
        await open_runner(app, pilot, hot)
        await pilot.press("ctrl+p")
        await settle(app, pilot)
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"zyphc")  # 作业票核查 by its initials
        await app.workers.wait_for_complete()
        await pilot.pause(0.2)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, FormDialogChecked)
        assert "作业票核查：选择作业票文件" in shown(app)


def test_the_keys_are_in_the_help() -> None:
    rows = key_rows("zh")
    assert (t("ui.runner", "zh"), "p", "作业票核查") in rows
    assert any(w == "作业票核查结果" and k == "y" and a == "记录到本检查" for w, k, a in rows)
    assert any(w == "作业票核查结果" and k == "n Esc" and a == "关闭" for w, k, a in rows)
    english = key_rows("en")
    assert (t("ui.runner", "en"), "p", "Check a work permit") in english
