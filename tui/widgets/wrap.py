"""Wrapping Chinese text for a pane of known width: a line may break between any two Chinese
characters, but never inside a number with its unit (``30米``, ``2.5 kPa``, ``≥ 80%``) or a
Latin word, and a numbered part (``1. …``) keeps its number on the line of its text, its
following lines indented under the text.

Rich breaks only at spaces and folds a longer run at the exact width, so a run of Chinese
without spaces is cut wherever the width ends, a number included (``3`` / ``0米``), and a
short ``1.`` before such a run stands alone on its line.
"""

from __future__ import annotations

import re

from rich.cells import cell_len

#: Units written after a number, kept on its line: SI and common symbols, and the Chinese
#: measure words and units the standards use.
_UNIT = (r"(?:%|‰|℃|°C|°|[A-Za-z]+[²³]?(?:/[A-Za-z]+[²³]?)?"
         r"|[米厘毫千公里吨克升人个处台次层级天年月日时分秒倍项条家名组只套根块座间张平方立]+)")
#: The pieces a line may not break inside: a comparison with its number and unit, a number
#: with its unit, a Latin word; then any single character.
_PIECE = re.compile(
    r"[<>≤≥≦≧＜＞]=?\s?\d[\d.,:/]*(?:\s?" + _UNIT + r")?"
    r"|\d[\d.,:/]*(?:\s?" + _UNIT + r")?"
    r"|[A-Za-z][A-Za-z0-9_\-.'’]*"
    r"|\s+"
    r"|.", re.S)
#: A numbered part at the start of a line: ``1.``, ``(2)``, ``（三）``, ``a)``.
_NUMBER = re.compile(r"^\s*(?:\d+[.、)]|[（(][^)）]{1,4}[)）]|[a-z][.)]"
                     r"|[一二三四五六七八九十]+、)\s*")


def wrap_line(text: str, width: int, indent: int = 0) -> list[str]:
    """One paragraph as lines of at most ``width`` cells (a piece longer than a whole line
    is cut, as nothing else can be done); lines after the first start with ``indent``
    spaces."""
    width = max(width, indent + 4, 4)
    lines: list[str] = []
    line, used = "", 0
    for piece in _PIECE.findall(text):
        size = cell_len(piece)
        if piece.isspace():
            # kept after text that fits, and as a paragraph's leading indent
            if (line or not lines) and used + size <= width:
                line, used = line + piece, used + size
            elif line:
                lines.append(line.rstrip())
                line, used = " " * indent, indent
            continue
        if used + size > width and line.strip():
            lines.append(line.rstrip())
            line, used = " " * indent, indent
        while used + size > width:  # longer than a line: cut it
            room = width - used
            head = ""
            for ch in piece:
                if cell_len(head + ch) > room:
                    break
                head += ch
            if not head:
                head = piece[0]
            lines.append(line + head)
            piece = piece[len(head):]
            size = cell_len(piece)
            line, used = " " * indent, indent
        line, used = line + piece, used + size
    if line.strip() or not lines:
        lines.append(line.rstrip())
    return lines


def wrap(text: str, width: int) -> str:
    """``text`` wrapped to ``width`` cells, paragraph by paragraph (its own line breaks
    kept); a numbered line's continuation is indented under its text."""
    out: list[str] = []
    for paragraph in text.split("\n"):
        number = _NUMBER.match(paragraph)
        indent = cell_len(number.group(0)) if number else cell_len(
            paragraph) - cell_len(paragraph.lstrip())
        out += wrap_line(paragraph, width, min(indent, width // 2))
    return "\n".join(out)
