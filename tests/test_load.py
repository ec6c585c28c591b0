"""The load script at reduced scale: auditors answering shared inspections at once lose no
answer, leave no duplicate hazard, raise nothing and hang nowhere, on PostgreSQL and SQLite; and
its check does count a lost answer, a missing hazard and a broken chain when there is one."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from benchmarks import load
from core.services import inspections
from core.services.context import open_context

from .conftest import PG_SERVER

ROOT = Path(__file__).resolve().parents[1]
#: Beyond the run's own seconds: spawning the processes, set-up, the check, dropping the
#: database, on a busy 2-core machine.
SLACK = 120


def _start(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-m", "benchmarks.load", *args, "--json"],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _figures(proc: subprocess.Popen[str], seconds: float) -> tuple[int, dict[str, Any]]:
    out, err = proc.communicate(timeout=seconds + SLACK)
    lines = out.strip().splitlines()
    assert lines, f"no output (exit {proc.returncode}): {err[-2000:]}"
    figures: dict[str, Any] = json.loads(lines[-1])
    return proc.returncode, figures


def _assert_sound(code: int, f: dict[str, Any], processes: int) -> None:
    problems = "\n".join(f["problems"])
    assert f["processes"] == processes
    assert f["answers"] > 0, problems
    for figure in ("lost", "duplicates", "errors", "hung", "overwritten", "unconfirmed",
                   "hazards_out_of_line", "stale_determinations"):
        assert f[figure] == 0, f"{figure} {f[figure]}:\n{problems}"
    assert f["chain_ok"], problems
    # Stale writes are expected (partners edit the same findings) but not in any number; each
    # must have been reported to its auditor, and the totals add up over the processes.
    assert f["stale_reported"] == f["stale_refused"] == sum(
        p["stale_refused"] for p in f["per_process"]) == sum(
        p["stale_reported"] for p in f["per_process"])
    assert f["answers"] == sum(p["answers"] for p in f["per_process"])
    assert len(f["per_process"]) == processes
    assert (code, f["failed"]) == (0, [])


@pytest.fixture(scope="module")
def sqlite_run() -> Iterator[subprocess.Popen[str]]:
    """The short SQLite run, started before the PostgreSQL one so the two overlap and the
    module stays within about half a minute."""
    proc = _start("--sqlite", "--processes", "2", "--seconds", "5")
    yield proc
    if proc.poll() is None:
        proc.kill()
        proc.communicate()


def test_five_auditors_for_six_seconds_on_postgresql(
        pg_available: bool, sqlite_run: subprocess.Popen[str]) -> None:
    if not pg_available:
        pytest.skip(f"PostgreSQL at {PG_SERVER} is not reachable (CI requires it)")
    code, f = _figures(_start("--processes", "5", "--seconds", "6", "--pg-url", PG_SERVER), 6)
    _assert_sound(code, f, 5)
    assert f["database"].startswith("PostgreSQL (scratch database anjian_bench_")
    assert f["idle_in_transaction"] == 0
    assert f["inspections"] == 2  # two pairs, the odd auditor making the last one a trio


def test_two_auditors_on_sqlite(sqlite_run: subprocess.Popen[str]) -> None:
    code, f = _figures(sqlite_run, 5)
    _assert_sound(code, f, 2)
    assert f["idle_in_transaction"] is None  # a PostgreSQL figure


def test_check_counts_what_the_database_does_not_hold(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'load.db'}"
    job = load.setup(url, 2, 1.0, seed=7)[0]
    first, second, third = job.items[:3]
    ctx = open_context(url, actor=job.name, lang="en")
    confirmed = []
    try:
        versions: dict[str, int] = {}
        for n, (item, status) in enumerate(((first, "noncompliant"), (second, "noncompliant"),
                                            (first, "compliant"))):
            done = inspections.answer(ctx, job.inspection, item, status, note=f"t{n}",
                                      expected_version=versions.get(item, 0))
            versions[item] = done.version
            confirmed.append(load.Confirmed(job.inspection, item, status, f"t{n}", False,
                                            done.version, 0.01))
    finally:
        ctx.store.close()
    ids = [job.inspection]
    clean = load.check(url, ids, confirmed)
    assert (clean.lost, clean.overwritten, clean.unconfirmed, clean.duplicates,
            clean.hazards_out_of_line, clean.stale_determinations, clean.chain_break) == (
        0, 0, 0, 0, 0, 0, None), clean.problems
    assert clean.chain_entries > len(confirmed)

    # an answer a process was told was saved, which the database never got
    ghost = load.Confirmed(job.inspection, third, "noncompliant", "never saved", False, 1, 0.01)
    assert load.check(url, ids, [*confirmed, ghost]).lost == 1
    # an answer confirmed as something else than what was logged
    wrong = load.Confirmed(job.inspection, second, "compliant", "t1", False, 1, 0.01)
    assert load.check(url, ids, [*confirmed[:1], wrong, confirmed[2]]).lost == 1
    # two confirmed answers to one finding with the same version: one overwrote the other
    twice = load.Confirmed(job.inspection, first, "compliant", "t2", False, 1, 0.01)
    assert load.check(url, ids, [*confirmed[:2], twice]).overwritten == 1
    # an answer recorded that no process confirmed: the finding holds it, not the last one
    # the processes know of
    partial = load.check(url, ids, confirmed[:2])
    assert (partial.unconfirmed, partial.lost) == (1, 1)

    engine = create_engine(url)
    try:
        with engine.begin() as conn:  # a noncompliant finding loses its hazard
            conn.execute(text("DELETE FROM hazard WHERE item_id = :i"), {"i": second})
        assert load.check(url, ids, confirmed).hazards_out_of_line == 1
        with engine.begin() as conn:  # an entry of the log altered
            conn.execute(text("UPDATE audit_log SET actor = 'x' WHERE seq = 2"))
        assert load.check(url, ids, confirmed).chain_break is not None
    finally:
        engine.dispose()


def test_failures_name_every_figure_that_must_be_zero() -> None:
    figures: dict[str, Any] = {
        "errors": 0, "hung": 1, "lost": 2, "overwritten": 0, "unconfirmed": 0,
        "duplicates": 3, "hazards_out_of_line": 0, "stale_determinations": 0,
        "idle_in_transaction": None, "chain_ok": False, "stale_refused": 4,
        "stale_reported": 3}
    assert load.failures(figures) == ["hung 1", "lost 2", "duplicates 3", "audit chain broken",
                                      "a refused write was not reported"]
