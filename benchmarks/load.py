"""Many auditors at once: N processes answer shared inspections for S seconds, then the database
is checked for lost answers, duplicate hazards, a broken audit chain and hung processes.

    python -m benchmarks.load [--db URL | --sqlite] [--processes N] [--seconds S] [--json]

Set-up goes through the services and their role checks: the first user to act on the new
database becomes its administrator, who registers a team lead and one ``inspector`` user per
auditor process. Every two auditors share a campaign (their team, formed with ``new_campaign``
and ``add_member``) and its on-site inspection, alternately under GB 35181-2017 (a people-dense
place, so its composite thresholds re-level hazards) and the 2023 industry & trade standard.

Each auditor process opens its own context and, until time is up, answers items of its
inspection through ``core.services.inspections.answer`` with ``expected_version`` taken from
its last view of the finding (0 for one it saw unanswered), as a screen that shows versions
would. Half the answers go to a few items both partners keep answering, so the same finding is
edited concurrently: a write based on an outdated view is refused (``db.stale_view`` or
``db.stale``), counted, and its message recorded as the one shown to the auditor, who then
reloads the inspection. Any other exception is an error. Every confirmed answer (the call
returned) is kept by its process: inspection, item, status, a note with a unique token, the
version returned and the latency.

Afterwards (:func:`check`) every confirmed answer must be in the audit log as given, every
finding must hold the last confirmed answer to it (in audit order) with the version that answer
returned, each finding's confirmed versions must follow one another (no write silently
overwrote another), each noncompliant finding must have exactly one hazard and each hazard not
closed a noncompliant finding at the level the determination gives, each stored determination
must equal a fresh evaluation of its findings, and the audit chain must verify. A process that
does not finish within ``--grace`` seconds of the end is killed and counted as hung. On
PostgreSQL, backends left ``idle in transaction`` are counted while the auditors' connections
are still open. Exit 1 when any of these fails.

Without ``--db`` the run uses a scratch database: a fresh PostgreSQL database, dropped
afterwards, or a SQLite file in a temporary folder. ``--db`` takes a new, empty database.
"""

from __future__ import annotations

import argparse
import json
import math
import multiprocessing
import queue
import random
import statistics
import sys
import tempfile
import time
import traceback
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url

from benchmarks.store import PG_URL, Unreachable, _home, temporary_pg_database
from core.engine import evaluate
from core.engine.determination import overall
from core.engine.evaluation import split_site
from core.i18n import AnjianError, t
from core.services import campaigns, inspections, roster, users
from core.services.context import Context, open_context
from core.services.demo import make_uscc
from core.services.packs import default_catalogue, get_pack
from core.store import queries as q
from core.store.audit_chain import verify
from core.store.db import open_store
from core.store.tables import AuditEntry, FindingRow, Hazard, Inspection

ADMIN = "负载管理员"
LEAD = "负载组长"
#: pack, campaign sector, the inspected site, whether the pack corrects on site (GB 35181 5.1.1)
PACKS: tuple[tuple[str, str, dict[str, list[str]], bool], ...] = (
    ("gb35181-2017", "fire", {"categories": ["people_dense"]}, True),
    ("it-2023", "industry_trade", {"tags": ["metallurgy"]}, False),
)
STALE = ("db.stale_view", "db.stale", "finding.conflict")
#: Share of answers given to the few items both partners keep answering, and how many those are.
HOT, HOT_ITEMS = 0.5, 3
#: Answer mix: noncompliant raises hazards (and, several together, major ones).
STATUSES = (("compliant", 0.55), ("noncompliant", 0.35), ("not_applicable", 0.10))
CORRECTED = 0.15  # of noncompliant answers on a pack with on-site correction
DEFAULT_PROCESSES = {"postgresql": 20, "sqlite": 4}
STARTUP_LIMIT = 180.0  # seconds for every process to import, connect and load its inspection


@dataclass(frozen=True)
class Job:
    """One auditor process's part: who, where, what, for how long."""

    index: int
    url: str
    name: str
    inspection: int
    items: tuple[str, ...]
    corrects: frozenset[str]  # items of packs with on-site correction
    seconds: float
    seed: int


