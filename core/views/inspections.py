"""Inspections (检查), their findings and their live determinations."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import Field

from core.engine.determination import Determination, Verdict
from core.pack.profile import ProfileQuestion
from core.views.base import View
from core.views.evidence import StoredFile
from core.views.hazards import HazardView


class PackRecord(View):
    """A pack version and content hash a campaign or an inspection recorded."""

    pack_id: str
    pack_version: str
    pack_hash: str


class InspectionSummary(View):
    """An inspection without its findings: who, what, when, the site, the overall verdict."""

    id: int
    campaign_id: int | None
    enterprise_uscc: str
    kind: str
    started_at: dt.datetime
    started_by: str
    inspected_on: dt.date
    categories: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    exclusions: tuple[str, ...] = ()
    version: int = 1
    #: The overall verdict of the live determination (incomplete before any is stored).
    verdict: Verdict = Verdict.incomplete

    @classmethod
    def of(cls, row: Any) -> InspectionSummary:
        """From a stored inspection (its determination JSON gives the verdict)."""
        verdict = (row.determination or {}).get("verdict") or Verdict.incomplete
        return cls.model_validate({**{k: getattr(row, k) for k in _ROW_FIELDS},
                                   "verdict": verdict})

    @property
    def site(self) -> dict[str, list[str]]:
        """The site profile as recorded (categories, tags, claimed exceptions)."""
        return {"categories": list(self.categories), "tags": list(self.tags),
                "exclusions": list(self.exclusions)}

    def as_json(self) -> dict[str, Any]:
        """The stored inspection's fields as ``--json`` has always given them."""
        return self.model_dump(mode="json", exclude={"verdict"})


_ROW_FIELDS = tuple(k for k in InspectionSummary.model_fields if k != "verdict")


class StartForm(View):
    """What starting an inspection of an enterprise in a campaign asks: the questions of the
    site profile its packs need, and the inspections of the same kind it would repeat (a
    repeat must be confirmed)."""

    campaign_id: int
    enterprise_uscc: str
    enterprise_name: str
    kind: str
    questions: tuple[ProfileQuestion, ...]
    earlier: tuple[InspectionSummary, ...] = ()


class FindingView(View):
    """An answer to one item (or a skip with a reason)."""

    id: int
    inspection_id: int
    pack_id: str
    item_id: str
    status: str | None
    skip_reason: str = ""
    note: str = ""
    location: str = ""
    evidence: tuple[str, ...] = ()
    corrected_on_site: bool = False
    detail: dict[str, Any] = Field(default_factory=dict)
    answered_by: str = ""
    answered_at: dt.datetime
    version: int = 1


class AmendmentView(View):
    """A change to a finding made by someone other than its author or after its step ended
    (更正): who, when, why and what it replaced."""

    id: int
    inspection_id: int
    item_id: str
    at: dt.datetime
    by: str
    reason: str
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None


class RecurrenceView(View):
    """A finding of this inspection linked to a hazard another inspection opened and that is
    still open (one open hazard per enterprise and item)."""

    hazard_id: int
    item_id: str
    inspection_id: int
    found_on: dt.date
    level: str


def determinations_of(stored: Any) -> tuple[Determination, ...]:
    """The determinations in an inspection's stored determination JSON."""
    data = stored if isinstance(stored, dict) else {}
    return tuple(Determination.model_validate(d) for d in data.get("determinations", []))


class InspectionView(View):
    """An inspection with its packs, findings, hazards and live determinations."""

    inspection: InspectionSummary
    packs: tuple[PackRecord, ...]
    findings: tuple[FindingView, ...]
    hazards: tuple[HazardView, ...]
    determinations: tuple[Determination, ...]
    amendments: tuple[AmendmentView, ...] = ()
    #: This inspection's findings that recur a hazard still open from another inspection.
    recurrences: tuple[RecurrenceView, ...] = ()

    @property
    def verdict(self) -> Verdict:
        return self.inspection.verdict

    @property
    def unanswered(self) -> tuple[str, ...]:
        """Applicable items not yet answered, over every pack."""
        return tuple(i for d in self.determinations for i in d.unanswered)

    def as_json(self) -> dict[str, Any]:
        iid = self.inspection.id
        return {**self.inspection.as_json(),
                "packs": [{"inspection_id": iid, **p.model_dump(mode="json")}
                          for p in self.packs],
                "findings": [f.model_dump(mode="json") for f in self.findings],
                "verdict": self.verdict.value,
                "determinations": [d.model_dump(mode="json") for d in self.determinations],
                "hazards": [h.model_dump(mode="json") for h in self.hazards],
                "amendments": [a.model_dump(mode="json") for a in self.amendments],
                "recurrences": [r.model_dump(mode="json") for r in self.recurrences]}


class Answered(View):
    """A recorded answer (or skip) and the inspection's live determination."""

    inspection_id: int
    item_id: str
    status: str | None
    note: str
    corrected_on_site: bool
    version: int
    verdict: Verdict
    determinations: tuple[Determination, ...]
    #: The files given with this answer, each kept in the evidence store.
    evidence: tuple[StoredFile, ...] = ()

    def as_json(self) -> dict[str, Any]:
        return {"inspection": self.inspection_id, "item": self.item_id,
                "status": self.status, "note": self.note,
                "corrected_on_site": self.corrected_on_site, "version": self.version,
                "verdict": self.verdict.value,
                "determinations": [d.model_dump(mode="json") for d in self.determinations],
                "evidence": [e.model_dump(mode="json") for e in self.evidence]}
