"""A chemical enterprise's inspection under 化工 121号 and the GB 30871 special-operations
checklist together, walked through the command line: checklist findings become general
hazards under their clause, a special-operation finding that is 121号 item 18 makes the 121号
determination major and names both items, in Chinese by default and in --json."""

from __future__ import annotations

from typing import Any

import pytest

from .workflow_helpers import Cli, cli_run, new_code

CHEM = [f"CHEM-2017-{n:02d}" for n in range(1, 21)]


def test_a_chemical_inspection_with_special_work(capsys: pytest.CaptureFixture[str],
                                                 tmp_path: Any) -> None:
    url = f"sqlite:///{tmp_path / 'walk.db'}"
    cli = Cli(capsys, url)
    target = new_code()
    cli.ok("enterprises", "add", "--uscc", target, "--name", "济南鲁华化工有限公司",
           "--sector", "chemicals", "--district", "历城区")
    for name in ("检查员乙", "检查员丙"):
        cli.ok("users", "add", name, "--role", "inspector")
    cid = cli.ok("campaign", "new", "--sector", "chemicals", "--pack", "chem-2017",
                 "--pack", "gb30871-2022", "--target", target, "--lead", "组长甲",
                 "--member", "检查员乙", "--member", "检查员丙").strip()
    assert cli.json("campaign", "advance", cid)["stage"] == "onsite"
    # the checklist asks which special work the site did; none is an answer too
    asked = cli.refused("inspect", "start", "--campaign", cid, "--enterprise", target)
    assert "gb30871-2022" in asked and "hot_work" in asked and "none_performed" in asked
    iid = cli.ok("inspect", "start", "--campaign", cid, "--enterprise", target,
                 "--tag", "hot_work").strip()
    for item in CHEM:
        cli.ok("inspect", "answer", iid, item, "compliant")
    # a confined-space item is shut: the site did no confined-space work
    gated = cli.refused("inspect", "answer", iid, "GB30871-6.1", "noncompliant")
    assert "GB30871-6.1" in gated and "confined" in gated.lower()
    # a checklist finding is a general hazard under its clause
    cli.ok("inspect", "answer", iid, "GB30871-4.1", "noncompliant", "--note", "未辨识作业危害")
    shown = cli.json("inspect", "show", iid)
    assert [(h["item_id"], h["level"]) for h in shown["hazards"]] == [("GB30871-4.1",
                                                                        "general")]
    # hot work without a gas analysis: 121号 item 18, a major hazard naming both items
    cli.ok("inspect", "answer", iid, "GB30871-5.3.1", "noncompliant",
           "--note", "动火作业票无气体分析记录")
    shown = cli.json("inspect", "show", iid)
    assert shown["verdict"] == "major"
    dets = {d["pack"]: d for d in shown["determinations"]}
    assert dets["chem-2017"]["verdict"] == "major"
    assert [t["items"] for t in dets["chem-2017"]["triggers"]] == [["CHEM-2017-18"]]
    assert dets["chem-2017"]["constituted"] == [{
        "item": "CHEM-2017-18", "source_pack": "gb30871-2022", "source": "GB30871-5.3.1",
        "own": False}]
    assert dets["gb30871-2022"]["general_hazards"] == ["GB30871-4.1", "GB30871-5.3.1"]
    levels = {h["item_id"]: h["level"] for h in shown["hazards"]}
    assert levels == {"GB30871-4.1": "general", "GB30871-5.3.1": "major"}
    # the readable output, in Chinese by default, names both items by clause and text
    code, out, err = cli_run(url, "组长甲", ["inspect", "show", iid], capsys, lang="zh")
    assert code == 0, err
    assert "由其他检查表的发现构成 (1):" in out
    assert "← GB 30871-2022 5.3.1" in out
    assert "GB30871-5.3.1" not in out.split("由其他检查表的发现构成")[1].splitlines()[1]
    # withdrawing the gas-analysis finding takes the major hazard with it
    cli.ok("inspect", "answer", iid, "GB30871-5.3.1", "compliant")
    shown = cli.json("inspect", "show", iid)
    assert {d["pack"]: d["verdict"] for d in shown["determinations"]}["chem-2017"] != "major"
    assert [h["item_id"] for h in shown["hazards"]] == ["GB30871-4.1"]
