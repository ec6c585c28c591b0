"""The roster searched a few matches at a time (for pick lists at city size) and a roster
workbook checked without storing anything."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

import pytest
from openpyxl import Workbook

from core.i18n import AnjianError
from core.services import roster, users
from core.services.context import Context
from core.services.demo import make_uscc
from core.services.packs import default_catalogue
from core.store.db import open_store


@pytest.fixture
def ctx(tmp_path: Path) -> Context:
    c = Context(open_store(f"sqlite:///{tmp_path / 'r.db'}"), default_catalogue(), "组长甲",
                dt.date(2026, 3, 2), "zh")
    rng = random.Random(3)
    for n, (name, sector) in enumerate([("济南甲化工有限公司", "chemicals"),
                                        ("济南乙化工有限公司", "chemicals"),
                                        ("济南100%商场", "retail"),
                                        ("济南_商场", "retail")]):
        roster.add_enterprise(c, uscc=make_uscc(rng, f"37010{n}"), name=name, sector=sector,
                              district="历下区")
    return c


def test_a_search_is_bounded_finds_pinyin_and_takes_text_literally(ctx: Context) -> None:
    names = [e.name for e in roster.find_enterprises(ctx, "化工")]
    assert names == ["济南乙化工有限公司", "济南甲化工有限公司"]  # in the roster's order
    # by pinyin and its initials, as the roster screen finds them (the database's index)
    assert [e.name for e in roster.find_enterprises(ctx, "jnjhg")] == ["济南甲化工有限公司"]
    assert [e.name for e in roster.find_enterprises(ctx, "yihuagong")] == ["济南乙化工有限公司"]
    assert len(roster.find_enterprises(ctx, "济南", limit=3)) == 3
    assert [e.name for e in roster.find_enterprises(ctx, "%")] == ["济南100%商场"]
    assert [e.name for e in roster.find_enterprises(ctx, "_")] == ["济南_商场"]
    assert [e.sector for e in roster.find_enterprises(ctx, "", sector="retail")] == [
        "retail", "retail"]
    code = roster.find_enterprises(ctx, "甲化工")[0].uscc
    assert [e.uscc for e in roster.find_enterprises(ctx, code[:10].lower())] == [code]


def test_an_enterprise_user_may_not_search_the_roster(ctx: Context) -> None:
    own = roster.find_enterprises(ctx, "甲化工")[0].uscc
    users.add_user(ctx, "企业用户丁", role="enterprise", enterprise=own)
    ctx.actor = "企业用户丁"
    with pytest.raises(AnjianError):
        roster.find_enterprises(ctx, "化工")


def test_a_preview_stores_nothing(ctx: Context, tmp_path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(("统一社会信用代码", "名称", "区县", "行业"))
    ws.append((make_uscc(random.Random(9), "370102"), "济南新商场", "市中区", "retail"))
    ws.append(("91110000600037341X", "济南错码商场", "市中区", "retail"))
    wb.save(tmp_path / "r.xlsx")
    before = len(roster.enterprises(ctx))
    p = roster.preview_roster(ctx, tmp_path / "r.xlsx")
    assert (p.new, p.named, p.bad_rows) == (1, 0, 1)
    assert [(x.where, x.column) for x in p.problems] == [("Sheet!3", "uscc")]
    assert len(roster.enterprises(ctx)) == before
