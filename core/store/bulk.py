"""Bulk loading (the import paths): many findings, or a roster's enterprises, in one transaction,
at close to the speed of the bare database driver.

Values are converted once per column with the same type processors SQLAlchemy would use, so
rows read back exactly as if inserted one by one; the rows then go to the driver's
``executemany`` in chunks, inside one transaction: an interrupted load leaves nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from itertools import islice
from typing import Any

from sqlalchemy import Connection, Table, bindparam, insert, select, update
from sqlmodel import Session

from core.i18n import AnjianError, Listed, Msg
from core.pack.free_text import check, record_of
from core.store import search, text_guard
from core.store.audit_chain import canonical, entry_hash
from core.store.db import Store
from core.store.tables import AuditEntry, AuditHead, Enterprise, FindingRow, PersonalSalt, utcnow

COLUMNS = ("inspection_id", "pack_id", "item_id", "status", "skip_reason", "note", "location",
           "evidence", "corrected_on_site", "detail", "answered_by", "answered_at", "version")
_REQUIRED = ("inspection_id", "pack_id", "item_id")
_STATUSES = {"compliant", "noncompliant", "not_applicable", None}
CHUNK = 50_000


def load_findings(store: Store, rows: Iterable[Mapping[str, Any]], *,
                  answered_by: str = "", answered_at: dt.datetime | None = None) -> int:
    """Insert ``rows`` (dicts with at least inspection_id, pack_id, item_id) as findings in one
    transaction; returns how many. A bad row refuses the whole load, naming the row."""
    check(record_of("finding"), answered_by=answered_by)
    table = FindingRow.__table__  # type: ignore[attr-defined]
    dialect = store.engine.dialect
    proc = {c: table.c[c].type.dialect_impl(dialect).bind_processor(dialect) for c in COLUMNS}

    def convert(column: str, value: Any) -> Any:
        p = proc[column]
        return p(value) if p is not None else value

    empty_list, empty_dict = convert("evidence", []), convert("detail", {})
    stamp = convert("answered_at", answered_at or utcnow())
    false, true = convert("corrected_on_site", False), convert("corrected_on_site", True)

    # An import stamps its rows with a few times at most: each is converted once.
    stamps: dict[Any, Any] = {}

    def stamped(at: Any) -> Any:
        found = stamps.get(at)
        if found is None:
            if len(stamps) > 64:
                stamps.clear()
            found = stamps[at] = convert("answered_at", at)
        return found

    def tuples() -> Iterable[tuple[Any, ...]]:
        for n, r in enumerate(rows, start=1):
            missing = [k for k in _REQUIRED if r.get(k) in (None, "")]
            status = r.get("status")
            if missing or status not in _STATUSES:
                problem = (Msg("bulk.missing", fields=Listed(missing)) if missing
                           else Msg("bulk.bad_status", status=status))
                raise AnjianError("bulk.bad_row", row=n, problem=problem)
            refused = text_guard.refusal_in_row(
                r, partial(_finding_of, r))
            if refused is not None:  # the driver's executemany passes no guard: checked here
                raise AnjianError("bulk.bad_row", row=n, problem=refused.as_msg())
            evidence, detail = r.get("evidence"), r.get("detail")
            yield (r["inspection_id"], r["pack_id"], r["item_id"], status,
                   r.get("skip_reason", ""), r.get("note", ""), r.get("location", ""),
                   convert("evidence", evidence) if evidence else empty_list,
                   true if r.get("corrected_on_site") else false,
                   convert("detail", detail) if detail else empty_dict,
                   r.get("answered_by", answered_by),
                   stamped(r["answered_at"]) if r.get("answered_at") else stamp,
                   1)

    with store.engine.begin() as conn:
        return _executemany(conn, table, COLUMNS, tuples())


def _finding_of(row: Mapping[str, Any]) -> Msg:
    """A finding of a bulk load, as a refusal names it."""
    return record_of("finding", f"{row['inspection_id']}/{row['item_id']}")


ENTERPRISE_COLUMNS = ("uscc", "name", "district", "sector", "address", "contact")


def insert_enterprises(session: Session, rows: Sequence[Mapping[str, str]],
                       created_at: dt.datetime) -> int:
    """Insert ``rows`` (every one of :data:`ENTERPRISE_COLUMNS`, already checked: the roster
    import) as new enterprises in the session's transaction, in chunks with the driver's
    ``executemany``; returns how many."""
    for r in rows:  # checked by the roster reader already; the driver's executemany is not
        problem = text_guard.refusal_in_row(r, partial(record_of, "enterprise", r["uscc"]))
        if problem is not None:
            raise problem
    table = Enterprise.__table__  # type: ignore[attr-defined]
    conn = session.connection()
    dialect = conn.dialect
    proc = table.c.created_at.type.dialect_impl(dialect).bind_processor(dialect)
    stamp = proc(created_at) if proc is not None else created_at
    added = _executemany(conn, table, (*ENTERPRISE_COLUMNS, "created_at", "version"),
                         ((r["uscc"], r["name"], r["district"], r["sector"], r["address"],
                           r["contact"], stamp, 1) for r in rows))
    search.index_enterprises(conn, rows, new=True)  # what each is found by, in the same load
    return added


def insert_salts(session: Session, salts: Iterable[tuple[str, str]]) -> int:
    """Record (credit code, salt) pairs (:mod:`core.store.personal`) in the session's
    transaction with the driver's ``executemany``; the enterprises may follow them in the
    same transaction (the key is checked at commit). Returns how many."""
    return _executemany(session.connection(), _PS, ("enterprise_uscc", "salt"), salts)



@dataclass(frozen=True)
class _Unindexed:
    """A table given to :func:`insert_rows` whose rows it inserts and nothing more."""

    __table__: Any


def insert_rows(session: Session, model: Any, columns: Sequence[str],
                rows: Iterable[Sequence[Any]], *, kind: str | None = None) -> int:
    """Insert ``rows`` (Python values in ``columns`` order: dates, JSON lists and dicts as
    they are) into ``model``'s table in the session's transaction, each value converted with
    the type processor SQLAlchemy would use and the rows sent with the driver's
    ``executemany`` in chunks; returns how many. Free text is checked as every write's is
    (the driver's executemany passes no guard). For loads of records the services would
    write one by one: a city's campaigns, inspections and hazards. ``kind`` names the record
    in a refusal (a ``kind.<kind>`` of the catalogue; the table's name by default)."""
    table = model.__table__
    conn = session.connection()
    dialect = conn.dialect
    procs = [table.c[c].type.dialect_impl(dialect).bind_processor(dialect) for c in columns]
    named: str = kind or table.name
    if table.name == "enterprise" and not isinstance(model, _Unindexed):
        # what each is found by, in the same load
        rows = list(rows)
        added = insert_rows(session, _Unindexed(table), columns, rows, kind=named)
        search.index_enterprises(conn, (dict(zip(columns, r, strict=True)) for r in rows),
                                 new=True)
        return added

    def converted() -> Iterable[tuple[Any, ...]]:
        for n, row in enumerate(rows, start=1):
            refused = text_guard.refusal_in_row(dict(zip(columns, row, strict=True)),
                                                partial(record_of, named, n))
            if refused is not None:
                raise AnjianError("bulk.bad_row", row=n, problem=refused.as_msg())
            yield tuple(p(v) if p is not None and v is not None else v
                        for p, v in zip(procs, row, strict=True))

    return _executemany(conn, table, columns, converted())


#: Credit codes one read of stored enterprises names at once (under every database's limit of
#: bound values).
CODES_AT_ONCE = 500
_E = Enterprise.__table__  # type: ignore[attr-defined]
_PS = PersonalSalt.__table__  # type: ignore[attr-defined]
_STORED = (select(*(_E.c[k] for k in ENTERPRISE_COLUMNS), _PS.c.salt)
           .select_from(_E.outerjoin(_PS, _PS.c.enterprise_uscc == _E.c.uscc))
           .where(_E.c.uscc.in_(bindparam("codes", expanding=True))))


_NAMED = (select(_E.c.uscc, _E.c.name, _E.c.district, _E.c.sector)
          .where(_E.c.uscc.in_(bindparam("codes", expanding=True))))


def stored_enterprises(session: Session, codes: Sequence[str]) -> dict[
        str, tuple[dict[str, str], str | None]]:
    """The stored values (:data:`ENTERPRISE_COLUMNS`) and personal salt of the enterprises
    ``codes``, their rows locked (PostgreSQL) until the transaction ends: what a roster update
    compares its rows with and writes over."""
    conn = session.connection()
    locking = _STORED.with_for_update(of=_E) if conn.dialect.name == "postgresql" else _STORED
    out: dict[str, tuple[dict[str, str], str | None]] = {}
    for i in range(0, len(codes), CODES_AT_ONCE):
        for *values, salt in conn.execute(locking, {"codes": codes[i:i + CODES_AT_ONCE]}):
            out[values[0]] = (dict(zip(ENTERPRISE_COLUMNS, values, strict=True)), salt)
    return out


def update_enterprises(session: Session, rows: Sequence[Mapping[str, str]]) -> int:
    """Update the enterprises named by ``rows``' ``uscc`` with the other values given (every
    row giving the same columns), in one statement for every row (each row's version goes up
    by one); returns how many."""
    if not rows:
        return 0
    table = Enterprise.__table__  # type: ignore[attr-defined]
    conn = session.connection()
    conn.execute(
        update(table).where(table.c.uscc == bindparam("key"))
        .values(version=table.c.version + 1),
        [{"key": r["uscc"], **{k: v for k, v in r.items() if k != "uscc"}} for r in rows])
    if {"name", "district", "sector"} & rows[0].keys():
        # what the changed enterprises are found by, from their rows as now stored
        codes = [r["uscc"] for r in rows]
        search.index_enterprises(conn, (
            dict(values) for i in range(0, len(codes), CODES_AT_ONCE)
            for values in conn.execute(_NAMED, {"codes": codes[i:i + CODES_AT_ONCE]})
            .mappings().all()))
    return len(rows)


#: One audit entry of a batch: (action, object type, object id, before, after).
AuditItem = tuple[str, str, str, Any, Any]
_AL = AuditEntry.__table__  # type: ignore[attr-defined]
_AH = AuditHead.__table__  # type: ignore[attr-defined]
_HEAD_LOCKED = select(_AH.c.seq, _AH.c.hash).where(_AH.c.id == 1).with_for_update()


def append_audit_entries(session: Session, actor: str, items: Sequence[AuditItem]) -> int:
    """Append ``items`` to the hash-chained audit log in the caller's transaction, chained in
    order: each entry exactly as :func:`core.store.queries.append_audit` would append it (the
    same hash over the same fields), with the head locked once for all of them and the rows
    inserted with ``executemany``; returns how many."""
    if not items:
        return 0
    conn = session.connection()
    if session.info.get("team"):
        # the database's trigger numbers, stamps and hashes each entry (team mode)
        team_rows = [{"actor": actor, "action": action, "object_type": obj,
                      "object_id": str(obj_id), "before": canonical(before),
                      "after": canonical(after), "prev_hash": "", "hash": "", "at": utcnow()}
                     for action, obj, obj_id, before, after in items]
        for i in range(0, len(team_rows), CHUNK):
            conn.execute(insert(_AL), team_rows[i:i + CHUNK])
        return len(team_rows)
    head = conn.execute(_HEAD_LOCKED).one()
    at = utcnow()
    seq, prev = head.seq, head.hash
    rows = []
    for action, obj, obj_id, before, after in items:
        seq += 1
        before_c, after_c = canonical(before), canonical(after)
        digest = entry_hash(prev, seq, at, actor, action, obj, str(obj_id), before_c, after_c)
        rows.append({"seq": seq, "at": at, "actor": actor, "action": action,
                     "object_type": obj, "object_id": str(obj_id), "before": before_c,
                     "after": after_c, "prev_hash": prev, "hash": digest})
        prev = digest
    for i in range(0, len(rows), CHUNK):
        conn.execute(insert(_AL), rows[i:i + CHUNK])
    conn.execute(update(_AH).where(_AH.c.id == 1).values(seq=seq, hash=prev))
    return len(rows)


def _executemany(conn: Connection, table: Table, columns: Sequence[str],
                 rows: Iterable[tuple[Any, ...]]) -> int:
    """Insert ``rows`` (values in ``columns`` order, already converted for the database) with
    the driver's ``executemany`` in chunks, inside ``conn``'s transaction; returns how many."""
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    sql = (f"INSERT INTO {table.name} ({', '.join(columns)}) "
           f"VALUES ({', '.join([mark] * len(columns))})")
    total = 0
    source = iter(rows)
    cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        while chunk := list(islice(source, CHUNK)):
            cursor.executemany(sql, chunk)
            total += len(chunk)
    finally:
        cursor.close()
    return total
