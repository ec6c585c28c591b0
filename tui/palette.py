"""Command-palette entries (ctrl+p): every action of the current screen, "jump to item…"
in the runner and "open enterprise…" anywhere."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from textual.app import SystemCommand

from core.i18n import t
from tui.keys import SCREENS


def system_commands(app: Any, screen: Any) -> Iterator[SystemCommand]:
    lang = app.lang
    keys = getattr(screen, "KEYS", "")
    for c in SCREENS.get(keys, ()):
        action = c.action
        target = app if action.startswith("app.") else screen
        name = action.removeprefix("app.")
        yield SystemCommand(t(c.label, lang), f"{c.key}",
                            lambda target=target, name=name: target.run_action(name))
    yield SystemCommand(t("ui.open_enterprise", lang), "",
                        lambda: app.action_open_enterprises())
    if keys == "runner":
        yield SystemCommand(t("ui.jump_item", lang), "/", lambda: screen.action_search())
