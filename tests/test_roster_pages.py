"""The roster and the ledger read a page at a time from the database, and the search index
they are searched by, kept with the enterprises on every write path (SQLite and PostgreSQL)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from sqlalchemy import text

from core.i18n import AnjianError
from core.process.colour import Colour
from core.services import hazards, inspections, roster, users
from core.services.context import Context
from core.services.packs import default_catalogue
from core.store import bulk
from core.store.db import Store, make_engine, open_store, upgrade
from core.store.search import search_keys
from core.store.tables import Enterprise, utcnow
from tui.search import SearchIndex

from .workflow_helpers import new_code, onsite_campaign

TODAY = dt.date(2026, 3, 2)
LEAD = "组长甲"


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    s = open_store(db_url)
    try:
        yield s
    finally:
        s.close()


@pytest.fixture
def ctx(store: Store) -> Context:
    return Context(store, default_catalogue(), LEAD, TODAY, "zh")


def index_rows(store: Store) -> dict[str, tuple[str, ...]]:
    """The search index as stored: credit code → (district, name, sector, keys)."""
    with store.engine.connect() as conn:
        return {r[0]: tuple(r[1:]) for r in conn.execute(text(
            "SELECT uscc, district, name, sector, keys FROM enterprise_search"))}


def in_sync(store: Store) -> dict[str, tuple[str, ...]]:
    """The index holds exactly one right row for every enterprise (and nothing else)."""
    with store.engine.connect() as conn:
        expected = {r[0]: (r[1], r[2], r[3], search_keys(r[2], r[0])) for r in conn.execute(
            text("SELECT uscc, district, name, sector FROM enterprise"))}
    got = index_rows(store)
    assert got == expected
    return got


def found(ctx: Context, query: str, **filters: Any) -> list[str]:
    """The credit codes a search of the roster finds, page after page."""
    out: list[str] = []
    after = None
    while True:
        page = roster.roster_page(ctx, query=query, after=after, limit=7, **filters)
        out += [r.enterprise.uscc for r in page.rows]
        if not page.more_after:
            return out
        after = page.rows[-1].key


def book(path: Path, rows: list[list[Any]]) -> Path:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["统一社会信用代码", "名称", "区县", "行业", "地址", "联系人"])
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def test_every_write_path_keeps_the_index(ctx: Context, store: Store, tmp_path: Path) -> None:
    one = roster.add_enterprise(ctx, uscc=new_code(), name="济南莱芜铁矿业有限公司",
                                sector="mining", district="莱芜区", contact="王经理 13905310001")
    assert index_rows(store)[one.uscc][3] == (
        f"济南莱芜铁矿业有限公司 jinanlaiwutiekuangyeyouxiangongsi jnlwtkyyxgs {one.uscc.lower()}")
    assert found(ctx, "jnlw") == [one.uscc]

    a, b = new_code(), new_code()
    roster.import_enterprises(ctx, book(tmp_path / "r.xlsx", [
        [a, "济南甲化工", "历下区", "chemicals", "路1号", ""],
        [b, "章丘 乙食品", "章丘区", "food", "", "李四 13800000000"]]))
    in_sync(store)
    assert found(ctx, "zqysp") == [b]  # spaces in the name are not in its forms

    roster.import_enterprises(ctx, book(tmp_path / "u.xlsx", [
        [a, "历城丙化工", "历城区", "fire", "", ""]]), update_existing=True)
    rows = in_sync(store)
    assert rows[a][:3] == ("历城区", "历城丙化工", "fire")
    assert found(ctx, "jnjhg") == [] and found(ctx, "lcbhg") == [a]

    c = new_code()
    with store.session() as s:  # a bulk load of new enterprises, as a fixture makes them
        bulk.insert_enterprises(s, [{"uscc": c, "name": "平阴丁烟花", "district": "平阴县",
                                     "sector": "fireworks", "address": "", "contact": ""}],
                                utcnow())
    in_sync(store)
    assert found(ctx, "pydyh") == [c]
    d = new_code()
    with store.session() as s:  # the generic bulk insert, as the city fixture loads records
        bulk.insert_rows(s, Enterprise, ("uscc", "name", "district", "sector", "address",
                                         "contact", "created_at", "version"),
                         [(d, "商河戊加油站", "商河县", "fuel", "", "", utcnow(), 1)])
    in_sync(store)
    assert found(ctx, "shwjyz") == [d]

    before = index_rows(store)[b]
    roster.erase_contact(ctx, b, reason="本人要求删除")
    assert in_sync(store)[b] == before
    assert "13800000000" not in str(index_rows(store)) and "李四" not in str(index_rows(store))


def test_the_migration_indexes_every_enterprise_stored_before_it(empty_db_url: str) -> None:
    engine = make_engine(empty_db_url)
    codes = [new_code(), new_code()]
    try:
        upgrade(engine, "0014")
        with engine.begin() as conn:
            for code, name in zip(codes, ("济南莱芜铁矿业", "长清区重庆银行"), strict=True):
                conn.execute(text(
                    "INSERT INTO enterprise (uscc, name, district, sector, address, contact, "
                    "created_at, version) VALUES (:c, :n, '历下区', 'fire', '', '', :t, 1)"),
                    {"c": code, "n": name, "t": dt.datetime(2026, 1, 1, tzinfo=dt.UTC)})
        upgrade(engine)
        with engine.connect() as conn:
            keys: dict[str, str] = dict(conn.execute(text(
                "SELECT uscc, keys FROM enterprise_search")).tuples().all())
    finally:
        engine.dispose()
    assert keys == {codes[0]: f"济南莱芜铁矿业 jinanlaiwutiekuangye jnlwtky {codes[0].lower()}",
                    codes[1]: search_keys("长清区重庆银行", codes[1])}


NAMES = ["济南莱芜铁矿业有限公司", "济南化工有限公司", "济南钢铁有限公司", "章丘烟花爆竹厂",
         "历城区加油站", "Jinan 100% Chem_Co", "长清区重庆银行", "平阴县危险化学品仓储"]


def test_search_finds_what_the_search_in_memory_finds(ctx: Context) -> None:
    codes = {}
    for n, name in enumerate(NAMES * 3):
        e = roster.add_enterprise(ctx, uscc=new_code(), name=name, sector="fire",
                                  district=("历下区", "章丘区", "历城区")[n % 3])
        codes[e.uscc] = e.name
    every = roster.enterprises(ctx)  # the roster's order, as the screen listed it before
    index = SearchIndex.build((r.enterprise.uscc, [r.enterprise.name, r.enterprise.uscc])
                              for r in every)
    some_code = next(iter(codes))
    for query in ("jnlw", "JNLW", "jinan", "jinanhuagong", "济南", "莱芜铁", "有限 公司", "cq",
                  "100%", "_c", "%", "chem_co", some_code[4:12], some_code.lower(), "qzq",
                  "不存在", "z", ""):
        assert found(ctx, query) == index.find(query), query
    assert found(ctx, "jn", district="章丘区") == [
        c for c in index.find("jn") if next(r for r in every if r.enterprise.uscc == c)
        .enterprise.district == "章丘区"]
    assert roster.roster_page(ctx, query="jn").total == len(index.find("jn"))


def test_pages_forward_backward_and_last(ctx: Context) -> None:
    for n in range(23):
        roster.add_enterprise(ctx, uscc=new_code(), name=f"济南{n:02d}号单位", sector="fire",
                              district=("历下区", "市中区")[n % 2])
    order = [r.enterprise.uscc for r in roster.enterprises(ctx)]
    assert found(ctx, "") == order
    first = roster.roster_page(ctx, limit=10)
    assert (first.total, first.more_before, first.more_after) == (23, False, True)
    last = roster.roster_page(ctx, last=True, limit=10)
    assert [r.enterprise.uscc for r in last.rows] == order[-10:]
    assert (last.more_before, last.more_after) == (True, False)
    back = roster.roster_page(ctx, before=last.rows[0].key, limit=10)
    assert [r.enterprise.uscc for r in back.rows] == order[-20:-10]
    assert (back.more_before, back.more_after) == (True, True)
    start = roster.roster_page(ctx, before=back.rows[0].key, limit=10)
    assert [r.enterprise.uscc for r in start.rows] == order[:3] and not start.more_before
    assert roster.roster_page(ctx, count=False).total is None
    filters = roster.roster_filters(ctx)
    assert filters.districts == ("历下区", "市中区") or filters.districts == tuple(
        sorted(("历下区", "市中区")))
    assert filters.sectors == ("fire",)


def test_colours_from_the_database_are_the_policys(ctx: Context) -> None:
    cid, target = onsite_campaign(ctx)
    insp = inspections.start_inspection(ctx, campaign_id=cid, enterprise=target)
    assert insp.id is not None
    inspections.answer(ctx, insp.id, "CHEM-2017-01", "noncompliant", note="未考核")
    for n in range(3):
        roster.add_enterprise(ctx, uscc=new_code(), name=f"绿色{n}", sector="fire",
                              district="历下区")
    by_colour = {c.value: [r.enterprise.uscc for r in roster.enterprises(ctx, colour=c.value)]
                 for c in Colour}
    assert by_colour["red"] == [target] and len(by_colour["green"]) == 3
    for colour, codes in by_colour.items():
        assert found(ctx, "", colour=colour) == codes, colour
        page = roster.roster_page(ctx, colour=colour)
        assert page.total == len(codes)
        assert all(r.colour.value == colour for r in page.rows)
    (red,) = roster.roster_page(ctx, colour="red").rows
    assert (red.open_hazards, red.open_major) == (1, 1)
    with pytest.raises(AnjianError):
        roster.roster_page(ctx, colour="violet")


def test_a_policy_the_database_cannot_express_pages_the_same(
        ctx: Context, monkeypatch: pytest.MonkeyPatch) -> None:
    from core.plugins.catalogue import build_catalogue
    from core.plugins.hookspecs import hookimpl

    class Everyone:
        @hookimpl
        def register_colour_policies(self, register: Any) -> None:
            register.colour_policy("blue", lambda facts, today: Colour.blue)

    for n in range(12):
        roster.add_enterprise(ctx, uscc=new_code(), name=f"单位{n:02d}", sector="fire",
                              district="历下区")
    every = [r.enterprise.uscc for r in roster.enterprises(ctx)]
    other = Context(ctx.store, build_catalogue(objects={"blue": Everyone()}), ctx.actor,
                    ctx.today)
    monkeypatch.setenv("ANJIAN_COLOUR_POLICY", "blue")
    assert found(other, "", colour="blue") == every
    assert found(other, "", colour="green") == []
    last = roster.roster_page(other, colour="blue", last=True, limit=5)
    assert [r.enterprise.uscc for r in last.rows] == every[-5:] and last.total == 12
    assert last.more_before and not last.more_after


def test_ledger_pages_keep_the_ledgers_filters_and_permissions(ctx: Context) -> None:
    cid, target = onsite_campaign(ctx)
    insp = inspections.start_inspection(ctx, campaign_id=cid, enterprise=target)
    assert insp.id is not None
    items = [i for i in inspections.inspection_view(ctx, insp.id).unanswered][:12]
    for item in items:
        inspections.answer(ctx, insp.id, item, "noncompliant", note="发现")
    every = hazards.ledger(ctx)
    assert len(every) >= 3
    ids = [r.hazard.id for r in every]
    walked: list[int | None] = []
    after = None
    while True:
        page = hazards.ledger_page(ctx, after=after, limit=2)
        walked += [r.hazard.id for r in page.rows]
        assert page.total == len(every)
        if not page.more_after:
            break
        after = page.rows[-1].hazard.id
    assert walked == ids
    tail = hazards.ledger_page(ctx, last=True, limit=2)
    assert [r.hazard.id for r in tail.rows] == ids[-2:]
    assert tail.rows[0].enterprise_name == "济南测试化工有限公司"
    assert [r.hazard.id for r in hazards.ledger_page(ctx, campaign=cid + 1).rows] == []

    general = every[-1].hazard
    hazards.set_deadline(ctx, general.id, TODAY + dt.timedelta(days=1), reason="期限")
    late = dataclasses.replace(ctx, today=TODAY + dt.timedelta(days=5))
    overdue = hazards.ledger_page(late, overdue=True)
    assert [r.hazard.id for r in overdue.rows] == [general.id] and overdue.total == 1
    assert overdue.rows[0].overdue and overdue.rows[0].days_left == -4

    other = roster.add_enterprise(ctx, uscc=new_code(), name="别家", sector="chemicals",
                                  district="历下区").uscc
    users.add_user(ctx, "企业用户", role="enterprise", enterprise=other)
    own = dataclasses.replace(ctx, actor="企业用户")
    assert hazards.ledger_page(own).rows == () and hazards.ledger_page(own).total == 0
    users.add_user(ctx, "目标企业", role="enterprise", enterprise=target)
    mine = dataclasses.replace(ctx, actor="目标企业")
    assert [r.hazard.id for r in hazards.ledger_page(mine, limit=100).rows] == ids
    with pytest.raises(AnjianError):
        hazards.ledger_page(own, enterprise=target)


def test_a_search_counts_only_so_far(ctx: Context, monkeypatch: pytest.MonkeyPatch) -> None:
    for n in range(9):
        roster.add_enterprise(ctx, uscc=new_code(), name=f"济南{n}号", sector="fire",
                              district="历下区")
    monkeypatch.setattr(roster, "SEARCH_COUNT", 5)
    page = roster.roster_page(ctx, query="jn", limit=3)
    assert (page.total, page.total_at_least) == (5, True)
    few = roster.roster_page(ctx, query="jn8", limit=3)
    assert (few.total, few.total_at_least, len(few.rows)) == (1, False, 1)
    every = roster.roster_page(ctx, limit=3)  # no search: counted whole
    assert (every.total, every.total_at_least) == (9, False)


def test_the_pinyin_forms_are_the_converters_own_word_by_word() -> None:
    """The index's syllables, made word by word with each word's kept, are what pypinyin
    gives for the whole name: Chinese runs, codes, brackets, numerals and rare characters."""
    import random

    from pypinyin import lazy_pinyin

    from core.store.search import _mark, _syllables

    rng = random.Random(7)
    chars = "济南莱芜铁矿业化工商贸机械食品冶金建材有限公司重庆长沙银行行长厦门大学乐山音乐"
    extra = ["", "ABC", "2号", "(历下)", "（章丘）", "·", "Co.,Ltd", "一二三", "〇", " ", "㐀"]
    for _ in range(5000):
        name = "".join(rng.choice(extra) if rng.random() < 0.2 else rng.choice(chars)
                       for _ in range(rng.randint(2, 16)))
        assert _syllables(name) == lazy_pinyin(name, errors=_mark), name
