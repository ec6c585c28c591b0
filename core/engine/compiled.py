"""The determination engine: pure functions from (pack, site, findings) to a determination.

A pack is compiled once into a :class:`Plan` — item ids to bit positions, each rule's group to a
mask — so evaluating a site is a handful of integer operations, whatever the pack's size. The
batch form returns each site's :class:`Outcome` as masks and expands it into a full
:class:`Determination` only when asked. The tests hold a plain reading of the same rules
(``tests/reference_evaluator.py``) that this fast path is property-tested against. No I/O,
no database, no plugin calls: safe to run over a whole city's roster in one batch.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from core.engine.determination import (
    AbsentPart,
    Determination,
    Notice,
    Standing,
    Trigger,
    Verdict,
    trusted,
)
from core.engine.findings import Finding, Site, Status, derive_status, failing_parts
from core.pack.model import OTHER, Pack

_NC, _OK = Status.noncompliant, Status.compliant
_CHECKLIST = Verdict.checklist
_MAJOR, _EXCLUDED, _INCOMPLETE, _NOT_MAJOR = (Verdict.major, Verdict.excluded, Verdict.incomplete,
                                              Verdict.not_major)
_OTHER = frozenset({OTHER})
_IN_FORCE, _WITHDRAWN = Standing.in_force, Standing.withdrawn
_NAMES_CACHE = 65_536


class Answers(NamedTuple):
    """Derived item statuses of one site, which noncompliant items were corrected on site, and
    the present parts of conjunctions whose item is not noncompliant.

    This is the engine's input; :meth:`from_findings` derives it from an auditor's findings.
    Keys must be item ids of the pack evaluated (``from_findings`` guarantees it). A named
    tuple, not a dataclass, because a batch builds one per site and this is the cheapest.
    """

    statuses: Mapping[str, Status]
    corrected: frozenset[str] = frozenset()
    #: ``ITEM/check`` paths of conjunctions' parts found present (general hazards of their own).
    parts: frozenset[str] = frozenset()

    @classmethod
    def from_findings(cls, pack: Pack, findings: Iterable[Finding], site: Site | None = None,
                      on: dt.date | None = None) -> Answers:
        """Derive the statuses; with ``site`` and ``on``, parts the text sets aside for that
        site's tags or that date count as absent whatever was recorded for them."""
        items = {i.id: i for i in pack.items()}
        tags = site.tags if site is not None else None
        statuses: dict[str, Status] = {}
        corrected: set[str] = set()
        parts: set[str] = set()
        for f in findings:
            item = items[f.item]
            status = derive_status(item, f, site_tags=tags, on=on)
            if status is not None:
                statuses[f.item] = status
                if f.corrected_on_site and status is _NC:
                    corrected.add(f.item)
            if f.checks and status is not _NC:
                parts.update(failing_parts(item, f, site_tags=tags, on=on))
        return cls(statuses, frozenset(corrected), frozenset(parts))


@dataclass(frozen=True, slots=True)
class _Rule:
    index: int
    id: str
    kind: str
    threshold: int
    mask: int
    applies_to: frozenset[str]
    clauses: tuple[str, ...]


# (bit of the rule among the pack's rules, item mask, threshold, the rule)
_RuleRow = tuple[int, int, int, _Rule]


