"""Starting inspections and answering in the terminal UI, on the tiny test pack: each kind of
inspection started with its site profile from the campaign screen, a skip with its reason,
corrected on site, sub-check answers, measured values (refused beside the field when out of
range), an evidence file with its hash; the campaign screen keeps its cursor and offers an
enterprise user neither a, o nor x. Every test reads back what the services stored."""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import DataTable, Input, Select

from core.plugins.catalogue import build_catalogue
from core.services import campaigns, evidence, inspections, roster, users
from core.services.context import Context
from core.services.demo import make_uscc
from core.store.db import open_store
from tests.tui.shown import notices, shown
from tests.tui.test_snapshots import TARGET, TODAY, TinyPlugin
from tests.workflow_helpers import answer_all, register
from tui.app import AnjianApp, make_app
from tui.forms import FormDialogChecked
from tui.screens.campaign import CampaignScreen
from tui.screens.runner import RunnerScreen
from tui.widgets.item_pane import ItemPane

#: The enterprise of the sector whose own user makes its self-inspection.
OWN = make_uscc(random.Random(3), "370102")


def tiny_campaign(tmp_path: Path) -> tuple[Context, int]:
    """A retail campaign on the tiny pack at its on-site step, led by 组长甲, with a second
    enterprise of the sector whose user is 企业丁."""
    store = open_store(f"sqlite:///{tmp_path / 'inspect.db'}")
    cat = build_catalogue(eps=[], objects={"tiny": TinyPlugin()})
    # formed and advanced a week ago: an inspection may be dated since then
    ctx = Context(store, cat, "组长甲", TODAY - dt.timedelta(days=7), "zh")
    roster.add_enterprise(ctx, uscc=TARGET, name="济南示例商场有限公司", sector="retail",
                          district="历下区")
    roster.add_enterprise(ctx, uscc=OWN, name="济南示例超市有限公司", sector="retail",
                          district="历下区")
    register(ctx, "检查员乙", "检查员丙")
    users.add_user(ctx, "企业丁", role="enterprise", enterprise=OWN)
    c = campaigns.new_campaign(ctx, sector="retail", packs=["tiny"], target=TARGET,
                               lead="组长甲", members=["检查员乙", "检查员丙"])
    assert c.id is not None
    campaigns.advance(ctx, c.id)
    ctx.today = TODAY
    return ctx, c.id


@pytest.fixture
def tiny(tmp_path: Path) -> Iterator[tuple[Context, int]]:
    ctx, cid = tiny_campaign(tmp_path)
    yield ctx, cid
    ctx.store.close()


async def settle(app: AnjianApp, pilot: Any) -> None:
    for _ in range(3):
        await app.workers.wait_for_complete()
        await pilot.pause()


async def open_campaign(app: AnjianApp, pilot: Any) -> None:
    await settle(app, pilot)
    await pilot.press("enter")
    await settle(app, pilot)
    assert isinstance(app.screen, CampaignScreen)


async def test_o_starts_an_onsite_inspection_with_its_site_profile(
        tiny: tuple[Context, int]) -> None:
    """The form asks the kind, the enterprise, the date and the packs' site categories; a
    date after today is refused beside its field and nothing is stored until it is right."""
    ctx, cid = tiny
    app = make_app(lang="zh", context=ctx, today=TODAY)
    async with app.run_test(size=(100, 36), notifications=True) as pilot:
        await open_campaign(app, pilot)
        await pilot.press("o")
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, FormDialogChecked)
        text = shown(app)
        assert "现场检查" in text and "济南示例商场有限公司" in text
        assert "人员密集场所" in text  # the pack's site category is asked
        date = form.query_one("#f-date", Input)
        date.value = "2026-03-09"
        await pilot.pause()
        assert "不能晚于今天" in str(form.query_one("#e-date").render())
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is form
        assert campaigns.campaign_view(ctx, cid).inspections == ()
        date.value = "2026-03-01"
        await pilot.press("ctrl+s")  # the site's question still unanswered: focused
        await settle(app, pilot)
        assert app.screen is form and "必填" in str(form.query_one("#e-q0").render())
        await pilot.press("space", "ctrl+s")  # 人员密集场所
        await settle(app, pilot)
        assert isinstance(app.screen, RunnerScreen)
    (insp,) = campaigns.campaign_view(ctx, cid).inspections
    assert (insp.kind, insp.enterprise_uscc, insp.categories, insp.inspected_on.isoformat()) == (
        "onsite", TARGET, ("crowded",), "2026-03-01")


