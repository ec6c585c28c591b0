"""A plugin is code, trusted as such: one that raises anything (``SystemExit`` too) is reported
and skipped; each plugin is shown with its distribution, version and code hash; a team
database loads only anjian's own plugins and those its administrators allowed, with the code
they allowed. The plugins are real distributions (dist-info with entry_points.txt) on a real
path, run by the real ``anjian`` in its own process."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from core.plugins.catalogue import build_catalogue, discover
from core.plugins.identity import identify
from core.store.db import open_store

from .conftest import ROOT
from .db_state import business as _business
from .team_db import TeamDb
from .test_packfile import GOOD

ANJIAN = Path(sys.executable).with_name("anjian")
FIREWORKS = ROOT / "examples" / "anjian-fireworks" / "src" / "anjian_fireworks"

#: Writes a file named after the plugin into $PLUGIN_MARKS when (and only if) it is imported.
MARK = """
import os, pathlib
pathlib.Path(os.environ["PLUGIN_MARKS"], __name__).touch()
"""
HOOK = """
from importlib.resources import files
from core.plugins.hookspecs import hookimpl

@hookimpl
def register_packs(register):
    register.pack_dir(files(__name__) / "packs")
"""

PLUGINS: dict[str, dict[str, str]] = {
    # healthy: a package with a pack in a subfolder
    "trusty": {"trusty/__init__.py": MARK + HOOK,
               "trusty/packs/trusty.yaml": GOOD.replace("id: mini", "id: trusty-1")},
    "exit_import": {"exit_import.py": "raise SystemExit(0)\n"},
    "exit_hook": {"exit_hook.py": """
        from core.plugins.hookspecs import hookimpl

        @hookimpl
        def register_packs(register):
            raise SystemExit("leaving")
    """},
    "generator_exit": {"generator_exit.py": "raise GeneratorExit\n"},
    "interrupt": {"interrupt.py": "raise KeyboardInterrupt\n"},
    "exit_policy": {"exit_policy.py": """
        from core.plugins.hookspecs import hookimpl

        @hookimpl
        def register_colour_policies(register):
            def policy(facts, today):
                raise SystemExit(0)
            register.colour_policy("exit", policy)
    """},
}


def install(site: Path, name: str, *, distribution: str | None = None) -> None:
    """Lay out the plugin ``name`` as an installed distribution in ``site``."""
    for rel, body in PLUGINS[name].items():
        path = site / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(body), encoding="utf-8")
    dist = distribution or f"anjian-test-{name}"
    info = site / f"{dist.replace('-', '_')}-0.3.dist-info"
    info.mkdir()
    info.joinpath("METADATA").write_text(f"Metadata-Version: 2.1\nName: {dist}\nVersion: 0.3\n")
    info.joinpath("entry_points.txt").write_text(f"[anjian]\n{name} = {name}\n")


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Path]:
    folder = tmp_path / "site"
    for name in PLUGINS:
        install(folder, name)
    (tmp_path / "marks").mkdir()
    known = set(sys.modules)
    yield folder
    # a test that loads these plugins in this process must not leave them to the next one,
    # whose plugins of the same names lie in another folder
    for name in set(sys.modules) - known:
        if name.split(".")[0] in PLUGINS:
            del sys.modules[name]


def anjian(site: Path, *args: str, plugins: str = "fire,trusty",
           **env: str) -> subprocess.CompletedProcess[str]:
    full = {**os.environ, "PYTHONPATH": str(site), "ANJIAN_PLUGINS": plugins,
            "PLUGIN_MARKS": str(site.parent / "marks"), "ANJIAN_LANG": "zh", **env}
    return subprocess.run([str(ANJIAN), *args], capture_output=True, text=True, env=full,
                          timeout=120, check=False)


def as_json(done: subprocess.CompletedProcess[str]) -> dict[str, Any]:
    assert done.returncode == 0, done.stdout + done.stderr
    data: dict[str, Any] = json.loads(done.stdout)
    return data


def imported(site: Path) -> set[str]:
    """The marked plugins that were imported (and forget it, for the next run)."""
    marks = site.parent / "marks"
    found = {p.name for p in marks.iterdir()}
    for p in marks.iterdir():
        p.unlink()
    return found


def code_hash(folder: Path, name: str) -> str:
    """The code hash as docs and ``core.plugins.identity`` define it, computed here apart:
    every file below the package's folder but Python's cache, named from the package's own
    name, with the SHA-256 of its content; the SHA-256 of the sorted ``name NUL hex LF``."""
    if folder.is_file():
        pairs = [(name, hashlib.sha256(folder.read_bytes()).hexdigest())]
    else:
        pairs = sorted((f"{name}/{p.relative_to(folder).as_posix()}",
                        hashlib.sha256(p.read_bytes()).hexdigest())
                       for p in folder.rglob("*")
                       if p.is_file() and "__pycache__" not in p.relative_to(folder).parts)
    return hashlib.sha256("".join(f"{n}\0{h}\n" for n, h in pairs).encode()).hexdigest()


# --- a plugin that raises anything is reported and skipped -----------------------------------

def test_a_plugin_that_exits_is_reported_and_skipped_and_the_rest_load(site: Path) -> None:
    bad = "exit_import,exit_hook,generator_exit"
    data = as_json(anjian(site, "packs", "list", "--json", plugins=f"fire,trusty,{bad}"))
    assert {p["id"]: p["plugin"] for p in data["packs"]} == {
        "gb35181-2017": "fire", "trusty-1": "trusty"}
    errors = {(e["plugin"], e["stage"]): e["message"] for e in data["errors"]}
    assert set(errors) == {("exit_import", "import"), ("exit_hook", "hook"),
                           ("generator_exit", "import")}
    assert errors["exit_import", "import"] == (
        "the plugin asked the program to end (SystemExit: 0) at exit_import.py:1")
    assert errors["exit_hook", "hook"].startswith(
        "register_packs raised the plugin asked the program to end (SystemExit: leaving)")
    assert errors["generator_exit", "import"].startswith("GeneratorExit")

    zh = anjian(site, "packs", "list", plugins=f"fire,trusty,{bad}")
    assert zh.returncode == 0, zh.stderr
    assert "gb35181-2017" in zh.stdout and "trusty-1" in zh.stdout
    assert "加载失败的插件" in zh.stdout
    assert "exit_import（导入）: 插件要求结束程序（SystemExit: 0）（位于 exit_import.py:1）" \
        in zh.stdout
    assert "exit_hook（钩子）: register_packs 出错: 插件要求结束程序（SystemExit: leaving）" \
        in zh.stdout

    listed = anjian(site, "plugins", "list", plugins=f"fire,trusty,{bad}")
    assert listed.returncode == 0, listed.stderr
    block = listed.stdout.split("exit_hook", 1)[1].split("\n\n")[0]
    assert "加载错误: 钩子: register_packs 出错: 插件要求结束程序" in block
    rows = {p["name"]: p for p in as_json(anjian(site, "plugins", "list", "--json",
                                                 plugins=f"fire,trusty,{bad}"))["plugins"]}
    assert not rows["exit_import"]["loaded"] and rows["trusty"]["loaded"]
    assert rows["exit_import"]["distribution"] == "anjian-test-exit_import"
    assert rows["exit_import"]["errors"] == [
        "import: the plugin asked the program to end (SystemExit: 0) at exit_import.py:1"]


def test_every_command_still_runs_beside_a_plugin_that_exits(site: Path,
                                                             tmp_path: Path) -> None:
    findings = tmp_path / "f.json"
    findings.write_text('[{"item": "FIRE-2017-D-6.1", "status": "noncompliant"}]')
    done = anjian(site, "evaluate", "--pack", "gb35181-2017", "--findings", str(findings),
                  "--json", plugins="fire,exit_import,exit_hook")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["verdict"] == "major"


def test_an_interrupt_is_the_users_and_is_not_swallowed(site: Path) -> None:
    """A KeyboardInterrupt cannot be told from the user's Ctrl-C, so it ends the command as
    Ctrl-C does (exit status 130, 128 + SIGINT), never taken for a broken plugin nor for
    success."""
    done = anjian(site, "packs", "list", plugins="fire,interrupt")
    assert done.returncode == 130
    assert "gb35181-2017" not in done.stdout


def test_a_colour_policy_that_exits_refuses_the_command_naming_the_plugin(
        site: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from core.i18n import AnjianError

    monkeypatch.syspath_prepend(str(site))
    monkeypatch.setenv("ANJIAN_PLUGINS", "exit_policy")
    cat = build_catalogue()
    assert cat.errors == ()
    with pytest.raises(AnjianError) as refused:
        cat.colour_policies["exit"]([], dt.date(2026, 1, 1))
    assert refused.value.render("zh").startswith(
        "插件 exit_policy 的颜色策略 'exit' 出错: 插件要求结束程序（SystemExit: 0）")


# --- which code a plugin is ------------------------------------------------------------------

def test_each_plugin_shows_its_distribution_version_and_code_hash(site: Path) -> None:
    rows = {p["name"]: p for p in as_json(anjian(
        site, "plugins", "list", "--json", plugins="fire,trusty,exit_import,fireworks"))[
            "plugins"]}
    trusty = rows["trusty"]
    assert (trusty["distribution"], trusty["version"], trusty["builtin"]) == (
        "anjian-test-trusty", "0.3", False)
    assert trusty["sha256"] == code_hash(site / "trusty", "trusty")
    # a plugin that is one module is that file; one that failed to import has a hash too
    assert rows["exit_import"]["sha256"] == code_hash(site / "exit_import.py", "exit_import.py")
    # an editable install (pip install -e) is hashed from its source
    assert rows["fireworks"]["sha256"] == code_hash(FIREWORKS, "anjian_fireworks")
    assert rows["fireworks"]["distribution"] == "anjian-fireworks"
    # anjian's own plugins are part of anjian
    fire = rows["fire"]
    assert (fire["distribution"], fire["builtin"], fire["sha256"]) == ("anjian", True, None)

    zh = anjian(site, "plugins", "list", plugins="fire,trusty")
    assert f"    SHA-256: {trusty['sha256']}" in zh.stdout
    assert "fire               anjian 0.1.0（内置）" in zh.stdout


def test_the_code_hash_follows_the_files_and_not_pythons_cache(site: Path) -> None:
    ep = next(e for e in discover() if e.name == "fire")
    assert identify(ep).builtin
    # Python writes its cache as it imports the plugin
    first = as_json(anjian(site, "plugins", "list", "--json", plugins="trusty",
                           PYTHONDONTWRITEBYTECODE=""))
    before = first["plugins"][0]["sha256"]
    assert list((site / "trusty").glob("__pycache__/*.pyc"))
    again = as_json(anjian(site, "plugins", "list", "--json", plugins="trusty"))
    assert again["plugins"][0]["sha256"] == before
    (site / "trusty" / "packs" / "notes.txt").write_text("a new file\n")
    added = as_json(anjian(site, "plugins", "list", "--json", plugins="trusty"))
    assert added["plugins"][0]["sha256"] not in (before, None)
    assert added["plugins"][0]["sha256"] == code_hash(site / "trusty", "trusty")


def test_a_distribution_calling_itself_anjian_is_not_built_in(tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch
                                                              ) -> None:
    folder = tmp_path / "site"
    install(folder, "trusty", distribution="anjian")
    monkeypatch.syspath_prepend(str(folder))
    (ep,) = [e for e in discover() if e.name == "trusty"]
    who = identify(ep)
    assert (who.distribution, who.builtin) == ("anjian", False)
    cat = build_catalogue(eps=[ep], allowed={})
    assert [e.stage for e in cat.errors] == ["allow"]


# --- the allowlist of a team database --------------------------------------------------------

def test_a_team_database_loads_only_the_plugins_its_administrator_allowed(
        site: Path, team: TeamDb) -> None:
    store = open_store(team.url)
    assert store.team == team.prefix
    store.close()
    db = ("--db", team.url_for(team.admin))  # the administrator's own login
    admin: dict[str, str] = {}

    # not allowed: never imported, named with why and the hash to allow
    listing = as_json(anjian(site, *db, "plugins", "list", "--json", **admin))
    assert imported(site) == set()
    rows = {p["name"]: p for p in listing["plugins"]}
    assert rows["fire"]["loaded"] and rows["fire"]["builtin"]
    sha = code_hash(site / "trusty", "trusty")
    assert (rows["trusty"]["loaded"], rows["trusty"]["sha256"]) == (False, sha)
    assert rows["trusty"]["errors"] == [
        "allow: not allowed on this database (team mode loads only the plugins an "
        "administrator allowed); once checked, an administrator allows it with "
        f"`anjian plugins allow trusty --sha256 {sha}`"]
    assert listing["allowlist"] == []
    packs = anjian(site, *db, "packs", "list", **admin)
    assert packs.returncode == 0, packs.stderr
    assert "gb35181-2017" in packs.stdout and "trusty-1" not in packs.stdout
    assert "trusty（许可）: 未获本数据库许可" in packs.stdout
    assert imported(site) == set()

    # an administrator allows it by its hash: it loads
    allowed = anjian(site, *db, "plugins", "allow", "trusty", "--sha256", sha.upper(),
                     "--note", "已核对代码", **admin)
    assert allowed.returncode == 0, allowed.stderr
    assert f"已许可插件 trusty，代码 SHA-256 {sha}" in allowed.stdout
    assert imported(site) == set()  # allowing it ran none of its code
    listing = as_json(anjian(site, *db, "plugins", "list", "--json", **admin))
    assert imported(site) == {"trusty"}
    rows = {p["name"]: p for p in listing["plugins"]}
    assert rows["trusty"]["loaded"] and rows["trusty"]["packs"] == ["trusty-1"]
    (entry,) = listing["allowlist"]
    assert (entry["name"], entry["sha256"], entry["allowed_by"], entry["note"]) == (
        "trusty", sha, team.admin, "已核对代码")
    text_listing = anjian(site, *db, "plugins", "list", **admin).stdout
    assert f"  trusty  {sha}  {team.admin} 于 " in text_listing
    imported(site)

    # its code changes: it no longer loads, and says what changed
    with (site / "trusty" / "__init__.py").open("a") as fh:
        fh.write("# one more line\n")
    now = code_hash(site / "trusty", "trusty")
    listing = as_json(anjian(site, *db, "plugins", "list", "--json", **admin))
    assert imported(site) == set()
    rows = {p["name"]: p for p in listing["plugins"]}
    assert rows["trusty"]["errors"] == [
        f"allow: changed since it was allowed: allowed {sha[:16]}, installed {now[:16]}; "
        "once the change is checked, an administrator allows it with "
        f"`anjian plugins allow trusty --sha256 {now}`"]
    zh = anjian(site, *db, "plugins", "list", **admin).stdout
    assert f"许可后已被改动：许可的是 {sha[:16]}，安装的是 {now[:16]}" in zh

    # allowed again with the new hash, then taken off the list
    assert anjian(site, *db, "plugins", "allow", "trusty", "--sha256", now,
                  **admin).returncode == 0
    assert "trusty-1" in anjian(site, *db, "packs", "list", **admin).stdout
    gone = anjian(site, *db, "plugins", "disallow", "trusty", "--reason", "不再使用", **admin)
    assert gone.returncode == 0, gone.stderr
    assert "已撤销插件 trusty 的许可" in gone.stdout
    imported(site)
    assert "trusty-1" not in anjian(site, *db, "packs", "list", **admin).stdout
    assert imported(site) == set()

    audit = team.sql(None, "SELECT actor, action, object_id, before::jsonb, after::jsonb "
                           "FROM audit_log WHERE object_type = 'plugin' ORDER BY seq")
    assert [(a, act, o) for a, act, o, _, _ in audit] == [
        (team.admin, "plugins.allow", "trusty"), (team.admin, "plugins.allow", "trusty"),
        (team.admin, "plugins.disallow", "trusty")]
    assert audit[1][3] == {"sha256": sha, "note": "已核对代码"}
    assert audit[2][4] == {"reason": "不再使用"}


def test_only_an_administrator_allows_and_bad_input_changes_nothing(
        site: Path, team: TeamDb) -> None:
    db = ("--db", team.url_for(team.admin))
    admin: dict[str, str] = {}
    inspector = team.login("检查员甲")
    added = anjian(site, *db, "users", "add", inspector, "--role", "inspector")
    assert added.returncode == 0, added.stderr
    sha = code_hash(site / "trusty", "trusty")
    before = _business(team.url)
    cases = [
        (("--db", team.url_for(inspector), "plugins", "allow", "trusty", "--sha256", sha), {},
         f"{inspector}（检查人员）不能许可或撤销插件：需要管理员"),
        (("plugins", "allow", "trusty", "--sha256", "abc"), admin,
         "'abc' 不是 SHA-256"),
        (("plugins", "allow", "fire", "--sha256", sha), admin,
         "fire 是 anjian 自带的插件"),
        (("plugins", "allow", "bad name", "--sha256", sha), admin, "插件名 'bad name' 无效"),
        (("plugins", "allow", "trusty", "--sha256", sha, "--note", "a\x1bb"), admin,
         "U+001B (ESC)"),
        (("plugins", "disallow", "trusty", "--reason", "x"), admin,
         "插件 trusty 不在本数据库的许可名单上"),
        (("plugins", "disallow", "trusty", "--reason", " "), admin, "须说明原因"),
    ]
    for args, env, message in cases:
        done = anjian(site, *(() if args[0] == "--db" else db), *args, **env)
        assert done.returncode == 2, (args, done.stdout, done.stderr)
        assert message in done.stderr, (args, done.stderr)
        assert "Traceback" not in done.stderr
    assert _business(team.url) == before



def test_without_team_mode_every_installed_plugin_loads(site: Path, tmp_path: Path,
                                                        pg_url: str) -> None:
    """SQLite, and PostgreSQL without the team set-up: an allowlist may be recorded (ready for
    the set-up) but plugins load as installed, as the output of allowing one says."""
    sqlite = f"sqlite:///{tmp_path / 'anjian.db'}"
    for url in (sqlite, pg_url):
        allowed = anjian(site, "--db", url, "plugins", "allow", "exit_import", "--sha256",
                         "0" * 64, ANJIAN_USER="postgres")
        assert allowed.returncode == 0, allowed.stderr
        assert "本数据库未设置团队模式：许可已记录" in allowed.stdout
        listing = as_json(anjian(site, "--db", url, "plugins", "list", "--json"))
        assert listing["allowlist"] is None
        assert {p["name"] for p in listing["plugins"] if p["loaded"]} == {"fire", "trusty"}
        assert imported(site) == {"trusty"}
    assert not (Path(os.environ["ANJIAN_HOME"]) / "anjian.db").exists()


def test_the_catalogue_under_an_allowlist_in_process(site: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(site))
    monkeypatch.setenv("ANJIAN_PLUGINS", "fire,trusty,exit_import")
    monkeypatch.setenv("PLUGIN_MARKS", str(site.parent / "marks"))
    sha = code_hash(site / "trusty", "trusty")
    cat = build_catalogue(allowed={"trusty": sha, "exit_import": "0" * 64})
    assert set(cat.entries) == {"gb35181-2017", "trusty-1"}
    assert [(e.plugin, e.stage) for e in cat.errors] == [("exit_import", "allow")]
    assert cat.allowed == {"trusty": sha, "exit_import": "0" * 64}
    assert cat.identities["trusty"].sha256 == sha
    assert {p.name: p.builtin for p in cat.plugins} == {"fire": True, "trusty": False}
    nothing = build_catalogue(allowed={})
    assert set(nothing.entries) == {"gb35181-2017"}
    assert sorted(e.plugin for e in nothing.errors) == ["exit_import", "trusty"]


def test_the_code_of_a_plugin_in_a_namespace_package_is_its_own_package(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """For ``acme_ns.sector.hooks`` under the namespace package ``acme_ns`` (no
    ``__init__.py``), the code is ``acme_ns/sector``, not what else shares the namespace; a
    module alone in the namespace is its file; a link back up the tree is followed once, never
    forever."""
    from core.plugins.identity import locate

    root = tmp_path / "ns"
    (root / "acme_ns" / "sector" / "data").mkdir(parents=True)
    (root / "acme_ns" / "sector" / "__init__.py").write_text("")
    (root / "acme_ns" / "sector" / "hooks.py").write_text("X = 1\n")
    (root / "acme_ns" / "sector" / "data" / "a.yaml").write_text("a: 1\n")
    (root / "acme_ns" / "other").mkdir()
    (root / "acme_ns" / "other" / "__init__.py").write_text("raise SystemExit(3)\n")
    monkeypatch.syspath_prepend(str(root))
    known = set(sys.modules)
    try:
        code = locate("acme_ns.sector.hooks")
        assert code is not None
        assert (code.path, code.name) == (root / "acme_ns" / "sector", "acme_ns/sector")
        assert code.sha256() == code_hash(root / "acme_ns" / "sector", "acme_ns/sector")
        (root / "acme_ns" / "solo.py").write_text("Y = 2\n")
        single = locate("acme_ns.solo")
        assert single is not None and single.name == "acme_ns/solo.py"
        assert single.sha256() == code_hash(root / "acme_ns" / "solo.py", "acme_ns/solo.py")
        (root / "acme_ns" / "sector" / "data" / "up").symlink_to(root / "acme_ns" / "sector")
        assert len(code.sha256()) == 64  # the loop ends
        assert "acme_ns.other" not in sys.modules  # nothing of the plugin's was run
        assert locate("no_such_module_anywhere") is None
    finally:
        for name in set(sys.modules) - known:
            del sys.modules[name]
