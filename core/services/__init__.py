"""Core services: the use cases every front end calls (command line, TUI, scripts).

A service takes plain values (ids, paths, dates) and a :class:`~core.services.context.Context`
where it needs the database, and returns models; a problem a user can fix raises
:class:`~core.i18n.AnjianError` and changes nothing.
"""

from core.services.packs import (
    default_catalogue,
    evaluate_files,
    evaluate_raw,
    get_pack,
    read_json,
)

__all__ = [
    "default_catalogue",
    "evaluate_files",
    "evaluate_raw",
    "get_pack",
    "read_json",
]
