"""Enforcement documents (执法文书): drafted from the record, issued with the next number of
their sequence and frozen, voided with a reason, delivered; the follow-up reviews orders
schedule.

Issuing checks everything first and takes its number last, in the same transaction as the
document: a refusal consumes no number, and numbers are gap-free per bureau, edition, kind
and year.

Everything is checked before anything is locked but what issuing changes: the acting user
first (in team mode a lock needs write rights), then the inspection's row, its hazards' rows
(an order sets their deadlines), the document a correction voids, the sequence's row, and
last the audit chain's head, the order every writer takes them in."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from core.documents.compose import (
    BEIJING,
    clause_text,
    compose,
    draft_narrative,
    edition,
    problem_text,
)
from core.documents.compose import measures as offered_measures
from core.documents.facts import DeliveredDocument, DocumentFacts, Problem, WithdrawnStandard
from core.i18n import AnjianError, Lines, Msg
from core.i18n.documents import CORRECTED_BY
from core.pack.free_text import check, record_of
from core.pack.model import Item, Pack
from core.process import documents as rules
from core.process.deadlines import DeadlineKind, deadline_refusals
from core.process.permissions import Action, Role
from core.process.workflow import HazardStatus, Refusal
from core.services import waivers
from core.services.context import Context
from core.services.hazards import _change_deadline, _deadline_entry
from core.services.packs import withdrawn_packs
from core.services.users import authorize, campaign_scope, reader
from core.store import audit_reads
from core.store import documents as store
from core.store import queries as q
from core.store.db import Session
from core.store.tables import Bureau, Document, Hazard, Inspection
from core.views.audit import ChainHead
from core.views.documents import (
    KINDS,
    METHODS,
    BureauView,
    DeliveryMethod,
    DeliveryView,
    DocumentContent,
    DocumentItemView,
    DocumentKind,
    DocumentView,
    Draft,
    IssuedDocument,
    OfficerView,
    ReviewDue,
)

#: The kinds by what they are: 现场检查记录, 现场处理措施决定书, 责令限期整改指令书,
#: 整改复查意见书, 文书送达回执.
RECORD, MEASURES, ORDER, REVIEW, RECEIPT = KINDS

#: How a sentence names each kind (``doc.title.*``).
_SLUGS: dict[str, str] = dict(zip(KINDS, ("record", "measures", "order", "review", "receipt"),
                                  strict=True))


def title(kind: str) -> Msg:
    """A kind of document as a sentence names it, in the reader's language."""
    return Msg(f"doc.title.{_SLUGS[kind]}")


def kind_named(word: str) -> str:
    """A kind as a person types it: its 代字, or its name in English (record, measures,
    order, review, receipt); anything else as it is (issuing refuses it by name)."""
    word = word.strip()
    return next((k for k, slug in _SLUGS.items() if word in (k, slug)), word)


#: A review item's outcome (DocumentItem.outcome).
RECTIFIED, NOT_RECTIFIED = "rectified", "not_rectified"


@dataclass(frozen=True)
class IssueRequest:
    """What a person chooses when issuing: the kind, the inspection, and per kind

    - 责改: ``deadline`` for every problem, or ``items`` (item id or ``#hazard id`` → date);
    - 现决: ``measures`` and ``measures_until`` (at most six months); the problems are the
      inspection's major hazards, or those ``hazards`` (item id or ``#hazard id``) names (the
      keys of ``items`` too);
    - 复查: the ``order`` reviewed (its number; default: the inspection's order);
    - 检记: ``narrative`` (default: drafted from the findings), ``place``, ``time_from``/``to``;
    - every kind: ``officers`` (two, certified, on the team; default: the acting user and the
      next certified member of the team), ``person_in_charge`` and ``refused_to_sign``,
      ``replaces`` (the number of a document this one corrects)."""

    kind: DocumentKind
    inspection_id: int
    deadline: dt.date | None = None
    items: Mapping[str, dt.date] = field(default_factory=dict)
    officers: Sequence[str] = ()
    narrative: str | None = None
    place: str = ""
    time_from: dt.datetime | None = None
    time_to: dt.datetime | None = None
    measures: Sequence[str] = ()
    measures_until: dt.date | None = None
    order: str | None = None
    person_in_charge: str = ""
    refused_to_sign: bool = False
    replaces: str | None = None
    hazards: Sequence[str] = ()


@dataclass
class _Prepared:
    """A document checked and composed from the record, not yet numbered: its facts (with a
    placeholder number), why it may not be issued, and what issuing it writes."""

    facts: DocumentFacts
    refusals: list[Refusal]
    inspection: Inspection
    bureau: Bureau | None
    #: (hazard, ordinal, deadline, outcome) of each hazard the document names.
    items: list[tuple[Hazard, int, dt.date | None, str]] = field(default_factory=list)
    order: Document | None = None
    replaced: Document | None = None


def _bureau_view(b: Bureau) -> BureauView:
    return BureauView(name=b.name, short=b.short, edition=b.edition,
                      reconsideration=tuple(b.reconsideration), court=b.court, seal=b.seal,
                      updated_by=b.updated_by, updated_at=b.updated_at)


#: The bureau a draft shows while none is set (the draft says why it may not be issued).
_NO_BUREAU = BureauView(name="", short="", edition=rules.EDITIONS[0], reconsideration=(),
                        court="")


