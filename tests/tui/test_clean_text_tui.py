"""The terminal UI shows names, notes and refusals as written: never as markup, never a control
character the terminal would act on; a refused control character changes nothing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from textual.widgets import DataTable, Input

from core.services import hazards, roster
from core.services.context import Context
from core.services.packs import default_catalogue
from core.store.db import open_store
from tests.db_state import behind_the_guard, snapshot
from tests.test_clean_text import FORGED
from tests.tui.shown import notices, shown
from tests.workflow_helpers import major_hazard_setup, new_code
from tui.app import AnjianApp, make_app
from tui.widgets.item_pane import ItemPane

TODAY = dt.date(2026, 3, 2)


@pytest.fixture
def url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'tui.db'}"


@pytest.fixture
def ctx(url: str) -> Iterator[Context]:
    c = Context(open_store(url), default_catalogue(), "组长甲", TODAY, "en")
    yield c
    c.store.close()


async def settle(app: AnjianApp, pilot: Any) -> None:
    for _ in range(3):
        await app.workers.wait_for_complete()
        await pilot.pause()


async def test_brackets_in_an_enterprise_name_are_shown_as_written(ctx: Context,
                                                                    url: str) -> None:
    roster.add_enterprise(ctx, uscc=new_code(), name="济南[/]化工[b]有限公司",
                          sector="chemicals", district="历下[red]区")
    old = roster.add_enterprise(ctx, uscc=new_code(), name="济南旧单位", sector="fire",
                                district="历城区").uscc
    behind_the_guard(url, "UPDATE enterprise SET name = :n WHERE uscc = :u",
                     n="济南\x1b[2J旧单位", u=old)
    app = make_app(lang="en", context=ctx, today=TODAY)
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        await settle(app, pilot)
        await pilot.press("e")
        await settle(app, pilot)
        assert app.screen.__class__.__name__ == "EnterprisesScreen"
        table = app.screen.query_one("#roster", DataTable)
        names = {str(table.get_row_at(n)[1]) for n in range(table.row_count)}
        assert names == {"济南[/]化工[b]有限公司", "济南\\x1b[2J旧单位"}
        screen = shown(app)
        assert "济南[/]化工[b]有限公司" in screen and "历下[red]区" in screen
        assert "\x1b" not in screen
        await pilot.press("enter")  # the enterprise's own screen
        await settle(app, pilot)
        assert app.screen.__class__.__name__ == "EnterpriseScreen"
        assert "\x1b" not in shown(app)


async def test_a_note_with_escape_sequences_is_shown_written_out(fire_inspection: Any) -> None:
    ctx, inspection_id = fire_inspection
    behind_the_guard(ctx.store.url, "UPDATE finding SET note = :n", n=FORGED)
    app = make_app(lang="en", context=ctx, today=TODAY, open_inspection=inspection_id)
    async with app.run_test(size=(140, 40), notifications=True) as pilot:
        await settle(app, pilot)
        screen: Any = app.screen
        screen.move_to(screen.state.index["FIRE-2017-D-6.2"])
        await pilot.pause()
        pane = str(app.screen.query_one(ItemPane).render())
        assert "整改中\\x1b[2K\\x0d\\x1b[32mVerdict: not major\\x1b[0m" in pane
        assert "\x1b" not in shown(app) and "\r" not in shown(app)


async def test_the_ledger_exports_a_bell_stored_before(ctx: Context, url: str, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANJIAN_HOME", str(tmp_path))
    hid = major_hazard_setup(ctx)
    behind_the_guard(url, "UPDATE hazard SET responsible = :r WHERE id = :id", r="张三\a", id=hid)
    app = make_app(lang="en", context=ctx, today=TODAY)
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        await settle(app, pilot)
        await pilot.press("l")
        await settle(app, pilot)
        await pilot.press("x")
        await settle(app, pilot)
        assert any("exported:" in m for m in notices(app))
    (book,) = (tmp_path / "exports").glob("ledger-*.xlsx")
    assert load_workbook(book).worksheets[0].cell(2, 13).value == "张三\\x07"


async def test_a_pasted_control_character_is_refused_and_changes_nothing(ctx: Context,
                                                                         url: str) -> None:
    hid = major_hazard_setup(ctx)
    before = snapshot(url)
    app = make_app(lang="en", context=ctx, today=TODAY)
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        await settle(app, pilot)
        await pilot.press("l")
        await settle(app, pilot)
        await pilot.press("p")
        await pilot.pause()
        dialog = app.screen
        for key, value in (("responsible", "张三\x07"),
                           *((k, "x") for k in ("plan_goal", "plan_method", "plan_funding",
                                                 "plan_organisation", "plan_timeline",
                                                 "plan_safety"))):
            dialog.query_one(f"#f-{key}", Input).value = value  # as a paste would
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert any(f"responsible person of hazard {hid} holds the control character "
                   "U+0007 (BEL)" in m for m in notices(app))
        assert not any("\x07" in m for m in notices(app))
    assert snapshot(url) == before
    (row,) = hazards.ledger(ctx)
    assert row.hazard.responsible == ""
