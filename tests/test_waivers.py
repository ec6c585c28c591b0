"""Governed waivers (豁免), on SQLite and PostgreSQL, through the real services: a lead grants
one (who asked, who approved, when, why, on what basis, until when); the waived item counts
as not applicable in inspections started while it runs and is listed by their determinations,
reports, ledgers and documents; it comes back, unanswered, in an inspection dated after its
last day or started after its revocation, while the records made before keep it (re-evaluated,
they are the same); every refusal names what is wrong and stores nothing.

The checklist here is a small pack made for these tests (``wv-check``), beside the official
121号 pack (``chem-2017``): one of its items constitutes 121号 item 18."""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import select

from core.i18n import AnjianError
from core.pack.model import Pack
from core.plugins.catalogue import Catalogue, build_catalogue, discover
from core.plugins.hookspecs import hookimpl
from core.services import (
    audit_check,
    bureau,
    campaigns,
    checklist,
    documents,
    exports,
    inspections,
    roster,
    users,
    waivers,
)
from core.services.context import Context
from core.services.documents import IssueRequest
from core.store import queries as q
from core.store.db import open_store
from core.store.tables import AuditEntry, Waiver
from tests.workflow_helpers import new_code, register

TODAY = dt.date(2026, 3, 2)
UNTIL = TODAY + dt.timedelta(days=20)
BASIS = "区应急管理局复函（历下应急函〔2026〕3号）"
REASON = "本单位已停用危险化学品仓库，无相关作业"


def _item(item_id: str, clause: str, text: str, **more: Any) -> dict[str, Any]:
    return {"id": item_id, "clause": clause, "text_zh": text, "gloss_en": text,
            "guidance_zh": "查看记录。", "guidance_en": "Look at the records.",
            "evidence": ["记录"], **more}


#: A general checklist (no rules): its findings are general hazards; WV-2, noncompliant,
#: constitutes 121号 item 18 (特殊作业管理制度未有效执行).
CHECKLIST: dict[str, Any] = {
    "id": "wv-check", "version": "1.0", "title_zh": "测试通用检查表",
    "title_en": "Test general checklist", "standard": "TEST-WV-0001", "issuer": "测试",
    "sector": "test", "effective": "2020-01-01",
    "sections": [{"id": "A", "title_zh": "一般要求", "title_en": "General", "items": [
        _item("WV-1", "1.1", "危险化学品仓库未设置通风设施"),
        _item("WV-2", "1.2", "动火作业票未经审批",
              constitutes=[{"pack": "chem-2017", "item": "CHEM-2017-18"}]),
        _item("WV-3", "1.3", "未制定现场处置方案")]}]}


class WaiverPlugin:
    @hookimpl
    def register_packs(self, register: Any) -> None:
        register.pack(Pack.model_validate(CHECKLIST))


@functools.cache
def waiver_catalogue() -> Catalogue:
    """The test checklist beside the installed 121号 pack."""
    cat = build_catalogue(eps=[e for e in discover() if e.name == "chemicals"],
                          objects={"wv": WaiverPlugin()})
    assert not cat.errors, cat.errors
    assert set(cat.entries) == {"chem-2017", "wv-check"}
    return cat


@dataclass
class World:
    """A chemicals campaign on the checklist and 121号 at its on-site step, led by 组长甲 (the
    database's administrator), with the inspectors 检查员乙 and 检查员丙 and 组长丁, a lead
    who inspects on this campaign; its typical enterprise ``code``."""

    ctx: Context
    campaign: int
    code: str

    def as_(self, user: str) -> Context:
        return Context(self.ctx.store, self.ctx.catalogue, user, self.ctx.today, "zh")

    def start(self, user: str = "组长甲", *, again: bool = True) -> int:
        insp = inspections.start_inspection(self.as_(user), campaign_id=self.campaign,
                                            enterprise=self.code, again=again)
        assert insp.id is not None
        return insp.id


def make_world(url: str, today: dt.date = TODAY) -> World:
    ctx = Context(open_store(url), waiver_catalogue(), "组长甲", today - dt.timedelta(days=7),
                  "zh")
    code = roster.add_enterprise(ctx, uscc=new_code(), name="济南示例化工有限公司",
                                 sector="chemicals", district="历下区").uscc
    register(ctx, "检查员乙", "检查员丙")
    register(ctx, "组长丁", role="lead")
    c = campaigns.new_campaign(ctx, sector="chemicals", packs=["wv-check", "chem-2017"],
                               target=code, lead="组长甲",
                               members=["检查员乙", "检查员丙", "组长丁"])
    assert c.id is not None
    campaigns.advance(ctx, c.id)
    ctx.today = today
    return World(ctx, c.id, code)


