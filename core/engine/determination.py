"""The engine's verdict for one site and pack, with every trigger's provenance."""

from __future__ import annotations

from enum import StrEnum
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict

from core.i18n import Lang, t

M = TypeVar("M", bound=BaseModel)


class Verdict(StrEnum):
    """``major``: a trigger fired. ``excluded``: triggers fired but a claimed exception vetoes
    them all. ``incomplete``: none fired but an unanswered applicable item could still make one
    fire. ``not_major``: otherwise."""

    major = "major"
    not_major = "not_major"
    incomplete = "incomplete"
    excluded = "excluded"


class Notice(BaseModel):
    """A warning attached to a determination, language-neutral: a catalogue key (``warn.*``)
    and its parameters, rendered in the reader's language only when shown. So a stored
    determination is the same whoever answered last, and re-checking it compares once."""

    model_config = ConfigDict(frozen=True)

    key: str
    params: dict[str, str] = {}

    def render(self, lang: Lang = "zh") -> str:
        return t(self.key, lang, **self.params)


class Trigger(BaseModel):
    """A fired rule: which rule, its clauses, the noncompliant items it counted."""

    model_config = ConfigDict(frozen=True)

    rule: str
    kind: str
    clauses: tuple[str, ...]
    items: tuple[str, ...]
    count: int
    threshold: int
    #: True when a claimed exception vetoes this trigger (the determination's ``excluded_by``).
    vetoed: bool = False


class Determination(BaseModel):
    """The verdict for one site under one pack version; same input, same determination."""

    model_config = ConfigDict(frozen=True)

    pack: str
    pack_version: str
    verdict: Verdict
    triggers: tuple[Trigger, ...] = ()
    excluded_by: tuple[str, ...] = ()
    general_hazards: tuple[str, ...] = ()
    corrected_on_site: tuple[str, ...] = ()
    unanswered: tuple[str, ...] = ()
    not_applicable: tuple[str, ...] = ()
    warnings: tuple[Notice, ...] = ()

    @property
    def major_items(self) -> tuple[str, ...]:
        """Items that are part of a fired, not vetoed trigger (each a major hazard)."""
        seen: dict[str, None] = {}
        for trigger in self.triggers:
            if not trigger.vetoed:
                seen.update(dict.fromkeys(trigger.items))
        return tuple(seen)


_RANK = {Verdict.major: 3, Verdict.incomplete: 2, Verdict.excluded: 1, Verdict.not_major: 0}


def overall(verdicts: list[Verdict]) -> Verdict:
    """One verdict over several packs: any major is major; else any incomplete is incomplete."""
    return max(verdicts, key=_RANK.__getitem__, default=Verdict.not_major)


def trusted(cls: type[M], values: dict[str, Any]) -> M:
    """Build ``cls`` from ``values`` the engine has already checked, skipping validation.

    ``values`` must hold every field with a value of the declared type; the engine's hot path
    uses this because validating a result it has just computed would only cost time.
    """
    obj = cls.__new__(cls)
    setattr_ = object.__setattr__
    setattr_(obj, "__dict__", values)
    setattr_(obj, "__pydantic_fields_set__", set(values))
    setattr_(obj, "__pydantic_extra__", None)
    setattr_(obj, "__pydantic_private__", None)
    return obj
