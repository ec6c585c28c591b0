"""The pack model: a versioned checklist and its determination rules, as validated data.

A pack is what a sector plugin provides (see ``docs`` and ``core.hookspecs``). Everything the
engine needs to decide a major hazard is here as data: items and their sub-checks, site
categories and tags, direct and composite rules, exceptions and the on-site correction rule.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

#: The site category meaning "none of the pack's named categories" (GB 35181 其他场所).
OTHER = "other"

Id = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$", max_length=80)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


class Frozen(BaseModel):
    """Base for pack data: immutable, and unknown keys are errors (a typo must not pass)."""

    model_config = ConfigDict(frozen=True, extra="forbid")


class Verification(StrEnum):
    """How far an item's official text has been checked against a published copy."""

    verified = "verified"
    verified_single_source = "verified-single-source"
    partial = "partial"
    unverified = "unverified"


class Comparison(StrEnum):
    gt = ">"
    ge = ">="
    lt = "<"
    le = "<="


class Measure(Frozen):
    """A measured value whose comparison with a limit decides a situation.

    The situation (the hazard) exists when ``value <op> limit``; with ``relative`` the limit is
    a factor of a design or required value given with the finding (e.g. exit width below 80 %
    of the required width: ``op: "<"``, ``limit: 0.8``, ``relative: true``).
    """

    quantity_zh: Text
    quantity_en: Text
    unit: str = ""
    op: Comparison
    limit: float
    relative: bool = False

    def exceeded(self, value: float, design: float | None = None) -> bool:
        bound = self.limit * design if self.relative and design is not None else self.limit
        if math.isclose(value, bound, rel_tol=1e-9, abs_tol=1e-12):
            # 1.1 × 6 is 6.6000000000000005 in binary floating point: a reading of exactly
            # the limit must compare as the limit.
            value = bound
        match self.op:
            case Comparison.gt:
                return value > bound
            case Comparison.ge:
                return value >= bound
            case Comparison.lt:
                return value < bound
            case Comparison.le:
                return value <= bound
        raise AssertionError(self.op)  # pragma: no cover


class Check(Frozen):
    """A sub-situation of an item (one numbered case of an OR-list, one part of a conjunction).

    A check may itself list sub-checks (one level deeper, no more), e.g. an OR-list of triggers
    inside a conjunction ("有下列情形之一，且未采取措施").
    """

    id: Id
    text_zh: Text
    gloss_en: Text
    measure: Measure | None = None
    checks: tuple[Check, ...] = ()
    combine: Literal["any", "all"] = "any"

    @model_validator(mode="after")
    def _shape(self) -> Check:
        if self.checks and self.measure is not None:
            raise ValueError("a check has either sub-checks or a measure, not both")
        if any(c.checks for c in self.checks):
            raise ValueError("sub-checks nest one level at most")
        _no_duplicates([c.id for c in self.checks], "check")
        return self


class Item(Frozen):
    """One checkable requirement. Answering ``noncompliant`` means the hazard situation exists."""

    id: Id
    clause: Text
    text_zh: Text
    gloss_en: Text
    guidance_zh: Text
    guidance_en: str = ""
    evidence: tuple[Text, ...] = ()
    verification: Verification = Verification.verified
    verification_note: str = ""
    #: The item applies only to sites with at least one of these tags (empty: every site).
    tags: tuple[Id, ...] = ()
    #: Sub-checks; the item's status is derived from them (``any``: OR-list, ``all``: conjunction).
    checks: tuple[Check, ...] = ()
    combine: Literal["any", "all"] = "any"
    #: A measured value deciding the item directly (when it has no sub-checks).
    measure: Measure | None = None
    #: The item names a monitoring, alarm or protective device: installed but failed or
    #: ineffective counts as missing (e.g. 应急管理部令第10号 art. 14). Say so in the guidance.
    device_failure: bool = False

    @model_validator(mode="after")
    def _checks_or_measure(self) -> Item:
        if self.checks and self.measure is not None:
            raise ValueError("an item has either sub-checks or a measure, not both")
        _no_duplicates([c.id for c in self.checks], "item")
        return self

    @property
    def verified(self) -> bool:
        return self.verification in (Verification.verified, Verification.verified_single_source)


class Section(Frozen):
    """A chapter or article grouping items; its tags gate all of its items."""

    id: Id
    title_zh: Text
    title_en: Text
    tags: tuple[Id, ...] = ()
    items: tuple[Item, ...]


class SiteCategory(Frozen):
    """A kind of place named by the standard (e.g. 人员密集场所) that rules can depend on."""

    id: Id
    name_zh: Text
    name_en: Text


class Tag(Frozen):
    """A division the standard itself makes (an industry, underground vs open-pit …)."""

    id: Id
    name_zh: Text
    name_en: Text


class Rule(Frozen):
    """A determination rule over a group of items.

    ``direct``: any one counted noncompliant item is a major hazard. ``composite``: the number of
    counted noncompliant items at or above ``threshold`` (含本数) is a major hazard. The group is
    the union of ``items`` and all items of ``sections``. ``applies_to`` names site categories
    (``other`` for a site in none of them); empty means every site.
    """

    id: Id
    kind: Literal["direct", "composite"]
    clause: Text
    text_zh: Text
    gloss_en: Text
    items: tuple[Id, ...] = ()
    sections: tuple[Id, ...] = ()
    applies_to: tuple[Id, ...] = ()
    threshold: int = Field(default=1, ge=1)
    verification: Verification = Verification.verified

    @model_validator(mode="after")
    def _shape(self) -> Rule:
        if not self.items and not self.sections:
            raise ValueError("a rule needs items or sections to count")
        if self.kind == "direct" and self.threshold != 1:
            raise ValueError("a direct rule has threshold 1")
        return self


