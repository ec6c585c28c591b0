"""The statistics and roster-import benchmarks run at a tiny scale, agree with their baselines
and hand the runner their rows (figures are printed, never asserted)."""

from __future__ import annotations

from typing import Any

import pytest

from benchmarks import roster, stats
from benchmarks.table import collect

from .conftest import PG_SERVER

TINY = ["--scale", "0.001", "--repeat", "1", "--json"]


def test_stats_benchmark_on_sqlite(capsys: pytest.CaptureFixture[str]) -> None:
    code = stats.main([*TINY, "--no-pg"])
    out = capsys.readouterr().out
    assert "MISMATCH" not in out
    assert code in (0, 2)  # 2: a target missed, which says nothing about correctness here
    (row,) = collect(out)
    assert row.workload == "stats (SQLite)"
    assert row.size == "120 enterprises, 1,000 hazards"
    assert row.scale == "1/1000"
    assert row.target is not None and (row.target.op, row.target.value) == ("<", 2.0)
    assert row.figure is not None and row.per_unit is not None
    assert row.anjian.endswith(" s") and row.baseline.startswith("bare SQL ")
    assert "PostgreSQL" not in out


def test_stats_benchmark_on_postgresql(capsys: pytest.CaptureFixture[str],
                                       pg_available: bool) -> None:
    if not pg_available:
        pytest.skip(f"PostgreSQL at {PG_SERVER} is not reachable (CI requires it)")
    code = stats.main([*TINY, "--pg", "--pg-url", PG_SERVER])
    out = capsys.readouterr().out
    assert "MISMATCH" not in out
    assert "skipped" not in out
    assert code in (0, 2)
    rows = {r.workload: r for r in collect(out)}
    assert set(rows) == {"stats (SQLite)", "stats (PostgreSQL)"}
    pg = rows["stats (PostgreSQL)"]
    assert pg.target is not None and pg.target.value == 1.0 and pg.target.of == "absolute"


def test_stats_benchmark_names_an_unreachable_server_and_leaves_its_row_out(
        capsys: pytest.CaptureFixture[str]) -> None:
    code = stats.main([*TINY, "--pg-url", "postgresql+psycopg://nobody@127.0.0.1:9/none"])
    out = capsys.readouterr().out
    assert code in (0, 2)
    assert "stats (PostgreSQL)    skipped: server" in out
    assert [r.workload for r in collect(out)] == ["stats (SQLite)"]


def test_stats_benchmark_refuses_figures_that_differ(capsys: pytest.CaptureFixture[str],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    from core.services import statistics

    real = statistics.stats

    def one_overdue_too_many(ctx: Any) -> Any:
        data = real(ctx)
        return data.model_copy(update={"overdue": data.overdue + 1})

    monkeypatch.setattr(statistics, "stats", one_overdue_too_many)
    code = stats.main([*TINY, "--no-pg"])
    out = capsys.readouterr().out
    assert code == 1
    assert "MISMATCH: stats on sqlite: .overdue: anjian" in out
    assert collect(out) == []


def test_roster_benchmark(capsys: pytest.CaptureFixture[str]) -> None:
    code = roster.main(TINY)
    out = capsys.readouterr().out
    assert "MISMATCH" not in out
    assert code in (0, 2)
    (row,) = collect(out)
    assert (row.workload, row.size, row.scale) == ("roster import", "100 rows", "1/1000")
    assert row.target is not None and (row.target.op, row.target.value) == ("<=", 1.5)
    assert row.figure is not None and row.figure > 0
    assert row.baseline.startswith("openpyxl read-only ")
    assert "rows/s" in row.anjian


def test_roster_benchmark_workbook_reads_like_excel(tmp_path: Any) -> None:
    """The hand-built workbook (shared strings, as Excel saves) opens in full and read-only
    mode with every row, the title and header first."""
    from openpyxl import load_workbook

    book = tmp_path / "r.xlsx"
    roster.build_workbook(book, 30, seed=1)
    ro = load_workbook(book, read_only=True)
    rows = list(ro.worksheets[0].iter_rows(values_only=True))
    ro.close()
    assert len(rows) == 32 and rows[1] == roster.HEADER
    full = load_workbook(book)
    assert full.active.title == "名单" and full.active.max_row == 32
    assert [c.value for c in full.active[3]] == list(rows[2])
