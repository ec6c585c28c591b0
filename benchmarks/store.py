"""The store: answers committed one by one the way the TUI records them, and a bulk load of
findings (the import path), each beside the bare database driver measured in the same run.

1. Per-answer commit: a ``coal-2026`` on-site inspection (tags underground, outburst,
   high_gas, rock_burst) answered item by item through ``core.services.inspections.answer``
   (each answer its own transaction: re-evaluation, hazard sync, audit entry), about 5 %
   noncompliant, re-answering in a second pass once every item is answered. Baseline: the same
   number of single-row ``BEGIN IMMEDIATE; INSERT; COMMIT`` with :mod:`sqlite3` on a file with
   anjian's pragmas (WAL, synchronous=FULL). With ``--pg`` also on PostgreSQL, in a temporary
   database, beside single-row insert-and-commit with psycopg.
2. Bulk load: N finding rows for a handful of inspections through SQLAlchemy Core
   ``insert(FindingRow.__table__)`` executemany, one transaction per batch, into a store made by
   ``open_store`` (the real schema). Baseline: :mod:`sqlite3` ``executemany`` of the same rows
   into the same table (its DDL copied from the store) in another file with the same pragmas.

Everything is written inside a temporary directory (or the temporary PostgreSQL database).

    python -m benchmarks.store [--scale F | --rows N] [--answers N] [--pg] [--pg-url URL] [--json]
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import os
import random
import secrets
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.engine import make_url
from sqlmodel import Session

from benchmarks.table import Mismatch, Row, Target, add_options, emit, render, scale_text
from core.plugins.catalogue import Catalogue
from core.services.campaigns import advance, new_campaign
from core.services.context import Context
from core.services.demo import make_uscc
from core.services.inspections import answer, start_inspection
from core.services.packs import default_catalogue
from core.services.roster import add_enterprise
from core.services.schema import upgrade_database
from core.services.users import add_user, whoami
from core.store.bulk import load_findings
from core.store.db import open_store
from core.store.tables import AuditEntry, FindingRow, Inspection

PACK = "coal-2026"
TAGS = ["underground", "outburst", "high_gas", "rock_burst"]
TODAY = dt.date(2026, 11, 22)
ACTOR = "基准检查员"
NONCOMPLIANT = 0.05
TARGET_SQLITE_MS = 5.0
TARGET_PG_MS = 10.0
TARGET_BULK_RATIO = 0.3
#: Team mode's cost on an answer: the same answers with the team set-up, over without it.
TARGET_TEAM_RATIO = 2.0
BATCH = 50_000
BULK_INSPECTIONS = 8
PG_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
PRAGMAS = ("PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL", "PRAGMA foreign_keys=ON",
           "PRAGMA busy_timeout=15000")


@contextmanager
def _home(path: Path) -> Iterator[None]:
    """``ANJIAN_HOME`` pointed at the temporary folder for the run, then put back."""
    before = os.environ.get("ANJIAN_HOME")
    os.environ["ANJIAN_HOME"] = str(path)
    try:
        yield
    finally:
        if before is None:
            os.environ.pop("ANJIAN_HOME", None)
        else:
            os.environ["ANJIAN_HOME"] = before


def _raw_sqlite(path: Path) -> sqlite3.Connection:
    """A bare sqlite3 connection with the pragmas anjian sets, transactions by hand."""
    conn = sqlite3.connect(path, timeout=15, isolation_level=None)
    for pragma in PRAGMAS:
        conn.execute(pragma)
    return conn


class Unreachable(Exception):
    """The PostgreSQL server could not be used (down, refused, psycopg missing, no rights)."""



@dataclass(frozen=True)
class Latency:
    seconds: list[float]
    wall: float

    @property
    def median_ms(self) -> float:
        return statistics.median(self.seconds) * 1000

    @property
    def p95_ms(self) -> float:
        ordered = sorted(self.seconds)
        return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)] * 1000

    @property
    def per_second(self) -> float:
        return len(self.seconds) / self.wall

    def text(self) -> str:
        return f"med {self.median_ms:.2f} p95 {self.p95_ms:.2f} ms, {self.per_second:,.0f}/s"


# --- 1. per-answer commit ----------------------------------------------------------------


def _onsite(ctx: Context, rng: random.Random, inspections: int = 1) -> list[int]:
    """An enterprise, a coal-2026 campaign advanced to on-site, and its on-site inspection(s)."""
    code = make_uscc(rng, "370116")
    add_enterprise(ctx, uscc=code, name="莱芜基准煤矿有限公司", sector="mining",
                   district="莱芜区")
    for name, role in (("李组长", "lead"), ("王检查员", "inspector"), ("张检查员", "inspector")):
        if whoami(Context(ctx.store, ctx.catalogue, name, ctx.today)) is None:
            add_user(ctx, name, role=role)  # a team is made of registered people
    campaign = new_campaign(ctx, sector="mining", packs=[PACK], target=code, lead="李组长",
                            members=["王检查员", "张检查员"])
    assert campaign.id is not None
    advance(ctx, campaign.id)
    out = []
    for n in range(inspections):
        insp = start_inspection(ctx, campaign_id=campaign.id, enterprise=code, kind="onsite",
                                tags=TAGS, again=n > 0)
        assert insp.id is not None
        out.append(insp.id)
    return out


def _count(session: Session, table: Any) -> int:
    return int(session.scalar(select(func.count()).select_from(table)) or 0)


def answer_workload(url: str, catalogue: Catalogue, n: int, seed: int) -> tuple[Latency, int]:
    """Time ``n`` answers through the service; returns the latencies and the item count."""
    store = open_store(url)
    try:
        ctx = Context(store, catalogue, ACTOR, TODAY, "en")
        rng = random.Random(seed)
        [inspection_id] = _onsite(ctx, rng)
        with store.session() as s:
            insp = s.get(Inspection, inspection_id)
            assert insp is not None
            items = [i for d in insp.determination["determinations"] for i in d["unanswered"]]
            audit_before = _count(s, AuditEntry)
        times = []
        start = time.perf_counter()
        for k in range(n):
            item = items[k % len(items)]
            status = "noncompliant" if rng.random() < NONCOMPLIANT else "compliant"
            t0 = time.perf_counter()
            answer(ctx, inspection_id, item, status)
            times.append(time.perf_counter() - t0)
        wall = time.perf_counter() - start
        with store.session() as s:
            audit_after, findings = _count(s, AuditEntry), _count(s, FindingRow)
        if audit_after - audit_before != n or findings != min(n, len(items)):
            raise Mismatch(f"answers not all recorded: {audit_after - audit_before} audit "
                               f"entries and {findings} findings for {n} answers")
        return Latency(times, wall), len(items)
    finally:
        store.close()


def team_answer_workload(url: str, conninfo: dict[str, Any], catalogue: Catalogue, n: int,
                         seed: int) -> Latency:
    """``n`` answers on the database at ``url`` set up for team mode (``db upgrade --team``):
    each by an inspector connected with their own login, so every answer also stamps its
    login, images its rows into the log at commit and has the database hash the chain. The
    logins and roles made are the server's and are dropped afterwards."""
    import psycopg

    from core.services.context import open_context
    from core.services.schema import upgrade_schema

    suffix = secrets.token_hex(3)
    prefix = f"bench{suffix}"
    people = {k: f"{v}{suffix}" for k, v in (("admin", "基准管理员"), ("lead", "李组长"),
                                               ("a", "王检查员"), ("b", "张检查员"))}
    contexts: list[Context] = []

    def as_(login: str) -> Context:
        ctx = open_context(make_url(url).set(username=login).render_as_string(
            hide_password=False), actor=login, today=TODAY)
        contexts.append(ctx)
        return ctx

    try:
        upgrade_schema(url, team=prefix, admin=people["admin"], admin_password="bench")
        admin = as_(people["admin"])
        add_user(admin, people["lead"], role="lead")
        for k in ("a", "b"):
            add_user(admin, people[k], role="inspector")
        lead = as_(people["lead"])
        code = make_uscc(random.Random(seed), "370116")
        add_enterprise(lead, uscc=code, name="莱芜基准煤矿有限公司", sector="mining",
                       district="莱芜区")
        campaign = new_campaign(lead, sector="mining", packs=[PACK], target=code,
                                lead=people["lead"], members=[people["a"], people["b"]])
        assert campaign.id is not None
        advance(lead, campaign.id)
        inspector = as_(people["a"])
        insp = start_inspection(inspector, campaign_id=campaign.id, enterprise=code,
                                kind="onsite", tags=TAGS)
        assert insp.id is not None
        with inspector.store.session() as s:
            row = s.get(Inspection, insp.id)
            assert row is not None
            items = [i for d in row.determination["determinations"] for i in d["unanswered"]]
        rng = random.Random(seed)
        times = []
        start = time.perf_counter()
        for k in range(n):
            status = "noncompliant" if rng.random() < NONCOMPLIANT else "compliant"
            t0 = time.perf_counter()
            answer(inspector, insp.id, items[k % len(items)], status)
            times.append(time.perf_counter() - t0)
        return Latency(times, time.perf_counter() - start)
    finally:
        for ctx in contexts:
            ctx.store.close()
        with psycopg.connect(**{**conninfo, "dbname": "postgres"}, autocommit=True) as admin_c:
            admin_c.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                            "WHERE datname = %s AND pid <> pg_backend_pid()",
                            (conninfo["dbname"],))
            admin_c.execute(f'DROP DATABASE IF EXISTS "{conninfo["dbname"]}" WITH (FORCE)')
            for role in admin_c.execute("SELECT rolname FROM pg_roles WHERE rolname LIKE %s",
                                        (f"%{suffix}%",)).fetchall():
                admin_c.execute(f'DROP ROLE IF EXISTS "{role[0]}"')


