"""Batch determination: anjian's engine beside a plain-Python set implementation of the same
rules, on the same seeded synthetic sites, in the same run.

The workload is GB 35181-shaped: 60 items (10 direct, 50 composite in 5 sections), three site
categories plus "other", the four category-dependent composite thresholds, one exception and
on-site correction; every site answers all 60 items, about 5 % noncompliant.

    python -m benchmarks.determination [--sites N] [--seed S]
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from core.engine import Answers, compile_pack, evaluate_batch
from core.findings import Site, Status
from core.model import Pack

TARGET_RATIO = 0.5
DIRECT = [f"D{n:02d}" for n in range(10)]
COMPOSITE = [f"C{n:02d}" for n in range(50)]
CROWDED_GROUP = COMPOSITE[10:21]
FLAMMABLE_GROUP = COMPOSITE[0:3] + COMPOSITE[23:25]
CATEGORIES = ["crowded", "flammable", "important"]
# (rule id, applies to, counted items, threshold); applies_to empty means every site.
RULES: list[tuple[str, frozenset[str], frozenset[str], int]] = [
    ("R-direct", frozenset(), frozenset(DIRECT), 1),
    ("R-a", frozenset({"crowded"}), frozenset(CROWDED_GROUP), 3),
    ("R-b", frozenset({"flammable"}), frozenset(FLAMMABLE_GROUP), 3),
    ("R-c", frozenset(CATEGORIES), frozenset(COMPOSITE), 4),
    ("R-d", frozenset({"other"}), frozenset(COMPOSITE), 6),
]
EXCEPTION = "X-stopped"


def synthetic_pack() -> Pack:
    def items(ids: list[str]) -> list[dict[str, str]]:
        return [{"id": i, "clause": i, "text_zh": i, "gloss_en": i, "guidance_zh": "-"}
                for i in ids]

    sections = [{"id": "D", "title_zh": "直接", "title_en": "direct", "items": items(DIRECT)}]
    sections += [{"id": f"S{n}", "title_zh": f"综合{n}", "title_en": f"composite {n}",
                  "items": items(COMPOSITE[n * 10:(n + 1) * 10])} for n in range(5)]
    rules = [{"id": rid, "kind": "direct" if rid == "R-direct" else "composite",
              "clause": rid, "text_zh": rid, "gloss_en": rid, "items": sorted(group),
              "applies_to": sorted(applies), "threshold": thr}
             for rid, applies, group, thr in RULES]
    return Pack.model_validate({
        "id": "bench", "version": "1.0", "title_zh": "基准", "title_en": "bench",
        "standard": "BENCH", "issuer": "-", "sector": "bench", "effective": "2020-01-01",
        "site_categories": [{"id": c, "name_zh": c, "name_en": c} for c in CATEGORIES],
        "sections": sections, "rules": rules,
        "exceptions": [{"id": EXCEPTION, "clause": "x", "text_zh": "x", "gloss_en": "x"}],
        "on_site_correction": {"clause": "y", "text_zh": "y", "gloss_en": "y"},
    })


@dataclass(frozen=True, slots=True)
class Case:
    categories: frozenset[str]
    exclusions: frozenset[str]
    statuses: dict[str, Status]
    corrected: frozenset[str]


def generate(n: int, seed: int) -> list[Case]:
    rng = random.Random(seed)
    ids = DIRECT + COMPOSITE
    out = []
    for _ in range(n):
        statuses = {}
        for i in ids:
            r = rng.random()
            statuses[i] = (Status.noncompliant if r < 0.05 else Status.not_applicable
                           if r < 0.08 else Status.compliant)
        nc = [i for i, s in statuses.items() if s is Status.noncompliant]
        corrected = frozenset(i for i in nc if rng.random() < 0.05)
        cats = frozenset(c for c in CATEGORIES if rng.random() < 0.3)
        exclusions = frozenset({EXCEPTION}) if rng.random() < 0.01 else frozenset()
        out.append(Case(cats, exclusions, statuses, corrected))
    return out


ALL = frozenset(DIRECT + COMPOSITE)
ORDER = {item: n for n, item in enumerate(DIRECT + COMPOSITE)}


def baseline(cases: list[Case]) -> Iterator[tuple[str, list[tuple[str, list[str]]], list[str]]]:
    """The same rules written directly with sets: verdict, fired rules with items, general."""
    nc_status = Status.noncompliant
    for case in cases:
        nc = {i for i, s in case.statuses.items() if s is nc_status}
        counted = nc - case.corrected
        unanswered = ALL - case.statuses.keys()
        cats = case.categories or {"other"}
        vetoed = bool(case.exclusions)
        fired: list[tuple[str, list[str]]] = []
        possible = False
        for rid, applies, group, thr in RULES:
            if applies and not applies & cats:
                continue
            hit = counted & group
            if len(hit) >= thr:
                fired.append((rid, sorted(hit, key=ORDER.__getitem__)))
            elif len(hit) + len(unanswered & group) >= thr:
                possible = True
        major_items = set() if vetoed else {i for _, items in fired for i in items}
        general = sorted(counted - major_items, key=ORDER.__getitem__)
        if fired:
            verdict = "excluded" if vetoed else "major"
        else:
            verdict = "incomplete" if possible else "not_major"
        yield verdict, fired, general


def run_anjian(pack: Pack, cases: list[Case]) -> Counter[str]:
    plan = compile_pack(pack)
    inputs = [(Site(categories=c.categories, exclusions=c.exclusions),
               Answers(c.statuses, c.corrected)) for c in cases]
    start = time.perf_counter()
    verdicts: Counter[str] = Counter(o.verdict.value for o in evaluate_batch(plan, inputs))
    run_anjian.seconds = time.perf_counter() - start  # type: ignore[attr-defined]
    return verdicts


def agree(pack: Pack, cases: list[Case]) -> list[int]:
    """Sites where anjian and the baseline differ in verdict, fired rules or general hazards."""
    plan = compile_pack(pack)
    ours = evaluate_batch(plan, ((Site(categories=c.categories, exclusions=c.exclusions),
                                  Answers(c.statuses, c.corrected)) for c in cases))
    bad = []
    for n, (o, (verdict, fired, general)) in enumerate(zip(ours, baseline(cases), strict=True)):
        d = o.determination()
        mine = (d.verdict.value, [(t.rule, list(t.items)) for t in d.triggers],
                list(d.general_hazards))
        if mine != (verdict, fired, general):
            bad.append(n)
    return bad


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=120_000)
    parser.add_argument("--seed", type=int, default=2021)
    args = parser.parse_args(argv)
    pack = synthetic_pack()
    cases = generate(args.sites, args.seed)
    before = peak_mb()

    start = time.perf_counter()
    base_verdicts = Counter(v for v, _, _ in baseline(cases))
    base_s = time.perf_counter() - start
    after_base = peak_mb()

    ours = run_anjian(pack, cases)
    ours_s: float = run_anjian.seconds  # type: ignore[attr-defined]
    after_ours = peak_mb()

    differ = agree(pack, cases[:20_000])
    if ours != base_verdicts or differ:
        print(f"MISMATCH: anjian {dict(ours)} vs baseline {dict(base_verdicts)}; "
              f"sites differing: {differ[:10]}")
        return 1
    ratio = (args.sites / ours_s) / (args.sites / base_s)
    status = "pass" if ratio >= TARGET_RATIO else "short"
    print(f"determination: {args.sites} sites x 60 findings, verdicts {dict(sorted(ours.items()))}")
    print(f"  {'':<22}{'sites/s':>12}{'seconds':>10}")
    print(f"  {'plain-Python sets':<22}{args.sites / base_s:>12,.0f}{base_s:>10.2f}")
    print(f"  {'anjian batch':<22}{args.sites / ours_s:>12,.0f}{ours_s:>10.2f}")
    print(f"  ratio {ratio:.2f}x of baseline (target >= {TARGET_RATIO}x): {status}")
    print(f"  peak RSS {after_ours:.0f} MB (input data {before:.0f} MB; baseline added "
          f"{after_base - before:.0f} MB, anjian added {after_ours - after_base:.0f} MB)")
    return 0 if status == "pass" else 2


if __name__ == "__main__":
    sys.exit(main())
