"""Users, their roles, and collective decisions they take part in."""

from __future__ import annotations

import datetime as dt
from typing import Any

from core.views.base import View


class UserView(View):
    """Someone who may act on this database, with one role."""

    name: str
    role: str
    enterprise: str | None
    admin: bool
    created_by: str
    disabled: bool = False
    disabled_by: str = ""
    disabled_reason: str = ""

    def as_json(self) -> dict[str, Any]:
        return self.model_dump(mode="json")


class DecisionView(View):
    """A recorded collective decision (集体讨论) on a major-hazard determination."""

    id: int
    inspection_id: int
    pack_id: str
    rules: tuple[str, ...]
    participants: tuple[str, ...]
    decided_on: dt.date
    note: str = ""
    recorded_by: str = ""
    recorded_at: dt.datetime


class Pending(View):
    """A determination that still needs a recorded collective decision."""

    inspection_id: int
    pack_id: str
    rules: tuple[str, ...]
