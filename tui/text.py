"""Readable text shared by the command line and the terminal UI: what changes between two
versions of a standard, what the audit check found, a rate per 1,000 inspections. Services
return these results as typed values; only front ends word them, in the reader's language."""

from __future__ import annotations

import json
from typing import Any

from core.engine.differences import Difference
from core.i18n import CATALOGUE, Lang, t
from core.services.audit_check import DeterminationCheck
from core.services.versions import Reevaluation
from core.views.statistics import Rate


def change_lines(r: Reevaluation, lang: Lang) -> list[str]:
    """What changes between the versions, as lines of text (command line and screen)."""
    c = r.change
    none = t("versions.none", lang)
    out = [t("versions.header", lang, source=r.source.pack.id, sv=r.source.pack.version,
             target=r.target.pack.id, tv=r.target.pack.version),
           "  " + t("versions.verdict", lang, before=t("verdict." + c.verdict_before, lang),
                    after=t("verdict." + c.verdict_after, lang)),
           "  " + t("versions.fired", lang, before=", ".join(c.fired_before) or none,
                    after=", ".join(c.fired_after) or none)]
    if not c.changed:
        out.append("  " + t("versions.unchanged", lang))
    src = {i.id: i for i in r.source.pack.items()}
    dst = {i.id: i for i in r.target.pack.items()}
    for key, ids, items in (("versions.newly_major", c.newly_major, dst),
                            ("versions.no_longer_major", c.no_longer_major, src),
                            ("versions.not_carried", r.carried.dropped, src)):
        if ids:
            out.append(f"  {t(key, lang)} ({len(ids)}):")
            out += [f"    {i} {items[i].clause} {items[i].text_zh.splitlines()[0][:60]}"
                    for i in ids]
    if r.carried.to_review:
        out.append(f"  {t('versions.to_review', lang)} ({len(r.carried.to_review)}):")
        out += [f"    {i} {dst[i].clause} ← {', '.join(sources)}"
                for i, sources in r.carried.to_review.items()]
    if r.carried.new:
        out.append(f"  {t('versions.new_items', lang)} ({len(r.carried.new)}): "
                   f"{', '.join(dst[i].clause for i in r.carried.new)}")
    if r.site_dropped:
        out.append(f"  {t('versions.site_dropped', lang)}: {', '.join(r.site_dropped)}")
    return out


def rate_figure(r: Rate, lang: Lang) -> str:
    """A rate per 1,000 as printed: a dash when no inspection is counted (no figure)."""
    return t("ui.rate.none", lang) if r.per_1000 is None else f"{r.per_1000}"


def rate_text(r: Rate, lang: Lang) -> str:
    """A rate with its numerator and denominator: ``93.8（3/32）``."""
    return t("ui.rate.value", lang, rate=rate_figure(r, lang), major=r.major,
             inspections=r.inspections)


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
