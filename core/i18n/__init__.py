"""The one catalogue of user-facing strings, in Chinese (default) and English.

Core raises :class:`AnjianError` with a catalogue key and parameters; front ends render it in
the user's language with :func:`t`. ``ANJIAN_LANG`` or ``--lang`` chooses the language.
"""

from __future__ import annotations

import os
from typing import Any, Literal

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

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")

CATALOGUE: dict[str, tuple[str, str]] = {
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
}


class Msg(str):
    """A parameter that is itself a catalogue key, rendered in the same language."""

    __slots__ = ()


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
    params = {k: t(v, lang) if isinstance(v, Msg) else v for k, v in params.items()}
    return (en if lang == "en" else zh).format(**params)


def default_lang() -> Lang:
    """The language from ``ANJIAN_LANG``, Chinese when unset or unknown."""
    return "en" if os.environ.get("ANJIAN_LANG", "zh").lower().startswith("en") else "zh"
