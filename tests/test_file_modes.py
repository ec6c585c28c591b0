"""Files anjian keeps hold personal data (个人信息保护法): the database, its journals and its
folder, and the evidence store, are created readable by their owner only; a mode someone
already set is reported, never changed."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text

from core.services import roster
from core.services.context import Context
from core.services.packs import default_catalogue
from core.store import evidence_files
from core.store.db import open_store

from .test_evidence import start_inspection
from .workflow_helpers import Cli, new_code

TODAY = dt.date(2026, 3, 2)
LEAD = "组长甲"


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def umask_022() -> Iterator[None]:
    """The usual umask, under which a file is created readable by everyone."""
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def test_a_new_database_its_journals_and_folder_are_owner_only(tmp_path: Path,
                                                                umask_022: None) -> None:
    db = tmp_path / "新建" / "数据" / "anjian.db"
    s = open_store(f"sqlite:///{db}")
    try:
        c = Context(s, default_catalogue(), LEAD, TODAY, "zh")
        roster.add_enterprise(c, uscc=new_code(), name="济南甲化工", sector="chemicals",
                              district="历下区", contact="王经理 13905310001")
        wal, shm = db.with_name("anjian.db-wal"), db.with_name("anjian.db-shm")
        with s.engine.connect() as conn:  # the connection keeps the WAL files in place
            conn.execute(text("SELECT count(*) FROM enterprise")).scalar()
            assert wal.exists() and shm.exists()
            assert (mode(db), mode(wal), mode(shm)) == (0o600, 0o600, 0o600)
        assert mode(db.parent) == 0o700
        assert mode(db.parent.parent) == 0o755  # a folder above it is no database's: default
    finally:
        s.close()


def test_stored_evidence_is_owner_read_only_whatever_its_source(tmp_path: Path,
                                                                umask_022: None) -> None:
    source = tmp_path / "照片.jpg"
    source.write_bytes(b"photo of the valve")
    source.chmod(0o640)
    root = tmp_path / "db" / "evidence"
    kept = evidence_files.put(evidence_files.check(source, 1 << 20), root, 1 << 20)
    assert kept.new and kept.path.read_bytes() == b"photo of the valve"
    assert (mode(root), mode(kept.path.parent), mode(kept.path)) == (0o700, 0o700, 0o400)
    assert evidence_files.open_to_others(root, [kept.path]) == []


def test_a_store_given_to_a_group_is_shared_with_that_group_only(tmp_path: Path,
                                                                 umask_022: None) -> None:
    root = tmp_path / "shared-evidence"
    root.mkdir()
    root.chmod(0o2770)  # what a bureau does for a store several accounts use
    source = tmp_path / "record.pdf"
    source.write_bytes(b"record")
    kept = evidence_files.put(evidence_files.check(source, 1 << 20), root, 1 << 20)
    assert mode(kept.path.parent) & 0o777 == 0o770
    assert mode(kept.path) == 0o440
    assert evidence_files.open_to_others(root, [kept.path]) == []
    assert mode(root) == 0o2770  # its owner's choice, untouched


def test_modes_already_set_are_reported_never_changed(tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str],
                                                      umask_022: None) -> None:
    db = tmp_path / "db" / "anjian.db"
    cli = Cli(capsys, f"sqlite:///{db}", LEAD)
    code = new_code()
    cli.ok("enterprises", "add", "--uscc", code, "--name", "济南乙", "--sector", "fire",
           "--district", "历下区")
    _, _, err = cli("db", "upgrade")
    assert "other users" not in err  # created owner-only: nothing to say
    db.chmod(0o644)  # as an older anjian left it, or its owner chose
    code_, _, err = cli("db", "upgrade")
    assert code_ == 0 and f"{db} has mode 0644" in err and f"chmod 600 {db}" in err, err
    assert mode(db) == 0o644


def test_evidence_verify_names_what_others_may_read(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str],
                                                    umask_022: None) -> None:
    db = tmp_path / "db" / "anjian.db"
    cli = Cli(capsys, f"sqlite:///{db}", "组长甲")
    inspection = start_inspection(cli)
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(b"a photo")
    cli.ok("inspect", "answer", inspection, "CHEM-2017-05", "noncompliant",
           "--evidence", str(photo))
    code, out, err = cli("evidence", "verify")
    assert code == 0 and "all intact" in out and "other users" not in err
    digest = hashlib.sha256(b"a photo").hexdigest()
    kept = db.parent / "evidence" / digest[:2] / digest
    kept.chmod(0o444)
    code, out, err = cli("evidence", "verify")
    assert code == 0 and "all intact" in out  # a warning, not damage
    assert "1 files or folders" in err and f"{kept} (0444)" in err and "chmod -R go-rwx" in err
    report = cli.json("evidence", "verify")
    assert report["open_to_others"] == [{"path": str(kept), "mode": "0444", "folder": False}]
    assert mode(kept) == 0o444
