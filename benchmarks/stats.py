"""``anjian stats`` over a whole city's ledger: 120,000 enterprises and 1,000,000 hazards, on
SQLite and on PostgreSQL, beside the bare SQL aggregate queries that give the same figures.

The data: enterprises spread unevenly over 12 districts and 8 sectors; campaigns per sector
and quarter; one to four inspections an enterprise (on-site, self, follow-up) over 23 months;
each inspection with a stored determination of the size real ones have (about 1 kB) and what
the statistics count of it (3 % with nothing answered; about one in eleven of the others
with a major-hazard determination, drawn apart from its hazards); hazards
shared out unevenly between the inspections, 4 % of them major, older ones mostly
closed, the rest open, rectifying or submitted, with deadlines of two weeks to three months
(so a good part of the open ones are overdue on the day of the run). It is written with raw
bulk SQL (``executemany`` on SQLite, ``COPY`` on PostgreSQL, indexes rebuilt afterwards) into
a database whose schema ``open_store`` made (the real migrations); seeding is not timed.

Timed: ``core.services.statistics.stats`` through a context opened like the command line's, the
code ``anjian stats`` runs (median of ``--repeat`` runs after one warm-up run); beside it, the
same figures from hand-written aggregate queries run with the bare driver (:mod:`sqlite3`,
psycopg) on the same database. The two answers are compared before any time is reported.

Everything is written in a temporary directory (or a temporary PostgreSQL database).

    python -m benchmarks.stats [--scale F] [--pg/--no-pg] [--pg-url URL] [--repeat N] [--json]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.store import PG_URL, PRAGMAS, Unreachable, _home, temporary_pg_database
from benchmarks.table import Mismatch, Row, Target, add_options, emit, scale_text
from core.process import credit_code as credit
from core.services import statistics as city_statistics
from core.services.context import open_context
from core.store.db import open_store

QUICK_SCALE = 0.02
SCALES = (1.0, 0.1, 0.01)
ENTERPRISES = 120_000
HAZARDS = 1_000_000
TARGET_SQLITE_S = 2.0
TARGET_PG_S = 1.0
TODAY = dt.date(2026, 11, 22)
FIRST_DAY = dt.date(2025, 1, 2)
BATCH = 50_000
MAJOR = 0.04
EMPTY = 0.03

#: district: (administrative division, share of the roster)
DISTRICTS = {"历下区": ("370102", 12), "市中区": ("370103", 11), "槐荫区": ("370104", 9),
             "天桥区": ("370105", 10), "历城区": ("370112", 16), "长清区": ("370113", 7),
             "章丘区": ("370114", 13), "济阳区": ("370115", 6), "莱芜区": ("370116", 8),
             "钢城区": ("370117", 3), "平阴县": ("370124", 3), "商河县": ("370126", 2)}
#: sector: (pack, name suffix, share of the roster)
SECTORS = {"retail": ("gb35181-2017", "商贸有限公司", 30),
           "machinery": ("it-2023", "机械制造有限公司", 20),
           "food": ("it-2023", "食品有限公司", 15),
           "chemicals": ("chem-2017", "化工有限公司", 12),
           "fire": ("gb35181-2017", "物业管理有限公司", 10),
           "metallurgy": ("it-2023", "钢铁有限公司", 6),
           "mining": ("nm-2022", "矿业有限公司", 4),
           "construction": ("it-2023", "建设工程有限公司", 3)}
STEMS = ("鲁华", "泉城", "齐鲁", "华鲁", "明水", "黄河", "趵突", "大明湖", "千佛山", "泰山",
         "重汽", "银座", "恒隆", "圣泉", "华宇", "天力")
KINDS = ("onsite", "onsite", "onsite", "self", "self", "followup")
STAGES = ("closed", "closed", "followup", "self_rectification", "feedback", "onsite")
OPEN_STATES = ("open", "open", "open", "rectifying", "rectifying", "submitted")
DEADLINE_DAYS = (15, 30, 30, 45, 60, 90)
SQLITE_TIME = "2026-11-22 08:00:00.000000"
PG_TIME = "2026-11-22 08:00:00+00"



# --- the data ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Sizes:
    enterprises: int
    hazards: int

    @classmethod
    def at(cls, scale: float) -> Sizes:
        return cls(max(8, round(ENTERPRISES * scale)), max(20, round(HAZARDS * scale)))

    def text(self) -> str:
        return f"{self.enterprises:,} enterprises, {self.hazards:,} hazards"


def _day(n: int) -> str:
    return (FIRST_DAY + dt.timedelta(days=n)).isoformat()


def _determinations(count: int = 32) -> list[str]:
    """Stored determinations the size real ones have (0.3 to 1.6 kB, 1 kB on average; the
    demo's are 1.1 kB), so that a query reading whole inspection rows pays what it would."""
    out = []
    for n in range(count):
        items = [f"IT-2023-A{5 + k // 13:02d}-{k % 13 + 1:02d}" for k in range(n * 2)]
        out.append(json.dumps({"verdict": "not_major", "determinations": [{
            "pack": "it-2023", "pack_version": "2023.1.0", "verdict": "not_major",
            "triggers": [], "excluded_by": [], "general_hazards": items[: n // 4],
            "corrected_on_site": [], "unanswered": [], "not_applicable": items,
            "warnings": ["判定标准的条文尚未与官方文本核对"] * (n % 3)}]}))
    return out


class Seed:
    """The rows of every table, made the same way for both databases (deterministic from the
    seed); dates as ISO text, times as ``stamp`` (each database's own timestamp text)."""

    def __init__(self, sizes: Sizes, seed: int) -> None:
        rng = random.Random(seed)
        self.sizes = sizes
        districts = list(DISTRICTS)
        sectors = list(SECTORS)
        d_weights = [DISTRICTS[d][1] for d in districts]
        s_weights = [SECTORS[s][2] for s in sectors]
        codes: dict[str, None] = {}
        self.enterprises: list[tuple[str, str, str, str]] = []  # uscc, name, district, sector
        for n in range(sizes.enterprises):
            district = rng.choices(districts, d_weights)[0]
            sector = rng.choices(sectors, s_weights)[0]
            while True:
                body = "91" + DISTRICTS[district][0] + "".join(
                    rng.choice(credit.CHARSET) for _ in range(9))
                code = body + credit.check_character(body)
                if code not in codes:
                    codes[code] = None
                    break
            name = f"济南{rng.choice(STEMS)}{n + 1}{SECTORS[sector][1]}"
            self.enterprises.append((code, name, district, sector))
        by_sector: dict[str, list[str]] = {}
        for code, _, _, sector in self.enterprises:
            by_sector.setdefault(sector, []).append(code)
        span = (TODAY - FIRST_DAY).days
        quarters = span // 91 + 1
        # campaigns: one per sector and quarter, aimed at one of the sector's enterprises
        self.campaigns: list[tuple[int, str, str, str]] = []  # id, sector, stage, target
        campaign_of: dict[tuple[str, int], int] = {}
        for sector in sectors:
            roster = by_sector.get(sector) or [self.enterprises[0][0]]
            for quarter in range(quarters):
                cid = len(self.campaigns) + 1
                stage = STAGES[min(len(STAGES) - 1, max(0, quarters - 1 - quarter))]
                self.campaigns.append((cid, sector, stage, rng.choice(roster)))
                campaign_of[(sector, quarter)] = cid
        # inspections: one to four an enterprise, on days spread over the period
        self.inspections: list[tuple[int, int | None, str, str, int]] = []
        for code, _, _, sector in self.enterprises:
            for _ in range(rng.choices((1, 2, 3, 4), (35, 35, 20, 10))[0]):
                day = rng.randrange(span)
                kind = rng.choice(KINDS)
                campaign = None if kind == "self" else campaign_of[(sector, day // 91)]
                self.inspections.append((len(self.inspections) + 1, campaign, code, kind, day))
        # what the statistics count of each: items answered (none for a few, started and
        # left) and major-hazard determinations (about one inspection in eleven)
        self.counted: list[tuple[int, int]] = []
        for _ in self.inspections:
            answered = 0 if rng.random() < EMPTY else rng.randint(1, 120)
            self.counted.append((answered, rng.choices((0, 1, 2), (90.5, 9, 0.5))[0]
                                 if answered else 0))
        # hazards: shared out unevenly (on-site inspections find more), in inspection order
        weights = [(3.0 if kind == "onsite" else 1.0) * rng.random() ** 2
                   for _, _, _, kind, _ in self.inspections]
        self.hazard_owners = sorted(rng.choices(range(len(self.inspections)), weights,
                                                k=sizes.hazards))
        self.rng_state = rng.getstate()
        self.sector_of = {code: sector for code, _, _, sector in self.enterprises}

    def enterprise_rows(self, stamp: str) -> Iterator[tuple[Any, ...]]:
        for code, name, district, sector in self.enterprises:
            yield (code, name, district, sector, f"济南市{district}{name[2:4]}路1号",
                   "王经理 0531-88888888", stamp, 1)

    def campaign_rows(self, stamp: str) -> Iterator[tuple[Any, ...]]:
        for cid, sector, stage, target in self.campaigns:
            yield (cid, sector, stage, target, stamp, "基准组长", None, None, None, None, 1)

    def inspection_rows(self, stamp: str) -> Iterator[tuple[Any, ...]]:
        stored = _determinations()
        for (iid, cid, code, kind, day), (answered, majors) in zip(
                self.inspections, self.counted, strict=True):
            yield (iid, cid, code, kind, stamp, "基准检查员", _day(day), "[]", "[]", "[]",
                   stored[iid * 7 % len(stored)], answered, majors, 1)

    def hazard_batches(self) -> Iterator[list[tuple[Any, ...]]]:
        """Batches of hazard rows, the same every time (the generator restarts from the seed)."""
        rng = random.Random()
        rng.setstate(self.rng_state)
        span = (TODAY - FIRST_DAY).days
        batch: list[tuple[Any, ...]] = []
        for n, owner in enumerate(self.hazard_owners):
            iid, cid, code, _, day = self.inspections[owner]
            age = span - day
            closed = 0.95 if age > 365 else 0.85 if age > 180 else 0.6 if age > 60 else 0.25
            major = rng.random() < MAJOR
            if rng.random() < closed:
                status = "closed"
                deadline: str | None = _day(day + rng.choice(DEADLINE_DAYS))
                verified: tuple[str, str | None] = ("复查员", _day(min(span - 1, day + 20)))
            else:
                status = rng.choice(OPEN_STATES)
                planned = status != "open" or rng.random() < 0.85
                deadline = _day(day + rng.choice(DEADLINE_DAYS)) if planned else None
                verified = ("", None)
            pack = SECTORS[self.sector_of[code]][0]
            batch.append((n + 1, iid, cid, code, pack, f"H{n + 1:07d}", "第五条", "",
                          "major" if major else "general", status, _day(day), deadline,
                          "安全主管", major and rng.random() < 0.5, "", "", "", "", "", "",
                          *verified, "", 1))
            if len(batch) == BATCH:
                yield batch
                batch = []
        if batch:
            yield batch


ENTERPRISE_COLUMNS = ("uscc", "name", "district", "sector", "address", "contact", "created_at",
                      "version")
CAMPAIGN_COLUMNS = ("id", "sector", "stage", "target_uscc", "created_at", "created_by",
                    "onsite_done_on", "training_due", "reports_due", "closed_at", "version")
INSPECTION_COLUMNS = ("id", "campaign_id", "enterprise_uscc", "kind", "started_at",
                      "started_by", "inspected_on", "categories", "tags", "exclusions",
                      "determination", "answered_items", "major_determinations", "version")
HAZARD_COLUMNS = ("id", "inspection_id", "campaign_id", "enterprise_uscc", "pack_id", "item_id",
                  "clause", "rule_id", "level", "status", "found_on", "deadline", "responsible",
                  "listed_supervision", "plan_goal", "plan_method", "plan_funding",
                  "plan_organisation", "plan_timeline", "plan_safety", "verified_by",
                  "verified_on", "note", "version")


def _tables(seed: Seed, stamp: str) -> list[tuple[str, tuple[str, ...],
                                                   Iterable[Iterable[tuple[Any, ...]]]]]:
    return [("enterprise", ENTERPRISE_COLUMNS, [list(seed.enterprise_rows(stamp))]),
            ("campaign", CAMPAIGN_COLUMNS, [list(seed.campaign_rows(stamp))]),
            ("inspection", INSPECTION_COLUMNS, [list(seed.inspection_rows(stamp))]),
            ("hazard", HAZARD_COLUMNS, seed.hazard_batches())]


SEEDED = ("enterprise", "campaign", "inspection", "hazard")


def seed_sqlite(path: Path, seed: Seed) -> None:
    """The rows written with sqlite3 ``executemany`` into the store ``open_store`` made, the
    indexes of the seeded tables dropped first and rebuilt from their own DDL afterwards."""
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA synchronous=OFF")
        conn.execute("PRAGMA cache_size=-200000")
        marks = ", ".join("?" * len(SEEDED))
        indexes = conn.execute(
            f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
            f"AND tbl_name IN ({marks})", SEEDED).fetchall()
        conn.execute("BEGIN")
        for name, _ in indexes:
            conn.execute(f'DROP INDEX "{name}"')
        for table, columns, batches in _tables(seed, SQLITE_TIME):
            sql = (f"INSERT INTO {table} ({', '.join(columns)}) "
                   f"VALUES ({', '.join('?' * len(columns))})")
            for batch in batches:
                conn.executemany(sql, batch)
        for _, sql in indexes:
            conn.execute(sql)
        conn.execute("COMMIT")
    finally:
        conn.close()


def seed_pg(conninfo: dict[str, Any], seed: Seed) -> None:
    """The rows written with ``COPY`` (foreign-key triggers off for the load where the role
    may), the plain indexes of the seeded tables rebuilt afterwards; then ``VACUUM ANALYZE``,
    the state autovacuum leaves a table in."""
    import psycopg

    with psycopg.connect(**conninfo) as conn:
        indexes = conn.execute(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename = ANY(%s) "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)",
            (list(SEEDED),)).fetchall()
        try:
            conn.execute("SET session_replication_role = replica")
        except psycopg.Error:
            conn.rollback()
        for name, _ in indexes:
            conn.execute(f'DROP INDEX "{name}"')
        for table, columns, batches in _tables(seed, PG_TIME):
            with conn.cursor().copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for batch in batches:
                    for row in batch:
                        copy.write_row(row)
        for _, sql in indexes:
            conn.execute(sql)
        for table in ("campaign", "inspection", "hazard"):
            conn.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                         f"(SELECT max(id) FROM {table}))")
        conn.commit()
        conn.autocommit = True
        conn.execute("VACUUM ANALYZE")


# --- the baseline: the same figures from bare SQL ----------------------------------------

COLOURS_SQL = {
    "sqlite": "SELECT CASE WHEN major THEN 'red' WHEN late THEN 'yellow' ELSE 'blue' END, "
              "count(*) FROM (SELECT max(level = 'major') AS major, max(deadline < :today) "
              "AS late FROM hazard WHERE status <> 'closed' GROUP BY enterprise_uscc) "
              "GROUP BY 1",
    "postgresql": "SELECT CASE WHEN major THEN 'red' WHEN late THEN 'yellow' ELSE 'blue' END, "
                  "count(*) FROM (SELECT bool_or(level = 'major') AS major, "
                  "bool_or(deadline < %(today)s) AS late FROM hazard WHERE status <> 'closed' "
                  "GROUP BY enterprise_uscc) AS e GROUP BY 1",
}
RATE_SQL = ("SELECT {key} AS grp, count(*), coalesce(sum(i.major_determinations), 0) "
            "FROM inspection i JOIN enterprise e ON e.uscc = i.enterprise_uscc "
            "WHERE i.answered_items > 0 AND i.kind IN ({kinds}) GROUP BY {key} ORDER BY {key}")
RATE_KINDS = {"major_per_1000": "'onsite', 'followup'", "self_per_1000": "'self'"}
PERIOD = {"sqlite": "substr(i.inspected_on, 1, 7)",
          "postgresql": "to_char(i.inspected_on, 'YYYY-MM')"}
COUNTS_SQL = "SELECT level, status, count(*) FROM hazard GROUP BY level, status"
OVERDUE_SQL = {"sqlite": "SELECT count(*) FROM hazard WHERE status <> 'closed' AND "
                         "deadline IS NOT NULL AND deadline < :today",
               "postgresql": "SELECT count(*) FROM hazard WHERE status <> 'closed' AND "
                             "deadline IS NOT NULL AND deadline < %(today)s"}


def baseline_figures(execute: Callable[[str, dict[str, Any]], list[Any]],
                     dialect: str) -> dict[str, Any]:
    """The statistics ``anjian stats`` reports, from hand-written SQL; ``execute`` runs one
    statement with the bare driver and returns its rows."""
    today = {"today": TODAY.isoformat() if dialect == "sqlite" else TODAY}
    [(enterprises,)] = execute("SELECT count(*) FROM enterprise", {})
    colours = {"green": 0, "blue": 0, "yellow": 0, "red": 0}
    for colour, n in execute(COLOURS_SQL[dialect], today):
        colours[colour] = n
    colours["green"] = enterprises - sum(colours.values())
    keys = {"sector": "e.sector", "district": "e.district", "period": PERIOD[dialect]}
    # the sum of counts is numeric on PostgreSQL: whole numbers, as anjian reports them
    rates = {figure: {by: [{"group": g, "inspections": int(n), "major": int(m),
                            "per_1000": round(1000 * int(m) / int(n), 1)}
                           for g, n, m in execute(RATE_SQL.format(key=key, kinds=kinds), {})]
                      for by, key in keys.items()}
             for figure, kinds in RATE_KINDS.items()}
    counts = [{"level": lv, "status": st, "count": n}
              for lv, st, n in execute(COUNTS_SQL, {})]
    [(overdue,)] = execute(OVERDUE_SQL[dialect], today)
    [(recurred,)] = execute("SELECT count(*) FROM hazard WHERE recurrence_of IS NOT NULL", {})
    [(found_again,)] = execute("SELECT count(*) FROM recurrence", {})
    return {"today": TODAY.isoformat(), "enterprises": enterprises, "colours": colours,
            **rates, "hazards": counts, "overdue": overdue,
            "recurred_after_closing": recurred, "found_again_open": found_again}


def _comparable(data: dict[str, Any]) -> dict[str, Any]:
    """The figures with the hazard counts in a fixed order (their query has none)."""
    return {**data, "hazards": sorted((r["level"], r["status"], int(r["count"]))
                                      for r in data["hazards"])}


def differences(ours: Any, base: Any, path: str = "") -> list[str]:
    """Where the two answers differ: the first differing entry of each list, every differing
    key of each mapping (values compared with their types, so 26 is not Decimal('26'))."""
    if path == "":
        ours, base = _comparable(ours), _comparable(base)
    if isinstance(ours, dict) and isinstance(base, dict):
        return [p for key in sorted(set(ours) | set(base), key=str)
                for p in differences(ours.get(key), base.get(key), f"{path}.{key}")]
    if isinstance(ours, list) and isinstance(base, list):
        if len(ours) != len(base):
            return [f"{path}: {len(ours)} entries, the baseline {len(base)}"]
        for n, (a, b) in enumerate(zip(ours, base, strict=True)):
            found = differences(a, b, f"{path}[{n}]")
            if found:
                return found
        return []
    if type(ours) is not type(base) or ours != base:
        return [f"{path}: anjian {ours!r}, baseline {base!r}"]
    return []


# --- timing ------------------------------------------------------------------------------


def _median_time(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    result = fn()  # warm-up: caches and the database's pages, as a second `anjian stats` finds
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), result


@dataclass(frozen=True)
class Measured:
    backend: str
    anjian_s: float
    baseline_s: float
    seed_s: float
    open_hazards: int
    overdue: int


def measure(url: str, dialect: str, execute: Callable[[str, dict[str, Any]], list[Any]],
            repeat: int, seed_s: float, sizes: Sizes) -> Measured:
    ctx = open_context(url, actor="基准统计员", today=TODAY)
    try:
        ours_s, figures = _median_time(lambda: city_statistics.stats(ctx), repeat)
    finally:
        ctx.store.close()
    # the figures as ``anjian stats --json`` prints them; the overall rates are their sums
    ours = figures.model_dump(mode="json", exclude={"overall", "self_overall"})
    base_s, base = _median_time(lambda: baseline_figures(execute, dialect), repeat)
    problems = differences(ours, base)
    if not problems and (base["enterprises"] != sizes.enterprises
                         or sum(r["count"] for r in base["hazards"]) != sizes.hazards):
        problems.append(f"seeded {base['enterprises']} enterprises and "
                        f"{sum(r['count'] for r in base['hazards'])} hazards, "
                        f"not {sizes.enterprises} and {sizes.hazards}")
    if problems:
        raise Mismatch(f"stats on {dialect}: " + "; ".join(problems))
    return Measured(dialect, ours_s, base_s, seed_s,
                    sum(r["count"] for r in ours["hazards"] if r["status"] != "closed"),
                    ours["overdue"])


def run_sqlite(root: Path, seed: Seed, repeat: int) -> Measured:
    path = root / "stats.db"
    open_store(f"sqlite:///{path}").close()  # the real schema, through the migrations
    t0 = time.perf_counter()
    seed_sqlite(path, seed)
    seed_s = time.perf_counter() - t0
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        for pragma in PRAGMAS:
            conn.execute(pragma)
        return measure(f"sqlite:///{path}", "sqlite",
                       lambda sql, params: conn.execute(sql, params).fetchall(), repeat,
                       seed_s, seed.sizes)
    finally:
        conn.close()


def run_pg(pg_url: str, seed: Seed, repeat: int) -> Measured:
    import psycopg

    with temporary_pg_database(pg_url) as (url, conninfo):
        open_store(url).close()
        t0 = time.perf_counter()
        seed_pg(conninfo, seed)
        seed_s = time.perf_counter() - t0
        with psycopg.connect(**conninfo, autocommit=True) as conn:
            return measure(url, "postgresql",
                           lambda sql, params: conn.execute(sql, params).fetchall(), repeat,
                           seed_s, seed.sizes)


# --- report ------------------------------------------------------------------------------


NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
TARGETS = {"sqlite": TARGET_SQLITE_S, "postgresql": TARGET_PG_S}


def to_row(m: Measured, sizes: Sizes, scale: float) -> Row:
    return Row(workload=f"stats ({NAMES[m.backend]})", size=sizes.text(),
               anjian=f"{m.anjian_s:.2f} s", baseline=f"bare SQL {m.baseline_s:.2f} s",
               figure=m.anjian_s, target=Target("<", TARGETS[m.backend], "absolute", "s"),
               scale=scale_text(scale), per_unit=m.anjian_s / sizes.hazards,
               note=f"seeded in {m.seed_s:.1f} s")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_options(parser, f"{ENTERPRISES:,} enterprises, {HAZARDS:,} hazards")
    parser.add_argument("--pg", action=argparse.BooleanOptionalAction, default=True,
                        help="also on PostgreSQL (skipped when the server is unreachable)")
    parser.add_argument("--pg-url", default=PG_URL, help="the PostgreSQL server to use")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs (median reported)")
    parser.add_argument("--seed", type=int, default=2027)
    args = parser.parse_args(argv)
    if not 0 < args.scale <= 10 or args.repeat < 1:
        parser.error("--scale must be in (0, 10] and --repeat at least 1")
    sizes = Sizes.at(args.scale)
    seed = Seed(sizes, args.seed)
    measured: list[Measured] = []
    skipped = ""
    with tempfile.TemporaryDirectory(prefix="anjian-bench-") as tmp, \
            _home(Path(tmp) / "home"):
        try:
            measured.append(run_sqlite(Path(tmp), seed, args.repeat))
            if args.pg:
                try:
                    measured.append(run_pg(args.pg_url, seed, args.repeat))
                except Unreachable as exc:
                    skipped = str(exc)
        except Mismatch as exc:
            print(f"MISMATCH: {exc}")
            return 1
    rows = [to_row(m, sizes, args.scale) for m in measured]
    print(f"stats: `anjian stats` over {sizes.text()} ({len(seed.inspections):,} inspections, "
          f"{len(seed.campaigns)} campaigns), median of {args.repeat} runs after a warm-up, "
          "beside the bare SQL aggregates with the raw driver; the figures agree")
    if measured:
        print(f"  {measured[0].open_hazards:,} hazards not closed, {measured[0].overdue:,} of them "
              f"overdue on {TODAY.isoformat()}")
    print(f"  {'workload':<22}{'anjian':<12}{'baseline':<22}{'target':<10}{'status':<8}seeding")
    for m, row in zip(measured, rows, strict=True):
        assert row.target is not None
        print(f"  {row.workload:<22}{row.anjian:<12}{row.baseline:<22}{row.target.text():<10}"
              f"{row.status:<8}{m.seed_s:.1f} s")
    if args.pg and skipped:
        print(f"  {'stats (PostgreSQL)':<22}skipped: {skipped}")
    if args.json:
        emit(rows)
    return 0 if all(r.status == "pass" for r in rows) else 2


if __name__ == "__main__":
    sys.exit(main())
