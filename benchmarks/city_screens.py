"""A city's database in the terminal UI: the enterprises and ledger screens opened, a search
keystroke in the roster, and the memory of a whole session, on SQLite and PostgreSQL, each
beside bare SQL for the same rows measured in the same run.

The database is :mod:`benchmarks.city_fixture`'s (120,000 enterprises, about 250,000
inspections and 1,000,000 hazards at scale 1; built once and kept).

1. **Enterprises screen open**: from pushing the screen in a headless app (80x24) to the frame
   that shows its first page with the count. Baseline: the same first page (30 enterprises in
   the roster's order, their open hazards) and the count by hand-written SQL with the bare
   driver. Target (the issue's): within 1 s.
2. **Ledger open**: the same for the hazard ledger (the first 30 hazards with their
   enterprises' names, the count). Target: within 1 s.
3. **Search keystroke**: from setting the search box's text to the repaint showing the page
   it finds, for each keystroke of ``j``, ``jn``, ``jnl``, ``jnlw``, ``莱芜``, a credit code's
   digits and clearing the box; the slowest is reported (median in the note). Baseline: the
   same pages by bare SQL over the search index. Target: within 100 ms.
4. **Peak memory of a session**: a fresh process runs the app headless on the city and walks
   it (the roster to its end and back, a search, the ledger to its end and back), then reports
   its peak resident memory (VmHWM). Baseline: the same process that only imports the app.
   Target: under 500 MB.

    python -m benchmarks.city_screens [--scale F] [--no-pg] [--pg-url URL] [--only DB]
                                      [--seed N] [--folder DIR] [--json]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.city import _conninfo
from benchmarks.city_fixture import TODAY, City, build_city
from benchmarks.store import PG_URL, Unreachable
from benchmarks.table import Row, Target, add_options, emit, scale_text

QUICK_SCALE = 0.01
SCALES = (1.0, 0.1, 0.01)
OPEN_TARGET_S = 1.0
KEY_TARGET_MS = 100.0
MEMORY_TARGET_MB = 500.0
SIZE = (80, 24)
NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
ROOT = Path(__file__).resolve().parents[1]
#: Rows the screens read at once (:attr:`tui.screens.paged.PagedScreen.PAGE`).
PAGE = 30


@dataclass(frozen=True)
class Measured:
    city: City
    roster_open_s: float
    roster_base_s: float
    ledger_open_s: float
    ledger_base_s: float
    keys_ms: list[float]
    keys_base_ms: list[float]
    memory_mb: float
    memory_base_mb: float


# --- the app, headless, timed inside ------------------------------------------------------

async def _screens(city: City) -> tuple[float, float, list[float], list[str]]:
    """(enterprises open s, ledger open s, keystroke ms each, the texts typed)."""
    from textual.widgets import Input

    from tui.app import make_app
    from tui.screens.enterprises import EnterprisesScreen
    from tui.screens.ledger import LedgerScreen

    ctx = city.context()
    app = make_app(lang="zh", context=ctx, today=TODAY)
    stamps: list[float] = []

    def watch(screen: Any) -> None:
        shown = screen.shown

        def stamped() -> None:
            shown()
            app.call_after_refresh(lambda: stamps.append(time.perf_counter()))

        screen.shown = stamped

    async def until(n: int, pilot: Any) -> float:
        while len(stamps) < n:
            await pilot.pause(0.002)
        return stamps[n - 1]

    async with app.run_test(size=SIZE) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        roster = EnterprisesScreen("zh")
        watch(roster)
        t0 = time.perf_counter()
        await app.push_screen(roster)
        roster_open = await until(1, pilot) - t0
        await app.workers.wait_for_complete()
        await pilot.pause()
        code = roster.rows[len(roster.rows) // 2].enterprise.uscc[8:14] if roster.rows else "1"
        texts = ["j", "jn", "jnl", "jnlw", "莱芜", code, ""]
        field = roster.query_one("#search", Input)
        keys = []
        for text in texts:
            seen = len(stamps)
            t0 = time.perf_counter()
            field.value = text
            keys.append((await until(seen + 1, pilot) - t0) * 1000)
            await app.workers.wait_for_complete()
            await pilot.pause()
        app.pop_screen()
        await pilot.pause()
        ledger = LedgerScreen("zh")
        watch(ledger)
        seen = len(stamps)
        t0 = time.perf_counter()
        await app.push_screen(ledger)
        ledger_open = await until(seen + 1, pilot) - t0
        await app.workers.wait_for_complete()
    ctx.store.close()
    return roster_open, ledger_open, keys, texts


# --- bare SQL --------------------------------------------------------------------------------

def _bare(city: City) -> tuple[Callable[[str, tuple[Any, ...]], list[Any]], Callable[[], None],
                               str]:
    """(execute, close, the driver's parameter mark) with the bare driver."""
    if city.backend == "sqlite":
        import sqlite3

        from core.store.db import sqlite_path

        conn = sqlite3.connect(sqlite_path(city.url), isolation_level=None)  # type: ignore[arg-type]
        return (lambda sql, params: conn.execute(sql, params).fetchall()), conn.close, "?"
    import psycopg

    pg = psycopg.connect(**_conninfo(city.url), autocommit=True)
    return (lambda sql, params: pg.execute(sql, params).fetchall()), pg.close, "%s"


def bare_roster(city: City, query: str = "") -> float:
    run, close, mark = _bare(city)
    try:
        t0 = time.perf_counter()
        where = f"WHERE keys LIKE {mark}" if query else ""
        params: tuple[Any, ...] = (f"%{query}%",) if query else ()
        codes = [r[0] for r in run(f"SELECT uscc FROM enterprise_search {where} "
                                   f"ORDER BY district, name, uscc LIMIT {PAGE}", params)]
        run(f"SELECT count(*) FROM enterprise_search {where}", params)
        if codes:
            marks = ", ".join([mark] * len(codes))
            run(f"SELECT * FROM enterprise WHERE uscc IN ({marks})", tuple(codes))
            run(f"SELECT enterprise_uscc, level, status, deadline FROM hazard "
                f"WHERE status <> 'closed' AND enterprise_uscc IN ({marks})", tuple(codes))
        return time.perf_counter() - t0
    finally:
        close()


def bare_ledger(city: City) -> float:
    run, close, _ = _bare(city)
    try:
        t0 = time.perf_counter()
        run(f"SELECT h.*, e.name FROM hazard h JOIN enterprise e ON e.uscc = h.enterprise_uscc "
            f"WHERE h.id IN (SELECT id FROM hazard ORDER BY id LIMIT {PAGE}) ORDER BY h.id", ())
        run("SELECT count(*) FROM hazard", ())
        return time.perf_counter() - t0
    finally:
        close()


# --- a whole session's memory ----------------------------------------------------------------

SESSION = """
import asyncio, sys
from benchmarks.city_screens import walk
asyncio.run(walk(sys.argv[1], sys.argv[2] == "walk"))
for line in open("/proc/self/status"):
    if line.startswith("VmHWM:"):
        print("peak-kb", line.split()[1])
"""


async def walk(url: str, walking: bool) -> None:
    """The app headless on ``url``: the roster to its end and back, a search, the ledger to
    its end and back (``walking``); or only its modules imported."""
    from core.services.context import open_context
    from tui.app import make_app

    if not walking:
        return
    from benchmarks.city_fixture import LEAD

    ctx = open_context(url, actor=LEAD, today=TODAY, lang="zh")
    app = make_app(lang="zh", context=ctx, today=TODAY)

    async def settle(pilot: Any) -> None:
        for _ in range(2):
            await app.workers.wait_for_complete()
            await pilot.pause()

    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for keys in (["e"], ["end"], ["pageup"] * 20, ["home"], ["pagedown"] * 20,
                     ["slash", "j", "n"], ["escape", "escape"], ["l"], ["end"],
                     ["pageup"] * 20, ["o"], ["end"], ["escape"]):
            for key in keys:
                await pilot.press(key)
                await settle(pilot)
    ctx.store.close()


def session_peak_mb(city: City, walking: bool) -> float:
    done = subprocess.run([sys.executable, "-c", SESSION, city.url,
                           "walk" if walking else "import"], cwd=ROOT, capture_output=True,
                          text=True, timeout=900, check=False)
    for line in done.stdout.splitlines():
        if line.startswith("peak-kb "):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"the session reported no memory: {done.stderr[-800:]}")


