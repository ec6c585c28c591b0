"""Peers: the determination workload of ``benchmarks.determination`` on four generic Python
rules engines a team might pick instead of anjian, each in the form its documentation shows,
beside the same plain-Python set implementation measured in the same process.

- ``business-rules``: JSON-style rules (category gate, threshold) over a variables class whose
  variables, Python by that library's design, count a site's hazards in each rule's items; an
  actions class records what fired; ``run_all`` per site.
- ``durable_rules``: ``when_all(count(threshold), site pattern, answer pattern)`` rules; each
  site is a session (``sid``) whose facts go in with one ``assert_facts``, then are deleted.
- ``experta`` (the expert-ceylon fork, see pyproject.toml): a ``KnowledgeEngine`` matching a
  ``Site`` fact and one ``Answer`` fact per item, reset, declared and run per site. experta
  has no aggregation, so its rules collect matching items and the thresholds are compared
  after ``run()``.
- ``rule-engine``: one ``rule_engine.Rule`` expression per rule (gate, items, threshold),
  matched against a dict per site.

Each engine says which rules fire on a site; the verdict is then the same four-way choice for
all (none fired and an item unanswered: incomplete, as anjian says). Verdicts and
fired rules are compared with the baseline site by site; any difference raises
:class:`Mismatch`. Rules are compiled once, outside the clock, and so is input an engine needs
as its own objects (experta's Facts; anjian's timing, by contrast, includes wrapping its
input). Where an engine is fed only
the answers that can count, that selection is made in Python inside the timed region:
durable_rules refuses a batch holding a fact no rule matches, and rule-engine coerces a whole
mapping at every lookup, which makes filtering 60 answers in an expression quadratic (several
milliseconds a site).

Rates are per site, so the peers' full size (:data:`SITES`, smaller than the determination
benchmark's 120,000 because generic engines are slow) need not match anjian's. Each engine runs
once; the baseline, far shorter, is the median of three runs.

With ``--anjian``, anjian's batch engine is timed on the same cases too: that is how
``benchmarks.determination`` compares it with each engine, one process per engine.

    python -m benchmarks.peers [--scale F] [--seed S] [--engines a,b] [--anjian] [--json]
"""

from __future__ import annotations

import argparse
import gc
import importlib
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from functools import cache, reduce
from types import ModuleType
from typing import Any

from benchmarks.determination import (
    COMPOSITE,
    DIRECT,
    EXCEPTION,
    RULES,
    Case,
    baseline,
    generate,
)
from benchmarks.table import Mismatch, Row, add_options, emit, scale_text

SITES = 12_000
SCALES = (1.0, 0.1, 0.01)
QUICK_SCALE = 0.05
PLAIN = "plain sets"
ITEMS = len(DIRECT) + len(COMPOSITE)
OTHER = frozenset({"other"})
NONCOMPLIANT = "noncompliant"

#: Modules to try for each engine, first importable wins.
MODULES: dict[str, tuple[str, ...]] = {
    "business-rules": ("business_rules",),
    "durable_rules": ("durable.lang",),
    "experta": ("expert_ceylon", "experta"),
    "rule-engine": ("rule_engine",),
}

Outcome = tuple[str, tuple[str, ...]]  # verdict, fired rule ids in RULES order



def _module(engine: str) -> ModuleType:
    failure: Exception | None = None
    for name in MODULES[engine]:
        try:
            return importlib.import_module(name)
        except ImportError as exc:
            failure = exc
        except AttributeError as exc:  # experta 1.9.4's frozendict 1.2 on Python >= 3.10
            failure = ImportError(f"{name} does not import on this Python ({exc})")
    raise ImportError(f"{failure} (pip install -e '.[bench]')") from failure


def unavailable(engine: str) -> str | None:
    """Why ``engine`` cannot run here ("not installed: ..."), or None when it can."""
    try:
        _module(engine)
    except ImportError as exc:
        return f"not installed: {exc}"
    return None


def _verdict(case: Case, fired: Iterable[str]) -> Outcome:
    """The choice every engine shares once it has said which rules fire: with none, a site
    with an item unanswered is incomplete."""
    rules = tuple(fired)
    if rules:
        return ("excluded" if EXCEPTION in case.exclusions else "major"), rules
    return ("incomplete" if len(case.statuses) < ITEMS else "not_major"), ()


def _hazards(case: Case) -> set[str]:
    """Noncompliant items not corrected on site: the answers that count toward a rule."""
    return {i for i, s in case.statuses.items() if s == NONCOMPLIANT and i not in case.corrected}


