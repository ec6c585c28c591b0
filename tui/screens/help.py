"""Every key of every screen and dialog, from the command table, searchable (by Chinese,
pinyin or initials). The search box leaves with Tab, ↓ or PgDn (into the table, which scrolls
to its last row), and Esc clears it before it leaves the screen."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import DataTable, Footer, Header, Input

from core.i18n import Lang, t
from tui.keys import APP, DIALOGS, GLOBAL, SCREENS, key_display
from tui.screens.base import BaseScreen
from tui.search import SearchIndex
from tui.widgets.search_input import SearchInput


def screen_label(screen: str, lang: Lang) -> str:
    """The name of a screen or dialog of the command table."""
    return t(f"ui.dialog.{screen}" if screen in DIALOGS else f"ui.{screen}", lang)


def key_rows(lang: Lang) -> list[tuple[str, str, str]]:
    """(where, key, what it does) for every command, the app-wide ones first."""
    everywhere = t("ui.everywhere", lang)
    rows = [(everywhere, key_display(c.key), t(c.label, lang)) for c in (*APP, *GLOBAL)
            if c.action != "quit_hint"]
    rows += [(screen_label(screen, lang), key_display(c.key), t(c.label, lang))
             for screen, commands in SCREENS.items() for c in commands]
    return rows


class HelpScreen(BaseScreen):
    """The keys, searchable."""

    KEYS = "help"
    AUTO_FOCUS = "#help-search"

    def compose(self) -> ComposeResult:
        yield Header()
        yield SearchInput(self.lang, placeholder=self.tr("ui.help_search"), id="help-search",
                          target="#keys")
        yield DataTable(id="keys", cursor_type="row")
        yield Footer()

    def on_mount(self) -> None:
        self.rows = key_rows(self.lang)
        self.index = SearchIndex.build((n, list(r)) for n, r in enumerate(self.rows))
        self.query_one("#keys", DataTable).add_columns(
            self.tr("ui.col.screen"), self.tr("ui.col.key"), self.tr("ui.col.action"))
        self.fill("")

    def fill(self, query: str) -> None:
        table = self.query_one("#keys", DataTable)
        table.clear()
        for n in self.index.find(query):
            table.add_row(*self.rows[n])

    def on_input_changed(self, event: Input.Changed) -> None:
        self.fill(event.value)
