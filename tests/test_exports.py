"""Exports are safe: ``--out`` never names anjian's own files (the database, its journals, the
evidence store and what is in it), an earlier file is replaced only by a complete one (a kill
during the save or a full disk leaves it whole), and a missing folder, a full disk or a wrong
name is a message naming the path with exit 2, nothing stored changed."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from openpyxl import load_workbook

from core.services import hazards, inspections
from core.services.context import Context
from core.services.packs import default_catalogue
from core.store.db import open_store
from tests.db_state import audit_head as _head
from tests.small_disk import fill, mounted
from tests.workflow_helpers import Cli, cli_run, major_hazard_setup

from .conftest import ROOT

TODAY = dt.date(2026, 3, 2)
LEAD = "组长甲"


@dataclass
class World:
    """An SQLite database (in ``data/``) with a major hazard and a file in its evidence
    store, and the command line on it as the lead."""

    db: Path
    url: str
    inspection: int
    cli: Cli

    @property
    def evidence(self) -> Path:
        return self.db.parent / "evidence"

    def state(self) -> tuple[str, list[tuple[str, str]]]:
        """Every row of the database and every file of the evidence store (with its hash)."""
        with sqlite3.connect(self.db) as conn:
            rows = "\n".join(conn.iterdump())
        files = sorted((str(p.relative_to(self.evidence)),
                        hashlib.sha256(p.read_bytes()).hexdigest())
                       for p in self.evidence.rglob("*") if p.is_file())
        return rows, files


@pytest.fixture
def world(tmp_path: Path, sqlite_template: Path, capsys: pytest.CaptureFixture[str]) -> World:
    import shutil

    (tmp_path / "data").mkdir()
    db = tmp_path / "data" / "anjian.db"
    shutil.copyfile(sqlite_template, db)
    url = f"sqlite:///{db}"
    store = open_store(url)
    try:
        ctx = Context(store, default_catalogue(), LEAD, TODAY, "en")
        major_hazard_setup(ctx)
        (row,) = hazards.ledger(ctx)
        insp = row.hazard.inspection_id
        photo = tmp_path / "照片.jpg"
        photo.write_bytes(b"\xff\xd8 photo of the tank farm" * 100)
        inspections.answer(ctx, insp, "CHEM-2017-05", "noncompliant", evidence=[photo])
    finally:
        store.close()
    return World(db, url, insp, Cli(capsys, url))


def export_args(world: World, command: str, out: Path | str) -> list[str]:
    return {"ledger": ["export", "ledger", "--out", str(out)],
            "inspection": ["export", "inspection", str(world.inspection), "--out", str(out)],
            "pack": ["export", "pack", "chem-2017", "--out", str(out)]}[command]


@pytest.mark.parametrize("command", ["ledger", "inspection", "pack"])
def test_out_never_names_the_database_its_journals_or_the_evidence_store(
        world: World, command: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Defect 14: ``export ledger --out`` pointed at the open database overwrote it."""
    (stored,) = [p for p in world.evidence.rglob("*") if p.is_file()]
    (tmp_path / "link.xlsx").symlink_to(world.db)
    os.link(world.db, tmp_path / "second-name.xlsx")  # the database under another name
    monkeypatch.chdir(world.db.parent)
    targets = {
        str(world.db): "is the database in use",
        "anjian.db": "is the database in use",
        str(tmp_path / "link.xlsx"): "is the database in use",
        str(tmp_path / "second-name.xlsx"): "is the database in use",
        f"{world.db}-wal": "is a journal file of the database in use",
        f"{world.db}-shm": "is a journal file of the database in use",
        f"{world.db}-journal": "is a journal file of the database in use",
        str(world.evidence): f"is the evidence store {world.evidence} or a file in it",
        str(stored): f"is the evidence store {world.evidence} or a file in it",
        str(stored.parent / "报告.xlsx"): f"is the evidence store {world.evidence} or a file in it",
    }
    before = world.state()
    for out, what in targets.items():
        err = world.cli.refused(*export_args(world, command, out))
        assert f"{out} {what}: an export never writes there; choose another .xlsx file" in err
        assert world.state() == before, out
    assert not (world.evidence / stored.parent / "报告.xlsx").exists()
    # the same refusal in Chinese
    code, _, err = cli_run(world.url, LEAD, export_args(world, command, world.db),
                           world.cli.capsys, lang="zh")
    assert code == 2
    assert f"{world.db}: 这是正在使用的数据库，导出不会写到这里；请另选一个 .xlsx 文件" in err
    assert world.state() == before


