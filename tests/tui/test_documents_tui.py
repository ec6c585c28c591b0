"""Enforcement documents (执法文书) in the terminal UI, by keys, asserted on what is stored: a
lead issues a 责令限期整改指令书 from the campaign screen and an inspector from the inspection
screen, each after a preview of its text, and sees its number; a refusal (no bureau set, no
certified second officer) is shown in the form and the preview and takes no number; the
campaign's documents list it, show its frozen text, record its delivery and void it with a
reason; the home and campaign screens show a review that is overdue; an enterprise user is not
offered issuing and sees only their own documents; ctrl+p lists the new commands."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from textual.command import CommandList, CommandPalette
from textual.widgets import SelectionList, Static, TextArea

from core.i18n import AnjianError
from core.services import bureau, campaigns, documents, inspections, users
from core.services.context import Context
from core.services.documents import IssueRequest
from core.services.packs import default_catalogue
from core.store.db import Store, open_store
from tests.tui.shown import notices, settle, shown
from tests.workflow_helpers import enterprise, onsite_campaign
from tui.app import AnjianApp, make_app
from tui.dialogs import PickDialog
from tui.documents import IssueForm, PreviewDialog, content_lines, review_lines
from tui.forms import FormDialogChecked
from tui.screens.campaign import CampaignScreen
from tui.screens.documents import DocumentScreen, DocumentsScreen
from tui.screens.help import key_rows
from tui.screens.runner import RunnerScreen
from tui.wrapped import Wrapped

TODAY = dt.date(2026, 3, 2)
LEAD, INSPECTOR, UNCERTIFIED, OWNER = "组长甲", "检查员乙", "检查员丙", "企业安全员"
OTHER = "济南另一化工有限公司"
FIRST = "（济）应急责改〔2026〕1号"
SECOND = "（济）应急责改〔2026〕2号"
RECORD = "（济）应急检记〔2026〕1号"


@dataclass
class World:
    """Two chemicals campaigns at their on-site step: the first's inspection of its target
    with two hazards (CHEM-2017-01 major, CHEM-2017-02), the second's of another enterprise
    with one; the first target's safety manager registered."""

    store: Store
    campaign: int
    other_campaign: int
    target: str
    other: str
    inspection: int
    other_inspection: int
    hazards: tuple[int, ...]

    def ctx(self, user: str = LEAD, today: dt.date = TODAY) -> Context:
        return Context(self.store, default_catalogue(), user, today, "zh")


def set_bureau(ctx: Context) -> None:
    bureau.set_bureau(ctx, name="济南市应急管理局", short="济", edition="应急",
                      reconsideration=["济南市人民政府", "山东省应急管理厅"],
                      court="济南市历下区人民法院")


def make_world(tmp_path: Path, *, with_bureau: bool = True,
               certified: tuple[str, ...] = (LEAD, INSPECTOR)) -> World:
    store = open_store(f"sqlite:///{tmp_path / 'documents.db'}")
    ctx = Context(store, default_catalogue(), LEAD, TODAY, "zh")
    cid, target = onsite_campaign(ctx)
    other = enterprise(ctx, name=OTHER)
    users.add_user(ctx, OWNER, role="enterprise", enterprise=target)
    insp = inspections.start_inspection(ctx, campaign_id=cid, enterprise=target)
    assert insp.id is not None
    inspections.answer(ctx, insp.id, "CHEM-2017-01", "noncompliant", note="主要负责人未经考核")
    inspections.answer(ctx, insp.id, "CHEM-2017-02", "noncompliant", note="安全管理人员不足")
    second = campaigns.new_campaign(ctx, sector="chemicals", packs=["chem-2017"],
                                    target=other, lead=LEAD, members=[INSPECTOR, UNCERTIFIED])
    assert second.id is not None
    campaigns.advance(ctx, second.id)
    theirs = inspections.start_inspection(ctx, campaign_id=second.id, enterprise=other)
    assert theirs.id is not None
    inspections.answer(ctx, theirs.id, "CHEM-2017-01", "noncompliant", note="未经考核上岗")
    if with_bureau:
        set_bureau(ctx)
    for n, who in enumerate(certified):
        bureau.set_cert(ctx, who, cert_no=f"3701000{n + 1}", until=dt.date(2027, 12, 31))
    found = sorted(h.id for h in inspections.inspection_view(ctx, insp.id).hazards
                   if h.id is not None)
    return World(store, cid, second.id, target, other, insp.id, theirs.id, tuple(found))


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    w = make_world(tmp_path)
    yield w
    w.store.close()


