"""The store on SQLite and PostgreSQL: migrations, upgrades, refusals, optimistic versioning."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import JSON, bindparam, text
from sqlmodel import SQLModel, select

from core.i18n import AnjianError
from core.services.context import Context
from core.services.packs import default_catalogue
from core.services.schema import upgrade_database
from core.store.db import (
    current_revision,
    downgrade,
    head_revision,
    make_engine,
    open_store,
    upgrade,
)
from core.store.tables import Enterprise, Hazard

from .db_state import snapshot, upgrade_schema
from .workflow_helpers import Cli, cli_run, major_hazard_setup, onsite_campaign


def test_schema_from_migrations_equals_models(empty_db_url: str) -> None:
    db_url = empty_db_url
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    upgrade_schema(db_url)
    store = open_store(db_url)
    try:
        with store.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
        assert diff == []
        assert current_revision(store.engine) == head_revision()
    finally:
        store.close()


def test_index_definitions_from_migrations_equal_models(db_url: str, tmp_path: Path) -> None:
    """What compare_metadata does not look at: each index's full definition, a partial index's
    condition included, is the same in a migrated database and in one made from the models."""
    store = open_store(db_url)
    try:
        if store.engine.dialect.name == "sqlite":
            fresh = make_engine(f"sqlite:///{tmp_path / 'fresh.db'}")
            SQLModel.metadata.create_all(fresh)
            sql = text("SELECT name, sql FROM sqlite_master WHERE type = 'index' "
                       "AND sql IS NOT NULL")
            with store.engine.connect() as conn, fresh.connect() as other:
                migrated, made = dict(conn.execute(sql).all()), dict(other.execute(sql).all())
            fresh.dispose()
        else:
            with store.engine.connect() as conn:
                conn.execute(text("CREATE SCHEMA fresh"))
                SQLModel.metadata.create_all(
                    conn.execution_options(schema_translate_map={None: "fresh"}))
                conn.commit()
                sql = text("SELECT indexname, replace(indexdef, ' ' || schemaname || '.', ' ') "
                           "FROM pg_indexes WHERE schemaname = :schema")
                migrated = dict(conn.execute(sql, {"schema": "public"}).all())
                made = dict(conn.execute(sql, {"schema": "fresh"}).all())
        migrated.pop("alembic_version_pkc", None)  # Alembic's own table
        assert migrated == made
        assert "status <> 'closed'" in migrated["ix_hazard_open"].replace("::text", "").replace(
            "(", "").replace(")", "")
    finally:
        store.close()


def test_older_database_is_upgraded_in_place(empty_db_url: str) -> None:
    """An SQLite file is upgraded when it is opened; a PostgreSQL database is shared, so a
    client opening it refuses, naming who must upgrade it, and ``db upgrade`` then does."""
    db_url = empty_db_url
    engine = make_engine(db_url)
    upgrade(engine, "0001")
    with engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO enterprise (uscc, name, district, sector, address, contact, "
            "created_at, version) VALUES ('91110000600037341L', '旧数据', '历下区', 'fire', "
            "'', '', :now, 1)"), {"now": dt.datetime(2026, 1, 1, tzinfo=dt.UTC)})
    engine.dispose()
    if db_url.startswith("postgresql"):
        before = snapshot(db_url)
        with pytest.raises(AnjianError) as info:
            open_store(db_url)
        assert info.value.key == "db.needs_upgrade"
        zh = info.value.render("zh")
        assert "0001" in zh and head_revision() in zh and "db upgrade" in zh
        assert snapshot(db_url) == before
        assert upgrade_database(db_url) == ("0001", head_revision())
    store = open_store(db_url)
    try:
        assert current_revision(store.engine) == head_revision() != "0001"
        with store.session() as s:
            assert s.get(Enterprise, "91110000600037341L").name == "旧数据"  # type: ignore[union-attr]
    finally:
        store.close()


def test_an_empty_shared_database_is_refused_until_its_owner_upgrades_it(
        pg_empty_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    """Opening an empty PostgreSQL database creates nothing in it; the message names the
    database (never its password), both revisions and the command; ``anjian db upgrade``
    then makes the schema and the database opens."""
    code, _, err = cli_run(pg_empty_url, "组长甲", ["enterprises", "list"], capsys, lang="zh")
    assert code == 2 and "Traceback" not in err
    assert "db upgrade" in err and head_revision() in err and "空数据库" in err
    assert "anjian_t_" in err and "所有者或数据库管理员" in err
    cli = Cli(capsys, pg_empty_url)
    assert snapshot(pg_empty_url) == {}
    with pytest.raises(AnjianError) as info:
        open_store(pg_empty_url)
    assert info.value.key == "db.needs_upgrade"
    assert snapshot(pg_empty_url) == {}
    assert head_revision() in cli.ok("db", "upgrade")
    assert cli.ok("enterprises", "list", "--json")
    store = open_store(pg_empty_url)
    try:
        assert current_revision(store.engine) == head_revision()
    finally:
        store.close()


def test_a_database_at_an_older_revision_is_refused_unchanged(
        pg_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    """A populated database moved back a revision: every client refuses it and changes
    nothing, whatever the command; its owner's ``db upgrade`` brings it back."""
    cli = Cli(capsys, pg_url)
    cli.ok("enterprises", "add", "--uscc", "91110000600037341L", "--name", "旧数据",
           "--district", "历下区", "--sector", "fire")
    engine = make_engine(pg_url)
    previous = known_previous()
    downgrade(engine, previous)
    engine.dispose()
    before = snapshot(pg_url)
    err = cli.refused("hazards", "list")
    assert previous in err and head_revision() in err and "db upgrade" in err
    err = cli.refused("enterprises", "add", "--uscc", "91110000600037341L", "--name", "新数据",
                      "--district", "历下区", "--sector", "fire")
    assert previous in err and head_revision() in err and "db upgrade" in err
    assert snapshot(pg_url) == before
    assert f"{previous}" in cli.ok("db", "upgrade")
    assert "旧数据" in cli.ok("enterprises", "list")


