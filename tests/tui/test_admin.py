"""The administrative day in the terminal UI, by keys, asserted on what is stored: an
enterprise added (a bad credit code named beside its field, a duplicate refused in the form), a
roster imported with its problem rows shown and skipped (nothing stored on cancel), users added,
granted and disabled (an inspector is not offered the screen), a campaign formed with its team,
a member added, a training session recorded (a future date refused beside the field)."""

from __future__ import annotations

import contextlib
import datetime as dt
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from textual.widgets import DataTable, Input, Select, SelectionList, Static, TextArea
from textual.worker import WorkerCancelled

from core.services import campaigns, inspections, roster, users
from core.services.context import Context
from core.services.demo import make_uscc
from core.services.packs import default_catalogue
from core.store.db import open_store
from tests.team_db import TeamDb
from tests.tui.shown import shown
from tests.workflow_helpers import enterprise, onsite_campaign, register
from tui.admin import LinkedForm, PasswordShownDialog, RosterPreviewDialog
from tui.app import AnjianApp, make_app
from tui.forms import FilePickDialog, FormDialogChecked
from tui.screens.campaign import CampaignScreen
from tui.screens.home import HomeScreen
from tui.screens.users import UsersScreen

TODAY = dt.date(2026, 3, 2)
CODE = "91110000600037341L"  # a valid code (GB 32100 check character L)


@pytest.fixture
def ctx(tmp_path: Path) -> Iterator[Context]:
    c = Context(open_store(f"sqlite:///{tmp_path / 'admin.db'}"), default_catalogue(), "组长甲",
                TODAY, "zh")
    yield c
    c.store.close()


def app_for(ctx: Context) -> AnjianApp:
    return make_app(lang="zh", context=ctx, today=TODAY)


async def settle(app: Any, pilot: Any) -> None:
    """Wait until every worker is done (a search typed over is cancelled by the next)."""
    for _ in range(2):
        for worker in list(app.workers):
            with contextlib.suppress(WorkerCancelled):
                await worker.wait()
        await pilot.pause()


async def until(pilot: Any, holds: Any, seconds: float = 20) -> None:
    """Wait (without a fixed sleep) until ``holds()`` is true: a screen reloads in a worker
    that starts once the dialog above it has gone."""
    for _ in range(int(seconds / 0.05)):
        if holds():
            return
        await pilot.pause(0.05)
    raise AssertionError("the screen never showed it")


def error(form: Any, key: str) -> str:
    return str(form.query_one(f"#e-{key}", Static).render())


def refusal(form: Any) -> str:
    return str(form.query_one("#form-refusal", Static).render())


def put(form: Any, key: str, value: Any) -> None:
    """Fill a field as the user would (typed text, a choice made)."""
    widget = form.query_one(f"#f-{key}")
    if isinstance(widget, SelectionList):
        for v in value:
            widget.select(v)
    elif isinstance(widget, TextArea):
        widget.text = value
    else:
        widget.value = value


# --- an enterprise -------------------------------------------------------------------------


async def test_an_enterprise_is_added_after_a_bad_code_is_named(ctx: Context) -> None:
    app = app_for(ctx)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(app, pilot)
        await pilot.press("e")
        await settle(app, pilot)
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormDialogChecked)
        await pilot.press(*"91110000600037341X")  # the check character is L
        await pilot.pause()
        assert "校验码" in error(form, "uscc") and "'L'" in error(form, "uscc")
        put(form, "uscc", "9111000060003734")
        await pilot.pause()
        assert "18 个字符" in error(form, "uscc")
        put(form, "uscc", "91110000600037341O")
        await pilot.pause()
        assert "'O'" in error(form, "uscc")
        put(form, "name", "济南示例商场有限公司")
        put(form, "sector", "retail")
        put(form, "district", "历下区")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is form and "尚未保存" in refusal(form)
        assert roster.enterprises(ctx) == []  # nothing stored while a field is wrong
        put(form, "uscc", CODE.lower())  # typed in lower case: normalised
        put(form, "contact", "王经理 0531-1234567")
        await pilot.pause()
        assert error(form, "uscc") == ""
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is not form
        # the roster shows it at once, and the first change made 组长甲 the administrator
        assert "济南示例商场有限公司" in shown(app)
        assert "组长甲 · 管理员" in shown(app)
    [row] = roster.enterprises(ctx)
    e = row.enterprise
    assert (e.uscc, e.name, e.sector, e.district, e.contact) == (
        CODE, "济南示例商场有限公司", "retail", "历下区", "王经理 0531-1234567")