@dataclass(frozen=True)
class Plan:
    """A pack compiled for evaluation: built once per pack, shared by every evaluation."""

    pack: Pack
    ids: tuple[str, ...]
    all_ids: frozenset[str]
    full: int
    clause_of: Mapping[str, str]
    bit: Mapping[str, int]
    gates: tuple[tuple[int, tuple[frozenset[str], ...]], ...]
    rules: tuple[_Rule, ...]
    #: Exception id -> the bits of the rules it vetoes.
    vetoes: Mapping[str, int]
    unverified: int
    corrections_count: bool
    #: Items that count only from a later date than the pack's: (bit, id, date).
    item_dates: tuple[tuple[int, str, dt.date], ...] = ()
    #: Checks with a gate or a date of their own: (item bit, ``ITEM/path``, tags, date).
    part_gates: tuple[tuple[int, str, frozenset[str], dt.date | None], ...] = ()
    #: Each item's position, for listing parts in pack order.
    order: Mapping[str, int] = field(default_factory=dict)
    #: Items an overlay added to its official pack (local, not the standard's).
    local_items: tuple[str, ...] = ()
    _applicable: dict[frozenset[str], int] = field(default_factory=dict, repr=False)
    _absent: dict[tuple[frozenset[str], dt.date | None], tuple[AbsentPart, ...]] = field(
        default_factory=dict, repr=False)
    _rules_for: dict[frozenset[str], tuple[_RuleRow, ...]] = field(default_factory=dict,
                                                                  repr=False)
    _names: dict[int, tuple[str, ...]] = field(default_factory=dict, repr=False)
    _triggers: dict[tuple[int, int, bool], Trigger] = field(default_factory=dict, repr=False)

    def rules_for(self, categories: frozenset[str]) -> tuple[_RuleRow, ...]:
        """The rules that apply to a site of these categories (none given: ``other``), as
        plain tuples for the hot loop."""
        rules = self._rules_for.get(categories)
        if rules is None:
            effective = categories or _OTHER
            rules = tuple((1 << r.index, r.mask, r.threshold, r) for r in self.rules
                          if not r.applies_to or r.applies_to & effective)
            self._rules_for[categories] = rules
        return rules

    def applicable(self, tags: frozenset[str]) -> int:
        """The mask of items whose tag gates this site's tags meet."""
        mask = self._applicable.get(tags)
        if mask is None:
            mask = self.full
            for bit, groups in self.gates:
                if not all(tags & g for g in groups):
                    mask &= ~bit
            self._applicable[tags] = mask
        return mask

    def in_force(self, on: dt.date | None) -> int:
        """The mask of items that count on ``on`` (all, when no date is given)."""
        mask = self.full
        if on is not None:
            for bit, _, when in self.item_dates:
                if on < when:
                    mask &= ~bit
        return mask

    def absent(self, tags: frozenset[str], on: dt.date | None) -> tuple[AbsentPart, ...]:
        """What the text sets aside for a site of these tags on ``on``: items not yet in force,
        and the gated or not-yet checks of the items that apply (memoised)."""
        key = (tags, on)
        found = self._absent.get(key)
        if found is not None:
            return found
        out: list[AbsentPart] = []
        if on is not None:
            out += [AbsentPart(part=i, reason="not_yet", detail=when.isoformat())
                    for bit, i, when in self.item_dates
                    if on < when and self.applicable(tags) & bit]
        live = self.applicable(tags) & self.in_force(on)
        shut: list[str] = []
        for bit, path, gate, when in self.part_gates:
            if not live & bit or any(path.startswith(p + "/") for p in shut):
                continue  # the item is out already, or the check above this one is
            if gate and not tags & gate:
                out.append(AbsentPart(part=path, reason="gated",
                                      detail=" / ".join(sorted(gate))))
                shut.append(path)
            elif when is not None and on is not None and on < when:
                out.append(AbsentPart(part=path, reason="not_yet", detail=when.isoformat()))
                shut.append(path)
        found = tuple(out)
        if len(self._absent) < 4096:
            self._absent[key] = found
        return found

    def standing(self, on: dt.date | None) -> Standing:
        """The pack's standard on ``on``: in force, not yet, or withdrawn."""
        if on is None:
            return Standing.in_force
        succ = self.pack.superseded_by
        if succ is not None and on >= succ.effective:
            return Standing.withdrawn
        if on < self.pack.effective:
            return Standing.not_yet
        return Standing.in_force

    def trigger(self, fired: tuple[_Rule, int, bool]) -> Trigger:
        """The trigger of a fired rule (memoised: triggers are immutable and few recur)."""
        rule, hit, vetoed = fired
        key = (rule.index, hit, vetoed)  # not the rule itself: a dataclass hashes slowly
        found = self._triggers.get(key)
        if found is None:
            items = self.names(hit)
            found = trusted(Trigger, {
                "rule": rule.id, "kind": rule.kind,
                # The rule's clause, then each counted element's own clause.
                "clauses": rule.clauses + tuple(map(self.clause_of.__getitem__, items)),
                "items": items, "count": hit.bit_count(), "threshold": rule.threshold,
                "vetoed": vetoed})
            if len(self._triggers) < _NAMES_CACHE:
                self._triggers[key] = found
        return found

    def names(self, mask: int) -> tuple[str, ...]:
        """Item ids of the set bits of ``mask``, in pack order (memoised: few masks recur)."""
        found = self._names.get(mask)
        if found is not None:
            return found
        ids = self.ids
        out = []
        rest = mask
        while rest:
            low = rest & -rest
            out.append(ids[low.bit_length() - 1])
            rest ^= low
        found = tuple(out)
        if len(self._names) < _NAMES_CACHE:
            self._names[mask] = found
        return found