class PackException(Frozen):
    """A case the standard says is not judged major (GB 35181 5.1.3); it vetoes fired rules."""

    id: Id
    clause: Text
    text_zh: Text
    gloss_en: Text
    #: Rule ids this exception vetoes; empty means every rule of the pack.
    vetoes: tuple[Id, ...] = ()


class PackNote(Frozen):
    """A provision that governs how items are judged without being an item itself (e.g. 令第10号
    art. 14: failed or ineffective devices count as missing)."""

    id: Id
    clause: Text
    text_zh: Text
    gloss_en: Text
    verification: Verification = Verification.verified


class OnSiteCorrection(Frozen):
    """The pack's rule that a condition corrected on the spot counts toward no trigger."""

    clause: Text
    text_zh: Text
    gloss_en: Text


class Succession(Frozen):
    """The standard that replaced this pack's standard, and from when."""

    standard: Text
    title_zh: str = ""
    effective: dt.date
    note: str = ""


_VERSION = re.compile(r"^\d+(\.\d+)*([a-z0-9.+-]*)$")


class Pack(Frozen):
    """A versioned checklist and its determination rules, from one official standard."""

    id: Id
    version: Annotated[str, StringConstraints(pattern=_VERSION.pattern)]
    title_zh: Text
    title_en: Text
    standard: Text
    issuer: Text
    sector: Id
    effective: dt.date
    effective_note: str = ""
    replaces: str = ""
    superseded_by: Succession | None = None
    site_categories: tuple[SiteCategory, ...] = ()
    tags: tuple[Tag, ...] = ()
    sections: tuple[Section, ...]
    rules: tuple[Rule, ...]
    exceptions: tuple[PackException, ...] = ()
    on_site_correction: OnSiteCorrection | None = None
    notes: tuple[PackNote, ...] = ()

    @model_validator(mode="after")
    def _references(self) -> Pack:
        problems: list[str] = []
        item_ids: list[str] = [i.id for s in self.sections for i in s.items]
        problems += _duplicates("item", item_ids)
        problems += _duplicates("section", [s.id for s in self.sections])
        problems += _duplicates("rule", [r.id for r in self.rules])
        problems += _duplicates("exception", [e.id for e in self.exceptions])
        problems += _duplicates("site category", [c.id for c in self.site_categories])
        problems += _duplicates("tag", [t.id for t in self.tags])
        if OTHER in {c.id for c in self.site_categories}:
            problems.append(f"site category '{OTHER}' is implicit (a site in none of the others)")
        known_items, known_sections = set(item_ids), {s.id for s in self.sections}
        categories = {c.id for c in self.site_categories} | {OTHER}
        tags = {t.id for t in self.tags}
        for section in self.sections:
            problems += [f"section {section.id}: unknown tag '{t}'" for t in section.tags
                         if t not in tags]
            for item in section.items:
                problems += [f"item {item.id}: unknown tag '{t}'" for t in item.tags
                             if t not in tags]
        rule_ids = {r.id for r in self.rules}
        for rule in self.rules:
            problems += [f"rule {rule.id}: unknown item '{i}'" for i in rule.items
                         if i not in known_items]
            problems += [f"rule {rule.id}: unknown section '{s}'" for s in rule.sections
                         if s not in known_sections]
            problems += [f"rule {rule.id}: unknown site category '{c}'" for c in rule.applies_to
                         if c not in categories]
        for exc in self.exceptions:
            problems += [f"exception {exc.id}: unknown rule '{r}'" for r in exc.vetoes
                         if r not in rule_ids]
        if self.superseded_by and self.superseded_by.effective <= self.effective:
            problems.append("superseded_by.effective must be after effective")
        if problems:
            raise ValueError("; ".join(problems))
        return self

    def items(self) -> tuple[Item, ...]:
        """All items in pack order."""
        return tuple(i for s in self.sections for i in s.items)

    def item_gates(self) -> dict[str, tuple[tuple[str, ...], ...]]:
        """Each item's gate: groups of tags, each group met by any one of its tags."""
        return {i.id: tuple(g for g in (s.tags, i.tags) if g)
                for s in self.sections for i in s.items}

    def rule_items(self, rule: Rule) -> tuple[str, ...]:
        """The item ids a rule counts, in pack order."""
        wanted = set(rule.items)
        chosen = set(rule.sections)
        return tuple(i.id for s in self.sections for i in s.items
                     if i.id in wanted or s.id in chosen)


def _no_duplicates(ids: list[str], owner: str) -> None:
    dupes = sorted(i for i, n in Counter(ids).items() if n > 1)
    if dupes:
        raise ValueError(f"{owner}: duplicate check id(s) {', '.join(dupes)}")


def _duplicates(kind: str, ids: list[str]) -> list[str]:
    dupes = sorted(i for i, n in Counter(ids).items() if n > 1)
    return [f"duplicate {kind} id '{d}'" for d in dupes]
