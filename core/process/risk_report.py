"""The enterprise's risk report (安全风险报告) as the Jiangsu rules describe it (《江苏省工业企业
安全生产风险报告规定》): what changed between two register snapshots, and whether a report of
a kind may be filed now. Pure: snapshots are the register as JSON
(``RegisterView.model_dump(mode="json")``), reports filed before are plain records.

The rules:

- 首次报告 (``first``): once; a new enterprise files it within thirty days of its project's
  acceptance (竣工验收合格后三十日内; anjian does not know that day, so it does not check it).
  Refused when one was filed already.
- 定期报告 (``periodic``): every year in the first quarter (每年第一季度). Filed outside it,
  or a second time in a year, it is kept with a warning, not refused: a late report is better
  on record than none, and the filing date shows it was late.
- 变更报告 (``change``): when 有新的较大以上安全风险 (``new_significant``), 原报告的较大以上
  安全风险等级发生变化 (``grade_changed``) or 企业名称等基本信息变更 (``basic_info``). It
  states its reasons; each must hold, and it is refused when none holds (naming what
  changed). Given none, it takes every reason that holds.

Periodic and change reports need a first report before them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from core.i18n import AnjianError, Listed, Msg

KINDS: tuple[str, ...] = ("first", "periodic", "change")
REASONS: tuple[str, ...] = ("new_significant", "grade_changed", "basic_info")
#: The grades from 较大 up (较大以上).
SIGNIFICANT = frozenset({"major", "significant"})
#: The enterprise's basic information a change report follows.
BASIC_FIELDS: tuple[str, ...] = ("enterprise_name", "address", "district", "sector")
#: The last month of the first quarter.
PERIODIC_MONTHS = 3


@dataclass(frozen=True)
class Filed:
    """A report filed before: its number, kind and day."""

    seq: int
    kind: str
    filed_on: dt.date


def _points(snapshot: Mapping[str, Any] | None) -> dict[str, Mapping[str, Any]]:
    return {p["code"]: p for p in (snapshot or {}).get("points", ())}


def _grade(point: Mapping[str, Any]) -> str | None:
    current = point.get("current")
    return current.get("grade") if current else None


def changes(before: Mapping[str, Any] | None, after: Mapping[str, Any]) -> dict[str, Any]:
    """What changed from the register ``before`` (the last report's; None: none) to
    ``after``: risk points added and removed, grades changed, the 较大以上 risks that are new
    (added so, or raised into 较大以上), the basic information changed. JSON, in code order."""
    old, new = _points(before), _points(after)
    added = [{"code": c, "name": new[c]["name"], "grade": _grade(new[c])}
             for c in sorted(new.keys() - old.keys())]
    removed = [{"code": c, "name": old[c]["name"], "grade": _grade(old[c])}
               for c in sorted(old.keys() - new.keys())]
    graded = [{"code": c, "name": new[c]["name"], "before": _grade(old[c]),
               "after": _grade(new[c])}
              for c in sorted(old.keys() & new.keys()) if _grade(old[c]) != _grade(new[c])]
    new_significant = [
        {"code": c, "name": p["name"], "grade": _grade(p)} for c, p in sorted(new.items())
        if _grade(p) in SIGNIFICANT and (c not in old or _grade(old[c]) not in SIGNIFICANT)]
    basic = [] if before is None else [
        {"field": f, "before": before.get(f, ""), "after": after.get(f, "")}
        for f in BASIC_FIELDS if before.get(f, "") != after.get(f, "")]
    return {"added": added, "removed": removed, "graded": graded,
            "new_significant": new_significant, "basic": basic}


def held(change: Mapping[str, Any]) -> list[str]:
    """The change-report reasons ``change`` (from :func:`changes`) gives, in order."""
    reasons = []
    if change["new_significant"]:
        reasons.append("new_significant")
    # a 较大以上 risk reported before whose grade changed, or that is gone
    if any(g["before"] in SIGNIFICANT for g in change["graded"]) \
            or any(r["grade"] in SIGNIFICANT for r in change["removed"]):
        reasons.append("grade_changed")
    if change["basic"]:
        reasons.append("basic_info")
    return reasons


def summary(change: Mapping[str, Any]) -> Msg:
    """What changed, counted, as one message."""
    return Msg("risk.report.changed", added=len(change["added"]),
               removed=len(change["removed"]), graded=len(change["graded"]),
               basic=len(change["basic"]))


def check(kind: str, reasons: Sequence[str], filed: Sequence[Filed],
          change: Mapping[str, Any], today: dt.date, *, name: str,
          uscc: str) -> tuple[list[str], list[Msg]]:
    """Whether a ``kind`` report may be filed ``today`` after the reports ``filed`` (oldest
    first), with ``change`` since the last one: the reasons it states and the warnings it is
    kept with, or a refusal naming what is wrong (see the module's rules)."""
    if kind not in KINDS:
        raise AnjianError("risk.report.kind_unknown", kind=kind)
    for reason in reasons:
        if reason not in REASONS:
            raise AnjianError("risk.report.reason_unknown", reason=reason,
                              known=Listed(REASONS))
    if reasons and kind != "change":
        raise AnjianError("risk.report.reasons_only_change", kind=kind)
    firsts = [f for f in filed if f.kind == "first"]
    if kind == "first":
        if firsts:
            f = firsts[0]
            raise AnjianError("risk.report.first_filed", name=name, uscc=uscc,
                              on=f.filed_on.isoformat(), seq=f.seq)
        return [], []
    if not firsts:
        raise AnjianError("risk.report.first_missing", name=name, uscc=uscc)
    if kind == "periodic":
        warnings = []
        if today.month > PERIODIC_MONTHS:
            warnings.append(Msg("risk.report.periodic_late", on=today.isoformat()))
        again = [f for f in filed if f.kind == "periodic" and f.filed_on.year == today.year]
        if again:
            warnings.append(Msg("risk.report.periodic_again", year=today.year,
                                seq=again[-1].seq))
        return [], warnings
    holding = held(change)
    last = filed[-1]
    if not holding:
        raise AnjianError("risk.report.no_reason", seq=last.seq,
                          on=last.filed_on.isoformat(), changed=summary(change))
    for reason in reasons:
        if reason not in holding:
            raise AnjianError("risk.report.reason_not_held", reason=reason,
                              changed=summary(change),
                              held=Listed([Msg(f"risk.report.reason.{r}") for r in holding]))
    chosen = [r for r in REASONS if r in reasons] if reasons else holding
    return chosen, []


def content_hash(content: Mapping[str, Any]) -> str:
    """The SHA-256 a report's content is kept under: of its canonical JSON (keys sorted, no
    spaces, characters as they are), as a document's is."""
    text = json.dumps(dict(content), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