async def test_a_duplicate_code_is_refused_in_the_form(ctx: Context) -> None:
    roster.add_enterprise(ctx, uscc=CODE, name="已登记的单位", sector="retail", district="历下区")
    app = app_for(ctx)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(app, pilot)
        app.action_new_enterprise()
        await pilot.pause()
        form = app.screen
        assert isinstance(form, FormDialogChecked)
        put(form, "uscc", CODE)
        put(form, "name", "另一个单位")
        put(form, "sector", "fire")
        put(form, "district", "市中区")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is form
        assert CODE in refusal(form) and "已存在" in refusal(form)
    [row] = roster.enterprises(ctx)
    assert row.enterprise.name == "已登记的单位"


# --- a roster ------------------------------------------------------------------------------


def workbook(path: Path, rows: list[tuple[str, ...]]) -> Path:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "名册"
    ws.append(("统一社会信用代码", "名称", "区县", "行业"))
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


async def test_a_roster_is_checked_then_imported_without_its_bad_row(ctx: Context,
                                                                    tmp_path: Path) -> None:
    good = [make_uscc(random.Random(n), "370102") for n in range(2)]
    path = workbook(tmp_path / "名册.xlsx", [
        (good[0], "济南甲化工有限公司", "历下区", "chemicals"),
        ("91110000600037341X", "济南乙商场", "市中区", "retail"),  # a wrong check character
        (good[1], "济南丙商场", "市中区", "retail"),
        (good[0], "济南甲化工有限公司", "历下区", "chemicals"),  # repeats row 2
    ])
    app = app_for(ctx)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(app, pilot)
        await pilot.press("e")
        await settle(app, pilot)
        for attempt in ("cancel", "import"):
            await pilot.press("i")
            await pilot.pause()
            form = app.screen
            assert isinstance(form, FormDialogChecked)
            if attempt == "cancel":
                put(form, "file", str(path))
            else:  # chosen in the file picker
                await pilot.press("ctrl+o")
                await pilot.pause()
                picker = app.screen
                assert isinstance(picker, FilePickDialog)
                picker.query_one("#path", Input).value = str(path)
                picker.query_one("#path", Input).focus()
                await pilot.press("enter")
                await pilot.pause()
                assert app.screen is form
            await pilot.press("ctrl+s")
            await settle(app, pilot)
            preview = app.screen
            assert isinstance(preview, RosterPreviewDialog)
            text = shown(app)
            assert "新单位 2 家" in text and "有问题的行：2 行" in text
            table = preview.query_one("#problems", DataTable)
            rows = [[str(c) for c in table.get_row_at(n)] for n in range(table.row_count)]
            assert rows[0][:3] == ["名册.xlsx", "名册 3", "统一社会信用代码"]
            assert "校验码" in rows[0][3] and "营业执照" in rows[0][4]
            assert rows[1][1] == "名册 5" and "重复" in rows[1][3] and "删去" in rows[1][4]
            if attempt == "cancel":
                await pilot.press("escape")
                await settle(app, pilot)
                assert roster.enterprises(ctx) == []  # nothing stored on cancel
            else:
                await pilot.press("i")
                await settle(app, pilot)
                assert "新增 2 家" in shown(app) and "跳过 2 行" in shown(app)
                assert "济南丙商场" in shown(app)  # the roster shows the rows imported
    assert sorted(r.enterprise.uscc for r in roster.enterprises(ctx)) == sorted(good)


