"""A real terminal (tmux, 80x24), in the default language: open the demo, answer three items by
keys, open the command palette with ctrl+p, kill the process with SIGKILL, and find the three
answers stored."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from core.services.demo import ADMIN

ANJIAN = Path(sys.executable).with_name("anjian")


def tmux(*args: str) -> str:
    return subprocess.run(["tmux", *args], capture_output=True, text=True, check=True,
                          timeout=20).stdout


def screen(session: str) -> str:
    return tmux("capture-pane", "-p", "-t", session)


def wait_for(session: str, text: str, timeout: float = 60) -> str:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        shown = screen(session)
        if text in shown:
            return shown
        time.sleep(0.2)
    raise AssertionError(f"'{text}' never appeared; the screen shows:\n{screen(session)}")


def cli(home: Path, db: str, *args: str) -> object:
    done = subprocess.run([str(ANJIAN), "--db", db, "--user", ADMIN, *args, "--json"],
                          capture_output=True,
                          text=True, check=True, env={**os.environ, "ANJIAN_HOME": str(home)})
    return json.loads(done.stdout)


@pytest.mark.skipif(shutil.which("tmux") is None,
                    reason="tmux is not installed (CI installs it: see .ci/run)")
def test_three_answers_survive_sigkill_in_a_real_terminal(tmp_path: Path) -> None:
    session = f"anjian-{os.getpid()}"
    db = f"sqlite:///{tmp_path / 'demo.db'}"
    command = (f"env -u ANJIAN_LANG ANJIAN_HOME={tmp_path} {ANJIAN} --db {db} demo --fresh")
    tmux("new-session", "-d", "-s", session, "-x", "80", "-y", "24", command)
    try:
        wait_for(session, "非煤矿山")  # the campaign list of the home screen, sectors named
        tmux("send-keys", "-t", session, "Down", "Down", "Down", "Down", "Enter")
        wait_for(session, "检查记录")
        time.sleep(0.5)
        tmux("send-keys", "-t", session, "Enter")
        wait_for(session, "NM-2022-UG-01")  # the runner, on the first item
        time.sleep(0.5)
        for _ in range(3):
            tmux("send-keys", "-t", session, "n")
            time.sleep(0.3)
        wait_for(session, "✗ 一、（三）")  # the third mark on screen
        tmux("send-keys", "-t", session, "C-p")
        wait_for(session, "搜索命令")  # Textual's palette, its prompt and commands in Chinese
        assert "按键 y" in screen(session)
        tmux("send-keys", "-t", session, *"jttl")  # 集体讨论 by its pinyin initials
        assert "集体讨论" in wait_for(session, "按键 c")
        tmux("send-keys", "-t", session, "Escape")
        time.sleep(1.5)  # each answer is committed within milliseconds of its key
        pane = int(tmux("display-message", "-p", "-t", session, "#{pane_pid}").strip())
        children = subprocess.run(["pgrep", "-P", str(pane)], capture_output=True,
                                  text=True).stdout.split()
        for pid in [*children, str(pane)]:
            os.kill(int(pid), signal.SIGKILL)
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True)
    campaign = cli(tmp_path, db, "campaign", "show", "5")
    assert isinstance(campaign, dict) and campaign["sector"] == "mining"
    inspection = campaign["inspections"][0]["id"]
    shown = cli(tmp_path, db, "inspect", "show", str(inspection))
    assert isinstance(shown, dict)
    status = {f["item_id"]: f["status"] for f in shown["findings"]}
    assert [status[f"NM-2022-UG-0{n}"] for n in (1, 2, 3)] == ["noncompliant"] * 3
