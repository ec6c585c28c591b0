"""The hazard ledger (隐患台账): level, clause, enterprise, deadline, days left or overdue,
status; plan, record evidence, verify or reject."""

from __future__ import annotations

import datetime as dt
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import DataTable, Footer, Header, Static

from core.i18n import AnjianError, Lang, name
from core.process.workflow import PLAN_FIELDS
from tui.plain import plain
from tui.screens.base import BaseScreen


class LedgerScreen(BaseScreen):
    """The hazards, their deadlines and where each stands; plan, submit, verify."""

    KEYS = "ledger"

    def __init__(self, lang: Lang, campaign: int | None = None) -> None:
        super().__init__(lang)
        self.campaign = campaign
        self.overdue_only = False
        self.rows: dict[int, Any] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="ledger-title")
        yield DataTable(id="ledger", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#ledger", DataTable).add_columns(
            self.tr("ui.col.id"), self.tr("ui.col.level"), self.tr("ui.col.clause"),
            self.tr("ui.col.enterprise"), self.tr("ui.col.deadline"), self.tr("ui.col.left"),
            self.tr("ui.col.status"))

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
        table.clear()
        self.rows = {}
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
            table.add_row(str(h.id), level, plain(h.clause), plain(h.enterprise_uscc),
                          str(h.deadline or ""), left,
                          plain(name("hstatus", h.status, self.lang)), key=str(h.id))
        if table.row_count:
            table.move_cursor(row=min(keep, table.row_count - 1))
        title = self.tr("ui.ledger") + (f" — {self.tr('ui.overdue_only')}"
                                        if self.overdue_only else "")
        self.query_one("#ledger-title", Static).update(plain(f"{title} ({len(rows)})"))
        table.focus()

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
        fields = [Field("deadline", self.tr("ui.deadline_prompt"), str(h.deadline or "")),
                  Field("responsible", self.tr("ui.responsible_prompt"), h.responsible)]
        if h.level == "major":
            # the six contents of a major hazard's plan (安全生产事故隐患排查治理暂行规定 第二十条)
            fields += [Field(key, name("plan", key, self.lang), getattr(h, key))
                       for key in PLAN_FIELDS]

        def done(values: dict[str, str] | None) -> None:
            if values is None:
                return
            try:
                deadline = dt.date.fromisoformat(values.pop("deadline").strip())
            except ValueError:
                self.anjian.notify(self.tr("ui.bad_date"), severity="error")
                return
            responsible = values.pop("responsible")
            self.plan(h.id, h.version, deadline, responsible, values)

        self.app.push_screen(FormDialog(self.lang, self.tr("ui.plan"), fields), done)

    def plan(self, hazard_id: int, version: int, deadline: dt.date, responsible: str,
             fields: dict[str, str]) -> None:
        from core.services import hazards

        assert self.ctx is not None
        ctx = self.ctx
        self.write(lambda: hazards.plan(ctx, hazard_id, deadline=deadline,
                                         responsible=responsible, expected_version=version,
                                         **{k: v for k, v in fields.items() if v.strip()}))

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
