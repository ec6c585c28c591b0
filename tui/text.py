"""Readable text shared by the command line and the terminal UI: what changes between two
versions of a standard or when an inspection moves to the installed content of its packs,
what the audit check found, a hazard with its deadline's history, a rate per 1,000
inspections. Services return these results as typed values; only front ends word them, in the
reader's language."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Protocol

from core.engine.determination import Determination
from core.engine.differences import Difference
from core.i18n import CATALOGUE, Lang, Listed, Msg, name, t
from core.pack.model import Item, Measure, Pack
from core.process.workflow import PLAN_FIELDS
from core.services.audit_check import DeterminationCheck
from core.services.state_check import StateCheck
from core.services.versions import Reevaluation
from core.views.evidence import EvidenceView, Verified
from core.views.hazards import AuditEntryView, HazardDetail, HazardRecord
from core.views.pins import Repinned
from core.views.statistics import Rate

if TYPE_CHECKING:
    from core.services.permits import TicketCheck


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
                            ("versions.awaiting", c.awaiting, src),
                            ("versions.not_carried", r.carried.dropped, src)):
        if ids:
            out.append(f"  {t(key, lang, target=r.target.pack.id)} ({len(ids)}):")
            out += [f"    {i} {items[i].clause} {items[i].text_zh.splitlines()[0][:60]}"
                    for i in ids]
    out += _measured_lines(r, lang, dst)
    out += _review_lines(r, lang, src, dst)
    target = r.target.pack.id
    if r.carried.new:
        new = t("versions.new_items", lang, target=target, source=r.source.pack.id)
        out.append(f"  {new} ({len(r.carried.new)}): "
                   f"{', '.join(dst[i].clause for i in r.carried.new)}")
    if r.site_dropped:
        out.append(f"  {t('versions.site_dropped', lang, target=target)}: "
                   f"{', '.join(r.site_dropped)}")
    return out


def _number(x: float) -> str:
    return f"{x:g}"


def _measured_lines(r: Reevaluation, lang: Lang, dst: dict[str, Item]) -> list[str]:
    """Recorded values judged against the target's limits, and what they decide."""
    measured = r.carried.measured
    if not measured:
        return []
    out = [f"  {t('versions.measured', lang, target=r.target.pack.id)} ({len(measured)}):"]
    for item_id, m in measured.items():
        item = dst[item_id]
        status = (t("ui.answer." + m.status.value, lang) if m.status is not None
                  else t("versions.measured.undecided", lang))
        out.append("    " + t("versions.measured.item", lang, item=item_id, clause=item.clause,
                              status=status))
        for v in m.values:
            node = item.part(v.part)
            measure = node.measure if node is not None else None
            if measure is None:
                continue
            key = "versions.measured.value" if v.design is None \
                else "versions.measured.value_design"
            out.append("      " + t(
                key, lang, part=item_id if v.part == "." else f"{item_id}/{v.part}",
                source=v.source if v.source_part == "." else f"{v.source}/{v.source_part}",
                quantity=measure.quantity_zh if lang == "zh" else measure.quantity_en,
                value=_number(v.value), design=_number(v.design or 0), unit=measure.unit,
                limit=_limit(measure, v.design, lang)))
    return out


def _limit(measure: Measure, design: float | None, lang: Lang) -> str:
    """The limit a value is judged against: in Chinese with the text's own limit word when it
    gives one (超过 110万t), else with the comparison (> 110 万t)."""
    limit = _number(measure.limit_for(design))
    if lang == "zh" and measure.wording:
        return f"{measure.wording}{limit}{measure.unit}"
    return f"{measure.op.value} {limit} {measure.unit}"


