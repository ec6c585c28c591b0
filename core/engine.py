"""The determination engine: pure functions from (pack, site, findings) to a determination.

A pack is compiled once into a :class:`Plan` — item ids to bit positions, each rule's group to a
mask — so evaluating a site is a handful of integer operations, whatever the pack's size. No
I/O, no database, no plugin calls: safe to run over a whole city's roster in one batch.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from core.determination import Determination, Trigger, Verdict, trusted
from core.findings import Finding, Site, Status, derive_status
from core.i18n import Lang, t
from core.model import OTHER, Pack

_NC, _OK = Status.noncompliant, Status.compliant
_OTHER = frozenset({OTHER})
_NAMES_CACHE = 65_536


@dataclass(frozen=True, slots=True)
class Answers:
    """Derived item statuses of one site, and which noncompliant items were corrected on site.

    This is the engine's input; :meth:`from_findings` derives it from an auditor's findings.
    Keys must be item ids of the pack evaluated (``from_findings`` guarantees it).
    """

    statuses: Mapping[str, Status]
    corrected: frozenset[str] = frozenset()

    @classmethod
    def from_findings(cls, pack: Pack, findings: Iterable[Finding]) -> Answers:
        items = {i.id: i for i in pack.items()}
        statuses: dict[str, Status] = {}
        corrected: set[str] = set()
        for f in findings:
            status = derive_status(items[f.item], f)
            if status is not None:
                statuses[f.item] = status
                if f.corrected_on_site and status is _NC:
                    corrected.add(f.item)
        return cls(statuses, frozenset(corrected))


@dataclass(frozen=True, slots=True)
class _Rule:
    index: int
    id: str
    kind: str
    threshold: int
    mask: int
    applies_to: frozenset[str]
    clauses: tuple[str, ...]


# (index, rule id, kind, threshold, mask, clauses)
_RuleRow = tuple[int, str, str, int, int, tuple[str, ...]]


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
    vetoes: Mapping[str, frozenset[int]]
    unverified: int
    corrections_count: bool
    _applicable: dict[frozenset[str], int] = field(default_factory=dict, repr=False)
    _rules_for: dict[frozenset[str], tuple[_RuleRow, ...]] = field(default_factory=dict,
                                                                  repr=False)
    _names: dict[int, tuple[str, ...]] = field(default_factory=dict, repr=False)

    def rules_for(self, categories: frozenset[str]) -> tuple[_RuleRow, ...]:
        """The rules that apply to a site of these categories (none given: ``other``), as
        plain tuples for the hot loop."""
        rules = self._rules_for.get(categories)
        if rules is None:
            effective = categories or _OTHER
            rules = tuple((r.index, r.id, r.kind, r.threshold, r.mask, r.clauses)
                          for r in self.rules if not r.applies_to or r.applies_to & effective)
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
    vetoes = {e.id: frozenset(index[r] for r in e.vetoes) if e.vetoes
              else frozenset(range(len(pack.rules))) for e in pack.exceptions}
    unverified = 0
    for item in items:
        if not item.verified:
            unverified |= bit[item.id]
    return Plan(pack, ids, frozenset(ids), (1 << len(ids)) - 1, clause_of, bit, gates,
                tuple(rules), vetoes, unverified, pack.on_site_correction is not None)


def evaluate(pack: Pack | Plan, site: Site, findings: Sequence[Finding] | Answers, *,
             on: dt.date | None = None, lang: Lang = "en") -> Determination:
    """Determine whether ``site`` has a major hazard under ``pack``.

    ``on`` is the inspection date (for the superseded-standard warning); ``lang`` the language
    of warnings. Same inputs, same determination, whatever the order of the findings.
    """
    plan = pack if isinstance(pack, Plan) else compile_pack(pack)
    answers = findings if isinstance(findings, Answers) else Answers.from_findings(
        plan.pack, findings)
    return _determine(plan, site, answers, on, lang)


def evaluate_batch(pack: Pack | Plan, cases: Iterable[tuple[Site, Answers]], *,
                   on: dt.date | None = None, lang: Lang = "en") -> Iterator[Determination]:
    """:func:`evaluate` over many sites, lazily, compiling the pack once."""
    plan = pack if isinstance(pack, Plan) else compile_pack(pack)
    for site, answers in cases:
        yield _determine(plan, site, answers, on, lang)


def _determine(plan: Plan, site: Site, answers: Answers, on: dt.date | None,
               lang: Lang) -> Determination:
    statuses = answers.statuses
    bit = plan.bit
    ok = _OK  # a local, not a global lookup per answer
    nc = na = 0
    # Most answers are compliant: pick out the rest at C speed, then classify the few.
    for item_id in [k for k, s in statuses.items() if s is not ok]:
        if statuses[item_id] is _NC:
            nc |= bit[item_id]
        else:
            na |= bit[item_id]
    # Statuses are keyed by the pack's item ids, so a full count means nothing is missing.
    unanswered = 0
    if len(statuses) < len(plan.ids):
        unanswered = sum(map(bit.__getitem__, plan.all_ids - statuses.keys()))
    applicable = plan._applicable.get(site.tags) or plan.applicable(site.tags)
    if applicable != plan.full:
        nc &= applicable
        unanswered &= applicable
        na = (na & applicable) | (plan.full & ~applicable)
    corrected = 0
    if answers.corrected:
        for item_id in answers.corrected:
            corrected |= bit[item_id]
        corrected &= nc
    ignored_corrections = 0
    if plan.corrections_count:
        counted = nc & ~corrected
    else:
        counted, ignored_corrections, corrected = nc, corrected, 0

    vetoed: frozenset[int] = frozenset()
    if site.exclusions:
        for exc_id in site.exclusions:
            vetoed |= plan.vetoes.get(exc_id, frozenset())

    triggers: list[Trigger] = []
    fired_live = fired_all = 0
    could_fire = False
    excluding: set[int] = set()
    for index, rule_id, kind, threshold, mask, clauses in plan.rules_for(site.categories):
        hit = counted & mask
        count = hit.bit_count()
        if count >= threshold:
            fired_all |= hit
            is_vetoed = index in vetoed
            if is_vetoed:
                excluding.add(index)
            else:
                fired_live |= hit
            items = plan.names(hit)
            triggers.append(trusted(Trigger, {
                "rule": rule_id, "kind": kind,
                # The rule's clause, then each counted element's own clause.
                "clauses": clauses + tuple(map(plan.clause_of.__getitem__, items)),
                "items": items, "count": count, "threshold": threshold,
                "vetoed": is_vetoed}))
        elif (unanswered and not could_fire
              and count + (unanswered & mask).bit_count() >= threshold):
            could_fire = True
    excluded_by = tuple(e for e in sorted(site.exclusions)
                        if plan.vetoes.get(e, frozenset()) & excluding) if excluding else ()

    if fired_live:
        verdict = Verdict.major
    elif triggers:
        verdict = Verdict.excluded
    elif could_fire:
        verdict = Verdict.incomplete
    else:
        verdict = Verdict.not_major

    warnings = _warnings(plan, triggers, ignored_corrections, on, lang) \
        if on is not None or fired_all & plan.unverified or ignored_corrections else ()
    general = nc & ~fired_live & ~corrected
    names = plan.names
    cached = plan._names.get
    return trusted(Determination, {
        "pack": plan.pack.id, "pack_version": plan.pack.version, "verdict": verdict,
        "triggers": tuple(triggers), "excluded_by": excluded_by,
        "general_hazards": (cached(general) or names(general)) if general else (),
        "corrected_on_site": names(corrected) if corrected else (),
        "unanswered": names(unanswered) if unanswered else (),
        "not_applicable": (cached(na) or names(na)) if na else (),
        "warnings": warnings,
    })


def _warnings(plan: Plan, triggers: list[Trigger], ignored_corrections: int,
              on: dt.date | None, lang: Lang) -> tuple[str, ...]:
    pack = plan.pack
    out: list[str] = []
    if on is not None:
        succ = pack.superseded_by
        if succ is not None and on >= succ.effective:
            out.append(t("warn.superseded", lang, standard=pack.standard,
                         successor=succ.standard, date=succ.effective.isoformat()))
        if on < pack.effective:
            out.append(t("warn.not_yet", lang, date=on.isoformat(), standard=pack.standard,
                         effective=pack.effective.isoformat()))
    for trig in triggers:
        shaky = [i for i in trig.items if plan.bit[i] & plan.unverified]
        if shaky:
            out.append(t("warn.unverified", lang, rule=trig.rule, items=", ".join(shaky)))
    if ignored_corrections:
        out.append(t("warn.correction_ignored", lang, pack=pack.id,
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


def rule_counts(pack: Pack | Plan, site: Site, answers: Answers) -> list[RuleCount]:
    """Each rule that applies to ``site`` with its count so far ("7.3.x: 2 of 3")."""
    plan = pack if isinstance(pack, Plan) else compile_pack(pack)
    applicable = plan.applicable(site.tags)
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
    return [RuleCount(rule_id, kind, clauses[0], (counted & mask).bit_count(),
                      (un & mask).bit_count(), threshold)
            for _, rule_id, kind, threshold, mask, clauses in plan.rules_for(site.categories)]
