"""A record a bureau can stand behind: every action the record shows is stored, the ledger
follows the determination, no silent overwrite, frozen steps change only by amendment, one
open hazard per enterprise and item. Each defect is reproduced through the command line."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.i18n import AnjianError
from core.services import campaigns, hazards, inspections
from core.services.context import Context
from core.services.packs import default_catalogue
from core.store.db import Store, open_store

from .db_state import behind_the_guard, everything
from .workflow_helpers import Cli, cli_run, enterprise, onsite_campaign, register

TODAY = dt.date(2026, 3, 2)
MAJOR = "CHEM-2017-01"  # a direct item: noncompliant is a major hazard
OTHER = "CHEM-2017-02"


@pytest.fixture
def store(db_url: str) -> Any:
    s = open_store(db_url)
    yield s
    s.close()


@pytest.fixture
def ctx(store: Store) -> Context:
    c = Context(store, default_catalogue(), "组长甲", TODAY)
    register(c, "检查员乙", "检查员丙")
    return c


def as_user(ctx: Context, name: str) -> Context:
    return Context(ctx.store, ctx.catalogue, name, ctx.today)


def started(ctx: Context) -> tuple[int, int]:
    """(campaign, on-site inspection) of a chemicals campaign at its on-site step."""
    cid, target = onsite_campaign(ctx)
    insp = inspections.start_inspection(ctx, campaign_id=cid, enterprise=target)
    assert insp.id is not None
    return cid, insp.id


def own_hazards(ctx: Context, inspection: int) -> list[Any]:
    return list(inspections.inspection_view(ctx, inspection).hazards)


# --- defect 2: clearing an answer is stored ------------------------------------------------


def test_clearing_an_answer_is_stored_and_takes_its_hazard(
        ctx: Context, db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    _, iid = started(ctx)
    cli = Cli(capsys, db_url)
    cli.ok("inspect", "answer", str(iid), MAJOR, "noncompliant")
    assert cli.json("inspect", "show", str(iid))["verdict"] == "major"
    out = cli.ok("inspect", "clear", str(iid), MAJOR)
    assert MAJOR in out
    shown = cli.json("inspect", "show", str(iid))
    finding = next(f for f in shown["findings"] if f["item_id"] == MAJOR)
    assert finding["status"] is None and finding["skip_reason"] == ""
    assert shown["hazards"] == [] and shown["verdict"] == "incomplete"
    assert MAJOR in shown["determinations"][0]["unanswered"]
    assert actions(ctx)[-1] == ("inspection.clear", f"{iid}/{MAJOR}")
    # nothing to clear: refused, named, nothing changed
    before = everything(ctx.store)
    assert MAJOR in cli.refused("inspect", "clear", str(iid), MAJOR)
    assert everything(ctx.store) == before


def actions(ctx: Context) -> list[tuple[str, str]]:
    """The audit log's (action, object) pairs, in order."""
    from sqlmodel import col, select

    from core.store.tables import AuditEntry

    with ctx.store.session() as s:
        return [(e.action, e.object_id) for e in
                s.exec(select(AuditEntry).order_by(col(AuditEntry.seq))).all()]


def cli_zh(capsys: pytest.CaptureFixture[str], url: str, *args: str) -> str:
    code, out, err = cli_run(url, "组长甲", list(args), capsys, lang="zh")
    assert code == 0, err
    return out


