"""A search box for any screen: Esc clears it first (a second Esc is the screen's: back), ↓ or
PgDn hand the keys to the list it searches, and Tab/shift+Tab leave it like any field."""

from __future__ import annotations

from typing import ClassVar

from textual.actions import SkipAction
from textual.binding import Binding, BindingType
from textual.widgets import Input


class SearchInput(Input):
    """An ``Input`` for searching. ``target`` is the id (``"#keys"``) of the list or table it
    searches: ↓ and PgDn move focus there (PgDn also pages it), so a screen of rows is read by
    keys alone. Esc with text in the box clears it (the list shows everything again) and
    stays; Esc in an empty box goes on to the screen's own Esc."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "clear_or_leave", show=False),
        Binding("down", "to_target", show=False),
        Binding("pagedown", "to_target('page_down')", show=False),
    ]

    def __init__(self, *, target: str | None = None, placeholder: str = "",
                 id: str | None = None, classes: str | None = None) -> None:
        super().__init__(placeholder=placeholder, id=id, classes=classes)
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
