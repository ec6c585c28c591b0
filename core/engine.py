"""The determination engine: pure functions from (pack, site, findings) to a determination.

A pack is compiled once into a :class:`Plan` — item ids to bit positions, each rule's group to a
mask — so evaluating a site is a handful of integer operations, whatever the pack's size. No
I/O, no database, no plugin calls: safe to run over a whole city's roster in one batch.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from core.determination import Determination, Trigger, Verdict
from core.findings import Finding, Site, Status, derive_status
from core.i18n import Lang, t
from core.model import OTHER, Pack, Rule

_NC, _OK, _NA = Status.noncompliant, Status.compliant, Status.not_applicable


@dataclass(frozen=True, slots=True)
class Answers:
    """Derived item statuses of one site, and which noncompliant items were corrected on site.

    This is the engine's input; :meth:`from_findings` derives it from an auditor's findings.
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
    rule: Rule
    mask: int
    applies_to: frozenset[str]
    clauses: tuple[str, ...]


@dataclass(frozen=True)
class Plan:
    """A pack compiled for evaluation: built once per pack, shared by every evaluation."""

    pack: Pack
    ids: tuple[str, ...]
    clauses: tuple[str, ...]
    bit: Mapping[str, int]
    gates: tuple[tuple[int, tuple[frozenset[str], ...]], ...]
    rules: tuple[_Rule, ...]
    vetoes: Mapping[str, frozenset[int]]
    unverified: int
    corrections_count: bool
    _applicable: dict[frozenset[str], int] = field(default_factory=dict, repr=False)

    def applicable(self, tags: frozenset[str]) -> int:
        """The mask of items whose tag gates this site's tags meet."""
        mask = self._applicable.get(tags)
        if mask is None:
            mask = (1 << len(self.ids)) - 1
            for bit, groups in self.gates:
                if not all(tags & g for g in groups):
                    mask &= ~bit
            self._applicable[tags] = mask
        return mask

    def names(self, mask: int) -> tuple[str, ...]:
        """Item ids of the set bits of ``mask``, in pack order."""
        ids = self.ids
        out = []
        while mask:
            low = mask & -mask
            out.append(ids[low.bit_length() - 1])
            mask ^= low
        return tuple(out)


@lru_cache(maxsize=256)
def compile_pack(pack: Pack) -> Plan:
    """Compile ``pack`` into a :class:`Plan` (cached: packs are immutable)."""
    items = pack.items()
    ids = tuple(i.id for i in items)
    bit = {item_id: 1 << n for n, item_id in enumerate(ids)}
    clause_of = {i.id: i.clause for i in items}
    gates = tuple((bit[i], tuple(frozenset(g) for g in groups))
                  for i, groups in pack.item_gates().items() if groups)
    rules = []
    for rule in pack.rules:
        members = pack.rule_items(rule)
        mask = 0
        for m in members:
            mask |= bit[m]
        rules.append(_Rule(rule, mask, frozenset(rule.applies_to), (rule.clause,)))
    index = {r.id: n for n, r in enumerate(pack.rules)}
    vetoes = {e.id: frozenset(index[r] for r in e.vetoes) if e.vetoes
              else frozenset(range(len(pack.rules))) for e in pack.exceptions}
    unverified = 0
    for item in items:
        if not item.verified:
            unverified |= bit[item.id]
    plan = Plan(pack, ids, tuple(clause_of[i] for i in ids), bit, gates, tuple(rules), vetoes,
                unverified, pack.on_site_correction is not None)
    return plan


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
    bit = plan.bit
    nc = ok = na = 0
    for item_id, status in answers.statuses.items():
        b = bit[item_id]
        if status is _NC:
            nc |= b
        elif status is _OK:
            ok |= b
        else:
            na |= b
    applicable = plan.applicable(site.tags)
    gated_out = ~applicable & ((1 << len(plan.ids)) - 1)
    nc &= applicable
    na = (na & applicable) | gated_out
    unanswered = applicable & ~(nc | ok | na)
    corrected = 0
    for item_id in answers.corrected:
        corrected |= bit[item_id]
    corrected &= nc
    counted = nc & ~corrected if plan.corrections_count else nc

    categories = site.categories or frozenset({OTHER})
    vetoed: frozenset[int] = frozenset()
    for exc_id in sorted(site.exclusions):
        vetoed |= plan.vetoes.get(exc_id, frozenset())

    triggers: list[Trigger] = []
    fired_live = 0
    could_fire = False
    excluding: set[int] = set()
    for n, r in enumerate(plan.rules):
        if r.applies_to and not (r.applies_to & categories):
            continue
        hit = counted & r.mask
        count = hit.bit_count()
        threshold = r.rule.threshold
        if count >= threshold:
            items = plan.names(hit)
            is_vetoed = n in vetoed
            if is_vetoed:
                excluding.add(n)
            else:
                fired_live |= hit
            # The rule's clause, then each counted element's own clause.
            clauses = r.clauses + tuple(plan.clauses[b.bit_length() - 1] for b in _bits(hit))
            triggers.append(Trigger(rule=r.rule.id, kind=r.rule.kind, clauses=clauses,
                                    items=items, count=count, threshold=threshold,
                                    vetoed=is_vetoed))
        elif n not in vetoed and count + (unanswered & r.mask).bit_count() >= threshold:
            could_fire = True
    excluded_by = [e for e in sorted(site.exclusions)
                   if plan.vetoes.get(e, frozenset()) & excluding] if excluding else []

    if fired_live:
        verdict = Verdict.major
    elif triggers:
        verdict = Verdict.excluded
    elif could_fire:
        verdict = Verdict.incomplete
    else:
        verdict = Verdict.not_major

    warnings = _warnings(plan, triggers, nc & corrected if not plan.corrections_count else 0,
                         on, lang)
    general = nc & ~fired_live & ~(corrected if plan.corrections_count else 0)
    return Determination(
        pack=plan.pack.id, pack_version=plan.pack.version, verdict=verdict,
        triggers=tuple(triggers), excluded_by=tuple(excluded_by),
        general_hazards=plan.names(general) if general else (),
        corrected_on_site=plan.names(corrected) if corrected and plan.corrections_count else (),
        unanswered=plan.names(unanswered) if unanswered else (),
        not_applicable=plan.names(na) if na else (),
        warnings=warnings,
    )


def _bits(mask: int) -> Iterator[int]:
    while mask:
        low = mask & -mask
        yield low
        mask ^= low


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
