"""The one catalogue of user-facing strings, in Chinese (default) and English.

Core raises :class:`AnjianError` with a catalogue key and parameters, and reports problems it
does not raise as :class:`Msg` (a key with parameters, in no language yet); front ends render
either in the user's language with :func:`t` or ``.render(lang)``. ``ANJIAN_LANG`` or
``--lang`` chooses the language.

A parameter may itself be a :class:`Msg` (rendered in the same language), a :class:`Listed` or
:class:`OneOf` (values joined as the language joins a list or alternatives), :class:`Lines` (one
per line), anything else with a ``render(lang)`` (a determination's warning, a guard's
refusal), or a plain value. :func:`name` gives the name of an id (a sector, a stage, a colour).
A placeholder written ``{stage:@ui.stage}`` shows the value by its catalogue name
``ui.stage.<value>`` when there is one, and as it is otherwise: a stage id, an inspection kind
or a record kind reads as a word of the sentence's language.
"""

from __future__ import annotations

import errno
import json
import os
import string
from collections.abc import Sequence
from typing import Any, Literal

from core.i18n.anchors import MESSAGES as _ANCHORS
from core.i18n.cli import MESSAGES as _CLI
from core.i18n.determination import MESSAGES as _DETERMINATION
from core.i18n.document_files import MESSAGES as _DOCUMENT_FILES
from core.i18n.documents import MESSAGES as _DOCUMENTS
from core.i18n.evidence import MESSAGES as _EVIDENCE
from core.i18n.excel import MESSAGES as _EXCEL
from core.i18n.input import MESSAGES as _INPUT
from core.i18n.names import MESSAGES as _NAMES
from core.i18n.overlays import MESSAGES as _OVERLAYS
from core.i18n.packs import MESSAGES as _PACKS
from core.i18n.permits import MESSAGES as _PERMITS
from core.i18n.problems import MESSAGES as _PROBLEMS
from core.i18n.process import MESSAGES as _PROCESS
from core.i18n.record import MESSAGES as _RECORD
from core.i18n.risk import MESSAGES as _RISK
from core.i18n.risk_map import MESSAGES as _RISK_MAP
from core.i18n.risk_outputs import MESSAGES as _RISK_OUTPUTS
from core.i18n.risk_register import MESSAGES as _RISK_REGISTER
from core.i18n.risk_stats import MESSAGES as _RISK_STATS
from core.i18n.standing import MESSAGES as _STANDING
from core.i18n.store import MESSAGES as _STORE
from core.i18n.template import MESSAGES as _TEMPLATE
from core.i18n.ui import MESSAGES as _UI
from core.i18n.ui_admin import MESSAGES as _UI_ADMIN
from core.i18n.ui_city import MESSAGES as _UI_CITY
from core.i18n.ui_documents import MESSAGES as _UI_DOCUMENTS
from core.i18n.ui_forms import MESSAGES as _UI_FORMS
from core.i18n.ui_hazard import MESSAGES as _UI_HAZARD
from core.i18n.ui_inspect import MESSAGES as _UI_INSPECT
from core.i18n.ui_keys import MESSAGES as _UI_KEYS
from core.i18n.ui_risk import MESSAGES as _UI_RISK
from core.i18n.users import MESSAGES as _USERS
from core.i18n.versions import MESSAGES as _VERSIONS
from core.i18n.vocabulary import MESSAGES as _VOCABULARY
from core.i18n.waivers import MESSAGES as _WAIVERS

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")

CATALOGUE: dict[str, tuple[str, str]] = {
    **_ANCHORS,
    **_CLI,
    **_DETERMINATION,
    **_DOCUMENTS,
    **_DOCUMENT_FILES,
    **_EVIDENCE,
    **_EXCEL,
    **_INPUT,
    **_NAMES,
    **_OVERLAYS,
    **_PACKS,
    **_PERMITS,
    **_PROBLEMS,
    **_PROCESS,
    **_RECORD,
    **_RISK,
    **_RISK_MAP,
    **_RISK_OUTPUTS,
    **_RISK_REGISTER,
    **_RISK_STATS,
    **_STANDING,
    **_STORE,
    **_TEMPLATE,
    **_UI,
    **_UI_DOCUMENTS,
    **_UI_FORMS,
    **_UI_CITY,
    **_UI_KEYS,
    **_UI_RISK,
    **_UI_INSPECT,
    **_UI_HAZARD,
    **_UI_ADMIN,
    **_USERS,
    **_VERSIONS,
    **_VOCABULARY,
    **_WAIVERS,
}


