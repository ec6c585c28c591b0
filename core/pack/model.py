"""The pack model: a versioned checklist and its determination rules, as validated data.

A pack is what a sector plugin provides (see ``docs`` and ``core.plugins.hookspecs``).
Everything the engine needs to decide a major hazard is here as data: items and their
sub-checks, site categories and tags, direct and composite rules, exceptions and the on-site
correction rule.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    model_validator,
)

from core.i18n import Msg

#: The site category meaning "none of the pack's named categories" (GB 35181 其他场所).
OTHER = "other"

ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$"
Id = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=80)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]


@dataclass(frozen=True)
class Ref:
    """The object a problem is about, for the loader to find its line: its kind as
    :func:`core.pack.loader.id_lines` names kinds (``item``, ``rule``, ``site category`` …), its
    id, which occurrence of that id (2: the duplicate), and the value it names, if any."""

    kind: str
    id: str
    nth: int = 1
    value: str | None = None


class ModelError(ValueError):
    """What a model's own validator finds wrong: catalogue messages, each with the object it is
    about when known. ``str()`` is the English text (what pydantic shows as the message)."""

    def __init__(self, problems: Sequence[tuple[Msg, Ref | None]]) -> None:
        super().__init__("; ".join(str(m) for m, _ in problems))
        self.problems = tuple(problems)

    @classmethod
    def of(cls, key: str, /, **params: object) -> ModelError:
        """One problem about the object being validated."""
        return cls([(Msg(key, **params), None)])


#: The catalogue name of each kind of pack object, as :class:`Ref` and the loader name them.
KIND_NAMES = {"section": "kind.section", "item": "kind.item", "rule": "kind.rule",
              "exception": "kind.exception", "site category": "kind.category",
              "tag": "kind.tag", "check": "kind.check"}


def owner(kind: str, ident: object) -> Msg:
    """``item X-01`` / ``检查项 X-01``: a pack object by its kind and id."""
    return Msg("pack.owner", kind=Msg(KIND_NAMES[kind]), id=ident)


class Frozen(BaseModel):
    """Base for pack data: immutable, and unknown keys are errors (a typo must not pass).

    The string under each field is its description: ``python docs/docgen.py`` puts it in the
    JSON schema and in the generated ``docs/pack-format.md``.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")


class Verification(StrEnum):
    """How far a text has been checked against a published copy of the standard (核对状态).

    ``verified``: checked word for word against the official text; ``verified-single-source``:
    checked against one published copy only; ``partial``: consistent across published
    summaries, no clean verbatim copy; ``unverified``: not yet checked. A major hazard that rests
    on an item that is ``partial`` or ``unverified`` is reported with a warning.
    """

    verified = "verified"
    verified_single_source = "verified-single-source"
    partial = "partial"
    unverified = "unverified"


class Comparison(StrEnum):
    """How a measured value is compared with its limit: ``>`` above, ``>=`` at or above
    (含本数), ``<`` below, ``<=`` at or below."""

    gt = ">"
    ge = ">="
    lt = "<"
    le = "<="


#: The limit words of Chinese legal texts and the one comparison each means for "the hazard
#: exists when value OP limit" (民法典 第1259条: 以上、以下、以内、届满 include the number;
#: 不满、超过、以外 exclude it; the rest follow their plain sense).
WORDINGS: dict[str, Comparison] = {
    "以上": Comparison.ge, "达到": Comparison.ge, "届满": Comparison.ge,
    "以下": Comparison.le, "以内": Comparison.le,
    "超过": Comparison.gt, "以外": Comparison.gt, "高于": Comparison.gt, "大于": Comparison.gt,
    "不满": Comparison.lt, "低于": Comparison.lt, "小于": Comparison.lt, "不足": Comparison.lt,
    "少于": Comparison.lt, "未达到": Comparison.lt,
    # within a distance, as 以内; and the words a text states a requirement with (至少 2 个),
    # whose hazard is the requirement's negation (``requirement: true``)
    "范围内": Comparison.le, "至少": Comparison.ge, "不少于": Comparison.ge,
    "不低于": Comparison.ge, "不超过": Comparison.le, "不大于": Comparison.le,
    "不小于": Comparison.ge,
}

#: The comparison that negates each: the hazard of a requirement (至少 2 → fewer than 2).
NEGATION = {Comparison.ge: Comparison.lt, Comparison.gt: Comparison.le,
            Comparison.le: Comparison.gt, Comparison.lt: Comparison.ge}

#: Whether each limit word includes the number itself (含本数).
INCLUSIVE = {word: op in (Comparison.ge, Comparison.le) for word, op in WORDINGS.items()}