def _refuse(kind: str, refusals: Sequence[Refusal]) -> AnjianError:
    return AnjianError("doc.refused", title=title(kind),
                       reasons=Lines(list(refusals), sep="; "))


def _check_text(request: IssueRequest) -> None:
    check(record_of("document"), narrative=request.narrative, place=request.place,
          measures=list(request.measures), person_in_charge=request.person_in_charge,
          officers=list(request.officers))


def _prepare(ctx: Context, s: Session, request: IssueRequest, *, lock: bool) -> _Prepared:
    """Read and check everything the document needs, in the caller's transaction (``lock``:
    the issuing one, which locks what it will change)."""
    if request.kind not in KINDS:
        raise AnjianError("doc.bad_kind", kind=request.kind, kinds=Lines(KINDS, sep="; "))
    _check_text(request)
    insp = q.get(s, Inspection, request.inspection_id, "inspection")
    assert insp.id is not None
    authorize(ctx, s, Action.issue_document,
              campaign_scope(s, insp.campaign_id, enterprise=insp.enterprise_uscc),
              bootstrap=lock)
    if lock:  # allowed: now what issuing changes is locked (in team mode a lock needs rights)
        q.lock_inspection(s, insp.id)
        if request.kind == ORDER:  # their deadlines change with the order
            store.lock_hazards(s, insp.id)
    kind = request.kind
    today = ctx.today
    refusals: list[Refusal] = []
    if insp.kind == "self":  # a document records the bureau's own inspection, 经查
        refusals.append(Refusal("doc.self_inspection", {"id": insp.id}))
    b = store.bureau(s)
    if b is None:
        refusals.append(Refusal("doc.no_bureau"))
    bureau = _bureau_view(b) if b is not None else _NO_BUREAU
    firm = q.enterprise(s, insp.enterprise_uscc)
    replaced = None
    if request.replaces:
        replaced = store.document(s, request.replaces, lock=lock)
        refusals += _replace_refusals(request, replaced, insp)
    officers, why = _officers(ctx, s, request, insp, today)
    refusals += why
    prepared = _Prepared(facts=DocumentFacts(
        kind=kind, bureau=bureau, number="", issued_on=today,
        head=ChainHead(seq=0, hash=""), enterprise_name=firm.name if firm else "",
        enterprise_uscc=insp.enterprise_uscc, address=firm.address if firm else "",
        contact=firm.contact if firm else "", inspection_id=insp.id,
        inspected_on=insp.inspected_on, officers=tuple(officers),
        person_in_charge=request.person_in_charge.strip(),
        refused_to_sign=request.refused_to_sign,
        replaces=replaced.number if replaced is not None else "",
        waivers=waivers.relied_on_in(ctx, s, inspection_id=insp.id)),
        refusals=refusals, inspection=insp, bureau=b, replaced=replaced)
    if kind == RECORD:
        _record(ctx, s, request, prepared)
    elif kind == ORDER:
        _order(ctx, s, request, prepared)
    elif kind == MEASURES:
        _measures(ctx, s, request, prepared)
    elif kind == REVIEW:
        _review(ctx, s, request, prepared)
    else:
        _receipt(s, prepared)
    seq = 0
    if b is not None:
        seq = store.last_seq(s, b.short, b.edition, kind, today.year) + 1
    seq_, digest = audit_reads.head(s)
    prepared.facts = prepared.facts.model_copy(update={
        "number": rules.number(bureau.short, bureau.edition, kind, today.year, seq),
        "head": ChainHead(seq=seq_, hash=digest)})
    return prepared


def _replace_refusals(request: IssueRequest, old: Document | None,
                      insp: Inspection) -> list[Refusal]:
    if old is None:
        return [Refusal("doc.replaces_unknown", {"number": request.replaces})]
    out = []
    if old.kind != request.kind or old.inspection_id != insp.id:
        out.append(Refusal("doc.replaces_other", {
            "number": old.number, "title": title(old.kind), "inspection": insp.id,
            "kind": title(request.kind)}))
    if old.voided_at is not None:
        out.append(Refusal("doc.replaces_void", {"number": old.number,
                                                 "reason": old.void_reason}))
    return out


# --- officers --------------------------------------------------------------------------------

def _officers(ctx: Context, s: Session, request: IssueRequest, insp: Inspection,
              on: dt.date) -> tuple[list[OfficerView], list[Refusal]]:
    """The two officers who sign, and why they may not: named, or by default the acting
    user and the first other certified member of the team (the lead first)."""
    team = q.team_registration(s, insp.campaign_id) if insp.campaign_id is not None else []
    names = [n.strip() for n in request.officers if n.strip()]
    if not names:
        names = [ctx.actor]
        members = sorted(team, key=lambda m: m[1] != "lead")
        known = store.officers(s, [m[0] for m in members])
        for member, _place, _role in members:
            role, off, cert_no, until = known.get(member, (None, True, None, None))
            if (member != ctx.actor and role in (Role.lead, Role.inspector) and not off
                    and cert_no and until is not None and until >= on):
                names.append(member)
                break
    facts = store.officers(s, names)
    on_team = {m[0] for m in team if m[1] in ("lead", "inspector")}
    checked: list[rules.OfficerFacts] = []
    disabled: list[str] = []
    for name in names:
        role, off, cert_no, until = facts.get(name, (None, False, None, None))
        if off:
            disabled.append(name)
        checked.append(rules.OfficerFacts(
            name=name, registered=name in facts, role=role, cert_no=cert_no,
            valid_until=until, on_team=insp.campaign_id is None or name in on_team))
    why = [Refusal(key, _named_role(params))
           for key, params in rules.officer_refusals(checked, on)
           if params.get("name") not in disabled]
    if len(names) > rules.OFFICERS:
        why.append(Refusal("doc.too_many_officers", {"count": len(names)}))
    why += [Refusal("doc.officer_disabled", {"name": n}) for n in disabled]
    views = [OfficerView(name=o.name, cert_no=o.cert_no or "",
                         valid_until=o.valid_until or on) for o in checked]
    return views, why


