"""The runner's verdict pane: the live determination over every pack of the inspection, each
pack's fired rules, the composite rules' counters ("7.3.x: 2/3"), general hazards and what is
still unanswered, a pack whose standard was withdrawn by the inspection date marked so; and the
answered-so-far line under the panes."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text
from textual.widgets import Static

from core.engine import RuleCount
from core.engine.determination import Determination, Verdict
from core.i18n import Lang, t
from tui.plain import visible

VERDICT_STYLE = {"major": "bold white on red", "not_major": "bold black on green",
                 "incomplete": "bold black on yellow", "excluded": "bold black on cyan",
                 "checklist": "bold white on blue"}


@dataclass(frozen=True)
class PackVerdict:
    """One pack's live determination and how far each of its rules is from firing."""

    pack_id: str
    determination: Determination
    counts: Sequence[RuleCount]


class VerdictPane(Static):
    """Shows the overall verdict and each pack's (attribute down: :meth:`show`)."""

    DEFAULT_CSS = """
    VerdictPane {
        height: 1fr;
    }
    """

    def __init__(self, lang: Lang, *, id: str | None = None) -> None:
        super().__init__("", id=id)
        self.lang: Lang = lang
        self.verdict: Verdict | None = None

    def show(self, verdict: Verdict, packs: Sequence[PackVerdict]) -> None:
        self.verdict = verdict
        self.update(self.body(verdict, packs), layout=False)

    def body(self, verdict: Verdict, packs: Sequence[PackVerdict]) -> Text:
        lang = self.lang
        out = Text()
        out.append(f" {t('verdict.' + verdict.value, lang)} \n", style=VERDICT_STYLE[verdict])
        for p in packs:
            d = p.determination
            out.append(visible(f"\n{p.pack_id}\n"), style="bold")
            if d.standing == "withdrawn":  # beside its verdict, whatever it is
                out.append(t("standing.withdrawn_mark", lang) + "\n", style="bold red")
            for trig in d.triggers:
                tally = (f"{trig.count}/{trig.threshold}" if trig.kind == "composite"
                         else f"×{trig.count}")
                out.append(visible(f"✗ {trig.clauses[0]}: {tally}\n"),
                           style="dim" if trig.vetoed else "red")
            fired = {trig.rule for trig in d.triggers}
            for rc in p.counts:
                if rc.kind == "composite" and rc.rule not in fired:
                    out.append(visible(f"  {rc.clause}: {rc.count}/{rc.threshold}\n"))
            if d.constituted:
                out.append(t("ui.constituted_count", lang, n=len(d.constituted)) + "\n",
                           style="red")
            general = len(d.general_hazards) + len(d.general_parts)  # parts: hazards too
            if general:
                out.append(t("ui.general_count", lang, n=general) + "\n", style="yellow")
                local = sum(1 for i in d.general_hazards if i in d.local_items)
                if local:  # of which an overlay's items (地方补充)
                    out.append(t("overlay.local_count", lang, n=local) + "\n",
                               style="magenta")
            if d.absent_parts:
                out.append(t("ui.absent_count", lang, n=len(d.absent_parts)) + "\n",
                           style="dim")
            if d.unanswered:
                out.append(t("ui.unanswered_count", lang, n=len(d.unanswered)) + "\n",
                           style="dim")
        return out


class AnswerProgress(Static):
    """How many items are answered, as a plain bar: no animation, so an answer repaints
    once (attribute down: :meth:`show`)."""

    DEFAULT_CSS = """
    AnswerProgress {
        height: 1;
    }
    """

    WIDTH = 30

    def __init__(self, lang: Lang, *, id: str | None = None) -> None:
        super().__init__("", id=id)
        self.lang: Lang = lang

    def show(self, done: int, total: int) -> None:
        if not total:  # "0/0 answered" would read as done: the site profile shut every item
            self.update(Text(t("ui.no_applicable", self.lang), style="bold yellow"),
                        layout=False)
            return
        filled = round(self.WIDTH * done / total)
        bar = Text("█" * filled, style="green")
        bar.append("░" * (self.WIDTH - filled), style="dim")
        bar.append(" " + t("ui.progress", self.lang, done=done, total=total))
        self.update(bar, layout=False)
