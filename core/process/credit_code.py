"""Unified social credit codes (统一社会信用代码, GB 32100-2015).

Eighteen characters from the 31-character set below: registration authority, organisation type,
six-digit administrative division, nine-character organisation code, and a check character
computed over the first seventeen with the standard's weights.
"""

from __future__ import annotations

from operator import mul

from core.i18n import AnjianError

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


def problem(code: str) -> str | None:
    """Why ``code`` is not a valid credit code, or ``None`` when it is."""
    if len(code) != 18:
        return f"has {len(code)} characters; a unified social credit code has 18"
    if not _CHARS.issuperset(code):
        bad = sorted({c for c in code if c not in _VALUE})
        return (f"contains {', '.join(repr(c) for c in bad)}; only digits and the capital "
                "letters A–Y except I, O, S, V, Z are used")
    if not code[2:8].isdigit():
        return "characters 3–8 must be the six-digit administrative division code"
    expected = check_character(code[:17])
    if code[17] != expected:
        return f"check character is {code[17]!r} but should be {expected!r} (a typing error?)"
    return None


def normalise(code: str) -> str:
    """Strip spaces and upper-case: how people type codes copied from licences."""
    return code.strip().replace(" ", "").upper()


def validate(code: str) -> str:
    """The normalised code, or a refusal saying what is wrong with it."""
    norm = normalise(code)
    why = problem(norm)
    if why:
        raise AnjianError("uscc.invalid", code=code, problem=why)
    return norm
