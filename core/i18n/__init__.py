"""The one catalogue of user-facing strings, in Chinese (default) and English.

Core raises :class:`AnjianError` with a catalogue key and parameters; front ends render it in
the user's language with :func:`t`. ``ANJIAN_LANG`` or ``--lang`` chooses the language.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any, Literal

from core.i18n.cli import MESSAGES as _CLI
from core.i18n.determination import MESSAGES as _DETERMINATION
from core.i18n.evidence import MESSAGES as _EVIDENCE
from core.i18n.excel import MESSAGES as _EXCEL
from core.i18n.input import MESSAGES as _INPUT
from core.i18n.packs import MESSAGES as _PACKS
from core.i18n.process import MESSAGES as _PROCESS
from core.i18n.store import MESSAGES as _STORE
from core.i18n.ui import MESSAGES as _UI
from core.i18n.users import MESSAGES as _USERS
from core.i18n.versions import MESSAGES as _VERSIONS
from core.i18n.vocabulary import MESSAGES as _VOCABULARY

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")

CATALOGUE: dict[str, tuple[str, str]] = {
    **_CLI,
    **_DETERMINATION,
    **_EVIDENCE,
    **_EXCEL,
    **_INPUT,
    **_PACKS,
    **_PROCESS,
    **_STORE,
    **_UI,
    **_USERS,
    **_VERSIONS,
    **_VOCABULARY,
}


class Msg(str):
    """A parameter that is itself a catalogue key, rendered in the same language."""

    __slots__ = ()


class Message:
    """Text to show later, in whatever language its reader reads: a catalogue key and its
    parameters (which may themselves be a :class:`Msg`, a :class:`Message` or anything else
    with a ``render(lang)``)."""

    __slots__ = ("key", "params")

    def __init__(self, key: str, /, **params: Any) -> None:
        self.key = key
        self.params = params

    def render(self, lang: Lang = "zh") -> str:
        return t(self.key, lang, **self.params)

    def __eq__(self, other: object) -> bool:
        return (isinstance(other, Message) and (self.key, self.params)
                == (other.key, other.params))

    def __hash__(self) -> int:
        return hash(self.key)

    def __repr__(self) -> str:
        return f"Message({self.key!r}, **{self.params!r})"


class Lines:
    """Several messages (or plain strings) shown one per line (or joined by ``sep``: ``"; "``
    is written ``；`` in Chinese), the first ``shown`` of them and then how many more."""

    __slots__ = ("items", "sep", "shown")

    def __init__(self, items: Sequence[Any], shown: int = 200, sep: str = "\n") -> None:
        self.items, self.shown, self.sep = tuple(items), shown, sep

    def render(self, lang: Lang = "zh") -> str:
        lines = [str(_render(x, lang)) for x in self.items[:self.shown]]
        if len(self.items) > self.shown:
            lines.append(t("list.more", lang, count=len(self.items) - self.shown))
        sep = "；" if lang == "zh" and self.sep == "; " else self.sep
        return sep.join(lines)


class AnjianError(Exception):
    """An error a user can act on: a catalogue key with its parameters."""

    def __init__(self, key: str, /, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params

    def render(self, lang: Lang = "en") -> str:
        return t(self.key, lang, **self.params)

    def __str__(self) -> str:
        return self.render("en")


def t(key: str, lang: Lang = "zh", /, **params: Any) -> str:
    """Render catalogue entry ``key`` in ``lang``."""
    zh, en = CATALOGUE[key]
    params = {k: _render(v, lang) for k, v in params.items()}
    return (en if lang == "en" else zh).format(**params)


def _render(value: Any, lang: Lang) -> Any:
    """A parameter in ``lang``: a catalogue key or anything with ``render(lang)`` as text."""
    if isinstance(value, Msg):
        return t(value, lang)
    render = getattr(value, "render", None)
    return render(lang) if callable(render) else value


def name(kind: str, value: str, lang: Lang = "zh") -> str:
    """The name of the id ``value`` of ``kind`` (``sector``, ``colour``, ``team``,
    ``ui.stage`` …) in ``lang``; an id the catalogue does not name is shown as it is."""
    key = f"{kind}.{value}"
    return t(key, lang) if key in CATALOGUE else value


def default_lang() -> Lang:
    """The language from ``ANJIAN_LANG``, Chinese when unset or unknown."""
    return "en" if os.environ.get("ANJIAN_LANG", "zh").lower().startswith("en") else "zh"