@dataclass(frozen=True)
class Confirmed:
    """An answer the service confirmed (its call returned), as the auditor's process saw it."""

    inspection: int
    item: str
    status: str
    note: str
    corrected: bool
    version: int
    latency: float
    process: int = 0


@dataclass
class Outcome:
    """What one process reports when its time is up."""

    index: int
    name: str
    confirmed: list[Confirmed] = field(default_factory=list)
    refused: int = 0  # stale writes refused
    reported: list[str] = field(default_factory=list)  # the message shown for each refusal
    errors: list[str] = field(default_factory=list)
    elapsed: float = 0.0


# --- set-up, through the services -----------------------------------------------------------

def setup(url: str, processes: int, seconds: float, seed: int) -> list[Job]:
    """Users, enterprises, campaigns and on-site inspections for ``processes`` auditors, two to
    an inspection (three on the last one when the number is odd)."""
    rng = random.Random(seed)
    names = [f"检查员{k + 1:02d}" for k in range(processes)]
    groups = [names[k:k + 2] for k in range(0, processes, 2)]
    if len(groups) > 1 and len(groups[-1]) == 1:
        last = groups.pop()
        groups[-1] += last
    store = open_store(url)
    try:
        admin = Context(store, default_catalogue(), ADMIN, lang="en")
        lead = Context(store, admin.catalogue, LEAD, lang="en")
        users.add_user(admin, LEAD, role="lead")  # the first write: ADMIN becomes administrator
        for name in names:
            users.add_user(admin, name, role="inspector")
        if processes == 1:  # a team needs two inspectors
            users.add_user(admin, "检查员00", role="inspector")
        jobs: list[Job] = []
        for n, group in enumerate(groups):
            pack, sector, site, corrects = PACKS[n % len(PACKS)]
            code = make_uscc(rng, "370102")
            roster.add_enterprise(admin, uscc=code, name=f"济南负载测试{n + 1:02d}有限公司",
                                    sector=sector, district="历下区")
            team = group if len(group) > 1 else [*group, "检查员00"]
            campaign = campaigns.new_campaign(lead, sector=sector, packs=[pack], target=code,
                                              lead=LEAD, members=team[:1])
            assert campaign.id is not None
            for member in team[1:]:  # the rest join while the team is being formed
                campaigns.add_member(lead, campaign.id, name=member)
            campaigns.advance(lead, campaign.id)
            first = Context(store, admin.catalogue, group[0], lang="en")
            # GB 35181-2017 is withdrawn by today's date: its inspections start confirmed
            insp = inspections.start_inspection(first, campaign_id=campaign.id,
                                                enterprise=code,
                                                categories=site.get("categories"),
                                                tags=site.get("tags"), withdrawn_ok=True)
            assert insp.id is not None
            items = list(inspections.inspection_view(first, insp.id).unanswered)
            jobs += [Job(k, url, name, insp.id, tuple(items),
                         frozenset(items) if corrects else frozenset(), seconds, seed * 1000 + k)
                     for k, name in enumerate(group, start=len(jobs))]
        return jobs
    finally:
        store.close()


# --- one auditor process --------------------------------------------------------------------

def _versions(ctx: Context, inspection_id: int) -> dict[str, int]:
    """Item → version of every finding, as the inspection screen would show them."""
    view = inspections.inspection_view(ctx, inspection_id)
    return {f.item_id: f.version for f in view.findings}


def _status(rng: random.Random) -> str:
    pick = rng.random()
    for status, share in STATUSES:
        if pick < share:
            return status
        pick -= share
    return STATUSES[-1][0]