def _check(engine: str, cases: list[Case], outcomes: list[Outcome]) -> Counter[str]:
    expected = [(v, tuple(r for r, _ in fired)) for v, fired, _ in baseline(cases)]
    bad = [n for n, (a, b) in enumerate(zip(outcomes, expected, strict=True)) if a != b]
    got, want = Counter(v for v, _ in outcomes), Counter(v for v, _ in expected)
    if bad or got != want:
        first = f"; site {bad[0]}: {outcomes[bad[0]]} vs {expected[bad[0]]}" if bad else ""
        raise Mismatch(f"{engine}: {len(bad)} of {len(cases)} sites differ from the baseline"
                       f"{first}; verdicts {dict(got)} vs {dict(want)}")
    return got


def _timed(engine: str, cases: list[Case], evaluate: Callable[[], list[Outcome]]
           ) -> tuple[float, Counter[str]]:
    gc.collect()
    start = time.perf_counter()
    outcomes = evaluate()
    seconds = time.perf_counter() - start
    return seconds, _check(engine, cases, outcomes)


def _key(rid: str) -> str:
    return rid.lower().replace("-", "_")


# --- business-rules ---------------------------------------------------------------------------

@cache
def _business_rules() -> tuple[type, type, list[dict[str, Any]]]:
    _module("business-rules")
    from business_rules.actions import BaseActions, rule_action
    from business_rules.fields import FIELD_TEXT
    from business_rules.variables import (
        BaseVariables,
        numeric_rule_variable,
        select_multiple_rule_variable,
    )

    class SiteVariables(BaseVariables):  # type: ignore[misc]
        """What the rules may ask of one site."""

        def __init__(self, case: Case) -> None:
            self.case = case
            self.hazards = _hazards(case)

        @select_multiple_rule_variable()
        def categories(self) -> list[str]:
            return list(self.case.categories or OTHER)

    def counter(group: frozenset[str]) -> Callable[[Any], int]:
        def count(self: SiteVariables) -> int:
            return len(self.hazards & group)
        return numeric_rule_variable(count)  # type: ignore[no-any-return]

    rules: list[dict[str, Any]] = []
    for rid, applies, group, thr in RULES:
        # business-rules 1.1 variables take no parameters: one variable per rule
        setattr(SiteVariables, f"hazards_{_key(rid)}", counter(group))
        gate = [{"name": "categories", "operator": "shares_at_least_one_element_with",
                 "value": sorted(applies)}] if applies else []
        hazards = f"hazards_{_key(rid)}"
        rules.append({"conditions": {"all": [*gate, {
            "name": hazards, "operator": "greater_than_or_equal_to", "value": thr}]},
            "actions": [{"name": "fire", "params": {"rule": rid}}]})

    class SiteActions(BaseActions):  # type: ignore[misc]
        def __init__(self) -> None:
            self.fired: list[str] = []

        @rule_action(params={"rule": FIELD_TEXT})
        def fire(self, rule: str) -> None:
            self.fired.append(rule)

    return SiteVariables, SiteActions, rules


def run_business_rules(cases: list[Case]) -> tuple[float, Counter[str]]:
    """venmo's business-rules: ``run_all`` over JSON-style rules for each site."""
    from business_rules import run_all
    variables, actions, rules = _business_rules()

    def evaluate() -> list[Outcome]:
        out = []
        for case in cases:
            done = actions()
            run_all(rules, variables(case), done)
            out.append(_verdict(case, done.fired))
        return out

    return _timed("business-rules", cases, evaluate)


# --- durable_rules ----------------------------------------------------------------------------

DURABLE_RULESET = "anjian_determination"
_durable_fired: dict[str, set[str]] = {}


@cache
def _durable_rules() -> ModuleType:
    """Defines the ruleset once per process (durable_rules keeps rulesets by name, for good)."""
    d = _module("durable_rules")
    m, c, item = d.m, d.c, d.item

    def either(terms: list[Any]) -> Any:
        return reduce(lambda a, b: a | b, terms)

    def site(applies: frozenset[str]) -> Any:
        terms = []
        if named := sorted(applies - OTHER):
            terms.append(m.categories.anyItem(either([item == n for n in named])))
        if "other" in applies:  # a site without categories has no categories field
            terms.append(-m.categories)
        return c.site << ((m.kind == "site") & either(terms))

    def record(tag: str) -> Callable[[Any], None]:
        def action(c: Any) -> None:
            _durable_fired.setdefault(c.s.sid, set()).add(tag)
        return action

    with d.ruleset(DURABLE_RULESET):
        for rid, applies, group, thr in RULES:
            sites = [site(applies)] if applies else []
            pattern = "|".join(sorted(group))
            # count(thr): the action runs once thr (site, answer) pairs match
            d.when_all(d.count(thr), *sites, c.answer << (
                (m.kind == "answer") & (m.status == NONCOMPLIANT) & m.item.matches(pattern)
            ))(record(rid))
    d.get_host()  # registers (compiles) the ruleset now, not at the first timed assert
    return d


