"""The app-wide keys in a real terminal (tmux, 80x24, Chinese): ctrl+p on the home screen and
in the runner, ctrl+c's reminder, ctrl+e writing a note in the scripted ``$EDITOR``, Tab
through the ledger's plan dialog; then the database, read through the command line, holds the
note and not what was typed into the cancelled dialog."""

from __future__ import annotations

from pathlib import Path

from tests.tui.terminal import ANJIAN, Terminal, cli, editor_runs, needs_tmux, scripted_editor

NOTE = "消防通道被杂物堵塞，已责令当场清理"
TYPED = "专人负责整改"
FIRST = "安全科张工"


def label_above(screen: str, typed: str) -> str:
    """The label of the field showing ``typed`` (two lines above it, past the field's top
    border), inside the dialog's frame; "" while nothing shows ``typed``."""
    lines = screen.splitlines()
    at = next((n for n, line in enumerate(lines) if typed in line), None)
    if at is None or at < 2 or "█" not in lines[at - 2]:
        return ""
    return lines[at - 2].split("█")[1].strip()


@needs_tmux
def test_keys_in_a_real_terminal(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'demo.db'}"
    editor = scripted_editor(tmp_path, NOTE)
    with Terminal.start(tmp_path, f"{ANJIAN} --db {db} demo --fresh", editor=editor) as term:
        term.wait_for("非煤矿山")  # the home screen's campaigns, sectors named
        # ctrl+p: the home screen's commands and the global ones, in Chinese
        shown = term.key_until("C-p", "搜索命令")
        shown = term.wait_for("按键 l")
        assert "隐患台账" in shown and "Theme" not in shown and "Quit" not in shown
        term.type("tc")  # the global ones too, found by their initials: 退出
        shown = term.wait_for("按键 Ctrl+Q")
        assert "退出" in shown and "Quit" not in shown
        term.keys("Escape")
        term.wait_gone("按键 Ctrl+Q")
        # ctrl+c reminds how to leave, and leaves nothing
        term.keys("C-c")
        term.wait_for("按 Ctrl+Q 退出")
        # the runner of campaign 5 (mining)
        term.keys("Down", "Down", "Down", "Down")
        term.key_until("Enter", "检查记录")
        term.key_until("Enter", "NM-2022-UG-01")
        term.key_until("C-p", "搜索命令")
        shown = term.wait_for("按键 y")
        assert "符合" in shown and "Theme" not in shown
        term.type("bz")  # 备注 by its initials
        term.wait_for("按键 e")
        term.keys("Escape")
        term.wait_gone("按键 e")
        # the note dialog: ctrl+e runs the editor, the field holds what it wrote
        term.key_until("e", "Esc 取消")
        term.keys("C-e")
        term.wait_for(NOTE)
        assert editor_runs(editor) == 1
        term.keys("Enter")
        term.wait_gone("Esc 取消")
        # the ledger's plan dialog (responsible + six parts, taller than the screen):
        # shift+Tab goes round to the last field, Tab back to the first, each scrolled into
        # view and taking what is typed
        term.key_until("Escape", "检查记录")
        term.key_until("Escape", "智管码")  # the home screen's colour panel
        term.key_until("l", "隐患台账")
        term.key_until("p", "Ctrl+S 确定")
        term.keys("BTab")
        term.type_until(TYPED, lambda now: label_above(now, TYPED) == "安全措施和应急预案")
        term.keys("Tab")
        term.wait_for("整改责任人")  # the first field scrolled back into view
        term.type_until(FIRST, lambda now: label_above(now, FIRST) == "整改责任人")
        term.keys("Escape")  # cancelled: nothing stored
        term.wait_gone("Ctrl+S 确定")
        term.keys("C-q")
        term.wait_exit()
    campaign = cli(tmp_path, db, "campaign", "show", "5")
    inspection = campaign["inspections"][0]["id"]
    findings = cli(tmp_path, db, "inspect", "show", str(inspection))["findings"]
    notes = {f["item_id"]: f["note"] for f in findings}
    assert notes["NM-2022-UG-01"] == NOTE
    hazard = cli(tmp_path, db, "hazards")[0]
    assert TYPED not in str(hazard) and FIRST not in str(hazard)
