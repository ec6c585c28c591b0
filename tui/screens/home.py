"""Home: the campaigns and where they stand, colour codes, overdue hazards, what is next."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Footer, Header, Static

from core.i18n import AnjianError, name
from tui.plain import plain, visible
from tui.screens.base import BaseScreen

if TYPE_CHECKING:
    from core.views.campaigns import CampaignRow
    from core.views.statistics import Statistics

COLOUR_STYLE = {"green": "black on green", "blue": "white on #1f6feb",  # 蓝 (ANSI blue: violet)
                "yellow": "black on yellow", "red": "white on red"}


class HomeScreen(BaseScreen):
    """The campaigns and where they stand; colour codes, overdue hazards, what needs doing."""

    KEYS = "home"

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="home"):
            with Vertical(id="home-left"):
                yield Static(self.tr("ui.campaigns"), classes="section-title")
                yield DataTable(id="campaigns", cursor_type="row", zebra_stripes=True)
            with Vertical(id="home-right"):
                yield Static(self.tr("ui.loading"), id="summary")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#campaigns", DataTable)
        table.add_columns(self.tr("ui.col.id"), self.tr("ui.col.sector"),
                          self.tr("ui.col.stage"), self.tr("ui.col.target"))

    def reload(self) -> None:
        self.load_in_worker(self.load)

    def load(self) -> None:
        from core.services import campaigns, statistics

        ctx = self.ctx
        assert ctx is not None
        rows = campaigns.campaign_rows(ctx)
        attention = [f"#{r.campaign.id} {late.render(self.lang)}"
                     for r in rows for late in r.late]
        try:
            data: Statistics | str = statistics.stats(ctx)
        except AnjianError as exc:  # an enterprise user sees no city-wide statistics
            data = exc.render(self.lang)
        self.app.call_from_thread(self.show_campaigns, rows, data, attention)

    def show_campaigns(self, rows: list[CampaignRow], data: Statistics | str,
                       attention: list[str]) -> None:
        from tui.text import rate_text

        table = self.query_one("#campaigns", DataTable)
        table.clear()
        for row in rows:
            c = row.campaign
            stage = Text(self.tr(f"ui.stage.{c.stage}"))
            if row.late:  # the step is past its deadline: 逾期 and by how many days
                days = max(x.days for x in row.late)
                stage.append(" " + self.tr("ui.late_days", days=days), style="bold red")
            table.add_row(str(c.id), plain(name("sector", c.sector, self.lang)), stage,
                          plain(c.target_uscc), key=str(c.id))
        out = Text()
        if isinstance(data, str):
            out.append(visible(data))
            self.query_one("#summary", Static).update(out)
            table.focus()
            return
        out.append(self.tr("ui.colours") + "\n", style="bold")
        for colour, n in data.colours.items():
            out.append(f" {name('colour', colour, self.lang)} {n} ", style=COLOUR_STYLE[colour])
            out.append(" ")
        out.append(f"\n\n{self.tr('ui.overdue')}: ", style="bold")
        out.append(str(data.overdue), style="bold red" if data.overdue else "")
        out.append(f"\n{self.tr('ui.rate')}: {rate_text(data.overall, self.lang)}\n",
                   style="bold")
        out.append(f"{self.tr('ui.rate.self')}: {rate_text(data.self_overall, self.lang)}\n")
        out.append(f"\n{self.tr('ui.attention')}\n", style="bold underline")
        for line in attention or [self.tr("ui.nothing")]:
            out.append(visible(f"• {line}\n"))
        self.query_one("#summary", Static).update(out)
        table.focus()

    def action_open_campaign(self) -> None:
        table = self.query_one("#campaigns", DataTable)
        if table.row_count == 0:
            return
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        if key is not None:
            self.open_campaign(int(key))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is not None:
            self.open_campaign(int(event.row_key.value))

    def open_campaign(self, campaign_id: int) -> None:
        from tui.screens.campaign import CampaignScreen

        self.app.push_screen(CampaignScreen(self.lang, campaign_id))
