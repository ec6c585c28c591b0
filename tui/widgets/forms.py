"""Dialogs returning typed values: pick one of many (with search), edit a text, fill a form."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from core.i18n import Lang, t
from tui.search import SearchIndex


class PickScreen(ModalScreen[str | None]):
    """Search and pick: by Chinese text, pinyin, initials, codes or clauses."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", show=False),
                Binding("down", "focus_list", show=False)]

    def __init__(self, lang: Lang, title: str,
                 choices: Sequence[tuple[str, str, Sequence[str]]]) -> None:
        super().__init__()
        self.lang, self.title_text = lang, title
        self.labels = {key: label for key, label, _ in choices}
        self.index = SearchIndex.build((key, texts) for key, _, texts in choices)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield Input(placeholder=t("ui.search", self.lang), id="query")
            yield OptionList(*[Option(self.labels[k], id=k) for k in self.index.find("")][:200],
                             id="matches")

    def on_input_changed(self, event: Input.Changed) -> None:
        matches = self.query_one("#matches", OptionList)
        matches.clear_options()
        matches.add_options([Option(self.labels[k], id=k)
                             for k in self.index.find(event.value)][:200])
        if matches.option_count:
            matches.highlighted = 0

    def on_input_submitted(self, _event: Input.Submitted) -> None:
        matches = self.query_one("#matches", OptionList)
        if matches.option_count:
            option = matches.get_option_at_index(matches.highlighted or 0)
            self.dismiss(option.id)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_focus_list(self) -> None:
        self.query_one("#matches", OptionList).focus()

    def action_cancel(self) -> None:
        self.dismiss(None)


class TextScreen(ModalScreen[str | None]):
    """Edit one line of text (ctrl+e opens $EDITOR for it)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", show=False),
                Binding("ctrl+e", "external", "$EDITOR")]

    def __init__(self, lang: Lang, title: str, value: str = "") -> None:
        super().__init__()
        self.lang, self.title_text, self.value = lang, title, value

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield Input(value=self.value, id="text")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_external(self) -> None:
        from tui.editor import edit_in_editor

        field = self.query_one("#text", Input)
        text = edit_in_editor(self.app, field.value)
        if text is not None:
            field.value = text.strip()

    def action_cancel(self) -> None:
        self.dismiss(None)


class FormScreen(ModalScreen[dict[str, str] | None]):
    """Several labelled fields; enter on the last one (or ctrl+s) submits."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", show=False),
                Binding("ctrl+s", "submit", "OK"),
                Binding("ctrl+e", "external", "$EDITOR")]

    def __init__(self, lang: Lang, title: str, fields: Sequence[tuple[str, str, str]]) -> None:
        super().__init__()
        self.lang, self.title_text, self.fields = lang, title, list(fields)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            for key, label, value in self.fields:
                yield Label(label)
                yield Input(value=value, id=f"f-{key}")

    def values(self) -> dict[str, str]:
        return {key: self.query_one(f"#f-{key}", Input).value for key, _, _ in self.fields}

    def on_input_submitted(self, event: Input.Submitted) -> None:
        last = f"f-{self.fields[-1][0]}"
        if event.input.id == last:
            self.dismiss(self.values())
        else:
            self.focus_next()

    def action_submit(self) -> None:
        self.dismiss(self.values())

    def action_external(self) -> None:
        from tui.editor import edit_in_editor

        focused = self.focused
        if isinstance(focused, Input):
            text = edit_in_editor(self.app, focused.value)
            if text is not None:
                focused.value = text.strip()

    def action_cancel(self) -> None:
        self.dismiss(None)