def _named_role(params: dict[str, object]) -> dict[str, object]:
    """A refusal's role as a person reads it (组长, 企业用户 …), not its id."""
    role = params.get("role")
    if isinstance(role, str) and role in {r.value for r in Role}:
        return {**params, "role": Msg(f"role.{role}")}
    return params


# --- the problems ----------------------------------------------------------------------------

def _item_order(ctx: Context, s: Session, insp: Inspection) -> dict[tuple[str, str], int]:
    """The place of each (pack, item) in the inspection's checklists, in pack order."""
    order: dict[tuple[str, str], int] = {}
    for p in q.inspection_packs(s, insp.id or 0):
        entry = ctx.catalogue.get(p.pack_id)
        if entry is None:
            continue
        for item in entry.pack.items():
            order[(p.pack_id, item.id)] = len(order)
    return order


def _problem(ctx: Context, h: Hazard, ordinal: int, findings: dict[str, Any],
             deadline: dt.date | None = None, rectified: bool | None = None,
             how: str = "") -> Problem:
    assert h.id is not None
    standard, text, clause, local = "", "", h.clause, ""
    entry = ctx.catalogue.get(h.pack_id)
    if entry is not None:
        standard = entry.pack.standard
        texts = entry.pack.hazard_text(h.item_id)  # an item, or a conjunction's part
        if texts is not None:  # the item's own clause: what the finding breaks
            clause, text = texts
        local = _local(entry.pack, h.item_id)
    # a part's hazard (ITEM/part) was found by its item's answer
    finding = findings.get(h.item_id) or findings.get(h.item_id.partition("/")[0])
    note = (finding.note or "").strip() if finding is not None else ""
    location = (finding.location or "").strip() if finding is not None else ""
    return Problem(ordinal=ordinal, hazard_id=h.id, item_id=h.item_id, standard=standard,
                   clause=clause, item_text=text, seen=note or text, location=location,
                   level=h.level, deadline=deadline, rectified=rectified, how=how,
                   local=local)


def _default_deadline(ctx: Context, h: Hazard) -> dt.date | None:
    """The issue date plus the days the hazard's item gives as its deadline (``deadline_days``,
    e.g. an overlay's local deadline); None when it gives none."""
    entry = ctx.catalogue.get(h.pack_id)
    item = entry.pack.part(h.item_id.partition("/")[0]) if entry is not None else None
    if not isinstance(item, Item) or item.deadline_days is None:
        return None
    return ctx.today + dt.timedelta(days=item.deadline_days)


def _local(pack: Pack, key: str) -> str:
    """The overlay's title when ``key`` (an item, or ``ITEM/part``) is an overlay's local
    item (地方补充), else ""."""
    item = pack.part(key.partition("/")[0])
    return pack.title_zh if isinstance(item, Item) and item.local else ""


def _open_hazards(ctx: Context, s: Session, insp: Inspection) -> list[Hazard]:
    """The inspection's hazards not closed and not corrected on site, in checklist order."""
    order = _item_order(ctx, s, insp)
    found = [h for h in q.hazards(s, inspection_id=insp.id)
             if h.status != HazardStatus.closed.value and not h.corrected_on_site]
    return sorted(found, key=lambda h: (order.get((h.pack_id, h.item_id), len(order)),
                                        h.id or 0))


def _resolve(s: Session, key: str, mine: list[Hazard], insp: Inspection,
             refusals: list[Refusal]) -> Hazard | None:
    """The hazard a key names (a checklist item id, or ``#`` and a hazard id) among the
    inspection's open hazards; a refusal saying why where it names none of them."""
    key = key.strip()
    if key.startswith("#"):
        try:
            hid = int(key[1:])
        except ValueError:
            refusals.append(Refusal("doc.bad_item", {"key": key}))
            return None
        found = next((h for h in mine if h.id == hid), None)
        if found is not None:
            return found
        other = store.hazards_by_id(s, [hid]).get(hid)
        if other is None:
            refusals.append(Refusal("doc.no_hazard", {"id": hid}))
        elif other.enterprise_uscc != insp.enterprise_uscc:
            refusals.append(Refusal("doc.hazard_other_enterprise", {
                "id": hid, "enterprise": other.enterprise_uscc,
                "own": insp.enterprise_uscc}))
        elif other.inspection_id != insp.id:
            refusals.append(Refusal("doc.hazard_other_inspection", {
                "id": hid, "inspection": other.inspection_id, "own": insp.id}))
        else:
            refusals.append(Refusal("doc.hazard_closed", {"id": hid}))
        return None
    found = next((h for h in mine if h.item_id == key), None)
    if found is None:
        refusals.append(Refusal("doc.no_item", {"item": key, "inspection": insp.id}))
    return found


