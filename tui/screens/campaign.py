"""A campaign: the five steps as a stepper, what each guard still needs, its steps past their
deadline, the team, the inspections; advance with a key (a refusal says why), record why an
enterprise of the sector makes no self-inspection."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import DataTable, Footer, Header, Static

from core.i18n import AnjianError, Lang, name
from core.process.workflow import STAGES
from tui.dialogs import SHOWN
from tui.plain import plain, visible
from tui.screens.base import BaseScreen

if TYPE_CHECKING:
    from core.views.campaigns import CampaignView
    from core.views.inspections import StartForm


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
        if view.exemptions:
            g.append(visible(f"{self.tr('ui.exemptions')}: " + self.tr("ui.list_sep").join(
                self.tr("ui.exemption", uscc=x.enterprise_uscc,
                        reason=name("exemption.reason", x.reason, self.lang))
                for x in view.exemptions) + "\n"))
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

    def action_record_training(self) -> None:
        from tui.admin import record_training

        record_training(self.anjian, self.campaign_id)

    def action_add_member(self) -> None:
        from tui.admin import add_member

        add_member(self.anjian, self.campaign_id)

    def action_export(self) -> None:
        from core.services.exports import export_ledger

        ctx = self.ctx
        if ctx is None:
            return
        self.export(f"campaign-{self.campaign_id}", lambda path, progress: export_ledger(
            ctx, path, campaign=self.campaign_id, progress=progress)[1])

    # --- starting the on-site inspection: the site profile, then a repeat confirmed ------

    def action_start_onsite(self) -> None:
        """Ask whether a repeat is meant and what the packs need to know of the site (its
        categories, its kind) before the on-site inspection starts."""
        self.run_worker(self.load_start_form, thread=True, exclusive=True, group="write")

    def load_start_form(self) -> None:
        from core.services import inspections

        assert self.ctx is not None and self.view is not None
        try:
            form = inspections.start_form(self.ctx, campaign_id=self.campaign_id,
                                          enterprise=self.view.campaign.target_uscc)
        except AnjianError as exc:
            self.app.call_from_thread(self.anjian.fail, exc)
            return
        self.app.call_from_thread(self.confirm_repeat, form)

    def confirm_repeat(self, form: StartForm) -> None:
        """A second on-site inspection of the target starts only when confirmed."""
        if not form.earlier:
            self.ask_profile(form, again=False)
            return
        last = form.earlier[-1]
        self.confirm_again(form, {"id": last.id, "kind": last.kind, "by": last.started_by,
                                  "date": last.inspected_on.isoformat()},
                           lambda: self.ask_profile(form, again=True))

    def confirm_again(self, form: StartForm, earlier: dict[str, Any],
                      then: Callable[[], None]) -> None:
        from tui.dialogs import ConfirmDialog

        question = self.tr("ui.start_again", name=form.enterprise_name, **earlier)
        self.app.push_screen(ConfirmDialog(self.lang, question),
                             lambda yes: then() if yes else None)

    def ask_profile(self, form: StartForm, *, again: bool) -> None:
        from tui.dialogs import Profile, ProfileDialog

        def chosen(profile: Profile | None) -> None:
            if profile is not None:
                self.start(form, profile, again)

        if not form.questions:
            chosen({"categories": [], "tags": []})
            return
        title = self.tr("ui.profile_title", name=form.enterprise_name)
        self.app.push_screen(ProfileDialog(self.lang, title, form.questions), chosen)

    def start(self, form: StartForm, profile: dict[str, list[str]], again: bool) -> None:
        self.run_worker(lambda: self.start_onsite(form, profile, again), thread=True,
                        exclusive=True, group="write")

    def start_onsite(self, form: StartForm, profile: dict[str, list[str]],
                     again: bool) -> None:
        from core.services import inspections

        assert self.ctx is not None
        try:
            insp = inspections.start_inspection(self.ctx, campaign_id=self.campaign_id,
                                                enterprise=form.enterprise_uscc,
                                                categories=profile["categories"],
                                                tags=profile["tags"], again=again)
        except AnjianError as exc:
            if exc.key == "inspection.again" and not again:
                # Someone else started one since the form was read: ask, as for our own.
                earlier = {k: exc.params[k] for k in ("id", "kind", "by", "date")}
                self.app.call_from_thread(self.confirm_again, form, earlier,
                                          lambda: self.start(form, profile, True))
            else:
                self.app.call_from_thread(self.anjian.fail, exc)
            return
        self.app.call_from_thread(self.open_inspection, insp.id or 0)

    def action_exempt(self) -> None:
        """Record why an enterprise of the sector makes no self-inspection: pick it among
        those with neither a self-inspection nor a reason, pick the reason, add a note."""
        self.run_worker(self.pick_exempt, thread=True, exclusive=True, group="write")

    def pick_exempt(self) -> None:
        from core.services import campaigns

        assert self.ctx is not None
        try:
            count, missing = campaigns.missing_self_inspections(self.ctx, self.campaign_id,
                                                                limit=SHOWN)
        except AnjianError as exc:
            self.app.call_from_thread(self.anjian.fail, exc)
            return
        self.app.call_from_thread(self.ask_exempt, count, missing)

    def ask_exempt(self, count: int, missing: list[tuple[str, str]]) -> None:
        from core.process.workflow import EXEMPTION_REASONS
        from tui.dialogs import Choice, PickDialog, TextDialog

        if not missing:
            self.notify(self.tr("ui.exempt_none"))
            return
        names = dict(missing)

        def chose_enterprise(uscc: str | None) -> None:
            if uscc is None:
                return

            def chose_reason(reason: str | None) -> None:
                if reason is None:
                    return

                def wrote(note: str | None) -> None:
                    if note is not None:
                        self.run_worker(lambda: self.exempt(uscc, names[uscc], reason, note),
                                        thread=True, exclusive=True, group="write")

                self.app.push_screen(TextDialog(self.lang, self.tr("ui.exempt_note")), wrote)

            reasons = [Choice(r, name("exemption.reason", r, self.lang), (r,))
                       for r in EXEMPTION_REASONS]
            self.app.push_screen(PickDialog(self.lang, self.tr(
                "ui.exempt_reason", name=names[uscc]), reasons), chose_reason)

        choices = [Choice(uscc, f"{n}  {uscc}", (n, uscc)) for uscc, n in missing]
        self.app.push_screen(PickDialog(self.lang, self.tr("ui.exempt_pick", count=count),
                                        choices), chose_enterprise)

    def exempt(self, uscc: str, who: str, reason: str, note: str) -> None:
        from core.services import campaigns

        assert self.ctx is not None
        try:
            campaigns.exempt(self.ctx, self.campaign_id, enterprise=uscc, reason=reason,
                             note=note)
        except AnjianError as exc:
            self.app.call_from_thread(self.anjian.fail, exc)
        else:
            self.app.call_from_thread(self.anjian.notify, self.tr(
                "ui.exempted", name=who, reason=name("exemption.reason", reason, self.lang)))
        self.app.call_from_thread(self.reload)

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
