"""The roster: colour code, name, credit code, district, sector, open hazards; filters and an
incremental search by Chinese name, pinyin, initials or code."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import DataTable, Footer, Header, Input, Static

from core.i18n import AnjianError, Lang
from tui.screens.base import BaseScreen
from tui.screens.home import COLOUR_STYLE, COLOUR_ZH
from tui.search import SearchIndex

COLOURS = ("red", "yellow", "blue", "green")


class EnterprisesScreen(BaseScreen):
    KEYS = "enterprises"
    AUTO_FOCUS = "#roster"  # keys filter at once; "/" moves to the search field

    def __init__(self, lang: Lang) -> None:
        super().__init__(lang)
        self.rows: list[Any] = []
        self.index: SearchIndex[str] | None = None
        self.district: str | None = None
        self.sector: str | None = None
        self.colour: str | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder=self.tr("ui.search") + " (济南化工 / jnhg / 9137…)", id="search")
        yield Static("", id="filters")
        yield DataTable(id="roster", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#roster", DataTable).add_columns(
            self.tr("ui.col.colour"), self.tr("ui.col.name"), self.tr("ui.col.uscc"),
            self.tr("ui.col.district"), self.tr("ui.col.sector"), self.tr("ui.col.hazards"))

    def reload(self) -> None:
        self.load_in_worker(self._load)

    def _load(self) -> None:
        from core.services import roster

        assert self.ctx is not None
        rows = roster.enterprises(self.ctx)
        index = SearchIndex.build((r.enterprise.uscc, [r.enterprise.name, r.enterprise.uscc])
                                  for r in rows)
        self.app.call_from_thread(self._loaded, rows, index)

    def _loaded(self, rows: list[Any], index: SearchIndex[str]) -> None:
        self.rows, self.index = rows, index
        self.refresh_table()

    def shown_rows(self) -> list[Any]:
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
            mark = Text(f" {colour if self.lang == 'en' else COLOUR_ZH[colour]} ",
                        style=COLOUR_STYLE[colour])
            table.add_row(mark, e.name, e.uscc, e.district, e.sector,
                          f"{r.open_hazards}/{r.open_major}", key=e.uscc)
        all_ = self.tr("ui.all")
        self.query_one("#filters", Static).update(
            f"{self.tr('ui.filter_district')}: {self.district or all_}   "
            f"{self.tr('ui.filter_sector')}: {self.sector or all_}   "
            f"{self.tr('ui.filter_colour')}: {self.colour or all_}   ({table.row_count})")

    def on_input_changed(self, _event: Input.Changed) -> None:
        self.refresh_table()

    def on_input_submitted(self, _event: Input.Submitted) -> None:
        self.query_one("#roster", DataTable).focus()

    def action_focus_search(self) -> None:
        self.query_one("#search", Input).focus()

    def _cycle(self, current: str | None, values: list[str]) -> str | None:
        options: list[str | None] = [None, *sorted(set(values))]
        return options[(options.index(current) + 1) % len(options)]

    def action_cycle_district(self) -> None:
        self.district = self._cycle(self.district, [r.enterprise.district for r in self.rows])
        self.refresh_table()

    def action_cycle_sector(self) -> None:
        self.sector = self._cycle(self.sector, [r.enterprise.sector for r in self.rows])
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
        self.app.push_screen(EnterpriseScreen(self.lang, uscc))


class EnterpriseScreen(BaseScreen):
    """One enterprise: its inspections and hazards."""

    KEYS = "enterprise"

    def __init__(self, lang: Lang, uscc: str) -> None:
        super().__init__(lang)
        self.uscc = uscc

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(self.tr("ui.loading"), id="enterprise")
        yield Footer()

    def reload(self) -> None:
        self.load_in_worker(self._load)

    def _load(self) -> None:
        from core.services import roster

        assert self.ctx is not None
        try:
            d = roster.enterprise_detail(self.ctx, self.uscc)
        except AnjianError as exc:
            self.app.call_from_thread(self.anjian.fail, exc)
            return
        self.app.call_from_thread(self._show, d)

    def _show(self, d: dict[str, Any]) -> None:
        e, colour = d["enterprise"], d["colour"].value
        out = Text()
        out.append(f" {colour if self.lang == 'en' else COLOUR_ZH[colour]} ",
                   style=COLOUR_STYLE[colour])
        out.append(f" {e.name}\n", style="bold")
        out.append(f"{e.uscc}  {e.district}  {e.sector}\n{e.address}  {e.contact}\n\n")
        out.append(self.tr("ui.inspections") + "\n", style="bold underline")
        for i in d["inspections"]:
            verdict = i.determination.get("verdict", "")
            out.append(f"  #{i.id} {self.tr(f'ui.kind.{i.kind}')} {i.inspected_on} "
                       f"{self.tr(f'verdict.{verdict}') if verdict else ''}\n")
        out.append("\n" + self.tr("ui.ledger") + "\n", style="bold underline")
        for h in d["hazards"]:
            out.append(f"  #{h.id} {self.tr(f'ui.level.{h.level}')} {h.clause} "
                       f"{self.tr(f'hstatus.{h.status}')} {h.deadline or ''}\n",
                       style="red" if h.level == "major" and h.status != "closed" else "")
        self.query_one("#enterprise", Static).update(out)
