"""The city's statistics, as ``anjian stats`` counts them: colour codes, 每千次检查发现重大事故
隐患 by month as a bar chart, by sector and district as tables with a bar beside each figure
(names of sectors and districts are Chinese: a plotting library's labels do not measure their
width), the self-inspections apart, hazards by level and status, overdue and recurring; and
the risk register's figures (安全风险分级) below them.

The chart widget (textual-plotext) is imported only when this screen opens; its title and axes
are written above and below it in Textual, where Chinese text is measured right."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Footer, Header, Static

from core.i18n import Lang, name, t
from tui.screens.base import BaseScreen
from tui.text import rate_figure, rate_text

if TYPE_CHECKING:
    from core.views.risk_statistics import GradeCounts, RiskStatistics
    from core.views.statistics import Rate, Statistics

#: Cells of the widest bar beside a rate in the tables.
BAR = 16


def bar(value: float | None, most: float) -> str:
    """A rate as a bar of block characters, the largest rate :data:`BAR` cells wide."""
    if not value or most <= 0:
        return ""
    eighths = round(BAR * 8 * value / most)
    return "█" * (eighths // 8) + ("", "▏", "▎", "▍", "▌", "▋", "▊", "▉")[eighths % 8]


class StatsScreen(BaseScreen):
    """Statistics by month (a chart), by sector and district (tables), hazards by status."""

    KEYS = "stats"
    DEFAULT_CSS = """
    StatsScreen #stats-body { height: 1fr; padding: 0 1; }
    StatsScreen #stats-summary { height: auto; margin-bottom: 1; }
    StatsScreen .stats-title { text-style: bold; height: auto; }
    StatsScreen .stats-hint { color: $text-muted; height: auto; margin-bottom: 1; }
    StatsScreen #stats-chart { height: 12; }
    StatsScreen DataTable { height: auto; max-height: 100%; margin-bottom: 1; }
    """

    def __init__(self, lang: Lang) -> None:
        super().__init__(lang)
        #: The figures as last loaded (None until they are).
        self.data: Statistics | None = None
        self.risk: RiskStatistics | None = None

    def compose(self) -> ComposeResult:
        from textual_plotext import PlotextPlot

        yield Header()
        with VerticalScroll(id="stats-body"):
            yield Static(self.tr("ui.stats.loading"), id="stats-summary")
            yield Static(self.tr("ui.stats.by_month"), classes="stats-title")
            yield PlotextPlot(id="stats-chart")
            yield Static(self.tr("ui.stats.axes"), id="stats-axes", classes="stats-hint")
            for key, title in (("sector", "by_sector"), ("district", "by_district"),
                               ("self", "self_by_sector")):
                yield Static(self.tr(f"ui.stats.{title}"), classes="stats-title")
                yield DataTable(id=f"stats-{key}", cursor_type="row", zebra_stripes=True)
            yield Static(self.tr("ui.stats.hazards"), classes="stats-title")
            yield DataTable(id="stats-hazards", cursor_type="row", zebra_stripes=True)
            yield Static(self.tr("ui.rate.definition"), classes="stats-hint")
            yield Static(self.tr("risk_stats.title"), classes="stats-title")
            yield Static(self.tr("ui.stats.loading"), id="stats-risk-summary")
            for key in ("district", "sector"):
                yield Static(self.tr(f"risk_stats.screen.by_{key}"), classes="stats-title")
                yield DataTable(id=f"stats-risk-{key}", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def reload(self) -> None:
        from core.services import risk_statistics, statistics

        ctx = self.ctx
        if ctx is None:
            return

        def load() -> None:
            data = statistics.stats(ctx)
            self.app.call_from_thread(self.show, data)
            risk = risk_statistics.risk_statistics(ctx)
            self.app.call_from_thread(self.show_risk, risk)

        self.load_in_worker(load)

    def show(self, data: Statistics) -> None:
        self.data = data
        self.query_one("#stats-summary", Static).update(summary(data, self.lang))
        self.chart(data.major_per_1000.get("period", ()))
        self.rates("#stats-sector", data.major_per_1000.get("sector", ()), "sector")
        self.rates("#stats-district", data.major_per_1000.get("district", ()), "district")
        self.rates("#stats-self", data.self_per_1000.get("sector", ()), "sector")
        table = self.query_one("#stats-hazards", DataTable)
        table.clear(columns=True)
        table.add_columns(*(self.tr(f"ui.stats.col.{k}") for k in ("level", "status", "count")))
        for c in data.hazards:
            table.add_row(name("ui.level", c.level, self.lang),
                          name("hstatus", c.status, self.lang), str(c.count))

    def show_risk(self, data: RiskStatistics) -> None:
        """The risk register's figures: a summary, then points by grade per district and
        per sector."""
        self.risk = data
        self.query_one("#stats-risk-summary", Static).update(risk_summary(data, self.lang))
        for kind, rows in (("district", data.by_district), ("sector", data.by_sector)):
            self.grade_table(f"#stats-risk-{kind}", rows, kind)

    def grade_table(self, selector: str, rows: tuple[GradeCounts, ...], kind: str) -> None:
        table = self.query_one(selector, DataTable)
        table.clear(columns=True)
        columns = list(rows[0].counts) if rows else []
        table.add_columns(self.tr(f"ui.stats.col.{kind}"),
                          *(name("risk_stats.grade", k, self.lang) for k in columns),
                          self.tr("risk_stats.col.total"))
        for r in rows:
            group = name("sector", r.group, self.lang) if kind == "sector" else r.group
            table.add_row(Text(group), *(str(r.counts[k]) for k in columns), str(r.total))

    def chart(self, months: tuple[Rate, ...]) -> None:
        from textual_plotext import PlotextPlot

        plot = self.query_one("#stats-chart", PlotextPlot)
        plt = plot.plt
        plt.clear_data()
        plt.clear_figure()
        axes = self.query_one("#stats-axes", Static)
        if not months:
            plot.display = False
            axes.update(self.tr("ui.stats.no_months"))
            return
        plot.display = True
        axes.update(self.tr("ui.stats.axes"))
        # only month labels (ASCII) and numbers go into the plot
        plt.bar([r.group for r in months], [r.per_1000 or 0 for r in months], width=0.4)
        # as many month labels as fit side by side (YYYY-MM and a gap), evenly spread
        step = -(-len(months) * 9 // max(plot.size.width or 70, 9))
        shown = range(0, len(months), max(step, 1))
        plt.xticks([n + 1 for n in shown], [months[n].group for n in shown])
        plot.refresh()

    def rates(self, selector: str, rows: tuple[Rate, ...], kind: str) -> None:
        table = self.query_one(selector, DataTable)
        table.clear(columns=True)
        table.add_columns(self.tr(f"ui.stats.col.{kind}"),
                          *(self.tr(f"ui.stats.col.{k}")
                            for k in ("inspections", "major", "rate", "bar")))
        most = max((r.per_1000 or 0 for r in rows), default=0)
        for r in rows:
            group = name("sector", r.group, self.lang) if kind == "sector" else r.group
            table.add_row(Text(group), str(r.inspections), str(r.major),
                          rate_figure(r, self.lang),
                          Text(bar(r.per_1000, most), style="red"))


def summary(data: Statistics, lang: Lang) -> Table:
    """The figures the command line prints first, as label and value (each value short
    enough to stay on its line at 80 columns): colour codes, the city's rates, overdue."""
    colours = " · ".join(f"{name('colour', k, lang)} {v}" for k, v in data.colours.items())
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold")
    grid.add_column()
    for label, value in (
            (t("ui.stats.row.enterprises", lang),
             t("ui.stats.enterprises", lang, count=data.enterprises, colours=colours)),
            (t("ui.rate", lang), rate_text(data.overall, lang)),
            (t("ui.rate.self", lang), rate_text(data.self_overall, lang)),
            (t("ui.stats.row.overdue", lang), str(data.overdue)),
            (t("ui.stats.row.recurred", lang), str(data.recurred_after_closing)),
            (t("ui.stats.row.found_again", lang),
             t("ui.stats.times", lang, count=data.found_again_open))):
        grid.add_row(Text(label), Text(value))
    return grid


