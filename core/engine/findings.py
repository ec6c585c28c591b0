"""Findings (an auditor's answers) and site profiles, and their validation against a pack.

``parse_findings`` and ``parse_site`` turn raw JSON-like data into models, checking every
answer against the pack; the first problem raises :class:`~core.i18n.AnjianError` naming the
item. Nothing is evaluated from input that has a problem.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict

from core.i18n import AnjianError, Msg, OneOf
from core.pack.model import OTHER, Check, Item, Measure, Pack


class Status(StrEnum):
    """An answer. ``noncompliant`` means the hazard situation the item describes exists."""

    compliant = "compliant"
    noncompliant = "noncompliant"
    not_applicable = "not_applicable"


class CheckAnswer(BaseModel):
    """The answer to one sub-check: a status, or a measured value (with a design value)."""

    model_config = ConfigDict(frozen=True)

    status: Status | None = None
    value: float | None = None
    design: float | None = None
    checks: Mapping[str, CheckAnswer] = {}


class Finding(BaseModel):
    """An auditor's answer to one item; sub-check answers and values derive the status."""

    model_config = ConfigDict(frozen=True)

    item: str
    status: Status | None = None
    value: float | None = None
    design: float | None = None
    checks: Mapping[str, CheckAnswer] = {}
    note: str = ""
    corrected_on_site: bool = False


class Site(BaseModel):
    """What the rules need to know of a site: categories, tags, exceptions claimed."""

    model_config = ConfigDict(frozen=True)

    categories: frozenset[str] = frozenset()
    tags: frozenset[str] = frozenset()
    exclusions: frozenset[str] = frozenset()


_FINDING_KEYS = {"item", "status", "value", "design", "checks", "note", "corrected_on_site"}


def parse_findings(pack: Pack, raw: Any, site: Site | None = None,
                   file: str = "findings", on: dt.date | None = None) -> list[Finding]:
    """Validate raw findings (a list of objects) against ``pack`` and ``site`` (and the
    inspection date ``on``: an item or part not yet in force then cannot be answered)."""
    if not isinstance(raw, list):
        raise AnjianError("findings.not_list", file=file)
    items = {i.id: i for i in pack.items()}
    gates = pack.item_gates()
    site_tags = site.tags if site else frozenset()
    seen: set[str] = set()
    out: list[Finding] = []
    for index, entry in enumerate(raw, start=1):
        if not isinstance(entry, dict):
            raise AnjianError("findings.not_object", file=file, index=index)
        item_id = entry.get("item")
        label = item_id if isinstance(item_id, str) else f"#{index}"
        if not isinstance(item_id, str):
            raise AnjianError("findings.bad_field", file=file, item=label,
                              problem=Msg("finding.no_item"))
        if item_id not in items:
            raise AnjianError("findings.unknown_item", file=file, item=item_id, pack=pack.id)
        if item_id in seen:
            raise AnjianError("findings.duplicate", file=file, item=item_id)
        seen.add(item_id)
        unknown = sorted(set(entry) - _FINDING_KEYS)
        if unknown:
            raise AnjianError("findings.bad_field", file=file, item=item_id,
                              problem=Msg("finding.unknown_keys", keys=", ".join(unknown),
                                          allowed=", ".join(sorted(_FINDING_KEYS))))
        for group in gates[item_id]:
            if not site_tags.intersection(group):
                raise AnjianError("findings.gated", file=file, item=item_id,
                                  tags=tag_names(pack, group))
        when = items[item_id].effective
        if on is not None and when is not None and on < when:
            raise AnjianError("findings.not_yet", file=file, item=item_id, on=on.isoformat(),
                              effective=when.isoformat())
        finding = _finding(items[item_id], entry, file)
        _refuse_set_aside(pack, items[item_id], finding, site, on, file)
        derive_status(items[item_id], finding, file,
                      site_tags=site.tags if site else None, on=on)  # rejects contradictions
        out.append(finding)
    return out