def commit_baseline_sqlite(path: Path, n: int) -> Latency:
    """``n`` single-row insert transactions with the bare sqlite3 module."""
    conn = _raw_sqlite(path)
    try:
        conn.execute("CREATE TABLE answer (id INTEGER PRIMARY KEY, item TEXT NOT NULL, "
                     "status TEXT NOT NULL, at TEXT NOT NULL)")
        times = []
        start = time.perf_counter()
        for k in range(n):
            t0 = time.perf_counter()
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("INSERT INTO answer (item, status, at) VALUES (?, ?, ?)",
                         (f"I{k:05d}", "compliant", dt.datetime.now(dt.UTC).isoformat()))
            conn.execute("COMMIT")
            times.append(time.perf_counter() - t0)
        return Latency(times, time.perf_counter() - start)
    finally:
        conn.close()


def commit_baseline_pg(conninfo: dict[str, Any], n: int) -> Latency:
    """``n`` single-row insert transactions with bare psycopg."""
    import psycopg

    with psycopg.connect(**conninfo) as conn:
        conn.execute("CREATE TABLE bench_answer (id SERIAL PRIMARY KEY, item TEXT NOT NULL, "
                     "status TEXT NOT NULL, at TIMESTAMPTZ NOT NULL)")
        conn.commit()
        times = []
        start = time.perf_counter()
        for k in range(n):
            t0 = time.perf_counter()
            conn.execute("INSERT INTO bench_answer (item, status, at) VALUES (%s, %s, %s)",
                         (f"I{k:05d}", "compliant", dt.datetime.now(dt.UTC)))
            conn.commit()
            times.append(time.perf_counter() - t0)
        return Latency(times, time.perf_counter() - start)


