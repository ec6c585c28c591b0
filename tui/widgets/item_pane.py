"""The runner's item pane: the current item's clause, official text, English gloss, sub-checks,
how to check it, what evidence to take, the note and the answer."""

from __future__ import annotations

from rich.text import Text
from textual.timer import Timer
from textual.widgets import Static

from core.i18n import Lang, t
from core.views.checklist import ChecklistEntry
from tui.plain import visible
from tui.widgets.item_list import MARK, mark_style


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
        self.relayout: Timer | None = None

    def show(self, entry: ChecklistEntry) -> None:
        self.entry = entry
        self.update(self.body(entry), layout=False)
        if self.relayout is not None:
            self.relayout.stop()
        self.relayout = self.set_timer(self.RELAYOUT_AFTER, lambda: self.refresh(layout=True))

    def body(self, entry: ChecklistEntry) -> Text:
        item, lang, en = entry.item, self.lang, self.lang == "en"
        body = Text()
        # a pack's text comes from its plugin, the note from whoever answered: both written out
        body.append(visible(f"{entry.standard}  {item.clause}\n"), style="bold")
        body.append(visible(f"{item.id}\n"), style="dim")
        body.append(visible(item.text_zh + "\n"))
        if en:
            body.append(visible(item.gloss_en + "\n"), style="italic")
        if not item.verified:
            body.append(f"[{t('ui.unverified', lang)}]\n", style="yellow")
        if item.device_failure:
            body.append(f"[{t('ui.device', lang)}]\n", style="cyan")
        for check in item.checks:
            body.append(visible(f"  {check.id}. {check.gloss_en if en else check.text_zh}\n"),
                        style="dim")
        body.append(f"\n{t('ui.guidance', lang)}\n", style="bold underline")
        body.append(visible((item.guidance_en if en and item.guidance_en else item.guidance_zh)
                            + "\n"))
        if item.evidence:
            body.append(f"\n{t('ui.evidence', lang)}\n", style="bold underline")
            for hint in item.evidence:
                body.append(visible(f"• {hint}\n"))
        body.append(f"\n{t('ui.note', lang)}: ", style="bold")
        body.append(visible(entry.note) or "—")
        status = entry.status
        answer = t(f"ui.answer.{status}", lang) if status else ""
        body.append(f"\n\n{MARK[status]} {answer}", style=mark_style(status))
        return body
