"""The command groups of the ``anjian`` command line, each registered on the shared app."""

from tui.commands import admin, packs, workflow

__all__ = ["admin", "packs", "workflow"]
