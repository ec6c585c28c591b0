"""Raw findings and site (as JSON gives them) evaluated under one or more packs: each finding
routed to the pack that has its item, the site's values to the packs that know them."""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from core.engine.compiled import Answers
from core.engine.determination import Determination, Verdict, overall
from core.engine.findings import Site, parse_findings, parse_site
from core.engine.links import evaluate_together
from core.i18n import AnjianError, Msg
from core.pack.model import Pack


@dataclass(frozen=True)
class Evaluation:
    """Determinations of one site under one or more packs, with the overall verdict."""

    determinations: tuple[Determination, ...]
    verdict: Verdict


def evaluate_packs(packs: Sequence[Pack], raw_findings: Any, raw_site: Any, *,
                   on: dt.date | None = None,
                   findings_name: str = "findings", site_name: str = "site") -> Evaluation:
    """Evaluate raw (JSON-like) findings and site under ``packs``.

    With several packs each finding goes to the pack that has its item; the site's categories,
    tags and exceptions go to the packs that know them, and each must be known to one.
    """
    sites = split_site(packs, raw_site, site_name)
    _check_numbers(raw_findings, findings_name)
    per_pack = split_findings(packs, raw_findings, findings_name)
    answers = {}
    for pack in packs:
        findings = parse_findings(pack, per_pack[pack.id], sites[pack.id], findings_name, on)
        answers[pack.id] = Answers.from_findings(pack, findings, sites[pack.id], on)
    results = evaluate_together(packs, sites, answers, on=on)
    return Evaluation(tuple(results), overall([d.verdict for d in results]))


def _check_numbers(raw: Any, file: str) -> None:
    """Refuse a number no float can hold (10**400 from a golden case's JSON): measured values
    are floats, and converting it would fail far from the finding it came from."""
    for index, entry in enumerate(raw if isinstance(raw, list) else [], start=1):
        stack = [entry]
        while stack:
            value = stack.pop()
            if isinstance(value, dict):
                stack += value.values()
            elif isinstance(value, list):
                stack += value
            elif isinstance(value, int) and not isinstance(value, bool) \
                    and abs(value) > sys.float_info.max:
                item = entry.get("item") if isinstance(entry, dict) else None
                raise AnjianError("findings.bad_field", file=file,
                                  item=item if isinstance(item, str) else f"#{index}",
                                  problem=Msg("finding.out_of_range"))


def split_findings(packs: Sequence[Pack], raw: Any, file: str) -> dict[str, list[Any]]:
    """Route raw findings to the packs that own their items (validated later, per pack)."""
    if len(packs) == 1:
        return {packs[0].id: raw}
    if not isinstance(raw, list):
        raise AnjianError("findings.not_list", file=file)
    owner = {i.id: p.id for p in packs for i in p.items()}
    out: dict[str, list[Any]] = {p.id: [] for p in packs}
    for entry in raw:
        item = entry.get("item") if isinstance(entry, dict) else None
        if isinstance(item, str) and item not in owner:
            raise AnjianError("findings.unknown_item", file=file, item=item,
                              pack=" + ".join(p.id for p in packs))
        out[owner.get(item, packs[0].id) if isinstance(item, str) else packs[0].id].append(entry)
    return out


def split_site(packs: Sequence[Pack], raw: Any, file: str) -> dict[str, Site]:
    """The site profile as each pack sees it; every value must be known to some pack."""
    if len(packs) == 1:
        return {packs[0].id: parse_site(packs[0], raw, file)}
    if not isinstance(raw, dict):
        raise AnjianError("site.not_object", file=file)
    vocabularies = [p.site_vocabulary() for p in packs]
    kinds = {"categories": "kind.category", "tags": "kind.tag", "exclusions": "kind.exception"}
    known = {key: (kind, [v[key] for v in vocabularies]) for key, kind in kinds.items()}
    for key, (kind, per_pack) in known.items():
        values = raw.get(key, [])
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise AnjianError("site.not_list", file=file, key=key)
        for value in values:
            if not any(value in ids for ids in per_pack):
                raise AnjianError("site.unknown", file=file, pack=" + ".join(p.id for p in packs),
                                  kind=Msg(kind), value=value,
                                  known=", ".join(sorted(set().union(*per_pack))) or "-")
    out: dict[str, Site] = {}
    for n, pack in enumerate(packs):
        mine = {key: [v for v in raw[key] if v in per_pack[n]]
                for key, (_, per_pack) in known.items() if isinstance(raw.get(key), list)}
        out[pack.id] = parse_site(pack, {**raw, **mine}, file)
    return out
