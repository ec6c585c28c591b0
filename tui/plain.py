"""Text as the terminal UI shows it: never read as markup, every control character written out.

A string handed to a ``DataTable`` cell, a ``Static``, a ``Label`` or an ``Option`` is read
as Rich/Textual markup, so ``[/]`` in an enterprise's name is a markup error; and neither
Rich's ``Text`` nor Textual's ``Content`` removes ESC, so a stored escape sequence would reach
the terminal. Whatever the app shows that it did not write itself (names, notes, a pack's
text, a refusal quoting a value) goes through :func:`plain` (a ``Text``, which is never
markup) or :func:`visible` (for ``Text.append`` and notifications shown with
``markup=False``).
"""

from __future__ import annotations

from rich.text import Text

from core.pack.free_text import visible

__all__ = ["plain", "visible"]


def plain(text: object, style: str = "") -> Text:
    """``text`` as a ``Text`` (never markup), every control character in it written out."""
    return Text(visible(str(text)), style=style, end="")
