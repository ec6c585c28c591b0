"""Help, usage and usage errors in the reader's language.

Typer builds the command tree; :func:`localise` then gives every command and parameter its help
and metavar from the catalogue (``cli.<group>.<command>`` and ``cli.<group>.<command>.<param>``,
shared ones under ``cli.param.*`` and ``cli.metavar.*``). The command classes write the help
themselves, with the catalogue's headings, and :func:`usage_error` renders the parser's errors
from their class and attributes.
"""

from __future__ import annotations

import textwrap
import unicodedata
from collections.abc import Iterator
from typing import Any

import typer
from typer.core import TyperCommand, TyperGroup

from core.i18n import CATALOGUE, AnjianError, Lang, t


class UsageProblem(AnjianError):
    """A command line the parser cannot take, said in the catalogue's words: shown with the
    command's usage line and where to find its help."""

    def __init__(self, ctx: typer.Context | None, key: str, /, **params: Any) -> None:
        super().__init__(key, **params)
        self.ctx = ctx


class _Localised:
    """What both command classes share: help and usage written in their language."""

    lang: Lang = "zh"

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        pieces = self.collect_usage_pieces(ctx)  # type: ignore[attr-defined]
        prefix = t("cli.usage", self.lang, command=ctx.command_path)
        formatter.write(_wrap(prefix + " " + " ".join(pieces), formatter.width,
                              indent=_width(prefix) + 1) + "\n")

    def format_help(self, ctx: Any, formatter: Any) -> None:
        self.format_usage(ctx, formatter)
        text = getattr(self, "help", None) or ""
        if text:
            formatter.write("\n" + _wrap(text, formatter.width, first=2, indent=2) + "\n")
        params = self.get_params(ctx)  # type: ignore[attr-defined]
        arguments = [p for p in params if p.param_type_name == "argument" and not p.hidden]
        options = [p for p in params if p.param_type_name == "option" and not p.hidden]
        _section(formatter, t("cli.heading.arguments", self.lang),
                 [(p.metavar or p.name, _param_help(p, self.lang)) for p in arguments])
        _section(formatter, t("cli.heading.options", self.lang),
                 [(_option_names(p), _param_help(p, self.lang)) for p in options])
        commands = getattr(self, "commands", {})
        _section(formatter, t("cli.heading.commands", self.lang),
                 [(name, _short(c.help or "")) for name, c in commands.items() if not c.hidden])


