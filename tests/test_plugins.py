"""Plugins arrive only through the ``anjian`` entry points; broken ones are reported and
skipped while the rest load. The third-party plugins here are real distributions (dist-info
with entry_points.txt) on a real path, discovered by importlib.metadata."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from importlib.metadata import distribution, entry_points
from pathlib import Path
from typing import Any

import pytest

from core.plugins.catalogue import build_catalogue, discover

from .conftest import ROOT
from .test_packfile import GOOD

ANJIAN = Path(sys.executable).with_name("anjian")

PLUGINS: dict[str, dict[str, str]] = {
    "broken_import": {"broken_import.py": "import does_not_exist_anywhere\n"},
    "broken_hook": {"broken_hook.py": """
        from core.plugins.hookspecs import hookimpl

        @hookimpl
        def register_packs(register):
            raise RuntimeError("the plugin's own bug")
    """},
    "bad_pack": {
        "bad_pack/__init__.py": """
            from importlib.resources import files
            from core.plugins.hookspecs import hookimpl

            @hookimpl
            def register_packs(register):
                register.pack_file(files(__name__) / "bad.yaml")
                register.pack_file(files(__name__) / "good.yaml")
        """,
        "bad_pack/bad.yaml": GOOD.replace("id: mini", "id: bad").replace(
            "items: [I1, I2]", "items: [I1, NOPE]"),
        "bad_pack/good.yaml": GOOD.replace("id: mini", "id: also-good"),
    },
    "misspelled": {"misspelled.py": """
        from core.plugins.hookspecs import hookimpl

        @hookimpl
        def register_pack(register):
            pass
    """},
    "extra": {
        "extra/__init__.py": """
            from importlib.resources import files
            from core.plugins.hookspecs import hookimpl

            @hookimpl
            def register_packs(register):
                register.pack_dir(files(__name__))
        """,
        "extra/mini.yaml": GOOD,
    },
    "clash": {
        "clash/__init__.py": """
            from importlib.resources import files
            from core.plugins.hookspecs import hookimpl

            @hookimpl
            def register_packs(register):
                register.pack_file(files(__name__) / "fire.yaml")
        """,
        "clash/fire.yaml": GOOD.replace("id: mini", "id: gb35181-2017"),
    },
}


def install(site: Path, names: list[str]) -> None:
    """Lay out each plugin as an installed distribution in ``site``."""
    for name in names:
        for rel, body in PLUGINS[name].items():
            path = site / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(textwrap.dedent(body), encoding="utf-8")
        info = site / f"anjian_test_{name}-0.1.dist-info"
        info.mkdir()
        info.joinpath("METADATA").write_text(
            f"Metadata-Version: 2.1\nName: anjian-test-{name}\nVersion: 0.1\n")
        info.joinpath("entry_points.txt").write_text(f"[anjian]\n{name} = {name}\n")


def anjian(*args: str, site: Path | None = None,
           env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full = {**os.environ, **(env or {})}
    if site is not None:
        full["PYTHONPATH"] = str(site)
    return subprocess.run([str(ANJIAN), *args], capture_output=True, text=True, env=full,
                          timeout=60, check=False)


@pytest.fixture
def site(tmp_path: Path) -> Path:
    install(tmp_path, list(PLUGINS))
    return tmp_path


TEST_PLUGINS = ",".join(["fire", *PLUGINS])


def listing(site: Path, **env: str) -> dict[str, Any]:
    env = {"ANJIAN_PLUGINS": TEST_PLUGINS, **env}
    done = anjian("packs", "list", "--json", site=site, env=env)
    assert done.returncode == 0, done.stderr
    data: dict[str, Any] = json.loads(done.stdout)
    return data


def test_broken_plugins_are_reported_and_the_rest_load(site: Path) -> None:
    data = listing(site)
    packs = {p["id"]: p["plugin"] for p in data["packs"]}
    assert packs == {"gb35181-2017": "fire", "mini": "extra", "also-good": "bad_pack"}
    errors = {(e["plugin"], e["stage"]): e["message"] for e in data["errors"]}
    assert "does_not_exist_anywhere" in errors["broken_import", "import"]
    assert "the plugin's own bug" in errors["broken_hook", "hook"]
    assert "register_pack" in errors["misspelled", "hook"]
    assert errors["bad_pack", "pack"] == "bad_pack/bad.yaml:30: rule R1: unknown item 'NOPE'"
    assert "already provided by plugin fire" in errors["clash", "conflict"]


def test_human_listing_shows_failures(site: Path) -> None:
    done = anjian("--lang", "en", "packs", "list", site=site,
                  env={"ANJIAN_PLUGINS": TEST_PLUGINS})
    assert done.returncode == 0
    assert "Plugins that failed to load" in done.stdout
    assert "broken_import (import): ModuleNotFoundError" in done.stdout
    zh = anjian("packs", "list", site=site, env={"ANJIAN_PLUGINS": TEST_PLUGINS,
                                                 "ANJIAN_LANG": "zh"})
    assert zh.returncode == 0
    assert "加载失败的插件" in zh.stdout
    assert "broken_import（导入）: ModuleNotFoundError" in zh.stdout
    assert "bad_pack（判定标准文件）: bad_pack/bad.yaml:30: 判定规则 R1: 引用的检查项 'NOPE' " \
        "不存在" in zh.stdout
    assert "misspelled（钩子）: 未知的钩子 register_pack；请对照 core/plugins/hookspecs.py" \
        in zh.stdout
    plugins = anjian("plugins", "list", site=site, env={"ANJIAN_PLUGINS": TEST_PLUGINS,
                                                        "ANJIAN_LANG": "zh"})
    assert "加载错误: 冲突: 判定标准编号 'gb35181-2017' 已由插件 fire 提供；请换一个编号" \
        in plugins.stdout
    as_json = json.loads(anjian("plugins", "list", "--json", site=site,
                                env={"ANJIAN_PLUGINS": TEST_PLUGINS}).stdout)
    (clash,) = [p for p in as_json["plugins"] if p["name"] == "clash"]
    assert clash["errors"] == ["conflict: pack id 'gb35181-2017' is already provided by "
                               "plugin fire"]


def test_evaluate_still_works_beside_broken_plugins(site: Path, tmp_path: Path) -> None:
    findings = tmp_path / "f.json"
    findings.write_text('[{"item": "FIRE-2017-D-6.1", "status": "noncompliant"}]')
    done = anjian("evaluate", "--pack", "gb35181-2017", "--findings", str(findings), "--json",
                  site=site)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["verdict"] == "major"


def test_allow_and_block_lists(site: Path) -> None:
    only = listing(site, ANJIAN_PLUGINS="extra,fire")
    assert {p["id"] for p in only["packs"]} == {"gb35181-2017", "mini"}
    assert only["errors"] == []
    blocked = listing(site, ANJIAN_PLUGINS="", ANJIAN_DISABLE_PLUGINS="fire,clash,broken_import")
    assert "gb35181-2017" not in {p["id"] for p in blocked["packs"]}
    assert "broken_import" not in {e["plugin"] for e in blocked["errors"]}


def test_in_process_catalogue_from_real_entry_points(site: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(site))
    monkeypatch.setenv("ANJIAN_PLUGINS", "extra,fire,broken_import")
    names = [ep.name for ep in discover()]
    assert names == ["broken_import", "extra", "fire"]
    cat = build_catalogue()
    assert list(cat.entries) == ["gb35181-2017", "mini"]
    assert [e.plugin for e in cat.errors] == ["broken_import"]
    extra = next(p for p in cat.plugins if p.name == "extra")
    assert (extra.distribution, extra.version, extra.hooks) == (
        "anjian-test-extra", "0.1", ("register_packs",))
    frozen = cat.entries
    with pytest.raises(TypeError):
        frozen["x"] = frozen["mini"]  # type: ignore[index]


def test_builtin_entry_points_resolve_to_this_project() -> None:
    eps = {ep.name: ep for ep in entry_points(group="anjian")}
    assert eps["fire"].value == "plugins.fire"
    module = eps["fire"].load()
    assert Path(module.__file__).resolve().is_relative_to(ROOT)
    scripts = {ep.name: ep for ep in entry_points(group="console_scripts")
               if ep.name == "anjian"}
    assert scripts["anjian"].value == "tui.cli:main"
    assert Path(scripts["anjian"].load().__code__.co_filename).resolve().is_relative_to(ROOT)
    assert distribution("anjian").entry_points.select(group="anjian")["fire"].value \
        == "plugins.fire"


def test_importing_core_loads_no_front_end_and_builds_nothing() -> None:
    code = ("import sys, core.engine, core.services, core.plugins.catalogue;"
            "import core.plugins.hookspecs;"
            "import core.services as s;"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('textual', 'typer', 'sqlmodel', 'openpyxl', 'plugins')));"
            "print(s.default_catalogue.cache_info().currsize)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, cwd=ROOT)
    assert done.stdout.split("\n")[:2] == ["[]", "0"]


def test_every_hook_is_documented_for_plugin_authors() -> None:
    from core.plugins.hookspecs import AnjianSpec

    hooks = [n for n in vars(AnjianSpec) if not n.startswith("_")]
    assert hooks, "no hookspecs found"
    for name in hooks:
        doc = getattr(AnjianSpec, name).__doc__ or ""
        for part in ("When:", "Parameters:", "What the plugin should do:", "Added in:"):
            assert part in doc, f"hook {name} lacks '{part}' in its docstring"
