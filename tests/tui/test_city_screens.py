"""The enterprises, ledger and home screens on more rows than a page: paging, search read from
the database, Esc and Tab in the search box, cursors kept, the ledger's columns at 80x24."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.coordinate import Coordinate
from textual.widgets import DataTable, Input

from core.services import hazards, inspections, roster
from core.services.context import Context
from core.services.packs import default_catalogue
from core.store.db import Store, open_store
from tests.tui.shown import shown
from tests.workflow_helpers import new_code, onsite_campaign
from tui.app import AnjianApp, make_app
from tui.screens.enterprises import EnterprisesScreen
from tui.screens.home import COLOUR_STYLE
from tui.screens.ledger import LedgerScreen

TODAY = dt.date(2026, 3, 2)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = open_store(f"sqlite:///{tmp_path / 'tui.db'}")
    yield s
    s.close()


@pytest.fixture
def ctx(store: Store) -> Context:
    return Context(store, default_catalogue(), "组长甲", TODAY, "zh")


@pytest.fixture
def small_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pages of 10 rows, a window of at most 30: a few dozen rows are more than a page."""
    for screen in (EnterprisesScreen, LedgerScreen):
        monkeypatch.setattr(screen, "PAGE", 10)
        monkeypatch.setattr(screen, "MOST", 30)
        monkeypatch.setattr(screen, "MARGIN", 3)


async def settle(app: AnjianApp, pilot: Any) -> None:
    for _ in range(4):
        await app.workers.wait_for_complete()
        await pilot.pause()


async def searched(app: AnjianApp, pilot: Any) -> None:
    await pilot.pause(0.3)
    await settle(app, pilot)


def many(ctx: Context, n: int) -> list[str]:
    """``n`` enterprises; their credit codes in the roster's order."""
    for k in range(n):
        roster.add_enterprise(ctx, uscc=new_code(), name=f"济南{k:03d}号化工有限公司",
                              sector=("chemicals", "fire")[k % 2],
                              district=("历下区", "市中区", "章丘区")[k % 3])
    return [r.enterprise.uscc for r in roster.enterprises(ctx)]


def row_ids(table: DataTable[Any]) -> list[str]:
    return [str(table.coordinate_to_cell_key(Coordinate(n, 0)).row_key.value)
            for n in range(table.row_count)]


def cursor_id(table: DataTable[Any]) -> str:
    return str(table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value)


async def test_the_roster_pages_to_its_end_and_back(ctx: Context, small_pages: None) -> None:
    order = many(ctx, 45)
    app = make_app(lang="zh", context=ctx, today=TODAY)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(app, pilot)
        await pilot.press("e")
        await settle(app, pilot)
        table = app.screen.query_one("#roster", DataTable)
        assert row_ids(table) == order[:10]  # one page, not the whole roster
        assert "共 45 个" in shown(app)
        for _ in range(44):  # down the whole roster, page after page
            await pilot.press("down")
            await settle(app, pilot)
        assert cursor_id(table) == order[-1]
        assert table.row_count <= 30  # the window, not every row
        await pilot.press("home")
        await settle(app, pilot)
        assert row_ids(table) == order[:10] and cursor_id(table) == order[0]
        await pilot.press("end")  # the roster's last enterprise, straight away
        await settle(app, pilot)
        assert cursor_id(table) == order[-1] and row_ids(table) == order[-10:]
        assert "济南044号化工有限公司" in shown(app) or order[-1] in row_ids(table)
        for _ in range(15):  # and up again, past the page read last
            await pilot.press("up")
            await settle(app, pilot)
        assert cursor_id(table) == order[-16]
        assert row_ids(table) == order[-20:]
        for _ in range(2):
            await pilot.press("pagedown")
            await settle(app, pilot)
        assert order.index(cursor_id(table)) > len(order) - 16


async def test_search_reads_the_index_and_esc_clears_it_first(ctx: Context) -> None:
    order = many(ctx, 12)
    wanted = roster.add_enterprise(ctx, uscc=new_code(), name="济南莱芜铁矿业有限公司",
                                   sector="mining", district="莱芜区").uscc
    app = make_app(lang="zh", context=ctx, today=TODAY)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(app, pilot)
        await pilot.press("e")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, EnterprisesScreen)
        table = screen.query_one("#roster", DataTable)
        field = screen.query_one("#search", Input)
        await pilot.press("slash", *"jnlw")  # typed in a burst: one read, the last text's
        await searched(app, pilot)
        assert row_ids(table) == [wanted] and screen.query_text == "jnlw"
        await pilot.press("tab")  # Tab leaves the search box for the table
        assert app.focused is table
        await pilot.press("shift+tab")
        assert app.focused is field  # type: ignore[comparison-overlap]
        await pilot.press("escape")  # the search cleared, still on the screen
        await searched(app, pilot)
        assert field.value == "" and app.screen is screen
        assert set(row_ids(table)) == {*order, wanted}
        await pilot.press("escape")  # nothing to clear: back home
        await settle(app, pilot)
        assert app.screen.__class__.__name__ == "HomeScreen"


