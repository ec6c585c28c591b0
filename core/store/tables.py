"""The database tables (SQLModel). Only :mod:`core.store` talks to the database.

Rows that two people may edit at once carry a ``version`` column: SQLAlchemy adds
``WHERE version = :loaded`` to every update, so a stale write changes nothing and is refused.
Times are UTC; dates are calendar dates in the bureau's time zone as the user gave them.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import JSON, Column, ForeignKey, Index, MetaData, String, UniqueConstraint, text
from sqlalchemy.orm import declared_attr
from sqlmodel import Field, SQLModel

# Stable constraint names, so migrations can refer to them on every database.
SQLModel.metadata = MetaData(naming_convention={
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
})


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Versioned(SQLModel):
    """A row protected by optimistic versioning."""

    version: int = Field(default=1, nullable=False)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.__table__.c.version}  # type: ignore[attr-defined]


class Enterprise(Versioned, table=True):
    """A regulated entity (生产经营单位), keyed by its unified social credit code."""

    uscc: str = Field(primary_key=True, max_length=18)
    name: str = Field(index=True)
    district: str = Field(index=True)
    sector: str = Field(index=True)
    address: str = ""
    contact: str = ""
    created_at: dt.datetime = Field(default_factory=utcnow)


class PersonalSalt(SQLModel, table=True):
    """The random salt an enterprise's personal values (its contact) are hashed with wherever
    they enter the audit log (:mod:`core.store.personal`). Erasing the contact deletes the
    row: the hashes already in the chain can then no longer be tested against a guessed value.
    Every enterprise with a contact has one; none is ever written into the audit log.

    The key is checked at commit (deferred), so a salt may be written before its enterprise:
    whatever hashes the enterprise row as it is written finds the salt already there."""

    __tablename__ = "personal_salt"
    enterprise_uscc: str = Field(sa_column=Column(
        String(18), ForeignKey("enterprise.uscc", deferrable=True, initially="DEFERRED"),
        primary_key=True))
    salt: str = Field(max_length=32)


class EnterpriseSearch(SQLModel, table=True):
    """What an enterprise is found by (:mod:`core.store.search`): its name as written, the
    name's full pinyin and initials and its credit code, lower-case and without spaces, in one
    text (``keys``, the forms separated by a space, which no query holds); kept with the
    enterprise on every write. Clustered in the roster's order (district, name, code), so a
    page of a search is read in order from one narrow table: on SQLite the table is its
    primary key (WITHOUT ROWID)."""

    __tablename__ = "enterprise_search"
    __table_args__ = (Index("ix_enterprise_search_uscc", "uscc", unique=True),
                      {"sqlite_with_rowid": False})
    district: str = Field(primary_key=True)
    name: str = Field(primary_key=True)
    uscc: str = Field(sa_column=Column(String(18), ForeignKey("enterprise.uscc"),
                                       primary_key=True))
    sector: str
    keys: str


class Campaign(Versioned, table=True):
    """One run of the audit-style process (审计式监督检查) for one sector."""

    id: int | None = Field(default=None, primary_key=True)
    sector: str = Field(index=True)
    stage: str = Field(default="team_formation", index=True)
    target_uscc: str = Field(foreign_key="enterprise.uscc")
    created_at: dt.datetime = Field(default_factory=utcnow)
    created_by: str = ""
    onsite_done_on: dt.date | None = None
    training_due: dt.date | None = None
    reports_due: dt.date | None = None
    closed_at: dt.datetime | None = None


class CampaignPack(SQLModel, table=True):
    """A pack (and the version and content hash) a campaign inspects against."""

    __tablename__ = "campaign_pack"
    campaign_id: int = Field(foreign_key="campaign.id", primary_key=True)
    pack_id: str = Field(primary_key=True)
    pack_version: str
    pack_hash: str


class StageEntry(SQLModel, table=True):
    """When a campaign entered one of its steps (the bureau's date), and who moved it there:
    what the dates of its training, inspections and deadlines are checked against."""

    __tablename__ = "campaign_stage"
    campaign_id: int = Field(foreign_key="campaign.id", primary_key=True)
    stage: str = Field(primary_key=True)
    entered_on: dt.date
    entered_by: str = ""
    entered_at: dt.datetime = Field(default_factory=utcnow)


class TeamMember(SQLModel, table=True):
    __tablename__ = "team_member"
    id: int | None = Field(default=None, primary_key=True)
    campaign_id: int = Field(foreign_key="campaign.id", index=True)
    name: str
    role: str  # lead | inspector | expert


class TrainingSession(SQLModel, table=True):
    """The feedback & training session (反馈培训) of a campaign."""

    __tablename__ = "training_session"
    id: int | None = Field(default=None, primary_key=True)
    campaign_id: int = Field(foreign_key="campaign.id", index=True)
    held_on: dt.date
    note: str = ""
    attendees: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))


class Exemption(SQLModel, table=True):
    """Why an enterprise of the campaign's sector makes no self-inspection (it closed, or is
    not in the campaign's scope): with a self-inspection, what the follow-up step needs of
    every enterprise of the sector."""

    campaign_id: int = Field(foreign_key="campaign.id", primary_key=True)
    enterprise_uscc: str = Field(foreign_key="enterprise.uscc", primary_key=True)
    reason: str  # closed | not_in_scope
    note: str = ""
    recorded_by: str = ""
    recorded_at: dt.datetime = Field(default_factory=utcnow)


class Inspection(Versioned, table=True):
    """One enterprise checked against the campaign's packs: on-site, self or follow-up."""

    __table_args__ = (
        # the inspections statistics count (at least one answer), with all they read
        Index("ix_inspection_counted", "enterprise_uscc", "inspected_on", "kind",
              "major_determinations", sqlite_where=text("answered_items > 0"),
              postgresql_where=text("answered_items > 0")),)
    id: int | None = Field(default=None, primary_key=True)
    campaign_id: int | None = Field(default=None, foreign_key="campaign.id", index=True)
    enterprise_uscc: str = Field(foreign_key="enterprise.uscc", index=True)
    kind: str  # onsite | self | followup
    started_at: dt.datetime = Field(default_factory=utcnow)
    started_by: str = ""
    inspected_on: dt.date = Field(index=True)
    categories: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    tags: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    exclusions: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    #: The live determination of every pack, as last computed (JSON of the determinations).
    determination: dict[str, Any] = Field(default_factory=dict,
                                          sa_column=Column(JSON, nullable=False))
    #: Items answered (a status given) under every pack, kept with the determination: an
    #: inspection with none is counted nowhere in the statistics.
    answered_items: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    #: Packs whose live verdict is major: the inspection's major-hazard determinations, the
    #: numerator of 每千次检查发现重大事故隐患.
    major_determinations: int = Field(default=0, sa_column_kwargs={"server_default": "0"})


class InspectionPack(SQLModel, table=True):
    """The pack version and content hash an inspection used."""

    __tablename__ = "inspection_pack"
    inspection_id: int = Field(foreign_key="inspection.id", primary_key=True)
    pack_id: str = Field(primary_key=True)
    pack_version: str
    pack_hash: str


class FindingRow(Versioned, table=True):
    """An answer to one item (or a skip with a reason), saved the moment it is given."""

    __tablename__ = "finding"
    __table_args__ = (UniqueConstraint("inspection_id", "item_id"),
                      # an inspection's findings, and how many are answered from the index alone
                      Index("ix_finding_inspection_status", "inspection_id", "status"))
    id: int | None = Field(default=None, primary_key=True)
    inspection_id: int = Field(foreign_key="inspection.id")
    pack_id: str
    item_id: str
    status: str | None = None  # compliant | noncompliant | not_applicable; None when skipped
    skip_reason: str = ""
    note: str = ""
    location: str = ""
    evidence: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    corrected_on_site: bool = False
    #: Sub-check answers and measured values: {"checks": …, "value": …, "design": …}.
    detail: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    answered_by: str = ""
    answered_at: dt.datetime = Field(default_factory=utcnow)


class Hazard(Versioned, table=True):
    """A noncompliant finding under management (事故隐患): general or major, with its lifecycle."""

    __table_args__ = (UniqueConstraint("inspection_id", "item_id"),
                      Index("ix_hazard_status_deadline", "status", "deadline"),
                      Index("ix_hazard_level_inspection", "level", "inspection_id"),
                      Index("ix_hazard_level_status", "level", "status"),
                      # the open hazards only, with all the colour code reads (statistics)
                      Index("ix_hazard_open", "enterprise_uscc", "level", "deadline", "status",
                            sqlite_where=text("status <> 'closed'"),
                            postgresql_where=text("status <> 'closed'")))
    id: int | None = Field(default=None, primary_key=True)
    inspection_id: int = Field(foreign_key="inspection.id", index=True)
    campaign_id: int | None = Field(default=None, foreign_key="campaign.id", index=True)
    enterprise_uscc: str = Field(foreign_key="enterprise.uscc", index=True)
    pack_id: str
    item_id: str
    clause: str
    rule_id: str = ""
    level: str  # general | major
    status: str = "open"  # open | rectifying | submitted | closed
    found_on: dt.date
    deadline: dt.date | None = None
    responsible: str = ""
    listed_supervision: bool = False
    # 治理方案 (总局令第16号 第十五条): the six parts a major hazard's treatment plan must have.
    plan_goal: str = ""
    plan_method: str = ""
    plan_funding: str = ""
    plan_organisation: str = ""
    plan_timeline: str = ""
    plan_safety: str = ""
    verified_by: str = ""
    verified_on: dt.date | None = None
    note: str = ""
    #: Closed by an on-site correction (当场整改) rather than a verification: the closure lasts
    #: only as long as the finding says the item was corrected on site.
    corrected_on_site: bool = False
    #: The closed (销号) hazard of the same enterprise and item this one recurs after.
    recurrence_of: int | None = None


class Recurrence(SQLModel, table=True):
    """A later inspection that found the item of a hazard still open: it is linked to that
    hazard rather than opening a second one (one open hazard per enterprise and item)."""

    hazard_id: int = Field(foreign_key="hazard.id", primary_key=True)
    inspection_id: int = Field(foreign_key="inspection.id", primary_key=True)
    found_on: dt.date
    level: str  # what that inspection determined: general | major


class Amendment(SQLModel, table=True):
    """A change to a finding after it was given by someone else or after its step ended
    (更正): who, when, why, and the answer it replaced."""

    id: int | None = Field(default=None, primary_key=True)
    inspection_id: int = Field(foreign_key="inspection.id", index=True)
    item_id: str
    at: dt.datetime = Field(default_factory=utcnow)
    by: str
    reason: str
    before: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))
    after: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))


