"""The inspection report workbook a team lead can hand over: summary, findings,
determination (each pack's with its standard's standing on the inspection date: one withdrawn
by then is marked 依据已废止标准，仅供参考 beside the verdict), the rectifications submitted,
amendments, the waivers (豁免) its determinations relied on, and the enforcement documents
issued for the inspection (a list pointing to them: a document is fixed when issued, a report is
the record as it stands)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from core.engine.determination import Determination, Standing
from core.excel import layout
from core.excel.cells import cell
from core.excel.saving import save_workbook
from core.excel.waivers import write_waivers
from core.i18n import Lang, name, t
from core.pack.model import Item, Pack
from core.process.documents import TITLES
from core.views.reports import InspectionReport


def write_inspection_report(report: InspectionReport, out: str | Path, lang: Lang) -> Path:
    """The inspection report: 概况, 检查发现, 重大隐患判定, (整改材料, 更正记录,) 执法文书.

    The report is the record as it stands when it is exported; what the enterprise was
    ordered to do is in the enforcement documents issued for the inspection, fixed when
    issued: the last sheet lists them (or says none was issued, and how one is)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    view = report.inspection
    files = report.evidence
    insp = view.inspection
    ent = report.enterprise
    camp = report.campaign
    packs = {p.id: p for p in report.packs}
    items = {i.id: (pid, i) for pid, p in packs.items() for i in p.items()}
    verdict = view.verdict.value
    dets = view.determinations
    styles = layout.styles()
    # The audit chain's head the report was read under: `anjian audit verify` later tells
    # whether the record this report shows was changed since. Every printed page cites it.
    made_under = layout.chain_line(report.head, lang)
    wb = Workbook(write_only=True)

    # 概况 / Summary
    ws = wb.create_sheet(t("xl.summary", lang))
    widths = (22, 70)
    layout.set_widths(ws, widths)
    layout.print_setup(ws, lang, made_under, widths, title_rows="1:1")
    bold = {"font": Font(bold=True)} | styles["top"]
    rows: list[list[Any]] = [[cell(ws, t("xl.report_title", lang), styles["title"])], []]
    big = {"font": Font(bold=True, size=20, color=layout.VERDICT_COLOUR.get(verdict, "000000"))}
    rows.append([cell(ws, t("out.verdict", lang), bold),
                 cell(ws, t("verdict." + verdict, lang), big)])
    # each pack's verdict with its standard's standing, under the overall verdict: a result
    # under a withdrawn standard is for reference only, and says so where it is read
    warn = {"font": Font(bold=True, color=layout.VERDICT_COLOUR["major"])}
    for d in dets:
        rows.append([cell(ws, t("xl.pack_verdict", lang, standard=packs[d.pack].standard),
                          bold),
                     cell(ws, _standing_text(d, packs[d.pack], lang),
                          styles["wrap"] | (warn if d.standing == Standing.withdrawn else {}))])
    team = "、".join(f"{m.name}（{t('team.' + m.role, lang)}）" for m in camp.team) if camp else ""
    facts = [
        ("xl.enterprise", ent.name), ("ui.col.uscc", ent.uscc),
        ("ui.col.district", ent.district), ("ui.col.sector", name("sector", ent.sector, lang)),
        ("xl.campaign", f"#{camp.campaign.id} {name('sector', camp.campaign.sector, lang)}"
         if camp else ""),
        ("ui.col.stage", t(f"ui.stage.{camp.campaign.stage}", lang) if camp else ""),
        ("ui.team", team), ("ui.col.kind", t(f"ui.kind.{insp.kind}", lang)),
        ("xl.date", insp.inspected_on), ("xl.started_by", insp.started_by),
        ("out.pack", "；".join(_pack_line(packs[p.pack_id], p.pack_version, lang)
                              for p in view.packs)),
        ("xl.answered", sum(1 for f in view.findings if f.status)),
        ("out.general", sum(len(d.general_hazards) + len(d.general_parts) for d in dets)),
        ("xl.major_count", sum(1 for h in view.hazards if h.level == "major")),
        ("out.unanswered", sum(len(d.unanswered) for d in dets)),
        ("xl.documents", len([d for d in report.documents if not d.void])),
    ]
    if report.waivers:  # items a waiver set aside: counted, and listed on their own sheet
        facts.append(("xl.waivers_relied", "；".join(
            t("xl.waiver_fact", lang, id=w.id, item=f"{w.clause} {w.item_id}".strip(),
              until=w.valid_until.isoformat()) for w in report.waivers)))
    for key, value in facts:
        rows.append([cell(ws, t(key, lang), bold),
                     cell(ws, value, styles["date"] if isinstance(value, dt.date) else
                          styles["wrap"] | {"alignment": Alignment(vertical="top",
                                                                   horizontal="left",
                                                                   wrap_text=True)})])
    rows += [[], [cell(ws, t("xl.made_under", lang), bold), cell(ws, made_under)]]
    for number, row in enumerate(rows, start=1):
        layout.append(ws, row, layout.height(row, widths, {1}), number)

    # 检查发现 / Findings
    ws = wb.create_sheet(t("xl.findings", lang))
    rows = []  # one per finding
    for f in view.findings:
        pid, item = items[f.item_id]
        status = (t(f"ui.answer.{f.status}", lang) if f.status else
                  t("xl.skipped", lang) if f.skip_reason else t("xl.unanswered", lang))
        rows.append([*_source(packs[pid], item, lang), f.item_id, item.text_zh, status,
                     f.note or f.skip_reason, f.answered_by, layout.beijing(f.answered_at),
                     "\n".join(e.label() for e in files.of_finding(f.item_id)), f.status or ""])
    fills = [layout.STATUS_FILL.get(r.pop()) for r in rows]
    layout.table(ws, [t(k, lang) for k in ("out.pack", "ui.col.clause", "xl.item", "xl.text",
                                           "ui.col.status", "ui.note", "xl.who", "xl.when",
                                           "xl.evidence")],
                 rows, styles, lang, made_under, wrap_cols={3, 5, 8}, fills=fills)

    # 重大隐患判定 / Determination
    ws = wb.create_sheet(t("xl.determination", lang))
    rows = []
    for d in dets:
        pack = packs[d.pack]
        rules = {r.id: r for r in pack.rules}
        # every row of a pack says its standard's standing (the mark, when withdrawn)
        standing = _standing_text(d, pack, lang, verdict=False)
        by: dict[str, list[str]] = {}
        for c in d.constituted:  # a finding of another pack that constitutes the item (构成)
            src = items.get(c.source)
            by.setdefault(c.item, []).append(t(
                "xl.constituted_by", lang, standard=packs[c.source_pack].standard
                if c.source_pack in packs else c.source_pack,
                clause=src[1].clause if src else c.source, text=src[1].text_zh if src else ""))
        for trig in d.triggers:
            rule = rules[trig.rule]
            texts = "\n".join(f"{items[i][1].clause} {items[i][1].text_zh}"
                              + "".join(f"\n  {b}" for b in by.get(i, ())) for i in trig.items)
            rows.append([pack.standard, trig.rule, " / ".join(trig.clauses), rule.text_zh,
                         texts, trig.count, trig.threshold,
                         t("xl.vetoed", lang) if trig.vetoed else "", standing])
        if not d.triggers:
            rows.append([pack.standard, "", "", t("verdict." + d.verdict, lang), "", 0, "", "",
                         standing])
    layout.table(ws, [t(k, lang) for k in ("out.pack", "xl.rule", "ui.col.clause",
                                           "xl.rule_text", "xl.findings_behind", "xl.count",
                                           "xl.threshold", "out.excluded_by",
                                           "standing.label")],
                 rows, styles, lang, made_under, wrap_cols={2, 3, 4, 8})

    # 整改材料 / Rectifications: what the enterprise submitted, with its files by hash
    if files.rectifications:
        ws = wb.create_sheet(t("xl.rectifications", lang))
        clauses = {h.id: h.clause for h in view.hazards}
        rows = [[r.hazard_id, clauses.get(r.hazard_id, ""), r.submitted_by,
                 layout.beijing(r.submitted_at), r.evidence,
                 t(f"xl.result_{r.result}", lang), "\n".join(e.label() for e in r.files)]
                for r in files.rectifications]
        layout.table(ws, [t(k, lang) for k in ("xl.hazard", "ui.col.clause", "xl.submitted_by",
                                               "xl.submitted_at", "xl.evidence_text",
                                               "xl.result", "xl.evidence")],
                     rows, styles, lang, made_under, wrap_cols={1, 4, 6})
    # 更正记录 / Amendments: every change made after the step ended or to another's answer
    if view.amendments:
        ws = wb.create_sheet(t("xl.amendments", lang))
        rows = [[a.item_id, items[a.item_id][1].clause if a.item_id in items else "",
                 _as_recorded(a.before, lang), _as_recorded(a.after, lang), a.reason, a.by,
                 layout.beijing(a.at)] for a in view.amendments]
        layout.table(ws, [t(k, lang) for k in ("xl.item", "ui.col.clause", "xl.amend_before",
                                               "xl.amend_after", "xl.amend_reason",
                                               "xl.who", "xl.when")],
                     rows, styles, lang, made_under, wrap_cols={2, 3, 4})

    # 豁免 / Waivers: what the determinations relied on to set items aside
    write_waivers(wb, report.waivers, styles, lang, made_under)
    _documents(wb.create_sheet(t("xl.documents", lang)), report, styles, lang, made_under)
    return save_workbook(wb, out)