class Measure(Frozen):
    """A measured value whose comparison with a limit decides a situation.

    The situation (the hazard) exists when ``value <op> limit``; with ``relative`` the limit is
    a factor of a design or required value given with the finding (e.g. exit width below 80 %
    of the required width: ``op: "<"``, ``limit: 0.8``, ``relative: true``).
    """

    quantity_zh: Text
    """What is measured, in Chinese as the standard names it (e.g. 作业人员数量)."""
    quantity_en: Text
    """What is measured, in English."""
    unit: str = ""
    """Unit of the value and the limit (e.g. ``m``, ``kPa``, ``人``); empty for a count or a
    ratio."""
    op: Comparison
    """The comparison that makes the situation exist: the hazard is present when *measured
    value* ``op`` *limit* holds."""
    limit: float
    """The limit set by the standard; with ``relative``, a factor of the design or required
    value instead (``0.8`` = 80 %)."""
    relative: bool = False
    """``true``: ``limit`` is a factor of a design or required value the inspector records with
    the reading; ``false``: ``limit`` is an absolute value in ``unit``."""
    bound: Literal["min", "max"] | None = None
    """The limit is computed: ``min``, the smaller of ``limit`` and the design (rated) value the
    inspector records (不得超过额定乘员且不超过25人: ``limit: 25``, ``bound: min``); ``max``, the
    larger. The design value is then required, as for a ``relative`` limit."""
    wording: str = ""
    """The word the standard's text sets the limit with (以上, 超过, 以内, 不满 …). By
    民法典 第1259条 以上、以下、以内、届满 include the number and 不满、超过、以外 exclude
    it: ``op`` must be the comparison the word means (``WORDINGS``); built-in packs give it
    for every measure."""

    requirement: bool = False
    """``true``: the text states the requirement with ``wording`` (有2个以上钻孔, 至少2个区段) and
    the hazard is its negation, so ``op`` is the negated comparison (以上 → ``<``, 超过 →
    ``<=``)."""

    @model_validator(mode="after")
    def _legal_reading(self) -> Measure:
        if self.bound is not None and self.relative:
            raise ModelError.of("pack.bound_relative")
        if self.requirement and not self.wording:
            raise ModelError.of("pack.requirement_word")
        if self.wording:
            meant = WORDINGS.get(self.wording)
            if meant is None:
                raise ModelError.of("pack.wording_unknown", wording=self.wording,
                                    known="、".join(WORDINGS))
            if self.requirement:
                meant = NEGATION[meant]
            if meant is not self.op:
                raise ModelError.of("pack.wording_op", wording=self.wording, op=self.op.value,
                                    meant=meant.value)
        return self

    @property
    def needs_design(self) -> bool:
        """Whether a reading must come with a design (rated, required) value."""
        return self.relative or self.bound is not None

    def limit_for(self, design: float | None) -> float:
        """The limit a reading is compared with, given the design value recorded with it."""
        if design is None:
            return self.limit
        if self.relative:
            return self.limit * design
        if self.bound == "min":
            return min(self.limit, design)
        if self.bound == "max":
            return max(self.limit, design)
        return self.limit

    def exceeded(self, value: float, design: float | None = None) -> bool:
        bound = self.limit_for(design)
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
    """Identifier of the check, unique within its item or parent check (e.g. ``1``, ``a``)."""
    text_zh: Text
    """The sub-situation in the standard's own Chinese wording (条款原文)."""
    gloss_en: Text
    """A short English rendering of ``text_zh`` (an aid, not a translation of record)."""
    measure: Measure | None = None
    """A measured value that decides this check, instead of a yes/no answer."""
    checks: tuple[Check, ...] = ()
    """Sub-checks of this check (one level deeper at most); the check's status is derived from
    them."""
    combine: Literal["any", "all"] = "any"
    """How the sub-checks combine: ``any``: any one present is enough (有下列情形之一);
    ``all``: all of them must be present (且)."""
    tags: tuple[Id, ...] = ()
    """The check applies only to sites with at least one of these tags (empty: wherever its
    item applies); elsewhere it counts as absent and is listed as set aside (井工煤矿 only)."""
    effective: dt.date | None = None
    """The date from which the check counts (YYYY-MM-DD), when later than the pack's own; before
    it the check counts as absent and is listed as set aside."""

    @model_validator(mode="after")
    def _shape(self) -> Check:
        if self.checks and self.measure is not None:
            raise ModelError.of("pack.check_both")
        if any(c.checks for c in self.checks):
            raise ModelError.of("pack.nest_once")
        _no_duplicates([c.id for c in self.checks], "check")
        return self