async def test_a_workbook_without_a_header_is_refused_in_the_form(ctx: Context,
                                                                 tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(("甲", "乙"))
    wb.save(tmp_path / "bad.xlsx")
    app = app_for(ctx)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(app, pilot)
        app.action_import_roster()
        await pilot.pause()
        form = app.screen
        put(form, "file", str(tmp_path / "bad.xlsx"))
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is form and "表头" in refusal(form)
    assert roster.enterprises(ctx) == []


# --- users ---------------------------------------------------------------------------------


async def open_users(app: Any, pilot: Any) -> UsersScreen:
    await settle(app, pilot)
    await pilot.press("u")
    await settle(app, pilot)
    screen = app.screen
    assert isinstance(screen, UsersScreen)
    await until(pilot, lambda: screen.users)
    return screen


async def test_users_are_added_granted_and_disabled(ctx: Context) -> None:
    target = enterprise(ctx, "retail", "济南示例商场有限公司")  # 组长甲: the first administrator
    app = app_for(ctx)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        screen = await open_users(app, pilot)
        assert "组长甲" in shown(app) and "管理员" in shown(app)
        # an inspector
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, LinkedForm)
        await pilot.press(*"检查员乙")
        put(form, "role", "inspector")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is screen
        await until(pilot, lambda: "检查员乙" in [u.name for u in screen.users])
        # an enterprise user, bound to the enterprise found by name
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        put(form, "name", "组长甲")
        await pilot.pause()
        assert "已存在" in error(form, "name")
        put(form, "name", "企业用户丁")
        put(form, "role", "enterprise")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert "须选择所属单位" in error(form, "enterprise") and app.screen is form
        put(form, "find", "示例商场")
        await settle(app, pilot)
        put(form, "enterprise", target)
        await pilot.pause()
        assert error(form, "enterprise") == ""
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is screen
        await until(pilot, lambda: "企业用户丁" in [u.name for u in screen.users])
        assert "济南示例商场有限公司" in shown(app)  # the enterprise by name
        # the only administrator may not give up the standing: refused in the form
        table = screen.query_one("#users", DataTable)
        table.move_cursor(row=[u.name for u in screen.users].index("组长甲"))
        await pilot.press("g")
        await pilot.pause()
        form = app.screen
        put(form, "admin", "no")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is form and "组长甲" in refusal(form) and "管理员" in refusal(form)
        await pilot.press("escape")
        await settle(app, pilot)
        assert {u.name: u.admin for u in users.list_users(ctx)}["组长甲"] is True
        # 检查员乙 becomes a lead and an administrator
        table.move_cursor(row=[u.name for u in screen.users].index("检查员乙"))
        await pilot.press("g")
        await pilot.pause()
        form = app.screen
        put(form, "role", "lead")
        put(form, "admin", "yes")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        await until(pilot, lambda: any(u.name == "检查员乙" and u.role == "lead"
                                       for u in screen.users))
        # and 企业用户丁 is disabled, with the reason
        table.move_cursor(row=[u.name for u in screen.users].index("企业用户丁"))
        await pilot.press("d")
        await pilot.pause()
        form = app.screen
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "必填" in error(form, "reason")
        await pilot.press(*"已离职")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        await until(pilot, lambda: any(u.disabled for u in screen.users))
        assert "已停用（组长甲：已离职）" in shown(app)
    stored = {u.name: u for u in users.list_users(ctx)}
    assert (stored["检查员乙"].role, stored["检查员乙"].admin) == ("lead", True)
    ding = stored["企业用户丁"]
    assert (ding.role, ding.enterprise, ding.disabled, ding.disabled_reason) == (
        "enterprise", target, True, "已离职")


async def test_an_inspector_is_not_offered_the_users_screen(ctx: Context) -> None:
    enterprise(ctx)
    register(ctx, "检查员乙")
    ctx.actor = "检查员乙"
    app = app_for(ctx)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(app, pilot)
        assert "用户管理" not in shown(app) and "组建检查" not in shown(app)
        await pilot.press("u")
        await pilot.press("c")
        await settle(app, pilot)
        assert isinstance(app.screen, HomeScreen)
        app.action_open_users()  # even asked directly: refused before anything opens
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen) and "管理员" in shown(app)
        # nor adding or importing enterprises
        await pilot.press("e")
        await settle(app, pilot)
        assert "新增单位" not in shown(app) and "导入名册" not in shown(app)
        await pilot.press("n")
        await pilot.press("i")
        await pilot.pause()
        assert not isinstance(app.screen, FormDialogChecked)
        app.action_new_enterprise()
        await pilot.pause()
        assert not isinstance(app.screen, FormDialogChecked) and "组长" in shown(app)
    assert [u.name for u in users.list_users(ctx)] == ["组长甲", "检查员乙"]
    assert len(roster.enterprises(ctx)) == 1


async def test_a_team_login_password_is_shown_once() -> None:
    app = make_app(lang="zh", db="sqlite://", user="甲")
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await app.push_screen(PasswordShownDialog("zh", "检查员乙", "s3cret-Pw"))
        await pilot.pause()
        text = shown(app)
        assert "s3cret-Pw" in text and "只显示这一次" in text
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, PasswordShownDialog)


# --- campaigns -----------------------------------------------------------------------------


async def test_a_campaign_is_formed_with_its_team(ctx: Context) -> None:
    target = enterprise(ctx, "fire", "济南示例商场有限公司")
    enterprise(ctx, "fire", "济南另一商场")
    register(ctx, "检查员乙", "检查员丙")
    register(ctx, "专家戊", role="expert")
    app = app_for(ctx)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(app, pilot)
        await pilot.press("c")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, LinkedForm)
        put(form, "sector", "fire")
        await pilot.pause()
        packs = form.query_one("#f-packs", SelectionList)
        offered = [packs.get_option_at_index(n).value for n in range(packs.option_count)]
        assert offered == ["gb35181-2017"]  # the fire sector's packs only
        put(form, "packs", ["gb35181-2017"])
        put(form, "find", "示例")
        await settle(app, pilot)
        found = form.query_one("#f-target", Select)
        assert [v for _, v in found._options if v != Select.NULL] == [target]
        put(form, "target", target)
        put(form, "lead", "组长甲")
        lead_choices = [v for _, v in form.query_one("#f-lead", Select)._options]
        assert "检查员乙" not in lead_choices  # only a lead may lead
        put(form, "members", ["检查员乙", "专家戊"])
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert not isinstance(app.screen, FormDialogChecked)
        assert "已组建检查 #1" in shown(app)
    [c] = campaigns.list_campaigns(ctx)
    view = campaigns.campaign_view(ctx, c.id)
    assert (c.sector, c.target_uscc) == ("fire", target)
    assert [p.pack_id for p in view.packs] == ["gb35181-2017"]
    assert {(m.name, m.role) for m in view.team} == {
        ("组长甲", "lead"), ("检查员乙", "inspector"), ("专家戊", "expert")}


