"""Evidence files (证据文件): copied into the store before an answer or a submission is saved,
recorded with it in one transaction, listed per inspection, and re-hashed by
``anjian evidence verify``.

Files are copied before the database transaction, so a refused file refuses the action before
anything is written; when the transaction then fails, the files it had newly stored are taken
away again.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from itertools import groupby
from pathlib import Path
from typing import Any

from core.pack.free_text import check, record_of
from core.process.permissions import Action
from core.services.context import Context
from core.services.users import authorize, reader
from core.store import evidence_files as store
from core.store import queries as q
from core.store import writes
from core.store.db import Session
from core.store.tables import EvidenceFile, Inspection
from core.views.evidence import (
    Damaged,
    EvidenceView,
    InspectionEvidence,
    RectificationView,
    Verified,
)
from core.views.file_modes import OpenFile


def prepare(ctx: Context, paths: Sequence[str | Path]) -> list[store.Stored]:
    """Check every path, then copy each into the store (nothing is copied while one is bad)."""
    if not paths:
        return []
    for p in paths:
        check(record_of("evidence_file", p), file_name=Path(p).name)
    root = store.store_dir(ctx.store.url)
    limit = store.max_bytes()
    checked = [store.check(p, limit) for p in paths]
    stored: list[store.Stored] = []
    try:
        for item in checked:
            stored.append(store.put(item, root, limit))
    except BaseException:
        discard(ctx, stored)
        raise
    return stored


def discard(ctx: Context, stored: Sequence[store.Stored]) -> None:
    """Remove the files an action newly stored, unless a row (saved meanwhile by someone
    else with the same content) refers to them."""
    fresh = [x for x in stored if x.new]
    if not fresh:
        return
    try:
        with ctx.store.session() as s:
            used = q.evidence_hashes_used(s, {x.sha256 for x in fresh})
    except Exception:  # cannot tell: keep them, an unreferenced file is harmless
        return
    store.remove(x for x in fresh if x.sha256 not in used)


@contextmanager
def staged(ctx: Context, paths: Sequence[str | Path]) -> Iterator[list[store.Stored]]:
    """The stored files for the body's transaction; removed again if the body fails."""
    stored = prepare(ctx, paths)
    try:
        yield stored
    except BaseException:
        discard(ctx, stored)
        raise


def attach(ctx: Context, s: Session, object_type: str, object_id: str,
           stored: Sequence[store.Stored]) -> list[dict[str, Any]]:
    """Record ``stored`` against a finding or rectification (each content once); returns
    what was added, for the audit entry."""
    if not stored:  # most answers carry no file: no query
        return []
    have = {e.sha256 for e in q.evidence_of(s, object_type, object_id)}
    new = []
    for x in stored:
        if x.sha256 not in have:
            have.add(x.sha256)
            new.append(x)
    if new:
        writes.add_evidence(s, object_type, object_id, [(x.name, x.size, x.sha256) for x in new],
                            ctx.actor)
    return [x.as_json() for x in new]


def _view(e: EvidenceFile, hazard_id: int | None) -> EvidenceView:
    return EvidenceView(object_type=e.object_type, object_id=e.object_id, hazard_id=hazard_id,
                        name=e.name, size=e.size, sha256=e.sha256, added_by=e.added_by,
                        added_at=e.added_at)


def of_inspection(ctx: Context, inspection_id: int) -> InspectionEvidence:
    """The files of an inspection's findings and of its hazards' rectifications."""
    with ctx.store.reading() as s:
        return of_inspection_in(ctx, s, inspection_id)


def of_inspection_in(ctx: Context, s: Session, inspection_id: int) -> InspectionEvidence:
    """:func:`of_inspection` read in the caller's transaction."""
    insp = q.get(s, Inspection, inspection_id, "inspection")
    reader(ctx, s, insp.enterprise_uscc)
    files = [_view(e, hid) for e, hid in q.inspection_evidence(s, inspection_id)]
    fixes = q.inspection_rectifications(s, inspection_id)
    by_fix: dict[str, list[EvidenceView]] = {}
    for f in files:
        if f.object_type == "rectification":
            by_fix.setdefault(f.object_id, []).append(f)
    return InspectionEvidence(inspection_id=inspection_id, files=tuple(files),
                              rectifications=tuple(RectificationView(
                                  id=r.id or 0, hazard_id=r.hazard_id,
                                  submitted_by=r.submitted_by, submitted_at=r.submitted_at,
                                  evidence=r.evidence, result=r.result,
                                  files=tuple(by_fix.get(str(r.id), []))) for r in fixes))


def verify(ctx: Context) -> Verified:
    """Re-hash every stored file the table refers to, and name the store's folders and files
    that others may read (reported, never changed: see :mod:`core.store.file_modes`)."""
    with ctx.store.reading() as s:
        authorize(ctx, s, Action.read_all)
        rows = list(q.evidence_all(s))
    if not rows:
        return Verified(root=None, checked=0, damaged=())
    root = store.store_dir(ctx.store.url)
    checked, damaged, present = 0, [], []
    for sha, group in groupby(rows, key=lambda e: e.sha256):
        checked += 1
        path = store.location(root, sha)
        actual = store.hash_file(path)
        if actual is not None:
            present.append(path)
        if actual != sha:
            damaged.append(Damaged(sha256=sha, path=path,
                                   state="missing" if actual is None else "changed",
                                   files=tuple(_view(e, None) for e in group)))
    exposed = tuple(OpenFile(path=p, mode=m, folder=d)
                    for p, m, d in store.open_to_others(root, present))
    return Verified(root=root, checked=checked, damaged=tuple(damaged), open_to_others=exposed,
                    shared=store.shared_bits(root) != 0)
