"""A city's database in core: reads that never hold SQLite's write lock, the streamed lists of
the command line, and the home screen's figures in a handful of queries, on real SQLite files
and the real PostgreSQL server (a small city built by :mod:`benchmarks.city_fixture`)."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import event, text
from sqlalchemy.engine import make_url

from benchmarks.city_fixture import ADMIN, LEAD, TODAY, City, populate
from core.i18n import name, t
from core.services import audit_check, campaigns, exports, hazards, roster, statistics, users
from core.services.checklist import checklist
from core.services.inspections import inspection_view
from core.store import queries as q
from core.store.db import Store, open_store, sqlite_path
from core.store.tables import Meta

from .workflow_helpers import cli_main

SCALE = 0.001  # 120 enterprises, about 250 inspections, 1,000 hazards, 64 campaigns


@pytest.fixture
def city(db_url: str) -> City:
    return populate(db_url, SCALE)


@pytest.fixture
def store(city: City) -> Iterator[Store]:
    s = open_store(city.url)
    yield s
    s.close()


def _in_thread(fn: Callable[[], Any], seconds: float = 8.0) -> Any:
    """``fn()`` run in another thread, which must finish within ``seconds`` (SQLite's busy
    timeout is 15 s: a call made to wait for the write lock does not): its result."""
    out: dict[str, Any] = {}

    def run() -> None:
        try:
            out["result"] = fn()
        except BaseException as exc:  # reported below
            out["error"] = exc

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(seconds)
    assert not worker.is_alive(), f"still waiting after {seconds} s"
    if "error" in out:
        raise out["error"]
    return out.get("result")


class _Writer:
    """Another connection holding a write transaction open: SQLite's write lock (BEGIN
    IMMEDIATE), or on PostgreSQL a transaction that has changed a row of every enterprise."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.conn: Any = None

    def __enter__(self) -> _Writer:
        path = sqlite_path(self.url)
        if path is not None:
            self.conn = sqlite3.connect(path, isolation_level=None, timeout=1)
            self.conn.execute("BEGIN IMMEDIATE")
            self.conn.execute("UPDATE enterprise SET version = version + 1")
        else:
            import psycopg

            u = make_url(self.url)
            self.conn = psycopg.connect(host=u.host, port=u.port or 5432, user=u.username,
                                        dbname=u.database)
            self.conn.execute("UPDATE enterprise SET version = version + 1")
        return self

    def __exit__(self, *_: object) -> None:
        self.conn.rollback() if sqlite_path(self.url) is None else self.conn.execute("ROLLBACK")
        self.conn.close()


def test_a_sqlite_database_is_in_wal_mode(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'a.db'}")
    try:
        with store.reading() as s:
            assert s.connection().execute(text("PRAGMA journal_mode")).scalar() == "wal"
    finally:
        store.close()


def test_a_write_goes_on_while_a_read_session_is_open(city: City, store: Store) -> None:
    """A long read (a read session part way through the ledger) and another user's write
    on another connection proceed together; the read goes on to its end."""
    admin = city.context(actor=ADMIN)
    try:
        with store.reading() as s:
            batches = q.hazard_stream(s, full=True, batch=10)
            read = len(next(batches))
            _in_thread(lambda: users.add_user(admin, "并发检查员", role="inspector"))
            _in_thread(lambda: users.add_user(admin, "并发检查员二", role="inspector"))
            read += sum(len(b) for b in batches)
        assert read == city.hazards
        assert {"并发检查员", "并发检查员二"} <= {u.name for u in users.list_users(admin)}
    finally:
        admin.store.close()


def test_a_snapshot_is_a_read_session_too(city: City, store: Store) -> None:
    """The snapshot exports and checks read in takes no write lock either, and sees one state
    of the database while a write commits beside it."""
    admin = city.context(actor=ADMIN)
    try:
        with store.snapshot() as s:
            before = q.user_count(s)
            _in_thread(lambda: users.add_user(admin, "快照外用户", role="inspector"))
            assert q.user_count(s) == before  # the state the snapshot began with
        with store.reading() as s:
            assert q.user_count(s) == before + 1
    finally:
        admin.store.close()


