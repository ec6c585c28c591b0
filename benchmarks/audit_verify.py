"""``anjian audit verify``'s chain check at 100,000 and 1,000,000 audit entries: its peak
memory must not grow with the log (the larger log's peak within 1.2x the smaller's, measured
in the same run, and under 200 MB), and its time beside a bare re-hash of the same rows.

The data: an SQLite database whose schema ``open_store`` made (the real migrations), with N
entries of the sizes answers write (an inspection's finding with a note in Chinese, the
verdict after it), chained by anjian's own ``entry_hash`` in Python and written with
``sqlite3`` ``executemany``; the smaller log is the first entries of the larger. Seeding is
not timed.

Timed, each in a fresh process whose peak resident memory (``VmHWM``: see :data:`PEAK`) is
its own:
``core.services.audit_check.chain_check`` through a context opened like the command line's;
beside it, the bare re-hash: one ``sqlite3`` cursor over the table, each row's JSON decoded
and the hash recomputed with :mod:`hashlib`. Both must find the chain intact and count every
entry before any figure is reported.

    python -m benchmarks.audit_verify [--scale F | --entries SMALL,LARGE] [--json]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

from benchmarks.table import Row, Target, add_options, emit, scale_text
from core.store.audit_chain import entry_hash
from core.store.db import open_store

QUICK_SCALE = 0.1
#: Each run measures two log lengths itself (the memory target compares them), so a full run
#: needs only the full scale.
SCALES = (1.0,)
SMALL, LARGE = 100_000, 1_000_000
#: The larger log's peak memory over the smaller's; the absolute peak at the larger.
MEMORY_RATIO, MEMORY_MB = 1.2, 200
#: anjian's check against the bare re-hash of the same rows.
TIME_RATIO = 3.0
BATCH = 20_000
START = dt.datetime(2026, 1, 5, 8, 0, tzinfo=dt.UTC)

INSERT = ("INSERT INTO audit_log (seq, at, actor, action, object_type, object_id, before, "
          "after, prev_hash, hash, form) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)")

#: The child's own peak resident memory in MB. ``ru_maxrss`` is not it: Linux carries it over
#: ``exec`` from the process that forked the child (this one, with the seeded data behind it),
#: so a child's figure would never be below its parent's size. ``VmHWM`` belongs to the new
#: program's memory alone; ``ru_maxrss`` only where there is no ``/proc``.
PEAK = textwrap.dedent("""
    def peak_mb():
        try:
            with open("/proc/self/status") as fh:
                for line in fh:
                    if line.startswith("VmHWM:"):
                        return int(line.split()[1]) / 1024
        except OSError:
            pass
        import resource
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
""")

ANJIAN = PEAK + textwrap.dedent("""
    import sys, time
    from core.services.audit_check import chain_check
    from core.services.context import open_context
    ctx = open_context(sys.argv[1], actor="审计员")
    t = time.perf_counter(); n, broken = chain_check(ctx); s = time.perf_counter() - t
    print(n, int(broken is None), s, peak_mb())
""")

BARE = PEAK + textwrap.dedent("""
    import hashlib, json, sqlite3, sys, time
    t = time.perf_counter()
    db = sqlite3.connect(sys.argv[1].removeprefix("sqlite:///"))
    prev, n, ok = "", 0, True
    for seq, at, actor, action, otype, oid, before, after, prev_hash, digest in db.execute(
            "SELECT seq, at, actor, action, object_type, object_id, before, after, prev_hash, "
            "hash FROM audit_log ORDER BY seq"):
        stamp = at.replace(" ", "T") + "+00:00"
        payload = json.dumps([seq, stamp, actor, action, otype, oid, json.loads(before),
                              json.loads(after)], sort_keys=True, ensure_ascii=False,
                             separators=(",", ":"))
        ok = ok and prev_hash == prev and hashlib.sha256(
            (prev + payload).encode()).hexdigest() == digest
        prev, n = digest, n + 1
    s = time.perf_counter() - t
    print(n, int(ok), s, peak_mb())