class Relation(StrEnum):
    """What a link between versions says, of the newer item against the older one: ``same``
    requirement; ``narrower``, the newer item covers less (a higher limit, fewer sites);
    ``broader``, it covers more; ``split``, the older item went to several newer ones (this
    one of them); ``merge``, several older items went into this one; ``overlap``, the two
    meet without either covering the other (互不包含): no answer holds across."""

    same = "same"
    narrower = "narrower"
    broader = "broader"
    split_ = "split"  # not ``split``: that would hide str.split
    merge = "merge"
    overlap = "overlap"


class Link(Frozen):
    """A link from an item to the item of the previous version it continues."""

    item: Id
    """The id of the previous version's item."""
    relation: Relation = Relation.same
    """What the newer item is against it: ``same``, ``narrower``, ``broader``, ``split``,
    ``merge``. An answer carries over as is only where the relation says it must hold."""
    values: dict[str, str] = {}
    """Measured parts whose recorded value (and design value) carry over and are judged against
    the newer limit: this item's part (a check path such as ``1`` or ``2/a``, ``.`` for the
    item's own measure) to the previous item's."""
    note: str = ""
    """Why the link is what it says (the wording or limit that changed)."""


def _bare_id(data: object) -> object:
    # A bare id is the link every pack wrote before links said what they are: the same item.
    return {"item": data} if isinstance(data, str) else data


#: A link as a pack writes it: a bare id (the same requirement) or the link in full.
LinkEntry = Annotated[Link, BeforeValidator(_bare_id, json_schema_input_type=Id | Link)]


class PackLink(Frozen):
    """What an item's finding constitutes in another pack: when this item is noncompliant, the
    named item of the named pack counts as noncompliant too (a special-operation finding that
    is 121号 item 18), and its determination names both."""

    pack: Id
    """The id of the other pack (e.g. ``chem-2017``); it must be installed."""
    item: Id
    """The id of that pack's item this finding constitutes (e.g. ``CHEM-2017-18``)."""
    note: str = ""
    """Why the finding constitutes that item (the words of the item it meets)."""


