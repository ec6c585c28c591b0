"""The inspection runner: items on the left, the current item in the middle, the live
determination on the right. Single keys answer and move; every answer is saved at once, in
order, by a background thread, while the screen recomputes the determination itself."""

from __future__ import annotations

import gc
import queue
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.timer import Timer
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from core.engine import Answers, evaluate, rule_counts
from core.engine.determination import Verdict, overall
from core.engine.findings import Site, Status
from core.i18n import AnjianError, Lang
from core.pack.model import Item, Pack
from tui.screens.base import BaseScreen

MARK = {"compliant": "✓", "noncompliant": "✗", "not_applicable": "–", None: " "}
VERDICT_STYLE = {"major": "bold white on red", "not_major": "bold black on green",
                 "incomplete": "bold black on yellow", "excluded": "bold black on cyan"}


@dataclass
class Row:
    pack: Pack
    item: Item
    status: str | None = None
    note: str = ""
    corrected: bool = False


@dataclass
class RunnerState:
    """What the runner shows, held locally so keys never wait for the database."""

    inspection_id: int
    packs: list[Pack]
    sites: dict[str, Site]
    rows: list[Row]
    on: Any
    index: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.index = {r.item.id: n for n, r in enumerate(self.rows)}

    def answers(self, pack: Pack) -> Answers:
        statuses = {r.item.id: Status(r.status) for r in self.rows
                    if r.pack is pack and r.status}
        corrected = frozenset(r.item.id for r in self.rows
                              if r.pack is pack and r.corrected and r.status == "noncompliant")
        return Answers(statuses, corrected)


class MarkList(OptionList):
    """The item list; changing one item's mark repaints that item only (the stock
    ``replace_option_prompt_at_index`` drops every cached line of the list)."""

    def set_prompt(self, index: int, prompt: Text) -> None:
        option = self.get_option_at_index(index)
        option._set_prompt(prompt)
        cache = self._option_render_cache
        for key in [k for k in cache.keys() if k[0] is option]:  # noqa: SIM118 - no __iter__
            cache.discard(key)
        self.refresh()


