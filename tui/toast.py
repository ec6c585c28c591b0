"""Notifications (toasts) laid out so that no Chinese character is lost.

Textual paints a screen line in pieces cut at the left and right edges of every widget on it,
also the widgets a toast covers; a double-width character that a cut falls through is
replaced by two spaces (``Segment.divide``), in the terminal and in screenshots alike. So a
toast over the home screen's panel border lost the character standing on that column, which
looked like a character dropped at a line's end. The app therefore lays a toast's text out
itself, by cell width, in lines as wide as the toast, and moves a wide character one cell to
the right when an edge of a widget beneath would cut it.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator

from rich.cells import cell_len

#: Textual 8's toast: 60 cells wide at most and half its rack at most (the rack is the
#: screen less its 2-cell scrollbar gutter), right-aligned in the rack; a 1-cell border on the
#: left and 1 cell of padding each side. tests/tui/test_toast.py checks this against Textual.
TOAST_WIDTH = 60
TOAST_GUTTER = 2
TOAST_LEFT = 2
TOAST_RIGHT = 1


def toast_area(screen_width: int) -> tuple[int, int]:
    """Where a toast's text stands on a screen ``screen_width`` wide: (first column, width)."""
    rack = max(0, screen_width - TOAST_GUTTER)
    width = min(TOAST_WIDTH, rack // 2)
    return rack - width + TOAST_LEFT, max(1, width - TOAST_LEFT - TOAST_RIGHT)


def _tokens(text: str) -> Iterator[str]:
    """Wide characters one by one, runs of narrow ones (words), and spaces."""
    word = ""
    for ch in text:
        if ch == " " or cell_len(ch) != 1:
            if word:
                yield word
                word = ""
            yield ch
        else:
            word += ch
    if word:
        yield word


def lay_out(text: str, start: int, width: int, cuts: Collection[int] = ()) -> str:
    """``text`` in lines of at most ``width`` cells (a word of narrow characters kept whole
    when it fits a line), the text standing from screen column ``start``: no wide character
    straddles a column in ``cuts`` (the edges of the widgets underneath). Line breaks in
    ``text`` are kept."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line, col = "", 0

        def new_line() -> None:
            nonlocal line, col
            lines.append(line.rstrip(" "))
            line, col = "", 0

        for token in _tokens(paragraph):
            if token == " ":
                if col and col < width:
                    line, col = line + " ", col + 1
                continue
            size = cell_len(token)
            if size == 2:
                if col + 2 > width:
                    new_line()
                for _ in range(width):  # a widget's edge would cut it: one cell on
                    if start + col + 1 not in cuts:
                        break
                    line, col = line + " ", col + 1
                    if col + 2 > width:
                        new_line()
                line, col = line + token, col + 2
                continue
            if size <= width and col + size > width:
                new_line()
            for ch in token:  # a narrow word, folded if longer than a line
                if col + 1 > width:
                    new_line()
                line, col = line + ch, col + 1
        lines.append(line.rstrip(" "))
    return "\n".join(lines)


def unlaid(text: str) -> str:
    """The text :func:`lay_out` laid out, near enough as written (for reading a toast back):
    its line breaks and the cells it moved a wide character by taken out. A line broken
    beside an ASCII character is taken to have broken at a space (``逾期 77 天``); a space
    written between two wide characters is lost."""
    joined = ""
    for n, line in enumerate(text.split("\n")):
        if n and joined and line and (joined[-1].isascii() or line[0].isascii()):
            joined += " "
        joined += line
    out = []
    for n, ch in enumerate(joined):
        if (ch == " " and 0 < n < len(joined) - 1 and cell_len(joined[n - 1]) == 2
                and (cell_len(joined[n + 1]) == 2 or joined[n + 1] == " ")):
            continue
        out.append(ch)
    return "".join(out)


def needs_layout(text: str) -> bool:
    """Whether ``text`` holds a double-width character (else Textual's wrapping is right)."""
    return any(cell_len(ch) == 2 for ch in text)
