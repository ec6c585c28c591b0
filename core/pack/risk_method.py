"""Risk assessment methods as data (风险评价方法): the LEC method (D = L × E × C) and the
risk matrix (R = L × S) with the tables an assessor chooses from and the bands that turn a
value into one of the four risk grades, each preset naming its source and how its bounds are
drawn; and the rules that make a risk 重大 whatever its value (直接判定为重大风险).

A preset is read from YAML like a pack (:mod:`core.pack.risk_loader`) and registered by a plugin
(``register_risk_methods``). The grade a preset gives is computed by
:mod:`core.engine.grading`; this module only says what a valid preset is.

A risk is a different axis from a hazard: a 重大风险 is not a 重大事故隐患. The four grades
and their colours are fixed by 安委办〔2016〕11号 (重大/红, 较大/橙, 一般/黄, 低/蓝); a band's
``level`` keeps a five-level method's own numbering (LEC's levels 4 and 5 are both 低).
"""

from __future__ import annotations

import math
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from core.pack.model import Id, Text


class RiskGrade(StrEnum):
    """The four risk grades, highest first (安委办〔2016〕11号)."""

    major = "major"  # 重大风险, 红
    significant = "significant"  # 较大风险, 橙
    general = "general"  # 一般风险, 黄
    low = "low"  # 低风险, 蓝


#: Highest first: a grade's rank is its index (0 is the gravest).
GRADES: tuple[RiskGrade, ...] = tuple(RiskGrade)
#: The colour of each grade: its name and the RGB value anjian draws it with (the standards
#: name the colours only; blue, never green, is 低风险's).
COLOURS: dict[RiskGrade, tuple[str, str]] = {
    RiskGrade.major: ("red", "#E60012"), RiskGrade.significant: ("orange", "#F39800"),
    RiskGrade.general: ("yellow", "#FFE100"), RiskGrade.low: ("blue", "#0068B7")}


class Tier(StrEnum):
    """The 管控层级, from the top: 公司（厂）级, 车间（部室）级, 班组, 岗位."""

    company = "company"
    workshop = "workshop"
    team = "team"
    post = "post"


def graver(a: RiskGrade, b: RiskGrade) -> RiskGrade:
    """The graver of two grades."""
    return a if GRADES.index(a) <= GRADES.index(b) else b


Factor = Annotated[str, StringConstraints(pattern=r"^[A-Z]$")]


class FactorValue(BaseModel):
    """One row of a factor's table: the score and what it means (the wording the assessor
    chooses by), with the columns of a multi-column criterion (the S table's 人员, 直接经济损失
    …) and the sources that give it."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    score: float = Field(gt=0)
    meaning: Text
    columns: dict[str, str] = Field(default_factory=dict)
    source: tuple[str, ...] = ()


class FactorTable(BaseModel):
    """A factor of the method (L, E, C or L, S) and its allowed values, highest first."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    key: Factor
    name: Text
    values: tuple[FactorValue, ...] = Field(min_length=2)

    @model_validator(mode="after")
    def _distinct(self) -> FactorTable:
        scores = [v.score for v in self.values]
        if len(set(scores)) != len(scores):
            raise ValueError(f"factor {self.key}: a score appears twice")
        if scores != sorted(scores, reverse=True):
            raise ValueError(f"factor {self.key}: values must be listed highest first")
        return self

    def value(self, score: float) -> FactorValue | None:
        """The row with ``score``, or None when the table has none."""
        for v in self.values:
            if math.isclose(v.score, score, rel_tol=0, abs_tol=1e-9):
                return v
        return None


class Band(BaseModel):
    """A band of values and the grade it gives. A band holds the values above its ``above``
    (or from it, with ``inclusive``) up to the next higher band's bound: bands are half-open
    intervals, so no value falls between two bands or into both. The lowest band has no
    bound. ``tiers`` are the 管控层级 that must each have a responsible person."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    above: float | None = None
    inclusive: bool = False
    grade: RiskGrade
    level: int = Field(ge=1, le=9)
    description: str = ""
    tiers: tuple[Tier, ...] = Field(min_length=1)

    def holds(self, value: float) -> bool:
        """Whether ``value`` reaches this band's bound."""
        if self.above is None:
            return True
        return value >= self.above if self.inclusive else value > self.above


