"""The inspection runner: items on the left, the current item in the middle, the live
determination on the right. Single keys answer and move; every answer is saved at once, in
order, by a background thread, while the screen evaluates the checklist itself with the
engine, so keys never wait for the database."""

from __future__ import annotations

import gc
import queue
import threading
import time
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Footer, Header, Static

from core.engine import evaluate_together, rule_counts
from core.engine.determination import Verdict, overall
from core.engine.findings import Status
from core.i18n import AnjianError, Lang
from core.views.checklist import Checklist, ChecklistEntry, answers_of
from core.views.evidence import StoredFile
from core.views.inspections import Answered
from tui.plain import visible
from tui.screens.base import BaseScreen
from tui.widgets.answer_forms import detail_form
from tui.widgets.item_list import ItemList
from tui.widgets.item_pane import ItemPane
from tui.widgets.verdict_pane import AnswerProgress, PackVerdict, VerdictPane

if TYPE_CHECKING:
    from core.services.packs import PackStanding


@dataclass(frozen=True, slots=True)
class Save:
    """A change to save: what (answer, clear, note or skip), the item, its status, note and
    whether it was corrected on site; with an answer its sub-check answers and values
    (``detail``) and files to attach, with a skip its reason."""

    op: str
    item: str
    status: str | None
    note: str
    corrected: bool
    detail: dict[str, Any] = field(default_factory=dict)
    reason: str = ""
    files: tuple[str, ...] = ()


@dataclass
class RunnerState:
    """What the runner shows, held locally: the checklist as loaded and its entries as
    answered since (an answer replaces its entry)."""

    checklist: Checklist
    rows: list[ChecklistEntry]

    def __post_init__(self) -> None:
        self.index = {r.item.id: n for n, r in enumerate(self.rows)}


def derive_or_none(row: ChecklistEntry) -> Status | None:
    """The status an entry's sub-check answers and values give (None: none, or they
    contradict each other)."""
    from core.engine.findings import Finding, derive_status

    try:
        return derive_status(row.item, Finding(item=row.item.id, **row.detail))
    except (AnjianError, ValueError):
        return None


