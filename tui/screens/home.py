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

#: The colour codes as the domain names them (绿 蓝 黄 红), in true colours: a terminal's
#: own "blue" is often drawn violet.
COLOUR_STYLE = {"green": "black on #2e9e44", "blue": "white on #1e6fd9",
                "yellow": "black on #f2c200", "red": "white on #d7263d"}

#: What an empty database's greeting names: (the app action, its key, what it does, the same
#: on the command line). The actions are the administration area's (``AnjianApp.
#: action_open_users``, ``action_import_roster``, ``action_new_enterprise``), bound to u, i
#: and n on the home screen; a key is named only while the app has its action.
FIRST_STEPS = (
    ("open_users", "u", "ui.welcome.users", "ui.welcome.cli_users"),
    ("import_roster", "i", "ui.welcome.roster", "ui.welcome.cli_roster"),
    ("new_enterprise", "n", "ui.welcome.enterprise", "ui.welcome.cli_enterprise"),
)


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
        from core.services import campaigns, roster, statistics

        ctx = self.ctx
        assert ctx is not None
        rows = campaigns.campaign_rows(ctx)
        attention = [f"#{r.campaign.id} {late.render(self.lang)}"
                     for r in rows for late in r.late]
        try:
            data: Statistics | str = statistics.stats(ctx)
        except AnjianError as exc:  # an enterprise user sees no city-wide statistics
            data = exc.render(self.lang)
        # the typical enterprises by name (the code where the name may not be read)
        names = roster.enterprise_names(ctx, sorted({r.campaign.target_uscc for r in rows}))
        self.app.call_from_thread(self.show_campaigns, rows, data, attention, names)

    def show_campaigns(self, rows: list[CampaignRow], data: Statistics | str,
                       attention: list[str], names: dict[str, str] | None = None) -> None:
        from tui.text import rate_text

        table = self.query_one("#campaigns", DataTable)
        keep = table.cursor_row
        table.clear()
        for row in rows:
            c = row.campaign
            stage = Text(self.tr(f"ui.stage.{c.stage}"))
            if row.late:  # the step is past its deadline: 逾期 and by how many days
                days = max(x.days for x in row.late)
                stage.append(" " + self.tr("ui.late_days", days=days), style="bold red")
            target = (names or {}).get(c.target_uscc, c.target_uscc)
            table.add_row(str(c.id), plain(name("sector", c.sector, self.lang)), stage,
                          plain(target), key=str(c.id))
        if table.row_count:
            table.move_cursor(row=min(keep, table.row_count - 1), animate=False)
        out = Text()
        if isinstance(data, str):
            out.append(visible(data))
            self.query_one("#summary", Static).update(out)
            table.focus()
            return
        empty = not rows and data.enterprises == 0
        # an empty database: the greeting takes the whole width, no empty table beside it
        self.query_one("#home-left").display = not empty
        if empty:
            self.query_one("#summary", Static).update(self.welcome())
            return
        out.append(self.tr("ui.colours") + "\n", style="bold")
        for n, (colour, count) in enumerate(data.colours.items()):
            # two badges a line: a colour and its count are never parted by a wrap
            out.append("\n" if n and n % 2 == 0 else "")
            out.append(f" {name('colour', colour, self.lang)} {count} ",
                       style=COLOUR_STYLE[colour])
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

    def welcome(self) -> Text:
        """What to do first on an empty database: the keys that do it here (while the app
        has them) and the same on the command line, and the demonstration database."""
        out = Text()
        out.append(self.tr("ui.welcome.title") + "\n", style="bold")
        for action, key, label, command in FIRST_STEPS:
            out.append(f"\n• {self.tr(label)}\n")
            if hasattr(self.app, f"action_{action}"):
                out.append("  " + self.tr("ui.welcome.key", name=key), style="bold")
                out.append("\n")
            out.append("  " + self.tr("ui.welcome.cli", command=self.tr(command)) + "\n",
                       style="italic")
        out.append(f"\n• {self.tr('ui.welcome.demo')}\n")
        out.append("  anjian demo\n", style="bold")
        out.append("\n" + self.tr("ui.welcome.palette") + "\n")
        return out

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
