"""pydantic's validation errors in the catalogue's terms: one message per error, by its type.

pydantic words its errors in English (``Field required``, ``Input should be a valid string``).
Each type a pack file or a golden case can meet has a catalogue entry (``pydantic.<type>``)
that says in the reader's language what is wrong and what to do, with pydantic's context
(the pattern, the length, the allowed values) as its parameters; the problems the pack model's
own validators raise (:class:`~core.pack.model.ModelError`) are catalogue messages already.
Any other type keeps pydantic's English text inside a generic message, as a last resort; the
caller names the field either way.
"""

from __future__ import annotations

import re
import string
from typing import Any

from pydantic_core import ErrorDetails

from core.i18n import CATALOGUE, Msg, OneOf
from core.pack.model import _VERSION, ID_PATTERN, ModelError, Ref

#: What the date parser says is wrong with a date, in the catalogue's terms.
_DATE_ERRORS = {
    "input is too short": "date.too_short",
    "input is too long": "date.too_long",
    "invalid character in year": "date.bad_year",
    "invalid character in month": "date.bad_month",
    "invalid character in day": "date.bad_day",
    "invalid date separator, expected `-`": "date.separator",
    "month value is outside expected range of 1-12": "date.month_range",
    "day value is outside expected range": "date.day_range",
    "unexpected extra characters at the end of the input": "date.extra",
}
_PATTERNS = {ID_PATTERN: "pydantic.id_pattern", _VERSION.pattern: "pydantic.version_pattern"}
_QUOTED = re.compile(r"'((?:[^'\\]|\\.)*)'")


def error_msgs(err: ErrorDetails) -> list[tuple[Msg, Ref | None]]:
    """The problems one pydantic error stands for (several when a model validator found
    several), each with the object it is about when the validator said so."""
    ctx: dict[str, Any] = dict(err.get("ctx") or {})
    error = ctx.get("error")
    if isinstance(error, ModelError):
        return list(error.problems)
    return [(_msg(err, ctx), None)]


def _msg(err: ErrorDetails, ctx: dict[str, Any]) -> Msg:
    """One error of pydantic's own as a catalogue message (without the field)."""
    kind = err["type"]
    error = ctx.get("error")
    key = f"pydantic.{kind}"
    if kind == "string_too_short" and ctx.get("min_length") == 1:
        key = "pydantic.empty"
    elif kind == "string_pattern_mismatch":
        key = _PATTERNS.get(ctx.get("pattern", ""), key)
    if kind in ("literal_error", "enum") and isinstance(ctx.get("expected"), str):
        values = _QUOTED.findall(ctx["expected"])
        if values:
            ctx["expected"] = OneOf(f"'{v}'" for v in values)
    if isinstance(error, str):
        ctx["error"] = Msg(_DATE_ERRORS[error]) if error in _DATE_ERRORS else error
    if key in CATALOGUE and _fields(key) <= set(ctx):
        return Msg(key, **{k: ctx[k] for k in _fields(key)})
    return Msg("pydantic.other", text=err["msg"])


def _fields(key: str) -> set[str]:
    """The placeholders of both languages of a catalogue entry."""
    return {name.split(".")[0].split("[")[0] for template in CATALOGUE[key]
            for _, name, _, _ in string.Formatter().parse(template) if name}
