"""Enforcement documents through the services: every refusal of bad input names what is
missing and leaves the database as it was (no number consumed); issued documents are frozen,
keep their number when voided, name the document a correction replaces; a delivery is
recorded once; the reviews orders schedule move from scheduled to due, overdue and done as the
clock moves; numbers stay gap-free under two issuers at once on PostgreSQL."""

from __future__ import annotations

import datetime as dt
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from core.i18n import AnjianError
from core.process.documents import add_months, number
from core.services import bureau, documents, hazards, inspections
from core.services.context import Context
from core.services.documents import IssueRequest, content_hash
from core.services.packs import default_catalogue
from core.store import queries as q
from core.store.db import open_store
from tests.db_state import everything
from tests.documents_world import (
    ADMIN,
    CERTS,
    INSPECTOR,
    INSPECTOR2,
    LEAD,
    OUTSIDER,
    OWNER,
    DocWorld,
    doc_world,
)
from tests.workflow_helpers import onsite_campaign

TODAY = dt.date(2026, 3, 2)
LATER = TODAY + dt.timedelta(days=30)


def num(kind: str, seq: int, year: int = TODAY.year) -> str:
    return number("济", "应急", kind, year, seq)


@pytest.fixture
def sqlite_url(sqlite_template: Path, tmp_path: Path) -> str:
    shutil.copyfile(sqlite_template, tmp_path / "anjian.db")
    return f"sqlite:///{tmp_path / 'anjian.db'}"


@pytest.fixture
def world(sqlite_url: str) -> Iterator[DocWorld]:
    w = doc_world(sqlite_url, TODAY)
    yield w
    w.store.close()


def refused(w: DocWorld, ctx: Context, request: IssueRequest, *expected: str) -> str:
    """Issuing ``request`` is refused, naming each of ``expected`` in Chinese (and saying so
    in English), and the database is as it was."""
    before = everything(w.store)
    with pytest.raises(AnjianError) as no:
        documents.issue(ctx, request)
    assert no.value.key == "doc.refused"
    zh, en = no.value.render("zh"), no.value.render("en")
    for text in expected:
        assert text in zh, zh
    assert "未占用文号" in zh and "No number was taken" in en
    assert everything(w.store) == before
    return zh


# --- bad input: refused, naming what is missing, no number consumed ------------------------


def test_without_a_bureau_nothing_is_issued(sqlite_url: str) -> None:
    w = doc_world(sqlite_url, TODAY, with_bureau=False)
    try:
        me = w.ctx(INSPECTOR)
        refused(w, me, w.request("检记"), "尚未登记执法机关", "anjian bureau set")
        draft = documents.draft(me, w.request("检记"))
        assert any("尚未登记执法机关" in r.render("zh") for r in draft.refusals)
        bureau.set_bureau(w.ctx(ADMIN), name="济南市应急管理局", short="济", edition="应急",
                          reconsideration=["济南市人民政府"], court="济南市历下区人民法院")
        assert documents.draft(me, w.request("检记")).refusals == ()
        assert documents.issue(me, w.request("检记")).document.number == num("检记", 1)
    finally:
        w.store.close()


def test_two_certified_officers_sign(sqlite_url: str) -> None:
    w = doc_world(sqlite_url, TODAY, certified=(INSPECTOR,))
    try:
        me = w.ctx(INSPECTOR)
        # by default the acting user and the next certified member: there is none
        refused(w, me, w.request("检记"), "两名执法人员", "现为 1 名")
        refused(w, me, w.request("检记", officers=[INSPECTOR, LEAD]),
                f"执法人员 {LEAD} 没有登记执法证号", f"anjian users set-cert {LEAD}")
        refused(w, me, w.request("检记", officers=[INSPECTOR, INSPECTOR]), "现为 1 名")
        refused(w, me, w.request("检记", officers=[INSPECTOR, "无名氏"]),
                "执法人员 无名氏 不是已登记用户")
        refused(w, me, w.request("检记", officers=[INSPECTOR, OWNER]),
                f"{OWNER} 的角色为 企业用户")
        bureau.set_cert(w.ctx(ADMIN), LEAD, cert_no=CERTS[LEAD], until=LATER)
        done = documents.issue(me, w.request("检记"))
        assert done.document.number == num("检记", 1)
        assert done.document.officers == (INSPECTOR, LEAD)  # the lead, first of the team
    finally:
        w.store.close()