@pytest.fixture
def world(db_url: str) -> Iterator[World]:
    w = make_world(db_url)
    yield w
    w.ctx.store.close()


def grant(w: World, user: str = "组长丁", item: str = "WV-1", **more: Any) -> Any:
    values: dict[str, Any] = {"enterprise": w.code, "item": item, "reason": REASON,
                              "basis": BASIS, "until": UNTIL} | more
    return waivers.grant(w.as_(user), **values)


def stored(w: World) -> tuple[list[tuple[Any, ...]], int]:
    """The waivers stored and the audit chain's length."""
    with w.ctx.store.reading() as s:
        rows = [(x.id, x.item_id, x.valid_until, x.revoked_at, x.version)
                for x in s.exec(select(Waiver).order_by(Waiver.id)).all()]  # type: ignore[arg-type]
        return rows, q.audit_head(s).seq


def entries(w: World, action: str) -> list[AuditEntry]:
    with w.ctx.store.reading() as s:
        return [e for e in q.audit_entries(s) if e.action == action]


def pack_det(w: World, inspection: int, pack: str = "wv-check") -> Any:
    view = inspections.inspection_view(w.ctx, inspection)
    return next(d for d in view.determinations if d.pack == pack)


def refused(key: str, attempt: Callable[[], Any]) -> AnjianError:
    """The refusal ``attempt`` raises, which must be ``key``'s."""
    with pytest.raises(AnjianError) as caught:
        attempt()
    assert caught.value.key == key, caught.value
    return caught.value


def consistent(w: World) -> None:
    """Every stored determination is what its findings and waivers give again."""
    check = audit_check.determination_check(w.ctx)
    assert check.mismatched == () and check.tampered == (), check


# --- granting ---------------------------------------------------------------------------------


def test_a_lead_grants_a_waiver_and_the_record_says_who_when_why_until(world: World) -> None:
    w = grant(world, requested_by="企业安全员王五")
    assert (w.enterprise_uscc, w.enterprise_name, w.pack_id, w.item_id, w.clause) == (
        world.code, "济南示例化工有限公司", "wv-check", "WV-1", "1.1")
    assert (w.reason, w.basis, w.requested_by, w.approved_by) == (
        REASON, BASIS, "企业安全员王五", "组长丁")
    assert (w.granted_on, w.valid_until, w.state, w.days_left) == (TODAY, UNTIL, "running", 20)
    (entry,) = entries(world, "waiver.grant")
    assert (entry.actor, entry.object_type, entry.object_id) == ("组长丁", "waiver", str(w.id))
    assert entry.after == {"enterprise": world.code, "pack": "wv-check", "item": "WV-1",
                           "reason": REASON, "basis": BASIS, "requested_by": "企业安全员王五",
                           "approved_by": "组长丁", "granted_on": TODAY.isoformat(),
                           "valid_until": UNTIL.isoformat()}
    # asked for by the enterprise unless someone is named
    other = grant(world, item="WV-3")
    assert other.requested_by == "济南示例化工有限公司"
    assert [x.id for x in waivers.waivers(world.ctx)] == [w.id, other.id]


# --- use in determinations ------------------------------------------------------------------


def test_a_running_waiver_sets_its_item_aside_and_the_determination_lists_it(
        world: World) -> None:
    w = grant(world)
    insp = world.start("检查员乙", again=False)
    det = pack_det(world, insp)
    assert det.waived == ("WV-1",)
    assert "WV-1" in det.not_applicable and "WV-1" not in det.unanswered
    (start,) = entries(world, "inspection.start")
    assert start.after is not None and start.after["waivers"] == [w.id]
    # not to be answered, nor skipped: the refusal names the waiver; nothing is stored
    before = stored(world)
    for attempt in (lambda: inspections.answer(world.as_("检查员乙"), insp, "WV-1",
                                               "noncompliant"),
                    lambda: inspections.skip(world.as_("检查员乙"), insp, "WV-1",
                                             reason="未查")):
        with pytest.raises(AnjianError) as refused:
            attempt()
        assert refused.value.key == "finding.waived"
        assert f"豁免 #{w.id}" in refused.value.render("zh") and BASIS in refused.value.render(
            "zh")
    assert stored(world) == before
    assert inspections.inspection_view(world.ctx, insp).findings == ()
    # the rest answered, the checklist is complete without its waived item
    for item in ("WV-2", "WV-3"):
        inspections.answer(world.as_("检查员乙"), insp, item, "compliant")
    assert pack_det(world, insp).verdict == "checklist"
    # the runner's checklist evaluates with the same waivers
    cl = checklist.checklist(world.ctx, insp)
    assert cl.waived == {"wv-check": frozenset({"WV-1"})}
    assert [(e.item.id, e.waiver.id if e.waiver else None) for e in cl.entries
            if e.pack_id == "wv-check"] == [("WV-1", w.id), ("WV-2", None), ("WV-3", None)]
    consistent(world)


