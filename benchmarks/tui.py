"""The terminal UI: time from process start to the first painted frame (the ``anjian`` command
on the demo database, beside a bare Textual app with a 60-row DataTable, in the same run), and
the time from an answer key to the repaint that shows it (timestamps inside the app: Textual's
pilot sleeps between presses, so it cannot measure latency itself).

    python -m benchmarks.tui [--starts N] [--answers N] [--scale F] [--json]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.table import Row, Target, add_options, emit

FIRST_FRAME_S = 1.0
MEDIAN_MS, P95_MS = 30.0, 50.0
QUICK_SCALE = 0.2
SCALES = (1.0,)
SIZE = (100, 30)

BARE_APP = """
import sys, time
from textual.app import App
from textual.widgets import DataTable

class Bare(App):
    def compose(self):
        yield DataTable()

    def on_mount(self):
        table = self.query_one(DataTable)
        table.add_columns("id", "name", "district", "sector")
        for n in range(60):
            table.add_row(str(n), f"enterprise {n}", "district", "sector")
        self.call_after_refresh(self.done)

    def done(self):
        print(f"first-frame {time.time():.6f}", file=sys.__stderr__, flush=True)
        self.exit()

Bare().run(headless=True)
"""


def _first_frame(cmd: list[str], env: dict[str, str]) -> float:
    start = time.time()
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=60, check=False)
    for line in done.stderr.splitlines():
        if line.startswith("first-frame "):
            return float(line.split()[1]) - start
    raise RuntimeError(f"no first frame from {cmd[0]}: {done.stderr[-500:]}")


def first_frames(home: Path, db: str, starts: int) -> tuple[float, float]:
    env = {**os.environ, "ANJIAN_HOME": str(home), "ANJIAN_FIRST_FRAME_PROBE": "1"}
    anjian = str(Path(sys.executable).with_name("anjian"))
    ours, bare = [], []
    for _ in range(starts):  # interleaved, so both see the same machine
        bare.append(_first_frame([sys.executable, "-c", BARE_APP], env))
        ours.append(_first_frame([anjian, "--db", db], env))
    return statistics.median(ours), statistics.median(bare)


async def _latencies(db: str, answers: int) -> list[float]:
    from core.services import campaigns
    from core.services.context import open_context
    from core.services.demo import ADMIN
    from tui.app import make_app
    from tui.screens.runner import RunnerScreen

    ctx = open_context(db, lang="zh", actor=ADMIN)
    # The metallurgy plant's on-site inspection: three packs at once, the heaviest screen.
    inspection = next(i for c in campaigns.list_campaigns(ctx) if c.sector == "metallurgy"
                      for i in campaigns.campaign_view(ctx, c.id or 0).inspections
                      if i.kind == "onsite")
    app = make_app(lang="zh", context=ctx)
    async with app.run_test(size=SIZE) as pilot:
        runner = RunnerScreen("zh", inspection.id or 0)
        await app.push_screen(runner)
        await app.workers.wait_for_complete()
        await pilot.pause()
        for n in range(answers):
            if runner.state is not None and runner.cursor >= len(runner.state.rows) - 1:
                runner.action_move(-len(runner.state.rows))
            await pilot.press("y" if n % 7 else "n")
        await pilot.pause()
        runner.flush()
        return [ns / 1e6 for ns in runner.latencies_ns]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--starts", type=int, default=5)
    parser.add_argument("--answers", type=int, default=200)
    add_options(parser, "the starts and answers")
    args = parser.parse_args(argv)
    if args.scale < 1:
        args.starts = max(1, round(args.starts * args.scale))
        args.answers = max(20, round(args.answers * args.scale))
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        os.environ["ANJIAN_HOME"] = str(home)
        from core.services.demo import seed_demo

        db = seed_demo(url=f"sqlite:///{home / 'demo.db'}")
        ours, bare = first_frames(home, db, args.starts)
        lat = asyncio.run(_latencies(db, args.answers))
    med = statistics.median(lat)
    p95 = statistics.quantiles(lat, n=20)[18] if len(lat) >= 20 else max(lat)
    rows = [
        Row("TUI first frame", f"demo database, {args.starts} starts", f"{ours:.2f} s",
            f"bare Textual app {bare:.2f} s", ours, Target("<", FIRST_FRAME_S, "absolute", "s"),
            note="median, process start to first painted frame"),
        Row("TUI answer to repaint", f"{len(lat)} answers, 3 packs",
            f"median {med:.1f} ms, p95 {p95:.1f} ms", "", med,
            Target("<", MEDIAN_MS, "absolute", "ms"), note=f"p95 target < {P95_MS:.0f} ms"),
    ]
    ok = all(r.status == "pass" for r in rows) and p95 < P95_MS
    print(f"tui: first frame over {args.starts} starts (median), answer-to-repaint over "
          f"{len(lat)} answers")
    print(f"  first frame: anjian {ours * 1000:.0f} ms, bare Textual app with a 60-row "
          f"DataTable {bare * 1000:.0f} ms (target < {FIRST_FRAME_S:g} s): {rows[0].status}")
    print(f"  answer to repaint: median {med:.1f} ms, p95 {p95:.1f} ms (targets < {MEDIAN_MS:.0f}"
          f" / < {P95_MS:.0f} ms): {'pass' if med < MEDIAN_MS and p95 < P95_MS else 'short'}")
    if args.json:
        emit(rows)
    return 0 if ok else 2


if __name__ == "__main__":
    sys.exit(main())
