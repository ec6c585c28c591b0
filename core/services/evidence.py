"""Evidence files (证据文件): copied into the store before an answer or a submission is saved,
recorded with it in one transaction, listed per inspection, and re-hashed by
``anjian evidence verify``.

Files are copied before the database transaction, so a refused file refuses the action before
anything is written; when the transaction then fails, the files it had newly stored are taken
away again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path
from typing import Any

from sqlmodel import Session

from core.process.permissions import Action
from core.services.context import Context
from core.services.users import authorize, reader
from core.store import evidence_files as store
from core.store import queries as q
from core.store.tables import EvidenceFile, Inspection


def prepare(ctx: Context, paths: Sequence[str | Path]) -> list[store.Stored]:
    """Check every path, then copy each into the store (nothing is copied while one is bad)."""
    if not paths:
        return []
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
    added: list[dict[str, Any]] = []
    for x in stored:
        if x.sha256 in have:
            continue
        have.add(x.sha256)
        s.add(EvidenceFile(object_type=object_type, object_id=object_id, name=x.name,
                           size=x.size, sha256=x.sha256, added_by=ctx.actor))
        added.append(x.as_json())
    if added:
        s.flush()
    return added


@dataclass(frozen=True)
class EvidenceView:
    """One attached file: what it is attached to, and who added it when."""

    object_type: str  # finding | rectification
    object_id: str
    hazard_id: int | None
    name: str
    size: int
    sha256: str
    added_by: str
    added_at: dt.datetime

    @property
    def item_id(self) -> str | None:
        return self.object_id.split("/", 1)[1] if self.object_type == "finding" else None

    def label(self) -> str:
        """``name (sha256:…)`` as exports list it."""
        return f"{self.name} (sha256:{self.sha256})"

    def as_json(self) -> dict[str, Any]:
        return {"object_type": self.object_type, "object_id": self.object_id,
                "item": self.item_id, "hazard": self.hazard_id, "name": self.name,
                "size": self.size, "sha256": self.sha256, "added_by": self.added_by,
                "added_at": self.added_at.isoformat()}


@dataclass(frozen=True)
class RectificationView:
    id: int
    hazard_id: int
    submitted_by: str
    submitted_at: dt.datetime
    evidence: str
    result: str
    files: list[EvidenceView] = field(default_factory=list)


@dataclass(frozen=True)
class InspectionEvidence:
    inspection_id: int
    files: list[EvidenceView]
    rectifications: list[RectificationView]

    def of_finding(self, item_id: str) -> list[EvidenceView]:
        return [f for f in self.files if f.object_type == "finding" and f.item_id == item_id]

    def as_json(self) -> dict[str, Any]:
        return {"inspection": self.inspection_id, "files": [f.as_json() for f in self.files]}


def _view(e: EvidenceFile, hazard_id: int | None) -> EvidenceView:
    return EvidenceView(e.object_type, e.object_id, hazard_id, e.name, e.size, e.sha256,
                        e.added_by, e.added_at)


def of_inspection(ctx: Context, inspection_id: int) -> InspectionEvidence:
    """The files of an inspection's findings and of its hazards' rectifications."""
    with ctx.store.session() as s:
        insp = q.get(s, Inspection, inspection_id, "inspection")
        reader(ctx, s, insp.enterprise_uscc)
        files = [_view(e, hid) for e, hid in q.inspection_evidence(s, inspection_id)]
        fixes = q.inspection_rectifications(s, inspection_id)
    by_fix: dict[str, list[EvidenceView]] = {}
    for f in files:
        if f.object_type == "rectification":
            by_fix.setdefault(f.object_id, []).append(f)
    return InspectionEvidence(inspection_id, files, [
        RectificationView(r.id or 0, r.hazard_id, r.submitted_by, r.submitted_at, r.evidence,
                          r.result, by_fix.get(str(r.id), [])) for r in fixes])


@dataclass(frozen=True)
class Damaged:
    """Stored content that no longer matches its hash (``changed``) or is gone (``missing``),
    with every attachment that refers to it."""

    sha256: str
    path: Path
    state: str
    files: list[EvidenceView]

    def as_json(self) -> dict[str, Any]:
        return {"sha256": self.sha256, "path": str(self.path), "state": self.state,
                "files": [f.as_json() for f in self.files]}


@dataclass(frozen=True)
class Verified:
    root: Path | None
    checked: int
    damaged: list[Damaged]

    @property
    def changed(self) -> int:
        return sum(1 for d in self.damaged if d.state == "changed")

    @property
    def missing(self) -> int:
        return sum(1 for d in self.damaged if d.state == "missing")

    def as_json(self) -> dict[str, Any]:
        return {"store": str(self.root) if self.root else None, "checked": self.checked,
                "changed": self.changed, "missing": self.missing,
                "intact": not self.damaged, "damaged": [d.as_json() for d in self.damaged]}


def verify(ctx: Context) -> Verified:
    """Re-hash every stored file the table refers to."""
    with ctx.store.session() as s:
        authorize(ctx, s, Action.read_all)
        rows = list(q.evidence_all(s))
    if not rows:
        return Verified(None, 0, [])
    root = store.store_dir(ctx.store.url)
    checked, damaged = 0, []
    for sha, group in groupby(rows, key=lambda e: e.sha256):
        checked += 1
        path = store.location(root, sha)
        actual = store.hash_file(path)
        if actual != sha:
            damaged.append(Damaged(sha, path, "missing" if actual is None else "changed",
                                   [_view(e, None) for e in group]))
    return Verified(root, checked, damaged)