class Msg:
    """A message in no language yet: a catalogue key and its parameters.

    Core returns these where it reports problems without raising (a pack file's problems, a
    plugin's, a validator's issues); a front end renders them with :meth:`render` in the user's
    language. As a parameter of another message it is rendered in that message's language.
    ``str()`` gives the English text, for logs and for callers written before messages had
    keys.
    """

    __slots__ = ("key", "params")

    def __init__(self, key: str, /, **params: Any) -> None:
        self.key = key
        self.params = params

    def render(self, lang: Lang = "en") -> str:
        return t(self.key, lang, **self.params)

    def __str__(self) -> str:
        return self.render("en")

    def __repr__(self) -> str:
        args = "".join(f", {k}={v!r}" for k, v in self.params.items())
        return f"Msg({self.key!r}{args})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Msg) and (self.key, self.params) == (other.key, other.params)

    def __hash__(self) -> int:
        return hash(self.key)


class Listed(tuple[Any, ...]):
    """A list as one parameter: ``a, b, c`` in English, ``a、b、c`` in Chinese (each value
    rendered in the language, when it is a :class:`Msg`)."""

    __slots__ = ()

    def render(self, lang: Lang = "en") -> str:
        return ("、" if lang == "zh" else ", ").join(shown_in(v, lang) for v in self)

    def __str__(self) -> str:
        return self.render("en")


class OneOf(Listed):
    """Alternatives as one parameter: ``'a', 'b' or 'c'`` in English, ``'a'、'b' 或 'c'`` in
    Chinese."""

    __slots__ = ()

    def render(self, lang: Lang = "en") -> str:
        if len(self) < 2:
            return Listed.render(self, lang)
        last = shown_in(self[-1], lang)
        rest = Listed(self[:-1]).render(lang)
        return f"{rest} or {last}" if lang == "en" else f"{rest} 或 {last}"


class Lines:
    """Several messages (or plain strings) shown one per line (or joined by ``sep``: ``"; "``
    is written ``；`` in Chinese), the first ``shown`` of them and then how many more."""

    __slots__ = ("items", "sep", "shown")

    def __init__(self, items: Sequence[Any], shown: int = 200, sep: str = "\n") -> None:
        self.items, self.shown, self.sep = tuple(items), shown, sep

    def render(self, lang: Lang = "en") -> str:
        lines = [shown_in(x, lang) for x in self.items[:self.shown]]
        if len(self.items) > self.shown:
            lines.append(t("list.more", lang, count=len(self.items) - self.shown))
        sep = "；" if lang == "zh" and self.sep == "; " else self.sep
        return sep.join(lines)

    def __str__(self) -> str:
        return self.render("en")


