"""``anjian evaluate``: which catalogue, which packs, plain determination or a re-evaluation
under another version of the standard.

The command line gives the options as they were typed; this service chooses the mode, checks
a draft pack with the validator, and returns the typed result the command renders.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from core.engine.determination import Determination
from core.engine.evaluation import Evaluation
from core.i18n import AnjianError, Lines
from core.pack.model import Pack
from core.plugins.catalogue import Catalogue
from core.services.packs import (
    PackStanding,
    default_catalogue,
    evaluate_files,
    get_pack,
    read_json,
    standing_of,
    with_successor,
)
from core.services.versions import Reevaluation, reevaluate_raw


@dataclass(frozen=True)
class Evaluated:
    """What ``anjian evaluate`` determined, and under which catalogue (the installed one, or
    the installed one with a draft pack in it)."""

    catalogue: Catalogue
    #: A plain determination under one or more packs, or a re-evaluation (``--under``).
    result: Evaluation | Reevaluation
    #: The inspection date the findings were determined on.
    on: dt.date | None = None

    def pack(self, determination: Determination) -> Pack:
        """The pack a determination of this result was made under."""
        return get_pack(self.catalogue, determination.pack).pack

    def standing(self, determination: Determination) -> PackStanding | None:
        """The standing of a determination's standard on the date, with its successor and
        whether that is installed (None: no date)."""
        if self.on is None:
            return None
        return standing_of(self.catalogue, self.pack(determination), self.on)

    def as_json(self) -> dict[str, Any]:
        """The ``--json`` shape: one pack's determination alone, several under the overall
        verdict, or a re-evaluation. A determination under a withdrawn standard carries its
        ``successor`` (the standard, its date, whether it is installed)."""
        r = self.result
        if isinstance(r, Reevaluation):
            return r.as_json()
        dets = [with_successor(self.catalogue, d.model_dump(mode="json"), self.on)
                for d in r.determinations]
        if len(dets) == 1:
            return dets[0]
        return {"verdict": r.verdict.value, "determinations": dets}


def evaluate_request(*, findings: Path, packs: Sequence[str] = (), pack_file: Path | None = None,
                     site: Path | None = None, on: dt.date | None = None,
                     under: str | None = None) -> Evaluated:
    """Determine the findings file (and site file) under the packs named, or under a draft
    pack file's packs when none is named; with ``under``, also under that other version of
    the one pack, and what changes."""
    catalogue = default_catalogue()
    chosen = list(packs)
    if pack_file is not None:
        from core.plugins.validator import DRAFT, check

        if not pack_file.exists():
            raise AnjianError("evaluate.no_path", path=str(pack_file))
        report = check(str(pack_file))
        if report.errors or report.catalogue is None:
            raise AnjianError("trial.invalid", path=pack_file, problems=Lines(report.errors))
        catalogue = report.catalogue
        chosen = chosen or [e.pack.id for e in catalogue.entries.values() if e.plugin == DRAFT]
    if not chosen:
        raise AnjianError("evaluate.no_pack")
    day = on or dt.date.today()
    if under is None:
        return Evaluated(catalogue, evaluate_files(catalogue, chosen, findings, site, on=day),
                         day)
    if len(chosen) != 1:
        raise AnjianError("evaluate.under_one")
    raw_site = read_json(site) if site is not None else {}
    return Evaluated(catalogue, reevaluate_raw(
        catalogue, chosen[0], under, read_json(findings), raw_site, on=day,
        findings_name=str(findings), site_name=str(site or "site")), day)
