"""The runner's item list: one line an item, with its mark (✓ ✗ –), clause and text.

A Line API widget: each line is rendered on its own and kept, so changing one item's mark or
moving the cursor repaints one or two lines, never the whole list.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import events
from textual.geometry import Region, Size
from textual.message import Message
from textual.reactive import var
from textual.scroll_view import ScrollView
from textual.strip import Strip

from core.i18n import Lang, t
from core.views.checklist import ChecklistEntry
from tui.plain import visible

MARK = {"compliant": "✓", "noncompliant": "✗", "not_applicable": "–", None: " "}
#: The mark of an item skipped with a reason (unanswered, but not forgotten).
SKIPPED = "»"
MARK_STYLE = {"compliant": "green", "noncompliant": "bold red", "not_applicable": "dim"}


def mark_style(status: str | None) -> str:
    """The colour of an answer's mark."""
    return MARK_STYLE.get(status or "", "")


class ItemList(ScrollView, can_focus=True, inherit_bindings=False):
    """The items of a checklist, the current one highlighted. It has no keys of its own: the
    arrows, Home, End and the page keys are the runner's (a scroll view's would only scroll).

    Attributes down: :meth:`show` the entries, :meth:`set_entry` one changed entry, set
    :attr:`cursor`. Messages up: :class:`Clicked` when a line is clicked.
    """

    #: The index of the highlighted entry (setting it repaints the two lines concerned).
    cursor: var[int] = var(0)

    COMPONENT_CLASSES: ClassVar[set[str]] = {"item-list--cursor"}

    DEFAULT_CSS = """
    ItemList {
        background: $surface;
        color: $foreground;
        overflow-x: hidden;
        padding: 0 0 0 1;
        & > .item-list--cursor {
            color: $block-cursor-blurred-foreground;
            background: $block-cursor-blurred-background;
        }
        &:focus > .item-list--cursor {
            color: $block-cursor-foreground;
            background: $block-cursor-background;
            text-style: $block-cursor-text-style;
        }
    }
    """

    class Clicked(Message):
        """A line was clicked: the screen moves to its item."""

        def __init__(self, item_list: ItemList, index: int) -> None:
            super().__init__()
            self.item_list = item_list
            self.index = index

    def __init__(self, lang: Lang, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.lang: Lang = lang
        self.entries: list[ChecklistEntry] = []
        #: Rendered lines by index, with the width they were rendered for and whether the
        #: cursor was on them.
        self.rendered: dict[int, tuple[int, bool, Strip]] = {}

    # --- attributes down -----------------------------------------------------------------

    def show(self, entries: Sequence[ChecklistEntry], cursor: int = 0) -> None:
        """Show ``entries`` (all lines repaint)."""
        self.entries = list(entries)
        self.rendered.clear()
        self.set_reactive(ItemList.cursor, self.validate_cursor(cursor))
        self.virtual_size = Size(self.scrollable_content_region.width, len(self.entries))
        self.refresh()
        self.call_after_refresh(self.scroll_to_cursor)

    def set_entry(self, index: int, entry: ChecklistEntry) -> None:
        """One entry changed (its answer): its line alone repaints."""
        self.entries[index] = entry
        self.rendered.pop(index, None)
        self.refresh_line(index)

    def validate_cursor(self, index: int) -> int:
        return max(0, min(index, len(self.entries) - 1))

    def watch_cursor(self, old: int, new: int) -> None:
        self.refresh_line(old)
        self.refresh_line(new)
        self.scroll_to_cursor()

    def scroll_to_cursor(self) -> None:
        if self.entries and self.is_mounted:
            self.scroll_to_region(Region(0, self.cursor, self.scrollable_content_region.width, 1),
                                  animate=False, force=True, immediate=True)

    # --- rendering -----------------------------------------------------------------------

    def label(self, entry: ChecklistEntry) -> Text:
        item, status = entry.item, entry.status
        text = (item.gloss_en if self.lang == "en" else item.text_zh).splitlines()[0]
        label = Text(end="")
        if entry.waiver is not None:  # set aside by a waiver (豁免): not applicable here
            label.append(visible(f"{MARK['not_applicable']} {item.clause} "), style="dim")
            label.append(t("ui.waiver.mark", self.lang) + " ", style="bold cyan")
            label.append(visible(text[:80]), style="dim")
            return label
        mark = SKIPPED if status is None and entry.skip_reason else MARK[status]
        label.append(visible(f"{mark} {item.clause} "), style=mark_style(status) or (
            "yellow" if mark == SKIPPED else ""))
        label.append(visible(text[:80]))
        return label

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        index = y + self.scroll_offset.y
        if not 0 <= index < len(self.entries):
            return Strip.blank(width, self.rich_style)
        on_cursor = index == self.cursor
        kept = self.rendered.get(index)
        if kept is not None and kept[0] == width and kept[1] == on_cursor:
            return kept[2]
        style = (self.get_component_rich_style("item-list--cursor") if on_cursor
                 else Style())
        label = self.label(self.entries[index])
        label.truncate(width, overflow="ellipsis", pad=True)
        strip = Strip(label.render(self.app.console), width).apply_style(self.rich_style + style)
        self.rendered[index] = (width, on_cursor, strip)
        return strip

    def notify_style_update(self) -> None:
        """The theme or the focus changed the styles: render every line again."""
        super().notify_style_update()
        self.rendered.clear()

    def on_resize(self, _event: events.Resize) -> None:
        self.virtual_size = Size(self.scrollable_content_region.width, len(self.entries))
        self.rendered.clear()

    def on_focus(self, _event: events.Focus) -> None:
        self.rendered.clear()
        self.refresh()

    def on_blur(self, _event: events.Blur) -> None:
        self.rendered.clear()
        self.refresh()

    # --- messages up ---------------------------------------------------------------------

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        index = offset.y + self.scroll_offset.y
        if 0 <= index < len(self.entries):
            self.post_message(self.Clicked(self, index))
