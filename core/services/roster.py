"""Enterprises (生产经营单位): the roster of regulated entities."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from core.i18n import AnjianError
from core.process import credit_code as credit
from core.process.colour import Colour, colour_of
from core.process.permissions import Action
from core.services.context import Context
from core.services.users import authorize, reader
from core.store import queries as q
from core.store.tables import Enterprise


def add_enterprise(ctx: Context, *, uscc: str, name: str, sector: str, district: str,
                   address: str = "", contact: str = "") -> Enterprise:
    code = credit.validate(uscc)
    for label, value in (("name", name), ("sector", sector), ("district", district)):
        if not value.strip():
            raise AnjianError("field.required", field=label)

    with ctx.store.session() as s:
        authorize(ctx, s, Action.register_enterprise)
        if s.get(Enterprise, code) is not None:
            raise AnjianError("enterprise.exists", uscc=code)
        row = Enterprise(uscc=code, name=name.strip(), sector=sector.strip(),
                         district=district.strip(), address=address.strip(),
                         contact=contact.strip())
        s.add(row)
        s.flush()
        q.append_audit(s, ctx.actor, "enterprise.add", "enterprise", code,
                       after=row.model_dump(exclude={"created_at"}))
    return row


@dataclass(frozen=True)
class RosterRow:
    enterprise: Enterprise
    colour: Colour
    open_hazards: int
    open_major: int


def enterprises(ctx: Context, *, sector: str | None = None, district: str | None = None,
           colour: str | None = None) -> list[RosterRow]:
    """Enterprises with their colour code and open hazards, filtered."""
    if colour is not None and colour not in Colour.__members__:
        raise AnjianError("colour.unknown", colour=colour)

    with ctx.store.session() as s:
        authorize(ctx, s, Action.read_all)
        rows = q.enterprises(s, sector=sector, district=district)
        facts: dict[str, list[Any]] = {}
        for fact in q.hazard_facts(s):
            facts.setdefault(fact[0], []).append(fact)
    out = []
    for e in rows:
        mine = facts.get(e.uscc, [])
        c = colour_of(mine, ctx.today, ctx.catalogue.colour_policy())
        if colour is None or c.value == colour:
            out.append(RosterRow(e, c, len(mine), sum(1 for f in mine if f[1] == "major")))
    return out


def enterprise_detail(ctx: Context, code: str) -> dict[str, Any]:
    norm = credit.normalise(code)

    with ctx.store.session() as s:
        reader(ctx, s, norm)
        e = q.get(s, Enterprise, norm, "enterprise")
        insps = q.inspections(s, enterprise=norm)
        hazards = q.hazards(s, enterprise=norm)
    facts = [(h.enterprise_uscc, h.level, h.status, h.deadline) for h in hazards
             if h.status != "closed"]
    colour = colour_of(facts, ctx.today, ctx.catalogue.colour_policy())
    return {"enterprise": e, "colour": colour, "inspections": insps, "hazards": hazards}