def test_an_expired_certificate_does_not_sign(sqlite_url: str) -> None:
    w = doc_world(sqlite_url, TODAY, cert_until=TODAY + dt.timedelta(days=10))
    try:
        later = w.ctx(INSPECTOR, TODAY + dt.timedelta(days=11))
        refused(w, later, w.request("检记", officers=[INSPECTOR, LEAD]),
                f"执法人员 {INSPECTOR} 的执法证已于 {TODAY + dt.timedelta(days=10)} 过期",
                f"执法人员 {LEAD} 的执法证已于")
        for name in (INSPECTOR, LEAD):
            bureau.set_cert(w.ctx(ADMIN, TODAY + dt.timedelta(days=11)), name,
                            cert_no=CERTS[name], until=LATER + dt.timedelta(days=300))
        assert documents.issue(later, w.request("检记", officers=[INSPECTOR, LEAD])
                               ).document.number == num("检记", 1)
    finally:
        w.store.close()


def test_an_officer_off_the_team_does_not_sign(world: DocWorld) -> None:
    me = world.ctx(INSPECTOR)
    refused(world, me, world.request("检记", officers=[INSPECTOR, OUTSIDER]),
            f"执法人员 {OUTSIDER} 不在本次检查所属行动的检查组中")
    refused(world, me, world.request("检记", officers=[INSPECTOR, LEAD, INSPECTOR2]),
            "不是 3 名")
    done = documents.issue(me, world.request("检记", officers=[INSPECTOR, INSPECTOR2]))
    assert done.document.number == num("检记", 1)
    assert [s.cert_no for b in done.content.blocks for s in b.signatures if s.cert_no] == [
        CERTS[INSPECTOR], CERTS[INSPECTOR2]]


@pytest.mark.parametrize("days", [-1, 0])
def test_an_order_s_deadline_falls_after_its_date(world: DocWorld, days: int) -> None:
    me = world.ctx(INSPECTOR)
    day = TODAY + dt.timedelta(days=days)
    refused(world, me, world.request("责改", deadline=day),
            f"整改期限 {day} 不在签发日期 {TODAY} 之后")
    first, second = world.hazards
    refused(world, me, world.request("责改", items={"CHEM-2017-01": LATER}),
            f"隐患 {second}（CHEM-2017-12，", "没有整改期限", "--item CHEM-2017-12=日期")
    # the preview shows what it can, and why it may not be issued
    partial = documents.draft(me, world.request("责改", items={"CHEM-2017-01": LATER}))
    assert [r.key for r in partial.refusals] == ["doc.no_deadline"]
    assert [r.cells[0] for b in partial.content.blocks for r in b.rows] == ["1"]
    refused(world, me, world.request("责改", items={"#x": LATER}), "无法识别的隐患 #x")
    refused(world, me, world.request("责改", deadline=LATER, items={"CHEM-2017-99": LATER}),
            "没有检查项 CHEM-2017-99 的待整改隐患")
    done = documents.issue(me, world.request("责改", deadline=LATER,
                                             items={f"#{first}": LATER + dt.timedelta(days=5)}))
    assert done.document.number == num("责改", 1)
    assert [(i.hazard_id, i.ordinal, i.deadline) for i in done.document.items] == [
        (first, 1, LATER + dt.timedelta(days=5)), (second, 2, LATER)]


