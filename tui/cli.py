"""The ``anjian`` command line: a thin, scriptable layer over core's services.

Exit codes: 0 success (any verdict), 2 bad input or a refused operation (the message says what
is wrong and what to do, and nothing was changed).
"""

from __future__ import annotations

import sys

import typer

from core.i18n import AnjianError
from tui import commands  # noqa: F401 - registers every command on the app
from tui.cli_base import app, state


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``anjian`` console script."""
    try:
        app(args=argv, standalone_mode=True)
    except AnjianError as exc:
        typer.echo(exc.render(state.lang), err=True)
        sys.exit(2)


if __name__ == "__main__":  # pragma: no cover
    main()
