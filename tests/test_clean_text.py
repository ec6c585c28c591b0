"""Clean text in, escaped text out: free text holding a control character is refused by every
service and again by the store; text that holds one all the same (stored before, or from a
pack) is written out, never acted on, by the command line and in workbooks."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import update

from core.i18n import AnjianError
from core.pack.free_text import check, code_point, first_control, record_of, visible
from core.services import campaigns, decisions, hazards, inspections, roster
from core.services.context import Context
from core.services.packs import default_catalogue
from core.store import queries as q
from core.store import writes
from core.store.bulk import load_findings
from core.store.db import open_store
from core.store.tables import Enterprise, Hazard
from tests.db_state import behind_the_guard, snapshot
from tests.language import english_words
from tests.workflow_helpers import Cli, cli_run, major_hazard_setup, new_code, onsite_campaign

TODAY = dt.date(2026, 3, 2)
PLAN = ("--goal", "g", "--method", "m", "--funding", "f", "--organisation", "o",
        "--timeline", "t", "--safety", "s")
#: What an enterprise user typed as a note: erase the line, back to its start, and a verdict
#: the record does not say.
FORGED = "整改中\x1b[2K\r\x1b[32mVerdict: not major\x1b[0m"


@pytest.fixture
def lead(db_url: str) -> Iterator[Context]:
    ctx = Context(open_store(db_url), default_catalogue(), "组长甲", TODAY, "en")
    yield ctx
    ctx.store.close()


# --- defect 15, on the command line ---------------------------------------------------------

def test_a_bell_in_the_responsible_person_is_refused_and_changes_nothing(
        lead: Context, db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    hid = major_hazard_setup(lead)
    cli = Cli(capsys, db_url)
    before = snapshot(db_url)
    err = cli.refused("hazard", "plan", str(hid), "--deadline", "2026-04-01",
                      "--responsible", "张三\a", *PLAN)
    assert (f"the responsible person of hazard {hid} holds the control character "
            "U+0007 (BEL) (character 3)") in err
    assert "\a" not in err
    assert snapshot(db_url) == before


def test_the_city_ledger_exports_a_bell_stored_before(
        lead: Context, db_url: str, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    hid = major_hazard_setup(lead)
    behind_the_guard(db_url, "UPDATE hazard SET responsible = :r WHERE id = :id",
                     r="张三\a", id=hid)
    out = tmp_path / "ledger.xlsx"
    Cli(capsys, db_url).ok("export", "ledger", "--out", str(out))
    sheet = load_workbook(out).worksheets[0]
    assert sheet.cell(2, 13).value == "张三\\x07"  # the responsible person, written out


def test_a_note_with_terminal_escapes_is_refused_and_shown_escaped(
        lead: Context, db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    cid, target = onsite_campaign(lead)
    insp = inspections.start_inspection(lead, campaign_id=cid, enterprise=target)
    cli = Cli(capsys, db_url)
    before = snapshot(db_url)
    err = cli.refused("inspect", "answer", str(insp.id), "CHEM-2017-01", "noncompliant",
                      "--note", FORGED)
    assert (f"the note of finding {insp.id}/CHEM-2017-01 holds the control character "
            "U+001B (ESC) (character 4)") in err
    assert snapshot(db_url) == before
    # a note stored by an older anjian: shown, never acted on
    inspections.answer(lead, insp.id or 0, "CHEM-2017-01", "noncompliant", note="整改中")
    behind_the_guard(db_url, "UPDATE finding SET note = :n", n=FORGED)
    out = cli.ok("inspect", "show", str(insp.id))
    assert "\x1b" not in out and "\r" not in out
    assert "整改中\\x1b[2K\\x0d\\x1b[32mVerdict: not major\\x1b[0m" in out
    shown = json.loads(cli.ok("inspect", "show", str(insp.id), "--json"))
    assert shown["findings"][0]["note"] == FORGED  # JSON reads back what is stored


def test_a_refusal_in_chinese_names_the_field_and_the_record(
        lead: Context, db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    hid = major_hazard_setup(lead)
    code, _, err = cli_run(db_url, "组长甲", ["hazard", "verify", str(hid), "--accept",
                                             "--note", "合格\x07"], capsys, lang="zh")
    assert code == 2
    assert f"隐患 {hid}的备注含有控制字符 U+0007 (BEL)（第 3 个字符）" in err
    assert english_words(err) == []


def test_a_roster_cell_with_a_control_character_names_file_row_and_column(
        lead: Context, db_url: str, capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    roster.add_enterprise(lead, uscc=new_code(), name="济南甲化工", sector="chemicals",
                          district="历下区")  # the database's first user is the lead
    book = tmp_path / "roster.xlsx"
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "名单"
    ws.append(["统一社会信用代码", "名称", "区县", "行业", "地址"])
    ws.append([new_code(), "济南乙商贸", "历下区", "fire", "经十路1号"])
    # a workbook cannot hold C0 characters, but can hold these: reorder, or start a sequence
    ws.append([new_code(), "济南丙\u202e司公限有", "历下区", "fire", "经十路\x9b2J"])
    wb.save(book)
    before = snapshot(db_url)
    err = Cli(capsys, db_url).refused("import", "enterprises", str(book))
    assert f"{book}" in err
    assert "名单!3: name: holds the control character U+202E (RLO) (character 4)" in err
    assert "名单!3: address: holds the control character U+009B (CSI) (character 4)" in err
    assert "\u202e" not in err and "\x9b" not in err
    assert snapshot(db_url) == before


def test_json_output_escapes_what_a_terminal_would_act_on(
        lead: Context, db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    code = roster.add_enterprise(lead, uscc=new_code(), name="济南甲化工", sector="chemicals",
                                 district="历下区").uscc
    dirty = "济南\x9b2J\u202e甲\x7f化工\x1b"
    behind_the_guard(db_url, "UPDATE enterprise SET name = :n", n=dirty)
    out = Cli(capsys, db_url).ok("enterprises", "show", code, "--json")
    assert not any(c in out for c in "\x9b\u202e\x7f\x1b")
    assert json.loads(out)["name"] == dirty


# --- every service refuses, naming the field and the record; nothing changes ---------------

def _service_calls(ctx: Context, tmp_path: Path) -> dict[str, Callable[[], Any]]:
    """Each free-text field of each service, given a bell."""
    hid = major_hazard_setup(ctx)
    (h,) = hazards.ledger(ctx)
    insp = h.hazard.inspection_id
    cid = h.hazard.campaign_id or 0
    code = h.hazard.enterprise_uscc
    evidence = tmp_path / "照片\x07.jpg"
    evidence.write_bytes(b"jpeg")
    bell = "x\x07"
    return {
        "enterprise name": lambda: roster.add_enterprise(
            ctx, uscc=new_code(), name=bell, sector="fire", district="历下区"),
        "enterprise address": lambda: roster.add_enterprise(
            ctx, uscc=new_code(), name="n", sector="fire", district="历下区", address=bell),
        "enterprise contact": lambda: roster.add_enterprise(
            ctx, uscc=new_code(), name="n", sector="fire", district="历下区", contact=bell),
        "campaign sector": lambda: campaigns.new_campaign(
            ctx, sector=bell, packs=["chem-2017"], target=code, lead="组长甲", members=[]),
        "campaign lead": lambda: campaigns.new_campaign(
            ctx, sector="chemicals", packs=["chem-2017"], target=code, lead=bell, members=[]),
        "campaign member": lambda: campaigns.new_campaign(
            ctx, sector="chemicals", packs=["chem-2017"], target=code, lead="组长甲",
            members=["检查员乙", bell]),
        "team member": lambda: campaigns.add_member(ctx, cid, name=bell),
        "training note": lambda: campaigns.record_training(
            ctx, cid, held_on=TODAY, attendees=[code], note=bell),
        "answer note": lambda: inspections.answer(ctx, insp, "CHEM-2017-02", "compliant",
                                                  note=bell),
        "skip reason": lambda: inspections.skip(ctx, insp, "CHEM-2017-02", reason=bell),
        "evidence file name": lambda: inspections.answer(
            ctx, insp, "CHEM-2017-02", "compliant", evidence=[evidence]),
        "decision note": lambda: decisions.decide(
            ctx, insp, pack="chem-2017", participants=["组长甲", "检查员乙", "检查员丙"],
            note=bell),
        "plan responsible": lambda: hazards.plan(
            ctx, hid, deadline=TODAY, responsible=bell, plan_goal="g", plan_method="m",
            plan_funding="f", plan_organisation="o", plan_timeline="t", plan_safety="s"),
        "plan part": lambda: hazards.plan(
            ctx, hid, deadline=TODAY, responsible="张三", plan_goal="g", plan_method=bell,
            plan_funding="f", plan_organisation="o", plan_timeline="t", plan_safety="s"),
        "submitted evidence": lambda: hazards.submit(ctx, hid, evidence=bell),
        "verification note": lambda: hazards.verify(ctx, hid, accept=False, note=bell),
    }


FIELDS = ["enterprise name", "enterprise address", "enterprise contact", "campaign sector",
          "campaign lead", "campaign member", "team member", "training note", "answer note",
          "skip reason", "evidence file name", "decision note", "plan responsible",
          "plan part", "submitted evidence", "verification note"]


@pytest.mark.parametrize("field", FIELDS)
def test_every_service_refuses_a_control_character(field: str, tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'anjian.db'}"
    ctx = Context(open_store(url), default_catalogue(), "组长甲", TODAY, "en")
    try:
        call = _service_calls(ctx, tmp_path)[field]
        before = snapshot(url)
        with pytest.raises(AnjianError) as refused:
            call()
        assert refused.value.key == "text.control", refused.value
        assert "U+0007 (BEL)" in refused.value.render("en")
        assert snapshot(url) == before
    finally:
        ctx.store.close()


# --- the store's guard: a path that forgets the check still stores nothing -----------------

def test_the_store_refuses_what_a_service_forgot_to_check(lead: Context, db_url: str) -> None:
    hid = major_hazard_setup(lead)
    (h,) = hazards.ledger(lead)
    iid = h.hazard.inspection_id
    before = snapshot(db_url)
    # the ORM (every write of core.store.writes)
    with pytest.raises(AnjianError) as orm, lead.store.session() as s:
        writes.update_hazard(s, q.get(s, Hazard, hid, "hazard"), {"responsible": "张三\x1b"})
    assert orm.value.render("en").startswith(
        f"the responsible person of hazard {hid} holds the control character U+001B (ESC)")
    # the answer path's Core statements, and JSON written with them
    with pytest.raises(AnjianError) as core, lead.store.session() as s:
        state = q.finding_state(s, iid, "CHEM-2017-01")
        q.save_finding(s, state, {"note": "\u202e反转"})
    assert "U+202E (RLO)" in core.value.render("en")
    with pytest.raises(AnjianError) as audit, lead.store.session() as s:
        q.append_audit(s, "组长甲", "hazard.plan", "hazard", hid, after={"reasons": ["a\x08"]})
    assert "U+0008 (BS)" in audit.value.render("en")
    # a statement with its values written into it, on no one record in particular
    with pytest.raises(AnjianError) as literal, lead.store.session() as s:
        s.execute(update(Enterprise).values(contact="电话\x1b[8m"))
    assert literal.value.render("en").startswith("the contact of one enterprise record holds")
    # a new record: named as one
    with pytest.raises(AnjianError) as new, lead.store.session() as s:
        writes.add_enterprise(s, {"uscc": new_code(), "name": "n\x00", "district": "d",
                                  "sector": "fire"})
    assert "the name of enterprise" in new.value.render("en")
    # the bulk load, which hands rows to the driver itself
    with pytest.raises(AnjianError) as bulk:
        load_findings(lead.store, [{"inspection_id": iid, "pack_id": "chem-2017",
                                    "item_id": "CHEM-2017-02", "status": "compliant",
                                    "note": "ok"},
                                   {"inspection_id": iid, "pack_id": "chem-2017",
                                    "item_id": "CHEM-2017-03", "status": "compliant",
                                    "location": "罐区\x7f"}])
    assert bulk.value.render("en").startswith("row 2: the location of finding")
    # text inside a row's JSON (the evidence list), after rows with values of every other kind
    with pytest.raises(AnjianError) as nested:
        load_findings(lead.store, [{"inspection_id": iid, "pack_id": "chem-2017",
                                    "item_id": "CHEM-2017-02", "status": "compliant",
                                    "evidence": [], "detail": {}, "corrected_on_site": True},
                                   {"inspection_id": iid, "pack_id": "chem-2017",
                                    "item_id": "CHEM-2017-03", "status": "compliant",
                                    "evidence": ["照片\x1b.jpg"]}])
    assert nested.value.render("en").startswith("row 2: the rectification evidence of finding")
    assert snapshot(db_url) == before


# --- the pure check, and text shown --------------------------------------------------------

@pytest.mark.parametrize("value, found", [
    ("整改\n完毕\t见附件", None), ("", None), ("a\x00", (2, "\x00")), ("\x1b[31m", (1, "\x1b")),
    ("a\rb", (2, "\r")), ("a\r\nb", (2, "\r")), ("\x7f", (1, "\x7f")), ("é\x85", (2, "\x85")),
    ("\u202ex", (1, "\u202e")), ("\u2067", (1, "\u2067")), ("\u200b零宽", None),
    ("\U0001f600", None)])
def test_what_free_text_may_hold(value: str, found: tuple[int, str] | None) -> None:
    assert first_control(value) == found


def test_visible_writes_out_what_a_terminal_would_act_on() -> None:
    assert visible("plain 文字\n\tok") == "plain 文字\n\tok"
    assert visible("a\x07b\x1b[2K\x9b\u202e") == "a\\x07b\\x1b[2K\\x9b\\u202e"
    assert code_point("\x1b") == "U+001B (ESC)" and code_point("\x03") == "U+0003"
    with pytest.raises(AnjianError) as refused:
        check(record_of("hazard", 7), note="ok", plan_goal=["a", "b\x07"])
    assert refused.value.render("en").startswith("the goals and tasks of hazard 7 holds")
    assert record_of("campaign").render("zh") == "新检查行动"


def test_a_workbook_cell_never_refuses_text(tmp_path: Path) -> None:
    from core.excel.cells import cell, safe

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("s")
    ws.append([cell(ws, "a\x07"), safe(ws, "b\x1b[2J"), safe(ws, "=1+1\x00"), safe(ws, 3)])
    wb.save(tmp_path / "s.xlsx")
    row = [c.value for c in load_workbook(tmp_path / "s.xlsx")["s"][1]]
    assert row == ["a\\x07", "b\\x1b[2J", "=1+1\\x00", 3]


# --- migration 0011: what was stored before is cleaned, and each change recorded ------------

def test_migration_cleans_stored_text_and_records_each_change(
        empty_db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    from core.services import audit_check
    from core.store.db import (
        Store,
        current_revision,
        downgrade,
        head_revision,
        make_engine,
        upgrade,
    )

    engine = make_engine(empty_db_url)
    upgrade(engine)  # the records are made by today's services, then the schema goes back
    ctx = Context(Store(empty_db_url, engine), default_catalogue(), "组长甲", TODAY, "en")
    try:
        hid = major_hazard_setup(ctx)  # its finding has a note
        (h,) = hazards.ledger(ctx)
        iid, code = h.hazard.inspection_id, h.hazard.enterprise_uscc
        campaigns.record_training(ctx, h.hazard.campaign_id or 0, held_on=TODAY,
                                  attendees=[code], note="培训")
        with ctx.store.session() as s:
            versions = {"hazard": q.get(s, Hazard, hid, "hazard").version}
        downgrade(engine, "0010")  # just before the cleaning
        # as an older anjian stored them
        behind_the_guard(empty_db_url, "UPDATE hazard SET responsible = :r", r="张三\a")
        behind_the_guard(empty_db_url, "UPDATE finding SET note = :n", n=FORGED)
        behind_the_guard(empty_db_url, "UPDATE enterprise SET name = :n, address = :a",
                         n="济南\x9b2J甲\u202e化工", a="经十路\r\n1号\r2层")
        behind_the_guard(empty_db_url, "UPDATE training_session SET attendees = :a",
                         a=json.dumps([code + "\x07"]))
        entries_before = len(snapshot(empty_db_url)["audit_log"])
        assert current_revision(engine) == "0010"
        upgrade(engine)
        assert current_revision(engine) == head_revision()
        (h,) = hazards.ledger(ctx)
        assert h.hazard.responsible == "张三"
        assert h.hazard.version == versions["hazard"] + 1
        view = inspections.inspection_view(ctx, iid)
        assert view.findings[0].note == "整改中\nVerdict: not major"
        e = roster.enterprise_detail(ctx, code).enterprise
        assert (e.name, e.address) == ("济南甲化工", "经十路\n1号\n2层")
        (training,) = campaigns.campaign_view(ctx, h.hazard.campaign_id or 0).trainings
        assert list(training.attendees) == [code]
        with ctx.store.session() as s:
            cleaned = [(e.object_type, e.before, e.after) for e in q.audit_entries(s)
                       if e.action == "text.cleaned"]
            assert len(q.audit_entries(s)) == entries_before + len(cleaned)
        assert sorted(cleaned, key=repr) == sorted([
            ("enterprise",
             {"name": "济南\\x9b2J甲\\u202e化工", "address": "经十路\\x0d\n1号\\x0d2层"},
             {"name": "济南甲化工", "address": "经十路\n1号\n2层"}),
            ("finding", {"note": "整改中\\x1b[2K\\x0d\\x1b[32mVerdict: not major\\x1b[0m"},
             {"note": "整改中\nVerdict: not major"}),
            ("hazard", {"responsible": "张三\\x07"}, {"responsible": "张三"}),
            ("training_session", {"attendees": [code + "\\x07"]}, {"attendees": [code]}),
        ], key=repr)
        assert audit_check.chain_check(ctx)[1] is None  # the chain still holds
        assert Cli(capsys, empty_db_url).ok("audit", "verify")
        # no text stored outside the audit log holds a control character any more
        assert not [(table, v) for table, rows in snapshot(empty_db_url).items()
                    if table != "audit_log" for row in rows for v in row
                    if isinstance(v, str) and first_control(v)]
    finally:
        engine.dispose()


def test_migration_of_clean_text_changes_nothing(empty_db_url: str) -> None:
    from core.store.db import Store, downgrade, make_engine, upgrade

    engine = make_engine(empty_db_url)
    upgrade(engine)
    ctx = Context(Store(empty_db_url, engine), default_catalogue(), "组长甲", TODAY, "en")
    try:
        major_hazard_setup(ctx)
        downgrade(engine, "0011")  # the cleaning is the step from 0010 to 0011
        downgrade(engine, "0010")
        before = snapshot(empty_db_url)
        upgrade(engine, "0011")
        after = snapshot(empty_db_url)
        assert {k: v for k, v in after.items() if k != "alembic_version"} == \
            {k: v for k, v in before.items() if k != "alembic_version"}
    finally:
        engine.dispose()


def _migration() -> Any:
    import importlib

    return importlib.import_module("core.store.migrations.versions.0011_clean_free_text")


@pytest.mark.parametrize("dirty, clean", [
    ("张三\a", "张三"), ("a\r\nb\rc\nd\te", "a\nb\nc\nd\te"), ("\x1b[1;31m红\x1b[0m", "红"),
    ("\x1b]0;title\x07正文", "正文"), ("\x1b]8;;http://x\x1b\\链接\x1b]8;;\x1b\\", "链接"),
    ("\x9b2J清屏", "清屏"), ("\x1bc重置", "重置"), ("\u202e反\u2066转\u2069", "反转"),
    ("\x00\x7f\x85", ""), ("正常文字", "正常文字")])
def test_what_the_migration_makes_of_stored_text(dirty: str, clean: str) -> None:
    m = _migration()
    assert m.clean(dirty) == clean
    assert m.clean_json({"k\x1b": [dirty, 1, None]}) == {"k": [clean, 1, None]}
