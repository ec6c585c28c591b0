"""A bad pack file gets errors that name the file, the line and the item."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.pack.loader import MAX_PACK_BYTES, PackFileError, load_pack, pack_hash, parse_pack

GOOD = """\
id: mini
version: "1.0"
title_zh: 小
title_en: Mini
standard: TEST-2
issuer: test
sector: test
effective: 2020-01-01
sections:
  - id: S
    title_zh: 节
    title_en: Section
    items:
      - id: I1
        clause: "1"
        text_zh: 一
        gloss_en: one
        guidance_zh: 看
      - id: I2
        clause: "2"
        text_zh: 二
        gloss_en: two
        guidance_zh: 看
rules:
  - id: R1
    kind: direct
    clause: "3"
    text_zh: 直接
    gloss_en: direct
    items: [I1, I2]
"""


def problems(text: str) -> list[str]:
    with pytest.raises(PackFileError) as info:
        parse_pack(text, "mini.yaml")
    return [str(p) for p in info.value.problems]


def test_good_pack_loads_and_hash_ignores_layout() -> None:
    pack = parse_pack(GOOD, "mini.yaml")
    assert [i.id for i in pack.items()] == ["I1", "I2"]
    relaid = parse_pack("# a comment\n" + GOOD.replace("items: [I1, I2]",
                                                       "items:\n      - I1\n      - I2"))
    assert pack_hash(relaid) == pack_hash(pack)
    assert pack_hash(parse_pack(GOOD.replace("text_zh: 一", "text_zh: 壹"))) != pack_hash(pack)


def test_missing_field_names_item_and_line() -> None:
    text = GOOD.replace("        guidance_zh: 看\n      - id: I2", "      - id: I2", 1)
    assert problems(text) == ["mini.yaml:14: item I1: guidance_zh: Field required"]


def test_wrong_type_points_at_the_value() -> None:
    text = GOOD.replace('clause: "2"', "clause: [2]")
    assert problems(text) == ["mini.yaml:20: item I2: clause: Input should be a valid string"]


def test_unknown_key_is_an_error_not_ignored() -> None:
    text = GOOD.replace("        gloss_en: two\n", "        gloss_en: two\n        glos_zh: x\n")
    assert problems(text) == ["mini.yaml:23: item I2: glos_zh: Extra inputs are not permitted"]


def test_rule_referencing_unknown_item() -> None:
    text = GOOD.replace("items: [I1, I2]", "items: [I1, I9]")
    assert problems(text) == ["mini.yaml:30: rule R1: unknown item 'I9'"]


def test_duplicate_item_id_points_at_second() -> None:
    text = GOOD.replace("- id: I2", "- id: I1")
    assert problems(text) == ["mini.yaml:19: duplicate item id 'I1'",
                              "mini.yaml:30: rule R1: unknown item 'I2'"]


def test_duplicate_yaml_key() -> None:
    text = GOOD.replace('version: "1.0"\n', 'version: "1.0"\nversion: "2.0"\n')
    assert problems(text) == ["mini.yaml:3: YAML: duplicate key 'version'"]


def test_syntax_error_has_line() -> None:
    text = GOOD.replace("title_en: Mini", "title_en: [Mini")
    (problem,) = problems(text)
    assert problem.startswith("mini.yaml:")
    assert "YAML" in problem


def test_custom_tags_are_refused() -> None:
    text = GOOD.replace("title_en: Mini", "title_en: !!python/object/apply:os.system [ls]")
    (problem,) = problems(text)
    assert problem.startswith("mini.yaml:4: YAML:")


def test_not_a_mapping() -> None:
    assert problems("- a\n- b\n") == [
        "mini.yaml:1: a pack file is a mapping with id, version, sections, rules …"]


def test_composite_threshold_and_direct_shape() -> None:
    text = GOOD.replace("kind: direct", "kind: direct\n    threshold: 2")
    assert problems(text) == ["mini.yaml:25: rule R1: a direct rule has threshold 1"]


def test_file_errors(tmp_path: Path) -> None:
    with pytest.raises(PackFileError, match="cannot read"):
        load_pack(tmp_path / "missing.yaml")
    big = tmp_path / "big.yaml"
    big.write_bytes(b"#" * (MAX_PACK_BYTES + 1))
    with pytest.raises(PackFileError, match="limited"):
        load_pack(big)
    latin = tmp_path / "latin.yaml"
    latin.write_bytes("title_zh: 安".encode("gb18030"))
    with pytest.raises(PackFileError, match="UTF-8"):
        load_pack(latin)


# --- in Chinese, the default language -------------------------------------------------------


def problems_zh(text: str) -> list[str]:
    with pytest.raises(PackFileError) as info:
        parse_pack(text, "mini.yaml")
    return [p.render("zh") for p in info.value.problems]


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("        guidance_zh: 看\n      - id: I2", "      - id: I2",
     "mini.yaml:14: 检查项 I1: guidance_zh: 缺少必填字段，请补上"),
    ('clause: "2"', "clause: [2]",
     "mini.yaml:20: 检查项 I2: clause: 应为文本（数字、日期或 true/false 请加引号，如 \"6.1\"）"),
    ("        gloss_en: two\n", "        gloss_en: two\n        glos_zh: x\n",
     "mini.yaml:23: 检查项 I2: glos_zh: 此处没有这个字段（拼写错误？）；请改正或删除"),
    ("items: [I1, I2]", "items: [I1, I9]",
     "mini.yaml:30: 判定规则 R1: 引用的检查项 'I9' 不存在；请检查拼写，或先定义它"),
    ("kind: direct", "kind: direkt",
     "mini.yaml:26: 判定规则 R1: kind: 应为 'direct' 或 'composite'"),
    ("kind: direct", "kind: direct\n    threshold: 2",
     "mini.yaml:25: 判定规则 R1: 直接判定规则（kind: direct）的 threshold 只能为 1；"
     "需要多项时请用 kind: composite"),
    ("kind: direct", "kind: composite\n    threshold: 0",
     "mini.yaml:27: 判定规则 R1: threshold: 应大于或等于 1"),
    ("- id: I2", "- id: 'I 2'",
     "mini.yaml:19: 检查项 I 2: id: 编号只能由字母、数字、_、. 和 - 组成，并以字母或数字开头"
     "（应符合 '^[A-Za-z0-9][A-Za-z0-9_.\\-]*$'）"),
    ('version: "1.0"', 'version: "v1"',
     "mini.yaml:2: version: 版本号应为以点分隔的数字，可带后缀，如 2017.1.0、2026.1.0rc1"
     "（应符合 '^\\d+(\\.\\d+)*([a-z0-9.+-]*)$'）"),
    ("effective: 2020-01-01", 'effective: "2020-1-1"',
     "mini.yaml:8: effective: 应为 YYYY-MM-DD 格式的日期（太短）"),
    ("effective: 2020-01-01", "effective: 2020-01-01T10:00:00",
     "mini.yaml:8: effective: 应为日期，不能带时间（只写 YYYY-MM-DD）"),
    ("title_zh: 小", 'title_zh: "  "', "mini.yaml:3: title_zh: 不能为空，请填写内容"),
    ("sections:\n", "tags: 3\nsections:\n",
     "mini.yaml:9: tags: 应为列表（如 [a, b]，或逐行以 '- ' 开头）"),
    ("  - id: S\n", "  - 3\n  - id: S\n", "mini.yaml:10: sections.0: 应为“键: 值”形式的章节"),
    ("        clause: \"1\"\n", "        clause: \"1\"\n        verification: checked\n",
     "mini.yaml:16: 检查项 I1: verification: 应为 'verified'、'verified-single-source'、"
     "'partial' 或 'unverified'"),
    ("- id: I2", "- id: I1",
     "mini.yaml:19: 检查项编号 'I1' 重复：编号在判定标准内必须唯一，请改名或删除重复的一个"),
    ('version: "1.0"\n', 'version: "1.0"\nversion: "2.0"\n',
     "mini.yaml:3: YAML 格式错误: 键 'version' 重复：同一映射中每个键只能出现一次"
     "（否则前一个会被悄悄丢弃）；请删除或改名"),
    ("title_en: Mini", "title_en: [Mini",
     "mini.yaml:5: YAML 格式错误: 缺少 ',' 或 ']'（方括号没有闭合？）"),
    ("title_en: Mini", "title_en: Mini: x",
     "mini.yaml:4: YAML 格式错误: 此处不能出现“键: 值”（请检查缩进，或给含 ': ' 的文本加引号）"),
    ("effective: 2020-01-01", "effective: 2020-02-30",
     "mini.yaml:8: YAML 格式错误: '2020-02-30' 不是有效的日期（YYYY-MM-DD）（该月没有这一天）"),
    ("title_en: Mini", "title_en: !!python/object/apply:os.system [ls]",
     "mini.yaml:4: YAML 格式错误: 不允许使用标签 '!!python/object/apply:os.system'："
     "判定标准文件只含文本、数字、日期、列表和映射（不会根据标签构造任何对象）；请删除该标签"),
    ("title_zh: 小", "title_zh: 小\x07",
     "mini.yaml:3: YAML 格式错误: 不允许的字符 #x0007（控制字符或特殊字符）；请删除它"),
    ("sections:", "site_categories:\n  - {id: other, name_zh: 其他, name_en: o}\nsections:",
     "mini.yaml:10: 场所类别 'other' 是隐含的（不属于其他任何类别的场所），"
     "请勿在 site_categories 中列出"),
])
def test_problems_read_in_chinese_at_the_same_line(old: str, new: str, expected: str) -> None:
    assert old in GOOD
    assert problems_zh(GOOD.replace(old, new, 1))[0] == expected


def test_not_a_mapping_in_chinese() -> None:
    assert problems_zh("- a\n- b\n") == [
        "mini.yaml:1: 判定标准文件应为“键: 值”形式的映射，含 id、version、sections、rules 等字段"]


def test_file_errors_in_chinese(tmp_path: Path) -> None:
    with pytest.raises(PackFileError) as info:
        load_pack(tmp_path / "missing.yaml")
    assert info.value.render("zh") == f"{tmp_path / 'missing.yaml'}:1: 无法读取: 文件或文件夹不存在"
    assert str(info.value) == (f"{tmp_path / 'missing.yaml'}:1: cannot read: "
                               "No such file or directory")
    latin = tmp_path / "latin.yaml"
    latin.write_bytes("title_zh: 安".encode("gb18030"))
    with pytest.raises(PackFileError) as info:
        load_pack(latin)
    assert info.value.render("zh") == (f"{latin}:1: 不是 UTF-8 编码的文本（无效的起始字节）；"
                                       "请将文件另存为 UTF-8 编码")


def test_an_error_type_without_a_catalogue_entry_keeps_pydantic_words() -> None:
    """The last resort: the field is named, and pydantic's English is kept inside a Chinese
    sentence rather than lost."""
    from pydantic_core import ErrorDetails

    from core.pack.errors import error_msgs

    err: ErrorDetails = {"type": "url_type", "loc": ("site", "url"),
                         "msg": "URL input should be a string or URL", "input": 3}
    ((msg, ref),) = error_msgs(err)
    assert ref is None
    assert msg.render("zh") == "值无效（URL input should be a string or URL）"
    assert msg.render("en") == "URL input should be a string or URL"


def test_english_templates_say_what_pydantic_says() -> None:
    """Where a catalogue entry rephrases one of pydantic's error types, its English is
    pydantic's own message: tests and users who read English see no change."""
    from pydantic_core._pydantic_core import list_all_errors

    from core.i18n import CATALOGUE

    pydantic = {e["type"]: e["message_template_python"] for e in list_all_errors()}
    ours = {k.removeprefix("pydantic."): en for k, (_, en) in CATALOGUE.items()
            if k.startswith("pydantic.")}
    rephrased = set(ours) - {"empty", "id_pattern", "version_pattern", "other",
                             "string_too_short", "string_too_long"}
    assert rephrased <= set(pydantic)
    assert {t: ours[t] for t in rephrased} == {t: pydantic[t] for t in rephrased}
