"""Who may do what: roles, the actions they guard, and the pure check services ask before acting.

A bureau's record is legal evidence, so every change is made by a named, registered user whose
role allows it. The check is pure: a service gathers the facts (the acting user, the campaign's
team, the enterprise concerned) and asks; a refusal names the role the action needs.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from core.process.workflow import Refusal


class Role(StrEnum):
    lead = "lead"  # 组长
    inspector = "inspector"  # 检查人员
    #: An outside expert (外部专家): sits in a campaign's team and in a collective decision,
    #: never acts alone.
    expert = "expert"
    enterprise = "enterprise"  # 企业安全管理人员
    analyst = "analyst"  # 分析人员


ROLES: tuple[str, ...] = tuple(Role)


class Action(StrEnum):
    manage_users = "users.manage"
    #: Allow a third-party plugin on a team database, or take it off the allowlist.
    manage_plugins = "plugins.manage"
    register_enterprise = "enterprise.add"
    #: Erase an enterprise's personal data (its contact) from the roster and unlink it from
    #: the audit log: whoever keeps the roster (a lead; an administrator).
    erase_contact = "enterprise.erase_contact"
    form_campaign = "campaign.new"
    form_team = "campaign.member"
    advance_campaign = "campaign.advance"
    record_training = "campaign.training"
    record_exemption = "campaign.exempt"
    record_decision = "inspection.decide"
    #: Move an inspection to the installed content of its packs (re-evaluating it).
    repin = "inspection.repin"
    start_inspection = "inspection.start"
    answer = "inspection.answer"
    plan_hazard = "hazard.plan"
    submit_rectification = "hazard.submit"
    verify_rectification = "hazard.verify"
    set_deadline = "hazard.deadline"
    request_extension = "hazard.extension"
    decide_extension = "hazard.extension.decide"
    #: One enterprise's records, or a campaign's (an enterprise user sees only their own rows).
    read = "read"
    #: Every enterprise at once: statistics, the whole ledger, the roster, exports.
    read_all = "read.all"
    #: Issue an enforcement document (执法文书) for an inspection, or record its delivery:
    #: the campaign team's lead or inspectors (any lead or inspector outside a campaign).
    issue_document = "document.issue"
    #: Void an issued document (it keeps its number, with the reason): the campaign's lead.
    void_document = "document.void"
    #: Record the issuing authority and the officers' enforcement certificates: a lead.
    manage_bureau = "bureau.manage"
    #: Approve a waiver (豁免) of a checklist item for one enterprise, or revoke one: a lead
    #: (never the inspector who found the item noncompliant there: the waiver's own rule).
    grant_waiver = "waiver.grant"
    revoke_waiver = "waiver.revoke"
    #: Keep an enterprise's risk register (风险点, their analysis and grades, the site plan,
    #: a hazard's risk point): the enterprise itself, or the bureau's leads and inspectors.
    edit_risk = "risk.edit"
    #: File the enterprise's risk report (安全风险报告): the enterprise itself, or a lead.
    file_risk_report = "risk.report"
    #: Open one's own enterprise's risk register from anywhere: an enterprise user (the
    #: bureau opens an enterprise's register from that enterprise).
    own_risk = "risk.own"


#: Reads are never refused to a registered user for their role, except an enterprise user
#: reading beyond their own enterprise; a database with no users yet is readable.
READS = frozenset({Action.read, Action.read_all})


@dataclass(frozen=True)
class Actor:
    """A registered user as the check sees them."""

    name: str
    role: Role
    enterprise: str | None = None
    admin: bool = False


@dataclass(frozen=True)
class Scope:
    """What the action touches: the campaign (and its team, name → lead|inspector|expert), the
    enterprise and, for an inspection, its kind."""

    campaign: int | None = None
    team: Mapping[str, str] = field(default_factory=dict)
    enterprise: str | None = None
    kind: str | None = None


#: The registered roles that may hold each place on a campaign's team: the lead is a lead; an
#: inspector is an inspector or a lead (a lead of one campaign inspects on another); an outside
#: expert is an expert, and is no inspector.
TEAM_PLACES: dict[str, frozenset[Role]] = {
    "lead": frozenset({Role.lead}),
    "inspector": frozenset({Role.inspector, Role.lead}),
    "expert": frozenset({Role.expert}),
}

#: Who may take part in a collective decision (集体讨论): the bureau's people and experts.
DECISION_ROLES: frozenset[Role] = frozenset({Role.lead, Role.inspector, Role.expert})


def team_place(role: Role) -> str | None:
    """The place a member with registered ``role`` takes on a team when none is asked for:
    an expert's is ``expert``, a lead's or an inspector's ``inspector`` (None: no place)."""
    if role is Role.expert:
        return "expert"
    return "inspector" if role in TEAM_PLACES["inspector"] else None