class ExtensionRequest(Versioned, table=True):
    """An enterprise's request for a later deadline (延期申请), made before its deadline
    passed, and the campaign lead's decision on it."""

    __tablename__ = "hazard_extension"
    __table_args__ = (
        # one request waits for a decision at a time
        Index("ix_hazard_extension_pending", "hazard_id", unique=True,
              sqlite_where=text("status = 'pending'"),
              postgresql_where=text("status = 'pending'")),)
    id: int | None = Field(default=None, primary_key=True)
    hazard_id: int = Field(foreign_key="hazard.id", index=True)
    #: The deadline when the request was made, and the date asked for.
    deadline: dt.date
    until: dt.date
    reason: str
    requested_by: str
    requested_on: dt.date
    requested_at: dt.datetime = Field(default_factory=utcnow)
    status: str = "pending"  # pending | granted | refused
    decided_by: str = ""
    decided_on: dt.date | None = None
    decided_at: dt.datetime | None = None
    note: str = ""


class DeadlineChange(SQLModel, table=True):
    """A hazard's deadline set or moved: by whom, on which day, why, from what to what.
    Append-only: the history of a deadline, newest last."""

    __tablename__ = "hazard_deadline"
    id: int | None = Field(default=None, primary_key=True)
    hazard_id: int = Field(foreign_key="hazard.id", index=True)
    old_deadline: dt.date | None = None
    new_deadline: dt.date
    kind: str  # set | extension | plan
    reason: str = ""
    #: The granted request, for a change of kind ``extension``.
    extension_id: int | None = Field(default=None, foreign_key="hazard_extension.id")
    changed_by: str = ""
    #: The day of the change in the bureau's calendar (what "before the deadline" is checked
    #: against); ``changed_at`` is the moment it was recorded, in UTC.
    changed_on: dt.date
    changed_at: dt.datetime = Field(default_factory=utcnow)


