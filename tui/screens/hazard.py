"""A hazard's own screen: the finding (enterprise by name, item, clause, pack, inspection), the
auditor's note and files, the plan, the deadline with every change, the requests for more time,
each rectification with its files (name, size, SHA-256), the verification and the hazard's
history. From it a lead verifies or rejects, an enterprise user submits the rectification with
files, and whoever may plans; each key is offered only to a role that may take it, and the
permission is asked before a form opens."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Footer, Header, Static

from core.i18n import Lang, name
from core.process.workflow import HAZARD_MOVES, PLAN_FIELDS
from core.views.hazards import HazardRecord
from tui.screens.base import BaseScreen
from tui.wrapped import Wrapped

#: The hazard's states in which each action is offered (the services decide the rest).
STATES: dict[str, frozenset[str]] = {
    "verify": frozenset(HAZARD_MOVES["accept"][0]),
    "submit": frozenset(HAZARD_MOVES["submit"][0]),
    "plan": frozenset(HAZARD_MOVES["plan"][0]),
    "set_deadline": frozenset({"open", "rectifying", "submitted"}),
    "request_extension": frozenset({"open", "rectifying"}),
    "decide_extension": frozenset({"open", "rectifying", "submitted"}),
}


class HazardScreen(BaseScreen):
    """One hazard in full, and verify, reject, submit and plan from it."""

    KEYS = "hazard"
    DEFAULT_CSS = """
    HazardScreen #hazard-head { height: auto; padding: 0 1; text-style: bold; }
    HazardScreen #hazard-body { height: 1fr; padding: 0 1; }
    HazardScreen .hazard-section { height: auto; margin-bottom: 1; }
    """

    def __init__(self, lang: Lang, hazard_id: int) -> None:
        super().__init__(lang)
        self.hazard_id = hazard_id
        #: The hazard as last loaded (None until it is).
        self.record: HazardRecord | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(self.tr("ui.hazard.loading"), id="hazard-head")
        yield VerticalScroll(id="hazard-body")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#hazard-body").focus()  # arrows and PgDn scroll the sections

    def reload(self) -> None:
        from core.services import hazards

        ctx, hazard_id = self.ctx, self.hazard_id
        if ctx is None:
            return

        def load() -> None:
            r = hazards.record(ctx, hazard_id)
            self.app.call_from_thread(self.show, r)

        self.load_in_worker(load)

    def show(self, r: HazardRecord) -> None:
        from tui.text import hazard_lines, hazard_sections

        self.record = r
        self.refresh_bindings()  # what is offered follows the hazard's state
        head = hazard_lines(r.detail, self.lang)[0]
        if r.enterprise_name:
            head += f" · {r.enterprise_name}"
        # Text, not markup: names, notes and plans are shown as typed
        self.query_one("#hazard-head", Static).update(Text(head))
        texts = [[(heading, "bold"), *(("  " + line, "") for line in lines)]
                 for heading, lines in hazard_sections(r, self.lang)]
        # the sections shown are updated in place (the scroll stays where it was)
        body = self.query_one("#hazard-body", VerticalScroll)
        have = list(body.query(Wrapped))
        for widget, text in zip(have, texts, strict=False):
            widget.update(text)
        for extra in have[len(texts):]:
            extra.remove()
        body.mount_all(Wrapped(text, classes="hazard-section") for text in texts[len(have):])

    # --- acting on it ----------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offered: what the user's role allows and the hazard's state admits (verify a
        submitted rectification, submit while rectifying, decide a pending request …), so
        the footer at 80 columns holds the keys that matter now."""
        offered = super().check_action(action, parameters)
        r = self.record
        if not offered or r is None or action not in STATES:
            return offered
        h = r.hazard
        if action == "decide_extension":
            return r.detail.pending is not None
        if action == "request_extension":
            return (h.status in STATES[action] and h.deadline is not None
                    and r.detail.pending is None)
        return h.status in STATES[action]

    def allowed(self, action: str) -> HazardRecord | None:
        """The hazard, when it is loaded and the user may ``action`` on it (else the refusal
        is shown and None returned): asked before a form opens."""
        r = self.record
        if r is None:
            return None
        h = r.hazard
        if not self.anjian.may(action, campaign=h.campaign_id, enterprise=h.enterprise_uscc):
            return None
        return r

    def done(self, message: str) -> Any:
        def after(result: Any) -> None:
            if result is not None:
                self.anjian.notify(message)
                self.reload()

        return after

    def action_verify(self, accept: bool) -> None:
        from core.services import hazards
        from tui.forms import FormDialogChecked, FormField

        r = self.allowed("hazard.verify")
        if r is None or self.ctx is None:
            return
        ctx, h = self.ctx, r.hazard
        title = f"{self.tr('ui.accept' if accept else 'ui.reject')} — " + self.tr(
            "ui.hazard.title", id=h.id)

        def submit(values: dict[str, Any]) -> Any:
            return hazards.verify(ctx, h.id, accept=accept, note=values["note"],
                                  expected_version=h.version)

        key = "ui.hazard.verified" if accept else "ui.hazard.rejected"
        self.app.push_screen(FormDialogChecked(
            self.lang, title, [FormField("note", self.tr("ui.hazard.note"), "multiline")],
            submit=submit), self.done(self.tr(key, id=h.id)))

    def action_submit(self) -> None:
        from core.services import hazards
        from tui.forms import FormDialogChecked, FormField

        r = self.allowed("hazard.submit")
        if r is None or self.ctx is None:
            return
        ctx, h = self.ctx, r.hazard

        def submit(values: dict[str, Any]) -> Any:
            from core.i18n import AnjianError

            files = list(dict.fromkeys(Path(v).expanduser() for v in
                                       (values["file"], values["file2"]) if v))
            if not values["evidence"] and not files:
                raise AnjianError("ui.hazard.need_something")
            return hazards.submit(ctx, h.id, evidence=values["evidence"], files=files,
                                  expected_version=h.version)

        fields = [FormField("evidence", self.tr("ui.hazard.evidence_text"), "multiline",
                            required=False, hint=self.tr("ui.hazard.evidence_hint")),
                  FormField("file", self.tr("ui.hazard.file"), "file", required=False),
                  FormField("file2", self.tr("ui.hazard.file2"), "file", required=False)]
        self.app.push_screen(FormDialogChecked(
            self.lang, f"{self.tr('ui.hazard.rectify')} — {self.tr('ui.hazard.title', id=h.id)}",
            fields, submit=submit), self.done(self.tr("ui.hazard.submitted", id=h.id)))

    def action_plan(self) -> None:
        from core.services import hazards
        from tui.forms import FormDialogChecked, FormField

        r = self.allowed("hazard.plan")
        if r is None or self.ctx is None:
            return
        ctx, h = self.ctx, r.hazard
        if h.deadline is None:  # the services refuse a plan before the team's deadline:
            from core.i18n import AnjianError  # said now, not after seven fields are filled

            self.anjian.fail(AnjianError("hazard.need_deadline"))
            return
        major = h.level == "major"
        # the deadline is the team's, and more time is asked for: neither is in the plan
        fields = [FormField("responsible", self.tr("ui.hazard.responsible"), value=h.responsible)]
        fields += [FormField(key, name("plan", key, self.lang), value=getattr(h, key),
                             required=major) for key in PLAN_FIELDS]

        def submit(values: dict[str, Any]) -> Any:
            parts = {k: values[k] for k in PLAN_FIELDS if values[k]}
            return hazards.plan(ctx, h.id, responsible=values["responsible"],
                                expected_version=h.version, **parts)

        self.app.push_screen(FormDialogChecked(
            self.lang, f"{self.tr('ui.plan')} — {self.tr('ui.hazard.title', id=h.id)}", fields,
            submit=submit, note=self.tr("ui.hazard.plan_major") if major else ""),
            self.done(self.tr("ui.hazard.planned", id=h.id)))

    def action_set_deadline(self) -> None:
        from core.services import hazards
        from tui.forms import FormDialogChecked, FormField

        r = self.allowed("hazard.deadline")
        if r is None or self.ctx is None:
            return
        ctx, h = self.ctx, r.hazard
        today = ctx.today

        def not_past(day: dt.date | None) -> str | None:
            return (self.tr("ui.hazard.before_today", today=today.isoformat())
                    if day is not None and day < today else None)

        def submit(values: dict[str, Any]) -> Any:
            return hazards.set_deadline(ctx, h.id, values["deadline"], reason=values["reason"],
                                        expected_version=h.version)

        fields = [FormField("deadline", self.tr("ui.hazard.deadline"), "date",
                            value=h.deadline or "", check=not_past),
                  FormField("reason", self.tr("ui.hazard.deadline_reason"),
                            required=h.deadline is not None)]
        self.app.push_screen(FormDialogChecked(
            self.lang, f"{self.tr('ui.set_deadline')} — {self.tr('ui.hazard.title', id=h.id)}",
            fields, submit=submit),
            self.done(self.tr("ui.hazard.deadline_set", id=h.id)))

    def action_request_extension(self) -> None:
        from core.services import hazards
        from tui.forms import FormDialogChecked, FormField

        r = self.allowed("hazard.extension")
        if r is None or self.ctx is None:
            return
        ctx, h = self.ctx, r.hazard
        current = h.deadline

        def later(day: dt.date | None) -> str | None:
            if day is not None and current is not None and day <= current:
                return self.tr("ui.hazard.not_later", date=current.isoformat())
            return None

        def submit(values: dict[str, Any]) -> Any:
            return hazards.request_extension(ctx, h.id, until=values["until"],
                                             reason=values["reason"],
                                             expected_version=h.version)

        fields = [FormField("until", self.tr("ui.hazard.until"), "date", check=later),
                  FormField("reason", self.tr("ui.hazard.extension_reason"), "multiline")]
        self.app.push_screen(FormDialogChecked(
            self.lang,
            f"{self.tr('ui.request_extension')} — {self.tr('ui.hazard.title', id=h.id)}",
            fields, submit=submit), self.done(self.tr("ui.hazard.extension_asked", id=h.id)))

    def action_decide_extension(self, grant: bool) -> None:
        from core.services import hazards
        from tui.forms import FormDialogChecked, FormField

        r = self.allowed("hazard.extension.decide")
        if r is None or self.ctx is None:
            return
        ctx, h = self.ctx, r.hazard

        def submit(values: dict[str, Any]) -> Any:
            return hazards.decide_extension(ctx, h.id, grant=grant, note=values["note"],
                                            expected_version=h.version)

        title = self.tr("ui.grant_extension" if grant else "ui.refuse_extension")
        self.app.push_screen(FormDialogChecked(
            self.lang, f"{title} — {self.tr('ui.hazard.title', id=h.id)}",
            [FormField("note", self.tr("ui.hazard.decision_note"), "multiline")],
            submit=submit), self.done(self.tr("ui.hazard.extension_decided", id=h.id)))