def _findings(s: Session, insp: Inspection) -> dict[str, Any]:
    return {f.item_id: f for f in q.findings(s, insp.id or 0)}


def _order(ctx: Context, s: Session, request: IssueRequest, p: _Prepared) -> None:
    """责改: the open hazards not ordered already, each with its deadline."""
    insp, refusals = p.inspection, p.refusals
    mine = _open_hazards(ctx, s, insp)
    already = store.named_by(s, [h.id for h in mine if h.id is not None], ORDER,
                             other_than=p.replaced.id if p.replaced is not None else None)
    dates: dict[int, dt.date] = {}
    for key, given in request.items.items():
        h = _resolve(s, key, mine, insp, refusals)
        if h is not None and h.id is not None:
            if h.id in already:
                refusals.append(Refusal("doc.already_ordered", {
                    "id": h.id, "item": h.item_id, "number": already[h.id]}))
            dates[h.id] = given
    problems = [h for h in mine if h.id not in already]
    if not problems:
        if already:
            refusals.append(Refusal("doc.all_ordered", {
                "inspection": insp.id, "numbers": Lines(sorted(set(already.values())),
                                                        sep="; ")}))
        else:
            refusals.append(Refusal("doc.nothing_to_order", {"inspection": insp.id}))
        return
    findings = _findings(s, insp)
    out = []
    for n, h in enumerate(problems, 1):
        assert h.id is not None
        day = dates.get(h.id, request.deadline)
        if day is None:  # the item's own deadline in days (an overlay's local deadline)
            day = _default_deadline(ctx, h)
        if day is None:
            refusals.append(Refusal("doc.no_deadline", {"id": h.id, "item": h.item_id,
                                                        "clause": h.clause}))
        elif day <= ctx.today:
            refusals.append(Refusal("doc.deadline_not_after", {
                "id": h.id, "item": h.item_id, "date": day.isoformat(),
                "issued_on": ctx.today.isoformat()}))
        elif day != h.deadline:
            refusals += deadline_refusals(day, found_on=h.found_on, today=ctx.today,
                                          current=h.deadline,
                                          status=HazardStatus(h.status), reason="-")
        out.append(_problem(ctx, h, n, findings, deadline=day))
        p.items.append((h, n, day, ""))
    p.facts = p.facts.model_copy(update={"problems": tuple(out)})


def _measures(ctx: Context, s: Session, request: IssueRequest, p: _Prepared) -> None:
    """现决: the measures, until when, and the hazards they are taken for."""
    insp, refusals = p.inspection, p.refusals
    mine = _open_hazards(ctx, s, insp)
    keys = [*request.hazards, *request.items]
    chosen: list[Hazard] = []
    for key in keys:
        h = _resolve(s, key, mine, insp, refusals)
        if h is not None and h not in chosen:
            chosen.append(h)
    if not keys:
        chosen = [h for h in mine if h.level == "major"]
        if not chosen:
            refusals.append(Refusal("doc.no_major", {"inspection": insp.id}))
    measures = tuple(m.strip() for m in request.measures if m.strip())
    if not measures:
        refusals.append(Refusal("doc.no_measures"))
    until = request.measures_until
    limit = rules.add_months(ctx.today, rules.MEASURE_MONTHS)
    if until is not None and until <= ctx.today:
        refusals.append(Refusal("doc.until_not_after", {"date": until.isoformat(),
                                                        "issued_on": ctx.today.isoformat()}))
    elif until is not None and until > limit:
        refusals.append(Refusal("doc.until_too_late", {
            "date": until.isoformat(), "limit": limit.isoformat(),
            "months": rules.MEASURE_MONTHS}))
    findings = _findings(s, insp)
    order = {h.id: n for n, h in enumerate(mine)}
    chosen.sort(key=lambda h: order.get(h.id, 0))
    p.items = [(h, n, until, "") for n, h in enumerate(chosen, 1)]
    p.facts = p.facts.model_copy(update={
        "problems": tuple(_problem(ctx, h, n, findings, deadline=until)
                          for n, h in enumerate(chosen, 1)),
        "measures": measures, "measures_until": until})


def _review(ctx: Context, s: Session, request: IssueRequest, p: _Prepared) -> None:
    """复查: the order reviewed, item by item rectified or not."""
    insp, refusals = p.inspection, p.refusals
    order = _the_order(s, request, insp, refusals)
    if order is None:
        return
    assert order.id is not None
    p.order = order
    done = store.following(s, [order.id], REVIEW,
                           other_than=p.replaced.id if p.replaced is not None else None)
    if order.id in done:
        refusals.append(Refusal("doc.already_reviewed", {"number": order.number,
                                                         "review": done[order.id]}))
    if order.issued_on > ctx.today:
        refusals.append(Refusal("doc.review_before_order", {
            "number": order.number, "date": order.issued_on.isoformat()}))
    named = store.items(s, [order.id])[order.id]
    hazards = store.hazards_by_id(s, [i.hazard_id for i in named])
    latest = store.latest_rectifications(s, hazards)
    original = q.get(s, Inspection, order.inspection_id, "inspection")
    findings = _findings(s, original)
    problems = []
    for item in named:
        h = hazards[item.hazard_id]
        fix = latest.get(item.hazard_id)
        closed = h.status == HazardStatus.closed.value
        accepted = fix is not None and fix.result == "accepted"
        rectified = closed or accepted
        how = (h.note if closed and h.note else fix.note if fix is not None and fix.note
               else "")
        problems.append(_problem(ctx, h, item.ordinal, findings, deadline=item.deadline,
                                 rectified=rectified, how=how.strip()))
        p.items.append((h, item.ordinal, item.deadline,
                        RECTIFIED if rectified else NOT_RECTIFIED))
    p.facts = p.facts.model_copy(update={
        "problems": tuple(problems), "order_number": order.number,
        "order_issued_on": order.issued_on})