class Rectification(SQLModel, table=True):
    """Evidence the enterprise submitted for a hazard, and the verdict of the follow-up."""

    id: int | None = Field(default=None, primary_key=True)
    hazard_id: int = Field(foreign_key="hazard.id", index=True)
    submitted_at: dt.datetime = Field(default_factory=utcnow)
    submitted_by: str = ""
    evidence: str
    result: str = "pending"  # pending | accepted | rejected
    verified_by: str = ""
    verified_at: dt.datetime | None = None
    note: str = ""


class AuditEntry(SQLModel, table=True):
    """An append-only log entry, chained to the previous one by a hash."""

    __tablename__ = "audit_log"
    #: one object's history (a hazard's screen) without reading the whole log
    __table_args__ = (Index("ix_audit_object", "object_type", "object_id", "seq"),)
    seq: int = Field(primary_key=True)
    at: dt.datetime
    actor: str
    action: str
    object_type: str
    object_id: str
    before: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))
    after: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON))
    prev_hash: str
    hash: str
    #: How ``hash`` was computed: 1 by anjian over the JSON it wrote; 2 by the database's
    #: trigger over the JSON the server writes of the entry (team mode on PostgreSQL).
    form: int = Field(default=1, sa_column_kwargs={"server_default": "1"})


class AuditHead(SQLModel, table=True):
    """The end of the audit chain; locking this one row serialises appends."""

    __tablename__ = "audit_head"
    id: int = Field(default=1, primary_key=True)
    seq: int = 0
    hash: str = ""



