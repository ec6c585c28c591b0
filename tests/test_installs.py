"""Installs that do not drift: bounded dependencies, a lock file that covers them, and README and CI
installing with it. See docs/development.md."""

from __future__ import annotations

import itertools
import shlex
import tomllib
from importlib.metadata import PackageNotFoundError, distribution

import pytest
from packaging.requirements import Requirement
from packaging.utils import NormalizedName, canonicalize_name
from packaging.version import Version

from .conftest import ROOT

CONSTRAINTS = "constraints.txt"
UPPER = {"<", "<=", "==", "===", "~="}


def pyproject() -> dict[str, list[Requirement]]:
    """The requirements of pyproject.toml by group: "runtime", then each extra."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    groups = {"runtime": project["dependencies"], **project.get("optional-dependencies", {})}
    return {group: [Requirement(r) for r in reqs] for group, reqs in groups.items()}


def all_requirements() -> list[Requirement]:
    return [r for reqs in pyproject().values() for r in reqs]


def pins() -> dict[NormalizedName, Version]:
    """constraints.txt as name -> version; every line must be an exact ``name==version`` pin."""
    found: dict[NormalizedName, Version] = {}
    text = (ROOT / CONSTRAINTS).read_text(encoding="utf-8")
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        where = f"{CONSTRAINTS}:{number}: {raw!r}"
        req = Requirement(line)
        specs = list(req.specifier)
        assert len(specs) == 1 and specs[0].operator == "==" and "*" not in specs[0].version, \
            f"{where}: not an exact pin"
        assert not req.extras and req.marker is None and req.url is None, f"{where}: not a bare pin"
        name = canonicalize_name(req.name)
        assert name not in found, f"{where}: {name} pinned twice"
        found[name] = Version(specs[0].version)
    assert found, f"{CONSTRAINTS} pins nothing"
    return found


def readme_commands() -> list[str]:
    """The first two lines of README's first ```sh block."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    start = text.index("```sh\n") + len("```sh\n")
    lines = [line for line in text[start:text.index("```", start)].splitlines() if line.strip()]
    assert len(lines) >= 2, "README's first block has fewer than two commands"
    return lines[:2]


def pip_installs(command: str) -> list[list[str]]:
    """The argument lists of the ``pip install`` steps of a shell line joined with ``&&``."""
    steps = [shlex.split(step) for step in command.split("&&") if "pip install" in step]
    return [argv for argv in steps
            if argv and argv[0].endswith("pip") and argv[1:2] == ["install"]]


def uses_constraints(argv: list[str]) -> bool:
    return any(a == "-c" and b == CONSTRAINTS for a, b in itertools.pairwise(argv))


@pytest.mark.parametrize("group", ["runtime", "dev", "bench"])
def test_every_dependency_has_an_upper_bound(group: str) -> None:
    reqs = pyproject()[group]
    assert reqs, f"pyproject has no {group} dependencies"
    unbounded = [str(r) for r in reqs if not any(s.operator in UPPER for s in r.specifier)]
    assert not unbounded, f"{group} dependencies without an upper bound: {unbounded}"


def test_upper_bounds_stop_at_the_next_major_version() -> None:
    locked = pins()
    for req in all_requirements():
        pin = locked.get(canonicalize_name(req.name))
        if pin is None:
            continue  # reported by the test below
        next_major = Version(f"{pin.major + 1}")
        assert not req.specifier.contains(next_major, prereleases=True), \
            f"{req} lets in {req.name} {next_major}, the major version after the pinned {pin}"


def test_constraints_pin_every_named_dependency_within_its_bounds() -> None:
    locked = pins()
    for req in all_requirements():
        name = canonicalize_name(req.name)
        assert name in locked, f"{req.name} is not pinned in {CONSTRAINTS}; refresh it"
        assert req.specifier.contains(locked[name]), \
            f"{CONSTRAINTS} pins {name}=={locked[name]}, outside pyproject's {req}; refresh it"


def test_constraints_leave_out_the_project_and_its_example_plugin() -> None:
    locked = pins()
    for name in ("anjian", "anjian-fireworks", "pip"):
        assert name not in locked, f"{CONSTRAINTS} must not pin {name}"


def test_constraints_cover_what_the_dependencies_pull_in() -> None:
    """Walks the installed dependency tree from pyproject's requirements (packages that are not
    installed here, such as the bench extra in a dev checkout, are passed over)."""
    locked = pins()
    todo = [(canonicalize_name(r.name), set(r.extras)) for r in all_requirements()]
    seen: set[NormalizedName] = set()
    missing: dict[NormalizedName, NormalizedName] = {}
    while todo:
        name, extras = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        try:
            requires = distribution(name).requires or []
        except PackageNotFoundError:
            continue
        for text in requires:
            dep = Requirement(text)
            if dep.marker is not None and not any(
                    dep.marker.evaluate({"extra": extra}) for extra in extras | {""}):
                continue
            dep_name = canonicalize_name(dep.name)
            if dep_name not in locked:
                missing.setdefault(dep_name, name)
            todo.append((dep_name, set(dep.extras)))
    assert not missing, (
        f"installed dependencies not pinned in {CONSTRAINTS} (required by): {missing}; install "
        f"with -c {CONSTRAINTS}, or refresh it as docs/development.md says")


def test_readme_commands_install_with_the_constraints() -> None:
    for command in readme_commands():
        installs = pip_installs(command)
        assert installs, f"no pip install in README's {command!r}"
        for argv in installs:
            assert uses_constraints(argv), f"README's {command!r} installs without -c {CONSTRAINTS}"


def test_ci_installs_with_the_constraints_and_runs_the_readme_test_command() -> None:
    _, test = readme_commands()
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert test in ci, ".ci/run must run README's test command exactly as written there"
    installs = [argv for line in ci if not line.lstrip().startswith("#")
                for argv in pip_installs(line)]
    assert len(installs) >= 2, ".ci/run should install the bench extra and the README's set"
    for argv in installs:
        assert uses_constraints(argv), f".ci/run installs without -c {CONSTRAINTS}: {argv}"
