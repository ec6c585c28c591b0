"""A campaign: the five steps as a stepper, what each guard still needs, the team, the
inspections; advance with a key (a refusal says why)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import DataTable, Footer, Header, Static

from core.i18n import AnjianError, Lang, name
from core.process.workflow import STAGES
from tui.plain import plain, visible
from tui.screens.base import BaseScreen

if TYPE_CHECKING:
    from core.views.campaigns import CampaignView


class CampaignScreen(BaseScreen):
    """One campaign: its steps, its guards, its team and inspections."""

    KEYS = "campaign"

    def __init__(self, lang: Lang, campaign_id: int) -> None:
        super().__init__(lang)
        self.campaign_id = campaign_id
        self.view: CampaignView | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="campaign"):
            yield Static("", id="stepper")
            yield Static(self.tr("ui.loading"), id="guards")
            yield Static(self.tr("ui.inspections"), classes="section-title")
            yield DataTable(id="inspections", cursor_type="row")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#inspections", DataTable).add_columns(
            self.tr("ui.col.id"), self.tr("ui.col.kind"), self.tr("ui.col.enterprise"),
            self.tr("ui.col.verdict"))

    def reload(self) -> None:
        self.load_in_worker(self.load)

    def load(self) -> None:
        from core.services import campaigns

        assert self.ctx is not None
        view = campaigns.campaign_view(self.ctx, self.campaign_id)
        self.app.call_from_thread(self.show_view, view)

    def show_view(self, view: CampaignView) -> None:
        self.view = view
        c = view.campaign
        step = Text()
        current = STAGES.index(c.stage)
        for n, stage in enumerate(STAGES):
            style = ("bold reverse" if n == current else "green" if n < current else "dim")
            step.append(f" {n + 1}.{self.tr(f'ui.stage.{stage.value}')} ", style=style)
            if n < len(STAGES) - 1:
                step.append("→", style="dim")
        self.query_one("#stepper", Static).update(step)
        g = Text()
        g.append(visible(f"#{c.id} {name('sector', c.sector, self.lang)}  {c.target_uscc}\n"),
                 style="bold")
        g.append(visible(f"{self.tr('ui.team')}: " + self.tr("ui.list_sep").join(
            self.tr("ui.member", name=m.name, role=name("team", m.role, self.lang))
            for m in view.team) + "\n"))
        reasons = [r.render(self.lang) for r in view.refusals]
        if reasons:
            g.append(f"{self.tr('ui.blocked')}:\n", style="bold yellow")
            for r in reasons:
                g.append(visible(f"  • {r}\n"), style="yellow")
        else:
            g.append(self.tr("ui.ready") + "\n", style="green")
        for late in view.late:
            g.append(visible(f"  ! {late.render(self.lang)}\n"), style="bold red")
        self.query_one("#guards", Static).update(g)
        table = self.query_one("#inspections", DataTable)
        table.clear()
        for i in view.inspections:
            table.add_row(str(i.id), self.tr(f"ui.kind.{i.kind}"), plain(i.enterprise_uscc),
                          self.tr(f"verdict.{i.verdict.value}"), key=str(i.id))

    def action_advance(self) -> None:
        self.run_worker(self.advance, thread=True, exclusive=True, group="write")

    def advance(self) -> None:
        from core.services import campaigns

        assert self.ctx is not None
        try:
            c = campaigns.advance(self.ctx, self.campaign_id,
                                  expected_version=self.view.campaign.version if self.view
                                  else None)
        except AnjianError as exc:
            self.app.call_from_thread(self.anjian.fail, exc)
        else:
            self.app.call_from_thread(self.anjian.notify,
                                      self.tr("ui.advanced",
                                              stage=name("ui.stage", c.stage, self.lang)))
        self.app.call_from_thread(self.reload)

    def action_export(self) -> None:
        from core.services.exports import export_ledger

        ctx = self.ctx
        if ctx is None:
            return
        self.export(f"campaign-{self.campaign_id}", lambda path, progress: export_ledger(
            ctx, path, campaign=self.campaign_id, progress=progress)[1])

    def action_start_onsite(self) -> None:
        self.run_worker(self.start_onsite, thread=True, exclusive=True, group="write")

    def start_onsite(self) -> None:
        from core.services import inspections

        assert self.ctx is not None and self.view is not None
        try:
            insp = inspections.start_inspection(self.ctx, campaign_id=self.campaign_id,
                                                enterprise=self.view.campaign.target_uscc)
        except AnjianError as exc:
            self.app.call_from_thread(self.anjian.fail, exc)
            return
        self.app.call_from_thread(self.open_inspection, insp.id or 0)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is not None:
            self.open_inspection(int(event.row_key.value))

    def action_open_inspection(self) -> None:
        table = self.query_one("#inspections", DataTable)
        if table.row_count:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
            if key is not None:
                self.open_inspection(int(key))

    def open_inspection(self, inspection_id: int) -> None:
        from tui.screens.runner import RunnerScreen

        self.app.push_screen(RunnerScreen(self.lang, inspection_id))