class Command(_Localised, TyperCommand):
    """A command whose help, usage and parse errors are in its language."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        allowed = ctx.allow_extra_args
        ctx.allow_extra_args = True
        try:
            rest = super().parse_args(ctx, args)
        finally:
            ctx.allow_extra_args = allowed
        if rest and not allowed and not ctx.resilient_parsing:
            raise UsageProblem(ctx, "cli.error.extra", args=" ".join(rest))
        return rest


class Group(_Localised, TyperGroup):
    """A command group whose help, usage and parse errors are in its language."""

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        name = args[0] if args else ""
        if (name and not name.startswith("-") and self.get_command(ctx, name) is None
                and not ctx.resilient_parsing):
            raise UsageProblem(ctx, "cli.error.no_command", name=name,
                               commands="、".join(self.commands) if self.lang == "zh"
                               else ", ".join(self.commands))
        return super().resolve_command(ctx, args)


def localise(command: Any, lang: Lang, path: tuple[str, ...] = ("cli",)) -> None:
    """Give ``command`` and everything under it help and metavars in ``lang``."""
    command.lang = lang
    command.help, command.short_help = t(".".join(path), lang), None
    command.options_metavar = t("cli.metavar.options", lang)
    if hasattr(command, "subcommand_metavar"):
        command.subcommand_metavar = t("cli.metavar.command", lang)
    for param in command.params:
        help_key, metavar_key = _param_keys(path, param)
        param.help = t(help_key, lang)
        if metavar_key:
            param.metavar = t(metavar_key, lang)
        param.show_default = False
    for name, sub in getattr(command, "commands", {}).items():
        localise(sub, lang, (*path, name))


def help_keys(command: Any, path: tuple[str, ...] = ("cli",)) -> Iterator[str]:
    """Every catalogue key :func:`localise` reads for ``command`` and what is under it."""
    yield ".".join(path)
    for param in command.params:
        yield from (k for k in _param_keys(path, param) if k)
    for name, sub in getattr(command, "commands", {}).items():
        yield from help_keys(sub, (*path, name))


def _param_keys(path: tuple[str, ...], param: Any) -> tuple[str, str | None]:
    """The catalogue keys of a parameter's help and metavar (none for a flag): the command's
    own (``cli.<command path>.<param>``; the global options' are ``cli.global.<param>``), else
    the shared ones (``cli.param.<param>``, ``cli.metavar.<param>``)."""
    own = ".".join(path if len(path) > 1 else (*path, "global")) + "." + param.name
    help_key = own if own in CATALOGUE else f"cli.param.{param.name}"
    if param.param_type_name == "option" and param.is_flag:
        return help_key, None
    metavar = f"{own}.metavar"
    return help_key, metavar if metavar in CATALOGUE else f"cli.metavar.{param.name}"


def _param_help(param: Any, lang: Lang) -> str:
    if param.name == "help":
        return t("cli.help", lang)
    text = param.help or ""
    if param.required:
        text += t("cli.required", lang)
    return text


def _option_names(param: Any) -> str:
    names = " / ".join([*param.opts, *param.secondary_opts])
    if param.name == "help" or param.is_flag:
        return names
    return f"{names} {param.metavar}" if param.metavar else names


def _short(text: str) -> str:
    """A command's help up to the end of its first sentence."""
    first = text.split("\n\n")[0].replace("\n", " ")
    for stop in ("。", ". "):
        if stop in first:
            return first.split(stop)[0] + stop.strip()
    return first


def _section(formatter: Any, heading: str, rows: list[tuple[str, str]]) -> None:
    if not rows:
        return
    formatter.write(f"\n{heading}\n")
    left = min(max(_width(name) for name, _ in rows), 30)
    for name, text in rows:
        gap = left - _width(name)
        if gap < 0:
            formatter.write(f"  {name}\n")
            gap = left
            name = ""
        indent = 2 + left + 2
        body = _wrap(text, formatter.width, first=indent, indent=indent).lstrip(" ")
        formatter.write(f"  {name}{' ' * gap}  {body}\n".rstrip(" ") if body
                        else f"  {name}\n")


def _width(text: str) -> int:
    """Columns ``text`` takes on a terminal (a Chinese character takes two)."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _wrap(text: str, width: int, first: int = 0, indent: int = 0) -> str:
    """``text`` wrapped to ``width`` columns: between words, or between any two Chinese
    characters; the first line starts ``first`` columns in, the rest ``indent``."""
    width = max(width, indent + 20)
    out: list[str] = []
    for paragraph in textwrap.dedent(text).strip("\n").split("\n"):
        line, used = " " * first if not out else " " * indent, first if not out else indent
        start = used
        for token in _tokens(paragraph):
            size = _width(token)
            if (used + size > width and used > start and not token.isspace()
                    and token not in _NO_BREAK_BEFORE):
                out.append(line.rstrip())
                line, used = " " * indent, indent
                start = used
            if token.isspace() and used == start:
                continue
            line += token
            used += size
        out.append(line.rstrip())
    return "\n".join(out)


#: Punctuation that never starts a line.
_NO_BREAK_BEFORE = frozenset("，。、；：？！）》」』”’")


def _tokens(text: str) -> Iterator[str]:
    """Words, runs of spaces, and single wide characters (each a place to break)."""
    word = ""
    for c in text:
        if c.isspace() or unicodedata.east_asian_width(c) in "WF":
            if word:
                yield word
                word = ""
            yield c
        else:
            word += c
    if word:
        yield word


# --- the parser's errors ------------------------------------------------------------------

#: What a value should be, by the kind of error the conversion reported.
_EXPECTED = {"int_parsing": "integer", "int_type": "integer", "int_from_float": "integer",
             "float_parsing": "number", "float_type": "number", "bool_parsing": "boolean",
             "bool_type": "boolean"}


def usage_error(exc: Exception, lang: Lang) -> tuple[str, int]:
    """The parser's error ``exc`` as text in ``lang``, with the usage line and where to find
    help; and the exit status."""
    ctx = getattr(exc, "ctx", None)
    message = exc.render(lang) if isinstance(exc, UsageProblem) else _click_message(exc, lang)
    lines = []
    if ctx is not None:
        lines.append(ctx.get_usage())
        lines.append(t("cli.error.try_help", lang, command=ctx.command_path))
        lines.append("")
    lines.append(t("cli.error", lang, message=message))
    return "\n".join(lines), int(getattr(exc, "exit_code", 2) or 2)


def _kind(exc: Exception) -> str:
    """The name of the parser's error class (or of its nearest one this module knows)."""
    known = {"NoSuchOption", "BadOptionUsage", "MissingParameter", "BadParameter",
             "BadArgumentUsage"}
    return next((c.__name__ for c in type(exc).__mro__ if c.__name__ in known), "")


def _click_message(exc: Exception, lang: Lang) -> str:
    kind = _kind(exc)
    param = getattr(exc, "param", None)
    if kind == "NoSuchOption":
        possible = sorted(getattr(exc, "possibilities", None) or [])
        message = t("cli.error.no_option", lang, option=getattr(exc, "option_name", ""))
        if possible:
            message += t("cli.error.did_you_mean", lang, options=", ".join(possible))
        return message
    if kind == "BadOptionUsage":
        option = getattr(exc, "option_name", "")
        takes_no_value = "does not take a value" in str(getattr(exc, "message", ""))
        return t("cli.error.no_value" if takes_no_value else "cli.error.needs_value", lang,
                 option=option)
    if kind == "MissingParameter" and param is not None:
        if param.param_type_name == "argument":
            return t("cli.error.missing_argument", lang, argument=param.metavar or param.name)
        return t("cli.error.missing_option", lang, option=" / ".join(param.opts))
    if kind == "BadParameter" and param is not None:
        name = (param.metavar or param.name) if param.param_type_name == "argument" \
            else " / ".join(param.opts)
        errors: list[dict[str, Any]] = getattr(exc.__cause__, "errors", list)()
        first = errors[0] if errors else {}
        expected = _EXPECTED.get(str(first.get("type", "")), "valid")
        return t("cli.error.bad_value", lang, param=name, value=first.get("input", ""),
                 expected=t(f"cli.expected.{expected}", lang))
    if lang == "en":
        return str(getattr(exc, "message", exc))
    return t("cli.error.usage", lang)
