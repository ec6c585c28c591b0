"""Governed waivers (豁免) as front ends, reports, ledgers and documents show them."""

from __future__ import annotations

import datetime as dt

from core.process.waivers import WaiverState
from core.views.base import View


class WaiverView(View):
    """A waiver with its enterprise, its item as the pack words it, where it stands on the day
    it was read, and (where a record relied on it) the inspections that did."""

    id: int
    enterprise_uscc: str
    enterprise_name: str = ""
    pack_id: str
    item_id: str
    #: The item's clause and official text, and its pack's standard ("" when the pack is no
    #: longer installed).
    clause: str = ""
    item_text: str = ""
    standard: str = ""
    reason: str
    basis: str
    requested_by: str
    approved_by: str
    granted_on: dt.date
    granted_at: dt.datetime
    #: The last day it runs.
    valid_until: dt.date
    revoked_at: dt.datetime | None = None
    revoked_by: str = ""
    revoked_reason: str = ""
    version: int = 1
    state: WaiverState
    #: Days from the day read to its last day (0: it ends today); None once not running.
    days_left: int | None = None
    #: The inspections whose determinations relied on it (in a report or ledger).
    inspections: tuple[int, ...] = ()