class RunnerScreen(BaseScreen):
    """Step through a checklist at keyboard speed."""

    KEYS = "runner"

    def __init__(self, lang: Lang, inspection_id: int) -> None:
        super().__init__(lang)
        self.inspection_id = inspection_id
        self.state: RunnerState | None = None
        self.cursor = 0
        #: The overall verdict of the answers on screen.
        self.verdict = Verdict.incomplete
        self.saves: queue.Queue[Save | None] = queue.Queue()
        self.saver: threading.Thread | None = None
        #: The version of each item's stored finding as this screen last knew it (0: none):
        #: every save names it, so a change made meanwhile elsewhere is never overwritten.
        #: Read and written by the saver thread only, once loaded.
        self.versions: dict[str, int] = {}
        #: Items whose save was refused: their later saves wait for the reload.
        self.refused: set[str] = set()
        #: Where the cursor stays when the checklist is shown again after a refusal.
        self.keep_cursor: int | None = None
        #: Key-to-repaint times of recent answers, in nanoseconds (for the latency benchmark).
        self.latencies_ns: deque[int] = deque(maxlen=1000)
        #: The evidence files of each answered item, as stored.
        self.files: dict[str, list[StoredFile]] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        # shown only for an inspection under a standard withdrawn by its date
        yield Static("", id="standing-banner")
        with Horizontal(id="runner"):
            yield ItemList(self.lang, id="items")
            yield ItemPane(self.lang, id="item")
            yield VerdictPane(self.lang, id="verdict")
        yield AnswerProgress(self.lang, id="progress")
        yield Footer()

    # --- loading -------------------------------------------------------------------------

    def reload(self) -> None:
        if self.state is None:
            self.load_in_worker(self.load)

    def load(self) -> None:
        from core.services.checklist import checklist
        from core.services.evidence import of_inspection
        from core.services.packs import withdrawn_packs

        assert self.ctx is not None
        try:
            loaded = checklist(self.ctx, self.inspection_id)
            kept = of_inspection(self.ctx, self.inspection_id)
        except AnjianError as exc:  # nothing may be answered: say why, where items would be
            self.app.call_from_thread(self.show_refusal, exc)
            return
        withdrawn = withdrawn_packs(self.ctx.catalogue, loaded.packs, loaded.inspected_on)
        self.app.call_from_thread(self.show_standing, withdrawn)
        files: dict[str, list[StoredFile]] = {}
        for f in kept.files:
            if f.item_id is not None:
                files.setdefault(f.item_id, []).append(
                    StoredFile(name=f.name, size=f.size, sha256=f.sha256))
        self.app.call_from_thread(self.show_checklist, loaded, files)

    def show_standing(self, withdrawn: Sequence[PackStanding]) -> None:
        """The banner over an inspection whose standard was withdrawn by its date: the mark
        (依据已废止标准，仅供参考), what replaced the standard, when, and whether that is
        installed; hidden for one in force."""
        banner = self.query_one("#standing-banner", Static)
        text = Text()
        for n, st in enumerate(withdrawn):
            text.append(("\n" if n else "") + visible(st.banner().render(self.lang)))
        banner.update(text)
        banner.display = bool(withdrawn)

    def show_refusal(self, exc: AnjianError) -> None:
        """The checklist is refused (who may read it, or pack content that is no longer what
        the inspection recorded): the reason stays in the item pane, and is notified."""
        self.query_one(ItemPane).update(Text(exc.render(self.lang)))
        self.anjian.fail(exc)

    def show_checklist(self, loaded: Checklist,
                       files: dict[str, list[StoredFile]] | None = None) -> None:
        self.files = files or {}
        self.versions = {e.item.id: e.version for e in loaded.entries}
        self.refused = set()
        state = self.state = RunnerState(loaded, list(loaded.entries))
        keep, self.keep_cursor = self.keep_cursor, None
        self.cursor = (keep if keep is not None and keep < len(state.rows) else
                       next((n for n, r in enumerate(state.rows)
                             if r.status is None and r.waiver is None), 0))
        items = self.query_one(ItemList)
        items.show(state.rows, self.cursor)
        items.focus()
        self.start_saver()
        self.refresh_all()
        # Everything built so far lives as long as the screen: keep the collector from
        # re-scanning it between keystrokes (its full passes cost 80+ ms here).
        gc.collect()
        gc.freeze()

    # --- display -------------------------------------------------------------------------

    def refresh_all(self) -> None:
        self.refresh_item()
        self.refresh_verdict()

    def refresh_item(self) -> None:
        if self.state is not None and self.state.rows:
            row = self.state.rows[self.cursor]
            self.query_one(ItemPane).show(row, self.files.get(row.item.id, ()))

    def determinations(self) -> list[PackVerdict]:
        """Each pack's determination of the answers on screen."""
        state = self.state
        assert state is not None
        cl = state.checklist
        answers = {pack.id: answers_of(state.rows, pack.id, cl.sites[pack.id], cl.inspected_on)
                   for pack in cl.packs}
        # the waivers the stored determination relied on, as the services evaluate it
        dets = evaluate_together(cl.packs, cl.sites, answers, on=cl.inspected_on,
                                 waived=cl.waived)
        return [PackVerdict(pack.id, det, rule_counts(pack, cl.sites[pack.id], answers[pack.id],
                                                      cl.inspected_on))
                for pack, det in zip(cl.packs, dets, strict=True)]

    def refresh_verdict(self) -> None:
        state = self.state
        if state is None:
            return
        packs = self.determinations()
        self.verdict = overall([p.determination.verdict for p in packs])
        self.query_one(VerdictPane).show(self.verdict, packs)
        # an item another pack's finding constitutes (构成) says so where it is read
        by_id = {p.id: p for p in state.checklist.packs}
        said: dict[str, tuple[str, ...]] = {}
        for p in packs:
            for c in p.determination.constituted:
                source = by_id.get(c.source_pack)
                node = source.part(c.source) if source is not None else None
                said[c.item] = (*said.get(c.item, ()), self.tr(
                    "ui.constituted_by",
                    standard=source.standard if source is not None else c.source_pack,
                    clause=getattr(node, "clause", c.source)))
        pane = self.query_one(ItemPane)
        if said != pane.constituted:
            pane.constituted = said
            self.refresh_item()
        # a waived item (豁免) is settled: not applicable, nothing to answer
        self.query_one(AnswerProgress).show(sum(1 for r in state.rows if r.status or r.waiver),
                                            len(state.rows))

    def move_to(self, index: int) -> None:
        """Put the cursor on entry ``index`` and show it."""
        self.cursor = index
        self.query_one(ItemList).cursor = index
        self.refresh_item()

    # --- actions -------------------------------------------------------------------------

    def waived_here(self) -> bool:
        """Whether the item under the cursor is set aside by a waiver (豁免): then it is not
        answered, and the waiver is named."""
        state = self.state
        w = state.rows[self.cursor].waiver if state is not None and state.rows else None
        if w is not None:
            until = w.valid_until.isoformat()
            self.notify(visible(self.tr("ui.waiver.no_answer", id=w.id, until=until,
                                        basis=w.basis)), severity="warning", markup=False)
        return w is not None

    def action_answer(self, status: str) -> None:
        state = self.state
        if state is None or not state.rows or self.waived_here():
            return
        started = time.perf_counter_ns()
        was = state.rows[self.cursor]
        # a whole answer replaces sub-check answers, values and a skip
        row = was.model_copy(update={"status": None if status == "clear" else Status(status),
                                     "skip_reason": "", "detail": {}})
        if status == "clear":
            row = row.model_copy(update={"corrected_on_site": False})
        state.rows[self.cursor] = row
        items = self.query_one(ItemList)
        items.set_entry(self.cursor, row)
        task: Save | None = None
        if row.status is not None:
            task = Save("answer", row.item.id, row.status.value, row.note,
                        row.corrected_on_site)
        elif was.status is not None or was.skip_reason:  # withdrawing is a change too
            task = Save("clear", row.item.id, None, row.note, False)
        if task is not None:
            # Queued once the answer is on screen, so saving never competes with the repaint;
            # the queue keeps answers in the order they were given.
            self.call_after_refresh(self.saves.put, task)
        if status != "clear":
            self.cursor = min(self.cursor + 1, len(state.rows) - 1)
            items.cursor = self.cursor
        self.refresh_all()
        self.call_after_refresh(lambda: self.latencies_ns.append(time.perf_counter_ns() - started))

    def action_move(self, step: int) -> None:
        if self.state is not None and self.state.rows:
            self.move_to(max(0, min(len(self.state.rows) - 1, self.cursor + step)))

    def action_next_unanswered(self) -> None:
        state = self.state
        if state is None:
            return
        n = len(state.rows)
        for step in range(1, n + 1):
            k = (self.cursor + step) % n
            if state.rows[k].status is None:
                self.move_to(k)
                return

    def on_item_list_clicked(self, event: ItemList.Clicked) -> None:
        self.move_to(event.index)

    def action_search(self) -> None:
        from tui.dialogs import Choice, PickDialog

        state = self.state
        if state is None:
            return
        choices = [Choice(r.item.id, f"{r.item.clause} {r.item.text_zh.splitlines()[0][:50]}",
                          [r.item.clause, r.item.id, r.item.text_zh, r.item.gloss_en])
                   for r in state.rows]

        def jump(item_id: str | None) -> None:
            if item_id is not None and self.state is not None:
                self.move_to(self.state.index[item_id])

        self.app.push_screen(PickDialog(self.lang, self.tr("ui.jump_item"), choices,
                                        self.tr("ui.search_items")), jump)

    def action_edit_note(self) -> None:
        from tui.dialogs import TextDialog

        state = self.state
        if state is None or not state.rows:
            return
        index = self.cursor

        def done(text: str | None) -> None:
            if text is not None:
                self.set_note(index, text)

        self.app.push_screen(TextDialog(self.lang, self.tr("ui.note"), state.rows[index].note),
                             done)

    def action_edit_note_external(self) -> None:
        from tui.editor import edit_in_editor

        state = self.state
        if state is None or not state.rows:
            return
        text = edit_in_editor(self.app, state.rows[self.cursor].note, self.lang)
        if text is not None:
            self.set_note(self.cursor, text)

    def set_note(self, index: int, text: str) -> None:
        assert self.state is not None
        row = self.state.rows[index].model_copy(update={"note": text.strip()})
        self.state.rows[index] = row
        # stored with or without an answer: a note typed is never lost
        self.saves.put(Save("note", row.item.id, None, row.note, row.corrected_on_site))
        self.refresh_item()

    # --- skip, corrected on site, part by part, evidence files ---------------------------

    def may_answer(self) -> bool:
        """Whether the user may answer this inspection (asked before a dialog opens; a
        refusal is shown and nothing opens)."""
        state = self.state
        if state is None or not state.rows:
            return False
        i = state.checklist.inspection
        return self.anjian.may("inspection.answer", campaign=i.campaign_id,
                               enterprise=i.enterprise_uscc, kind=i.kind)

    def stored(self, index: int, done: Answered, **update: Any) -> None:
        """Show what a dialog stored for entry ``index``."""
        assert self.state is not None
        row = self.state.rows[index].model_copy(update={
            "status": Status(done.status) if done.status else None, "note": done.note,
            "corrected_on_site": done.corrected_on_site, "version": done.version, **update})
        self.state.rows[index] = row
        self.query_one(ItemList).set_entry(index, row)
        if done.evidence:
            have = self.files.setdefault(row.item.id, [])
            have += [f for f in done.evidence if f.sha256 not in {h.sha256 for h in have}]
        self.refresh_all()

    def action_skip(self) -> None:
        """Leave the item unanswered for a stated reason (so the step can end)."""
        from tui.forms import FormDialogChecked, FormField

        if self.waived_here() or not self.may_answer():
            return
        assert self.state is not None
        index, row = self.cursor, self.state.rows[self.cursor]
        fields = [FormField("reason", self.tr("ui.inspect.skip_reason"), "text",
                            row.skip_reason)]

        reason: list[str] = [""]

        def submit(values: dict[str, Any]) -> Answered:
            reason[0] = values["reason"]
            return self.store_now(Save("skip", row.item.id, None, row.note, False,
                                       reason=reason[0]))

        def done(answered: Answered | None) -> None:
            if answered is not None:
                self.stored(index, answered, skip_reason=reason[0], detail={})

        self.app.push_screen(FormDialogChecked(
            self.lang, self.tr("ui.inspect.skip_title", clause=row.item.clause), fields,
            submit=submit, note=self.tr("ui.inspect.skip_note")), done)

    def action_corrected(self) -> None:
        """整改: the situation was found and corrected on site (当场改正): the item is answered
        noncompliant, corrected on site; pressed again on such an item, not corrected."""
        state = self.state
        if state is None or not state.rows or self.waived_here():
            return
        was = state.rows[self.cursor]
        undo = was.status is Status.noncompliant and was.corrected_on_site
        row = was.model_copy(update={"status": Status.noncompliant, "skip_reason": "",
                                     "corrected_on_site": not undo})
        if row.detail and derive_or_none(row) is not Status.noncompliant:
            row = row.model_copy(update={"detail": {}})
        state.rows[self.cursor] = row
        self.query_one(ItemList).set_entry(self.cursor, row)
        task = Save("answer", row.item.id, "noncompliant", row.note, not undo, dict(row.detail))
        self.call_after_refresh(self.saves.put, task)
        if not undo:
            self.cursor = min(self.cursor + 1, len(state.rows) - 1)
            self.query_one(ItemList).cursor = self.cursor
        self.refresh_all()

    def action_parts(self) -> None:
        """Answer the item part by part: each sub-check, the values measured (with their
        limits), the status they give shown as they are filled."""
        from tui.forms import FormDialogChecked

        state = self.state
        if state is None or not state.rows:
            return
        if self.waived_here():
            return
        index, row = self.cursor, state.rows[self.cursor]
        cl = state.checklist
        form = detail_form(self.lang, row, cl.sites[row.pack_id].tags, cl.inspected_on)
        if form is None:
            self.notify(self.tr("ui.inspect.no_parts", clause=row.item.clause))
            return
        if not self.may_answer():
            return

        kept: list[dict[str, Any]] = [{}]

        def submit(values: dict[str, Any]) -> Answered:
            status, detail = form.answer(values)
            kept[0] = detail
            return self.store_now(Save("answer", row.item.id, status.value, row.note,
                                       row.corrected_on_site, detail))

        def done(answered: Answered | None) -> None:
            if answered is not None:
                self.stored(index, answered, skip_reason="", detail=kept[0])

        self.app.push_screen(FormDialogChecked(
            self.lang, self.tr("ui.inspect.parts_title", clause=row.item.clause),
            form.fields(), submit=submit, live=form.live,
            note=self.tr("ui.inspect.parts_note")), done)

    def action_attach(self) -> None:
        """Attach a file (a photo, a record) to the item's answer, picked or typed; it is
        copied into the evidence store and listed with its size and SHA-256."""
        from tui.forms import FormDialogChecked, FormField

        state = self.state
        if state is None or not state.rows:
            return
        index, row = self.cursor, state.rows[self.cursor]
        if row.status is None:
            self.notify(self.tr("ui.inspect.attach_first"), severity="warning")
            return
        if not self.may_answer():
            return

        def submit(values: dict[str, Any]) -> Answered:
            return self.store_now(Save("answer", row.item.id, row.status.value if row.status
                                       else "", row.note, row.corrected_on_site,
                                       dict(row.detail), files=(str(values["file"]),)))

        def done(answered: Answered | None) -> None:
            if answered is not None:
                self.stored(index, answered)
                names = "、".join(f.name for f in answered.evidence) or "-"
                self.notify(visible(self.tr("ui.inspect.attached", names=names)),
                            markup=False)

        self.app.push_screen(FormDialogChecked(
            self.lang, self.tr("ui.inspect.attach_title", clause=row.item.clause),
            [FormField("file", self.tr("ui.inspect.file"), "file")], submit=submit), done)

    def action_reevaluate(self) -> None:
        """Show what another installed version of the standard would determine."""
        from core.services.versions import other_versions
        from tui.dialogs import Choice, PickDialog
        from tui.screens.versions import ReevaluationScreen

        ctx, state = self.ctx, self.state
        if ctx is None or state is None:
            return
        self.flush()
        choices = [Choice(e.pack.id, f"{e.pack.id} {e.pack.version} {e.pack.standard}",
                          [e.pack.standard])
                   for p in state.checklist.packs for e in other_versions(ctx.catalogue, p.id)]
        if not choices:
            self.notify(self.tr("ui.no_other_version"), severity="warning")
            return

        def chosen(pack_id: str | None) -> None:
            if pack_id is not None:
                self.app.push_screen(ReevaluationScreen(self.lang, self.inspection_id, pack_id))

        if len(choices) == 1:
            chosen(choices[0].key)
        else:
            self.app.push_screen(PickDialog(self.lang, self.tr("ui.pick_version"), choices),
                                 chosen)

    def action_decide(self) -> None:
        """Record the collective decision (集体讨论) a major determination awaits."""
        from core.services import decisions
        from tui.dialogs import Field, FormDialog

        ctx, state = self.ctx, self.state
        if ctx is None or state is None:
            return
        self.flush()
        try:
            todo, team = decisions.pending_for(ctx, self.inspection_id)
        except AnjianError as exc:
            self.anjian.fail(exc)
            return
        if not todo:
            self.notify(self.tr("ui.no_decision"))
            return
        first = todo[0]
        pack = next((p for p in state.checklist.packs if p.id == first.pack_id), None)
        procedure = pack.collective_decision if pack else None
        needed = procedure.min_participants if procedure else 0

        def done(values: dict[str, str] | None) -> None:
            if values is None:
                return
            try:
                decisions.decide(ctx, self.inspection_id, pack=first.pack_id,
                                 participants=decisions.split_names(values["people"]),
                                 note=values["note"])
            except AnjianError as exc:
                self.anjian.fail(exc)
                return
            self.notify(self.tr("ui.decided", pack=first.pack_id))

        fields = [Field("people", self.tr("ui.decision_people", needed=needed), "、".join(team)),
                  Field("note", self.tr("ui.decision_note"))]
        self.app.push_screen(FormDialog(self.lang, self.tr(
            "ui.decide_title", pack=first.pack_id, rules=", ".join(first.rules)), fields), done)

    def action_issue_document(self) -> None:
        """Issue a document (执法文书) from this inspection: its kind, its form, its text
        previewed, then its number."""
        from tui.documents import issue_document

        if self.state is not None:
            issue_document(self.anjian, self.state.checklist.inspection)

    def action_check_permit(self) -> None:
        """Check a work permit (作业票核查) and record what it breaks on this inspection."""
        from tui.permits import check_permit

        check_permit(self)

    def action_risk_points(self) -> None:
        """The risk points of the enterprise inspected, with their grades."""
        from tui.screens.risk import show_inspection_points

        show_inspection_points(self, self.inspection_id)

    def action_open_documents(self) -> None:
        """This inspection's documents."""
        from tui.screens.documents import DocumentsScreen

        self.app.push_screen(DocumentsScreen(self.lang, inspection=self.inspection_id))

    def action_export(self) -> None:
        from core.services.exports import export_inspection

        ctx = self.ctx
        if ctx is None:
            return

        def write(path: Any, _progress: Any) -> int:
            self.flush()
            export_inspection(ctx, self.inspection_id, path)
            return len(self.state.rows) if self.state else 0

        self.export(f"inspection-{self.inspection_id}", write)

    # --- saving, in order, off the UI thread --------------------------------------------

    def start_saver(self) -> None:
        if self.saver is None:
            self.saver = threading.Thread(target=self.save_loop, name="anjian-saver",
                                          daemon=True)
            self.saver.start()

    def save_loop(self) -> None:
        while True:
            task = self.saves.get()
            if task is None:
                return
            try:
                self.save(task)
            finally:
                self.saves.task_done()

    def save(self, task: Save) -> None:
        """Store one change, naming the version this screen saw; a refusal (someone changed
        the item meanwhile, the step has ended …) is shown, and the screen reloads what is
        stored, so it never shows what the record does not hold."""
        item = task.item
        if item in self.refused:
            return  # superseded: the screen is about to show what is stored
        try:
            self.store(task)
        except Exception as exc:  # reported to the user, then the record is shown again
            reason = exc.render(self.lang) if isinstance(exc, AnjianError) else str(exc)
            self.refused.add(item)
            self.app.call_from_thread(self.anjian.notify,
                                      visible(self.tr("ui.unsaved", item=item, reason=reason)),
                                      severity="error", timeout=20, markup=False)
            self.app.call_from_thread(self.reload_stored, item)

    def store(self, task: Save) -> Answered:
        """Store one change through the services, naming the version this screen saw; a
        refusal is raised (nothing stored)."""
        from core.services import inspections

        ctx = self.ctx
        assert ctx is not None
        item, seen = task.item, self.versions.get(task.item, 0)
        if task.op == "answer":
            assert task.status is not None
            done = inspections.answer(ctx, self.inspection_id, item, task.status, note=task.note,
                                      corrected_on_site=task.corrected, detail=task.detail,
                                      expected_version=seen, evidence=task.files)
        elif task.op == "clear":
            done = inspections.clear(ctx, self.inspection_id, item, expected_version=seen)
        elif task.op == "skip":
            done = inspections.skip(ctx, self.inspection_id, item, reason=task.reason,
                                    expected_version=seen)
        else:
            done = inspections.annotate(ctx, self.inspection_id, item, task.note,
                                        expected_version=seen)
        self.versions[item] = done.version
        return done

    def store_now(self, task: Save) -> Answered:
        """Store a change given in a dialog, after every answer queued before it, off the UI
        thread (the dialog's own worker): a refusal stays in the dialog, nothing stored."""
        self.flush()
        return self.store(task)

    def reload_stored(self, item: str) -> None:
        """Show the checklist as stored again (after a refused save), on ``item``."""
        if self.is_mounted:
            self.keep_cursor = self.state.index.get(item) if self.state else None
            self.state = None
            self.load_in_worker(self.load)

    def flush(self) -> None:
        """Wait until every answer given so far is saved (tests, leaving the screen)."""
        self.saves.join()

    def on_unmount(self) -> None:
        self.saves.put(None)