def to_self_step(ctx: Context, cid: int) -> int:
    """The on-site inspection answered, the training held: the campaign at its
    self-inspection step; returns the on-site inspection's id."""
    insp = inspections.start_inspection(ctx, campaign_id=cid, enterprise=TARGET,
                                        categories=["crowded"])
    assert insp.id is not None
    answer_all(ctx, insp.id)
    campaigns.advance(ctx, cid)
    campaigns.record_training(ctx, cid, held_on=TODAY, attendees=[OWN])
    campaigns.advance(ctx, cid)
    return insp.id


async def test_an_enterprise_user_starts_its_self_inspection_and_is_offered_no_a_o_x(
        tiny: tuple[Context, int]) -> None:
    ctx, cid = tiny
    to_self_step(ctx, cid)
    ctx.actor = "企业丁"
    app = make_app(lang="zh", context=ctx, today=TODAY)
    async with app.run_test(size=(100, 36), notifications=True) as pilot:
        await open_campaign(app, pilot)
        keys = {n.binding.key for n in app.screen.active_bindings.values()
                if app.screen.check_action(n.binding.action, ()) and n.binding.show}
        assert {"a", "o", "x"}.isdisjoint(keys) and "s" in keys, keys
        await pilot.press("o", "a", "x")  # not offered: nothing happens
        await settle(app, pilot)
        assert isinstance(app.screen, CampaignScreen)
        await pilot.press("s")
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, FormDialogChecked)
        assert "企业自查" in shown(app) and "济南示例超市有限公司" in shown(app)
        await pilot.press("ctrl+s")  # the site's question: focused
        await settle(app, pilot)
        await pilot.press("space", "ctrl+s")
        await settle(app, pilot)
        assert isinstance(app.screen, RunnerScreen)
    ctx.actor = "组长甲"
    mine = [i for i in campaigns.campaign_view(ctx, cid).inspections if i.kind == "self"]
    assert [(i.enterprise_uscc, i.categories, i.started_by) for i in mine] == [
        (OWN, ("crowded",), "企业丁")]


async def test_o_starts_a_followup_inspection_in_that_step(tiny: tuple[Context, int]) -> None:
    ctx, cid = tiny
    to_self_step(ctx, cid)
    ctx.actor = "企业丁"
    own = inspections.start_inspection(ctx, campaign_id=cid, enterprise=OWN, kind="self",
                                       categories=["other"])
    assert own.id is not None
    answer_all(ctx, own.id)
    ctx.actor = "组长甲"
    campaigns.advance(ctx, cid)
    assert campaigns.campaign_view(ctx, cid).campaign.stage == "followup"
    app = make_app(lang="zh", context=ctx, today=TODAY)
    async with app.run_test(size=(100, 36), notifications=True) as pilot:
        await open_campaign(app, pilot)
        await pilot.press("o")
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, FormDialogChecked)
        assert form.query_one("#f-kind", Select).value == "followup"
        form.query_one("#f-kind", Select).value = "onsite"  # not in this step: said beside it
        await pilot.pause()
        assert "只能开始跟进督查" in str(form.query_one("#e-kind").render())
        form.query_one("#f-kind", Select).value = "followup"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        await pilot.press("end", "space", "ctrl+s")  # 其他场所
        await settle(app, pilot)
        assert isinstance(app.screen, RunnerScreen)
    last = campaigns.campaign_view(ctx, cid).inspections[-1]
    assert (last.kind, last.enterprise_uscc, last.categories) == ("followup", TARGET,
                                                                   ("other",))


async def runner_on(app: AnjianApp, pilot: Any, inspection: int, item: str) -> RunnerScreen:
    runner = RunnerScreen("zh", inspection)
    await app.push_screen(runner)
    await settle(app, pilot)
    assert runner.state is not None
    runner.move_to(runner.state.index[item])
    await pilot.pause()
    return runner


def finding(ctx: Context, inspection: int, item: str) -> Any:
    return next(f for f in inspections.inspection_view(ctx, inspection).findings
                if f.item_id == item)


@pytest.fixture
def onsite(tiny: tuple[Context, int]) -> tuple[Context, int]:
    ctx, cid = tiny
    insp = inspections.start_inspection(ctx, campaign_id=cid, enterprise=TARGET,
                                        categories=["crowded"])
    assert insp.id is not None
    return ctx, insp.id