class User(Versioned, table=True):
    """Someone who may act on this database, with one role (and, for an enterprise user, the
    enterprise they speak for). ``admin`` may manage users; the first user is one."""

    __tablename__ = "app_user"
    name: str = Field(primary_key=True, max_length=64)
    role: str  # lead | inspector | expert | enterprise | analyst
    enterprise_uscc: str | None = Field(default=None, foreign_key="enterprise.uscc")
    admin: bool = False
    created_at: dt.datetime = Field(default_factory=utcnow)
    created_by: str = ""
    #: A disabled user keeps their history but may no longer act (nor, in team mode, connect).
    disabled_at: dt.datetime | None = None
    disabled_by: str = Field(default="", sa_column_kwargs={"server_default": ""})
    disabled_reason: str = Field(default="", sa_column_kwargs={"server_default": ""})


class Meta(SQLModel, table=True):
    """Facts about the database itself: ``database_id`` (made once; an audit anchor names
    it), ``team_prefix`` (the team set-up's PostgreSQL role names begin with it)."""

    __tablename__ = "anjian_meta"
    key: str = Field(primary_key=True, max_length=64)
    value: str


class PluginAllow(SQLModel, table=True):
    """A third-party plugin an administrator allowed on this database, with the code hash
    allowed (``core.plugins.identity``): in team mode only these load, and only while their
    code has that hash."""

    __tablename__ = "plugin_allow"
    name: str = Field(primary_key=True, max_length=64)
    sha256: str = Field(max_length=64)
    allowed_by: str
    allowed_at: dt.datetime = Field(default_factory=utcnow)
    note: str = ""


class Decision(SQLModel, table=True):
    """A collective decision (集体讨论) on an inspection's major-hazard determination under a
    pack whose procedure asks for one (GB 35181 4.2 b: at least three people)."""

    id: int | None = Field(default=None, primary_key=True)
    inspection_id: int = Field(foreign_key="inspection.id", index=True)
    pack_id: str
    #: The fired rules the decision confirmed; a later change of the determination voids it.
    rules: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    participants: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    decided_on: dt.date
    note: str = ""
    recorded_by: str = ""
    recorded_at: dt.datetime = Field(default_factory=utcnow)


