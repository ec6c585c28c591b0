"""The audit check (``anjian audit verify``): the audit log's hash chain, and every stored
determination against a fresh evaluation of its findings."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from core.engine.differences import Difference, differences
from core.engine.evaluation import split_site
from core.i18n import AnjianError
from core.pack.model import Pack
from core.process.permissions import Action
from core.process.workflow import HazardStatus
from core.services.context import Context
from core.services.inspections import _determinations, _site
from core.services.ledger import verified, wanted
from core.services.users import authorize
from core.store import queries as q
from core.store.audit_chain import ChainBreak, verify
from core.store.db import Session


def chain_check(ctx: Context) -> tuple[int, ChainBreak | None]:
    """(entries checked, the first break or None)."""
    with ctx.store.session() as s:
        authorize(ctx, s, Action.read_all)
        entries = list(q.audit_entries(s))
        head = q.audit_head(s)
    return len(entries), verify(entries, head.seq, head.hash)


# --- stored determinations against their findings -------------------------------------------

#: Inspections re-evaluated per transaction. On SQLite every transaction holds the write lock
#: (BEGIN IMMEDIATE), so a batch must be short enough that an auditor's answer waits only
#: briefly (about 0.1 s); each batch costs two queries beside one per inspection.
BATCH = 200


@dataclass(frozen=True)
class RecordedPack:
    """A pack version an inspection recorded: id, version, content hash."""

    pack: str
    version: str
    hash: str

    def as_json(self) -> dict[str, str]:
        return {"pack": self.pack, "version": self.version, "hash": self.hash}


@dataclass(frozen=True)
class Mismatch:
    """An inspection whose stored determination is not what its findings give."""

    inspection: int
    enterprise: str
    name: str
    packs: tuple[RecordedPack, ...]
    differences: tuple[Difference, ...]

    def as_json(self) -> dict[str, Any]:
        return {"inspection": self.inspection, "enterprise": self.enterprise,
                "name": self.name, "packs": [p.as_json() for p in self.packs],
                "differences": [d.as_json() for d in self.differences]}


@dataclass(frozen=True)
class Unverifiable:
    """A recorded pack content that is not installed (the pack was upgraded, edited in place or
    removed since), so the determinations made under it cannot be re-checked: not a sign of
    tampering, but the check fails until the inspections are moved to the installed content
    (``anjian inspect repin``) or the recorded content is installed again."""

    recorded: RecordedPack
    installed: RecordedPack | None
    inspections: tuple[int, ...]

    def as_json(self) -> dict[str, Any]:
        return {**self.recorded.as_json(),
                "installed": self.installed.as_json() if self.installed else None,
                "inspections": list(self.inspections)}


@dataclass(frozen=True)
class DeterminationCheck:
    """``checked``: inspections re-evaluated (under at least one of their packs)."""

    checked: int
    mismatched: tuple[Mismatch, ...]
    unverifiable: tuple[Unverifiable, ...]

    def as_json(self) -> dict[str, Any]:
        return {"checked": self.checked,
                "mismatched": [m.as_json() for m in self.mismatched],
                "unverifiable": [u.as_json() for u in self.unverifiable]}


def determination_check(ctx: Context, *, batch: int = BATCH) -> DeterminationCheck:
    """Re-evaluate every inspection's stored findings under the pack versions it recorded
    (the same evaluation that stored its determination) and name every inspection whose
    stored determination differs. Inspections are read in batches of ``batch``, each batch in
    one transaction that sees it whole (a snapshot on PostgreSQL), so memory stays flat and an
    answer being saved meanwhile is never half seen."""
    checked, mismatched = 0, []
    missing: dict[RecordedPack, list[int]] = {}
    after = 0
    while True:
        with ctx.store.snapshot() as s:
            if after == 0:  # every enterprise's determinations: a bureau read
                authorize(ctx, s, Action.read_all)
            rows = q.inspections_after(s, after, batch)
            if not rows:
                break
            recorded: dict[int, list[RecordedPack]] = {}
            for iid, *pack in q.packs_between(s, rows[0].id, rows[-1].id):
                recorded.setdefault(iid, []).append(RecordedPack(*pack))
            for row in rows:
                packs = recorded.get(row.id, [])
                evaluated, diffs, absent = _recheck(ctx, s, row, packs)
                checked += evaluated
                for p in absent:
                    missing.setdefault(p, []).append(row.id)
                if diffs:
                    mismatched.append(Mismatch(row.id, row.enterprise_uscc, row.name or "",
                                               tuple(packs), tuple(diffs)))
        after = rows[-1].id
    unverifiable = []
    for p, ids in missing.items():
        entry = ctx.catalogue.get(p.pack)
        installed = RecordedPack(p.pack, entry.pack.version, entry.hash) if entry else None
        unverifiable.append(Unverifiable(p, installed, tuple(ids)))
    return DeterminationCheck(checked, tuple(mismatched), tuple(unverifiable))


def _recheck(ctx: Context, s: Session, row: Any, recorded: list[RecordedPack]
             ) -> tuple[bool, list[Difference], list[RecordedPack]]:
    """(re-evaluated at all, the differences, the recorded packs not installed) of one
    inspection. Determinations are language-neutral (warnings are keys with parameters), so
    one evaluation compares every field exactly, warnings included."""
    packs: list[Pack] = []
    absent: list[RecordedPack] = []
    for p in recorded:
        # The content hash covers the pack id, so only the installed pack of that id can have
        # the recorded hash; a pack series links different standards (other ids), never an
        # older text of the same one, so an upgraded pack cannot be found there.
        entry = ctx.catalogue.get(p.pack)
        if entry is not None and entry.hash == p.hash:
            packs.append(entry.pack)
        else:
            absent.append(p)
    if not packs:
        # Every inspection records its campaign's packs; with none recorded, a stored
        # determination under any pack is itself a difference.
        return (not absent, differences(row.determination, [], [p.pack for p in absent],
                                        complete=not absent), absent)
    site = _site(row)
    if absent:
        # Site values only a missing pack knows are its own; the packs at hand see the rest,
        # exactly as they did when the determination was stored.
        known = [p.site_vocabulary() for p in packs]
        site = {k: [v for v in vs if any(v in voc[k] for voc in known)]
                if isinstance(vs, list) else vs for k, vs in site.items()}
    ids = [p.pack for p in recorded]
    try:
        sites = split_site(packs, site, f"inspection {row.id}")
        dets = _determinations(s, row.id, row.inspected_on, packs, sites)
    except (AnjianError, ValueError, KeyError, TypeError) as exc:
        # A status, item or site value edited to one the pack does not have.
        reason: Any = ({"key": exc.key, "params": {k: str(v) for k, v in exc.params.items()}}
                       if isinstance(exc, AnjianError) else repr(exc))
        return True, [Difference(None, "findings", None, reason)], absent
    found = differences(row.determination, dets, ids, complete=not absent)
    if not absent:
        found += _ledger_differences(s, row.id, packs, dets)
    return True, found, absent


def _ledger_differences(s: Session, inspection_id: int, packs: list[Pack],
                        dets: list[Any]) -> list[Difference]:
    """Where the inspection's hazards (and its links to hazards other inspections opened) are
    not what its determination says: each noncompliant item a hazard of its level, open (or
    linked to the one still open), or closed by an on-site correction that still stands. An
    item whose hazard was verified and closed (销号) is history and not compared."""
    want = wanted(packs, dets)
    own = {h.item_id: h for h in q.hazard_states(s, inspection_id)}
    closed = {i for i, h in own.items() if verified(h)}
    expected = sorted((_entry(i, "corrected" if w.corrected else w.level)
                       for i, w in want.items() if i not in closed), key=repr)
    actual = [_entry(i, "corrected" if h.status == HazardStatus.closed else h.level)
              for i, h in own.items() if i not in closed]
    actual += [_entry(r.item_id, r.level) for r in q.recurrences(s, inspection_id=inspection_id)
               if r.item_id not in own]
    actual.sort(key=repr)
    return [] if actual == expected else [Difference(None, "ledger", actual, expected)]


def _entry(item: str, state: str) -> dict[str, str]:
    return {"item": item, "hazard": state}
