"""The enterprise risk register (风险分级管控台账): risk points, their analysis entries (JHA
steps of an activity, SCL check items of equipment) with the inherent (固有) and current
(现有) assessment, the responsible person at each 管控层级, the hazards tied to them, and
the calculator that grades without storing anything.

A point's grades are those of its gravest entry, recomputed with every entry added; the
``grade`` column is the current grade. Whether a point is flagged for re-assessment (an open
major hazard tied to it, a hazard recurring there after 销号) is read from its hazards as
they stand, never stored. Every write appends to the audit log in its transaction; every
refusal names the field and stores nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, cast

from core.engine.grading import Graded, grade, not_above
from core.i18n import AnjianError, Lang
from core.pack.free_text import check, record_of
from core.process import credit_code as credit
from core.process import risk as risk_rules
from core.process.permissions import Action, Scope
from core.process.workflow import Refusal
from core.services.context import Context
from core.services.users import authorize, reader
from core.store import audit_reads
from core.store import queries as q
from core.store import risk as store
from core.store.db import Session, Store
from core.store.tables import Enterprise, RiskEntry, RiskPoint
from core.views.risk import (
    GradeView,
    RegisterView,
    RiskEntryView,
    RiskPointView,
    SitePlanView,
    Zone,
)

#: The most points one page holds.
PAGE_LIMIT = 1000


def _raise(why: Refusal | None) -> None:
    if why is not None:
        raise AnjianError(why.key, **why.params)


def _required(**fields: str) -> None:
    for name, value in fields.items():
        if not value.strip():
            raise AnjianError("field.required", field=name)


# --- the calculator ---------------------------------------------------------------------------


def calculate(ctx: Context, *, preset: str, inputs: Mapping[str, float],
              rules: Sequence[str] = ()) -> Graded:
    """Grade ``inputs`` with the method preset ``preset`` and the 直接判定为重大风险 rules
    ``rules``: stores nothing and needs no database."""
    method = ctx.catalogue.risk_method(preset)
    return grade(method, inputs, rules=rules, direct=ctx.catalogue.direct_rules)


def calculator(lang: Lang = "zh") -> Context:
    """A context for :func:`calculate` alone: the installed plugins' methods, no database
    (the calculator stores nothing)."""
    from core.services.packs import default_catalogue

    return Context(cast(Store, None), default_catalogue(), lang=lang)


def _assess(ctx: Context, field: str, assessment: Mapping[str, Any]) -> Graded:
    """An assessment argument (``{"preset", "inputs", "rules"}``) graded, refusals naming
    ``field`` (``inherent`` or ``current``)."""
    if not isinstance(assessment, Mapping):
        raise AnjianError("field.required", field=f"{field}.preset")
    preset = str(assessment.get("preset") or "").strip()
    if not preset:
        raise AnjianError("field.required", field=f"{field}.preset")
    inputs = assessment.get("inputs")
    if not isinstance(inputs, Mapping):
        raise AnjianError("field.required", field=f"{field}.inputs")
    method = ctx.catalogue.risk_method(preset)
    return grade(method, inputs, rules=list(assessment.get("rules") or ()),
                 direct=ctx.catalogue.direct_rules, field_prefix=f"{field}.")


# --- writes -----------------------------------------------------------------------------------


def _names(responsible: Mapping[str, str] | None) -> dict[str, str]:
    found = {str(k).strip(): str(v).strip() for k, v in (responsible or {}).items()}
    _raise(risk_rules.responsible_refusal(found))
    check(record_of("risk_point"), responsible=list(found.values()))
    return found


def add_point(ctx: Context, enterprise: str, *, code: str, name: str, kind: str,
              place: str = "", detail: Mapping[str, str] | None = None,
              responsible: Mapping[str, str] | None = None) -> RiskPointView:
    """Add a risk point to the enterprise's register: its own number ``code`` (unique in the
    enterprise), what it is, an activity or equipment, where, the branch's own fields and the
    responsible person at each 管控层级 known so far. Refused, nothing stored: an unknown
    enterprise, a code taken, an unknown kind or tier, a missing code or name."""
    uscc = credit.validate(enterprise)
    code, name, place = code.strip(), name.strip(), place.strip()
    _required(code=code, name=name)
    _raise(risk_rules.kind_refusal(kind))
    check(record_of("risk_point"), code=code, name=name, place=place,
          point_detail=[str(v) for v in (detail or {}).values()])
    people = _names(responsible)
    with ctx.store.session() as s:
        ent = q.get(s, Enterprise, uscc, "enterprise")
        authorize(ctx, s, Action.edit_risk, Scope(enterprise=uscc))
        q.lock_audit(s)  # two points of one code at once: the second sees the first
        taken = store.point_by_code(s, uscc, code)
        if taken is not None:
            raise AnjianError("risk.register.code_taken", code=code, name=ent.name, uscc=uscc,
                              id=taken.id, other=taken.name)
        row = store.add_point(s, {
            "enterprise_uscc": uscc, "code": code, "name": name, "kind": kind,
            "place": place, "detail": {str(k): str(v) for k, v in (detail or {}).items()},
            "responsible": people, "created_by": ctx.actor})
        assert row.id is not None
        q.append_audit(s, ctx.actor, "risk.point.add", "risk_point", row.id,
                       after=_point_record(row))
        return _view(ctx, s, row, entries=[])


def add_entry(ctx: Context, point_id: int, *, step: str, hazard: str, source_class: str,
              inherent: Mapping[str, Any], current: Mapping[str, Any],
              accident_types: Sequence[str] = (), consequence: str = "",
              measures: Mapping[str, str] | None = None, standard: str = "",
              suggestions: str = "") -> RiskPointView:
    """Add a JHA step (or SCL check item) to a risk point with its 危险源, the accident types
    it may lead to, the control measures by class, and its inherent and current assessment;
    the point's grades become those of its gravest entry. Refused, nothing stored: an unknown
    source class, accident type or measure class; a factor or rule the preset has not; the
    current risk graver than the inherent one; a 管控层级 the new grade requires without a
    responsible person."""
    step, hazard = step.strip(), hazard.strip()
    _required(step=step, hazard=hazard)
    kept = {str(k): str(v).strip() for k, v in (measures or {}).items()}
    _raise(risk_rules.entry_refusal(source_class, list(accident_types), kept))
    check(record_of("risk_point", point_id), step=step, hazard=hazard, standard=standard,
          consequence=consequence, suggestions=suggestions,
          control_measures=list(kept.values()))
    before = _assess(ctx, "inherent", inherent)
    now = _assess(ctx, "current", current)
    _raise(risk_rules.current_refusal(not_above(now, before), now.record(), before.record()))
    with ctx.store.session() as s:
        row = store.get_point(s, point_id)
        authorize(ctx, s, Action.edit_risk, Scope(enterprise=row.enterprise_uscc))
        row = store.get_point(s, point_id, lock=True)
        old = store.entries(s, point_id)
        grades = _grades([*(e.inherent for e in old), before.record()],
                         [*(e.current for e in old), now.record()])
        _raise(risk_rules.tiers_refusal(grades["current"], row.responsible, row.code))
        entry = store.add_entry(s, {
            "risk_point_id": point_id, "step": step, "standard": standard.strip(),
            "source_class": source_class, "hazard": hazard,
            "accident_types": list(accident_types), "consequence": consequence.strip(),
            "measures": {k: v for k, v in kept.items() if v}, "inherent": before.record(),
            "current": now.record(), "suggestions": suggestions.strip()})
        was = _grade_record(row)
        store.update_point(s, row, {**grades, "assessed_on": ctx.today,
                                    "assessed_by": ctx.actor})
        q.append_audit(s, ctx.actor, "risk.entry.add", "risk_entry", entry.id,
                       after=_entry_record(entry))
        if was != _grade_record(row):
            q.append_audit(s, ctx.actor, "risk.point.grade", "risk_point", point_id,
                           before=was, after=_grade_record(row))
        return _view(ctx, s, row, entries=[*old, entry])


def set_responsible(ctx: Context, point_id: int,
                    responsible: Mapping[str, str]) -> RiskPointView:
    """Name the responsible person at each tier given (an empty name clears the tier).
    Refused, nothing stored: an unknown tier; a tier the point's grade requires left
    without a person."""
    given = {str(k).strip(): str(v).strip() for k, v in responsible.items()}
    _raise(risk_rules.responsible_refusal(given))
    check(record_of("risk_point", point_id), responsible=list(given.values()))
    with ctx.store.session() as s:
        row = store.get_point(s, point_id)
        authorize(ctx, s, Action.edit_risk, Scope(enterprise=row.enterprise_uscc))
        row = store.get_point(s, point_id, lock=True)
        people = {k: v for k, v in {**row.responsible, **given}.items() if v}
        _raise(risk_rules.tiers_refusal(row.current, people, row.code))
        before = dict(row.responsible)
        store.update_point(s, row, {"responsible": people})
        q.append_audit(s, ctx.actor, "risk.point.responsible", "risk_point", point_id,
                       before=before, after=people)
        return _view(ctx, s, row)


def link_hazard(ctx: Context, hazard_id: int, point_id: int) -> RiskPointView:
    """Tie a hazard to the risk point it belongs to (in place of any point it was tied to).
    Refused, nothing stored: an unknown hazard or point, a hazard of another enterprise."""
    with ctx.store.session() as s:
        row = store.get_point(s, point_id)
        authorize(ctx, s, Action.edit_risk, Scope(enterprise=row.enterprise_uscc))
        h = store.hazard(s, hazard_id)
        if h.enterprise_uscc != row.enterprise_uscc:
            raise AnjianError("risk.register.other_enterprise", hazard=hazard_id,
                              hazard_uscc=h.enterprise_uscc, point=row.code, id=point_id,
                              uscc=row.enterprise_uscc)
        was = store.link_of(s, hazard_id)
        before = {"risk_point": was.risk_point_id} if was is not None else None
        store.link(s, hazard_id, point_id, ctx.actor)
        q.append_audit(s, ctx.actor, "risk.link", "hazard", hazard_id, before=before,
                       after={"risk_point": point_id, "code": row.code})
        return _view(ctx, s, row)


def unlink_hazard(ctx: Context, hazard_id: int) -> None:
    """Untie a hazard from its risk point; refused for a hazard tied to none."""
    with ctx.store.session() as s:
        link = store.link_of(s, hazard_id)
        if link is None:
            store.hazard(s, hazard_id)  # an unknown hazard is named as such
            raise AnjianError("risk.register.not_linked", hazard=hazard_id)
        row = store.get_point(s, link.risk_point_id)
        authorize(ctx, s, Action.edit_risk, Scope(enterprise=row.enterprise_uscc))
        store.unlink(s, link)
        q.append_audit(s, ctx.actor, "risk.unlink", "hazard", hazard_id,
                       before={"risk_point": row.id, "code": row.code})


# --- reads ------------------------------------------------------------------------------------


def points(ctx: Context, enterprise: str, *, grade: str | None = None, flagged: bool = False,
           offset: int = 0, limit: int = 100) -> tuple[list[RiskPointView], int]:
    """A page of the enterprise's risk points by code (their entries left out), of one
    current grade, only those flagged for re-assessment; and how many there are."""
    uscc = credit.validate(enterprise)
    if grade is not None:
        _raise(risk_rules.choice_refusal("grade", grade, "risk.grade",
                                    ("major", "significant", "general", "low")))
    if offset < 0 or not 0 < limit <= PAGE_LIMIT:
        raise AnjianError("risk.register.bad_page", offset=offset, limit=limit,
                          most=PAGE_LIMIT)
    with ctx.store.reading() as s:
        reader(ctx, s, uscc)
        q.get(s, Enterprise, uscc, "enterprise")
        rows = store.points(s, uscc, grade=grade, flagged=flagged, offset=offset, limit=limit)
        total = store.count(s, uscc, grade=grade, flagged=flagged)
        return _views(ctx, s, rows, with_entries=False), total


def point(ctx: Context, point_id: int) -> RiskPointView:
    """A risk point with its entries and the ids of the hazards tied to it."""
    with ctx.store.reading() as s:
        row = store.get_point(s, point_id)
        reader(ctx, s, row.enterprise_uscc)
        return _view(ctx, s, row)


def register(ctx: Context, enterprise: str) -> RegisterView:
    """The enterprise's whole register (every point with its entries), its site plan and the
    audit chain's head it was read under: what a document is made from."""
    uscc = credit.validate(enterprise)
    with ctx.store.reading() as s:
        reader(ctx, s, uscc)
        return register_in(ctx, s, uscc)


