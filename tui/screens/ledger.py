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
from textual.widgets import DataTable, Footer, Header, Static

from core.i18n import AnjianError, Lang, name
from core.process.workflow import PLAN_FIELDS
from core.views.hazards import HazardDetail
from tui.plain import plain
from tui.screens.base import BaseScreen


class LedgerScreen(BaseScreen):
    """The hazards, their deadlines and where each stands, the selected one in detail; set its
    deadline, plan, ask for more time and decide on it, submit, verify."""

    KEYS = "ledger"

    def __init__(self, lang: Lang, campaign: int | None = None) -> None:
        super().__init__(lang)
        self.campaign = campaign
        self.overdue_only = False
        self.rows: dict[int, Any] = {}
        #: The selected hazard as last loaded: its deadline's history and requests.
        self.detail: HazardDetail | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="ledger-title")
        yield DataTable(id="ledger", cursor_type="row", zebra_stripes=True)
        with VerticalScroll(id="hazard-pane"):
            yield Static("", id="hazard-detail")
        yield Footer()

    def reload(self) -> None:
        self.load_in_worker(self.load)

    def load(self) -> None:
        from core.services import hazards

        assert self.ctx is not None
        rows = hazards.ledger(self.ctx, overdue=self.overdue_only, campaign=self.campaign)
        self.app.call_from_thread(self.show_rows, rows)

    def show_rows(self, rows: list[Any]) -> None:
        table = self.query_one("#ledger", DataTable)
        keep = table.cursor_row
        self.rows = {}
        cells: list[tuple[str, list[Any]]] = []
        for r in rows:
            h = r.hazard
            self.rows[h.id] = r
            level = Text(name("ui.level", h.level, self.lang),
                         style="bold red" if h.level == "major" else "yellow")
            if r.days_left is None:
                left = Text("")
            elif r.overdue:
                left = Text(self.tr("ui.days_over", n=-r.days_left), style="bold red")
            else:
                left = Text(self.tr("ui.days_left", n=r.days_left),
                            style="yellow" if r.days_left <= 7 else "green")
            cells.append((str(h.id), [str(h.id), level, plain(h.clause),
                                      plain(h.enterprise_uscc), str(h.deadline or ""), left,
                                      plain(name("hstatus", h.status, self.lang))]))
        # Each column as wide as its widest cell, set when the rows are: left to the table's
        # own measuring, the widths could stay at the headers' and cut every cell when the
        # screen opened while the app was still starting.
        headers = [self.tr(f"ui.col.{k}") for k in ("id", "level", "clause", "enterprise",
                                                    "deadline", "left", "status")]
        widths = [max([cell_len(h)] + [cell_len(_text(c[n])) for _, c in cells])
                  for n, h in enumerate(headers)]
        table.clear(columns=True)
        for header, width in zip(headers, widths, strict=True):
            table.add_column(header, width=width)
        for key, row in cells:
            table.add_row(*row, key=key)
        if table.row_count:
            table.move_cursor(row=min(keep, table.row_count - 1))
        title = self.tr("ui.ledger") + (f" — {self.tr('ui.overdue_only')}"
                                        if self.overdue_only else "")
        self.query_one("#ledger-title", Static).update(plain(f"{title} ({len(rows)})"))
        table.focus()
        self.load_detail()

    def on_data_table_row_highlighted(self, _event: DataTable.RowHighlighted) -> None:
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
        table = self.query_one("#ledger", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self.rows.get(int(key)) if key is not None else None

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
        self.reload()

    def write(self, fn: Any) -> None:
        def run() -> None:
            try:
                fn()
            except AnjianError as exc:
                self.app.call_from_thread(self.anjian.fail, exc)
            else:
                self.app.call_from_thread(self.anjian.notify, self.tr("ui.saved"))
            self.app.call_from_thread(self.reload)

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


def _text(cell: Any) -> str:
    return cell.plain if isinstance(cell, Text) else str(cell)