""")


def seed(urls: dict[int, str]) -> None:
    """Each database in ``urls`` (by its log length) made by ``open_store`` and given the first
    that many entries of one chain, computed here with anjian's ``entry_hash``."""
    conns = {}
    for n, url in urls.items():
        open_store(url).close()
        conn = sqlite3.connect(url.removeprefix("sqlite:///"))
        conn.execute("PRAGMA synchronous=OFF")
        conns[n] = conn
    prev, last = "", max(urls)
    rows: list[tuple[object, ...]] = []
    for seq in range(1, last + 1):
        at = START + dt.timedelta(seconds=seq * 7, microseconds=seq % 997 + 1)
        item = f"CHEM-2017-{seq % 20 + 1:02d}"
        before = {"status": None, "note": None} if seq % 3 else {"status": "compliant",
                                                                   "note": "已整改"}
        after = {"status": "noncompliant", "note": f"第{seq % 50}号储罐区未设置可燃气体报警",
                 "corrected_on_site": False, "verdict": "major" if seq % 11 == 0 else "none",
                 "hazards": [{"item": item, "level": "major" if seq % 11 == 0 else "general"}]}
        actor = f"检查员{seq % 40:02d}"
        oid = f"{seq // 60 + 1}:{item}"
        digest = entry_hash(prev, seq, at, actor, "inspection.answer", "finding", oid,
                            before, after)
        rows.append((seq, at.strftime("%Y-%m-%d %H:%M:%S.%f"), actor, "inspection.answer",
                     "finding", oid, json.dumps(before, ensure_ascii=False),
                     json.dumps(after, ensure_ascii=False), prev, digest))
        prev = digest
        if len(rows) == BATCH or seq == last:
            for n, conn in conns.items():
                mine = [r for r in rows if r[0] <= n]
                if mine:
                    conn.executemany(INSERT, mine)
                if rows[0][0] <= n <= seq:  # this database's log ends in this batch
                    conn.execute("UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1",
                                 (n, mine[-1][9]))
                conn.commit()
            rows = []
    for conn in conns.values():
        conn.close()


def _run(code: str, url: str) -> tuple[int, bool, float, float]:
    done = subprocess.run([sys.executable, "-c", code, url], capture_output=True, text=True,
                          check=True, env={**os.environ})
    n, intact, seconds, mb = done.stdout.split()
    return int(n), intact == "1", float(seconds), float(mb)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_options(parser, f"{SMALL:,} and {LARGE:,} entries")
    parser.add_argument("--entries", help="SMALL,LARGE: the two log lengths (instead of --scale)")
    args = parser.parse_args(argv)
    if args.entries:
        small, large = (int(x) for x in args.entries.split(","))
    else:
        small, large = max(1000, round(SMALL * args.scale)), max(2000, round(LARGE * args.scale))
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["ANJIAN_HOME"] = tmp
        urls = {n: f"sqlite:///{Path(tmp) / f'audit-{n}.db'}" for n in (small, large)}
        seed(urls)
        measured = {n: (_run(ANJIAN, url), _run(BARE, url)) for n, url in urls.items()}
    for n, (ours, bare) in measured.items():
        if not (ours[0] == bare[0] == n and ours[1] and bare[1]):
            print(f"MISMATCH: at {n:,} entries anjian read {ours[0]:,} (intact: {ours[1]}), "
                  f"the bare re-hash {bare[0]:,} (intact: {bare[1]})")
            return 1
    table = []
    for n, (ours, bare) in measured.items():
        # The time target is the larger log's: at the smaller one the check's fixed cost (its
        # first page: the statement compiled, the reader authorised) weighs more.
        table.append(Row("audit verify (chain)", f"{n:,} entries",
                         f"{ours[2]:.2f} s ({n / ours[2]:,.0f} entries/s)",
                         f"sqlite3 + hashlib {bare[2]:.2f} s", ours[2] / bare[2],
                         Target("<=", TIME_RATIO) if n == large else None,
                         scale_text(n / LARGE), ours[2] / n))
    peak_small, peak_large = measured[small][0][3], measured[large][0][3]
    ratio = peak_large / peak_small
    size = f"{large:,} vs {small:,} entries"
    table += [
        Row("audit verify memory", size, f"peak {peak_large:.0f} MB",
            f"the same check at {small:,}: peak {peak_small:.0f} MB", ratio,
            Target("<=", MEMORY_RATIO), scale_text(large / LARGE),
            note="flat: a page of entries in memory, whatever the log's length"),
        Row("audit verify peak memory", f"{large:,} entries", f"peak {peak_large:.0f} MB",
            f"bare re-hash {measured[large][1][3]:.0f} MB", peak_large,
            Target("<", MEMORY_MB, "absolute", "MB"), scale_text(large / LARGE)),
    ]
    print(f"audit_verify: chain check at {small:,} and {large:,} entries")
    for n, (ours, bare) in measured.items():
        print(f"  {n:,}: anjian {ours[2]:.2f} s, peak {ours[3]:.0f} MB; bare re-hash "
              f"{bare[2]:.2f} s, peak {bare[3]:.0f} MB")
    print(f"  peak memory {peak_large:.0f} MB at {large:,} over {peak_small:.0f} MB at "
          f"{small:,}: {ratio:.2f}x (target <= {MEMORY_RATIO}x, and < {MEMORY_MB} MB): "
          f"{'pass' if all(r.status == 'pass' for r in table) else 'short'}")
    if args.json:
        emit(table)
    return 0 if all(r.status == "pass" for r in table) else 2


if __name__ == "__main__":
    sys.exit(main())