_PLANS: dict[int, tuple[Pack, Plan]] = {}


def compile_pack(pack: Pack) -> Plan:
    """Compile ``pack`` into a :class:`Plan`, once per pack object (packs are immutable).

    Cached by identity: hashing a whole pack's content on every call would cost more than
    many evaluations.
    """
    hit = _PLANS.get(id(pack))
    if hit is not None and hit[0] is pack:
        return hit[1]
    plan = _compile(pack)
    if len(_PLANS) >= 256:
        _PLANS.clear()
    _PLANS[id(pack)] = (pack, plan)
    return plan


def _compile(pack: Pack) -> Plan:
    items = pack.items()
    ids = tuple(i.id for i in items)
    bit = {item_id: 1 << n for n, item_id in enumerate(ids)}
    clause_of = {i.id: i.clause for i in items}
    gates = tuple((bit[i], tuple(frozenset(g) for g in groups))
                  for i, groups in pack.item_gates().items() if groups)
    rules: list[_Rule] = []
    for rule in pack.rules:
        members = pack.rule_items(rule)
        mask = 0
        for m in members:
            mask |= bit[m]
        rules.append(_Rule(len(rules), rule.id, rule.kind, rule.threshold, mask,
                           frozenset(rule.applies_to), (rule.clause,)))
    index = {r.id: n for n, r in enumerate(pack.rules)}
    every = (1 << len(pack.rules)) - 1
    vetoes = {e.id: sum(1 << index[r] for r in set(e.vetoes)) if e.vetoes else every
              for e in pack.exceptions}
    unverified = 0
    for item in items:
        if not item.verified:
            unverified |= bit[item.id]
    dates = tuple((bit[i.id], i.id, i.effective) for i in items if i.effective is not None)
    part_gates = tuple((bit[i.id], f"{i.id}/{path}", frozenset(c.tags), c.effective)
                       for i in items for path, c in i.parts()
                       if c.tags or c.effective is not None)
    return Plan(pack, ids, frozenset(ids), (1 << len(ids)) - 1, clause_of, bit, gates,
                tuple(rules), vetoes, unverified, pack.on_site_correction is not None,
                dates, part_gates, {item_id: n for n, item_id in enumerate(ids)},
                tuple(i.id for i in items if i.local))