class Item(Frozen):
    """One checkable requirement. Answering ``noncompliant`` means the hazard situation exists."""

    id: Id
    """Identifier of the item, unique in the pack; findings are recorded under it (e.g.
    ``FIRE-2017-D-6.1``)."""
    clause: Text
    """The clause or article of the standard the item comes from (e.g. ``6.1``,
    ``第十一条（四）``)."""
    text_zh: Text
    """The hazard situation in the standard's own Chinese wording (条款原文)."""
    gloss_en: Text
    """A short English rendering of ``text_zh`` (an aid, not a translation of record)."""
    guidance_zh: Text
    """Inspection advice in Chinese (检查要点): what to look at, how to measure, and which
    answer to give in the runner's words: 答“不符合” where the situation exists, 答“符合” where
    it does not, 答“不适用” where the item does not apply; never the standard's 即符合本要素 (it
    reads as the 符合 answer and means the opposite). Advice, not the standard's text."""
    guidance_en: str = ""
    """The same inspection advice in English (answer "noncompliant" / "compliant")."""
    evidence: tuple[Text, ...] = ()
    """What to collect as evidence (取证要点): photos, records, documents; one entry each."""
    verification: Verification = Verification.verified
    """How far ``text_zh`` has been checked against an official copy of the standard."""
    verification_note: str = ""
    """Why the verification is less than ``verified``, or which copy the text was checked
    against."""
    tags: tuple[Id, ...] = ()
    """The item applies only to sites with at least one of these tags (empty: every site)."""
    checks: tuple[Check, ...] = ()
    """Sub-checks (the numbered cases or parts of the item); the item's status is derived
    from them as ``combine`` says."""
    combine: Literal["any", "all"] = "any"
    """How the sub-checks combine: ``any``: any one present is enough (OR-list, 有下列情形之一);
    ``all``: all must be present (conjunction, 且)."""
    measure: Measure | None = None
    """A measured value deciding the item directly (when it has no sub-checks)."""
    device_failure: bool = False
    """The item names a monitoring, alarm or protective device: installed but failed or
    ineffective counts as missing (e.g. 应急管理部令第10号 art. 14). Say so in the guidance."""
    predecessors: tuple[LinkEntry, ...] = ()
    """The items of the previous version of this standard (same ``series``) that this item
    continues: each an item id (the same requirement) or ``{item, relation, values, note}``
    saying what the link is; answers carry over along them when re-evaluating."""
    effective: dt.date | None = None
    """The date from which the item counts (YYYY-MM-DD), when later than the pack's own (a
    supplement's items count from its issue); before it the item is set aside."""
    record_parts: bool = True
    """For a conjunction (``combine: all``): a part found present while the item as a whole is
    not is recorded as a general hazard with its own text. ``false`` turns that off, with
    ``record_parts_reason``."""
    record_parts_reason: str = ""
    """Why a failing part of this conjunction is no hazard of its own (required with
    ``record_parts: false``)."""
    local: bool = False
    """Set on the items an overlay (地方补充) adds when it is merged with its official pack:
    local requirements, not the standard's. A pack file never sets it."""
    constitutes: tuple[PackLink, ...] = ()
    """Items of other packs this item's noncompliant finding constitutes (构成): the other
    pack's determination counts them as noncompliant, naming this item as the finding."""
    deadline_days: int | None = Field(default=None, ge=1, le=3650)
    """A rectification deadline in days (整改期限, e.g. an overlay's local deadline): an order to
    rectify (责改) issued without a deadline for this item's hazard gives it the issue date plus
    these days. Empty: the order must state the deadline."""

    @model_validator(mode="after")
    def _checks_or_measure(self) -> Item:
        if self.checks and self.measure is not None:
            raise ModelError.of("pack.item_both")
        _no_duplicates([c.id for c in self.checks], "item")
        if not self.record_parts and not self.record_parts_reason.strip():
            raise ModelError.of("pack.record_parts_reason")
        problems: list[tuple[Msg, Ref | None]] = []
        named = [link.item for link in self.predecessors]
        problems += [(Msg("pack.link_twice", value=i), Ref("item", self.id, value=i))
                     for i, n in Counter(named).items() if n > 1]
        for link in self.predecessors:
            if link.relation is Relation.merge and len(self.predecessors) < 2:
                problems.append((Msg("pack.merge_alone", value=link.item),
                                 Ref("item", self.id, value=link.item)))
            for part in link.values:
                node = self.part(part)
                if node is None or node.measure is None:
                    problems.append((Msg("pack.link_value_part", value=part),
                                     Ref("item", self.id, value=part)))
        if problems:
            raise ModelError(problems)
        return self

    @property
    def predecessor_ids(self) -> tuple[str, ...]:
        """The ids of the items this item continues."""
        return tuple(link.item for link in self.predecessors)

    def part(self, path: str) -> Item | Check | None:
        """The item itself (``.``) or its check at ``path`` (``2`` or ``2/a``), if any."""
        if path == ".":
            return self
        node: Item | Check = self
        for step in path.split("/"):
            found = next((c for c in node.checks if c.id == step), None)
            if found is None:
                return None
            node = found
        return node

    def parts(self) -> tuple[tuple[str, Check], ...]:
        """Every check with its path, in order (``1``, ``2``, ``2/a`` …)."""
        out: list[tuple[str, Check]] = []
        for check in self.checks:
            out.append((check.id, check))
            out += [(f"{check.id}/{sub.id}", sub) for sub in check.checks]
        return tuple(out)

    @property
    def verified(self) -> bool:
        return self.verification in (Verification.verified, Verification.verified_single_source)


class Section(Frozen):
    """A chapter or article grouping items; its tags gate all of its items."""

    id: Id
    """Identifier of the section, unique in the pack; a rule can count all of its items by this
    id."""
    title_zh: Text
    """The section's title as in the standard (e.g. 直接判定要素)."""
    title_en: Text
    """The section's title in English."""
    tags: tuple[Id, ...] = ()
    """The section's items apply only to sites with at least one of these tags (empty: every
    site)."""
    items: tuple[Item, ...]
    """The section's items, in the standard's order."""


class SiteCategory(Frozen):
    """A kind of place named by the standard (e.g. 人员密集场所) that rules can depend on."""

    id: Id
    """Identifier used in a rule's ``applies_to`` (``other`` is reserved for a site in none of
    the categories)."""
    name_zh: Text
    """The category's name as in the standard (e.g. 人员密集场所)."""
    name_en: Text
    """The category's name in English."""


class Tag(Frozen):
    """A division the standard itself makes (an industry, underground vs open-pit …)."""

    id: Id
    """Identifier used in the ``tags`` of sections and items."""
    name_zh: Text
    """The division's name in Chinese (e.g. 井工煤矿)."""
    name_en: Text
    """The division's name in English."""