def register_in(ctx: Context, s: Session, uscc: str) -> RegisterView:
    """:func:`register` read in the caller's transaction ``s`` (a report filed under the audit
    chain's lock reads the register it freezes there); the caller has checked the reader."""
    ent = q.get(s, Enterprise, uscc, "enterprise")
    rows = store.points(s, uscc, limit=None)
    plan = store.site_plan(s, uscc)
    seq, digest = audit_reads.head(s)
    return RegisterView(
        enterprise_uscc=uscc, enterprise_name=ent.name, address=ent.address or "",
        district=ent.district or "", sector=ent.sector or "",
        points=tuple(_views(ctx, s, rows, with_entries=True)),
        plan=SitePlanView(enterprise_uscc=uscc, image_name=plan.image_name,
                          image_sha256=plan.image_sha256, width=plan.width,
                          height=plan.height, cols=plan.cols, rows=plan.rows)
        if plan is not None else None,
        head_seq=seq, head_hash=digest)


def points_for_inspection(ctx: Context, inspection_id: int) -> list[RiskPointView]:
    """The risk points of the enterprise an inspection is of (what the runner shows), with
    their entries."""
    with ctx.store.reading() as s:
        uscc = store.inspection_enterprise(s, inspection_id)
        reader(ctx, s, uscc)
        return _views(ctx, s, store.points(s, uscc, limit=None), with_entries=True)