def test_after_its_last_day_the_item_is_asked_again_and_earlier_records_keep_it(
        world: World) -> None:
    w = grant(world)
    first = world.start(again=False)
    world.ctx.today = UNTIL  # its last day: it still runs
    last_day = world.start()
    assert pack_det(world, last_day).waived == ("WV-1",)
    world.ctx.today = UNTIL + dt.timedelta(days=1)
    assert waivers.waivers(world.ctx) == []
    (ended,) = waivers.waivers(world.ctx, every=True)
    assert (ended.id, ended.state, ended.days_left) == (w.id, "expired", None)
    after = world.start()
    det = pack_det(world, after)
    assert det.waived == () and "WV-1" in det.unanswered
    inspections.answer(world.as_("检查员乙"), after, "WV-1", "noncompliant")
    assert pack_det(world, after).general_hazards == ("WV-1",)
    # the inspection made while it ran is judged on its own date and start: answered again
    # today, it still relies on the waiver
    inspections.answer(world.as_("检查员乙"), first, "WV-3", "compliant")
    assert pack_det(world, first).waived == ("WV-1",)
    refused("finding.waived",
            lambda: inspections.answer(world.as_("检查员乙"), first, "WV-1", "compliant"))
    consistent(world)
    # expired, the item may be waived again
    again = grant(world, until=UNTIL + dt.timedelta(days=30))
    assert again.id != w.id


def test_revoking_ends_it_for_inspections_started_after(world: World) -> None:
    w = grant(world)
    before = world.start(again=False)
    revoked = waivers.revoke(world.as_("组长甲"), w.id, reason="仓库已恢复使用")
    assert (revoked.state, revoked.revoked_by, revoked.revoked_reason) == (
        "revoked", "组长甲", "仓库已恢复使用")
    (entry,) = entries(world, "waiver.revoke")
    assert (entry.actor, entry.object_id) == ("组长甲", str(w.id))
    assert entry.before is not None and entry.before["item"] == "WV-1"
    assert entry.after == {"revoked_by": "组长甲", "reason": "仓库已恢复使用"}
    after = world.start()
    assert pack_det(world, after).waived == ()
    assert "WV-1" in pack_det(world, after).unanswered
    inspections.answer(world.as_("检查员乙"), before, "WV-2", "compliant")
    assert pack_det(world, before).waived == ("WV-1",)
    consistent(world)
    assert waivers.waivers(world.ctx) == []
    # revoked once; a waiver that ended has nothing to revoke
    snapshot = stored(world)
    with pytest.raises(AnjianError) as twice:
        waivers.revoke(world.as_("组长甲"), w.id, reason="再次撤销")
    assert twice.value.key == "waiver.revoked_already"
    other = grant(world, item="WV-3")
    world.ctx.today = UNTIL + dt.timedelta(days=1)
    snapshot = stored(world)
    with pytest.raises(AnjianError) as ended:
        waivers.revoke(world.as_("组长甲"), other.id, reason="x")
    assert ended.value.key == "waiver.ended_already"
    with pytest.raises(AnjianError) as unknown:
        waivers.revoke(world.as_("组长甲"), 999, reason="x")
    assert unknown.value.render("zh") == "没有豁免 999"
    assert stored(world) == snapshot


def test_a_waiver_removed_behind_the_records_back_is_caught_by_the_audit_check(
        world: World) -> None:
    """The determinations stored are reproducible only with the waivers they relied on: a
    waiver row deleted by hand makes the re-evaluation differ, and the check names it."""
    from sqlalchemy import text

    w = grant(world)
    insp = world.start(again=False)
    consistent(world)
    with world.ctx.store.engine.begin() as conn:
        conn.execute(text("DELETE FROM waiver WHERE id = :i"), {"i": w.id})
    check = audit_check.determination_check(world.ctx)
    assert [m.inspection for m in check.mismatched] == [insp]


