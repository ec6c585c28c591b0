"""The audit log's hash chain: each entry's hash covers its content and the previous hash, so
altering or removing any row breaks every hash after it.

An entry's ``form`` says who computed its hash. Form 1: anjian, over the JSON it writes
(:func:`entry_hash`). Form 2: the database's own trigger (team mode on PostgreSQL), over the
JSON the server writes of the row, :data:`FORM2_PAYLOAD_SQL`; the check asks the server for
that payload and hashes it here (:func:`form2_hash`), so both sides use one definition."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from core.i18n import Lang, t


def canonical(value: Any) -> Any:
    """``value`` as the JSON it is stored as (dates as ISO strings), so hashes survive a
    round trip through any database."""
    return json.loads(json.dumps(value, default=_default, ensure_ascii=False))


def _default(obj: Any) -> Any:
    if isinstance(obj, dt.datetime | dt.date):
        return obj.isoformat()
    raise TypeError(f"cannot record {type(obj).__name__} in the audit log")


#: The text a form-2 entry's hash covers after its previous hash, as PostgreSQL computes it:
#: a JSON array of the entry's fields, ``before`` and ``after`` as ``jsonb`` (keys in the
#: server's own order, whatever the text stored), the time in UTC to the microsecond (so the
#: session's time zone never changes it). ``{row}`` is what prefixes each column: empty over
#: ``audit_log`` itself (what the check selects), ``NEW.`` in the trigger that fills in the hash.
FORM2_PAYLOAD_SQL = (
    "jsonb_build_array({row}seq, "
    "to_char({row}at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US'), "
    "{row}actor, {row}action, {row}object_type, {row}object_id, "
    "{row}before::jsonb, {row}after::jsonb)::text")
#: A form-2 entry's hash, as the trigger computes it (``{row}`` as in the payload).
FORM2_HASH_SQL = ("encode(sha256(convert_to({row}prev_hash || " + FORM2_PAYLOAD_SQL
                  + ", 'UTF8')), 'hex')")
#: The hash forms: by anjian (1), by the database's trigger (2).
FORMS = (1, 2)


def form2_hash(prev_hash: str, payload: str) -> str:
    """A form-2 entry's hash from the payload the server computed (:data:`FORM2_PAYLOAD_SQL`)."""
    return hashlib.sha256((prev_hash + payload).encode("utf-8")).hexdigest()


def entry_hash(prev_hash: str, seq: int, at: dt.datetime, actor: str, action: str,
               object_type: str, object_id: str, before: Any, after: Any) -> str:
    stamp = at.astimezone(dt.UTC).isoformat() if at.tzinfo else at.isoformat()
    payload = json.dumps([seq, stamp, actor, action, object_type, object_id, before, after],
                         sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256((prev_hash + payload).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ChainBreak:
    """Where the chain first fails: the entry's sequence number and why (``why`` is one of
    ``missing``, ``out_of_order``, ``unlinked``, ``altered``, ``form`` (a hash form that cannot
    be checked here), ``truncated``, ``beyond_head`` (entries after the recorded head))."""

    seq: int
    why: str

    @property
    def reason(self) -> str:
        """Why, in English (what ``--json`` reports)."""
        return self.render("en")

    def render(self, lang: Lang = "zh") -> str:
        return t(f"audit.chain.{self.why}", lang)


def verify(entries: Iterable[Any], head_seq: int, head_hash: str) -> ChainBreak | None:
    """Recompute the chain over ``entries`` (in sequence order, read one at a time: any
    iterable, never held whole) against the recorded head.

    Each entry has the audit log's columns; ``form`` (1 when absent) says how its hash was
    computed, and a form-2 entry carries ``payload``, the text the server computed for it
    (None where it could not: a form-2 entry outside PostgreSQL cannot be checked)."""
    prev, expected_seq = "", 1
    for e in entries:
        if e.seq != expected_seq:
            return ChainBreak(expected_seq, "missing" if e.seq > expected_seq else "out_of_order")
        if e.prev_hash != prev:
            return ChainBreak(e.seq, "unlinked")
        form = getattr(e, "form", 1)
        if form == 1:
            digest = entry_hash(prev, e.seq, e.at, e.actor, e.action, e.object_type,
                                e.object_id, e.before, e.after)
        elif form == 2 and getattr(e, "payload", None) is not None:
            digest = form2_hash(prev, e.payload)
        else:
            return ChainBreak(e.seq, "form")
        if digest != e.hash:
            return ChainBreak(e.seq, "altered")
        prev, expected_seq = e.hash, e.seq + 1
    if expected_seq - 1 != head_seq or prev != head_hash:
        return ChainBreak(expected_seq if expected_seq <= head_seq else head_seq,
                          "truncated")
    return None
