"""Evidence files through the command line: stored once under their SHA-256, recorded with the
answer or the rectification, listed and exported by name and hash, every bad path refused
without a trace, and ``anjian evidence verify`` naming any stored file that changed or vanished."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import create_engine, text

from core.i18n import AnjianError

from .workflow_helpers import Cli, new_code

LEAD = "组长甲"
PLAN = ["--goal", "消除隐患", "--method", "更换设备", "--funding", "企业自筹",
        "--organisation", "安全部", "--timeline", "30日内", "--safety", "停用并设置警戒"]


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def start_inspection(cli: Cli) -> str:
    """A chemicals campaign at the on-site step and its on-site inspection; returns its id."""
    target = new_code()
    cli.ok("enterprises", "add", "--uscc", target, "--name", "济南鲁华化工有限公司",
           "--sector", "chemicals", "--district", "历城区")
    for name in ("检查员乙", "检查员丙"):
        cli.ok("users", "add", name, "--role", "inspector")
    cid = cli.ok("campaign", "new", "--sector", "chemicals", "--pack", "chem-2017", "--target",
                 target, "--lead", LEAD, "--member", "检查员乙", "--member", "检查员丙").strip()
    cli.ok("campaign", "advance", cid)
    return cli.ok("inspect", "start", "--campaign", cid, "--enterprise", target).strip()


class World:
    """A SQLite database with an on-site inspection, its evidence store beside it."""

    def __init__(self, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
        self.db = tmp_path / "db" / "anjian.db"
        self.store = tmp_path / "db" / "evidence"
        self.files = tmp_path / "files"
        self.files.mkdir()
        self.cli = Cli(capsys, f"sqlite:///{self.db}")
        self.inspection = start_inspection(self.cli)

    def file(self, name: str, data: bytes) -> Path:
        path = self.files / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return path

    def rows(self, table: str = "evidence_file") -> list[tuple[Any, ...]]:
        with sqlite3.connect(self.db) as conn:
            return conn.execute(f'SELECT * FROM "{table}" ORDER BY 1').fetchall()

    def evidence(self) -> list[tuple[Any, ...]]:
        """(object type, object id, name, size, sha256, added by) of every evidence row."""
        with sqlite3.connect(self.db) as conn:
            return conn.execute("SELECT object_type, object_id, name, size, sha256, added_by "
                                "FROM evidence_file ORDER BY id").fetchall()

    def stored(self) -> list[str]:
        """Every file in the store, relative to it (temporary files included)."""
        if not self.store.exists():
            return []
        return sorted(str(p.relative_to(self.store)) for p in self.store.rglob("*")
                      if not p.is_dir())

    def state(self) -> tuple[Any, ...]:
        return (self.rows(), self.rows("finding"), self.rows("audit_log"), self.stored())


@pytest.fixture
def world(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> World:
    return World(tmp_path, capsys)


def test_an_answer_keeps_its_file_under_its_hash_and_the_report_names_it(
        world: World, tmp_path: Path) -> None:
    data = b"\xff\xd8\xff\xe0 photo of the tank farm " * 1000
    photo = world.file("罐区照片.jpg", data)
    digest = sha(data)
    answered = world.cli.json("inspect", "answer", world.inspection, "CHEM-2017-05",
                              "noncompliant", "--note", "未设置报警", "--evidence", str(photo))
    assert answered["evidence"] == [{"name": "罐区照片.jpg", "size": len(data),
                                     "sha256": digest}]
    kept = world.store / digest[:2] / digest
    assert kept.read_bytes() == data
    assert stat.S_IMODE(kept.stat().st_mode) == 0o400  # its owner's, read-only, once stored
    assert world.stored() == [f"{digest[:2]}/{digest}"]  # no temporary file left
    assert world.evidence() == [("finding", f"{world.inspection}/CHEM-2017-05", "罐区照片.jpg",
                                 len(data), digest, LEAD)]
    # the answer's audit entry carries the file, so the hash chain covers it
    with sqlite3.connect(world.db) as conn:
        (after,) = conn.execute("SELECT after FROM audit_log WHERE action = "
                                "'inspection.answer'").fetchone()
    assert json.loads(after)["evidence"] == [{"name": "罐区照片.jpg", "size": len(data),
                                              "sha256": digest}]
    assert "audit log intact" in world.cli.ok("audit", "verify")

    listed = world.cli.json("evidence", "list", world.inspection)["files"]
    assert [(f["item"], f["name"], f["size"], f["sha256"], f["added_by"]) for f in listed] == [
        ("CHEM-2017-05", "罐区照片.jpg", len(data), digest, LEAD)]
    assert digest in world.cli.ok("evidence", "list", world.inspection)

    out = tmp_path / "report.xlsx"
    world.cli.ok("export", "inspection", world.inspection, "--out", str(out))
    findings = load_workbook(out)["Findings"]
    header = [c.value for c in findings[1]]
    column = header.index("Evidence files (SHA-256)")
    by_item = {r[2].value: r[column].value for r in findings.iter_rows(min_row=2)}
    assert by_item == {"CHEM-2017-05": f"罐区照片.jpg (sha256:{digest})"}


def test_the_same_content_is_stored_once(world: World) -> None:
    data = b"inspection record, page 1"
    first, second = world.file("a.pdf", data), world.file("copy/b.pdf", data)
    other = world.file("c.pdf", b"another record")
    world.cli.ok("inspect", "answer", world.inspection, "CHEM-2017-05", "noncompliant",
                 "--evidence", str(first), "--evidence", str(other))
    world.cli.ok("inspect", "answer", world.inspection, "CHEM-2017-06", "noncompliant",
                 "--evidence", str(second))
    # answering again with the same file adds no second row for that finding
    world.cli.ok("inspect", "answer", world.inspection, "CHEM-2017-06", "noncompliant",
                 "--evidence", str(second), "--evidence", str(second))
    assert world.stored() == sorted(f"{h[:2]}/{h}" for h in (sha(data), sha(b"another record")))
    assert [(r[1], r[2], r[4]) for r in world.evidence()] == [
        (f"{world.inspection}/CHEM-2017-05", "a.pdf", sha(data)),
        (f"{world.inspection}/CHEM-2017-05", "c.pdf", sha(b"another record")),
        (f"{world.inspection}/CHEM-2017-06", "b.pdf", sha(data))]


def _symlink(world: World, _: pytest.MonkeyPatch) -> tuple[str, str]:
    target = world.file("real.jpg", b"photo")
    link = world.files / "link.jpg"
    link.symlink_to(target)
    return str(link), "symbolic link"


def _symlinked_parent(world: World, _: pytest.MonkeyPatch) -> tuple[str, str]:
    world.file("elsewhere/photo.jpg", b"photo")
    (world.files / "album").symlink_to(world.files / "elsewhere", target_is_directory=True)
    return str(world.files / "album" / "photo.jpg"), "outside what you named"


def _directory(world: World, _: pytest.MonkeyPatch) -> tuple[str, str]:
    world.file("photos/one.jpg", b"photo")
    return str(world.files / "photos"), "is a folder"


def _fifo(world: World, _: pytest.MonkeyPatch) -> tuple[str, str]:
    path = world.files / "pipe"
    os.mkfifo(path)
    return str(path), "not a regular file"


def _missing(world: World, _: pytest.MonkeyPatch) -> tuple[str, str]:
    return str(world.files / "nowhere.jpg"), "does not exist"


def _too_big(world: World, monkeypatch: pytest.MonkeyPatch) -> tuple[str, str]:
    monkeypatch.setenv("ANJIAN_EVIDENCE_MAX_MB", "0.001")  # 1,048 bytes
    return str(world.file("big.jpg", b"x" * 2000)), "is 2.0 KB (2,000 bytes), over the limit " \
        "of 1.0 KB (1,048 bytes)"


@pytest.mark.parametrize("bad", [_symlink, _symlinked_parent, _directory, _fifo, _missing,
                                 _too_big], ids=lambda f: f.__name__.strip("_"))
def test_a_bad_path_is_refused_and_changes_nothing(
        world: World, bad: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    good = world.file("good.jpg", b"a good photo")
    # something stored already, so "nothing changes" is about a non-empty store
    world.cli.ok("inspect", "answer", world.inspection, "CHEM-2017-01", "compliant",
                 "--evidence", str(good))
    before = world.state()
    path, reason = bad(world, monkeypatch)
    # the good file is named first: a later bad one still stores nothing at all
    err = world.cli.refused("inspect", "answer", world.inspection, "CHEM-2017-05",
                            "noncompliant", "--evidence", str(world.file("new.jpg", b"new")),
                            "--evidence", path)
    assert path in err and reason in err and "nothing was saved" in err, err
    assert world.state() == before


def test_a_refused_answer_leaves_no_row_and_no_file(world: World) -> None:
    photo = world.file("photo.jpg", b"photo of the alarm")
    world.cli.ok("inspect", "answer", world.inspection, "CHEM-2017-05", "compliant")
    before = world.state()
    assert "version" in world.cli.refused(
        "inspect", "answer", world.inspection, "CHEM-2017-05", "noncompliant",
        "--expect-version", "7", "--evidence", str(photo))
    assert "not compliant" in world.cli.refused(
        "inspect", "answer", world.inspection, "CHEM-2017-05", "broken", "--evidence",
        str(photo))
    # a user who may not answer: the file copied before the check is taken away again
    world.cli.ok("users", "add", "分析员", "--role", "analyst")
    analyst = Cli(world.cli.capsys, world.cli.url, "分析员")
    assert "may not" in analyst.refused("inspect", "answer", world.inspection, "CHEM-2017-05",
                                        "noncompliant", "--evidence", str(photo))
    after = world.state()
    assert (after[0], after[1], after[3]) == (before[0], before[1], before[3])
    assert world.stored() == []


def test_a_rectification_carries_files_into_the_ledger_and_the_report(
        world: World, tmp_path: Path) -> None:
    world.cli.ok("inspect", "answer", world.inspection, "CHEM-2017-05", "noncompliant")
    (hazard,) = world.cli.json("hazards")
    hid = str(hazard["id"])
    world.cli.ok("hazard", "plan", hid, "--deadline", "2099-01-01", "--responsible", "王",
                 *PLAN)
    assert "evidence is required" in world.cli.refused("hazard", "submit", hid)
    before, after = world.file("before.jpg", b"before"), world.file("after.jpg", b"after")
    assert world.cli.json("hazard", "submit", hid, "--evidence", "已加装报警器", "--file",
                          str(before), "--file", str(after))["status"] == "submitted"
    with sqlite3.connect(world.db) as conn:
        (fix_id,) = conn.execute("SELECT id FROM rectification").fetchone()
        (audit,) = conn.execute("SELECT after FROM audit_log WHERE action = 'hazard.submit'"
                                ).fetchone()
    assert [(r[0], r[1], r[2]) for r in world.evidence()] == [
        ("rectification", str(fix_id), "before.jpg"), ("rectification", str(fix_id),
                                                       "after.jpg")]
    assert [f["sha256"] for f in json.loads(audit)["files"]] == [sha(b"before"), sha(b"after")]
    listed = world.cli.json("evidence", "list", world.inspection)["files"]
    assert [(f["hazard"], f["name"]) for f in listed] == [(hazard["id"], "before.jpg"),
                                                          (hazard["id"], "after.jpg")]
    labels = f"before.jpg (sha256:{sha(b'before')})\nafter.jpg (sha256:{sha(b'after')})"

    report = tmp_path / "report.xlsx"
    world.cli.ok("export", "inspection", world.inspection, "--out", str(report))
    fixes = load_workbook(report)["Rectifications"]
    row = [c.value for c in fixes[2]]
    assert (row[0], row[4], row[5], row[6]) == (hazard["id"], "已加装报警器", "pending", labels)

    ledger = tmp_path / "ledger.xlsx"
    world.cli.ok("export", "ledger", "--out", str(ledger))
    sheet = load_workbook(ledger)["Hazard ledger"]
    assert sheet.cell(row=1, column=23).value == "Rectification files (SHA-256)"
    assert sheet.cell(row=2, column=23).value == labels

    # a description alone still does, as before
    world.cli.ok("hazard", "verify", hid, "--reject", "--note", "不彻底")
    world.cli.ok("hazard", "submit", hid, "--evidence", "再次整改")
    assert len(world.evidence()) == 2


def test_verify_names_changed_and_vanished_files(world: World) -> None:
    kept = {name: world.file(name, name.encode() * 100) for name in
            ("intact.jpg", "swapped.jpg", "deleted.jpg")}
    for n, path in enumerate(kept.values(), start=1):
        world.cli.ok("inspect", "answer", world.inspection, f"CHEM-2017-0{n}", "noncompliant",
                     "--evidence", str(path))
    assert "3 checked, all intact" in world.cli.ok("evidence", "verify")

    def stored(name: str) -> Path:
        digest = sha(name.encode() * 100)
        return world.store / digest[:2] / digest

    swapped = stored("swapped.jpg")
    swapped.chmod(0o644)
    swapped.write_bytes(b"a different photo")
    stored("deleted.jpg").unlink()
    code, out, err = world.cli("evidence", "verify")
    assert code == 1
    assert "3 checked, 1 changed, 1 missing" in out
    assert "changed: swapped.jpg" in err and "missing: deleted.jpg" in err
    assert "intact.jpg" not in err
    assert f"finding {world.inspection}/CHEM-2017-02" in err
    code, out, _ = world.cli("evidence", "verify", "--json")
    report = json.loads(out)
    assert code == 1
    assert {(d["state"], d["files"][0]["name"]) for d in report["damaged"]} == {
        ("changed", "swapped.jpg"), ("missing", "deleted.jpg")}


def test_reading_evidence_follows_the_roles(world: World) -> None:
    world.cli.ok("inspect", "answer", world.inspection, "CHEM-2017-05", "noncompliant",
                 "--evidence", str(world.file("photo.jpg", b"photo")))
    other = new_code()
    world.cli.ok("enterprises", "add", "--uscc", other, "--name", "济南泉城化工有限公司",
                 "--sector", "chemicals", "--district", "章丘区")
    world.cli.ok("users", "add", "企业乙安全员", "--role", "enterprise", "--enterprise", other)
    world.cli.ok("users", "add", "分析员", "--role", "analyst")
    stranger = Cli(world.cli.capsys, world.cli.url, "企业乙安全员")
    assert "may not" in stranger.refused("evidence", "list", world.inspection)
    assert "may not" in stranger.refused("evidence", "verify")
    analyst = Cli(world.cli.capsys, world.cli.url, "分析员")
    assert "photo.jpg" in analyst.ok("evidence", "list", world.inspection)
    assert "1 checked, all intact" in analyst.ok("evidence", "verify")


# --- PostgreSQL: the store must be named -------------------------------------------------


@pytest.fixture
def pg_cli(pg_url: str, capsys: pytest.CaptureFixture[str]) -> Iterator[Cli]:
    yield Cli(capsys, pg_url)


def _pg_evidence(url: str) -> list[tuple[Any, ...]]:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return [tuple(r) for r in conn.execute(text(
                "SELECT object_id, name, sha256 FROM evidence_file ORDER BY id")).all()]
    finally:
        engine.dispose()


def test_postgresql_needs_a_named_store(pg_cli: Cli, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ANJIAN_EVIDENCE_DIR", raising=False)
    inspection = start_inspection(pg_cli)
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(b"photo on a shared server")
    err = pg_cli.refused("inspect", "answer", inspection, "CHEM-2017-05", "noncompliant",
                         "--evidence", str(photo))
    assert "ANJIAN_EVIDENCE_DIR" in err and "nothing was saved" in err
    assert _pg_evidence(pg_cli.url) == []
    assert pg_cli.json("inspect", "show", inspection)["findings"] == []

    shared = tmp_path / "shared"
    monkeypatch.setenv("ANJIAN_EVIDENCE_DIR", str(shared))
    pg_cli.ok("inspect", "answer", inspection, "CHEM-2017-05", "noncompliant", "--evidence",
              str(photo))
    digest = sha(b"photo on a shared server")
    assert (shared / digest[:2] / digest).read_bytes() == b"photo on a shared server"
    assert _pg_evidence(pg_cli.url) == [(f"{inspection}/CHEM-2017-05", "photo.jpg", digest)]
    assert "1 checked, all intact" in pg_cli.ok("evidence", "verify")

    # a rectification's files, found through its id on this server too
    (hazard,) = pg_cli.json("hazards")
    pg_cli.ok("hazard", "plan", str(hazard["id"]), "--deadline", "2099-01-01", "--responsible",
              "王", *PLAN)
    receipt = tmp_path / "receipt.pdf"
    receipt.write_bytes(b"acceptance record")
    pg_cli.ok("hazard", "submit", str(hazard["id"]), "--file", str(receipt))
    listed = pg_cli.json("evidence", "list", inspection)["files"]
    assert [(f["hazard"], f["name"]) for f in listed] == [(None, "photo.jpg"),
                                                          (hazard["id"], "receipt.pdf")]
    ledger = tmp_path / "ledger.xlsx"
    pg_cli.ok("export", "ledger", "--out", str(ledger))
    assert load_workbook(ledger)["Hazard ledger"].cell(row=2, column=23).value == (
        f"receipt.pdf (sha256:{sha(b'acceptance record')})")

    (shared / digest[:2] / digest).unlink()
    code, _, err = pg_cli("evidence", "verify")
    assert code == 1 and "missing: photo.jpg" in err


def test_refusals_read_in_chinese(tmp_path: Path) -> None:
    from core.store import evidence_files as store

    big = tmp_path / "big.jpg"
    big.write_bytes(b"x" * 2000)
    with pytest.raises(AnjianError) as info:
        store.check(big, 1048)
    assert (f"证据文件 {big} 大小为 2.0 KB（2,000 字节），超过上限 1.0 KB（1,048 字节）"
            in info.value.render("zh"))
    small = tmp_path / "small.jpg"
    small.write_bytes(b"x")
    not_a_folder = tmp_path / "a-file"
    not_a_folder.write_bytes(b"")
    with pytest.raises(AnjianError) as info:
        store.put(store.check(small, 1000), not_a_folder / "evidence", 1000)
    assert info.value.key == "evidence.store_failed"
    assert f"无法写入证据文件夹 {not_a_folder / 'evidence'}: 路径中有一部分不是文件夹；" \
        in info.value.render("zh")
    assert "Not a directory" in info.value.render("en")
