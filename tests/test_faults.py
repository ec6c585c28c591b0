"""Faults from outside the program: a PostgreSQL backend killed in the middle of a campaign
advance, a server that cannot be reached or takes no writes, a full disk, a read-only SQLite
file. The data is left as it was before the change or as it is after it, never in between, the
audit chain still verifies, and the user is told what happened and what to do — no traceback."""

from __future__ import annotations

import datetime as dt
import socket
import subprocess
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psycopg
import pytest
from sqlalchemy import Engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.pool import Pool

from core.i18n import AnjianError
from core.process.workflow import deadlines
from core.services import campaigns, inspections
from core.services.context import Context
from core.services.packs import default_catalogue
from core.store import queries as q
from core.store.audit_chain import verify
from core.store.db import Store, make_engine, open_store, upgrade
from core.store.tables import Campaign
from tests.workflow_helpers import answer_all, cli_run, onsite_campaign

from .conftest import PG_SERVER

TODAY = dt.date(2026, 3, 2)
LEAD = "组长甲"  # the one actor: the first user of a new database is its administrator


def context(store: Store) -> Context:
    return Context(store, default_catalogue(), LEAD, TODAY, "en")


def ready_to_leave_onsite(ctx: Context) -> int:
    """A campaign on site whose on-site inspection is fully answered: the next advance moves
    it to feedback and sets its deadlines. Returns the campaign id."""
    cid, target = onsite_campaign(ctx)
    insp = inspections.start_inspection(ctx, campaign_id=cid, enterprise=target)
    assert insp.id is not None
    answer_all(ctx, insp.id)
    return cid


def audit_chain(store: Store) -> list[Any]:
    """Every audit entry, after checking the hash chain against the recorded head."""
    with store.session() as s:
        entries = list(q.audit_entries(s))
        head = q.audit_head(s)
    assert verify(entries, head.seq, head.hash) is None
    return entries


