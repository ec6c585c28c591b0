"""``anjian permits`` through the command line, as a person types it: ``check`` reads a ticket
and lists what it breaks in Chinese (English with ``--lang en``, ids only in ``--json``), exit
1 when it breaks anything, 0 when not, 2 for a file that is wrong (naming the file and the
field); ``record`` answers the breached items on an inspection (SQLite and PostgreSQL), refused
with exit 2 and nothing stored when the inspection does not run the pack or its site lacks the
operation."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest

from core.services import inspections
from core.services.context import Context
from core.services.packs import default_catalogue
from core.store.db import open_store
from tests.language import english_words
from tests.workflow_helpers import cli_main, cli_run, onsite_campaign

from .conftest import ROOT

EXAMPLES = ROOT / "examples" / "tickets"
LATE = EXAMPLES / "hot-work-late-gas.json"
TODAY = dt.date(2026, 3, 2)
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


@pytest.fixture(autouse=True)
def _chinese(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ANJIAN_LANG", raising=False)


def test_check_lists_each_breach_in_chinese_and_exits_1(
        capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = cli_main(["permits", "check", str(LATE)], capsys)
    assert (code, err) == (1, "")
    lines = out.splitlines()
    assert lines[0] == "作业票 DH-2024-0518-04（动火作业，一级）：2 项不符合"
    assert lines[1] == ("1. GB 30871-2022 5.3.1 c)（检查项 GB30871-5.3.1-c；"
                        "仅与一份公开文本核对）")
    assert lines[2] == "   要求：气体分析取样时间与动火作业开始时间间隔不应超过 30 min（5.3.1 c)）"
    assert lines[3] == ("   作业票：作业开始前最后一次可燃气体取样在 2024-05-18 08:15，距开始"
                        "（2024-05-18 09:00）45 分钟，超过 30 分钟")
    assert lines[4].startswith("2. GB 30871-2022 5.3.1 d)（检查项 GB30871-5.3.1-d/1；")
    assert english_words(out, {"min"}) == []


def test_check_in_english(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli_main(["--lang", "en", "permits", "check", str(LATE)], capsys)
    assert code == 1
    assert out.splitlines()[0] == "ticket DH-2024-0518-04 (hot work, first-grade): 2 breaches"
    assert "the ticket: the last combustible gas sample before the start" in out
    assert CJK.findall(out) == []


def test_a_ticket_that_breaks_nothing_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli_main(["permits", "check", str(EXAMPLES / "hot-work-ok.json")], capsys)
    assert code == 0
    assert out == "作业票 DH-2024-0518-03（动火作业，一级）：未发现不符合\n"


def test_what_could_not_be_checked_is_said(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli_main(["permits", "check",
                             str(EXAMPLES / "work-at-height-undergraded.json")], capsys)
    assert code == 1
    assert ("未能核查（作业票缺少所需内容）：\n"
            "  GB 30871-2022 4.15：作业票未给出完工时间（`finished`）") in out


def test_json_is_the_same_in_both_languages(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli_main(["permits", "check", str(LATE), "--json"], capsys)
    assert code == 1
    data = json.loads(out)
    assert set(data) == {"ticket", "type", "grade", "standard", "pack", "breaches", "items",
                         "not_checked"}
    assert (data["type"], data["grade"], data["pack"]) == ("hot_work", "first", "gb30871-2022")
    assert data["items"] == ["GB30871-5.3.1-c", "GB30871-5.3.1-d"]
    assert data["breaches"][0] == {
        "rule": "hot_work.sample_time", "clause": "5.3.1 c)", "item": "GB30871-5.3.1-c",
        "check": None, "verification": "verified-single-source",
        "values": {"sample": "2024-05-18 08:15", "start": "2024-05-18 09:00", "minutes": 45.0,
                   "limit_minutes": 30}}
    assert data["breaches"][1]["check"] == "1"
    english = cli_main(["--lang", "en", "permits", "check", str(LATE), "--json"], capsys)
    assert english[1] == out


@pytest.mark.parametrize(("content", "zh", "en"), [
    ('{"number": "X", "type": "焊接", "start": "2024-05-18 09:00", "end": "2024-05-18 10:00"}',
     "作业类别（`type`）: “焊接”不是可用的作业类别", "operation (`type`): “焊接” is not a known"),
    ('{"number": "X", "type": "动火", "start": "2024-05-18 09:00", "end": "2024-05-18 10:00",'
     ' "lel_class": "<4%", "readings": [{"what": "可燃气体", "value": 0.1, "unit": "%vol"}]}',
     "气体分析第 1 条的取样分析时间（`readings[0].time`）: 每条气体分析都要写明取样时间",
     "gas reading #1, sampled at (`readings[0].time`): every gas reading needs the time"),
    ('{"number": "X", "type": "动火", "start": "明天早上", "end": "2024-05-18 10:00"}',
     "作业实施时间（自）（`start`）: “明天早上”不是时间", "start of the work (`start`): "),
    ('{"type": "动火", "start": "2024-05-18 09:00", "end": "2024-05-18 10:00"}',
     "编号（`number`）: 缺少必填字段，请补上", "number (`number`): Field required"),
    ('{"number": "X", "type": "动火",', "ticket.json:1: JSON 格式错误",
     "ticket.json:1: malformed JSON"),
])
def test_a_bad_file_exits_2_naming_the_file_and_the_field(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, content: str, zh: str,
        en: str) -> None:
    path = tmp_path / "ticket.json"
    path.write_text(content, encoding="utf-8")
    code, out, err = cli_main(["permits", "check", str(path)], capsys)
    assert (code, out) == (2, "")
    assert err.startswith(str(path)) and zh in err, err
    assert "Traceback" not in err
    code, _, err = cli_main(["--lang", "en", "permits", "check", str(path)], capsys)
    assert code == 2 and en in err, err


def test_help_in_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli_main(["permits", "record", "--help"], capsys)
    assert code == 0
    assert out.startswith("用法：anjian permits record [选项] {作业票}")
    assert "--inspection 检查编号" in out and "gb30871-2022" in out
    assert english_words(out, {"permits", "record"}) == []


# --- record --------------------------------------------------------------------------------


def inspection(url: str, packs: list[str], tags: list[str]) -> int:
    ctx = Context(open_store(url), default_catalogue(), "组长甲", TODAY, "zh")
    try:
        cid, target = onsite_campaign(ctx, packs, sector="chemicals")
        insp = inspections.start_inspection(ctx, campaign_id=cid, enterprise=target, tags=tags)
        assert insp.id is not None
        return insp.id
    finally:
        ctx.store.close()


def findings(url: str, inspection_id: int) -> dict[str, Any]:
    ctx = Context(open_store(url), default_catalogue(), "组长甲", TODAY, "zh")
    try:
        return {f.item_id: f.status
                for f in inspections.inspection_view(ctx, inspection_id).findings}
    finally:
        ctx.store.close()


def test_record_answers_the_breached_items(db_url: str,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    insp = inspection(db_url, ["chem-2017", "gb30871-2022"], ["hot_work"])
    code, out, err = cli_run(db_url, "组长甲", ["permits", "record", "--inspection", str(insp),
                                              str(LATE)], capsys, lang="zh")
    assert code == 0, err
    assert f"已在检查 {insp} 记录作业票 DH-2024-0518-04 的 2 个检查项为“不符合”：" in out
    assert "  GB30871-5.3.1-c（未作答 → 不符合）" in out
    assert out.splitlines()[-1] == ("判定：判定未完成（尚有适用的检查项未检查，"
                                    "或所依据的标准已废止）")
    assert findings(db_url, insp) == {"GB30871-5.3.1-c": "noncompliant",
                                      "GB30871-5.3.1-d": "noncompliant"}
    code, out, _ = cli_run(db_url, "组长甲", ["permits", "record", "--inspection", str(insp),
                                            str(LATE), "--json"], capsys)
    assert code == 0
    data = json.loads(out)
    assert [(r["item"], r["action"]) for r in data["recorded"]] == [
        ("GB30871-5.3.1-c", "unchanged"), ("GB30871-5.3.1-d", "unchanged")]
    assert data["check"]["ticket"] == "DH-2024-0518-04"


def test_record_refused_without_the_pack_or_the_operation(
        db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    chem = inspection(db_url, ["chem-2017"], [])
    code, out, err = cli_run(db_url, "组长甲", ["permits", "record", "--inspection", str(chem),
                                              str(LATE)], capsys, lang="zh")
    assert (code, out) == (2, "")
    assert f"检查 {chem} 未使用判定标准 gb30871-2022" in err and "未保存任何内容" in err
    confined = inspection(db_url, ["gb30871-2022"], ["confined_space"])
    code, _, err = cli_run(db_url, "组长甲", ["permits", "record", "--inspection",
                                            str(confined), str(LATE)], capsys)
    assert code == 2
    assert "does not have \u201cHot work\u201d" in err and "--tag hot_work --again" in err
    assert findings(db_url, chem) == {} and findings(db_url, confined) == {}