class Rule(Frozen):
    """A determination rule over a group of items.

    ``direct``: any one counted noncompliant item is a major hazard. ``composite``: the number of
    counted noncompliant items at or above ``threshold`` (含本数) is a major hazard. The group is
    the union of ``items`` and all items of ``sections``. ``applies_to`` names site categories
    (``other`` for a site in none of them); empty means every site.
    """

    id: Id
    """Identifier of the rule, unique in the pack; reported as the trigger of a major hazard."""
    kind: Literal["direct", "composite"]
    """``direct`` (直接判定): any one counted noncompliant item is a major hazard; ``composite``
    (综合判定): ``threshold`` or more of them are."""
    clause: Text
    """The clause of the standard that states the rule (e.g. ``5.3.2 a)``)."""
    text_zh: Text
    """The rule in the standard's own Chinese wording (条款原文)."""
    gloss_en: Text
    """A short English rendering of ``text_zh`` (an aid, not a translation of record)."""
    items: tuple[Id, ...] = ()
    """Ids of the items the rule counts (in addition to those of ``sections``)."""
    sections: tuple[Id, ...] = ()
    """Ids of the sections all of whose items the rule counts."""
    applies_to: tuple[Id, ...] = ()
    """Site categories the rule applies to (``other``: a site in none of the pack's categories);
    empty: every site.
    """
    threshold: int = Field(default=1, ge=1)
    """How many counted noncompliant items make a major hazard, at or above (含本数); always 1 for
    a ``direct`` rule."""
    verification: Verification = Verification.verified
    """How far ``text_zh`` has been checked against an official copy of the standard."""

    @model_validator(mode="after")
    def _shape(self) -> Rule:
        if not self.items and not self.sections:
            raise ModelError.of("pack.rule_empty")
        if self.kind == "direct" and self.threshold != 1:
            raise ModelError.of("pack.direct_threshold")
        return self


class PackException(Frozen):
    """A case the standard says is not judged major (GB 35181 5.1.3); it vetoes fired rules."""

    id: Id
    """Identifier of the exception, unique in the pack."""
    clause: Text
    """The clause of the standard that states the exception (e.g. ``5.1.3 b)``)."""
    text_zh: Text
    """The case in the standard's own Chinese wording (e.g. 单位、场所已停产停业或停止使用的)."""
    gloss_en: Text
    """A short English rendering of ``text_zh`` (an aid, not a translation of record)."""
    vetoes: tuple[Id, ...] = ()
    """Rule ids this exception vetoes; empty means every rule of the pack."""


class PackNote(Frozen):
    """A provision that governs how items are judged without being an item itself (e.g. 令第10号
    art. 14: failed or ineffective devices count as missing)."""

    id: Id
    """Identifier of the note, unique in the pack."""
    clause: Text
    """The clause or article of the standard (e.g. ``第十四条``)."""
    text_zh: Text
    """The provision in the standard's own Chinese wording (条款原文)."""
    gloss_en: Text
    """A short English rendering of ``text_zh`` (an aid, not a translation of record)."""
    verification: Verification = Verification.verified
    """How far ``text_zh`` has been checked against an official copy of the standard."""


class OnSiteCorrection(Frozen):
    """The pack's rule that a condition corrected on the spot counts toward no trigger."""

    clause: Text
    """The clause of the standard that states it (e.g. ``5.1.1``)."""
    text_zh: Text
    """The provision in the standard's own Chinese wording (当场改正 …)."""
    gloss_en: Text
    """A short English rendering of ``text_zh`` (an aid, not a translation of record)."""


class CollectiveDecision(Frozen):
    """The standard's procedure for a major-hazard determination: a collective decision (集体讨论)
    by at least ``min_participants`` people, recorded before the campaign leaves the on-site
    stage."""

    clause: Text
    """The clause of the standard that asks for it (e.g. ``4.2 b``)."""
    min_participants: int = Field(ge=2)
    """The fewest people who must take part (GB 35181: 3)."""
    text_zh: Text
    """The provision in the standard's own Chinese wording."""
    gloss_en: Text
    """A short English rendering of ``text_zh`` (an aid, not a translation of record)."""


class Succession(Frozen):
    """The standard that replaced this pack's standard, and from when."""

    standard: Text
    """Number of the replacing standard (e.g. ``GB 35181-2025``)."""
    title_zh: str = ""
    """Its Chinese title."""
    effective: dt.date
    """The date it takes effect (YYYY-MM-DD); results under this pack for inspections on or
    after it carry a warning."""
    note: str = ""
    """What changed, and what that means for results under this pack."""