def _review_lines(r: Reevaluation, lang: Lang, src: dict[str, Item],
                  dst: dict[str, Item]) -> list[str]:
    """The answers left for the inspector: why, and both texts with their clauses."""
    review = r.carried.to_review
    if not review:
        return []
    out = [f"  {t('versions.to_review', lang)} ({len(review)}):"]
    for item_id, reviews in review.items():
        item = dst[item_id]
        for rv in reviews:
            source = src[rv.source]
            answered = r.answered.get(rv.source)
            out.append("    " + t(
                "versions.review.item", lang, item=item_id, clause=item.clause,
                source=rv.source, source_clause=source.clause,
                answer=t("ui.answer." + answered.value, lang) if answered else
                t("versions.review.unanswered", lang)))
            out.append("      " + t("versions.why." + rv.why, lang, source=r.source.pack.id,
                                    target=r.target.pack.id))
            for pack_id, node in ((r.source.pack.id, source), (r.target.pack.id, item)):
                out.append("      " + t("versions.review.text", lang, pack=pack_id,
                                        clause=node.clause, text=node.text_zh))
                if lang == "en":
                    out.append(f"        {node.gloss_en}")
    return out


def constituted_lines(d: Determination, pack: Pack, lang: Lang,
                      others: Mapping[str, Pack] | None = None) -> list[str]:
    """The items of ``pack`` other packs' findings constitute (构成), each with the
    finding's standard, clause and text (from ``others``): a heading and a line each."""
    out: list[str] = []
    items = {i.id: i for i in pack.items()}
    if d.constituted:
        out.append(f"{t('out.constituted', lang)} ({len(d.constituted)}):")
        for c in d.constituted:
            source_pack = (others or {}).get(c.source_pack)
            node = source_pack.part(c.source) if source_pack is not None else None
            text = "" if node is None else node.gloss_en if lang == "en" else node.text_zh
            out.append("  " + t(
                "out.constituted_line", lang,
                clause=items[c.item].clause if c.item in items else c.item,
                standard=source_pack.standard if source_pack is not None else c.source_pack,
                source_clause=getattr(node, "clause", c.source), source_text=text))
    return out


def part_lines(d: Determination, pack: Pack, lang: Lang,
               others: Mapping[str, Pack] | None = None) -> list[str]:
    """What a determination says of parts, as both front ends show it: the items other packs'
    findings constitute (构成, each with the finding's standard, clause and text, from
    ``others``), the items a waiver set aside, the local items of an overlay, the
    conjunctions' parts recorded as general hazards of their own (clause and text), and the
    parts the text sets aside for this site or date (with the tags, by name, or the date they
    count from)."""
    out: list[str] = []
    items = {i.id: i for i in pack.items()}
    out += constituted_lines(d, pack, lang, others)
    for key, ids in (("out.waived", d.waived), ("out.local_items", d.local_items)):
        listed = [i for i in ids if i in items]
        if listed:
            out.append(f"{t(key, lang)} ({len(listed)}):")
            out += ["  " + t("out.waived_line", lang, clause=items[i].clause,
                             text=items[i].gloss_en if lang == "en" else items[i].text_zh)
                    for i in listed]
    if d.general_parts:
        out.append(f"{t('out.general_parts', lang)} ({len(d.general_parts)}):")
        for part in d.general_parts:
            clause, text = pack.hazard_text(part) or (part, "")
            node = pack.part(part)
            shown = node.gloss_en if lang == "en" and node is not None else text
            out.append(f"  {clause} {shown}")
    if d.absent_parts:
        out.append(f"{t('out.absent_parts', lang)} ({len(d.absent_parts)}):")
        tags = {x.id: x.name_en if lang == "en" else x.name_zh for x in pack.tags}
        for a in d.absent_parts:
            clause = (pack.hazard_text(a.part) or (a.part, ""))[0]
            detail = (Listed(tags.get(x, x) for x in a.detail.split(" / "))
                      if a.reason == "gated" else a.detail)
            out.append("  " + t(f"absent.{a.reason}", lang, part=clause, detail=detail))
    return out


