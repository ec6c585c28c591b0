"""The ``anjian`` command line: a thin, scriptable layer over core's services.

Exit codes: 0 success (any verdict), 2 bad input or a refused operation (the message says what
is wrong and what to do, and nothing was changed).

Without a command (only ``--db``, ``--lang``, ``--user``), ``anjian`` opens the terminal UI
straight away, without loading the command-line machinery: the first frame comes sooner.
"""

from __future__ import annotations

import sys

_GLOBAL = {"--db": "db", "--lang": "lang", "--user": "user"}


def _tui_only(args: list[str]) -> dict[str, str] | None:
    """The global options when ``args`` name no command, else ``None``."""
    found: dict[str, str] = {}
    rest = list(args)
    while rest:
        head = rest.pop(0)
        name, _, value = head.partition("=")
        if name not in _GLOBAL:
            return None
        if not value:
            if not rest:
                return None
            value = rest.pop(0)
        found[_GLOBAL[name]] = value
    return found


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``anjian`` console script."""
    args = sys.argv[1:] if argv is None else list(argv)
    options = _tui_only(args)
    if options is not None and options.get("lang", "zh") in ("zh", "en"):
        from tui.launch import launch

        launch(db=options.get("db"), lang=options.get("lang"), user=options.get("user"))
        return
    import typer

    from core.i18n import AnjianError
    from tui import commands  # noqa: F401 - registers every command on the app
    from tui.cli_base import app, state

    try:
        app(args=args, standalone_mode=True)
    except AnjianError as exc:
        typer.echo(exc.render(state.lang), err=True)
        sys.exit(2)


if __name__ == "__main__":  # pragma: no cover
    main()
