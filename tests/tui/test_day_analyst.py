"""An analyst's day in a real terminal (tmux, 80x24, Chinese), by keys only: the enterprises
screen searched by pinyin initials (`jnlw`), the search cleared with Esc, Tab out of the search
box to the table and an enterprise opened; the statistics (`t`) and the audit and evidence
checks (`k`) read; the ledger exported to a workbook (`x`) whose headers are Chinese. No write
key is offered anywhere (footer and ctrl+p), and afterwards the database is as it was: the
audit log no longer, the ledger and the roster unchanged."""

from __future__ import annotations

from pathlib import Path

import openpyxl

from core.i18n import t
from core.services.demo import ANALYST
from tests.tui.day import demo_city, footer, palette
from tests.tui.terminal import ANJIAN, Terminal, cli, needs_tmux

MINE = "济南莱芜铁矿业有限公司"
#: Every key that writes: none is offered to an analyst.
WRITES = [t(k) for k in (
    "ui.new_campaign", "ui.new_enterprise", "ui.import_roster", "ui.users", "ui.advance",
    "ui.inspect.start", "ui.inspect.start_self", "ui.record_training", "ui.plan",
    "ui.submit", "ui.accept", "ui.reject", "ui.set_deadline", "ui.request_extension")]


def offers_no_write(term: Terminal) -> str:
    """The footer, once painted (it ends with the palette's key), offers no write; the screen."""
    shown = term.wait_for(lambda now: "Ctrl+P" in footer(now))
    keys = footer(shown)
    assert not [w for w in WRITES if w in keys], keys
    return shown


def search(term: Terminal, text: str, tries: int = 10) -> str:
    """``/`` (unless the search box has the focus already: the footer then lacks the filter
    keys) and ``text`` on the enterprises screen until one enterprise is found; a search
    that went wrong (``/`` typed into the box) is cleared with Esc and typed again."""
    for _ in range(tries):
        if "d 按区县" in footer(term.screen()):  # the table has the focus, not the box
            term.keys("/")
        term.type(text)
        try:
            return term.wait_for(lambda now: "(共 1 个)" in now and f"/{text}" not in now,
                                 timeout=5)
        except AssertionError:
            if text in term.screen():
                term.keys("Escape")
                term.wait_for("(共 31 个)")
    raise AssertionError(f"{text!r} never searched:\n{term.screen()}")


def state(home: Path, db: str) -> tuple[object, ...]:
    """What an analyst's day must leave as it was."""
    return (cli(home, db, "audit", "verify")["chain"]["entries"],
            cli(home, db, "hazards"), cli(home, db, "enterprises", "list"),
            cli(home, db, "campaign", "list"))


@needs_tmux
def test_an_analysts_day(tmp_path: Path) -> None:
    db, _ = demo_city(tmp_path)
    before = state(tmp_path, db)
    with Terminal.start(tmp_path, f"{ANJIAN} --db {db} --user {ANALYST}") as term:
        # the footer once the role is read: statistics offered, nothing that writes
        term.wait_for(lambda now: "检查行动" in now and "t 统计" in now)
        offers_no_write(term)
        shown = palette(term.key_until("C-p", "搜索命令") and term.wait_for("隐患台账"))
        assert t("ui.stats") in shown and "帮助" in shown
        assert not [w for w in WRITES if w in shown], shown
        assert "Quit" not in shown and "Theme" not in shown
        term.keys("Escape")
        term.wait_gone("搜索命令")
        # the roster: pinyin initials find the mine; Esc clears the search, not the screen
        term.keys("e")  # once: pressed again it would open a second roster over the first
        # keys sent before the footer is whole are lost: wait for it as a user would
        term.wait_for(lambda now: "(共 31 个)" in now and "d 按区县" in footer(now), timeout=90)
        offers_no_write(term)
        shown = search(term, "jnlw")
        assert MINE in shown
        term.keys("Escape")
        shown = term.wait_for("(共 31 个)")
        assert "jnlw" not in shown and "搜索：" in shown  # still the enterprises screen
        # Tab out of the search box, Enter on the one row found
        search(term, "jnlw")
        term.keys("Tab")
        shown = term.key_until("Enter", "统一社会信用代码")
        assert MINE in shown and "检查记录" in shown
        offers_no_write(term)
        term.key_until("Escape", "(共 1 个)")
        term.key_until("Escape", "(共 31 个)")  # the search cleared first
        term.key_until("Escape", "检查行动")
        # the statistics
        term.key_until("t", "每千次检查发现重大事故隐患（按月）")
        shown = term.wait_for(lambda now: "逾期隐患" in now and "横轴：月份" in now)
        assert "正在统计" not in shown
        offers_no_write(term)
        term.key_until("Escape", "检查行动")
        # the checks
        term.key_until("k", "审计日志核查")
        shown = term.wait_for("核查完毕", timeout=90)
        assert "审计日志完好" in shown and "证据文件" in shown
        offers_no_write(term)
        term.key_until("Escape", "检查行动")
        # the ledger: read and exported, nothing to change
        term.key_until("l", "隐患台账 (共")
        shown = term.wait_for(lambda now: "x 导出 Excel" in footer(now))  # painted whole
        offers_no_write(term)
        shown = palette(term.key_until("C-p", "搜索命令") and term.wait_for("导出"))
        assert not [w for w in WRITES if w in shown], shown
        term.keys("Escape")
        term.wait_gone("搜索命令")
        term.keys("x")
        term.wait_for("已导出", timeout=60)
        term.keys("C-q")
        term.wait_exit()
    (book,) = (tmp_path / "exports").glob("ledger-*.xlsx")
    sheet = openpyxl.load_workbook(book).worksheets[0]
    headers = [c.value for c in sheet[1]]
    assert headers[:4] == ["隐患编号", "单位名称", "统一社会信用代码", "隐患等级"]
    assert "隐患状态" in headers and "整改责任人" in headers
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in str(h)) for h in headers), headers
    hazards = before[1]
    assert isinstance(hazards, list)
    assert sheet.max_row == 1 + len(hazards)
    assert sorted(r[0].value for r in sheet.iter_rows(min_row=2)) == sorted(
        h["id"] for h in hazards)
    # nothing changed: not one audit entry more, the ledger, roster and campaigns as they were
    assert state(tmp_path, db) == before
