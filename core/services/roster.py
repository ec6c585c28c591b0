"""Enterprises (生产经营单位): the roster of regulated entities, registered one by one or
imported from the spreadsheet a bureau already keeps."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from core.excel.roster import RosterRows, RowProblem, read_roster
from core.i18n import AnjianError, Lines
from core.pack.free_text import check, record_of
from core.process import credit_code as credit
from core.process.colour import Colour, colour_of, default_policy
from core.process.permissions import Action, Scope
from core.services.context import Context
from core.services.users import authorize, reader
from core.store import bulk, pages, personal, search, writes
from core.store import queries as q
from core.store.db import Session
from core.store.tables import Enterprise, utcnow
from core.views.enterprises import (
    EnterpriseDetail,
    EnterpriseView,
    RosterFilters,
    RosterLine,
    RosterPage,
    RosterRow,
)
from core.views.hazards import HazardView
from core.views.inspections import InspectionSummary


def add_enterprise(ctx: Context, *, uscc: str, name: str, sector: str, district: str,
                   address: str = "", contact: str = "") -> EnterpriseView:
    """Register one enterprise (its credit code's check character is verified)."""
    code = credit.validate(uscc)
    check(record_of("enterprise", code), name=name, sector=sector, district=district,
          address=address, contact=contact)
    for label, value in (("name", name), ("sector", sector), ("district", district)):
        if not value.strip():
            raise AnjianError("field.required", field=label)
    with ctx.store.session() as s:
        authorize(ctx, s, Action.register_enterprise)
        if q.enterprise(s, code) is not None:
            raise AnjianError("enterprise.exists", uscc=code)
        # the salt first: whatever records the row as it is written finds it there
        salt = personal.add_salt(s, code) if contact.strip() else None
        row = writes.add_enterprise(s, {
            "uscc": code, "name": name.strip(), "sector": sector.strip(),
            "district": district.strip(), "address": address.strip(),
            "contact": contact.strip()})
        q.append_audit(s, ctx.actor, "enterprise.add", "enterprise", code,
                       after=personal.hashed(salt, row.model_dump(exclude={"created_at"})))
        return EnterpriseView.model_validate(row)


def enterprises(ctx: Context, *, sector: str | None = None, district: str | None = None,
                colour: str | None = None) -> list[RosterRow]:
    """Enterprises with their colour code and open hazards, filtered."""
    if colour is not None and colour not in Colour.__members__:
        raise AnjianError("colour.unknown", colour=colour)
    with ctx.store.reading() as s:
        authorize(ctx, s, Action.read_all)
        rows = q.enterprises(s, sector=sector, district=district)
        facts: dict[str, list[Any]] = {}
        for fact in q.hazard_facts(s):
            facts.setdefault(fact[0], []).append(fact)
    out = []
    policy = ctx.catalogue.colour_policy()
    for e in rows:
        mine = facts.get(e.uscc, [])
        c = colour_of(mine, ctx.today, policy)
        if colour is None or c.value == colour:
            out.append(RosterRow(enterprise=EnterpriseView.model_validate(e), colour=c,
                                 open_hazards=len(mine),
                                 open_major=sum(1 for f in mine if f[1] == "major")))
    return out


#: The roster's key of a row (district, name, credit code): :attr:`RosterRow.key`.
RosterKey = tuple[str, str, str]
#: How far a search's matches are counted (beyond: "at least this many").
SEARCH_COUNT = 1000


def roster_page(ctx: Context, *, query: str = "", district: str | None = None,
                sector: str | None = None, colour: str | None = None,
                after: RosterKey | None = None, before: RosterKey | None = None,
                at: RosterKey | None = None, last: bool = False, limit: int = 100,
                count: bool = True) -> RosterPage:
    """A page of the roster (what :func:`enterprises` lists, in its order), read from the
    database: the ``limit`` enterprises after the row keyed ``after``, before ``before``, from
    ``at`` on (that row included: a window read again), the last ones (``last``) or the
    first; filtered by a search (the name, its pinyin or initials,
    the credit code: :mod:`core.store.search`), a district, a sector and a colour; with the
    number the filters find unless ``count`` is false."""
    if colour is not None and colour not in Colour.__members__:
        raise AnjianError("colour.unknown", colour=colour)
    policy = ctx.catalogue.colour_policy()
    with ctx.store.reading() as s:
        authorize(ctx, s, Action.read_all)
        where = pages.roster_where(
            query=search.normalise(query), district=district, sector=sector,
            colour=(pages.default_colour(colour, ctx.today)
                    if colour is not None and policy is default_policy else None))
        if colour is not None and policy is not default_policy:
            # a plugin's policy: the colours are worked out here, a chunk at a time
            page, total = _policy_page(ctx, s, where, colour, after=after, before=before,
                                       at=at, last=last, limit=limit, count=count)
        else:
            page = pages.roster_page(s, where, after=after, before=before, at=at, last=last,
                                     limit=limit)
            total = None
            if not count:
                pass
            elif not page.more_before and not page.more_after:
                total = len(page.rows)  # the page is all there is: nothing to count again
            elif query.strip():
                # a search counts no further than SEARCH_COUNT: a keystroke reads the index
                # once at most (a page of a rare text has read it all already)
                total = pages.roster_count(s, where, cap=SEARCH_COUNT)
            else:
                total = pages.roster_count(s, where)
        facts: dict[str, list[Any]] = {}
        for fact in pages.open_facts(s, [e.uscc for e in page.rows]):
            facts.setdefault(fact[0], []).append(fact)
    at_least = total is not None and query.strip() != "" and total > SEARCH_COUNT
    return RosterPage(rows=tuple(_roster_row(ctx, e, facts.get(e.uscc, [])) for e in page.rows),
                      total=min(total, SEARCH_COUNT) if at_least and total is not None
                      else total, more_before=page.more_before, more_after=page.more_after,
                      total_at_least=at_least)


def _roster_row(ctx: Context, e: Any, mine: list[Any]) -> RosterRow:
    return RosterRow(enterprise=EnterpriseView.model_validate(e),
                     colour=colour_of(mine, ctx.today, ctx.catalogue.colour_policy()),
                     open_hazards=len(mine), open_major=sum(1 for f in mine if f[1] == "major"))


def _coloured(ctx: Context, s: Session, where: list[Any], colour: str,
              after: RosterKey | None = None) -> Iterator[RosterKey]:
    """The keys of the enterprises meeting ``where`` whose colour under the catalogue's policy
    is ``colour``, in the roster's order from after ``after``."""
    policy = ctx.catalogue.colour_policy()
    key = after
    while keys := pages.roster_codes(s, where, after=key, limit=1000):
        facts: dict[str, list[Any]] = {}
        for fact in pages.open_facts(s, [k[2] for k in keys]):
            facts.setdefault(fact[0], []).append(fact)
        for k in keys:
            if colour_of(facts.get(k[2], []), ctx.today, policy).value == colour:
                yield (k[0], k[1], k[2])
        key = (keys[-1][0], keys[-1][1], keys[-1][2])


def _policy_page(ctx: Context, s: Session, where: list[Any], colour: str, *,
                 after: RosterKey | None, before: RosterKey | None, at: RosterKey | None,
                 last: bool, limit: int, count: bool) -> tuple[pages.Page, int | None]:
    """:func:`roster_page` under a colour policy the database cannot express."""
    from collections import deque

    if last or before is not None:
        window: deque[RosterKey] = deque(maxlen=limit + 1)
        for k in _coloured(ctx, s, where, colour):
            if before is not None and k >= before:
                break
            window.append(k)
        chosen, more = list(window)[-limit:], len(window) > limit
        found = pages.roster_page(s, pages.roster_where(codes=[k[2] for k in chosen]),
                                  limit=limit)
        page = pages.Page(found.rows, more_before=more, more_after=before is not None)
    else:
        picked: list[RosterKey] = []
        for k in _coloured(ctx, s, where, colour, after=after):
            if at is not None and k < at:
                continue
            picked.append(k)
            if len(picked) > limit:
                break
        found = pages.roster_page(s, pages.roster_where(codes=[k[2] for k in picked[:limit]]),
                                  limit=limit)
        page = pages.Page(found.rows, more_before=after is not None or at is not None,
                          more_after=len(picked) > limit)
    return page, sum(1 for _ in _coloured(ctx, s, where, colour)) if count else None


def enterprise_names(ctx: Context, codes: list[str]) -> dict[str, str]:
    """The names of the enterprises ``codes`` the user may read (an enterprise user: only
    their own), for a list that shows names before codes."""
    with ctx.store.reading() as s:
        own = reader(ctx, s)
        return pages.names(s, [c for c in codes if own is None or c == own])


def roster_filters(ctx: Context) -> RosterFilters:
    """The districts and sectors of the roster, without reading its rows."""
    with ctx.store.reading() as s:
        authorize(ctx, s, Action.read_all)
        return RosterFilters(districts=tuple(pages.distinct(s, "district")),
                             sectors=tuple(pages.distinct(s, "sector")))


#: Rows read from the database at a time by the streaming reads.
BATCH = 5000


def roster_lines(ctx: Context, *, sector: str | None = None, district: str | None = None,
                 colour: str | None = None, batch: int = BATCH) -> Iterator[list[RosterLine]]:
    """What :func:`enterprises` lists, as light lines in batches of up to ``batch``, streamed
    from the database in one read session (flat memory at any size; writers go on meanwhile):
    for the command line's ``enterprises list``. Refused (on the first batch asked for) as
    :func:`enterprises` is."""
    for part, colours in _roster_parts(ctx, sector, district, colour, batch, full=False):
        yield [RosterLine(uscc, nm, d, sec, c, n, major)
               for (uscc, nm, d, sec, n, major, _), c in zip(part, colours, strict=True)]


def roster_rows(ctx: Context, *, sector: str | None = None, district: str | None = None,
                colour: str | None = None, batch: int = BATCH) -> Iterator[list[RosterRow]]:
    """The rows :func:`enterprises` returns, the same views in the same order, in batches of
    up to ``batch`` streamed from the database (flat memory): for ``enterprises list
    --json``."""
    for part, colours in _roster_parts(ctx, sector, district, colour, batch, full=True):
        yield [RosterRow(enterprise=EnterpriseView.model_validate(r._mapping), colour=c,
                         open_hazards=r.open, open_major=r.major)
               for r, c in zip(part, colours, strict=True)]


def _roster_parts(ctx: Context, sector: str | None, district: str | None, colour: str | None,
                  batch: int, *, full: bool) -> Iterator[tuple[list[Any], list[Colour]]]:
    """Batches of the roster's rows (:func:`core.store.queries.roster_stream`) with the colour
    of each, those of ``colour`` only when one is asked for."""
    if colour is not None and colour not in Colour.__members__:
        raise AnjianError("colour.unknown", colour=colour)
    policy = ctx.catalogue.colour_policy()
    today = ctx.today
    red, yellow, blue, green = Colour.red, Colour.yellow, Colour.blue, Colour.green
    with ctx.store.reading() as s:
        authorize(ctx, s, Action.read_all)
        facts: dict[str, list[Any]] | None = None
        if policy is not default_policy:  # a plugin's policy reads every open hazard's facts
            facts = {}
            for fact in q.hazard_facts(s):
                facts.setdefault(fact[0], []).append(fact)
        for part in q.roster_stream(s, today, full=full, sector=sector, district=district,
                                    batch=batch):
            rows = list(part)
            if facts is not None:
                colours = [colour_of(facts.get(r[0], []), today, policy) for r in rows]
            else:  # the default policy, from the counts the database made (the last three)
                colours = [red if r[-2] else yellow if r[-1] else blue if r[-3] else green
                           for r in rows]
            if colour is not None:
                kept = [n for n, c in enumerate(colours) if c.value == colour]
                rows, colours = [rows[n] for n in kept], [colours[n] for n in kept]
            if rows:
                yield rows, colours


def enterprise_detail(ctx: Context, code: str) -> EnterpriseDetail:
    """One enterprise with its colour code, inspections and hazards."""
    with ctx.store.reading() as s:
        return enterprise_detail_in(ctx, s, code)


def enterprise_detail_in(ctx: Context, s: Session, code: str) -> EnterpriseDetail:
    """:func:`enterprise_detail` read in the caller's transaction."""
    norm = credit.normalise(code)
    reader(ctx, s, norm)
    e = q.get(s, Enterprise, norm, "enterprise")
    insps = q.inspections(s, enterprise=norm)
    hazards = q.hazards(s, enterprise=norm)
    facts = [(h.enterprise_uscc, h.level, h.status, h.deadline) for h in hazards
             if h.status != "closed"]
    return EnterpriseDetail(
        enterprise=EnterpriseView.model_validate(e),
        colour=colour_of(facts, ctx.today, ctx.catalogue.colour_policy()),
        inspections=tuple(InspectionSummary.of(i) for i in insps),
        hazards=tuple(HazardView.model_validate(h) for h in hazards))


@dataclass(frozen=True)
class RosterImport:
    """What an import did: counts, and the problems of the rows it skipped. ``updated`` counts
    the registered enterprises the file changed, ``unchanged`` those it named as they were."""

    added: int
    updated: int
    problems: tuple[RowProblem, ...]
    skipped_rows: int
    unchanged: int = 0


def import_enterprises(ctx: Context, path: str | Path, *, skip_bad: bool = False,
                       update_existing: bool = False) -> RosterImport:
    """Import a roster workbook. Every row is checked first; nothing is stored while a row is
    bad unless ``skip_bad`` (then the good ones are); the import is one transaction.

    With ``update_existing``, a registered enterprise takes the values of the file's columns
    (a column the file lacks is left as stored) and each one that changed gets an audit entry
    naming every changed field, old and new (a personal field as its salted hashes)."""
    with ctx.store.session() as s:
        # early, before the file is read; checked again where the rows are written
        authorize(ctx, s, Action.register_enterprise, bootstrap=False)
        existing = q.enterprise_codes(s)
    rows: RosterRows = read_roster(path, registered=existing, update_existing=update_existing)
    if rows.problems and not skip_bad:
        raise AnjianError("excel.bad_rows", file=str(path), count=rows.bad_rows,
                          rows=Lines(rows.problems))
    new = [g for g in rows.good if g["uscc"] not in existing]
    named = [g for g in rows.good if g["uscc"] in existing]
    with ctx.store.session() as s:
        authorize(ctx, s, Action.register_enterprise)
        with_contact = [g["uscc"] for g in new if any(g[k] for k in personal.ENTERPRISE_FIELDS)]
        bulk.insert_salts(s, zip(with_contact, personal.new_salts(len(with_contact)),
                                 strict=True))
        bulk.insert_enterprises(s, new, utcnow())
        changes = _changes(s, named, rows.columns)
        bulk.update_enterprises(s, [c.row for c in changes])
        bulk.append_audit_entries(s, ctx.actor, [
            ("enterprise.update", "enterprise", c.row["uscc"], c.before, c.after)
            for c in changes])
        q.append_audit(s, ctx.actor, "enterprise.import", "roster", Path(path).name,
                       after={"added": len(new), "updated": len(changes),
                              "unchanged": len(named) - len(changes),
                              "skipped_rows": rows.bad_rows})
    return RosterImport(len(new), len(changes), tuple(rows.problems), rows.bad_rows,
                        len(named) - len(changes))


@dataclass(frozen=True)
class RosterPreview:
    """A roster workbook read and checked, nothing stored: how many of its good rows are new
    enterprises and how many name registered ones, and every problem of the bad rows."""

    new: int
    named: int
    problems: tuple[RowProblem, ...]
    bad_rows: int


def preview_roster(ctx: Context, path: str | Path, *,
                   update_existing: bool = False) -> RosterPreview:
    """What :func:`import_enterprises` would do with the workbook, read and checked as it
    would read it, storing nothing: a front end shows the problems before anything is
    imported."""
    with ctx.store.session() as s:
        authorize(ctx, s, Action.register_enterprise, bootstrap=False)
        existing = q.enterprise_codes(s)
    rows = read_roster(path, registered=existing, update_existing=update_existing)
    named = sum(1 for g in rows.good if g["uscc"] in existing)
    return RosterPreview(len(rows.good) - named, named, tuple(rows.problems), rows.bad_rows)


def find_enterprises(ctx: Context, text: str, *, limit: int = 20,
                     sector: str | None = None) -> list[EnterpriseView]:
    """At most ``limit`` enterprises that a search finds (the name, its pinyin or initials,
    the credit code: the roster's own search index), in the roster's order: a search for a
    pick list, read in the database at any size of roster."""
    with ctx.store.reading() as s:
        authorize(ctx, s, Action.read_all)
        where = pages.roster_where(query=search.normalise(text), sector=sector)
        page = pages.roster_page(s, where, limit=limit)
        return [EnterpriseView.model_validate(e) for e in page.rows]


@dataclass(frozen=True)
class _Change:
    """A registered enterprise a roster row changes: the row to write (the file's columns)
    and the changed fields' old and new values as the audit log records them."""

    row: dict[str, str]
    before: dict[str, str]
    after: dict[str, str]


def _changes(s: Session, named: list[dict[str, str]], columns: tuple[str, ...]) -> list[_Change]:
    """What the rows of registered enterprises change, compared with what is stored (read and
    locked in the writing transaction); a personal field gets a salt if it needs one now."""
    if not named:
        return []
    stored = bulk.stored_enterprises(s, [g["uscc"] for g in named])
    fields = [k for k in columns if k != "uscc"]
    out, salts = [], []
    for g in named:
        code = g["uscc"]
        old, salt = stored[code]
        changed = [k for k in fields if g[k] != old[k]]
        if not changed:
            continue
        if salt is None and any(g[k] or old[k] for k in changed
                                if k in personal.ENTERPRISE_FIELDS):
            salt = personal.new_salt()  # a contact given again after an erasure: a new salt
            salts.append((code, salt))
        out.append(_Change(
            row={"uscc": code, **{k: g[k] for k in fields}},
            before=personal.hashed(salt, {k: old[k] for k in changed}),
            after=personal.hashed(salt, {k: g[k] for k in changed})))
    personal.add_salts(s, salts)
    return out


@dataclass(frozen=True)
class ContactErased:
    """An enterprise's personal data erased: which fields held a value, and whether the salt
    their hashes in the audit log were made with was deleted."""

    uscc: str
    name: str
    fields: tuple[str, ...]
    salt_deleted: bool

    @property
    def changed(self) -> bool:
        return bool(self.fields) or self.salt_deleted

    def as_json(self) -> dict[str, Any]:
        return {"uscc": self.uscc, "erased": list(self.fields), "salt_deleted": self.salt_deleted}


def erase_contact(ctx: Context, code: str, *, reason: str) -> ContactErased:
    """Erase an enterprise's personal data (个人信息): its contact is cleared and its salt
    deleted, so the salted hashes of it already in the audit log can no longer be tested
    against a guessed value; one audit entry records the erasure and its reason (no personal
    value). The chain itself is untouched. A contact given later gets a new salt."""
    norm = credit.normalise(code)
    if not reason.strip():
        raise AnjianError("contact.erase_reason", uscc=norm)
    check(record_of("enterprise", norm), reason=reason)
    with ctx.store.session() as s:
        authorize(ctx, s, Action.erase_contact, Scope(enterprise=norm))
        e = q.get_locked(s, Enterprise, norm, "enterprise")
        salt = personal.salt_of(s, norm)
        held = {k: getattr(e, k) for k in personal.ENTERPRISE_FIELDS if getattr(e, k)}
        result = ContactErased(norm, e.name, tuple(held), salt is not None)
        if not result.changed:
            return result
        # hashed before the salt goes: unlinkable after (a value that somehow has no salt is
        # hashed with one that is never kept)
        before = personal.hashed(salt or personal.new_salt(), held)
        if held:
            writes.update_enterprise(s, e, {k: "" for k in held})
        personal.erase_salt(s, norm)
        q.append_audit(s, ctx.actor, "enterprise.erase_contact", "enterprise", norm,
                       before=before, after={**{k: "" for k in held}, "reason": reason.strip(),
                                             "salt_deleted": result.salt_deleted})
    return result
