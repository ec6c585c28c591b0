"""``anjian risk`` commands (see :mod:`tui.cli.risk`)."""

from __future__ import annotations

import typer


def add_commands(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
