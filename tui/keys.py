"""The one command table: key bindings, the footer, the help screen and the command palette
all come from here, so nothing is written twice.

Textual reads a class's ``BINDINGS`` when the class is defined, and a binding's description is
what the footer shows; so the labels of one language make one class. :func:`in_language` makes
that class once per language (a subclass of the screen, dialog or app with generated
``BINDINGS``), and the bases below build themselves through it: ``RunnerScreen("zh", 7)`` is a
runner whose keys read in Chinese.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar, Self, TypeVar

from textual.binding import Binding

from core.i18n import Lang, t


@dataclass(frozen=True)
class Command:
    """A key (Textual's key names, several separated by commas), the action it runs on its
    screen, and the catalogue key of its label."""

    key: str
    action: str
    label: str
    show: bool = True
    #: Runs even when a focused widget (a text field) would take the key.
    priority: bool = False
    #: The action (``core.process.permissions.Action`` value) the user's role must allow for
    #: the key to be offered at all; the full check is made when it is taken.
    needs: str | None = None


#: The app's own keys, on every screen and dialog.
APP: tuple[Command, ...] = (
    Command("ctrl+q", "quit", "ui.quit", show=False, priority=True),
    Command("ctrl+p", "command_palette", "ui.palette", show=False, priority=True),
    Command("ctrl+c", "quit_hint", "ui.quit_hint", show=False),
    # before any text field's own ctrl+e (end of line): the focused field in $EDITOR
    Command("ctrl+e", "edit_external", "ui.edit_external", show=False, priority=True),
)

#: Keys every screen (not the dialogs) has besides its own.
GLOBAL: tuple[Command, ...] = (
    Command("question_mark", "app.open_help", "ui.help"),
    Command("ctrl+t", "app.toggle_dark", "ui.theme", show=False),
)

SCREENS: dict[str, tuple[Command, ...]] = {
    # at 80 columns the footer holds five or six keys: the rest are in the palette and help
    "home": (
        Command("enter", "open_campaign", "ui.open", show=False),
        # the whole roster is the bureau's (an enterprise user reads only its own records)
        Command("e", "app.open_enterprises", "ui.enterprises", needs="read.all"),
        Command("l", "app.open_ledger", "ui.ledger"),
        Command("p", "app.open_packs", "ui.packs", show=False),
        Command("c", "app.new_campaign", "ui.new_campaign", needs="campaign.new"),
        Command("u", "app.open_users", "ui.users", show=False, needs="users.manage"),
        # named by the empty database's greeting; on the enterprises screen's footer
        Command("n", "app.new_enterprise", "ui.new_enterprise", show=False,
                needs="enterprise.add"),
        Command("i", "app.import_roster", "ui.import_roster", show=False,
                needs="enterprise.add"),
        Command("t", "app.open_stats", "ui.stats", needs="read.all"),
        Command("k", "app.open_checks", "ui.checks", show=False, needs="read.all"),
        # an enterprise user's own risk register (the bureau opens one from its enterprise)
        Command("r", "app.open_own_risk", "ui.risk.own", needs="risk.own"),
    ),
    "enterprises": (
        Command("slash", "focus_search", "ui.search"),
        Command("d", "cycle_district", "ui.filter_district"),
        Command("s", "cycle_sector", "ui.filter_sector"),
        Command("c", "cycle_colour", "ui.filter_colour"),
        Command("n", "app.new_enterprise", "ui.new_enterprise", needs="enterprise.add"),
        Command("i", "app.import_roster", "ui.import_roster", needs="enterprise.add"),
        Command("enter", "open_enterprise", "ui.open", show=False),
        # a search typed is cleared first, then back (EnterprisesScreen.action_back)
        Command("escape", "back", "ui.back"),
        Command("tab", "app.focus_next", "ui.focus_next", show=False),
        Command("shift+tab", "app.focus_previous", "ui.focus_previous", show=False),
    ),
    "enterprise": (
        # the enterprise's risk register (风险分级管控台账)
        Command("r", "open_risk", "ui.risk.open"),
        Command("escape", "app.pop_screen", "ui.back"),
    ),
    # an enterprise's risk points: Enter shows one's assessments; g grades without storing
    "risk_register": (
        Command("a", "add_point", "ui.risk.add_point", needs="risk.edit"),
        Command("e", "add_entry", "ui.risk.add_entry", needs="risk.edit"),
        Command("g", "calculator", "ui.risk.calculator"),
        Command("m", "show_map", "ui.risk.map"),
        Command("l", "link_hazard", "ui.risk.link", needs="risk.edit"),
        Command("enter", "open_point", "ui.open", show=False),
        Command("escape", "app.pop_screen", "ui.back"),
    ),
    "campaign": (
        Command("a", "advance", "ui.advance", needs="campaign.advance"),
        # the bureau's inspections (on-site, follow-up): a team member, who also reads all
        Command("o", "start_inspection", "ui.inspect.start", needs="inspection.start+read.all"),
        # an enterprise's own self-inspection: offered to whoever also submits rectifications
        # (an enterprise user; the bureau's roles never start one)
        Command("s", "start_self", "ui.inspect.start_self",
                needs="inspection.start+hazard.submit"),
        Command("e", "exempt", "ui.exempt", show=False, needs="campaign.exempt"),
        Command("t", "record_training", "ui.record_training", needs="campaign.training"),
        # only while the team is formed: in the palette and help, not the footer
        Command("m", "add_member", "ui.add_member", show=False, needs="campaign.member"),
        Command("x", "export", "ui.export", needs="read.all"),
        # enforcement documents (执法文书): issue one from the inspection under the cursor;
        # the campaign's documents (an enterprise user's own only)
        Command("d", "issue_document", "ui.doc.issue", needs="document.issue"),
        Command("w", "open_documents", "ui.doc.documents"),
        Command("enter", "open_inspection", "ui.open", show=False),
        Command("escape", "app.pop_screen", "ui.back"),
    ),
    # At 80 columns the footer shows the answers, skip, corrected on site, part by part and
    # files; the other keys are in the help screen and the palette.
    "runner": (
        Command("y", "answer('compliant')", "ui.answer.compliant", needs="inspection.answer"),
        Command("n", "answer('noncompliant')", "ui.answer.noncompliant",
                needs="inspection.answer"),
        Command("a", "answer('not_applicable')", "ui.answer.not_applicable",
                needs="inspection.answer"),
        Command("s", "skip", "ui.inspect.skip", needs="inspection.answer"),
        Command("f", "corrected", "ui.inspect.corrected_key", needs="inspection.answer"),
        Command("m", "parts", "ui.inspect.parts", needs="inspection.answer"),
        Command("o", "attach", "ui.inspect.attach", needs="inspection.answer"),
        Command("u", "answer('clear')", "ui.answer.clear", show=False,
                needs="inspection.answer"),
        Command("j,down", "move(1)", "ui.next", show=False),
        Command("k,up", "move(-1)", "ui.prev", show=False),
        Command("g", "next_unanswered", "ui.next_unanswered", show=False),
        Command("slash", "search", "ui.search", show=False),
        Command("e", "edit_note", "ui.edit_note", show=False, needs="inspection.answer"),
        Command("E", "edit_note_external", "ui.edit_external", show=False),
        Command("x", "export", "ui.export", show=False),
        Command("v", "reevaluate", "ui.reevaluate", show=False),
        Command("c", "decide", "ui.decide", show=False, needs="inspection.decide"),
        Command("d", "issue_document", "ui.doc.issue", show=False, needs="document.issue"),
        Command("w", "open_documents", "ui.doc.documents", show=False),
        # a work permit (作业票) checked against GB 30871-2022, its breaches recorded here
        Command("p", "check_permit", "ui.permits.check", show=False),
        # the inspected enterprise's risk points with their grades
        Command("R", "risk_points", "ui.risk.runner_points", show=False),
        Command("escape", "app.pop_screen", "ui.back", show=False),
    ),
    "reevaluation": (Command("escape", "app.pop_screen", "ui.back"),),
    "ledger": (
        Command("d", "set_deadline", "ui.set_deadline", needs="hazard.deadline"),
        Command("p", "plan", "ui.plan", needs="hazard.plan"),
        Command("e", "request_extension", "ui.request_extension",
                needs="hazard.extension"),
        Command("g", "decide_extension(True)", "ui.grant_extension",
                needs="hazard.extension.decide"),
        Command("n", "decide_extension(False)", "ui.refuse_extension",
                needs="hazard.extension.decide"),
        Command("s", "submit", "ui.submit", needs="hazard.submit"),
        Command("v", "verify(True)", "ui.accept", needs="hazard.verify"),
        Command("r", "verify(False)", "ui.reject", needs="hazard.verify"),
        Command("o", "toggle_overdue", "ui.overdue_only"),
        Command("x", "export", "ui.export"),
        Command("enter", "open_hazard", "ui.open", show=False),
        Command("escape", "app.pop_screen", "ui.back"),
    ),
    "packs": (Command("escape", "app.pop_screen", "ui.back"),),
    "users": (
        Command("a", "add_user", "ui.add_user", needs="users.manage"),
        Command("g", "grant_user", "ui.grant_user", needs="users.manage"),
        Command("d", "disable_user", "ui.disable_user", needs="users.manage"),
        Command("escape", "app.pop_screen", "ui.back"),
    ),
    # a hazard in full, and what the user's role may do with it
    "hazard": (
        Command("v", "verify(True)", "ui.accept", needs="hazard.verify"),
        Command("r", "verify(False)", "ui.reject", needs="hazard.verify"),
        Command("s", "submit", "ui.hazard.rectify", needs="hazard.submit"),
        Command("p", "plan", "ui.plan", needs="hazard.plan"),
        Command("d", "set_deadline", "ui.set_deadline", needs="hazard.deadline"),
        Command("e", "request_extension", "ui.request_extension", needs="hazard.extension"),
        Command("g", "decide_extension(True)", "ui.grant_extension",
                needs="hazard.extension.decide"),
        Command("n", "decide_extension(False)", "ui.refuse_extension",
                needs="hazard.extension.decide"),
        Command("escape", "app.pop_screen", "ui.back"),
    ),
    # enforcement documents: a list (a campaign's, an inspection's) and one in full
    "documents": (
        Command("enter", "open_document", "ui.open", show=False),
        Command("v", "void_document", "ui.doc.void", needs="document.void"),
        Command("r", "deliver_document", "ui.doc.deliver", needs="document.issue"),
        Command("x", "export_document", "ui.doc.export"),
        Command("escape", "app.pop_screen", "ui.back"),
    ),
    "document": (
        Command("v", "void_document", "ui.doc.void", needs="document.void"),
        Command("r", "deliver_document", "ui.doc.deliver", needs="document.issue"),
        Command("x", "export_document", "ui.doc.export"),
        Command("escape", "app.pop_screen", "ui.back"),
    ),
    # a document's text before it is issued: ctrl+s issues it (offered when nothing
    # refuses it), escape goes back to its form
    "doc_preview": (
        Command("ctrl+s", "issue", "ui.doc.issue_now", priority=True),
        Command("escape", "cancel", "ui.doc.back_to_form"),
    ),
    "stats": (Command("escape", "app.pop_screen", "ui.back"),),
    "checks": (
        Command("r", "run_checks", "ui.checks.again"),
        Command("escape", "app.pop_screen", "ui.back"),
    ),
    # the search box of any screen (tui/widgets/search_input.py): Esc clears it first
    "search": (
        Command("escape", "clear_or_leave", "ui.search_clear"),
        Command("down", "to_target", "ui.to_list", show=False),
        Command("pagedown", "to_target('page_down')", "ui.to_list", show=False),
    ),
    "help": (Command("escape", "app.pop_screen", "ui.back"),),
    # dialogs
    "pick": (
        Command("escape", "cancel", "ui.cancel"),
        Command("down", "focus_list", "ui.to_list", show=False),
    ),
    # ctrl+e is the app's (the focused field in $EDITOR); listed here for the footer
    "text": (
        Command("escape", "cancel", "ui.cancel"),
        Command("ctrl+s", "submit", "ui.ok", priority=True),
        Command("ctrl+e", "app.edit_external", "ui.edit_external"),
    ),
    "form": (
        Command("escape", "cancel", "ui.cancel"),
        Command("ctrl+s", "submit", "ui.ok", priority=True),
        Command("ctrl+e", "app.edit_external", "ui.edit_external"),
    ),
    "confirm": (
        Command("y,enter", "confirm", "ui.yes"),
        Command("n,escape", "cancel", "ui.no"),
    ),
    "profile": (
        Command("escape", "cancel", "ui.cancel"),
        Command("ctrl+s", "submit", "ui.ok", priority=True),
    ),
    "checked_form": (
        Command("escape", "cancel", "ui.cancel"),
        Command("ctrl+s", "submit", "ui.ok", priority=True),
        Command("ctrl+e", "app.edit_external", "ui.edit_external"),
        Command("ctrl+o", "browse", "ui.browse", show=False, priority=True),
    ),
    "file_pick": (
        Command("escape", "cancel", "ui.cancel"),
    ),
    "roster_preview": (
        Command("i", "import", "ui.import_good_rows", priority=True),
        Command("escape", "cancel", "ui.cancel"),
    ),
    # a work permit's check: y records its breaches on the inspection, n closes
    "permit": (
        Command("y", "record", "ui.permits.record"),
        Command("n,escape", "cancel", "ui.permits.close"),
    ),
    # the risk assessment form (and the calculator): the grade follows each factor chosen
    "risk_form": (
        Command("escape", "cancel", "ui.cancel"),
        Command("ctrl+s", "submit", "ui.risk.save", priority=True),
    ),
    # the four-colour map as text; the runner's risk points
    "risk_map": (Command("escape", "cancel", "ui.back"),),
    "risk_points": (Command("escape", "cancel", "ui.back"),),
    "password_shown": (
        Command("enter,escape", "close", "ui.password_noted"),
    ),
    # enter submits from the field itself; escape leaves the app, which has no database
    "login": (
        Command("escape", "cancel", "ui.quit"),
    ),
}

#: The dialogs (and the search box): their keys are their own (no :data:`GLOBAL` ones).
DIALOGS = frozenset({"pick", "text", "form", "confirm", "profile", "login", "checked_form",
                     "file_pick", "roster_preview", "password_shown", "search",
                     "doc_preview", "permit", "risk_form", "risk_map", "risk_points"})

#: How keyboards print the keys whose Textual names are words.
_KEY_NAMES = {"question_mark": "?", "slash": "/", "escape": "Esc", "enter": "Enter",
              "down": "↓", "up": "↑", "left": "←", "right": "→", "space": "Space",
              "tab": "Tab", "home": "Home", "end": "End", "pageup": "PgUp",
              "pagedown": "PgDn"}


def key_display(key: str) -> str:
    """A key as people read it: ``?`` not ``question_mark``, ``Ctrl+Q`` not ``ctrl+q``,
    ``j ↓`` for ``j,down``."""
    shown = []
    for one in key.split(","):
        *modifiers, base = one.strip().split("+")
        name = _KEY_NAMES.get(base, base.upper() if modifiers else base)
        shown.append("+".join([*(m.capitalize() for m in modifiers), name]))
    return " ".join(shown)


def needs(name: str) -> dict[str, str]:
    """The action names of screen ``name``'s keys that a role must allow, with what it
    needs (an action's name without its arguments: ``answer`` for ``answer('compliant')``)."""
    return {c.action.split("(")[0].removeprefix("app."): c.needs
            for c in commands(name) if c.needs is not None}


def translated(commands: tuple[Command, ...], lang: Lang) -> list[Binding]:
    return [Binding(c.key, c.action, t(c.label, lang), show=c.show,
                    key_display=key_display(c.key), priority=c.priority)
            for c in commands]


def commands(name: str) -> tuple[Command, ...]:
    """The commands of screen or dialog ``name``: its own, then (screens only) the global
    ones."""
    own = SCREENS[name]
    return own if name in DIALOGS else (*own, *GLOBAL)


def bindings(name: str, lang: Lang = "zh") -> list[Binding]:
    """The translated bindings of screen or dialog ``name`` (``"app"``: the app's own)."""
    return translated(APP if name == "app" else commands(name), lang)


N = TypeVar("N")

_MADE: dict[tuple[type, Lang], type] = {}


def in_language(cls: type[N], lang: Lang) -> type[N]:
    """``cls`` with the ``BINDINGS`` of its ``KEYS`` in ``lang``: a subclass of the same name,
    made once per class and language (``cls`` itself when it already is one)."""
    if getattr(cls, "LANG", None) == lang:
        return cls
    base: type[Any] = getattr(cls, "LANGUAGE_BASE", None) or cls
    made = _MADE.get((base, lang))
    if made is None:
        namespace: dict[str, Any] = {
            "__module__": base.__module__, "__qualname__": base.__qualname__,
            "__doc__": base.__doc__, "LANG": lang, "LANGUAGE_BASE": base,
            "BINDINGS": bindings(base.KEYS, lang)}
        meta: Any = type(base)  # Textual's metaclass, as for any class deriving from base
        made = meta(base.__name__, (base,), namespace)
        _MADE[(base, lang)] = made
    return made


class Keyed:
    """A screen or dialog whose first argument is its language and whose keys are the
    command table's ``KEYS`` entry: built as the class :func:`in_language` makes."""

    KEYS: ClassVar[str] = ""
    #: Set on the made classes: their language, and the class they were made from.
    LANG: ClassVar[Lang | None] = None
    LANGUAGE_BASE: ClassVar[type | None] = None

    def __new__(cls, lang: Lang, *args: Any, **kwargs: Any) -> Self:
        return super().__new__(in_language(cls, lang))
