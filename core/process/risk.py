"""The rules of the risk register (风险分级管控台账), pure: which values a risk point and its
entries may take, that the current (现有) risk is never graver than the inherent (固有) one,
that every 管控层级 a grade requires has a responsible person, which of a point's entries
gives its grade, and why a point is flagged for re-assessment.

Each rule answers with a :class:`Refusal` (a catalogue key naming the field and what to do)
or None; the services raise it before anything is stored.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from core.i18n import Lang, Listed, Msg
from core.pack.risk_method import (
    ACCIDENT_TYPES,
    GRADES,
    MEASURE_CLASSES,
    SOURCE_CLASSES,
    RiskGrade,
    Tier,
)
from core.process.workflow import Refusal

#: What a risk point is: an activity (作业活动, analysed by JHA) or equipment (设备设施, SCL).
KINDS: tuple[str, ...] = ("activity", "equipment")
TIERS: tuple[str, ...] = tuple(t.value for t in Tier)


def _allowed(prefix: str, values: Sequence[str]) -> Listed:
    """The values allowed, each by its catalogue name and its id (``人的因素（person）``)."""
    return Listed([Msg("risk.register.allowed_value", name=Msg(f"{prefix}.{v}"), id=v)
                   for v in values])


def choice_refusal(field: str, value: str, prefix: str,
                   allowed: Sequence[str]) -> Refusal | None:
    """``value`` of ``field`` not one of ``allowed`` (named ``<prefix>.<value>``)."""
    if value in allowed:
        return None
    return Refusal("risk.register.choice", {"field": field, "value": value,
                                            "allowed": _allowed(prefix, allowed)})


def kind_refusal(kind: str) -> Refusal | None:
    return choice_refusal("kind", kind, "risk.kind", KINDS)


def entry_refusal(source_class: str, accident_types: Sequence[str],
                  measures: Mapping[str, str]) -> Refusal | None:
    """The first of an entry's classified fields that is not one of its values: the 危险源
    class, an accident type (GB 6441), a measure class."""
    why = choice_refusal("source_class", source_class, "risk.source", SOURCE_CLASSES)
    for accident in accident_types:
        why = why or choice_refusal("accident_types", accident, "risk.accident",
                                    ACCIDENT_TYPES)
    for measure in measures:
        why = why or choice_refusal(f"measures.{measure}", measure, "risk.measure",
                                    MEASURE_CLASSES)
    return why


def responsible_refusal(responsible: Mapping[str, str]) -> Refusal | None:
    """A tier that is not a 管控层级."""
    for tier in responsible:
        why = choice_refusal(f"responsible.{tier}", tier, "risk.tier", TIERS)
        if why is not None:
            return why
    return None


def current_refusal(fits: bool, current: Mapping[str, Any],
                    inherent: Mapping[str, Any]) -> Refusal | None:
    """The current risk graver than the inherent one (``fits`` is
    :func:`core.engine.grading.not_above` of the two): refused naming both grades."""
    if fits:
        return None
    return Refusal("risk.register.current_above", {
        "field": "current", "current": Msg(f"risk.grade.{current['grade']}"),
        "current_value": _num(current["value"]),
        "inherent": Msg(f"risk.grade.{inherent['grade']}"),
        "inherent_value": _num(inherent["value"])})


def tiers_refusal(grade: Mapping[str, Any] | None, responsible: Mapping[str, str],
                  point: str) -> Refusal | None:
    """The first 管控层级 the grade requires (``tiers``) without a responsible person."""
    if not grade:
        return None
    for tier in grade.get("tiers", ()):
        if not str(responsible.get(tier, "")).strip():
            return Refusal("risk.register.tier_missing", {
                "field": f"responsible.{tier}", "tier": Msg(f"risk.tier.{tier}"),
                "grade": Msg(f"risk.grade.{grade['grade']}"), "point": point, "id": tier})
    return None


def gravest(records: Sequence[Mapping[str, Any]]) -> Mapping[str, Any] | None:
    """The gravest of ``records`` (``Graded.record()``): by grade, then value; the first of
    equals."""
    best: Mapping[str, Any] | None = None
    for r in records:
        if best is None or _rank(r) < _rank(best):
            best = r
    return best


def _rank(record: Mapping[str, Any]) -> tuple[int, float]:
    return GRADES.index(RiskGrade(record["grade"])), -float(record["value"])


def reassess_reason(open_major: Sequence[int], recurring: Sequence[int],
                    lang: Lang = "zh") -> str:
    """Why a point is flagged for re-assessment, in ``lang`` (empty: it is not): what
    :attr:`core.views.risk.RiskPointView.reassess` holds."""
    reasons: list[Msg] = []
    if open_major:
        reasons.append(Msg("risk.register.reassess.major", ids=Listed(
            [f"#{i}" for i in open_major])))
    if recurring:
        reasons.append(Msg("risk.register.reassess.recurring", ids=Listed(
            [f"#{i}" for i in recurring])))
    if not reasons:
        return ""
    return Msg("risk.register.reassess", reasons=Listed(reasons)).render(lang)


def _num(x: Any) -> str:
    return f"{float(x):g}"