def answer_loop(ctx: Context, job: Job, out: Outcome, until: float) -> None:
    """Answer items of the job's inspection until ``until`` (monotonic seconds)."""
    rng = random.Random(job.seed)
    hot = job.items[:HOT_ITEMS]
    known = _versions(ctx, job.inspection)
    n = 0
    while time.monotonic() < until:
        item = rng.choice(hot if rng.random() < HOT else job.items)
        status = _status(rng)
        corrected = (status == "noncompliant" and item in job.corrects
                     and rng.random() < CORRECTED)
        n += 1
        note = f"负载 {job.index + 1:02d}.{n:06d}"  # unique: the check finds the answer by it
        t0 = time.perf_counter()
        try:
            done = inspections.answer(ctx, job.inspection, item, status, note=note,
                                      corrected_on_site=corrected,
                                      expected_version=known.get(item, 0))
        except AnjianError as exc:
            if exc.key not in STALE:
                out.errors.append(f"{item}: {exc.key}: {exc.render('en')}")
                continue
            out.refused += 1
            # What the auditor is shown, as the inspection screen words an unsaved answer;
            # then they reload the inspection and carry on.
            out.reported.append(t("ui.unsaved", ctx.lang, item=item, reason=exc.render(ctx.lang)))
            known = _versions(ctx, job.inspection)
            continue
        except Exception as exc:
            out.errors.append(f"{item}: {type(exc).__name__}: "
                              f"{' '.join(str(exc).split())[:300]}")
            continue
        latency = time.perf_counter() - t0
        known[item] = done.version
        out.confirmed.append(Confirmed(job.inspection, item, status, note, done.corrected_on_site,
                                       done.version, latency, job.index))


def auditor(job: Job, ready: Any, done: Any, go: Any, release: Any) -> None:
    """A process's life: connect and load, wait for the start, answer until time is up, report,
    then hold its connections open until the parent has looked at the server."""
    out = Outcome(job.index, job.name)
    ctx: Context | None = None
    try:
        try:
            ctx = open_context(job.url, actor=job.name, lang="en")
            _versions(ctx, job.inspection)  # warm: the first answer is not the first query
        except Exception:
            out.errors.append("start: " + traceback.format_exc(limit=3).strip().splitlines()[-1])
        ready.put(job.index)
        if not go.wait(STARTUP_LIMIT):
            return
        began = time.monotonic()
        if ctx is not None:
            try:
                answer_loop(ctx, job, out, began + job.seconds)
            except Exception:
                out.errors.append("loop: " + traceback.format_exc(limit=3).strip())
        out.elapsed = time.monotonic() - began
        done.put(out)
        release.wait(job.seconds + 600)
    finally:
        if ctx is not None:
            ctx.store.close()


# --- the run --------------------------------------------------------------------------------

@dataclass
class Run:
    """What the processes reported, and those that did not."""

    outcomes: list[Outcome]
    hung: list[str]  # killed: no report in time, or no exit after it
    crashed: list[str]  # ended without a report
    wall: float  # seconds of answering (the longest process's)
    idle_in_transaction: int | None
    startup: float  # seconds from the first spawn until every process was ready


def run(jobs: Sequence[Job], grace: float,
        at_end: Callable[[], int | None] = lambda: None) -> Run:
    """Start one process per job, let them answer, collect what they report. ``at_end`` is
    called once every process has reported (or the grace period is over), while their
    connections are still open; its figure is :attr:`Run.idle_in_transaction`."""
    mp = multiprocessing.get_context("spawn")
    ready, done = mp.Queue(), mp.Queue()
    go, release = mp.Event(), mp.Event()
    procs = [mp.Process(target=auditor, args=(job, ready, done, go, release), daemon=True,
                        name=f"auditor-{job.index + 1:02d}") for job in jobs]
    for p in procs:
        p.start()
    outcomes: dict[int, Outcome] = {}
    hung: list[str] = []
    crashed: list[str] = []

    def silent() -> list[tuple[Job, Any]]:
        return [(j, p) for j, p in zip(jobs, procs, strict=True) if j.index not in outcomes]

    try:
        spawned = time.monotonic()
        limit = spawned + STARTUP_LIMIT
        started = 0
        while started < len(jobs):
            try:
                ready.get(timeout=max(0.1, limit - time.monotonic()))
                started += 1
            except queue.Empty:
                break
        seconds = max((j.seconds for j in jobs), default=0.0)
        began = time.monotonic()
        startup = began - spawned
        go.set()
        limit = began + seconds + grace
        while len(outcomes) < len(jobs):
            try:
                out = done.get(timeout=1.0)
            except queue.Empty:
                # Stop early only when every process yet to report has ended: nothing more
                # can come (a report sent before the end has been read by then).
                if time.monotonic() >= limit or not any(p.is_alive() for _, p in silent()):
                    break
                continue
            outcomes[out.index] = out
        wall = max([o.elapsed for o in outcomes.values()] or [time.monotonic() - began])
        idle = at_end()
        for job, p in silent():
            who = f"process {job.index + 1:02d} {job.name}"
            if p.is_alive():
                hung.append(f"{who}: no report within {seconds:g} s + {grace:g} s; killed")
                p.kill()
            else:
                crashed.append(f"{who}: ended with exit code {p.exitcode} and no report")
    finally:
        release.set()
        for job, p in zip(jobs, procs, strict=True):
            p.join(10)
            if p.is_alive():
                if job.index in outcomes:
                    hung.append(f"process {job.index + 1:02d} {job.name}: did not exit within "
                                "10 s of its report; killed")
                p.kill()
                p.join(5)
    return Run([outcomes[k] for k in sorted(outcomes)], hung, crashed, wall, idle, startup)