def test_reads_go_on_while_another_connection_holds_a_write(city: City, tmp_path: Path) -> None:
    """Every read path (lists, views, statistics, the ledger, checks, an export) answers while
    another connection holds a write transaction open: on SQLite none of them waits for the
    write lock, as none takes it."""
    ctx = city.context()
    try:
        inspection = campaigns.campaign_view(ctx, 1).inspections[0].id
        reads: dict[str, Callable[[], Any]] = {
            "stats": lambda: statistics.stats(ctx),
            "campaign_rows": lambda: campaigns.campaign_rows(ctx),
            "campaign_view": lambda: campaigns.campaign_view(ctx, 1),
            "enterprises": lambda: roster.enterprises(ctx),
            "roster_lines": lambda: sum(len(b) for b in roster.roster_lines(ctx)),
            "enterprise_detail": lambda: roster.enterprise_detail(
                ctx, roster.enterprises(ctx)[0].enterprise.uscc),
            "ledger": lambda: hazards.ledger(ctx, overdue=True),
            "ledger_lines": lambda: sum(len(b) for b in hazards.ledger_lines(ctx)),
            "hazard": lambda: hazards.detail(ctx, 1),
            "inspection": lambda: inspection_view(ctx, inspection),
            "checklist": lambda: checklist(ctx, inspection),
            "audit verify": lambda: audit_check.chain_check(ctx),
            "users": lambda: users.list_users(ctx),
            "offered": lambda: users.offered(ctx),
            "export": lambda: exports.export_ledger(ctx, tmp_path / "台账.xlsx"),
        }
        with _Writer(city.url):
            for what, read in reads.items():
                try:
                    _in_thread(read)
                except AssertionError as exc:
                    raise AssertionError(f"{what}: {exc}") from None
        assert audit_check.chain_check(ctx)[1] is None
    finally:
        ctx.store.close()


def test_a_read_session_refuses_to_end_holding_changes(tmp_path: Path) -> None:
    store = open_store(f"sqlite:///{tmp_path / 'a.db'}")
    try:
        with pytest.raises(RuntimeError, match="read session"), store.reading() as s:
            s.add(Meta(key="读时写入", value="x"))
        with store.reading() as s:
            assert s.get(Meta, "读时写入") is None
    finally:
        store.close()