def test_an_inspection_with_nothing_to_order(world: DocWorld) -> None:
    me = world.ctx(INSPECTOR)
    clean = inspections.start_inspection(me, campaign_id=world.campaign,
                                         enterprise=world.enterprise, again=True)
    assert clean.id is not None
    inspections.answer(me, clean.id, "CHEM-2017-03", "compliant")
    nothing = IssueRequest(kind="责改", inspection_id=clean.id, deadline=LATER)
    refused(world, me, nothing, f"检查 {clean.id} 没有待整改的隐患")
    refused(world, me, IssueRequest(kind="现决", inspection_id=clean.id, measures=["停产"]),
            "没有待整改的重大事故隐患")
    refused(world, me, IssueRequest(kind="回", inspection_id=clean.id),
            "没有已签发的执法文书")
    assert documents.issue(me, world.request("责改", deadline=LATER)
                           ).document.number == num("责改", 1)


def test_the_same_problems_are_not_ordered_twice(world: DocWorld) -> None:
    me = world.ctx(INSPECTOR)
    first = documents.issue(me, world.request("责改", deadline=LATER))
    assert first.document.number == num("责改", 1)
    refused(world, me, world.request("责改", deadline=LATER),
            f"已全部由 {num('责改', 1)} 责令整改", "--replaces")
    hid = world.hazards[0]
    refused(world, me, world.request("责改", items={f"#{hid}": LATER}),
            f"隐患 {hid}（CHEM-2017-01）已由 {num('责改', 1)} 责令整改")
    # voided, the hazards may be ordered again: with the next number, none lost
    documents.void(world.ctx(LEAD), num("责改", 1), reason="送达前发现笔误")
    assert documents.issue(me, world.request("责改", deadline=LATER)
                           ).document.number == num("责改", 2)


def test_a_review_needs_an_issued_order(world: DocWorld) -> None:
    me = world.ctx(INSPECTOR)
    refused(world, me, world.request("复查"), "没有已签发且未作废的责令限期整改指令书")
    refused(world, me, world.request("复查", order="（济）应急责改〔2026〕9号"), "没有文书")
    record = documents.issue(me, world.request("检记"))
    refused(world, me, world.request("复查", order=record.document.number),
            "是现场检查记录，不是责令限期整改指令书")
    order = documents.issue(me, world.request("责改", deadline=LATER))
    review = documents.issue(world.ctx(INSPECTOR, LATER), world.request("复查"))
    assert review.document.number == num("复查", 1)
    assert review.document.order == order.document.number
    refused(world, world.ctx(INSPECTOR, LATER), world.request("复查"),
            f"{order.document.number} 已由 {num('复查', 1)} 复查")


def test_a_hazard_of_another_enterprise_is_refused(world: DocWorld) -> None:
    admin = world.ctx(ADMIN)
    cid, other = onsite_campaign(admin)
    me = world.ctx(INSPECTOR)
    insp = inspections.start_inspection(me, campaign_id=cid, enterprise=other)
    assert insp.id is not None
    inspections.answer(me, insp.id, "CHEM-2017-01", "noncompliant")
    (theirs,) = [h.id for h in inspections.inspection_view(admin, insp.id).hazards]
    refused(world, me, world.request("责改", deadline=LATER, items={f"#{theirs}": LATER}),
            f"隐患 {theirs} 属于单位 {other}，不属于被检查单位 {world.enterprise}")
    refused(world, me, world.request("现决", measures=["责令暂时停产停业"],
                                     items={f"#{theirs}": LATER}), f"属于单位 {other}")
    # nor is another enterprise's order reviewed here
    theirs_order = documents.issue(me, IssueRequest(kind="责改", inspection_id=insp.id,
                                                    deadline=LATER))
    refused(world, me, world.request("复查", order=theirs_order.document.number),
            f"是对单位 {other} 下达的")