def _finding(item: Item, entry: dict[str, Any], file: str) -> Finding:
    status = _status(entry.get("status"), item.id, file)
    value = _number(entry, "value", item.id, file)
    design = _number(entry, "design", item.id, file)
    if value is not None:
        _check_measure(item.measure, item.id, "", design, file)
    note = entry.get("note", "")
    if not isinstance(note, str):
        raise AnjianError("findings.bad_field", file=file, item=item.id,
                          problem=Msg("finding.note"))
    corrected = entry.get("corrected_on_site", False)
    if not isinstance(corrected, bool):
        raise AnjianError("findings.bad_field", file=file, item=item.id,
                          problem=Msg("finding.corrected"))
    raw_checks = entry.get("checks", {})
    if not isinstance(raw_checks, dict):
        raise AnjianError("findings.bad_field", file=file, item=item.id,
                          problem=Msg("finding.checks"))
    known = {c.id: c for c in item.checks}
    checks: dict[str, CheckAnswer] = {}
    for check_id, answer in raw_checks.items():
        if check_id not in known:
            raise AnjianError("findings.unknown_check", file=file, item=item.id, check=check_id,
                              known=", ".join(known) or "-")
        checks[check_id] = _check_answer(known[check_id], answer, item.id, file)
    if status is None and value is None and not checks:
        raise AnjianError("findings.bad_field", file=file, item=item.id,
                          problem=Msg("finding.no_answer"))
    return Finding(item=item.id, status=status, value=value, design=design, checks=checks,
                   note=note, corrected_on_site=corrected)


def _check_answer(check: Check, answer: Any, item_id: str, file: str,
                  path: str = "") -> CheckAnswer:
    where = f"{path}{check.id}"
    if isinstance(answer, str):
        return CheckAnswer(status=_status(answer, item_id, file))
    if not isinstance(answer, dict) or set(answer) - {"status", "value", "design", "checks"}:
        raise AnjianError("findings.bad_field", file=file, item=item_id,
                          problem=Msg("finding.check_shape", check=where))
    value = _number(answer, "value", item_id, file)
    design = _number(answer, "design", item_id, file)
    if value is not None:
        _check_measure(check.measure, item_id, f"/{where}", design, file)
    status = _status(answer.get("status"), item_id, file)
    raw_checks = answer.get("checks", {})
    if not isinstance(raw_checks, dict):
        raise AnjianError("findings.bad_field", file=file, item=item_id,
                          problem=Msg("finding.check_checks", check=where))
    known = {c.id: c for c in check.checks}
    checks: dict[str, CheckAnswer] = {}
    for sub_id, sub in raw_checks.items():
        if sub_id not in known:
            raise AnjianError("findings.unknown_check", file=file, item=item_id,
                              check=f"{where}/{sub_id}",
                              known=", ".join(f"{where}/{k}" for k in known) or "-")
        checks[sub_id] = _check_answer(known[sub_id], sub, item_id, file, f"{where}/")
    if status is None and value is None and not checks:
        raise AnjianError("findings.bad_field", file=file, item=item_id,
                          problem=Msg("finding.check_no_answer", check=where))
    return CheckAnswer(status=status, value=value, design=design, checks=checks)


@dataclass(frozen=True)
class PackName:
    """A value's name as the pack gives it (a tag's 井工煤矿 / Underground coal mine), shown in
    the reader's language where a message names it."""

    zh: str
    en: str

    def render(self, lang: str = "en") -> str:
        return self.zh if lang == "zh" else self.en


def tag_names(pack: Pack, ids: Sequence[str]) -> Any:
    """Tags by their names in the pack (one, or the alternatives of a gate), for a message."""
    names = {t.id: PackName(t.name_zh, t.name_en) for t in pack.tags}
    shown = [names.get(i, PackName(i, i)) for i in ids]
    return shown[0] if len(shown) == 1 else OneOf(shown)


