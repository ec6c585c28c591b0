"""The runner's item pane: the current item's clause, official text, English gloss, sub-checks
with their answers, what is measured against which limit, how to check it, what evidence to
take, the answer's evidence files (name, size, SHA-256), the note and the answer (corrected on
site, or skipped with its reason). Text is wrapped for the pane's width so numbers keep their
units and sub-checks their numbers (:mod:`tui.wrapped`)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Protocol

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.timer import Timer
from textual.widgets import Static

from core.i18n import Lang, t
from core.pack.model import INCLUSIVE, Check, Measure
from core.views.checklist import ChecklistEntry
from tui.plain import visible
from tui.widgets.item_list import MARK, mark_style
from tui.wrapped import wrap_text as wrap


class ItemPane(Static):
    """Shows one checklist entry (attribute down: :meth:`show`).

    The pane's size is fixed by the layout, so showing another entry repaints it at once without
    laying out the screen again; the scroll extent follows when the keys pause.
    """

    DEFAULT_CSS = """
    ItemPane {
        height: 1fr;
        overflow-y: auto;
    }
    """

    #: Seconds without a new entry before the pane lays itself out again.
    RELAYOUT_AFTER = 0.3

    def __init__(self, lang: Lang, *, id: str | None = None) -> None:
        super().__init__(t("ui.loading", lang), id=id)
        self.lang: Lang = lang
        self.entry: ChecklistEntry | None = None
        #: The evidence files of the entry shown.
        self.files: Sequence[FileLine] = ()
        self.relayout: Timer | None = None
        #: What constitutes each item through another pack's finding (构成), as lines.
        self.constituted: dict[str, tuple[str, ...]] = {}

    def show(self, entry: ChecklistEntry, files: Sequence[FileLine] = ()) -> None:
        self.entry, self.files = entry, tuple(files)
        self.update(self.body(entry), layout=False)
        if self.relayout is not None:
            self.relayout.stop()
        self.relayout = self.set_timer(self.RELAYOUT_AFTER, lambda: self.refresh(layout=True))

    def on_resize(self, _event: events.Resize) -> None:
        if self.entry is not None:  # wrapped for the width: wrap again
            self.update(self.body(self.entry), layout=False)

    def text_width(self) -> int:
        """The cells a line may take: the pane's width less a scroll bar's."""
        return max(12, self.scrollable_content_region.width - 2)

    def body(self, entry: ChecklistEntry) -> Text:
        item, lang, en = entry.item, self.lang, self.lang == "en"
        width = self.text_width()
        body = Text()

        def para(text: str, style: str = "") -> None:
            # a pack's text comes from its plugin, the note from whoever answered: both
            # written out; wrapped here so numbers keep their units and parts their numbers
            # (text without wide characters wraps at its spaces, as Rich does anyway)
            shown = visible(text)
            wide = cell_len(shown) != len(shown)
            body.append((wrap(shown, width) if wide else shown) + "\n", style=style)

        body.append(visible(f"{entry.standard}  {item.clause}\n"), style="bold")
        body.append(visible(f"{item.id}\n"), style="dim")
        para(item.text_zh)
        if en:
            para(item.gloss_en, "italic")
        if item.local:  # an overlay's item: a local requirement, not the standard's
            body.append(f"[{t('overlay.local_mark', lang)}]\n", style="bold magenta")
        if not item.verified:
            body.append(f"[{t('ui.unverified', lang)}]\n", style="yellow")
        if item.device_failure:
            body.append(f"[{t('ui.device', lang)}]\n", style="cyan")
        answers = entry.detail.get("checks") or {}
        for check in item.checks:
            self.check_lines(para, check, answers.get(check.id), "  ", en)
        if item.measure is not None:
            para(measure_line(item.measure, entry.detail, lang), "cyan")
        body.append(f"\n{t('ui.guidance', lang)}\n", style="bold underline")
        para(item.guidance_en if en and item.guidance_en else item.guidance_zh)
        if item.evidence:
            body.append(f"\n{t('ui.evidence', lang)}\n", style="bold underline")
            for hint in item.evidence:
                para(f"• {hint}")
        if self.files:
            body.append(f"\n{t('ui.inspect.files', lang, n=len(self.files))}\n",
                        style="bold underline")
            for f in self.files:
                para(f"• {f.name}  {size_text(f.size)}")
                body.append(wrap(f"  sha256:{f.sha256}", width) + "\n", style="dim")
        body.append(f"\n{t('ui.note', lang)}: ", style="bold")
        body.append(wrap(visible(entry.note), width) if entry.note else "—")
        w = entry.waiver
        if w is not None:  # set aside by a waiver (豁免): named, with what it rests on
            body.append("\n\n")
            para(t("ui.waiver.pane", lang, id=w.id, until=w.valid_until.isoformat(),
                   basis=w.basis, reason=w.reason, by=w.approved_by), "bold cyan")
            return body
        status = entry.status
        answer = t(f"ui.answer.{status}", lang) if status else ""
        body.append(f"\n\n{MARK[status]} {answer}", style=mark_style(status))
        for line in self.constituted.get(item.id, ()):
            body.append("\n")
            para(line, "bold red")
        if status == "noncompliant" and entry.corrected_on_site:
            body.append(f"  {t('ui.inspect.corrected', lang)}", style="green")
        if status is None and entry.skip_reason:
            body.append("\n")
            para(t("ui.inspect.skipped", lang, reason=visible(entry.skip_reason)), "yellow")
        return body

    def check_lines(self, para: Callable[[str, str], None], check: Check, answer: Any,
                    indent: str, en: bool) -> None:
        """A sub-check on the line of its number, with its answer's mark when it has one."""
        got = answer if isinstance(answer, dict) else {}
        status = got.get("status")
        if status is None and check.measure is not None and got.get("value") is not None:
            status = "noncompliant" if check.measure.exceeded(
                got["value"], got.get("design")) else "compliant"
        mark = MARK.get(status, " ") if status else "·"
        text = check.gloss_en if en else check.text_zh
        para(f"{indent}{check.id}. {text}", mark_style(status) or "dim")
        if mark != "·":
            para(f"{indent}   {mark} {t(f'ui.answer.{status}', self.lang)}", mark_style(status))
        if check.measure is not None:
            para(f"{indent}   " + measure_line(check.measure, got, self.lang), "cyan")
        for sub in check.checks:
            self.check_lines(para, sub, (got.get("checks") or {}).get(sub.id), indent + "  ",
                             en)


