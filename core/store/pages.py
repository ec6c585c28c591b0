"""Pages of the roster and of the hazard ledger, read from the database a screenful at a time:
a city's 120,000 enterprises and 1,000,000 hazards are never all in memory.

A page is found by its neighbour's key (keyset paging), not by an offset: the roster's key is
(district, name, credit code), its order; the ledger's is the hazard's id. ``after`` reads the
rows following a key, ``before`` those preceding one, ``last`` the final rows; each answer says
whether more rows lie beyond it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, and_, exists, false, func, not_, select, true, tuple_
from sqlmodel import Session

from core.store import search
from core.store.tables import Enterprise, EnterpriseSearch, Hazard

_S = EnterpriseSearch.__table__  # type: ignore[attr-defined]
_E = Enterprise.__table__  # type: ignore[attr-defined]
_H = Hazard.__table__  # type: ignore[attr-defined]

#: The roster's key of a row: (district, name, credit code).
RosterKey = tuple[str, str, str]


@dataclass(frozen=True)
class Page:
    """Rows in their order, and whether more lie before and after them."""

    rows: tuple[Any, ...]
    more_before: bool
    more_after: bool


def _open(*conditions: ColumnElement[bool]) -> ColumnElement[bool]:
    """An open (not closed) hazard of the search row's enterprise, meeting ``conditions``."""
    return exists().where(_H.c.enterprise_uscc == _S.c.uscc, _H.c.status != "closed",
                          *conditions)


def default_colour(colour: str, today: dt.date) -> ColumnElement[bool]:
    """The enterprises of a colour under the default policy
    (:func:`core.process.colour.default_policy`), as SQL: red while a major hazard is open,
    yellow while a general one is past its deadline, blue while any is open, else green."""
    red = _open(_H.c.level == "major")
    yellow = _open(_H.c.deadline.is_not(None), _H.c.deadline < today)
    any_open = _open()
    if colour == "red":
        return red
    if colour == "yellow":
        return and_(not_(red), yellow)
    if colour == "blue":
        return and_(not_(red), not_(yellow), any_open)
    if colour == "green":
        return not_(any_open)
    return false()


def roster_where(*, query: str = "", district: str | None = None, sector: str | None = None,
                 codes: Sequence[str] | None = None,
                 colour: ColumnElement[bool] | None = None) -> list[ColumnElement[bool]]:
    """The conditions of a roster page on ``enterprise_search``: a search (normalised), a
    district, a sector, a set of credit codes, a colour condition (:func:`default_colour`)."""
    where: list[ColumnElement[bool]] = []
    if query:
        where.append(search.matches(query))
    if district is not None:
        where.append(_S.c.district == district)
    if sector is not None:
        where.append(_S.c.sector == sector)
    if codes is not None:
        where.append(_S.c.uscc.in_(list(codes)))
    if colour is not None:
        where.append(colour)
    return where


def roster_page(session: Session, where: Sequence[ColumnElement[bool]], *,
                after: RosterKey | None = None, before: RosterKey | None = None,
                at: RosterKey | None = None, last: bool = False, limit: int = 100) -> Page:
    """A page of enterprises (their rows as stored) in the roster's order; ``at`` starts it
    at a key (that row included, when it still meets the conditions)."""
    key = tuple_(*search.key_columns())
    conditions = list(where)
    backwards = last or before is not None
    if after is not None:
        conditions.append(key > tuple_(*after))
    if at is not None:
        conditions.append(key >= tuple_(*at))
    if before is not None:
        conditions.append(key < tuple_(*before))
    order = [c.desc() for c in search.key_columns()] if backwards else search.key_columns()
    codes = select(_S.c.uscc).where(*conditions).order_by(*order).limit(limit + 1)
    found = list(session.connection().execute(codes).scalars())
    more = len(found) > limit
    found = found[:limit]
    if backwards:
        found.reverse()
    stored = {r.uscc: r for r in session.connection().execute(
        select(_E).where(_E.c.uscc.in_(found)))} if found else {}
    rows = tuple(stored[c] for c in found)
    if backwards:
        return Page(rows, more_before=more, more_after=before is not None)
    return Page(rows, more_before=after is not None or at is not None, more_after=more)