def _the_order(s: Session, request: IssueRequest, insp: Inspection,
               refusals: list[Refusal]) -> Document | None:
    """The order a review is of: the one named, else the inspection's only live order (else
    the enterprise's only live order not yet reviewed: a follow-up inspection's)."""
    if request.order:
        order = store.document(s, request.order)
        if order is None:
            refusals.append(Refusal("doc.order_unknown", {"number": request.order}))
            return None
        if order.kind != ORDER:
            refusals.append(Refusal("doc.not_an_order", {
                "number": order.number, "title": title(order.kind)}))
            return None
        if order.voided_at is not None:
            refusals.append(Refusal("doc.order_void", {"number": order.number,
                                                       "reason": order.void_reason}))
            return None
        if order.enterprise_uscc != insp.enterprise_uscc:
            refusals.append(Refusal("doc.order_other_enterprise", {
                "number": order.number, "enterprise": order.enterprise_uscc,
                "own": insp.enterprise_uscc}))
            return None
        return order
    orders = list(store.documents(s, inspection=insp.id, kind=ORDER, live=True))
    if not orders:
        mine = store.documents(s, enterprise=insp.enterprise_uscc, kind=ORDER, live=True)
        reviewed = store.following(s, [o.id for o in mine if o.id is not None], REVIEW)
        orders = [o for o in mine if o.id not in reviewed]
    if len(orders) == 1:
        return orders[0]
    if not orders:
        refusals.append(Refusal("doc.no_order", {"inspection": insp.id}))
    else:
        refusals.append(Refusal("doc.which_order", {
            "numbers": Lines([o.number for o in orders], sep="; ")}))
    return None


def _record(ctx: Context, s: Session, request: IssueRequest, p: _Prepared) -> None:
    """检记: where, when, and the narrative of what was checked and found."""
    insp = p.inspection
    narrative = request.narrative
    if narrative is None:
        narrative = _narrative(ctx, s, insp, p.facts.bureau.edition)
    narrative = narrative.strip()
    if not narrative:
        p.refusals.append(Refusal("doc.no_narrative", {"inspection": insp.id}))
    time_from, time_to = request.time_from, request.time_to
    if time_from is None and on_day(insp.started_at) == insp.inspected_on:
        # the record was kept as the inspection went: from its start to its last answer
        time_from = insp.started_at
        time_to = time_to or store.last_answer_at(s, insp.id or 0) or time_from
    # else (entered on another day than it was made) the hours are the officers' to write
    if time_from is not None and time_to is not None and time_to < time_from:
        p.refusals.append(Refusal("doc.time_order", {"from": time_from.isoformat(),
                                                     "to": time_to.isoformat()}))
    p.facts = p.facts.model_copy(update={
        "narrative": narrative, "place": request.place.strip() or p.facts.address,
        "time_from": time_from, "time_to": time_to,
        "withdrawn": _withdrawn(ctx, s, insp)})


def on_day(moment: dt.datetime) -> dt.date:
    """The bureau's calendar day of a moment stored in UTC."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)
    return aware.astimezone(BEIJING).date()


def _withdrawn(ctx: Context, s: Session, insp: Inspection) -> tuple[WithdrawnStandard, ...]:
    """The standards the inspection applied that were withdrawn by its date (a record marks
    them 依据已废止标准，仅供参考)."""
    found = [e.pack for e in (ctx.catalogue.get(p.pack_id)
                              for p in q.inspection_packs(s, insp.id or 0)) if e is not None]
    out: dict[str, WithdrawnStandard] = {}
    for w in withdrawn_packs(ctx.catalogue, found, insp.inspected_on):
        if w.successor is not None and w.successor_effective is not None:
            out.setdefault(w.standard, WithdrawnStandard(
                standard=w.standard, successor=w.successor, effective=w.successor_effective))
    return tuple(out.values())


def _narrative(ctx: Context, s: Session, insp: Inspection, edition_name: str) -> str:
    """The 检查情况 drafted from the inspection: the standards checked against, how many
    items were answered, each problem found (where, what was seen, the clause), each item
    corrected on site, and the inspectors' notes on the other items, in checklist order."""
    order = _item_order(ctx, s, insp)
    findings = sorted(q.findings(s, insp.id or 0),
                      key=lambda f: (order.get((f.pack_id, f.item_id), len(order)), f.id or 0))
    standards = []
    for p in q.inspection_packs(s, insp.id or 0):
        entry = ctx.catalogue.get(p.pack_id)
        if entry is not None and entry.pack.standard not in standards:
            standards.append(entry.pack.standard)
        if entry is not None and entry.pack.overlay is not None:  # and its local checklist
            standards.append(entry.pack.title_zh)
    words = edition(edition_name)["words"]
    problems: list[str] = []
    corrected: list[str] = []
    remarks: list[str] = []
    for f in findings:
        entry = ctx.catalogue.get(f.pack_id)
        item = next((i for i in entry.pack.items() if i.id == f.item_id), None) \
            if entry is not None else None
        standard = entry.pack.standard if entry is not None else ""
        problem = Problem(ordinal=0, hazard_id=0, item_id=f.item_id, standard=standard,
                          clause=item.clause if item else f.item_id,
                          item_text=item.text_zh if item else "",
                          seen=(f.note or "").strip() or (item.text_zh if item else f.item_id),
                          location=(f.location or "").strip(),
                          local=entry.pack.title_zh if entry is not None and item is not None
                          and item.local else "")
        line = f"{problem_text(problem, words)}（{clause_text(problem)}）"
        if f.status == "noncompliant":
            (corrected if f.corrected_on_site else problems).append(line)
        elif (f.note or "").strip():
            remarks.append(f"{clause_text(problem)}：{f.note.strip()}")
    return draft_narrative(edition_name, standards=standards,
                           checked=sum(1 for f in findings if f.status is not None),
                           problems=problems, corrected=corrected, remarks=remarks,
                           withdrawn=[w.standard for w in _withdrawn(ctx, s, insp)])


