"""Tamper evidence for stored determinations: ``anjian audit verify`` re-evaluates every
inspection's stored findings under the pack versions it recorded and names each inspection
whose stored determination differs, on SQLite and PostgreSQL, through the command line."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

import pytest
from sqlalchemy import JSON, bindparam, text

from core.services import audit_check, inspections
from core.services.context import Context
from core.services.packs import default_catalogue
from core.store.db import Store, open_store

from .db_state import behind_the_guard
from .language import english_words
from .workflow_helpers import cli_run, onsite_campaign

TODAY = dt.date(2026, 3, 2)  # after GB 35181-2025 took effect: the fire pack warns
FIRE, CHEM = "gb35181-2017", "chem-2017"
CROWDED = [f"FIRE-2017-C-{c}" for c in ("7.3.1", "7.3.2", "7.5")]


@dataclass
class Seeded:
    """A campaign under two packs with three on-site inspections: ``major`` (a direct chemical
    item and three crowded-place fire elements noncompliant, answered in Chinese), ``empty``
    (no findings) and ``english`` (answered in English)."""

    url: str
    store: Store
    ctx: Context
    target: str
    major: int
    empty: int
    english: int
    capsys: pytest.CaptureFixture[str]


@dataclass
class Done:
    """What ``anjian audit verify`` did: its exit status and output."""

    returncode: int
    stdout: str
    stderr: str


def verify(seeded: Seeded, *extra: str, lang: str = "en") -> Done:
    """``anjian audit verify`` as the team lead types it (the console script's entry point,
    in this process)."""
    return Done(*cli_run(seeded.url, "组长甲", ["audit", "verify", *extra], seeded.capsys,
                         lang=lang))


@pytest.fixture
def seeded(db_url: str, capsys: pytest.CaptureFixture[str]) -> Iterator[Seeded]:
    store = open_store(db_url)
    zh = Context(store, default_catalogue(), "组长甲", TODAY, "zh")
    en = replace(zh, lang="en")
    cid, target = onsite_campaign(zh, packs=[CHEM, FIRE])
    ids = []
    for n, ctx in enumerate((zh, zh, en)):  # GB 35181-2017 withdrawn by TODAY: confirmed
        insp = inspections.start_inspection(ctx, campaign_id=cid, enterprise=target,
                                            categories=["people_dense"], again=n > 0,
                                            withdrawn_ok=True)
        assert insp.id is not None
        ids.append(insp.id)
    major, empty, english = ids
    inspections.answer(zh, major, "CHEM-2017-01", "noncompliant")
    for item in CROWDED:
        inspections.answer(zh, major, item, "noncompliant")
    inspections.answer(en, english, "CHEM-2017-02", "compliant")
    inspections.answer(en, english, CROWDED[0], "noncompliant")
    # Warnings are stored as keys with parameters, the same whatever the answerer's language.
    assert _fire(stored(store, major))["warnings"][0]["key"] == "warn.superseded"
    # (the English one is incomplete, so it also says the withdrawn standard cannot clear it)
    assert _fire(stored(store, english))["warnings"][0] == _fire(stored(store, major))[
        "warnings"][0]
    assert _fire(stored(store, english))["warnings"][1]["key"] == "warn.withdrawn_incomplete"
    yield Seeded(db_url, store, zh, target, major, empty, english, capsys)
    store.close()


def stored(store: Store, inspection: int) -> dict[str, Any]:
    with store.engine.connect() as conn:
        raw = conn.execute(text("SELECT determination FROM inspection WHERE id = :i"),
                           {"i": inspection}).scalar_one()
    data: dict[str, Any] = json.loads(raw) if isinstance(raw, str) else raw
    return data


def overwrite(store: Store, inspection: int, data: dict[str, Any]) -> None:
    """Write a determination straight into the table, as someone with database access could."""
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE inspection SET determination = :d WHERE id = :i")
                     .bindparams(bindparam("d", type_=JSON)), {"d": data, "i": inspection})


def sql(store: Store, statement: str, **params: Any) -> None:
    with store.engine.begin() as conn:
        assert conn.execute(text(statement), params).rowcount >= 1


def _pack(data: dict[str, Any], pack: str) -> dict[str, Any]:
    (det,) = [d for d in data["determinations"] if d["pack"] == pack]
    return det


def _fire(data: dict[str, Any]) -> dict[str, Any]:
    return _pack(data, FIRE)


def _line(err: str, inspection: int) -> str:
    (line,) = [x for x in err.splitlines() if x.startswith(f"inspection {inspection} (")]
    return line


def test_untouched_database_verifies_clean(seeded: Seeded) -> None:
    done = verify(seeded)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[:2] == [
        f"audit log intact: {_entries(seeded)} entries",
        "determinations: 3 inspections re-evaluated, all match"]
    assert done.stderr == ""
    # Chinese output; the English inspection's warnings still match
    zh = verify(seeded, lang="zh")
    assert zh.returncode == 0, zh.stderr
    assert "已按检查结果重新判定 3 次检查，全部一致" in zh.stdout
    out = json.loads(verify(seeded, "--json").stdout)
    assert out["chain"] == {"entries": _entries(seeded), "intact": True, "broken_at": None,
                            "reason": None}
    assert out["determinations"] == {"checked": 3, "mismatched": [], "unverifiable": [],
                                     "tampered": []}
    # batches smaller than the table: every inspection once, across batch boundaries
    assert audit_check.determination_check(seeded.ctx, batch=2).checked == 3


def _entries(seeded: Seeded) -> int:
    return audit_check.chain_check(seeded.ctx)[0]


def test_an_edited_determination_is_named(seeded: Seeded) -> None:
    data = stored(seeded.store, seeded.major)
    _pack(data, CHEM)["verdict"] = "none"
    data["verdict"] = "none"
    _fire(data)["triggers"] = []  # the crowded-place trigger removed
    overwrite(seeded.store, seeded.major, data)
    empty = stored(seeded.store, seeded.empty)
    removed = _fire(empty)["unanswered"][0]
    _fire(empty)["unanswered"] = _fire(empty)["unanswered"][1:]
    overwrite(seeded.store, seeded.empty, empty)

    done = verify(seeded)
    assert done.returncode == 1
    assert "audit log intact" in done.stdout  # the log itself was not touched
    assert "determinations: 3 inspections re-evaluated, 2 differ from their findings" \
        in done.stderr
    line = _line(done.stderr, seeded.major)
    assert seeded.target in line and "济南测试化工有限公司" in line
    assert f"{CHEM}: verdict stored 'none' but findings give 'major'" in line
    assert "overall verdict stored 'none' but findings give 'major'" in line
    assert f"{FIRE}: triggers: only stored none; only from findings FIRE-2017-5.3.2a" in line
    assert _line(done.stderr, seeded.empty).endswith(
        f"{FIRE}: unanswered: only stored none; only from findings {removed}")
    assert f"inspection {seeded.english} " not in done.stderr

    out = json.loads(verify(seeded, "--json").stdout)["determinations"]
    assert out["checked"] == 3
    assert [m["inspection"] for m in out["mismatched"]] == [seeded.major, seeded.empty]
    major = out["mismatched"][0]
    assert major["enterprise"] == seeded.target
    assert {p["pack"] for p in major["packs"]} == {CHEM, FIRE}
    assert {"pack": CHEM, "field": "verdict", "stored": "none", "evaluated": "major"} \
        in major["differences"]
    (trigger,) = [d for d in major["differences"] if d["field"] == "triggers"]
    assert trigger["stored"] == [] and trigger["evaluated"][0]["items"] == CROWDED


def test_an_edited_finding_is_named(seeded: Seeded) -> None:
    sql(seeded.store, "UPDATE finding SET status = 'compliant' "
        "WHERE inspection_id = :i AND item_id = 'CHEM-2017-01'", i=seeded.major)
    done = verify(seeded)
    assert done.returncode == 1
    line = _line(done.stderr, seeded.major)
    assert seeded.target in line
    assert f"{CHEM}: verdict stored 'major' but findings give 'incomplete'" in line
    assert FIRE + ":" not in line  # the fire determination still matches
    assert "2 differ" not in done.stderr and "1 differ" in done.stderr

    # a status no pack knows cannot be evaluated at all: named, not a crash
    sql(seeded.store, "UPDATE finding SET status = 'fixed' "
        "WHERE inspection_id = :i AND item_id = 'CHEM-2017-02'", i=seeded.english)
    done = verify(seeded)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "the findings cannot be evaluated" in _line(done.stderr, seeded.english)
    assert "fixed" in _line(done.stderr, seeded.english)


def start_entry(seeded: Seeded, inspection: int) -> int:
    """The sequence number of the audit entry that started ``inspection``."""
    with seeded.store.engine.connect() as conn:
        seq: int = conn.execute(text(
            "SELECT seq FROM audit_log WHERE action = 'inspection.start' AND object_id = :i"),
            {"i": str(inspection)}).scalar_one()
    return seq


def test_a_pack_hash_changed_in_the_record_is_tampering(seeded: Seeded) -> None:
    # The same version as the installed pack, another hash: no edit or upgrade of the pack
    # makes that (it changes what is installed, not what was recorded), so it is tampering,
    # not a pack awaiting `inspect repin`.
    behind_the_guard(seeded.url, "UPDATE inspection_pack SET pack_hash = :h "
                     "WHERE inspection_id = :i AND pack_id = :p", h="f" * 64, i=seeded.major,
                     p=FIRE)
    installed = default_catalogue().get(FIRE)
    assert installed is not None
    version, entry = installed.pack.version, start_entry(seeded, seeded.major)
    done = verify(seeded)
    assert done.returncode == 1, done.stderr
    assert "audit log intact" in done.stdout  # the log itself was not touched
    assert "determinations: 3 inspections re-evaluated, all match" in done.stdout
    assert "pack records tampered with: 1 differ from what anjian wrote" in done.stderr
    assert (f"inspection {seeded.major}: its record of pack {FIRE} version {version} (hash "
            f"ffffffffffff) is not what anjian wrote; audit entry {entry} recorded version "
            f"{version} (hash {installed.hash[:12]})") in done.stderr
    assert "cannot re-check" not in done.stderr  # named as tampered, not as unverifiable
    for other in (seeded.empty, seeded.english):
        assert f"inspection {other}:" not in done.stderr

    out = json.loads(verify(seeded, "--json").stdout)["determinations"]
    assert out["unverifiable"] == []
    (forged,) = out["tampered"]
    assert forged == {"inspection": seeded.major, "campaign": forged["campaign"], "pack": FIRE,
                      "version": version, "hash": "f" * 64,
                      "expected": {"pack": FIRE, "version": version, "hash": installed.hash},
                      "source": "audit_log", "audit_entry": entry}
    zh = verify(seeded, lang="zh")
    assert zh.returncode == 1
    assert (f"检查 {seeded.major}：记录的判定标准 {FIRE} 版本 {version}（哈希 ffffffffffff）"
            f"不是 anjian 写入的，审计日志第 {entry} 条记录的是版本 {version}") in zh.stderr
    assert english_words((zh.stdout + zh.stderr).replace("f" * 12, "")) == []

    # the packs still installed are re-checked: an edit under them is found
    data = stored(seeded.store, seeded.major)
    _pack(data, CHEM)["general_hazards"] = ["CHEM-2017-01"]
    overwrite(seeded.store, seeded.major, data)
    done = verify(seeded)
    assert done.returncode == 1
    assert (f"{CHEM}: general_hazards: only stored CHEM-2017-01; only from findings none"
            in _line(done.stderr, seeded.major))


def test_a_pack_record_no_one_wrote_is_tampering(seeded: Seeded) -> None:
    # A record of a pack, with its installed content, that neither the campaign nor the
    # log ever named: added straight to the table.
    dust = default_catalogue().get("coal-2020")
    assert dust is not None
    behind_the_guard(seeded.url, "INSERT INTO inspection_pack (inspection_id, pack_id, "
                     "pack_version, pack_hash) VALUES (:i, :p, :v, :h)", i=seeded.empty,
                     p=dust.pack.id, v=dust.pack.version, h=dust.hash)
    done = verify(seeded)
    assert done.returncode == 1
    assert (f"inspection {seeded.empty}: its record of pack {dust.pack.id} version "
            f"{dust.pack.version} (hash {dust.hash[:12]}) is not what anjian wrote; neither "
            "the audit log nor its campaign recorded that pack") in done.stderr
    (forged,) = json.loads(verify(seeded, "--json").stdout)["determinations"]["tampered"]
    assert (forged["inspection"], forged["expected"], forged["source"]) == (
        seeded.empty, None, None)


def test_an_edited_warning_is_named_in_either_language(seeded: Seeded) -> None:
    data = stored(seeded.store, seeded.english)
    _fire(data)["warnings"] = []  # the "superseded standard" warning removed
    overwrite(seeded.store, seeded.english, data)
    en = verify(seeded)
    assert en.returncode == 1
    assert "3 inspections re-evaluated, 1 differ from their findings" in en.stderr
    assert f"{FIRE}: warnings: only stored none; only from findings GB 35181-2017" in _line(
        en.stderr, seeded.english)
    zh = verify(seeded, lang="zh")
    assert zh.returncode == 1
    assert "1 次与存储的判定结论不符" in zh.stderr and f"检查 {seeded.english}（" in zh.stderr


def test_a_removed_pack_record_or_determination_is_named(seeded: Seeded) -> None:
    sql(seeded.store, "DELETE FROM inspection_pack WHERE inspection_id = :i AND pack_id = :p",
        i=seeded.major, p=CHEM)
    sql(seeded.store, "DELETE FROM inspection_pack WHERE inspection_id = :i", i=seeded.empty)
    data = stored(seeded.store, seeded.english)
    data["determinations"] = [d for d in data["determinations"] if d["pack"] != FIRE]
    overwrite(seeded.store, seeded.english, data)
    done = verify(seeded)
    assert done.returncode == 1
    assert "3 inspections re-evaluated, 3 differ from their findings" in done.stderr
    major = _line(done.stderr, seeded.major)
    assert f"{CHEM}: a determination is stored under a pack the inspection did not record" in major
    # and its hazard, of an item no recorded pack has, is not what the determination says
    assert major.endswith("the hazard ledger: only stored CHEM-2017-01 (major, open); only "
                          "from findings none")
    empty = _line(done.stderr, seeded.empty)
    assert f"{CHEM}: a determination is stored under a pack" in empty
    assert f"{FIRE}: a determination is stored under a pack" in empty
    assert "overall verdict stored 'incomplete' but findings give 'not_major'" in empty
    assert f"{FIRE}: no determination stored but findings give 'incomplete'" in _line(
        done.stderr, seeded.english)
