"""The roster: colour code, name, credit code, district, sector, open hazards; filters and an
incremental search by Chinese name, pinyin, initials or code."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import DataTable, Footer, Header, Input, Static

from core.i18n import Lang, name
from core.views.enterprises import RosterRow
from tui.plain import plain
from tui.screens.base import BaseScreen
from tui.screens.home import COLOUR_STYLE
from tui.search import SearchIndex

COLOURS = ("red", "yellow", "blue", "green")


class EnterprisesScreen(BaseScreen):
    """Every enterprise of the roster, filtered and searched."""

    KEYS = "enterprises"
    AUTO_FOCUS = "#roster"  # keys filter at once; "/" moves to the search field

    def __init__(self, lang: Lang) -> None:
        super().__init__(lang)
        self.rows: list[RosterRow] = []
        self.index: SearchIndex[str] | None = None
        self.district: str | None = None
        self.sector: str | None = None
        self.colour: str | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder=self.tr("ui.search_roster"), id="search")
        yield Static("", id="filters")
        yield DataTable(id="roster", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#roster", DataTable).add_columns(
            self.tr("ui.col.colour"), self.tr("ui.col.name"), self.tr("ui.col.uscc"),
            self.tr("ui.col.district"), self.tr("ui.col.sector"), self.tr("ui.col.hazards"))

    def reload(self) -> None:
        self.load_in_worker(self.load)

    def load(self) -> None:
        from core.services import roster

        assert self.ctx is not None
        rows = roster.enterprises(self.ctx)
        index = SearchIndex.build((r.enterprise.uscc, [r.enterprise.name, r.enterprise.uscc])
                                  for r in rows)
        self.app.call_from_thread(self.loaded, rows, index)

    def loaded(self, rows: list[RosterRow], index: SearchIndex[str]) -> None:
        self.rows, self.index = rows, index
        self.refresh_table()

    def shown_rows(self) -> list[RosterRow]:
        query = self.query_one("#search", Input).value
        keep = set(self.index.find(query)) if self.index else set()
        return [r for r in self.rows if r.enterprise.uscc in keep
                and (self.district is None or r.enterprise.district == self.district)
                and (self.sector is None or r.enterprise.sector == self.sector)
                and (self.colour is None or r.colour.value == self.colour)]

    def refresh_table(self) -> None:
        table = self.query_one("#roster", DataTable)
        table.clear()
        for r in self.shown_rows():
            e, colour = r.enterprise, r.colour.value
            mark = Text(f" {name('colour', colour, self.lang)} ", style=COLOUR_STYLE[colour])
            table.add_row(mark, plain(e.name), plain(e.uscc), plain(e.district),
                          plain(name("sector", e.sector, self.lang)),
                          f"{r.open_hazards}/{r.open_major}", key=e.uscc)
        every = self.tr("ui.all")
        sector = name("sector", self.sector, self.lang) if self.sector else every
        colour = name("colour", self.colour, self.lang) if self.colour else every
        self.query_one("#filters", Static).update(plain(
            f"{self.tr('ui.filter_district')}: {self.district or every}   "
            f"{self.tr('ui.filter_sector')}: {sector}   "
            f"{self.tr('ui.filter_colour')}: {colour}   ({table.row_count})"))

    def on_input_changed(self, _event: Input.Changed) -> None:
        self.refresh_table()

    def on_input_submitted(self, _event: Input.Submitted) -> None:
        self.query_one("#roster", DataTable).focus()

    def action_focus_search(self) -> None:
        self.query_one("#search", Input).focus()

    @staticmethod
    def cycle(current: str | None, values: list[str]) -> str | None:
        options: list[str | None] = [None, *sorted(set(values))]
        return options[(options.index(current) + 1) % len(options)]

    def action_cycle_district(self) -> None:
        self.district = self.cycle(self.district, [r.enterprise.district for r in self.rows])
        self.refresh_table()

    def action_cycle_sector(self) -> None:
        self.sector = self.cycle(self.sector, [r.enterprise.sector for r in self.rows])
        self.refresh_table()

    def action_cycle_colour(self) -> None:
        options: list[str | None] = [None, *COLOURS]
        self.colour = options[(options.index(self.colour) + 1) % len(options)]
        self.refresh_table()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is not None:
            self.open(event.row_key.value)

    def action_open_enterprise(self) -> None:
        table = self.query_one("#roster", DataTable)
        if table.row_count:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
            if key is not None:
                self.open(key)

    def open(self, uscc: str) -> None:
        from tui.screens.enterprise import EnterpriseScreen

        self.app.push_screen(EnterpriseScreen(self.lang, uscc))
