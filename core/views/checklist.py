"""An inspection's checklist: the items that apply to its site, in order, with their answers,
and what is needed to evaluate them locally (the packs, the site as each pack sees it)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from pydantic import Field

from core.engine import Answers
from core.engine.findings import Finding, Site, Status, failing_parts
from core.pack.model import Item, Pack
from core.views.base import View
from core.views.inspections import InspectionSummary
from core.views.waivers import WaiverView


class ChecklistEntry(View):
    """One applicable item and its recorded answer (``status`` ``None``: not answered)."""

    pack_id: str
    #: The number of the pack's standard (``GB 35181-2017``), shown beside the clause; for
    #: a local item (an overlay's), the overlay's title.
    standard: str
    item: Item
    status: Status | None = None
    note: str = ""
    corrected_on_site: bool = False
    #: Why the item was left unanswered (a skip; ``status`` is then ``None``).
    skip_reason: str = ""
    #: The sub-check answers and measured values the status was derived from (``checks``,
    #: ``value``, ``design``), as stored.
    detail: dict[str, Any] = Field(default_factory=dict)
    #: The stored finding's version (0: nothing stored yet): what a change of it must name.
    version: int = 0
    #: The waiver (豁免) that sets the item aside in this inspection: not applicable, and
    #: not to be answered (None: the item is asked).
    waiver: WaiverView | None = None


class Checklist(View):
    """The applicable items of an inspection in pack order, with the packs it was started
    under and its site as each pack sees it."""

    inspection: InspectionSummary
    packs: tuple[Pack, ...]
    sites: dict[str, Site]
    entries: tuple[ChecklistEntry, ...]
    #: The items waivers set aside, by pack: what the inspection is evaluated with
    #: (``evaluate_together``'s ``waived``), as its stored determination was.
    waived: dict[str, frozenset[str]] = Field(default_factory=dict)
    #: The waivers behind them.
    waivers: tuple[WaiverView, ...] = ()

    @property
    def inspected_on(self) -> dt.date:
        return self.inspection.inspected_on


def answers_of(entries: Iterable[ChecklistEntry], pack_id: str, site: Site | None = None,
               on: dt.date | None = None) -> Answers:
    """The engine's input from the answers of one pack's entries: their statuses, and the
    parts of conjunctions found present while the item is not (read from the parts'
    answers as the site and date let them count)."""
    statuses: dict[str, Status] = {}
    corrected: set[str] = set()
    parts: set[str] = set()
    tags = site.tags if site is not None else None
    for e in entries:
        if e.pack_id != pack_id or e.status is None:
            continue
        statuses[e.item.id] = e.status
        if e.corrected_on_site and e.status is Status.noncompliant:
            corrected.add(e.item.id)
        if e.detail.get("checks") and e.status is not Status.noncompliant:
            parts.update(failing_parts(e.item, Finding(item=e.item.id, **e.detail),
                                       site_tags=tags, on=on))
    return Answers(statuses, frozenset(corrected), frozenset(parts))
