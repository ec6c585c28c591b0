"""The command line's shared parts: the Typer app, global options, output helpers."""

from __future__ import annotations

import json
from functools import cache
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer

from core.i18n import LANGS, Lang, default_lang

if TYPE_CHECKING:
    from core.services.context import Context

app = typer.Typer(help="anjian — work-safety inspection rules engine (安检). Without a "
                  "command, opens the terminal UI.", invoke_without_command=True,
                  add_completion=False, pretty_exceptions_enable=False)

JsonFlag = Annotated[bool, typer.Option("--json", help="Machine-readable JSON output.")]


class State:
    lang: Lang = "zh"
    db: str | None = None
    user: str | None = None


state = State()


@app.callback()
def _root(
    typer_ctx: typer.Context,
    lang: Annotated[str | None, typer.Option(
        "--lang", help="Language of human-readable output: zh (default) or en; "
        "or set ANJIAN_LANG.")] = None,
    db: Annotated[str | None, typer.Option(
        "--db", help="Database URL (default: ANJIAN_DATABASE_URL, else a SQLite file in the "
        "user data folder).")] = None,
    user: Annotated[str | None, typer.Option(
        "--user", help="Who is acting (default: ANJIAN_USER, else the login name).")] = None,
) -> None:
    if lang is not None and lang not in LANGS:
        fail(f"--lang must be one of {', '.join(LANGS)}, not '{lang}'")
    state.lang = "en" if lang == "en" else "zh" if lang == "zh" else default_lang()
    state.db, state.user = db, user
    context.cache_clear()
    if typer_ctx.invoked_subcommand is None:
        run_tui()


def run_tui(db: str | None = None) -> None:
    """Open the terminal UI (on ``db``, else the database the options chose)."""
    import os

    from tui.app import make_app

    make_app(db=db or state.db, lang=state.lang, user=state.user).run(
        headless=bool(os.environ.get("ANJIAN_FIRST_FRAME_PROBE")))


def fail(message: str) -> NoReturn:
    typer.echo(message, err=True)
    raise typer.Exit(2)


def emit(data: Any) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2, default=str))


@cache
def context() -> Context:
    """The services' context for this command (the database is opened on first use)."""
    from core.services.context import open_context

    return open_context(state.db, actor=state.user, lang=state.lang)