#: The pointer's columns: number, title, issued on, in force or void, delivery.
_DOCUMENT_WIDTHS = (26, 20, 11, 16, 22)


def _documents(ws: Any, report: InspectionReport, styles: dict[str, Any], lang: Lang,
               made_under: str) -> None:
    """执法文书 / Enforcement documents: those issued for the inspection (number, title, date,
    in force or void, delivery), or that none was and the command that issues one. The
    documents themselves are printed from what they were issued with, never from here."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.cell_range import CellRange

    widths = _DOCUMENT_WIDTHS
    docs = report.documents
    layout.set_widths(ws, widths)
    layout.print_setup(ws, lang, made_under, widths, title_rows="4:4" if docs else "1:1")
    across = f"A2:{get_column_letter(len(widths))}2"
    said = (t("xl.documents_intro", lang) if docs else
            t("xl.documents_none", lang, id=report.inspection.inspection.id))
    layout.append(ws, [cell(ws, t("xl.documents", lang), styles["title"])], None, 1)
    # the sentence across the table's width, wrapped in a row as tall as it needs
    layout.append(ws, [cell(ws, said, styles["wrap"])],
                  layout.height([said], [sum(widths)], {0}), 2)
    ws.merged_cells.add(CellRange(across))
    if not docs:
        return
    ws.append([])
    header = [t(k, lang) for k in ("xl.doc_number", "xl.doc_title", "xl.doc_issued_on",
                                   "xl.doc_state", "xl.doc_delivery")]
    layout.append(ws, [cell(ws, h, styles["header"]) for h in header],
                  layout.height(header, widths, range(len(header))), 4)
    for number, d in enumerate(docs, start=5):
        state = t("xl.doc_void", lang, reason=d.void_reason) if d.void else t("xl.doc_valid",
                                                                              lang)
        to = d.delivery
        delivered = (t("xl.doc_delivered", lang, on=to.delivered_on.isoformat(),
                       method=t(f"xl.method.{to.method}", lang), to=to.recipient)
                     if to is not None else t("xl.doc_undelivered", lang))
        row = [d.number, TITLES.get(d.kind, d.kind), d.issued_on, state, delivered]
        layout.append(ws, [cell(ws, row[0], styles["wrap"]), cell(ws, row[1], styles["wrap"]),
                           cell(ws, row[2], styles["date"]),
                           cell(ws, row[3], styles["wrap"]),
                           cell(ws, row[4], styles["wrap"])],
                      layout.height(row, widths, {0, 1, 3, 4}), number)


def _as_recorded(state: dict[str, Any] | None, lang: Lang) -> str:
    """A finding as an amendment recorded it: its answer (or skip) and note."""
    if not state:
        return t("xl.unanswered", lang)
    status = state.get("status")
    what = (t(f"ui.answer.{status}", lang) if status else
            t("xl.skipped", lang) if state.get("reason") else t("xl.unanswered", lang))
    note = state.get("note") or state.get("reason") or ""
    return f"{what}：{note}" if note and lang == "zh" else f"{what}: {note}" if note else what


def _standing_text(d: Determination, pack: Pack, lang: Lang, *, verdict: bool = True) -> str:
    """A pack's verdict (with ``verdict``) and its standard's standing on the inspection date:
    under a withdrawn standard the mark 依据已废止标准，仅供参考 and what replaced it, when."""
    shown = t("verdict." + d.verdict, lang) if verdict else ""
    succ = pack.superseded_by
    if d.standing == Standing.withdrawn and succ is not None:
        mark = t("xl.standing_withdrawn", lang, mark=t("standing.withdrawn_mark", lang),
                 standard=pack.standard, successor=succ.standard,
                 date=succ.effective.isoformat())
        return f"{shown}\n{mark}" if shown else mark
    standing = t(f"standing.{d.standing}", lang)
    return f"{shown}（{standing}）" if shown and lang == "zh" else (
        f"{shown} ({standing})" if shown else standing)


def _pack_line(pack: Pack, version: str, lang: Lang) -> str:
    title = pack.title_en if lang == "en" else pack.title_zh
    line = f"{pack.standard} {title}（{pack.id} {version}）"
    if pack.overlay is not None:  # an overlay: which official pack it extends
        line += " " + t("overlay.of", lang, base=pack.overlay.base,
                        version=pack.overlay.base_version)
    return line


def _source(pack: Pack, item: Item, lang: Lang) -> tuple[str, str]:
    """The standard and clause a finding's row names: an overlay's local item is marked as
    local (地方补充) with the overlay's title, never cited as the standard's."""
    if not item.local:
        return pack.standard, item.clause
    title = pack.title_en if lang == "en" else pack.title_zh
    return title, item.clause + t("overlay.local_short", lang)
