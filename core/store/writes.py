"""Every insert and update the services make, in the caller's transaction.

Services decide what to write (after their guards and the acting user's role have allowed it);
these functions are the only place that writes rows through the ORM. Rows with a ``version``
column are updated through the ORM so that a stale write (someone saved the row meanwhile) is
refused at flush. The answer path's statements, built once for speed, live in
:mod:`core.store.queries`; bulk loads in :mod:`core.store.bulk`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, TypeVar

from sqlalchemy.orm.attributes import flag_modified
from sqlmodel import Session, SQLModel

from core.store import search
from core.store.tables import (
    Campaign,
    CampaignPack,
    DeadlineChange,
    Decision,
    Enterprise,
    EvidenceFile,
    Exemption,
    ExtensionRequest,
    Hazard,
    Inspection,
    InspectionPack,
    Rectification,
    StageEntry,
    TeamMember,
    TrainingSession,
    User,
    utcnow,
)

R = TypeVar("R", bound=SQLModel)

#: (pack id, version, content hash) as a campaign or inspection records it.
PackVersion = tuple[str, str, str]


def _insert(session: Session, row: R) -> R:
    session.add(row)
    session.flush()  # the row's key, and any constraint broken, now rather than at commit
    return row


def _update(session: Session, row: R, values: Mapping[str, Any]) -> R:
    """Change ``row``'s ``values`` and flush: a stale version is refused now."""
    for key, value in values.items():
        setattr(row, key, value)
    session.add(row)
    # Now, not at commit: the row's lock is taken before the audit head's, the order every
    # writer takes them in (no deadlock), and a stale version is refused here.
    session.flush()
    return row


def add_enterprise(session: Session, values: Mapping[str, Any]) -> Enterprise:
    """A new enterprise, and what it is found by (:mod:`core.store.search`)."""
    row = _insert(session, Enterprise(**values))
    search.index_enterprises(session.connection(), [row.model_dump()], new=True)
    return row


def update_enterprise(session: Session, row: Enterprise, values: Mapping[str, Any]) -> Enterprise:
    """An enterprise changed; what it is found by follows its name, district and sector."""
    _update(session, row, values)
    if {"name", "district", "sector"} & values.keys():
        search.index_enterprises(session.connection(), [row.model_dump()])
    return row


def add_campaign(session: Session, values: Mapping[str, Any], packs: Sequence[PackVersion],
                 team: Sequence[tuple[str, str]]) -> Campaign:
    """A campaign with the pack versions it inspects against and its team (name, role)."""
    campaign = _insert(session, Campaign(**values))
    assert campaign.id is not None
    session.add_all([CampaignPack(campaign_id=campaign.id, pack_id=p, pack_version=v,
                                  pack_hash=h) for p, v, h in packs])
    session.add_all([TeamMember(campaign_id=campaign.id, name=name, role=role)
                     for name, role in team])
    session.flush()
    return campaign


def add_team_member(session: Session, campaign_id: int, name: str, role: str) -> TeamMember:
    return _insert(session, TeamMember(campaign_id=campaign_id, name=name, role=role))


def update_campaign(session: Session, campaign: Campaign,
                    values: Mapping[str, Any]) -> Campaign:
    return _update(session, campaign, values)


def enter_stage(session: Session, campaign_id: int, stage: str, on: dt.date,
                by: str) -> StageEntry:
    """Record the day a campaign entered ``stage``."""
    return _insert(session, StageEntry(campaign_id=campaign_id, stage=stage, entered_on=on,
                                       entered_by=by))


def add_exemption(session: Session, values: Mapping[str, Any]) -> Exemption:
    return _insert(session, Exemption(**values))


def add_training(session: Session, campaign_id: int, held_on: dt.date,
                 attendees: Sequence[str], note: str) -> TrainingSession:
    return _insert(session, TrainingSession(campaign_id=campaign_id, held_on=held_on,
                                            attendees=list(attendees), note=note))


def add_inspection(session: Session, values: Mapping[str, Any],
                   packs: Sequence[PackVersion]) -> Inspection:
    """An inspection with the pack versions and hashes it uses."""
    inspection = _insert(session, Inspection(**values))
    assert inspection.id is not None
    session.add_all([InspectionPack(inspection_id=inspection.id, pack_id=p, pack_version=v,
                                    pack_hash=h) for p, v, h in packs])
    session.flush()
    return inspection


def repin_pack(session: Session, inspection_id: int, pack_id: str, version: str,
               content_hash: str) -> InspectionPack:
    """Record that the inspection is now evaluated under ``version`` / ``content_hash`` of
    ``pack_id`` (the installed content it was moved to)."""
    row = session.get(InspectionPack, (inspection_id, pack_id))
    assert row is not None, (inspection_id, pack_id)
    return _update(session, row, {"pack_version": version, "pack_hash": content_hash})


def add_decision(session: Session, values: Mapping[str, Any]) -> Decision:
    return _insert(session, Decision(**values))


def add_evidence(session: Session, object_type: str, object_id: str,
                 files: Iterable[tuple[str, int, str]], added_by: str) -> None:
    """Attach stored files (name, size, sha256) to a finding or a rectification."""
    session.add_all([EvidenceFile(object_type=object_type, object_id=object_id, name=name,
                                  size=size, sha256=sha256, added_by=added_by)
                     for name, size, sha256 in files])
    session.flush()


def update_hazard(session: Session, hazard: Hazard, values: Mapping[str, Any]) -> Hazard:
    return _update(session, hazard, values)


def touch_hazard(session: Session, hazard: Hazard) -> Hazard:
    """A change that is the hazard's without a column of its own (a request for more time,
    a refusal of one): its version moves on, so a write based on an older view is refused."""
    flag_modified(hazard, "status")  # an UPDATE of the row, which moves its version on
    session.add(hazard)
    session.flush()
    return hazard


def add_deadline_change(session: Session, values: Mapping[str, Any]) -> DeadlineChange:
    return _insert(session, DeadlineChange(**values))


def add_extension(session: Session, values: Mapping[str, Any]) -> ExtensionRequest:
    return _insert(session, ExtensionRequest(**values))


def update_extension(session: Session, request: ExtensionRequest,
                     values: Mapping[str, Any]) -> ExtensionRequest:
    return _update(session, request, values)


def add_rectification(session: Session, hazard_id: int, submitted_by: str,
                      evidence: str) -> Rectification:
    return _insert(session, Rectification(hazard_id=hazard_id, submitted_by=submitted_by,
                                          evidence=evidence))


def settle_rectifications(session: Session, rows: Iterable[Rectification], *, result: str,
                          verified_by: str, note: str) -> None:
    """The follow-up's verdict (accepted or rejected) on pending rectifications."""
    at = utcnow()
    for row in rows:
        _update(session, row, {"result": result, "verified_by": verified_by,
                               "verified_at": at, "note": note})


def add_user(session: Session, values: Mapping[str, Any]) -> User:
    return _insert(session, User(**values))


def update_user(session: Session, user: User, values: Mapping[str, Any]) -> User:
    return _update(session, user, values)
