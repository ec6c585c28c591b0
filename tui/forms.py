"""Forms that check as the user types: each field says what is wrong beside it, nothing is
submitted until every field is right, and a refusal from the services appears in the form
(naming the rule) with nothing stored. Files are chosen in a picker.

A form returns its values by field key (``None``: cancelled); with ``submit`` it runs that
service call off the UI thread first and returns what it returned, staying open on a
refusal so nothing typed is lost.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import (
    Button,
    DirectoryTree,
    Footer,
    Input,
    Label,
    Select,
    SelectionList,
    Static,
    TextArea,
)
from textual.widgets._select import SelectOverlay
from textual.widgets.selection_list import Selection

from core.i18n import AnjianError, Lang, t
from tui.dialogs import ConfirmDialog, Dialog
from tui.plain import plain, visible

Kind = Literal["text", "multiline", "password", "date", "choice", "choices", "file"]
#: A field's check: the value as typed or chosen → what is wrong with it (None: nothing).
Check = Callable[[Any], str | None]


@dataclass(frozen=True)
class FormField:
    """One field: its key in the result, its label, its kind and starting value, its check.

    ``choice`` and ``choices`` take ``choices`` as (value, label) pairs; ``choices`` returns a
    list; ``date`` returns a :class:`datetime.date`; ``file`` a path typed or picked (ctrl+o);
    the others text. An empty ``required`` field is refused without calling ``check``.
    """

    key: str
    label: str
    kind: Kind = "text"
    value: Any = ""
    choices: Sequence[tuple[str, str]] = ()
    check: Check | None = None
    required: bool = True
    hint: str = ""


def parse_date(text: str) -> dt.date | None:
    """``2026-03-02`` (or ``2026/3/2``) as a date; None when it is not one."""
    parts = text.strip().replace("/", "-").replace(".", "-").split("-")
    try:
        year, month, day = (int(p) for p in parts)
        return dt.date(year, month, day)
    except (TypeError, ValueError):
        return None


@dataclass(frozen=True)
class Confirmation:
    """A question a form asks before it submits (answered with keys: y or n), and what it
    says in the form when the answer is no."""

    question: str
    declined: str


class FormDialogChecked(Dialog[Any]):
    """A form checked field by field as it is filled; ctrl+s (or enter on the last field)
    submits once every field is right; ctrl+e (the app's key) writes the focused text field in
    ``$EDITOR``."""

    KEYS = "checked_form"
    #: The first field is focused on mount, without scrolling: Textual's own first focus
    #: comes before the layout and centres the field, scrolling the title out of view.
    AUTO_FOCUS = ""

    def __init__(self, lang: Lang, title: str, fields: Sequence[FormField], *,
                 submit: Callable[[dict[str, Any]], Any] | None = None,
                 note: str = "", live: Callable[[dict[str, Any]], str] | None = None,
                 confirm: Callable[[dict[str, Any]], Confirmation | None] | None = None
                 ) -> None:
        super().__init__(lang, title)
        self.fields = tuple(fields)
        self.submit_with = submit
        self.note = note
        #: A question the values as filled need answered yes before they are submitted
        #: (None: none); yes submits them with ``confirmed`` true, no keeps the form.
        self.confirm_with = confirm
        #: What the values as they stand now amount to (a derived status), shown above the
        #: fields and said again at every change.
        self.live = live
        self.errors: dict[str, str | None] = {}
        self.busy = False

    # --- building ------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        # the scroll keeps every field reachable at 80x24; it takes no focus itself, so Tab
        # goes from field to field
        with VerticalScroll(classes="dialog form", can_focus=False):
            yield Static(Content(self.title_text), classes="dialog-title")
            if self.note:
                yield Static(Content(self.note), classes="dialog-hint")
            if self.live is not None:
                yield Static("", id="form-live", classes="dialog-hint")
            yield Static("", id="form-refusal", classes="dialog-warning")
            for f in self.fields:
                yield Label(Content(f.label + ("" if f.required else
                                               t("ui.form.optional", self.lang))),
                            classes="form-label")
                yield from self.widget(f)
                if f.hint:
                    yield Static(Content(f.hint), classes="dialog-hint form-hint")
                yield Static("", id=f"e-{f.key}", classes="form-error")
        yield Footer()

    def widget(self, f: FormField) -> ComposeResult:
        wid = f"f-{f.key}"
        match f.kind:
            case "multiline":
                yield TextArea(str(f.value or ""), id=wid, classes="form-text")
            case "choice":
                options = [(Content(label), value) for value, label in f.choices]
                start = f.value if f.value in {v for v, _ in f.choices} else Select.NULL
                yield ListSelect(self.lang, options, value=start, id=wid,
                                 prompt=t("ui.form.choose", self.lang), allow_blank=True)
            case "choices":
                chosen = set(f.value or ())
                yield SelectionList[str](
                    *(Selection(Content(label), value, value in chosen)
                      for value, label in f.choices), id=wid, classes="form-choices")
            case "file":
                with Horizontal(classes="form-file"):
                    yield Input(str(f.value or ""), id=wid,
                                placeholder=t("ui.form.file_placeholder", self.lang))
                    yield Button(t("ui.form.browse", self.lang), id=f"b-{f.key}",
                                 classes="form-browse")
            case "date":
                shown = f.value.isoformat() if isinstance(f.value, dt.date) else str(f.value)
                yield Input(shown, id=wid, placeholder="2026-03-02")
            case _:
                yield Input(str(f.value or ""), id=wid, password=f.kind == "password")

    def on_mount(self) -> None:
        if self.fields:
            self.set_focus(self.query_one(f"#f-{self.fields[0].key}"), scroll_visible=False)
            # a choice's closed overlay counts in its region: focusing it would scroll the
            # title out of view
            self.call_after_refresh(self.query_one(VerticalScroll).scroll_home, animate=False)
        for f in self.fields:
            if f.value not in ("", None, ()):  # a starting value is checked at once
                self.check_field(f)
        self.show_live()

    # --- values and checks ---------------------------------------------------------------

    def field(self, key: str) -> FormField:
        return next(f for f in self.fields if f.key == key)

    def raw(self, f: FormField) -> Any:
        """The field's value as the widget holds it (text, a choice, the choices)."""
        w = self.query_one(f"#f-{f.key}")
        if isinstance(w, TextArea):
            return w.text
        if isinstance(w, Select):
            return None if w.value is Select.NULL else w.value
        if isinstance(w, SelectionList):
            return list(w.selected)
        assert isinstance(w, Input)
        return w.value

    def value(self, f: FormField) -> Any:
        """The field's value as the form returns it (a date for a date field)."""
        raw = self.raw(f)
        if f.kind == "date":
            return parse_date(raw) if raw.strip() else None
        if isinstance(raw, str) and f.kind != "password":
            return raw.strip()
        return raw

    def problem(self, f: FormField) -> str | None:
        """What is wrong with the field now (None: nothing)."""
        raw = self.raw(f)
        empty = raw is None or (isinstance(raw, str) and not raw.strip()) or raw == []
        if empty:
            return t("ui.form.required", self.lang) if f.required else None
        if f.kind == "date" and parse_date(raw) is None:
            return t("ui.form.bad_date", self.lang, value=raw)
        if f.kind == "file" and not Path(raw.strip()).expanduser().is_file():
            return t("ui.form.no_file", self.lang, path=raw.strip())
        return f.check(self.value(f)) if f.check is not None else None

    def check_field(self, f: FormField) -> str | None:
        why = self.problem(f)
        self.errors[f.key] = why
        self.query_one(f"#e-{f.key}", Static).update(Content(f"✗ {why}" if why else ""))
        self.show_live()
        return why

    def show_live(self) -> None:
        if self.live is not None:
            self.query_one("#form-live", Static).update(Content(visible(self.live(self.values()))))

    def key_of(self, widget_id: str | None) -> FormField | None:
        if widget_id and widget_id.startswith("f-"):
            key = widget_id[2:]
            return next((f for f in self.fields if f.key == key), None)
        return None

    def on_input_changed(self, event: Input.Changed) -> None:
        f = self.key_of(event.input.id)
        if f is not None:
            self.check_field(f)

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        f = self.key_of(event.text_area.id)
        if f is not None:
            self.check_field(f)

    def on_select_changed(self, event: Select.Changed) -> None:
        f = self.key_of(event.select.id)
        if f is not None:
            self.check_field(f)

    def on_selection_list_selected_changed(self, event: SelectionList.SelectedChanged[str]
                                           ) -> None:
        f = self.key_of(event.selection_list.id)
        if f is not None:
            self.check_field(f)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == f"f-{self.fields[-1].key}":
            self.action_submit()
        else:
            self.focus_next()

    def values(self) -> dict[str, Any]:
        return {f.key: self.value(f) for f in self.fields}

    # --- submitting ----------------------------------------------------------------------

    def action_submit(self) -> None:
        """Ctrl+S. It is a priority key, taken as soon as it arrives, while the keys typed
        just before it may still wait in the focused field's queue (in a real terminal a
        burst of typing ends a moment before ctrl+s): the form is read once that field has
        taken them, so nothing typed is lost."""
        focused = self.focused
        if focused is not None:
            focused.call_later(self.submit_now)
        else:
            self.submit_now()

    def submit_now(self) -> None:
        if self.busy:
            return
        wrong = [f for f in self.fields if self.check_field(f) is not None]
        if wrong:
            self.refuse(t("ui.form.fix_first", self.lang, n=len(wrong)), scroll=False)
            # at once, not after the keys already typed (Widget.focus waits its turn behind
            # them): what is typed next goes to the field to fix
            self.set_focus(self.query_one(f"#f-{wrong[0].key}"), scroll_visible=False)
            # the first field to fix in view with its message below it, whichever of the
            # focus's and the refusal's scrolls would have come last
            self.call_after_refresh(self.show_field, wrong[0])
            return
        values = self.values()
        asked = self.confirm_with(values) if self.confirm_with is not None else None
        if asked is not None:
            self.ask(asked, values)
            return
        self.send(values)

    def ask(self, asked: Confirmation, values: dict[str, Any]) -> None:
        """The question the values need answered before they go: yes sends them confirmed,
        no says in the form what was not done (nothing stored)."""
        def answered(yes: bool | None) -> None:
            self.busy = False
            if yes:
                self.send({**values, "confirmed": True})
            else:
                self.refuse(asked.declined)

        self.busy = True  # one question at a time, and no second submit meanwhile
        self.app.push_screen(ConfirmDialog(self.lang, asked.question), answered)

    def send(self, values: dict[str, Any]) -> None:
        if self.submit_with is None:
            self.dismiss(values)
            return
        self.busy = True
        self.run_submit(values)

    @work(thread=True, group="submit")
    def run_submit(self, values: dict[str, Any]) -> None:
        assert self.submit_with is not None
        try:
            done = self.submit_with(values)
        except AnjianError as exc:
            self.app.call_from_thread(self.refused, exc.render(self.lang))
            return
        except OSError as exc:  # a file that cannot be read, a disk that is full
            self.app.call_from_thread(self.refused, f"{exc}")
            return
        self.app.call_from_thread(self.dismiss, done)

    def refused(self, why: str) -> None:
        self.busy = False
        self.refuse(why)

    def refuse(self, why: str, *, scroll: bool = True) -> None:
        """Say in the form why it was not taken (it stays open, nothing stored); with
        ``scroll`` the form scrolls up to the reason."""
        box = self.query_one("#form-refusal", Static)
        box.update(Content(visible(why)))
        if scroll:
            box.scroll_visible(animate=False)

    def show_field(self, f: FormField) -> None:
        """Scroll field ``f`` and then its message into view."""
        self.query_one(f"#f-{f.key}").scroll_visible(animate=False)
        self.query_one(f"#e-{f.key}").scroll_visible(animate=False)

    # --- helpers for the keys ------------------------------------------------------------

    def action_browse(self) -> None:
        """ctrl+o (or the button): pick the file of the focused file field, or the first."""
        focused = self.focused
        f = self.key_of(focused.id if focused is not None else None)
        if f is None or f.kind != "file":
            f = next((x for x in self.fields if x.kind == "file"), None)
        if f is not None:
            self.browse(f)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id and event.button.id.startswith("b-"):
            self.browse(self.field(event.button.id[2:]))

    def browse(self, f: FormField) -> None:
        field = self.query_one(f"#f-{f.key}", Input)
        start = Path(field.value).expanduser().parent if field.value.strip() else Path.cwd()

        def picked(path: str | None) -> None:
            if path is not None:
                field.value = path
                field.focus()

        self.app.push_screen(FilePickDialog(self.lang, f.label, start), picked)


_OVERLAYS: dict[Lang, type[SelectOverlay]] = {}


def overlay_class(lang: Lang) -> type[SelectOverlay]:
    """Textual's drop-down list with its one key (Esc closes the list) named in ``lang``
    (Textual's own label is English): a subclass made once per language."""
    made = _OVERLAYS.get(lang)
    if made is None:
        meta: Any = type(SelectOverlay)
        made = meta("SelectOverlay", (SelectOverlay,), {
            "__module__": __name__,
            "BINDINGS": [Binding("escape", "dismiss", t("ui.form.close_list", lang),
                                 key_display="Esc")]})
        _OVERLAYS[lang] = made
    return made


class ListSelect(Select[str]):
    """A choice field: Textual's Select whose open list names its keys in the user's
    language."""

    def __init__(self, lang: Lang, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lang = lang

    def compose(self) -> ComposeResult:
        from textual.widgets._select import SelectCurrent

        yield SelectCurrent(self.prompt)
        yield overlay_class(self.lang)(type_to_search=self._type_to_search).data_bind(
            compact=Select.compact)


class FilePickDialog(Dialog[str]):
    """Choose a file: browse folders (enter opens, enter on a file picks it) or type its
    path; returns the path."""

    KEYS = "file_pick"

    def __init__(self, lang: Lang, title: str, start: Path | None = None) -> None:
        super().__init__(lang, title)
        start = (start or Path.cwd()).expanduser()
        self.start = start if start.is_dir() else Path.cwd()

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog file-pick", can_focus=False):
            yield Static(Content(self.title_text), classes="dialog-title")
            yield Label(t("ui.file.hint", self.lang), classes="dialog-hint")
            yield Input(str(self.start), id="path")
            yield DirectoryTree(self.start, id="tree")
            yield Static("", id="file-error", classes="form-error")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#tree", DirectoryTree).focus()

    def on_directory_tree_file_selected(self, event: DirectoryTree.FileSelected) -> None:
        self.dismiss(str(event.path))

    def on_directory_tree_directory_selected(self, event: DirectoryTree.DirectorySelected
                                             ) -> None:
        self.query_one("#path", Input).value = str(event.path)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        path = Path(event.value.strip()).expanduser()
        if path.is_file():
            self.dismiss(str(path))
        elif path.is_dir():
            self.query_one("#tree", DirectoryTree).path = path
            self.query_one("#file-error", Static).update("")
        else:
            self.query_one("#file-error", Static).update(
                plain("✗ " + t("ui.form.no_file", self.lang, path=event.value.strip())))


def choose(lang: Lang, values: Sequence[str], group: str) -> list[tuple[str, str]]:
    """(value, name) pairs for a choice field of named ids (sectors, roles, colours)."""
    from core.i18n import name

    return [(v, name(group, v, lang)) for v in values]