def idle_in_transaction(url: str) -> int:
    """Backends of ``url``'s database in a transaction that nobody is using."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return int(conn.execute(text(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND pid <> pg_backend_pid() AND state LIKE 'idle in transaction%'")).scalar_one())
    finally:
        engine.dispose()


# --- the check ------------------------------------------------------------------------------

_A = AuditEntry.__table__  # type: ignore[attr-defined]
_F = FindingRow.__table__  # type: ignore[attr-defined]
_H = Hazard.__table__  # type: ignore[attr-defined]


@dataclass
class Check:
    """The database against what the processes confirmed; every count must be 0."""

    lost: int = 0  # confirmed answers not in the audit log as given, or not what a finding holds
    overwritten: int = 0  # confirmed answers whose version does not follow the one before
    unconfirmed: int = 0  # recorded answers nobody was told about (a process killed or failed)
    duplicates: int = 0  # hazards beyond the first for one finding
    hazards_out_of_line: int = 0  # missing, left over, or at the wrong level
    stale_determinations: int = 0  # stored determination not what the findings give
    chain_entries: int = 0
    chain_break: str | None = None
    problems: list[str] = field(default_factory=list)  # the first few, for the report

    def note(self, what: str) -> None:
        if len(self.problems) < 20:
            self.problems.append(what)


def check(url: str, inspection_ids: Sequence[int], confirmed: Sequence[Confirmed]) -> Check:
    """Every confirmed answer and every finding, hazard and determination of the inspections
    against the database (see the module's description)."""
    out = Check()
    ids = set(inspection_ids)
    store = open_store(url)
    try:
        with store.session() as s:
            logged = [(seq, obj, after) for seq, obj, after in s.execute(
                select(_A.c.seq, _A.c.object_id, _A.c.after)
                .where(_A.c.action == "inspection.answer", _A.c.object_type == "finding")
                .order_by(_A.c.seq)) if int(obj.split("/", 1)[0]) in ids]
            rows = {(f.inspection_id, f.item_id): f for f in s.execute(
                select(_F).where(_F.c.inspection_id.in_(ids)))}
            hazards = list(s.execute(select(_H).where(_H.c.inspection_id.in_(ids))))
            _answers(out, logged, rows, confirmed)
            _hazards(out, s, ids, rows, hazards)
            entries = list(q.audit_entries(s))
            head = q.audit_head(s)
            out.chain_entries = len(entries)
            broken = verify(entries, head.seq, head.hash)
            if broken is not None:
                out.chain_break = f"entry {broken.seq}: {broken.reason}"
    finally:
        store.close()
    return out


def _answers(out: Check, logged: list[tuple[int, str, Any]], rows: dict[tuple[int, str], Any],
             confirmed: Sequence[Confirmed]) -> None:
    by_note: dict[str, tuple[int, str, Any]] = {}
    for seq, obj, after in logged:
        note = after.get("note") if isinstance(after, dict) else None
        if note in by_note:
            out.unconfirmed += 1
            out.note(f"audit entry {seq}: note {note!r} recorded twice")
        by_note[str(note)] = (seq, obj, after)
    mine = {c.note for c in confirmed}
    stray = [(seq, obj) for note, (seq, obj, _) in by_note.items() if note not in mine]
    out.unconfirmed += len(stray)
    for seq, obj in stray[:3]:
        out.note(f"audit entry {seq} ({obj}): an answer no process confirmed")
    per_finding: dict[tuple[int, str], list[tuple[int, Confirmed]]] = defaultdict(list)
    for c in confirmed:
        hit = by_note.get(c.note)
        name = f"{c.inspection}/{c.item}"
        if hit is None:
            out.lost += 1
            out.note(f"{name} {c.status} {c.note!r} (version {c.version}): confirmed, not in "
                     "the audit log")
            continue
        seq, obj, after = hit
        if (obj, after.get("status"), bool(after.get("corrected_on_site"))) != (
                name, c.status, c.corrected):
            out.lost += 1
            out.note(f"{name} {c.note!r}: confirmed as {c.status}, logged as {obj} {after}")
            continue
        per_finding[(c.inspection, c.item)].append((seq, c))
    for key, answers in per_finding.items():
        answers.sort(key=lambda a: a[0])
        versions = [c.version for _, c in answers]
        out.overwritten += sum(1 for a, b in pairwise(versions) if b != a + 1)
        if versions != list(range(versions[0], versions[0] + len(versions))):
            out.note(f"{key[0]}/{key[1]}: confirmed versions in audit order {versions[:12]}")
        last = answers[-1][1]
        row = rows.get(key)
        held = None if row is None else (row.status, row.note, row.corrected_on_site,
                                         row.version)
        if held != (last.status, last.note, last.corrected, last.version):
            out.lost += 1
            out.note(f"{key[0]}/{key[1]}: holds {held}, last confirmed "
                     f"{(last.status, last.note, last.corrected, last.version)}")


def _hazards(out: Check, s: Any, ids: set[int], rows: dict[tuple[int, str], Any],
             hazards: list[Any]) -> None:
    """One hazard per noncompliant finding, none open without one, each at the level the
    fresh determination gives; and every stored determination equal to that evaluation."""
    count = Counter((h.inspection_id, h.item_id) for h in hazards)
    for key, n in count.items():
        if n > 1:
            out.duplicates += n - 1
            out.note(f"{key[0]}/{key[1]}: {n} hazards")
    had = {(h.inspection_id, h.item_id): h for h in hazards}
    for key, row in rows.items():
        if row.status == "noncompliant" and key not in had:
            out.hazards_out_of_line += 1
            out.note(f"{key[0]}/{key[1]}: noncompliant, no hazard")
    catalogue = default_catalogue()
    for iid in sorted(ids):
        insp = s.get(Inspection, iid)
        packs = [get_pack(catalogue, p.pack_id).pack for p in q.inspection_packs(s, iid)]
        sites = split_site(packs, {"categories": insp.categories, "tags": insp.tags,
                                   "exclusions": insp.exclusions}, "site")
        states: dict[str, list[Any]] = defaultdict(list)
        for r in q.answer_states(s, iid):
            states[r[0]].append(r)
        dets = [evaluate(p, sites[p.id], inspections.answers_of(p, states[p.id], sites[p.id],
                                                               insp.inspected_on),
                         on=insp.inspected_on) for p in packs]
        fresh = {"verdict": overall([d.verdict for d in dets]).value,
                 "determinations": [d.model_dump(mode="json") for d in dets]}
        if json.loads(json.dumps(fresh)) != insp.determination:
            out.stale_determinations += 1
            out.note(f"inspection {iid}: stored determination differs from its findings'")
        major = {i for d in dets for trig in d.triggers if not trig.vetoed for i in trig.items}
        for (hi, item), h in had.items():
            if hi != iid or h.status == "closed":  # a closed hazard is history: kept as is
                continue
            row = rows.get((hi, item))
            if row is None or row.status != "noncompliant":
                out.hazards_out_of_line += 1
                out.note(f"{hi}/{item}: {h.status} hazard, finding "
                         f"{row.status if row else 'absent'}")
            elif h.level != ("major" if item in major else "general"):
                out.hazards_out_of_line += 1
                out.note(f"{hi}/{item}: hazard {h.level}, determination says otherwise")


# --- report ---------------------------------------------------------------------------------

def percentile(values: Sequence[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p * len(ordered)) - 1)] if ordered else 0.0


