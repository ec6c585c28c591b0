"""The city's risk figures, counted in the database (SQL aggregates only: the city has more
than a hundred thousand enterprises, and no query here brings their rows to Python; the
longest answer is a row per district × sector × grade, and the first enterprises of a list).

A retired risk point (``retired_at`` set) is counted nowhere."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import and_, case, exists, func, or_
from sqlalchemy import select as sa_select
from sqlalchemy.orm import aliased
from sqlmodel import Session

from core.store.tables import Enterprise, Hazard, RiskLink, RiskPoint, RiskReport

_E = Enterprise.__table__  # type: ignore[attr-defined]
_P = RiskPoint.__table__  # type: ignore[attr-defined]
_H = Hazard.__table__  # type: ignore[attr-defined]
_L = RiskLink.__table__  # type: ignore[attr-defined]
_R = RiskReport.__table__  # type: ignore[attr-defined]

_LIVE = _P.c.retired_at.is_(None)
#: A point with no grade yet (未评价) is counted under this key.
UNASSESSED = "unassessed"


def points_by_group(session: Session) -> Sequence[Any]:
    """(district, sector, grade or :data:`UNASSESSED`, points) for every combination that
    has a live risk point: the city's, the districts' and the sectors' counts are sums of
    these few rows."""
    grade = func.coalesce(_P.c.grade, UNASSESSED).label("grade")
    return session.connection().execute(
        sa_select(_E.c.district, _E.c.sector, grade, func.count())
        .select_from(_P).join(_E, _E.c.uscc == _P.c.enterprise_uscc).where(_LIVE)
        .group_by(_E.c.district, _E.c.sector, grade)
        .order_by(_E.c.district, _E.c.sector, grade)).all()


def enterprises_graded(session: Session) -> tuple[int, int, int]:
    """(enterprises with a live 重大 point, with a live 较大 point, with either), read from
    ``ix_risk_point_grade`` (grade, enterprise)."""
    has = func.max(case((_P.c.grade == "major", 1), else_=0)).label("major")
    has_s = func.max(case((_P.c.grade == "significant", 1), else_=0)).label("significant")
    per = (sa_select(has, has_s).where(_LIVE, _P.c.grade.in_(("major", "significant")))
           .group_by(_P.c.enterprise_uscc).subquery())
    major, significant, either = session.connection().execute(
        sa_select(func.coalesce(func.sum(per.c.major), 0),
                  func.coalesce(func.sum(per.c.significant), 0), func.count())).one()
    return int(major), int(significant), int(either)


def _filed() -> Any:
    return exists().where(_P.c.enterprise_uscc == _E.c.uscc, _LIVE)


def unfiled(session: Session, first: int = 20) -> tuple[int, Sequence[Any]]:
    """(how many enterprises have no live risk point, the first ``first`` of them by name and
    credit code as (uscc, name, district, sector))."""
    conn = session.connection()
    total = conn.execute(sa_select(func.count()).select_from(_E)
                         .where(~_filed())).scalar_one()
    rows = conn.execute(sa_select(_E.c.uscc, _E.c.name, _E.c.district, _E.c.sector)
                        .where(~_filed()).order_by(_E.c.name, _E.c.uscc).limit(first)).all()
    return int(total), rows


def reassess_counts(session: Session, before: dt.date) -> tuple[int, int]:
    """(live points due for re-assessment, the enterprises they belong to): a point flagged
    (a stored reason; an open major hazard tied to it; a hazard tied to it that recurs after
    the closing of another hazard tied to it) or last assessed before ``before``. A point
    never assessed is 未评价, not counted here."""
    original = aliased(_H)
    first_link = aliased(_L)
    open_major = (exists().select_from(_L.join(_H, _H.c.id == _L.c.hazard_id))
                  .where(_L.c.risk_point_id == _P.c.id, _H.c.level == "major",
                         _H.c.status != "closed"))
    recurring = (exists().select_from(
        _L.join(_H, _H.c.id == _L.c.hazard_id)
        .join(original, original.c.id == _H.c.recurrence_of)
        .join(first_link, and_(first_link.c.hazard_id == original.c.id,
                               first_link.c.risk_point_id == _L.c.risk_point_id)))
        .where(_L.c.risk_point_id == _P.c.id))
    due = or_(_P.c.reassess != "", _P.c.assessed_on < before, open_major, recurring)
    points, enterprises = session.connection().execute(
        sa_select(func.count(), func.count(func.distinct(_P.c.enterprise_uscc)))
        .where(_LIVE, due)).one()
    return int(points), int(enterprises)


def reports_filed(session: Session, since: dt.date, until: dt.date) -> dict[str, int]:
    """Risk reports filed from ``since`` to ``until`` (both included), by kind."""
    rows = session.connection().execute(
        sa_select(_R.c.kind, func.count())
        .where(_R.c.filed_on >= since, _R.c.filed_on <= until).group_by(_R.c.kind))
    return {str(kind): int(n) for kind, n in rows}