async def test_s_skips_an_item_with_its_reason(onsite: tuple[Context, int]) -> None:
    ctx, iid = onsite
    app = make_app(lang="zh", context=ctx, today=TODAY)
    async with app.run_test(size=(100, 36), notifications=True) as pilot:
        runner = await runner_on(app, pilot, iid, "T-C-3")
        await pilot.press("s")
        await settle(app, pilot)
        assert isinstance(app.screen, FormDialogChecked)
        await pilot.press("ctrl+s")  # no reason: refused beside the field
        await settle(app, pilot)
        assert "必填" in str(app.screen.query_one("#e-reason").render())
        await pilot.press(*"防火门在装修", "ctrl+s")
        await settle(app, pilot)
        assert app.screen is runner
        assert "已跳过：防火门在装修" in str(runner.query_one(ItemPane).render())
    f = finding(ctx, iid, "T-C-3")
    assert (f.status, f.skip_reason) == (None, "防火门在装修")


async def test_f_marks_corrected_on_site(onsite: tuple[Context, int]) -> None:
    ctx, iid = onsite
    app = make_app(lang="zh", context=ctx, today=TODAY)
    async with app.run_test(size=(100, 36), notifications=True) as pilot:
        runner = await runner_on(app, pilot, iid, "T-C-1")
        await pilot.press("f")
        await settle(app, pilot)
        runner.flush()
        f = finding(ctx, iid, "T-C-1")
        assert (f.status, f.corrected_on_site) == ("noncompliant", True)
        runner.move_to(runner.state.index["T-C-1"])  # type: ignore[union-attr]
        await pilot.pause()
        assert "当场改正" in str(runner.query_one(ItemPane).render())
        await pilot.press("f")  # again: no longer corrected
        await settle(app, pilot)
        runner.flush()
    f = finding(ctx, iid, "T-C-1")
    assert (f.status, f.corrected_on_site) == ("noncompliant", False)


async def test_m_answers_each_sub_check(onsite: tuple[Context, int]) -> None:
    ctx, iid = onsite
    app = make_app(lang="zh", context=ctx, today=TODAY)
    async with app.run_test(size=(100, 36), notifications=True) as pilot:
        runner = await runner_on(app, pilot, iid, "T-M-1")
        await pilot.press("m")
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, FormDialogChecked)
        assert "尚不能判定" in str(form.query_one("#form-live").render())
        form.query_one("#f-c-1-status", Select).value = "compliant"
        await pilot.pause()
        assert "尚不能判定" in str(form.query_one("#form-live").render())  # 2 unanswered
        await pilot.press("ctrl+s")  # nothing decided yet: refused in the form
        await settle(app, pilot)
        assert app.screen is form
        assert "尚不能判定该项" in str(form.query_one("#form-refusal").render())
        assert all(f.item_id != "T-M-1"
                   for f in inspections.inspection_view(ctx, iid).findings)
        form.query_one("#f-c-2-status", Select).value = "noncompliant"
        await pilot.pause()
        assert "判定：不符合" in str(form.query_one("#form-live").render())
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is runner
        pane = str(runner.query_one(ItemPane).render())
        assert "1. 通道内堆放可燃物，宽度不足1.4 m" in pane and "✗ 不符合" in pane
    f = finding(ctx, iid, "T-M-1")
    assert f.status == "noncompliant"
    assert f.detail == {"checks": {"1": {"status": "compliant"},
                                   "2": {"status": "noncompliant"}}}


async def test_m_enters_a_measured_value_refusing_one_out_of_range(
        onsite: tuple[Context, int]) -> None:
    ctx, iid = onsite
    app = make_app(lang="zh", context=ctx, today=TODAY)
    async with app.run_test(size=(100, 36), notifications=True) as pilot:
        runner = await runner_on(app, pilot, iid, "T-M-2")
        await pilot.press("m")
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, FormDialogChecked)
        assert "限值：> 30 m 即为隐患" in shown(app)
        await pilot.press(*"-3")
        await pilot.pause()
        assert "测量值不能为负数" in str(form.query_one("#e-c-value").render())
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is form
        assert all(f.item_id != "T-M-2" for f in inspections.inspection_view(ctx, iid).findings)
        await pilot.press("backspace", "backspace", *"abc")
        await pilot.pause()
        assert "不是数字" in str(form.query_one("#e-c-value").render())
        await pilot.press("backspace", "backspace", "backspace", *"25")
        await pilot.pause()
        assert "判定：符合" in str(form.query_one("#form-live").render())
        await pilot.press("backspace", "backspace", *"45")  # typed: the status follows
        await pilot.pause()
        assert str(form.query_one("#e-c-value").render()) == ""
        assert "判定：不符合" in str(form.query_one("#form-live").render())
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is runner
        assert "实测 45 m" in str(runner.query_one(ItemPane).render())
    f = finding(ctx, iid, "T-M-2")
    assert (f.status, f.detail) == ("noncompliant", {"value": 45.0})


