"""The plugin author's kit: scaffold a plugin, install it for real, list it, check it, run its
own tests; and the validator, one broken pack per kind of error, each at its file and line."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from core.i18n import AnjianError
from core.plugins.contract import PluginContract
from core.plugins.validator import check
from core.services.packs import default_catalogue
from core.services.scaffold import new_plugin, scaffold_files

from .test_cli import run

PY = sys.executable
PACK = "src/anjian_demo_sector/packs/demo_sector.yaml"


def pip_target(project: Path, site: Path) -> None:
    """A real ``pip install`` of ``project`` into ``site``, leaving the test venv unchanged."""
    done = subprocess.run([PY, "-m", "pip", "install", "-q", "--no-deps", "--no-build-isolation",
                           "--target", str(site), str(project)], capture_output=True, text=True,
                          timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-2000:]


def with_site(site: Path) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(site), "ANJIAN_LANG": "en"}


def test_scaffolded_plugin_installs_lists_checks_and_passes_its_tests(tmp_path: Path) -> None:
    folder = new_plugin("demo_sector", tmp_path, default_catalogue())
    assert folder == tmp_path / "anjian-demo-sector"
    assert {str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()} == set(
        scaffold_files("demo_sector"))
    pack_text = (folder / PACK).read_text(encoding="utf-8")
    # every field of the starter pack is explained where it first stands (on it or above it)
    explained: dict[str, bool] = {}
    previous = ""
    for line in pack_text.splitlines():
        key = line.strip().removeprefix("- ").split(":", 1)[0]
        if ":" in line and not line.lstrip().startswith("#") and key.isidentifier():
            explained[key] = explained.get(key, False) or "#" in line or \
                previous.lstrip().startswith("#")
        previous = line
    assert [k for k, ok in explained.items() if not ok] == []
    assert len(explained) >= 20
    site = tmp_path / "site"
    pip_target(folder, site)
    env = with_site(site)
    listed = subprocess.run([str(Path(PY).with_name("anjian")), "packs", "list", "--json"],
                            capture_output=True, text=True, env=env, check=True)
    packs = {p["id"]: p for p in json.loads(listed.stdout)["packs"]}
    assert packs["demo-sector"]["plugin"] == "demo_sector"
    plugins = subprocess.run([str(Path(PY).with_name("anjian")), "plugins", "list", "--json"],
                             capture_output=True, text=True, env=env, check=True)
    (mine,) = [p for p in json.loads(plugins.stdout)["plugins"] if p["name"] == "demo_sector"]
    assert (mine["distribution"], mine["version"], mine["hooks"], mine["packs"]) == (
        "anjian-demo-sector", "0.1.0", ["register_packs"], ["demo-sector"])
    checked = subprocess.run([str(Path(PY).with_name("anjian")), "packs", "check",
                              "demo_sector", "--strict"], capture_output=True, text=True,
                             env=env, check=False)
    assert checked.returncode == 0, checked.stderr
    assert "2 golden cases, 0 errors, 0 warnings" in checked.stdout
    tests = subprocess.run([PY, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                            str(folder / "tests")], capture_output=True, text=True, env=env,
                           cwd=folder, timeout=300, check=False)
    assert tests.returncode == 0, tests.stdout[-3000:]
    contract_tests = [m for m in dir(PluginContract) if m.startswith("test_")]
    assert f"{len(contract_tests)} passed" in tests.stdout
    # Without the plugin installed, its contract says so instead of passing.
    bare = subprocess.run([PY, "-m", "pytest", "-vv", "-p", "no:cacheprovider",
                           str(folder / "tests")], capture_output=True, text=True,
                          env={**env, "PYTHONPATH": ""}, cwd=folder, timeout=300, check=False)
    assert bare.returncode == 1
    assert "plugin demo_sector is not loaded (is it installed?)" in bare.stdout


@pytest.mark.parametrize(("name", "key"), [
    ("Fire Works", "scaffold.bad_name"), ("x", "scaffold.bad_name"), ("../up", "scaffold.bad_name"),
    ("fire", "scaffold.taken")])
def test_scaffold_refuses_bad_names(tmp_path: Path, name: str, key: str) -> None:
    with pytest.raises(AnjianError) as caught:
        new_plugin(name, tmp_path, default_catalogue())
    assert caught.value.key == key
    assert list(tmp_path.iterdir()) == []


def test_scaffold_never_overwrites(tmp_path: Path) -> None:
    (tmp_path / "anjian-demo-sector").mkdir()
    (tmp_path / "anjian-demo-sector" / "mine.txt").write_text("keep", encoding="utf-8")
    done = run("--lang", "en", "plugins", "new", "demo_sector", "--dir", str(tmp_path))
    assert done.returncode == 2
    assert "anjian-demo-sector already exists; nothing was written" in done.stderr
    assert [p.name for p in (tmp_path / "anjian-demo-sector").iterdir()] == ["mine.txt"]


# --- the validator ------------------------------------------------------------------------


def draft(tmp_path: Path, edit: dict[str, tuple[str, str]] | None = None) -> Path:
    """The starter pack as a draft folder, with ``{file: (old, new)}`` text edits applied."""
    files = {k.removeprefix("src/anjian_demo_sector/packs/"): v
             for k, v in scaffold_files("demo_sector").items() if "/packs/" in k}
    for name, (old, new) in (edit or {}).items():
        assert old in files[name], old
        files[name] = files[name].replace(old, new, 1)
    folder = tmp_path / "packs"
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def line_of(path: Path, text: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    (n,) = [i for i, line in enumerate(lines, 1) if text in line]
    return n


def issues(folder: Path) -> list[str]:
    """The issues in English, as ``str()`` gives them."""
    return [str(i) for i in check(str(folder)).issues]


def issues_zh(folder: Path) -> list[str]:
    """The issues in Chinese, as ``anjian packs check`` prints them by default."""
    return [i.render("zh") for i in check(str(folder)).issues]


def test_clean_draft_has_no_issue(tmp_path: Path) -> None:
    report = check(str(draft(tmp_path)))
    assert report.issues == [] and report.cases == 2 and report.ok(strict=True)


def test_schema_error_at_its_line(tmp_path: Path) -> None:
    folder = draft(tmp_path, {"demo_sector.yaml": ("    evidence: [现场照片]",
                                                   "    evidense: [现场照片]")})
    pack = folder / "demo_sector.yaml"
    assert issues(folder) == [
        f"{pack}:{line_of(pack, 'evidense')}: error: item DEMO-SECTOR-01: evidense: "
        "Extra inputs are not permitted"]
    assert issues_zh(folder) == [
        f"{pack}:{line_of(pack, 'evidense')}: 错误: 检查项 DEMO-SECTOR-01: evidense: "
        "此处没有这个字段（拼写错误？）；请改正或删除"]


def test_duplicate_item_id(tmp_path: Path) -> None:
    folder = draft(tmp_path, {"demo_sector.yaml": ("  - id: DEMO-SECTOR-02",
                                                   "  - id: DEMO-SECTOR-01")})
    pack = folder / "demo_sector.yaml"
    second = [i for i, line in enumerate(pack.read_text("utf-8").splitlines(), 1)
              if "id: DEMO-SECTOR-01" in line][1]
    assert issues(folder) == [
        f"{pack}:{second}: error: duplicate item id 'DEMO-SECTOR-01'"]
    assert issues_zh(folder) == [
        f"{pack}:{second}: 错误: 检查项编号 'DEMO-SECTOR-01' 重复：编号在判定标准内必须唯一，"
        "请改名或删除重复的一个"]


def test_item_id_taken_by_an_installed_pack(tmp_path: Path) -> None:
    folder = draft(tmp_path, {"demo_sector.yaml": ("  - id: DEMO-SECTOR-02",
                                                   "  - id: FIRE-2017-D-6.1")})
    pack = folder / "demo_sector.yaml"
    got = issues(folder)
    assert got[0] == (f"{pack}:{line_of(pack, 'id: FIRE-2017-D-6.1')}: error: item id "
                      "FIRE-2017-D-6.1 is used 2 times across installed packs")
    assert issues_zh(folder)[0] == (
        f"{pack}:{line_of(pack, 'id: FIRE-2017-D-6.1')}: 错误: 检查项编号 FIRE-2017-D-6.1 在已安装"
        "的判定标准中出现了 2 次；编号须在所有判定标准中唯一，请改名")


def test_rule_names_unknown_item(tmp_path: Path) -> None:
    folder = draft(tmp_path, {"demo_sector.yaml": ("  sections: [S1]", "  items: [NOPE-1]")})
    pack = folder / "demo_sector.yaml"
    assert issues(folder) == [
        f"{pack}:{line_of(pack, 'items: [NOPE-1]')}: error: rule DEMO-SECTOR-R1: "
        "unknown item 'NOPE-1'"]


def test_rule_names_unknown_category(tmp_path: Path) -> None:
    folder = draft(tmp_path, {"demo_sector.yaml": ("  sections: [S1]",
                                                   "  sections: [S1]\n  applies_to: [mall]")})
    pack = folder / "demo_sector.yaml"
    assert issues(folder) == [
        f"{pack}:{line_of(pack, 'applies_to: [mall]')}: error: rule DEMO-SECTOR-R1: "
        "unknown site category 'mall'"]
    assert issues_zh(folder) == [
        f"{pack}:{line_of(pack, 'applies_to: [mall]')}: 错误: 判定规则 DEMO-SECTOR-R1: "
        "引用的场所类别 'mall' 不存在；请检查拼写，或先定义它"]


def test_item_no_rule_counts(tmp_path: Path) -> None:
    folder = draft(tmp_path, {"demo_sector.yaml": ("  sections: [S1]",
                                                   "  items: [DEMO-SECTOR-01]")})
    pack = folder / "demo_sector.yaml"
    got = issues(folder)
    assert f"{pack}:{line_of(pack, 'id: DEMO-SECTOR-02')}: error: item DEMO-SECTOR-02 is " \
        "counted by no rule" in got
    assert f"{pack}:{line_of(pack, 'id: DEMO-SECTOR-02')}: 错误: 检查项 DEMO-SECTOR-02 没有被" \
        "任何判定规则计入；请把它加入某条规则的 items 或 sections" in issues_zh(folder)


def test_golden_case_that_does_not_hold(tmp_path: Path) -> None:
    folder = draft(tmp_path, {"cases/quiet.json": ('"value": 10, "design": 10',
                                                   '"value": 11, "design": 10')})
    pack = folder / "demo_sector.yaml"
    assert issues(folder) == [
        f"{folder / 'cases/quiet.json'}: error: verdict: expected not_major, got major",
        f"{folder / 'cases/quiet.json'}: error: fired: expected [], got ['DEMO-SECTOR-R1']",
        f"{pack}:{line_of(pack, '- id: DEMO-SECTOR-R1')}: warning: no golden case where rule "
        "DEMO-SECTOR-R1 does not fire"]
    assert issues_zh(folder) == [
        f"{folder / 'cases/quiet.json'}: 错误: verdict: 预期 not_major，实际 major",
        f"{folder / 'cases/quiet.json'}: 错误: fired: 预期 []，实际 ['DEMO-SECTOR-R1']",
        f"{pack}:{line_of(pack, '- id: DEMO-SECTOR-R1')}: 警告: 没有判定规则 DEMO-SECTOR-R1 "
        "不触发的示例；请在 cases/ 中添加一个"]
    assert check(str(folder)).ok() is False


def test_rule_without_a_quiet_case_is_a_warning(tmp_path: Path) -> None:
    folder = draft(tmp_path)
    (folder / "cases" / "quiet.json").unlink()
    pack = folder / "demo_sector.yaml"
    report = check(str(folder))
    assert [str(i) for i in report.issues] == [
        f"{pack}:{line_of(pack, '- id: DEMO-SECTOR-R1')}: warning: no golden case where rule "
        "DEMO-SECTOR-R1 does not fire"]
    assert report.ok() and not report.ok(strict=True)


def test_no_golden_cases_at_all(tmp_path: Path) -> None:
    folder = draft(tmp_path)
    for case in (folder / "cases").iterdir():
        case.unlink()
    got = issues(folder)
    assert got[0].startswith("warning: no golden cases")
    assert issues_zh(folder)[0].startswith("警告: 没有示例（golden case）：请在判定标准旁的 "
                                           "cases/*.json")


def test_predecessor_that_names_no_item(tmp_path: Path) -> None:
    folder = draft(tmp_path, {"demo_sector.yaml": ('    clause: "（一）"',
                                                   '    clause: "（一）"\n'
                                                   "    predecessors: [COAL-2020-A99-99]")})
    pack = folder / "demo_sector.yaml"
    assert issues(folder) == [
        f"{pack}:{line_of(pack, 'id: DEMO-SECTOR-01')}: error: item DEMO-SECTOR-01: "
        "predecessors need the pack's 'series' to say which standard's earlier versions they "
        "belong to"]
    assert issues_zh(folder) == [
        f"{pack}:{line_of(pack, 'id: DEMO-SECTOR-01')}: 错误: 检查项 DEMO-SECTOR-01: 列出前序检查项"
        "（predecessors）时，判定标准须有 'series'，说明它们属于哪个标准的早期版本"]


def test_changing_an_installed_pack_without_a_new_version(tmp_path: Path) -> None:
    source = Path(__file__).resolve().parents[1] / "plugins" / "chemicals" / "chem_2017.yaml"
    text = source.read_text(encoding="utf-8")
    folder = tmp_path / "chem"
    folder.mkdir()
    (folder / "chem_2017.yaml").write_text(text.replace("CHEM-2017-20", "CHEM-2017-21"),
                                           encoding="utf-8")
    got = issues(folder)
    assert f"{folder / 'chem_2017.yaml'}: error: item CHEM-2017-20 of the installed version " \
        "2017.1.2 is gone but the version is unchanged; raise 'version' (inspections record " \
        "it)" in got
    assert f"{folder / 'chem_2017.yaml'}: 错误: 已安装版本 2017.1.2 中的检查项 CHEM-2017-20 没有" \
        "了，但版本号未变；请提高 'version'（检查记录会记下版本号）" in issues_zh(folder)


def test_check_command_exit_codes(tmp_path: Path) -> None:
    assert run("packs", "check", "fire", "mining").returncode == 0
    bad = draft(tmp_path, {"demo_sector.yaml": ("  sections: [S1]", "  items: [NOPE-1]")})
    done = run("--lang", "en", "packs", "check", str(bad))
    assert done.returncode == 2
    assert "error: rule DEMO-SECTOR-R1: unknown item 'NOPE-1'" in done.stderr
    assert "1 errors, 0 warnings" in done.stdout
    missing = run("--lang", "en", "packs", "check", "no_such_plugin")
    assert missing.returncode == 2
    assert "'no_such_plugin' is neither a file or folder nor an installed plugin" in missing.stderr
    missing_zh = run("packs", "check", "no_such_plugin")
    assert missing_zh.returncode == 2
    assert "错误: 'no_such_plugin' 既不是文件或文件夹，也不是已安装的插件" in missing_zh.stderr
    assert "pip install -e 文件夹" in missing_zh.stderr
    as_json = json.loads(run("packs", "check", str(bad), "--json").stdout)
    assert as_json["ok"] is False
    assert as_json["reports"][0]["issues"][0]["level"] == "error"


def test_evaluate_under_a_draft_pack(tmp_path: Path) -> None:
    folder = draft(tmp_path)
    findings = tmp_path / "f.json"
    findings.write_text(json.dumps([{"item": "DEMO-SECTOR-02", "value": 12, "design": 10}]),
                        encoding="utf-8")
    done = run("evaluate", "--pack-file", str(folder), "--findings", str(findings), "--json")
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert (out["pack"], out["verdict"]) == ("demo-sector", "major")
    assert out["triggers"][0]["items"] == ["DEMO-SECTOR-02"]
    bad = draft(tmp_path / "bad", {"demo_sector.yaml": ("  sections: [S1]", "  items: [NOPE-1]")})
    refused = run("--lang", "en", "evaluate", "--pack-file", str(bad), "--findings",
                  str(findings))
    assert refused.returncode == 2
    assert "error: rule DEMO-SECTOR-R1: unknown item 'NOPE-1'" in refused.stderr
    zh = run("evaluate", "--pack-file", str(bad), "--findings", str(findings))
    assert zh.returncode == 2
    assert "错误: 判定规则 DEMO-SECTOR-R1: 引用的检查项 'NOPE-1' 不存在" in zh.stderr


@pytest.mark.parametrize(("case", "en", "zh"), [
    ({"description": "x", "pack": "demo-sector", "packs": ["demo-sector"], "findings": [],
      "expect": {"verdict": "major"}},
     "give either 'pack' or 'packs'", "请给出 'pack' 或 'packs' 之一"),
    ({"description": "x", "pack": "demo-sector", "expect": {"verdict": "major"}},
     "findings: Field required", "findings: 缺少必填字段，请补上"),
    ({"description": "x", "pack": "demo-sector", "findings": [], "expect": {"verdict": 3},
      "note": "x"},
     "expect.verdict: Input should be a valid string (and 1 more problems)",
     "expect.verdict: 应为文本（数字、日期或 true/false 请加引号，如 \"6.1\"）（另有 1 个问题）"),
])
def test_a_malformed_golden_case_is_named_in_both_languages(
        tmp_path: Path, case: dict[str, object], en: str, zh: str) -> None:
    folder = draft(tmp_path)
    bad = folder / "cases" / "quiet.json"
    bad.write_text(json.dumps(case), encoding="utf-8")
    report = check(str(folder))
    (issue,) = [i for i in report.issues if i.where == str(bad)]
    assert issue.render("en") == f"{bad}: error: {en}"
    assert issue.render("zh") == f"{bad}: 错误: {zh}"
