"""Home: the campaigns and where they stand, colour codes, overdue hazards, what is next, the
follow-up reviews (复查) issued orders make due or overdue, and the waivers (豁免) ending soon
(their items are asked again after)."""

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
    from core.views.documents import ReviewDue
    from core.views.statistics import Statistics
    from core.views.waivers import WaiverView

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
        self.app.call_from_thread(self.show_campaigns, rows, data, attention, names,
                                  self.reviews(), self.waivers())

    #: The reviews the home screen lists (the rest are counted).
    REVIEWS_SHOWN = 5
    #: How many reviews are due or overdue in all, as last read.
    reviews_total = 0

    def reviews(self) -> list[ReviewDue]:
        """The first follow-up reviews (复查) issued orders make due or overdue, every
        campaign's the user may read, soonest (so overdue) first; how many there are in all is
        kept in ``reviews_total``."""
        from core.services import documents

        assert self.ctx is not None
        try:
            self.reviews_total = documents.reviews_passed(self.ctx)
            return documents.reviews_due(self.ctx, limit=self.REVIEWS_SHOWN)
        except AnjianError:
            return []

    #: The waivers ending soon the home screen lists (the rest are counted), and how many
    #: days ahead it looks.
    WAIVERS_SHOWN = 5
    WAIVER_DAYS = 30
    #: How many waivers end within that window in all, as last read.
    waivers_total = 0

    def waivers(self) -> list[WaiverView]:
        """The first waivers (豁免) running today that end within :attr:`WAIVER_DAYS`,
        soonest first (their items are asked again, unanswered, after); how many there are in
        all is kept in ``waivers_total``."""
        from core.services import waivers

        assert self.ctx is not None
        try:
            found, self.waivers_total = waivers.expiring(self.ctx, days=self.WAIVER_DAYS,
                                                         limit=self.WAIVERS_SHOWN)
        except AnjianError:
            return []
        return found

    def show_campaigns(self, rows: list[CampaignRow], data: Statistics | str,
                       attention: list[str], names: dict[str, str] | None = None,
                       reviews: list[ReviewDue] | None = None,
                       waivers: list[WaiverView] | None = None) -> None:
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
            self.append_reviews(out, reviews or [])
            self.append_waivers(out, waivers or [])
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
        self.append_reviews(out, reviews or [])
        self.append_waivers(out, waivers or [])
        self.query_one("#summary", Static).update(out)
        table.focus()

    def append_reviews(self, out: Text, reviews: list[ReviewDue]) -> None:
        """The reviews due, overdue first and marked, under their heading (none: nothing)."""
        from tui.documents import review_lines

        if not reviews:
            return
        out.append(f"\n{self.tr('ui.doc.reviews')}\n", style="bold underline")
        for line, style in review_lines(reviews, self.lang, most=self.REVIEWS_SHOWN,
                                        total=self.reviews_total):
            out.append(visible(line) + "\n", style=style)

    def append_waivers(self, out: Text, waivers: list[WaiverView]) -> None:
        """The waivers ending soon under their heading, soonest first, and how many more
        (none: nothing)."""
        if not waivers:
            return
        total = max(self.waivers_total, len(waivers))
        out.append("\n" + self.tr("ui.waiver.expiring", days=self.WAIVER_DAYS, count=total)
                   + "\n", style="bold underline")
        for w in waivers:
            line = self.tr("ui.waiver.line", id=w.id, name=w.enterprise_name or
                           w.enterprise_uscc,
                           # the item as the standard names it (its id where the pack is gone)
                           item=f"{w.standard} {w.clause}".strip() if w.clause else w.item_id,
                           until=w.valid_until.isoformat(), days=w.days_left or 0)
            out.append(visible(f"• {line}\n"), style="yellow" if (w.days_left or 0) <= 7
                       else "")
        if total > len(waivers):
            out.append(self.tr("ui.waiver.more", count=total - len(waivers)) + "\n",
                       style="italic")

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
