"""``anjian waivers`` as a lead types it, in Chinese: grant (the record printed, or its JSON),
list (those running, ending soon, every one, one enterprise's), revoke; refusals exit 2 with
the reason and store nothing; ``inspect show`` names the items waived."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator

import pytest

from core.services import inspections
from tests.test_waivers import BASIS, REASON, World, make_world, stored, waiver_catalogue
from tests.workflow_helpers import cli_run

#: The command line's today is the real one.
TODAY = dt.date.today()


@pytest.fixture
def world(tmp_path: object, monkeypatch: pytest.MonkeyPatch) -> Iterator[World]:
    # the command line loads the installed plugins' catalogue: here, the checklist and 121号
    monkeypatch.setattr("core.services.packs.default_catalogue",
                        lambda allowed=None: waiver_catalogue())
    w = make_world(f"sqlite:///{tmp_path}/cli.db", today=TODAY)
    yield w
    w.ctx.store.close()


def run(w: World, capsys: pytest.CaptureFixture[str], *args: str,
        user: str = "组长丁") -> tuple[int, str, str]:
    return cli_run(w.ctx.store.url, user, ["waivers", *args], capsys, lang="zh")


def test_grant_list_and_revoke_in_chinese(world: World,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    until = (TODAY + dt.timedelta(days=20)).isoformat()
    code, out, err = run(world, capsys, "grant", "--enterprise", world.code, "--item", "WV-1",
                         "--reason", REASON, "--basis", BASIS, "--until", until,
                         "--requested-by", "企业安全员王五")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == "已批准豁免 #1"
    assert lines[1] == (f"#1 济南示例化工有限公司（{world.code}）TEST-WV-0001 1.1 WV-1："
                        f"有效期至 {until}（还剩 20 天）")
    assert lines[2] == "  危险化学品仓库未设置通风设施"
    assert lines[3] == f"  原因：{REASON}；豁免依据：{BASIS}"
    assert lines[4] == f"  申请人：企业安全员王五；批准人：组长丁（{TODAY.isoformat()}）"
    # ending within 30 days (the default window), not within 5
    code, out, _ = run(world, capsys, "list", "--expiring")
    assert out.splitlines()[0] == "30 天内到期的豁免（1 项），到期后该检查项重新需要检查："
    assert "#1 济南示例化工有限公司" in out
    code, out, _ = run(world, capsys, "list", "--expiring", "--days", "5")
    assert (code, out.strip()) == (0, "5 天内没有到期的豁免")
    code, out, _ = run(world, capsys, "list", "--enterprise", world.code, "--json")
    (listed,) = json.loads(out)
    assert (listed["id"], listed["item_id"], listed["state"], listed["days_left"]) == (
        1, "WV-1", "running", 20)
    code, out, err = run(world, capsys, "revoke", "1", "--reason", "仓库已恢复使用",
                         user="组长甲")
    assert code == 0, err
    assert out.splitlines()[0] == "已撤销豁免 #1"
    assert "已到期" not in out and "已撤销" in out and "由 组长甲 撤销：仓库已恢复使用" in out
    code, out, _ = run(world, capsys, "list")
    assert out.strip() == "没有有效的豁免"
    code, out, _ = run(world, capsys, "list", "--all", "--json")
    assert [(w["id"], w["state"], w["revoked_by"]) for w in json.loads(out)] == [
        (1, "revoked", "组长甲")]


def test_refusals_exit_2_say_why_and_store_nothing(world: World,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    later = (TODAY + dt.timedelta(days=20)).isoformat()
    base = ["grant", "--enterprise", world.code, "--reason", REASON, "--basis", BASIS]
    before = stored(world)
    for args, words in (
            ([*base, "--item", "CHEM-2017-18", "--until", later],
             ("CHEM-2017-18", "豁免不能否决官方的重大事故隐患判定规则", "未保存任何内容")),
            ([*base, "--item", "WV-1", "--until", TODAY.isoformat()],
             ("有效期的最后一天须晚于今天",)),
            ([*base, "--item", "WV-1", "--until", "2026-02-30"], ("--until", "2026-02-30")),
            ([*base, "--item", "WV-1", "--until", later, "--requested-by", "组长丁"],
             ("组长丁 是该豁免", "不能同时批准")),
            (["revoke", "7", "--reason", "x"], ("没有豁免 7",))):
        code, out, err = run(world, capsys, *args)
        assert code == 2, (args, out, err)
        assert all(word in err for word in words), err
        assert "Traceback" not in err
    code, _, err = run(world, capsys, *base, "--item", "WV-1", "--until", later,
                       user="检查员乙")
    assert code == 2 and "需要组长" in err
    assert stored(world) == before


def test_help_is_chinese(world: World, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(world, capsys, "--help")
    assert code == 0 and "豁免" in out and "grant" in out and "revoke" in out
    code, out, _ = run(world, capsys, "grant", "--help")
    assert "  --until 日期           有效期至（最后一天，须晚于今天），如 2026-12-31（必填）" in (
        out.splitlines())
    code, out, _ = run(world, capsys, "list", "--help")
    assert "--expiring" in out and "--days 天数" in out


def test_inspect_show_names_the_items_waived(world: World,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    until = (TODAY + dt.timedelta(days=20)).isoformat()
    code, _, err = run(world, capsys, "grant", "--enterprise", world.code, "--item", "WV-1",
                       "--reason", REASON, "--basis", BASIS, "--until", until)
    assert code == 0, err
    insp = world.start()
    code, out, err = cli_run(world.ctx.store.url, "组长甲", ["inspect", "show", str(insp)],
                             capsys, lang="zh")
    assert code == 0, err
    assert "    依据豁免不适用的检查项 (1): WV-1" in out.splitlines()
    assert inspections.inspection_view(world.ctx, insp).determinations[1].waived == ("WV-1",)
