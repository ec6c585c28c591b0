"""Pack services: listing, checking and evaluating packs.

A service takes plain values (ids, paths, dates), does the reading it needs, and returns
models; problems a user can fix raise :class:`~core.i18n.AnjianError`.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from core.catalogue import Catalogue, PackEntry, build_catalogue
from core.determination import Determination, Verdict, overall
from core.engine import evaluate
from core.findings import Site, parse_findings, parse_site
from core.i18n import AnjianError, Lang, Msg
from core.model import Pack

MAX_INPUT_BYTES = 64 * 1024 * 1024


@cache
def default_catalogue() -> Catalogue:
    """The catalogue of the installed plugins, built on first use and then shared."""
    return build_catalogue()


def get_pack(catalogue: Catalogue, pack_id: str) -> PackEntry:
    entry = catalogue.get(pack_id)
    if entry is None:
        raise AnjianError("pack.unknown", pack=pack_id, known=", ".join(catalogue.entries) or "-")
    return entry


def read_json(path: str | Path) -> Any:
    """Read a JSON input file; a problem names the file (and line, for malformed JSON)."""
    try:
        size = Path(path).stat().st_size
        if size > MAX_INPUT_BYTES:
            raise AnjianError("io.read", file=path,
                              reason=f"{size} bytes is over the {MAX_INPUT_BYTES}-byte limit")
        text = Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise AnjianError("io.read", file=path, reason="not UTF-8 text") from None
    except OSError as exc:
        raise AnjianError("io.read", file=path, reason=exc.strerror or str(exc)) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise AnjianError("io.json", file=path, line=exc.lineno, reason=exc.msg) from None
    except RecursionError:
        raise AnjianError("io.json", file=path, line=1, reason="nested too deeply") from None


@dataclass(frozen=True)
class Evaluation:
    """Determinations of one site under one or more packs, with the overall verdict."""

    determinations: tuple[Determination, ...]
    verdict: Verdict


def evaluate_files(catalogue: Catalogue, pack_ids: Sequence[str], findings_path: str | Path,
                   site_path: str | Path | None = None, *, on: dt.date | None = None,
                   lang: Lang = "en") -> Evaluation:
    """Evaluate a findings file (and a site file) under the named packs."""
    raw_findings = read_json(findings_path)
    raw_site = read_json(site_path) if site_path is not None else {}
    return evaluate_raw(catalogue, pack_ids, raw_findings, raw_site, on=on, lang=lang,
                        findings_name=str(findings_path), site_name=str(site_path or "site"))


def evaluate_raw(catalogue: Catalogue, pack_ids: Sequence[str], raw_findings: Any,
                 raw_site: Any, *, on: dt.date | None = None, lang: Lang = "en",
                 findings_name: str = "findings", site_name: str = "site") -> Evaluation:
    """Evaluate raw (JSON-like) findings and site under the named packs.

    With several packs each finding goes to the pack that has its item; the site's categories,
    tags and exceptions go to the packs that know them, and each must be known to one.
    """
    packs = [get_pack(catalogue, p).pack for p in dict.fromkeys(pack_ids)]
    sites = split_site(packs, raw_site, site_name)
    per_pack = split_findings(packs, raw_findings, findings_name)
    results = []
    for pack in packs:
        findings = parse_findings(pack, per_pack[pack.id], sites[pack.id], findings_name)
        results.append(evaluate(pack, sites[pack.id], findings, on=on, lang=lang))
    return Evaluation(tuple(results), overall([d.verdict for d in results]))


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
        for value in values if isinstance(values, list) else []:
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
