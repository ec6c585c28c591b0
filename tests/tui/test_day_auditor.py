"""An auditor's day in a real terminal (tmux, 80x24, Chinese), by keys only: 刘洋, an inspector
of the demo's mining campaign (#5, on-site step), opens it from home, starts an on-site
inspection of the typical enterprise with ``o`` (a second one, confirmed; the site profile
chosen by Tab and space), answers items, answers one part by part (a sub-check), writes a note
with ctrl+e in the scripted ``$EDITOR``, attaches a photo through the file picker, skips an
item with a reason typed just before ctrl+s, and answers one through the command palette found
by pinyin initials. Then the database, read through the command line, holds every one of those
actions."""

from __future__ import annotations

import hashlib
import shlex
from pathlib import Path

import pytest

from core.services.demo import INSPECTORS, seed_demo
from tests.tui.terminal import ANJIAN, Terminal, cli, editor_runs, needs_tmux, scripted_editor

AUDITOR = INSPECTORS[0]  # 刘洋, a member of campaign 5's team
NOTE = "巷道支护有裂缝，已拍照取证"
REASON = "井下积水无法进入，下次补查"


@needs_tmux
@pytest.mark.xfail(strict=False, reason=(
    "unfinished: in a check-as-you-type form, a key sent right after focus moves to a "
    "selection list (Tab, or the refusal's focus on the first wrong field) is sometimes not "
    "taken by the list (space chooses nothing); the walk stops at the form"))
def test_auditor_day(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'city.db'}"
    seed_demo(url=db)
    files = tmp_path / "photos"
    files.mkdir()
    photo = files / "photo.txt"
    photo.write_text("巷道顶板照片", encoding="utf-8")
    before = {i["id"] for i in cli(tmp_path, db, "campaign", "show", "5")["inspections"]}
    editor = scripted_editor(tmp_path, NOTE)
    # started in the photos' folder: the file picker opens there
    command = "sh -c " + shlex.quote(f"cd {files} && {ANJIAN} --db {db} --user {AUDITOR}")
    with Terminal.start(tmp_path, command, editor=editor) as term:
        term.wait_for("非煤矿山")
        term.keys("Down", "Down", "Down", "Down")  # campaign 5
        term.key_until("Enter", "检查组")
        # o: the typical enterprise already has an on-site inspection: asked, then the form
        term.key_until("o", "再开始一次检查吗")
        term.keys("y")
        term.wait_for("检查类型、单位、日期")
        # kind, enterprise and date are filled in; ctrl+s names the site types still to
        # choose and moves there; the first (地下矿山) chosen with space
        term.keys("C-s")
        term.wait_for(lambda shown: "尚未保存" not in shown and "✗ 必填" in shown)
        term.keys("Home", "space", "C-s")
        term.wait_for("已检查 0/36")
        term.keys("y")  # 一、（一） compliant (changed below), the cursor moves on
        term.wait_for("已检查 1/36")
        # m on 一、（一）: its first sub-check not met; the status it gives shown live
        term.keys("k")
        term.key_until("m", "逐项作答")
        term.keys("Enter")  # the first part's list: 请选择 / 符合 / 不符合 / 不适用
        term.wait_for("关闭列表")  # the open list's key, in Chinese
        term.keys("Down", "Down", "Enter")
        term.wait_for("按已填内容判定：不符合")
        term.keys("C-s")
        term.wait_gone("逐项作答")
        term.wait_for("重大事故隐患")
        # a note through ctrl+e in $EDITOR
        term.key_until("e", "Esc 取消")
        term.keys("C-e")
        term.wait_for(NOTE)
        term.keys("Enter")
        term.wait_gone("Esc 取消")
        # a photo attached to the answer, through the file picker
        term.key_until("o", "附加证据文件")
        term.keys("C-o")
        term.wait_for("📄 photo.txt")
        term.keys("End", "Enter")
        term.wait_for(f"{files.name}/photo.txt")
        term.keys("C-s")
        term.wait_for("已附加：photo.txt")
        # 一、（二） compliant; 一、（三） skipped with a reason typed in a burst
        term.keys("j", "y")
        term.wait_for("已检查 2/36")
        term.key_until("s", "跳过原因")
        term.type(REASON)
        term.keys("C-s")
        term.wait_gone("跳过原因")
        # 一、（四） not applicable, through the palette by pinyin initials
        term.keys("j")
        term.key_until("C-p", "搜索命令")
        term.type("bsy")
        term.wait_for(lambda shown: "按键 a" in shown and "按键 y" not in shown)
        term.keys("Enter")
        term.wait_for("已检查 3/36")
        term.keys("C-q")
        term.wait_exit()
    assert editor_runs(editor) == 1
    (started,) = {i["id"] for i in cli(tmp_path, db, "campaign", "show", "5")["inspections"]
                  } - before
    shown = cli(tmp_path, db, "inspect", "show", str(started))
    assert (shown["kind"], shown["started_by"], shown["tags"]) == ("onsite", AUDITOR,
                                                                   ["underground"])
    assert shown["enterprise_uscc"] == cli(tmp_path, db, "campaign", "show", "5")["target_uscc"]
    findings = {f["item_id"]: f for f in shown["findings"]}
    first = findings["NM-2022-UG-01"]
    assert (first["status"], first["note"], first["answered_by"]) == ("noncompliant", NOTE,
                                                                      AUDITOR)
    assert first["detail"] == {"checks": {"1": {"status": "noncompliant"}}}
    assert findings["NM-2022-UG-02"]["status"] == "compliant"
    skipped = findings["NM-2022-UG-03"]
    assert (skipped["status"], skipped["skip_reason"]) == (None, REASON)
    assert findings["NM-2022-UG-04"]["status"] == "not_applicable"
    assert shown["verdict"] == "major"
    assert [(h["item_id"], h["level"], h["status"]) for h in shown["hazards"]] == [
        ("NM-2022-UG-01", "major", "open")]
    (kept,) = cli(tmp_path, db, "evidence", "list", str(started))["files"]
    assert (kept["item"], kept["name"], kept["added_by"]) == ("NM-2022-UG-01", "photo.txt",
                                                              AUDITOR)
    assert kept["size"] == photo.stat().st_size
    assert kept["sha256"] == hashlib.sha256(photo.read_bytes()).hexdigest()