def risk_summary(data: RiskStatistics, lang: Lang) -> Table:
    """The risk register's figures as label and value: points by grade, enterprises with
    重大/较大 risks, those with no risk point, points due for re-assessment, reports."""
    grades = " ".join(t("risk_stats.count", lang, grade=name("risk_stats.grade", k, lang),
                        count=n) for k, n in data.overall.counts.items())
    kinds = " ".join(t("risk_stats.count", lang, grade=name("risk_stats.report", k, lang),
                       count=n) for k, n in data.reports.items())
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="bold")
    grid.add_column()
    for label, value in (
            ("risk_stats.row.points", t("risk_stats.points", lang, total=data.overall.total,
                                        grades=grades)),
            ("risk_stats.row.graded", t("risk_stats.screen.graded", lang,
                                        major=data.enterprises_major,
                                        significant=data.enterprises_significant)),
            ("risk_stats.row.unfiled", t("risk_stats.screen.unfiled", lang,
                                         count=data.unfiled)),
            ("risk_stats.row.reassess", t("risk_stats.screen.reassess", lang,
                                          points=data.reassess_points,
                                          enterprises=data.reassess_enterprises)),
            ("risk_stats.row.reports", t("risk_stats.reports", lang, year=data.today.year,
                                         count=data.reports_year, kinds=kinds))):
        grid.add_row(Text(t(label, lang)), Text(value))
    return grid
