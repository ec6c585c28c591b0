"""A campaign: the five steps as a stepper, what each guard still needs, its steps past their
deadline, the team, the follow-up reviews its orders make due or overdue, the inspections;
advance with a key (a refusal says why), record why an enterprise of the sector makes no
self-inspection, issue an enforcement document from an inspection, list the campaign's
documents."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import DataTable, Footer, Header, Static

from core.i18n import AnjianError, Lang, name
from core.process.workflow import INSPECTION_KIND, STAGES
from tui.dialogs import SHOWN
from tui.plain import plain, visible
from tui.screens.base import BaseScreen

if TYPE_CHECKING:
    from core.pack.profile import ProfileQuestion
    from core.views.campaigns import CampaignView
    from core.views.documents import ReviewDue
    from core.views.inspections import InspectionSummary, StartForm
    from tui.forms import FormField


class CampaignScreen(BaseScreen):
    """One campaign: its steps, its guards, its team and inspections."""

    KEYS = "campaign"

    def __init__(self, lang: Lang, campaign_id: int) -> None:
        super().__init__(lang)
        self.campaign_id = campaign_id
        self.view: CampaignView | None = None
        #: The inspection row the cursor stays on when the table is filled again (after
        #: returning from an inspection).
        self.keep_row: str | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="campaign"):
            yield Static("", id="stepper")
            yield Static(self.tr("ui.loading"), id="guards")
            yield Static(self.tr("ui.inspections"), classes="section-title")
            yield DataTable(id="inspections", cursor_type="row")
        yield Footer()

    def on_mount(self) -> None:
        # Widths fixed by what the columns can hold, so the header stands over its cells
        # however the rows arrive (grown by its rows alone, it was left narrower).
        from rich.cells import cell_len

        from core.services.inspections import KINDS

        table = self.query_one("#inspections", DataTable)
        kinds = [self.tr(f"ui.kind.{k}") for k in KINDS]
        for label, width in ((self.tr("ui.col.id"), 6),
                             (self.tr("ui.col.kind"), max(map(cell_len, kinds))),
                             (self.tr("ui.col.enterprise"), 24)):
            table.add_column(label, width=max(width, cell_len(label)))
        table.add_column(self.tr("ui.col.verdict"))

    def reload(self) -> None:
        self.load_in_worker(self.load)

    def load(self) -> None:
        from core.services import campaigns, roster

        assert self.ctx is not None
        view = campaigns.campaign_view(self.ctx, self.campaign_id)
        codes = {view.campaign.target_uscc, *(i.enterprise_uscc for i in view.inspections),
                 *(x.enterprise_uscc for x in view.exemptions)}
        names = roster.enterprise_names(self.ctx, sorted(codes))
        self.app.call_from_thread(self.show_view, view, names, self.reviews(),
                                  self.withdrawn(view))

    def withdrawn(self, view: CampaignView) -> set[int]:
        """The campaign's inspections under a standard withdrawn by their date (their
        verdicts are for reference only, and marked so)."""
        from core.services.packs import withdrawn_packs

        assert self.ctx is not None
        packs = [e.pack for e in (self.ctx.catalogue.get(p.pack_id) for p in view.packs)
                 if e is not None]
        return {i.id for i in view.inspections
                if withdrawn_packs(self.ctx.catalogue, packs, i.inspected_on)}

    def reviews(self) -> list[ReviewDue]:
        """The follow-up reviews (复查) this campaign's orders make due or overdue."""
        from core.services import documents

        assert self.ctx is not None
        try:
            return documents.reviews_due(self.ctx, campaign=self.campaign_id)
        except AnjianError:  # not the user's to read: the campaign is shown without them
            return []

    def show_view(self, view: CampaignView, names: dict[str, str] | None = None,
                  reviews: list[ReviewDue] | None = None,
                  withdrawn: set[int] | None = None) -> None:
        """The campaign, enterprises by name (their codes where no name may be read), the
        reviews its orders make due, and the inspections under a withdrawn standard
        (``withdrawn``) marked beside their verdicts."""
        from tui.documents import review_lines

        self.view = view
        names = names or {}
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
        g.append(visible(f"#{c.id} {name('sector', c.sector, self.lang)}  "
                         f"{names.get(c.target_uscc, '')} {c.target_uscc}\n"), style="bold")
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
                self.tr("ui.exemption", uscc=names.get(x.enterprise_uscc, x.enterprise_uscc),
                        reason=name("exemption.reason", x.reason, self.lang))
                for x in view.exemptions) + "\n"))
        if reviews:
            g.append(f"{self.tr('ui.doc.reviews')}:\n", style="bold")
            for line, style in review_lines(reviews, self.lang):
                g.append(visible(f"  {line}\n"), style=style)
        self.query_one("#guards", Static).update(g)
        table = self.query_one("#inspections", DataTable)
        keep = self.keep_row or self.cursor_row()
        self.keep_row = None
        table.clear()
        for i in view.inspections:
            shown = self.tr(f"verdict.{i.verdict.value}")
            if i.id in (withdrawn or ()):
                shown += self.tr("standing.marked", mark=self.tr("standing.withdrawn_mark"))
            table.add_row(str(i.id), self.tr(f"ui.kind.{i.kind}"),
                          plain(names.get(i.enterprise_uscc, i.enterprise_uscc)),
                          shown, key=str(i.id))
        if keep is not None and keep in {str(i.id) for i in view.inspections}:
            table.move_cursor(row=table.get_row_index(keep), animate=False)

    def cursor_row(self) -> str | None:
        """The key of the inspection row the cursor is on (None: no rows)."""
        table = self.query_one("#inspections", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return str(key) if key is not None else None

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

    # --- starting an inspection: its kind, enterprise, date and site profile in one form --

    def action_start_inspection(self) -> None:
        """The bureau's inspection (on-site, or follow-up in that step) of an enterprise of
        the campaign: kind, enterprise, date and the site profile its packs need."""
        view = self.view
        if view is None:
            return
        kind = INSPECTION_KIND.get(view.campaign.stage, "onsite")
        kind = "onsite" if kind == "self" else kind
        if self.anjian.may("inspection.start", campaign=self.campaign_id,
                           enterprise=view.campaign.target_uscc, kind=kind):
            self.run_worker(lambda: self.load_start(kind, None), thread=True, exclusive=True,
                            group="write")

    def action_start_self(self) -> None:
        """An enterprise user's self-inspection of their own enterprise."""
        if self.view is None:
            return
        self.run_worker(self.load_self, thread=True, exclusive=True, group="write")

    def load_self(self) -> None:
        from core.services.users import whoami

        assert self.ctx is not None
        me = whoami(self.ctx)
        own = me.enterprise if me is not None else None
        self.app.call_from_thread(self.may_self, own)

    def may_self(self, own: str | None) -> None:
        if self.anjian.may("inspection.start", campaign=self.campaign_id, enterprise=own,
                           kind="self"):
            assert own is not None or self.ctx is not None
            self.run_worker(lambda: self.load_start("self", own), thread=True, exclusive=True,
                            group="write")

    def load_start(self, kind: str, own: str | None) -> None:
        """Read what the form asks (the packs' questions, the enterprises to choose from,
        the earlier inspections of the kind) off the UI thread, then open it."""
        from core.i18n import AnjianError
        from core.services import campaigns, inspections, roster
        from core.services.packs import get_pack

        ctx, view = self.ctx, self.view
        assert ctx is not None and view is not None
        target = own or view.campaign.target_uscc
        try:
            form = inspections.start_form(ctx, campaign_id=self.campaign_id, enterprise=target,
                                          kind=kind)
            names = {form.enterprise_uscc: form.enterprise_name}
            if own is None:
                for i in view.inspections:
                    if i.enterprise_uscc not in names:
                        names[i.enterprise_uscc] = roster.enterprise_detail(
                            ctx, i.enterprise_uscc).enterprise.name
                _count, missing = campaigns.missing_self_inspections(ctx, self.campaign_id,
                                                                     limit=SHOWN)
                names.update({u: n for u, n in missing if u not in names})
            exceptions = [(x.id, f"{x.clause} {x.text_zh if self.lang == 'zh' else x.gloss_en}")
                          for p in view.packs
                          for x in get_pack(ctx.catalogue, p.pack_id).pack.exceptions]
        except AnjianError as exc:
            self.app.call_from_thread(self.anjian.fail, exc)
            return
        self.app.call_from_thread(self.confirm_repeat, form, names, exceptions)

    def confirm_repeat(self, form: StartForm, names: dict[str, str],
                       exceptions: list[tuple[str, str]]) -> None:
        """A second inspection of the same kind of an enterprise starts only when
        confirmed."""
        if not form.earlier:
            self.ask_start(form, names, exceptions, again=False)
            return
        last = form.earlier[-1]
        self.confirm_again(form, {"id": last.id, "kind": last.kind, "by": last.started_by,
                                  "date": last.inspected_on.isoformat()},
                           lambda: self.ask_start(form, names, exceptions, again=True))

    def confirm_again(self, form: StartForm, earlier: dict[str, Any],
                      then: Callable[[], None]) -> None:
        from tui.dialogs import ConfirmDialog

        question = self.tr("ui.start_again", name=form.enterprise_name, **earlier)
        self.app.push_screen(ConfirmDialog(self.lang, question),
                             lambda yes: then() if yes else None)

    def start_fields(self, form: StartForm, names: dict[str, str],
                     exceptions: list[tuple[str, str]]) -> list[FormField]:
        """Kind, enterprise, date, then each question of the packs' site profile."""
        from core.services.inspections import KINDS
        from tui.forms import FormField

        assert self.view is not None and self.ctx is not None
        stage = self.view.campaign.stage
        allowed = INSPECTION_KIND.get(stage)
        today = self.ctx.today

        def kind_check(kind: Any) -> str | None:
            if kind != allowed:
                return self.tr("ui.inspect.kind_stage", stage=name("ui.stage", stage, self.lang),
                               kind=self.tr(f"ui.kind_long.{allowed}") if allowed else "-")
            return None

        def date_check(on: Any) -> str | None:
            if on > today:
                return self.tr("ui.inspect.date_future", today=today.isoformat())
            return None

        kinds = [form.kind] if form.kind == "self" else [k for k in KINDS if k != "self"]
        fields = [
            FormField("kind", self.tr("ui.col.kind"), "choice", form.kind,
                      choices=[(k, self.tr(f"ui.kind_long.{k}")) for k in kinds],
                      check=kind_check),
            FormField("enterprise", self.tr("ui.col.enterprise"), "choice",
                      form.enterprise_uscc,
                      choices=[(u, f"{n}  {u}") for u, n in names.items()]),
            FormField("date", self.tr("ui.inspect.date"), "date", today, check=date_check),
        ]
        for n, q in enumerate(form.questions):
            fields.append(FormField(
                f"q{n}", q.title().render(self.lang), "choices",
                choices=[(c.id, c.name(self.lang)) for c in q.choices],
                check=self.question_check(q)))
        if exceptions:
            fields.append(FormField("exclusions", self.tr("ui.inspect.exclusions"), "choices",
                                    choices=exceptions, required=False))
        return fields

    def question_check(self, question: ProfileQuestion) -> Callable[[Any], str | None]:
        def check(chosen: Any) -> str | None:
            return None if question.answered(chosen) else self.tr("ui.inspect.choose_one")

        return check

    def ask_start(self, form: StartForm, names: dict[str, str],
                  exceptions: list[tuple[str, str]], *, again: bool) -> None:
        from core.services import inspections
        from core.services.packs import withdrawn_packs
        from tui.forms import Confirmation, FormDialogChecked

        ctx, view = self.ctx, self.view
        assert ctx is not None and view is not None
        packs = [e.pack for e in (ctx.catalogue.get(p.pack_id) for p in view.packs)
                 if e is not None]

        def submit(values: dict[str, Any]) -> InspectionSummary:
            profile: dict[str, list[str]] = {"categories": [], "tags": []}
            for n, q in enumerate(form.questions):
                profile[q.key] += [v for v in values[f"q{n}"] if v not in profile[q.key]]
            return inspections.start_inspection(
                ctx, campaign_id=self.campaign_id, enterprise=values["enterprise"],
                kind=values["kind"], categories=profile["categories"], tags=profile["tags"],
                exclusions=values.get("exclusions") or [], on=values["date"], again=again,
                withdrawn_ok=bool(values.get("confirmed")))

        def confirm(values: dict[str, Any]) -> Confirmation | None:
            """Under a standard withdrawn by the date chosen, only an explicit yes starts."""
            withdrawn = withdrawn_packs(ctx.catalogue, packs, values["date"])
            if not withdrawn:
                return None
            return Confirmation(self.tr("ui.start_withdrawn", **withdrawn[0].params()),
                                self.tr("ui.start_withdrawn_no"))

        def started(insp: InspectionSummary | None) -> None:
            if insp is not None:
                self.keep_row = str(insp.id)
                self.open_inspection(insp.id or 0)

        title = self.tr("ui.inspect.start_title", name=form.enterprise_name)
        self.app.push_screen(FormDialogChecked(
            self.lang, title, self.start_fields(form, names, exceptions), submit=submit,
            note=self.tr("ui.inspect.start_note"), confirm=confirm), started)

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

    # --- enforcement documents ----------------------------------------------------------

    def action_issue_document(self) -> None:
        """Issue a document (执法文书) from the inspection under the cursor."""
        from tui.documents import issue_document

        key = self.cursor_row()
        view = self.view
        if view is None:
            return
        inspection = next((i for i in view.inspections if str(i.id) == key), None)
        if key is None or inspection is None:
            self.anjian.notify(self.tr("ui.doc.no_inspection"), severity="warning")
            return
        self.keep_row = key
        name = self.query_one("#inspections", DataTable).get_row(key)[2]
        issue_document(self.anjian, inspection, str(name), then=self.reload)

    def action_open_documents(self) -> None:
        """The campaign's documents."""
        from tui.screens.documents import DocumentsScreen

        self.app.push_screen(DocumentsScreen(self.lang, campaign=self.campaign_id))

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

        self.keep_row = str(inspection_id)
        self.app.push_screen(RunnerScreen(self.lang, inspection_id))