def test_measures_on_the_spot_last_six_months_at_most(world: DocWorld) -> None:
    me = world.ctx(INSPECTOR)
    limit = add_months(TODAY, 6)
    refused(world, me, world.request("现决", measures=["责令暂时停产停业"],
                                     measures_until=limit + dt.timedelta(days=1)),
            f"超过 6 个月（最迟 {limit}）")
    refused(world, me, world.request("现决", measures_until=limit), "没有写现场处理措施")
    refused(world, me, world.request("现决", measures=["停止使用"], measures_until=TODAY),
            "不在签发日期")
    done = documents.issue(me, world.request("现决", measures=["责令暂时停产停业"],
                                             measures_until=limit))
    assert done.document.number == num("现决", 1)
    # the major hazards by default (every item of this pack is one), or those named
    assert [i.hazard_id for i in done.document.items] == world.hazards
    named = documents.issue(me, world.request("现决", measures=["责令停止使用相关设施、设备"],
                                              hazards=["CHEM-2017-12"]))
    assert [(i.hazard_id, i.ordinal) for i in named.document.items] == [(world.hazards[1], 1)]
    assert named.document.number == num("现决", 2)
    text = "\n".join(b.text for b in done.content.blocks)
    assert "1. 责令暂时停产停业" in text and f"{limit.year}年{limit.month}月{limit.day}日" in text


def test_only_the_team_issues(world: DocWorld) -> None:
    for who in (OWNER, OUTSIDER):
        before = everything(world.store)
        with pytest.raises(AnjianError) as no:
            documents.issue(world.ctx(who), world.request("检记"))
        assert no.value.key.startswith("needs.")
        assert everything(world.store) == before
    assert documents.issue(world.ctx(LEAD), world.request("检记")).document.number == num(
        "检记", 1)


# --- frozen at issuance --------------------------------------------------------------------


def test_an_issued_order_is_frozen_whatever_its_hazards_become(db_url: str) -> None:
    w = doc_world(db_url, TODAY)
    try:
        me = w.ctx(INSPECTOR)
        issued = documents.issue(me, w.request("责改", deadline=LATER))
        doc = issued.document
        stored = issued.content.model_dump(mode="json")
        assert doc.content_hash == content_hash(stored)
        # the hazards' deadlines are the order's, each change naming it
        for hid in w.hazards:
            detail = hazards.detail(me, hid)
            assert detail.hazard.deadline == LATER
            assert detail.deadlines[-1].reason == doc.number
        # the enterprise rectifies, the lead verifies: both hazards closed
        owner, lead = w.ctx(OWNER), w.ctx(LEAD)
        plan: dict[str, Any] = {"plan_goal": "g", "plan_method": "m", "plan_funding": "f",
                "plan_organisation": "o", "plan_timeline": "t", "plan_safety": "s"}
        for hid in w.hazards:
            hazards.plan(owner, hid, responsible="安全科", **plan)
            hazards.submit(owner, hid, evidence="已整改")
            hazards.verify(lead, hid, accept=True, note="现场核查合格")
        assert {hazards.detail(me, h).hazard.status for h in w.hazards} == {"closed"}
        shown = documents.show(w.ctx(ADMIN), doc.number)
        assert shown.content == issued.content
        assert shown.content.model_dump(mode="json") == stored
        assert content_hash(shown.content.model_dump(mode="json")) == doc.content_hash
        assert shown.document.content_hash == doc.content_hash
        text = "\n".join(c for b in shown.content.blocks for r in b.rows for c in r.cells)
        assert "主要负责人未经安全考核" in text and "储罐区未设置可燃气体报警" in text
        # what the record says now would be refused: nothing is left to order
        assert documents.draft(me, w.request("责改", deadline=LATER)).refusals
        with w.store.reading() as s:
            (entry,) = [e for e in q.audit_entries(s) if e.action == "document.issue"]
        assert entry.object_type == "document" and entry.object_id == doc.number
        assert entry.after is not None
        assert entry.after["hash"] == doc.content_hash and entry.after["kind"] == "责改"
        # the head printed is the chain's head before the issuing entries
        assert shown.content.head == doc.head and doc.head.seq < entry.seq
        # the review then finds them rectified, item by item
        review = documents.issue(w.ctx(INSPECTOR, LATER), w.request("复查"))
        assert [i.outcome for i in review.document.items] == ["rectified", "rectified"]
        rows = [r.cells for b in review.content.blocks for r in b.rows]
        assert [r[3] for r in rows] == ["已整改", "已整改"] and rows[0][4] == "现场核查合格"
    finally:
        w.store.close()


