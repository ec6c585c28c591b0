# mypy: ignore-errors
"""STANDIN (dropped at merge; the register helper writes the real module): the few risk
register services the TUI calls, with the signatures of the shared brief, so the screen's
tests run before the merge."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from core.engine.grading import Graded, grade, gravest, not_above
from core.i18n import AnjianError
from core.pack.risk_method import COLOURS, RiskGrade
from core.process.permissions import Action, Scope
from core.services.context import Context
from core.services.users import authorize, reader
from core.store import queries as q
from core.store.tables import Enterprise, Inspection, RiskEntry, RiskLink, RiskPoint
from core.views.risk import GradeView, RegisterView, RiskEntryView, RiskPointView

__all__ = ["COLOURS", "add_entry", "add_point", "calculate", "link_hazard", "point",
           "points", "points_for_inspection", "register"]


def calculate(ctx: Context, *, preset: str, inputs: Mapping[str, float],
              rules: Sequence[str] = ()) -> Graded:
    """Grade without storing anything."""
    return grade(ctx.catalogue.risk_method(preset), inputs, rules=rules,
                 direct=ctx.catalogue.direct_rules)


def _graded(ctx: Context, a: Mapping[str, Any], prefix: str) -> Graded:
    return grade(ctx.catalogue.risk_method(a["preset"]), a.get("inputs", {}),
                 rules=a.get("rules", ()), direct=ctx.catalogue.direct_rules,
                 field_prefix=prefix)


def _view(s: Any, p: RiskPoint, *, entries: bool) -> RiskPointView:
    rows = (s.query(RiskEntry).filter(RiskEntry.risk_point_id == p.id)
            .order_by(RiskEntry.seq).all()) if entries else []
    links = ([link.hazard_id for link in s.query(RiskLink)
              .filter(RiskLink.risk_point_id == p.id).all()] if entries else [])
    return RiskPointView(
        id=p.id, enterprise_uscc=p.enterprise_uscc, code=p.code, name=p.name, kind=p.kind,
        place=p.place, detail=dict(p.detail), responsible=dict(p.responsible),
        inherent=GradeView.of(p.inherent), current=GradeView.of(p.current),
        assessed_on=p.assessed_on, assessed_by=p.assessed_by, reassess=p.reassess,
        entries=tuple(RiskEntryView(
            id=e.id, seq=e.seq, step=e.step, standard=e.standard, source_class=e.source_class,
            hazard=e.hazard, accident_types=tuple(e.accident_types), consequence=e.consequence,
            measures=dict(e.measures), inherent=GradeView.of(e.inherent),
            current=GradeView.of(e.current), suggestions=e.suggestions) for e in rows),
        hazards=tuple(links))


def add_point(ctx: Context, enterprise: str, *, code: str, name: str, kind: str,
              place: str = "", detail: Mapping[str, str] | None = None,
              responsible: Mapping[str, str] | None = None) -> RiskPointView:
    with ctx.store.session() as s:
        q.get(s, Enterprise, enterprise, "enterprise")
        authorize(ctx, s, Action.edit_risk, Scope(enterprise=enterprise))
        p = RiskPoint(enterprise_uscc=enterprise, code=code, name=name, kind=kind, place=place,
                      detail=dict(detail or {}),
                      responsible={k: v for k, v in (responsible or {}).items() if v},
                      created_by=ctx.actor)
        s.add(p)
        s.flush()
        q.append_audit(s, ctx.actor, "risk.add_point", "risk_point", p.id, after=code)
        return _view(s, p, entries=False)


def add_entry(ctx: Context, point_id: int, *, step: str, hazard: str, source_class: str,
              inherent: Mapping[str, Any], current: Mapping[str, Any],
              accident_types: Sequence[str] = (), consequence: str = "",
              measures: Mapping[str, str] | None = None, standard: str = "",
              suggestions: str = "") -> RiskPointView:
    with ctx.store.session() as s:
        p = q.get(s, RiskPoint, point_id, "risk_point")
        authorize(ctx, s, Action.edit_risk, Scope(enterprise=p.enterprise_uscc))
        gi, gc = _graded(ctx, inherent, "inherent."), _graded(ctx, current, "current.")
        if not not_above(gc, gi):
            raise AnjianError("ui.risk.current_graver", inherent=gi.value, current=gc.value)
        missing = [t.value for t in gc.tiers if not p.responsible.get(t.value)]
        if missing:
            raise AnjianError("ui.risk.tier_missing", tiers=", ".join(missing))
        seq = s.query(RiskEntry).filter(RiskEntry.risk_point_id == point_id).count() + 1
        s.add(RiskEntry(risk_point_id=point_id, seq=seq, step=step, standard=standard,
                        source_class=source_class, hazard=hazard,
                        accident_types=list(accident_types), consequence=consequence,
                        measures=dict(measures or {}), inherent=gi.record(),
                        current=gc.record(), suggestions=suggestions))
        s.flush()
        rows = s.query(RiskEntry).filter(RiskEntry.risk_point_id == point_id).all()
        worst_i = gravest([RiskGrade(r.inherent["grade"]) for r in rows])
        worst_c = gravest([RiskGrade(r.current["grade"]) for r in rows])
        p.inherent = next(r.inherent for r in rows if r.inherent["grade"] == worst_i)
        p.current = next(r.current for r in rows if r.current["grade"] == worst_c)
        p.grade = worst_c.value if worst_c else None
        p.assessed_on, p.assessed_by = ctx.today, ctx.actor
        s.add(p)
        q.append_audit(s, ctx.actor, "risk.add_entry", "risk_point", point_id, after=step)
        s.flush()
        return _view(s, p, entries=True)


def points(ctx: Context, enterprise: str, *, grade: str | None = None, flagged: bool = False,
           offset: int = 0, limit: int = 100) -> tuple[list[RiskPointView], int]:
    with ctx.store.reading() as s:
        reader(ctx, s, enterprise)
        query = s.query(RiskPoint).filter(RiskPoint.enterprise_uscc == enterprise)
        if grade is not None:
            query = query.filter(RiskPoint.grade == grade)
        if flagged:
            query = query.filter(RiskPoint.reassess != "")
        total = query.count()
        rows = query.order_by(RiskPoint.code).offset(offset).limit(limit).all()
        return [_view(s, p, entries=False) for p in rows], total


def point(ctx: Context, point_id: int) -> RiskPointView:
    with ctx.store.reading() as s:
        p = q.get(s, RiskPoint, point_id, "risk_point")
        reader(ctx, s, p.enterprise_uscc)
        return _view(s, p, entries=True)


def register(ctx: Context, enterprise: str) -> RegisterView:
    with ctx.store.reading() as s:
        e = q.get(s, Enterprise, enterprise, "enterprise")
        reader(ctx, s, enterprise)
        rows = (s.query(RiskPoint).filter(RiskPoint.enterprise_uscc == enterprise)
                .order_by(RiskPoint.code).all())
        return RegisterView(enterprise_uscc=enterprise, enterprise_name=e.name,
                            points=tuple(_view(s, p, entries=True) for p in rows))


def link_hazard(ctx: Context, hazard_id: int, point_id: int) -> RiskPointView:
    with ctx.store.session() as s:
        p = q.get(s, RiskPoint, point_id, "risk_point")
        authorize(ctx, s, Action.edit_risk, Scope(enterprise=p.enterprise_uscc))
        s.add(RiskLink(hazard_id=hazard_id, risk_point_id=point_id, linked_by=ctx.actor))
        q.append_audit(s, ctx.actor, "risk.link", "risk_link", hazard_id, after=point_id)
        s.flush()
        return _view(s, p, entries=True)


def points_for_inspection(ctx: Context, inspection_id: int) -> list[RiskPointView]:
    with ctx.store.reading() as s:
        i = q.get(s, Inspection, inspection_id, "inspection")
        reader(ctx, s, i.enterprise_uscc)
        rows = (s.query(RiskPoint).filter(RiskPoint.enterprise_uscc == i.enterprise_uscc)
                .order_by(RiskPoint.code).all())
        return [_view(s, p, entries=False) for p in rows]
