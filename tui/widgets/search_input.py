"""A search box for any screen: Esc clears it first (a second Esc is the screen's: back), ↓ or
PgDn hand the keys to the list it searches, and Tab/shift+Tab leave it like any field."""

from __future__ import annotations

from textual.actions import SkipAction
from textual.widgets import Input

from core.i18n import Lang
from tui.keys import Keyed


class SearchInput(Keyed, Input):
    """An ``Input`` for searching, its keys the command table's ``"search"`` entry in
    ``lang`` (shown in the footer while it has focus). ``target`` is the id (``"#keys"``) of
    the list or table it searches: ↓ and PgDn move focus there (PgDn also pages it), so a
    screen of rows is read by keys alone. Esc with text in the box clears it (the list shows
    everything again) and stays; Esc in an empty box goes on to the screen's own Esc.

        SearchInput(self.lang, target="#roster", placeholder=..., id="search")
    """

    KEYS = "search"

    def __init__(self, lang: Lang, *, target: str | None = None, placeholder: str = "",
                 id: str | None = None, classes: str | None = None) -> None:
        super().__init__(placeholder=placeholder, id=id, classes=classes)
        self.lang: Lang = lang
        self.target = target

    def action_clear_or_leave(self) -> None:
        if not self.value:
            raise SkipAction()  # the screen's Esc (back) runs
        self.value = ""

    def action_to_target(self, then: str = "") -> None:
        if self.target is None:
            raise SkipAction()
        found = self.screen.query(self.target)
        if not found:
            raise SkipAction()
        widget = found.first()
        widget.focus()
        if then:
            self.call_later(widget.run_action, then)