class Outcome(NamedTuple):
    """A determination in compact form, as the batch engine returns it: the verdict, and every
    fired rule with the exact items it counted, as bit masks over the pack's items.

    Nothing is lost: :meth:`determination` expands it into the :class:`Determination`
    :func:`evaluate` returns, provenance and all. Keeping the masks instead makes a batch over a
    whole roster cost little more than the verdicts themselves.
    """

    plan: Plan
    verdict: Verdict
    #: Each fired rule with the mask of the items it counted and whether it was vetoed.
    fired: tuple[tuple[_Rule, int, bool], ...]
    general: int
    corrected: int
    unanswered: int
    not_applicable: int
    ignored_corrections: int
    excluded_by: tuple[str, ...]
    standing: Standing = Standing.in_force
    absent: tuple[AbsentPart, ...] = ()
    parts: tuple[str, ...] = ()
    on: dt.date | None = None

    def determination(self, on: dt.date | None = None) -> Determination:
        """The full determination (``on`` as for :func:`evaluate`; by default the date the
        outcome was evaluated on)."""
        plan = self.plan
        on = on if on is not None else self.on
        names = plan.names
        triggers = tuple(map(plan.trigger, self.fired))
        fired_all = 0
        for _, hit, _ in self.fired:
            fired_all |= hit
        warnings = _warnings(plan, triggers, self.ignored_corrections, on, self.verdict) \
            if on is not None or fired_all & plan.unverified or self.ignored_corrections else ()
        return trusted(Determination, {
            "pack": plan.pack.id, "pack_version": plan.pack.version, "verdict": self.verdict,
            "triggers": triggers, "excluded_by": self.excluded_by,
            "general_hazards": names(self.general),
            "corrected_on_site": names(self.corrected),
            "unanswered": names(self.unanswered),
            "not_applicable": names(self.not_applicable),
            "warnings": warnings,
            "standing": self.standing,
            "absent_parts": self.absent,
            "general_parts": self.parts,
            "constituted": (),
            "waived": (),
            "local_items": plan.local_items,
        })


def evaluate(pack: Pack | Plan, site: Site, findings: Sequence[Finding] | Answers, *,
             on: dt.date | None = None) -> Determination:
    """Determine whether ``site`` has a major hazard under ``pack``.

    ``on`` is the inspection date (for the superseded-standard warning). Warnings are
    catalogue keys with parameters, rendered only when shown. Same inputs, same
    determination, whatever the order of the findings.
    """
    plan = pack if isinstance(pack, Plan) else compile_pack(pack)
    answers = findings if isinstance(findings, Answers) else Answers.from_findings(
        plan.pack, findings, site, on)
    return _outcome(plan, site, answers, on).determination(on)


def evaluate_batch(pack: Pack | Plan, cases: Iterable[tuple[Site, Answers]], *,
                   on: dt.date | None = None) -> Iterator[Outcome]:
    """Many sites under one pack, lazily, compiling the pack once: an :class:`Outcome` each,
    whose ``determination()`` equals what :func:`evaluate` returns for that site."""
    plan = pack if isinstance(pack, Plan) else compile_pack(pack)
    for site, answers in cases:
        yield _outcome(plan, site, answers, on)


_new = tuple.__new__


def _outcome(plan: Plan, site: Site, answers: Answers, on: dt.date | None = None) -> Outcome:
    statuses = answers.statuses
    bit = plan.bit
    ok, bad = _OK, _NC  # locals, not global lookups per answer
    nc = na = 0
    # Measured fastest of the ways to split 60 answers (comprehensions, itertools.compress).
    for item_id, status in statuses.items():
        if status is not ok:
            if status is bad:
                nc |= bit[item_id]
            else:
                na |= bit[item_id]
    # Statuses are keyed by the pack's item ids, so a full count means nothing is missing.
    unanswered = 0
    if len(statuses) < len(plan.ids):
        unanswered = sum(map(bit.__getitem__, plan.all_ids - statuses.keys()))
    applicable = plan._applicable.get(site.tags) or plan.applicable(site.tags)
    if plan.item_dates and on is not None:
        applicable &= plan.in_force(on)
    if applicable != plan.full:
        nc &= applicable
        unanswered &= applicable
        na = (na & applicable) | (plan.full & ~applicable)
    corrected = ignored = 0
    if answers.corrected:
        for item_id in answers.corrected:
            corrected |= bit[item_id]
        corrected &= nc
        if not plan.corrections_count:
            ignored, corrected = corrected, 0
    counted = nc & ~corrected

    vetoed = 0
    if site.exclusions:
        vetoes = plan.vetoes
        for exc_id in site.exclusions:
            vetoed |= vetoes.get(exc_id, 0)

    fired: list[tuple[_Rule, int, bool]] = []
    live = excluding = 0
    rows = plan._rules_for.get(site.categories) or plan.rules_for(site.categories)
    for rule_bit, mask, threshold, rule in rows:
        hit = counted & mask
        if hit and hit.bit_count() >= threshold:
            if vetoed & rule_bit:
                excluding |= rule_bit
                fired.append((rule, hit, True))
            else:
                live |= hit
                fired.append((rule, hit, False))

    # "Not major" claims the whole checklist was looked at: never while an applicable item is
    # unanswered, nor when the site's tags leave no item to look at.
    verdict = (_MAJOR if live else _EXCLUDED if fired
               else _INCOMPLETE if unanswered or not applicable
               else _CHECKLIST if not plan.rules else _NOT_MAJOR)
    standing = _IN_FORCE if on is None else plan.standing(on)
    if verdict is _NOT_MAJOR and standing is _WITHDRAWN:
        # A withdrawn standard cannot clear a site: only its successor can.
        verdict = _INCOMPLETE
    excluded_by = tuple(e for e in sorted(site.exclusions)
                        if plan.vetoes.get(e, 0) & excluding) if excluding else ()
    absent = plan.absent(site.tags, on) if plan.part_gates or plan.item_dates else ()
    parts: tuple[str, ...] = ()
    if answers.parts:
        order = plan.order
        bit = plan.bit
        parts = tuple(sorted((p for p in answers.parts
                              if applicable & bit[p.partition("/")[0]]
                              and not nc & bit[p.partition("/")[0]]),
                             key=lambda p: (order[p.partition("/")[0]], p)))
    return _new(Outcome, (plan, verdict, tuple(fired), nc & ~live & ~corrected, corrected,
                          unanswered, na, ignored, excluded_by, standing, absent, parts, on))


