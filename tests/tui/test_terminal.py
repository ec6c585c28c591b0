"""A real terminal (tmux, 80x24), in the default language: open the demo, answer three items by
keys, open the command palette with ctrl+p, kill the process with SIGKILL, and find the three
answers stored."""

from __future__ import annotations

import os
import signal
import subprocess
from pathlib import Path

from tests.tui.terminal import ANJIAN, Terminal, cli, needs_tmux


@needs_tmux
def test_three_answers_survive_sigkill_in_a_real_terminal(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'demo.db'}"
    with Terminal.start(tmp_path, f"{ANJIAN} --db {db} demo --fresh") as term:
        term.wait_for("非煤矿山")  # the campaign list of the home screen, sectors named
        term.keys("Down", "Down", "Down", "Down")
        term.key_until("Enter", "检查记录")
        term.key_until("Enter", "NM-2022-UG-01")  # the runner, on the first item
        term.key_until("n", "✗ 一、（一）")
        term.keys("n")
        term.wait_for("✗ 一、（二）")
        term.keys("n")
        term.wait_for("✗ 一、（三）")  # the third mark on screen
        term.keys("C-p")
        term.wait_for("搜索命令")  # Textual's palette, its prompt and commands in Chinese
        assert "按键 y" in term.wait_for("按键 y")
        term.type("jttl")  # 集体讨论 by its pinyin initials
        assert "集体讨论" in term.wait_for("按键 c")
        term.keys("Escape")
        term.wait_gone("搜索命令")
        # each answer is committed within milliseconds of its key: the stored answers are
        # polled through the command line before the kill
        pane = term.pid()
        children = subprocess.run(["pgrep", "-P", str(pane)], capture_output=True,
                                  text=True, check=False).stdout.split()
        inspection = cli(tmp_path, db, "campaign", "show", "5")["inspections"][0]["id"]
        for _ in range(100):
            shown = cli(tmp_path, db, "inspect", "show", str(inspection))
            if sum(f["status"] == "noncompliant" for f in shown["findings"]) >= 3:
                break
        for pid in [*children, str(pane)]:
            os.kill(int(pid), signal.SIGKILL)
    campaign = cli(tmp_path, db, "campaign", "show", "5")
    assert isinstance(campaign, dict) and campaign["sector"] == "mining"
    shown = cli(tmp_path, db, "inspect", "show", str(campaign["inspections"][0]["id"]))
    assert isinstance(shown, dict)
    status = {f["item_id"]: f["status"] for f in shown["findings"]}
    assert [status[f"NM-2022-UG-0{n}"] for n in (1, 2, 3)] == ["noncompliant"] * 3