async def until(pilot: Any, holds: Any, seconds: float = 20) -> None:
    """Wait (no fixed sleep) until ``holds()``: a dialog opens after a worker's read."""
    for _ in range(int(seconds / 0.05)):
        if holds():
            return
        await pilot.pause(0.05)
    raise AssertionError("the screen never showed it")


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


def error(form: Any, key: str) -> str:
    return str(form.query_one(f"#e-{key}", Static).render())


def refusal(form: Any) -> str:
    return str(form.query_one("#form-refusal", Static).render())


def said(app: AnjianApp) -> list[str]:
    """The notifications on screen, without spaces: a toast laid out around the widgets
    beneath it may put one inside a long number or path."""
    return ["".join(n.split()) for n in notices(app)]


def preview_text(app: AnjianApp) -> str:
    return "\n".join(w.plain for w in app.screen.query(Wrapped))


def issued(ctx: Context) -> list[str]:
    return [d.number for d in documents.documents(ctx)]


async def pick_order(app: AnjianApp, pilot: Any) -> IssueForm:
    """``d`` pressed: pick 责令限期整改指令书 by its initials, wait for its form."""
    await until(pilot, lambda: isinstance(app.screen, PickDialog))
    await pilot.press(*"zlxq", "enter")
    await until(pilot, lambda: isinstance(app.screen, IssueForm))
    form = app.screen
    assert isinstance(form, IssueForm)
    await settle(app, pilot)
    return form


async def opened(app: AnjianApp, pilot: Any, number: str) -> None:
    """Issued: the document is opened, its number at its top."""
    await until(pilot, lambda: isinstance(app.screen, DocumentScreen)
                and app.screen.issued is not None)
    await settle(app, pilot)
    assert app.screen.query_one("#document-head", Static).render().plain.startswith(number)


async def campaign_screen(app: AnjianApp, pilot: Any) -> CampaignScreen:
    await settle(app, pilot)
    await pilot.press("enter")
    await settle(app, pilot)
    screen = app.screen
    assert isinstance(screen, CampaignScreen)
    return screen


# --- issuing ---------------------------------------------------------------------------------


async def test_a_lead_issues_an_order_from_the_campaign_after_its_preview(world: World) -> None:
    ctx = world.ctx(LEAD)
    app = make_app(lang="zh", context=ctx, today=TODAY)
    async with app.run_test(size=(100, 32), notifications=True) as pilot:
        await campaign_screen(app, pilot)
        await pilot.press("d")  # the cursor is on the first inspection: the target's
        form = await pick_order(app, pilot)
        assert "济南测试化工有限公司" in form.title_text
        # the officers proposed: the lead, then the certified inspector
        assert form.values()["officer1"] == LEAD and form.values()["officer2"] == INSPECTOR
        # no deadline yet: said beside each problem, nothing drafted
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is form
        for h in world.hazards:
            assert "须有整改期限" in error(form, f"hz{h}")
        put(form, "deadline", "2026-03-01")  # not after the issue date
        await pilot.pause()
        assert "2026-03-02 之后" in error(form, "deadline")
        put(form, "deadline", "2026-04-01")
        await pilot.pause()
        assert error(form, f"hz{world.hazards[0]}") == ""
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, PreviewDialog))
        await settle(app, pilot)
        text = preview_text(app)
        for part in ("责令限期整改指令书", "济南测试化工有限公司", "主要负责人未经考核",
                     "安全管理人员不足", "2026年4月1日", LEAD, INSPECTOR, "37010001",
                     "济南市人民政府", "济南市历下区人民法院", "审计链头"):
            assert part in text, part
        assert issued(ctx) == []  # a preview takes no number
        # Esc goes back to the form, everything typed kept; ctrl+s previews again
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.screen is form and form.values()["deadline"] == dt.date(2026, 4, 1)
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, PreviewDialog))
        await pilot.press("ctrl+s")
        await opened(app, pilot, FIRST)
        assert any(FIRST in n and "已开具" in n for n in said(app)), said(app)
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, CampaignScreen))
    (doc,) = documents.documents(ctx)
    assert (doc.number, doc.kind, doc.inspection_id, doc.officers) == (
        FIRST, "责改", world.inspection, (LEAD, INSPECTOR))
    assert {i.deadline for i in doc.items} == {dt.date(2026, 4, 1)}