class EvidenceFile(SQLModel, table=True):
    """A file kept in the evidence store under its SHA-256, attached to a finding
    (``finding``, "inspection/item") or a rectification (``rectification``, its id)."""

    __tablename__ = "evidence_file"
    __table_args__ = (UniqueConstraint("object_type", "object_id", "sha256"),)
    id: int | None = Field(default=None, primary_key=True)
    object_type: str
    object_id: str = Field(index=True)
    name: str
    size: int
    sha256: str = Field(index=True, max_length=64)
    added_by: str = ""
    added_at: dt.datetime = Field(default_factory=utcnow)


class Bureau(Versioned, table=True):
    """The issuing authority (执法机关) every enforcement document names: one row (``id`` 1).

    ``short`` is the short name a document number opens with (济 in （济）应急责改〔2026〕17号),
    ``edition`` the 代字 edition of the document forms (应急, or 安监 for the 2017 forms);
    ``reconsideration`` the bodies an appeal notice names (the people's government and the
    higher department), ``court`` the court for a lawsuit, ``seal`` the seal's text."""

    id: int = Field(default=1, primary_key=True)
    name: str
    short: str
    edition: str
    reconsideration: list[str] = Field(default_factory=list,
                                       sa_column=Column(JSON, nullable=False))
    court: str
    seal: str = ""
    updated_by: str = ""
    updated_at: dt.datetime = Field(default_factory=utcnow)


class OfficerCert(SQLModel, table=True):
    """A user's enforcement certificate (行政执法证): its number and the last day it is valid.
    Only an officer with a valid certificate signs an enforcement document. Kept beside
    ``app_user`` (which in team mode no client writes) and recorded by a lead or an
    administrator."""

    __tablename__ = "officer_cert"
    name: str = Field(sa_column=Column(String(64), ForeignKey("app_user.name"), primary_key=True))
    cert_no: str = Field(max_length=64)
    valid_until: dt.date
    recorded_by: str = ""
    recorded_at: dt.datetime = Field(default_factory=utcnow)


class DocumentSequence(SQLModel, table=True):
    """The last number issued per bureau, edition, kind and year: numbers are taken from here
    in the issuing transaction (the row locked), so they are gap-free and never reused."""

    __tablename__ = "document_sequence"
    bureau_short: str = Field(primary_key=True, max_length=16)
    edition: str = Field(primary_key=True, max_length=16)
    kind: str = Field(primary_key=True, max_length=16)
    year: int = Field(primary_key=True)
    last: int = 0


class Document(SQLModel, table=True):
    """An issued enforcement document (执法文书), frozen at issuance: ``content`` is the text as
    issued (:class:`core.views.documents.DocumentContent` as JSON) and ``content_hash`` its
    SHA-256, also in the audit log; the same number always prints the same text. A voided
    document keeps its number with the reason; a correction is a new document that names the
    one it replaces."""

    __table_args__ = (UniqueConstraint("bureau_short", "edition", "kind", "year", "seq"),)
    id: int | None = Field(default=None, primary_key=True)
    number: str = Field(unique=True)
    kind: str  # 检记 | 现决 | 责改 | 复查 | 回
    bureau_short: str
    edition: str
    year: int
    seq: int
    inspection_id: int = Field(foreign_key="inspection.id", index=True)
    campaign_id: int | None = Field(default=None, foreign_key="campaign.id", index=True)
    enterprise_uscc: str = Field(foreign_key="enterprise.uscc", index=True)
    issued_on: dt.date
    issued_at: dt.datetime = Field(default_factory=utcnow)
    issued_by: str = ""
    officers: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    content: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    content_hash: str = Field(max_length=64)
    #: The audit chain's head the document was issued under (printed on it).
    head_seq: int
    head_hash: str
    #: The document this one corrects (it names it), and for a 复查 the order it reviews.
    replaces_id: int | None = Field(default=None, foreign_key="document.id")
    order_id: int | None = Field(default=None, foreign_key="document.id", index=True)
    voided_at: dt.datetime | None = None
    voided_by: str = ""
    void_reason: str = ""


