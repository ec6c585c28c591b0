"""A city-sized database built through anjian's own paths, for the city-scale benchmarks.

At scale 1: 120,000 enterprises, about 250,000 inspections and 1,000,000 hazards (each with
the noncompliant finding it came from), in 64 campaigns (one per sector and quarter, at every
step of the process, with their packs, teams, step dates and training sessions).

How it is built:

* the enterprises through the roster import (``core.services.roster.import_enterprises``) of
  a workbook laid out as bureaus keep theirs (:func:`benchmarks.roster.build_workbook`), by
  the database's first user, who becomes its administrator; the team lead, an inspector, an
  analyst and an enterprise user registered through ``core.services.users.add_user``;
* campaigns, their packs, step dates, teams and training, and the inspections with their
  pinned packs and stored determinations, through :func:`core.store.bulk.insert_rows` (each
  value converted as SQLAlchemy would, free text checked, the driver's ``executemany``);
* the findings through :func:`core.store.bulk.load_findings` (the findings import) and the
  hazards through :func:`core.store.bulk.insert_rows`;
* on PostgreSQL, ``VACUUM ANALYZE`` afterwards: the state autovacuum soon leaves a loaded
  table in.

The data has the shape :mod:`benchmarks.stats` gives a city: districts and sectors spread
unevenly, one to four inspections an enterprise over 23 months, hazards shared out unevenly,
older ones mostly closed, a good part of the open ones overdue on :data:`TODAY`.

A built database is kept and reused (by scale and seed): an SQLite file in the temporary
folder (``anjian-city/city-<scale>-<seed>.db``) or a PostgreSQL database
``anjian_city_<scale>_<seed>`` on the server; it is reused when its counts are the ones the
scale gives, else built again from nothing.

    python -m benchmarks.city_fixture [--scale F] [--pg] [--fresh]

Use from a benchmark or a test::

    from benchmarks.city_fixture import build_city
    city = build_city("sqlite", 0.01)       # or "postgresql"
    ctx = city.context()                     # the lead, on TODAY
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from benchmarks.roster import build_workbook
from benchmarks.stats import (
    DEADLINE_DAYS,
    FIRST_DAY,
    KINDS,
    MAJOR,
    OPEN_STATES,
    SECTORS,
    _determinations,
)
from benchmarks.store import PG_URL, Unreachable
from benchmarks.table import scale_text
from core.process.workflow import STAGES, Stage, deadlines
from core.services import roster, users
from core.services.context import Context, open_context
from core.services.packs import default_catalogue, get_pack
from core.services.schema import upgrade_database
from core.store import bulk
from core.store.db import current_revision, head_revision, open_store
from core.store.tables import (
    Campaign,
    CampaignPack,
    Enterprise,
    Hazard,
    Inspection,
    InspectionPack,
    StageEntry,
    TeamMember,
    TrainingSession,
    utcnow,
)

ENTERPRISES = 120_000
HAZARDS = 1_000_000
#: The scale of ``--quick`` runs: 1,200 enterprises, about 2,500 inspections, 10,000 hazards,
#: built in a few seconds.
QUICK_SCALE = 0.01
TODAY = dt.date(2026, 11, 22)
ADMIN = "城市管理员"
LEAD = "城市组长"
INSPECTOR = "城市检查员"
ANALYST = "城市分析员"
ENTERPRISE_USER = "城市企业用户"
#: Stages a campaign of each quarter stands at, the latest quarter first.
_STAGE_BY_AGE = ("onsite", "feedback", "self_rectification", "followup", "closed")
#: One campaign in this many at the feedback step or later holds no training session (its
#: training step shows late once due).
_UNTRAINED = 5


@dataclass(frozen=True)
class City:
    """A built city: where it is, what it holds, who may act on it."""

    url: str
    backend: str
    scale: float
    enterprises: int
    inspections: int
    hazards: int
    campaigns: int
    built_s: float  # 0 when reused
    today: dt.date = TODAY
    users: dict[str, str] = field(default_factory=lambda: {
        "admin": ADMIN, "lead": LEAD, "inspector": INSPECTOR, "analyst": ANALYST,
        "enterprise": ENTERPRISE_USER})

    def context(self, actor: str = LEAD, lang: str = "zh") -> Context:
        """The services' context on the city, acting as ``actor`` on :data:`TODAY`."""
        return open_context(self.url, actor=actor, today=self.today, lang=lang)  # type: ignore[arg-type]

    def text(self) -> str:
        return (f"{self.enterprises:,} enterprises, {self.inspections:,} inspections, "
                f"{self.hazards:,} hazards")