def repin_lines(r: Repinned, lang: Lang) -> list[str]:
    """What moving an inspection to the installed content changed, as lines of text."""
    from core.services.pins import SHORT

    none = t("versions.none", lang)
    out = [t("pins.repinned", lang, inspection=r.inspection, reason=r.reason)]
    for pin, c in r.changes():
        out.append("  " + t("pins.moved_pack", lang, pack=pin.pack_id, version=pin.version,
                            hash=pin.hash[:SHORT], installed_version=pin.installed_version,
                            installed_hash=(pin.installed_hash or "")[:SHORT]))
        out.append("    " + t("versions.verdict", lang,
                              before=t("verdict." + c.verdict_before, lang),
                              after=t("verdict." + c.verdict_after, lang)))
        out.append("    " + t("versions.fired", lang, before=", ".join(c.fired_before) or none,
                              after=", ".join(c.fired_after) or none))
        if not c.changed:
            out.append("    " + t("versions.unchanged", lang))
        for key, ids in (("pins.newly_major", c.newly_major),
                         ("pins.no_longer_major", c.no_longer_major)):
            if ids:
                out.append(f"    {t(key, lang)} ({len(ids)}): {', '.join(ids)}")
    if len(r.after) > 1:  # several packs: the inspection's own verdict too
        out.append("  " + t("pins.overall", lang,
                            before=t("verdict." + r.verdict_before.value, lang),
                            after=t("verdict." + r.verdict_after.value, lang)))
    if r.hazards:
        out.append("  " + t("pins.hazards", lang))
        for h in r.hazards:
            key = f"pins.hazard.{h.get('hazard')}"
            out.append("    " + (t(key, lang, item=h.get("item", ""), level=h.get("level", ""),
                                   was=h.get("was", {}).get("level", ""))
                                 if key in CATALOGUE else json.dumps(h, ensure_ascii=False)))
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
                      ids=shown + (" …" if len(u.inspections) > 10 else "")), True))
        todo = "audit.recheck_repin" if u.installed else "audit.recheck_install"
        out.append(("  " + t(todo, lang, pack=u.recorded.pack, version=u.recorded.version,
                             hash=u.recorded.hash[:12]), True))
    if check.tampered:
        out.append((t("audit.tampered_count", lang, count=len(check.tampered)), True))
    for x in check.tampered:
        e = x.expected
        expected = (t("audit.tampered.nowhere", lang) if e is None else
                    t("audit.tampered.campaign", lang, campaign=x.campaign, version=e.version,
                      hash=e.hash[:12]) if x.entry is None else
                    t("audit.tampered.logged", lang, entry=x.entry, version=e.version,
                      hash=e.hash[:12]))
        out.append((t("audit.tampered", lang, inspection=x.inspection, pack=x.recorded.pack,
                      version=x.recorded.version, hash=x.recorded.hash[:12],
                      expected=expected), True))
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
    field = (t("audit.overall", lang) if (d.pack, d.field) == (None, "verdict") else
             t("audit.ledger", lang) if d.field == "ledger" else d.field)
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
        if isinstance(v, dict) and "hazard" in v and "item" in v:  # a hazard of the ledger
            out.append(t("audit.hazard", lang, item=v["item"], state=v["hazard"]))
        elif isinstance(v, dict) and "rule" in v:
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


def hazard_lines(d: HazardDetail, lang: Lang) -> list[str]:
    """A hazard as its reader needs it: where it stands, what it is, every change of its
    deadline (who, when, why, from what to what), its requests for more time, its plan."""
    h, row = d.hazard, d.row
    head = [t("hazard.show.header", lang, id=h.id, level=name("ui.level", h.level, lang),
              status=name("hstatus", h.status, lang)),
            t("hazard.show.deadline", lang, date=h.deadline.isoformat()) if h.deadline
            else t("hazard.show.no_deadline", lang)]
    if row.days_left is not None:
        head.append(t("hazard.show.overdue", lang, days=-row.days_left) if row.overdue
                    else t("hazard.show.left", lang, days=row.days_left))
    out = [("，" if lang == "zh" else ", ").join(head),
           "  " + t("hazard.show.found", lang, uscc=h.enterprise_uscc, item=h.item_id,
                    clause=h.clause, date=h.found_on.isoformat(), inspection=h.inspection_id)]
    if h.responsible:
        out.append("  " + t("hazard.show.responsible", lang, name=h.responsible))
    if d.deadlines:
        out.append(t("hazard.show.deadlines", lang))
        out += ["  " + line for line in _deadline_changes(d, lang)]
    if d.extensions:
        out.append(t("hazard.show.extensions", lang))
        out += ["  " + line for line in _extensions(d, lang)]
    parts = [key for key in PLAN_FIELDS if getattr(h, key)]
    if parts:
        out.append(t("hazard.show.plan", lang))
    out += ["  " + t("hazard.show.part", lang, part=name("plan", key, lang),
                     text=getattr(h, key)) for key in parts]
    if h.verified_by and h.verified_on:
        out.append(t("hazard.show.verified", lang, by=h.verified_by,
                     date=h.verified_on.isoformat()))
    if h.note:
        out.append(t("hazard.show.note", lang, note=h.note))
    return out