def run_durable_rules(cases: list[Case]) -> tuple[float, Counter[str]]:
    """durable_rules: one session per site, its counting answers asserted in one batch."""
    d = _durable_rules()
    order = [rid for rid, _, _, _ in RULES]

    def evaluate() -> list[Outcome]:
        out = []
        for n, case in enumerate(cases):
            sid = str(n)
            facts: list[dict[str, Any]] = [
                {"sid": sid, "kind": "answer", "item": i, "status": NONCOMPLIANT}
                for i in _hazards(case)]
            site: dict[str, Any] = {"sid": sid, "kind": "site"}
            if case.categories:
                site["categories"] = sorted(case.categories)
            facts.append(site)
            d.assert_facts(DURABLE_RULESET, facts)
            d.delete_state(DURABLE_RULESET, sid)
            tags = _durable_fired.pop(sid, set())
            out.append(_verdict(case, (r for r in order if r in tags)))
        return out

    return _timed("durable_rules", cases, evaluate)


# --- experta ----------------------------------------------------------------------------------

@cache
def _experta() -> tuple[Any, type, type]:
    ex = _module("experta")
    P, MATCH = ex.P, ex.MATCH

    class Site(ex.Fact):  # type: ignore[misc]
        """The site inspected: ``categories``, a frozenset."""

    class Answer(ex.Fact):  # type: ignore[misc]
        """One answered item: ``item``, ``status``, ``corrected``."""

    def site(applies: frozenset[str]) -> list[Any]:
        if not applies:
            return []
        return [Site(categories=P(lambda cats: not (cats or OTHER).isdisjoint(applies)))]

    # experta has no aggregation (no CLIPS-style accumulate): rules collect matching items on
    # the engine and the thresholds are compared once run() has finished.
    def hit(rid: str) -> Callable[..., None]:
        def action(engine: Any, item: str) -> None:
            engine.hits[rid].append(item)
        return action

    rules: dict[str, Any] = {}
    for rid, applies, group, _ in RULES:
        member = MATCH.item & P(group.__contains__)
        rules[f"hit_{_key(rid)}"] = ex.Rule(*site(applies), Answer(
            item=member, status=NONCOMPLIANT, corrected=False))(hit(rid))
    engine = type("Determination", (ex.KnowledgeEngine,), rules)()
    return engine, Site, Answer


def run_experta(cases: list[Case]) -> tuple[float, Counter[str]]:
    """experta: one engine, reset for each site, its facts declared and run."""
    engine, site, answer = _experta()
    facts = [[site(categories=c.categories),
              *(answer(item=i, status=str(s), corrected=i in c.corrected)
                for i, s in c.statuses.items())] for c in cases]

    def evaluate() -> list[Outcome]:
        out = []
        for case, declared in zip(cases, facts, strict=True):
            engine.reset()
            engine.hits = {rid: [] for rid, _, _, _ in RULES}
            engine.declare(*declared)
            engine.run()
            fired = [rid for rid, _, _, thr in RULES if len(engine.hits[rid]) >= thr]
            out.append(_verdict(case, fired))
        return out

    return _timed("experta", cases, evaluate)


# --- rule-engine ------------------------------------------------------------------------------

@cache
def _rule_engine() -> list[tuple[str, Any]]:
    rule_engine = _module("rule-engine")

    def literal(values: Iterable[str]) -> str:
        return "{" + ", ".join(f'"{v}"' for v in sorted(values)) + "}"

    compiled = []
    for rid, applies, group, thr in RULES:
        gates = [f"(categories & {literal(applies - OTHER)}).length > 0"] if applies - OTHER else []
        gates += ["categories.is_empty"] if "other" in applies else []
        gate = f"({' or '.join(gates)}) and " if gates else ""
        members = literal(group)
        fire = f"{gate}(hazards & {members}).length >= {thr}"
        compiled.append((rid, rule_engine.Rule(fire)))
    return compiled


