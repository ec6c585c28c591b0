"""Pack services: listing, checking and evaluating packs, and each pack's standing in time.

A service takes plain values (ids, paths, dates), does the reading it needs, and returns
models; problems a user can fix raise :class:`~core.i18n.AnjianError`.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, NoReturn

from core.engine import compile_pack
from core.engine.determination import Standing
from core.engine.evaluation import Evaluation, evaluate_packs
from core.i18n import AnjianError, Listed, Msg, json_reason, os_reason, utf8_reason
from core.pack.model import Pack
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


# --- standing in time ------------------------------------------------------------------------


@dataclass(frozen=True)
class PackStanding:
    """A pack's standard on a date: in force, not yet in force, or withdrawn (its successor
    in force since), with what replaced it and whether that is installed here."""

    pack: str
    version: str
    standard: str
    title_zh: str
    title_en: str
    effective: dt.date
    #: The date the standing is of.
    on: dt.date
    standing: Standing
    #: The standard that replaced this one (None: none known), its title and its date.
    successor: str | None = None
    successor_title_zh: str = ""
    successor_effective: dt.date | None = None
    #: The installed packs that are the successor (see :func:`successor_packs`).
    successor_packs: tuple[str, ...] = ()

    @property
    def withdrawn(self) -> bool:
        return self.standing is Standing.withdrawn

    def installed_msg(self) -> Msg:
        """Whether the standard in force is installed (naming its packs when it is)."""
        if self.successor_packs:
            return Msg("standing.successor_installed", packs=Listed(self.successor_packs))
        return Msg("standing.successor_missing")

    def summary(self) -> Msg:
        """One line: the standing, and for a standard not in force why (its successor and
        whether that is installed, or when it takes effect)."""
        label = Msg(f"standing.{self.standing.value}")
        if self.standing is Standing.not_yet:
            return Msg("standing.not_yet_line", standing=label, standard=self.standard,
                       effective=self.effective.isoformat())
        if self.successor is None or self.successor_effective is None:
            return label
        return Msg("standing.line", standing=label, standard=self.standard,
                   successor=self.successor_msg(), installed=self.installed_msg())

    def successor_msg(self) -> Msg | str:
        """已于 DATE 被 STANDARD 替代, or nothing when no successor is known."""
        if self.successor is None or self.successor_effective is None:
            return ""
        return Msg("standing.successor", successor=self.successor,
                   date=self.successor_effective.isoformat())

    def banner(self) -> Msg:
        """What a screen shows above an inspection under a withdrawn standard: the mark, what
        replaced the standard and when, and that it never clears a site."""
        return Msg("standing.banner", mark=Msg("standing.withdrawn_mark"),
                   standard=self.standard, successor=self.successor or "-",
                   date=self.successor_effective.isoformat() if self.successor_effective
                   else "-", on=self.on.isoformat(), installed=self.installed_msg())

    def params(self) -> dict[str, Any]:
        """What a message about starting under this standard names: the pack, its standard,
        the successor, its date, the inspection date and whether the successor is installed
        (``inspection.withdrawn``, ``ui.start_withdrawn``)."""
        return {"pack": self.pack, "standard": self.standard,
                "successor": self.successor or "-",
                "date": self.successor_effective.isoformat() if self.successor_effective
                else "-", "on": self.on.isoformat(), "installed": self.installed_msg()}

    def successor_json(self) -> dict[str, Any] | None:
        """The successor as ``--json`` gives it beside a determination (None: none known)."""
        if self.successor is None or self.successor_effective is None:
            return None
        return {"standard": self.successor, "title_zh": self.successor_title_zh,
                "effective": self.successor_effective.isoformat(),
                "installed": bool(self.successor_packs), "packs": list(self.successor_packs)}

    def as_json(self) -> dict[str, Any]:
        """``anjian packs status --json``: one pack's standing."""
        return {"pack": self.pack, "version": self.version, "standard": self.standard,
                "title_zh": self.title_zh, "title_en": self.title_en,
                "effective": self.effective.isoformat(), "on": self.on.isoformat(),
                "standing": self.standing.value, "successor": self.successor_json()}


def _standard_key(number: str) -> str:
    """A standard's number compared as written in any spacing or case (GB 35181-2025 and
    GB35181-2025 are one standard)."""
    return "".join(number.split()).casefold()


def successor_packs(catalogue: Catalogue, pack: Pack) -> tuple[str, ...]:
    """The installed packs that are ``pack``'s successor: their standard is the one
    ``superseded_by`` names, and they are versions of the same standard (the same ``series``;
    for a pack without one, a pack that names its standard in ``replaces``, so a newer version
    can be added without editing the one every earlier inspection recorded)."""
    succ = pack.superseded_by
    if succ is None:
        return ()
    wanted = _standard_key(succ.standard)
    own = _standard_key(pack.standard)
    found = []
    for entry in catalogue.entries.values():
        other = entry.pack
        if other.id == pack.id or _standard_key(other.standard) != wanted:
            continue
        if (pack.series is not None and other.series == pack.series) or (
                pack.series is None and _standard_key(other.replaces) == own):
            found.append(other.id)
    return tuple(found)


def standing_of(catalogue: Catalogue, pack: Pack, on: dt.date) -> PackStanding:
    """``pack``'s standing on ``on`` (the engine's, which every determination states), with its
    successor and whether that is installed in ``catalogue``."""
    succ = pack.superseded_by
    return PackStanding(
        pack=pack.id, version=pack.version, standard=pack.standard, title_zh=pack.title_zh,
        title_en=pack.title_en, effective=pack.effective, on=on,
        standing=compile_pack(pack).standing(on),
        successor=succ.standard if succ else None,
        successor_title_zh=succ.title_zh if succ else "",
        successor_effective=succ.effective if succ else None,
        successor_packs=successor_packs(catalogue, pack))


def pack_status(catalogue: Catalogue, on: dt.date) -> tuple[PackStanding, ...]:
    """Every installed pack's standing on ``on``, in the catalogue's order."""
    return tuple(standing_of(catalogue, e.pack, on) for e in catalogue.entries.values())


def withdrawn_packs(catalogue: Catalogue, packs: Sequence[Pack],
                    on: dt.date) -> tuple[PackStanding, ...]:
    """Those of ``packs`` whose standard was withdrawn on ``on``."""
    return tuple(st for st in (standing_of(catalogue, p, on) for p in packs) if st.withdrawn)


def with_successor(catalogue: Catalogue, determination: dict[str, Any],
                   on: dt.date | None) -> dict[str, Any]:
    """A determination's ``--json`` with, when it stands under a withdrawn standard, the
    standard that replaced it, its date and the installed packs that are it (``successor``):
    what a person needs to act on the mark."""
    if determination.get("standing") != Standing.withdrawn.value or on is None:
        return determination
    entry = catalogue.get(str(determination.get("pack")))
    if entry is None:
        return determination
    return {**determination,
            "successor": standing_of(catalogue, entry.pack, on).successor_json()}
