"""The audit check (``anjian audit verify``): the audit log's hash chain, and every stored
determination against a fresh evaluation of its findings."""

from __future__ import annotations

from collections.abc import Iterator
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
from core.store import audit_reads
from core.store import queries as q
from core.store.audit_chain import ChainBreak, verify
from core.store.db import Session

#: Audit entries read per transaction. Each page is its own short reading (a read session: it
#: takes no write lock, so an answer being saved meanwhile never waits for it), so the check
#: holds only one page in memory, whatever the log's length.
PAGE = 2000


def chain_check(ctx: Context, *, page: int = PAGE) -> tuple[int, ChainBreak | None]:
    """(entries checked, the first break or None): the chain recomputed up to the head read
    first, streamed in sequence order ``page`` entries at a time (flat memory at any length).
    Entries appended meanwhile lie after that head and are left for the next check; an
    entry after the head as it stands at the end is one no append recorded."""
    with ctx.store.snapshot() as s:
        authorize(ctx, s, Action.read_all)
        head_seq, head_hash = audit_reads.head(s)
    counted = 0

    def entries() -> Iterator[Any]:
        nonlocal counted
        after = 0
        while after < head_seq:
            with ctx.store.snapshot() as s:
                rows = audit_reads.audit_page(s, after, head_seq, page)
            if not rows:
                return
            for row in rows:
                counted += 1
                yield row
            after = rows[-1].seq

    broken = verify(entries(), head_seq, head_hash)
    if broken is None:
        with ctx.store.snapshot() as s:
            beyond = audit_reads.first_beyond_head(s)
        if beyond is not None:
            broken = ChainBreak(beyond, "beyond_head")
    return counted, broken


# --- stored determinations against their findings -------------------------------------------

#: Inspections re-evaluated per transaction (a read session, which takes no write lock: an
#: auditor's answer never waits for it); each batch costs two queries beside one per
#: inspection, and holds its inspections only in memory.
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
class Tampered:
    """An inspection's pack record that is not what anjian wrote: its version and content hash
    differ from what the audit log recorded for that inspection and pack (``expected``, from
    entry ``entry``), or, where the log recorded none, from its campaign's pack record
    (``entry`` None); ``expected`` None: neither has a record of the pack at all."""

    inspection: int
    campaign: int | None
    recorded: RecordedPack
    expected: RecordedPack | None
    entry: int | None

    def as_json(self) -> dict[str, Any]:
        return {"inspection": self.inspection, "campaign": self.campaign,
                **self.recorded.as_json(),
                "expected": self.expected.as_json() if self.expected else None,
                "source": ("audit_log" if self.entry is not None else
                           "campaign" if self.expected is not None else None),
                "audit_entry": self.entry}


@dataclass(frozen=True)
class DeterminationCheck:
    """``checked``: inspections re-evaluated (under at least one of their packs)."""

    checked: int
    mismatched: tuple[Mismatch, ...]
    unverifiable: tuple[Unverifiable, ...]
    tampered: tuple[Tampered, ...] = ()

    def as_json(self) -> dict[str, Any]:
        return {"checked": self.checked,
                "mismatched": [m.as_json() for m in self.mismatched],
                "unverifiable": [u.as_json() for u in self.unverifiable],
                "tampered": [x.as_json() for x in self.tampered]}


@dataclass
class _Suspect:
    """A pack record to compare with what the log says of it: the record, the campaign's, and
    the head of the log when it was read (later entries are not its history yet)."""

    inspection: int
    campaign: int | None
    recorded: RecordedPack
    campaign_pack: RecordedPack | None
    upto: int