def _receipt(s: Session, p: _Prepared) -> None:
    """回: the inspection's live documents served on the enterprise issued since its last live
    receipt, with their deliveries: its records (检记), which the bureau keeps, only where a
    delivery of one was recorded."""
    live = store.documents(s, inspection=p.inspection.id, live=True)
    since = max((d.id or 0 for d in live if d.kind == RECEIPT), default=0)
    delivered = store.deliveries(s, [d.id for d in live])
    docs = [d for d in live if d.kind != RECEIPT and (d.id or 0) > since
            and (d.kind != RECORD or (d.id or 0) in delivered)]
    docs.sort(key=lambda d: (d.issued_on, d.id or 0))
    if not docs:
        p.refusals.append(Refusal("doc.nothing_to_deliver", {"inspection": p.inspection.id}))
    p.facts = p.facts.model_copy(update={"delivered": tuple(
        DeliveredDocument(number=d.number, title=rules.TITLES[d.kind], issued_on=d.issued_on,
                          delivery=_delivery(delivered.get(d.id or 0)))
        for d in docs)})


def _delivery(row: Any) -> DeliveryView | None:
    if row is None:
        return None
    return DeliveryView(recipient=row.recipient, method=row.method,
                        delivered_on=row.delivered_on, recorded_by=row.recorded_by)


# --- issuing ---------------------------------------------------------------------------------

def _canonical(content: dict[str, Any]) -> str:
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def content_hash(content: Mapping[str, Any]) -> str:
    """The SHA-256 a document's content is kept under: of its canonical JSON (keys sorted,
    no spaces, characters as they are)."""
    return hashlib.sha256(_canonical(dict(content)).encode("utf-8")).hexdigest()


def draft(ctx: Context, request: IssueRequest) -> Draft:
    """What issuing ``request`` would produce now, with a placeholder number and the reasons
    it would be refused (nothing stored, no number taken)."""
    with ctx.store.reading() as s:
        p = _prepare(ctx, s, request, lock=False)
    facts = p.facts
    if facts.kind == ORDER and any(x.deadline is None for x in facts.problems):
        # an order states every problem's deadline: the draft shows those that have one
        # (the refusals name the others)
        facts = facts.model_copy(update={"problems": tuple(
            x for x in facts.problems if x.deadline is not None)})
    return Draft(content=compose(facts), refusals=tuple(p.refusals))


def issue(ctx: Context, request: IssueRequest) -> IssuedDocument:
    """Issue the document: refused (naming what is missing, no number consumed) unless a
    bureau is set, two certified officers of the team sign, deadlines fall after its date,
    there is something to order and it was not ordered already."""
    with ctx.store.session() as s:
        p = _prepare(ctx, s, request, lock=True)
        if p.refusals:
            raise _refuse(request.kind, p.refusals)
        b = p.bureau
        assert b is not None and p.inspection.id is not None
        kind, today = request.kind, ctx.today
        seq = store.next_seq(s, b.short, b.edition, kind, today.year)
        number = rules.number(b.short, b.edition, kind, today.year, seq)
        q.lock_audit(s)  # the head printed is the one the entries below follow
        head_seq, head_hash = audit_reads.head(s)
        facts = p.facts.model_copy(update={"number": number,
                                           "head": ChainHead(seq=head_seq, hash=head_hash)})
        content = compose(facts).model_dump(mode="json")
        digest = content_hash(content)
        if p.replaced is not None:
            reason = CORRECTED_BY.format(number=number)
            store.void_document(s, p.replaced, by=ctx.actor, reason=reason)
            q.append_audit(s, ctx.actor, "document.void", "document", p.replaced.number,
                           after={"reason": reason, "replaced_by": number})
        doc = store.add_document(s, {
            "number": number, "kind": kind, "bureau_short": b.short, "edition": b.edition,
            "year": today.year, "seq": seq, "inspection_id": p.inspection.id,
            "campaign_id": p.inspection.campaign_id,
            "enterprise_uscc": p.inspection.enterprise_uscc, "issued_on": today,
            "issued_by": ctx.actor, "officers": [o.name for o in facts.officers],
            "content": content, "content_hash": digest, "head_seq": head_seq,
            "head_hash": head_hash,
            "replaces_id": p.replaced.id if p.replaced is not None else None,
            "order_id": p.order.id if p.order is not None else None},
            [{"hazard_id": h.id, "ordinal": n, "deadline": day, "outcome": outcome}
             for h, n, day, outcome in p.items])
        if kind == ORDER:
            for h, _n, day, _o in p.items:
                if day is not None and day != h.deadline:
                    change = _change_deadline(ctx, s, h, day, DeadlineKind.set, number)
                    _deadline_entry(ctx, s, h, "hazard.deadline", change, document=number)
        q.append_audit(s, ctx.actor, "document.issue", "document", number, after={
            "number": number, "kind": kind, "hash": digest, "inspection": p.inspection.id,
            "officers": [o.name for o in facts.officers], "issued_on": today,
            "head": {"seq": head_seq, "hash": head_hash},
            "replaces": p.replaced.number if p.replaced is not None else None,
            "order": p.order.number if p.order is not None else None,
            "items": [{"hazard": h.id, "ordinal": n, "deadline": day, "outcome": outcome}
                      for h, n, day, outcome in p.items]})
        view = views_in(s, [doc])[0]
        return IssuedDocument(document=view, content=DocumentContent.model_validate(content))