def _needs(key: str, scope: Scope, **extra: object) -> Refusal:
    return Refusal(key, {"campaign": scope.campaign if scope.campaign is not None else "-",
                         "enterprise": scope.enterprise or "-", **extra})


def refusal(actor: Actor, action: Action, scope: Scope) -> Refusal | None:
    """Why ``actor`` may not do ``action`` on ``scope`` (None: they may).

    The refusal's key names what is needed (``needs.*`` in the message catalogue).
    """
    if actor.admin:
        return None
    role, name = actor.role, actor.name
    if role is Role.expert and action not in READS:
        return _needs("needs.not_expert", scope)
    on_team = scope.team.get(name)
    own = actor.enterprise is not None and actor.enterprise == scope.enterprise
    match action:
        case Action.manage_users | Action.manage_plugins:
            return _needs("needs.admin", scope)
        case Action.register_enterprise | Action.erase_contact | Action.form_campaign:
            return None if role is Role.lead else _needs("needs.lead", scope)
        case (Action.form_team | Action.advance_campaign | Action.record_training
              | Action.record_exemption | Action.record_decision | Action.repin):
            return None if role is Role.lead and on_team == "lead" else _needs(
                "needs.campaign_lead", scope)
        case Action.start_inspection | Action.answer:
            if scope.kind == "self":
                return None if role is Role.enterprise and own else _needs(
                    "needs.own_enterprise", scope)
            return None if role in (Role.lead, Role.inspector) and on_team else _needs(
                "needs.team", scope)
        case Action.plan_hazard:
            if role in (Role.lead, Role.inspector) and (on_team or scope.campaign is None):
                return None
            return None if role is Role.enterprise and own else _needs(
                "needs.team_or_enterprise", scope)
        case Action.issue_document:
            if role in (Role.lead, Role.inspector) and (on_team or scope.campaign is None):
                return None
            return _needs("needs.team", scope)
        case Action.void_document:
            if role is Role.lead and (on_team == "lead" or scope.campaign is None):
                return None
            return _needs("needs.campaign_lead", scope)
        case Action.edit_risk:
            if role in (Role.lead, Role.inspector):
                return None
            return None if role is Role.enterprise and own else _needs(
                "needs.team_or_enterprise", scope)
        case Action.own_risk:
            return None if role is Role.enterprise and own else _needs(
                "needs.own_enterprise", scope)
        case Action.file_risk_report:
            if role is Role.lead:
                return None
            return None if role is Role.enterprise and own else _needs(
                "needs.own_enterprise", scope)
        case Action.manage_bureau | Action.grant_waiver | Action.revoke_waiver:
            return None if role is Role.lead else _needs("needs.lead", scope)
        case Action.set_deadline:
            # the deadline is the bureau's: an enterprise asks for more time instead
            if role in (Role.lead, Role.inspector) and (on_team or scope.campaign is None):
                return None
            return _needs("needs.team_deadline" if role is Role.enterprise else "needs.team",
                          scope)
        case Action.submit_rectification | Action.request_extension:
            return None if role is Role.enterprise and own else _needs(
                "needs.own_enterprise", scope)
        case Action.verify_rectification | Action.decide_extension:
            if role is Role.lead and (on_team == "lead" or scope.campaign is None):
                return None
            return _needs("needs.campaign_lead", scope)
        case Action.read:
            if role is Role.enterprise and scope.enterprise is not None and not own:
                return _needs("needs.own_enterprise", scope)
            return None
        case Action.read_all:
            return _needs("needs.bureau", scope) if role is Role.enterprise else None
    return _needs("needs.admin", scope)  # an action this table does not know: only admins


def role_may(actor: Actor, action: Action) -> bool:
    """Whether ``actor``'s role lets them do ``action`` anywhere at all: on a campaign they
    lead, on their own enterprise, as a self-inspection or not. A front end offers only
    these actions; the full check, with the real scope, is made when one is taken."""
    kinds = (None, "self")
    team = {actor.name: "lead"}
    return any(refusal(actor, action, Scope(1, team, actor.enterprise, kind)) is None
               for kind in kinds) or any(
        refusal(actor, action, Scope(None, {}, actor.enterprise, kind)) is None
        for kind in kinds)
