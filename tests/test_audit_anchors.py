"""Audit anchors: ``anjian audit anchor`` writes the chain's head (with the database's id and
the time) to a file kept away from the database, and ``anjian audit verify --anchors`` fails
when the chain as it is does not extend an anchored head: history rewritten (even into a chain
consistent in itself, as whoever controls the database can make it), entries removed, another
database. A malformed anchor file is exit 2 naming the file and what is wrong."""

from __future__ import annotations

import datetime as dt
import json
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, select, text, update

from core.services import users
from core.services.context import Context
from core.services.packs import default_catalogue
from core.store.audit_chain import entry_hash
from core.store.db import open_store
from core.store.tables import AuditEntry, AuditHead

from .db_state import audit_head as head
from .db_state import snapshot
from .language import english_words
from .workflow_helpers import Cli, cli_run, enterprise

TODAY = dt.date(2026, 3, 2)
ADMIN = "管理员甲"
FORMAT = "anjian-audit-anchor/1"


@dataclass
class Bureau:
    """A database with a few audit entries, and the command line on it as its administrator."""

    url: str
    cli: Cli
    ctx: Context
    tmp: Path

    def more(self, *names: str) -> None:
        for name in names:
            users.add_user(self.ctx, name, role="inspector")

    def run(self, *args: str, lang: str = "en", user: str = ADMIN) -> tuple[int, str, str]:
        return cli_run(self.url, user, list(args), self.cli.capsys, lang=lang)

    def anchor(self, name: str) -> Path:
        path = self.tmp / name
        self.cli.ok("audit", "anchor", "--out", str(path))
        return path


