"""The ``anjian`` command line as a user runs it: the evaluate contract, bad input, packs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from .conftest import ROOT

ANJIAN = Path(sys.executable).with_name("anjian")


def run_process(*args: str, lang: str | None = None) -> subprocess.CompletedProcess[str]:
    """``anjian`` in a process of its own: the console script itself, with a fresh catalogue
    (for what is installed or allowed while the tests run)."""
    env = {k: v for k, v in os.environ.items() if k != "ANJIAN_LANG"}
    if lang:
        env["ANJIAN_LANG"] = lang
    return subprocess.run([str(ANJIAN), *args], capture_output=True, text=True, env=env,
                          timeout=60, check=False)


def run(*args: str, lang: str | None = None) -> subprocess.CompletedProcess[str]:
    """``anjian`` as a user types it, through the console script's entry point in this
    process (``ANJIAN_LANG`` set to ``lang``, or unset): what a process would print and its
    exit status, without starting one for each command."""
    import contextlib
    import io

    from tui.cli import main

    out, err = io.StringIO(), io.StringIO()
    saved = os.environ.pop("ANJIAN_LANG", None)
    if lang:
        os.environ["ANJIAN_LANG"] = lang
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                main(list(args))
                code = 0
            except SystemExit as exit_:
                code = exit_.code if isinstance(exit_.code, int) else (0 if exit_.code is None
                                                                        else 1)
    finally:
        os.environ.pop("ANJIAN_LANG", None)
        if saved is not None:
            os.environ["ANJIAN_LANG"] = saved
    return subprocess.CompletedProcess(["anjian", *args], code, out.getvalue(), err.getvalue())


def write(tmp_path: Path, name: str, data: Any) -> str:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data, ensure_ascii=False),
                    encoding="utf-8")
    return str(path)


def evaluate(tmp_path: Path, findings: Any, site: Any = None, *extra: str,
             lang: str | None = None) -> subprocess.CompletedProcess[str]:
    args = ["evaluate", "--pack", "gb35181-2017", "--findings",
            write(tmp_path, "findings.json", findings)]
    if site is not None:
        args += ["--site", write(tmp_path, "site.json", site)]
    return run(*args, *extra, lang=lang)


CROWDED = [{"item": f"FIRE-2017-C-{c}", "status": "noncompliant"}
           for c in ("7.3.1", "7.3.2", "7.5")]

KEYS = {"pack", "pack_version", "verdict", "triggers", "excluded_by", "general_hazards",
        "corrected_on_site", "unanswered", "not_applicable", "warnings", "standing",
        "absent_parts", "general_parts", "constituted", "waived", "local_items"}


def test_the_console_script_is_anjian_itself(tmp_path: Path) -> None:
    """The installed ``anjian`` script runs the same entry point the tests call in-process."""
    done = run_process("packs", "show", "nope")
    assert done.returncode == 2 and "nope" in done.stderr and "Traceback" not in done.stderr
    assert done.stderr == run("packs", "show", "nope").stderr


def test_evaluate_json_contract(tmp_path: Path) -> None:
    done = evaluate(tmp_path, CROWDED, {"categories": ["people_dense"]}, "--json",
                    "--date", "2025-06-01")
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert set(out) == KEYS
    assert (out["pack"], out["pack_version"], out["verdict"], out["standing"]) == (
        "gb35181-2017", "2017.1.3", "major", "in_force")
    assert out["triggers"] == [{
        "rule": "FIRE-2017-5.3.2a", "kind": "composite",
        "clauses": ["5.3.2 a)", "7.3.1", "7.3.2", "7.5"],
        "items": ["FIRE-2017-C-7.3.1", "FIRE-2017-C-7.3.2", "FIRE-2017-C-7.5"],
        "count": 3, "threshold": 3, "vetoed": False}]
    assert len(out["unanswered"]) == 46
    assert out["warnings"] == []


def test_evaluate_other_site_by_default_and_warning_after_2025(tmp_path: Path) -> None:
    done = evaluate(tmp_path, CROWDED, None, "--json", "--date", "2025-11-01")
    out = json.loads(done.stdout)
    assert out["verdict"] == "incomplete"  # three of six for an "other" place, rest unanswered
    assert {"key": "warn.superseded", "params": {
        "standard": "GB 35181-2017", "successor": "GB 35181-2025", "date": "2025-11-01"}
            } in out["warnings"]
    text = evaluate(tmp_path, CROWDED, None, "--date", "2025-11-01").stdout
    assert "GB 35181-2017 已于 2025-11-01 被 GB 35181-2025 替代" in text


def test_evaluate_exclusion_and_correction(tmp_path: Path) -> None:
    findings = [*CROWDED, {"item": "FIRE-2017-D-6.3", "status": "noncompliant",
                           "corrected_on_site": True, "note": "当场清除"}]
    out = json.loads(evaluate(tmp_path, findings,
                              {"categories": ["people_dense"],
                               "exclusions": ["FIRE-2017-5.1.3b"]}, "--json").stdout)
    assert out["verdict"] == "excluded"
    assert out["excluded_by"] == ["FIRE-2017-5.1.3b"]
    assert out["corrected_on_site"] == ["FIRE-2017-D-6.3"]
    assert out["general_hazards"] == [f["item"] for f in CROWDED]


def test_human_output_in_both_languages(tmp_path: Path) -> None:
    site = {"categories": ["people_dense"]}
    zh = evaluate(tmp_path, CROWDED, site)
    assert zh.returncode == 0
    assert "结论: 重大事故隐患" in zh.stdout
    assert "人员密集场所存在7.3.1～7.3.9和7.5、7.9.3规定的综合判定要素3条以上" in zh.stdout
    assert "7.3.2 人员密集场所内疏散楼梯间的设置形式不符合" in zh.stdout
    en = evaluate(tmp_path, CROWDED, site, lang="en")
    assert "Verdict: MAJOR HAZARD" in en.stdout
    assert "Type of escape stair enclosure in crowded places non-compliant." in en.stdout
    flag = run("--lang", "en", "evaluate", "--pack", "gb35181-2017", "--findings",
               str(tmp_path / "findings.json"), "--site", str(tmp_path / "site.json"))
    assert flag.stdout == en.stdout


BAD_FINDINGS = [
    ("[{]", "findings.json:1: malformed JSON"),
    ('{"item": "FIRE-2017-D-6.1"}', "must be a JSON list"),
    ('[{"item": "FIRE-2017-D-6.1", "status": "yes"}]',
     "item FIRE-2017-D-6.1: status 'yes' is not compliant, noncompliant or not_applicable"),
    ('[{"item": "FIRE-2017-D-6.99", "status": "compliant"}]',
     "item FIRE-2017-D-6.99 is not in pack gb35181-2017"),
    ('[{"item": "FIRE-2017-D-6.1", "status": "compliant"},'
     ' {"item": "FIRE-2017-D-6.1", "status": "noncompliant"}]',
     "item FIRE-2017-D-6.1 is answered more than once"),
    ('[{"status": "compliant"}]', "item #1: 'item' (an item id string) is required"),
    ('[{"item": "FIRE-2017-D-6.1", "status": "compliant", "corrected_on_site": "no"}]',
     "'corrected_on_site' must be true or false"),
    ('[{"item": "FIRE-2017-D-6.1", "stauts": "compliant"}]', "unknown key(s) stauts"),
    ('[{"item": "FIRE-2017-D-6.1", "status": "compliant", "value": 3}]', "no measured value"),
    ("[3]", "finding #1 is not a JSON object"),
]


@pytest.mark.parametrize(("body", "message"), BAD_FINDINGS)
def test_bad_findings_exit_2_and_say_what(tmp_path: Path, body: str, message: str) -> None:
    done = evaluate(tmp_path, body, None, "--json", lang="en")
    assert done.returncode == 2
    assert done.stdout == ""
    assert message in done.stderr
    assert "Traceback" not in done.stderr


BAD_FINDINGS_ZH = [
    ("[{]", "findings.json:1: JSON 格式错误: 此处应为用双引号括起的字段名"),
    ('[{"status": "compliant"}]', "检查项 #1: 缺少 'item'（检查项编号，文本）"),
    ('[{"item": "FIRE-2017-D-6.1", "status": "compliant", "corrected_on_site": "no"}]',
     "检查项 FIRE-2017-D-6.1: 'corrected_on_site' 应为 true 或 false"),
    ('[{"item": "FIRE-2017-D-6.1", "stauts": "compliant"}]',
     "检查项 FIRE-2017-D-6.1: 未知字段 stauts；可用字段: checks, corrected_on_site"),
    ('[{"item": "FIRE-2017-D-6.1", "value": "3"}]', "检查项 FIRE-2017-D-6.1: 'value' 应为数字"),
    ('[{"item": "FIRE-2017-D-6.1"}]',
     "检查项 FIRE-2017-D-6.1: 请给出 'status'、'value' 或 'checks' 之一"),
]


@pytest.mark.parametrize(("body", "message"), BAD_FINDINGS_ZH)
def test_bad_findings_say_what_in_chinese_by_default(tmp_path: Path, body: str,
                                                     message: str) -> None:
    done = evaluate(tmp_path, body)
    assert done.returncode == 2
    assert message in done.stderr, done.stderr
    assert "Traceback" not in done.stderr


BAD_SITES = [
    ({"categories": ["crowded"]}, "pack gb35181-2017 has no site category 'crowded'"),
    ({"tags": ["underground"]}, "has no tag 'underground'"),
    ({"exclusions": ["FIRE-2017-5.1.3z"]}, "has no exception 'FIRE-2017-5.1.3z'"),
    ({"categories": ["other", "people_dense"]}, "'other' cannot be combined"),
    ({"categories": "people_dense"}, "'categories' must be a list of strings"),
    ({"category": ["people_dense"]}, "unknown key 'category'"),
    (["people_dense"], "the site must be a JSON object"),
]


@pytest.mark.parametrize(("site", "message"), BAD_SITES)
def test_bad_site_exit_2(tmp_path: Path, site: Any, message: str) -> None:
    done = evaluate(tmp_path, CROWDED, site, "--json", lang="en")
    assert done.returncode == 2
    assert message in done.stderr


def test_bad_invocations_exit_2(tmp_path: Path) -> None:
    missing = run("--lang", "en", "evaluate", "--pack", "gb35181-2017", "--findings",
                  str(tmp_path / "nope.json"))
    assert missing.returncode == 2
    assert "nope.json: cannot read" in missing.stderr
    unknown = run("--lang", "en", "evaluate", "--pack", "nope", "--findings",
                  write(tmp_path, "f.json", "[]"))
    assert unknown.returncode == 2
    assert "no installed pack 'nope'; installed: " in unknown.stderr
    assert "gb35181-2017" in unknown.stderr
    assert run("--lang", "xx", "packs", "list").returncode == 2
    bad_date = run("evaluate", "--pack", "gb35181-2017", "--findings",
                   str(tmp_path / "f.json"), "--date", "2025-13-01")
    assert bad_date.returncode == 2
    assert "--date 应为日期，如 2026-03-05，而不是 '2025-13-01'" in bad_date.stderr
    zh = run("evaluate", "--pack", "nope", "--findings", str(tmp_path / "f.json"))
    assert "没有已安装的判定标准 'nope'" in zh.stderr


def test_packs_list_and_show() -> None:
    listed = json.loads(run("packs", "list", "--json").stdout)
    fire = next(p for p in listed["packs"] if p["id"] == "gb35181-2017")
    assert (fire["items"], fire["rules"], fire["plugin"]) == (49, 5, "fire")
    assert fire["superseded_by"]["effective"] == "2025-11-01"
    shown = json.loads(run("packs", "show", "gb35181-2017", "--json").stdout)
    assert [c["id"] for c in shown["site_categories"]] == ["people_dense",
                                                            "flammable_explosive", "important"]
    assert len([i for s in shown["sections"] for i in s["items"]]) == 49
    text = run("--lang", "en", "packs", "show", "gb35181-2017").stdout
    assert "FIRE-2017-5.3.2d" in text
    lines = {line.split()[0]: line for line in text.splitlines() if line.strip()}
    assert lines["FIRE-2017-D-6.6"].endswith("(wording unverified)")  # partial
    assert not lines["FIRE-2017-D-6.7"].endswith("(wording unverified)")  # single source
    assert run("packs", "show", "nope").returncode == 2


def test_packs_check(tmp_path: Path) -> None:
    ok = run("--lang", "en", "packs", "check", str(ROOT / "plugins" / "fire"))
    assert ok.returncode == 0
    assert "gb35181_2017.yaml: read (49 items, 5 rules)" in ok.stdout
    assert "15 golden cases, 0 errors, 0 warnings" in ok.stdout
    bad = tmp_path / "bad.yaml"
    bad.write_text((ROOT / "plugins/fire/gb35181_2017.yaml").read_text(encoding="utf-8")
                   .replace("  - FIRE-2017-C-7.3.9\n", "  - FIRE-2017-C-7.3.99\n", 1),
                   encoding="utf-8")
    done = run("--lang", "en", "packs", "check", str(bad))
    assert done.returncode == 2
    (line,) = done.stderr.strip().splitlines()
    path, lineno, level, message = line.split(":", 3)
    assert level == " error"
    assert path == str(bad)
    assert bad.read_text(encoding="utf-8").splitlines()[int(lineno) - 1].strip() \
        == "- FIRE-2017-C-7.3.99"
    assert message == " rule FIRE-2017-5.3.2a: unknown item 'FIRE-2017-C-7.3.99'"
    # Chinese by default: the same file and line, the level and the problem in Chinese
    zh = run("packs", "check", str(bad))
    assert zh.returncode == 2
    (line,) = zh.stderr.strip().splitlines()
    assert line == (f"{bad}:{lineno}: 错误: 判定规则 FIRE-2017-5.3.2a: 引用的检查项 "
                    "'FIRE-2017-C-7.3.99' 不存在；请检查拼写，或先定义它")
    assert "1 个错误，0 个警告" in zh.stdout
    assert run("packs", "check", str(tmp_path / "empty_dir_does_not_exist")).returncode == 2


def test_evaluate_chooses_its_mode_or_says_why_not(tmp_path: Path) -> None:
    findings = write(tmp_path, "f.json", "[]")
    assert "give --pack PACK" in run("--lang", "en", "evaluate", "--findings", findings).stderr
    zh = run("evaluate", "--findings", findings)
    assert zh.returncode == 2 and "请给出 --pack 判定标准" in zh.stderr
    two = run("--lang", "en", "evaluate", "--pack", "coal-2020", "--pack", "chem-2017",
              "--under", "coal-2026", "--findings", findings)
    assert two.returncode == 2 and "--under re-evaluates the findings of one --pack" in two.stderr
    gone = run("evaluate", "--pack-file", str(tmp_path / "nope.yaml"), "--findings", findings)
    assert gone.returncode == 2 and "nope.yaml：没有这个文件或文件夹" in gone.stderr
    under = json.loads(run("evaluate", "--pack", "coal-2020", "--under", "coal-2026",
                           "--findings", findings, "--json").stdout)
    assert (under["from"]["pack"], under["to"]["pack"]) == ("coal-2020", "coal-2026")
    several = json.loads(run("evaluate", "--pack", "gb35181-2017", "--pack", "chem-2017",
                             "--findings", findings, "--json").stdout)
    assert [d["pack"] for d in several["determinations"]] == ["gb35181-2017", "chem-2017"]


def test_evaluate_service_returns_typed_results(tmp_path: Path) -> None:
    from core.engine.evaluation import Evaluation
    from core.i18n import AnjianError
    from core.services.evaluation import evaluate_request
    from core.services.versions import Reevaluation

    findings = Path(write(tmp_path, "f.json", CROWDED))
    plain = evaluate_request(findings=findings, packs=["gb35181-2017"])
    assert isinstance(plain.result, Evaluation)
    assert plain.pack(plain.result.determinations[0]).id == "gb35181-2017"
    draft = evaluate_request(findings=findings,
                             pack_file=ROOT / "plugins" / "fire" / "gb35181_2017.yaml")
    assert isinstance(draft.result, Evaluation)
    assert draft.as_json()["pack"] == "gb35181-2017"
    again = evaluate_request(findings=Path(write(tmp_path, "e.json", "[]")),
                             packs=["coal-2020"], under="coal-2026")
    assert isinstance(again.result, Reevaluation)
    with pytest.raises(AnjianError) as refused:
        evaluate_request(findings=findings)
    assert refused.value.key == "evaluate.no_pack"
