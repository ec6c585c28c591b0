"""The risk register in the terminal UI, through real keys: r on the enterprise opens it, a adds
a risk point, e opens the assessment form whose grade follows each factor chosen from its
table (270 较大风险 橙 with its four tiers, then 126 一般风险), ctrl+s stores it and the list
shows the grade; a current risk graver than the inherent one is refused in the form (the field
focused, nothing stored); g grades and stores nothing; R in the runner lists the inspected
enterprise's risk points."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from rich.text import Text
from textual.widgets import DataTable, Select, Static

from core.services import inspections, risk
from core.services.context import Context
from core.services.packs import default_catalogue
from core.store import queries as q
from core.store.db import open_store
from tests.tui.shown import shown
from tests.workflow_helpers import onsite_campaign
from tui.app import AnjianApp, make_app
from tui.forms import FormDialogChecked
from tui.risk_form import RiskForm
from tui.screens.enterprise import EnterpriseScreen
from tui.screens.risk import RiskMapDialog, RiskPointsDialog, RiskScreen
from tui.screens.runner import RunnerScreen

TODAY = dt.date(2026, 3, 2)
#: The lec-classic tables, highest first (the form lists them so, after its prompt).
L: list[float] = [10, 6, 3, 1, 0.5, 0.2, 0.1]
E: list[float] = [10, 6, 3, 2, 1, 0.5]
C: list[float] = [100, 40, 15, 7, 3, 1]
EVERYONE = {"company": "张厂长", "workshop": "李主任", "team": "王班长", "post": "赵操作工"}


class World:
    def __init__(self, ctx: Context, campaign: int, target: str) -> None:
        self.ctx, self.campaign, self.target = ctx, campaign, target


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    ctx = Context(open_store(f"sqlite:///{tmp_path / 'risk.db'}"), default_catalogue(),
                  "组长甲", TODAY, "zh")
    campaign, target = onsite_campaign(ctx)
    yield World(ctx, campaign, target)
    ctx.store.close()


def current(app: AnjianApp) -> Any:
    """The screen on top (not narrowed by a check: the next key changes it)."""
    return app.screen


async def settle(app: AnjianApp, pilot: Any) -> None:
    for _ in range(3):
        await app.workers.wait_for_complete()
        await pilot.pause()


async def choose(app: AnjianApp, pilot: Any, wid: str, steps: int) -> None:
    """Open the choice ``wid`` with Enter, move ``steps`` rows down its list, take it."""
    app.screen.set_focus(app.screen.query_one(f"#{wid}"))
    await pilot.pause()
    await pilot.press("enter", *(["down"] * steps), "enter")
    await pilot.pause()


async def factors(app: AnjianApp, pilot: Any, section: str, lv: float, ev: float,
                  cv: float) -> None:
    """Choose L, E and C in ``section`` (from the prompt: one row down is the first value)."""
    await choose(app, pilot, f"{section}-L", L.index(lv) + 1)
    await choose(app, pilot, f"{section}-E", E.index(ev) + 1)
    await choose(app, pilot, f"{section}-C", C.index(cv) + 1)


def live(app: AnjianApp, section: str) -> str:
    return str(app.screen.query_one(f"#{section}-live", Static).render())


async def type_into(app: AnjianApp, pilot: Any, wid: str, text: str) -> None:
    app.screen.set_focus(app.screen.query_one(f"#{wid}"))
    await pilot.pause()
    await pilot.press(*text)


async def describe(app: AnjianApp, pilot: Any) -> None:
    """The entry's step, hazard source and its class."""
    await type_into(app, pilot, "f-step", "卸车作业")
    await type_into(app, pilot, "f-hazard", "液氯泄漏")
    await choose(app, pilot, "f-source_class", 1)  # the first after the prompt: 人的因素


def audit_seq(ctx: Context) -> int:
    with ctx.store.reading() as s:
        return q.audit_head(s).seq


async def open_register(app: AnjianApp, pilot: Any, world: World) -> RiskScreen:
    await settle(app, pilot)
    await app.push_screen(EnterpriseScreen("zh", world.target))
    await settle(app, pilot)
    await pilot.press("r")
    await settle(app, pilot)
    screen = app.screen
    assert isinstance(screen, RiskScreen)
    return screen


def a_point(world: World, code: str = "FXD-001") -> int:
    p = risk.add_point(world.ctx, world.target, code=code, name="液氯储罐区", kind="equipment",
                       place="罐区", responsible=EVERYONE)
    return p.id


