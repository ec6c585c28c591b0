"""The benchmark runner's own logic: rows, ratio targets and their noise margin, scaling,
gating. That every workload runs and agrees with its baseline is what CI's
``python -m benchmarks --quick`` checks, after the test suite (figures are printed, never
asserted)."""

from __future__ import annotations

import pytest

from benchmarks import __main__ as runner
from benchmarks import audit_verify, determination
from benchmarks.table import NOISE_MARGIN, Row, Target, collect, render


def test_every_benchmark_ends_with_rows_for_the_table(capsys: pytest.CaptureFixture[str]) -> None:
    assert determination.main(["--sites", "300", "--no-peers", "--json"]) in (0, 2)
    rows = collect(capsys.readouterr().out)
    assert [r.workload for r in rows] == ["determination", "determination, Determination objects",
                                          "determination memory"]
    ratio = rows[0]
    assert ratio.target == Target(">=", 1.0) and ratio.figure is not None and ratio.figure > 0
    assert ratio.scale == "1/400" and ratio.per_unit is not None and ratio.per_unit > 0


def test_the_audit_verify_benchmark_compares_two_log_lengths(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert audit_verify.main(["--entries", "500,3000", "--json"]) in (0, 2)
    rows = collect(capsys.readouterr().out)
    assert [(r.workload, r.size) for r in rows] == [
        ("audit verify (chain)", "500 entries"), ("audit verify (chain)", "3,000 entries"),
        ("audit verify memory", "3,000 vs 500 entries"),
        ("audit verify peak memory", "3,000 entries")]
    memory = rows[2]
    assert memory.target == Target("<=", 1.2) and memory.figure is not None
    assert rows[0].target is None and rows[1].target == Target("<=", 3.0)
    assert rows[3].target == Target("<", 200, "absolute", "MB")


def test_ratio_targets_gate_only_beyond_the_noise_margin() -> None:
    at_least, at_most = Target(">=", 1.0), Target("<=", 1.3)
    just_short = Row("w", "", "", "", 1.0 - NOISE_MARGIN / 2, at_least)
    far_short = Row("w", "", "", "", 1.0 - NOISE_MARGIN * 2, at_least)
    assert just_short.status == "short" and just_short.gates()
    assert far_short.status == "short" and not far_short.gates()
    assert not Row("w", "", "", "", 1.3 * (1 + NOISE_MARGIN * 2), at_most).gates()
    assert Row("w", "", "", "", 1.2, at_most).status == "pass"
    # absolute figures depend on the machine: reported, never failing the run
    slow = Row("w", "", "", "", 50.0, Target("<", 5.0, "absolute", "ms"))
    assert slow.status == "short" and slow.gates()


def test_runner_prints_one_table_and_fails_on_a_missed_ratio(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    assert runner.main(["--quick", "--only", "packload"]) == 0
    out = capsys.readouterr().out
    assert "pack load (slowest pack)" in out and "workload" in out and "status" in out
    assert "FAILED" not in out
    missed = Row("determination", "9 sites", "1 sites/s", "plain sets 9", 0.1, Target(">=", 1.0))
    monkeypatch.setattr(runner, "run", lambda name, scale, extra: ([missed], ""))
    assert runner.main(["--quick", "--only", "determination"]) == 1
    out = capsys.readouterr().out
    assert "FAILED: determination (1): ratio 0.10x misses >= 1x beyond the noise margin" in out
    with pytest.raises(SystemExit):
        runner.main(["--only", "nonsense"])
    assert "unknown workload(s) nonsense" in capsys.readouterr().err


def test_table_renders_markdown_for_the_readme() -> None:
    rows = [Row("ledger export", "100 hazards", "1.0 s", "bare | 0.9 s", 1.11, Target("<=", 1.3))]
    md = render(rows, markdown=True).splitlines()
    assert md[0].startswith("| workload | scale | size |")
    assert md[2] == ("| ledger export | 1 | 100 hazards | 1.0 s | bare / 0.9 s | 1.11x | <= 1.3x "
                     "| pass |")


def test_scaling_names_linear_and_fixed_cost_workloads() -> None:
    rows = [Row("a", "", "", "", 1.0, None, s, cost) for s, cost in
            (("1", 2e-6), ("1/10", 2.1e-6), ("1/100", 2.2e-6))]
    rows += [Row("b", "", "", "", 1.0, None, s, cost) for s, cost in (("1", 1e-5), ("1/100", 1e-4))]
    lines = runner.scaling(rows)
    assert "linear" in lines[0] and lines[0].startswith("  a:")
    assert "fixed cost dominates small sizes" in lines[1]


def test_a_full_run_gates_on_full_size_rows_and_quick_on_all(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[tuple[str, float, list[str]]] = []

    def fake(name: str, scale: float, extra: list[str]) -> tuple[list[Row], str]:
        calls.append((name, scale, extra))
        small = Row("ledger export", "", "", "", 1.9, Target("<=", 1.3), scale="1/100")
        return [small], ""

    monkeypatch.setattr(runner, "run", fake)
    assert runner.main(["--only", "store"]) == 0  # short at 1/100 only: a fixed cost, shown
    assert [extra for _, _, extra in calls] == [["--pg"], ["--pg", "--answers", "0"],
                                               ["--pg", "--answers", "0"]]
    assert "short" in capsys.readouterr().out
    assert runner.main(["--quick", "--only", "store"]) == 1


def test_a_bad_scale_is_refused_with_what_to_give(capsys: pytest.CaptureFixture[str]) -> None:
    for bad in ("-1", "0", "eleven"):
        with pytest.raises(SystemExit) as exit_:
            determination.main(["--scale", bad])
        assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert "-1 is not above 0 and at most 10 (e.g. 0.1)" in err
    assert "'eleven' is not a number (e.g. 0.1)" in err