class RunnerScreen(BaseScreen):
    """Step through a checklist at keyboard speed."""

    KEYS = "runner"

    def __init__(self, lang: Lang, inspection_id: int) -> None:
        super().__init__(lang)
        self.inspection_id = inspection_id
        self.state: RunnerState | None = None
        self.cursor = 0
        self._saves: queue.Queue[tuple[str, str, str, bool] | None] = queue.Queue()
        self._saver: threading.Thread | None = None
        self._relayout: Timer | None = None
        #: Key-to-repaint times of recent answers, in nanoseconds (for the latency benchmark).
        self.latencies_ns: deque[int] = deque(maxlen=1000)

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="runner"):
            yield MarkList(id="items")
            yield Static(self.tr("ui.loading"), id="item")
            yield Static("", id="verdict")
        yield Static("", id="progress")
        yield Footer()

    # --- loading -------------------------------------------------------------------------

    def reload(self) -> None:
        if self.state is None:
            self.load()

    def load(self) -> None:
        self.run_worker(self._load, thread=True, exclusive=True, group="load")

    def _load(self) -> None:
        from core.services import get_pack, inspections, split_site

        ctx = self.ctx
        assert ctx is not None
        try:
            view = inspections.inspection_view(ctx, self.inspection_id)
        except AnjianError as exc:
            self.app.call_from_thread(self.anjian.fail, exc)
            return
        packs = [get_pack(ctx.catalogue, p.pack_id).pack for p in view.packs]
        insp = view.inspection
        sites = split_site(packs, insp.site, "site")
        found = {f.item_id: f for f in view.findings}
        rows = []
        for pack in packs:
            gates = pack.item_gates()
            tags = sites[pack.id].tags
            for item in pack.items():
                if not all(tags & set(g) for g in gates[item.id]):
                    continue  # the site's tags gate this item out
                f = found.get(item.id)
                rows.append(Row(pack, item, f.status if f else None, f.note if f else "",
                                f.corrected_on_site if f else False))
        state = RunnerState(self.inspection_id, packs, sites, rows, insp.inspected_on)
        self.app.call_from_thread(self._show, state)

    def _show(self, state: RunnerState) -> None:
        self.state = state
        options = self.query_one("#items", OptionList)
        options.clear_options()
        options.add_options([Option(self._label(r), id=r.item.id) for r in state.rows])
        first = next((n for n, r in enumerate(state.rows) if r.status is None), 0)
        self.cursor = first
        options.highlighted = first
        options.focus()
        self._start_saver()
        self.refresh_all()
        # Everything built so far lives as long as the screen: keep the collector from
        # re-scanning it between keystrokes (its full passes cost 80+ ms here).
        gc.collect()
        gc.freeze()

    # --- display -------------------------------------------------------------------------

    def _label(self, row: Row) -> Text:
        text = (row.item.gloss_en if self.lang == "en" else row.item.text_zh).splitlines()[0]
        label = Text(f"{MARK[row.status]} {row.item.clause} ", style=_mark_style(row.status),
                     no_wrap=True, overflow="ellipsis")
        label.append(text[:60])
        return label

    def refresh_all(self) -> None:
        self.refresh_item()
        self.refresh_verdict()

    def refresh_item(self) -> None:
        state = self.state
        if state is None or not state.rows:
            return
        row = state.rows[self.cursor]
        item, en = row.item, self.lang == "en"
        body = Text()
        body.append(f"{row.pack.standard}  {item.clause}\n", style="bold")
        body.append(f"{item.id}\n", style="dim")
        body.append(item.text_zh + "\n")
        if en:
            body.append(item.gloss_en + "\n", style="italic")
        if not item.verified:
            body.append(f"[{self.tr('ui.unverified')}]\n", style="yellow")
        if item.device_failure:
            body.append(f"[{self.tr('ui.device')}]\n", style="cyan")
        if item.checks:
            for check in item.checks:
                body.append(f"  {check.id}. {check.gloss_en if en else check.text_zh}\n",
                            style="dim")
        body.append(f"\n{self.tr('ui.guidance')}\n", style="bold underline")
        body.append((item.guidance_en if en and item.guidance_en else item.guidance_zh) + "\n")
        if item.evidence:
            body.append(f"\n{self.tr('ui.evidence')}\n", style="bold underline")
            for hint in item.evidence:
                body.append(f"• {hint}\n")
        body.append(f"\n{self.tr('ui.note')}: ", style="bold")
        body.append(row.note or "—")
        status = row.status and self.tr(f"ui.answer.{row.status}")
        body.append(f"\n\n{MARK[row.status]} {status or ''}", style=_mark_style(row.status))
        # The pane's size is fixed by the layout: repaint it at once without re-laying out the
        # screen, and let the scroll extent follow when the keys pause.
        pane = self.query_one("#item", Static)
        pane.update(body, layout=False)
        if self._relayout is not None:
            self._relayout.stop()
        self._relayout = self.set_timer(0.3, lambda: pane.refresh(layout=True))

    def determinations(self) -> list[Any]:
        state = self.state
        assert state is not None
        return [evaluate(p, state.sites[p.id], state.answers(p), on=state.on)
                for p in state.packs]

    def refresh_verdict(self) -> None:
        state = self.state
        if state is None:
            return
        dets = self.determinations()
        verdict = overall([d.verdict for d in dets])
        out = Text()
        out.append(f" {self.tr('verdict.' + verdict.value)} \n", style=VERDICT_STYLE[verdict])
        for pack, d in zip(state.packs, dets, strict=True):
            out.append(f"\n{pack.id}\n", style="bold")
            for trig in d.triggers:
                style = "dim" if trig.vetoed else "red"
                tally = (f"{trig.count}/{trig.threshold}" if trig.kind == "composite"
                         else f"×{trig.count}")
                out.append(f"✗ {trig.clauses[0]}: {tally}\n", style=style)
            fired = {trig.rule for trig in d.triggers}
            for rc in rule_counts(pack, state.sites[pack.id], state.answers(pack)):
                if rc.kind == "composite" and rc.rule not in fired:
                    out.append(f"  {rc.clause}: {rc.count}/{rc.threshold}\n")
            if d.general_hazards:
                out.append(self.tr("ui.general_count", n=len(d.general_hazards)) + "\n",
                           style="yellow")
            if d.unanswered:
                out.append(self.tr("ui.unanswered_count", n=len(d.unanswered)) + "\n",
                           style="dim")
        self.query_one("#verdict", Static).update(out, layout=False)
        done = sum(1 for r in state.rows if r.status)
        self.query_one("#progress", Static).update(_progress(done, len(state.rows), self.tr(
            "ui.progress", done=done, total=len(state.rows))), layout=False)
        self.verdict: Verdict = verdict

    # --- actions -------------------------------------------------------------------------

    def action_answer(self, status: str) -> None:
        state = self.state
        if state is None or not state.rows:
            return
        started = time.perf_counter_ns()
        row = state.rows[self.cursor]
        row.status = None if status == "clear" else status
        options = self.query_one("#items", MarkList)
        options.set_prompt(self.cursor, self._label(row))
        if row.status is not None:
            task = (row.item.id, row.status, row.note, row.corrected)
            # Queued once the answer is on screen, so saving never competes with the repaint;
            # the queue keeps answers in the order they were given.
            self.call_after_refresh(self._saves.put, task)
        if status != "clear":
            self.cursor = min(self.cursor + 1, len(state.rows) - 1)
            options.highlighted = self.cursor
        self.refresh_all()
        self.call_after_refresh(lambda: self.latencies_ns.append(time.perf_counter_ns() - started))

    def action_move(self, step: int) -> None:
        if self.state is None or not self.state.rows:
            return
        self.cursor = max(0, min(len(self.state.rows) - 1, self.cursor + step))
        self.query_one("#items", OptionList).highlighted = self.cursor
        self.refresh_item()

    def action_next_unanswered(self) -> None:
        state = self.state
        if state is None:
            return
        n = len(state.rows)
        for step in range(1, n + 1):
            k = (self.cursor + step) % n
            if state.rows[k].status is None:
                self.cursor = k
                self.query_one("#items", OptionList).highlighted = k
                self.refresh_item()
                return

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if self.state is not None and event.option_index != self.cursor:
            self.cursor = event.option_index
            self.refresh_item()

    def action_search(self) -> None:
        from tui.widgets.forms import PickScreen

        state = self.state
        if state is None:
            return
        choices = [(r.item.id, f"{r.item.clause} {r.item.text_zh[:50]}",
                    [r.item.clause, r.item.id, r.item.text_zh, r.item.gloss_en])
                   for r in state.rows]

        def jump(item_id: str | None) -> None:
            if item_id is not None and self.state is not None:
                self.cursor = self.state.index[item_id]
                self.query_one("#items", OptionList).highlighted = self.cursor
                self.refresh_item()

        self.app.push_screen(PickScreen(self.lang, self.tr("ui.search"), choices), jump)

    def jump_to(self, item_id: str) -> None:
        if self.state is not None and item_id in self.state.index:
            self.cursor = self.state.index[item_id]
            self.query_one("#items", OptionList).highlighted = self.cursor
            self.refresh_item()

    def action_edit_note(self) -> None:
        from tui.widgets.forms import TextScreen

        state = self.state
        if state is None:
            return
        row = state.rows[self.cursor]

        def done(text: str | None) -> None:
            if text is not None:
                self._set_note(row, text)

        self.app.push_screen(TextScreen(self.lang, self.tr("ui.note"), row.note), done)

    def action_edit_note_external(self) -> None:
        from tui.editor import edit_in_editor

        state = self.state
        if state is None:
            return
        row = state.rows[self.cursor]
        text = edit_in_editor(self.app, row.note)
        if text is not None:
            self._set_note(row, text)

    def _set_note(self, row: Row, text: str) -> None:
        row.note = text.strip()
        if row.status is not None:
            self._saves.put((row.item.id, row.status, row.note, row.corrected))
        self.refresh_item()

    def action_reevaluate(self) -> None:
        """Show what another installed version of the standard would determine."""
        from core.services.versions import other_versions
        from tui.screens.versions import ReevaluationScreen
        from tui.widgets.forms import PickScreen

        ctx, state = self.ctx, self.state
        if ctx is None or state is None:
            return
        self.flush()
        choices = [(e.pack.id, f"{e.pack.id} {e.pack.version} {e.pack.standard}",
                    [e.pack.id, e.pack.standard])
                   for p in state.packs for e in other_versions(ctx.catalogue, p.id)]
        if not choices:
            self.notify(self.tr("ui.no_other_version"), severity="warning")
            return

        def chosen(pack_id: str | None) -> None:
            if pack_id is not None:
                self.app.push_screen(ReevaluationScreen(self.lang, self.inspection_id, pack_id))

        if len(choices) == 1:
            chosen(choices[0][0])
        else:
            self.app.push_screen(PickScreen(self.lang, self.tr("ui.pick_version"), choices),
                                 chosen)

    def action_decide(self) -> None:
        """Record the collective decision (集体讨论) a major determination awaits."""
        from core.services import decisions
        from tui.widgets.forms import FormScreen

        ctx = self.ctx
        if ctx is None:
            return
        self.flush()
        try:
            todo, team = decisions.pending_for(ctx, self.inspection_id)
        except AnjianError as exc:
            self.anjian.notify(exc.render(self.lang), severity="error")
            return
        if not todo:
            self.notify(self.tr("ui.no_decision"))
            return
        first = todo[0]
        entry = ctx.catalogue.get(first.pack_id)
        procedure = entry.pack.collective_decision if entry else None
        needed = procedure.min_participants if procedure else 0

        def done(values: dict[str, str] | None) -> None:
            if values is None:
                return
            try:
                decisions.decide(ctx, self.inspection_id, pack=first.pack_id,
                                 participants=decisions.split_names(values["people"]),
                                 note=values["note"])
            except AnjianError as exc:
                self.anjian.notify(exc.render(self.lang), severity="error", timeout=20)
                return
            self.notify(self.tr("ui.decided", pack=first.pack_id))

        fields = [("people", self.tr("ui.decision_people", needed=needed), "、".join(team)),
                  ("note", self.tr("ui.decision_note"), "")]
        self.app.push_screen(FormScreen(self.lang, self.tr(
            "ui.decide_title", pack=first.pack_id, rules=", ".join(first.rules)), fields), done)

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

    def _start_saver(self) -> None:
        if self._saver is None:
            self._saver = threading.Thread(target=self._save_loop, name="anjian-saver",
                                           daemon=True)
            self._saver.start()

    def _save_loop(self) -> None:
        from core.services import inspections

        while True:
            task = self._saves.get()
            if task is None:
                return
            item, status, note, corrected = task
            ctx = self.ctx
            try:
                assert ctx is not None
                inspections.answer(ctx, self.inspection_id, item, status, note=note,
                                   corrected_on_site=corrected)
            except Exception as exc:  # reported to the user; the answer stays on screen
                reason = exc.render(self.lang) if isinstance(exc, AnjianError) else str(exc)
                self.app.call_from_thread(self.anjian.notify,
                                          self.tr("ui.unsaved", item=item, reason=reason),
                                          severity="error", timeout=20)
            finally:
                self._saves.task_done()

    def flush(self) -> None:
        """Wait until every answer given so far is saved (tests, leaving the screen)."""
        self._saves.join()

    def on_unmount(self) -> None:
        self._saves.put(None)


def _mark_style(status: str | None) -> str:
    return {"compliant": "green", "noncompliant": "bold red", "not_applicable": "dim"}.get(
        status or "", "")


def _progress(done: int, total: int, label: str, width: int = 30) -> Text:
    """A plain progress bar: no animation, so an answer repaints once."""
    filled = round(width * done / total) if total else 0
    bar = Text("█" * filled, style="green")
    bar.append("░" * (width - filled), style="dim")
    bar.append(f" {label}")
    return bar
