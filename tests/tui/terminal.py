"""Driving anjian in a real terminal (tmux) for tests: start a session of a given size, wait
until the screen shows a text (polling, never fixed sleeps), send keys, read the screen, a
scripted ``$EDITOR`` that writes a known text into the file it is given, and the command line
(``anjian ... --json``) to check what was stored.

    with Terminal.start(tmp_path, f"{ANJIAN} --db {db} demo --fresh",
                        editor=scripted_editor(tmp_path, "消防通道堵塞")) as term:
        term.wait_for("非煤矿山")
        term.keys("Down", "Enter")
        term.wait_for("检查记录")
        ...
    cli(tmp_path, db, "inspect", "show", "1")
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from itertools import count
from pathlib import Path
from typing import Any

import pytest

from core.services.demo import ADMIN

#: The ``anjian`` command of this environment.
ANJIAN = Path(sys.executable).with_name("anjian")

#: Skip a test when tmux is missing (CI installs it: see .ci/run).
needs_tmux = pytest.mark.skipif(shutil.which("tmux") is None,
                                reason="tmux is not installed (CI installs it: see .ci/run)")

_SESSIONS = count()


def tmux(*args: str) -> str:
    return subprocess.run(["tmux", *args], capture_output=True, text=True, check=True,
                          timeout=20).stdout


def scripted_editor(folder: Path, text: str, name: str = "editor") -> Path:
    """An executable that stands for ``$EDITOR``: it writes ``text`` into the file it is given
    (replacing what was there) and exits 0; each run is counted in ``<name>.runs``."""
    script = folder / f"{name}.py"
    runs = folder / f"{name}.runs"
    script.write_text(
        f"#!{sys.executable}\n"
        "import sys\n"
        "from pathlib import Path\n"
        f"Path(sys.argv[-1]).write_text({text!r} + '\\n', encoding='utf-8')\n"
        f"with open({str(runs)!r}, 'a', encoding='utf-8') as f:\n"
        "    f.write(sys.argv[-1] + '\\n')\n",
        encoding="utf-8")
    script.chmod(0o755)
    return script


def editor_runs(editor: Path) -> int:
    """How many times the scripted editor ``editor`` ran."""
    runs = editor.with_suffix(".runs")
    return len(runs.read_text(encoding="utf-8").splitlines()) if runs.exists() else 0


class Terminal:
    """One tmux session running a command at a fixed size."""

    def __init__(self, session: str) -> None:
        self.session = session

    @classmethod
    @contextmanager
    def start(cls, home: Path, command: str, *, size: tuple[int, int] = (80, 24),
              editor: Path | None = None, env: Mapping[str, str] | None = None,
              ) -> Iterator[Terminal]:
        """Run ``command`` in a new session (in Chinese: ``ANJIAN_LANG`` unset; anjian's
        files under ``home``; ``$EDITOR`` the scripted one if given); the session is killed
        on leaving."""
        session = f"anjian-{os.getpid()}-{next(_SESSIONS)}"
        settings = {"ANJIAN_HOME": str(home), "LANG": "C.UTF-8", **(env or {})}
        if editor is not None:
            settings |= {"EDITOR": str(editor), "VISUAL": str(editor)}
        assigned = " ".join(f"{k}={shlex.quote(v)}" for k, v in settings.items())
        tmux("new-session", "-d", "-s", session, "-x", str(size[0]), "-y", str(size[1]),
             f"env -u ANJIAN_LANG {assigned} {command}")
        try:
            yield cls(session)
        finally:
            subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True,
                           check=False)

    def screen(self) -> str:
        """The screen as text, line by line."""
        return tmux("capture-pane", "-p", "-t", self.session)

    def wait_for(self, text: str | Callable[[str], bool], timeout: float = 60) -> str:
        """Poll the screen until it shows ``text`` (or ``text(screen)`` holds); the screen
        then. Fails with what the screen shows after ``timeout`` seconds."""
        test = text if callable(text) else (lambda shown: text in shown)
        end = time.monotonic() + timeout
        while True:
            shown = self.screen()
            if test(shown):
                return shown
            if time.monotonic() > end:
                raise AssertionError(f"{text!r} never appeared; the screen shows:\n{shown}")
            time.sleep(0.1)

    def wait_gone(self, text: str, timeout: float = 60) -> str:
        """Poll the screen until it no longer shows ``text``."""
        return self.wait_for(lambda shown: text not in shown, timeout)

    def keys(self, *keys: str) -> None:
        """Send keys by tmux's names (``Enter``, ``Tab``, ``BTab``, ``C-p``, ``Escape``)."""
        tmux("send-keys", "-t", self.session, *keys)

    def type(self, text: str) -> None:
        """Type ``text`` literally."""
        tmux("send-keys", "-t", self.session, "-l", text)

    def key_until(self, key: str, text: str, *, tries: int = 20, each: float = 3) -> str:
        """Press ``key`` until the screen shows ``text`` (a key sent before a screen is ready
        is pressed again), polling up to ``each`` seconds after each press."""
        for _ in range(tries):
            self.keys(key)
            try:
                return self.wait_for(text, timeout=each)
            except AssertionError:
                continue
        raise AssertionError(f"{text!r} never appeared after {tries} {key}:\n{self.screen()}")

    def type_until(self, text: str, test: Callable[[str], bool], *, tries: int = 4,
                   each: float = 5) -> str:
        """Type ``text`` until the screen passes ``test`` (text typed while a form was still
        moving its focus is typed again, as :meth:`key_until` presses a key again)."""
        for _ in range(tries):
            self.type(text)
            try:
                return self.wait_for(test, timeout=each)
            except AssertionError:
                continue
        raise AssertionError(f"{text!r} never took after {tries} tries:\n{self.screen()}")

    def is_alive(self) -> bool:
        """Whether the session (its command) still runs."""
        return subprocess.run(["tmux", "has-session", "-t", self.session],
                              capture_output=True, check=False).returncode == 0

    def wait_exit(self, timeout: float = 30) -> None:
        """Poll until the command has ended (and with it the session)."""
        end = time.monotonic() + timeout
        while self.is_alive():
            if time.monotonic() > end:
                raise AssertionError(f"still running; the screen shows:\n{self.screen()}")
            time.sleep(0.1)

    def pid(self) -> int:
        """The process id of the command the session runs (its pane's)."""
        return int(tmux("display-message", "-p", "-t", self.session, "#{pane_pid}").strip())


def cli(home: Path, db: str, *args: str, user: str = ADMIN) -> Any:
    """``anjian --db DB --user USER ARGS --json`` as a separate process: its parsed output."""
    done = subprocess.run([str(ANJIAN), "--db", db, "--user", user, *args, "--json"],
                          capture_output=True, text=True, check=True, timeout=120,
                          env={**os.environ, "ANJIAN_HOME": str(home)})
    return json.loads(done.stdout)
