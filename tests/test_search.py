"""Finding enterprises and items by Chinese text, pinyin, initials, codes and clauses."""

from __future__ import annotations

from tui.search import SearchIndex


def test_chinese_pinyin_initials_and_codes() -> None:
    index = SearchIndex.build([
        ("a", ["济南化工有限公司", "91370102MA3C5ABC12"]),
        ("b", ["济南钢铁有限公司", "91370117XYZ"]),
        ("c", ["7.3.1 避难走道被占用"]),
    ])
    assert index.find("jnhg") == ["a"]
    assert index.find("jinanhuagong") == ["a"]
    assert index.find("济南") == ["a", "b"]
    assert index.find("JNGT") == ["b"]
    assert index.find("370117") == ["b"]
    assert index.find("7.3.1") == ["c"]
    assert index.find("bnzd") == ["c"]
    assert index.find("") == ["a", "b", "c"]
    assert index.find("不存在") == []
