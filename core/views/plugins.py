"""The plugin allowlist of a team database, as its administrators read it."""

from __future__ import annotations

import datetime as dt
from typing import Any

from core.views.base import View


class AllowedPlugin(View):
    """A third-party plugin allowed on this database, with the code hash allowed."""

    name: str
    sha256: str
    allowed_by: str
    allowed_at: dt.datetime
    note: str = ""

    def as_json(self) -> dict[str, Any]:
        return self.model_dump(mode="json")


class Allowed(View):
    """What ``plugins allow`` recorded, and how it stands on this database and installation:
    whether an allowlist is in force here (team mode), and the hash of the plugin installed
    here (None: not installed here, or its code cannot be read)."""

    entry: AllowedPlugin
    in_force: bool
    installed: str | None

    def as_json(self) -> dict[str, Any]:
        return {**self.entry.as_json(), "in_force": self.in_force, "installed": self.installed}
