"""Coverage is honest: an inspection starts only with the site profile its packs need, a
determination is "not major" only when every applicable item was looked at, and a second
inspection of the same enterprise in the same step is started only when confirmed."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import bindparam, text
from sqlalchemy.types import JSON
from sqlmodel import select

from core.engine import evaluate
from core.engine.findings import Site
from core.services import audit_check, inspections
from core.services.context import Context
from core.services.packs import default_catalogue
from core.store.db import Store, open_store, upgrade
from core.store.tables import AuditEntry

from .db_state import everything
from .workflow_helpers import Cli, answer_all, onsite_campaign

TODAY = dt.date(2026, 3, 2)


@pytest.fixture
def store(db_url: str) -> Any:
    s = open_store(db_url)
    yield s
    s.close()


@pytest.fixture
def ctx(store: Store) -> Context:
    return Context(store, default_catalogue(), "组长甲", TODAY, "zh")


# --- the site profile the packs need ------------------------------------------------------

def test_the_questions_come_from_the_packs(catalogue: Any) -> None:
    from core.pack.profile import profile_questions, unanswered

    packs = {pid: e.pack for pid, e in catalogue.entries.items()}
    assert profile_questions([packs["chem-2017"]]) == ()
    (fire,) = profile_questions([packs["gb35181-2017"]])
    assert fire.key == "categories"
    assert [c.id for c in fire.choices] == ["people_dense", "flammable_explosive", "important",
                                            "other"]
    assert fire.choices[-1].render("zh") == "其他场所（other）"
    (trade,) = profile_questions([packs["it-2023"], packs["it-2023-dust"]])
    assert (trade.key, trade.packs) == ("tags", ("it-2023",))
    assert trade.choices[0].render("zh") == "冶金（metallurgy）"
    # A wholesaler is a kind of fireworks site though no item is gated by it.
    (fireworks,) = profile_questions([packs["fireworks-2017"]])
    assert [c.id for c in fireworks.choices] == ["production", "wholesale"]
    # Two versions of one standard asking the same question ask it once.
    mines = profile_questions([packs["coal-2020"], packs["coal-2026"]])
    assert all(q.key == "tags" for q in mines)
    assert unanswered([packs["coal-2020"], packs["coal-2026"]], categories=[],
                      tags=["underground"]) == ()
    assert unanswered([packs["gb35181-2017"]], categories=["other"], tags=[]) == ()


def test_a_pack_gated_by_industry_needs_the_industry(db_url: str, ctx: Context,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    """Defect 1: an industry-and-trade inspection started without its industry had 3
    applicable items of 50 and read "no major hazard" once they were answered."""
    cid, target = onsite_campaign(ctx, ["it-2023", "it-2023-dust"], sector="metallurgy")
    cli = Cli(capsys, db_url)
    before = everything(ctx.store)
    code, _, err = cli_zh(cli, "inspect", "start", "--campaign", str(cid), "--enterprise", target)
    assert code == 2, err
    assert "请先说明场所情况" in err
    assert "判定标准 it-2023 的场所类型或开展的作业（至少选一个）" in err
    assert "冶金（metallurgy）、有色（nonferrous）" in err and "烟草（tobacco）" in err
    assert "--tag" in err and "Traceback" not in err
    assert everything(ctx.store) == before
    iid = cli.ok("inspect", "start", "--campaign", str(cid), "--enterprise", target,
                 "--tag", "metallurgy").strip()
    shown = cli.json("inspect", "show", iid)
    trade = next(d for d in shown["determinations"] if d["pack"] == "it-2023")
    assert len(trade["unanswered"]) == 11  # 3 general articles and 8 of metallurgy


def test_fire_needs_the_site_categories_or_other(db_url: str, ctx: Context,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    """Defect 1: GB 35181 without categories was silently an "other" place (threshold 6
    instead of 3 for a people-dense one)."""
    cid, target = onsite_campaign(ctx, ["gb35181-2017"], sector="fire")
    cli = Cli(capsys, db_url)
    before = everything(ctx.store)
    code, _, err = cli_zh(cli, "inspect", "start", "--campaign", str(cid), "--enterprise", target)
    assert code == 2, err
    assert ("判定标准 gb35181-2017 的场所类别（可多选；都不属于时选“其他场所”）：人员密集场所"
            "（people_dense）、易燃易爆危险品场所（flammable_explosive）、重要场所（important）"
            " 或 其他场所（other）") in err
    code, _, err = cli("inspect", "start", "--campaign", str(cid), "--enterprise", target)
    assert code == 2 and "the site categories for gb35181-2017" in err
    assert everything(ctx.store) == before
    # GB 35181-2017 was withdrawn on 2025-11-01: the start is confirmed
    iid = cli.ok("inspect", "start", "--campaign", str(cid), "--enterprise", target,
                 "--category", "other", "--withdrawn-ok").strip()
    assert cli.json("inspect", "show", iid)["categories"] == ["other"]


def cli_zh(cli: Cli, *args: str) -> tuple[int, str, str]:
    from .workflow_helpers import cli_run

    return cli_run(cli.url, cli.user, list(args), cli.capsys, lang="zh")


# --- "not major" only when every applicable item was looked at ----------------------------

def test_an_unanswered_item_keeps_the_verdict_incomplete(db_url: str, ctx: Context,
                                                         capsys: pytest.CaptureFixture[str]
                                                         ) -> None:
    """Defect 1: one composite element of an "other" place left unanswered cannot reach the
    threshold of 6 alone, and the determination read "no major hazard"."""
    # dated while GB 35181-2017 was in force (until 2025-11-01): answered in full, the site
    # is cleared
    ctx = Context(ctx.store, ctx.catalogue, ctx.actor, dt.date(2025, 10, 1), "zh")
    cid, target = onsite_campaign(ctx, ["gb35181-2017"], sector="fire")
    cli = Cli(capsys, db_url)
    iid = cli.ok("inspect", "start", "--campaign", str(cid), "--enterprise", target,
                 "--category", "other", "--date", "2025-10-01").strip()
    for item in inspections.inspection_view(ctx, int(iid)).unanswered:
        if item != "FIRE-2017-C-7.1.1":
            inspections.answer(ctx, int(iid), item, "compliant")
    shown = cli.json("inspect", "show", iid)
    assert shown["verdict"] == "incomplete"
    assert shown["determinations"][0]["unanswered"] == ["FIRE-2017-C-7.1.1"]
    code, out, _ = cli_zh(cli, "inspect", "show", iid)
    assert code == 0
    assert "判定未完成" in out and "未构成重大事故隐患" not in out
    cli.ok("inspect", "answer", iid, "FIRE-2017-C-7.1.1", "compliant")
    assert cli.json("inspect", "show", iid)["verdict"] == "not_major"


def test_nothing_applicable_is_not_no_major_hazard(tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    """Defect 1: a metal mine's checklist with no kind of mine given gates out every item; its
    determination read "未构成重大事故隐患" with nothing looked at."""
    findings = tmp_path / "findings.json"
    findings.write_text("[]", encoding="utf-8")
    cli = Cli(capsys, f"sqlite:///{tmp_path / 'a.db'}")
    out = cli.json("evaluate", "--pack", "nm-2022", "--findings", str(findings))
    assert (out["verdict"], out["unanswered"]) == ("incomplete", [])
    code, text_out, _ = cli_zh(cli, "evaluate", "--pack", "nm-2022", "--findings",
                               str(findings))
    assert code == 0 and "未构成重大事故隐患" not in text_out


def test_not_major_needs_every_applicable_item_and_at_least_one(catalogue: Any) -> None:
    nm = catalogue.entries["nm-2022"].pack
    assert evaluate(nm, Site(), []).verdict == "incomplete"
    from core.engine.findings import Finding, Status

    underground = Site(tags=frozenset({"underground"}))
    items = [i.id for s in nm.sections if "underground" in s.tags for i in s.items]
    every = [Finding(item=i, status=Status.compliant) for i in items]
    assert evaluate(nm, underground, every).verdict == "not_major"
    assert evaluate(nm, underground, every[1:]).verdict == "incomplete"


# --- a second inspection in the same step -------------------------------------------------

def test_a_second_inspection_in_the_same_step_needs_again(db_url: str, ctx: Context,
                                                          capsys: pytest.CaptureFixture[str]
                                                          ) -> None:
    """Defect 1: pressing start again started another inspection of the same enterprise
    without a word."""
    cid, target = onsite_campaign(ctx)
    cli = Cli(capsys, db_url)
    first = cli.ok("inspect", "start", "--campaign", str(cid), "--enterprise", target,
                   "--date", "2026-03-02").strip()
    before = everything(ctx.store)
    code, _, err = cli_zh(cli, "inspect", "start", "--campaign", str(cid), "--enterprise", target)
    assert code == 2, err
    assert f"在本检查行动的“现场检查”步骤已有现场检查 {first}（2026-03-02，组长甲 开始）" in err
    assert "--again" in err and "济南测试化工有限公司" in err
    assert everything(ctx.store) == before
    second = cli.ok("inspect", "start", "--campaign", str(cid), "--enterprise", target,
                    "--again").strip()
    assert second != first
    with ctx.store.session() as s:
        entry = s.exec(select(AuditEntry).where(AuditEntry.action == "inspection.start",
                                                AuditEntry.object_id == second)).one()
    assert entry.after["again_after"] == [int(first)]


# --- stored determinations of the older rule ---------------------------------------------

def test_stored_not_major_with_items_unanswered_becomes_incomplete(db_url: str,
                                                                   ctx: Context) -> None:
    """Migration 0009: determinations stored under the older rule (not major while an item
    that could no longer fire a rule, or no item at all, was unanswered) read incomplete, and
    the audit check finds them consistent with their findings."""
    from core.store.db import downgrade

    # dated while GB 35181-2017 was in force (until 2025-11-01): every item answered is
    # "not major", the determination the migration must leave as it is
    ctx = Context(ctx.store, ctx.catalogue, ctx.actor, dt.date(2025, 10, 1), "zh")
    cid, target = onsite_campaign(ctx, ["gb35181-2017"], sector="fire")
    partial = _id(inspections.start_inspection(ctx, campaign_id=cid, enterprise=target,
                                               categories=["other"]))
    answer_all(ctx, partial)
    complete = _id(inspections.start_inspection(ctx, campaign_id=cid, enterprise=target,
                                                categories=["other"], again=True))
    answer_all(ctx, complete)
    mines, mine = onsite_campaign(ctx, ["nm-2022"], sector="mining")
    empty = _id(inspections.start_inspection(ctx, campaign_id=mines, enterprise=mine,
                                             tags=["underground"]))
    downgrade(ctx.store.engine, "0005")
    # What the older rule stored: one element of an "other" place unanswered, and a mine
    # inspection whose site had no kind of mine (nothing applicable), both "not major".
    _set(ctx.store, partial, lambda d: _older(d, unanswered=["FIRE-2017-C-7.1.1"]))
    _set(ctx.store, empty, lambda d: _older(d, unanswered=[]))
    untouched = _get(ctx.store, complete)
    upgrade(ctx.store.engine)
    assert _get(ctx.store, partial)["verdict"] == "incomplete"
    assert _get(ctx.store, partial)["determinations"][0]["verdict"] == "incomplete"
    assert _get(ctx.store, empty)["verdict"] == "incomplete"
    assert _get(ctx.store, complete) == untouched
    assert untouched["verdict"] == "not_major"


def _id(summary: Any) -> int:
    assert summary.id is not None
    return int(summary.id)


def _older(data: dict[str, Any], *, unanswered: list[str]) -> dict[str, Any]:
    (det,) = data["determinations"]
    return {**data, "verdict": "not_major",
            "determinations": [{**det, "verdict": "not_major", "unanswered": unanswered}]}


def _get(store: Store, inspection: int) -> dict[str, Any]:
    with store.engine.connect() as conn:
        raw = conn.execute(text("SELECT determination FROM inspection WHERE id = :i"),
                           {"i": inspection}).scalar_one()
    data: dict[str, Any] = raw if isinstance(raw, dict) else json.loads(raw)
    return data


def _set(store: Store, inspection: int, change: Any) -> None:
    data = change(_get(store, inspection))
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE inspection SET determination = :d WHERE id = :i")
                     .bindparams(bindparam("d", type_=JSON)), {"d": data, "i": inspection})


def test_the_migration_reads_only_the_verdicts() -> None:
    import importlib

    migration = importlib.import_module(
        "core.store.migrations.versions.0009_incomplete_while_unanswered")
    major = {"pack": "a", "verdict": "major", "unanswered": ["x"]}
    stale = {"pack": "b", "verdict": "not_major", "unanswered": ["y"]}
    data = {"verdict": "major", "determinations": [major, stale]}
    assert migration.honest(data, {"a", "b"}) == {
        "verdict": "major", "determinations": [major, {**stale, "verdict": "incomplete"}]}
    done = {"pack": "b", "verdict": "not_major", "unanswered": []}
    assert migration.honest({"verdict": "not_major", "determinations": [done]}, {"b"}) is None
    assert migration.honest({"verdict": "not_major", "determinations": [done]}, set()) == {
        "verdict": "incomplete", "determinations": [{**done, "verdict": "incomplete"}]}
    assert migration.honest("not an object", set()) is None


def test_audit_check_agrees_after_the_change(ctx: Context) -> None:
    cid, target = onsite_campaign(ctx, ["gb35181-2017"], sector="fire")
    iid = _id(inspections.start_inspection(ctx, campaign_id=cid, enterprise=target,
                                           categories=["people_dense"], withdrawn_ok=True))
    inspections.answer(ctx, iid, "FIRE-2017-C-7.3.1", "noncompliant")
    check = audit_check.determination_check(ctx)
    assert (check.checked, check.mismatched) == (1, ())


def test_two_starts_at_once_make_one_inspection(db_url: str, ctx: Context) -> None:
    """Two inspectors pressing start at the same moment: one inspection, and the other is
    asked to confirm a repeat (the campaign's row lock orders them on PostgreSQL)."""
    import threading

    from core.i18n import AnjianError

    cid, target = onsite_campaign(ctx)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def start() -> None:
        mine = Context(open_store(db_url), ctx.catalogue, "组长甲", TODAY, "zh")
        try:
            barrier.wait()
            inspections.start_inspection(mine, campaign_id=cid, enterprise=target)
            outcomes.append("started")
        except AnjianError as exc:
            outcomes.append(exc.key)
        finally:
            mine.store.close()

    threads = [threading.Thread(target=start) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["inspection.again", "started"]
