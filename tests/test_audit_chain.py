"""The audit chain check streams: it reads the log in pages by sequence number, each page its
own short reading, and hashes as it goes (the verifier takes any iterable and stops at the
first break); entries hashed by the database's trigger (form 2, team mode on PostgreSQL) are
checked against the payload the server computes with the trigger's own expression."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator
from types import SimpleNamespace
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from core.services import audit_check, users
from core.services.context import Context
from core.services.packs import default_catalogue
from core.store.audit_chain import FORM2_HASH_SQL, FORM2_PAYLOAD_SQL, entry_hash, verify
from core.store.db import Store, open_store

from .db_state import audit_head as head
from .db_state import behind_the_guard
from .workflow_helpers import cli_run

TODAY = dt.date(2026, 3, 2)
ADMIN = "管理员甲"


@pytest.fixture
def store(db_url: str) -> Iterator[Store]:
    s = open_store(db_url)
    yield s
    s.close()


def ctx_of(store: Store) -> Context:
    return Context(store, default_catalogue(), ADMIN, TODAY, "zh")


def logged(store: Store, n: int) -> Context:
    """``n`` users added (the first change makes 管理员甲 administrator): about ``n`` + 1
    audit entries."""
    ctx = ctx_of(store)
    for k in range(n):
        users.add_user(ctx, f"检查员{k:02d}", role="inspector")
    return ctx



def test_the_chain_is_read_page_by_page_across_page_boundaries(store: Store) -> None:
    ctx = logged(store, 10)
    seq, _ = head(store.url)
    for page in (1, 3, seq, seq + 5):
        assert audit_check.chain_check(ctx, page=page) == (seq, None)
    behind_the_guard(store.url, "UPDATE audit_log SET actor = '篡改者' WHERE seq = 7")
    count, broken = audit_check.chain_check(ctx, page=3)
    assert broken is not None and (broken.seq, broken.why) == (7, "altered")
    assert count == 7  # read up to the break, not further
    behind_the_guard(store.url, "UPDATE audit_log SET actor = :a WHERE seq = 7", a=ADMIN)
    behind_the_guard(store.url, "DELETE FROM audit_log WHERE seq = 4")
    _, broken = audit_check.chain_check(ctx, page=3)
    assert broken is not None and (broken.seq, broken.why) == (4, "missing")


def test_an_entry_after_the_recorded_head_is_named(store: Store) -> None:
    ctx = logged(store, 3)
    seq, digest = head(store.url)
    # A well-formed entry appended without moving the head: no append of anjian's does that.
    at = dt.datetime(2026, 3, 2, 8, tzinfo=dt.UTC)
    forged = entry_hash(digest, seq + 1, at, "某人", "user.add", "user", "x", None, None)
    behind_the_guard(store.url, "INSERT INTO audit_log (seq, at, actor, action, object_type, "
                     "object_id, prev_hash, hash, form) VALUES (:s, :at, '某人', 'user.add', "
                     "'user', 'x', :p, :h, 1)", s=seq + 1, at=at, p=digest, h=forged)
    count, broken = audit_check.chain_check(ctx)
    assert count == seq  # the chain up to the head holds
    assert broken is not None and (broken.seq, broken.why) == (seq + 1, "beyond_head")
    assert "after the recorded head" in broken.reason


def test_the_verifier_streams_and_stops_at_the_first_break() -> None:
    at = dt.datetime(2026, 3, 2, tzinfo=dt.UTC)

    def entries() -> Iterator[Any]:
        prev = ""
        for seq in itertools.count(1):  # endless: a verifier that collected it would hang
            digest = entry_hash(prev, seq, at, "甲", "a", "o", "1", None, None)
            yield SimpleNamespace(seq=seq, at=at, actor="甲", action="a", object_type="o",
                                  object_id="1", before=None, after=None, prev_hash=prev,
                                  hash=digest if seq != 5000 else "0" * 64)
            prev = digest

    broken = verify(entries(), 10**9, "")
    assert broken is not None and (broken.seq, broken.why) == (5000, "altered")


def test_a_form_2_entry_outside_postgresql_cannot_be_checked(tmp_path: Any) -> None:
    url = f"sqlite:///{tmp_path / 'a.db'}"
    store = open_store(url)
    try:
        ctx = logged(store, 1)
        behind_the_guard(url, "UPDATE audit_log SET form = 2 WHERE seq = 2")
        _, broken = audit_check.chain_check(ctx)
        assert broken is not None and (broken.seq, broken.why) == (2, "form")
    finally:
        store.close()


# --- form 2: hashed by the database ---------------------------------------------------------

#: A stand-in for the team set-up's trigger, built from the same expression the check uses:
#: a form-2 entry takes the next number and the head's hash, and is hashed in the database.
TRIGGER = """
CREATE FUNCTION test_chain_form2() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE h record;
BEGIN
  SELECT seq, hash INTO h FROM audit_head WHERE id = 1 FOR UPDATE;
  NEW.seq := h.seq + 1;
  NEW.prev_hash := h.hash;
  NEW.hash := {hash};
  UPDATE audit_head SET seq = NEW.seq, hash = NEW.hash WHERE id = 1;
  RETURN NEW;