# --- records and views ------------------------------------------------------------------------


def _grades(inherent: Sequence[Mapping[str, Any]],
            current: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    top_i, top_c = risk_rules.gravest(inherent), risk_rules.gravest(current)
    return {"inherent": dict(top_i) if top_i else None,
            "current": dict(top_c) if top_c else None,
            "grade": top_c["grade"] if top_c else None}


def _grade_record(row: RiskPoint) -> dict[str, Any]:
    return {"grade": row.grade,
            "inherent": (row.inherent or {}).get("grade"),
            "current": (row.current or {}).get("grade")}


def _point_record(row: RiskPoint) -> dict[str, Any]:
    """A risk point as the audit log keeps it."""
    return {"enterprise": row.enterprise_uscc, "code": row.code, "name": row.name,
            "kind": row.kind, "place": row.place, "detail": row.detail,
            "responsible": row.responsible}


def _entry_record(row: RiskEntry) -> dict[str, Any]:
    return {"risk_point": row.risk_point_id, "seq": row.seq, "step": row.step,
            "standard": row.standard, "source_class": row.source_class,
            "hazard": row.hazard, "accident_types": row.accident_types,
            "consequence": row.consequence, "measures": row.measures,
            "inherent": row.inherent, "current": row.current,
            "suggestions": row.suggestions}


def _view(ctx: Context, s: Session, row: RiskPoint,
          entries: Sequence[RiskEntry] | None = None) -> RiskPointView:
    assert row.id is not None
    found = list(entries) if entries is not None else list(store.entries(s, row.id))
    return _views(ctx, s, [row], with_entries=True, entries={row.id: found})[0]


def _views(ctx: Context, s: Session, rows: Sequence[RiskPoint], *, with_entries: bool,
           entries: Mapping[int, Sequence[RiskEntry]] | None = None) -> list[RiskPointView]:
    """Views of ``rows``: their hazards, flags (and entries) read for the whole list at once."""
    ids = [r.id for r in rows if r.id is not None]
    flags = store.flag_reasons(s, ids)
    hazards = store.hazards_of(s, ids)
    if with_entries and entries is None:
        entries = store.entries_of(s, ids)
    out = []
    for r in rows:
        assert r.id is not None
        majors, recurring = flags.get(r.id, ([], []))
        out.append(RiskPointView(
            id=r.id, enterprise_uscc=r.enterprise_uscc, code=r.code, name=r.name,
            kind=r.kind, place=r.place, detail=dict(r.detail),
            responsible={str(k): str(v) for k, v in r.responsible.items()},
            zone=Zone(**r.zone) if r.zone else None, inherent=GradeView.of(r.inherent),
            current=GradeView.of(r.current), assessed_on=r.assessed_on,
            assessed_by=r.assessed_by,
            reassess=risk_rules.reassess_reason(majors, recurring, ctx.lang),
            entries=tuple(_entry_view(e) for e in (entries or {}).get(r.id, ())),
            hazards=tuple(hazards.get(r.id, ()))))
    return out


def _entry_view(e: RiskEntry) -> RiskEntryView:
    assert e.id is not None
    inherent, current = GradeView.of(e.inherent), GradeView.of(e.current)
    assert inherent is not None and current is not None
    return RiskEntryView(
        id=e.id, seq=e.seq, step=e.step, standard=e.standard, source_class=e.source_class,
        hazard=e.hazard, accident_types=tuple(e.accident_types), consequence=e.consequence,
        measures={str(k): str(v) for k, v in e.measures.items()}, inherent=inherent,
        current=current, suggestions=e.suggestions)
