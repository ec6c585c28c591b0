"""The city benchmark: its rows, and that anjian's outputs agree with the bare SQL's (a run
with figures that disagree exits 1 and prints MISMATCH)."""

from __future__ import annotations

import pytest

from benchmarks import city
from benchmarks.table import Target, collect


def test_the_city_benchmark_ends_with_its_rows(capsys: pytest.CaptureFixture[str]) -> None:
    assert city.main(["--scale", "0.001", "--repeat", "1", "--no-pg", "--json"]) in (0, 2)
    out = capsys.readouterr().out
    assert "MISMATCH" not in out
    rows = collect(out)
    assert [r.workload for r in rows] == [
        "home figures (SQLite)", "enterprises list (SQLite)", "hazards --overdue (SQLite)",
        "write during a long read (SQLite)"]
    assert rows[0].target == Target("<", 1.0, "absolute", "s")
    assert rows[1].size == "120 lines" and rows[1].figure is not None
    # below 1/10 of the city the listings take milliseconds: reported, not gated
    assert all(r.target is None for r in rows[1:]) and all(r.scale == "1/1000" for r in rows)


def test_the_ratio_targets_hold_from_a_tenth_of_the_city() -> None:
    measured = city.Measured("sqlite", city.City("sqlite://", "sqlite", 1.0, 120_000, 250_000,
                                                  1_000_000, 64, 0.0),
                             0.5, 1.0, 1.2, 0.1, 1.0, 2.0, 120_000, 0.9, 0.1, 0.8, 1.9,
                             150_000, 0.004, 0.003)
    rows = city.rows_of(measured, 1.0)
    assert [r.target for r in rows] == [Target("<", 1.0, "absolute", "s"), Target("<=", 1.5),
                                       Target("<=", 1.5), Target("<=", 3.0)]
    assert rows[1].figure == pytest.approx(1.1)  # the command less its fixed cost, over bare
    assert rows[2].figure == pytest.approx(1.0)
