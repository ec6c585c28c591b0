"""Audit anchors: the audit chain's head written to a small file the bureau keeps away from the
database (``anjian audit anchor``), and the chain checked against such files
(``anjian audit verify --anchors``).

Whoever controls the database can rewrite the whole chain so that it is consistent in itself;
they cannot change a copy of its head kept elsewhere. An anchor records the database's own id
(``anjian_meta.database_id``), the head's sequence number and hash, and when it was taken. The
current chain extends an anchor when it still has the entry at the anchor's sequence number
with the anchored hash: each hash covers everything before it, so with the chain intact (the
chain check) nothing up to that entry has changed since the anchor was taken."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from core.excel.saving import check_target, replace
from core.i18n import AnjianError, Msg, os_reason
from core.process.permissions import Action
from core.services.context import Context
from core.services.exports import kept_out
from core.services.users import authorize
from core.store import audit_reads

#: The format tag every anchor file carries: what it is, and which layout.
FORMAT = "anjian-audit-anchor/1"
#: An anchor is a few hundred bytes; anything far larger is not one (and is not read whole).
MAX_BYTES = 64 * 1024
_HASH = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class Anchor:
    """The chain's head as an anchor file records it: the database's id, the head's sequence
    number and hash (``""`` at 0, a chain with no entry yet), and when it was taken (UTC)."""

    database_id: str
    seq: int
    hash: str
    at: dt.datetime

    def as_json(self) -> dict[str, Any]:
        return {"format": FORMAT, "database_id": self.database_id, "seq": self.seq,
                "hash": self.hash, "at": self.at.isoformat()}

    def text(self) -> str:
        """The anchor file's content."""
        return json.dumps(self.as_json(), ensure_ascii=False, indent=2) + "\n"


def current(ctx: Context) -> Anchor:
    """The chain's head now, with the database's id (one reading); anyone who may read every
    enterprise's records may take it."""
    with ctx.store.snapshot() as s:
        authorize(ctx, s, Action.read_all)
        seq, digest = audit_reads.head(s)
        database = audit_reads.database_id(s)
    if database is None:
        raise AnjianError("anchor.no_database_id")
    return Anchor(database, seq, digest, dt.datetime.now(dt.UTC))


def write_anchor(ctx: Context, out: str | Path | None) -> tuple[Anchor, Path | None]:
    """The chain's head now, written whole to ``out`` (None: only returned). The target is
    checked first as an export's is (never the database, its journals or the evidence store;
    an existing folder) and written through a temporary file renamed over it."""
    path = check_target(out, kept_out(ctx.store.url), suffix=None) if out is not None else None
    anchor = current(ctx)
    if path is not None:
        content = anchor.text().encode("utf-8")

        def write(fh: IO[bytes]) -> None:
            fh.write(content)

        replace(path, write)
    return anchor, path


# --- reading anchor files ------------------------------------------------------------------


def anchor_files(paths: Sequence[str | Path]) -> list[Path]:
    """The anchor files named: each file as given, each folder's ``*.json`` files in name
    order (a folder without one is refused: an anchor check that checks nothing is no check)."""
    files: list[Path] = []
    for given in paths:
        path = Path(given).expanduser()
        if path.is_dir():
            found = sorted(p for p in path.glob("*.json") if p.is_file())
            if not found:
                raise AnjianError("anchor.empty_folder", folder=path)
            files += found
        else:
            files.append(path)
    return files


