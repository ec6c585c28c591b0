"""Personal data as the law expects (个人信息保护法): contacts enter the audit chain only as
salted hashes, a contact can be erased without breaking the chain, and a roster update names
each field it changed (owner-only files: test_file_modes.py)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from sqlalchemy import text

from core.i18n import AnjianError
from core.services import audit_check, roster
from core.services.context import Context
from core.services.packs import default_catalogue
from core.store.db import Store, make_engine, open_store, upgrade
from core.store.personal import personal_hash

from .workflow_helpers import Cli, new_code

TODAY = dt.date(2026, 3, 2)
LEAD = "组长甲"
PHONE = "王经理 13905310001"


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


def audit(store: Store) -> list[dict[str, Any]]:
    """Every audit entry, oldest first, with its before and after decoded."""
    with store.engine.connect() as conn:
        rows = conn.execute(text("SELECT seq, action, object_id, before, after FROM audit_log "
                                 "ORDER BY seq")).all()
    out = []
    for seq, action, obj, before, after in rows:
        out.append({"seq": seq, "action": action, "object": obj,
                    "before": json.loads(before) if isinstance(before, str) else before,
                    "after": json.loads(after) if isinstance(after, str) else after})
    return out


def audit_text(store: Store) -> str:
    """The audit log as stored text (what a reader of the table or a backup sees)."""
    return json.dumps(audit(store), ensure_ascii=False)


def salt(store: Store, code: str) -> str | None:
    with store.engine.connect() as conn:
        value = conn.execute(text("SELECT salt FROM personal_salt WHERE enterprise_uscc = :c"),
                             {"c": code}).scalar()
    return None if value is None else str(value)


def stored(store: Store, code: str) -> tuple[Any, ...]:
    with store.engine.connect() as conn:
        return tuple(conn.execute(text(
            "SELECT name, district, sector, address, contact, version FROM enterprise "
            "WHERE uscc = :c"), {"c": code}).one())


def chain_intact(ctx: Context) -> int:
    checked, broken = audit_check.chain_check(ctx)
    assert broken is None, broken
    return checked


# --- the formula ----------------------------------------------------------------------------

def test_the_hash_is_sha256_of_salt_and_value_and_the_database_agrees(db_url: str) -> None:
    s, value = "0123456789abcdef0123456789abcdef", "王经理 0531-88886666"
    expected = hashlib.sha256((s + value).encode("utf-8")).hexdigest()
    assert personal_hash(s, value) == expected
    assert personal_hash(s, "") == ""
    engine = make_engine(db_url)
    try:
        if engine.dialect.name == "postgresql":  # the formula the database's trigger uses
            with engine.connect() as conn:
                in_sql = conn.execute(text(
                    "SELECT CASE WHEN :v = '' THEN '' ELSE "
                    "encode(sha256(convert_to(:s || :v, 'UTF8')), 'hex') END"),
                    {"s": s, "v": value}).scalar()
                empty = conn.execute(text(
                    "SELECT CASE WHEN :v = '' THEN '' ELSE "
                    "encode(sha256(convert_to(:s || :v, 'UTF8')), 'hex') END"),
                    {"s": s, "v": ""}).scalar()
            assert (in_sql, empty) == (expected, "")
    finally:
        engine.dispose()


# --- contacts in the audit chain ------------------------------------------------------------

def test_a_contact_enters_the_audit_log_as_its_salted_hash(ctx: Context, store: Store) -> None:
    code = new_code()
    roster.add_enterprise(ctx, uscc=code, name="济南甲化工", sector="chemicals",
                          district="历下区", contact=PHONE)
    kept = salt(store, code)
    assert kept is not None and len(kept) == 32 and int(kept, 16) >= 0
    (entry,) = [e for e in audit(store) if e["action"] == "enterprise.add"]
    assert entry["after"]["contact"] == personal_hash(kept, PHONE)
    assert entry["after"]["name"] == "济南甲化工"  # the business's name is no person's
    assert PHONE not in audit_text(store) and "13905310001" not in audit_text(store)
    # none without a contact; every enterprise has its own salt
    bare, other = new_code(), new_code()
    roster.add_enterprise(ctx, uscc=bare, name="济南乙", sector="fire", district="历下区")
    roster.add_enterprise(ctx, uscc=other, name="济南丙", sector="fire", district="历下区",
                          contact=PHONE)
    assert salt(store, bare) is None and salt(store, other) not in (None, kept)
    assert [e["after"]["contact"] for e in audit(store)
            if e["action"] == "enterprise.add" and e["object"] == bare] == [""]
    assert chain_intact(ctx) == 4


def test_a_salt_is_written_before_its_enterprise_and_never_without_one(store: Store) -> None:
    code = new_code()
    with store.engine.begin() as conn:  # salt first: the key is checked at commit
        conn.execute(text("INSERT INTO personal_salt (enterprise_uscc, salt) VALUES (:c, :s)"),
                     {"c": code, "s": "a" * 32})
        conn.execute(text(
            "INSERT INTO enterprise (uscc, name, district, sector, address, contact, "
            "created_at, version) VALUES (:c, 'n', 'd', 'fire', '', '', :t, 1)"),
            {"c": code, "t": dt.datetime(2026, 1, 1, tzinfo=dt.UTC)})
    assert salt(store, code) == "a" * 32
    with pytest.raises(Exception, match=r"(?i)foreign key"), store.engine.begin() as conn:
        conn.execute(text("INSERT INTO personal_salt (enterprise_uscc, salt) VALUES (:c, :s)"),
                     {"c": new_code(), "s": "b" * 32})


def test_migration_0014_gives_each_contact_a_salt(empty_db_url: str) -> None:
    engine = make_engine(empty_db_url)
    with_contact, without = new_code(), new_code()
    try:
        upgrade(engine, "0013")
        with engine.begin() as conn:
            for code, contact in ((with_contact, PHONE), (without, "")):
                conn.execute(text(
                    "INSERT INTO enterprise (uscc, name, district, sector, address, contact, "
                    "created_at, version) VALUES (:c, '旧单位', '历下区', 'fire', '', :p, :t, 1)"),
                    {"c": code, "p": contact, "t": dt.datetime(2026, 1, 1, tzinfo=dt.UTC)})
        upgrade(engine)
        with engine.connect() as conn:
            salts = dict(conn.execute(text("SELECT enterprise_uscc, salt FROM personal_salt")
                                      ).all())
    finally:
        engine.dispose()
    assert list(salts) == [with_contact] and len(salts[with_contact]) == 32


# --- erasing a contact ----------------------------------------------------------------------

def test_erasing_a_contact_unlinks_its_hashes_and_keeps_the_chain(ctx: Context,
                                                                 store: Store) -> None:
    code = new_code()
    roster.add_enterprise(ctx, uscc=code, name="济南甲化工", sector="chemicals",
                          district="历下区", contact=PHONE)
    old_salt = salt(store, code)
    assert old_salt is not None
    added_hash = personal_hash(old_salt, PHONE)
    version = stored(store, code)[-1]

    done = roster.erase_contact(ctx, code, reason="本人要求删除")
    assert (done.fields, done.salt_deleted, done.changed) == (("contact",), True, True)
    assert stored(store, code)[4:] == ("", version + 1)
    assert salt(store, code) is None
    entry = audit(store)[-1]
    assert (entry["action"], entry["object"]) == ("enterprise.erase_contact", code)
    assert entry["before"] == {"contact": added_hash}
    assert entry["after"] == {"contact": "", "reason": "本人要求删除", "salt_deleted": True}
    assert PHONE not in audit_text(store)
    assert added_hash in audit_text(store)  # history stays: only the salt to test it is gone
    chain_intact(ctx)

    again = roster.erase_contact(ctx, code, reason="再次")
    assert not again.changed and audit(store)[-1] == entry  # nothing left: nothing written


def test_a_contact_given_after_an_erasure_gets_a_new_salt(ctx: Context, store: Store,
                                                          tmp_path: Path) -> None:
    code = new_code()
    roster.add_enterprise(ctx, uscc=code, name="济南甲", sector="fire", district="历下区",
                          contact=PHONE)
    first = salt(store, code)
    roster.erase_contact(ctx, code, reason="离职")
    book = roster_book(tmp_path / "new-contact.xlsx", [[code, "济南甲", "历下区", "fire", "",
                                                        "李主任 13905310002"]])
    assert roster.import_enterprises(ctx, book, update_existing=True).updated == 1
    second = salt(store, code)
    assert second is not None and second != first
    entry = audit(store)[-2]
    assert entry["before"] == {"contact": ""}
    assert entry["after"] == {"contact": personal_hash(second, "李主任 13905310002")}
    chain_intact(ctx)


def test_erase_contact_through_the_command_line(tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'anjian.db'}"
    admin = Cli(capsys, url, "管理员甲")
    code = new_code()
    admin.ok("enterprises", "add", "--uscc", code, "--name", "济南甲化工", "--sector",
             "chemicals", "--district", "历下区", "--contact", PHONE)
    admin.ok("users", "add", "组长乙", "--role", "lead")
    admin.ok("users", "add", "检查员丙", "--role", "inspector")
    before = admin.json("enterprises", "show", code)
    assert before["contact"] == PHONE

    inspector = Cli(capsys, url, "检查员丙")
    err = inspector.refused("enterprises", "erase-contact", code, "--reason", "要求删除")
    assert "may not erase an enterprise's contact" in err and "it needs the role lead" in err
    err = admin.refused("enterprises", "erase-contact", code)
    assert f"erasing the contact of {code} needs a reason (--reason)" in err
    admin.refused("enterprises", "erase-contact", code, "--reason", "  ")
    missing = new_code()
    assert f"no enterprise {missing}" in admin.refused("enterprises", "erase-contact", missing,
                                                      "--reason", "要求删除")
    assert admin.json("enterprises", "show", code)["contact"] == PHONE

    lead = Cli(capsys, url, "组长乙")
    code_, out, _ = cli_zh(lead, "enterprises", "erase-contact", code, "--reason", "本人要求删除")
    assert code_ == 0 and f"已删除 {code} 济南甲化工 的联系人信息" in out, out
    assert admin.json("enterprises", "show", code)["contact"] == ""
    assert "audit log intact" in admin.ok("audit", "verify")
    code_, out, _ = cli_zh(lead, "enterprises", "erase-contact", code, "--reason", "再次")
    assert code_ == 0 and "没有联系人信息，无需删除" in out
    code_, _, err = cli_zh(lead, "enterprises", "erase-contact", missing, "--reason", "x")
    assert code_ == 2 and f"没有单位 {missing}" in err
    code_, _, err = cli_zh(lead, "enterprises", "erase-contact", code)
    assert code_ == 2 and f"删除 {code} 的联系人信息需要说明原因（--reason）" in err


def cli_zh(cli: Cli, *args: str) -> tuple[int, str, str]:
    from .workflow_helpers import cli_run

    return cli_run(cli.url, cli.user, list(args), cli.capsys, lang="zh")


# --- roster updates -------------------------------------------------------------------------

HEADER = ("统一社会信用代码", "名称", "区县", "行业", "地址", "联系人")


def roster_book(path: Path, rows: list[list[Any]], header: tuple[str, ...] = HEADER) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = "名单"
    ws.append(["济南市重点监管单位名单"])
    ws.append(list(header))
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def test_a_roster_update_logs_each_changed_field(ctx: Context, store: Store,
                                                 tmp_path: Path) -> None:
    a, b, c = new_code(), new_code(), new_code()
    first = roster_book(tmp_path / "r1.xlsx", [
        [a, "济南甲化工", "历下区", "chemicals", "经十路1号", PHONE],
        [b, "济南乙食品", "章丘区", "food", "", "赵主任 0531-88880000"],
        [c, "济南丙商场", "市中区", "fire", "", ""]])
    assert roster.import_enterprises(ctx, first).added == 3
    salts = {x: salt(store, x) for x in (a, b, c)}
    assert salts[a] and salts[b] and salts[c] is None  # a salt for each contact, none without
    versions = {x: stored(store, x)[-1] for x in (a, b, c)}
    start = len(audit(store))

    second = roster_book(tmp_path / "r2.xlsx", [
        [a, "济南甲化工（更名）", "历下区", "chemicals", "经十路1号", "王经理 13905319999"],
        [b, "济南乙食品", "章丘区", "food", "", "赵主任 0531-88880000"],  # as it was
        [c, "济南丙商场", "市中区", "fire", "泉城路2号", "钱店长 13905310003"]])
    result = roster.import_enterprises(ctx, second, update_existing=True)
    assert (result.added, result.updated, result.unchanged) == (0, 2, 1)

    entries = audit(store)[start:]
    assert [(e["action"], e["object"]) for e in entries] == [
        ("enterprise.update", a), ("enterprise.update", c), ("enterprise.import", "r2.xlsx")]
    assert entries[0]["before"] == {"name": "济南甲化工",
                                    "contact": personal_hash(salts[a] or "", PHONE)}
    assert entries[0]["after"] == {
        "name": "济南甲化工（更名）",
        "contact": personal_hash(salts[a] or "", "王经理 13905319999")}
    new_salt = salt(store, c)
    assert new_salt is not None  # a first contact: a salt with it
    assert entries[1]["before"] == {"address": "", "contact": ""}
    assert entries[1]["after"] == {"address": "泉城路2号",
                                   "contact": personal_hash(new_salt, "钱店长 13905310003")}
    assert entries[2]["after"] == {"added": 0, "updated": 2, "unchanged": 1, "skipped_rows": 0}
    text_ = audit_text(store)
    assert "13905319999" not in text_ and "13905310003" not in text_ and "0531-8888" not in text_
    assert stored(store, a) == ("济南甲化工（更名）", "历下区", "chemicals", "经十路1号",
                                "王经理 13905319999", versions[a] + 1)
    assert stored(store, b)[-1] == versions[b]  # unchanged: not rewritten
    assert salt(store, a) == salts[a]
    chain_intact(ctx)


def test_a_roster_without_a_column_leaves_that_field_as_stored(ctx: Context, store: Store,
                                                               tmp_path: Path) -> None:
    code = new_code()
    roster.add_enterprise(ctx, uscc=code, name="济南甲", sector="fire", district="历下区",
                          address="经十路1号", contact=PHONE)
    book = roster_book(tmp_path / "names.xlsx", [[code, "济南甲（更名）", "历下区", "fire"]],
                       header=("统一社会信用代码", "名称", "区县", "行业"))
    assert roster.import_enterprises(ctx, book, update_existing=True).updated == 1
    assert stored(store, code)[:5] == ("济南甲（更名）", "历下区", "fire", "经十路1号", PHONE)
    entry = audit(store)[-2]
    assert (entry["before"], entry["after"]) == ({"name": "济南甲"}, {"name": "济南甲（更名）"})


def test_a_large_roster_update_is_logged_in_one_chain(ctx: Context, store: Store,
                                                      tmp_path: Path) -> None:
    codes = [new_code() for _ in range(1200)]  # more than one read of stored rows at once
    rows = [[x, f"济南{n}号单位", "历下区", "fire", "", f"联系人{n} 1390531{n:04d}"]
            for n, x in enumerate(codes)]
    roster.import_enterprises(ctx, roster_book(tmp_path / "big.xlsx", rows))
    for row in rows[::2]:
        row[5] = row[5] + "转8"
    result = roster.import_enterprises(ctx, roster_book(tmp_path / "big2.xlsx", rows),
                                       update_existing=True)
    assert (result.updated, result.unchanged) == (600, 600)
    updates = [e for e in audit(store) if e["action"] == "enterprise.update"]
    assert [e["object"] for e in updates] == codes[::2]
    assert all(set(e["after"]) == {"contact"} and len(e["after"]["contact"]) == 64
               for e in updates)
    assert chain_intact(ctx) == len(audit(store))


def test_a_refused_erasure_or_import_changes_nothing(ctx: Context, store: Store) -> None:
    code = new_code()
    roster.add_enterprise(ctx, uscc=code, name="济南甲", sector="fire", district="历下区",
                          contact=PHONE)
    before = (audit(store), salt(store, code), stored(store, code))
    with pytest.raises(AnjianError) as info:
        roster.erase_contact(ctx, code, reason="原因\x07")
    assert info.value.key != "contact.erase_reason" and "U+0007" in info.value.render("en")
    assert (audit(store), salt(store, code), stored(store, code)) == before
