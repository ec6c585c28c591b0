"""Dialogs returning typed values: pick one of many (with search), edit a text, fill a form,
answer yes or no, say what kind of site is inspected, give the database's password. Each is a
modal screen whose result is what its caller gets back (``None``: cancelled)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Generic, TypeVar

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Label, OptionList, SelectionList, Static
from textual.widgets.option_list import Option
from textual.widgets.selection_list import Selection

from core.i18n import Lang, t
from tui.keys import Keyed
from tui.plain import plain
from tui.search import SearchIndex
from tui.widgets.search_input import SearchInput

if TYPE_CHECKING:
    from core.pack.profile import ProfileQuestion

R = TypeVar("R")

#: How many matches a pick dialog lists at once.
SHOWN = 200


@dataclass(frozen=True)
class Choice:
    """One thing to pick: its key (what the dialog returns), its label, and the texts it can
    be found by (Chinese, pinyin and initials of each are searched)."""

    key: str
    label: str
    texts: Sequence[str] = ()


@dataclass(frozen=True)
class Field:
    """One field of a form: its key in the result, its label, its starting value."""

    key: str
    label: str
    value: str = ""


class Dialog(Keyed, ModalScreen[R | None], Generic[R]):
    """A modal dialog whose keys are the command table's entry ``KEYS``; dismissed with its
    result, or ``None`` on escape."""

    def __init__(self, lang: Lang, title: str) -> None:
        super().__init__()
        self.lang: Lang = lang
        self.title_text = title

    def action_cancel(self) -> None:
        self.dismiss(None)


class PickDialog(Dialog[str]):
    """Search and pick: by Chinese text, pinyin, initials, codes or clauses; returns the
    chosen key. Esc clears the search first, then cancels."""

    KEYS = "pick"

    def __init__(self, lang: Lang, title: str, choices: Sequence[Choice],
                 placeholder: str | None = None) -> None:
        super().__init__(lang, title)
        self.labels = {c.key: c.label for c in choices}
        self.placeholder = placeholder or t("ui.search", lang)
        self.index = SearchIndex.build((c.key, [c.label, *c.texts]) for c in choices)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(plain(self.title_text), classes="dialog-title")
            yield SearchInput(self.lang, placeholder=self.placeholder, id="query",
                              target="#matches")
            yield OptionList(*self.options(""), id="matches")
        yield Footer()

    def options(self, query: str) -> list[Option]:
        return [Option(plain(self.labels[k]), id=k) for k in self.index.find(query)[:SHOWN]]

    def on_input_changed(self, event: Input.Changed) -> None:
        matches = self.query_one("#matches", OptionList)
        matches.clear_options()
        matches.add_options(self.options(event.value))
        if matches.option_count:
            matches.highlighted = 0

    def on_input_submitted(self, _event: Input.Submitted) -> None:
        matches = self.query_one("#matches", OptionList)
        if matches.option_count:
            self.dismiss(matches.get_option_at_index(matches.highlighted or 0).id)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_focus_list(self) -> None:
        self.query_one("#matches", OptionList).focus()


class TextDialog(Dialog[str]):
    """Edit one line of text (ctrl+e opens $EDITOR for it); returns the text."""

    KEYS = "text"

    def __init__(self, lang: Lang, title: str, value: str = "") -> None:
        super().__init__(lang, title)
        self.value = value

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(plain(self.title_text), classes="dialog-title")
            yield Input(value=self.value, id="text")
        yield Footer()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_submit(self) -> None:
        """Ctrl+S, as in every form (the footer names it; Enter in the field does the
        same). A priority key, taken before keys typed just ahead of it reach the field:
        the text is read once the field has taken them."""
        field = self.query_one("#text", Input)

        def done() -> None:  # not awaited from the field's own queue: the field goes too
            self.dismiss(field.value)

        field.call_later(done)


class FormDialog(Dialog[dict[str, str]]):
    """Several labelled fields; enter on the last one (or ctrl+s) submits. Returns each
    field's value by its key."""

    KEYS = "form"

    def __init__(self, lang: Lang, title: str, fields: Sequence[Field]) -> None:
        super().__init__(lang, title)
        self.fields = tuple(fields)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(plain(self.title_text), classes="dialog-title")
            for f in self.fields:
                yield Label(plain(f.label))
                yield Input(value=f.value, id=f"f-{f.key}")
        yield Footer()

    def values(self) -> dict[str, str]:
        return {f.key: self.query_one(f"#f-{f.key}", Input).value for f in self.fields}

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == f"f-{self.fields[-1].key}":
            self.dismiss(self.values())
        else:
            self.focus_next()

    def action_submit(self) -> None:
        """Ctrl+S: the fields read once the focused one has taken the keys typed just
        before (see TextDialog.action_submit)."""
        def done() -> None:  # not awaited from the field's own queue: the field goes too
            self.dismiss(self.values())

        focused = self.focused
        if focused is None:
            done()
        else:
            focused.call_later(done)


class ConfirmDialog(Dialog[bool]):
    """A question answered yes (``y``, enter) or no (``n``, escape); returns True for yes."""

    KEYS = "confirm"

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            # a Static takes the dialog's width and wraps a long question (a Label would not)
            yield Static(Content(self.title_text), classes="dialog-title")
        yield Footer()

    def action_confirm(self) -> None:
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)


#: What a site profile dialog returns: the values chosen, by site key (categories, tags).
Profile = dict[str, list[str]]


class ProfileDialog(Dialog[Profile]):
    """The site profile an inspection needs: each question of its packs as a list to choose
    from (space toggles, tab moves on); ctrl+s returns the choices once every question has
    one, by site key."""

    KEYS = "profile"

    def __init__(self, lang: Lang, title: str, questions: Sequence[ProfileQuestion]) -> None:
        super().__init__(lang, title)
        self.questions = tuple(questions)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(Content(self.title_text), classes="dialog-title")
            yield Label(t("ui.profile_hint", self.lang), classes="dialog-hint")
            for n, q in enumerate(self.questions):
                yield Label(Content(q.title().render(self.lang)))
                yield SelectionList[str](
                    *(Selection(Content(c.name(self.lang)), c.id) for c in q.choices),
                    id=f"q-{n}", classes="profile-choices")
        yield Footer()

    def chosen(self, n: int) -> list[str]:
        return list(self.query_one(f"#q-{n}", SelectionList).selected)

    def action_submit(self) -> None:
        profile: Profile = {"categories": [], "tags": []}
        for n, q in enumerate(self.questions):
            values = self.chosen(n)
            if not q.answered(values):
                self.query_one(f"#q-{n}", SelectionList).focus()
                self.notify(t("ui.profile_needed", self.lang,
                              question=q.title().render(self.lang)),
                            severity="warning", markup=False)
                return
            profile[q.key] += [v for v in values if v not in profile[q.key]]
        self.dismiss(profile)


class LoginDialog(Dialog[str]):
    """The database's password, typed into a masked field: enter returns it, escape returns
    None (the app then leaves: it has no database to work on). ``wrong`` says the last one
    typed was refused."""

    KEYS = "login"

    def __init__(self, lang: Lang, title: str, *, wrong: bool = False) -> None:
        super().__init__(lang, title)
        self.wrong = wrong

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Content(self.title_text), classes="dialog-title")
            if self.wrong:
                yield Label(t("ui.login.wrong", self.lang), id="login-wrong",
                            classes="dialog-warning")
            yield Label(t("ui.login.hint", self.lang), classes="dialog-hint")
            yield Input(password=True, placeholder=t("ui.login.placeholder", self.lang),
                        id="password")
        yield Footer()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)
