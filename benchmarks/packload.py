"""Pack loading: every installed pack file read and validated from YAML, against the 200 ms a
pack may take (the contract's load budget), and beside a bare ``yaml.safe_load`` of the same
file measured in the same run.

    python -m benchmarks.packload [--repeat N] [--json]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import yaml

from benchmarks.table import Row, Target, add_options, emit
from core.pack.loader import load_pack
from core.plugins.catalogue import build_catalogue

TARGET_MS = 200.0
QUICK_SCALE = 1.0
SCALES = (1.0,)


def _best(fn: object, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()  # type: ignore[operator]
        best = min(best, time.perf_counter() - start)
    return best * 1000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    add_options(parser, "every pack, whatever the scale")
    args = parser.parse_args(argv)
    slowest: tuple[float, float, str, int] = (0.0, 0.0, "", 0)
    cat = build_catalogue()
    root = Path(__file__).resolve().parents[1] / "plugins"
    files = {e.pack.id: next(root.glob(f"*/{Path(e.source).name}"), None)
             for e in cat.entries.values()}
    print(f"{'pack':<24}{'items':>6}{'load ms':>10}{'bare yaml ms':>14}{'target':>9}  status")
    worst = "pass"
    for pack_id, path in files.items():
        if path is None:
            continue
        ms = _best(lambda p=path: load_pack(p), args.repeat)
        bare = _best(lambda p=path: yaml.load(p.read_text(encoding="utf-8"),
                                              Loader=getattr(yaml, "CSafeLoader",
                                                             yaml.SafeLoader)), args.repeat)
        status = "pass" if ms <= TARGET_MS else "short"
        worst = "short" if status == "short" else worst
        items = len(cat.entries[pack_id].pack.items())
        slowest = max(slowest, (ms, bare, pack_id, items))
        print(f"{pack_id:<24}{items:>6}{ms:>10.1f}{bare:>14.1f}{TARGET_MS:>9.0f}  {status}")
    if args.json:
        ms, bare, pack_id, items = slowest
        emit([Row("pack load (slowest pack)", f"{pack_id}, {items} items", f"{ms:.1f} ms",
                  f"bare yaml {bare:.1f} ms", ms, Target("<", TARGET_MS, "absolute", "ms"),
                  note=f"{len(files)} packs")])
    return 0 if worst == "pass" else 2


if __name__ == "__main__":
    sys.exit(main())