def set_aside(check: Check, site_tags: frozenset[str] | None, on: dt.date | None
              ) -> tuple[str, str] | None:
    """Why the text sets ``check`` aside for this site and date (``gated`` with its tags,
    ``not_yet`` with its date), or None when it counts. Unknown tags or date: it counts."""
    if check.tags and site_tags is not None and not site_tags.intersection(check.tags):
        return "gated", " / ".join(check.tags)
    if check.effective is not None and on is not None and on < check.effective:
        return "not_yet", check.effective.isoformat()
    return None


def _refuse_set_aside(pack: Pack, item: Item, finding: Finding, site: Site | None,
                      on: dt.date | None, file: str) -> None:
    """An answer to a part the text sets aside for this site or date is refused, naming the
    part and why (as an answer to a gated item is)."""
    tags = site.tags if site else None

    def walk(node: Item | Check, answers: Mapping[str, CheckAnswer], path: str) -> None:
        for check in node.checks:
            answer = answers.get(check.id)
            if answer is None:
                continue
            where = f"{path}{check.id}"
            why = set_aside(check, tags, on)
            if why is not None and (answer.status is not Status.not_applicable
                                    or answer.checks or answer.value is not None):
                if why[0] == "gated":
                    raise AnjianError("findings.part_gated", file=file, item=item.id,
                                      check=where, detail=tag_names(pack, check.tags))
                raise AnjianError("findings.part_not_yet", file=file, item=item.id,
                                  check=where, detail=why[1])
            walk(check, answer.checks, f"{where}/")

    walk(item, finding.checks, "")


def _status(raw: Any, item_id: str, file: str) -> Status | None:
    if raw is None:
        return None
    try:
        return Status(raw)
    except ValueError:
        raise AnjianError("findings.bad_status", file=file, item=item_id, status=raw) from None


def _number(entry: Mapping[str, Any], key: str, item_id: str, file: str) -> float | None:
    raw = entry.get(key)
    if raw is None:
        return None
    if isinstance(raw, bool) or not isinstance(raw, int | float) or raw != raw:
        raise AnjianError("findings.bad_field", file=file, item=item_id,
                          problem=Msg("finding.not_number", key=key))
    return float(raw)


def _check_measure(measure: Measure | None, item_id: str, check: str,
                   design: float | None, file: str) -> None:
    if measure is None:
        raise AnjianError("findings.no_measure", file=file, item=item_id, check=check)
    if measure.needs_design and design is None:
        raise AnjianError("findings.needs_design", file=file, item=item_id, check=check)


def _measured(measure: Measure | None, value: float | None, design: float | None,
              status: Status | None) -> Status | None:
    if value is None or measure is None:
        return status
    return Status.noncompliant if measure.exceeded(value, design) else Status.compliant


def derive_status(item: Item, finding: Finding, file: str = "findings", *,
                  site_tags: frozenset[str] | None = None,
                  on: dt.date | None = None) -> Status | None:
    """The item's status from the finding: given, measured, or combined from sub-checks.

    Sub-checks use three-valued logic with not-applicable parts read as "situation absent";
    an item whose every part is not applicable is itself not applicable. An explicit status
    beside sub-checks or a value must agree with what they give. A part the text sets aside
    for the site's tags or the date (``site_tags``, ``on``; None: not known) counts as not
    applicable whatever was recorded for it, and then what the other parts give decides.
    """
    return _derive(item, finding, item.id, file, site_tags, on)[0]


def failing_parts(item: Item, finding: Finding, *, site_tags: frozenset[str] | None = None,
                  on: dt.date | None = None) -> tuple[str, ...]:
    """Parts of conjunctions (``combine: all``) found present while their conjunction is not,
    and the item as a whole not noncompliant: general hazards of their own (``ITEM/path``).
    None when the pack turns this off for the item."""
    if not item.record_parts:
        return ()
    status, parts = _derive(item, finding, item.id, "findings", site_tags, on)
    return () if status is Status.noncompliant else tuple(f"{item.id}/{p}" for p in parts)