# --- refusals -------------------------------------------------------------------------------


def _refusals(w: World) -> list[tuple[str, Callable[[], Any], str, tuple[str, ...]]]:
    """(what, the attempt, the refusal's key, words its Chinese message holds)."""
    future = UNTIL
    return [
        ("an official major-hazard item", lambda: grant(w, item="CHEM-2017-18"),
         "waiver.official", ("CHEM-2017-18", "chem-2017", "CHEM-2017-R", "豁免不能否决",
                             "未保存任何内容")),
        ("an item whose finding constitutes one", lambda: grant(w, item="WV-2"),
         "waiver.constitutes", ("WV-2", "CHEM-2017-18", "未保存任何内容")),
        ("an unknown item", lambda: grant(w, item="WV-9"), "waiver.unknown_item", ("WV-9",)),
        ("a pack without the item", lambda: grant(w, pack="chem-2017"), "waiver.not_in_pack",
         ("WV-1", "wv-check")),
        ("an unknown enterprise", lambda: grant(w, enterprise=new_code()), "db.not_found",
         ("没有单位",)),
        ("a malformed credit code", lambda: grant(w, enterprise="1234"), "uscc.invalid", ("1234",)),
        ("an expiry in the past", lambda: grant(w, until=TODAY - dt.timedelta(days=1)),
         "waiver.until_past", ("2026-03-01", "2026-03-02")),
        ("an expiry today", lambda: grant(w, until=TODAY), "waiver.until_past",
         ("2026-03-02",)),
        ("approval by an inspector", lambda: grant(w, user="检查员乙"), "needs.lead",
         ("检查员乙", "组长")),
        ("one's own request", lambda: grant(w, requested_by="组长丁"), "waiver.own_request",
         ("组长丁", "WV-1")),
        ("no basis", lambda: grant(w, basis="  "), "field.required", ("basis",)),
        ("no reason", lambda: grant(w, reason=""), "field.required", ("reason",)),
        ("a control character", lambda: grant(w, basis="复函\x1b[2K"), "text.control",
         ("豁免", "U+001B")),
        ("the finder", lambda: grant(w, item="WV-3"), "waiver.finder",
         ("组长丁", "WV-3", "济南示例化工有限公司", "未保存任何内容")),
        ("an overlapping waiver", lambda: grant(w, user="组长甲", until=future),
         "waiver.overlap", ("WV-1", "组长丁", "anjian waivers revoke")),
    ]


def test_every_refusal_names_what_is_wrong_and_stores_nothing(world: World) -> None:
    # 组长丁 inspects on this campaign and finds WV-3 noncompliant; WV-1 is waived already
    insp = world.start("组长丁", again=False)
    inspections.answer(world.as_("组长丁"), insp, "WV-3", "noncompliant", note="未制定")
    first = grant(world)
    before = stored(world)
    for what, attempt, key, words in _refusals(world):
        with pytest.raises(AnjianError) as caught:
            attempt()
        assert caught.value.key == key, (what, caught.value.key)
        text = caught.value.render("zh")
        assert all(word in text for word in words), (what, text)
        assert caught.value.render("en") != text
        assert stored(world) == before, what
    # the finder stays the finder after the answer was amended by someone else
    inspections.answer(world.as_("检查员乙"), insp, "WV-3", "compliant", amend="复核：已制定")
    assert f"#{insp}" in refused("waiver.finder", lambda: grant(world, item="WV-3")).render("zh")
    # another lead may approve it; the finder may approve other items
    assert grant(world, user="组长甲", item="WV-3").approved_by == "组长甲"
    assert first.id is not None


