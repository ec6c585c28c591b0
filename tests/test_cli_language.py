"""The command line speaks Chinese first: every help page, every parser error and every
command's output under the default language has no untranslated English; ``--lang en`` has no
Chinese; the catalogue's command-line entries are all used and agree in both languages; and
``--json`` keeps its keys.

Commands run in this process through ``tui.cli.main`` on a real SQLite database, in the order
a team works: enterprises, a campaign through its steps, inspections, hazards, users,
evidence, exports, the audit check, statistics, packs, plugins and evaluate.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import string
from collections.abc import Iterator
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook

from core.i18n.cli import MESSAGES
from core.plugins.catalogue import Catalogue
from core.services.demo import make_uscc
from tests.language import english_words

from .conftest import ROOT

CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


@dataclass
class Ran:
    args: tuple[str, ...]
    code: int
    out: str
    err: str

    @property
    def text(self) -> str:
        return self.out + self.err


def anjian(*args: str) -> Ran:
    """``anjian ARGS`` in this process: what it printed and its exit status."""
    from tui.cli import main

    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            main(list(args))
            code = 0
        except SystemExit as exc:
            code = int(exc.code or 0) if not isinstance(exc.code, str) else 1
    return Ran(args, code, out.getvalue(), err.getvalue())


def command_paths() -> list[tuple[str, ...]]:
    """Every group and command of the tree, as the words typed to reach it."""
    from tui.cli.app import build

    def walk(command: Any, path: tuple[str, ...]) -> Iterator[tuple[str, ...]]:
        yield path
        for name, sub in getattr(command, "commands", {}).items():
            yield from walk(sub, (*path, name))

    return list(walk(build("zh"), ()))


@pytest.fixture(scope="module")
def typed(catalogue: Catalogue) -> set[str]:
    """Words a person types and so reads as they are: command names, plugin and hook names,
    distributions."""
    words = {w for path in command_paths() for w in path}
    for p in catalogue.plugins:
        words |= {p.name, p.distribution, *p.hooks}
    return words


@pytest.fixture(autouse=True)
def _chinese(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ANJIAN_LANG", raising=False)


# --- help ------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", command_paths(), ids=lambda p: " ".join(p) or "anjian")
def test_help_is_chinese_by_default_and_english_on_request(path: tuple[str, ...],
                                                           typed: set[str]) -> None:
    zh = anjian(*path, "--help")
    assert zh.code == 0, zh.text
    assert zh.out.startswith("用法：anjian"), zh.out
    for heading in ("选项：",) + (("命令：",) if path in {(), *GROUPS} else ()):
        assert heading in zh.out, zh.out
    assert english_words(zh.out, typed) == [], zh.out
    en = anjian("--lang", "en", *path, "--help")
    assert en.code == 0, en.text
    assert en.out.startswith("Usage: anjian"), en.out
    assert "Options:" in en.out
    assert CJK.findall(en.out) == [], en.out


GROUPS = {("packs",), ("plugins",), ("enterprises",), ("campaign",), ("inspect",),
          ("hazards",), ("hazard",), ("evidence",), ("users",), ("export",), ("import",),
          ("db",), ("audit",)}


def test_metavars_and_arguments_are_named_in_chinese() -> None:
    shown = anjian("inspect", "answer", "--help").out
    assert "用法：anjian inspect answer [选项] {检查编号} {检查项} {结论}" in shown
    assert "参数：" in shown and "--evidence 文件" in shown
    assert "INSPECTION" not in shown and "TEXT" not in shown
    english = anjian("--lang", "en", "inspect", "answer", "--help").out
    assert "{INSPECTION} {ITEM} {STATUS}" in english and "--note TEXT" in english


def test_env_chooses_english_too(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANJIAN_LANG", "en")
    assert anjian("campaign", "--help").out.startswith("Usage: anjian campaign")
    assert anjian("--lang", "zh", "campaign", "--help").out.startswith("用法：")


# --- the parser's errors ---------------------------------------------------------------------

PARSER_ERRORS = [
    (("inspect", "start", "--enterprise", "x"), "缺少必填选项 --campaign"),
    (("inspect", "answer"), "缺少参数 检查编号"),
    (("bogus",), "没有命令 'bogus'"),
    (("campaign", "bogus"), "没有命令 'bogus'"),
    (("campaign", "show", "1", "--bogus"), "没有选项 --bogus"),
    (("campaign", "show", "abc"), "行动编号 的值 'abc' 无效：应为整数"),
    (("inspect", "start", "--campaign", "x", "--enterprise", "y"),
     "--campaign 的值 'x' 无效：应为整数"),
    (("inspect", "skip", "1", "A", "--reason"), "选项 --reason 后面需要给出一个值"),
    (("stats", "extra"), "多余的参数：extra"),
    (("--lang", "xx", "stats"), "--lang 应为 `zh`（中文）或 `en`（英文），而不是 'xx'"),
    (("hazard", "plan", "1", "--deadline", "2026-13-01", "--responsible", "王"),
     "--deadline 应为日期，如 2026-03-05，而不是 '2026-13-01'"),
]


@pytest.mark.parametrize(("args", "message"), PARSER_ERRORS, ids=lambda a: " ".join(a)
                         if isinstance(a, tuple) else "")
def test_parser_errors_are_chinese(args: tuple[str, ...], message: str, typed: set[str],
                                   tmp_path: Path) -> None:
    done = anjian("--db", f"sqlite:///{tmp_path / 'x.db'}", *args)
    assert done.code == 2, done.text
    assert message in done.err, done.err
    assert done.out == ""
    assert "Traceback" not in done.err and "Error" not in done.err
    # what the user typed is quoted back as typed
    assert english_words(done.err, typed | set(args)) == [], done.err


def test_parser_errors_show_usage_and_where_help_is() -> None:
    done = anjian("inspect", "answer", "1")
    assert done.err.splitlines()[:2] == [
        "用法：anjian inspect answer [选项] {检查编号} {检查项} {结论}",
        "请运行 `anjian inspect answer --help` 查看帮助。"]
    assert done.err.rstrip().endswith("错误：缺少参数 检查项")
    english = anjian("--lang", "en", "inspect", "answer", "1")
    assert english.code == 2
    assert "Error: Missing argument ITEM." in english.err


def test_a_group_without_a_command_shows_its_help() -> None:
    done = anjian("campaign")
    assert done.code == 0 and done.out.startswith("用法：anjian campaign"), done.text


# --- the catalogue ---------------------------------------------------------------------------

SOURCES = [*sorted((ROOT / "tui" / "cli").glob("*.py")),
           ROOT / "core" / "services" / "evaluation.py",
           # the readable text the command line shares with the terminal UI
           ROOT / "tui" / "text.py"]


def test_every_command_line_entry_is_used() -> None:
    from tui.cli.app import build
    from tui.cli.localise import help_keys

    code = "\n".join(p.read_text(encoding="utf-8") for p in SOURCES)
    used = set(help_keys(build("zh")))
    used |= set(re.findall(r"""["']((?:cli|evaluate)\.[\w.]+)["']""", code))
    prefixes = set(re.findall(r"""name\(["']([\w.]+)["']""", code))
    prefixes |= set(re.findall(r"""f["']((?:cli|evaluate)\.[\w.]*?)\.?\{""", code))
    dead = [k for k in MESSAGES if k not in used
            and not any(k.startswith(p + ".") for p in prefixes)]
    assert dead == []


def test_both_languages_take_the_same_parameters() -> None:
    def fields(text: str) -> set[str]:
        return {f for _, f, _, _ in string.Formatter().parse(text) if f}

    differ = {k: (fields(zh), fields(en)) for k, (zh, en) in MESSAGES.items()
              if fields(zh) != fields(en)}
    assert differ == {}


def test_chinese_entries_have_no_english_and_english_ones_no_chinese() -> None:
    for key, (zh, en) in MESSAGES.items():
        assert english_words(re.sub(r"\{\w+\}", "", zh)) == [], key
        assert CJK.findall(en) == [], key


# --- every command's output, on a small database ---------------------------------------------


@dataclass
class World:
    """A database walked through by the command line, and what each command printed."""

    folder: Path
    db: str
    runs: list[Ran] = field(default_factory=list)
    json: dict[str, Any] = field(default_factory=dict)

    def __call__(self, *args: str, user: str = "组长甲", code: int = 0) -> str:
        done = anjian("--db", self.db, "--user", user, *args)
        assert done.code == code, (args, done.text)
        self.runs.append(done)
        return done.out

    def data(self, name: str, *args: str, user: str = "组长甲") -> Any:
        done = anjian("--db", self.db, "--user", user, *args, "--json")
        assert done.code in (0, 1), (args, done.text)
        self.json[name] = value = json.loads(done.out)
        return value


def _workbook(path: Path, rows: list[list[str]]) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "名册"
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    import random

    folder = tmp_path_factory.mktemp("walk")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ANJIAN_HOME", str(folder / "home"))
        for var in ("ANJIAN_LANG", "ANJIAN_DATABASE_URL", "ANJIAN_USER"):
            mp.delenv(var, raising=False)
        w = World(folder, f"sqlite:///{folder / 'walk.db'}")
        rng = random.Random(11)
        target, other, mine, late = (make_uscc(rng, "370102") for _ in range(4))
        w("db", "upgrade")
        w("enterprises", "add", "--uscc", target, "--name", "济南鲁华化工有限公司", "--sector",
          "chemicals", "--district", "历下区", "--address", "工业南路 1 号", "--contact", "王工")
        w("enterprises", "add", "--uscc", other, "--name", "济南泉城化工有限公司", "--sector",
          "chemicals", "--district", "历城区")
        w("enterprises", "add", "--uscc", mine, "--name", "济南章丘煤矿", "--sector", "coal",
          "--district", "章丘区")
        w("import", "enterprises", str(_workbook(folder / "名册.xlsx", [
            ["统一社会信用代码", "单位名称", "行业", "区县"],
            [late, "济南历城商贸有限公司", "retail", "历城区"],
            [make_uscc(rng, "370102"), "", "retail", "历城区"]])), "--skip-bad")
        w("users", "add", "检查员乙", "--role", "inspector")
        w("users", "add", "检查员丙", "--role", "inspector")
        w("users", "add", "分析员", "--role", "analyst")
        w("users", "add", "企业安全员", "--role", "enterprise", "--enterprise", other)
        w("users", "grant", "分析员", "--admin")
        cid = w("campaign", "new", "--sector", "chemicals", "--pack", "chem-2017", "--target",
                target, "--lead", "组长甲", "--member", "检查员乙").strip()
        w("campaign", "advance", cid, code=2)
        w("campaign", "team", cid, "--member", "检查员丙")
        w("campaign", "show", cid)
        w("campaign", "advance", cid)
        iid = w("inspect", "start", "--campaign", cid, "--enterprise", target).strip()
        photo = folder / "现场照片1.jpg"
        photo.write_bytes(b"\xff\xd8 photo")
        for n in range(1, 20):
            w("inspect", "answer", iid, f"CHEM-2017-{n:02d}",
              "noncompliant" if n in (1, 12) else "compliant",
              *(["--evidence", str(photo), "--note", "未设置报警"] if n == 12 else []))
        w("inspect", "skip", iid, "CHEM-2017-20", "--reason", "现场无法进入罐区")
        w("inspect", "show", iid)
        w("campaign", "show", cid)
        w("campaign", "advance", cid)
        w("campaign", "training", cid, "--date", dt.date.today().isoformat(), "--attendee", target,
          "--attendee", other, "--note", "培训")
        w("campaign", "advance", cid)
        w("campaign", "list")
        w("enterprises", "list")
        w("enterprises", "show", target)
        w("enterprises", "erase-contact", target, code=2)  # no reason
        w("enterprises", "erase-contact", target, "--reason", "本人要求删除")
        w("hazards")
        w("hazards", "list", "--campaign", cid)
        hazards = w.data("hazards", "hazards")
        major = next(h["id"] for h in hazards if h["level"] == "major")
        w("hazard", "plan", str(major), "--deadline", "2099-01-01", "--responsible", "王",
          "--goal", "目标", "--method", "方法", "--funding", "经费", "--organisation", "机构",
          "--timeline", "时限", "--safety", "应急预案")
        w("hazard", "submit", str(major), "--evidence", "已整改", "--file", str(photo))
        w("hazard", "verify", str(major), "--reject", "--note", "不彻底")
        w("hazard", "submit", str(major), "--evidence", "再次整改")
        w("hazard", "verify", str(major), "--accept", "--note", "合格")
        w("hazard", "verify", str(major), code=2)
        w("evidence", "list", iid)
        w("evidence", "verify")
        w("export", "inspection", iid, "--out", str(folder / "报告.xlsx"))
        w("export", "ledger", "--out", str(folder / "台账.xlsx"), "--campaign", cid)
        w("export", "pack", "chem-2017", "--out", str(folder / "chem.xlsx"))
        w("import", "pack", str(folder / "chem.xlsx"), "--out", str(folder / "packs"))
        # a coal mine, to re-evaluate under the newer version of its standard
        coal = w.data("coal", "packs", "show", "coal-2020")
        item = coal["sections"][0]["items"][0]["id"]
        mid = w("campaign", "new", "--sector", "coal", "--pack", "coal-2020", "--target", mine,
                "--lead", "组长甲", "--member", "检查员乙", "--member", "检查员丙").strip()
        w("campaign", "advance", mid)
        w("inspect", "start", "--campaign", mid, "--enterprise", mine, code=2)  # which mine?
        # the 2020 list was replaced on 2026-07-01: refused, then confirmed
        w("inspect", "start", "--campaign", mid, "--enterprise", mine, "--tag", "underground",
          code=2)
        coal_inspection = w("inspect", "start", "--campaign", mid, "--enterprise", mine,
                            "--tag", "underground", "--withdrawn-ok").strip()
        w("inspect", "start", "--campaign", mid, "--enterprise", mine, "--tag", "underground",
          "--withdrawn-ok", code=2)  # a second one needs --again
        w("inspect", "answer", coal_inspection, item, "noncompliant")
        w("inspect", "reevaluate", coal_inspection, "--under", "coal-2026")
        w("users", "list")
        w("stats")
        w("audit", "verify")
        w("packs", "list")
        w("packs", "status")
        w("packs", "status", "--on", "2025-10-31")
        w("packs", "show", "gb35181-2017")
        w("packs", "check", "fire")
        w("plugins", "list")
        w("plugins", "new", "demo_sector", "--dir", str(folder))
        findings = folder / "findings.json"
        findings.write_text(json.dumps([{"item": f"FIRE-2017-C-{c}", "status": "noncompliant"}
                                        for c in ("7.3.1", "7.3.2", "7.5")]), encoding="utf-8")
        site = folder / "site.json"
        site.write_text('{"categories": ["people_dense"]}', encoding="utf-8")
        w("evaluate", "--pack", "gb35181-2017", "--findings", str(findings), "--site", str(site),
          "--date", "2025-12-01")
        w("evaluate", "--pack", "gb35181-2017", "--pack", "chem-2017", "--findings",
          str(findings))
        empty = folder / "empty.json"
        empty.write_text("[]", encoding="utf-8")
        w("evaluate", "--pack", "coal-2020", "--under", "coal-2026", "--findings", str(empty))
        w("evaluate", "--pack-file", str(ROOT / "plugins" / "fire" / "gb35181_2017.yaml"),
          "--findings", str(findings))
        w("evaluate", "--findings", str(findings), code=2)
        demo = anjian("--db", f"sqlite:///{folder / 'demo.db'}", "demo", "--no-tui")
        assert demo.code == 0, demo.text
        w.runs.append(demo)
        # --json, for the shapes scripts read
        w.data("enterprises_list", "enterprises", "list")
        w.data("enterprise", "enterprises", "show", target)
        w.data("campaign", "campaign", "show", cid)
        w.data("campaigns", "campaign", "list")
        w.data("inspection", "inspect", "show", iid)
        w.data("withdrawn", "inspect", "show", coal_inspection)
        w.data("status", "packs", "status")
        w.data("reevaluation", "inspect", "reevaluate", coal_inspection, "--under", "coal-2026")
        w.data("hazards_list", "hazards", "list")
        w.data("stats", "stats")
        w.data("users", "users", "list")
        w.data("evidence", "evidence", "list", iid)
        w.data("evidence_verify", "evidence", "verify")
        w.data("audit", "audit", "verify")
        w.data("packs", "packs", "list")
        w.data("plugins", "plugins", "list")
        w.data("evaluate", "evaluate", "--pack", "gb35181-2017", "--findings", str(findings))
        w.data("evaluate_several", "evaluate", "--pack", "gb35181-2017", "--pack", "chem-2017",
               "--findings", str(findings))
        w.data("evaluate_under", "evaluate", "--pack", "coal-2020", "--under", "coal-2026",
               "--findings", str(empty))
        yield w


def test_every_command_prints_chinese(world: World, typed: set[str]) -> None:
    said = {" ".join(r.args): english_words(r.text, typed) for r in world.runs}
    assert {command: words for command, words in said.items() if words} == {}
    assert len(world.runs) > 60


def test_names_not_ids(world: World) -> None:
    printed = "\n".join(r.text for r in world.runs)
    for name in ("危险化学品", "现场检查", "反馈培训", "重大", "待整改", "已销号", "绿码", "组长",
                 "检查人员", "重大事故隐患", "审计日志完好", "单位 4 家"):
        assert name in printed, name
    for ident in ("team_formation", "self_rectification", "rectifying", "not_major"):
        assert ident not in printed, ident


def test_hazards_list_is_hazards(world: World) -> None:
    for args in ((), ("--campaign", "1"), ("--overdue",), ("--json",)):
        plain = anjian("--db", world.db, "--user", "组长甲", "hazards", *args)
        listed = anjian("--db", world.db, "--user", "组长甲", "hazards", "list", *args)
        assert plain.code == listed.code == 0
        assert plain.out == listed.out and plain.out


#: The keys of ``--json`` output as scripts have read them.
ENTERPRISE = {"uscc", "name", "district", "sector", "address", "contact", "created_at",
              "version"}
INSPECTION = {"id", "campaign_id", "enterprise_uscc", "kind", "started_at", "started_by",
              "inspected_on", "categories", "tags", "exclusions", "version"}
CAMPAIGN = {"id", "sector", "stage", "target_uscc", "created_at", "created_by",
            "onsite_done_on", "training_due", "reports_due", "closed_at", "version"}
HAZARD = {"id", "inspection_id", "campaign_id", "enterprise_uscc", "pack_id", "item_id",
          "clause", "rule_id", "level", "status", "found_on", "deadline", "responsible",
          "listed_supervision", "plan_goal", "plan_method", "plan_funding",
          "plan_organisation", "plan_timeline", "plan_safety", "verified_by", "verified_on",
          "note", "version", "corrected_on_site", "recurrence_of"}
DETERMINATION = {"pack", "pack_version", "verdict", "triggers", "excluded_by",
                 "general_hazards", "corrected_on_site", "unanswered", "not_applicable",
                 "warnings", "standing", "absent_parts", "general_parts",
                 "constituted", "waived", "local_items"}


def test_json_keeps_its_keys(world: World) -> None:
    j = world.json
    assert set(j["enterprises_list"][0]) == ENTERPRISE | {"colour", "open_hazards",
                                                          "open_major"}
    assert set(j["enterprise"]) == ENTERPRISE | {"colour", "inspections", "hazards"}
    assert set(j["enterprise"]["inspections"][0]) == INSPECTION
    assert set(j["campaign"]) == CAMPAIGN | {"packs", "team", "trainings", "inspections",
                                             "exemptions", "next_stage", "blocked_by",
                                             "late"}
    assert set(j["campaign"]["inspections"][0]) == {"id", "enterprise", "kind", "verdict"}
    assert set(j["campaigns"][0]) == CAMPAIGN | {"late"}
    assert set(j["inspection"]) == INSPECTION | {"packs", "findings", "verdict",
                                                 "determinations", "hazards", "amendments",
                                                 "recurrences"}
    assert set(j["inspection"]["determinations"][0]) == DETERMINATION
    # under a withdrawn standard: what replaced it, from when, whether it is installed
    (withdrawn,) = j["withdrawn"]["determinations"]
    assert set(withdrawn) == DETERMINATION | {"successor"}
    assert set(withdrawn["successor"]) == {"standard", "title_zh", "effective", "installed",
                                           "packs"}
    assert set(j["status"]) == {"on", "packs"}
    assert set(j["status"]["packs"][0]) == {"pack", "version", "standard", "title_zh",
                                            "title_en", "effective", "on", "standing",
                                            "successor"}
    assert set(j["inspection"]["hazards"][0]) == HAZARD
    assert set(j["hazards_list"][0]) == HAZARD | {"overdue", "days_left"}
    assert set(j["reevaluation"]) == {"from", "to", "changed", "verdict", "fired",
                                      "newly_major", "no_longer_major", "awaiting_review",
                                      "carried", "not_carried", "new_items", "to_review",
                                      "measured", "site_dropped", "before", "after"}
    assert set(j["stats"]) == {"today", "enterprises", "colours", "major_per_1000", "overall",
                               "self_per_1000", "self_overall", "hazards", "overdue",
                               "recurred_after_closing", "found_again_open", "risk"}
    assert set(j["users"][0]) == {"name", "role", "enterprise", "admin", "created_by",
                                  "disabled", "disabled_by", "disabled_reason"}
    assert set(j["evidence"]) == {"inspection", "files"}
    assert set(j["evidence"]["files"][0]) == {"object_type", "object_id", "item", "hazard",
                                              "name", "size", "sha256", "added_by",
                                              "added_at"}
    assert set(j["evidence_verify"]) == {"store", "checked", "changed", "missing", "intact",
                                         "damaged", "open_to_others"}
    assert set(j["audit"]) == {"chain", "determinations", "state"}
    assert set(j["audit"]["chain"]) == {"entries", "intact", "broken_at", "reason"}
    assert set(j["packs"]) == {"packs", "errors"}
    assert set(j["packs"]["packs"][0]) == {"id", "version", "standard", "title_zh",
                                           "title_en", "sector", "plugin", "items", "rules",
                                           "effective", "superseded_by", "hash",
                                           "kind", "extends"}
    assert set(j["plugins"]) == {"plugins", "skipped", "allowlist"}
    assert set(j["plugins"]["plugins"][0]) == {"name", "module", "distribution", "version",
                                               "builtin", "sha256", "hooks", "packs",
                                               "errors", "loaded"}
    assert set(j["evaluate"]) == DETERMINATION | {"successor"}  # GB 35181-2017 today
    assert set(j["evaluate_several"]) == {"verdict", "determinations"}
    assert set(j["evaluate_under"]) == set(j["reevaluation"])


def test_english_output_has_no_chinese_of_its_own(world: World) -> None:
    """Under ``--lang en`` the command line's own words are English (names people typed,
    enterprise names and the official Chinese texts of standards stay as they are)."""
    for args in (("campaign", "show", "1"), ("campaign", "list"), ("stats",),
                 ("hazards",), ("users", "list"), ("audit", "verify"), ("db", "upgrade")):
        done = anjian("--lang", "en", "--db", world.db, "--user", "组长甲", *args)
        assert done.code == 0, done.text
        text = re.sub(r"济南\w+|组长甲|检查员.|分析员|企业安全员|历\w区|章丘区|第\S+", "",
                      done.text)
        assert CJK.findall(text) == [], done.text