def file_line(f: EvidenceView, lang: Lang) -> str:
    """An evidence file: its name, size and SHA-256."""
    return t("hzr.file", lang, name=f.name, size=f.size, sha256=f.sha256)


def _files(files: tuple[EvidenceView, ...], lang: Lang, indent: str = "") -> list[str]:
    if not files:
        return [indent + t("hzr.no_files", lang)]
    return [indent + t("hzr.files", lang), *(indent + "  " + file_line(f, lang) for f in files)]


def _at(when: Any) -> str:
    return f"{when:%Y-%m-%d %H:%M}" if when is not None else "—"


def hazard_sections(r: HazardRecord, lang: Lang) -> list[tuple[str, list[str]]]:
    """A hazard in full as (heading, lines) sections, the same on the screen and on the
    command line: the finding, the plan, the deadline and its changes, the requests for more
    time, the rectifications with their files, the verification and the history."""
    h, d, row = r.hazard, r.detail, r.detail.row
    finding = [
        t("hzr.enterprise", lang, name=r.enterprise_name or "—", uscc=h.enterprise_uscc,
          district=r.district or "—", sector=name("sector", r.sector, lang) or "—"),
        t("hzr.item", lang, item=h.item_id, clause=h.clause, text=r.item_text),
        t("hzr.pack", lang, pack=h.pack_id, title=r.pack_title),
        t("hzr.inspection", lang, id=h.inspection_id,
          kind=name("ui.kind", r.inspection_kind, lang),
          date=r.inspected_on.isoformat() if r.inspected_on else "—",
          found=h.found_on.isoformat()),
        t("hzr.level", lang, level=name("ui.level", h.level, lang),
          status=name("hstatus", h.status, lang)),
    ]
    if h.recurrence_of is not None:
        finding.append(t("hzr.recurs", lang, id=h.recurrence_of))
    if h.corrected_on_site:
        finding.append(t("hzr.corrected", lang))
    finding.append(t("hzr.note", lang, note=r.finding_note) if r.finding_note
                   else t("hzr.no_note", lang))
    if r.finding_location:
        finding.append(t("hzr.location", lang, location=r.finding_location))
    if r.answered_by:
        finding.append(t("hzr.answered", lang, by=r.answered_by, at=_at(r.answered_at)))
    finding += _files(r.finding_files, lang)

    plan = [t("hzr.responsible", lang, name=h.responsible) if h.responsible
            else t("hzr.no_responsible", lang)]
    plan += [t("hzr.part", lang, part=name("plan", key, lang),
               text=getattr(h, key) or t("hzr.empty", lang)) for key in PLAN_FIELDS]

    deadline = [t("hazard.show.deadline", lang, date=h.deadline.isoformat()) if h.deadline
                else t("hazard.show.no_deadline", lang)]
    if row.days_left is not None:
        deadline.append(t("hazard.show.overdue", lang, days=-row.days_left) if row.overdue
                        else t("hazard.show.left", lang, days=row.days_left))
    deadline += _deadline_changes(d, lang) or [t("hzr.no_changes", lang)]

    extensions = _extensions(d, lang) or [t("hzr.no_extensions", lang)]

    fixes: list[str] = []
    for x in r.rectifications:
        fixes.append(t("hzr.submitted", lang, at=_at(x.submitted_at), by=x.submitted_by,
                       evidence=x.evidence or "—"))
        result = name("hzr.result", x.result, lang)
        fixes.append("  " + (t("hzr.result_by", lang, result=result, by=x.verified_by,
                                 at=_at(x.verified_at), note=x.note) if x.verified_by
                             else t("hzr.result", lang, result=result)))
        fixes += _files(x.files, lang, "  ")
    fixes = fixes or [t("hzr.no_rectification", lang)]

    sections = [(t("hzr.finding", lang), finding), (t("hzr.plan", lang), plan),
                (t("hzr.deadline", lang), deadline), (t("hzr.extensions", lang), extensions),
                (t("hzr.rectification", lang), fixes)]
    verification = []
    if h.verified_by and h.verified_on:
        verification.append(t("hazard.show.verified", lang, by=h.verified_by,
                              date=h.verified_on.isoformat()))
    if h.note:
        verification.append(t("hazard.show.note", lang, note=h.note))
    if verification:
        sections.append((t("hzr.verification", lang), verification))
    sections.append((t("hzr.history", lang),
                     [history_line(e, lang) for e in r.history] or [t("hzr.no_history", lang)]))
    return sections