def read_anchor(path: Path) -> Anchor:
    """The anchor in ``path``, or a refusal naming the file and what is wrong with it."""
    try:
        with path.open("rb") as fh:
            raw = fh.read(MAX_BYTES + 1)
    except OSError as exc:
        raise _malformed(path, "anchor.problem.unreadable", reason=os_reason(exc)) from None
    if len(raw) > MAX_BYTES:
        raise _malformed(path, "anchor.problem.too_large", limit=MAX_BYTES)
    try:
        data = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise _malformed(path, "anchor.problem.not_utf8") from None
    except json.JSONDecodeError as exc:
        raise _malformed(path, "anchor.problem.not_json", line=exc.lineno,
                         column=exc.colno) from None
    if not isinstance(data, dict):
        raise _malformed(path, "anchor.problem.not_object")
    if "format" not in data:
        raise _malformed(path, "anchor.problem.missing", field="format")
    if data["format"] != FORMAT:
        raise _malformed(path, "anchor.problem.format", found=_shown(data["format"]),
                         expected=FORMAT)
    for name in ("database_id", "seq", "hash", "at"):
        if name not in data:
            raise _malformed(path, "anchor.problem.missing", field=name)
    seq, digest, database, at = data["seq"], data["hash"], data["database_id"], data["at"]
    if not isinstance(seq, int) or isinstance(seq, bool) or seq < 0:
        raise _wrong(path, "seq", seq)
    if not isinstance(digest, str) or not (_HASH.fullmatch(digest) or (seq == 0 and not digest)):
        raise _wrong(path, "hash", digest)
    if not isinstance(database, str) or not database.strip():
        raise _wrong(path, "database_id", database)
    when = _time(at)
    if when is None:
        raise _wrong(path, "at", at)
    return Anchor(database, seq, digest, when)


def _time(value: Any) -> dt.datetime | None:
    if not isinstance(value, str):
        return None
    try:
        when = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=dt.UTC)


def _shown(value: Any) -> str:
    """A value found in a file, short enough for a message."""
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 80 else text[:77] + "..."


def _malformed(path: Path, key: str, **params: Any) -> AnjianError:
    return AnjianError("anchor.malformed", file=path, problem=Msg(key, **params))


def _wrong(path: Path, field: str, value: Any) -> AnjianError:
    return _malformed(path, "anchor.problem.type", field=field,
                      expected=Msg(f"anchor.expected.{field}"), found=_shown(value))


# --- checking the chain against anchors ----------------------------------------------------

#: What the check found for an anchor. ``extended``: the chain still has the anchored entry;
#: ``rewritten``: the entry at the anchored sequence number has another hash; ``missing``: no
#: entry has that number though the head is past it; ``removed``: the head is before it;
#: ``other_database``: the anchor names another database (or this one was replaced).
OUTCOMES = ("extended", "rewritten", "missing", "removed", "other_database")


@dataclass(frozen=True)
class AnchorCheck:
    """One anchor file against the chain as it is: ``current`` is the hash the entry at the
    anchor's sequence number has now (None: no such entry); ``head`` the chain's head now;
    ``database_id`` this database's id."""

    file: Path
    anchor: Anchor
    outcome: str
    current: str | None
    head: int
    database_id: str | None

    @property
    def extended(self) -> bool:
        return self.outcome == "extended"

    def as_json(self) -> dict[str, Any]:
        return {"file": str(self.file), **self.anchor.as_json(), "outcome": self.outcome,
                "extended": self.extended, "current_hash": self.current,
                "current_head": self.head, "current_database_id": self.database_id}


def check_anchors(ctx: Context, anchors: Sequence[tuple[Path, Anchor]]) -> tuple[AnchorCheck, ...]:
    """Each anchor against the chain as it is now, all in one reading. This says only whether
    the anchored entries are still there unchanged; that the entries after them still chain up
    to the head is the chain check's part (:func:`core.services.audit_check.chain_check`)."""
    out: list[AnchorCheck] = []
    with ctx.store.snapshot() as s:
        authorize(ctx, s, Action.read_all)
        head, _ = audit_reads.head(s)
        database = audit_reads.database_id(s)
        for path, a in anchors:
            now = audit_reads.hash_at(s, a.seq) if a.seq else ""
            if a.database_id != database:
                outcome = "other_database"
            elif head < a.seq:
                outcome = "removed"
            elif now is None:
                outcome = "missing"
            elif now != a.hash:
                outcome = "rewritten"
            else:
                outcome = "extended"
            out.append(AnchorCheck(path, a, outcome, now, head, database))
    return tuple(out)