def run_rule_engine(cases: list[Case]) -> tuple[float, Counter[str]]:
    """rule-engine: each rule an expression matched against one dict per site."""
    rules = _rule_engine()

    def evaluate() -> list[Outcome]:
        out = []
        for case in cases:
            site = {"hazards": _hazards(case),
                    "categories": set(case.categories)}  # rule-engine takes no frozensets
            fired = [rid for rid, fire in rules if fire.matches(site)]
            out.append(_verdict(case, fired))
        return out

    return _timed("rule-engine", cases, evaluate)


# --- measuring --------------------------------------------------------------------------------

RUNNERS: dict[str, Callable[[list[Case]], tuple[float, Counter[str]]]] = {
    "business-rules": run_business_rules,
    "durable_rules": run_durable_rules,
    "experta": run_experta,
    "rule-engine": run_rule_engine,
}


def run_plain(cases: list[Case]) -> tuple[float, Counter[str]]:
    """The baseline, timed the same way as the engines."""
    gc.collect()
    start = time.perf_counter()
    verdicts = Counter(v for v, _, _ in baseline(cases))
    return time.perf_counter() - start, verdicts


def plain_seconds(cases: list[Case]) -> float:
    """The baseline's median of three runs: at full size it takes a tenth of a second, short
    enough for a moment's load on the other core to skew every ratio taken against it."""
    return sorted(run_plain(cases)[0] for _ in range(3))[1]


def anjian_seconds(cases: list[Case], verdicts: Counter[str]) -> float:
    """anjian's batch engine on the same cases, best of seven (a run is milliseconds long)."""
    from benchmarks.determination import run_anjian, synthetic_pack

    pack = synthetic_pack()
    runs = [run_anjian(pack, cases) for _ in range(7)]
    if any(got != verdicts for _, got in runs):
        raise Mismatch(f"anjian's verdicts {dict(runs[0][1])} differ from the baseline's")
    return min(seconds for seconds, _ in runs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_options(parser, f"{SITES:,} sites")
    parser.add_argument("--seed", type=int, default=2021)
    parser.add_argument("--engines", default=",".join(RUNNERS),
                        help=f"comma-separated, of: {', '.join(RUNNERS)}")
    parser.add_argument("--anjian", action="store_true",
                        help="also time anjian's batch engine on the same cases")
    args = parser.parse_args(argv)
    engines = [e.strip() for e in args.engines.split(",") if e.strip()]
    if unknown := [e for e in engines if e not in RUNNERS]:
        parser.error(f"unknown engines {unknown}; choose from {list(RUNNERS)}")
    n = max(1, round(SITES * args.scale))
    cases = generate(n, args.seed)
    verdicts = Counter(v for v, _, _ in baseline(cases))
    plain_s = plain_seconds(cases)
    plain = n / plain_s
    scale, size = scale_text(args.scale), f"{n:,} sites"
    print(f"determination on generic rules engines: {size} x {ITEMS} answers, "
          f"seed {args.seed}, verdicts {dict(sorted(verdicts.items()))}")
    print(f"  {'engine':<16}{'sites/s':>10}{'seconds':>10}{'x plain sets':>14}")
    print(f"  {PLAIN:<16}{plain:>10,.0f}{plain_s:>10.2f}{1:>14.3f}")
    rows, code, base = [], 0, f"{PLAIN} {plain:,.0f} sites/s"
    if args.anjian:
        ours_s = anjian_seconds(cases, verdicts)
        print(f"  {'anjian':<16}{n / ours_s:>10,.0f}{ours_s:>10.2f}{n / ours_s / plain:>14.3f}")
        rows.append(Row("determination: anjian", size, f"{n / ours_s:,.0f} sites/s", base,
                        n / ours_s / plain, None, scale, ours_s / n))
    for engine in engines:
        if reason := unavailable(engine):
            print(f"  {engine:<16}{reason}")
            rows.append(Row(f"determination: {engine}", size, "not installed", base, None, None,
                            scale, None, reason))
            continue
        try:
            seconds, _ = RUNNERS[engine](cases)
        except Mismatch as exc:
            print(f"  MISMATCH {exc}")
            code = 1
            continue
        rate = n / seconds
        print(f"  {engine:<16}{rate:>10,.0f}{seconds:>10.2f}{rate / plain:>14.3f}")
        rows.append(Row(f"determination: {engine}", size, f"{rate:,.0f} sites/s", base,
                        rate / plain, None, scale, seconds / n))
    if args.json:
        emit(rows)
    return code


if __name__ == "__main__":
    sys.exit(main())