@pytest.mark.parametrize("command", ["ledger", "inspection", "pack"])
def test_a_missing_folder_a_folder_or_a_wrong_name_is_a_message(
        world: World, command: str, tmp_path: Path) -> None:
    before = world.state()
    missing = tmp_path / "没有的文件夹" / "台账.xlsx"
    err = world.cli.refused(*export_args(world, command, missing))
    assert (f"{missing}: the folder {missing.parent} does not exist; create it first or "
            "choose another folder") in err
    for wrong in (tmp_path / "台账.csv", tmp_path / "台账", tmp_path / "台账.xlsx.bak"):
        err = world.cli.refused(*export_args(world, command, wrong))
        assert f"{wrong}: a workbook's name must end in .xlsx; give a name that does" in err
    folder = tmp_path / "报告.xlsx"
    folder.mkdir()
    err = world.cli.refused(*export_args(world, command, folder))
    assert f"{folder}: cannot write (Is a directory); nothing was written" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "报告.xlsx", "照片.jpg"]
    assert list(folder.iterdir()) == []
    assert world.state() == before


def test_a_save_replaces_the_earlier_file_whole(world: World, tmp_path: Path) -> None:
    """A second export over the first: the workbook is complete, nothing else is left in the
    folder, and the file keeps its permissions."""
    out = tmp_path / "台账.xlsx"
    world.cli.ok("export", "ledger", "--out", str(out))
    out.chmod(0o640)
    world.cli.ok("export", "ledger", "--out", str(out))
    assert load_workbook(out).worksheets[0].max_row == 3
    assert (out.stat().st_mode & 0o777) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "台账.xlsx", "照片.jpg"]


# --- a full disk --------------------------------------------------------------------------


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 128 KiB file system (tmpfs), room for a pack's template (with its instructions)
    and the temporary file of its replacement; skipped where this process may not mount one."""
    with mounted(tmp_path / "disk", "128k") as folder:
        yield folder


# A failed save leaves openpyxl nothing half done to complain about when it is collected.
@pytest.mark.filterwarnings("error::pytest.PytestUnraisableExceptionWarning")
@pytest.mark.parametrize("command", ["ledger", "inspection", "pack"])
def test_a_full_disk_is_a_message_and_the_earlier_file_is_whole(
        world: World, small_disk: Path, command: str) -> None:
    out = small_disk / "报告.xlsx"
    world.cli.ok(*export_args(world, command, out))
    earlier = out.read_bytes()
    before = world.state()
    filler = fill(small_disk)
    err = world.cli.refused(*export_args(world, command, out))
    assert (f"{out}: cannot write (No space left on device); nothing was written and any "
            "earlier file of that name is unchanged") in err
    assert out.read_bytes() == earlier
    load_workbook(out)
    fresh = small_disk / "新报告.xlsx"
    err = world.cli.refused(*export_args(world, command, fresh))
    assert f"{fresh}: cannot write (No space left on device)" in err
    assert sorted(p.name for p in small_disk.iterdir()) == ["filler", "报告.xlsx"]
    assert world.state() == before
    filler.unlink()
    world.cli.ok(*export_args(world, command, out))


# --- a kill during the save ---------------------------------------------------------------

#: Hazards added for a ledger big enough that its save can be caught under way.
BIG = 15_000


def grow(db: Path, rows: int) -> None:
    """Copies of the database's one hazard, each for another item (straight in SQL: the
    ledger only has to be long)."""
    with sqlite3.connect(db) as conn:
        columns = [r[1] for r in conn.execute("PRAGMA table_info(hazard)") if r[1] != "id"]
        picked = ", ".join("item_id || '-' || n" if c == "item_id" else
                           "responsible || ' ' || printf('%0120d', n)" if c == "responsible"
                           else c for c in columns)
        conn.execute(f"""
            WITH RECURSIVE n(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM n WHERE n < {rows})
            INSERT INTO hazard ({", ".join(columns)})
            SELECT {picked} FROM n, (SELECT * FROM hazard ORDER BY id LIMIT 1)""")


def test_sigkill_during_a_big_save_leaves_the_earlier_report_whole(
        world: World, tmp_path: Path) -> None:
    out = tmp_path / "台账.xlsx"
    world.cli.ok("export", "ledger", "--out", str(out))
    earlier = out.read_bytes()
    grow(world.db, BIG)
    # The command line of this checkout, in a process of its own.
    child = subprocess.Popen([sys.executable, "-c", "from tui.cli import main; main()",
                              "--lang", "en", "--db", world.url, "--user", LEAD,
                              "export", "ledger", "--out", str(out)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        deadline = time.monotonic() + 300
        while child.poll() is None and time.monotonic() < deadline:
            # The save has begun: a temporary file beside the report, or the report itself
            # touched (as a save straight into it would).
            if list(tmp_path.glob(".台账.xlsx.*.part")) or out.stat().st_size != len(earlier):
                child.send_signal(signal.SIGKILL)
                break
            time.sleep(0.002)
        child.wait(timeout=60)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert child.returncode == -signal.SIGKILL, "the save ended before it could be killed"
    assert out.read_bytes() == earlier
    assert load_workbook(out).worksheets[0].max_row == 3
    # what the kill left: at most the hidden temporary file
    assert {p.name for p in tmp_path.iterdir()} - {"data", "台账.xlsx", "照片.jpg"} <= {
        p.name for p in tmp_path.glob(".台账.xlsx.*.part")}


def test_on_postgresql_the_named_evidence_store_is_kept(
        pg_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A PostgreSQL database has no file of its own to keep; its evidence store, named by
    ``ANJIAN_EVIDENCE_DIR``, is kept as on SQLite."""
    shared = tmp_path / "shared"
    (shared / "ab").mkdir(parents=True)
    monkeypatch.setenv("ANJIAN_EVIDENCE_DIR", str(shared))
    store = open_store(pg_url)
    try:
        major_hazard_setup(Context(store, default_catalogue(), LEAD, TODAY, "en"))
    finally:
        store.close()
    cli = Cli(capsys, pg_url)
    inside = shared / "ab" / "台账.xlsx"
    err = cli.refused("export", "ledger", "--out", str(inside))
    assert f"{inside} is the evidence store {shared} or a file in it" in err
    assert list(shared.rglob("*.xlsx")) == []
    cli.ok("export", "ledger", "--out", str(tmp_path / "台账.xlsx"))
    assert load_workbook(tmp_path / "台账.xlsx").worksheets[0].max_row == 2