def sizes(scale: float) -> tuple[int, int]:
    """(enterprises, hazards) at ``scale``."""
    return max(8, round(ENTERPRISES * scale)), max(20, round(HAZARDS * scale))


def _tag(scale: float) -> str:
    return scale_text(scale).replace("/", "_")


def sqlite_path(scale: float, seed: int = 2027, folder: Path | None = None) -> Path:
    base = folder or Path(tempfile.gettempdir()) / "anjian-city"
    return base / f"city-{_tag(scale)}-{seed}.db"


def build_city(backend: str = "sqlite", scale: float = 1.0, *, seed: int = 2027,
               pg_url: str = PG_URL, folder: Path | None = None,
               fresh: bool = False) -> City:
    """The city at ``scale`` on ``backend`` (``sqlite`` or ``postgresql``), built or reused.
    Raises :class:`benchmarks.store.Unreachable` when PostgreSQL cannot be used."""
    if backend == "sqlite":
        path = sqlite_path(scale, seed, folder)
        url = f"sqlite:///{path}"
        found = None if fresh else _counts(url) if path.exists() else None
        if found is None or not _complete(found, scale):
            for p in (path, *(path.with_name(path.name + j) for j in ("-wal", "-shm"))):
                p.unlink(missing_ok=True)
            path.parent.mkdir(parents=True, exist_ok=True)
            return _build(url, "sqlite", scale, seed)
    elif backend == "postgresql":
        name = f"anjian_city_{_tag(scale)}_{seed}"
        url = make_url(pg_url).set(database=name).render_as_string(hide_password=False)
        exists = _pg_database(pg_url, name, drop=fresh)
        found = _counts(url) if exists else None
        if found is None or not _complete(found, scale):
            _pg_database(pg_url, name, drop=True)
            _pg_database(pg_url, name, create=True)
            upgrade_database(url)  # a shared database is migrated by its owner, as here
            return _build(url, "postgresql", scale, seed)
    else:
        raise ValueError(f"backend {backend!r}: sqlite or postgresql")
    enterprises, inspections, hazards, campaigns = found
    return City(url, backend, scale, enterprises, inspections, hazards, campaigns, 0.0)


def _complete(found: tuple[int, int, int, int], scale: float) -> bool:
    enterprises, hazards = sizes(scale)
    return found[0] == enterprises and found[2] == hazards


def _counts(url: str) -> tuple[int, int, int, int] | None:
    """(enterprises, inspections, hazards, campaigns) stored at ``url``; None when it cannot be
    opened at the current schema."""
    try:
        store = open_store(url, migrate=False)
    except Exception:
        return None
    try:
        if current_revision(store.engine) != head_revision():
            return None  # kept from an older schema: built again, not measured as it is
        with store.engine.connect() as conn:
            return tuple(int(conn.execute(select(func.count()).select_from(t)).scalar_one())  # type: ignore[return-value]
                         for t in (Enterprise.__table__, Inspection.__table__,  # type: ignore[attr-defined]
                                   Hazard.__table__, Campaign.__table__))  # type: ignore[attr-defined]
    except Exception:
        return None
    finally:
        store.close()