def test_streams_list_what_the_lists_do(city: City) -> None:
    """The streaming reads give the lists' rows, in their order, in batches of at most the
    size asked for, with every filter."""
    ctx = city.context()
    try:
        listed = roster.enterprises(ctx)
        some = listed[len(listed) // 2].enterprise
        for kw in ({}, {"sector": some.sector}, {"district": some.district},
                   {"colour": "red"}, {"colour": "green"}):
            rows = roster.enterprises(ctx, **kw)  # type: ignore[arg-type]
            batches = list(roster.roster_lines(ctx, batch=7, **kw))  # type: ignore[arg-type]
            assert all(0 < len(b) <= 7 for b in batches)
            assert [tuple(x) for b in batches for x in b] == [
                (r.enterprise.uscc, r.enterprise.name, r.enterprise.district,
                 r.enterprise.sector, r.colour, r.open_hazards, r.open_major) for r in rows]
            assert [x for b in roster.roster_rows(ctx, batch=7, **kw) for x in b] == rows  # type: ignore[arg-type]
        assert len(listed) == city.enterprises
        hazard = hazards.ledger(ctx)[0].hazard
        for kw2 in ({}, {"overdue": True}, {"campaign": hazard.campaign_id},
                    {"enterprise": hazard.enterprise_uscc}):
            ledger = hazards.ledger(ctx, **kw2)  # type: ignore[arg-type]
            lines = [x for b in hazards.ledger_lines(ctx, batch=9, **kw2) for x in b]  # type: ignore[arg-type]
            assert [(x.id, x.status, x.deadline, x.overdue, x.days_left) for x in lines] == [
                (r.hazard.id, r.hazard.status,
                 r.hazard.deadline.isoformat() if r.hazard.deadline else None, r.overdue,
                 r.days_left) for r in ledger]
            assert [x for b in hazards.ledger_rows(ctx, batch=9, **kw2) for x in b] == ledger  # type: ignore[arg-type]
        assert any(x.overdue for x in lines) or not hazards.ledger(ctx, overdue=True)
    finally:
        ctx.store.close()


def test_the_command_line_streams_the_same_lines_and_json(
        city: City, capsys: pytest.CaptureFixture[str]) -> None:
    """``anjian enterprises list`` and ``anjian hazards --overdue`` write what the lists give,
    line for line, in Chinese by default; with ``--json`` the very text a list's JSON was."""
    from core.services.context import open_context

    ctx = open_context(city.url, actor=LEAD, today=dt.date.today())  # as the command's
    try:
        rows, ledger = roster.enterprises(ctx), hazards.ledger(ctx, overdue=True)
    finally:
        ctx.store.close()

    def anjian(*args: str) -> str:
        code, out, err = cli_main(["--db", city.url, "--user", LEAD, *args], capsys)
        assert code == 0, err
        return out

    assert anjian("enterprises", "list").splitlines() == [
        t("cli.out.enterprises.row", "zh", colour=name("colour", r.colour.value),
          uscc=r.enterprise.uscc, name=r.enterprise.name, district=r.enterprise.district,
          sector=name("sector", r.enterprise.sector), open=r.open_hazards,
          major=r.open_major) for r in rows]
    assert "未销号隐患" in anjian("enterprises", "list").splitlines()[0]
    expected = []
    for r in ledger:
        h = r.hazard
        assert h.deadline is not None and r.days_left is not None
        expected.append(t("cli.out.hazards.row", "zh", id=h.id, level=name("ui.level", h.level),
                          uscc=h.enterprise_uscc, item=h.item_id, clause=h.clause,
                          status=name("hstatus", h.status))
                        + t("cli.out.hazard.deadline", "zh", date=h.deadline.isoformat())
                        + t("cli.out.hazards.overdue", "zh", days=-r.days_left))
    assert expected and anjian("hazards", "--overdue").splitlines() == expected
    dumped = json.dumps([r.as_json() for r in rows], ensure_ascii=False, indent=2, default=str)
    assert anjian("enterprises", "list", "--json") == dumped + "\n"
    dumped = json.dumps([r.as_json() for r in ledger], ensure_ascii=False, indent=2,
                        default=str)
    assert anjian("hazards", "--overdue", "--json") == dumped + "\n"
    assert anjian("enterprises", "list", "--district", "无此区县", "--json") == "[]\n"
    assert anjian("enterprises", "list", "--district", "无此区县") == (
        t("cli.out.enterprises.none", "zh") + "\n")


def test_home_figures_take_a_handful_of_queries(city: City) -> None:
    """The home screen's figures are counted in the database: a few statements, whatever the
    number of campaigns and inspections (64 and about 250 here)."""
    ctx = city.context()
    statements: list[str] = []

    def count(_conn: Any, _cursor: Any, statement: str, *_: Any) -> None:
        statements.append(statement)

    event.listen(ctx.store.engine, "before_cursor_execute", count)
    try:
        rows = campaigns.campaign_rows(ctx)
        in_rows = len(statements)
        figures = statistics.stats(ctx)
        in_stats = len(statements) - in_rows
    finally:
        event.remove(ctx.store.engine, "before_cursor_execute", count)
        ctx.store.close()
    assert len(rows) == city.campaigns == 64
    assert any(r.late for r in rows)  # the fixture's untrained campaigns are late
    assert figures.enterprises == city.enterprises
    assert sum(h.count for h in figures.hazards) == city.hazards
    assert in_rows <= 6, statements[:in_rows]
    assert in_stats <= 12, statements[in_rows:]
    assert city.today == TODAY
