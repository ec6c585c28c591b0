"""Every key binding, searchable."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import DataTable, Footer, Header, Input

from tui.keys import GLOBAL, SCREENS
from tui.screens.base import BaseScreen
from tui.search import SearchIndex


class HelpScreen(BaseScreen):
    KEYS = "help"
    AUTO_FOCUS = "#help-search"

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder=self.tr("ui.search"), id="help-search")
        yield DataTable(id="keys", cursor_type="row")
        yield Footer()

    def on_mount(self) -> None:
        self.rows = [(self.tr(f"ui.{screen}") if screen in SCREENS and screen != "enterprise"
                      else screen, c.key, self.tr(c.label))
                     for screen, commands in [("home", GLOBAL), *SCREENS.items()]
                     for c in commands]
        self.index = SearchIndex.build((n, list(r)) for n, r in enumerate(self.rows))
        self.query_one("#keys", DataTable).add_columns(
            self.tr("ui.col.stage"), self.tr("ui.col.key"), self.tr("ui.col.action"))
        self.fill("")

    def fill(self, query: str) -> None:
        table = self.query_one("#keys", DataTable)
        table.clear()
        for n in self.index.find(query):
            table.add_row(*self.rows[n])

    def on_input_changed(self, event: Input.Changed) -> None:
        self.fill(event.value)