async def test_an_inspector_issues_from_the_inspection_with_a_deadline_per_problem(
        world: World) -> None:
    ctx = world.ctx(INSPECTOR)
    app = make_app(lang="zh", context=ctx, today=TODAY)
    async with app.run_test(size=(100, 32), notifications=True) as pilot:
        await campaign_screen(app, pilot)
        await pilot.press("enter")  # the target's inspection
        await until(pilot, lambda: isinstance(app.screen, RunnerScreen)
                    and app.screen.state is not None)
        await pilot.press("d")
        form = await pick_order(app, pilot)
        assert form.values()["officer1"] == INSPECTOR and form.values()["officer2"] == LEAD
        first, second = world.hazards
        put(form, f"hz{first}", "2026-03-20")
        put(form, f"hz{second}", "2026-04-15")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, PreviewDialog))
        await settle(app, pilot)
        text = preview_text(app)
        assert "2026年3月20日" in text and "2026年4月15日" in text
        await pilot.press("ctrl+s")
        await opened(app, pilot, FIRST)
        assert any(FIRST in n for n in said(app)), said(app)
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, RunnerScreen))
        # w: the inspection's documents
        await pilot.press("w")
        await until(pilot, lambda: isinstance(app.screen, DocumentsScreen)
                    and app.screen.total is not None)
        await settle(app, pilot)
        assert FIRST in shown(app) and "检查 #1 · 共 1 件" in shown(app)
    (doc,) = documents.documents(ctx)
    assert doc.issued_by == INSPECTOR and doc.officers == (INSPECTOR, LEAD)
    assert {i.hazard_id: i.deadline for i in doc.items} == {
        first: dt.date(2026, 3, 20), second: dt.date(2026, 4, 15)}


async def test_a_record_with_its_narrative_edited_and_a_refusal_to_sign(world: World) -> None:
    """检记: the narrative drafted from the findings is in the form to edit; what is typed,
    the person in charge and their refusal to sign are what the record is issued with."""
    ctx = world.ctx(LEAD)
    drafted = documents.draft(ctx, IssueRequest(kind="检记", inspection_id=world.inspection,
                                                officers=(LEAD, INSPECTOR)))
    app = make_app(lang="zh", context=ctx, today=TODAY)
    async with app.run_test(size=(100, 32), notifications=True) as pilot:
        await campaign_screen(app, pilot)
        await pilot.press("d")
        await until(pilot, lambda: isinstance(app.screen, PickDialog))
        await pilot.press(*"xcjcjl", "enter")
        await until(pilot, lambda: isinstance(app.screen, IssueForm))
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, IssueForm)
        narrative = form.values()["narrative"]
        assert "主要负责人未经考核" in narrative
        # the text drafted is the draft's own: drafted again with it, the same document
        assert all(b.text in narrative for b in drafted.content.blocks
                   if b.kind == "para" and "现场情况" in b.text)
        put(form, "narrative", narrative + "\n现场负责人称考核已报名。")
        put(form, "place", "罐区")
        put(form, "person", "王厂长")
        put(form, "refused", "yes")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, PreviewDialog))
        await settle(app, pilot)
        text = preview_text(app)
        assert "现场负责人称考核已报名。" in text and "王厂长" in text and "罐区" in text
        assert "拒绝签字" in text
        await pilot.press("ctrl+s")
        await opened(app, pilot, RECORD)
        assert any(RECORD in n for n in said(app)), said(app)
    issued = documents.show(ctx, RECORD).content
    paras = [b.text for b in issued.blocks if b.kind == "para"]
    assert "现场负责人称考核已报名。" in paras
    signs = [sig for b in issued.blocks if b.kind == "signatures" for sig in b.signatures]
    assert any(sig.name == "王厂长" and "拒绝签字" in sig.note for sig in signs)


