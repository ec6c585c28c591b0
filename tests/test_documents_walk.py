"""A campaign walked end to end by the command line alone, from an empty database to the
receipt: the bureau and certificates recorded, an inspection answered, then 检记, 责改, 复查
and 回 issued, delivered and exported, with numbers and dates that agree with each other and
with the record (the hazards' deadlines are the order's; the review says which were rectified;
the receipt lists every document with its delivery)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from docx import Document

from core.process.documents import number
from core.services.demo import make_uscc
from tests.workflow_helpers import cli_main

TODAY = dt.date.today()


def day(days: int) -> str:
    return (TODAY + dt.timedelta(days=days)).isoformat()


def num(kind: str, seq: int = 1) -> str:
    return number("济", "应急", kind, TODAY.year, seq)


def written(value: dt.date) -> str:
    """A date as documents write it."""
    return f"{value.year}年{value.month}月{value.day}日"


class Walk:
    def __init__(self, url: str, capsys: pytest.CaptureFixture[str]) -> None:
        self.url, self.capsys = url, capsys

    def __call__(self, user: str, *args: str) -> str:
        code, out, err = cli_main(["--db", self.url, "--user", user, *args], self.capsys)
        assert code == 0, (args, err)
        return out

    def json(self, user: str, *args: str) -> Any:
        return json.loads(self(user, *args, "--json"))


def test_a_campaign_walked_by_the_command_line(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    import random

    run = Walk(f"sqlite:///{tmp_path / 'walk.db'}", capsys)
    lead, inspector, owner = "组长甲", "检查员乙", "企业安全员"
    uscc = make_uscc(random.Random(19), "370102")
    run(lead, "db", "upgrade")
    run(lead, "enterprises", "add", "--uscc", uscc, "--name", "济南鲁华化工有限公司", "--sector",
        "chemicals", "--district", "历下区", "--address", "工业南路 1 号", "--contact", "王工")
    for name in (inspector, "检查员丙"):
        run(lead, "users", "add", name, "--role", "inspector")
    run(lead, "users", "add", owner, "--role", "enterprise", "--enterprise", uscc)
    cid = run(lead, "campaign", "new", "--sector", "chemicals", "--pack", "chem-2017",
              "--target", uscc, "--lead", lead, "--member", inspector, "--member",
              "检查员丙").strip()
    run(lead, "campaign", "advance", cid)
    iid = run(inspector, "inspect", "start", "--campaign", cid, "--enterprise", uscc).strip()
    run(inspector, "inspect", "answer", iid, "CHEM-2017-01", "noncompliant", "--note",
        "主要负责人未经安全考核")
    run(inspector, "inspect", "answer", iid, "CHEM-2017-12", "noncompliant", "--note",
        "储罐区未设置可燃气体报警")
    run(inspector, "inspect", "answer", iid, "CHEM-2017-02", "compliant")
    # the bureau and the officers' certificates
    run(lead, "bureau", "set", "--name", "济南市应急管理局", "--short", "济", "--edition", "应急",
        "--reconsideration", "济南市人民政府", "--reconsideration", "山东省应急管理厅",
        "--court", "济南市历下区人民法院")
    for name, cert in ((lead, "37010001"), (inspector, "37010002")):
        run(lead, "users", "set-cert", name, "--cert", cert, "--until", day(365))
    # on the spot: the record, signed by the person in charge
    record = run.json(inspector, "documents", "issue", "检记", "--inspection", iid,
                      "--person-in-charge", "王工")
    # the order: each problem with its deadline
    order = run.json(inspector, "documents", "issue", "责改", "--inspection", iid,
                     "--item", "CHEM-2017-01=" + day(20), "--item", "CHEM-2017-12=" + day(30))
    assert (record["number"], order["number"]) == (num("检记"), num("责改"))
    assert record["issued_on"] == order["issued_on"] == day(0)
    assert record["officers"] == order["officers"] == [inspector, lead]
    first, second = (i["hazard_id"] for i in order["items"])
    ledger = {h["id"]: h for h in run.json(lead, "hazards", "--campaign", cid)}
    assert (ledger[first]["deadline"], ledger[second]["deadline"]) == (day(20), day(30))
    run(inspector, "documents", "deliver", order["number"], "--to", "王工", "--method", "直接",
        "--on", day(0))
    # the enterprise rectifies the first problem; the lead verifies it
    run(owner, "hazard", "plan", str(first), "--responsible", "安全科", "--goal", "目标",
        "--method", "方法", "--funding", "经费", "--organisation", "机构", "--timeline", "时限",
        "--safety", "应急预案")
    run(owner, "hazard", "submit", str(first), "--evidence", "主要负责人已取得考核合格证")
    run(lead, "hazard", "verify", str(first), "--accept", "--note", "证书核验无误")
    due = run.json(lead, "documents", "reviews", "--all")
    assert [(r["order"], r["deadline"], r["state"]) for r in due] == [
        (order["number"], day(20), "scheduled"), (order["number"], day(30), "scheduled")]
    # the review of the order, item by item
    review = run.json(inspector, "documents", "issue", "复查", "--inspection", iid)
    assert review["number"] == num("复查") and review["order"] == order["number"]
    assert [(i["hazard_id"], i["outcome"]) for i in review["items"]] == [
        (first, "rectified"), (second, "not_rectified")]
    assert [r["state"] for r in run.json(lead, "documents", "reviews", "--all")] == [
        "done", "done"]
    # the receipt: the documents served on the enterprise (not the record the bureau keeps),
    # the order's delivery filled in
    receipt = run.json(inspector, "documents", "issue", "回", "--inspection", iid)
    assert receipt["number"] == num("回")
    listed = run.json(owner, "documents", "list")
    assert [d["number"] for d in listed] == [num("回"), num("复查"), num("责改"), num("检记")]
    assert {d["issued_on"] for d in listed} == {day(0)}
    # each document read back from its Word file: number, parties, dates agree
    texts = {}
    for d in listed:
        out = tmp_path / f"{d['kind']}.docx"
        run(lead, "documents", "export", d["number"], "--out", str(out))
        doc = Document(str(out))
        cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
        texts[d["kind"]] = "\n".join([p.text for p in doc.paragraphs] + cells)
        assert d["number"] in texts[d["kind"]]
    assert "济南鲁华化工有限公司" in texts["检记"] and "37010001" in texts["检记"]
    assert "王工" in texts["检记"]
    order_text = texts["责改"]
    for text in ("主要负责人未经安全考核", "储罐区未设置可燃气体报警",
                 written(TODAY + dt.timedelta(days=20)), written(TODAY + dt.timedelta(days=30)),
                 "济南市人民政府", "济南市历下区人民法院", "37010002"):
        assert text in order_text, text
    review_text = texts["复查"]
    assert order["number"] in review_text and written(TODAY) in review_text
    assert "已整改" in review_text and "未整改" in review_text and "第2项问题未整改完毕" in (
        review_text)
    receipt_text = texts["回"]
    for d in (order, review):
        assert d["number"] in receipt_text
    assert record["number"] not in receipt_text
    assert "直接送达" in receipt_text and "王工" in receipt_text
    # the audit chain is intact after it all
    assert run.json(lead, "audit", "verify")["chain"]["intact"] is True
    shown = run.json(lead, "documents", "show", order["number"])
    assert shown["content_hash"] == order["content_hash"]
    assert shown["delivery"]["recipient"] == "王工"
