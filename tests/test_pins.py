"""Packs are pinned: an inspection is evaluated only under the pack content it recorded. An
installed pack edited without a new version refuses answers to the inspections made under its
old content; ``anjian inspect repin`` moves one to the installed content (the campaign's lead,
with a reason, audited); ``anjian audit verify`` exits 1 while any cannot be re-checked."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import text

from core.plugins.catalogue import Catalogue
from core.services import inspections
from core.services.context import Context
from core.services.packs import default_catalogue
from core.store.db import Store, open_store

from .db_state import behind_the_guard, snapshot
from .edited_packs import CHEM, edited_catalogue, without_chemicals
from .language import english_words
from .workflow_helpers import Cli, cli_run, onsite_campaign, register

TODAY = dt.date(2026, 3, 2)
LEAD, INSPECTOR = "组长甲", "检查员乙"


@dataclass
class Pinned:
    """An on-site chem-2017 inspection with item 1 noncompliant (a major hazard under the
    installed pack), then the pack edited in place: one noncompliant item is no longer
    major. ``cli`` runs the command line under the edited catalogue."""

    url: str
    store: Store
    inspection: int
    recorded: str
    installed: str
    edited: Catalogue
    cli: Cli


@pytest.fixture
def pinned(db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
           monkeypatch: pytest.MonkeyPatch) -> Iterator[Pinned]:
    store = open_store(db_url)
    ctx = Context(store, default_catalogue(), LEAD, TODAY, "en")
    cid, target = onsite_campaign(ctx)
    insp = inspections.start_inspection(ctx, campaign_id=cid, enterprise=target)
    assert insp.id is not None
    inspections.answer(ctx, insp.id, "CHEM-2017-01", "noncompliant")
    register(ctx, INSPECTOR)  # on the team, not its lead
    edited = edited_catalogue(tmp_path / "chemicals")
    recorded, installed = default_catalogue().get(CHEM), edited.get(CHEM)
    assert recorded is not None and installed is not None
    assert recorded.pack.version == installed.pack.version and recorded.hash != installed.hash
    # The command line loads the installed plugins' catalogue: here, the edited one.
    monkeypatch.setattr("core.services.packs.default_catalogue", lambda: edited)
    yield Pinned(db_url, store, insp.id, recorded.hash, installed.hash, edited,
                 Cli(capsys, db_url))
    store.close()


def audit_entries(store: Store, action: str) -> list[tuple[str, str, str, str]]:
    with store.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(
            "SELECT actor, object_id, before, after FROM audit_log WHERE action = :a "
            "ORDER BY seq"), {"a": action})]


def test_an_edited_pack_refuses_answers_to_an_inspection_made_under_its_old_content(
        pinned: Pinned) -> None:
    before = snapshot(pinned.url)
    for args in (["inspect", "answer", str(pinned.inspection), "CHEM-2017-02", "compliant"],
                 ["inspect", "answer", str(pinned.inspection), "CHEM-2017-01", "compliant"],
                 ["inspect", "skip", str(pinned.inspection), "CHEM-2017-03",
                  "--reason", "无此装置"]):
        err = pinned.cli.refused(*args)
        assert f"inspection {pinned.inspection}" in err
        assert CHEM in err and "2017.1.2" in err
        assert pinned.recorded[:12] in err and pinned.installed[:12] in err
        assert f"anjian inspect repin {pinned.inspection} --reason" in err
        assert snapshot(pinned.url) == before  # nothing answered, no hazard changed
    code, _, err = cli_run(pinned.url, LEAD, ["inspect", "answer", str(pinned.inspection),
                                              "CHEM-2017-02", "compliant"],
                           pinned.cli.capsys, lang="zh")
    assert code == 2 and f"检查 {pinned.inspection}" in err and "内容哈希" in err
    assert english_words(err) == []


def test_audit_verify_fails_until_the_inspection_is_repinned(pinned: Pinned) -> None:
    code, out, err = pinned.cli("audit", "verify")
    assert code == 1, (out, err)
    assert (f"cannot re-check: pack {CHEM} version 2017.1.2 (hash {pinned.recorded[:12]}) is "
            f"not installed (installed: version 2017.1.2, hash {pinned.installed[:12]}); "
            f"1 inspection(s): {pinned.inspection}") in err
    assert "anjian inspect repin INSPECTION --reason REASON" in err
    code, out, err = cli_run(pinned.url, LEAD, ["audit", "verify"], pinned.cli.capsys,
                             lang="zh")
    assert code == 1 and "无法复核" in err and "anjian inspect repin 检查编号" in err
    assert english_words(out + err) == []
    code, out, _ = pinned.cli("audit", "verify", "--json")
    assert code == 1
    (missing,) = json.loads(out)["determinations"]["unverifiable"]
    assert missing["inspections"] == [pinned.inspection]
    assert missing["installed"]["hash"] == pinned.installed

    pinned.cli.ok("inspect", "repin", str(pinned.inspection), "--reason", "第1～20项改为综合判定")
    code, out, err = pinned.cli("audit", "verify")
    assert code == 0, err
    assert "all match" in out and "cannot re-check" not in out + err


def test_a_repin_undone_behind_anjians_back_is_tampering(pinned: Pinned) -> None:
    pinned.cli.ok("inspect", "repin", str(pinned.inspection), "--reason", "第1～20项改为综合判定")
    ((seq,),) = _seqs(pinned.store, "inspection.repin")
    # The record set back to the content the campaign recorded: it is neither what the log
    # says the inspection was moved to nor installed, yet no longer "awaiting repin".
    behind_the_guard(pinned.url, "UPDATE inspection_pack SET pack_hash = :h "
                     "WHERE inspection_id = :i", h=pinned.recorded, i=pinned.inspection)
    code, _, err = pinned.cli("audit", "verify")
    assert code == 1
    assert (f"inspection {pinned.inspection}: its record of pack {CHEM} version 2017.1.2 (hash "
            f"{pinned.recorded[:12]}) is not what anjian wrote; audit entry {seq} recorded "
            f"version 2017.1.2 (hash {pinned.installed[:12]})") in err
    assert "cannot re-check" not in err


def _seqs(store: Store, action: str) -> list[tuple[int]]:
    with store.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(
            "SELECT seq FROM audit_log WHERE action = :a ORDER BY seq"), {"a": action})]


def test_repin_is_the_campaign_leads_with_a_reason_and_audited(pinned: Pinned) -> None:
    iid = str(pinned.inspection)
    before = snapshot(pinned.url)
    code, _, err = pinned.cli("inspect", "repin", iid)
    assert code == 2 and "--reason" in err  # the reason is required
    assert "reason is required" in pinned.cli.refused("inspect", "repin", iid, "--reason", "  ")
    err = Cli(pinned.cli.capsys, pinned.url, INSPECTOR).refused(
        "inspect", "repin", iid, "--reason", "内容更正")
    assert "may not move an inspection to the installed pack content" in err
    assert "it needs" in err
    assert snapshot(pinned.url) == before

    out = pinned.cli.ok("inspect", "repin", iid, "--reason", "第1～20项改为综合判定")
    assert f"inspection {iid} moved to the installed pack content" in out
    assert (f"{CHEM}: version 2017.1.2 (content hash {pinned.recorded[:12]}) → version "
            f"2017.1.2 (content hash {pinned.installed[:12]})") in out
    assert "Verdict: MAJOR HAZARD → incomplete" in out
    assert "Rules fired: CHEM-2017-R → (none)" in out
    assert "No longer major under the installed content (1): CHEM-2017-01" in out
    assert "CHEM-2017-01: major → general" in out

    # the record: the pack's new hash, the determination and hazards under the new content
    shown = pinned.cli.json("inspect", "show", iid)
    assert shown["packs"][0]["pack_hash"] == pinned.installed
    assert shown["verdict"] == "incomplete"
    assert [(h["item_id"], h["level"]) for h in shown["hazards"]] == [("CHEM-2017-01", "general")]
    ((actor, obj, was, now),) = audit_entries(pinned.store, "inspection.repin")
    was, now = (json.loads(x) if isinstance(x, str) else x for x in (was, now))
    assert (actor, obj) == (LEAD, iid)
    assert was == {"packs": {CHEM: {"version": "2017.1.2", "hash": pinned.recorded}},
                   "verdict": "major"}
    assert now["packs"] == {CHEM: {"version": "2017.1.2", "hash": pinned.installed}}
    assert now["reason"] == "第1～20项改为综合判定" and now["verdict"] == "incomplete"
    assert now["hazards"][0]["item"] == "CHEM-2017-01" and now["hazards"][0]["level"] == "general"

    # answers are taken again, under the installed content; a second repin has nothing to move
    assert "MAJOR HAZARD" in pinned.cli.ok("inspect", "answer", iid, "CHEM-2017-02",
                                           "noncompliant")
    before = snapshot(pinned.url)
    err = pinned.cli.refused("inspect", "repin", iid, "--reason", "再来一次")
    assert "already evaluated under the installed pack content" in err
    assert snapshot(pinned.url) == before


def test_repin_in_chinese_and_as_json(pinned: Pinned) -> None:
    code, out, err = cli_run(pinned.url, LEAD, ["inspect", "repin", str(pinned.inspection),
                                                "--reason", "标准文本更正"],
                             pinned.cli.capsys, lang="zh")
    assert code == 0, err
    assert f"检查 {pinned.inspection} 已改按现安装的判定标准内容判定（原因：标准文本更正）" in out
    assert "判定结果：重大事故隐患 → 判定未完成" in out and "CHEM-2017-01：重大 → 一般" in out
    assert english_words(out) == []
    code, _, err = cli_run(pinned.url, LEAD, ["inspect", "answer", str(pinned.inspection),
                                              "CHEM-2017-02", "compliant"],
                           pinned.cli.capsys, lang="zh")
    assert code == 0, err


def test_a_repin_that_would_lose_answers_or_has_no_pack_is_refused(
        pinned: Pinned, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    iid = str(pinned.inspection)
    gone = edited_catalogue(tmp_path / "renamed", ("id: CHEM-2017-01\n", "id: CHEM-2017-99\n"))
    monkeypatch.setattr("core.services.packs.default_catalogue", lambda: gone)
    before = snapshot(pinned.url)
    err = pinned.cli.refused("inspect", "repin", iid, "--reason", "条款编号更正")
    assert f"inspection {iid} answered CHEM-2017-01, which the installed {CHEM} does not have" \
        in err
    assert snapshot(pinned.url) == before

    uninstalled = without_chemicals()
    monkeypatch.setattr("core.services.packs.default_catalogue", lambda: uninstalled)
    err = pinned.cli.refused("inspect", "answer", iid, "CHEM-2017-02", "compliant")
    assert (f"pack {CHEM} recorded version 2017.1.2 (content hash {pinned.recorded[:12]}), "
            "not installed") in err and "Install the plugin that provides it again" in err
    err = pinned.cli.refused("inspect", "repin", iid, "--reason", "插件已卸载")
    assert f"inspection {iid} cannot be moved to the installed content" in err
    assert snapshot(pinned.url) == before


def test_show_says_why_and_a_reevaluation_is_refused_under_other_content(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    # coal-2020 edited with a new version under the same id: the content moved all the same
    url = f"sqlite:///{tmp_path / 'coal.db'}"
    store = open_store(url)
    ctx = Context(store, default_catalogue(), LEAD, dt.date(2026, 5, 1), "en")
    cid, target = onsite_campaign(ctx, ["coal-2020"], sector="coal")
    insp = inspections.start_inspection(ctx, campaign_id=cid, enterprise=target,
                                        tags=["underground"])
    assert insp.id is not None
    inspections.answer(ctx, insp.id, "COAL-2020-A04-01", "noncompliant")
    store.close()
    edited = edited_catalogue(tmp_path / "mining", ('version: "2020.1.0"', 'version: "2020.1.1"'),
                              plugin="mining", file="coal_2020.yaml")
    monkeypatch.setattr("core.services.packs.default_catalogue", lambda: edited)
    cli = Cli(capsys, url)
    code, out, err = cli("inspect", "show", str(insp.id))
    assert code == 0 and "MAJOR HAZARD" in out  # the record is still read
    assert ("pack coal-2020 recorded version 2020.1.0" in err
            and "installed version 2020.1.1" in err
            and f"anjian inspect repin {insp.id} --reason" in err)
    before = snapshot(url)
    err = cli.refused("inspect", "reevaluate", str(insp.id), "--under", "coal-2026")
    assert f"inspection {insp.id} is evaluated only under the pack content it recorded" in err
    assert snapshot(url) == before
    out = cli.ok("inspect", "repin", str(insp.id), "--reason", "2020.1.1 更正")
    assert "coal-2020: version 2020.1.0" in out and "→ version 2020.1.1" in out
    assert "The determination does not change" in out
    # 2026 4(一) is narrower than 2020 4(一): the hazard awaits the inspector there
    assert "    COAL-2026-A04-01 第四条第(一)项 ← COAL-2020-A04-01 第四条第（一）项 (answered: " \
        "noncompliant)" in cli.ok("inspect", "reevaluate", str(insp.id), "--under", "coal-2026")