def _pg_database(pg_url: str, name: str, *, drop: bool = False, create: bool = False) -> bool:
    """Whether database ``name`` exists on ``pg_url``'s server (after dropping or creating it
    when asked)."""
    try:
        import psycopg
    except ImportError as exc:
        raise Unreachable(f"psycopg is not installed ({exc})") from None
    parsed = make_url(pg_url)
    server = {k: v for k, v in {"host": parsed.host, "port": parsed.port,
                                "user": parsed.username, "password": parsed.password}.items()
              if v is not None}
    try:
        with psycopg.connect(**server, dbname="postgres", autocommit=True,  # type: ignore[arg-type]
                             connect_timeout=5) as admin:
            if drop:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            if create:
                admin.execute(f'CREATE DATABASE "{name}"')
            return admin.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                                 (name,)).fetchone() is not None
    except psycopg.Error as exc:
        raise Unreachable(f"server {parsed.render_as_string(hide_password=True)}: "
                          f"{' '.join(str(exc).split())}") from None


# --- building ------------------------------------------------------------------------------


def populate(url: str, scale: float, *, seed: int = 2027) -> City:
    """Build the city at ``scale`` into the database at ``url`` (empty of records, at the
    current schema or an SQLite file still to be made): for tests on a database of their
    own."""
    backend = "sqlite" if url.startswith("sqlite") else "postgresql"
    return _build(url, backend, scale, seed)


def _build(url: str, backend: str, scale: float, seed: int) -> City:
    t0 = time.perf_counter()
    n_enterprises, n_hazards = sizes(scale)
    rng = random.Random(seed)
    store = open_store(url)
    catalogue = default_catalogue()
    try:
        ctx = Context(store, catalogue, ADMIN, TODAY, "zh")
        with tempfile.TemporaryDirectory(prefix="anjian-city-") as tmp:
            book = Path(tmp) / "名单.xlsx"
            build_workbook(book, n_enterprises, seed)
            imported = roster.import_enterprises(ctx, book)
        if imported.added != n_enterprises:
            raise RuntimeError(f"the roster import added {imported.added} enterprises, "
                               f"not {n_enterprises}")
        with store.session() as s:
            listed = [tuple(r) for r in s.connection().execute(
                select(Enterprise.uscc, Enterprise.sector)  # type: ignore[call-overload]
                .order_by(Enterprise.uscc))]
        codes = [c for c, _ in listed]
        sector_of = dict(listed)
        users.add_user(ctx, LEAD, role="lead")
        users.add_user(ctx, INSPECTOR, role="inspector")
        users.add_user(ctx, ANALYST, role="analyst")
        users.add_user(ctx, ENTERPRISE_USER, role="enterprise", enterprise=codes[0])
        packs = {p: get_pack(catalogue, p) for p in {v[0] for v in SECTORS.values()}}
        plan = _Plan(rng, codes, sector_of)
        with store.session() as s:
            _campaigns(s, plan, packs)
            _inspections(s, plan, packs)
        # drawn twice from the same state: the findings, then their hazards (never all in
        # memory at once)
        state = rng.getstate()
        bulk.load_findings(store, ({"inspection_id": h[0], "pack_id": h[3], "item_id": h[4],
                                    "status": "noncompliant", "note": "现场发现"}
                                   for h in plan.hazards(n_hazards)), answered_by=INSPECTOR)
        rng.setstate(state)
        with store.session() as s:
            bulk.insert_rows(s, Hazard, HAZARD_COLUMNS, plan.hazards(n_hazards), kind="hazard")
        if backend == "postgresql":
            # the state autovacuum leaves the tables in soon after a load: statistics for the
            # planner, the visibility map for index-only scans
            with store.engine.connect() as conn:
                conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql(
                    "VACUUM ANALYZE")
    finally:
        store.close()
    return City(url, backend, scale, n_enterprises, len(plan.inspections), n_hazards,
                len(plan.campaigns), time.perf_counter() - t0)