def summary(jobs: Sequence[Job], result: Run, verdict: Check, database: str) -> dict[str, Any]:
    confirmed = [c for o in result.outcomes for c in o.confirmed]
    latencies = [c.latency for c in confirmed]
    refused = sum(o.refused for o in result.outcomes)
    reported = sum(len(o.reported) for o in result.outcomes)
    errors = sum(len(o.errors) for o in result.outcomes) + len(result.crashed)
    figures: dict[str, Any] = {
        "database": database,
        "processes": len(jobs),
        "inspections": len({j.inspection for j in jobs}),
        "seconds": max((j.seconds for j in jobs), default=0.0),
        "answers": len(confirmed),
        "answers_per_s": round(len(confirmed) / result.wall, 1) if result.wall else 0.0,
        "p50_ms": round(statistics.median(latencies) * 1000, 2) if latencies else 0.0,
        "p99_ms": round(percentile(latencies, 0.99) * 1000, 2),
        "stale_refused": refused,
        "stale_reported": reported,
        "errors": errors,
        "hung": len(result.hung),
        "lost": verdict.lost,
        "overwritten": verdict.overwritten,
        "unconfirmed": verdict.unconfirmed,
        "duplicates": verdict.duplicates,
        "hazards_out_of_line": verdict.hazards_out_of_line,
        "stale_determinations": verdict.stale_determinations,
        "chain_entries": verdict.chain_entries,
        "chain_ok": verdict.chain_break is None,
        "idle_in_transaction": result.idle_in_transaction,
        "per_process": [{"process": o.index + 1, "user": o.name, "answers": len(o.confirmed),
                         "stale_refused": o.refused, "stale_reported": len(o.reported),
                         "errors": len(o.errors)} for o in result.outcomes],
        "problems": (verdict.problems + result.hung + result.crashed
                     + [f"process {o.index + 1:02d}: {e}" for o in result.outcomes
                        for e in o.errors[:3]])[:30],
    }
    figures["failed"] = failures(figures)
    return figures


