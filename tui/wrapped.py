"""Text wrapped as Chinese is: a line may break between any two Chinese characters and at
spaces, never inside a Latin word, a code or a number, never before closing punctuation
(，。）…) or after opening punctuation (（《…), and a number keeps its unit (``30 米``, ``3 次``).
Continuation lines keep the line's indent, and a numbered part (``1.``, ``（三）``, ``一、``)
keeps its number on the line of its text, its following lines under the text. Textual itself
breaks only at spaces and cuts a long run of Chinese text wherever the width ends (``3`` /
``0米``, ``SQLi`` / ``te``), and a short ``1.`` before such a run stands alone on its line."""

from __future__ import annotations

import re
from collections.abc import Sequence

from rich.cells import cell_len
from rich.text import Text
from textual.app import RenderResult
from textual.geometry import Size
from textual.widget import Widget

#: A run of printable ASCII (a word, a code, a number, a path), a run of spaces, or one
#: other character.
_TOKEN = re.compile(r"[!-~]+|[ \t]+|.")
_CLOSING = set("，。、；：？！）】》」』〉”’…·")
_OPENING = set("（【《「『〈“‘")
#: A numbered part at the start of a line: ``1.``, ``(2)``, ``（三）``, ``a)``, ``一、``.
_NUMBER = re.compile(r"^\s*(?:\d+[.、)]|[（(][^)）]{1,4}[)）]|[a-z][.)]"
                     r"|[一二三四五六七八九十]+、)\s*")


def _tokens(line: str) -> list[str]:
    """The line as unbreakable pieces (breaks are allowed only between them)."""
    raw = _TOKEN.findall(line)
    out: list[str] = []
    i = 0
    while i < len(raw):
        tok = raw[i]
        # a number keeps its unit, with or without a space between them
        if tok[-1].isdigit() and i + 1 < len(raw):
            unit = raw[i + 1]
            if _unit(unit):
                tok, i = tok + unit, i + 1
            elif unit == " " and i + 2 < len(raw) and _unit(raw[i + 2]):
                tok, i = tok + unit + raw[i + 2], i + 2
        if out and (tok[0] in _CLOSING or out[-1][-1] in _OPENING):
            out[-1] += tok  # punctuation stays with what it closes or opens
        else:
            out.append(tok)
        i += 1
    return out


def _unit(tok: str) -> bool:
    return len(tok) == 1 and not tok.isascii() and tok not in _OPENING and tok not in _CLOSING


def wrap(line: str, width: int) -> list[str]:
    """``line`` as lines of at most ``width`` cells (a piece wider than that is cut); a
    numbered part's following lines start under its text, others under its indent."""
    if width <= 0:
        return [line]
    number = _NUMBER.match(line)
    indent = (" " * cell_len(number.group(0)) if number
              else line[:len(line) - len(line.lstrip(" "))])
    hang = indent if cell_len(indent) < width // 2 else ""
    lines: list[str] = []
    current = ""
    for tok in _tokens(line):
        if cell_len(current) + cell_len(tok) <= width:
            current += tok
            continue
        if tok.isspace():
            continue  # a break at a space: the space goes
        if current.strip():
            lines.append(current.rstrip())
            current = hang
        while cell_len(current) + cell_len(tok) > width:  # wider than a line: cut it
            room = width - cell_len(current)
            cut = 0
            while cut < len(tok) and cell_len(tok[:cut + 1]) <= room:
                cut += 1
            if cut == 0:
                if not current.strip():
                    cut = 1  # a character wider than the line: alone on its line
                else:
                    lines.append(current.rstrip())
                    current = hang
                    continue
            lines.append(current + tok[:cut])
            current, tok = hang, tok[cut:]
        current += tok
    if current.strip() or not lines:
        lines.append(current.rstrip())
    return lines


def wrap_text(text: str, width: int) -> str:
    """``text`` wrapped to ``width`` cells paragraph by paragraph (its own line breaks kept)."""
    return "\n".join(part for paragraph in text.split("\n") for part in wrap(paragraph, width))


class Wrapped(Widget):
    """Lines of text, each with its style, wrapped as :func:`wrap` does to the widget's
    width (as text, never markup)."""

    DEFAULT_CSS = "Wrapped { height: auto; }"

    def __init__(self, lines: Sequence[tuple[str, str]] = (), *, id: str | None = None,
                 classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.lines = list(lines)

    def update(self, lines: Sequence[tuple[str, str]]) -> None:
        self.lines = list(lines)
        self.refresh(layout=True)

    @property
    def plain(self) -> str:
        """The lines as given (unwrapped), one per line."""
        return "\n".join(line for line, _ in self.lines)

    def wrapped(self, width: int) -> Text:
        out = Text(no_wrap=True, overflow="crop")
        first = True
        for line, style in self.lines:
            for part in wrap(line, width):
                if not first:
                    out.append("\n")
                out.append(part, style=style)
                first = False
        return out

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return sum(len(wrap(line, width)) for line, _ in self.lines)

    def render(self) -> RenderResult:
        return self.wrapped(self.content_region.width or self.size.width)