class RiskMethod(BaseModel):
    """An assessment method preset: its factors, its bands and where it comes from."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    kind: Literal["method"] = "method"
    id: Id
    #: ``lec`` (D = L × E × C) or ``ls`` (R = L × S): the value is the product of the factors.
    method: Literal["lec", "ls"]
    name: Text
    #: Where the tables and bands come from.
    source: Text
    #: Whether the tables and bands were checked against the official text (``verified``) or
    #: taken from secondary sources (``unverified``), with what is known.
    verification: Literal["verified", "unverified"]
    verification_note: str = ""
    factors: tuple[FactorTable, ...] = Field(min_length=2)
    #: Highest first; the last has no bound.
    bands: tuple[Band, ...] = Field(min_length=2)

    @model_validator(mode="after")
    def _consistent(self) -> RiskMethod:
        keys = [f.key for f in self.factors]
        wanted = ["L", "E", "C"] if self.method == "lec" else ["L", "S"]
        if keys != wanted:
            raise ValueError(f"method {self.method} takes the factors {', '.join(wanted)} in "
                             f"that order, not {', '.join(keys)}")
        bounds = [b.above for b in self.bands]
        if bounds[-1] is not None or any(b is None for b in bounds[:-1]):
            raise ValueError("every band but the last needs a bound (above); the last has none")
        numbers = [b for b in bounds if b is not None]
        if numbers != sorted(numbers, reverse=True) or len(set(numbers)) != len(numbers):
            raise ValueError("bands must be listed highest first, each bound lower than the "
                             "one before")
        ranks = [GRADES.index(b.grade) for b in self.bands]
        if ranks != sorted(ranks):
            raise ValueError("a lower band cannot give a graver grade than a higher one")
        return self

    def factor(self, key: str) -> FactorTable | None:
        return next((f for f in self.factors if f.key == key), None)

    def band_of(self, value: float) -> Band:
        """The band ``value`` falls in (exactly one)."""
        return next(b for b in self.bands if b.holds(value))

    def convention(self) -> str:
        """How the bands are drawn, as a line: ``D > 320; 160 < D ≤ 320; …; D ≤ 20``."""
        symbol = "D" if self.method == "lec" else "R"
        parts: list[str] = []
        upper: Band | None = None
        for band in self.bands:
            low = (f"{_num(band.above)} {'≤' if band.inclusive else '<'} "
                   if band.above is not None else "")
            high = (f" {'<' if upper.inclusive else '≤'} {_num(upper.above)}"
                    if upper is not None and upper.above is not None else "")
            if band.above is not None and upper is None:
                parts.append(f"{symbol} {'≥' if band.inclusive else '>'} {_num(band.above)}")
            else:
                parts.append(f"{low}{symbol}{high}")
            upper = band
        return "; ".join(parts)


class DirectRule(BaseModel):
    """One circumstance that makes a risk 重大 whatever its value."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    id: Id
    text: Text


class DirectRules(BaseModel):
    """A list of 直接判定为重大风险 rules (a province's or a sector's), with its source."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    kind: Literal["direct_major"]
    id: Id
    name: Text
    source: Text
    verification: Literal["verified", "unverified"]
    verification_note: str = ""
    rules: tuple[DirectRule, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique(self) -> DirectRules:
        ids = [r.id for r in self.rules]
        if len(set(ids)) != len(ids):
            raise ValueError("a rule id appears twice")
        return self

    def rule(self, rule_id: str) -> DirectRule | None:
        return next((r for r in self.rules if r.id == rule_id), None)


#: GB 6441-1986 企业职工伤亡事故分类: the accident types a risk may lead to (20 classes),
#: by id; each is named ``risk.accident.<id>`` in the catalogue (物体打击 …).
ACCIDENT_TYPES: tuple[str, ...] = (
    "struck", "vehicle", "machinery", "lifting", "electric", "drowning", "scald", "fire",
    "fall", "collapse", "roof_fall", "water_inrush", "blasting", "explosive", "gas_explosion",
    "boiler_explosion", "vessel_explosion", "other_explosion", "poisoning", "other_injury")
#: The four classes of 危险源 (GB/T 13861): 人的因素、物的因素、环境因素、管理因素.
SOURCE_CLASSES: tuple[str, ...] = ("person", "thing", "environment", "management")
#: The five classes of control measures, in the order the forms list them.
MEASURE_CLASSES: tuple[str, ...] = ("engineering", "management", "training", "protection",
                                    "emergency")


def _num(x: float | None) -> str:
    assert x is not None
    return f"{x:g}"
