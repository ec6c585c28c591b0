"""The catalogue: every message in both languages with the same placeholders, no key defined
twice, and the messages core reports (not raises) rendered in the reader's language."""

from __future__ import annotations

import ast
import datetime as dt
import errno
import importlib
import re
import string
from pathlib import Path

import pytest

from core.i18n import (
    CATALOGUE,
    AnjianError,
    Listed,
    Msg,
    OneOf,
    os_reason,
    t,
)
from core.process import credit_code
from core.process.workflow import HazardStatus, hazard_refusals
from core.store import evidence_files

from .conftest import ROOT

MODULES = sorted(p.stem for p in (Path(__file__).parents[1] / "core" / "i18n").glob("*.py")
                 if p.stem != "__init__")


def fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


def specs(template: str) -> set[str]:
    return {spec for _, name, spec, _ in string.Formatter().parse(template) if spec}


@pytest.mark.parametrize("key", sorted(CATALOGUE))
def test_both_languages_have_the_same_placeholders(key: str) -> None:
    zh, en = CATALOGUE[key]
    assert zh.strip() and en.strip()
    assert fields(zh) == fields(en), key
    # and each renders with them (no stray brace, no spec the formatter refuses)
    dummy = dict.fromkeys(fields(en), "x")
    assert t(key, "zh", **dummy) and t(key, "en", **dummy)


def test_names_looked_up_by_a_placeholder_exist() -> None:
    prefixes = {spec[1:] for zh, en in CATALOGUE.values() for spec in specs(zh) | specs(en)
                if spec.startswith("@")}
    assert {"ui.stage", "ui.kind", "kind"} <= prefixes
    for prefix in prefixes:
        assert any(k.startswith(prefix + ".") for k in CATALOGUE), prefix


def test_no_key_is_defined_twice() -> None:
    seen: dict[str, str] = {}
    for name in MODULES:
        source = (Path(__file__).parents[1] / "core" / "i18n" / f"{name}.py").read_text("utf-8")
        (messages,) = [n.value for n in ast.walk(ast.parse(source))
                       if isinstance(n, ast.AnnAssign) and isinstance(n.target, ast.Name)
                       and n.target.id == "MESSAGES"]
        assert isinstance(messages, ast.Dict)
        for key in messages.keys:
            assert isinstance(key, ast.Constant)
            assert key.value not in seen, f"{key.value} in {name} and {seen.get(key.value)}"
            seen[key.value] = name
    assert set(seen) == set(CATALOGUE)


def test_every_module_is_in_the_catalogue() -> None:
    for name in MODULES:
        module = importlib.import_module(f"core.i18n.{name}")
        assert module.MESSAGES.items() <= CATALOGUE.items(), name


# --- messages as values -------------------------------------------------------------------


def test_a_message_renders_in_either_language_and_str_is_english() -> None:
    msg = Msg("db.not_found", kind=Msg("kind.campaign"), key=7)
    assert msg.render("zh") == "没有检查行动 7"
    assert msg.render("en") == str(msg) == "no campaign 7"
    assert msg == Msg("db.not_found", kind=Msg("kind.campaign"), key=7)
    assert msg != Msg("db.not_found", kind=Msg("kind.campaign"), key=8)
    assert len({msg, Msg("db.not_found", kind=Msg("kind.campaign"), key=7)}) == 1
    err = AnjianError("db.not_found", kind="campaign", key=7)
    assert err.as_msg().render("zh") == err.render("zh")


def test_lists_and_alternatives_join_as_each_language_does() -> None:
    assert Listed(["a", Msg("kind.item")]).render("zh") == "a、检查项"
    assert Listed(["a", Msg("kind.item")]).render("en") == "a, item"
    choices = OneOf(["'a'", "'b'", "'c'"])
    assert choices.render("en") == "'a', 'b' or 'c'"
    assert choices.render("zh") == "'a'、'b' 或 'c'"
    assert OneOf(["'a'"]).render("zh") == "'a'"