def test_a_record_drafts_its_narrative_from_the_findings(world: DocWorld) -> None:
    me = world.ctx(INSPECTOR)
    draft = documents.draft(me, world.request("检记", person_in_charge="王五"))
    assert draft.refusals == ()
    assert draft.content.number == num("检记", 1)
    paras = [b.text for b in draft.content.blocks if b.kind == "para"]
    assert any("共检查3项" in p for p in paras)
    assert any("主要负责人未经安全考核" in p for p in paras)
    assert any("安全制度齐全" in p for p in paras)
    edited = documents.issue(me, world.request("检记", narrative="现场检查了储罐区。\n未见异常。",
                                               refused_to_sign=True, place="储罐区"))
    paras = [b.text for b in edited.content.blocks if b.kind == "para"]
    assert "现场检查了储罐区。" in paras and "未见异常。" in paras
    notes = [s.note for b in edited.content.blocks for s in b.signatures if s.note]
    assert notes and "拒绝签字" in notes[0]
    fields = {f.label: f.value for b in edited.content.blocks for f in b.fields}
    assert fields["检查场所"] == "储罐区"


# --- void, correction, delivery ------------------------------------------------------------


def test_void_keeps_the_number_and_a_correction_names_what_it_replaces(db_url: str) -> None:
    w = doc_world(db_url, TODAY)
    try:
        me, lead = w.ctx(INSPECTOR), w.ctx(LEAD)
        first = documents.issue(me, w.request("责改", deadline=LATER)).document
        fixed = documents.issue(me, w.request("责改", deadline=LATER + dt.timedelta(days=5),
                                              replaces=first.number))
        assert fixed.document.number == num("责改", 2)
        assert fixed.document.replaces == first.number
        assert fixed.content.replaces == first.number
        assert first.number in fixed.content.blocks[0].text
        old = documents.show(lead, first.number).document
        assert old.void and old.void_reason == f"由 {fixed.document.number} 更正"
        assert old.number == first.number and old.voided_by == INSPECTOR
        # the hazards now run to the correction's deadline
        assert hazards.detail(me, w.hazards[0]).hazard.deadline == LATER + dt.timedelta(days=5)
        # a void document is not corrected again, nor one of another kind
        record = documents.issue(me, w.request("检记")).document
        for replaces, text in ((first.number, "已作废"), (record.number, "不能用本文书更正"),
                               ("（济）应急责改〔2026〕99号", "不存在")):
            refused(w, me, w.request("责改", deadline=LATER, replaces=replaces), text)
        # voiding: the campaign's lead, with a reason, once
        before = everything(w.store)
        for who, reason, key in ((me, "笔误", "needs.campaign_lead"),
                                 (w.ctx(OWNER), "笔误", "needs.campaign_lead"),
                                 (lead, " ", "doc.void_needs_reason")):
            with pytest.raises(AnjianError) as no:
                documents.void(who, fixed.document.number, reason=reason)
            assert no.value.key == key
        assert everything(w.store) == before
        voided = documents.void(lead, fixed.document.number, reason="当事人名称有误")
        assert voided.void and voided.number == fixed.document.number
        assert voided.void_reason == "当事人名称有误" and voided.voided_by == LEAD
        with pytest.raises(AnjianError) as no:
            documents.void(lead, fixed.document.number, reason="再次")
        assert no.value.key == "doc.already_void"
        listed = {d.number: d for d in documents.documents(lead, campaign=w.campaign)}
        assert set(listed) == {first.number, fixed.document.number, record.number}
        assert listed[fixed.document.number].void and not listed[record.number].void
        # the shown content is still the one issued
        assert documents.show(lead, fixed.document.number).content == fixed.content
    finally:
        w.store.close()