def _cells(path: Path) -> dict[str, list[str]]:
    """Every text cell of every sheet, and each sheet's printed footer."""
    wb = load_workbook(path)
    out = {ws.title: [c for row in ws.iter_rows(values_only=True) for c in row
                      if isinstance(c, str)] for ws in wb.worksheets}
    for ws in wb.worksheets:
        out[ws.title + " footer"] = [ws.oddFooter.center.text or ""]
    return out


def test_every_exported_document_cites_the_audit_chains_head(
        db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = open_store(db_url)
    try:
        ctx = Context(store, default_catalogue(), LEAD, TODAY, "zh")
        major_hazard_setup(ctx)
        (row,) = hazards.ledger(ctx)
        inspection = row.hazard.inspection_id
    finally:
        store.close()
    seq, digest = _head(db_url)
    assert seq > 0
    line = f"审计链 #{seq} {digest[:16]}"
    for lang, expected in (("zh", line), ("en", f"audit chain #{seq} {digest[:16]}")):
        report, ledger = tmp_path / f"report-{lang}.xlsx", tmp_path / f"ledger-{lang}.xlsx"
        for args in (["export", "inspection", str(inspection), "--out", str(report)],
                     ["export", "ledger", "--out", str(ledger)]):
            code, _, err = cli_run(db_url, LEAD, args, capsys, lang=lang)
            assert code == 0, err
        cells = _cells(report)
        summary = "概况" if lang == "zh" else "Summary"
        assert expected in cells[summary]
        # in every printed page's footer
        assert {k: v for k, v in cells.items() if k.endswith(" footer")} == {
            f"{sheet} footer": [expected] for sheet in load_workbook(report).sheetnames}
        cells = _cells(ledger)
        sheet, stats = ("隐患台账", "统计") if lang == "zh" else ("Hazard ledger", "Statistics")
        assert cells[sheet + " footer"] == [expected]
        assert expected in cells[stats]
    # An export cites the head it was read under: after another change, the new one.
    code, _, err = cli_run(db_url, LEAD, ["inspect", "answer", str(inspection), "CHEM-2017-02",
                                          "compliant"], capsys)
    assert code == 0, err
    later, later_hash = _head(db_url)
    assert later > seq
    assert cli_run(db_url, LEAD, ["export", "inspection", str(inspection), "--out",
                                  str(tmp_path / "again.xlsx")], capsys, lang="zh")[0] == 0
    assert f"审计链 #{later} {later_hash[:16]}" in _cells(tmp_path / "again.xlsx")["概况"]
