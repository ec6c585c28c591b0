"""Pack services: listing, checking and evaluating packs.

A service takes plain values (ids, paths, dates), does the reading it needs, and returns
models; problems a user can fix raise :class:`~core.i18n.AnjianError`.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, NoReturn

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
    """Read a JSON input file; a problem names the file (and line, for malformed JSON).

    Numbers must fit a float (a 5,000-digit integer or 1e999 is refused, not turned into an
    error deep in the engine), and NaN/Infinity, which are not JSON, are refused.
    """
    try:
        # Read one byte past the limit rather than trusting the size: a pipe (/dev/stdin)
        # has none, and a device (/dev/zero) would never end.
        with Path(path).open("rb") as fh:
            raw = fh.read(MAX_INPUT_BYTES + 1)
        if len(raw) > MAX_INPUT_BYTES:
            raise AnjianError("io.read", file=path,
                              reason=f"over the {MAX_INPUT_BYTES}-byte limit")
        text = raw.decode("utf-8-sig")  # a byte order mark, as Notepad writes, is no error
    except UnicodeDecodeError as exc:
        raise AnjianError("io.json", file=path, line=raw.count(b"\n", 0, exc.start) + 1,
                          reason=f"not UTF-8 text ({exc.reason}); save it as UTF-8") from None
    except OSError as exc:
        raise AnjianError("io.read", file=path, reason=exc.strerror or str(exc)) from None

    def refuse(token: str, why: str) -> NoReturn:
        at = text.find(token)
        raise AnjianError("io.json", file=path, line=text.count("\n", 0, max(at, 0)) + 1,
                          reason=f"{token[:40]}{'…' if len(token) > 40 else ''}: {why}")

    def number(token: str) -> float:
        value = float(token)
        if not math.isfinite(value):
            refuse(token, "the number is out of range")
        return value

    def integer(token: str) -> int:
        if len(token) > _MAX_DIGITS:
            refuse(token, "the number is out of range")
        return int(token)

    try:
        data = json.loads(text, parse_float=number, parse_int=integer,
                          parse_constant=lambda c: refuse(c, "not a JSON number"))
    except json.JSONDecodeError as exc:
        raise AnjianError("io.json", file=path, line=exc.lineno, reason=exc.msg) from None
    except RecursionError:
        raise AnjianError("io.json", file=path, line=1, reason="nested too deeply") from None
    lone = _LONE_SURROGATE.search(text)
    if lone is not None:
        # "\ud800" alone is valid JSON but not text: it cannot be printed, stored or
        # written to a workbook. Only a hint in the text pays for the full check.
        try:
            json.dumps(data, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError:
            refuse(lone[0], "half of a UTF-16 surrogate pair, not a character")
    return data


#: Digits of the longest integer a JSON input may hold: any longer is beyond a float's range.
_MAX_DIGITS = 308
_LONE_SURROGATE = re.compile(r"\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F])"
                             r"|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2}")


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
    _check_numbers(raw_findings, findings_name)
    per_pack = split_findings(packs, raw_findings, findings_name)
    results = []
    for pack in packs:
        findings = parse_findings(pack, per_pack[pack.id], sites[pack.id], findings_name)
        results.append(evaluate(pack, sites[pack.id], findings, on=on, lang=lang))
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
                                  problem="a number is out of range (over 308 digits)")


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
