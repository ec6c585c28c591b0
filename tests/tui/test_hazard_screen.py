"""A hazard's own screen: every section of a hazard that has them; a lead verifies or rejects
from it, an enterprise user submits the rectification with a file picked in the file picker,
and nobody is offered what their role may not do — each asserted on what is stored."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from core.services import evidence, hazards
from tests.hazard_world import INSPECTOR, LEAD, OWNER, HazardWorld, hazard_world
from tests.tui.shown import shown
from tui.app import AnjianApp, make_app
from tui.forms import FilePickDialog, FormDialogChecked
from tui.wrapped import Wrapped

TODAY = dt.date(2026, 3, 2)


async def settle(app: AnjianApp, pilot: Any) -> None:
    for _ in range(3):
        await app.workers.wait_for_complete()
        await pilot.pause()


async def opened(world: HazardWorld, user: str, pilot: Any) -> AnjianApp:
    app: AnjianApp = pilot.app
    await settle(app, pilot)
    app.open_hazard(world.hazard)
    await settle(app, pilot)
    return app


def offered(app: AnjianApp) -> set[str]:
    return {b.binding.key for b in app.screen.active_bindings.values()}


async def test_every_section_of_a_full_hazard_is_shown(tmp_path: Path) -> None:
    world = hazard_world(tmp_path, TODAY)
    app = make_app(context=world.ctx(LEAD), today=TODAY)
    async with app.run_test(size=(100, 40)) as pilot:
        await opened(world, LEAD, pilot)
        # what the frame shows and every section below it
        text = "\n".join([shown(app), *(w.plain for w in app.screen.query(Wrapped))])
    for part in ("发现", "整改计划", "整改期限", "延期申请", "整改提交", "复查", "历史记录",
                 "济南测试化工有限公司", "CHEM-2017-01", "chem-2017", "第 ",
                 "检查人员记录：主要负责人未经考核", world.shas["现场照片.jpg"],
                 world.shas["考核证书.pdf"], "考核证书.pdf（16 字节）", "安全科张三",
                 "专人监护", "批准延期", "考试排期", "退回整改（组长甲", "证书未取得",
                 "验收销号", "已销号"):
        assert part in text, part
    world.store.close()


async def test_a_lead_verifies_from_the_hazard_screen(tmp_path: Path) -> None:
    world = hazard_world(tmp_path, TODAY, upto="submitted")
    app = make_app(context=world.ctx(LEAD), today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(world, LEAD, pilot)
        assert {"v", "r"} <= offered(app) and "s" not in offered(app)
        await pilot.press("v")
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, FormDialogChecked)
        await pilot.press("ctrl+s")  # no note: refused beside the field, nothing stored
        await settle(app, pilot)
        assert app.screen is form and "必填" in str(form.query_one("#e-note").render())
        assert hazards.record(world.ctx(LEAD), world.hazard).hazard.status == "submitted"
        await pilot.press(*"证书核验无误", "ctrl+s")
        await settle(app, pilot)
        assert not isinstance(app.screen, FormDialogChecked)
        assert "已销号" in shown(app)
    r = hazards.record(world.ctx(LEAD), world.hazard)
    assert (r.hazard.status, r.hazard.note, r.hazard.verified_by) == ("closed", "证书核验无误",
                                                                     LEAD)
    assert [x.result for x in r.rectifications] == ["accepted"]
    world.store.close()


async def test_a_lead_rejects_from_the_hazard_screen(tmp_path: Path) -> None:
    world = hazard_world(tmp_path, TODAY, upto="submitted")
    app = make_app(context=world.ctx(LEAD), today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(world, LEAD, pilot)
        await pilot.press("r", *"证书未取得", "ctrl+s")
        await settle(app, pilot)
    r = hazards.record(world.ctx(LEAD), world.hazard)
    assert (r.hazard.status, r.hazard.note) == ("rectifying", "证书未取得")
    assert [(x.result, x.note) for x in r.rectifications] == [("rejected", "证书未取得")]
    assert r.history[-1].action == "hazard.reject"
    world.store.close()


async def test_an_enterprise_user_submits_with_a_file_from_the_picker(tmp_path: Path) -> None:
    world = hazard_world(tmp_path, TODAY, upto="extended")
    folder = tmp_path / "整改材料"
    folder.mkdir()
    photo = folder / "整改后照片.jpg"
    photo.write_bytes(b"\xff\xd8 after")
    import hashlib

    sha = hashlib.sha256(photo.read_bytes()).hexdigest()
    app = make_app(context=world.ctx(OWNER), today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(world, OWNER, pilot)
        assert "s" in offered(app) and not {"v", "r"} & offered(app)
        await pilot.press("v")  # not offered: nothing opens
        await settle(app, pilot)
        assert not isinstance(app.screen, FormDialogChecked)
        await pilot.press("s")
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, FormDialogChecked)
        await pilot.press("ctrl+s")  # neither a description nor a file: refused in the form
        await settle(app, pilot)
        assert app.screen is form
        assert "说明或附上证据文件" in str(form.query_one("#form-refusal").render())
        await pilot.press(*"已补考核", "tab")  # to the file field
        await pilot.press("ctrl+o")
        # the picker's folder tree keeps a loader running: pause, not wait for workers
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, FilePickDialog)
        path = picker.query_one("#path")
        path.value = str(photo)  # type: ignore[attr-defined]
        path.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is form
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert not isinstance(app.screen, FormDialogChecked)
    r = hazards.record(world.ctx(LEAD), world.hazard)
    assert r.hazard.status == "submitted"
    (fix,) = r.rectifications
    assert fix.evidence == "已补考核"
    assert [(f.name, f.size, f.sha256) for f in fix.files] == [
        ("整改后照片.jpg", photo.stat().st_size, sha)]
    # the stored copy is the file's content: the evidence check finds it intact
    assert evidence.verify(world.ctx(LEAD)).damaged == ()
    world.store.close()


async def test_an_inspector_is_not_offered_verify(tmp_path: Path) -> None:
    world = hazard_world(tmp_path, TODAY, upto="submitted")
    app = make_app(context=world.ctx(INSPECTOR), today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(world, INSPECTOR, pilot)
        assert not {"v", "r", "s"} & offered(app)
        footer = [b.binding.description for b in app.screen.active_bindings.values()]
        assert "验收" not in footer and "退回" not in footer
        await pilot.press("v", "r")
        await settle(app, pilot)
        assert not isinstance(app.screen, FormDialogChecked)
    r = hazards.record(world.ctx(LEAD), world.hazard)
    assert r.hazard.status == "submitted"
    world.store.close()


async def test_a_major_hazards_plan_needs_every_part_before_it_is_stored(tmp_path: Path
                                                                         ) -> None:
    world = hazard_world(tmp_path, TODAY, upto="found")
    app = make_app(context=world.ctx(INSPECTOR), today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(world, INSPECTOR, pilot)
        assert {"p", "d"} <= offered(app) and not {"g", "n", "e"} & offered(app)
        # planned before the team set a deadline: refused when p is pressed, naming the
        # rule, before any field is filled
        await pilot.press("p")
        await settle(app, pilot)
        assert not isinstance(app.screen, FormDialogChecked)
        assert any("尚无整改期限" in str(n.message) for n in app._notifications)
        assert hazards.record(world.ctx(LEAD), world.hazard).hazard.status == "open"
        # the deadline from the hazard screen: a date in the past is named beside the field
        await pilot.press("d", *"2026-02-01")
        await pilot.pause()
        assert "不能早于今天" in str(app.screen.query_one("#e-deadline").render())
        app.screen.query_one("#f-deadline").value = "2026-03-20"  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert hazards.record(world.ctx(LEAD), world.hazard).hazard.deadline == dt.date(
            2026, 3, 20)
        await pilot.press("p")
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, FormDialogChecked)
        await pilot.press(*"安全科张三", "tab", *"消除隐患", "ctrl+s")
        await settle(app, pilot)
        # five parts missing: each says so beside it, and nothing is stored
        assert app.screen is form
        assert "必填" in str(form.query_one("#e-plan_safety").render())
        assert hazards.record(world.ctx(LEAD), world.hazard).hazard.status == "open"
        for key, text in (("plan_method", "补考核"), ("plan_funding", "企业自筹"),
                          ("plan_organisation", "安全科"), ("plan_timeline", "三十日内"),
                          ("plan_safety", "专人监护")):
            form.query_one(f"#f-{key}").value = text  # type: ignore[attr-defined]
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert not isinstance(app.screen, FormDialogChecked), str(
            form.query_one("#form-refusal").render())
    h = hazards.record(world.ctx(LEAD), world.hazard).hazard
    assert (h.status, h.responsible, h.plan_goal, h.plan_safety) == (
        "rectifying", "安全科张三", "消除隐患", "专人监护")
    world.store.close()


async def test_more_time_is_asked_for_and_granted_from_the_hazard_screen(tmp_path: Path
                                                                         ) -> None:
    world = hazard_world(tmp_path, TODAY, upto="planned")
    deadline = hazards.record(world.ctx(LEAD), world.hazard).hazard.deadline
    assert deadline is not None
    app = make_app(context=world.ctx(OWNER), today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(world, OWNER, pilot)
        assert "e" in offered(app) and not {"d", "g", "n"} & offered(app)
        await pilot.press("e", *deadline.isoformat())
        await pilot.pause()
        assert "须晚于现有期限" in str(app.screen.query_one("#e-until").render())
        later = deadline + dt.timedelta(days=30)
        app.screen.query_one("#f-until").value = later.isoformat()  # type: ignore[attr-defined]
        await pilot.press("tab", *"设备到货需时", "ctrl+s")
        await settle(app, pilot)
        assert not isinstance(app.screen, FormDialogChecked)
    assert hazards.record(world.ctx(LEAD), world.hazard).detail.pending is not None
    app = make_app(context=world.ctx(LEAD), today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await opened(world, LEAD, pilot)
        await pilot.press("g", *"同意延期", "ctrl+s")
        await settle(app, pilot)
        assert "批准延期" in "\n".join(w.plain for w in app.screen.query(Wrapped))
    r = hazards.record(world.ctx(LEAD), world.hazard)
    assert r.hazard.deadline == later and r.detail.pending is None
    assert [(x.status, x.note) for x in r.detail.extensions] == [("granted", "同意延期")]
    world.store.close()
