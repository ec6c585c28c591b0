"""The peer rules engines agree with the plain-sets baseline; the module's rows are well formed.

The engines come from the ``bench`` extra; a test of one that is not installed is skipped.
"""

from __future__ import annotations

import random
from collections import Counter

import pytest

from benchmarks import peers
from benchmarks.determination import Case, baseline, generate
from benchmarks.table import Row, collect


def _installed(engine: str) -> None:
    if reason := peers.unavailable(engine):
        pytest.skip(f"{engine} {reason}")


def _with_blanks(cases: list[Case], seed: int) -> list[Case]:
    """The same sites with about a fifth of the answers left blank, so some are incomplete."""
    rng = random.Random(seed)
    out = []
    for c in cases:
        kept = {i: s for i, s in c.statuses.items() if rng.random() > 0.2}
        out.append(Case(c.categories, c.exclusions, kept, c.corrected & kept.keys()))
    return out


@pytest.mark.parametrize("engine", list(peers.RUNNERS))
def test_engine_agrees_with_baseline(engine: str) -> None:
    _installed(engine)
    cases = generate(60, 7)
    seconds, verdicts = peers.RUNNERS[engine](cases)  # raises Mismatch on any site
    assert verdicts == Counter(v for v, _, _ in baseline(cases))
    assert seconds > 0


@pytest.mark.parametrize("engine", list(peers.RUNNERS))
def test_engine_agrees_on_unanswered_items(engine: str) -> None:
    _installed(engine)
    cases = _with_blanks(generate(60, 11), 11)
    expected = Counter(v for v, _, _ in baseline(cases))
    assert expected["incomplete"] > 0
    assert peers.RUNNERS[engine](cases)[1] == expected


def test_a_difference_from_the_baseline_is_a_mismatch() -> None:
    cases = generate(20, 3)
    wrong = [("not_major", ())] * len(cases)
    with pytest.raises(peers.Mismatch, match="differ from the baseline"):
        peers._check("test", cases, wrong)


def test_main_emits_one_informational_row_per_engine(capsys: pytest.CaptureFixture[str]) -> None:
    code = peers.main(["--scale", "0.005", "--json"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "MISMATCH" not in out
    rows = collect(out)
    assert [r.workload for r in rows] == [f"determination: {e}" for e in peers.RUNNERS]
    for row in rows:
        assert (row.size, row.scale, row.target) == ("60 sites", "1/200", None)
        assert row.baseline.startswith("plain sets ") and row.baseline.endswith(" sites/s")
        if row.anjian == "not installed":
            assert row.note.startswith("not installed") and row.figure is None
        else:
            assert row.anjian.endswith(" sites/s")
            assert row.figure is not None and row.figure > 0
            assert row.per_unit is not None and row.per_unit > 0


def test_an_engine_that_does_not_import_is_reported(monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setitem(peers.MODULES, "rule-engine", ("anjian_no_such_engine",))
    assert peers.main(["--scale", "0.002", "--engines", "rule-engine", "--json"]) == 0
    out = capsys.readouterr().out
    assert "rule-engine     not installed: No module named 'anjian_no_such_engine'" in out
    [row] = collect(out)
    assert row == Row("determination: rule-engine", "24 sites", "not installed", row.baseline,
                      None, None, "1/500", None, row.note)


def test_a_mismatch_fails_the_run(monkeypatch: pytest.MonkeyPatch,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    def wrong(cases: list[Case]) -> tuple[float, Counter[str]]:
        return peers._timed("rule-engine", cases, lambda: [("major", ("R-x",))] * len(cases))

    monkeypatch.setitem(peers.MODULES, "rule-engine", ("json",))
    monkeypatch.setitem(peers.RUNNERS, "rule-engine", wrong)
    assert peers.main(["--scale", "0.002", "--engines", "rule-engine", "--json"]) == 1
    out = capsys.readouterr().out
    assert "MISMATCH rule-engine: 24 of 24 sites differ" in out
    assert collect(out) == []


def test_anjian_is_timed_beside_the_engines_on_the_same_cases(
        capsys: pytest.CaptureFixture[str]) -> None:
    assert peers.main(["--scale", "0.005", "--engines", "rule-engine", "--anjian",
                       "--json"]) == 0
    rows = collect(capsys.readouterr().out)
    assert [r.workload for r in rows] == ["determination: anjian", "determination: rule-engine"]
    ours = rows[0]
    assert ours.per_unit is not None and ours.per_unit > 0 and ours.figure is not None
    assert ours.size == rows[1].size == "60 sites"
