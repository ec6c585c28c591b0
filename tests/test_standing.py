"""A standard's standing in time, shown everywhere: GB 35181-2017 was replaced by GB 35181-2025
on 2025-11-01 and anjian has no 2025 pack, so a fire inspection dated after that stands under a
withdrawn standard. Starting one needs explicit confirmation; its result is never "not major"
and is marked 依据已废止标准，仅供参考 by the command line (readable and --json), the inspection
report workbook and the record (检记); `anjian packs status` lists every pack's standing on a
date. A synthetic GB 35181-2025 pack, installed as a pack author would add one, is found as the
successor, and 2017 results dated before 2025-11-01 keep standing in force."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlmodel import select

from core.engine import evaluate
from core.engine.determination import Standing, Verdict
from core.engine.findings import Site
from core.i18n import AnjianError
from core.pack.model import Pack
from core.plugins.catalogue import Catalogue, PackRegistrar, build_catalogue
from core.plugins.hookspecs import hookimpl
from core.services import bureau, campaigns, documents, inspections
from core.services.context import Context
from core.services.exports import export_inspection
from core.services.packs import default_catalogue, pack_status, standing_of
from core.store.db import Store, open_store
from core.store.tables import AuditEntry

from .db_state import everything
from .workflow_helpers import Cli, cli_main, onsite_campaign

#: After GB 35181-2025 took effect (2025-11-01): GB 35181-2017 is withdrawn.
TODAY = dt.date(2026, 3, 2)
#: The last day GB 35181-2017 was in force.
BEFORE = dt.date(2025, 10, 31)
FIRE = "gb35181-2017"
MARK = "依据已废止标准，仅供参考"
MARK_EN = "Under a withdrawn standard: for reference only"


# --- a synthetic successor, added as a pack author would ----------------------------------


def successor_pack(fire: Pack) -> Pack:
    """A stand-in for GB 35181-2025 (its text is not available to anjian): the 2017 checklist
    under the 2025 number, its date and ``replaces``, with no successor of its own. Only the
    metadata matters here: which standard it is, from when, and what it replaced."""
    data = fire.model_dump()
    data.update(id="gb35181-2025-synthetic", version="2025.0.1", standard="GB 35181-2025",
                title_zh="重大火灾隐患判定规则",
                title_en="Rules for major fire potential judgement",
                effective=dt.date(2025, 11, 1), replaces="GB 35181-2017", superseded_by=None)
    return Pack.model_validate(data)


class SuccessorPlugin:
    """A plugin registering the synthetic successor (built in Python, through the registrar
    every plugin uses)."""

    def __init__(self, pack: Pack) -> None:
        self.pack = pack

    @hookimpl
    def register_packs(self, register: PackRegistrar) -> None:
        register.pack(self.pack)


@pytest.fixture(scope="module")
def with_successor(catalogue: Catalogue) -> Catalogue:
    fire = catalogue.packs[FIRE]
    cat = build_catalogue(objects={"fire2025": SuccessorPlugin(successor_pack(fire))})
    assert not cat.errors, cat.errors
    return cat


# --- the database --------------------------------------------------------------------------


@pytest.fixture
def store(db_url: str) -> Any:
    s = open_store(db_url)
    yield s
    s.close()


@pytest.fixture
def ctx(store: Store) -> Context:
    return Context(store, default_catalogue(), "组长甲", TODAY, "zh")


def fire_campaign(ctx: Context) -> tuple[int, str]:
    return onsite_campaign(ctx, [FIRE], sector="fire")


def start_entry(store: Store, inspection_id: int) -> AuditEntry:
    with store.session() as s:
        return s.exec(select(AuditEntry).where(
            AuditEntry.action == "inspection.start",
            AuditEntry.object_id == str(inspection_id))).one()


# --- starting an inspection ----------------------------------------------------------------


def test_starting_under_a_withdrawn_standard_is_refused_until_confirmed(ctx: Context) -> None:
    cid, target = fire_campaign(ctx)
    before = everything(ctx.store)
    with pytest.raises(AnjianError) as refused:
        inspections.start_inspection(ctx, campaign_id=cid, enterprise=target,
                                     categories=["people_dense"])
    assert refused.value.key == "inspection.withdrawn"
    said = refused.value.render("zh")
    for part in (FIRE, "GB 35181-2017", "GB 35181-2025", "2025-11-01", "2026-03-02",
                 "--withdrawn-ok", "现行标准未安装", "未保存任何内容"):
        assert part in said, (part, said)
    assert everything(ctx.store) == before  # nothing stored
    insp = inspections.start_inspection(ctx, campaign_id=cid, enterprise=target,
                                        categories=["people_dense"], withdrawn_ok=True)
    assert insp.id is not None
    assert start_entry(ctx.store, insp.id).after["withdrawn_confirmed"] == [
        {"pack": FIRE, "standard": "GB 35181-2017", "successor": "GB 35181-2025",
         "successor_effective": "2025-11-01"}]


def test_an_inspection_dated_while_the_standard_was_in_force_needs_no_confirmation(
        store: Store) -> None:
    ctx = Context(store, default_catalogue(), "组长甲", BEFORE, "zh")
    cid, target = fire_campaign(ctx)
    insp = inspections.start_inspection(ctx, campaign_id=cid, enterprise=target,
                                        categories=["people_dense"])
    assert insp.id is not None
    assert "withdrawn_confirmed" not in start_entry(store, insp.id).after
    for item in inspections.inspection_view(ctx, insp.id).unanswered:
        inspections.answer(ctx, insp.id, item, "compliant")
    (d,) = inspections.inspection_view(ctx, insp.id).determinations
    assert (d.verdict, d.standing) == (Verdict.not_major, Standing.in_force)


def test_a_pack_in_force_is_never_asked_about(ctx: Context) -> None:
    cid, target = onsite_campaign(ctx)  # chem-2017: in force
    insp = inspections.start_inspection(ctx, campaign_id=cid, enterprise=target)
    assert insp.id is not None
    assert "withdrawn_confirmed" not in start_entry(ctx.store, insp.id).after


# --- the determination and its outputs -----------------------------------------------------


def answered_fire(ctx: Context, noncompliant: tuple[str, ...] = ()) -> int:
    """A confirmed on-site fire inspection of a people-dense place, every item answered:
    compliant but ``noncompliant``."""
    cid, target = fire_campaign(ctx)
    insp = inspections.start_inspection(ctx, campaign_id=cid, enterprise=target,
                                        categories=["people_dense"], withdrawn_ok=True)
    assert insp.id is not None
    for item in inspections.inspection_view(ctx, insp.id).unanswered:
        inspections.answer(ctx, insp.id, item,
                           "noncompliant" if item in noncompliant else "compliant")
    return insp.id


def test_every_answer_compliant_under_a_withdrawn_standard_is_incomplete_and_marked(
        ctx: Context, capsys: pytest.CaptureFixture[str], db_url: str) -> None:
    iid = answered_fire(ctx)
    view = inspections.inspection_view(ctx, iid)
    (d,) = view.determinations
    assert (d.verdict, d.standing, d.unanswered) == (Verdict.incomplete, Standing.withdrawn, ())
    assert "warn.withdrawn_incomplete" in {w.key for w in d.warnings}
    cli = Cli(capsys, db_url)
    code, out, _ = cli_main(["--lang", "zh", "--db", db_url, "--user", "组长甲",
                             "inspect", "show", str(iid)], capsys)
    assert code == 0
    line = next(x for x in out.splitlines() if x.strip().startswith(FIRE))
    assert "判定未完成" in line and f"【{MARK}】" in line
    assert f"! {FIRE}: {MARK}：GB 35181-2017 已于 2025-11-01 被 GB 35181-2025 替代" in out
    assert "现行标准未安装" in out
    shown = cli.json("inspect", "show", str(iid))
    (dj,) = shown["determinations"]
    assert (dj["verdict"], dj["standing"]) == ("incomplete", "withdrawn")
    assert dj["successor"] == {"standard": "GB 35181-2025", "title_zh": "重大火灾隐患判定规则",
                               "effective": "2025-11-01", "installed": False, "packs": []}


def test_a_major_hazard_stays_major_under_a_withdrawn_standard_and_is_marked(
        ctx: Context, capsys: pytest.CaptureFixture[str], db_url: str) -> None:
    cid, target = fire_campaign(ctx)
    insp = inspections.start_inspection(ctx, campaign_id=cid, enterprise=target,
                                        categories=["people_dense"], withdrawn_ok=True)
    cli = Cli(capsys, db_url)
    out = cli.ok("inspect", "answer", str(insp.id), "FIRE-2017-D-6.2", "noncompliant")
    assert "MAJOR HAZARD" in out and MARK_EN in out and "GB 35181-2025" in out
    answered = cli.json("inspect", "answer", str(insp.id), "FIRE-2017-D-6.1", "compliant")
    (d,) = answered["determinations"]
    assert (d["verdict"], d["standing"]) == ("major", "withdrawn")
    assert d["successor"]["standard"] == "GB 35181-2025"
    assert d["successor"]["effective"] == "2025-11-01"


def test_the_command_line_refuses_the_start_and_takes_withdrawn_ok(
        ctx: Context, capsys: pytest.CaptureFixture[str], db_url: str) -> None:
    cid, target = fire_campaign(ctx)
    before = everything(ctx.store)
    args = ["inspect", "start", "--campaign", str(cid), "--enterprise", target,
            "--category", "people_dense", "--date", "2026-03-02"]
    code, _, err = cli_main(["--lang", "zh", "--db", db_url, "--user", "组长甲", *args],
                            capsys)
    assert code == 2 and "Traceback" not in err
    assert "gb35181-2017" in err and "GB 35181-2025" in err and "2025-11-01" in err
    assert "--withdrawn-ok" in err
    assert everything(ctx.store) == before
    cli = Cli(capsys, db_url)
    code, out, err = cli(*args, "--withdrawn-ok")
    assert code == 0, err
    assert out.strip().isdigit() and not err  # the id alone: scripts read it
    assert MARK_EN in cli.ok("inspect", "show", out.strip())
    assert start_entry(ctx.store, int(out)).after["withdrawn_confirmed"][0]["pack"] == FIRE


def findings_file(tmp_path: Path, status: str = "compliant") -> Path:
    fire = default_catalogue().packs[FIRE]
    site = Site(categories=frozenset({"people_dense"}))
    from core.engine.compiled import compile_pack

    plan = compile_pack(fire)
    items = plan.names(plan.applicable(site.tags))
    path = tmp_path / "findings.json"
    path.write_text(json.dumps([{"item": i, "status": status} for i in items]), "utf-8")
    (tmp_path / "site.json").write_text(json.dumps({"categories": ["people_dense"]}), "utf-8")
    return path


@pytest.mark.parametrize("on, verdict, standing", [
    ("2025-10-31", "not_major", "in_force"), ("2025-11-01", "incomplete", "withdrawn")])
def test_evaluate_marks_a_result_under_a_withdrawn_standard(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], on: str, verdict: str,
        standing: str) -> None:
    findings = findings_file(tmp_path)
    args = ["evaluate", "--pack", FIRE, "--findings", str(findings),
            "--site", str(tmp_path / "site.json"), "--date", on]
    code, out, err = cli_main(["--lang", "zh", *args], capsys)
    assert code == 0, err
    verdict_line = next(x for x in out.splitlines() if x.startswith("结论"))
    assert (f"【{MARK}】" in verdict_line) is (standing == "withdrawn")
    assert ("标准效力: 已废止：GB 35181-2017 已于 2025-11-01 被 GB 35181-2025 替代；现行标准未安装"
            in out) is (standing == "withdrawn")
    code, out, err = cli_main(["--lang", "en", *args, "--json"], capsys)
    assert code == 0, err
    data = json.loads(out)
    assert (data["verdict"], data["standing"]) == (verdict, standing)
    if standing == "withdrawn":
        assert data["successor"]["standard"] == "GB 35181-2025"
        assert data["successor"]["installed"] is False
    else:
        assert "successor" not in data


# --- anjian packs status -------------------------------------------------------------------


def status_json(capsys: pytest.CaptureFixture[str], on: str) -> dict[str, Any]:
    code, out, err = cli_main(["packs", "status", "--on", on, "--json"], capsys)
    assert code == 0, err
    return {p["pack"]: p for p in json.loads(out)["packs"]}


def test_packs_status_on_dates_before_and_after_the_2025_standard(
        capsys: pytest.CaptureFixture[str]) -> None:
    before, after = status_json(capsys, "2025-10-31"), status_json(capsys, "2025-11-01")
    assert before[FIRE]["standing"] == "in_force" and after[FIRE]["standing"] == "withdrawn"
    assert after[FIRE]["successor"] == {
        "standard": "GB 35181-2025", "title_zh": "重大火灾隐患判定规则",
        "effective": "2025-11-01", "installed": False, "packs": []}
    assert (after[FIRE]["effective"], after[FIRE]["standard"]) == ("2018-07-01",
                                                                  "GB 35181-2017")
    assert after["chem-2017"]["standing"] == "in_force"
    assert after["chem-2017"]["successor"] is None
    # the coal list: its 2026 revision is installed, and in force from 2026-07-01
    coal = status_json(capsys, "2026-06-30")
    assert coal["coal-2020"]["standing"] == "in_force"
    assert coal["coal-2026"]["standing"] == "not_yet"
    assert coal["coal-2020"]["successor"]["packs"] == ["coal-2026"]
    code, out, _ = cli_main(["packs", "status", "--on", "2025-11-01"], capsys)
    assert code == 0 and "2025-11-01 各判定标准的效力" in out  # Chinese by default
    block = out[out.index("gb35181-2017 "):].split("\n\n")[0]
    for line in (f"效力：已废止 — {MARK}", "施行日期：2018-07-01", "替代标准：GB 35181-2025",
                 "替代标准施行日期：2025-11-01", "替代标准已安装：否"):
        assert line in block, (line, block)
    code, out, _ = cli_main(["--lang", "en", "packs", "status", "--on", "2025-10-31"], capsys)
    block = out[out.index("gb35181-2017 "):].split("\n\n")[0]
    assert "Standing: in force" in block and "Successor installed: no" in block


def test_packs_status_refuses_a_date_it_cannot_read(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = cli_main(["packs", "status", "--on", "2025-13-01"], capsys)
    assert code == 2 and "--on" in err and "2025-13-01" in err


def test_an_installed_successor_is_found_and_earlier_results_keep_their_standing(
        with_successor: Catalogue, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    fire = with_successor.packs[FIRE]
    after = standing_of(with_successor, fire, dt.date(2025, 11, 1))
    assert after.withdrawn and after.successor_packs == ("gb35181-2025-synthetic",)
    successor = standing_of(with_successor, with_successor.packs["gb35181-2025-synthetic"],
                            dt.date(2025, 11, 1))
    assert successor.standing is Standing.in_force and successor.successor is None
    by_pack = {s.pack: s for s in pack_status(with_successor, BEFORE)}
    assert by_pack[FIRE].standing is Standing.in_force
    assert by_pack["gb35181-2025-synthetic"].standing is Standing.not_yet
    # a 2017 result dated before the successor took effect stands in force and may clear
    # the site; one dated after stays withdrawn, successor installed or not
    site = Site(categories=frozenset({"people_dense"}))
    from core.engine import Answers
    from core.engine.findings import Status

    everything_compliant = Answers({i.id: Status.compliant for i in fire.items()})
    early = evaluate(fire, site, everything_compliant, on=BEFORE)
    late = evaluate(fire, site, everything_compliant, on=dt.date(2025, 11, 1))
    assert (early.verdict, early.standing) == (Verdict.not_major, Standing.in_force)
    assert (late.verdict, late.standing) == (Verdict.incomplete, Standing.withdrawn)
    # and the command line says so
    monkeypatch.setattr("core.services.default_catalogue", lambda: with_successor)
    code, out, err = cli_main(["packs", "status", "--on", "2025-11-01", "--json"], capsys)
    assert code == 0, err
    rows = {p["pack"]: p for p in json.loads(out)["packs"]}
    assert rows[FIRE]["successor"]["installed"] is True
    assert rows[FIRE]["successor"]["packs"] == ["gb35181-2025-synthetic"]
    code, out, _ = cli_main(["packs", "status", "--on", "2025-11-01"], capsys)
    assert "替代标准已安装：是（gb35181-2025-synthetic）" in out


def test_a_pack_of_another_standard_is_no_successor(catalogue: Catalogue) -> None:
    """Only a pack of the successor's number that continues this standard (its series, or
    naming it in ``replaces``) is its successor: another pack numbered alike is not."""
    fire = catalogue.packs[FIRE]
    stranger = successor_pack(fire).model_copy(update={"id": "other", "replaces": ""})
    cat = build_catalogue(objects={"other": SuccessorPlugin(stranger)})
    assert standing_of(cat, cat.packs[FIRE], TODAY).successor_packs == ()


# --- the inspection report workbook --------------------------------------------------------


def test_the_report_marks_the_verdict_under_a_withdrawn_standard(
        ctx: Context, tmp_path: Path) -> None:
    iid = answered_fire(ctx, noncompliant=("FIRE-2017-D-6.2",))
    wb = load_workbook(export_inspection(ctx, iid, tmp_path / "report.xlsx"))
    summary = wb["概况"]
    assert (summary["A3"].value, summary["B3"].value) == ("结论", "重大事故隐患")
    # the pack's verdict, beside it the mark and what replaced the standard
    assert summary["A4"].value == "结论（GB 35181-2017）"
    assert summary["B4"].value == (f"重大事故隐患\n{MARK}：GB 35181-2017 已于 2025-11-01 被 "
                                   "GB 35181-2025 替代")
    assert summary["B4"].font.bold and summary["B4"].font.color.rgb == "00C00000"
    sheet = wb["重大隐患判定"]
    header = [c.value for c in sheet[1]]
    assert header[-1] == "标准效力"
    rows = [[c.value for c in r] for r in sheet.iter_rows(min_row=2)]
    assert rows and all(r[-1] == f"{MARK}：GB 35181-2017 已于 2025-11-01 被 GB 35181-2025 替代"
                        for r in rows)


def test_a_report_under_a_standard_in_force_says_so(store: Store, tmp_path: Path) -> None:
    ctx = Context(store, default_catalogue(), "组长甲", BEFORE, "zh")
    cid, target = fire_campaign(ctx)
    insp = inspections.start_inspection(ctx, campaign_id=cid, enterprise=target,
                                        categories=["people_dense"])
    assert insp.id is not None
    wb = load_workbook(export_inspection(ctx, insp.id, tmp_path / "report.xlsx"))
    summary = wb["概况"]
    assert summary["B4"].value == (
        "判定未完成（尚有适用的检查项未检查，或所依据的标准已废止）（现行有效）")
    assert MARK not in "".join(str(c.value) for r in summary.iter_rows() for c in r)


# --- the record (检记) ----------------------------------------------------------------------


def record_draft(ctx: Context, iid: int, narrative: str | None = None) -> str:
    bureau.set_bureau(ctx, name="济南市应急管理局", short="济", edition="应急",
                      reconsideration=["济南市人民政府"], court="济南市历下区人民法院")
    for name, cert in (("组长甲", "37010001"), ("检查员乙", "37010002")):
        bureau.set_cert(ctx, name, cert_no=cert, until=ctx.today + dt.timedelta(days=365))
    draft = documents.draft(ctx, documents.IssueRequest(kind="检记", inspection_id=iid,
                                                        narrative=narrative))
    assert draft.refusals == (), draft.refusals
    return "\n".join(b.text for b in draft.content.blocks if b.kind == "para")


def test_a_record_names_a_withdrawn_standard_with_the_mark(ctx: Context) -> None:
    iid = answered_fire(ctx, noncompliant=("FIRE-2017-D-6.2",))
    text = record_draft(ctx, iid)
    assert f"依据GB 35181-2017（{MARK}），对你单位进行了现场检查" in text
    assert "替代" not in text  # the standards line carries it: no second sentence
    record = documents.issue(ctx, documents.IssueRequest(kind="检记", inspection_id=iid))
    shown = documents.show(ctx, record.document.number)
    assert f"GB 35181-2017（{MARK}）" in "\n".join(b.text for b in shown.content.blocks)


def test_a_record_whose_narrative_leaves_the_mark_out_still_carries_it(ctx: Context) -> None:
    iid = answered_fire(ctx)
    text = record_draft(ctx, iid, narrative="依据GB 35181-2017对你单位进行了现场检查。")
    assert ("GB 35181-2017已于2025年11月1日被GB 35181-2025替代，本次检查依据已废止标准，"
            f"判定结论{MARK}。") in text


def test_a_record_under_a_standard_in_force_is_composed_as_before(store: Store) -> None:
    ctx = Context(store, default_catalogue(), "组长甲", TODAY, "zh")
    cid, target = onsite_campaign(ctx)
    insp = inspections.start_inspection(ctx, campaign_id=cid, enterprise=target)
    assert insp.id is not None
    inspections.answer(ctx, insp.id, "CHEM-2017-01", "noncompliant")
    text = record_draft(ctx, insp.id)
    assert "依据安监总管三〔2017〕121号，对你单位进行了现场检查" in text
    assert MARK not in text
    assert campaigns.campaign_view(ctx, cid).inspections