class DocumentItem(SQLModel, table=True):
    """A hazard a document names, numbered as it prints: an order's problem with its deadline,
    a review's item with whether it was rectified, a measure's hazard."""

    __tablename__ = "document_item"
    document_id: int = Field(foreign_key="document.id", primary_key=True)
    hazard_id: int = Field(foreign_key="hazard.id", primary_key=True, index=True)
    ordinal: int
    deadline: dt.date | None = None
    outcome: str = ""  # 复查: rectified | not_rectified


class DocumentDelivery(SQLModel, table=True):
    """How a document reached the enterprise (送达): to whom, how (直接, 留置, 邮寄), when."""

    __tablename__ = "document_delivery"
    document_id: int = Field(foreign_key="document.id", primary_key=True)
    recipient: str
    method: str  # direct | left | post
    delivered_on: dt.date
    recorded_by: str = ""
    recorded_at: dt.datetime = Field(default_factory=utcnow)


class Waiver(Versioned, table=True):
    """A governed waiver (豁免): one item of a checklist pack (or a local item an overlay
    added) does not apply to one enterprise, for a stated reason and basis, until a date.

    Who asked (``requested_by``, as given: the enterprise by default), who approved (a lead or
    an administrator, never the inspector who found the item noncompliant there) and when.
    It runs from ``granted_on`` through ``valid_until`` (the last day it runs) for the
    inspections started after it was granted and before it was revoked: an inspection's
    determination is judged on its own date and start, so it stays what it was whatever
    happens to the waiver later. Never an item an official major-hazard rule counts."""

    __tablename__ = "waiver"
    __table_args__ = (Index("ix_waiver_enterprise_item", "enterprise_uscc", "item_id"),)
    id: int | None = Field(default=None, primary_key=True)
    enterprise_uscc: str = Field(foreign_key="enterprise.uscc")
    #: The pack the item was waived under (the item is waived wherever an inspection's pack
    #: has it and no rule of that pack counts it).
    pack_id: str
    item_id: str
    reason: str
    #: What the waiver rests on (a document, a finding of fact, a provision).
    basis: str
    requested_by: str
    approved_by: str = ""
    granted_on: dt.date
    granted_at: dt.datetime = Field(default_factory=utcnow)
    valid_until: dt.date = Field(index=True)
    revoked_at: dt.datetime | None = None
    revoked_by: str = ""
    revoked_reason: str = ""


class RiskPoint(Versioned, table=True):
    """A risk point (风险点) of an enterprise's register: a facility, place or activity,
    broken down into steps (作业活动, JHA) or check items (设备设施, SCL) in
    :class:`RiskEntry`. Its grades are those of its gravest entry: ``inherent`` (固有) and
    ``current`` (现有) as :class:`core.engine.grading.Graded` records, ``grade`` the current
    grade (what the four-colour map and the statistics show). ``responsible`` names a person
    at each 管控层级 (``company``, ``workshop``, ``team``, ``post``) its grade requires.
    ``zone`` places it on the enterprise's site plan or zone grid (``x``, ``y``, ``w``, ``h``
    in the plan's pixels or the grid's cells). ``reassess`` says why it is flagged for
    re-assessment (an open major hazard, hazards recurring after 销号), empty when not."""

    __tablename__ = "risk_point"
    __table_args__ = (UniqueConstraint("enterprise_uscc", "code"),
                      Index("ix_risk_point_grade", "grade", "enterprise_uscc"))
    id: int | None = Field(default=None, primary_key=True)
    enterprise_uscc: str = Field(foreign_key="enterprise.uscc", index=True)
    #: The enterprise's own number for it (FXD-001 …), unique in the enterprise.
    code: str = Field(max_length=40)
    name: str
    kind: str = Field(max_length=16)  # activity | equipment
    #: Where it is: 岗位/地点 of an activity, 所属车间/岗位 of equipment.
    place: str = ""
    #: The branch's own fields (设备位号, 规格型号, 数量 …; 作业内容 …).
    detail: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    responsible: dict[str, Any] = Field(default_factory=dict,
                                        sa_column=Column(JSON, nullable=False))
    zone: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    inherent: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    current: dict[str, Any] | None = Field(default=None, sa_column=Column(JSON, nullable=True))
    grade: str | None = Field(default=None, max_length=16)
    assessed_on: dt.date | None = None
    assessed_by: str = ""
    reassess: str = ""
    created_at: dt.datetime = Field(default_factory=utcnow)
    created_by: str = ""
    retired_at: dt.datetime | None = None


