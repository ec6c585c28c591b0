"""The command groups of the ``anjian`` command line, each registered on the shared app."""

from tui.commands import admin, evidence, excel, packs, plugins, users, workflow

__all__ = ["admin", "evidence", "excel", "packs", "plugins", "users", "workflow"]