@pytest.mark.parametrize("offered", [True, False], ids=["chosen", "typed"])
async def test_measures_on_the_spot_chosen_or_typed_within_six_months(
        world: World, monkeypatch: pytest.MonkeyPatch, offered: bool) -> None:
    """现决: the measures the bureau's form offers are chosen from a list (typed, one a line,
    while the service names none); their end is checked against six months as typed."""
    from core.documents.compose import measures

    if offered:
        monkeypatch.setattr(documents, "measures", lambda ctx: measures("应急"), raising=False)
    else:
        monkeypatch.delattr(documents, "measures", raising=False)
    chosen = measures("应急")[2]  # 责令从危险区域内撤出作业人员
    ctx = world.ctx(LEAD)
    app = make_app(lang="zh", context=ctx, today=TODAY)
    async with app.run_test(size=(100, 32), notifications=True) as pilot:
        await campaign_screen(app, pilot)
        await pilot.press("d")
        await until(pilot, lambda: isinstance(app.screen, PickDialog))
        await pilot.press(*"xcclcs", "enter")
        await until(pilot, lambda: isinstance(app.screen, IssueForm))
        await settle(app, pilot)
        form = app.screen
        assert isinstance(form, IssueForm)
        widget = form.query_one("#f-measures")
        assert isinstance(widget, SelectionList) is offered
        put(form, "measures", [chosen] if offered else chosen)
        put(form, "until", "2026-09-03")  # six months and a day
        await pilot.pause()
        assert "最迟 2026-09-02" in error(form, "until")
        put(form, "until", "2026-09-02")
        await pilot.pause()
        assert error(form, "until") == ""
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, PreviewDialog))
        await settle(app, pilot)
        text = preview_text(app)
        assert f"1. {chosen}" in text and "2026年9月2日" in text
        await pilot.press("ctrl+s")
        await opened(app, pilot, "（济）应急现决〔2026〕1号")
    (doc,) = documents.documents(ctx)
    content = documents.show(ctx, doc.number).content
    assert any(b.text == f"1. {chosen}" for b in content.blocks)


async def test_without_a_bureau_the_refusal_is_shown_and_no_number_is_taken(
        tmp_path: Path) -> None:
    world = make_world(tmp_path, with_bureau=False)
    ctx = world.ctx(LEAD)
    app = make_app(lang="zh", context=ctx, today=TODAY)
    async with app.run_test(size=(100, 32), notifications=True) as pilot:
        await campaign_screen(app, pilot)
        await pilot.press("d")
        form = await pick_order(app, pilot)
        put(form, "deadline", "2026-04-01")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        await until(pilot, lambda: "bureau set" in refusal(form) or isinstance(
            app.screen, PreviewDialog))
        said = refusal(form)
        assert "bureau set" in said and "不能开具" in said, said
        if isinstance(app.screen, PreviewDialog):  # the text, and nothing to issue it with
            assert "ctrl+s" not in {b.binding.key for b in app.screen.active_bindings.values()
                                    if app.screen.check_action(b.binding.action, ())}
            await pilot.press("ctrl+s")
            await settle(app, pilot)
            assert isinstance(app.screen, PreviewDialog)
        assert issued(ctx) == []
    set_bureau(ctx)
    done = documents.issue(ctx, IssueRequest(kind="责改", inspection_id=world.inspection,
                                             deadline=dt.date(2026, 4, 1)))
    assert done.document.number == FIRST  # the refusal took no number
    world.store.close()


async def test_an_uncertified_second_officer_is_refused_in_form_and_preview(
        tmp_path: Path) -> None:
    world = make_world(tmp_path, certified=(LEAD,))
    ctx = world.ctx(LEAD)
    app = make_app(lang="zh", context=ctx, today=TODAY)
    async with app.run_test(size=(100, 32), notifications=True) as pilot:
        await campaign_screen(app, pilot)
        await pilot.press("d")
        form = await pick_order(app, pilot)
        put(form, "deadline", "2026-04-01")
        put(form, "officer2", UNCERTIFIED)
        await pilot.pause()
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, PreviewDialog))
        await settle(app, pilot)
        said = refusal(form)
        assert UNCERTIFIED in said and "执法证" in said, said
        preview = app.screen
        assert UNCERTIFIED in str(preview.query_one("#preview-refusal", Static).render())
        # issuing is not offered, and ctrl+s does nothing
        assert preview.check_action("issue", ()) is False
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is preview
        # the same officer twice is said beside the field
        await pilot.press("escape")
        await settle(app, pilot)
        put(form, "officer2", LEAD)
        await pilot.pause()
        assert "不同的人" in error(form, "officer2")
    assert issued(ctx) == []
    world.store.close()