async def test_a_page_read_for_an_older_search_is_dropped(ctx: Context) -> None:
    many(ctx, 5)
    wanted = roster.add_enterprise(ctx, uscc=new_code(), name="章丘烟花爆竹厂",
                                   sector="fireworks", district="章丘区").uscc
    app = make_app(lang="zh", context=ctx, today=TODAY)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(app, pilot)
        await pilot.press("e")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, EnterprisesScreen)
        stale = screen.generation
        screen.query_text = "jn"
        older = screen.fetch(count=True, limit=10)  # what the older search read
        await pilot.press("slash", *"zqyh")
        await searched(app, pilot)
        screen.replace(stale, older, None, False)  # it arrives late: dropped
        await pilot.pause()
        assert row_ids(screen.query_one("#roster", DataTable)) == [wanted]


async def test_returning_keeps_the_cursor_and_reads_only_the_window(
        ctx: Context, small_pages: None) -> None:
    order = many(ctx, 25)
    app = make_app(lang="zh", context=ctx, today=TODAY)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(app, pilot)
        await pilot.press("e")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, EnterprisesScreen)
        table = screen.query_one("#roster", DataTable)
        for _ in range(13):
            await pilot.press("down")
            await settle(app, pilot)
        assert cursor_id(table) == order[13]
        reads: list[dict[str, Any]] = []
        fetch = screen.fetch

        def counted(**where: Any) -> Any:
            reads.append(where)
            return fetch(**where)

        screen.fetch = counted  # type: ignore[method-assign]
        await pilot.press("enter")
        await settle(app, pilot)
        assert app.screen.__class__.__name__ == "EnterpriseScreen"
        assert "济南013号化工有限公司" in shown(app) or order[13] in shown(app)
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.screen is screen and cursor_id(table) == order[13]
        assert isinstance(screen, EnterprisesScreen)
        # one read, of the window from its first row: not the roster from its start
        assert len(reads) == 1 and reads[0]["at"] == screen.rows[0].key


async def test_the_ledger_pages_shows_its_key_columns_and_opens_a_hazard(
        ctx: Context, small_pages: None) -> None:
    cid, target = onsite_campaign(ctx)
    insp = inspections.start_inspection(ctx, campaign_id=cid, enterprise=target)
    assert insp.id is not None
    for item in inspections.inspection_view(ctx, insp.id).unanswered[:25]:
        inspections.answer(ctx, insp.id, item, "noncompliant", note="发现")
    ids = [str(r.hazard.id) for r in hazards.ledger(ctx)]
    assert len(ids) > 12
    last = int(ids[-1])
    hazards.set_deadline(ctx, last, TODAY + dt.timedelta(days=30), reason="限期整改")
    app = make_app(lang="zh", context=ctx, today=TODAY)
    opened: list[int] = []
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(app, pilot)
        await pilot.press("l")
        await settle(app, pilot)
        table = app.screen.query_one("#ledger", DataTable)
        assert row_ids(table) == ids[:10]
        await pilot.press("end")
        await settle(app, pilot)
        assert cursor_id(table) == ids[-1]
        frame = shown(app)
        # at 80 columns: level, enterprise name, deadline, days left and status all seen
        line = next(x for x in frame.splitlines() if "2026-04-01" in x)
        assert "重大" in line and "济南测试化工" in line and "30天" in line and "待整改" in line
        await pilot.press("enter")  # the hazard under the cursor, in full
        await settle(app, pilot)
        assert app.screen.__class__.__name__ == "HazardScreen"
        opened.append(app.screen.hazard_id)  # type: ignore[attr-defined]
    assert opened == [last]


async def test_home_names_typical_enterprises_and_keeps_its_cursor(ctx: Context) -> None:
    first, target = onsite_campaign(ctx)
    second, _ = onsite_campaign(ctx)
    app = make_app(lang="zh", context=ctx, today=TODAY)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(app, pilot)
        text = shown(app)
        assert "济南测试化工有限公司" in text and target not in text
        table = app.screen.query_one("#campaigns", DataTable)
        await pilot.press("down")
        assert cursor_id(table) == str(second)
        await pilot.press("e")
        await settle(app, pilot)
        await pilot.press("escape")
        await settle(app, pilot)
        assert cursor_id(table) == str(second) and first != second


async def test_an_empty_database_says_how_to_begin(ctx: Context) -> None:
    app = make_app(lang="zh", context=ctx, today=TODAY)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(app, pilot)
        text = shown(app)
    assert "数据库还是空的" in text and "anjian demo" in text
    assert "anjian import enterprises" in text and "anjian users add" in text
    assert COLOUR_STYLE["blue"] == "white on #1e6fd9"


async def test_the_greeting_names_keys_that_do_what_it_says(ctx: Context) -> None:
    app = make_app(lang="zh", context=ctx, today=TODAY)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(app, pilot)
        text = shown(app)
        assert "按 u" in text and "按 i" in text and "按 n" in text
        await pilot.press("i")  # the roster import, from the home screen as greeted
        await settle(app, pilot)
        assert app.screen.__class__.__name__ == "FormDialogChecked"
        assert "名册" in shown(app)