@pytest.mark.parametrize(("key", "params", "zh", "en"), [
    ("db.not_found", {"kind": "campaign", "key": 999}, "没有检查行动 999", "no campaign 999"),
    ("db.not_found", {"kind": "enterprise", "key": "X"}, "没有单位 X", "no enterprise X"),
    ("db.not_found", {"kind": "inspection", "key": 3}, "没有检查 3", "no inspection 3"),
    # a kind the catalogue does not name, and one given as a message, read as they are
    ("db.not_found", {"kind": "widget", "key": 3}, "没有widget 3", "no widget 3"),
    ("db.not_found", {"kind": Msg("kind.hazard"), "key": 3}, "没有隐患 3", "no hazard 3"),
    ("db.stale_view", {"kind": "finding", "key": "1/X", "seen": 1, "current": 2},
     "保存失败：检查结果 1/X 已被他人修改", "not saved: finding 1/X was changed"),
    ("campaign.refused", {"id": 4, "stage": "team_formation", "reasons": "r"},
     "检查行动 4 不能从“组建团队”进入下一阶段: r", "campaign 4 cannot leave stage team_formation"),
    ("training.stage", {"stage": "closed"}, "检查行动处于“已结束”阶段",
     "the campaign is at stage closed"),
    ("team.formed", {"id": 4, "stage": "onsite"}, "检查行动 4 已处于“现场检查”阶段",
     "campaign 4 is at stage onsite"),
    ("inspection.wrong_stage", {"kind": "self", "stage": "onsite", "allowed": "onsite"},
     "检查行动处于“现场检查”阶段，不能开始自查检查（此阶段可开始: 现场）",
     "a self inspection cannot start now (allowed: onsite)"),
])
def test_ids_inside_a_sentence_read_as_names(key: str, params: dict[str, object], zh: str,
                                             en: str) -> None:
    assert zh in t(key, "zh", **params)
    assert en in t(key, "en", **params)


def test_operating_system_reasons() -> None:
    missing = os_reason(FileNotFoundError(errno.ENOENT, "No such file or directory"))
    assert isinstance(missing, Msg)
    assert missing.render("zh") == "文件或文件夹不存在"
    assert str(missing) == "No such file or directory"
    assert str(os_reason(PermissionError(errno.EACCES, "Permission denied"))) == \
        "Permission denied"
    # an errno a user rarely meets keeps the system's words
    assert os_reason(OSError(errno.EPIPE, "Broken pipe")) == "Broken pipe"


@pytest.mark.parametrize(("code", "zh", "en"), [
    ("91370100", "共有 8 个字符，而统一社会信用代码应为 18 个字符",
     "has 8 characters; a unified social credit code has 18"),
    ("91370100MA3CIOSVZ1",
     "含有 'I', 'O', 'S', 'V', 'Z'；只能使用数字和除 I、O、S、V、Z 以外的大写字母",
     "contains 'I', 'O', 'S', 'V', 'Z'; only digits"),
    ("9137AB00MA3C000000", "第 3–8 位应为六位数字的行政区划代码",
     "characters 3–8 must be the six-digit administrative division code"),
])
def test_credit_code_problems_in_both_languages(code: str, zh: str, en: str) -> None:
    with pytest.raises(AnjianError) as info:
        credit_code.validate(code)
    assert info.value.key == "uscc.invalid"
    assert zh in info.value.render("zh") and en in info.value.render("en")


def test_credit_code_check_character_in_chinese() -> None:
    first17 = "91370100MA3C00000"
    good = first17 + credit_code.check_character(first17)
    wrong = first17 + ("0" if good[-1] != "0" else "1")
    assert credit_code.why(good) is None
    msg = credit_code.why(wrong)
    assert msg is not None
    assert msg.render("zh") == f"校验码是 '{wrong[-1]}'，应为 '{good[-1]}'（是否输错？）"


def test_a_major_hazard_plan_names_its_missing_parts_in_each_language() -> None:
    (refusal,) = hazard_refusals("plan", HazardStatus.open, "major", deadline=dt.date(2026, 1, 1),
                                 responsible="王", plan={"plan_goal": "消除"})
    assert t(refusal.key, "zh", **refusal.params) == (
        "重大事故隐患的治理方案缺少: 采取的方法和措施、经费和物资的落实、负责治理的机构和人员、"
        "治理的时限和要求、安全措施和应急预案")
    assert t(refusal.key, "en", **refusal.params) == (
        "the major hazard's treatment plan lacks: methods and measures, funding and materials, "
        "organisation and people responsible, time limits and requirements, safety measures "
        "and emergency plan")


