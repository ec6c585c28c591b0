"""The time limits of a PostgreSQL session: a transaction someone left open on a record, a
statement that runs too long, a transaction left idle. Each is its own clear message, and
nothing of the refused change is stored. Real PostgreSQL, a second real connection."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import psycopg
import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from core.i18n import AnjianError
from core.process.workflow import PLAN_FIELDS
from core.services import hazards
from core.services.context import Context
from core.services.packs import default_catalogue
from core.store.db import make_engine, open_store, pg_timeouts

from .db_state import snapshot
from .workflow_helpers import cli_run, major_hazard_setup

TODAY = dt.date(2026, 3, 2)
LEAD = "组长甲"
#: A major hazard's treatment plan, with its first deadline.
PLAN: dict[str, Any] = {"responsible": "张三", "deadline": TODAY + dt.timedelta(days=5),
        **{k: "整改" for k in PLAN_FIELDS}}


@contextmanager
def stalled(url: str, sql: str, **params: object) -> Iterator[None]:
    """Another client's transaction that takes a lock with ``sql`` and then sits there, as a
    session whose user went to lunch does; rolled back when the block ends."""
    u = make_url(url)
    conn = psycopg.connect(host=u.host, port=u.port or 5432, user=u.username,
                           dbname=u.database, connect_timeout=5)
    try:
        conn.execute(sql, params)  # psycopg opened a transaction: the lock is held
        yield
    finally:
        conn.rollback()
        conn.close()


@pytest.fixture
def world(pg_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Context, int]]:
    """A major hazard on a PostgreSQL database whose sessions wait half a second for a lock."""
    monkeypatch.setenv("ANJIAN_PG_LOCK_TIMEOUT", "500")
    store = open_store(pg_url)
    ctx = Context(store, default_catalogue(), LEAD, TODAY, "zh")
    try:
        yield ctx, major_hazard_setup(ctx)
    finally:
        store.close()


def test_a_session_carries_the_limits(pg_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANJIAN_PG_LOCK_TIMEOUT", "2s")
    monkeypatch.setenv("ANJIAN_PG_STATEMENT_TIMEOUT", "1500")
    monkeypatch.delenv("ANJIAN_PG_IDLE_TIMEOUT", raising=False)
    store = open_store(pg_url)
    try:
        for _ in range(2):  # the same on a connection the pool hands out again
            with store.session() as s:
                shown = s.execute(text(
                    "SELECT current_setting('lock_timeout'), current_setting('statement_timeout'),"
                    " current_setting('idle_in_transaction_session_timeout')")).one()
            assert tuple(shown) == ("2s", "1500ms", "1min")
    finally:
        store.close()


@pytest.mark.parametrize(("raw", "ms"), [("500", 500), ("10s", 10_000), ("2min", 120_000),
                                         (" 1.5 s ", 1500), ("0", 0)])
def test_limits_in_milliseconds_or_postgresql_units(raw: str, ms: int,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANJIAN_PG_STATEMENT_TIMEOUT", raw)
    assert pg_timeouts()["statement_timeout"] == ms


def test_a_limit_that_is_not_a_duration_is_refused_naming_it(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANJIAN_PG_LOCK_TIMEOUT", "ten seconds")
    with pytest.raises(AnjianError) as info:
        make_engine("postgresql+psycopg://postgres@127.0.0.1:5432/test")
    assert info.value.key == "db.bad_timeout"
    assert "ANJIAN_PG_LOCK_TIMEOUT" in info.value.render("zh")
    assert "ten seconds" in info.value.render("zh")


def test_a_record_held_by_a_stalled_transaction(world: tuple[Context, int]) -> None:
    """Someone's transaction holds the hazard's row: planning it waits for the lock limit,
    then says so, and the database is as it was."""
    ctx, hid = world
    before = snapshot(ctx.store.url)
    with stalled(ctx.store.url, "SELECT * FROM hazard WHERE id = %(id)s FOR UPDATE", id=hid), \
            pytest.raises(AnjianError) as info:
        hazards.plan(ctx, hid, **PLAN)
    assert info.value.key == "db.lock_timeout"
    zh = info.value.render("zh")
    assert "0.5 秒" in zh and "未保存" in zh and "pg_stat_activity" in zh
    assert "0.5 s" in info.value.render("en")
    assert snapshot(ctx.store.url) == before
    # the lock released, the same change goes through
    planned = hazards.plan(ctx, hid, **PLAN)
    assert planned.responsible == "张三"


def test_a_stalled_transaction_no_longer_freezes_every_write(
        world: tuple[Context, int], capsys: pytest.CaptureFixture[str]) -> None:
    """A session holding the audit head (which every change appends after) would stop every
    write in the bureau; on the command line the next write is a message, exit 2."""
    ctx, _ = world
    url = ctx.store.url
    before = snapshot(url)
    with stalled(url, "LOCK TABLE audit_head IN EXCLUSIVE MODE"):
        code, out, err = cli_run(url, LEAD, ["enterprises", "add", "--uscc",
                                             "91110000600037341L", "--name", "新单位",
                                             "--district", "历下区", "--sector", "fire"],
                                 capsys, lang="zh")
    assert code == 2, (out, err)
    assert "Traceback" not in err
    assert "另一位用户的修改占用这条记录已超过 0.5 秒" in err and "pg_stat_activity" in err
    assert snapshot(url) == before


def test_a_statement_over_its_limit(pg_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ANJIAN_PG_STATEMENT_TIMEOUT", "200ms")
    store = open_store(pg_url)
    try:
        before = snapshot(pg_url)
        with pytest.raises(AnjianError) as info, store.session() as s:
            s.execute(text("UPDATE enterprise SET name = 'x'"))
            s.execute(text("SELECT pg_sleep(5)"))
        assert info.value.key == "db.statement_timeout"
        assert "0.2 秒" in info.value.render("zh")
        assert snapshot(pg_url) == before
    finally:
        store.close()


def test_a_transaction_left_idle(world: tuple[Context, int],
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """A transaction idle past its limit: the server ends the session and rolls it back; the
    change is said not to be saved (not "perhaps saved"), and it was not."""
    ctx, hid = world
    monkeypatch.setenv("ANJIAN_PG_IDLE_TIMEOUT", "300")
    store = open_store(ctx.store.url)
    try:
        before = snapshot(store.url)
        with pytest.raises(AnjianError) as info, store.session() as s:
            s.execute(text("UPDATE hazard SET responsible = '李四' WHERE id = :id"), {"id": hid})
            time.sleep(1.2)  # the server's limit runs out meanwhile
            s.execute(text("SELECT 1"))
        assert info.value.key == "db.idle_timeout"
        assert "0.3 秒" in info.value.render("zh") and "未保存" in info.value.render("zh")
        assert snapshot(store.url) == before
        with store.session() as s:  # the pool replaced the lost connection
            assert s.execute(text("SELECT 1")).scalar() == 1
    finally:
        store.close()