async def test_a_member_is_added_to_a_team_being_formed(ctx: Context) -> None:
    target = enterprise(ctx, "fire")
    register(ctx, "检查员乙", "检查员丙")
    c = campaigns.new_campaign(ctx, sector="fire", packs=["gb35181-2017"], target=target,
                               lead="组长甲", members=["检查员乙"])
    assert c.id is not None
    app = app_for(ctx)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(app, pilot)
        await app.push_screen(CampaignScreen("zh", c.id))
        await settle(app, pilot)
        await pilot.press("m")
        await pilot.pause()
        form = app.screen
        names = [v for _, v in form.query_one("#f-name", Select)._options]
        assert "检查员乙" not in names and "检查员丙" in names  # not offered twice
        put(form, "name", "检查员丙")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert "检查员丙" in shown(app)
    team = {m.name: m.role for m in campaigns.campaign_view(ctx, c.id).team}
    assert team == {"组长甲": "lead", "检查员乙": "inspector", "检查员丙": "inspector"}


async def test_a_training_is_recorded_and_a_future_date_refused(ctx: Context) -> None:
    cid, target = onsite_campaign(ctx, ["gb35181-2017"], sector="fire")
    inspections.start_inspection(ctx, campaign_id=cid, enterprise=target,
                                 categories=["people_dense"],
                                 withdrawn_ok=True)  # GB 35181-2017, withdrawn
    other = enterprise(ctx, "fire", "济南参训商场")
    app = app_for(ctx)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(app, pilot)
        await app.push_screen(CampaignScreen("zh", cid))
        await settle(app, pilot)
        await pilot.press("t")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, LinkedForm)
        put(form, "held_on", "2026-03-09")
        await pilot.pause()
        assert "晚于今天" in error(form, "held_on")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is form
        assert campaigns.campaign_view(ctx, cid).trainings == ()
        put(form, "held_on", "2026-03-02")
        put(form, "find", "参训")
        await settle(app, pilot)
        put(form, "attendees", [other])
        put(form, "note", "消防通道与应急照明")
        await pilot.pause()
        assert set(form.query_one("#f-attendees", SelectionList).selected) == {target, other}
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is not form
    [tr] = campaigns.campaign_view(ctx, cid).trainings
    assert (tr.held_on, set(tr.attendees), tr.note) == (TODAY, {target, other},
                                                        "消防通道与应急照明")


# --- team mode -----------------------------------------------------------------------------


@pytest.mark.filterwarnings("ignore::DeprecationWarning")
async def test_a_team_login_is_made_and_its_password_shown_once(team: TeamDb) -> None:
    """On PostgreSQL in team mode, adding a user makes their login; the password anjian made
    is shown once, in a dialog that says so, and the login holds it (as a SCRAM verifier)."""
    newcomer = team.login("分析员新")
    app = make_app(lang="zh", context=team.context(team.admin), today=TODAY)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await open_users(app, pilot)
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        put(form, "name", newcomer)
        put(form, "role", "analyst")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        dialog = app.screen
        assert isinstance(dialog, PasswordShownDialog)
        password = dialog.password
        assert password and password in shown(app) and "只显示这一次" in shown(app)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, UsersScreen) and password not in shown(app)
    stored = {u.name: u.role for u in users.list_users(team.context(team.admin))}
    assert stored[newcomer] == "analyst"
    [(verifier,)] = team.sql(None, "SELECT rolpassword FROM pg_authid WHERE rolname = :n",
                             n=newcomer)
    assert scram_holds(verifier, password)


def scram_holds(verifier: str, password: str) -> bool:
    """Whether a PostgreSQL SCRAM-SHA-256 verifier was made from ``password``."""
    import base64
    import hashlib
    import hmac

    method, params, keys = verifier.split("$")
    iterations, salt = params.split(":")
    stored_key = keys.split(":")[0]
    salted = hashlib.pbkdf2_hmac("sha256", password.encode(), base64.b64decode(salt),
                                 int(iterations))
    client_key = hmac.new(salted, b"Client Key", hashlib.sha256).digest()
    return method == "SCRAM-SHA-256" and base64.b64encode(
        hashlib.sha256(client_key).digest()).decode() == stored_key