def determination_check(ctx: Context, *, batch: int = BATCH) -> DeterminationCheck:
    """Re-evaluate every inspection's stored findings under the pack versions it recorded
    (the same evaluation that stored its determination) and name every inspection whose
    stored determination differs. Inspections are read in batches of ``batch``, each batch in
    one transaction that sees it whole (a snapshot on PostgreSQL), so memory stays flat and an
    answer being saved meanwhile is never half seen.

    A recorded pack content may not be installed for two reasons, told apart by the record's
    history. anjian writes an inspection's pack record only when it starts the inspection
    (the campaign's pack, logged by ``inspection.start``) and when a lead moves it to the
    installed content (logged by ``inspection.repin``), each time with an audit entry naming
    version and hash. So:

    - the record equals the latest of those entries for its inspection and pack (or, where
      the log names none, its campaign's ``campaign_pack`` row): the pack was edited, upgraded
      or removed since. **Unverifiable**: no tampering, but the check fails until the lead
      runs ``inspect repin`` or the recorded content is installed again.
    - the record differs from that (above all: the same version as the installed pack with
      another hash, which no legitimate edit produces, since an edited pack changes what is
      installed, not what was recorded): **tampered**, whatever is installed.

    Only records that could be either are looked up in the log: those not installed, and those
    that differ from their campaign's (the repinned ones); one pass over the log at the end
    reads their ``inspection.start``/``inspection.repin`` entries, in short windows, each
    record against the entries up to the log's head when its batch was read (an entry
    appended later is not its history). A record that is installed and equals its campaign's
    is what anjian wrote unless both rows were rewritten together; comparing every table with
    the log is the state replay's part, not this check's."""
    checked, mismatched = 0, []
    missing: dict[RecordedPack, list[int]] = {}
    suspects: dict[str, list[_Suspect]] = {}
    after = 0
    while True:
        with ctx.store.snapshot() as s:
            if after == 0:  # every enterprise's determinations: a bureau read
                authorize(ctx, s, Action.read_all)
            rows = q.inspections_after(s, after, batch)
            if not rows:
                break
            upto, _ = audit_reads.head(s)
            recorded: dict[int, list[RecordedPack]] = {}
            for iid, pack, version, digest, cid, c_version, c_hash in audit_reads.pack_records(
                    s, rows[0].id, rows[-1].id):
                p = RecordedPack(pack, version, digest)
                recorded.setdefault(iid, []).append(p)
                entry = ctx.catalogue.get(pack)
                theirs = RecordedPack(pack, c_version, c_hash) if c_hash is not None else None
                if entry is None or entry.hash != digest or theirs != p:
                    suspects.setdefault(str(iid), []).append(_Suspect(iid, cid, p, theirs, upto))
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
    tampered = _tampered(ctx, suspects)
    forged = {(x.inspection, x.recorded) for x in tampered}
    unverifiable = []
    for p, ids in missing.items():
        ids = [i for i in ids if (i, p) not in forged]  # named as tampered instead
        if not ids:
            continue
        entry = ctx.catalogue.get(p.pack)
        installed = RecordedPack(p.pack, entry.pack.version, entry.hash) if entry else None
        unverifiable.append(Unverifiable(p, installed, tuple(ids)))
    return DeterminationCheck(checked, tuple(mismatched), tuple(unverifiable), tuple(tampered))


#: Audit entries per window of the pass that reads suspect pack records' history: one short
#: reading each, whatever the log's length.
WINDOW = 20_000


def _tampered(ctx: Context, suspects: dict[str, list[_Suspect]]) -> list[Tampered]:
    """The suspect pack records that differ from their history (see
    :func:`determination_check`), in inspection order."""
    if not suspects:
        return []
    # (inspection, pack) -> (version, hash, entry) as the latest entry up to the record's
    # reading has it
    history: dict[tuple[str, str], tuple[str, str, int]] = {}
    last = max(x.upto for xs in suspects.values() for x in xs)
    after = 0
    while after < last:
        with ctx.store.snapshot() as s:
            found = audit_reads.packs_recorded(s, after, min(after + WINDOW, last), suspects)
        for seq, oid, data in found:
            packs = data.get("packs") if isinstance(data, dict) else None
            if not isinstance(packs, dict):
                continue
            for x in suspects[oid]:
                named = packs.get(x.recorded.pack)
                if seq <= x.upto and isinstance(named, dict):
                    history[(oid, x.recorded.pack)] = (str(named.get("version")),
                                                       str(named.get("hash")), seq)
        after += WINDOW
    out = []
    for oid, xs in suspects.items():
        for x in xs:
            seen = history.get((oid, x.recorded.pack))
            if seen is not None:
                expected: RecordedPack | None = RecordedPack(x.recorded.pack, *seen[:2])
                entry: int | None = seen[2]
            else:
                expected, entry = x.campaign_pack, None
            if expected != x.recorded:
                out.append(Tampered(x.inspection, x.campaign, x.recorded, expected, entry))
    return sorted(out, key=lambda x: (x.inspection, x.recorded.pack))


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
