"""What a screen shows a person, as text: the painted frame (from the SVG screenshot) and
everything its widgets hold beyond the frame (every row of a table, every line of a list,
every binding of the footer), and the notifications on screen."""

from __future__ import annotations

import html
import re
from typing import Any

from rich.cells import cell_len
from textual.widgets import DataTable, Footer, Input, OptionList, Static

from tui.widgets.item_list import ItemList

_SEGMENT = re.compile(r'<text class="[^"]*" x="([\d.]+)" y="[\d.]+" textLength="[\d.]+" '
                      r'clip-path="url\(#[^)]*-line-(\d+)\)">([^<]*)</text>')
#: The width of one cell in Textual's SVG screenshots.
CELL = 12.2


def frame_text(svg: str) -> str:
    """The text painted in a screenshot, line by line, each run at its column."""
    lines: dict[int, list[tuple[float, str]]] = {}
    for x, line, text in _SEGMENT.findall(svg):
        lines.setdefault(int(line), []).append((float(x), html.unescape(text).replace("\xa0", " ")))
    out = []
    for n in range(max(lines, default=-1) + 1):
        row = ""
        for x, text in sorted(lines.get(n, [])):
            row += " " * max(0, round(x / CELL) - cell_len(row)) + text
        out.append(row.rstrip())
    return "\n".join(out)


def widget_texts(app: Any) -> list[str]:
    """The texts of the current screen's widgets, whole (not cut to the frame)."""
    screen = app.screen
    out = [str(app.title), str(app.sub_title)]
    if screen.query(Footer):
        for node in screen.active_bindings.values():
            if node.binding.show:
                out += [node.binding.description, app.get_key_display(node.binding)]
    for widget in screen.query("*"):
        if isinstance(widget, DataTable):
            out += [str(c.label) for c in widget.columns.values()]
            out += [str(cell) for n in range(widget.row_count) for cell in widget.get_row_at(n)]
        elif isinstance(widget, OptionList):
            out += [str(widget.get_option_at_index(n).prompt)
                    for n in range(widget.option_count)]
        elif isinstance(widget, ItemList):
            out += [str(widget.label(e)) for e in widget.entries]
        elif isinstance(widget, Input):
            out += [widget.placeholder, widget.value]
        elif isinstance(widget, Static):
            out.append(str(widget.render()))
    return out


def shown(app: Any) -> str:
    """Everything the current screen shows, as text."""
    return "\n".join([frame_text(app.export_screenshot()), *widget_texts(app), *notices(app)])


def notices(app: Any) -> list[str]:
    """The notifications on screen now, as written (without the line breaks and cells the app
    laid a Chinese toast out with: :func:`tui.toast.unlaid`)."""
    from tui.toast import unlaid

    return [unlaid(str(toast.render())) for toast in app.screen.query("Toast")]


async def settle(app: Any, pilot: Any) -> None:
    """Wait until every worker is done (one cancelled meanwhile counts as done) and the screen
    has caught up."""
    import contextlib

    from textual.worker import WorkerCancelled

    for _ in range(2):
        for worker in list(app.workers):
            with contextlib.suppress(WorkerCancelled):
                await worker.wait()
        await pilot.pause()


async def until(pilot: Any, holds: Any, seconds: float = 20) -> None:
    """Wait (without a fixed sleep) until ``holds()`` is true: a screen reloads in a worker
    that starts only once the dialog above it has gone, later than any settle on a busy
    machine."""
    for _ in range(int(seconds / 0.05)):
        if holds():
            return
        await pilot.pause(0.05)
    raise AssertionError("the screen never showed it")
