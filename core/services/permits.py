"""Work permits (作业票核查): a ticket file read and checked against GB 30871-2022
(:mod:`core.engine.permits`), and its findings recorded on an inspection.

A ticket file is one JSON object (its fields: README, work permits). Whatever is wrong with it
is refused naming the file and each field (the JSON path and the field's name in the reader's
language): malformed JSON with its line, an unknown operation type, a reading without a time,
a time that is not a time, a missing required field, a field the operation's ticket does not
have. Nothing is checked from a file with a problem.

Recording answers each breached item of the special-operations pack ``noncompliant`` through
the answer service (:func:`core.services.inspections.answer`: its role check, pinned packs,
frozen steps and audit entry), with a note citing the ticket number and each breach; an item
already noncompliant keeps its answer and gains the note. Everything the answers would refuse
for the ticket as a whole is checked first (the inspection runs the pack, its site names the
operation and every item's gate is open, no item was answered by someone else, the notes are
clean text), so a refusal stores nothing; each answer is then committed as every answer is.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from core.engine.findings import tag_names
from core.engine.permits import (
    PACK,
    STANDARD,
    Assessment,
    Breach,
    Ticket,
    assess,
    note_lines,
)
from core.i18n import CATALOGUE, AnjianError, Lines, Msg
from core.pack.errors import error_msgs
from core.pack.free_text import check as check_text
from core.pack.free_text import record_of
from core.services import inspections
from core.services.context import Context
from core.services.packs import get_pack, read_json


@dataclass(frozen=True)
class TicketCheck:
    """A ticket checked: the file it came from (None: given as data), each breach and each
    rule it gives too little to judge."""

    file: str | None
    assessment: Assessment

    @property
    def ticket(self) -> Ticket:
        return self.assessment.ticket

    def as_json(self) -> dict[str, Any]:
        tk = self.ticket
        return {"ticket": tk.number, "type": tk.type.value, "grade": tk.grade,
                "standard": STANDARD, "pack": PACK,
                "breaches": [b.as_json() for b in self.assessment.breaches],
                "items": list(self.assessment.items()),
                "not_checked": [u.as_json() for u in self.assessment.unchecked]}


@dataclass(frozen=True)
class RecordedItem:
    """One item a ticket's check recorded: what it was before (its status; None unanswered)
    and what was done: ``answered`` noncompliant, ``noted`` (already noncompliant: the note
    added), or ``unchanged`` (this ticket's breaches were noted on it already)."""

    item: str
    before: str | None
    action: str
    version: int


@dataclass(frozen=True)
class Recorded:
    """A ticket's findings recorded on an inspection."""

    inspection_id: int
    number: str
    items: tuple[RecordedItem, ...]
    verdict: str | None
    check: TicketCheck

    def as_json(self) -> dict[str, Any]:
        return {"inspection": self.inspection_id, "ticket": self.number,
                "recorded": [{"item": i.item, "before": i.before, "action": i.action,
                              "version": i.version} for i in self.items],
                "verdict": self.verdict, "check": self.check.as_json()}


# --- reading a ticket ----------------------------------------------------------------------


def read_ticket(path: str | Path) -> Ticket:
    """The ticket in the JSON file at ``path``, or a refusal naming the file and each field
    that is wrong."""
    return parse_ticket(read_json(path), str(path))


def parse_ticket(data: Any, file: str) -> Ticket:
    """``data`` (a ticket as JSON gives it) as a :class:`Ticket`; ``file`` names it in a
    refusal."""
    if not isinstance(data, dict):
        raise AnjianError("permits.not_object", file=file)
    try:
        return Ticket.model_validate(data)
    except ValidationError as exc:
        problems = [p for err in exc.errors() for p in _problems(err)]
        raise AnjianError("permits.invalid", file=file, count=len(problems),
                          problems=Lines(problems)) from None


def check_file(path: str | Path) -> TicketCheck:
    """Read the ticket at ``path`` and check it."""
    return TicketCheck(str(path), assess(read_ticket(path)))


def check(ticket: Ticket) -> TicketCheck:
    """Check a ticket given as data."""
    return TicketCheck(None, assess(ticket))


def _problems(err: ErrorDetails) -> list[Msg]:
    """One pydantic error as the lines of a refusal: the field, by name and path, and what is
    wrong with it."""
    loc = tuple(p for p in err["loc"] if p != "[key]")
    out = []
    for msg, ref in error_msgs(err):
        parts = _parts(ref.id) if ref is not None and ref.kind == "field" else loc
        if err["type"] == "missing" and len(parts) == 3 and parts[0] == "readings" \
                and parts[2] == "time":
            msg = Msg("permits.reading_no_time")
        out.append(Msg("permits.problem", field=field_name(parts), problem=msg))
    return out


_PART = re.compile(r"\[(\d+)\]|([^.\[\]]+)")


def _parts(path: str) -> tuple[str | int, ...]:
    """``readings[2].unit`` → ``("readings", 2, "unit")``."""
    return tuple(int(i) if i else name for i, name in _PART.findall(path))


def _path(parts: Sequence[str | int]) -> str:
    """The JSON path of a field: ``readings[1].unit``, ``signatures.监护人``,
    ``measures.3``."""
    out = ""
    for n, p in enumerate(parts):
        keyed = n == 1 and parts[0] in ("signatures", "measures")
        out += f"[{p}]" if isinstance(p, int) and not keyed else (f".{p}" if out else str(p))
    return out


def field_name(parts: Sequence[str | int]) -> Msg:
    """A field of a ticket as a person reads it: its name (and which reading, which
    signature), with its JSON path: 气体分析第 2 条的单位（`readings[1].unit`）."""
    if not parts:
        return Msg("permits.field.ticket")
    label: Msg | None = None
    group = ""
    for n, p in enumerate(parts):
        if n == 1 and group in ("signatures", "measures"):
            label = Msg("permits.field.key", what=label or group, key=p)
            continue
        if isinstance(p, int):
            label = Msg("permits.field.nth", what=label or group, n=p + 1)
            continue
        key = f"permits.field.{group}.{p}" if group else f"permits.field.{p}"
        if n == 0:
            group = p
            label = Msg(key) if key in CATALOGUE else None
        elif key in CATALOGUE:
            label = Msg("permits.field.of", outer=label, inner=Msg(key)) if label else Msg(key)
        else:
            label = None
    if label is None:
        return Msg("permits.field_raw", path=_path(parts))
    return Msg("permits.field_at", label=label, path=_path(parts))


# --- recording its findings ------------------------------------------------------------------


def record(ctx: Context, inspection_id: int, source: str | Path | Ticket | TicketCheck
           ) -> Recorded:
    """Check the ticket (a file, a :class:`Ticket`, or a check already made) and record its
    findings on the inspection: each breached item answered ``noncompliant`` with a note
    citing the ticket and the breach. Refused, nothing stored, when the inspection does not
    run the special-operations pack, its site does not name the ticket's operation (or an
    item's gate is shut), or an item was answered by someone else; the answer service's own
    refusals (role, pinned content, a frozen step) come before anything is stored too."""
    checked = (source if isinstance(source, TicketCheck)
               else check(source) if isinstance(source, Ticket) else check_file(source))
    ticket = checked.ticket
    view = inspections.inspection_view(ctx, inspection_id)
    if PACK not in {p.pack_id for p in view.packs}:
        raise AnjianError("permits.no_pack", id=inspection_id, pack=PACK, standard=STANDARD)
    items = checked.assessment.items()
    if not items:
        return Recorded(inspection_id, ticket.number, (), None, checked)
    pack = get_pack(ctx.catalogue, PACK).pack
    insp = view.inspection
    tags = set(insp.tags)
    operation = ticket.type.value
    if operation not in tags:
        raise AnjianError("permits.tag_missing", id=inspection_id, number=ticket.number,
                          tag=tag_names(pack, [operation]), tag_id=operation,
                          type=Msg(f"permits.type.{operation}"),
                          campaign=insp.campaign_id or "-", uscc=insp.enterprise_uscc)
    gates = pack.item_gates()
    breaches = checked.assessment.breaches
    for b in breaches:
        if b.item not in gates or (b.check and pack.part(b.part) is None):
            raise AnjianError("permits.unknown_item", pack=PACK, item=b.part, rule=b.rule)
        node = pack.part(b.part)
        shut = [gate for gate in gates[b.item] if not tags & set(gate)]
        if node is not None and node.tags and not tags & set(node.tags):
            shut.append(node.tags)
        if shut:
            raise AnjianError("permits.item_gated", id=inspection_id, item=b.part,
                              number=ticket.number, tags=tag_names(pack, shut[0]),
                              tag_id=shut[0][0])
    findings = {f.item_id: f for f in view.findings}
    for item in items:
        found = findings.get(item)
        if found is not None and found.answered_by and found.answered_by != ctx.actor:
            raise AnjianError("permits.others", id=inspection_id, item=item,
                              by=found.answered_by,
                              now=Msg("ui.answer." + found.status) if found.status
                              else Msg("permits.unanswered"))
    notes = {}
    for item in items:
        found = findings.get(item)
        had = found.note if found is not None else ""
        lines = note_lines(ticket, (b for b in breaches if b.item == item))
        new = [line for line in lines if line not in had]
        notes[item] = (had, new)
        check_text(record_of("finding", f"{inspection_id}/{item}"),
                   note="\n".join([had, *new]))
    done: list[RecordedItem] = []
    verdict: str | None = None
    for item in items:
        found = findings.get(item)
        had, new = notes[item]
        before = found.status if found is not None else None
        version = found.version if found is not None else 0
        if before == "noncompliant" and not new:
            done.append(RecordedItem(item, before, "unchanged", version))
            continue
        note = "\n".join(x for x in (had.strip(), *new) if x)
        if before == "noncompliant":
            answered = inspections.annotate(ctx, inspection_id, item, note,
                                            expected_version=version)
            action = "noted"
        else:
            detail = _detail([b for b in breaches if b.item == item],
                             found.detail if found is not None else {})
            answered = inspections.answer(ctx, inspection_id, item, "noncompliant", note=note,
                                          detail=detail, expected_version=version)
            action = "answered"
        verdict = answered.verdict
        done.append(RecordedItem(item, before, action, answered.version))
    return Recorded(inspection_id, ticket.number, tuple(done), verdict, checked)


def _detail(breaches: Sequence[Breach], had: dict[str, Any]) -> dict[str, Any]:
    """What an item's answer records of its parts: each sub-check a breach is, noncompliant,
    beside the parts already answered (an inspector's other answers kept); nothing when a
    breach is of the item as a whole (the status alone answers it)."""
    if any(b.check is None for b in breaches):
        return {}
    checks = dict(had.get("checks") or {})
    for b in breaches:
        assert b.check is not None
        checks[b.check] = {"status": "noncompliant"}
    return {"checks": checks}
