"""The rule that decides what counts as untranslated English (tests/language.py)."""

from __future__ import annotations

from tests.language import english_words


def test_chinese_with_ids_numbers_and_commands_passes() -> None:
    text = ("检查 12（9137010279266731X1 济南鲁华化工）：GB 35181-2017 第 5.3.2 a) 条，"
            "FIRE-2017-C-7.3.1 不符合；请运行 `anjian packs show gb35181-2017` 或加 --json，"
            "已导出 /tmp/ledger.xlsx；按 Enter 确定，Esc 返回；场所类别 people_dense")
    assert english_words(text) == []


def test_english_words_are_named() -> None:
    assert english_words("没有campaign 999") == ["campaign"]
    assert english_words('不能从"team_formation"进入下一阶段') == ["team_formation"]
    assert english_words("行业 retail，帮助 question_mark") == ["retail", "question_mark"]
    assert english_words("bad.yaml:1: error: title_zh: Field required") == [
        "error", "title_zh", "Field", "required"]


def test_words_given_as_allowed_pass() -> None:
    assert english_words("字段 title_zh 缺失", allowed={"title_zh"}) == []
