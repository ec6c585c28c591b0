"""The command groups of the ``anjian`` command line, each registered on the shared app."""

from tui.commands import admin, excel, packs, plugins, workflow

__all__ = ["admin", "excel", "packs", "plugins", "workflow"]