async def test_a_point_added_and_assessed_with_the_grade_live(world: World) -> None:
    app = make_app(lang="zh", context=world.ctx, today=TODAY)
    async with app.run_test(size=(120, 50), notifications=True) as pilot:
        screen = await open_register(app, pilot, world)
        assert "尚无风险点" in shown(app)
        # a: a risk point with a responsible person at every tier
        await pilot.press("a")
        await settle(app, pilot)
        assert isinstance(current(app), FormDialogChecked)
        await pilot.press(*"FXD-001", "tab", *"液氯储罐区", "tab", "tab", *"罐区")
        for person in EVERYONE.values():
            await pilot.press("tab", *person)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is screen
        table = screen.query_one("#points", DataTable)
        assert table.row_count == 1
        row = [str(c) for c in table.get_row_at(0)]
        assert row[:3] == ["FXD-001", "液氯储罐区", "作业活动"] and "未评价" in row[3]
        # e: the assessment form, in lec-classic, its source and convention shown
        await pilot.press("e")
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, RiskForm)
        info = str(form.query_one("#preset-info", Static).render())
        assert "未核对原文" in info and "D > 320" in info and "D ≤ 20" in info
        assert "还需选择 L、E、C" in live(app, "inherent")
        await describe(app, pilot)
        await choose(app, pilot, "inherent-L", L.index(3) + 1)
        assert "还需选择 E、C" in live(app, "inherent")
        await choose(app, pilot, "inherent-E", E.index(6) + 1)
        await choose(app, pilot, "inherent-C", C.index(15) + 1)
        said = live(app, "inherent")
        assert "D = 270" in said and "较大风险 橙" in said and "第 2 级：高度危险" in said
        assert "管控层级：公司（厂）级、车间（部室）级、班组、岗位" in said
        # the swatch is painted in the grade's colour
        swatch = form.query_one("#inherent-live", Static).content
        assert isinstance(swatch, Text)
        assert any(str(span.style) == "on #F39800" for span in swatch.spans)
        # C from 15 to 7: one row further down the list
        await choose(app, pilot, "inherent-C", 1)
        said = live(app, "inherent")
        assert "D = 126" in said and "一般风险 黄" in said
        assert "管控层级：车间（部室）级、班组、岗位" in said and "公司" not in said
        await factors(app, pilot, "current", 1, 6, 7)
        assert "D = 42" in live(app, "current") and "低风险 蓝" in live(app, "current")
        assert "高于固有风险" not in live(app, "current")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is screen
        row = [str(c) for c in table.get_row_at(0)]
        assert "低风险" in row[3] and row[4] == "班组、岗位"
        detail = str(screen.query_one("#risk-detail", Static).render())
        assert "1. 卸车作业（人的因素）" in detail
        assert "D=126" in detail and "L=3 E=6 C=7" in detail and "D=42" in detail
        assert "张厂长" in detail
    (point,), total = risk.points(world.ctx, world.target)
    assert total == 1
    stored = risk.point(world.ctx, point.id)
    (entry,) = stored.entries
    assert (entry.step, entry.hazard, entry.source_class) == ("卸车作业", "液氯泄漏", "person")
    assert entry.inherent.value == 126 and entry.inherent.grade == "general"
    assert entry.inherent.inputs == {"L": 3, "E": 6, "C": 7}
    assert entry.current.value == 42 and entry.current.grade == "low"
    assert stored.responsible == EVERYONE


async def test_a_current_risk_graver_than_the_inherent_is_refused_in_the_form(
        world: World) -> None:
    point_id = a_point(world)
    seq = audit_seq(world.ctx)
    app = make_app(lang="zh", context=world.ctx, today=TODAY)
    async with app.run_test(size=(120, 50)) as pilot:
        await open_register(app, pilot, world)
        await pilot.press("e")
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, RiskForm)
        await describe(app, pilot)
        await factors(app, pilot, "inherent", 1, 6, 7)  # 42
        await factors(app, pilot, "current", 3, 6, 15)  # 270
        assert "现有风险（270）高于固有风险（42）" in live(app, "current")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is form  # still open, nothing typed lost
        refusal = str(form.query_one("#form-refusal", Static).render())
        assert "现有风险" in refusal and "未保存" in refusal
        focused = app.focused
        assert focused is not None and (focused.id or "").startswith("current-")
        assert form.query_one("#current-C", Select).value == "15"
    assert risk.point(world.ctx, point_id).entries == ()
    assert audit_seq(world.ctx) == seq