def test_sizes_of_files_in_each_language() -> None:
    assert evidence_files.human(2000).render("zh") == "2.0 KB（2,000 字节）"
    assert str(evidence_files.human(2000)) == "2.0 KB (2,000 bytes)"
    assert evidence_files.human(12).render("zh") == "12 字节"


# --- the catalogue is the one place for what a person reads --------------------------------

SOURCE_ROOTS = ("core", "tui", "plugins")
CJK = re.compile(r"[\u4e00-\u9fff]")
#: Modules whose Chinese literals are data or input vocabulary, not text shown to a person.
CHINESE_DATA = {
    "core/services/demo.py": "the demo's enterprises, people and places",
    "core/services/trial.py": "the names of a throwaway trial's records",
    "core/services/scaffold.py": "the files of a new plugin package (its starter pack)",
    "core/excel/roster.py": "the column names a bureau's roster may use",
    "core/excel/checklist.py": "the words a checklist cell may say yes with",
    "core/plugins/contract.py": "a word a pack's text is searched for",
    "core/pack/model.py": "the limit words of Chinese legal texts (民法典 第1259条)",
    "core/engine/permits.py": "the words a work permit names its operations, grades, gases, "
                              "units and signatures with",
    "core/documents/compose.py": "dates, times and lists as Chinese documents write them",
    "core/documents/docx.py": "the national forms' layout words (共 N 页 第 M 页, 证号), the "
                              "Chinese fonts they name, the 年月日 of dates kept on one line",
    "core/process/documents.py": "the 代字, titles and editions of the national document forms",
    "core/views/documents.py": "the 代字 of the national document forms (a document's kind)",
    "tui/wrapped.py": "the numerals a numbered part of a checklist's text starts with",
}


def _sources() -> list[Path]:
    return [p for base in SOURCE_ROOTS for p in sorted((ROOT / base).rglob("*.py"))
            if "i18n" not in p.parts and "migrations" not in p.parts]


def _docstrings(tree: ast.AST) -> set[int]:
    """Docstrings, and the strings under a field that document it (as the pack model's do)."""
    return {id(node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)}


def test_no_chinese_text_outside_the_catalogue() -> None:
    """Chinese a person reads comes from the catalogue, with its English beside it; a Chinese
    literal in code is data, input vocabulary or a comment, and the module says which."""
    found = {}
    for path in _sources():
        rel = path.relative_to(ROOT).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docs = _docstrings(tree)
        texts = [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant)
                 and isinstance(n.value, str) and id(n) not in docs and CJK.search(n.value)]
        if texts and rel not in CHINESE_DATA:
            found[rel] = texts[:3]
    assert found == {}
    assert all((ROOT / rel).is_file() for rel in CHINESE_DATA)  # no stale exception


def test_every_catalogue_entry_is_used() -> None:
    """No dead keys: each key is named in the code, or built there from a prefix (an
    f-string such as ``f"ui.stage.{stage}"``, ``name("sector", …)``, a ``{value:@prefix}``
    placeholder); the command line's help keys are checked by its own test."""
    literals: set[str] = set()
    prefixes: set[str] = {"cli."}  # built from each command's path (tests/test_cli_language)
    key_like = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*[._]$")
    migrations = sorted((ROOT / "core" / "store" / "migrations").rglob("*.py"))
    for path in [*_sources(), ROOT / "core" / "i18n" / "__init__.py", *migrations]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                literals.add(node.value)
            elif isinstance(node, ast.JoinedStr) and node.values \
                    and isinstance(node.values[0], ast.Constant):
                head = str(node.values[0].value)
                if key_like.match(head):
                    prefixes.add(head)
            elif isinstance(node, ast.BinOp) and isinstance(node.left, ast.Constant) \
                    and key_like.match(str(node.left.value)):
                prefixes.add(str(node.left.value))
            elif isinstance(node, ast.Call) and node.args \
                    and getattr(node.func, "id", getattr(node.func, "attr", "")) == "name" \
                    and isinstance(node.args[0], ast.Constant):
                prefixes.add(f"{node.args[0].value}.")
    for zh, en in CATALOGUE.values():
        prefixes |= {f"{m}." for m in re.findall(r":@([\w.]+)\}", zh + en)}
    dead = sorted(k for k in CATALOGUE
                  if k not in literals and not any(k.startswith(p) for p in prefixes))
    assert dead == []
