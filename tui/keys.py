"""The one command table: key bindings, the footer, the help screen and the command palette
all come from here, so nothing is written twice."""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding


@dataclass(frozen=True)
class Command:
    """A key, the action it runs on its screen, and the catalogue key of its label."""

    key: str
    action: str
    label: str
    show: bool = True


GLOBAL: tuple[Command, ...] = (
    Command("question_mark", "app.open_help", "ui.help"),
    Command("ctrl+t", "app.toggle_dark", "ui.theme", show=False),
    Command("ctrl+q", "app.quit", "ui.quit"),
)

SCREENS: dict[str, tuple[Command, ...]] = {
    "home": (
        Command("enter", "open_campaign", "ui.open"),
        Command("e", "app.open_enterprises", "ui.enterprises"),
        Command("l", "app.open_ledger", "ui.ledger"),
        Command("p", "app.open_packs", "ui.packs"),
    ),
    "enterprises": (
        Command("slash", "focus_search", "ui.search"),
        Command("d", "cycle_district", "ui.filter_district"),
        Command("s", "cycle_sector", "ui.filter_sector"),
        Command("c", "cycle_colour", "ui.filter_colour"),
        Command("enter", "open_enterprise", "ui.open", show=False),
        Command("escape", "app.pop_screen", "ui.back"),
    ),
    "campaign": (
        Command("a", "advance", "ui.advance"),
        Command("o", "start_onsite", "ui.start_onsite"),
        Command("x", "export", "ui.export"),
        Command("enter", "open_inspection", "ui.open", show=False),
        Command("escape", "app.pop_screen", "ui.back"),
    ),
    "runner": (
        Command("y", "answer('compliant')", "ui.answer.compliant"),
        Command("n", "answer('noncompliant')", "ui.answer.noncompliant"),
        Command("a", "answer('not_applicable')", "ui.answer.not_applicable"),
        Command("u", "answer('clear')", "ui.answer.clear"),
        Command("j,down", "move(1)", "ui.next", show=False),
        Command("k,up", "move(-1)", "ui.prev", show=False),
        Command("g", "next_unanswered", "ui.next_unanswered"),
        Command("slash", "search", "ui.search"),
        Command("e", "edit_note", "ui.edit_note"),
        Command("E", "edit_note_external", "ui.edit_external", show=False),
        Command("x", "export", "ui.export"),
        Command("v", "reevaluate", "ui.reevaluate"),
        Command("c", "decide", "ui.decide"),
        Command("escape", "app.pop_screen", "ui.back"),
    ),
    "reevaluation": (Command("escape", "app.pop_screen", "ui.back"),),
    "ledger": (
        Command("p", "plan", "ui.plan"),
        Command("s", "submit", "ui.submit"),
        Command("v", "verify(True)", "ui.accept"),
        Command("r", "verify(False)", "ui.reject"),
        Command("o", "toggle_overdue", "ui.overdue_only"),
        Command("x", "export", "ui.export"),
        Command("escape", "app.pop_screen", "ui.back"),
    ),
    "packs": (Command("escape", "app.pop_screen", "ui.back"),),
    "help": (Command("escape", "app.pop_screen", "ui.back"),),
    "enterprise": (Command("escape", "app.pop_screen", "ui.back"),),
}


def _bindings(commands: tuple[Command, ...], lang: str) -> list[Binding]:
    from core.i18n import t

    return [Binding(c.key, c.action, t(c.label, "en" if lang == "en" else "zh"), show=c.show)
            for c in commands]


def bindings(screen: str, lang: str = "zh") -> list[Binding]:
    """The translated bindings of ``screen``."""
    return _bindings(SCREENS[screen], lang)


def global_bindings(lang: str = "zh") -> list[Binding]:
    """The translated bindings every screen has."""
    return _bindings(GLOBAL, lang)