def failures(figures: dict[str, Any]) -> list[str]:
    """The figures that fail the run."""
    must_be_zero = ("errors", "hung", "lost", "overwritten", "unconfirmed", "duplicates",
                    "hazards_out_of_line", "stale_determinations", "idle_in_transaction")
    out = [f"{k} {figures[k]}" for k in must_be_zero if figures.get(k)]
    if not figures["chain_ok"]:
        out.append("audit chain broken")
    if figures["stale_reported"] != figures["stale_refused"]:
        out.append("a refused write was not reported")
    return out


def render(f: dict[str, Any]) -> str:
    lines = [f"load: {f['processes']} auditor processes on {f['inspections']} shared "
             f"inspections, {f['seconds']:g} s, {f['database']}"]
    lines += [f"  process {p['process']:02d} {p['user']}: {p['answers']} answers, "
              f"{p['stale_refused']} stale writes refused ({p['stale_reported']} reported), "
              f"{p['errors']} errors" for p in f["per_process"]]
    idle = f["idle_in_transaction"]
    lines += [
        f"processes: {f['processes']}",
        f"seconds: {f['seconds']:g}",
        f"answers confirmed: {f['answers']}",
        f"answers/s: {f['answers_per_s']:,.1f}",
        f"p50 answer latency: {f['p50_ms']:.1f} ms",
        f"p99 answer latency: {f['p99_ms']:.1f} ms",
        f"stale writes refused: {f['stale_refused']} (reported to their user: "
        f"{f['stale_reported']})",
        f"errors: {f['errors']}",
        f"hung processes: {f['hung']}",
        f"lost answers: {f['lost']}",
        f"silently overwritten answers: {f['overwritten']}",
        f"unconfirmed answers recorded: {f['unconfirmed']}",
        f"duplicate hazards: {f['duplicates']}",
        f"hazards out of line with findings: {f['hazards_out_of_line']}",
        f"stale determinations: {f['stale_determinations']}",
        f"audit chain: {'verifies' if f['chain_ok'] else 'BROKEN'} "
        f"({f['chain_entries']} entries)",
        f"idle in transaction after the run: {'-' if idle is None else idle}",
    ]
    if "total_s" in f:
        lines.append(f"time: set-up {f['setup_s']:.1f} s, processes ready {f['startup_s']:.1f} s, "
                     f"check {f['check_s']:.1f} s, in all {f['total_s']:.1f} s")
    lines += [f"  {p}" for p in f["problems"]]
    lines.append("result: " + ("FAILED: " + ", ".join(f["failed"]) if f["failed"] else "pass"))
    return "\n".join(lines)


