"""The command palette (ctrl+p), in the app's language: every command of the current screen,
"jump to item…" in the runner, and for everywhere "open enterprise…", help, the theme and
quitting. Found as everything else is: by the Chinese label, its pinyin or its initials."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from textual.command import DiscoveryHit, Hit, Hits, Provider

from core.i18n import Lang, t
from tui.keys import APP, GLOBAL, SCREENS, Command, key_display


@dataclass(frozen=True)
class Entry:
    """One line of the palette: what it does, its key if it has one, and how to run it."""

    label: str
    help: str
    run: Callable[[], Any]


def _entry(command: Command, app: Any, screen: Any, lang: Lang) -> Entry:
    target = app if command.action.startswith("app.") else screen
    action = command.action.removeprefix("app.")
    return Entry(t(command.label, lang), t("ui.palette_key", lang, key=key_display(command.key)),
                 lambda: target.run_action(action))


def entries(app: Any, screen: Any) -> list[Entry]:
    """The palette's commands on ``screen``, in its app's language."""
    lang: Lang = app.lang
    name = getattr(screen, "KEYS", "")
    offers = getattr(app, "offers", None)
    out = [_entry(c, app, screen, lang) for c in SCREENS.get(name, ())
           if offers is None or offers(name, c.action.split("(")[0].removeprefix("app."))]
    if name == "runner":
        out.append(Entry(t("ui.jump_item", lang), t("ui.palette_key", lang, key="/"),
                         lambda: screen.action_search()))
    if offers is None or offers("home", "open_enterprises"):
        out.append(Entry(t("ui.open_enterprise", lang), "",
                         lambda: app.action_open_enterprises()))
    out += [_entry(c, app, screen, lang) for c in GLOBAL]
    out += [_entry(c, app, app, lang) for c in APP if c.action == "quit"]
    return out


class AnjianCommands(Provider):
    """The app's only palette source (it replaces Textual's English system commands)."""

    async def discover(self) -> Hits:
        for e in entries(self.app, self.screen):
            yield DiscoveryHit(e.label, e.run, text=e.label, help=e.help)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        hits = 0
        for e in entries(self.app, self.screen):
            score = matcher.match(e.label) or pinyin_score(query, e.label)
            if score <= 0:
                continue
            shown = matcher.highlight(e.label) if matcher.match(e.label) else e.label
            yield Hit(score, shown, e.run, text=e.label, help=e.help)
            hits += 1
        if not hits:
            # Said in the app's language (Textual's own notice is English only).
            yield Hit(0.0, t("ui.palette_none", getattr(self.app, "lang", "zh")), lambda: None)


def pinyin_score(query: str, label: str) -> float:
    """How well ``query`` finds ``label`` by pinyin or initials (帮助: ``bangzhu``, ``bz``):
    1 all of it, 0.8 its start, 0.5 a part of it, 0 not at all."""
    from tui.search import keys_for

    q = "".join(query.lower().split())
    forms = ["".join(k.split()) for k in keys_for(label)]
    if not q:
        return 0.0
    if q in forms:
        return 1.0
    if any(f.startswith(q) for f in forms):
        return 0.8
    return 0.5 if any(q in f for f in forms) else 0.0
