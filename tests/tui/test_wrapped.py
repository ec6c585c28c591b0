"""Chinese text wrapped as Chinese is: no character lost, no Latin word, code or number cut,
a number kept with its unit, punctuation kept with what it closes or opens."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from tui.wrapped import wrap, wrap_text


def test_a_latin_word_in_chinese_text_is_not_cut() -> None:
    first = "状态核对：本数据库未设置团队模式，没有记录每行变化的镜像，无从逐表回放"
    second = "（SQLite 文件上角色仅为约定）"
    assert wrap(first + second, 76) == [first, second]


def test_numbers_keep_their_units_and_punctuation_its_place() -> None:
    assert wrap("安全出口宽度不足，实测 30米，应不小于 1.4 米。", 13) == [
        "安全出口宽度", "不足，实测", "30米，应不小", "于 1.4 米。"]
    assert wrap("重大事故隐患判定 0 项 / 自查 0 次）", 16) == [
        "重大事故隐患判定", "0 项 / 自查", "0 次）"]


def test_continuation_lines_keep_the_indent_and_a_long_code_is_cut() -> None:
    sha = "d94316b75e538c4d934a7fccd6fa6e3580f40907597b6555fc95c4f9e0502e0c"
    got = wrap(f"    证书.pdf（16 字节）SHA-256 {sha}", 40)
    assert got[0] == "    证书.pdf（16 字节）SHA-256"
    assert all(line.startswith("    ") for line in got)
    assert "".join(line.strip() for line in got[1:]) == sha


@given(st.text(alphabet=st.sampled_from(list("安全出口，。（）SQL 30米 abc")), max_size=80),
       st.integers(min_value=4, max_value=40))
def test_nothing_is_lost_and_no_line_is_too_wide(text: str, width: int) -> None:
    got = wrap(text, width)
    assert all(cell_len(line) <= width for line in got)
    assert "".join(got).replace(" ", "") == text.replace(" ", "")


def test_a_numbered_part_keeps_its_number_and_hangs_under_its_text() -> None:
    lines = wrap_text("1. 地下矿山安全出口不少于两个，且间距不小于30米", 20)
    assert lines.splitlines()[0].startswith("1. 地下")  # the number is not alone on its line
    assert all(line.startswith("   ") for line in lines.splitlines()[1:])
    assert "30米" in lines  # the number keeps its unit
    assert "".join(x.strip() for x in lines.splitlines()).replace(" ", "") == \
        "1.地下矿山安全出口不少于两个，且间距不小于30米"