def _derive(node: Item | Check, answer: Finding | CheckAnswer, item_id: str, file: str,
            tags: frozenset[str] | None, on: dt.date | None
            ) -> tuple[Status | None, tuple[str, ...]]:
    """The node's status and the paths (below it) of present parts of conjunctions that are
    not present as a whole."""
    derived = _measured(node.measure, answer.value, answer.design, None)
    aside = False
    failing: list[str] = []
    if node.checks and answer.checks:
        parts: list[Status | None] = []
        for c in node.checks:
            a = answer.checks.get(c.id)
            if set_aside(c, tags, on) is not None:
                aside = aside or a is not None
                parts.append(Status.not_applicable)
            elif a is None:
                parts.append(None)
            else:
                status, below = _derive(c, a, item_id, file, tags, on)
                parts.append(status)
                failing += [f"{c.id}/{p}" for p in below]
        derived = combine(node.combine, parts)
        if node.combine == "all" and derived is not Status.noncompliant:
            failing += [c.id for c, p in zip(node.checks, parts, strict=True)
                        if p is Status.noncompliant]
        elif derived is Status.noncompliant:
            failing = []
    if answer.status is None:
        return derived, tuple(failing)
    if derived is None or answer.status is Status.not_applicable:
        # An explicit n/a, or a whole answer over partial sub-checks, is the auditor's call.
        return answer.status, tuple(failing) if answer.status is not Status.noncompliant \
            else ()
    if answer.status != derived:
        if aside:
            # recorded before the text's gate was known: what the counted parts give decides
            return derived, tuple(failing)
        raise AnjianError("findings.conflict", file=file, item=item_id,
                          given=answer.status.value, derived=derived.value)
    return derived, tuple(failing)


def combine(mode: str, parts: Sequence[Status | None]) -> Status | None:
    """Combine sub-check answers (``None`` unanswered) under ``any`` (OR) or ``all`` (AND)."""
    if parts and all(p is Status.not_applicable for p in parts):
        return Status.not_applicable
    present = [p is Status.noncompliant for p in parts]
    absent = [p in (Status.compliant, Status.not_applicable) for p in parts]
    if mode == "any":
        if any(present):
            return Status.noncompliant
        return Status.compliant if all(absent) else None
    if any(absent):
        return Status.compliant
    return Status.noncompliant if all(present) else None


def parse_site(pack: Pack, raw: Any, file: str = "site") -> Site:
    """Validate a raw site profile against ``pack``; absent keys mean an 'other' site."""
    if not isinstance(raw, dict):
        raise AnjianError("site.not_object", file=file)
    for key in raw:
        if key not in ("categories", "tags", "exclusions"):
            raise AnjianError("site.unknown_key", file=file, key=key)
    known = {
        "categories": ("kind.category", [c.id for c in pack.site_categories] + [OTHER]),
        "tags": ("kind.tag", [t.id for t in pack.tags]),
        "exclusions": ("kind.exception", [e.id for e in pack.exceptions]),
    }
    values: dict[str, frozenset[str]] = {}
    for key, (kind, ids) in known.items():
        got = raw.get(key, [])
        if not isinstance(got, list) or not all(isinstance(v, str) for v in got):
            raise AnjianError("site.not_list", file=file, key=key)
        for value in got:
            if value not in ids:
                raise AnjianError("site.unknown", file=file, pack=pack.id, kind=Msg(kind),
                                  value=value, known=", ".join(ids) or "-")
        values[key] = frozenset(got)
    categories = values["categories"]
    if OTHER in categories and len(categories) > 1:
        raise AnjianError("site.other_mixed", file=file)
    return Site(categories=categories - {OTHER}, tags=values["tags"],
                exclusions=values["exclusions"])
