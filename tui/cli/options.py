"""The global options ``--db --lang --user``, carried in Typer's context object."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Annotated, TypeVar

import typer

from core.i18n import LANGS, AnjianError, Lang, default_lang, t

if TYPE_CHECKING:
    from core.services.context import Context

T = TypeVar("T")


@dataclass
class Options:
    """Who acts on which database, in which language; the services' context is opened on
    first use, once per command."""

    lang: Lang = "zh"
    db: str | None = None
    user: str | None = None
    #: The database password the person typed when asked (never from the command line).
    password: str | None = field(default=None, repr=False)
    _context: Context | None = field(default=None, repr=False)

    def context(self) -> Context:
        if self._context is None:
            from core.services.context import open_context

            self._context = self.logged_in(lambda password: open_context(
                self.db, actor=self.user, lang=self.lang, password=password))
        return self._context

    def logged_in(self, open_: Callable[[str | None], T]) -> T:
        """``open_`` the database; when its server asks for a password that neither
        ``PGPASSWORD`` nor ``~/.pgpass`` gave, ask for it once in the terminal (never echoed)
        and open again with it. Without a terminal the refusal says where to put it."""
        from core.services.login import NEEDS_PASSWORD

        try:
            return open_(self.password)
        except AnjianError as exc:
            if exc.key != NEEDS_PASSWORD or self.password is not None or not sys.stdin.isatty():
                raise
            self.password = ask_password(exc, self.lang)
        return open_(self.password)


def ask_password(refusal: AnjianError, lang: Lang) -> str:
    """The password typed at the terminal, asked in ``lang`` naming the database and role."""
    import getpass

    return getpass.getpass(t("cli.password_prompt", lang, url=refusal.params["url"],
                             user=refusal.params["user"]))


def options(ctx: typer.Context) -> Options:
    """The global options of the command being run."""
    found = ctx.find_object(Options)
    if found is None:  # a command invoked without ``main`` (as a test might)
        found = ctx.ensure_object(Options)
    return found


def chosen_lang(args: list[str]) -> Lang:
    """The language the command line asks for, known before it is parsed: ``--lang`` (the
    last one given), else ``ANJIAN_LANG``, else Chinese."""
    lang: str | None = None
    for n, arg in enumerate(args):
        if arg == "--":
            break
        if arg == "--lang" and n + 1 < len(args):
            lang = args[n + 1]
        elif arg.startswith("--lang="):
            lang = arg.partition("=")[2]
    if lang in LANGS:
        return "en" if lang == "en" else "zh"
    return default_lang()


def check_lang(lang: str | None) -> Lang:
    """``--lang`` as given (``None``: from ``ANJIAN_LANG``), or a refusal naming the choices."""
    if lang is None:
        return default_lang()
    if lang not in LANGS:
        raise AnjianError("cli.bad_lang", lang=lang)
    return "en" if lang == "en" else "zh"


def parse_date(raw: str | None, option: str) -> dt.date | None:
    """A ``YYYY-MM-DD`` option's value (``None`` when not given)."""
    if raw is None:
        return None
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise AnjianError("cli.bad_date", option=option, value=raw) from None


# Options several commands share; their help and metavars come from the catalogue.
Json = Annotated[bool, typer.Option("--json")]
ExpectVersion = Annotated[int | None, typer.Option("--expect-version")]
