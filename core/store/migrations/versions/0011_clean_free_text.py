"""Control characters are cleaned out of the text already stored; each change is in the audit log

Before this revision free text was stored as typed: a bell in a hazard's responsible person
stopped the city's ledger export, an escape sequence in a note rewrote what a terminal showed.
From this revision on nothing holding a control character is stored; this one cleans what
was. Every text column, and every text in a JSON column, of every table but the audit log
is read (the columns are found in the database itself, so whatever tables exist when this
revision runs are cleaned): a line break written CR LF or CR becomes LF, an escape sequence
(CSI, OSC and the two-character ones) goes whole, and any other control character, DEL, C1
or bidirectional override or isolate goes alone. A versioned row's version goes up.

Each changed row gets one audit entry, ``text.cleaned`` by ``anjian``, appended to the hash
chain exactly as the store appends (so ``anjian audit verify`` still finds it intact): the
table and key, and per column the old value written out (``\\x1b``, so the log holds no
control character either) and the new one. The audit log itself is not cleaned: its entries
are what the hash chain covers, and what front ends show of it is written out as they show
everything.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-20
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

# the chain's own hash: every entry ever appended verifies with it, so it cannot change
from core.store.audit_chain import canonical, entry_hash

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: The rule as this revision applied it, frozen here: a later change to what free text may
#: hold must not change what this migration did.
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
LINE_BREAK = re.compile("\r\n?")
SEQUENCE = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]"              # CSI: colours, cursor moves, erasing
    r"|(?:\x1b\]|\x9d)[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"  # OSC: titles, links
    r"|\x1b[ -/]*[0-~]")                             # the two-character escapes
#: Tables never cleaned: the audit chain (its hashes cover its text) and Alembic's own.
UNTOUCHED = frozenset({"audit_log", "audit_head", "alembic_version"})
ACTOR, ACTION = "anjian", "text.cleaned"
BATCH = 2000


def clean(text: str) -> str:
    """``text`` without control characters, its line breaks as LF."""
    if not CONTROL.search(text):
        return text
    return CONTROL.sub("", SEQUENCE.sub("", LINE_BREAK.sub("\n", text)))


def clean_json(value: Any) -> Any:
    """A JSON value with every text in it (keys too) cleaned."""
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, dict):
        return {clean(k) if isinstance(k, str) else k: clean_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [clean_json(v) for v in value]
    return value


def written_out(value: Any) -> Any:
    """A value as the audit entry records it: each control character as its escape."""
    if isinstance(value, str):
        return CONTROL.sub(lambda m: (f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100
                                      else f"\\u{ord(m.group()):04x}"), value)
    if isinstance(value, dict):
        return {written_out(k): written_out(v) for k, v in value.items()}
    if isinstance(value, list):
        return [written_out(v) for v in value]
    return value


def _texts(table: sa.Table) -> tuple[list[str], list[str]]:
    """The table's text columns and its JSON columns; not its keys, nor references to other
    tables' keys (ids and credit codes, checked when they were given, and changing one would
    part it from the rows that refer to it)."""
    ids = {c.name for c in table.primary_key.columns} | {
        e.parent.name for e in table.foreign_keys}
    text = [c.name for c in table.columns
            if isinstance(c.type, sa.String) and c.name not in ids]
    json = [c.name for c in table.columns if isinstance(c.type, sa.JSON)]
    return text, json


def _dirty_rows(conn: sa.Connection, table: sa.Table, text: list[str], json: list[str]
                ) -> list[tuple[tuple[Any, ...], dict[str, Any], dict[str, Any]]]:
    """(key, old values, new values) of every row with a column to clean, read in batches
    by key: only those rows are kept."""
    key = list(table.primary_key.columns)
    columns = [table.c[n] for n in (*text, *json)]
    out = []
    stmt = sa.select(*key, *columns).order_by(*key).execution_options(
        stream_results=True, yield_per=BATCH)
    for row in conn.execute(stmt):
        values = row._mapping
        old: dict[str, Any] = {}
        new: dict[str, Any] = {}
        for name in text:
            value = values[name]
            if isinstance(value, str) and CONTROL.search(value):
                old[name], new[name] = value, clean(value)
        for name in json:
            value = values[name]
            cleaned = clean_json(value)
            if cleaned != value:
                old[name], new[name] = value, cleaned
        if new:
            out.append((tuple(values[c.name] for c in key), old, new))
    return out


def upgrade() -> None:
    conn = op.get_bind()
    inspector = sa.inspect(conn)
    audit = sa.table(
        "audit_log", sa.column("seq", sa.Integer),
        sa.column("at", sqlmodel.sql.sqltypes.UTCDateTime()), sa.column("actor", sa.String),
        sa.column("action", sa.String),
        sa.column("object_type", sa.String), sa.column("object_id", sa.String),
        sa.column("before", sa.JSON), sa.column("after", sa.JSON),
        sa.column("prev_hash", sa.String), sa.column("hash", sa.String))
    head_table = sa.table("audit_head", sa.column("id", sa.Integer),
                          sa.column("seq", sa.Integer), sa.column("hash", sa.String))
    head: tuple[int, str] | None = None
    for name in sorted(set(inspector.get_table_names()) - UNTOUCHED):
        table = sa.Table(name, sa.MetaData(), autoload_with=conn)
        text, json = _texts(table)
        if not (text or json) or not table.primary_key.columns:
            continue
        for key, old, new in _dirty_rows(conn, table, text, json):
            where = sa.and_(*(c == k for c, k in zip(table.primary_key.columns, key,
                                                    strict=True)))
            values = dict(new)
            if "version" in table.c:
                values["version"] = table.c.version + 1
            conn.execute(table.update().where(where).values(**values))
            if head is None:  # the chain's end, locked until the upgrade commits
                seq, digest = conn.execute(
                    sa.select(head_table.c.seq, head_table.c.hash)
                    .where(head_table.c.id == 1).with_for_update()).one()
                head = (int(seq), str(digest))
            head = _append(conn, audit, head, name, "/".join(map(str, key)),
                           before=written_out(old), after=new)
    if head is not None:
        conn.execute(head_table.update().where(head_table.c.id == 1)
                     .values(seq=head[0], hash=head[1]))


def _append(conn: sa.Connection, audit: Any, head: tuple[int, str], object_type: str,
            object_id: str, *, before: Any, after: Any) -> tuple[int, str]:
    """One audit entry after ``head`` (seq, hash), as the store appends one; the new head."""
    seq, prev = head[0] + 1, head[1]
    at = dt.datetime.now(dt.UTC)
    before_c, after_c = canonical(before), canonical(after)
    digest = entry_hash(prev, seq, at, ACTOR, ACTION, object_type, object_id, before_c, after_c)
    conn.execute(audit.insert().values(
        seq=seq, at=at, actor=ACTOR, action=ACTION, object_type=object_type,
        object_id=object_id, before=before_c, after=after_c, prev_hash=prev, hash=digest))
    return seq, digest


def downgrade() -> None:
    """Nothing to undo: the text removed is kept, written out, in the audit entries."""
