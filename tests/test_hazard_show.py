"""``anjian hazards show ID``: a hazard in full on the command line — the finding with the
enterprise by name, the auditor's note and files, the plan, every change of the deadline,
the requests for more time, each rectification with its files (name, size, SHA-256), the
verification and the hazard's history — in Chinese by default, ids in ``--json``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from core.services import users
from core.services.context import Context
from core.services.packs import default_catalogue
from core.store.db import open_store
from tests.hazard_world import ADMIN, LEAD, hazard_world
from tests.workflow_helpers import Cli, enterprise

TODAY = dt.date.today()


@pytest.fixture
def hazard(tmp_path: Path) -> Iterator[tuple[str, int, dict[str, str]]]:
    """A major hazard found ten days ago with a photo, planned, its deadline moved at the
    enterprise's request, rectified with a file, rejected, rectified again and accepted.
    Returns (database URL, hazard id, the files' SHA-256 by name)."""
    world = hazard_world(tmp_path, TODAY)
    world.store.close()
    yield world.url, world.hazard, world.shas


def test_hazards_show_reads_in_chinese_with_every_section(
        hazard: tuple[str, int, dict[str, str]], capsys: pytest.CaptureFixture[str]) -> None:
    url, hid, shas = hazard
    code, out, err = Cli(capsys, url, LEAD)("--lang", "zh", "hazards", "show", str(hid))
    assert code == 0, err
    for heading in ("发现", "整改计划", "整改期限", "延期申请", "整改提交", "复查", "历史记录"):
        assert f"\n{heading}\n" in out, heading
    assert f"隐患 {hid}（重大）：已销号" in out
    assert "单位：济南测试化工有限公司" in out
    assert "检查人员记录：主要负责人未经考核" in out
    assert f"现场照片.jpg（23 字节）SHA-256 {shas['现场照片.jpg']}" in out
    assert f"考核证书.pdf（16 字节）SHA-256 {shas['考核证书.pdf']}" in out
    assert "整改责任人：安全科张三" in out and "专人监护" in out
    assert "批准延期" in out and "考试排期" in out
    assert "退回整改（组长甲" in out and "证书未取得" in out
    assert "验收通过（组长甲" in out
    # the history: every change of the hazard, in order, by whom
    history = out.split("\n历史记录\n", 1)[1]
    order = ["设定整改期限", "制定整改计划", "申请延期", "批准延期", "提交整改", "退回整改",
             "提交整改", "验收销号"]
    at = 0
    for action in order:
        at = history.index(action, at) + 1
    assert "企业安全员：提交整改，状态 整改中 → 已提交待复查，附件 1 个" in history


def test_hazards_show_json_has_the_ids(hazard: tuple[str, int, dict[str, str]],
                                       capsys: pytest.CaptureFixture[str]) -> None:
    url, hid, shas = hazard
    shown = Cli(capsys, url, LEAD).json("hazards", "show", str(hid))
    assert shown["id"] == hid and shown["status"] == "closed"
    assert shown["enterprise"]["name"] == "济南测试化工有限公司"
    assert shown["finding"]["note"] == "主要负责人未经考核"
    assert [f["sha256"] for f in shown["finding"]["files"]] == [shas["现场照片.jpg"]]
    first, second = shown["rectifications"]
    assert (first["result"], first["note"]) == ("rejected", "证书未取得")
    assert [f["sha256"] for f in first["files"]] == [shas["考核证书.pdf"]]
    assert (second["result"], second["files"]) == ("accepted", [])
    assert [e["action"] for e in shown["history"]] == [
        "hazard.deadline", "hazard.plan", "hazard.extension.request",
        "hazard.extension.grant", "hazard.submit", "hazard.reject", "hazard.submit",
        "hazard.accept"]
    assert [d["kind"] for d in shown["deadlines"]] == ["set", "extension"]


def test_hazards_show_is_refused_to_another_enterprise(
        hazard: tuple[str, int, dict[str, str]], capsys: pytest.CaptureFixture[str]) -> None:
    url, hid, _ = hazard
    store = open_store(url)
    ctx = Context(store, default_catalogue(), ADMIN, TODAY, "zh")
    other = enterprise(ctx, name="济南别家化工有限公司")
    users.add_user(ctx, "别家安全员", role="enterprise", enterprise=other)
    store.close()
    err = Cli(capsys, url, "别家安全员").refused("hazards", "show", str(hid))
    assert "Traceback" not in err
    code, _, err = Cli(capsys, url, LEAD)("hazards", "show", "999999")
    assert code == 2 and "999999" in err