class Amendment(Frozen):
    """What an overlay (地方补充) adds to one item of the official pack it extends: local
    inspection advice and evidence hints, appended after the official ones (never replacing
    them), and a local rectification deadline. An official item's clause, text, sub-checks,
    measure, tags and links cannot be amended, nor an item removed."""

    item: Id
    """The id of the official pack's item (e.g. ``CHEM-2017-18``)."""
    guidance_zh: str = ""
    """Local inspection advice in Chinese, appended after the official guidance and marked as
    local (地方补充)."""
    guidance_en: str = ""
    """The same local advice in English, appended after the official English guidance."""
    evidence: tuple[Text, ...] = ()
    """Local evidence hints (取证要点), appended after the official ones."""
    deadline_days: int | None = Field(default=None, ge=1, le=3650)
    """A local rectification deadline in days for this item's hazard (see the item's
    ``deadline_days``)."""

    @model_validator(mode="before")
    @classmethod
    def _only_additions(cls, data: object) -> object:
        if isinstance(data, dict):
            problems: list[tuple[Msg, Ref | None]] = []
            item = str(data.get("item", ""))
            removing = sorted(k for k in data if k in REMOVING)
            if removing:
                problems.append((Msg("overlay.amend_removes", item=item,
                                     field=", ".join(removing)), Ref("amend", item)))
            changing = sorted(k for k in data if k in OFFICIAL_FIELDS)
            if changing:
                problems.append((Msg("overlay.amend_changes", item=item,
                                     field=", ".join(changing)), Ref("amend", item)))
            if problems:
                raise ModelError(problems)
        return data


#: The keys an amendment might use to take an official item away: refused as removals.
REMOVING = frozenset({"remove", "removed", "delete", "deleted", "drop", "omit", "exclude"})

#: The fields of an official item an overlay may not change (its text and how it is judged).
OFFICIAL_FIELDS = frozenset({
    "clause", "text_zh", "gloss_en", "verification", "verification_note", "tags",
    "checks", "combine", "measure", "device_failure", "predecessors", "effective",
    "record_parts", "record_parts_reason", "local", "constitutes"})


class CampaignSettings(Frozen):
    """Local campaign settings an overlay brings (地方专项行动设置): the deadlines of the
    campaign's steps, counted from the day the on-site inspection ends. When several packs of a
    campaign set one, the earliest due date applies."""

    training_days: int | None = Field(default=None, ge=1, le=365)
    """Days after the on-site inspection by which the feedback & training session is due
    (default 7)."""
    report_days: int | None = Field(default=None, ge=1, le=365)
    """Days after the on-site inspection by which the enterprises' self-rectification reports
    are due (default 30)."""


class OverlaySource(Frozen):
    """What an effective pack was merged from: set by the merge of an overlay with its official
    pack (a pack file never sets it). The effective pack carries the official pack's standard,
    issuer and dates (its rules are the standard's); this keeps the overlay's own."""

    base: Id
    """The id of the official pack the overlay extends."""
    base_version: str
    """The version of the official pack it was merged with (the installed one)."""
    standard: Text
    """The overlay's own document (its ``standard``)."""
    issuer: Text
    """The overlay's issuer."""
    effective: dt.date
    """The overlay's effective date; its items count from it when it is later than the official
    pack's."""


_VERSION = re.compile(r"^\d+(\.\d+)*([a-z0-9.+-]*)$")