# --- the campaign's documents ------------------------------------------------------------


def issue_orders(world: World, deadline: dt.date = dt.date(2026, 4, 1)) -> None:
    ctx = world.ctx(LEAD)
    for inspection in (world.inspection, world.other_inspection):
        documents.issue(ctx, IssueRequest(kind="责改", inspection_id=inspection,
                                          deadline=deadline))


async def test_the_campaigns_documents_list_show_deliver_and_void(world: World) -> None:
    issue_orders(world)
    ctx = world.ctx(LEAD)
    record = documents.issue(ctx, IssueRequest(kind="检记", inspection_id=world.inspection))
    assert record.document.number == RECORD
    app = make_app(lang="zh", context=ctx, today=TODAY)
    async with app.run_test(size=(100, 32), notifications=True) as pilot:
        await campaign_screen(app, pilot)
        await pilot.press("w")
        await until(pilot, lambda: isinstance(app.screen, DocumentsScreen)
                    and app.screen.total is not None)
        await settle(app, pilot)
        listed = shown(app)
        for part in (FIRST, RECORD, "整改指令", "检查记录", "济南测试化工有限公司",
                     "2026-03-02", "共 2 件"):
            assert part in listed, part
        assert SECOND not in listed and OTHER not in listed  # the other campaign's
        # the newest first: the record; ↓ to the order, Enter shows its text
        await pilot.press("down", "enter")
        await until(pilot, lambda: isinstance(app.screen, DocumentScreen)
                    and app.screen.issued is not None)
        text = "\n".join([shown(app), preview_text(app)])
        assert FIRST in text and "主要负责人未经考核" in text and "固定" in text
        # its delivery: to whom, how, when (today proposed)
        await pilot.press("r")
        await until(pilot, lambda: isinstance(app.screen, FormDialogChecked))
        form = app.screen
        put(form, "to", "张经理")
        put(form, "method", "left")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, DocumentScreen))
        await settle(app, pilot)
        assert "已送达：张经理，留置送达，2026-03-02" in shown(app)
        assert app.screen.check_action("deliver_document", ()) is False  # once
        # void it, with a reason (a blank reason is refused beside the field)
        await pilot.press("v")
        await until(pilot, lambda: isinstance(app.screen, FormDialogChecked))
        form = app.screen
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is form and "必填" in error(form, "reason")
        put(form, "reason", "期限写错，另行开具")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, DocumentScreen))
        await settle(app, pilot)
        assert "期限写错，另行开具" in shown(app)
        assert app.screen.check_action("void_document", ()) is False  # void already
        assert "v 作废" not in shown(app)
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, DocumentsScreen))
        await settle(app, pilot)
        assert "作废" in shown(app)
    got = documents.show(ctx, FIRST).document
    assert got.void and got.void_reason == "期限写错，另行开具" and got.voided_by == LEAD
    assert got.delivery is not None
    assert (got.delivery.recipient, got.delivery.method, got.delivery.delivered_on) == (
        "张经理", "left", TODAY)
    assert not documents.show(ctx, SECOND).document.void


async def test_a_document_is_exported_to_word(world: World, tmp_path: Path) -> None:
    issue_orders(world)
    out = tmp_path / "整改指令书.docx"
    app = make_app(lang="zh", context=world.ctx(LEAD), today=TODAY)
    async with app.run_test(size=(100, 32), notifications=True) as pilot:
        await campaign_screen(app, pilot)
        await pilot.press("w")
        await until(pilot, lambda: isinstance(app.screen, DocumentsScreen)
                    and app.screen.total is not None)
        await settle(app, pilot)
        await pilot.press("x")
        await until(pilot, lambda: isinstance(app.screen, FormDialogChecked))
        form = app.screen
        assert str(form.values()["out"]).endswith(f"{FIRST}.docx")
        put(form, "out", str(tmp_path / "x.txt"))
        await pilot.pause()
        assert ".docx" in error(form, "out")
        put(form, "out", str(out))
        await pilot.pause()
        await pilot.press("ctrl+s")
        await until(pilot, lambda: isinstance(app.screen, DocumentsScreen))
        await settle(app, pilot)
        assert any("已导出" in n and out.name in n for n in said(app)), said(app)
    import docx

    text = "\n".join(p.text for p in docx.Document(str(out)).paragraphs)
    assert FIRST in text
    world.store.close()