async def test_the_calculator_grades_and_stores_nothing(world: World) -> None:
    seq = audit_seq(world.ctx)
    app = make_app(lang="zh", context=world.ctx, today=TODAY)
    async with app.run_test(size=(120, 50)) as pilot:
        screen = await open_register(app, pilot, world)
        await pilot.press("g")
        await settle(app, pilot)
        assert isinstance(current(app), RiskForm)
        assert "只计算，不保存" in shown(app)
        await factors(app, pilot, "calc", 6, 10, 40)  # 2400
        said = live(app, "calc")
        assert "D = 2400" in said and "重大风险 红" in said
        await pilot.press("ctrl+s")  # not offered: nothing happens
        await settle(app, pilot)
        assert isinstance(current(app), RiskForm)
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.screen is screen
    assert risk.points(world.ctx, world.target) == ([], 0)
    assert audit_seq(world.ctx) == seq


async def test_the_map_and_the_runner_show_the_points_by_grade(world: World) -> None:
    point_id = a_point(world)
    risk.add_entry(world.ctx, point_id, step="卸车作业", hazard="液氯泄漏",
                   source_class="thing",
                   inherent={"preset": "lec-classic", "inputs": {"L": 3, "E": 6, "C": 15}},
                   current={"preset": "lec-classic", "inputs": {"L": 3, "E": 6, "C": 15}})
    insp = inspections.start_inspection(world.ctx, campaign_id=world.campaign,
                                        enterprise=world.target)
    assert insp.id is not None
    app = make_app(lang="zh", context=world.ctx, today=TODAY)
    async with app.run_test(size=(120, 50)) as pilot:
        screen = await open_register(app, pilot, world)
        row = [str(c) for c in screen.query_one("#points", DataTable).get_row_at(0)]
        assert "较大风险" in row[3] and row[4] == "公司（厂）级、车间（部室）级、班组、岗位"
        await pilot.press("m")
        await settle(app, pilot)
        assert isinstance(app.screen, RiskMapDialog)
        assert "FXD-001" in shown(app)
        await pilot.press("escape")
        await settle(app, pilot)
        await app.push_screen(RunnerScreen("zh", insp.id))
        await settle(app, pilot)
        await pilot.press("R")
        await settle(app, pilot)
        assert isinstance(app.screen, RiskPointsDialog)
        text = shown(app)
        assert "FXD-001 液氯储罐区" in text and "较大风险" in text


async def test_the_register_reads_its_points_a_page_at_a_time(world: World) -> None:
    for n in range(RiskScreen.PAGE + 5):
        a_point(world, f"FXD-{n:03d}")
    app = make_app(lang="zh", context=world.ctx, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_register(app, pilot, world)
        table = screen.query_one("#points", DataTable)
        assert table.row_count == RiskScreen.PAGE
        assert f"共 {RiskScreen.PAGE + 5} 个风险点" in shown(app)
        screen.set_focus(table)
        await pilot.press(*["pagedown"] * 4)  # near the end of those read: the next page
        await settle(app, pilot)
        assert table.cursor_row > 0, app.focused
        assert table.row_count == RiskScreen.PAGE + 5
        assert str(table.get_row_at(table.row_count - 1)[0]) == f"FXD-{RiskScreen.PAGE + 4:03d}"


async def test_an_enterprise_user_opens_their_own_register_from_home(world: World) -> None:
    """r on the home screen: offered to an enterprise user only, it opens their own
    enterprise's register; the bureau's lead is not offered it (the bureau opens a register
    from the enterprise)."""
    from core.services import users

    users.add_user(world.ctx, "鲁华安全员", role="enterprise", enterprise=world.target)
    users.add_user(world.ctx, "组长乙", role="lead")
    risk.add_point(world.ctx, world.target, code="FXD-009", name="液氨储罐区",
                   kind="equipment", responsible=EVERYONE)
    other = Context(world.ctx.store, world.ctx.catalogue, "组长乙", TODAY, "zh")
    lead = make_app(lang="zh", context=other, today=TODAY)
    async with lead.run_test(size=(120, 50)) as pilot:
        await settle(lead, pilot)
        assert lead.offered is not None
        assert not lead.offers("home", "open_own_risk")
    mine = Context(world.ctx.store, world.ctx.catalogue, "鲁华安全员", TODAY, "zh")
    app = make_app(lang="zh", context=mine, today=TODAY)
    async with app.run_test(size=(120, 50)) as pilot:
        await settle(app, pilot)
        assert app.offers("home", "open_own_risk")
        await pilot.press("r")
        await settle(app, pilot)
        screen = current(app)
        assert isinstance(screen, RiskScreen)
        await settle(app, pilot)
        assert "FXD-009" in shown(app)
        assert world.ctx.store is not None and screen.enterprise_name  # the title names it