def run(url: str, args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    """``anjian`` in this process, as a user types it; (exit status, everything printed)."""
    code, out, err = cli_run(url, LEAD, args, capsys)
    return code, out + err


# --- PostgreSQL: a backend killed at a precise point of an advance --------------------------


@dataclass(frozen=True)
class Stored:
    """What the server has committed about one campaign."""

    stage: str
    onsite_done_on: dt.date | None
    training_due: dt.date | None
    reports_due: dt.date | None
    advances: tuple[str, ...]  # the stage after each advance in the audit log


def advanced_on(day: dt.date) -> Stored:
    return Stored("feedback", day, *deadlines(day), ("onsite", "feedback"))


OLD = Stored("onsite", None, None, None, ("onsite",))
NEW = advanced_on(TODAY)


def stored(url: str, cid: int) -> Stored:
    """Read through a store of its own, so the killed one's pool plays no part."""
    store = open_store(url, migrate=False)
    try:
        with store.session() as s:
            c = s.get(Campaign, cid)
            assert c is not None
        advances = tuple(e.after["stage"] for e in audit_chain(store)
                         if e.action == "campaign.advance" and e.object_id == str(cid))
        return Stored(c.stage, c.onsite_done_on, c.training_due, c.reports_due, advances)
    finally:
        store.close()


def connect(url: str, **kwargs: Any) -> psycopg.Connection[Any]:
    u = make_url(url)
    return psycopg.connect(host=u.host, port=u.port or 5432, user=u.username,
                           password=u.password, dbname=u.database, connect_timeout=5, **kwargs)


@pytest.fixture
def admin(pg_url: str) -> Iterator[psycopg.Connection[Any]]:
    """A superuser connection outside the store's pool (to the server's own database): the
    one that kills."""
    with connect(PG_SERVER, autocommit=True) as conn:
        yield conn


def terminate(admin: psycopg.Connection[Any], pid: int) -> None:
    """Have the server kill backend ``pid``, and wait until it is gone."""
    row = admin.execute("SELECT pg_terminate_backend(%s, 10000)", (pid,)).fetchone()
    assert row == (True,), f"backend {pid} was not terminated"


@pytest.fixture
def world(pg_url: str) -> Iterator[tuple[Store, Context, int]]:
    store = open_store(pg_url)
    try:
        ctx = context(store)
        cid = ready_to_leave_onsite(ctx)
        assert stored(pg_url, cid) == OLD
        yield store, ctx, cid
    finally:
        store.close()


@contextmanager
def kill_before(target: Any, statement: str, admin: psycopg.Connection[Any]) -> Iterator[
        list[int]]:
    """Kill the backend just before the first statement starting with ``statement`` is sent on
    ``target`` (an engine, or ``Engine`` for every engine of the process); yields the pids
    killed, to check the kill did happen."""
    killed: list[int] = []

    def before(_conn: Any, cursor: Any, sql: str, *_args: Any) -> None:
        if not killed and sql.lstrip().startswith(statement):
            killed.append(cursor.connection.info.backend_pid)
            terminate(admin, killed[0])

    event.listen(target, "before_cursor_execute", before)
    try:
        yield killed
    finally:
        event.remove(target, "before_cursor_execute", before)


#: Statements of an advance from on site to feedback, in the order they are sent: the reads,
#: the audit head locked, the entry appended, the head moved, then the campaign's UPDATE
#: (flushed last). A kill before each finds nothing committed.
STATEMENTS = {
    "first read": "SELECT campaign.",
    "audit head locked": "SELECT audit_head.",
    "audit entry": "INSERT INTO audit_log",
    "audit head moved": "UPDATE audit_head",
    "campaign update": "UPDATE campaign",
}


@pytest.mark.parametrize("point", list(STATEMENTS))
def test_backend_killed_before_a_statement_leaves_the_old_state(
        point: str, world: tuple[Store, Context, int], admin: psycopg.Connection[Any],
        pg_url: str) -> None:
    store, ctx, cid = world
    with kill_before(store.engine, STATEMENTS[point], admin) as killed, \
            pytest.raises(AnjianError) as info:
        campaigns.advance(ctx, cid)
    assert killed, f"no statement starting {STATEMENTS[point]!r} was sent"
    assert info.value.key == "db.unavailable"
    assert "terminating connection due to administrator command" in str(info.value)
    assert stored(pg_url, cid) == OLD
    # The pool pings, finds the dead connection and opens a new one: the retry goes through.
    assert campaigns.advance(ctx, cid).stage == "feedback"
    assert stored(pg_url, cid) == NEW


def test_backend_killed_after_every_write_before_commit(
        world: tuple[Store, Context, int], admin: psycopg.Connection[Any], pg_url: str) -> None:
    """Killed just before COMMIT is sent: nothing was saved, but a client cannot tell that
    from a COMMIT lost on the way, so the user is told to look before doing it again."""
    store, ctx, cid = world
    killed: list[int] = []

    def commit(conn: Any) -> None:
        killed.append(conn.connection.dbapi_connection.info.backend_pid)
        terminate(admin, killed[0])

    event.listen(store.engine, "commit", commit)
    try:
        with pytest.raises(AnjianError) as info:
            campaigns.advance(ctx, cid)
    finally:
        event.remove(store.engine, "commit", commit)
    assert killed
    assert info.value.key == "db.in_doubt"
    assert "may or may not have been saved" in str(info.value)
    assert stored(pg_url, cid) == OLD
    assert campaigns.advance(ctx, cid).stage == "feedback"
    assert stored(pg_url, cid) == NEW


def test_backend_killed_during_commit(world: tuple[Store, Context, int],
                                      admin: psycopg.Connection[Any], pg_url: str) -> None:
    """COMMIT reaches the server and the backend is killed while it runs: a deferred trigger
    (added for this test) holds COMMIT on an advisory lock the test owns, and the backend is
    killed while it waits there."""
    _store, ctx, cid = world
    with connect(pg_url, autocommit=True) as holder:
        holder.execute("""CREATE FUNCTION hold_commit() RETURNS trigger LANGUAGE plpgsql AS $$
                          BEGIN PERFORM pg_advisory_xact_lock(4242); RETURN NULL; END $$""")
        holder.execute("""CREATE CONSTRAINT TRIGGER hold_commit AFTER UPDATE ON campaign
                          DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
                          EXECUTE FUNCTION hold_commit()""")
        holder.execute("SELECT pg_advisory_lock(4242)")  # advisory locks are per database
        database = make_url(pg_url).database
        killed: list[int] = []

        def killer() -> None:
            with connect(PG_SERVER, autocommit=True) as watcher:
                deadline = time.monotonic() + 20
                while time.monotonic() < deadline:
                    row = watcher.execute(
                        "SELECT pid FROM pg_stat_activity WHERE datname = %s AND query = 'COMMIT'"
                        " AND wait_event_type = 'Lock'", (database,)).fetchone()
                    if row:
                        killed.append(row[0])
                        terminate(watcher, row[0])
                        return
                    time.sleep(0.01)
                # never seen waiting: let COMMIT through rather than hang, and fail below
                terminate(watcher, holder.info.backend_pid)

        thread = threading.Thread(target=killer)
        thread.start()
        try:
            with pytest.raises(AnjianError) as info:
                campaigns.advance(ctx, cid)
        finally:
            thread.join()
        assert killed, "COMMIT was never seen waiting in the deferred trigger"
        holder.execute("DROP TRIGGER hold_commit ON campaign")
    assert info.value.key == "db.in_doubt"
    assert stored(pg_url, cid) == OLD
    assert campaigns.advance(ctx, cid).stage == "feedback"
    assert stored(pg_url, cid) == NEW


def test_backend_killed_after_commit(world: tuple[Store, Context, int],
                                     admin: psycopg.Connection[Any], pg_url: str) -> None:
    """Killed once COMMIT has returned, as the connection goes back to the pool: the change
    is saved and reported as saved, and the next call opens a new connection."""
    store, ctx, cid = world
    killed: list[int] = []

    def reset(dbapi_conn: Any, *_args: Any) -> None:
        if not killed:
            killed.append(dbapi_conn.info.backend_pid)
            terminate(admin, killed[0])

    event.listen(store.engine, "reset", reset)
    try:
        assert campaigns.advance(ctx, cid).stage == "feedback"
    finally:
        event.remove(store.engine, "reset", reset)
    assert killed
    assert stored(pg_url, cid) == NEW
    assert campaigns.campaign_view(ctx, cid).campaign.stage == "feedback"


def test_backend_killed_mid_advance_on_the_command_line(
        world: tuple[Store, Context, int], admin: psycopg.Connection[Any], pg_url: str,
        capsys: pytest.CaptureFixture[str]) -> None:
    _store, _ctx, cid = world
    with kill_before(Engine, "UPDATE campaign", admin) as killed:
        code, out = run(pg_url, ["campaign", "advance", str(cid)], capsys)
    assert killed
    assert code == 2, out
    assert "cannot use the database" in out and "administrator command" in out
    assert "Traceback" not in out
    assert stored(pg_url, cid) == OLD
    code, out = run(pg_url, ["campaign", "advance", str(cid)], capsys)
    assert code == 0, out
    assert stored(pg_url, cid) == advanced_on(dt.date.today())  # the command's own today


def test_unreachable_server_on_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as probe:  # a port nothing listens on once the probe is closed
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"postgresql+psycopg://postgres@127.0.0.1:{port}/anjian"
    for command in (["campaign", "advance", "1"], ["db", "upgrade"]):
        code, out = run(url, command, capsys)
        assert code == 2, out
        assert f"cannot use the database postgresql+psycopg://postgres@127.0.0.1:{port}/anjian" \
            in out
        assert "check the server and the URL" in out
        assert "Traceback" not in out


def test_server_taking_no_writes(world: tuple[Store, Context, int],
                                 admin: psycopg.Connection[Any], pg_url: str) -> None:
    """A server that turned read-only (as a standby is): reading goes on, a change is refused
    with the reason, and goes through once the server takes writes again."""
    store, ctx, cid = world
    database = make_url(pg_url).database
    admin.execute(f'ALTER DATABASE "{database}" SET default_transaction_read_only = on')
    store.engine.dispose()  # the setting applies to connections opened from now on
    with pytest.raises(AnjianError) as info:
        campaigns.advance(ctx, cid)
    assert info.value.key == "db.read_only"
    assert "is read-only" in str(info.value)
    assert campaigns.campaign_view(ctx, cid).campaign.stage == "onsite"
    admin.execute(f'ALTER DATABASE "{database}" RESET default_transaction_read_only')
    store.engine.dispose()
    assert stored(pg_url, cid) == OLD
    assert campaigns.advance(ctx, cid).stage == "feedback"
    assert stored(pg_url, cid) == NEW


# --- SQLite: a full disk and a read-only file ------------------------------------------------


@dataclass(frozen=True)
class Field:
    """A SQLite database with a campaign on site and two answers confirmed."""

    url: str
    campaign: int
    target: str
    inspection: int
    answers: dict[str, str]


LONG_NOTE = "东侧储罐区防火堤内堆放杂物，" * 2000  # needs pages the file does not have yet


def field(path: Path) -> Field:
    store = open_store(f"sqlite:///{path}")
    try:
        ctx = context(store)
        cid, target = onsite_campaign(ctx)
        insp = inspections.start_inspection(ctx, campaign_id=cid, enterprise=target)
        assert insp.id is not None
        answers = {"CHEM-2017-02": "compliant", "CHEM-2017-03": "noncompliant"}
        for item, status in answers.items():
            inspections.answer(ctx, insp.id, item, status)
        return Field(f"sqlite:///{path}", cid, target, insp.id, answers)
    finally:
        store.close()


def intact(f: Field) -> int:
    """The confirmed answers and the campaign are as they were, the chain verifies; returns
    the number of audit entries."""
    store = open_store(f.url)
    try:
        ctx = context(store)
        view = inspections.inspection_view(ctx, f.inspection)
        assert {x.item_id: x.status for x in view.findings} == f.answers
        assert campaigns.campaign_view(ctx, f.campaign).campaign.stage == "onsite"
        return len(audit_chain(store))
    finally:
        store.close()


@contextmanager
def page_cap(target: Any) -> Iterator[None]:
    """Every new SQLite connection on ``target`` (an engine, or ``Pool`` for all) may not grow
    the file by a page: SQLite itself then answers SQLITE_FULL, as on a full disk."""
    def cap(dbapi_conn: Any, _record: Any) -> None:
        pages = dbapi_conn.execute("PRAGMA page_count").fetchone()[0]
        dbapi_conn.execute(f"PRAGMA max_page_count = {pages}")

    event.listen(target, "connect", cap)
    try:
        yield
    finally:
        event.remove(target, "connect", cap)


def test_full_database_refuses_the_change_and_keeps_what_was_confirmed(tmp_path: Path) -> None:
    f = field(tmp_path / "anjian.db")
    entries = intact(f)
    store = open_store(f.url)
    try:
        ctx = context(store)
        with page_cap(store.engine):
            store.engine.dispose()  # connections from now on carry the cap
            with pytest.raises(AnjianError) as info:
                inspections.answer(ctx, f.inspection, "CHEM-2017-01", "noncompliant",
                                   note=LONG_NOTE)
        assert info.value.key == "db.full"
        assert str(info.value) == (
            f"the disk holding {tmp_path / 'anjian.db'} is full: free some space and try "
            "again; nothing of this change was saved, everything confirmed before is kept")
    finally:
        store.close()
    assert intact(f) == entries
    # space again: the same answer is saved
    store = open_store(f.url)
    try:
        inspections.answer(context(store), f.inspection, "CHEM-2017-01", "noncompliant",
                           note=LONG_NOTE)
    finally:
        store.close()
    assert intact(Field(f.url, f.campaign, f.target, f.inspection,
                        {**f.answers, "CHEM-2017-01": "noncompliant"})) == entries + 1


def test_full_database_on_the_command_line(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    f = field(tmp_path / "anjian.db")
    entries = intact(f)
    with page_cap(Pool):  # the command opens its own engine
        code, out = run(f.url, ["inspect", "answer", str(f.inspection), "CHEM-2017-01",
                                "noncompliant", "--note", LONG_NOTE], capsys)
    assert code == 2, out
    assert f"the disk holding {tmp_path / 'anjian.db'} is full" in out
    assert "Traceback" not in out
    assert intact(f) == entries


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 8 MiB file system (tmpfs) to fill up or turn read-only; skipped where this
    process may not mount one."""
    mount = tmp_path / "disk"
    mount.mkdir()
    try:
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(mount)],
                              capture_output=True, text=True)
    except FileNotFoundError:
        pytest.skip("no mount command here")
    if done.returncode != 0:
        pytest.skip(f"cannot mount a small file system here: {done.stderr.strip()}")
    try:
        yield mount
    finally:
        if subprocess.run(["umount", str(mount)], capture_output=True).returncode != 0:
            subprocess.run(["umount", "--lazy", str(mount)], check=True)


def fill(folder: Path) -> Path:
    """Write a file into ``folder`` until its disk has no space left."""
    filler = folder / "filler"
    with filler.open("wb") as out:
        try:
            while True:
                out.write(b"\0" * 65536)
                out.flush()
        except OSError:
            pass
    return filler


def test_real_full_disk(small_disk: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The disk fills up under an open database (SQLite reports it full) and before a
    command opens it (SQLite reports an I/O error making its -shm file): both say full."""
    f = field(small_disk / "anjian.db")
    entries = intact(f)
    store = open_store(f.url)
    try:
        ctx = context(store)
        inspections.inspection_view(ctx, f.inspection)  # open while there is room
        filler = fill(small_disk)
        with pytest.raises(AnjianError) as info:
            inspections.answer(ctx, f.inspection, "CHEM-2017-01", "noncompliant",
                               note=LONG_NOTE)
        assert info.value.key == "db.full"
    finally:
        store.close()
    code, out = run(f.url, ["inspect", "answer", str(f.inspection), "CHEM-2017-01",
                            "noncompliant"], capsys)
    assert code == 2, out
    assert f"the disk holding {small_disk / 'anjian.db'} is full" in out
    assert "Traceback" not in out
    filler.unlink()
    assert intact(f) == entries
    code, out = run(f.url, ["inspect", "answer", str(f.inspection), "CHEM-2017-01",
                            "noncompliant"], capsys)
    assert code == 0, out


def read_only_url(path: Path) -> str:
    return f"sqlite:///file:{path}?mode=ro&uri=true"


def test_read_only_file_reads_and_refuses_changes(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    f = field(tmp_path / "anjian.db")
    entries = intact(f)
    elsewhere = tmp_path / "cwd"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    store = open_store(read_only_url(tmp_path / "anjian.db"))
    try:
        ctx = context(store)
        assert campaigns.campaign_view(ctx, f.campaign).campaign.stage == "onsite"
        writes: list[Callable[[], Any]] = [
            lambda: inspections.answer(ctx, f.inspection, "CHEM-2017-01", "noncompliant"),
            lambda: campaigns.record_training(ctx, f.campaign, held_on=TODAY,
                                              attendees=[f.target])]
        for write in writes:
            with pytest.raises(AnjianError) as info:
                write()
            assert info.value.key == "db.read_only"
            assert str(info.value).startswith(f"{tmp_path / 'anjian.db'} is read-only: ")
    finally:
        store.close()
    assert list(elsewhere.iterdir()) == []  # the URI form made no folder named "file:"
    assert intact(f) == entries


def test_read_only_file_on_the_command_line(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    """A file this user may not write (made immutable: root ignores permission bits)."""
    f = field(tmp_path / "anjian.db")
    entries = intact(f)
    try:
        done = subprocess.run(["chattr", "+i", str(tmp_path / "anjian.db")],
                              capture_output=True, text=True)
    except FileNotFoundError:
        pytest.skip("no chattr here")
    if done.returncode != 0:
        pytest.skip(f"cannot make a file immutable here: {done.stderr.strip()}")
    try:
        code, out = run(f.url, ["campaign", "show", str(f.campaign)], capsys)
        assert code == 0, out
        code, out = run(f.url, ["inspect", "answer", str(f.inspection), "CHEM-2017-01",
                                "noncompliant"], capsys)
        assert code == 2, out
        assert f"{tmp_path / 'anjian.db'} is read-only: nothing can be saved there" in out
        assert "Traceback" not in out
    finally:
        subprocess.run(["chattr", "-i", str(tmp_path / "anjian.db")], check=True)
    assert intact(f) == entries


def test_read_only_file_of_an_older_schema(tmp_path: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    """Opening runs the migrations: on a read-only file of an older anjian they cannot run,
    and the user is told so rather than shown the failed migration."""
    path = tmp_path / "old.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine, "0001")
    engine.dispose()
    before = path.read_bytes()
    with pytest.raises(AnjianError) as info:
        open_store(read_only_url(path))
    assert info.value.key == "db.read_only_upgrade"
    assert info.value.params["revision"] == "0001"
    for command in (["campaign", "list"], ["db", "upgrade"]):
        code, out = run(read_only_url(path), command, capsys)
        assert code == 2, out
        assert f"{path} is read-only, but this anjian must first upgrade its schema from 0001" \
            in out
        assert "Traceback" not in out
    assert path.read_bytes() == before


def test_read_only_file_system(small_disk: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The database on a disk mounted read-only: SQLite cannot even make its -shm file to
    read it, and says it cannot open the file; the user is told the disk is read-only."""
    f = field(small_disk / "anjian.db")
    entries = intact(f)
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    try:
        code, out = run(f.url, ["campaign", "advance", str(f.campaign)], capsys)
        assert code == 2, out
        assert f"{small_disk / 'anjian.db'} is read-only" in out
        assert "Traceback" not in out
    finally:
        subprocess.run(["mount", "-o", "remount,rw", str(small_disk)], check=True)
    assert intact(f) == entries