# --- the rows --------------------------------------------------------------------------------

def measure(city: City) -> Measured:
    roster_open, ledger_open, keys, texts = asyncio.run(_screens(city))
    roster_base = min(bare_roster(city) for _ in range(3))
    ledger_base = min(bare_ledger(city) for _ in range(3))
    keys_base = [min(bare_roster(city, t) for _ in range(2)) * 1000 for t in texts]
    return Measured(city, roster_open, roster_base, ledger_open, ledger_base, keys, keys_base,
                    session_peak_mb(city, True), session_peak_mb(city, False))


def rows_of(m: Measured, scale: float) -> list[Row]:
    backend, size, sc = NAMES[m.city.backend], m.city.text(), scale_text(scale)
    slowest = max(m.keys_ms)
    return [
        Row(f"enterprises screen open ({backend})", size, f"{m.roster_open_s:.2f} s",
            f"bare SQL {m.roster_base_s * 1000:.0f} ms", m.roster_open_s,
            Target("<", OPEN_TARGET_S, "absolute", "s"), scale=sc,
            note=f"first page of {PAGE} and the count, 80x24"),
        Row(f"ledger screen open ({backend})", size, f"{m.ledger_open_s:.2f} s",
            f"bare SQL {m.ledger_base_s * 1000:.0f} ms", m.ledger_open_s,
            Target("<", OPEN_TARGET_S, "absolute", "s"), scale=sc,
            note=f"first page of {PAGE} and the count, 80x24"),
        Row(f"search keystroke repaint ({backend})", f"{len(m.keys_ms)} keystrokes",
            f"{slowest:.0f} ms", f"bare SQL {max(m.keys_base_ms):.0f} ms", slowest,
            Target("<", KEY_TARGET_MS, "absolute", "ms"), scale=sc,
            note=f"slowest; median {statistics.median(m.keys_ms):.0f} ms; each "
                 + " ".join(f"{k:.0f}" for k in m.keys_ms) + " (j jn jnl jnlw 莱芜 code, cleared)"),
        Row(f"TUI session peak memory ({backend})", size, f"{m.memory_mb:.0f} MB",
            f"app imported only {m.memory_base_mb:.0f} MB", m.memory_mb,
            Target("<", MEMORY_TARGET_MB, "absolute", "MB"), scale=sc,
            note="VmHWM of a headless session walking roster, search and ledger"),
    ]


