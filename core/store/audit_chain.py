"""The audit log's hash chain: each entry's hash covers its content and the previous hash, so
altering or removing any row breaks every hash after it."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from core.i18n import Lang, t

#: What the database hashes of an entry of form 2 (team mode: the chain is computed by a
#: trigger in PostgreSQL): the entry's fields as the server writes a JSON array of them, the
#: time in UTC to the microsecond. ``{row}`` is the prefix of the columns (``NEW.`` in the
#: trigger, ``""`` or a table alias when the check reads it back). The hash is
#: ``sha256(prev_hash || payload)`` in hex, as for form 1.
FORM2_PAYLOAD_SQL = (
    "jsonb_build_array({row}seq, to_char({row}at AT TIME ZONE 'UTC', "
    "'YYYY-MM-DD\"T\"HH24:MI:SS.US'), {row}actor, {row}action, {row}object_type, "
    "{row}object_id, {row}before::jsonb, {row}after::jsonb)::text")


def canonical(value: Any) -> Any:
    """``value`` as the JSON it is stored as (dates as ISO strings), so hashes survive a
    round trip through any database."""
    return json.loads(json.dumps(value, default=_default, ensure_ascii=False))


def _default(obj: Any) -> Any:
    if isinstance(obj, dt.datetime | dt.date):
        return obj.isoformat()
    raise TypeError(f"cannot record {type(obj).__name__} in the audit log")


def entry_hash(prev_hash: str, seq: int, at: dt.datetime, actor: str, action: str,
               object_type: str, object_id: str, before: Any, after: Any) -> str:
    stamp = at.astimezone(dt.UTC).isoformat() if at.tzinfo else at.isoformat()
    payload = json.dumps([seq, stamp, actor, action, object_type, object_id, before, after],
                         sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256((prev_hash + payload).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class ChainBreak:
    """Where the chain first fails: the entry's sequence number and why (``why`` is one of
    ``missing``, ``out_of_order``, ``unlinked``, ``altered``, ``truncated``)."""

    seq: int
    why: str

    @property
    def reason(self) -> str:
        """Why, in English (what ``--json`` reports)."""
        return self.render("en")

    def render(self, lang: Lang = "zh") -> str:
        return t(f"audit.chain.{self.why}", lang)


def verify(entries: Iterable[Any], head_seq: int, head_hash: str) -> ChainBreak | None:
    """Recompute the chain over ``entries`` (in sequence order) against the recorded head."""
    prev, expected_seq = "", 1
    for e in entries:
        if e.seq != expected_seq:
            return ChainBreak(expected_seq, "missing" if e.seq > expected_seq else "out_of_order")
        if e.prev_hash != prev:
            return ChainBreak(e.seq, "unlinked")
        if entry_hash(prev, e.seq, e.at, e.actor, e.action, e.object_type, e.object_id,
                      e.before, e.after) != e.hash:
            return ChainBreak(e.seq, "altered")
        prev, expected_seq = e.hash, e.seq + 1
    if expected_seq - 1 != head_seq or prev != head_hash:
        return ChainBreak(expected_seq if expected_seq <= head_seq else head_seq,
                          "truncated")
    return None
