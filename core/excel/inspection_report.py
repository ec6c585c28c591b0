"""The inspection report workbook a team lead can hand over: summary, findings,
determination, rectification notice, and the rectifications submitted."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from core.excel import layout
from core.excel.cells import cell
from core.excel.saving import save_workbook
from core.i18n import Lang, name, t
from core.pack.model import Pack
from core.views.reports import InspectionReport


def write_inspection_report(report: InspectionReport, out: str | Path, lang: Lang) -> Path:
    """The inspection report: 概况, 检查发现, 重大隐患判定, 整改通知 (and 整改材料)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

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
    wb = Workbook(write_only=True)

    # 概况 / Summary
    ws = wb.create_sheet(t("xl.summary", lang))
    ws.column_dimensions["A"].width, ws.column_dimensions["B"].width = 22, 70
    ws.append([cell(ws, t("xl.report_title", lang), styles["title"])])
    ws.append([])
    big = {"font": Font(bold=True, size=20, color=layout.VERDICT_COLOUR.get(verdict, "000000"))}
    ws.append([cell(ws, t("out.verdict", lang), {"font": Font(bold=True)}),
               cell(ws, t("verdict." + verdict, lang), big)])
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
        ("out.general", sum(len(d.general_hazards) for d in dets)),
        ("xl.major_count", sum(1 for h in view.hazards if h.level == "major")),
        ("out.unanswered", sum(len(d.unanswered) for d in dets)),
    ]
    for key, value in facts:
        ws.append([cell(ws, t(key, lang), {"font": Font(bold=True)}),
                   cell(ws, value, styles["date"] if isinstance(value, dt.date) else
                        styles["wrap"])])
    # The audit chain's head the report was read under: `anjian audit verify` later tells
    # whether the record this report shows was changed since.
    made_under = layout.chain_line(report.head, lang)
    ws.append([])
    ws.append([cell(ws, t("xl.made_under", lang), {"font": Font(bold=True)}),
               cell(ws, made_under)])

    # 检查发现 / Findings
    ws = wb.create_sheet(t("xl.findings", lang))
    rows: list[list[Any]] = []  # one per finding
    for f in view.findings:
        pid, item = items[f.item_id]
        status = (t(f"ui.answer.{f.status}", lang) if f.status else
                  t("xl.skipped", lang) if f.skip_reason else t("xl.unanswered", lang))
        rows.append([packs[pid].standard, item.clause, f.item_id, item.text_zh, status,
                     f.note or f.skip_reason,
                     f.answered_by, f.answered_at.astimezone(dt.UTC).replace(tzinfo=None)
                     if f.answered_at else None,
                     "\n".join(e.label() for e in files.of_finding(f.item_id)), f.status or ""])
    fills = [layout.STATUS_FILL.get(r.pop()) for r in rows]
    layout.table(ws, [t(k, lang) for k in ("out.pack", "ui.col.clause", "xl.item", "xl.text",
                                     "ui.col.status", "ui.note", "xl.who", "xl.when",
                                     "xl.evidence")],
           rows, styles, wrap_cols={3, 5, 8}, fills=fills)

    # 重大隐患判定 / Determination
    ws = wb.create_sheet(t("xl.determination", lang))
    rows = []
    for d in dets:
        pack = packs[d.pack]
        rules = {r.id: r for r in pack.rules}
        for trig in d.triggers:
            rule = rules[trig.rule]
            texts = "\n".join(f"{items[i][1].clause} {items[i][1].text_zh}" for i in trig.items)
            rows.append([pack.standard, trig.rule, " / ".join(trig.clauses), rule.text_zh,
                         texts, trig.count, trig.threshold,
                         t("xl.vetoed", lang) if trig.vetoed else ""])
        if not d.triggers:
            rows.append([pack.standard, "", "", t("verdict." + d.verdict, lang), "", 0, "", ""])
    layout.table(ws, [t(k, lang) for k in ("out.pack", "xl.rule", "ui.col.clause", "xl.rule_text",
                                     "xl.findings_behind", "xl.count", "xl.threshold",
                                     "out.excluded_by")], rows, styles, wrap_cols={3, 4})

    # 整改通知 / Rectification notice: one printable A4 sheet
    ws = wb.create_sheet(t("xl.notice", lang))
    ws.page_setup.paperSize = "9"  # A4
    ws.page_setup.orientation = "portrait"
    ws.page_setup.fitToWidth = 1
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "4:4"
    for col, width in zip("ABCDE", (6, 14, 48, 12, 12), strict=True):
        ws.column_dimensions[col].width = width
    ws.append([cell(ws, t("xl.notice_title", lang), styles["title"])])
    ws.append([cell(ws, t("xl.notice_to", lang, name=ent.name, uscc=ent.uscc))])
    ws.append([cell(ws, t("xl.notice_intro", lang, date=insp.inspected_on.isoformat()),
                    styles["wrap"])])
    ws.append([cell(ws, t(k, lang), styles["header"]) for k in (
        "xl.no", "ui.col.clause", "xl.requirement", "ui.col.level", "ui.col.deadline")])
    open_hazards = [h for h in view.hazards if h.status != "closed"]
    for n, h in enumerate(open_hazards, start=1):
        item = items[h.item_id][1]
        ws.append([cell(ws, n), cell(ws, h.clause, styles["wrap"]),
                   cell(ws, item.text_zh, styles["wrap"]),
                   cell(ws, t(f"ui.level.{h.level}", lang)),
                   cell(ws, h.deadline, styles["date"]) if h.deadline else cell(ws, "")])
    ws.append([])
    ws.append([cell(ws, t("xl.notice_sign", lang))])
    ws.append([cell(ws, t("xl.notice_receipt", lang))])
    ws.append([])
    ws.append([cell(ws, made_under)])
    ws.oddFooter.center.text = made_under  # on every printed page

    # 整改材料 / Rectifications: what the enterprise submitted, with its files by hash
    if files.rectifications:
        ws = wb.create_sheet(t("xl.rectifications", lang))
        clauses = {h.id: h.clause for h in view.hazards}
        rows = [[r.hazard_id, clauses.get(r.hazard_id, ""), r.submitted_by,
                 r.submitted_at.astimezone(dt.UTC).replace(tzinfo=None), r.evidence,
                 t(f"xl.result_{r.result}", lang), "\n".join(e.label() for e in r.files)]
                for r in files.rectifications]
        layout.table(ws, [t(k, lang) for k in ("xl.hazard", "ui.col.clause", "xl.submitted_by",
                                         "xl.submitted_at", "xl.evidence_text", "xl.result",
                                         "xl.evidence")], rows, styles, wrap_cols={4, 6})
    # 更正记录 / Amendments: every change made after the step ended or to another's answer
    if view.amendments:
        ws = wb.create_sheet(t("xl.amendments", lang))
        rows = [[a.item_id, items[a.item_id][1].clause if a.item_id in items else "",
                 _as_recorded(a.before, lang), _as_recorded(a.after, lang), a.reason, a.by,
                 a.at.astimezone(dt.UTC).replace(tzinfo=None)] for a in view.amendments]
        layout.table(ws, [t(k, lang) for k in ("xl.item", "ui.col.clause", "xl.amend_before",
                                                 "xl.amend_after", "xl.amend_reason",
                                                 "xl.who", "xl.when")],
                     rows, styles, wrap_cols={4})
    return save_workbook(wb, out)


def _as_recorded(state: dict[str, Any] | None, lang: Lang) -> str:
    """A finding as an amendment recorded it: its answer (or skip) and note."""
    if not state:
        return t("xl.unanswered", lang)
    status = state.get("status")
    what = (t(f"ui.answer.{status}", lang) if status else
            t("xl.skipped", lang) if state.get("reason") else t("xl.unanswered", lang))
    note = state.get("note") or state.get("reason") or ""
    return f"{what}：{note}" if note and lang == "zh" else f"{what}: {note}" if note else what


def _pack_line(pack: Pack, version: str, lang: Lang) -> str:
    title = pack.title_en if lang == "en" else pack.title_zh
    return f"{pack.standard} {title}（{pack.id} {version}）"
