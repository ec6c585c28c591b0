"""Every benchmark in one table: ``python -m benchmarks [--quick] [--only NAME,...] [--markdown]``.

Each workload runs in a fresh process (``python -m benchmarks.NAME --scale F --json``) beside
its baseline or peers measured in the same process; the full run repeats each scalable
workload at 1, 1/10 and 1/100 of its size so the table shows how cost grows with work.
``--quick`` runs each once at a reduced size, in under a minute, for CI. A run fails only when
a ratio target is missed by more than :data:`benchmarks.table.NOISE_MARGIN` (in a full run, at
full size: targets are set for the full sizes), or when a benchmark's figures disagree with its
baseline. Absolute times are printed, never asserted.
"""

from __future__ import annotations

import argparse
import importlib
import os
import platform
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

from benchmarks.table import NOISE_MARGIN, Row, collect, render

ROOT = Path(__file__).resolve().parents[1]
#: name -> extra arguments; peers run inside ``determination``, on the same cases.
WORKLOADS: dict[str, list[str]] = {
    "determination": [],
    "store": ["--pg"],
    "stats": [],
    "excel": [],
    "roster": [],
    "tui": [],
    "packload": [],
    "audit_verify": [],
    "city": [],
    "city_screens": [],
}
#: Extra arguments at reduced scales of a full run: an answer's commit time does not depend on
#: the run's size, so it is measured once, at full size.
REDUCED: dict[str, list[str]] = {"store": ["--answers", "0"]}
#: A workload's cost per unit at full size within this factor of its cost at 1/100 is linear.
LINEAR = 1.5


def machine() -> str:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (f"{os.cpu_count()} cores{f' ({cpu})' if cpu else ''}, {platform.system()}, "
            f"Python {platform.python_version()}")


def run(name: str, scale: float, extra: list[str]) -> tuple[list[Row], str]:
    """The rows of one workload at one scale, and an error text if it failed."""
    cmd = [sys.executable, "-m", f"benchmarks.{name}", "--scale", repr(scale), "--json", *extra]
    done = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=False)
    rows = collect(done.stdout)
    if done.returncode == 1 or "MISMATCH" in done.stdout:
        mismatch = [ln for ln in done.stdout.splitlines() if "MISMATCH" in ln]
        return rows, (mismatch or ["figures disagree with the baseline"])[0]
    if done.returncode not in (0, 2) or not rows:
        tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
        return rows, f"exit {done.returncode}: " + " | ".join(tail)
    return rows, ""


def scaling(rows: list[Row]) -> list[str]:
    """Per-unit cost at each scale, and whether it stays flat (linear growth)."""
    by: dict[str, list[Row]] = defaultdict(list)
    for r in rows:
        if r.per_unit:
            by[r.workload].append(r)
    out = []
    for workload, group in by.items():
        if len({r.scale for r in group}) < 2:
            continue
        group.sort(key=lambda r: _fraction(r.scale), reverse=True)
        full, small = group[0].per_unit or 0.0, group[-1].per_unit or 0.0
        growth = full / small if small else 0.0
        verdict = ("linear" if 1 / LINEAR <= growth <= LINEAR else
                   "super-linear: cost per unit grows with size" if growth > LINEAR else
                   "fixed cost dominates small sizes")
        costs = ", ".join(f"{_unit(r.per_unit or 0.0)} at {r.scale}" for r in group)
        out.append(f"  {workload}: {costs}; full/smallest {growth:.2f}x: {verdict}")
    return out


def _fraction(scale: str) -> float:
    return 1.0 if scale == "1" else 1 / float(scale.split("/")[1])


def _unit(seconds: float) -> str:
    return f"{seconds * 1e6:.1f} us" if seconds < 1e-3 else f"{seconds * 1e3:.2f} ms"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true",
                        help="each workload once at a reduced size (CI)")
    parser.add_argument("--only", help="comma-separated workloads: " + ", ".join(WORKLOADS))
    parser.add_argument("--no-pg", action="store_true", help="leave PostgreSQL out")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table too")
    args = parser.parse_args(argv)
    names = list(WORKLOADS)
    if args.only:
        names = [n.strip() for n in args.only.split(",") if n.strip()]
        unknown = [n for n in names if n not in WORKLOADS]
        if unknown:
            parser.error(f"unknown workload(s) {', '.join(unknown)}; "
                         f"choose from {', '.join(WORKLOADS)}")

    rows: list[Row] = []
    failures: list[str] = []
    began = time.perf_counter()
    for name in names:
        module = importlib.import_module(f"benchmarks.{name}")
        scales = [module.QUICK_SCALE] if args.quick else list(module.SCALES)
        extra = list(WORKLOADS[name])
        if args.no_pg:
            extra = [a for a in extra if a != "--pg"] + (
                ["--no-pg"] if name in ("stats", "city") else [])
        for n, scale in enumerate(scales):
            start = time.perf_counter()
            got, error = run(name, scale, extra + (REDUCED.get(name, []) if n else []))
            print(f"  {name} at scale {scale:g}: {len(got)} rows, "
                  f"{time.perf_counter() - start:.1f} s{' FAILED: ' + error if error else ''}",
                  file=sys.stderr, flush=True)
            rows += got
            if error:
                failures.append(f"{name} (scale {scale:g}): {error}")

    print(f"anjian benchmarks ({'quick' if args.quick else 'full'} run, "
          f"{time.perf_counter() - began:.0f} s) on {machine()}")
    print(render(rows))
    lines = scaling(rows)
    if lines:
        print("\nscaling (cost per unit of work at each size):")
        print("\n".join(lines))
    if args.markdown:
        print()
        print(render(rows, markdown=True))
    # Targets are set at full size; in a full run the 1/10 and 1/100 rows show how cost grows
    # (a fixed cost weighs more on a small run) and do not fail it. --quick rows all gate.
    missed = [r for r in rows if (args.quick or r.scale == "1") and not r.gates()]
    short = [r for r in rows if r.status == "short"]
    print(f"\n{len(rows)} figures: {sum(r.status == 'pass' for r in rows)} pass, {len(short)} "
          f"short; ratio targets fail the run only when missed by more than "
          f"{NOISE_MARGIN:.0%} (noise margin)")
    for r in missed:
        failures.append(f"{r.workload} ({r.scale}): ratio {r.figure:.2f}x misses "
                        f"{r.target.text() if r.target else ''} beyond the noise margin")
    for failure in failures:
        print(f"FAILED: {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