def test_a_delivery_is_recorded_once(world: DocWorld) -> None:
    me = world.ctx(INSPECTOR)
    record = documents.issue(me, world.request("检记")).document
    later = world.ctx(INSPECTOR, TODAY + dt.timedelta(days=2))
    before = everything(world.store)
    for kwargs, key in (({"to": "王五", "method": "direct", "on": TODAY - dt.timedelta(days=1)},
                         "doc.deliver_before_issue"),
                        ({"to": "王五", "method": "direct", "on": TODAY + dt.timedelta(days=3)},
                         "doc.deliver_future"),
                        ({"to": " ", "method": "direct", "on": TODAY},
                         "doc.deliver_needs_recipient"),
                        ({"to": "王五", "method": "fax", "on": TODAY}, "doc.bad_method")):
        with pytest.raises(AnjianError) as no:
            documents.deliver(later, record.number, **kwargs)  # type: ignore[arg-type]
        assert no.value.key == key
    with pytest.raises(AnjianError) as no:
        documents.deliver(world.ctx(OWNER), record.number, to="王五", method="direct", on=TODAY)
    assert no.value.key.startswith("needs.")
    assert everything(world.store) == before
    done = documents.deliver(later, record.number, to="王五", method="left",
                             on=TODAY + dt.timedelta(days=1))
    assert done.delivery is not None and done.delivery.method == "left"
    assert done.delivery.recipient == "王五" and done.delivery.recorded_by == INSPECTOR
    with pytest.raises(AnjianError) as no:
        documents.deliver(later, record.number, to="赵六", method="post", on=TODAY)
    assert no.value.key == "doc.already_delivered"
    assert "送达只记录一次" in no.value.render("zh")
    # the receipt lists the inspection's documents, with the delivery recorded
    order = documents.issue(later, world.request("责改", deadline=LATER)).document
    receipt = documents.issue(later, world.request("回"))
    rows = [r.cells for b in receipt.content.blocks for r in b.rows]
    assert rows[0][0] == f"现场检查记录（{record.number}）"
    assert rows[0][1:4] == ("王五", "留置送达", f"{TODAY.year}年{TODAY.month}月{TODAY.day + 1}日")
    assert rows[1][0] == f"责令限期整改指令书（{order.number}）" and rows[1][1] == "＿＿＿＿"
    # a later receipt lists what was issued since; a record nobody delivered is not served
    refused(world, later, world.request("回"), "没有已签发的执法文书")
    again = documents.issue(later, world.request("检记", narrative="复核情况"))
    refused(world, later, world.request("回"), "没有已签发的执法文书")
    documents.deliver(later, again.document.number, to="王五", method="direct",
                      on=again.document.issued_on)
    second = documents.issue(later, world.request("回"))
    assert [r.cells[0] for b in second.content.blocks for r in b.rows] == [
        f"现场检查记录（{again.document.number}）"]
    documents.void(world.ctx(LEAD), order.number, reason="作废")
    with pytest.raises(AnjianError) as no:
        documents.deliver(later, order.number, to="王五", method="direct", on=TODAY)
    assert no.value.key == "doc.deliver_void"


# --- the reviews orders schedule -----------------------------------------------------------


def test_reviews_move_from_scheduled_to_due_overdue_and_done(world: DocWorld) -> None:
    me = world.ctx(INSPECTOR)
    first, second = world.hazards
    order = documents.issue(me, world.request("责改", items={
        f"#{first}": LATER, f"#{second}": LATER + dt.timedelta(days=10)})).document
    every = ("scheduled", "due", "overdue", "done")

    def states(days: int, who: str = INSPECTOR) -> list[tuple[dt.date, str]]:
        ctx = world.ctx(who, LATER + dt.timedelta(days=days))
        return [(r.deadline, r.state) for r in documents.reviews_due(ctx, states=every)]

    second_day = LATER + dt.timedelta(days=10)
    assert states(-30) == [(LATER, "scheduled"), (second_day, "scheduled")]
    assert states(0) == [(LATER, "scheduled"), (second_day, "scheduled")]
    assert states(1) == [(LATER, "due"), (second_day, "scheduled")]
    assert states(11) == [(LATER, "overdue"), (second_day, "due")]
    assert states(21) == [(LATER, "overdue"), (second_day, "overdue")]
    due = documents.reviews_due(world.ctx(LEAD, LATER + dt.timedelta(days=11)),
                                campaign=world.campaign)
    assert [(r.order, r.state, r.due_by) for r in due] == [
        (order.number, "overdue", LATER + dt.timedelta(days=10)),
        (order.number, "due", LATER + dt.timedelta(days=20))]
    assert due[0].enterprise_name == "济南测试化工有限公司"
    assert documents.reviews_due(world.ctx(LEAD), campaign=world.campaign + 1) == []
    assert states(11, OWNER) == [(LATER, "overdue"), (second_day, "due")]  # its own
    review = documents.issue(world.ctx(INSPECTOR, LATER + dt.timedelta(days=11)),
                             world.request("复查")).document
    assert states(21) == [(LATER, "done"), (second_day, "done")]
    done = documents.reviews_due(world.ctx(LEAD, LATER + dt.timedelta(days=21)), states=every)
    assert {r.review for r in done} == {review.number}
    assert documents.reviews_due(world.ctx(LEAD, LATER + dt.timedelta(days=21))) == []