async def test_a_long_list_is_read_a_window_at_a_time(world: World,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Twelve records, windows of five: the table holds a window; moving down reads the next
    ones, End the last (the oldest), Home the first."""
    monkeypatch.setattr(DocumentsScreen, "PAGE", 5)
    monkeypatch.setattr(DocumentsScreen, "MARGIN", 2)
    ctx = world.ctx(LEAD)
    numbers = [documents.issue(ctx, IssueRequest(kind="检记", inspection_id=world.inspection)
                               ).document.number for _ in range(12)]
    app = make_app(lang="zh", context=ctx, today=TODAY)
    async with app.run_test(size=(100, 32)) as pilot:
        await campaign_screen(app, pilot)
        await pilot.press("w")
        await until(pilot, lambda: isinstance(app.screen, DocumentsScreen)
                    and app.screen.total is not None)
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, DocumentsScreen)
        table = screen.table
        assert "共 12 件" in shown(app)
        assert table.row_count < 12  # a window, not the whole list
        assert screen.rows[0].number == numbers[-1]  # the newest first
        await pilot.press("end")
        await settle(app, pilot)
        assert screen.rows[-1].number == numbers[0] and table.row_count < 12
        assert table.cursor_row == table.row_count - 1
        await pilot.press("home")
        await settle(app, pilot)
        assert screen.rows[0].number == numbers[-1] and table.cursor_row == 0
        for _ in range(11):
            await pilot.press("down")
            await settle(app, pilot)
        assert screen.current() is not None and screen.current().number == numbers[0]


# --- reviews due -------------------------------------------------------------------------


async def test_home_and_campaign_show_an_overdue_review(world: World) -> None:
    issue_orders(world, deadline=dt.date(2026, 3, 10))  # reviewed by 03-20
    later = dt.date(2026, 3, 25)
    app = make_app(lang="zh", context=world.ctx(LEAD, later), today=later)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(app, pilot)
        home = shown(app)
        assert "待复查" in home and "已逾期" in home, home
        assert f"{FIRST} · 济南测试化工有限公司" in home
        assert "应于 2026-03-20 前复查" in home
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, CampaignScreen)
        there = shown(app)
        assert "待复查" in there and FIRST in there and "已逾期" in there


def test_review_lines_put_overdue_first_and_mark_them() -> None:
    from core.views.documents import ReviewDue

    def due(order: str, state: str, deadline: dt.date) -> ReviewDue:
        return ReviewDue(order=order, order_id=1, inspection_id=1, campaign_id=1,
                         enterprise_uscc="X", enterprise_name="甲公司", deadline=deadline,
                         due_by=deadline + dt.timedelta(days=10), state=state)  # type: ignore[arg-type]

    lines = review_lines([due("A", "due", dt.date(2026, 3, 20)),
                          due("B", "overdue", dt.date(2026, 3, 1))], "zh")
    assert lines[0][0].startswith("! B") and "已逾期" in lines[0][0]
    assert lines[0][1] == "bold red" and "到期" in lines[1][0]
    many = review_lines([due(str(n), "due", dt.date(2026, 3, 20)) for n in range(8)], "en",
                        most=3)
    assert many[-1][0] == "… 5 more"


# --- an enterprise user ------------------------------------------------------------------


async def test_an_enterprise_user_is_not_offered_issuing_and_sees_only_their_documents(
        world: World) -> None:
    issue_orders(world)
    app = make_app(lang="zh", context=world.ctx(OWNER), today=TODAY)
    async with app.run_test(size=(100, 32), notifications=True) as pilot:
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, CampaignScreen)
        assert screen.check_action("issue_document", ()) is False
        assert "开具文书" not in shown(app)
        await pilot.press("d")
        await settle(app, pilot)
        assert app.screen is screen  # nothing opened
        await pilot.press("w")
        await until(pilot, lambda: isinstance(app.screen, DocumentsScreen)
                    and app.screen.total is not None)
        await settle(app, pilot)
        listed = shown(app)
        assert FIRST in listed and SECOND not in listed and OTHER not in listed
        assert "共 1 件" in listed
        # neither void nor delivery offered
        assert app.screen.check_action("void_document", ()) is False
        assert app.screen.check_action("deliver_document", ()) is False
        # the other enterprise's campaign: its order is not theirs to read
        await pilot.press("escape", "escape")
        await settle(app, pilot)
        await pilot.press("down", "enter")
        await settle(app, pilot)
        assert isinstance(app.screen, CampaignScreen)
        assert app.screen.campaign_id == world.other_campaign
        await pilot.press("w")
        await until(pilot, lambda: isinstance(app.screen, DocumentsScreen)
                    and app.screen.total is not None)
        await settle(app, pilot)
        listed = shown(app)
        assert "共 0 件" in listed and "尚无执法文书" in listed and SECOND not in listed
    with pytest.raises(AnjianError):
        documents.show(world.ctx(OWNER), SECOND)


# --- the palette ---------------------------------------------------------------------------


def palette_lines(app: AnjianApp) -> list[str]:
    options = app.screen.query_one(CommandList)
    return [line for n in range(options.option_count)
            for line in str(options.get_option_at_index(n).prompt).splitlines()]


async def test_ctrl_p_lists_the_document_commands(world: World) -> None:
    issue_orders(world)
    app = make_app(lang="zh", context=world.ctx(LEAD), today=TODAY)
    async with app.run_test(size=(100, 32)) as pilot:
        await campaign_screen(app, pilot)
        await pilot.press("ctrl+p")
        await settle(app, pilot)
        assert isinstance(app.screen, CommandPalette)
        lines = palette_lines(app)
        assert {"开具文书", "按键 d", "执法文书", "按键 w"} <= set(lines), lines
        await pilot.press("escape")
        await settle(app, pilot)
        await pilot.press("w")
        await until(pilot, lambda: isinstance(app.screen, DocumentsScreen)
                    and app.screen.total is not None)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, DocumentScreen))
        await settle(app, pilot)
        await pilot.press("ctrl+p")
        await settle(app, pilot)
        lines = palette_lines(app)
        assert {"作废", "登记送达", "导出文书", "返回"} <= set(lines), lines
    # the help screen lists them, from the same table
    rows = set(key_rows("zh"))
    assert {("检查行动", "d", "开具文书"), ("检查行动", "w", "执法文书"),
            ("检查", "d", "开具文书"), ("执法文书", "v", "作废"),
            ("执法文书", "r", "登记送达"), ("文书全文", "x", "导出文书"),
            ("文书预览", "Ctrl+S", "开具并编号"), ("文书预览", "Esc", "返回修改")} <= rows, rows


def test_a_documents_text_as_lines() -> None:
    """Fields, paragraphs, a table's rows with their headers, signatures with certificate
    numbers, the seal, the note and the audit head, in order."""
    from core.views.audit import ChainHead
    from core.views.documents import Block, DocumentContent, Field, Row, Signature

    content = DocumentContent(
        kind="责改", edition="应急", header="安全生产行政执法文书", title="责令限期整改指令书",
        number=FIRST, issuer="济南市应急管理局", addressee="济南测试化工有限公司",
        issued_on=TODAY, head=ChainHead(seq=12, hash="ab" * 32),
        blocks=(Block(kind="fields", fields=(Field(label="地址", value="历下区"),)),
                Block(kind="table", header=("序号", "问题", "期限"),
                      rows=(Row(cells=("1", "未考核", "2026年4月1日")),)),
                Block(kind="signatures", text="2026年3月2日",
                      signatures=(Signature(role="执法人员", name=LEAD, cert_no="37010001"),
                                  Signature(role="被检查单位负责人", note="拒绝签字"))),
                Block(kind="seal", text="济南市应急管理局"),
                Block(kind="note", text="本文书一式两份")))
    lines = [line for line, _ in content_lines(content, "zh") if line]
    assert lines[:4] == ["安全生产行政执法文书", "责令限期整改指令书", FIRST,
                         "济南测试化工有限公司："]
    assert "地址：历下区" in lines
    assert "1. 问题：未考核；期限：2026年4月1日" in lines
    assert f"执法人员：{LEAD}（执法证号 37010001）" in lines
    assert "被检查单位负责人：________" in lines and "  拒绝签字" in lines
    assert "济南市应急管理局" in lines and "本文书一式两份" in lines
    assert lines[-1] == "开具时的审计链头：#12 " + ("ab" * 32)[:16]
