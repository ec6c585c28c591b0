"""The project's standing promises: README opens with the two commands, CI runs the second."""

from __future__ import annotations

import re

from .conftest import ROOT


def readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```[a-z]*\n(.*?)```", text, re.S)
    assert block is not None, "README.md has no code block"
    assert text.index(block.group(0)) < text.index("\n\n", text.index("\n") + 1) + 2, \
        "the commands must be README's first block, right after the title"
    return [line for line in block.group(1).splitlines() if line.strip()]


def test_readme_opens_with_two_commands() -> None:
    run, test = readme_commands()
    assert "anjian" in run
    assert "pytest" in test
    for command in (run, test):
        assert command.startswith("python3 -m venv .venv && "), command


def test_ci_runs_the_readme_test_command() -> None:
    _, test = readme_commands()
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert test in ci


def test_ci_runs_the_quick_benchmarks_with_the_peers() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert ".venv/bin/python -m benchmarks --quick" in ci
    _, test = readme_commands()
    bench = "python3 -m venv .venv && .venv/bin/pip install -q -c constraints.txt -e '.[bench]'"
    assert ci.index(bench) < ci.index(test) < ci.index(".venv/bin/python -m benchmarks --quick")
