"""The pack content an inspection is pinned to, beside the content installed under the same id,
and what moving an inspection to the installed content (repinning) changed."""

from __future__ import annotations

from typing import Any

from core.engine.crosswalk import Change
from core.engine.determination import Determination, Verdict
from core.views.base import View


class Pin(View):
    """A pack an inspection recorded (id, version, content hash) and the pack installed under
    that id now (``None``: none is)."""

    pack_id: str
    version: str
    hash: str
    installed_version: str | None = None
    installed_hash: str | None = None

    @property
    def holds(self) -> bool:
        """The installed content is the recorded content."""
        return self.installed_hash == self.hash

    def as_json(self) -> dict[str, Any]:
        return {"pack": self.pack_id, "version": self.version, "hash": self.hash,
                "installed": None if self.installed_hash is None else {
                    "version": self.installed_version, "hash": self.installed_hash}}


class Repinned(View):
    """An inspection moved to the installed content of its packs: which packs moved (from the
    recorded version and hash to the installed ones), why, and its determination and hazards
    before and after the re-evaluation."""

    inspection: int
    reason: str
    moved: tuple[Pin, ...]
    verdict_before: Verdict
    verdict_after: Verdict
    #: The determinations stored before (made under the recorded content) and after.
    before: tuple[Determination, ...]
    after: tuple[Determination, ...]
    #: The hazard ledger's changes, as the audit entry records them.
    hazards: tuple[dict[str, Any], ...] = ()

    def changes(self) -> list[tuple[Pin, Change]]:
        """What the re-evaluation changed, for each pack that moved (items keep their ids
        within a pack, so an item is compared with itself)."""
        before = {d.pack: d for d in self.before}
        after = {d.pack: d for d in self.after}
        out = []
        for pin in self.moved:
            was, now = before.get(pin.pack_id), after.get(pin.pack_id)
            old_major = was.major_items if was else ()
            new_major = now.major_items if now else ()
            out.append((pin, Change(
                was.verdict.value if was else Verdict.incomplete.value,
                now.verdict.value if now else Verdict.incomplete.value,
                _fired(was), _fired(now),
                tuple(i for i in new_major if i not in old_major),
                tuple(i for i in old_major if i not in new_major))))
        return out

    def as_json(self) -> dict[str, Any]:
        return {"inspection": self.inspection, "reason": self.reason,
                "moved": [p.as_json() for p in self.moved],
                "verdict": {"before": self.verdict_before.value,
                            "after": self.verdict_after.value},
                "changes": [{"pack": p.pack_id, "changed": c.changed,
                             "verdict": {"before": c.verdict_before, "after": c.verdict_after},
                             "fired": {"before": list(c.fired_before),
                                       "after": list(c.fired_after)},
                             "newly_major": list(c.newly_major),
                             "no_longer_major": list(c.no_longer_major)}
                            for p, c in self.changes()],
                "hazards": list(self.hazards),
                "before": [d.model_dump(mode="json") for d in self.before],
                "after": [d.model_dump(mode="json") for d in self.after]}


def _fired(d: Determination | None) -> tuple[str, ...]:
    return tuple(t.rule for t in d.triggers if not t.vetoed) if d else ()