class _Plan:
    """What the city holds, drawn from one random generator (the same for a seed)."""

    def __init__(self, rng: random.Random, codes: list[str], sector_of: dict[str, str]) -> None:
        self.rng = rng
        self.sector_of = sector_of
        by_sector: dict[str, list[str]] = {}
        for code in codes:
            by_sector.setdefault(sector_of[code], []).append(code)
        span = (TODAY - FIRST_DAY).days
        self.span = span
        quarters = span // 91 + 1
        #: (id, sector, quarter, stage, target)
        self.campaigns: list[tuple[int, str, int, str, str]] = []
        campaign_of: dict[tuple[str, int], int] = {}
        for sector in SECTORS:
            group = by_sector.get(sector) or codes[:1]
            for quarter in range(quarters):
                age = quarters - 1 - quarter
                stage = _STAGE_BY_AGE[min(age, len(_STAGE_BY_AGE) - 1)]
                cid = len(self.campaigns) + 1
                self.campaigns.append((cid, sector, quarter, stage, rng.choice(group)))
                campaign_of[(sector, quarter)] = cid
        #: (id, campaign or None, enterprise, kind, day)
        self.inspections: list[tuple[int, int | None, str, str, int]] = []
        for code in codes:
            sector = sector_of[code]
            for _ in range(rng.choices((1, 2, 3, 4), (35, 35, 20, 10))[0]):
                day = rng.randrange(span)
                kind = rng.choice(KINDS)
                campaign = None if kind == "self" else campaign_of[(sector, day // 91)]
                self.inspections.append((len(self.inspections) + 1, campaign, code, kind, day))

    def hazards(self, count: int) -> Iterator[tuple[Any, ...]]:
        """``count`` hazard rows (:data:`HAZARD_COLUMNS`), shared out unevenly between the
        inspections (on-site ones find more), in inspection order."""
        rng = self.rng
        weights = [(3.0 if kind == "onsite" else 1.0) * rng.random() ** 2
                   for *_, kind, _ in self.inspections]
        owners = sorted(rng.choices(range(len(self.inspections)), weights, k=count))
        for n, owner in enumerate(owners, start=1):
            iid, cid, code, _, day = self.inspections[owner]
            age = self.span - day
            closed = 0.95 if age > 365 else 0.85 if age > 180 else 0.6 if age > 60 else 0.25
            major = rng.random() < MAJOR
            found = FIRST_DAY + dt.timedelta(days=day)
            deadline: dt.date | None
            if rng.random() < closed:
                status = "closed"
                deadline = found + dt.timedelta(days=rng.choice(DEADLINE_DAYS))
                verified_by = "复查员"
                verified_on: dt.date | None = FIRST_DAY + dt.timedelta(
                    days=min(self.span - 1, day + 20))
            else:
                status = rng.choice(OPEN_STATES)
                planned = status != "open" or rng.random() < 0.85
                deadline = (found + dt.timedelta(days=rng.choice(DEADLINE_DAYS))
                            if planned else None)
                verified_by, verified_on = "", None
            pack = SECTORS[self.sector_of[code]][0]
            yield (iid, cid, code, pack, f"H{n:07d}", "第五条", "major" if major else "general",
                   status, found, deadline, "安全主管", major and rng.random() < 0.5,
                   "制定整改方案" if status != "open" else "", "", "", "", "", "",
                   verified_by, verified_on, "", "", False, 1)


HAZARD_COLUMNS = ("inspection_id", "campaign_id", "enterprise_uscc", "pack_id", "item_id",
                  "clause", "level", "status", "found_on", "deadline", "responsible",
                  "listed_supervision", "plan_goal", "plan_method", "plan_funding",
                  "plan_organisation", "plan_timeline", "plan_safety", "verified_by",
                  "verified_on", "note", "rule_id", "corrected_on_site", "version")


def _campaigns(s: Any, plan: _Plan, packs: dict[str, Any]) -> None:
    now = utcnow()
    rows, stages, team, trainings, pinned = [], [], [], [], []
    for cid, sector, quarter, stage, target in plan.campaigns:
        begun = FIRST_DAY + dt.timedelta(days=quarter * 91)
        onsite_done = begun + dt.timedelta(days=40)
        reached = STAGES.index(Stage(stage))
        training_due = reports_due = None
        done_on = None
        if reached >= STAGES.index(Stage.feedback):
            done_on = onsite_done
            training_due, reports_due = deadlines(onsite_done)
        rows.append((sector, stage, target, now, LEAD, done_on, training_due, reports_due,
                     now if stage == "closed" else None, 1))
        entered = {Stage.team_formation: begun, Stage.onsite: begun + dt.timedelta(days=7),
                   Stage.feedback: onsite_done,
                   Stage.self_rectification: (training_due or onsite_done) - dt.timedelta(days=3),
                   Stage.followup: (reports_due or onsite_done) - dt.timedelta(days=2),
                   Stage.closed: (reports_due or onsite_done) + dt.timedelta(days=30)}
        for st in STAGES[:reached + 1]:
            stages.append((cid, st.value, min(entered[st], TODAY), LEAD, now))
        team += [(cid, LEAD, "lead"), (cid, INSPECTOR, "inspector")]
        if training_due is not None and cid % _UNTRAINED:
            held = min(onsite_done + dt.timedelta(days=10), TODAY)
            trainings.append((cid, held, "反馈培训会", [target]))
        entry = packs[SECTORS[sector][0]]
        pinned.append((cid, entry.pack.id, entry.pack.version, entry.hash))
    bulk.insert_rows(s, Campaign, ("sector", "stage", "target_uscc", "created_at", "created_by",
                                   "onsite_done_on", "training_due", "reports_due", "closed_at",
                                   "version"), rows, kind="campaign")
    bulk.insert_rows(s, CampaignPack, ("campaign_id", "pack_id", "pack_version", "pack_hash"),
                     pinned, kind="campaign")
    bulk.insert_rows(s, StageEntry, ("campaign_id", "stage", "entered_on", "entered_by",
                                     "entered_at"), stages, kind="campaign")
    bulk.insert_rows(s, TeamMember, ("campaign_id", "name", "role"), team, kind="team_member")
    bulk.insert_rows(s, TrainingSession, ("campaign_id", "held_on", "note", "attendees"),
                     trainings, kind="training")


def _inspections(s: Any, plan: _Plan, packs: dict[str, Any]) -> None:
    import json

    # stored determinations the size real ones have, under each inspection's own pack
    stored: dict[str, list[dict[str, Any]]] = {}
    for pack_id, entry in packs.items():
        stored[pack_id] = []
        for text in _determinations():
            data = json.loads(text)
            for d in data["determinations"]:
                d.update(pack=pack_id, pack_version=entry.pack.version, warnings=[])
            stored[pack_id].append(data)
    now = utcnow()
    rng = plan.rng

    def rows() -> Iterator[tuple[Any, ...]]:
        for iid, cid, code, kind, day in plan.inspections:
            answered = 0 if rng.random() < 0.03 else rng.randint(1, 120)
            majors = rng.choices((0, 1, 2), (90.5, 9, 0.5))[0] if answered else 0
            mine = stored[SECTORS[plan.sector_of[code]][0]]
            yield (cid, code, kind, now, INSPECTOR, FIRST_DAY + dt.timedelta(days=day), [], [],
                   [], mine[iid * 7 % len(mine)], answered, majors, 1)

    bulk.insert_rows(s, Inspection, ("campaign_id", "enterprise_uscc", "kind", "started_at",
                                     "started_by", "inspected_on", "categories", "tags",
                                     "exclusions", "determination", "answered_items",
                                     "major_determinations", "version"), rows(),
                     kind="inspection")

    def pins() -> Iterator[tuple[Any, ...]]:
        for iid, _, code, _, _ in plan.inspections:
            entry = packs[SECTORS[plan.sector_of[code]][0]]
            yield (iid, entry.pack.id, entry.pack.version, entry.hash)

    bulk.insert_rows(s, InspectionPack, ("inspection_id", "pack_id", "pack_version",
                                         "pack_hash"), pins(), kind="inspection")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--pg", action="store_true", help="on PostgreSQL, not SQLite")
    parser.add_argument("--pg-url", default=PG_URL)
    parser.add_argument("--seed", type=int, default=2027)
    parser.add_argument("--fresh", action="store_true", help="build again even if kept")
    args = parser.parse_args(argv)
    city = build_city("postgresql" if args.pg else "sqlite", args.scale, seed=args.seed,
                      pg_url=args.pg_url, fresh=args.fresh)
    print(f"{city.url}: {city.text()}, {city.campaigns} campaigns; "
          + (f"built in {city.built_s:.1f} s" if city.built_s else "reused"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