def known_previous() -> str:
    """The revision before the current one."""
    from alembic.script import ScriptDirectory

    from core.store.db import _alembic_config

    revision = ScriptDirectory.from_config(_alembic_config(None)).get_revision(head_revision())
    assert revision is not None and isinstance(revision.down_revision, str)
    return revision.down_revision


def test_newer_database_is_refused_untouched(db_url: str) -> None:
    open_store(db_url).close()
    engine = make_engine(db_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()
    with pytest.raises(AnjianError) as info:
        open_store(db_url)
    assert info.value.key == "db.newer"
    engine = make_engine(db_url)
    assert current_revision(engine) == "9999"
    engine.dispose()


def test_someone_elses_database_is_refused(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'other.db'}"
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE payroll (id INTEGER PRIMARY KEY)"))
    engine.dispose()
    with pytest.raises(AnjianError, match="payroll"):
        open_store(url)


def test_unreachable_and_malformed_urls() -> None:
    with pytest.raises(AnjianError) as info:
        open_store("postgresql+psycopg://postgres@127.0.0.1:1/nothing")
    assert info.value.key == "db.unavailable"
    assert "127.0.0.1" in str(info.value)
    with pytest.raises(AnjianError) as bad:
        open_store("mysql://nope")
    assert bad.value.key == "db.bad_url"
    with pytest.raises(AnjianError):
        open_store("not a url at all")


def test_stale_write_between_two_connections_is_refused(pg_url: str) -> None:
    """Two auditors on one PostgreSQL server, each in an open transaction on the same hazard:
    the later write is refused, the earlier one kept. (On SQLite a writer holds the file's
    write lock for its whole transaction, so the same race cannot happen there; stale views
    are refused by version, see the next test.)"""
    first = open_store(pg_url)
    second = open_store(pg_url)  # a second engine: a second auditor's connection
    try:
        ctx = Context(first, default_catalogue(), "组长甲", dt.date(2026, 3, 2))
        hazard_id = major_hazard_setup(ctx)
        with pytest.raises(AnjianError) as info, first.session() as sa:
            mine = sa.exec(select(Hazard).where(Hazard.id == hazard_id)).one()
            with second.session() as sb:
                theirs = sb.exec(select(Hazard).where(Hazard.id == hazard_id)).one()
                theirs.responsible = "第二位检查员"
                sb.add(theirs)
            mine.responsible = "第一位检查员"
            sa.add(mine)
        assert info.value.key == "db.stale"
        with first.session() as s:
            saved = s.get(Hazard, hazard_id)
            assert saved is not None
            assert (saved.responsible, saved.version) == ("第二位检查员", 2)
    finally:
        first.close()
        second.close()


def test_stale_view_through_services(db_url: str) -> None:
    from core.services import hazards

    store = open_store(db_url)
    try:
        ctx = Context(store, default_catalogue(), "组长甲", dt.date(2026, 3, 2))
        hazard_id = major_hazard_setup(ctx)
        plan = {f"plan_{k}": "x" for k in ("goal", "method", "funding", "organisation",
                                           "timeline", "safety")}
        hazards.plan(ctx, hazard_id, deadline=dt.date(2026, 4, 1), responsible="甲",
                     expected_version=1, **plan)
        with pytest.raises(AnjianError) as info:
            hazards.plan(ctx, hazard_id, deadline=dt.date(2026, 5, 1), responsible="乙",
                         expected_version=1, **plan)
        assert info.value.key == "db.stale_view"
        with store.session() as s:
            h = s.get(Hazard, hazard_id)
            assert h is not None
            assert (h.responsible, h.deadline) == ("甲", dt.date(2026, 4, 1))
    finally:
        store.close()


def test_bulk_load_reads_back_like_single_inserts(db_url: str) -> None:
    from core.store.bulk import load_findings
    from core.store.tables import FindingRow

    store = open_store(db_url)
    try:
        ctx = Context(store, default_catalogue(), "组长甲", dt.date(2026, 3, 2))
        hazard_id = major_hazard_setup(ctx)
        with store.session() as s:
            inspection_id = s.get(Hazard, hazard_id).inspection_id  # type: ignore[union-attr]
        rows = [{"inspection_id": inspection_id, "pack_id": "bulk", "item_id": f"B{n:05d}",
                 "status": "noncompliant" if n % 3 == 0 else "compliant", "note": f"第{n}行",
                 "corrected_on_site": n % 6 == 0, "detail": {"value": n} if n == 7 else {}}
                for n in range(1, 2501)]
        stamp = dt.datetime(2026, 3, 2, 9, 30, tzinfo=dt.UTC)
        # a row's own time, one of a hundred (more than the load keeps converted at once)
        own = [dt.datetime(2026, 3, 1, 8, 0, tzinfo=dt.UTC) + dt.timedelta(minutes=k)
               for k in range(100)]
        for n in range(1000, 2501, 5):
            rows[n - 1]["answered_at"] = own[n % 100]
        assert load_findings(store, rows, answered_by="导入", answered_at=stamp) == 2500
        with store.session() as s:
            got = {r.item_id: r for r in s.exec(select(FindingRow).where(
                FindingRow.pack_id == "bulk")).all()}
        assert len(got) == 2500
        seven, six = got["B00007"], got["B00006"]
        assert (seven.status, seven.note, seven.detail, seven.corrected_on_site) == (
            "compliant", "第7行", {"value": 7}, False)
        assert (six.status, six.corrected_on_site, six.evidence, six.answered_by) == (
            "noncompliant", True, [], "导入")
        assert six.answered_at == stamp
        assert all(got[f"B{n:05d}"].answered_at == own[n % 100] for n in range(1000, 2501, 5))
        assert got["B01001"].answered_at == stamp
        bad = [*rows[:5], {"inspection_id": inspection_id, "pack_id": "bulk2",
                           "item_id": "Z", "status": "maybe"}]
        with pytest.raises(AnjianError, match="row 6: status 'maybe'"):
            load_findings(store, ({**r, "pack_id": "bulk2"} for r in bad))
        with store.session() as s:
            assert s.exec(select(FindingRow).where(FindingRow.pack_id == "bulk2")).all() == []
    finally:
        store.close()


def test_stored_warnings_become_keys_and_back(db_url: str) -> None:
    """Migration 0005: warnings stored as sentences (in either language, before it) become
    catalogue keys with parameters, the same whoever answered; downgrading writes English."""
    from core.engine.determination import Notice
    from core.services import audit_check, inspections
    from core.store.db import downgrade

    store = open_store(db_url)
    ctx = Context(store, default_catalogue(), "组长甲", dt.date(2026, 3, 2), "zh")
    try:
        cid, target = onsite_campaign(ctx, ["gb35181-2017"], sector="fire")
        # withdrawn by the inspections' date (2025-11-01): confirmed
        zh = inspections.start_inspection(ctx, campaign_id=cid, enterprise=target,
                                          categories=["other"], withdrawn_ok=True).id
        en = inspections.start_inspection(ctx, campaign_id=cid, enterprise=target,
                                          categories=["other"], again=True,
                                          withdrawn_ok=True).id
        assert zh and en
        inspections.answer(ctx, zh, "FIRE-2017-D-6.6", "noncompliant")
        # major too (a verified element): under the withdrawn standard an open determination
        # would also carry warn.withdrawn_incomplete, a notice younger than 0005
        inspections.answer(ctx, en, "FIRE-2017-D-6.1", "noncompliant")
        fresh = {i: _warnings(store, i) for i in (zh, en)}
        superseded = {"key": "warn.superseded", "params": {
            "standard": "GB 35181-2017", "successor": "GB 35181-2025", "date": "2025-11-01"}}
        assert fresh[en] == [superseded]
        assert fresh[zh][0] == superseded and fresh[zh][1]["key"] == "warn.unverified"

        downgrade(store.engine, "0004")
        english = Notice.model_validate(superseded).render("en")
        assert _warnings(store, en) == [english]
        # what a Chinese answerer's inspection held before 0005
        chinese = [Notice.model_validate(w).render("zh") for w in fresh[zh]]
        with store.engine.begin() as conn:
            raw = conn.execute(text("SELECT determination FROM inspection WHERE id = :i"),
                               {"i": zh}).scalar_one()
            data = raw if isinstance(raw, dict) else json.loads(raw)
            data["determinations"][0]["warnings"] = chinese
            conn.execute(text("UPDATE inspection SET determination = :d WHERE id = :i")
                         .bindparams(bindparam("d", type_=JSON)), {"d": data, "i": zh})
        assert _warnings(store, zh) == chinese

        upgrade(store.engine)
        assert {i: _warnings(store, i) for i in (zh, en)} == fresh
        check = audit_check.determination_check(ctx)
        assert (check.checked, check.mismatched) == (2, ())
    finally:
        store.close()


def test_an_unknown_warning_sentence_is_kept_whole() -> None:
    import importlib

    migration = importlib.import_module(
        "core.store.migrations.versions.0005_language_neutral_warnings")
    assert migration.to_notice("别的提示") == {"key": "warn.text", "params": {"text": "别的提示"}}
    assert migration.to_text({"key": "warn.text", "params": {"text": "别的提示"}}) == "别的提示"
    assert migration.to_notice("pack p has no on-site correction rule; item(s) A, B still "
                               "count") == {"key": "warn.correction_ignored",
                                            "params": {"pack": "p", "items": "A, B"}}


def _warnings(store: Any, inspection: int) -> list[Any]:
    with store.engine.connect() as conn:
        raw = conn.execute(text("SELECT determination FROM inspection WHERE id = :i"),
                           {"i": inspection}).scalar_one()
    data = raw if isinstance(raw, dict) else json.loads(raw)
    (det,) = data["determinations"]
    return list(det["warnings"])


class _DriverError(Exception):
    """What a database driver raises, with the attributes anjian reads."""

    def __init__(self, text: str, *, sqlite_errorcode: int | None = None,
                 sqlstate: str | None = None) -> None:
        super().__init__(text)
        if sqlite_errorcode is not None:
            self.sqlite_errorcode = sqlite_errorcode
        self.sqlstate = sqlstate


@pytest.mark.parametrize(("orig", "zh"), [
    (_DriverError("database is locked", sqlite_errorcode=5), "数据库正被其他程序占用"),
    (_DriverError("file is not a database", sqlite_errorcode=26), "该文件不是数据库"),
    (_DriverError('password authentication failed for user "x"', sqlstate="28P01"),
     "登录数据库失败，请检查用户名和密码"),
    (_DriverError("terminating connection due to administrator command", sqlstate="57P01"),
     "数据库服务中断了连接"),
    (_DriverError('connection failed: connection to server at "127.0.0.1", port 1 failed: '
                  "Connection refused"), "连接被拒绝：数据库服务是否在运行"),
    (_DriverError("something new"), "数据库报告: something new"),
])
def test_why_the_database_is_unavailable_reads_in_chinese(orig: _DriverError, zh: str) -> None:
    from sqlalchemy.exc import OperationalError

    from core.store.db import _unavailable

    err = _unavailable(OperationalError("SELECT 1", {}, orig), "sqlite:////tmp/x.db")
    assert err.key == "db.unavailable"
    assert zh in err.render("zh")
    # the driver's own words stay, in English as they were
    assert " ".join(str(orig).split()) in err.render("en")
    assert " ".join(str(orig).split()) in err.render("zh")


def test_a_record_that_is_not_there_is_named_in_chinese(db_url: str) -> None:
    from core.store import queries

    store = open_store(db_url)
    try:
        with store.session() as s, pytest.raises(AnjianError) as info:
            queries.get(s, Enterprise, "nope", "enterprise")
    finally:
        store.close()
    assert info.value.render("zh") == "没有单位 nope"
    assert info.value.render("en") == "no enterprise nope"
