"""Coverage is honest: a determination is "not major" only when every applicable item was
looked at."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import bindparam, text
from sqlalchemy.types import JSON
from sqlmodel import SQLModel

from core.engine import evaluate
from core.engine.findings import Site
from core.services import audit_check, inspections
from core.services.context import Context
from core.services.packs import default_catalogue
from core.store.db import Store, open_store, upgrade

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


def contents(store: Store) -> dict[str, list[str]]:
    """Every row of every table, in a stable order: what a refusal must leave as it was."""
    out: dict[str, list[str]] = {}
    with store.engine.connect() as conn:
        for table in SQLModel.metadata.sorted_tables:
            rows = conn.execute(table.select()).all()
            out[table.name] = sorted(json.dumps(list(r), default=str, ensure_ascii=False)
                                     for r in rows)
    return out


def cli_zh(cli: Cli, *args: str) -> tuple[int, str, str]:
    from .workflow_helpers import cli_run

    return cli_run(cli.url, cli.user, list(args), cli.capsys, lang="zh")


# --- "not major" only when every applicable item was looked at ----------------------------

def test_an_unanswered_item_keeps_the_verdict_incomplete(db_url: str, ctx: Context,
                                                         capsys: pytest.CaptureFixture[str]
                                                         ) -> None:
    """Defect 1: one composite element of an "other" place left unanswered cannot reach the
    threshold of 6 alone, and the determination read "no major hazard"."""
    cid, target = onsite_campaign(ctx, ["gb35181-2017"], sector="fire")
    cli = Cli(capsys, db_url)
    iid = cli.ok("inspect", "start", "--campaign", str(cid), "--enterprise", target,
                 "--category", "other").strip()
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


# --- stored determinations of the older rule ---------------------------------------------

def test_stored_not_major_with_items_unanswered_becomes_incomplete(db_url: str,
                                                                   ctx: Context) -> None:
    """Migration 0010: determinations stored under the older rule (not major while an item
    that could no longer fire a rule, or no item at all, was unanswered) read incomplete, and
    the audit check finds them consistent with their findings."""
    from core.store.db import downgrade

    cid, target = onsite_campaign(ctx, ["gb35181-2017"], sector="fire")
    partial = _id(inspections.start_inspection(ctx, campaign_id=cid, enterprise=target,
                                               categories=["other"]))
    answer_all(ctx, partial)
    complete = _id(inspections.start_inspection(ctx, campaign_id=cid, enterprise=target,
                                                categories=["other"]))
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
        "core.store.migrations.versions.0010_incomplete_while_unanswered")
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
                                           categories=["people_dense"]))
    inspections.answer(ctx, iid, "FIRE-2017-C-7.3.1", "noncompliant")
    check = audit_check.determination_check(ctx)
    assert (check.checked, check.mismatched) == (1, ())
