"""The audit and evidence checks, as ``anjian audit verify`` and ``anjian evidence verify`` run
them: the audit log's hash chain, every stored determination against its findings, the data
against the audit log, and every evidence file re-hashed — in a worker, one step after
another with the progress shown, the results in the command line's words (problems in red)."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Footer, Header, ProgressBar, Static

from core.i18n import AnjianError, Lang
from tui.screens.base import BaseScreen
from tui.wrapped import Wrapped

#: The checks in the order they run (catalogue ``ui.checks.step.<step>``).
STEPS = ("chain", "determinations", "state", "evidence")


class ChecksScreen(BaseScreen):
    """Runs the checks when opened (and again on ``r``) and shows what they found."""

    KEYS = "checks"
    DEFAULT_CSS = """
    ChecksScreen #checks-status { height: auto; padding: 0 1; text-style: bold; }
    ChecksScreen #checks-progress { height: 1; padding: 0 1; }
    ChecksScreen #checks-body { height: 1fr; padding: 0 1; }
    ChecksScreen .checks-title { text-style: bold; height: auto; margin-top: 1; }
    ChecksScreen .checks-lines { height: auto; }
    ChecksScreen .checks-row { height: auto; }
    ChecksScreen .checks-mark { width: 2; }
    ChecksScreen .checks-line { width: 1fr; }
    """

    def __init__(self, lang: Lang) -> None:
        super().__init__(lang)
        #: (line, is it a problem) of the audit check and the evidence check, when done.
        self.audit: list[tuple[str, bool]] = []
        self.evidence: list[tuple[str, bool]] = []
        self.running = False

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="checks-status")
        yield ProgressBar(total=len(STEPS), show_eta=False, id="checks-progress")
        with VerticalScroll(id="checks-body"):
            yield Static(self.tr("ui.checks.audit"), classes="checks-title")
            yield Vertical(id="checks-audit", classes="checks-lines")
            yield Static(self.tr("ui.checks.evidence"), classes="checks-title")
            yield Vertical(id="checks-evidence", classes="checks-lines")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#checks-body").focus()

    def reload(self) -> None:
        # returning to the screen does not run the checks again: r does
        if not self.audit and not self.running:
            self.action_run_checks()

    def action_run_checks(self) -> None:
        ctx = self.ctx
        if ctx is None or self.running:
            return
        self.running = True
        self.audit, self.evidence = [], []
        self.query_one("#checks-audit").remove_children()
        self.query_one("#checks-evidence").remove_children()
        self.query_one("#checks-progress", ProgressBar).update(progress=0)
        self.run_worker(lambda: self.run_checks(ctx), thread=True, exclusive=True,
                        group="checks")

    def run_checks(self, ctx: Any) -> None:
        """The steps, off the UI thread; each reports when it starts and what it found."""
        from core.services import audit_check, evidence, state_check
        from tui.text import chain_line, determination_lines, evidence_lines, state_lines

        def step(n: int) -> None:
            self.app.call_from_thread(self.started, n)

        try:
            step(0)
            count, broken = audit_check.chain_check(ctx)
            audit = [chain_line(count, broken, self.lang)]
            self.app.call_from_thread(self.found, audit, None)
            step(1)
            audit += determination_lines(audit_check.determination_check(ctx), self.lang)
            self.app.call_from_thread(self.found, audit, None)
            step(2)
            audit += state_lines(state_check.check(ctx), self.lang)
            self.app.call_from_thread(self.found, audit, None)
            step(3)
            files = evidence_lines(evidence.verify(ctx), self.lang)
            self.app.call_from_thread(self.found, audit, files)
        except AnjianError as exc:
            self.app.call_from_thread(self.failed, exc)
            return
        self.app.call_from_thread(self.finished)

    def started(self, n: int) -> None:
        self.query_one("#checks-progress", ProgressBar).update(progress=n)
        self.query_one("#checks-status", Static).update(
            Text(self.tr("ui.checks.running", step=self.tr(f"ui.checks.step.{STEPS[n]}"))))

    def found(self, audit: list[tuple[str, bool]],
              files: list[tuple[str, bool]] | None) -> None:
        box = self.query_one("#checks-audit")
        box.mount_all(lines(audit[len(self.audit):]))  # the lines found since last time
        self.audit = list(audit)
        if files is not None:
            self.evidence = list(files)
            self.query_one("#checks-evidence").mount_all(lines(files))

    def finished(self) -> None:
        self.running = False
        self.query_one("#checks-progress", ProgressBar).update(progress=len(STEPS))
        status = self.query_one("#checks-status", Static)
        if any(problem for _, problem in (*self.audit, *self.evidence)):
            status.update(Text(self.tr("ui.checks.done_bad"), style="bold red"))
        else:
            status.update(Text(self.tr("ui.checks.done_ok"), style="bold green"))

    def failed(self, exc: AnjianError) -> None:
        self.running = False
        self.query_one("#checks-status", Static).update(
            Text(exc.render(self.lang), style="bold red"))
        self.anjian.fail(exc)


def lines(found: list[tuple[str, bool]]) -> list[Widget]:
    """Lines of a check, each after its mark (✓, or ✗ in red for a problem) and wrapped
    beside it (as text, not markup: a path may hold brackets)."""
    rows: list[Widget] = []
    for line, problem in found:
        style = "red" if problem else ""
        rows.append(Horizontal(Static(Text("✗" if problem else "✓", style=style),
                                      classes="checks-mark"),
                               Wrapped([(line, style)], classes="checks-line"),
                               classes="checks-row"))
    return rows