def test_the_answer_service_refuses_values_and_sub_checks_the_item_has_not(
        onsite: tuple[Context, int]) -> None:
    from core.i18n import AnjianError

    ctx, iid = onsite
    with pytest.raises(AnjianError) as negative:
        inspections.answer(ctx, iid, "T-M-2", "compliant", detail={"value": -1})
    assert "测量值不能为负数（-1）" in negative.value.render("zh")
    with pytest.raises(AnjianError):
        inspections.answer(ctx, iid, "T-M-1", "compliant", detail={"checks": {"9": {}}})
    with pytest.raises(AnjianError):  # 45 m is over the limit: not compliant
        inspections.answer(ctx, iid, "T-M-2", "compliant", detail={"value": 45})
    assert inspections.inspection_view(ctx, iid).findings == ()


async def test_o_attaches_a_file_listed_with_its_size_and_hash(
        onsite: tuple[Context, int], tmp_path: Path) -> None:
    ctx, iid = onsite
    photo = tmp_path / "出口照片.jpg"
    photo.write_bytes(b"\xff\xd8 exit photo " * 100)
    digest = hashlib.sha256(photo.read_bytes()).hexdigest()
    app = make_app(lang="zh", context=ctx, today=TODAY)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        runner = await runner_on(app, pilot, iid, "T-D-1")
        await pilot.press("o")  # unanswered: answer first
        await settle(app, pilot)
        assert app.screen is runner
        await pilot.press("n")
        runner.move_to(runner.state.index["T-D-1"])  # type: ignore[union-attr]
        await pilot.press("o")
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, FormDialogChecked)
        await pilot.press(*str(tmp_path / "无此文件.jpg"))
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is form  # a missing file: said beside the field, nothing stored
        form.query_one("#f-file", Input).value = str(photo)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is runner
        pane = str(runner.query_one(ItemPane).render()).replace("\n", "")
        assert "出口照片.jpg" in pane and "1.4\xa0KB" in pane and digest in pane.replace(" ", "")
    kept = evidence.of_inspection(ctx, iid).files
    assert [(f.item_id, f.name, f.size, f.sha256) for f in kept] == [
        ("T-D-1", "出口照片.jpg", photo.stat().st_size, digest)]
    f = finding(ctx, iid, "T-D-1")
    assert f.status == "noncompliant"


async def test_the_campaign_cursor_comes_back_to_its_row(tiny: tuple[Context, int]) -> None:
    ctx, cid = tiny
    first = inspections.start_inspection(ctx, campaign_id=cid, enterprise=TARGET,
                                         categories=["crowded"])
    second = inspections.start_inspection(ctx, campaign_id=cid, enterprise=TARGET,
                                          categories=["other"], again=True)
    app = make_app(lang="zh", context=ctx, today=TODAY)
    async with app.run_test(size=(100, 36), notifications=True) as pilot:
        await open_campaign(app, pilot)
        table = app.screen.query_one("#inspections", DataTable)
        table.focus()
        await pilot.press("down")
        assert table.cursor_row == 1
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, RunnerScreen)
        assert app.screen.inspection_id == second.id
        await pilot.press("escape")
        await settle(app, pilot)
        table = app.screen.query_one("#inspections", DataTable)
        assert table.cursor_row == 1
    assert first.id != second.id


async def test_o_is_refused_when_pressed_not_after_the_form_is_filled(
        tiny: tuple[Context, int]) -> None:
    """An inspector of another team is offered ``o`` (their role starts inspections) but is
    refused as the key is pressed, naming the rule: no form to fill in, nothing stored."""
    ctx, cid = tiny
    register(ctx, "检查员戊")
    ctx.actor = "检查员戊"
    app = make_app(lang="zh", context=ctx, today=TODAY)
    async with app.run_test(size=(100, 36), notifications=True) as pilot:
        await open_campaign(app, pilot)
        await pilot.press("o")
        await settle(app, pilot)
        assert isinstance(app.screen, CampaignScreen)
        # the refusal names the team the action needs
        assert any(f"需要检查行动 {cid} 检查组中的组长或检查人员" in m for m in notices(app))
    ctx.actor = "组长甲"
    assert campaigns.campaign_view(ctx, cid).inspections == ()