# --- reading ---------------------------------------------------------------------------------

def views_in(s: Session, docs: Sequence[Document]) -> list[DocumentView]:
    """Documents as lists show them, read in the caller's session."""
    ids = [d.id for d in docs]
    named = store.items(s, ids)
    delivered = store.deliveries(s, ids)
    numbers = store.numbers(s, [*(d.replaces_id for d in docs), *(d.order_id for d in docs)])
    names = store.enterprise_names(s, [d.enterprise_uscc for d in docs])
    out = []
    for d in docs:
        assert d.id is not None
        out.append(DocumentView(
            id=d.id, number=d.number, kind=d.kind, year=d.year, seq=d.seq,  # type: ignore[arg-type]
            inspection_id=d.inspection_id, campaign_id=d.campaign_id,
            enterprise_uscc=d.enterprise_uscc,
            enterprise_name=names.get(d.enterprise_uscc, ""), issued_on=d.issued_on,
            issued_at=d.issued_at, issued_by=d.issued_by, officers=tuple(d.officers),
            content_hash=d.content_hash, head=ChainHead(seq=d.head_seq, hash=d.head_hash),
            replaces=numbers.get(d.replaces_id, "") if d.replaces_id else "",
            order=numbers.get(d.order_id, "") if d.order_id else "",
            voided_at=d.voided_at, voided_by=d.voided_by, void_reason=d.void_reason,
            items=tuple(DocumentItemView(hazard_id=i.hazard_id, ordinal=i.ordinal,
                                         deadline=i.deadline, outcome=i.outcome)
                        for i in named.get(d.id, ())),
            delivery=_delivery(delivered.get(d.id))))
    return out


def documents(ctx: Context, *, campaign: int | None = None, enterprise: str | None = None,
              inspection: int | None = None) -> list[DocumentView]:
    """Issued documents, newest first, as the acting user may see them (an enterprise user:
    their own enterprise's)."""
    with ctx.store.reading() as s:
        own = reader(ctx, s, enterprise)
        if own is not None:
            enterprise = own
        return views_in(s, store.documents(s, campaign=campaign, enterprise=enterprise,
                                         inspection=inspection))


def _get(ctx: Context, s: Session, number: str, *, lock: bool = False) -> Document:
    doc = store.document(s, number.strip(), lock=lock)
    if doc is None:
        raise AnjianError("doc.not_found", number=number)
    return doc


def show(ctx: Context, number: str) -> IssuedDocument:
    """One document with the content it was issued with."""
    with ctx.store.reading() as s:
        doc = _get(ctx, s, number)
        authorize(ctx, s, Action.read, campaign_scope(s, doc.campaign_id,
                                                      enterprise=doc.enterprise_uscc))
        return IssuedDocument(document=views_in(s, [doc])[0],
                              content=DocumentContent.model_validate(doc.content))


def void(ctx: Context, number: str, *, reason: str) -> DocumentView:
    """Void a document: it keeps its number, with who voided it, when and why."""
    reason = reason.strip()
    check(record_of("document", number), reason=reason)
    if not reason:
        raise AnjianError("doc.void_needs_reason", number=number)
    with ctx.store.session() as s:
        doc = _get(ctx, s, number)
        authorize(ctx, s, Action.void_document,
                  campaign_scope(s, doc.campaign_id, enterprise=doc.enterprise_uscc))
        doc = _get(ctx, s, number, lock=True)
        if doc.voided_at is not None:
            raise AnjianError("doc.already_void", number=doc.number, by=doc.voided_by,
                              reason=doc.void_reason)
        store.void_document(s, doc, by=ctx.actor, reason=reason)
        q.append_audit(s, ctx.actor, "document.void", "document", doc.number,
                       after={"reason": reason})
        return views_in(s, [doc])[0]


