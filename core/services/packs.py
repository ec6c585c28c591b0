"""Pack services: listing, checking and evaluating packs.

A service takes plain values (ids, paths, dates), does the reading it needs, and returns
models; problems a user can fix raise :class:`~core.i18n.AnjianError`.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any, NoReturn

from core.engine.evaluation import Evaluation, evaluate_packs
from core.i18n import AnjianError, Msg, json_reason, os_reason, utf8_reason
from core.plugins.catalogue import Catalogue, PackEntry, build_catalogue

MAX_INPUT_BYTES = 64 * 1024 * 1024


@cache
def default_catalogue(allowed: tuple[tuple[str, str], ...] | None = None) -> Catalogue:
    """The catalogue of the installed plugins, built on first use and then shared; with
    ``allowed`` ((plugin name, code hash) pairs, a team database's allowlist), of anjian's own
    plugins and the third-party ones it allows (see :func:`core.services.plugins.catalogue_for`)."""
    return build_catalogue(allowed=None if allowed is None else dict(allowed))


def get_pack(catalogue: Catalogue, pack_id: str) -> PackEntry:
    """The installed pack ``pack_id``, or a refusal naming the installed ones."""
    return catalogue.require(pack_id)


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
                              reason=Msg("input.too_big", limit=MAX_INPUT_BYTES))
        text = raw.decode("utf-8-sig")  # a byte order mark, as Notepad writes, is no error
    except UnicodeDecodeError as exc:
        raise AnjianError("io.json", file=path, line=raw.count(b"\n", 0, exc.start) + 1,
                          reason=Msg("input.not_utf8", reason=utf8_reason(exc))) from None
    except OSError as exc:
        raise AnjianError("io.read", file=path, reason=os_reason(exc)) from None

    def refuse(token: str, why: str) -> NoReturn:
        at = text.find(token)
        shown = f"{token[:40]}{'…' if len(token) > 40 else ''}"
        raise AnjianError("io.json", file=path, line=text.count("\n", 0, max(at, 0)) + 1,
                          reason=Msg("input.token", token=shown, why=Msg(why)))

    def number(token: str) -> float:
        value = float(token)
        if not math.isfinite(value):
            refuse(token, "input.out_of_range")
        return value

    def integer(token: str) -> int:
        if len(token) > _MAX_DIGITS:
            refuse(token, "input.out_of_range")
        return int(token)

    try:
        data = json.loads(text, parse_float=number, parse_int=integer,
                          parse_constant=lambda c: refuse(c, "input.not_number"))
    except json.JSONDecodeError as exc:
        raise AnjianError("io.json", file=path, line=exc.lineno,
                          reason=json_reason(exc)) from None
    except RecursionError:
        raise AnjianError("io.json", file=path, line=1,
                          reason=Msg("input.too_deep")) from None
    lone = _LONE_SURROGATE.search(text)
    if lone is not None:
        # "\ud800" alone is valid JSON but not text: it cannot be printed, stored or
        # written to a workbook. Only a hint in the text pays for the full check.
        try:
            json.dumps(data, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError:
            refuse(lone[0], "input.surrogate")
    return data


#: Digits of the longest integer a JSON input may hold: any longer is beyond a float's range.
_MAX_DIGITS = 308
_LONE_SURROGATE = re.compile(r"\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F])"
                             r"|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2}")


def evaluate_files(catalogue: Catalogue, pack_ids: Sequence[str], findings_path: str | Path,
                   site_path: str | Path | None = None, *, on: dt.date | None = None
                   ) -> Evaluation:
    """Evaluate a findings file (and a site file) under the named packs."""
    raw_findings = read_json(findings_path)
    raw_site = read_json(site_path) if site_path is not None else {}
    return evaluate_raw(catalogue, pack_ids, raw_findings, raw_site, on=on,
                        findings_name=str(findings_path), site_name=str(site_path or "site"))


def evaluate_raw(catalogue: Catalogue, pack_ids: Sequence[str], raw_findings: Any,
                 raw_site: Any, *, on: dt.date | None = None,
                 findings_name: str = "findings", site_name: str = "site") -> Evaluation:
    """Evaluate raw (JSON-like) findings and site under the installed packs named."""
    packs = [get_pack(catalogue, p).pack for p in dict.fromkeys(pack_ids)]
    return evaluate_packs(packs, raw_findings, raw_site, on=on,
                          findings_name=findings_name, site_name=site_name)