class AnjianError(Exception):
    """An error a user can act on: a catalogue key with its parameters."""

    def __init__(self, key: str, /, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params

    def render(self, lang: Lang = "en") -> str:
        return t(self.key, lang, **self.params)

    def as_msg(self) -> Msg:
        """The same message, to report rather than raise."""
        return Msg(self.key, **self.params)

    def __str__(self) -> str:
        return self.render("en")


def t(key: str, lang: Lang = "zh", /, **params: Any) -> str:
    """Render catalogue entry ``key`` in ``lang``."""
    zh, en = CATALOGUE[key]
    template = en if lang == "en" else zh
    params = {k: shown_in(v, lang) if callable(getattr(v, "render", None)) else v
              for k, v in params.items()}
    if ":@" in template:
        return _Named(lang).format(template, **params)
    return template.format(**params)


def shown_in(value: Any, lang: Lang) -> str:
    """``value`` as text in ``lang``: anything with a ``render(lang)`` (a :class:`Msg`, a
    :class:`Listed`, :class:`Lines`, a warning, a refusal) rendered, anything else as ``str()``
    gives it."""
    render = getattr(value, "render", None)
    if callable(render):
        return str(render(lang))
    return str(value)


def name(kind: str, value: str, lang: Lang = "zh") -> str:
    """The name of the id ``value`` of ``kind`` (``sector``, ``colour``, ``team``,
    ``ui.stage`` …) in ``lang``; an id the catalogue does not name is shown as it is."""
    key = f"{kind}.{value}"
    return t(key, lang) if key in CATALOGUE else value


class _Named(string.Formatter):
    """Formats ``{value:@prefix}`` as the catalogue's name ``prefix.<value>`` if it has one."""

    def __init__(self, lang: Lang) -> None:
        self.lang = lang

    def format_field(self, value: Any, format_spec: str) -> str:
        if format_spec.startswith("@"):
            name = f"{format_spec[1:]}.{value}"
            return t(name, self.lang) if name in CATALOGUE else str(value)
        return super().format_field(value, format_spec)  # type: ignore[no-any-return]


#: Operating-system errors a user meets, by errno; any other keeps the system's own words.
_OS_ERRORS = {errno.ENOENT: "os.no_such_file", errno.EACCES: "os.permission",
              errno.EPERM: "os.not_permitted", errno.EISDIR: "os.is_folder",
              errno.ENOTDIR: "os.not_folder", errno.ENOSPC: "os.disk_full",
              errno.EROFS: "os.read_only", errno.ELOOP: "os.link_loop",
              errno.ENAMETOOLONG: "os.name_too_long", errno.EIO: "os.io",
              errno.EEXIST: "os.exists", errno.EBUSY: "os.busy", errno.EMFILE: "os.too_many_open",
              errno.EXDEV: "os.other_device"}


def os_reason(exc: OSError) -> Msg | str:
    """Why an operating-system call failed, as a message in the catalogue when its errno is
    one a user meets (no such file, permission denied, disk full …), else the system's words."""
    key = _OS_ERRORS.get(exc.errno or 0)
    return Msg(key) if key else (exc.strerror or str(exc))


#: Why bytes are not UTF-8, as :class:`UnicodeDecodeError` says it.
_UTF8_ERRORS = {"invalid start byte": "utf8.start",
                "invalid continuation byte": "utf8.continuation",
                "unexpected end of data": "utf8.end"}


def utf8_reason(exc: UnicodeDecodeError) -> Msg | str:
    """Why bytes are not UTF-8 text, as a message in the catalogue when it is a usual reason."""
    key = _UTF8_ERRORS.get(exc.reason)
    return Msg(key) if key else exc.reason


#: What :mod:`json` says is wrong with a text, in the catalogue's terms.
_JSON_ERRORS = {
    "Expecting value": "json.value",
    "Expecting ',' delimiter": "json.comma",
    "Expecting ':' delimiter": "json.colon",
    "Expecting property name enclosed in double quotes": "json.name",
    "Unterminated string starting at": "json.unterminated",
    "Invalid control character at": "json.control",
    "Invalid \\escape": "json.escape",
    "Invalid \\uXXXX escape": "json.escape",
    "Extra data": "json.extra",
    "Illegal trailing comma before end of object": "json.trailing",
    "Illegal trailing comma before end of array": "json.trailing",
}


def json_reason(exc: json.JSONDecodeError) -> Msg | str:
    """Why a text is not JSON, as a message in the catalogue when it is a usual reason."""
    key = _JSON_ERRORS.get(exc.msg)
    return Msg(key) if key else exc.msg


def default_lang() -> Lang:
    """The language from ``ANJIAN_LANG``, Chinese when unset or unknown."""
    return "en" if os.environ.get("ANJIAN_LANG", "zh").lower().startswith("en") else "zh"
