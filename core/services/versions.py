"""Re-evaluating recorded findings under another installed version of the same standard.

Nothing recorded changes: a re-evaluation is a view that shows what the other version would
determine from the same answers, and what it could not carry over.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from core.engine import Answers, evaluate
from core.engine.crosswalk import Carried, Change, Review, carry, compare
from core.engine.determination import Determination
from core.engine.findings import Finding, Site, Status, parse_findings, parse_site
from core.i18n import AnjianError, Msg
from core.plugins.catalogue import Catalogue, PackEntry
from core.services.context import Context
from core.services.inspections import _site
from core.services.packs import get_pack
from core.services.pins import pins_of, refuse_moved
from core.services.users import reader
from core.store import queries as q
from core.store.tables import Inspection

_NC = Status.noncompliant


@dataclass(frozen=True)
class Reevaluation:
    """One determination under its recorded version and under another."""

    source: PackEntry
    target: PackEntry
    before: Determination
    after: Determination
    carried: Carried
    #: site values (categories, tags, exceptions) the other version does not know
    site_dropped: tuple[str, ...]
    change: Change
    #: the source answers carried (item -> status; what the site rules out counts as not
    #: applicable)
    answered: dict[str, Status] = field(default_factory=dict)

    def as_json(self) -> dict[str, Any]:
        c = self.change
        return {
            "from": {"pack": self.source.pack.id, "version": self.source.pack.version},
            "to": {"pack": self.target.pack.id, "version": self.target.pack.version},
            "changed": c.changed,
            "verdict": {"before": c.verdict_before, "after": c.verdict_after},
            "fired": {"before": list(c.fired_before), "after": list(c.fired_after)},
            "newly_major": list(c.newly_major), "no_longer_major": list(c.no_longer_major),
            "awaiting_review": list(c.awaiting),
            "carried": {k: list(v) for k, v in self.carried.sources.items()
                        if k in self.carried.statuses},
            "not_carried": list(self.carried.dropped), "new_items": list(self.carried.new),
            "to_review": {k: [{"item": r.source, "relation": r.relation.value, "why": r.why}
                              for r in v]
                          for k, v in self.carried.to_review.items()},
            "measured": {k: {"status": m.status.value if m.status else None,
                             "values": [{"part": v.part, "from": v.source,
                                         "from_part": v.source_part, "value": v.value,
                                         "design": v.design} for v in m.values]}
                         for k, m in self.carried.measured.items()},
            "site_dropped": list(self.site_dropped),
            "before": self.before.model_dump(mode="json"),
            "after": self.after.model_dump(mode="json"),
        }


def other_versions(catalogue: Catalogue, pack_id: str) -> list[PackEntry]:
    """Installed packs of the same series as ``pack_id``, newest first."""
    pack = get_pack(catalogue, pack_id).pack
    if pack.series is None:
        return []
    return sorted((e for e in catalogue.entries.values()
                   if e.pack.series == pack.series and e.pack.id != pack_id),
                  key=lambda e: e.pack.effective, reverse=True)


def _target(catalogue: Catalogue, source: PackEntry, target_id: str) -> PackEntry:
    target = get_pack(catalogue, target_id)
    if target.pack.id == source.pack.id or target.pack.series is None \
            or target.pack.series != source.pack.series:
        others = ", ".join(e.pack.id for e in other_versions(catalogue, source.pack.id))
        raise AnjianError("versions.not_a_version", target=target_id, pack=source.pack.id,
                          others=others or "-")
    return target


def _site_for(target: PackEntry, site: Site,
              extra_tags: frozenset[str] = frozenset()) -> tuple[Site, tuple[str, ...]]:
    p = target.pack
    unknown = sorted(extra_tags - {t.id for t in p.tags})
    if unknown:
        raise AnjianError("site.unknown", file="--tag", pack=p.id, kind=Msg("kind.tag"),
                          value=unknown[0], known=", ".join(t.id for t in p.tags) or "-")
    site = site.model_copy(update={"tags": site.tags | extra_tags})
    known = p.site_vocabulary()
    kept = {k: frozenset(v for v in getattr(site, k) if v in known[k]) for k in known}
    dropped = tuple(sorted(v for k in known for v in getattr(site, k) if v not in known[k]))
    return Site(**kept), dropped


def reevaluate(catalogue: Catalogue, source_id: str, target_id: str,
               findings: Sequence[Finding], site: Site, *, on: dt.date | None = None,
               extra_tags: frozenset[str] = frozenset()) -> Reevaluation:
    """Determine ``findings`` (of ``source_id``) under ``source_id`` and under ``target_id``,
    on the inspection date ``on``; ``extra_tags`` are site tags only the target knows (e.g. a
    division the newer version added)."""
    source = get_pack(catalogue, source_id)
    target = _target(catalogue, source, target_id)
    answers = Answers.from_findings(source.pack, findings, site, on)
    before = evaluate(source.pack, site, answers, on=on)
    # What the site's tags rule out counts as not applicable, answered or not.
    given = {i: (Status.not_applicable, False) for i in before.not_applicable}
    given |= {i: (st, i in answers.corrected) for i, st in answers.statuses.items()
              if i not in given}
    target_site, dropped = _site_for(target, site, extra_tags)
    carried = carry(source.pack, target.pack, given, findings={f.item: f for f in findings},
                    site_tags=target_site.tags, on=on)
    after = evaluate(target.pack, target_site,
                     Answers(carried.statuses, carried.corrected, carried.parts), on=on)
    # The inspector places a split hazard only among items that apply to this site; a hazard
    # whose counterpart asks for a tag the site lacks is theirs to decide too.
    ruled_out = [i for i in after.not_applicable
                 if carried.statuses.get(i) is not Status.not_applicable]
    review = {i: s for i, s in carried.to_review.items() if i not in ruled_out}
    for i in ruled_out:
        found = [s for s in carried.sources.get(i, ()) if given.get(s, (None,))[0] is _NC]
        if carried.statuses.get(i) is _NC or found:
            review[i] = tuple(Review(s, carried.relations[i][s], "gated")
                              for s in found or carried.sources[i])
    carried = replace(carried, to_review=review)
    return Reevaluation(source, target, before, after, carried, dropped,
                        compare(before, after, carried), {i: st for i, (st, _) in given.items()})


def reevaluate_raw(catalogue: Catalogue, source_id: str, target_id: str, raw_findings: Any,
                   raw_site: Any, *, on: dt.date | None = None,
                   findings_name: str = "findings", site_name: str = "site") -> Reevaluation:
    """:func:`reevaluate` for raw (JSON-like) findings and site of ``source_id``."""
    pack = get_pack(catalogue, source_id).pack
    extra: frozenset[str] = frozenset()
    if isinstance(raw_site, dict) and isinstance(raw_site.get("tags"), list):
        # Tags only the other version knows (a division it added) are for that version.
        target = get_pack(catalogue, target_id).pack
        mine = {t.id for t in pack.tags}
        theirs = {t.id for t in target.tags}
        extra = frozenset(t for t in raw_site["tags"] if t not in mine and t in theirs)
        raw_site = {**raw_site, "tags": [t for t in raw_site["tags"] if t not in extra]}
    site = parse_site(pack, raw_site, site_name)
    findings = parse_findings(pack, raw_findings, site, findings_name, on=on)
    return reevaluate(catalogue, source_id, target_id, findings, site, on=on,
                      extra_tags=extra)


def reevaluate_inspection(ctx: Context, inspection_id: int, target_id: str,
                          extra_tags: frozenset[str] = frozenset()) -> Reevaluation:
    """The recorded inspection's findings under another version of one of its packs;
    ``extra_tags`` are site tags only that version knows."""
    target = get_pack(ctx.catalogue, target_id)
    with ctx.store.reading() as s:
        insp = q.get(s, Inspection, inspection_id, "inspection")
        reader(ctx, s, insp.enterprise_uscc)
        records = q.inspection_packs(s, inspection_id)
        recorded = [p.pack_id for p in records]
        same = [p for p in recorded if target.pack.series is not None
                and get_pack(ctx.catalogue, p).pack.series == target.pack.series]
        if not same or target_id in recorded:
            raise AnjianError("versions.not_in_inspection", target=target_id,
                              inspection=inspection_id, packs=", ".join(recorded))
        source = get_pack(ctx.catalogue, same[0])
        # "before" is the recorded determination only under the content it was made under
        refuse_moved(inspection_id, [p for p in pins_of(ctx.catalogue, records)
                                     if p.pack_id == source.pack.id])
        rows = [r for r in q.answer_states(s, inspection_id) if r[0] == source.pack.id]
        site_raw = _site(insp)
        on = insp.inspected_on
    known = source.pack.site_vocabulary()
    site = parse_site(source.pack, {k: [v for v in vs if v in known[k]]
                                    for k, vs in site_raw.items()})
    findings = [Finding(item=r[1], status=Status(r[2]), corrected_on_site=r[3], **r[4])
                for r in rows]
    return reevaluate(ctx.catalogue, source.pack.id, target_id, findings, site, on=on,
                      extra_tags=extra_tags)
