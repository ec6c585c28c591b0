"""The hazard ledger (隐患台账): level, clause, enterprise, deadline, days left or overdue,
status, and the selected hazard's detail (its plan, every change of its deadline, its requests
for more time); set a deadline, plan, ask for more time and grant or refuse it, record
evidence, verify or reject."""

from __future__ import annotations

import datetime as dt
from typing import Any

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Footer, Header, Static

from core.i18n import AnjianError, Lang, name
from core.process.workflow import PLAN_FIELDS, HazardStatus
from core.views.hazards import HazardDetail
from tui.plain import plain
from tui.screens.paged import PagedScreen, PagedTable

#: The enterprise name's column: ten Chinese characters, the rest cut with an ellipsis.
NAME_WIDTH = 20


class LedgerScreen(PagedScreen):
    """The hazards, their deadlines and where each stands, the selected one in detail; set its
    deadline, plan, ask for more time and decide on it, submit, verify. Read from the database
    a page at a time (a city's ledger is never all in memory)."""

    KEYS = "ledger"
    TABLE = "#ledger"

    def __init__(self, lang: Lang, campaign: int | None = None) -> None:
        super().__init__(lang)
        self.init_pages()
        self.campaign = campaign
        self.overdue_only = False
        #: The selected hazard as last loaded: its deadline's history and requests.
        self.detail: HazardDetail | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="ledger-title")
        yield PagedTable(id="ledger", cursor_type="row", zebra_stripes=True)
        with VerticalScroll(id="hazard-pane"):
            yield Static("", id="hazard-detail")
        yield Footer()

    def on_mount(self) -> None:
        for label, width in self.columns():
            self.table.add_column(label, width=width)

    def fetch(self, **where: Any) -> Any:
        from core.services import hazards

        assert self.ctx is not None
        return hazards.ledger_page(self.ctx, overdue=self.overdue_only, campaign=self.campaign,
                                   **where)

    def key_of(self, row: Any) -> int:
        return int(row.hazard.id)

    def row_id(self, row: Any) -> str:
        return str(row.hazard.id)

    def columns(self) -> list[tuple[str, int | None]]:
        """The key columns first (level, enterprise, deadline, days left, status: all seen at
        80 columns), then the id and the clause; widths fixed, so a page read later lines up
        with the first."""
        lang = self.lang
        level = max(cell_len(name("ui.level", k, lang)) for k in ("general", "major"))
        status = max(cell_len(name("hstatus", k.value, lang)) for k in HazardStatus)
        left = max(cell_len(self.tr("ui.days_over", n=999)), cell_len(self.tr("ui.days_left",
                                                                              n=999)))
        keys = [("level", level), ("enterprise_name", NAME_WIDTH), ("deadline", 10),
                ("left", left), ("status", status), ("id", 7), ("clause", 16)]
        out: list[tuple[str, int | None]] = []
        for key, width in keys:
            label = self.tr(f"ui.col.{key}")
            out.append((label, None if width is None else max(width, cell_len(label))))
        return out

    def cells(self, r: Any) -> list[Any]:
        h = r.hazard
        level = Text(name("ui.level", h.level, self.lang),
                     style="bold red" if h.level == "major" else "yellow")
        if r.days_left is None:
            left = Text("")
        elif r.overdue:
            left = Text(self.tr("ui.days_over", n=-r.days_left), style="bold red")
        else:
            left = Text(self.tr("ui.days_left", n=r.days_left),
                        style="yellow" if r.days_left <= 7 else "green")
        # the name, cut to its column with an ellipsis; the code where no name was read
        enterprise = plain(r.enterprise_name or h.enterprise_uscc)
        enterprise.no_wrap, enterprise.overflow = True, "ellipsis"
        return [level, enterprise, str(h.deadline or ""), left,
                plain(name("hstatus", h.status, self.lang)), str(h.id), plain(h.clause)]

    def shown(self) -> None:
        title = self.tr("ui.ledger") + (f" — {self.tr('ui.overdue_only')}"
                                        if self.overdue_only else "")
        count = self.tr("ui.count_hazards", n=self.total if self.total is not None else "…")
        self.query_one("#ledger-title", Static).update(plain(f"{title} ({count})"))
        if self.focused is None:
            self.table.focus()
        self.load_detail()

    def highlighted(self) -> None:
        self.load_detail()

    def load_detail(self) -> None:
        """Load the selected hazard's detail off the UI thread (the newest selection wins)."""
        from core.services import hazards

        row, ctx = self.current(), self.ctx
        if row is None or ctx is None:
            self.show_detail(None)
            return
        hazard_id = row.hazard.id

        def load() -> None:
            try:
                detail = hazards.detail(ctx, hazard_id)
            except AnjianError as exc:
                self.app.call_from_thread(self.anjian.fail, exc)
                return
            self.app.call_from_thread(self.show_detail, detail)

        self.run_worker(load, thread=True, exclusive=True, group="detail")

    def show_detail(self, detail: HazardDetail | None) -> None:
        from tui.text import hazard_lines

        row = self.current()
        if detail is not None and (row is None or row.hazard.id != detail.hazard.id):
            return  # loaded for a row the cursor has since left
        self.detail = detail
        # a Text, not markup: free text (a reason, a plan) is shown as typed
        self.query_one("#hazard-detail", Static).update(
            Text("\n".join(hazard_lines(detail, self.lang))) if detail else Text(""))

    def current(self) -> Any:
        return self.current_row()

    def on_data_table_row_selected(self, _event: PagedTable.RowSelected) -> None:
        self.action_open_hazard()

    def action_open_hazard(self) -> None:
        """Enter: the hazard in full, on its own screen (where the app has one)."""
        row = self.current()
        open_hazard = getattr(self.anjian, "open_hazard", None)
        if row is not None and open_hazard is not None:
            open_hazard(row.hazard.id)

    def action_export(self) -> None:
        from core.services.exports import export_ledger

        ctx = self.ctx
        if ctx is None:
            return
        self.export("ledger", lambda path, progress: export_ledger(
            ctx, path, campaign=self.campaign, overdue=self.overdue_only,
            progress=progress)[1])

    def action_toggle_overdue(self) -> None:
        self.overdue_only = not self.overdue_only
        self.read(focus=self.current_id(), first=True)

    def write(self, fn: Any) -> None:
        def run() -> None:
            try:
                fn()
            except AnjianError as exc:
                self.app.call_from_thread(self.anjian.fail, exc)
            else:
                self.app.call_from_thread(self.anjian.notify, self.tr("ui.saved"))
            self.app.call_from_thread(self.refresh_window)  # the rows shown, read again

        self.run_worker(run, thread=True, exclusive=True, group="write")

    def action_plan(self) -> None:
        from tui.dialogs import Field, FormDialog

        row = self.current()
        if row is None:
            return
        h = row.hazard
        # no deadline here: it is the team's (d), and more time is asked for (e)
        fields = [Field("responsible", self.tr("ui.responsible_prompt"), h.responsible)]
        if h.level == "major":
            # the six contents of a major hazard's plan (安全生产事故隐患排查治理暂行规定 第二十条)
            fields += [Field(key, name("plan", key, self.lang), getattr(h, key))
                       for key in PLAN_FIELDS]

        def done(values: dict[str, str] | None) -> None:
            if values is None:
                return
            responsible = values.pop("responsible")
            self.plan(h.id, h.version, responsible, values)

        self.app.push_screen(FormDialog(self.lang, self.tr("ui.plan"), fields), done)

    def plan(self, hazard_id: int, version: int, responsible: str,
             fields: dict[str, str]) -> None:
        from core.services import hazards

        assert self.ctx is not None
        ctx = self.ctx
        parts: dict[str, Any] = {k: v for k, v in fields.items() if v.strip()}
        self.write(lambda: hazards.plan(ctx, hazard_id, responsible=responsible,
                                         expected_version=version, **parts))

    def parse_day(self, raw: str) -> dt.date | None:
        """A date typed as YYYY-MM-DD, or None (and a notification saying how to write it)."""
        try:
            return dt.date.fromisoformat(raw.strip())
        except ValueError:
            self.anjian.notify(self.tr("ui.bad_date"), severity="error")
            return None

    def action_set_deadline(self) -> None:
        from tui.dialogs import Field, FormDialog

        row = self.current()
        if row is None:
            return
        h = row.hazard
        fields = [Field("deadline", self.tr("ui.deadline_prompt"), str(h.deadline or "")),
                  Field("reason", self.tr("ui.deadline_reason"))]

        def done(values: dict[str, str] | None) -> None:
            if values is None:
                return
            day = self.parse_day(values["deadline"])
            if day is not None:
                self.set_deadline(h.id, h.version, day, values["reason"])

        title = self.tr("ui.deadline_title", id=h.id)
        self.app.push_screen(FormDialog(self.lang, title, fields), done)

    def set_deadline(self, hazard_id: int, version: int, day: dt.date, reason: str) -> None:
        from core.services import hazards

        assert self.ctx is not None
        ctx = self.ctx
        self.write(lambda: hazards.set_deadline(ctx, hazard_id, day, reason=reason,
                                                 expected_version=version))

    def action_request_extension(self) -> None:
        from tui.dialogs import Field, FormDialog

        row = self.current()
        if row is None:
            return
        h = row.hazard
        fields = [Field("until", self.tr("ui.extension_until")),
                  Field("reason", self.tr("ui.extension_reason"))]

        def done(values: dict[str, str] | None) -> None:
            if values is None:
                return
            day = self.parse_day(values["until"])
            if day is not None:
                self.request_extension(h.id, h.version, day, values["reason"])

        title = self.tr("ui.extension_title", id=h.id, deadline=str(h.deadline or "—"))
        self.app.push_screen(FormDialog(self.lang, title, fields), done)

    def request_extension(self, hazard_id: int, version: int, until: dt.date,
                          reason: str) -> None:
        from core.services import hazards

        assert self.ctx is not None
        ctx = self.ctx
        self.write(lambda: hazards.request_extension(ctx, hazard_id, until=until, reason=reason,
                                                      expected_version=version))

    def action_decide_extension(self, grant: bool) -> None:
        from tui.dialogs import TextDialog

        row, detail = self.current(), self.detail
        if row is None:
            return
        h = row.hazard
        pending = detail.pending if detail is not None and detail.hazard.id == h.id else None
        if pending is None:
            self.anjian.notify(self.tr("extension.none_pending"), severity="warning")
            return

        def done(text: str | None) -> None:
            if text is not None:
                self.decide_extension(h.id, h.version, grant, text)

        title = self.tr("ui.grant_title" if grant else "ui.refuse_title",
                        until=pending.until.isoformat())
        self.app.push_screen(TextDialog(self.lang, title), done)

    def decide_extension(self, hazard_id: int, version: int, grant: bool, note: str) -> None:
        from core.services import hazards

        assert self.ctx is not None
        ctx = self.ctx
        self.write(lambda: hazards.decide_extension(ctx, hazard_id, grant=grant, note=note,
                                                     expected_version=version))

    def action_submit(self) -> None:
        from tui.dialogs import TextDialog

        row = self.current()
        if row is None:
            return
        h = row.hazard

        def done(text: str | None) -> None:
            if text is not None:
                self.submit(h.id, h.version, text)

        self.app.push_screen(TextDialog(self.lang, self.tr("ui.evidence_prompt")), done)

    def submit(self, hazard_id: int, version: int, evidence: str) -> None:
        from core.services import hazards

        assert self.ctx is not None
        ctx = self.ctx
        self.write(lambda: hazards.submit(ctx, hazard_id, evidence=evidence,
                                           expected_version=version))

    def action_verify(self, accept: bool) -> None:
        from tui.dialogs import TextDialog

        row = self.current()
        if row is None:
            return
        h = row.hazard

        def done(text: str | None) -> None:
            if text is not None:
                self.verify(h.id, h.version, accept, text)

        title = self.tr("ui.accept" if accept else "ui.reject")
        self.app.push_screen(TextDialog(self.lang, title), done)

    def verify(self, hazard_id: int, version: int, accept: bool, note: str) -> None:
        from core.services import hazards

        assert self.ctx is not None
        ctx = self.ctx
        self.write(lambda: hazards.verify(ctx, hazard_id, accept=accept, note=note,
                                           expected_version=version))

