"""The rule for "no untranslated English" in what a person reads under the default language.

Text shown in Chinese may still hold Latin letters where they are not English words; the
rule, kept simple:

1. Dropped first: spans in backticks (commands to type), option names (``--json``, ``-p``),
   paths and file names (anything with ``/`` or ``\\``, or ``name.ext``), URLs, and e-mail-like
   tokens.
2. A token (a run of letters, digits, ``_ - . :``) is kept, not English, when it
   - holds a digit: an id, a number, a unit with its number, a standard (``gb35181-2017``,
     ``FIRE-2017-C-7.3.1``, ``5.3.2``, ``20ppm``, ``sha256``);
   - is an acronym in capitals (``GB``, ``USCC``, ``UTC``, ``LEC``);
   - is one of the values a user types on the command line, listed by :func:`typed_ids`
     (a pack's site categories, tags and exceptions, roles, inspection kinds, answer
     statuses, colour codes, reasons for making no self-inspection), shown beside their
     names so they can be typed;
   - is in :data:`TECHNICAL` (product and format names, key names as keyboards print them).
3. Every other token with two or more Latin letters is an untranslated English word.

Stage, status and sector ids are deliberately not allowed: a person reads their names.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache

#: Names that stay in Latin letters in Chinese software.
TECHNICAL = frozenset({
    "anjian", "SQLite", "PostgreSQL", "sqlite", "postgresql", "Excel", "WPS", "JSON", "json",
    "xlsx", "docx", "Word", "YAML", "yaml", "PDF", "pdf", "LibreOffice", "Python", "pip", "Textual",
    "Enter", "Esc", "Tab", "Ctrl", "Shift", "Space", "PgUp", "PgDn", "Home", "End",
    "ctrl", "EDITOR",
})

_DROP = re.compile(
    r"`[^`\n]*`"                       # commands in backticks
    r"|(?<![\w-])--?[A-Za-z][\w-]*"    # option names
    r"|\S*[/\\]\S*"                    # paths, URLs
    r"|\b[\w-]+\.(?:xlsx|json|yaml|yml|db|py|toml|txt|md|pdf|csv|tcss)\b"  # file names
    r"|\S+@\S+")                       # user@host
_TOKEN = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.:\-]*")


@cache
def typed_ids() -> frozenset[str]:
    """Values a user types on the command line and so sees beside their names."""
    from core.engine.findings import Status
    from core.process.colour import Colour
    from core.process.permissions import Role
    from core.process.workflow import EXEMPTION_REASONS
    from core.services.inspections import KINDS
    from core.services.packs import default_catalogue

    ids: set[str] = {"other"}
    for entry in default_catalogue().entries.values():
        for values in entry.pack.site_vocabulary().values():
            ids |= set(values)
    ids |= {r.value for r in Role} | set(KINDS) | {s.value for s in Status}
    ids |= {c.value for c in Colour} | set(EXEMPTION_REASONS)
    # the risk register's values, typed as ids and shown beside their names
    from core.pack.risk_method import (
        ACCIDENT_TYPES,
        MEASURE_CLASSES,
        SOURCE_CLASSES,
        RiskGrade,
        Tier,
    )
    from core.process.risk import KINDS as RISK_KINDS

    ids |= set(ACCIDENT_TYPES) | set(MEASURE_CLASSES) | set(SOURCE_CLASSES) | set(RISK_KINDS)
    ids |= {g.value for g in RiskGrade} | {t.value for t in Tier} | {"lec", "ls"}
    cat = default_catalogue()
    ids |= set(cat.risk_methods) | set(cat.direct_rules)
    return frozenset(ids)


def english_words(text: str, allowed: Iterable[str] = ()) -> list[str]:
    """The untranslated English words in ``text`` (empty: it passes)."""
    keep = TECHNICAL | typed_ids() | set(allowed)
    out = []
    for token in _TOKEN.findall(_DROP.sub(" ", text)):
        word = token.strip("_-.:")
        if (len(re.findall(r"[A-Za-z]", word)) < 2 or any(c.isdigit() for c in word)
                or (word.isupper() and word.isalpha()) or word in keep):
            continue
        out.append(word)
    return out
