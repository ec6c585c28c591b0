"""Grading a risk (风险分级): the value of a method preset's factors, the band it falls in,
and the grade, raised to 重大 when a 直接判定为重大风险 rule applies. Pure: the same inputs
give the same grade, always, and every grade names its method, preset and inputs.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from core.i18n import AnjianError, Listed
from core.pack.risk_method import (
    COLOURS,
    GRADES,
    DirectRules,
    RiskGrade,
    RiskMethod,
    Tier,
)


@dataclass(frozen=True)
class Graded:
    """A grade and everything it rests on."""

    method: str  # lec | ls
    preset: str
    #: The factors as chosen (``{"L": 3, "E": 6, "C": 15}``).
    inputs: Mapping[str, float]
    value: float
    #: The grade the value gives, before any direct rule.
    computed: RiskGrade
    grade: RiskGrade
    #: The method's own level of the band (LEC has five; levels 4 and 5 are both 低).
    level: int
    description: str
    tiers: tuple[Tier, ...]
    #: The 直接判定为重大风险 rules that apply, as ``<rules id>/<rule id>``, with their text.
    rules: tuple[tuple[str, str], ...] = ()

    @property
    def colour(self) -> str:
        return COLOURS[self.grade][0]

    @property
    def rgb(self) -> str:
        return COLOURS[self.grade][1]

    def record(self) -> dict[str, Any]:
        """The grade as stored with a risk (JSON)."""
        return {"method": self.method, "preset": self.preset,
                "inputs": {k: _plain(v) for k, v in self.inputs.items()},
                "value": _plain(self.value), "computed": self.computed.value,
                "grade": self.grade.value, "level": self.level,
                "description": self.description, "tiers": [t.value for t in self.tiers],
                "rules": [list(r) for r in self.rules]}

    @classmethod
    def of_record(cls, data: Mapping[str, Any]) -> Graded:
        return cls(method=data["method"], preset=data["preset"], inputs=dict(data["inputs"]),
                   value=float(data["value"]), computed=RiskGrade(data["computed"]),
                   grade=RiskGrade(data["grade"]), level=int(data["level"]),
                   description=data.get("description", ""),
                   tiers=tuple(Tier(t) for t in data["tiers"]),
                   rules=tuple((r[0], r[1]) for r in data.get("rules", ())))


def grade(preset: RiskMethod, inputs: Mapping[str, float], *,
          rules: Sequence[str] = (), direct: Mapping[str, DirectRules] | None = None,
          field_prefix: str = "") -> Graded:
    """Grade ``inputs`` (a score for each factor of ``preset``) and the direct rules ``rules``
    (``<rules id>/<rule id>`` of ``direct``). A factor missing, unknown or with a score not in
    its table, and an unknown rule, are refused naming the field (``field_prefix`` before it:
    ``inherent.`` or ``current.``) and the values allowed."""
    wanted = [f.key for f in preset.factors]
    extra = [k for k in inputs if k not in wanted]
    if extra:
        raise AnjianError("risk.factor_unknown", field=field_prefix + extra[0],
                          preset=preset.id, factors=Listed(wanted))
    value = 1.0
    for table in preset.factors:
        field = field_prefix + table.key
        if table.key not in inputs:
            raise AnjianError("risk.factor_missing", field=field, preset=preset.id,
                              allowed=Listed([_text(v.score) for v in table.values]))
        score = inputs[table.key]
        if not isinstance(score, int | float) or isinstance(score, bool) \
                or table.value(float(score)) is None:
            shown = _text(float(score)) if isinstance(score, int | float) else score
            raise AnjianError("risk.factor_value", field=field, value=shown, preset=preset.id,
                              allowed=Listed([_text(v.score) for v in table.values]))
        value *= float(score)
    value = round(value, 6)  # 0.1 × 0.5 × … : the product as printed, not float noise
    band = preset.band_of(value)
    applied: list[tuple[str, str]] = []
    for ref in rules:
        set_id, _, rule_id = ref.partition("/")
        found = (direct or {}).get(set_id)
        rule = found.rule(rule_id) if found is not None else None
        if rule is None:
            known = [f"{s.id}/{r.id}" for s in (direct or {}).values() for r in s.rules]
            raise AnjianError("risk.rule_unknown", field=field_prefix + "rules", rule=ref,
                              known=Listed(known[:12]))
        applied.append((ref, rule.text))
    final = RiskGrade.major if applied else band.grade
    tiers = band.tiers
    if applied and band.grade is not RiskGrade.major:
        # a risk made 重大 by a rule is controlled as a 重大 risk of the preset is
        tiers = next(b.tiers for b in preset.bands if b.grade is RiskGrade.major)
    return Graded(method=preset.method, preset=preset.id,
                  inputs={k: float(inputs[k]) for k in wanted}, value=value,
                  computed=band.grade, grade=final, level=band.level,
                  description=band.description, tiers=tiers, rules=tuple(applied))


def gravest(grades: Sequence[RiskGrade]) -> RiskGrade | None:
    """The gravest of ``grades`` (None for none)."""
    return min(grades, key=GRADES.index) if grades else None


def not_above(current: Graded, inherent: Graded) -> bool:
    """Whether the current (现有) risk is no graver than the inherent (固有) one: in grade,
    and in value when both use the same preset."""
    if GRADES.index(current.grade) < GRADES.index(inherent.grade):
        return False
    return not (current.preset == inherent.preset and current.value > inherent.value
                and not math.isclose(current.value, inherent.value))


def _text(x: float) -> str:
    return f"{x:g}"


def _plain(x: float) -> float | int:
    return int(x) if float(x).is_integer() else float(x)
