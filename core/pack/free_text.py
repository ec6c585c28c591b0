"""Free text (备注、原因、责任人、名称 …): what a stored text may hold, and how text is shown
where a terminal or a spreadsheet would otherwise act on it.

Free text may hold any printable character, line breaks and tabs; never a control character
(the C0 set but newline and tab, DEL, the C1 set) nor a bidirectional embedding, override or
isolate. A control character rings the bell, moves the cursor or starts an escape sequence that
rewrites what a terminal shows ("ESC [2K" erases the line just printed); the bidirectional
controls reorder what a reader sees without changing what is stored (CVE-2021-42574); and a
spreadsheet refuses C0 characters outright, so one of them stops a city's ledger export.

Services refuse such text with :func:`check` before they write; the store refuses it again on
every insert and update (:mod:`core.store.text_guard`), so a path that forgets the first check
still stores nothing. Text that reaches a terminal or a workbook anyway (stored before these
checks, or from a pack) is shown through :func:`visible`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from core.i18n import AnjianError, Msg

#: What free text may not hold: C0 controls but tab (09) and newline (0A), DEL and C1 (7F-9F),
#: the bidirectional embeddings and overrides (202A-202E) and isolates (2066-2069).
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

#: The usual names of the control characters people meet, for messages.
_NAMES = {0x00: "NUL", 0x07: "BEL", 0x08: "BS", 0x0B: "VT", 0x0C: "FF", 0x0D: "CR",
          0x1B: "ESC", 0x7F: "DEL", 0x9B: "CSI", 0x202E: "RLO", 0x202D: "LRO"}


def first_control(text: str) -> tuple[int, str] | None:
    """Where ``text`` first holds a character free text may not hold: (its position, counted
    from 1, and the character), or None when the text is clean."""
    found = CONTROL.search(text)
    return None if found is None else (found.start() + 1, found.group())


def code_point(char: str) -> str:
    """A character as a message names it: ``U+001B (ESC)``."""
    known = _NAMES.get(ord(char))
    return f"U+{ord(char):04X}" + (f" ({known})" if known else "")


def refusal(record: Any, field: str, text: str) -> AnjianError | None:
    """The refusal of ``text`` as the ``field`` of ``record`` (a :class:`Msg` naming it), or
    None when the text is clean."""
    found = first_control(text)
    if found is None:
        return None
    at, char = found
    return AnjianError("text.control", record=record, field=field, char=code_point(char), at=at)


def check(record: Any, /, **fields: str | Iterable[str] | None) -> None:
    """Refuse the first of ``fields`` (a text, several texts, or None for one not given) that
    holds a control character, naming ``record`` (e.g. ``record_of("hazard", 12)``) and the
    field; a field's name is a ``column.<field>`` entry of the catalogue."""
    for field, value in fields.items():
        texts = (value,) if isinstance(value, str) else value or ()
        for text in texts:
            problem = refusal(record, field, text)
            if problem is not None:
                raise problem


def record_of(kind: str, key: Any = None) -> Msg:
    """A record as a message names it: ``隐患 12`` / ``hazard 12``; with no key, a record
    about to be made (``新的检查行动`` / ``the new campaign``). ``kind`` is a ``kind.<kind>``
    entry of the catalogue."""
    if key is None:
        return Msg("text.new_record", kind=kind)
    return Msg("text.record", kind=kind, key=visible(str(key)))


def _escaped(found: re.Match[str]) -> str:
    n = ord(found.group())
    return f"\\x{n:02x}" if n < 0x100 else f"\\u{n:04x}"


def visible(text: str) -> str:
    """``text`` with every character free text may not hold written out as an escape
    (``\\x1b``, ``\\u202e``): shown, never acted on, by a terminal or a spreadsheet."""
    if CONTROL.search(text) is None:  # the usual case: no new string
        return text
    return CONTROL.sub(_escaped, text)