class Pack(Frozen):
    """A versioned checklist and its determination rules, from one official standard."""

    id: Id
    """Identifier of the pack, unique among installed packs (e.g. ``gb35181-2017``)."""
    version: Annotated[str, StringConstraints(pattern=_VERSION.pattern)]
    """Version of the pack data, not of the standard: numbers separated by dots, optionally with
    a suffix (e.g. ``2017.1.0``, ``2026.1.0rc1``)."""
    title_zh: Text
    """Title of the standard in Chinese (e.g. 重大火灾隐患判定方法)."""
    title_en: Text
    """Title of the standard in English."""
    standard: Text
    """Number of the standard or document (e.g. ``GB 35181-2017``, ``应急管理部令第10号``)."""
    issuer: Text
    """The issuing authority (发布机关)."""
    sector: Id
    """The sector the pack covers (e.g. ``fire``, ``mining``, ``chemicals``)."""
    effective: dt.date
    """The date the standard takes effect (施行日期, YYYY-MM-DD); results for inspections before it
    carry a warning."""
    effective_note: str = ""
    """Remarks on the dates or the issuer (e.g. not yet checked against the official text)."""
    replaces: str = ""
    """The standard this one replaced (e.g. ``GA 653-2006``), for information."""
    series: Id | None = None
    """Packs that are versions of the same standard share a series (e.g. ``coal-major-hazards``
    for the 2020 and 2026 coal lists); recorded findings can be re-evaluated across them."""
    superseded_by: Succession | None = None
    """The standard that replaced this one, if any, and from when."""
    site_categories: tuple[SiteCategory, ...] = ()
    """Kinds of place the standard names (场所类别) that rules can be limited to."""
    tags: tuple[Tag, ...] = ()
    """Divisions the standard makes (industry, underground or open-pit …) that gate sections and
    items."""
    sections: tuple[Section, ...]
    """The checklist: the standard's chapters or articles with their items, in order."""
    rules: tuple[Rule, ...] = ()
    """The determination rules (判定规则): direct and composite. A pack without rules is a
    checklist (检查表): its noncompliant findings are general hazards (一般事故隐患) with their
    clause, and it never determines a major hazard by itself."""
    exceptions: tuple[PackException, ...] = ()
    """Cases the standard says are not judged major (不判定为重大隐患的情形)."""
    on_site_correction: OnSiteCorrection | None = None
    """Present when the standard says a condition corrected on the spot (当场改正) counts toward no
    rule; absent, corrected items still count (with a warning)."""
    notes: tuple[PackNote, ...] = ()
    """Provisions that govern how items are judged without being items themselves."""
    extends: str | None = None
    """An overlay (地方补充): ``PACK@VERSION`` of the official pack this one extends with local
    items, sections, guidance and settings, without copying or weakening it. ``VERSION``
    matches the installed version exactly or as a dotted prefix (``2017.1`` matches
    ``2017.1.2``). An overlay's ``sections`` are new sections of local items (general checks,
    counted by no rule); ``amend`` adds to official items; it may not have rules or
    exceptions, remove or change an official item, or set what belongs to the standard
    (site categories, on-site correction, collective decision, notes, succession). Merged, the
    pack keeps the overlay's id, version and titles and the official pack's standard, rules
    and everything else; ``extends`` then names the exact version merged with."""
    amend: tuple[Amendment, ...] = ()
    """An overlay's additions to items of the official pack it extends: guidance and evidence
    hints appended after the official ones, local deadlines (only with ``extends``)."""
    campaign: CampaignSettings | None = None
    """Local campaign settings (step deadlines) that apply to a campaign inspecting under this
    pack."""
    overlay: OverlaySource | None = None
    """Set on the effective pack merged from an overlay and its official pack (never in a pack
    file): the overlay's own standard, issuer and date, and the official pack merged with."""
    collective_decision: CollectiveDecision | None = None
    """Present when the standard asks for a recorded collective decision on every major-hazard
    determination (GB 35181 4.2 b); the campaign cannot leave on-site until one is recorded."""

    @model_validator(mode="after")
    def _references(self) -> Pack:
        problems: list[tuple[Msg, Ref | None]] = []
        item_ids: list[str] = [i.id for s in self.sections for i in s.items]
        problems += _duplicates("item", item_ids)
        problems += _duplicates("section", [s.id for s in self.sections])
        problems += _duplicates("rule", [r.id for r in self.rules])
        problems += _duplicates("exception", [e.id for e in self.exceptions])
        problems += _duplicates("site category", [c.id for c in self.site_categories])
        problems += _duplicates("tag", [t.id for t in self.tags])
        if OTHER in {c.id for c in self.site_categories}:
            problems.append((Msg("pack.other_implicit", other=OTHER),
                             Ref("site category", OTHER)))
        known_items, known_sections = set(item_ids), {s.id for s in self.sections}
        categories = {c.id for c in self.site_categories} | {OTHER}
        tags = {t.id for t in self.tags}
        for section in self.sections:
            problems += [_unknown("section", section.id, "tag", t) for t in section.tags
                         if t not in tags]
            for item in section.items:
                problems += [_unknown("item", item.id, "tag", t) for t in item.tags
                             if t not in tags]
        named_by = Counter(p for item in self.items() for p in item.predecessor_ids)
        for item in self.items():
            problems += [(Msg("pack.predecessor_here", owner=owner("item", item.id), value=p),
                          Ref("item", item.id, value=p))
                         for p in item.predecessor_ids if p in known_items]
            problems += [(Msg("pack.split_alone", owner=owner("item", item.id), value=link.item),
                          Ref("item", item.id, value=link.item))
                         for link in item.predecessors
                         if link.relation is Relation.split_ and named_by[link.item] < 2]
            dated = [("", item.effective)] + [(path, c.effective) for path, c in item.parts()]
            problems += [(Msg("pack.effective_early", owner=owner("item", item.id),
                              part=path or ".", date=when.isoformat(),
                              effective=self.effective.isoformat()),
                          Ref("item", item.id, value=when.isoformat()))
                         for path, when in dated if when is not None and when < self.effective]
            problems += [_unknown("item", item.id, "tag", t) for _, c in item.parts()
                         for t in c.tags if t not in tags]
        overlay_file = self.extends is not None and self.overlay is None
        if overlay_file:
            # an overlay (地方补充) as written: its rules and exceptions are the official
            # pack's alone (the merged pack carries those, with ``overlay`` set)
            problems += [(Msg("overlay.rule", rule=r.id), Ref("rule", r.id))
                         for r in self.rules]
            problems += [(Msg("overlay.exception", exception=e.id), Ref("exception", e.id))
                         for e in self.exceptions]
        rule_ids = {r.id for r in self.rules}
        for rule in (() if overlay_file else self.rules):
            problems += [_unknown("rule", rule.id, "item", i) for i in rule.items
                         if i not in known_items]
            problems += [_unknown("rule", rule.id, "section", s) for s in rule.sections
                         if s not in known_sections]
            problems += [_unknown("rule", rule.id, "site category", c) for c in rule.applies_to
                         if c not in categories]
        for exc in (() if overlay_file else self.exceptions):
            problems += [_unknown("exception", exc.id, "rule", r) for r in exc.vetoes
                         if r not in rule_ids]
        if self.superseded_by and self.superseded_by.effective <= self.effective:
            problems.append((Msg("pack.superseded_early"), None))
        if self.amend and self.extends is None:
            problems.append((Msg("overlay.amend_without_extends"), Ref("field", "amend")))
        if problems:
            raise ModelError(problems)
        return self

    @property
    def checklist(self) -> bool:
        """Whether the pack is a checklist (检查表): no determination rules of its own."""
        return not self.rules

    def site_vocabulary(self) -> dict[str, frozenset[str]]:
        """The values a site profile may give under this pack, by key (``categories`` with
        ``other``, ``tags``, ``exclusions``)."""
        return {"categories": frozenset(c.id for c in self.site_categories) | {OTHER},
                "tags": frozenset(t.id for t in self.tags),
                "exclusions": frozenset(e.id for e in self.exceptions)}

    def items(self) -> tuple[Item, ...]:
        """All items in pack order."""
        return tuple(i for s in self.sections for i in s.items)

    def hazard_text(self, key: str) -> tuple[str, str] | None:
        """The clause and official text a hazard recorded under ``key`` is described by: an
        item's own, or for a part of a conjunction (``ITEM/2``) the item's clause with the
        part's path and the part's text. None when the pack has no such item or part."""
        node = self.part(key)
        if node is None:
            return None
        item_id, _, rest = key.partition("/")
        if isinstance(node, Item):
            return node.clause, node.text_zh
        item = self.part(item_id)
        assert isinstance(item, Item)
        return f"{item.clause}（{rest}）", node.text_zh

    def part(self, path: str) -> Item | Check | None:
        """An item (``ITEM``) or one of its checks (``ITEM/2``, ``ITEM/2/a``), if any."""
        item_id, _, rest = path.partition("/")
        item = next((i for i in self.items() if i.id == item_id), None)
        if item is None or not rest:
            return item
        return item.part(rest)

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


def _no_duplicates(ids: list[str], kind: str) -> None:
    dupes = sorted(i for i, n in Counter(ids).items() if n > 1)
    if dupes:
        raise ModelError.of("pack.duplicate_checks", owner=Msg(KIND_NAMES[kind]),
                            ids=", ".join(dupes))


def _duplicates(kind: str, ids: list[str]) -> list[tuple[Msg, Ref | None]]:
    """Each id used twice, at its second use."""
    dupes = sorted(i for i, n in Counter(ids).items() if n > 1)
    return [(Msg("pack.duplicate_id", kind=Msg(KIND_NAMES[kind]), id=d), Ref(kind, d, nth=2))
            for d in dupes]


def _unknown(kind: str, ident: str, what: str, value: str) -> tuple[Msg, Ref | None]:
    """A reference from object ``kind ident`` to a ``what`` that does not exist, at the value."""
    return (Msg("pack.unknown_ref", owner=owner(kind, ident), kind=Msg(KIND_NAMES[what]),
                value=value), Ref(kind, ident, value=value))
