"""The audit check (``anjian audit verify``): the audit log's hash chain, and every stored
determination against a fresh evaluation of its findings."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from core.engine.differences import Difference, differences
from core.engine.evaluation import split_site
from core.i18n import CATALOGUE, AnjianError, Lang, t
from core.pack.model import Pack
from core.process.permissions import Action
from core.services.context import Context
from core.services.inspections import _determinations, _site
from core.services.users import authorize
from core.store import queries as q
from core.store.audit_chain import ChainBreak, verify
from core.store.db import Session


def chain_check(ctx: Context) -> tuple[int, ChainBreak | None]:
    """(entries checked, the first break or None)."""
    with ctx.store.session() as s:
        authorize(ctx, s, Action.read_all)
        entries = list(q.audit_entries(s))
        head = q.audit_head(s)
    return len(entries), verify(entries, head.seq, head.hash)


# --- stored determinations against their findings -------------------------------------------

#: Inspections re-evaluated per transaction. On SQLite every transaction holds the write lock
#: (BEGIN IMMEDIATE), so a batch must be short enough that an auditor's answer waits only
#: briefly (about 0.1 s); each batch costs two queries beside one per inspection.
BATCH = 200


@dataclass(frozen=True)
class RecordedPack:
    """A pack version an inspection recorded: id, version, content hash."""

    pack: str
    version: str
    hash: str

    def as_json(self) -> dict[str, str]:
        return {"pack": self.pack, "version": self.version, "hash": self.hash}


@dataclass(frozen=True)
class Mismatch:
    """An inspection whose stored determination is not what its findings give."""

    inspection: int
    enterprise: str
    name: str
    packs: tuple[RecordedPack, ...]
    differences: tuple[Difference, ...]

    def as_json(self) -> dict[str, Any]:
        return {"inspection": self.inspection, "enterprise": self.enterprise,
                "name": self.name, "packs": [p.as_json() for p in self.packs],
                "differences": [d.as_json() for d in self.differences]}


@dataclass(frozen=True)
class Unverifiable:
    """A recorded pack version that is not installed (the pack was upgraded or removed since),
    so the determinations made under it cannot be re-checked; not a sign of tampering."""

    recorded: RecordedPack
    installed: RecordedPack | None
    inspections: tuple[int, ...]

    def as_json(self) -> dict[str, Any]:
        return {**self.recorded.as_json(),
                "installed": self.installed.as_json() if self.installed else None,
                "inspections": list(self.inspections)}


@dataclass(frozen=True)
class DeterminationCheck:
    """``checked``: inspections re-evaluated (under at least one of their packs)."""

    checked: int
    mismatched: tuple[Mismatch, ...]
    unverifiable: tuple[Unverifiable, ...]

    def as_json(self) -> dict[str, Any]:
        return {"checked": self.checked,
                "mismatched": [m.as_json() for m in self.mismatched],
                "unverifiable": [u.as_json() for u in self.unverifiable]}


def determination_check(ctx: Context, *, batch: int = BATCH) -> DeterminationCheck:
    """Re-evaluate every inspection's stored findings under the pack versions it recorded
    (the same evaluation that stored its determination) and name every inspection whose
    stored determination differs. Inspections are read in batches of ``batch``, each batch in
    one transaction that sees it whole (a snapshot on PostgreSQL), so memory stays flat and an
    answer being saved meanwhile is never half seen."""
    checked, mismatched = 0, []
    missing: dict[RecordedPack, list[int]] = {}
    after = 0
    while True:
        with ctx.store.snapshot() as s:
            if after == 0:  # every enterprise's determinations: a bureau read
                authorize(ctx, s, Action.read_all)
            rows = q.inspections_after(s, after, batch)
            if not rows:
                break
            recorded: dict[int, list[RecordedPack]] = {}
            for iid, *pack in q.packs_between(s, rows[0].id, rows[-1].id):
                recorded.setdefault(iid, []).append(RecordedPack(*pack))
            for row in rows:
                packs = recorded.get(row.id, [])
                evaluated, diffs, absent = _recheck(ctx, s, row, packs)
                checked += evaluated
                for p in absent:
                    missing.setdefault(p, []).append(row.id)
                if diffs:
                    mismatched.append(Mismatch(row.id, row.enterprise_uscc, row.name or "",
                                               tuple(packs), tuple(diffs)))
        after = rows[-1].id
    unverifiable = []
    for p, ids in missing.items():
        entry = ctx.catalogue.get(p.pack)
        installed = RecordedPack(p.pack, entry.pack.version, entry.hash) if entry else None
        unverifiable.append(Unverifiable(p, installed, tuple(ids)))
    return DeterminationCheck(checked, tuple(mismatched), tuple(unverifiable))


def _recheck(ctx: Context, s: Session, row: Any, recorded: list[RecordedPack]
             ) -> tuple[bool, list[Difference], list[RecordedPack]]:
    """(re-evaluated at all, the differences, the recorded packs not installed) of one
    inspection. Determinations are language-neutral (warnings are keys with parameters), so
    one evaluation compares every field exactly, warnings included."""
    packs: list[Pack] = []
    absent: list[RecordedPack] = []
    for p in recorded:
        # The content hash covers the pack id, so only the installed pack of that id can have
        # the recorded hash; a pack series links different standards (other ids), never an
        # older text of the same one, so an upgraded pack cannot be found there.
        entry = ctx.catalogue.get(p.pack)
        if entry is not None and entry.hash == p.hash:
            packs.append(entry.pack)
        else:
            absent.append(p)
    if not packs:
        # Every inspection records its campaign's packs; with none recorded, a stored
        # determination under any pack is itself a difference.
        return (not absent, differences(row.determination, [], [p.pack for p in absent],
                                        complete=not absent), absent)
    site = _site(row)
    if absent:
        # Site values only a missing pack knows are its own; the packs at hand see the rest,
        # exactly as they did when the determination was stored.
        known = [p.site_vocabulary() for p in packs]
        site = {k: [v for v in vs if any(v in voc[k] for voc in known)]
                if isinstance(vs, list) else vs for k, vs in site.items()}
    ids = [p.pack for p in recorded]
    try:
        sites = split_site(packs, site, f"inspection {row.id}")
        dets = _determinations(s, row.id, row.inspected_on, packs, sites)
    except (AnjianError, ValueError, KeyError, TypeError) as exc:
        # A status, item or site value edited to one the pack does not have.
        reason: Any = ({"key": exc.key, "params": {k: str(v) for k, v in exc.params.items()}}
                       if isinstance(exc, AnjianError) else repr(exc))
        return True, [Difference(None, "findings", None, reason)], absent
    return True, differences(row.determination, dets, ids, complete=not absent), absent


def determination_lines(check: DeterminationCheck, lang: Lang) -> list[tuple[str, bool]]:
    """The check as lines of text, each with whether it reports a problem."""
    out: list[tuple[str, bool]] = []
    if check.mismatched:
        out.append((t("audit.determinations_bad", lang, count=check.checked,
                      bad=len(check.mismatched)), True))
    else:
        out.append((t("audit.determinations_ok", lang, count=check.checked), False))
    for m in check.mismatched:
        what = ("；" if lang == "zh" else "; ").join(_describe(d, lang) for d in m.differences)
        out.append((t("audit.determination_differs", lang, inspection=m.inspection,
                      enterprise=m.enterprise, name=m.name,
                      packs=", ".join(f"{p.pack} {p.version}" for p in m.packs) or "-",
                      what=what), True))
    for u in check.unverifiable:
        installed = (t("audit.installed", lang, version=u.installed.version,
                       hash=u.installed.hash[:12]) if u.installed
                     else t("audit.not_installed", lang))
        shown = ", ".join(map(str, u.inspections[:10]))
        out.append((t("audit.cannot_recheck", lang, pack=u.recorded.pack,
                      version=u.recorded.version, hash=u.recorded.hash[:12],
                      installed=installed, count=len(u.inspections),
                      ids=shown + (" …" if len(u.inspections) > 10 else "")), False))
    return out


def _describe(d: Difference, lang: Lang) -> str:
    if d.field == "findings":
        why = d.evaluated
        reason = t(why["key"], lang, **why["params"]) if isinstance(why, dict) else str(why)
        return t("audit.unevaluable", lang, reason=reason)
    prefix = f"{d.pack}: " if d.pack else ""
    if d.field == "determination" and d.evaluated is None:
        return prefix + t("audit.not_recorded", lang)
    if d.field == "determination" and isinstance(d.evaluated, dict):
        return prefix + t("audit.not_stored", lang, evaluated=_short(d.evaluated["verdict"]))
    field = t("audit.overall", lang) if (d.pack, d.field) == (None, "verdict") else d.field
    was, now = d.stored, d.evaluated
    if isinstance(was, list) and isinstance(now, list):
        was, now = _names(was, lang), _names(now, lang)
        only_was = [x for x in was if x not in now]
        only_now = [x for x in now if x not in was]
        if only_was or only_now:
            none = t("out.none", lang)
            return prefix + t("audit.list_differs", lang, field=field,
                              stored=", ".join(only_was) or none,
                              evaluated=", ".join(only_now) or none)
    return prefix + t("audit.value_differs", lang, field=field, stored=_short(was),
                      evaluated=_short(now))


def _names(values: list[Any], lang: Lang) -> list[str]:
    """List entries as text: a trigger by its rule (and whether it is vetoed)."""
    out = []
    for v in values:
        if isinstance(v, dict) and "rule" in v:
            vetoed = f" ({t('out.vetoed', lang)})" if v.get("vetoed") else ""
            out.append(f"{v['rule']}{vetoed}")
        elif (isinstance(v, dict) and isinstance(v.get("key"), str) and v["key"] in CATALOGUE
              and isinstance(v.get("params"), dict)):
            try:  # a warning, as its reader reads it
                out.append(t(v["key"], lang, **v["params"]))
            except (KeyError, IndexError):
                out.append(json.dumps(v, ensure_ascii=False))
        else:
            out.append(v if isinstance(v, str) else json.dumps(v, ensure_ascii=False))
    return out


def _short(value: Any, limit: int = 120) -> str:
    text = f"'{value}'" if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[:limit - 1] + "…"
