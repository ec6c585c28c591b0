"""Evidence files (证据文件) as they are listed and exported."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from core.views.base import View
from core.views.file_modes import OpenFile


class StoredFile(View):
    """A file just kept in the evidence store: its name, size and SHA-256."""

    name: str
    size: int
    sha256: str


class EvidenceView(View):
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


class RectificationView(View):
    """What the enterprise submitted for a hazard, and the follow-up's verdict on it."""

    id: int
    hazard_id: int
    submitted_by: str
    submitted_at: dt.datetime
    evidence: str
    result: str
    files: tuple[EvidenceView, ...] = ()
    #: The lead's verdict on it: who, when, with what note (empty while pending).
    verified_by: str = ""
    verified_at: dt.datetime | None = None
    note: str = ""

    def as_json(self) -> dict[str, Any]:
        return {"id": self.id, "submitted_by": self.submitted_by,
                "submitted_at": self.submitted_at.isoformat(), "evidence": self.evidence,
                "result": self.result, "verified_by": self.verified_by,
                "verified_at": self.verified_at.isoformat() if self.verified_at else None,
                "note": self.note, "files": [f.as_json() for f in self.files]}


class InspectionEvidence(View):
    """The files of an inspection's findings and of its hazards' rectifications."""

    inspection_id: int
    files: tuple[EvidenceView, ...]
    rectifications: tuple[RectificationView, ...]

    def of_finding(self, item_id: str) -> list[EvidenceView]:
        return [f for f in self.files if f.object_type == "finding" and f.item_id == item_id]

    def as_json(self) -> dict[str, Any]:
        return {"inspection": self.inspection_id, "files": [f.as_json() for f in self.files]}


class Damaged(View):
    """Stored content that no longer matches its hash (``changed``) or is gone (``missing``),
    with every attachment that refers to it."""

    sha256: str
    path: Path
    state: str
    files: tuple[EvidenceView, ...]

    def as_json(self) -> dict[str, Any]:
        return {"sha256": self.sha256, "path": str(self.path), "state": self.state,
                "files": [f.as_json() for f in self.files]}


class Verified(View):
    """What ``anjian evidence verify`` found: files checked, those damaged, and the store's
    folders and files that others may read beyond what the store's folder grants its group."""

    root: Path | None
    checked: int
    damaged: tuple[Damaged, ...]
    open_to_others: tuple[OpenFile, ...] = ()
    #: The store's folder is given to a group (a store several accounts share).
    shared: bool = False

    @property
    def changed(self) -> int:
        return sum(1 for d in self.damaged if d.state == "changed")

    @property
    def missing(self) -> int:
        return sum(1 for d in self.damaged if d.state == "missing")

    def as_json(self) -> dict[str, Any]:
        return {"store": str(self.root) if self.root else None, "checked": self.checked,
                "changed": self.changed, "missing": self.missing,
                "intact": not self.damaged, "damaged": [d.as_json() for d in self.damaged],
                "open_to_others": [f.as_json() for f in self.open_to_others]}