def _notice(key: str, **params: str) -> Notice:
    return trusted(Notice, {"key": key, "params": params})


def _warnings(plan: Plan, triggers: tuple[Trigger, ...], ignored_corrections: int,
              on: dt.date | None, verdict: Verdict | None = None) -> tuple[Notice, ...]:
    pack = plan.pack
    out: list[Notice] = []
    if on is not None:
        succ = pack.superseded_by
        if succ is not None and on >= succ.effective:
            out.append(_notice("warn.superseded", standard=pack.standard,
                               successor=succ.standard, date=succ.effective.isoformat()))
            if verdict is _INCOMPLETE:
                out.append(_notice("warn.withdrawn_incomplete", standard=pack.standard,
                                   successor=succ.standard,
                                   date=succ.effective.isoformat()))
        if on < pack.effective:
            out.append(_notice("warn.not_yet", date=on.isoformat(), standard=pack.standard,
                               effective=pack.effective.isoformat()))
    for trig in triggers:
        shaky = [i for i in trig.items if plan.bit[i] & plan.unverified]
        if shaky:
            out.append(_notice("warn.unverified", rule=trig.rule, items=", ".join(shaky)))
    if ignored_corrections:
        out.append(_notice("warn.correction_ignored", pack=pack.id,
                           items=", ".join(plan.names(ignored_corrections))))
    return tuple(out)


@dataclass(frozen=True, slots=True)
class RuleCount:
    """How far a rule is from firing on a site: counted items, unanswered ones, threshold."""

    rule: str
    kind: str
    clause: str
    count: int
    unanswered: int
    threshold: int


def rule_counts(pack: Pack | Plan, site: Site, answers: Answers,
                on: dt.date | None = None) -> list[RuleCount]:
    """Each rule that applies to ``site`` with its count so far ("7.3.x: 2 of 3")."""
    plan = pack if isinstance(pack, Plan) else compile_pack(pack)
    applicable = plan.applicable(site.tags) & plan.in_force(on)
    nc = answered = corrected = 0
    for item_id, status in answers.statuses.items():
        answered |= plan.bit[item_id]
        if status is _NC:
            nc |= plan.bit[item_id]
    un = applicable & ~answered
    if plan.corrections_count:
        for item_id in answers.corrected:
            corrected |= plan.bit[item_id]
    counted = nc & applicable & ~corrected
    return [RuleCount(rule.id, rule.kind, rule.clauses[0], (counted & mask).bit_count(),
                      (un & mask).bit_count(), threshold)
            for _, mask, threshold, rule in plan.rules_for(site.categories)]