def test_a_planned_hazard_goes_with_its_answer_only_with_a_reason(
        ctx: Context, db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    _, iid = started(ctx)
    inspections.answer(ctx, iid, MAJOR, "noncompliant")
    (h,) = own_hazards(ctx, iid)
    hazards.plan(ctx, h.id, deadline=TODAY + dt.timedelta(days=30), responsible="安全科",
                 plan_goal="g", plan_method="m", plan_funding="f", plan_organisation="o",
                 plan_timeline="t", plan_safety="s")
    cli = Cli(capsys, db_url)
    before = everything(ctx.store)
    err = cli.refused("inspect", "clear", str(iid), MAJOR)
    assert "reason" in err and str(h.id) in err
    assert everything(ctx.store) == before
    cli.ok("inspect", "clear", str(iid), MAJOR, "--reason", "复核：该项系误判")
    assert own_hazards(ctx, iid) == []


# --- defect 3: a note on an unanswered item is stored --------------------------------------


def test_a_note_on_an_unanswered_item_is_stored(
        ctx: Context, db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    _, iid = started(ctx)
    cli = Cli(capsys, db_url)
    cli.ok("inspect", "note", str(iid), OTHER, "待查阅培训档案")
    shown = cli.json("inspect", "show", str(iid))
    finding = next(f for f in shown["findings"] if f["item_id"] == OTHER)
    assert finding["note"] == "待查阅培训档案" and finding["status"] is None
    assert OTHER in shown["determinations"][0]["unanswered"]  # a note is not an answer
    assert "待查阅培训档案" in cli_zh(capsys, db_url, "inspect", "show", str(iid))
    # a note is not an answer: another inspector may answer the item (the note stays), but
    # clearing it finds nothing to clear, and replacing the note names it unanswered
    inspector = Cli(capsys, db_url, "检查员乙")
    assert "no answer to clear" in inspector.refused("inspect", "clear", str(iid), OTHER)
    err = inspector.refused("inspect", "note", str(iid), OTHER, "另记")
    assert "'unanswered'" in err and "组长甲" in err and "none" not in err
    # the answer given later keeps the note; a note on an answered item keeps the answer
    cli.ok("inspect", "answer", str(iid), OTHER, "compliant")
    cli.ok("inspect", "note", str(iid), OTHER, "已查阅")
    finding = next(f for f in cli.json("inspect", "show", str(iid))["findings"]
                   if f["item_id"] == OTHER)
    assert (finding["status"], finding["note"]) == ("compliant", "已查阅")


# --- defect 4: undoing an on-site correction reopens the hazard ----------------------------


def fire_inspection(ctx: Context) -> tuple[int, int]:
    """(campaign, on-site inspection) of a people-dense place under GB 35181-2017 (withdrawn
    by the inspection's date, 2025-11-01: the start is confirmed)."""
    target = enterprise(ctx, "retail", "济南测试商贸有限公司")
    c = campaigns.new_campaign(ctx, sector="retail", packs=["gb35181-2017"], target=target,
                               lead="组长甲", members=["检查员乙", "检查员丙"])
    assert c.id is not None
    campaigns.advance(ctx, c.id)
    iid = inspections.start_inspection(ctx, campaign_id=c.id, enterprise=target,
                                       categories=["people_dense"], withdrawn_ok=True).id
    assert iid is not None
    return c.id, iid


COMPOSITE = ["FIRE-2017-C-7.3.1", "FIRE-2017-C-7.3.2", "FIRE-2017-C-7.3.3"]


def test_undoing_an_onsite_correction_reopens_the_hazard(
        ctx: Context, db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    """Three composite elements in a people-dense place fire 5.3.2 a); one corrected on the
    spot counts toward no rule. Undoing the correction fires the rule: all three are major
    and open, none closed and general."""
    cid, iid = fire_inspection(ctx)
    cli = Cli(capsys, db_url)
    cli.ok("inspect", "answer", str(iid), COMPOSITE[0], "noncompliant")
    cli.ok("inspect", "answer", str(iid), COMPOSITE[1], "noncompliant")
    cli.ok("inspect", "answer", str(iid), COMPOSITE[2], "noncompliant", "--corrected-on-site")
    shown = cli.json("inspect", "show", str(iid))
    assert {h["item_id"]: (h["status"], h["level"], h["corrected_on_site"])
            for h in shown["hazards"]} == {
        COMPOSITE[0]: ("open", "general", False), COMPOSITE[1]: ("open", "general", False),
        COMPOSITE[2]: ("closed", "general", True)}
    cli.ok("inspect", "answer", str(iid), COMPOSITE[2], "noncompliant")  # correction undone
    shown = cli.json("inspect", "show", str(iid))
    assert "FIRE-2017-5.3.2a" in [t["rule"] for d in shown["determinations"]
                                  for t in d["triggers"]]
    assert {h["item_id"]: (h["status"], h["level"], h["corrected_on_site"])
            for h in shown["hazards"]} == {i: ("open", "major", False) for i in COMPOSITE}
    assert all(h["verified_by"] == "" and h["verified_on"] is None for h in shown["hazards"])
    cli.ok("audit", "verify")
    # the ledger, and so the campaign's "no open major hazard" guard, sees all three
    ledger = cli.json("hazards", "list", "--campaign", str(cid))
    assert sorted((r["level"], r["status"]) for r in ledger) == [("major", "open")] * 3
    # and the audit check holds the ledger to the determination: the state the defect left
    # (one of them closed and general by a correction the finding no longer has) is named
    behind_the_guard(db_url, "UPDATE hazard SET status = 'closed', level = 'general', "
                     "corrected_on_site = :t WHERE item_id = :i", t=True, i=COMPOSITE[2])
    code, _, err = cli_run(db_url, "组长甲", ["audit", "verify"], capsys, lang="zh")
    assert code == 1
    assert "隐患台账" in err and f"{COMPOSITE[2]}（已当场整改）" in err
    assert f"{COMPOSITE[2]}（重大，未销号）" in err


# --- defect 5: writers do not overwrite each other silently --------------------------------


def test_another_persons_answer_is_not_replaced_silently(
        ctx: Context, db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    _, iid = started(ctx)
    lead, inspector = Cli(capsys, db_url), Cli(capsys, db_url, "检查员乙")
    lead.ok("inspect", "answer", str(iid), MAJOR, "compliant", "--note", "已核查考核记录")
    before = everything(ctx.store)
    err = inspector.refused("inspect", "answer", str(iid), MAJOR, "noncompliant")
    assert "组长甲" in err and "compliant" in err and "--expect-version" in err
    assert everything(ctx.store) == before
    err = inspector.refused("inspect", "answer", str(iid), MAJOR, "noncompliant",
                            "--expect-version", "0")  # saw it unanswered: out of date
    assert "version 0" in err and everything(ctx.store) == before
    inspector.ok("inspect", "answer", str(iid), MAJOR, "noncompliant", "--expect-version", "1")
    lead.ok("inspect", "answer", str(iid), MAJOR, "compliant", "--amend", "--reason",
            "复核考核记录齐全")
    shown = lead.json("inspect", "show", str(iid))
    (am,) = shown["amendments"]
    assert (am["by"], am["reason"], am["before"]["status"], am["after"]["status"]) == (
        "组长甲", "复核考核记录齐全", "noncompliant", "compliant")
    assert "复核考核记录齐全" in cli_zh(capsys, db_url, "inspect", "show", str(iid))


def test_two_inspectors_answering_one_item_at_once(ctx: Context) -> None:
    """Both saw the item unanswered (version 0) and answer it differently at the same time:
    one is saved, the other refused naming the first; on SQLite and PostgreSQL."""
    _, iid = started(ctx)
    results: dict[str, Any] = {}
    gate = threading.Barrier(2)

    def give(name: str, status: str) -> None:
        gate.wait()
        try:
            results[name] = inspections.answer(as_user(ctx, name), iid, MAJOR, status,
                                               expected_version=0)
        except AnjianError as exc:
            results[name] = exc

    threads = [threading.Thread(target=give, args=a) for a in
               (("检查员乙", "noncompliant"), ("检查员丙", "compliant"))]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    refused = [n for n, r in results.items() if isinstance(r, AnjianError)]
    saved = [n for n, r in results.items() if not isinstance(r, AnjianError)]
    assert len(refused) == 1 and len(saved) == 1, results
    assert results[refused[0]].key == "finding.conflict"
    assert saved[0] in results[refused[0]].render("zh")
    (finding,) = [f for f in inspections.inspection_view(ctx, iid).findings
                  if f.item_id == MAJOR]
    assert finding.answered_by == saved[0] and finding.version == 1


# --- defect 6: frozen steps and closed campaigns -------------------------------------------


def test_a_finding_is_frozen_when_its_step_ends_and_amended_with_a_reason(
        ctx: Context, db_url: str, capsys: pytest.CaptureFixture[str], tmp_path: Any) -> None:
    cid, iid = started(ctx)
    for item in inspections.inspection_view(ctx, iid).unanswered:
        inspections.answer(ctx, iid, item, "compliant")
    campaigns.advance(ctx, cid)  # on-site → feedback: the on-site findings are frozen
    cli = Cli(capsys, db_url)
    before = everything(ctx.store)
    err = cli.refused("inspect", "answer", str(iid), MAJOR, "noncompliant")
    assert "frozen" in err and "--amend" in err
    assert "--amend" in cli.refused("inspect", "clear", str(iid), MAJOR)
    assert "--amend" in cli.refused("inspect", "note", str(iid), MAJOR, "补记")
    assert "reason" in cli.refused("inspect", "answer", str(iid), MAJOR, "noncompliant",
                                   "--amend")
    assert everything(ctx.store) == before
    cli.ok("inspect", "answer", str(iid), MAJOR, "noncompliant", "--amend", "--reason",
           "整理记录时发现考核记录缺失")
    shown = cli.json("inspect", "show", str(iid))
    assert shown["amendments"][0]["after"]["status"] == "noncompliant"
    assert [h["level"] for h in shown["hazards"]] == ["major"]
    assert actions(ctx)[-1] == ("inspection.amend", f"{iid}/{MAJOR}")
    # the report shows the amendment: what it replaced, who, why
    from openpyxl import load_workbook

    out = tmp_path / "report.xlsx"
    code, _, err = cli_run(db_url, "组长甲", ["export", "inspection", str(iid), "--out",
                                             str(out)], capsys, lang="zh")
    assert code == 0, err
    sheet = load_workbook(out)["更正记录"]
    values = [c.value for row in sheet.iter_rows() for c in row]
    assert "整理记录时发现考核记录缺失" in values and "组长甲" in values
    assert any(str(v).startswith("符合") for v in values)
    assert any(str(v).startswith("不符合") for v in values)


def test_a_closed_campaign_is_read_only(ctx: Context, db_url: str,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    cid, iid = started(ctx)
    for item in inspections.inspection_view(ctx, iid).unanswered:
        inspections.answer(ctx, iid, item, "compliant")
    close(ctx, cid)
    cli = Cli(capsys, db_url)
    before = everything(ctx.store)
    for args in (("answer", str(iid), MAJOR, "noncompliant"),
                 ("answer", str(iid), MAJOR, "noncompliant", "--amend", "--reason", "x"),
                 ("clear", str(iid), MAJOR, "--amend", "--reason", "x"),
                 ("note", str(iid), MAJOR, "x"),
                 ("decide", str(iid), "--pack", "chem-2017", "-p", "组长甲", "-p", "检查员乙",
                  "-p", "检查员丙")):
        assert "closed" in cli.refused("inspect", *args)
    assert everything(ctx.store) == before


def test_the_finding_behind_a_verified_hazard_stays(ctx: Context, db_url: str,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    _, iid = started(ctx)
    inspections.answer(ctx, iid, MAJOR, "noncompliant")
    (h,) = own_hazards(ctx, iid)
    verify(ctx, h.id)
    cli = Cli(capsys, db_url)
    before = everything(ctx.store)
    assert "verified and closed" in cli.refused("inspect", "answer", str(iid), MAJOR,
                                                "compliant")
    assert everything(ctx.store) == before
    # an amendment may correct the finding, but the verified closure is history
    cli.ok("inspect", "answer", str(iid), MAJOR, "compliant", "--amend", "--reason", "复核")
    (h2,) = own_hazards(ctx, iid)
    assert (h2.id, h2.status) == (h.id, "closed")


def verify(ctx: Context, hazard_id: int) -> None:
    hazards.plan(ctx, hazard_id, deadline=TODAY + dt.timedelta(days=20), responsible="安全科",
                 plan_goal="g", plan_method="m", plan_funding="f", plan_organisation="o",
                 plan_timeline="t", plan_safety="s")
    hazards.submit(ctx, hazard_id, evidence="已更换")
    hazards.verify(ctx, hazard_id, accept=True, note="复查合格")


def close(ctx: Context, cid: int) -> None:
    """Walk a campaign whose on-site inspection is answered to its end."""
    from core.services.campaigns import advance, record_training

    advance(ctx, cid)  # → feedback
    record_training(ctx, cid, held_on=TODAY, attendees=[campaign_target(ctx, cid)])
    advance(ctx, cid)  # → self-rectification
    advance(ctx, cid)  # → follow-up
    target = campaign_target(ctx, cid)
    follow = inspections.start_inspection(ctx, campaign_id=cid, enterprise=target,
                                          kind="followup").id
    assert follow is not None
    inspections.answer(ctx, follow, MAJOR, "compliant")
    advance(ctx, cid)  # → closed


def campaign_target(ctx: Context, cid: int) -> str:
    return next(c.target_uscc for c in campaigns.list_campaigns(ctx) if c.id == cid)


# --- defect 10: one open hazard per enterprise and item ------------------------------------


def test_a_later_finding_of_an_open_hazard_links_to_it(
        ctx: Context, db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    cid, iid = started(ctx)
    inspections.answer(ctx, iid, OTHER, "noncompliant")
    for item in inspections.inspection_view(ctx, iid).unanswered:
        inspections.answer(ctx, iid, item, "compliant")
    target = campaign_target(ctx, cid)
    campaigns.advance(ctx, cid)
    campaigns.record_training(ctx, cid, held_on=TODAY, attendees=[target])
    campaigns.advance(ctx, cid)  # → self-inspection and rectification
    self_insp = inspections.start_inspection(ctx, campaign_id=cid, enterprise=target,
                                             kind="self")
    assert self_insp.id is not None
    cli = Cli(capsys, db_url)
    cli.ok("inspect", "answer", str(self_insp.id), OTHER, "noncompliant")
    ledger = cli.json("hazards", "list", "--enterprise", target)
    assert len(ledger) == 1 and ledger[0]["inspection_id"] == iid
    shown = cli.json("inspect", "show", str(self_insp.id))
    assert shown["hazards"] == []
    assert [(r["hazard_id"], r["item_id"]) for r in shown["recurrences"]] == [
        (ledger[0]["id"], OTHER)]
    assert str(ledger[0]["id"]) in cli_zh(capsys, db_url, "inspect", "show",
                                          str(self_insp.id))
    assert cli.json("stats")["found_again_open"] == 1
    # after 销号 a new finding opens a new hazard that names the closed one
    verify(ctx, ledger[0]["id"])
    cli.ok("inspect", "answer", str(self_insp.id), OTHER, "compliant")
    cli.ok("inspect", "answer", str(self_insp.id), OTHER, "noncompliant")
    rows = cli.json("hazards", "list", "--enterprise", target)
    assert [(r["status"], r["recurrence_of"]) for r in rows] == [
        ("closed", None), ("open", ledger[0]["id"])]
    figures = cli.json("stats")  # a recurrence after 销号 is counted
    assert (figures["recurred_after_closing"], figures["found_again_open"]) == (1, 0)
    assert "销号后复发隐患：1" in cli_zh(capsys, db_url, "stats")


def test_the_first_finder_withdrawing_hands_the_hazard_on(ctx: Context) -> None:
    cid, iid = started(ctx)
    target = campaign_target(ctx, cid)
    inspections.answer(ctx, iid, OTHER, "noncompliant")
    for item in inspections.inspection_view(ctx, iid).unanswered:
        inspections.answer(ctx, iid, item, "compliant")
    campaigns.advance(ctx, cid)
    campaigns.record_training(ctx, cid, held_on=TODAY, attendees=[target])
    campaigns.advance(ctx, cid)
    sid = inspections.start_inspection(ctx, campaign_id=cid, enterprise=target,
                                       kind="self").id
    assert sid is not None
    inspections.answer(ctx, sid, OTHER, "noncompliant")
    inspections.answer(ctx, iid, OTHER, "compliant", amend="复核：现场已有防护")
    (h,) = hazards.ledger(ctx, enterprise=target)
    assert (h.hazard.inspection_id, h.hazard.status) == (sid, "open")
    assert inspections.inspection_view(ctx, sid).recurrences == ()


# --- invariant 3: the ledger is a function of the determination ----------------------------

FIRE_ITEMS = ["FIRE-2017-D-6.1", "FIRE-2017-C-7.3.1", "FIRE-2017-C-7.3.2",
              "FIRE-2017-C-7.3.3", "FIRE-2017-C-7.3.4", "FIRE-2017-C-7.5",
              "FIRE-2017-C-7.1.1"]
OPS = st.lists(st.tuples(
    st.sampled_from(["compliant", "noncompliant", "corrected", "not_applicable", "clear",
                     "plan"]),
    st.sampled_from(FIRE_ITEMS)), min_size=1, max_size=14)


@settings(max_examples=30, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(ops=OPS)
def test_the_ledger_follows_any_sequence_of_changes(ctx: Context, ops: list[Any]) -> None:
    _, iid = fire_inspection(ctx)
    for op, item in ops:
        try:
            if op == "clear":
                inspections.clear(ctx, iid, item, reason="复核")
            elif op == "plan":
                plan_open(ctx, iid, item)
            else:
                inspections.answer(ctx, iid, item, "noncompliant" if op == "corrected" else op,
                                   corrected_on_site=op == "corrected", reason="复核")
        except AnjianError as exc:
            assert exc.key == "finding.nothing_to_clear", exc
    view = inspections.inspection_view(ctx, iid)
    (det,) = view.determinations
    fired = {i for tr in det.triggers if not tr.vetoed for i in tr.items}
    answers = {f.item_id: f for f in view.findings if f.status}
    noncompliant = {i for i, f in answers.items() if f.status == "noncompliant"}
    corrected = {i for i in noncompliant if answers[i].corrected_on_site}
    expected_open = {i: "major" if i in fired else "general" for i in noncompliant - corrected}
    got_open = {h.item_id: h.level for h in view.hazards if h.status != "closed"}
    got_closed = {h.item_id for h in view.hazards if h.status == "closed"}
    assert got_open == expected_open
    assert got_closed == corrected
    assert all(h.corrected_on_site for h in view.hazards if h.status == "closed")


def plan_open(ctx: Context, iid: int, item: str) -> None:
    for h in inspections.inspection_view(ctx, iid).hazards:
        if h.item_id == item and h.status == "open":
            hazards.plan(ctx, h.id, deadline=TODAY + dt.timedelta(days=30),
                         responsible="安全科", plan_goal="g", plan_method="m",
                         plan_funding="f", plan_organisation="o", plan_timeline="t",
                         plan_safety="s")