END $$;
CREATE TRIGGER test_chain_form2 BEFORE INSERT ON audit_log FOR EACH ROW
  WHEN (NEW.form = 2) EXECUTE FUNCTION test_chain_form2();
"""

ROW_IMAGE = ("INSERT INTO audit_log (seq, at, actor, action, object_type, object_id, before, "
             "after, prev_hash, hash, form) VALUES (0, :at, :actor, 'row.update', 'hazard', "
             ":oid, CAST(:before AS json), CAST(:after AS json), '', '', 2)")


def test_form_2_entries_are_checked_with_the_servers_payload(
        pg_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    store = open_store(pg_url)
    try:
        ctx = logged(store, 2)  # form-1 entries, by anjian
        engine = create_engine(pg_url)
        try:
            with engine.begin() as conn:
                conn.execute(text(TRIGGER.format(hash=FORM2_HASH_SQL.format(row="NEW."))))
            with engine.begin() as conn:
                # written in another time zone than the check reads in: the payload is UTC
                conn.execute(text("SET TIME ZONE 'Asia/Shanghai'"))
                for n, (before, after) in enumerate((
                        ('{"status": "open", "note": "未整改"}', '{"status": "closed"}'),
                        (None, '{"z": [1, {"b": "中", "a": null}], "a": 1.5}'))):
                    conn.execute(text(ROW_IMAGE), {
                        "at": dt.datetime(2026, 3, 2, 8, 30, 15, 123456 + n, tzinfo=dt.UTC),
                        "actor": "anjian_inspector_乙", "oid": str(n + 1),
                        "before": before, "after": after})
            users.add_user(ctx, "检查员丙", role="inspector")  # form 1 again, after them
            with engine.connect() as conn:
                forms = [f for (f,) in conn.execute(text(
                    "SELECT form FROM audit_log ORDER BY seq"))]
                payload = conn.execute(text(
                    "SELECT " + FORM2_PAYLOAD_SQL.format(row="") + " FROM audit_log "
                    "WHERE form = 2 ORDER BY seq")).scalars().first()
        finally:
            engine.dispose()
        assert forms[-4:] == [1, 2, 2, 1]
        assert payload is not None and '"2026-03-02T08:30:15.123456"' in payload
        seq, _ = head(pg_url)
        assert audit_check.chain_check(ctx, page=2) == (seq, None)

        altered = forms.index(2) + 2  # the second form-2 entry
        behind_the_guard(pg_url, "UPDATE audit_log SET after = CAST(:a AS json) WHERE seq = :s",
                         a='{"z": [1, {"b": "中", "a": null}], "a": 2}', s=altered)
        _, broken = audit_check.chain_check(ctx)
        assert broken is not None and (broken.seq, broken.why) == (altered, "altered")
        code, _, err = cli_run(pg_url, ADMIN, ["audit", "verify"], capsys)
        assert code == 1 and f"audit log broken at entry {altered}" in err
    finally:
        store.close()
