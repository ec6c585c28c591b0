"""The roster: colour code, name, open hazards, district, sector, credit code; filters and an
incremental search by Chinese name, pinyin, initials or code, read from the database a page at
a time (a city's roster is never all in memory)."""

from __future__ import annotations

from typing import Any

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Footer, Header, Input, Static

from core.i18n import Lang, name
from core.views.enterprises import RosterFilters, RosterRow
from tui.plain import plain
from tui.screens.home import COLOUR_STYLE
from tui.screens.paged import PagedScreen, PagedTable

COLOURS = ("red", "yellow", "blue", "green")


class EnterprisesScreen(PagedScreen):
    """Every enterprise of the roster, filtered and searched."""

    KEYS = "enterprises"
    TABLE = "#roster"
    AUTO_FOCUS = "#roster"  # keys filter at once; "/" moves to the search field

    def __init__(self, lang: Lang) -> None:
        super().__init__(lang)
        self.init_pages()
        self.district: str | None = None
        self.sector: str | None = None
        self.colour: str | None = None
        self.query_text = ""
        self.filters = RosterFilters(districts=(), sectors=())
        #: A search is being read; another keystroke came meanwhile.
        self.searching = False
        self.search_pending = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder=self.tr("ui.search_roster"), id="search")
        yield Static("", id="filters")
        yield PagedTable(id="roster", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        for label, width in self.columns():
            self.table.add_column(label, width=width)

    # --- the page -------------------------------------------------------------------------

    def reload(self) -> None:
        if not self.resuming:
            self.load_filters()
        super().reload()

    def resumed(self) -> None:
        self.load_filters()  # an import elsewhere may have added a district

    def load_filters(self) -> None:
        from core.services import roster

        ctx = self.ctx
        if ctx is None:
            return

        def load() -> None:
            from core.i18n import AnjianError

            try:
                filters = roster.roster_filters(ctx)
            except AnjianError:
                return  # the page's own read says why
            self.app.call_from_thread(setattr, self, "filters", filters)

        self.run_worker(load, thread=True, exclusive=True, group="filters")

    def fetch(self, **where: Any) -> Any:
        from core.services import roster

        assert self.ctx is not None
        return roster.roster_page(self.ctx, query=self.query_text, district=self.district,
                                  sector=self.sector, colour=self.colour, **where)

    def key_of(self, row: RosterRow) -> tuple[str, str, str]:
        return row.key

    def row_id(self, row: RosterRow) -> str:
        return row.enterprise.uscc

    def columns(self) -> list[tuple[str, int | None]]:
        # names before codes: the code last, where a narrow terminal may cut it; widths fixed,
        # so a page read later lines up with the first and nothing is measured again
        widths = [("colour", 6), ("name", 24), ("open_hazards", 0), ("district", 8),
                  ("sector", 10), ("uscc", 18)]
        out: list[tuple[str, int | None]] = []
        for key, width in widths:
            label = self.tr(f"ui.col.{key}")
            out.append((label, max(width, cell_len(label))))
        return out

    def cells(self, r: RosterRow) -> list[Any]:
        e, colour = r.enterprise, r.colour.value
        mark = Text(f" {name('colour', colour, self.lang)} ", style=COLOUR_STYLE[colour])
        return [mark, plain(e.name), f"{r.open_hazards}/{r.open_major}", plain(e.district),
                plain(name("sector", e.sector, self.lang)), plain(e.uscc)]

    def shown(self) -> None:
        every = self.tr("ui.all")
        sector = name("sector", self.sector, self.lang) if self.sector else every
        colour = name("colour", self.colour, self.lang) if self.colour else every
        self.query_one("#filters", Static).update(plain(
            f"{self.tr('ui.filter_district')}: {self.district or every}   "
            f"{self.tr('ui.filter_sector')}: {sector}   "
            f"{self.tr('ui.filter_colour')}: {colour}   "
            f"({self.tr('ui.count_of', n=self.count_text())})"))

    def count_text(self) -> str:
        if self.total is None:
            return "…"
        return f"{self.total}+" if self.total_at_least else str(self.total)

    # --- search and filters -----------------------------------------------------------------

    def on_input_changed(self, event: Input.Changed) -> None:
        """Each keystroke reads the search at once when no read is under way; while one is,
        only the newest text is read when it comes back (a burst of typing costs one read
        more, not one a key), and a page read for an older text is dropped."""
        if event.input.id != "search":
            return
        self.query_text = event.value
        self.generation += 1  # what is being read for the text before is no longer wanted
        if self.searching:
            self.search_pending = True
            return
        self.search()

    def search(self) -> None:
        self.searching, self.search_pending = True, False
        self.read(focus=None, first=True)

    def read_done(self) -> None:
        if self.searching:
            self.searching = False
            if self.search_pending:
                self.search()

    def on_input_submitted(self, _event: Input.Submitted) -> None:
        self.table.focus()

    def action_focus_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_back(self) -> None:
        """Esc: a search typed is cleared first; with none, back to the screen before."""
        field = self.query_one("#search", Input)
        if field.value:
            field.value = ""  # read as any change of the text is
            return
        self.app.pop_screen()

    @staticmethod
    def cycle(current: str | None, values: tuple[str, ...] | list[str]) -> str | None:
        options: list[str | None] = [None, *sorted(set(values))]
        if current not in options:
            return None
        return options[(options.index(current) + 1) % len(options)]

    def action_cycle_district(self) -> None:
        self.district = self.cycle(self.district, self.filters.districts)
        self.reload_page()

    def action_cycle_sector(self) -> None:
        self.sector = self.cycle(self.sector, self.filters.sectors)
        self.reload_page()

    def action_cycle_colour(self) -> None:
        options: list[str | None] = [None, *COLOURS]
        self.colour = options[(options.index(self.colour) + 1) % len(options)]
        self.reload_page()

    def reload_page(self) -> None:
        self.shown()
        self.read(focus=None, first=True)

    # --- opening an enterprise --------------------------------------------------------------

    def on_data_table_row_selected(self, event: PagedTable.RowSelected) -> None:
        if event.row_key.value is not None:
            self.open(event.row_key.value)

    def action_open_enterprise(self) -> None:
        key = self.current_id()
        if key is not None:
            self.open(key)

    def open(self, uscc: str) -> None:
        from tui.screens.enterprise import EnterpriseScreen

        self.app.push_screen(EnterpriseScreen(self.lang, uscc))