def _deadline_changes(d: HazardDetail, lang: Lang) -> list[str]:
    out = []
    for c in d.deadlines:
        line = t("hazard.show.change", lang, date=c.changed_on.isoformat(), by=c.changed_by,
                 kind=name("dkind", c.kind, lang),
                 old=c.old_deadline.isoformat() if c.old_deadline else "—",
                 new=c.new_deadline.isoformat())
        if c.reason:
            line += t("hazard.show.because", lang, reason=c.reason)
        out.append(line)
    return out


def _extensions(d: HazardDetail, lang: Lang) -> list[str]:
    out = []
    for x in d.extensions:
        line = t("hazard.show.extension", lang, date=x.requested_on.isoformat(),
                 by=x.requested_by, deadline=x.deadline.isoformat(),
                 until=x.until.isoformat(), reason=x.reason,
                 status=name("estatus", x.status, lang))
        if x.decided_on:
            line += t("hazard.show.decision", lang, by=x.decided_by,
                      date=x.decided_on.isoformat(), note=x.note)
        out.append(line)
    return out


def history_line(e: AuditEntryView, lang: Lang) -> str:
    """An audit entry of a hazard as a line: when, who, what, and what changed."""
    line = t("hzr.entry", lang, at=_at(e.at), actor=e.actor,
             action=name("hzr.action", e.action, lang))
    before, after = e.before or {}, e.after or {}
    was, now = before.get("status"), after.get("status")
    if was and now and was != now:
        line += t("hzr.status_change", lang, before=name("hstatus", str(was), lang),
                  after=name("hstatus", str(now), lang))
    if "deadline" in after and after["deadline"] != before.get("deadline", after["deadline"]):
        line += t("hzr.deadline_change", lang, before=before.get("deadline") or "—",
                  after=after["deadline"] or "—")
    for key, text in (("note", "hzr.entry_note"), ("reason", "hzr.entry_reason")):
        if after.get(key):
            line += t(text, lang, **{key: after[key]})
    if after.get("files"):
        line += t("hzr.entry_files", lang, count=len(after["files"]))
    return line


# --- the audit and evidence checks, as ``anjian audit verify`` and ``evidence verify`` print
# them and the checks screen shows them: lines, each with whether it reports a problem -----


class ChainBreak(Protocol):
    """Where the audit chain first fails (``audit_check.chain_check``'s second value)."""

    @property
    def seq(self) -> int: ...

    def render(self, lang: Lang = "zh") -> str: ...


def chain_line(count: int, broken: ChainBreak | None, lang: Lang) -> tuple[str, bool]:
    """The audit log's hash chain: intact over ``count`` entries, or where it first breaks."""
    if broken is None:
        return t("cli.out.audit.intact", lang, count=count), False
    return t("cli.out.audit.broken", lang, seq=broken.seq, reason=broken), True


