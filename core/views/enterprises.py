"""Enterprises (生产经营单位) as the roster shows them."""

from __future__ import annotations

import datetime as dt
from typing import Any, NamedTuple

from core.process.colour import Colour
from core.views.base import View
from core.views.hazards import HazardView
from core.views.inspections import InspectionSummary


class EnterpriseView(View):
    """A regulated entity, keyed by its unified social credit code."""

    uscc: str
    name: str
    district: str
    sector: str
    address: str = ""
    contact: str = ""
    created_at: dt.datetime
    version: int = 1


class RosterRow(View):
    """An enterprise with its colour code and the hazards it has open (and how many major)."""

    enterprise: EnterpriseView
    colour: Colour
    open_hazards: int
    open_major: int

    @property
    def key(self) -> tuple[str, str, str]:
        """Where the row stands in the roster's order: (district, name, credit code)."""
        e = self.enterprise
        return (e.district, e.name, e.uscc)

    def as_json(self) -> dict[str, Any]:
        return {**self.enterprise.model_dump(mode="json"), "colour": self.colour.value,
                "open_hazards": self.open_hazards, "open_major": self.open_major}


class RosterPage(View):
    """A page of the roster in its order (district, name, credit code), with how many
    enterprises the filters find (None when not asked for) and whether more lie before and
    after it. A row's :attr:`RosterRow.key` asks for its neighbours."""

    rows: tuple[RosterRow, ...]
    total: int | None
    more_before: bool
    more_after: bool
    #: A search's count stopped at ``total``: at least that many enterprises are found.
    total_at_least: bool = False


class RosterFilters(View):
    """The districts and sectors the roster holds (what its filters cycle through)."""

    districts: tuple[str, ...]
    sectors: tuple[str, ...]


class RosterLine(NamedTuple):
    """A line of the roster as the command line lists it, streamed by the hundred thousand
    (a plain record, not a validated view): an enterprise, its colour code and the hazards
    it has open (and how many major)."""

    uscc: str
    name: str
    district: str
    sector: str
    colour: Colour
    open_hazards: int
    open_major: int


class EnterpriseDetail(View):
    """One enterprise with its colour code, inspections and hazards."""

    enterprise: EnterpriseView
    colour: Colour
    inspections: tuple[InspectionSummary, ...]
    hazards: tuple[HazardView, ...]

    def as_json(self) -> dict[str, Any]:
        return {**self.enterprise.model_dump(mode="json"), "colour": self.colour.value,
                "inspections": [i.as_json() for i in self.inspections],
                "hazards": [h.model_dump(mode="json") for h in self.hazards]}