def deliver(ctx: Context, number: str, *, to: str, method: DeliveryMethod,
            on: dt.date) -> DocumentView:
    """Record how the document reached the enterprise (once): not before it was issued, not
    in the future."""
    to = to.strip()
    check(record_of("document", number), recipient=to)
    if not to:
        raise AnjianError("doc.deliver_needs_recipient", number=number)
    if method not in METHODS:
        raise AnjianError("doc.bad_method", method=method,
                          methods=Lines([Msg(f"doc.method.{m}") for m in METHODS], sep="; "))
    with ctx.store.session() as s:
        doc = _get(ctx, s, number)
        authorize(ctx, s, Action.issue_document,
                  campaign_scope(s, doc.campaign_id, enterprise=doc.enterprise_uscc))
        doc = _get(ctx, s, number, lock=True)
        assert doc.id is not None
        if doc.voided_at is not None:
            raise AnjianError("doc.deliver_void", number=doc.number, reason=doc.void_reason)
        done = store.deliveries(s, [doc.id]).get(doc.id)
        if done is not None:
            raise AnjianError("doc.already_delivered", number=doc.number, to=done.recipient,
                              on=done.delivered_on.isoformat())
        if on < doc.issued_on:
            raise AnjianError("doc.deliver_before_issue", number=doc.number,
                              date=on.isoformat(), issued_on=doc.issued_on.isoformat())
        if on > ctx.today:
            raise AnjianError("doc.deliver_future", number=doc.number, date=on.isoformat(),
                              today=ctx.today.isoformat())
        store.add_delivery(s, {"document_id": doc.id, "recipient": to, "method": method,
                               "delivered_on": on, "recorded_by": ctx.actor})
        q.append_audit(s, ctx.actor, "document.deliver", "document", doc.number,
                       after={"recipient": to, "method": method, "on": on})
        return views_in(s, [doc])[0]


def reviews_due(ctx: Context, *, campaign: int | None = None,
                states: Sequence[str] = ("due", "overdue"),
                limit: int | None = None) -> list[ReviewDue]:
    """The follow-up reviews issued orders schedule, in ``states``, soonest first (at most
    ``limit``): one per deadline of each live order, done once a live review names the order.
    Due and overdue reviews alone (a screen's question) are found in the database; asking for
    scheduled or done ones too reads every live order of the campaign."""
    if set(states) <= {"due", "overdue"}:
        return _passed(ctx, campaign=campaign, states=states, limit=limit)
    with ctx.store.reading() as s:
        own = reader(ctx, s)
        orders = store.documents(s, campaign=campaign, enterprise=own, kind=ORDER, live=True)
        ids = [o.id for o in orders if o.id is not None]
        named = store.items(s, ids)
        done = store.following(s, ids, REVIEW)
        names = store.enterprise_names(s, [o.enterprise_uscc for o in orders])
    out = []
    for o in orders:
        assert o.id is not None
        review = done.get(o.id, "")
        for deadline in sorted({i.deadline for i in named[o.id] if i.deadline is not None}):
            state = rules.review_state(deadline, ctx.today, done=bool(review))
            if state not in states:
                continue
            out.append(ReviewDue(
                order=o.number, order_id=o.id, inspection_id=o.inspection_id,
                campaign_id=o.campaign_id, enterprise_uscc=o.enterprise_uscc,
                enterprise_name=names.get(o.enterprise_uscc, ""), deadline=deadline,
                due_by=rules.review_due_by(deadline), state=state,  # type: ignore[arg-type]
                review=review))
    out.sort(key=lambda r: (r.due_by, r.deadline, r.order_id))
    return out[:limit] if limit is not None else out


def _passed(ctx: Context, *, campaign: int | None, states: Sequence[str],
            limit: int | None) -> list[ReviewDue]:
    """Due and overdue reviews: the passed deadlines of live orders no review names."""
    wanted = set(states)
    # overdue only: deadlines before the window that ends today began
    before = (ctx.today - dt.timedelta(days=rules.REVIEW_WINDOW_DAYS)
              if wanted == {"overdue"} else ctx.today)
    with ctx.store.reading() as s:
        own = reader(ctx, s)
        rows = store.reviews_pending(s, order_kind=ORDER, review_kind=REVIEW,
                                     passed_before=before, campaign=campaign, enterprise=own,
                                     limit=None if wanted == {"due"} else limit)
        names = store.enterprise_names(s, [r[4] for r in rows])
    out = []
    for oid, number, inspection, cid, uscc, deadline in rows:
        state = rules.review_state(deadline, ctx.today, done=False)
        if state not in wanted:
            continue
        out.append(ReviewDue(
            order=number, order_id=oid, inspection_id=inspection, campaign_id=cid,
            enterprise_uscc=uscc, enterprise_name=names.get(uscc, ""), deadline=deadline,
            due_by=rules.review_due_by(deadline), state=state,  # type: ignore[arg-type]
            review=""))
    return out[:limit] if limit is not None else out


def reviews_passed(ctx: Context, *, campaign: int | None = None) -> int:
    """How many follow-up reviews are due or overdue (what a screen showing a few says of the
    rest)."""
    with ctx.store.reading() as s:
        own = reader(ctx, s)
        [(n,)] = store.reviews_pending(s, order_kind=ORDER, review_kind=REVIEW,
                                       passed_before=ctx.today, campaign=campaign,
                                       enterprise=own, count=True)
    return int(n)


def measures(ctx: Context) -> tuple[str, ...]:
    """The measures on the spot (现场处理措施) the bureau's edition of the 现决 form offers
    (the 应急 edition's while no bureau is set)."""
    with ctx.store.reading() as s:
        found = store.bureau(s)
    return offered_measures(found.edition if found is not None else rules.EDITIONS[0])