class RiskEntry(Versioned, table=True):
    """One step of an activity (JHA) or one check item of equipment (SCL) of a risk point:
    the 危险源 (its class: ``person``, ``thing``, ``environment``, ``management``, and what
    it is), the accident types it may lead to (GB 6441), the existing control measures by
    class (``engineering``, ``management``, ``training``, ``protection``, ``emergency``),
    and its inherent and current assessment (``Graded`` records; current never graver)."""

    __tablename__ = "risk_entry"
    __table_args__ = (UniqueConstraint("risk_point_id", "seq"),)
    id: int | None = Field(default=None, primary_key=True)
    risk_point_id: int = Field(foreign_key="risk_point.id", index=True)
    seq: int
    #: 工作步骤 (JHA) or 检查项目 (SCL).
    step: str
    #: SCL: the 标准 the item is checked against.
    standard: str = ""
    source_class: str = Field(max_length=16)
    hazard: str
    accident_types: list[str] = Field(default_factory=list,
                                      sa_column=Column(JSON, nullable=False))
    consequence: str = ""
    measures: dict[str, Any] = Field(default_factory=dict,
                                     sa_column=Column(JSON, nullable=False))
    inherent: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    current: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    #: 建议改进（新增）措施.
    suggestions: str = ""


class RiskLink(SQLModel, table=True):
    """A hazard tied to the risk point it belongs to (one point per hazard)."""

    __tablename__ = "risk_link"
    hazard_id: int = Field(foreign_key="hazard.id", primary_key=True)
    risk_point_id: int = Field(foreign_key="risk_point.id", index=True)
    linked_by: str = ""
    linked_at: dt.datetime = Field(default_factory=utcnow)


class SitePlan(Versioned, table=True):
    """What an enterprise's risk points are placed on: its site plan image (PNG or JPEG,
    kept with the evidence files by its SHA-256; ``width`` × ``height`` pixels) or, without
    one, a grid of ``cols`` × ``rows`` zones it lays out."""

    __tablename__ = "site_plan"
    enterprise_uscc: str = Field(foreign_key="enterprise.uscc", primary_key=True)
    image_name: str = ""
    image_sha256: str = Field(default="", max_length=64)
    width: int = 0
    height: int = 0
    cols: int = 0
    rows: int = 0
    set_by: str = ""
    set_at: dt.datetime = Field(default_factory=utcnow)


class RiskReport(SQLModel, table=True):
    """An enterprise's risk report (安全风险报告: ``first`` 首次, ``periodic`` 定期, ``change``
    变更), frozen when filed: ``content`` is the register as reported and the changes since the
    last report, ``content_hash`` its SHA-256 (also in the audit log); numbered per enterprise
    and never changed."""

    __tablename__ = "risk_report"
    __table_args__ = (UniqueConstraint("enterprise_uscc", "seq"),)
    id: int | None = Field(default=None, primary_key=True)
    enterprise_uscc: str = Field(foreign_key="enterprise.uscc", index=True)
    seq: int
    kind: str = Field(max_length=16)
    reasons: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    filed_on: dt.date
    filed_at: dt.datetime = Field(default_factory=utcnow)
    filed_by: str = ""
    content: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    content_hash: str = Field(max_length=64)
    head_seq: int = 0
    head_hash: str = ""