def _upgrade_kept(pg_url: str, scale: float, seed: int) -> None:
    """A kept PostgreSQL city made by an older anjian, upgraded (a shared database is not
    upgraded by opening it: the fixture would take it for an unusable one and build it
    again)."""
    from sqlalchemy.engine import make_url

    from benchmarks.city_fixture import _pg_database, _tag
    from core.i18n import AnjianError
    from core.services.schema import upgrade_database

    name = f"anjian_city_{_tag(scale)}_{seed}"
    try:
        if _pg_database(pg_url, name):
            upgrade_database(make_url(pg_url).set(database=name)
                             .render_as_string(hide_password=False))
    except (AnjianError, Unreachable):
        pass  # the fixture says what is wrong


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_options(parser, "120,000 enterprises, ~250,000 inspections, 1,000,000 hazards")
    parser.add_argument("--pg", action=argparse.BooleanOptionalAction, default=True,
                        help="also on PostgreSQL (skipped when the server is unreachable)")
    parser.add_argument("--pg-url", default=PG_URL)
    parser.add_argument("--only", choices=("sqlite", "postgresql"), default=None,
                        help="one database only")
    parser.add_argument("--seed", type=int, default=2027, help="the city fixture's seed")
    parser.add_argument("--folder", type=Path, default=None,
                        help="where the SQLite city is kept (the fixture's folder if not given)")
    args = parser.parse_args(argv)
    rows: list[Row] = []
    skipped = ""
    backends = ["sqlite", "postgresql"] if args.pg else ["sqlite"]
    for backend in [args.only] if args.only else backends:
        try:
            t0 = time.perf_counter()
            if backend == "postgresql":
                _upgrade_kept(args.pg_url, args.scale, args.seed)
            city = build_city(backend, args.scale, seed=args.seed, pg_url=args.pg_url,
                              folder=args.folder)
            ready_s = time.perf_counter() - t0
            m = measure(city)
        except Unreachable as exc:
            skipped = str(exc)
            continue
        got = rows_of(m, args.scale)
        rows += got
        print(f"{NAMES[backend]}: {city.text()} "
              f"({'built' if city.built_s else 'reused'} in {ready_s:.1f} s)")
        for r in got:
            assert r.target is not None
            print(f"  {r.workload:<40}{r.anjian:<10}{r.baseline:<28}"
                  f"{r.target.text():<10}{r.status:<6}{r.note}")
    if skipped:
        print(f"  PostgreSQL skipped: {skipped}")
    if args.json:
        emit(rows)
    return 0 if all(r.status == "pass" for r in rows) else 2


if __name__ == "__main__":
    sys.exit(main())
