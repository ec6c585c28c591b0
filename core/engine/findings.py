"""Findings (an auditor's answers) and site profiles, and their validation against a pack.

``parse_findings`` and ``parse_site`` turn raw JSON-like data into models, checking every
answer against the pack; the first problem raises :class:`~core.i18n.AnjianError` naming the
item. Nothing is evaluated from input that has a problem.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict

from core.i18n import AnjianError, Msg
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
                   file: str = "findings") -> list[Finding]:
    """Validate raw findings (a list of objects) against ``pack`` and ``site``."""
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
                                  tags=" / ".join(group))
        finding = _finding(items[item_id], entry, file)
        derive_status(items[item_id], finding, file)  # rejects contradictions now
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
    if measure.relative and design is None:
        raise AnjianError("findings.needs_design", file=file, item=item_id, check=check)


def _measured(measure: Measure | None, value: float | None, design: float | None,
              status: Status | None) -> Status | None:
    if value is None or measure is None:
        return status
    return Status.noncompliant if measure.exceeded(value, design) else Status.compliant


def derive_status(item: Item, finding: Finding, file: str = "findings") -> Status | None:
    """The item's status from the finding: given, measured, or combined from sub-checks.

    Sub-checks use three-valued logic with not-applicable parts read as "situation absent";
    an item whose every part is not applicable is itself not applicable. An explicit status
    beside sub-checks or a value must agree with what they give.
    """
    return _derive(item, finding, item.id, file)


def _derive(node: Item | Check, answer: Finding | CheckAnswer, item_id: str,
            file: str) -> Status | None:
    derived = _measured(node.measure, answer.value, answer.design, None)
    if node.checks and answer.checks:
        parts = [_derive(c, a, item_id, file) if (a := answer.checks.get(c.id)) else None
                 for c in node.checks]
        derived = combine(node.combine, parts)
    if answer.status is None:
        return derived
    if derived is None or answer.status is Status.not_applicable:
        # An explicit n/a, or a whole answer over partial sub-checks, is the auditor's call.
        return answer.status
    if answer.status != derived:
        raise AnjianError("findings.conflict", file=file, item=item_id,
                          given=answer.status.value, derived=derived.value)
    return derived


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