def test_lists_ending_soon_and_an_enterprise_sees_its_own(world: World) -> None:
    soon = grant(world, until=TODAY + dt.timedelta(days=5))
    later = grant(world, item="WV-3", until=TODAY + dt.timedelta(days=90))
    other = roster.add_enterprise(world.ctx, uscc=new_code(), name="济南另一化工有限公司",
                                  sector="chemicals", district="历下区").uscc
    theirs = waivers.grant(world.as_("组长丁"), enterprise=other, item="WV-1", reason=REASON,
                           basis=BASIS, until=TODAY + dt.timedelta(days=10))
    assert [w.id for w in waivers.waivers(world.ctx, expiring=30)] == [soon.id, theirs.id]
    assert [w.id for w in waivers.waivers(world.ctx, expiring=5)] == [soon.id]
    assert [w.id for w in waivers.waivers(world.ctx, expiring=4)] == []
    assert [w.id for w in waivers.waivers(world.ctx, enterprise=world.code)] == [soon.id,
                                                                                 later.id]
    shown, total = waivers.expiring(world.ctx, days=30, limit=1)
    assert ([w.id for w in shown], total) == ([soon.id], 2)
    users.add_user(world.ctx, "企业戊", role="enterprise", enterprise=world.code)
    own = world.as_("企业戊")
    assert [w.id for w in waivers.waivers(own, expiring=30)] == [soon.id]
    assert waivers.expiring(own)[1] == 1
    refused("needs.own_enterprise", lambda: waivers.waivers(own, enterprise=other))
    refused("waiver.bad_days", lambda: waivers.waivers(world.ctx, expiring=-1))


# --- what reports, ledgers and documents relied on --------------------------------------------


def test_the_report_ledger_and_documents_list_the_waivers_relied_on(
        world: World, tmp_path: Path) -> None:
    import openpyxl

    # started before the waiver was granted: it relies on none
    plain = world.start(again=False)
    inspections.answer(world.as_("检查员乙"), plain, "WV-1", "noncompliant")
    w = grant(world)
    insp = world.start()
    inspections.answer(world.as_("检查员乙"), insp, "WV-3", "noncompliant", note="未制定方案")
    # the inspection report: the waiver on its own sheet and in the summary
    exports.export_inspection(world.ctx, insp, tmp_path / "report.xlsx")
    book = openpyxl.load_workbook(tmp_path / "report.xlsx")
    rows = [[c.value for c in r] for r in book["豁免"].iter_rows()]
    assert rows[0][:3] == ["豁免编号", "单位名称", "统一社会信用代码"]
    assert rows[1][:11] == [w.id, "济南示例化工有限公司", world.code, "TEST-WV-0001", "1.1",
                            "WV-1", "危险化学品仓库未设置通风设施", REASON, BASIS,
                            "济南示例化工有限公司", "组长丁"]
    assert rows[1][12].date() == UNTIL and rows[1][13:] == ["有效", f"#{insp}"]
    summary = {r[0].value: r[1].value for r in book["概况"].iter_rows() if len(r) > 1}
    assert summary["依据的豁免"] == f"#{w.id} 1.1 WV-1（至 {UNTIL.isoformat()}）"
    # the ledger: the waivers its inspections relied on, with those inspections
    exports.export_ledger(world.ctx, tmp_path / "ledger.xlsx", campaign=world.campaign)
    ledger = openpyxl.load_workbook(tmp_path / "ledger.xlsx")
    rows = [[c.value for c in r] for r in ledger["豁免"].iter_rows()]
    assert [(r[0], r[5], r[-1]) for r in rows[1:]] == [(w.id, "WV-1", f"#{insp}")]
    # documents: a record and an order name it
    bureau.set_bureau(world.ctx, name="济南市应急管理局", short="济", edition="应急",
                      reconsideration=["济南市人民政府"], court="济南市历下区人民法院")
    for n, who in enumerate(("组长甲", "检查员乙"), 1):
        bureau.set_cert(world.ctx, who, cert_no=f"3701000{n}",
                        until=TODAY + dt.timedelta(days=365))
    line = (f"依据豁免不适用：TEST-WV-0001 1.1（WV-1）危险化学品仓库未设置通风设施。豁免依据："
            f"{BASIS}；批准人：组长丁；有效期至2026年3月22日（豁免第{w.id}号）。")
    record = documents.issue(world.ctx, IssueRequest(kind="检记", inspection_id=insp))
    order = documents.issue(world.ctx, IssueRequest(kind="责改", inspection_id=insp,
                                                    deadline=TODAY + dt.timedelta(days=30)))
    for issued in (record, order):
        texts = [b.text for b in documents.show(world.ctx, issued.document.number)
                 .content.blocks]
        assert line in texts, texts
    # an inspection that relied on none: no waiver sheet, no line
    exports.export_inspection(world.ctx, plain, tmp_path / "plain.xlsx")
    assert "豁免" not in openpyxl.load_workbook(tmp_path / "plain.xlsx").sheetnames
    bare = documents.issue(world.ctx, IssueRequest(kind="检记", inspection_id=plain))
    assert not any("依据豁免" in b.text for b in bare.content.blocks)