@contextmanager
def database(args: argparse.Namespace) -> Iterator[tuple[str, str]]:
    """The database to load: (URL, description); a scratch one unless ``--db`` names one."""
    if args.db:
        yield args.db, make_url(args.db).render_as_string(hide_password=True)
    elif args.sqlite:
        with tempfile.TemporaryDirectory(prefix="anjian-load-") as tmp:
            yield f"sqlite:///{Path(tmp) / 'load.db'}", "SQLite (scratch file)"
    else:
        with temporary_pg_database(args.pg_url) as (url, conninfo):
            yield url, f"PostgreSQL (scratch database {conninfo['dbname']})"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--db", help="a new, empty database to load (kept afterwards)")
    where.add_argument("--sqlite", action="store_true", help="a scratch SQLite file")
    parser.add_argument("--pg-url", default=PG_URL,
                        help="the PostgreSQL server for the scratch database")
    parser.add_argument("--processes", type=int,
                        help="auditor processes (default 20 on PostgreSQL, 4 on SQLite)")
    parser.add_argument("--seconds", type=float, default=60.0, help="how long they answer")
    parser.add_argument("--grace", type=float, default=30.0,
                        help="seconds after the end before a process counts as hung")
    parser.add_argument("--seed", type=int, default=2021)
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    backend = ("sqlite" if args.sqlite or (args.db and make_url(args.db).get_backend_name()
                                           == "sqlite") else "postgresql")
    processes = args.processes or DEFAULT_PROCESSES[backend]
    if processes < 1 or args.seconds <= 0 or args.grace < 0:
        parser.error("--processes and --seconds must be positive, --grace not negative")
    began = time.perf_counter()
    phases: dict[str, float] = {}
    try:
        with tempfile.TemporaryDirectory(prefix="anjian-load-home-") as home, \
                _home(Path(home)), database(args) as (url, described):
            jobs = setup(url, processes, args.seconds, args.seed)
            phases["setup_s"] = time.perf_counter() - began
            result = run(jobs, args.grace, (lambda: idle_in_transaction(url))
                         if backend == "postgresql" else lambda: None)
            phases["startup_s"] = result.startup
            confirmed = [c for o in result.outcomes for c in o.confirmed]
            t0 = time.perf_counter()
            verdict = check(url, sorted({j.inspection for j in jobs}), confirmed)
            phases["check_s"] = time.perf_counter() - t0
    except Unreachable as exc:
        print(f"load: PostgreSQL not usable: {exc}", file=sys.stderr)
        return 2
    phases["total_s"] = time.perf_counter() - began
    figures = summary(jobs, result, verdict, described)
    figures |= {k: round(v, 1) for k, v in phases.items()}
    print(json.dumps(figures, ensure_ascii=False) if args.json else render(figures))
    return 1 if figures["failed"] else 0


if __name__ == "__main__":
    # Run as the imported module, so that what the spawned auditors send back unpickles as
    # ``benchmarks.load`` classes rather than ones of a ``__main__`` they do not share.
    from benchmarks.load import main as _main

    sys.exit(_main())
