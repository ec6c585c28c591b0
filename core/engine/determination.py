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
    fire (under a checklist: an applicable item is unanswered). ``not_major``: otherwise.
    ``checklist``: a checklist pack (no rules of its own) with every applicable item answered:
    its noncompliant items are general hazards, and it says nothing of major hazards."""

    major = "major"
    not_major = "not_major"
    incomplete = "incomplete"
    excluded = "excluded"
    checklist = "checklist"


class Standing(StrEnum):
    """Whether the pack's standard was in force on the inspection date: ``in_force`` (or no date
    given), ``not_yet`` (before its effective date), ``withdrawn`` (on or after its successor's
    effective date: a result under it is for reference only, and never ``not_major``)."""

    in_force = "in_force"
    not_yet = "not_yet"
    withdrawn = "withdrawn"


class AbsentPart(BaseModel):
    """A part of the checklist the text sets aside for this site or date, counted as absent:
    ``part`` an item id or ``ITEM/check`` path; ``reason`` ``gated`` (the site lacks the tags
    in ``detail``) or ``not_yet`` (it counts from the date in ``detail``)."""

    model_config = ConfigDict(frozen=True)

    part: str
    reason: str
    detail: str


class Constituted(BaseModel):
    """An item counted noncompliant because another pack's finding constitutes it (构成):
    ``item`` of this pack, by ``source`` of pack ``source_pack`` (a special-operation finding
    that is 121号 item 18)."""

    model_config = ConfigDict(frozen=True)

    item: str
    source_pack: str
    source: str
    #: Whether the item was also found noncompliant in its own right (then it is a hazard of
    #: its own as well; otherwise the finding that constitutes it carries the hazard).
    own: bool = False


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
    #: The standard's standing on the inspection date.
    standing: Standing = Standing.in_force
    #: Parts set aside for this site or date (gated sub-checks, items and parts not yet in
    #: force), each counted as absent.
    absent_parts: tuple[AbsentPart, ...] = ()
    #: Parts of conjunctions found present while their item is not: general hazards each with
    #: its own text (``ITEM/check`` paths).
    general_parts: tuple[str, ...] = ()
    #: Items counted noncompliant through another pack's finding that constitutes them.
    constituted: tuple[Constituted, ...] = ()
    #: Items a governed waiver (豁免) set aside for this enterprise on the inspection date:
    #: counted as not applicable, each listed so the record says what it relied on.
    waived: tuple[str, ...] = ()
    #: Items an overlay (地方补充) added to its official pack: local, not the standard's.
    local_items: tuple[str, ...] = ()

    @property
    def major_items(self) -> tuple[str, ...]:
        """Items that are part of a fired, not vetoed trigger (each a major hazard)."""
        seen: dict[str, None] = {}
        for trigger in self.triggers:
            if not trigger.vetoed:
                seen.update(dict.fromkeys(trigger.items))
        return tuple(seen)


_RANK = {Verdict.major: 3, Verdict.incomplete: 2, Verdict.excluded: 1, Verdict.not_major: 0,
         Verdict.checklist: -1}


def overall(verdicts: list[Verdict]) -> Verdict:
    """One verdict over several packs: any major is major; else any incomplete is incomplete;
    checklists alone say ``checklist`` (nothing of major hazards), beside a determining pack
    its verdict."""
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
