"""Editing text in the user's $EDITOR: terminal input methods struggle with Textual's own
inputs, so every free-text field can be written in a real editor and comes back."""

from __future__ import annotations

import os
import shlex
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from core.i18n import Lang, t


def edit_in_editor(app: Any, text: str, lang: Lang = "zh") -> str | None:
    """Open ``text`` in ``$VISUAL``/``$EDITOR`` (``vi`` when unset) with the app suspended;
    the edited text, or ``None`` when the editor failed (said in ``lang``).

    Without a terminal (an app run headless, as in tests) the editor runs with no input, so a
    scripted one works and an interactive one fails at once instead of waiting."""
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "anjian.txt"
        path.write_text(text, encoding="utf-8")
        command = [*shlex.split(editor), str(path)]
        try:
            if app.is_headless:
                done = subprocess.run(command, check=False, stdin=subprocess.DEVNULL,
                                      capture_output=True, timeout=60)
            else:
                with app.suspend():
                    done = subprocess.run(command, check=False)
        except Exception as exc:  # no terminal to suspend to, or no such editor
            app.notify(t("ui.editor_failed", lang, reason=str(exc)), severity="error")
            return None
        if done.returncode != 0:
            app.notify(t("ui.editor_exit", lang, code=done.returncode), severity="warning")
            return None
        return path.read_text(encoding="utf-8").rstrip("\n")