@pytest.fixture
def bureau(db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Iterator[Bureau]:
    store = open_store(db_url)
    ctx = Context(store, default_catalogue(), ADMIN, TODAY, "zh")
    users.add_user(ctx, "检查员乙", role="inspector")  # the first change: 管理员甲 is admin
    users.add_user(ctx, "检查员丙", role="inspector")
    yield Bureau(db_url, Cli(capsys, db_url, ADMIN), ctx, tmp_path)
    store.close()



def database_id(url: str) -> str:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            value: str = conn.execute(text(
                "SELECT value FROM anjian_meta WHERE key = 'database_id'")).scalar_one()
    finally:
        engine.dispose()
    return value


def rewrite(url: str, seq: int, actor: str) -> None:
    """Change entry ``seq``'s actor and recompute every hash from it to the head, as someone
    in control of the database can: the chain is then consistent in itself."""
    a, h = AuditEntry.__table__, AuditHead.__table__  # type: ignore[attr-defined]
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            rows = conn.execute(select(a).where(a.c.seq >= seq).order_by(a.c.seq)).all()
            prev = conn.execute(select(a.c.hash).where(a.c.seq == seq - 1)).scalar() or ""
            for r in rows:
                who = actor if r.seq == seq else r.actor
                digest = entry_hash(prev, r.seq, r.at, who, r.action, r.object_type,
                                    r.object_id, r.before, r.after)
                conn.execute(update(a).where(a.c.seq == r.seq).values(
                    actor=who, prev_hash=prev, hash=digest))
                prev = digest
            conn.execute(update(h).where(h.c.id == 1).values(hash=prev))
    finally:
        engine.dispose()


def truncate(url: str, keep: int) -> None:
    """Remove every entry after ``keep`` and move the head back to it: a chain cut short that
    is consistent in itself."""
    engine = create_engine(url)
    try:
        with engine.begin() as conn:
            conn.execute(text("DELETE FROM audit_log WHERE seq > :k"), {"k": keep})
            conn.execute(text("UPDATE audit_head SET seq = :k, hash = (SELECT hash FROM "
                              "audit_log WHERE seq = :k)"), {"k": keep})
    finally:
        engine.dispose()


# --- taking an anchor -------------------------------------------------------------------------


def test_an_anchor_records_the_head_with_the_databases_id(bureau: Bureau) -> None:
    seq, digest = head(bureau.url)
    path = bureau.anchor("anchor.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert set(data) == {"format", "database_id", "seq", "hash", "at"}
    assert (data["format"], data["database_id"], data["seq"], data["hash"]) == (
        FORMAT, database_id(bureau.url), seq, digest)
    at = dt.datetime.fromisoformat(data["at"])
    assert at.utcoffset() == dt.timedelta(0)
    assert abs(dt.datetime.now(dt.UTC) - at) < dt.timedelta(minutes=5)
    assert not [p for p in bureau.tmp.iterdir() if p.name.endswith(".part")]  # written whole

    # in Chinese: what was written, and how to keep it
    code, out, err = bureau.run("audit", "anchor", "--out", str(path), lang="zh")
    assert code == 0, err
    assert f"已把审计链链头 #{seq}（哈希 {digest[:16]}…" in out and f"写入 {path}" in out
    assert "另一台计算机" in out and "一次写入" in out and "打印" in out and "签字" in out
    assert "anjian audit verify --anchors" in out
    assert english_words(out.replace(database_id(bureau.url), "")) == []

    # to standard output: the document itself there, the words beside it on stderr
    code, out, err = bureau.run("audit", "anchor")
    assert code == 0 and json.loads(out)["seq"] == seq and json.loads(out)["format"] == FORMAT
    assert "Keep it away from this database" in err
    out = bureau.cli.json("audit", "anchor")
    assert out["file"] is None and out["anchor"]["hash"] == digest


def test_an_anchor_never_replaces_anjians_own_files(bureau: Bureau) -> None:
    if bureau.url.startswith("sqlite"):  # the database file itself
        db = Path(bureau.url.removeprefix("sqlite:///"))
        before = db.read_bytes()
        err = bureau.cli.refused("audit", "anchor", "--out", str(db))
        assert f"{db} is the database in use: anjian never writes there" in err
        assert db.read_bytes() == before
    err = bureau.cli.refused("audit", "anchor", "--out", str(bureau.tmp / "nowhere" / "a.json"))
    assert "does not exist" in err


def test_only_a_bureau_reader_takes_an_anchor(bureau: Bureau) -> None:
    code = enterprise(bureau.ctx, "fire", "济南甲商贸有限公司")
    users.add_user(bureau.ctx, "企业用户甲", role="enterprise", enterprise=code)
    users.add_user(bureau.ctx, "分析员甲", role="analyst")
    before = snapshot(bureau.url)
    code_, _, err = bureau.run("audit", "anchor", "--out", str(bureau.tmp / "a.json"),
                               user="企业用户甲")
    assert code_ == 2 and "企业用户甲" in err
    assert not (bureau.tmp / "a.json").exists() and snapshot(bureau.url) == before
    code_, _, err = bureau.run("audit", "anchor", "--out", str(bureau.tmp / "b.json"),
                               user="分析员甲")
    assert code_ == 0, err


# --- checking the chain against anchors ------------------------------------------------------


def test_the_chain_extends_its_anchors_as_it_grows(bureau: Bureau) -> None:
    first = bureau.anchor("first.json")
    bureau.more("检查员丁")
    second = bureau.anchor("second.json")
    bureau.more("检查员戊")
    code, out, err = bureau.run("audit", "verify", "--anchors", str(first),
                                "--anchors", str(second))
    assert code == 0, err
    assert "anchors: the current chain extends all 2" in out
    assert f"anchor {first} (#" in out and "the current chain extends it" in out
    # a folder of anchors: every *.json in it
    code, out, err = bureau.run("audit", "verify", "--anchors", str(bureau.tmp), lang="zh")
    assert code == 0, err
    assert "锚点：当前审计链延续了全部 2 个锚点" in out
    out_json = json.loads(bureau.run("audit", "verify", "--anchors", str(first), "--json")[1])
    (checked,) = out_json["anchors"]
    assert checked["extended"] is True and checked["outcome"] == "extended"
    assert checked["file"] == str(first) and checked["current_hash"] == checked["hash"]


def test_a_rewritten_chain_consistent_in_itself_fails_its_anchor(bureau: Bureau) -> None:
    anchor = bureau.anchor("anchor.json")
    anchored, digest = head(bureau.url)
    bureau.more("检查员丁", "检查员戊")
    rewrite(bureau.url, 2, "篡改者")  # a superuser's rewrite: every hash recomputed
    code, out, err = bureau.run("audit", "verify")
    assert code == 0, err  # the chain alone cannot tell
    assert "audit log intact" in out

    code, out, err = bureau.run("audit", "verify", "--anchors", str(anchor))
    assert code == 1
    assert "audit log intact" in out
    assert "anchors: the current chain does not extend 1 of 1" in err
    assert (f"anchor {anchor} (#{anchored} {digest[:16]}, ") in err
    assert f"entry {anchored} now has the hash " in err and "was rewritten" in err
    out_json = json.loads(bureau.run("audit", "verify", "--anchors", str(anchor), "--json")[1])
    (checked,) = out_json["anchors"]
    assert (checked["outcome"], checked["extended"]) == ("rewritten", False)
    assert checked["current_hash"] not in (None, digest)
    code, _, err = bureau.run("audit", "verify", "--anchors", str(anchor), lang="zh")
    assert code == 1 and "历史已被改写" in err


def test_entries_removed_since_the_anchor_fail_it(bureau: Bureau) -> None:
    keep, _ = head(bureau.url)
    bureau.more("检查员丁", "检查员戊")
    anchor = bureau.anchor("anchor.json")
    anchored, _ = head(bureau.url)
    truncate(bureau.url, keep)  # the last entries removed, the head moved back with them
    code, out, err = bureau.run("audit", "verify", "--anchors", str(anchor))
    assert code == 1
    assert "audit log intact" in out  # consistent in itself
    assert (f"the head is now #{keep}, before the anchor: entries were removed (at least "
            f"{keep + 1} to {anchored})") in err
    (checked,) = json.loads(bureau.run("audit", "verify", "--anchors", str(anchor),
                                       "--json")[1])["anchors"]
    assert (checked["outcome"], checked["current_head"]) == ("removed", keep)


def test_an_anchor_of_another_database_is_named_as_such(bureau: Bureau) -> None:
    anchor = bureau.anchor("anchor.json")
    data = json.loads(anchor.read_text(encoding="utf-8"))
    data["database_id"] = "0d7c3f62-0000-4000-8000-000000000000"
    other = bureau.tmp / "other.json"
    other.write_text(json.dumps(data), encoding="utf-8")
    code, _, err = bureau.run("audit", "verify", "--anchors", str(anchor), "--anchors",
                              str(other))
    assert code == 1
    assert "anchors: the current chain does not extend 1 of 2" in err
    assert (f"anchor {other} (#{data['seq']} {data['hash'][:16]}, ") in err
    assert (f"is of another database (0d7c3f62-0000-4000-8000-000000000000); this one is "
            f"{database_id(bureau.url)}: the wrong file, or this database was replaced") in err
    code, _, err = bureau.run("audit", "verify", "--anchors", str(other), lang="zh")
    assert code == 1 and "属于另一个数据库" in err


BAD: dict[str, tuple[Any, str]] = {
    "not json": ("{seq: 1", "it is not JSON (line 1, column 2)"),
    "a list": ("[1, 2]", "its content is not a JSON object"),
    "no format": ({"seq": 1}, "the field format is missing"),
    "another format": ({"format": "anjian-audit-anchor/9"},
                       'its format tag is "anjian-audit-anchor/9", not anjian-audit-anchor/1'),
    "no hash": ({"format": FORMAT, "database_id": "x", "seq": 1, "at": "2026-03-02T00:00:00"},
                "the field hash is missing"),
    "seq as text": ({"format": FORMAT, "database_id": "x", "seq": "12", "hash": "a" * 64,
                     "at": "2026-03-02T00:00:00"},
                    'the field seq should be a whole number, 0 or more, not "12"'),
    "seq negative": ({"format": FORMAT, "database_id": "x", "seq": -1, "hash": "a" * 64,
                      "at": "2026-03-02T00:00:00"}, "the field seq should be"),
    "short hash": ({"format": FORMAT, "database_id": "x", "seq": 3, "hash": "abc",
                    "at": "2026-03-02T00:00:00"},
                   'the field hash should be 64 lowercase hexadecimal digits'),
    "bad time": ({"format": FORMAT, "database_id": "x", "seq": 3, "hash": "a" * 64,
                  "at": "yesterday"}, 'the field at should be an ISO 8601 time, not "yesterday"'),
    "empty id": ({"format": FORMAT, "database_id": " ", "seq": 3, "hash": "a" * 64,
                  "at": "2026-03-02T00:00:00"}, "the field database_id should be non-empty text"),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_a_malformed_anchor_file_is_exit_2_naming_it(bureau: Bureau, case: str) -> None:
    good = bureau.anchor("good.json")
    content, problem = BAD[case]
    bad = bureau.tmp / "bad.json"
    bad.write_text(content if isinstance(content, str) else json.dumps(content),
                   encoding="utf-8")
    code, out, err = bureau.run("audit", "verify", "--anchors", str(good), "--anchors", str(bad))
    assert code == 2, (out, err)
    assert f"anchor file {bad} cannot be used: {problem}" in err
    assert "nothing was checked" in err and out == ""  # read before anything is checked
    assert "Traceback" not in err
    code, _, err = bureau.run("audit", "verify", "--anchors", str(bad), lang="zh")
    assert code == 2 and f"锚点文件 {bad} 无法使用" in err


def test_an_anchor_file_that_cannot_be_read_or_an_empty_folder_is_exit_2(
        bureau: Bureau) -> None:
    missing = bureau.tmp / "missing.json"
    code, _, err = bureau.run("audit", "verify", "--anchors", str(missing))
    assert code == 2 and f"anchor file {missing} cannot be used: it cannot be read" in err
    empty = bureau.tmp / "empty"
    empty.mkdir()
    code, _, err = bureau.run("audit", "verify", "--anchors", str(empty))
    assert code == 2 and f"the folder {empty} holds no anchor file (*.json)" in err
    big = bureau.tmp / "big.json"
    big.write_bytes(b" " * (65 * 1024))
    code, _, err = bureau.run("audit", "verify", "--anchors", str(big))
    assert code == 2 and "larger than 65536 bytes" in err
    if os.geteuid() != 0:  # root reads anything
        locked = bureau.anchor("locked.json")
        locked.chmod(0)
        try:
            code, _, err = bureau.run("audit", "verify", "--anchors", str(locked))
            assert code == 2 and f"anchor file {locked} cannot be used" in err
        finally:
            locked.chmod(stat.S_IRUSR | stat.S_IWUSR)