def test_an_enterprise_user_reads_only_its_own_documents(world: DocWorld) -> None:
    admin = world.ctx(ADMIN)
    cid, other = onsite_campaign(admin)
    me = world.ctx(INSPECTOR)
    insp = inspections.start_inspection(me, campaign_id=cid, enterprise=other)
    assert insp.id is not None
    inspections.answer(me, insp.id, "CHEM-2017-01", "noncompliant")
    mine = documents.issue(me, world.request("检记")).document
    theirs = documents.issue(me, IssueRequest(kind="检记", inspection_id=insp.id)).document
    owner = world.ctx(OWNER)
    assert [d.number for d in documents.documents(owner)] == [mine.number]
    assert documents.show(owner, mine.number).document.number == mine.number
    for call in (lambda: documents.show(owner, theirs.number),
                 lambda: documents.documents(owner, enterprise=other)):
        with pytest.raises(AnjianError) as no:
            call()
        assert no.value.key == "needs.own_enterprise"
    assert {d.number for d in documents.documents(admin)} == {mine.number, theirs.number}


# --- numbers: gap-free under two issuers at once --------------------------------------------


def test_numbers_are_gap_free_under_two_issuers_at_once(pg_url: str) -> None:
    w = doc_world(pg_url, TODAY)
    # a second inspection: the issuers lock an inspection each, so only the sequence's row
    # stands between them
    again = inspections.start_inspection(w.ctx(INSPECTOR2), campaign_id=w.campaign,
                                         enterprise=w.enterprise, again=True)
    assert again.id is not None
    inspections.answer(w.ctx(INSPECTOR2), again.id, "CHEM-2017-03", "compliant", note="正常")
    inspection = {INSPECTOR: w.inspection, INSPECTOR2: again.id}
    w.store.close()
    per_thread, refused_every = 12, 4
    barrier = threading.Barrier(2)
    issued: dict[str, list[str]] = {INSPECTOR: [], INSPECTOR2: []}
    failures: list[BaseException] = []

    def issuer(name: str, partner: str) -> None:
        store = open_store(pg_url)
        ctx = Context(store, default_catalogue(), name, TODAY, "zh")
        try:
            barrier.wait()
            for n in range(per_thread):
                if n % refused_every == refused_every - 1:  # a refusal takes no number
                    with pytest.raises(AnjianError):
                        documents.issue(ctx, IssueRequest(kind="检记",
                                                          inspection_id=inspection[name],
                                                          officers=[name, OUTSIDER]))
                issued[name].append(documents.issue(ctx, IssueRequest(
                    kind="检记", inspection_id=inspection[name],
                    officers=[name, partner])).document.number)
        except BaseException as exc:  # reported by the main thread
            failures.append(exc)
        finally:
            store.close()

    threads = [threading.Thread(target=issuer, args=(INSPECTOR, INSPECTOR2)),
               threading.Thread(target=issuer, args=(INSPECTOR2, INSPECTOR))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []
    every = issued[INSPECTOR] + issued[INSPECTOR2]
    assert len(every) == len(set(every)) == 2 * per_thread
    assert sorted(every) == sorted(num("检记", n) for n in range(1, 2 * per_thread + 1))
    for mine in issued.values():  # each issuer's numbers rise
        seqs = [int(x.split("〕")[1].rstrip("号")) for x in mine]
        assert seqs == sorted(seqs)
    store = open_store(pg_url)
    try:
        ctx = Context(store, default_catalogue(), ADMIN, TODAY, "zh")
        listed = documents.documents(ctx)
        assert sorted(d.seq for d in listed) == list(range(1, 2 * per_thread + 1))
        # and the next one, after them all
        assert documents.issue(Context(store, default_catalogue(), LEAD, TODAY, "zh"),
                               w.request("检记")).document.number == num(
            "检记", 2 * per_thread + 1)
    finally:
        store.close()


def test_numbers_are_per_kind_and_year(world: DocWorld) -> None:
    me = world.ctx(INSPECTOR)
    assert documents.issue(me, world.request("检记")).document.number == num("检记", 1)
    assert documents.issue(me, world.request("责改", deadline=LATER)).document.number == num(
        "责改", 1)
    assert documents.issue(me, world.request("检记")).document.number == num("检记", 2)
    next_year = dt.date(TODAY.year + 1, 1, 5)
    for name in (INSPECTOR, LEAD):
        bureau.set_cert(world.ctx(ADMIN, next_year), name, cert_no=CERTS[name],
                        until=next_year + dt.timedelta(days=30))
    new = documents.issue(world.ctx(INSPECTOR, next_year), world.request("检记"))
    assert new.document.number == num("检记", 1, TODAY.year + 1)


def test_an_enterprise_s_self_inspection_is_no_ground_for_a_document(world: DocWorld) -> None:
    """A document rests on the officers' own inspection (经查): a self-inspection's hazards are
    ordered after the bureau has inspected them itself."""
    from core.services import campaigns

    lead, me = world.ctx(LEAD), world.ctx(INSPECTOR)
    for item in inspections.inspection_view(me, world.inspection).unanswered:
        inspections.answer(me, world.inspection, item, "compliant")
    campaigns.advance(lead, world.campaign)  # → feedback
    campaigns.record_training(lead, world.campaign, held_on=world.today,
                              attendees=[world.enterprise])
    campaigns.advance(lead, world.campaign)  # → self-inspection and rectification
    owner = world.ctx(OWNER)
    own = inspections.start_inspection(owner, campaign_id=world.campaign,
                                       enterprise=world.enterprise, kind="self")
    assert own.id is not None
    inspections.answer(owner, own.id, "CHEM-2017-12", "noncompliant", note="报警器未安装")
    for kind in ("检记", "责改"):
        refused(world, me, IssueRequest(kind=kind, inspection_id=own.id,  # type: ignore[arg-type]
                                        deadline=LATER),
                f"检查 {own.id} 是企业自查")


def test_reviews_due_are_read_a_few_at_a_time_and_counted(world: DocWorld) -> None:
    """What the home screen asks: the first due or overdue reviews, soonest first, and how
    many there are, found in the database (the same answer as reading every order)."""
    me = world.ctx(INSPECTOR)
    first, second = world.hazards
    documents.issue(me, world.request("责改", items={f"#{first}": LATER,
                                                      f"#{second}": LATER + dt.timedelta(days=20)}))
    for days, expected in ((0, []), (1, ["due"]), (21, ["overdue", "due"]),
                           (40, ["overdue", "overdue"])):
        then = world.ctx(INSPECTOR, today=LATER + dt.timedelta(days=days))
        every = documents.reviews_due(then, states=("scheduled", "due", "overdue", "done"))
        passed = [r for r in every if r.state in ("due", "overdue")]
        assert [r.state for r in documents.reviews_due(then)] == expected
        assert documents.reviews_due(then) == passed
        assert documents.reviews_passed(then) == len(expected)
        assert documents.reviews_due(then, limit=1) == passed[:1]
        assert [r.state for r in documents.reviews_due(then, states=("overdue",))] == [
            s for s in expected if s == "overdue"]
    assert documents.measures(me)[0] == "责令暂时停产停业"
