"""How a stored determination differs from a fresh evaluation of the findings behind it:
what ``anjian audit verify`` reports, field by field and trigger by trigger."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from core.engine.determination import Determination, overall

#: The fields of a stored determination in the order they are reported.
_FIELDS = tuple(Determination.model_fields)
#: Fields added after determinations were first stored, with their value as JSON when they
#: say nothing (standing in force, no part set aside or recorded on its own).
_ADDED: dict[str, Any] = {"standing": "in_force", "absent_parts": [], "general_parts": [],
                          "constituted": [], "waived": [], "local_items": []}


@dataclass(frozen=True)
class Difference:
    """One part of a stored determination that a fresh evaluation of the findings does not
    give: ``pack`` None for the inspection as a whole (its overall verdict, its shape)."""

    pack: str | None
    field: str
    stored: Any
    evaluated: Any

    def as_json(self) -> dict[str, Any]:
        return {"pack": self.pack, "field": self.field, "stored": self.stored,
                "evaluated": self.evaluated}


def differences(stored: Any, fresh: Sequence[Determination], recorded: Sequence[str], *,
                complete: bool) -> list[Difference]:
    """Where ``stored`` (an inspection's determination JSON) differs from ``fresh``.

    ``recorded`` are all the packs the inspection recorded; ``fresh`` may cover only some of
    them (``complete`` False: the others are not installed), and then neither the overall
    verdict nor the determinations of the missing packs can be checked. Every field is compared
    exactly, the language-dependent ``warnings`` included: the caller evaluates in the language
    the determination was stored in.
    """
    data = stored if isinstance(stored, dict) else {}  # not an object: nothing matches
    kept = data.get("determinations")
    kept = kept if isinstance(kept, list) else []
    by_pack: dict[Any, Any] = {}
    for d in kept:
        if isinstance(d, dict):
            by_pack.setdefault(d.get("pack"), d)
    out: list[Difference] = []
    for det in fresh:
        new = det.model_dump(mode="json")
        old = by_pack.get(det.pack)
        if old is None:
            out.append(Difference(det.pack, "determination", None, new))
        else:
            out += _field_differences(det.pack, old, new)
    out += [Difference(p if isinstance(p, str) else None, "determination", by_pack[p], None)
            for p in by_pack if p not in recorded]
    if len(by_pack) != len(kept):  # duplicates or entries that are not objects
        out.append(Difference(None, "determinations", len(kept), len(recorded)))
    if complete:
        verdict = overall([d.verdict for d in fresh]).value
        if data.get("verdict") != verdict:
            out.append(Difference(None, "verdict", data.get("verdict"), verdict))
        out += [Difference(None, k, data[k], None) for k in sorted(data)
                if k not in ("verdict", "determinations")]
    return out


def _field_differences(pack: str, old: dict[str, Any], new: dict[str, Any]
                       ) -> list[Difference]:
    out: list[Difference] = []
    keys = [k for k in _FIELDS if k in old or k in new]
    keys += sorted(k for k in old.keys() - set(_FIELDS) if isinstance(k, str))
    for key in keys:
        was, now = old.get(key), new.get(key)
        if was == now or (key not in old and key in _ADDED and now == _ADDED[key]):
            # a field added to determinations after this one was stored, at its default:
            # the record says nothing about it, and the fresh evaluation adds nothing
            continue
        if key == "triggers" and isinstance(was, list) and isinstance(now, list):
            out += _trigger_differences(pack, was, now)
        else:
            out.append(Difference(pack, key, was, now))
    return out


def _trigger_differences(pack: str, was: list[Any], now: list[dict[str, Any]]
                         ) -> list[Difference]:
    """The fired rules compared rule by rule: the same rules with different counted items
    name those items, a rule fired or not names the rules."""
    old = {t.get("rule"): t for t in was if isinstance(t, dict)}
    new = {t["rule"]: t for t in now}
    if len(old) != len(was) or old.keys() != new.keys():
        return [Difference(pack, "triggers", was, now)]
    return [Difference(pack, f"triggers[{rule}].{key}", old[rule].get(key), value)
            for rule, t in new.items()
            for key, value in {**dict.fromkeys(old[rule]), **t}.items()
            if old[rule].get(key) != value]
