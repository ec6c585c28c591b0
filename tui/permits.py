"""Work permit checks (作业票核查) in the terminal UI: from the inspection runner (``p``, or the
palette), a form asks for the ticket file; the check's breaches are shown in a dialog, which
records them on the inspection with ``y`` (each item answered noncompliant, noted with the
ticket) or closes with ``n``.

The same services as ``anjian permits check`` and ``anjian permits record``: a file that cannot
be read stays in the form with its reason; a refusal to record (the inspection does not run the
special-operations pack, its site does not name the operation, the user may not answer …) stays
in the dialog, nothing stored.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Footer, Static

from core.i18n import AnjianError, Lang, t
from tui.dialogs import Dialog
from tui.forms import FormDialogChecked, FormField
from tui.plain import visible
from tui.wrapped import Wrapped

if TYPE_CHECKING:
    from core.services.context import Context
    from core.services.permits import Recorded, TicketCheck
    from tui.screens.runner import RunnerScreen


def check_permit(runner: RunnerScreen) -> None:
    """Ask for a ticket file, check it, show what it breaks and offer to record it on the
    runner's inspection; the runner shows the answers as stored once they are."""
    from core.services import permits

    ctx, lang = runner.ctx, runner.lang
    if ctx is None or runner.state is None:
        return
    inspection = runner.inspection_id

    def submit(values: dict[str, Any]) -> TicketCheck:
        return permits.check_file(values["file"])

    def checked(result: TicketCheck | None) -> None:
        if result is not None:
            runner.app.push_screen(PermitDialog(lang, ctx, inspection, result,
                                                before=runner.flush), recorded)

    def recorded(done: Recorded | None) -> None:
        if done is None or not done.items:
            return
        runner.anjian.notify(visible(t("ui.permits.recorded", lang, count=len(done.items),
                                       number=done.number)), markup=False)
        runner.reload_stored(done.items[0].item)  # the answers as stored, on the first

    runner.app.push_screen(FormDialogChecked(
        lang, t("ui.permits.title", lang),
        [FormField("file", t("ui.permits.file", lang), "file")], submit=submit,
        note=t("ui.permits.note", lang)), checked)


class PermitDialog(Dialog["Recorded"]):
    """A ticket's check: each breach with its clause, the item it is a finding of, the
    requirement and what the ticket shows, then what could not be checked. ``y`` records the
    breaches on the inspection (offered only when there are any), ``n`` or Esc closes."""

    KEYS = "permit"
    DEFAULT_CSS = """
    PermitDialog #permit-text { height: 1fr; border-top: solid $primary; }
    """

    def __init__(self, lang: Lang, ctx: Context, inspection_id: int, checked: TicketCheck, *,
                 before: Any = None) -> None:
        super().__init__(lang, t("ui.dialog.permit", lang))
        self.ctx, self.inspection_id, self.checked = ctx, inspection_id, checked
        #: Called (off the UI thread) before recording: the runner's queued answers saved.
        self.before = before
        self.busy = False

    @property
    def breaches(self) -> int:
        return len(self.checked.assessment.breaches)

    def compose(self) -> ComposeResult:
        from tui.text import permit_lines

        with Vertical(classes="dialog permit"):
            yield Static(Content(self.title_text), classes="dialog-title")
            hint = (t("ui.permits.ask_record", self.lang, count=len(self.checked.assessment
                                                                   .items()),
                      number=self.checked.ticket.number) if self.breaches else "")
            yield Static(Content(visible(hint)), id="permit-hint", classes="dialog-hint")
            yield Static("", id="permit-refusal", classes="dialog-warning")
            with VerticalScroll(id="permit-text"):
                yield Wrapped([(visible(line), "") for line in permit_lines(self.checked,
                                                                            self.lang)],
                              id="permit-body")
        yield Footer()

    def on_mount(self) -> None:
        box = self.query_one(".permit").styles
        box.width = box.max_width = box.height = box.max_height = "100%"
        self.query_one("#permit-hint").display = bool(self.breaches)
        self.query_one("#permit-refusal").display = False
        self.query_one("#permit-text").focus()  # arrows and PgDn scroll the text

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Recording is offered only for a ticket that breaks something."""
        if action == "record":
            return bool(self.breaches)
        return True

    def action_record(self) -> None:
        if self.busy or not self.breaches:
            return
        self.busy = True
        self.recording()

    @work(thread=True, group="record")
    def recording(self) -> None:
        from core.services import permits

        try:
            if self.before is not None:
                self.before()
            done = permits.record(self.ctx, self.inspection_id, self.checked)
        except AnjianError as exc:  # refused: said here, nothing stored
            self.app.call_from_thread(self.refused, exc.render(self.lang))
            return
        self.app.call_from_thread(self.dismiss, done)

    def refused(self, why: str) -> None:
        self.busy = False
        box = self.query_one("#permit-refusal", Static)
        box.update(Content(visible(t("ui.permits.cannot_record", self.lang, why=why))))
        box.display = True
