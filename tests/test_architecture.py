"""The house as a checked contract: the import contracts hold, CI runs them, core and the
plugins load without a front end, and services reach the database only through the store."""

from __future__ import annotations

import ast
import pkgutil
import subprocess
import sys
import tomllib

import pytest

import core
import plugins

from .conftest import ROOT

CONTRACTS = {
    "layers", "core knows no front end",
    "Front ends reach storage and Excel only through services",
    "Plugins import only the hook specifications, the registrar and the pack model",
    "Sector plugins are independent of each other", "The engine is pure",
    "Excel is pure I/O", "Services write through the store", "Read models know nothing",
    "The command line reaches the Textual app only through tui.launch",
    "The Textual app knows no command line",
}


def _config() -> dict[str, object]:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    config: dict[str, object] = data["tool"]["importlinter"]
    return config


def test_every_contract_is_configured_and_ci_runs_them() -> None:
    contracts = _config()["contracts"]
    assert isinstance(contracts, list)
    names = " | ".join(c["name"] for c in contracts)
    for wanted in CONTRACTS:
        assert wanted.lower() in names.lower(), f"no contract named like {wanted!r}"
    for c in contracts:
        # an ignored import must match (the default, "error"), and carry a reason
        assert c.get("unmatched_ignore_imports_alerting", "error") == "error", c["name"]
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    for c in contracts:
        for ignored in c.get("ignore_imports", []):
            line = next(x for x in text.splitlines() if ignored in x)
            assert "#" in line, f"{ignored}: say why it is ignored"
    assert ".venv/bin/lint-imports" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_the_contracts_hold() -> None:
    lint = ROOT / ".venv" / "bin" / "lint-imports"
    command = [str(lint)] if lint.exists() else [sys.executable, "-m", "importlinter.cli"]
    done = subprocess.run([*command, "--no-cache"], cwd=ROOT, capture_output=True, text=True,
                          timeout=300, check=False)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert f"Contracts: {len(_config()['contracts'])} kept, 0 broken" in done.stdout  # type: ignore[arg-type]


def _modules(package: object) -> list[str]:
    path = package.__path__  # type: ignore[attr-defined]
    name = package.__name__  # type: ignore[attr-defined]
    found = [name]
    for info in pkgutil.walk_packages(path, prefix=name + "."):
        if ".migrations.versions." in info.name or info.name.endswith(".migrations.env"):
            continue  # run by Alembic inside a migration context, not imported
        found.append(info.name)
    return found


HEADLESS = [m for m in _modules(core) + _modules(plugins)
            if m not in ("core.hookspecs", "core.catalogue", "core.contract")]
FRONT_END = ("textual", "typer", "click", "rich", "tui")


def test_core_and_plugins_load_without_a_front_end() -> None:
    """Every module of core and of the built-in plugins imports without loading Textual, the
    command line or anything of tui (a batch process or a server may use them headless)."""
    code = ("import importlib, sys\n"
            f"mods = {HEADLESS!r}\n"
            "bad = {}\n"
            "for m in mods:\n"
            "    before = set(sys.modules)\n"
            "    importlib.import_module(m)\n"
            "    new = [x for x in set(sys.modules) - before\n"
            f"           if x.split('.')[0] in {FRONT_END!r}]\n"
            "    if new: bad[m] = sorted(new)[:5]\n"
            "print(bad)\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "{}", done.stdout
    assert len(HEADLESS) > 60  # the walk found the modules


def test_old_plugin_imports_still_work_and_warn() -> None:
    code = ("import warnings\nwarnings.simplefilter('error', DeprecationWarning)\n"
            "for m in ('core.hookspecs', 'core.catalogue', 'core.contract'):\n"
            "    try:\n        __import__(m)\n    except DeprecationWarning as w:\n"
            "        print(m, 'warns:', w)\n"
            "warnings.simplefilter('ignore')\n"
            "from core.hookspecs import hookimpl\nfrom core.catalogue import PackRegistrar\n"
            "from core.contract import PluginContract\n"
            "import core.plugins.hookspecs as h, core.plugins.catalogue as c, "
            "core.plugins.contract as k\n"
            "assert hookimpl is h.hookimpl and PackRegistrar is c.PackRegistrar "
            "and PluginContract is k.PluginContract\nprint('same objects')\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert [x.split()[0] for x in lines[:3]] == ["core.hookspecs", "core.catalogue",
                                                  "core.contract"]
    assert all("core.plugins." in x for x in lines[:3]) and lines[3] == "same objects"


SESSION_METHODS = {"add", "add_all", "flush", "delete", "exec", "execute", "get", "merge",
                   "refresh", "connection", "scalar", "scalars", "query", "commit"}


@pytest.mark.parametrize("path", sorted((ROOT / "core" / "services").glob("*.py")),
                         ids=lambda p: p.name)
def test_services_reach_the_database_only_through_the_store(path: object) -> None:
    """No service calls a session's methods itself: reads are :mod:`core.store.queries`,
    writes :mod:`core.store.writes` (a session is only passed along)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))  # type: ignore[attr-defined]
    calls = [f"{node.lineno}: {node.func.value.id}.{node.func.attr}()"
             for node in ast.walk(tree)
             if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
             and isinstance(node.func.value, ast.Name)
             and node.func.value.id in ("s", "session", "conn")
             and node.func.attr in SESSION_METHODS]
    assert calls == []
    # and words nothing itself: what a service returns is rendered by the front end
    worded = [f"{node.lineno}: {ast.unparse(node.func)}()" for node in ast.walk(tree)
              if isinstance(node, ast.Call) and (
                  (isinstance(node.func, ast.Name) and node.func.id == "t")
                  or (isinstance(node.func, ast.Attribute) and node.func.attr == "render"))]
    assert worded == []