def state_lines(state: StateCheck, lang: Lang) -> list[tuple[str, bool]]:
    """The state check as lines (text, is it a problem)."""
    if not state.checked:
        return [(t("cli.out.audit.state_none", lang), False)]
    if not state.differences:
        return [(t("cli.out.audit.state_ok", lang, tables=state.tables, rows=state.rows),
                 False)]
    lines = [(t("cli.out.audit.state_bad", lang, count=len(state.differences)), True)]
    for d in state.differences:
        if d.actual is None:
            lines.append((t("cli.out.audit.state_missing", lang, table=d.table, key=d.key),
                          True))
        elif d.logged is None:
            lines.append((t("cli.out.audit.state_unlogged", lang, table=d.table, key=d.key),
                          True))
        else:
            for f in d.fields:
                lines.append((t("cli.out.audit.state_field", lang, table=d.table, key=d.key,
                                field=f, logged=_state_value(d.logged.get(f)),
                                actual=_state_value(d.actual.get(f))), True))
    return lines


def _state_value(value: Any) -> str:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "…"


def evidence_where(object_type: str, object_id: str, hazard: int | None, lang: Lang) -> str:
    """What an evidence file is attached to."""
    if object_type == "finding":
        return t("evidence.of_finding_at", lang, key=object_id)
    if hazard is None:
        return t("evidence.of_rectification_id", lang, id=object_id)
    return t("evidence.of_rectification", lang, hazard=hazard, id=object_id)


#: Paths named as examples when the store has files or folders others may read.
EXAMPLES = 3


def evidence_lines(result: Verified, lang: Lang) -> list[tuple[str, bool]]:
    """Each file changed or gone, a warning (nothing changed) when others may read part of
    the store, and last the summary (a problem when anything is damaged)."""
    out = []
    for d in result.damaged:
        for f in d.files:
            out.append((t(f"evidence.file_{d.state}", lang, name=f.name,
                          where=evidence_where(f.object_type, f.object_id, None, lang),
                          sha256=d.sha256, path=d.path), True))
    if result.open_to_others:
        shown = result.open_to_others[:EXAMPLES]
        examples = Listed(Msg("evidence.open_example", path=str(f.path), mode=f.octal)
                          for f in shown)
        fix = "o-rwx" if result.shared else "go-rwx"  # a shared store keeps its group's access
        out.append((t("evidence.open_files", lang, dir=str(result.root),
                      count=len(result.open_to_others), examples=examples, fix=fix), True))
    folder = str(result.root or "-")
    if result.damaged:
        out.append((t("evidence.verify_bad", lang, count=result.checked, changed=result.changed,
                      missing=result.missing, dir=folder), True))
    else:
        out.append((t("evidence.verify_ok", lang, count=result.checked, dir=folder), False))
    return out


def permit_what(checked: TicketCheck, lang: Lang) -> str:
    """动火作业，一级 / hot work, first-grade: a work permit's operation and grade."""
    tk = checked.ticket
    what = t(f"permits.type.{tk.type}", lang)
    if tk.grade is not None:
        what += ("，" if lang == "zh" else ", ") + t(f"permits.grade.{tk.type}.{tk.grade}", lang)
    return what


def permit_lines(checked: TicketCheck, lang: Lang) -> list[str]:
    """A work permit's check as lines (command line and screen): each breach with its clause,
    the item (and part) it is a finding of, how far its text is verified, the requirement and
    what the ticket shows; then the clauses the ticket gave too little to check."""
    from core.engine.permits import STANDARD

    a = checked.assessment
    number, what = checked.ticket.number, permit_what(checked, lang)
    lines = [t("cli.out.permits.breaches", lang, number=number, what=what,
               count=len(a.breaches)) if a.breaches
             else t("cli.out.permits.clean", lang, number=number, what=what)]
    for n, b in enumerate(a.breaches, 1):
        lines.append(t("cli.out.permits.breach", lang, n=n, standard=STANDARD, clause=b.clause,
                       item=b.part, verification=name("permits.verification",
                                                      b.verification.value, lang)))
        lines.append(t("cli.out.permits.requirement", lang, text=b.requirement.render(lang)))
        lines.append(t("cli.out.permits.found", lang, text=b.found.render(lang)))
    if a.unchecked:
        lines.append(t("cli.out.permits.unchecked", lang))
        lines += [t("cli.out.permits.unchecked_line", lang, standard=STANDARD, clause=u.clause,
                    reason=u.reason.render(lang)) for u in a.unchecked]
    return lines
