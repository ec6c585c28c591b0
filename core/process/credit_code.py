"""Unified social credit codes (统一社会信用代码, GB 32100-2015).

Eighteen characters from the 31-character set below: registration authority, organisation type,
six-digit administrative division, nine-character organisation code, and a check character
computed over the first seventeen with the standard's weights.
"""

from __future__ import annotations

from operator import mul

from core.i18n import AnjianError, Msg

CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_VALUE = {c: n for n, c in enumerate(CHARSET)}
_CHARS = frozenset(CHARSET)
_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def check_character(first17: str) -> str:
    """The check character for the first seventeen characters of a code."""
    if len(first17) != len(_WEIGHTS):
        raise ValueError(f"a check character is computed over 17 characters, not "
                         f"{len(first17)}")
    total = sum(map(mul, map(_VALUE.__getitem__, first17), _WEIGHTS))
    return CHARSET[(31 - total % 31) % 31]


def why(code: str) -> Msg | None:
    """Why ``code`` is not a valid credit code, as a catalogue message (``.render(lang)``), or
    ``None`` when it is."""
    if len(code) != 18:
        return Msg("uscc.length", count=len(code))
    if not _CHARS.issuperset(code):
        bad = sorted({c for c in code if c not in _VALUE})
        return Msg("uscc.chars", chars=", ".join(repr(c) for c in bad))
    if not code[2:8].isdigit():
        return Msg("uscc.division")
    expected = check_character(code[:17])
    if code[17] != expected:
        return Msg("uscc.check", got=repr(code[17]), expected=repr(expected))
    return None


def normalise(code: str) -> str:
    """Strip spaces and upper-case: how people type codes copied from licences."""
    return code.strip().replace(" ", "").upper()


def validate(code: str) -> str:
    """The normalised code, or a refusal saying what is wrong with it."""
    norm = normalise(code)
    found = why(norm)
    if found is not None:
        raise AnjianError("uscc.invalid", code=code, problem=found)
    return norm
