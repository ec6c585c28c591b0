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
