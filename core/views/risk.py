"""Read models of the enterprise risk register (风险分级管控): what the front ends, the
four-colour map, the 两单 workbook, the 三卡 and the risk report are made from."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict


class GradeView(BaseModel):
    """A grade as stored (:meth:`core.engine.grading.Graded.record`)."""

    model_config = ConfigDict(frozen=True)
    method: str  # lec | ls
    preset: str
    inputs: dict[str, float]
    value: float
    computed: str
    grade: str  # major | significant | general | low
    level: int
    description: str = ""
    tiers: tuple[str, ...]
    #: (``<rules id>/<rule id>``, the rule's text) of each 直接判定为重大风险 rule applied.
    rules: tuple[tuple[str, str], ...] = ()

    @classmethod
    def of(cls, data: Mapping[str, Any] | None) -> GradeView | None:
        if not data:
            return None
        return cls.model_validate({**data, "rules": [tuple(r) for r in data.get("rules", ())]})


class RiskEntryView(BaseModel):
    """One JHA step or SCL check item of a risk point."""

    model_config = ConfigDict(frozen=True)
    id: int
    seq: int
    step: str
    standard: str = ""
    source_class: str  # person | thing | environment | management
    hazard: str
    accident_types: tuple[str, ...] = ()  # ids of core.pack.risk_method.ACCIDENT_TYPES
    consequence: str = ""
    #: By class (engineering, management, training, protection, emergency): the measure text.
    measures: dict[str, str] = {}
    inherent: GradeView
    current: GradeView
    suggestions: str = ""


class Zone(BaseModel):
    """Where a risk point lies on the site plan (pixels) or the zone grid (cells)."""

    model_config = ConfigDict(frozen=True)
    x: int
    y: int
    w: int
    h: int


class RiskPointView(BaseModel):
    """A risk point with its entries and grades."""

    model_config = ConfigDict(frozen=True)
    id: int
    enterprise_uscc: str
    code: str
    name: str
    kind: str  # activity | equipment
    place: str = ""
    detail: dict[str, Any] = {}
    #: tier (company, workshop, team, post) → the responsible person.
    responsible: dict[str, str] = {}
    zone: Zone | None = None
    inherent: GradeView | None = None
    current: GradeView | None = None
    assessed_on: dt.date | None = None
    assessed_by: str = ""
    #: Why it is flagged for re-assessment; empty when it is not.
    reassess: str = ""
    entries: tuple[RiskEntryView, ...] = ()
    #: Ids of the hazards tied to it.
    hazards: tuple[int, ...] = ()

    @property
    def grade(self) -> str | None:
        return self.current.grade if self.current is not None else None


class SitePlanView(BaseModel):
    """What the enterprise's risk points are placed on: an image (its bytes read apart, by
    ``image_sha256``) or a grid of ``cols`` × ``rows`` zones."""

    model_config = ConfigDict(frozen=True)
    enterprise_uscc: str
    image_name: str = ""
    image_sha256: str = ""
    width: int = 0
    height: int = 0
    cols: int = 0
    rows: int = 0

    @property
    def is_image(self) -> bool:
        return bool(self.image_sha256)


class RegisterView(BaseModel):
    """An enterprise's whole register, as one document is made from it."""

    model_config = ConfigDict(frozen=True)
    enterprise_uscc: str
    enterprise_name: str
    address: str = ""
    district: str = ""
    sector: str = ""
    points: tuple[RiskPointView, ...] = ()
    plan: SitePlanView | None = None
    #: The audit chain's head the register was read under (printed on what is made of it).
    head_seq: int = 0
    head_hash: str = ""