@contextmanager
def temporary_pg_database(url: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """A fresh ``anjian_bench_<random>`` database on ``url``'s server at the current schema
    (made as its owner makes it, with ``db upgrade``: a client never migrates a shared
    database), dropped afterwards (also when the body fails). Yields its SQLAlchemy URL and
    psycopg connection arguments; raises
    :class:`Unreachable` when the server cannot be reached or the database not created."""
    try:
        import psycopg
    except ImportError as exc:
        raise Unreachable(f"psycopg is not installed ({exc})") from None
    parsed = make_url(url)
    server: dict[str, Any] = {k: v for k, v in {"host": parsed.host, "port": parsed.port,
                                                "user": parsed.username,
                                                "password": parsed.password}.items()
                              if v is not None}
    admin = None
    reasons = []
    for dbname in dict.fromkeys(("postgres", parsed.database or "postgres")):
        try:
            admin = psycopg.connect(**server, dbname=dbname, autocommit=True, connect_timeout=5)
            break
        except psycopg.Error as exc:
            reasons.append(f"{dbname}: {' '.join(str(exc).split())}")
    if admin is None:
        where = parsed.render_as_string(hide_password=True)
        raise Unreachable(f"server {where} not reachable ({'; '.join(reasons)})")
    name = f"anjian_bench_{secrets.token_hex(4)}"
    try:
        try:
            admin.execute(f'CREATE DATABASE "{name}"')
        except psycopg.Error as exc:
            raise Unreachable(f"cannot create a database ({' '.join(str(exc).split())})") from None
        try:
            scratch = parsed.set(database=name).render_as_string(hide_password=False)
            upgrade_database(scratch)
            yield scratch, {**server, "dbname": name}
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        admin.close()


# --- 2. bulk load ------------------------------------------------------------------------

ANSWERED_AT = dt.datetime(2026, 11, 22, 8, 0, tzinfo=dt.UTC)
# How SQLAlchemy's SQLite DateTime stores ANSWERED_AT, so the baseline writes the same text.
ANSWERED_AT_TEXT = "2026-11-22 08:00:00.000000"


def _row_values(rows: int, inspections: list[int]) -> Iterator[Iterator[tuple[int, str, str]]]:
    """Batches of the varying values of each row: inspection, item id, status (1 in 20
    noncompliant); the rows are shared out evenly between the inspections."""
    per = math.ceil(rows / len(inspections))
    for first in range(0, rows, BATCH):
        yield ((inspections[n // per], f"X{n % per:07d}",
                "noncompliant" if n % 20 == 0 else "compliant")
               for n in range(first, min(rows, first + BATCH)))


def anjian_batches(rows: int, inspections: list[int]) -> Iterator[list[dict[str, Any]]]:
    for values in _row_values(rows, inspections):
        batch = []
        for insp, item, status in values:
            batch.append({"inspection_id": insp, "pack_id": PACK, "item_id": item,
                          "status": status, "skip_reason": "", "note": "", "location": "",
                          "evidence": [], "corrected_on_site": False, "detail": {},
                          "answered_by": ACTOR, "answered_at": ANSWERED_AT, "version": 1})
        yield batch


def baseline_batches(rows: int, inspections: list[int]) -> Iterator[list[tuple[Any, ...]]]:
    for values in _row_values(rows, inspections):
        batch = []
        for insp, item, status in values:
            batch.append((insp, PACK, item, status, "", "", "", "[]", 0, "{}", ACTOR,
                          ANSWERED_AT_TEXT, 1))
        yield batch


BASELINE_COLUMNS = ("inspection_id", "pack_id", "item_id", "status", "skip_reason", "note",
                    "location", "evidence", "corrected_on_site", "detail", "answered_by",
                    "answered_at", "version")


def bulk_anjian(path: Path, catalogue: Catalogue, rows: int) -> tuple[float, list[int], list[str]]:
    """Seconds to load ``rows`` findings through Core; also the inspections and finding DDL."""
    store = open_store(f"sqlite:///{path}")
    try:
        ctx = Context(store, catalogue, ACTOR, TODAY, "en")
        inspections = _onsite(ctx, random.Random(7), BULK_INSPECTIONS)
        table = FindingRow.__table__  # type: ignore[attr-defined]
        t0 = time.perf_counter()
        load_findings(store, (row for batch in anjian_batches(rows, inspections)
                              for row in batch))
        seconds = time.perf_counter() - t0
        with store.engine.connect() as conn:
            count = conn.scalar(select(func.count()).select_from(table))
            ddl = [sql for (sql,) in conn.exec_driver_sql(
                "SELECT sql FROM sqlite_master WHERE tbl_name = 'finding' AND sql IS NOT NULL "
                "ORDER BY type DESC")]
        if count != rows:
            raise Mismatch(f"bulk load stored {count} findings, not {rows}")
        return seconds, inspections, ddl
    finally:
        store.close()


def bulk_baseline(path: Path, rows: int, inspections: list[int], ddl: list[str]) -> float:
    """Seconds to load the same rows with sqlite3 executemany into the same table."""
    conn = _raw_sqlite(path)
    try:
        conn.execute("CREATE TABLE inspection (id INTEGER PRIMARY KEY)")  # the FK's parent
        conn.executemany("INSERT INTO inspection (id) VALUES (?)", [(i,) for i in inspections])
        for sql in ddl:
            conn.execute(sql)
        sql = (f"INSERT INTO finding ({', '.join(BASELINE_COLUMNS)}) "
               f"VALUES ({', '.join('?' * len(BASELINE_COLUMNS))})")
        # Timed like anjian's load: rows are made from the same source inside the timing, so
        # both pay for building their rows and only the loading differs.
        t0 = time.perf_counter()
        for batch in baseline_batches(rows, inspections):
            conn.execute("BEGIN IMMEDIATE")
            conn.executemany(sql, batch)
            conn.execute("COMMIT")
        seconds = time.perf_counter() - t0
        (count,) = conn.execute("SELECT count(*) FROM finding").fetchone()
        if count != rows:
            raise Mismatch(f"baseline stored {count} findings, not {rows}")
        return seconds
    finally:
        conn.close()


def differing_rows(ours: Path, base: Path, first: int = 20_000) -> int:
    """Rows among the first ``first`` ids that are not the same in both files (both ways)."""
    conn = sqlite3.connect(base)
    try:
        conn.execute("ATTACH DATABASE ? AS ours", (str(ours),))
        (n,) = conn.execute(
            "SELECT (SELECT count(*) FROM (SELECT * FROM main.finding WHERE id <= :n EXCEPT "
            "SELECT * FROM ours.finding WHERE id <= :n)) + (SELECT count(*) FROM (SELECT * "
            "FROM ours.finding WHERE id <= :n EXCEPT SELECT * FROM main.finding WHERE id <= :n))",
            {"n": first}).fetchone()
        return int(n)
    finally:
        conn.close()


# --- report ------------------------------------------------------------------------------

ROWS = 1_000_000
ANSWERS = 300
QUICK_SCALE = 0.02
SCALES = (1.0, 0.1, 0.01)


def _answer_rows(args: argparse.Namespace, root: Path, catalogue: Catalogue, answers: str,
                 rows: list[Row]) -> int:
    """Per-answer commits on SQLite (and PostgreSQL with --pg); the applicable item count."""
    ours, items = answer_workload(f"sqlite:///{root / 'answers.db'}", catalogue, args.answers,
                                  args.seed)
    base = commit_baseline_sqlite(root / "baseline-answers.db", args.answers)
    rows.append(Row("answer commit (SQLite)", answers, ours.text(),
                    f"sqlite3 insert+commit {base.median_ms:.2f} ms", ours.median_ms,
                    Target("<", TARGET_SQLITE_MS, "absolute", "ms"), "1",
                    note="median; each answer re-evaluates, syncs hazards, logs"))
    if args.pg:
        try:
            with temporary_pg_database(args.pg_url) as (url, conninfo):
                ours_pg, _ = answer_workload(url, catalogue, args.answers, args.seed)
                base_pg = commit_baseline_pg(conninfo, args.answers)
            with temporary_pg_database(args.pg_url) as (url, conninfo):
                team_pg = team_answer_workload(url, conninfo, catalogue, args.answers,
                                               args.seed)
        except Unreachable as exc:
            print(f"  answer (PostgreSQL) skipped: {exc}")
        else:
            rows.append(Row("answer commit (PostgreSQL)", answers, ours_pg.text(),
                            f"psycopg insert+commit {base_pg.median_ms:.2f} ms",
                            ours_pg.median_ms, Target("<", TARGET_PG_MS, "absolute", "ms"), "1",
                            note="median"))
            rows.append(Row("answer commit (PostgreSQL, team mode)", answers, team_pg.text(),
                            f"the same without the team set-up {ours_pg.median_ms:.2f} ms",
                            team_pg.median_ms / ours_pg.median_ms,
                            Target("<=", TARGET_TEAM_RATIO), "1",
                            note="median; each answer by its inspector's own login: stamped, "
                                 "row images at commit, the chain hashed by the server"))
    return items


def run(args: argparse.Namespace, root: Path) -> tuple[int, list[Row]]:
    """Both workloads inside ``root``: the item count and the table's rows. The bulk load runs
    first, as an import does in its own process: after hundreds of answers the process holds
    their objects (compiled packs, determinations) and the same load measured 0.2x instead of
    0.7x, on this code and on the code before it alike."""
    catalogue = default_catalogue()
    rows: list[Row] = []
    scale = scale_text(args.rows / ROWS)
    answers = f"{args.answers} answers, coal-2026"
    bulk_s, inspections, ddl = bulk_anjian(root / "bulk.db", catalogue, args.rows)
    bulk_base_s = bulk_baseline(root / "baseline-bulk.db", args.rows, inspections, ddl)
    differ = differing_rows(root / "bulk.db", root / "baseline-bulk.db")
    if differ:
        raise Mismatch(f"{differ} of the first 20,000 bulk-loaded findings differ from the "
                       "baseline's")
    items = 0
    if args.answers:
        items = _answer_rows(args, root, catalogue, answers, rows)
    rows.append(Row("bulk load findings (SQLite)", f"{args.rows:,} findings",
                    f"{args.rows / bulk_s:,.0f} rows/s ({bulk_s:.2f} s)",
                    f"sqlite3 executemany {args.rows / bulk_base_s:,.0f} rows/s",
                    bulk_base_s / bulk_s, Target(">=", TARGET_BULK_RATIO), scale,
                    bulk_s / args.rows))
    return items, rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_options(parser, f"{ROWS:,} findings bulk-loaded")
    parser.add_argument("--answers", type=int, help=f"answers to commit (default {ANSWERS}, "
                        "fewer at a reduced --scale; 0: bulk load only)")
    parser.add_argument("--rows", type=int, help="findings to bulk-load (instead of --scale)")
    parser.add_argument("--seed", type=int, default=2021)
    parser.add_argument("--pg", action=argparse.BooleanOptionalAction, default=False,
                        help="also answer on PostgreSQL")
    parser.add_argument("--pg-url", default=PG_URL, help="the PostgreSQL server to use")
    args = parser.parse_args(argv)
    args.rows = args.rows or max(1000, round(ROWS * args.scale))
    if args.answers is None:
        args.answers = max(40, round(ANSWERS * min(1.0, args.scale * 10)))
    if args.answers < 0 or args.rows < 1:
        parser.error("--answers must be 0 (none) or more and --rows at least 1")
    with tempfile.TemporaryDirectory(prefix="anjian-bench-") as tmp, \
            _home(Path(tmp) / "home"):
        try:
            items, rows = run(args, Path(tmp))
        except Mismatch as exc:
            print(f"MISMATCH: {exc}")
            return 1
    if args.answers:
        print(f"store: {args.answers} answers on a {PACK} on-site inspection ({items} "
              f"applicable items, tags {', '.join(TAGS)}), one commit each")
    print(f"store: {args.rows:,} findings bulk-loaded in batches of {BATCH:,} for "
          f"{BULK_INSPECTIONS} inspections")
    print(render(rows))
    if args.json:
        emit(rows)
    return 0 if all(r.status != "short" for r in rows) else 2


if __name__ == "__main__":
    sys.exit(main())
