"""The benchmarks run and agree with their baselines (figures are printed, never asserted)."""

from __future__ import annotations

import pytest

from benchmarks import determination, excel, packload, store, tui


def test_determination_benchmark_agrees_with_baseline(capsys: pytest.CaptureFixture[str]) -> None:
    code = determination.main(["--sites", "400", "--seed", "7"])
    out = capsys.readouterr().out
    assert "MISMATCH" not in out
    assert code in (0, 2)  # 2: ratio short of target, which a tiny run may well be
    assert "plain-Python sets" in out
    assert "anjian batch" in out


def test_packload_benchmark_covers_every_pack(capsys: pytest.CaptureFixture[str]) -> None:
    code = packload.main(["--repeat", "1"])
    out = capsys.readouterr().out
    assert code in (0, 2)
    assert "gb35181-2017" in out


def test_store_benchmark_runs_both_workloads(capsys: pytest.CaptureFixture[str]) -> None:
    code = store.main(["--answers", "40", "--rows", "20000"])
    out = capsys.readouterr().out
    assert "MISMATCH" not in out
    assert code in (0, 2)  # 2: a target missed, which says nothing about correctness here
    assert "answer (SQLite)" in out
    assert "bulk load (SQLite)" in out
    assert "PostgreSQL" not in out  # only with --pg


def test_tui_benchmark_measures_start_and_latency(capsys: pytest.CaptureFixture[str]) -> None:
    code = tui.main(["--starts", "1", "--answers", "15"])
    out = capsys.readouterr().out
    assert code in (0, 2)
    assert "first frame: anjian" in out
    assert "answer to repaint: median" in out


def test_ledger_export_benchmark_runs(capsys: pytest.CaptureFixture[str]) -> None:
    code = excel.main(["--rows", "2000"])
    out = capsys.readouterr().out
    assert "MISMATCH" not in out
    assert code in (0, 2)
    assert "bare openpyxl write-only dump" in out