class FileLine(Protocol):
    """An evidence file as the pane lists it."""

    @property
    def name(self) -> str: ...
    @property
    def size(self) -> int: ...
    @property
    def sha256(self) -> str: ...


def size_text(size: int) -> str:
    """A file's size as people read it: ``812 B``, ``12.3 KB``, ``4.1 MB``."""
    if size < 1024:
        return f"{size}\u00a0B"
    if size < 1024 * 1024:
        return f"{size / 1024:.1f}\u00a0KB"
    return f"{size / 1024 / 1024:.1f}\u00a0MB"


def limit_text(measure: Measure, lang: Lang) -> str:
    """The limit the value is compared with: ``> 30 人`` or ``< 0.8 × 设计值``, the smaller of
    a number and the rated value, then the text's own word and whether the number itself is
    inside (``（超过，不含本数）``)."""
    unit = f" {measure.unit}" if measure.unit else ""
    if measure.relative:
        text = t("ui.inspect.limit_relative", lang, op=measure.op.value,
                 limit=f"{measure.limit:g}")
    elif measure.bound is not None:
        text = t(f"ui.inspect.limit_{measure.bound}", lang, op=measure.op.value,
                 limit=f"{measure.limit:g}", unit=unit)
    else:
        text = f"{measure.op.value} {measure.limit:g}{unit}"
    if measure.wording:
        inside = "ui.inspect.limit_inclusive" if INCLUSIVE[measure.wording] \
            else "ui.inspect.limit_exclusive"
        text += t(inside, lang, word=measure.wording)
    return text


def measure_line(measure: Measure, got: dict[str, Any], lang: Lang) -> str:
    """What is measured, the limit that makes the hazard, and the value recorded, if any."""
    quantity = measure.quantity_en if lang == "en" else measure.quantity_zh
    line = t("ui.inspect.measure", lang, quantity=quantity, limit=limit_text(measure, lang))
    value = got.get("value")
    if value is not None:
        unit = f" {measure.unit}" if measure.unit else ""
        line += " " + t("ui.inspect.measured", lang, value=f"{value:g}{unit}")
        if measure.needs_design and got.get("design") is not None:
            line += " " + t("ui.inspect.design_is", lang, value=f"{got['design']:g}{unit}")
    return line