def roster_count(session: Session, where: Sequence[ColumnElement[bool]],
                 cap: int | None = None) -> int:
    """How many enterprises meet ``where``; with ``cap``, counted no further than ``cap + 1``
    (a search found by many rows stops early)."""
    if cap is None:
        return int(session.connection().execute(
            select(func.count()).select_from(_S).where(*where)).scalar_one())
    found = select(_S.c.uscc).where(*where).limit(cap + 1).subquery()
    return int(session.connection().execute(
        select(func.count()).select_from(found)).scalar_one())


def roster_codes(session: Session, where: Sequence[ColumnElement[bool]], *,
                 after: RosterKey | None = None, limit: int = 1000) -> list[Any]:
    """The keys (district, name, credit code) of the next ``limit`` enterprises after
    ``after`` meeting ``where``, in order: for a filter the database cannot express."""
    conditions = list(where)
    if after is not None:
        conditions.append(tuple_(*search.key_columns()) > tuple_(*after))
    return list(session.connection().execute(
        select(*search.key_columns()).where(*conditions).order_by(*search.key_columns())
        .limit(limit)).all())


def open_facts(session: Session, codes: Sequence[str]) -> list[Any]:
    """(enterprise, level, status, deadline) of the open hazards of the enterprises ``codes``
    (the colour code's facts)."""
    if not codes:
        return []
    return list(session.connection().execute(
        select(_H.c.enterprise_uscc, _H.c.level, _H.c.status, _H.c.deadline)
        .where(_H.c.status != "closed", _H.c.enterprise_uscc.in_(list(codes)))).all())


def names(session: Session, codes: Sequence[str]) -> dict[str, str]:
    """The names of the enterprises ``codes`` (those registered)."""
    if not codes:
        return {}
    return {c: n for c, n in session.connection().execute(
        select(_E.c.uscc, _E.c.name).where(_E.c.uscc.in_(list(codes))))}


def distinct(session: Session, column: str) -> list[str]:
    """The values of the roster's ``district`` or ``sector`` column, sorted."""
    c = _S.c[column]
    return list(session.connection().execute(select(c).distinct().order_by(c)).scalars())


def ledger_where(*, campaign_id: int | None = None, enterprise: str | None = None,
                 overdue_on: dt.date | None = None, level: str | None = None,
                 status: str | None = None) -> list[ColumnElement[bool]]:
    """The conditions of a ledger page (as :func:`core.store.queries.hazards` filters)."""
    where: list[ColumnElement[bool]] = [true()]
    if campaign_id is not None:
        where.append(_H.c.campaign_id == campaign_id)
    if enterprise is not None:
        where.append(_H.c.enterprise_uscc == enterprise)
    if level is not None:
        where.append(_H.c.level == level)
    if status is not None:
        where.append(_H.c.status == status)
    if overdue_on is not None:
        where += [_H.c.status != "closed", _H.c.deadline.is_not(None),
                  _H.c.deadline < overdue_on]
    return where


def ledger_page(session: Session, where: Sequence[ColumnElement[bool]], *,
                after: int | None = None, before: int | None = None, at: int | None = None,
                last: bool = False, limit: int = 100) -> Page:
    """A page of hazards in id order, each as (hazard, its enterprise's name); ``at`` starts
    it at an id (included)."""
    conditions = list(where)
    backwards = last or before is not None
    if after is not None:
        conditions.append(_H.c.id > after)
    if at is not None:
        conditions.append(_H.c.id >= at)
    if before is not None:
        conditions.append(_H.c.id < before)
    ids = (select(_H.c.id).where(*conditions)
           .order_by(_H.c.id.desc() if backwards else _H.c.id).limit(limit + 1))
    found = list(session.connection().execute(ids).scalars())
    more = len(found) > limit
    found = sorted(found[:limit])
    rows: tuple[Any, ...] = ()
    if found:
        read = session.exec(select(Hazard, _E.c.name).join(_E, _E.c.uscc == _H.c.enterprise_uscc)
                            .where(_H.c.id.in_(found)).order_by(_H.c.id))  # type: ignore[call-overload]
        rows = tuple((h, name) for h, name in read)
    if backwards:
        return Page(rows, more_before=more, more_after=before is not None)
    return Page(rows, more_before=after is not None or at is not None, more_after=more)


def ledger_count(session: Session, where: Sequence[ColumnElement[bool]]) -> int:
    return int(session.connection().execute(
        select(func.count()).select_from(_H).where(*where)).scalar_one())
