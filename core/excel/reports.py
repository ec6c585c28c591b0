"""Workbooks a team lead can hand over: the inspection report (summary, findings,
determination, rectification notice) and the hazard ledger with its statistics."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

from core.excel.cells import cell, column_widths, safe
from core.i18n import t
from core.services.context import Context

STATUS_FILL = {"compliant": "C6EFCE", "noncompliant": "FFC7CE", "not_applicable": "EDEDED"}
VERDICT_COLOUR = {"major": "C00000", "not_major": "007A33", "incomplete": "B36B00",
                  "excluded": "1F4E79"}
HEADER_FILL = "1F4E79"


def _styles() -> dict[str, Any]:
    from openpyxl.styles import Alignment, Font, PatternFill

    return {"header": {"font": Font(bold=True, color="FFFFFF"),
                       "fill": PatternFill("solid", fgColor=HEADER_FILL),
                       "alignment": Alignment(vertical="center", wrap_text=True)},
            "wrap": {"alignment": Alignment(vertical="top", wrap_text=True)},
            "date": {"number_format": "yyyy-mm-dd"},
            "title": {"font": Font(bold=True, size=16)}}


def _fill(colour: str) -> Any:
    from openpyxl.styles import PatternFill

    return PatternFill("solid", fgColor=colour)


def _table(ws: Any, header: list[str], rows: list[list[Any]], styles: dict[str, Any],
           wrap_cols: set[int] | None = None, fills: list[str | None] | None = None) -> None:
    """Header, rows (each with an optional fill colour), frozen header, auto-filter, widths
    that fit Chinese text. (Write-only sheets take layout before their first row.)"""
    from openpyxl.utils import get_column_letter

    for n, width in enumerate(column_widths([header, *rows]), start=1):
        ws.column_dimensions[get_column_letter(n)].width = width
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(header))}{len(rows) + 1}"
    ws.append([cell(ws, h, styles["header"]) for h in header])
    for number, row in enumerate(rows):
        colour = fills[number] if fills else None
        out = []
        for n, value in enumerate(row):
            style = dict(styles["wrap"]) if wrap_cols and n in wrap_cols else {}
            if isinstance(value, dt.date):
                style |= styles["date"]
            if colour:
                style["fill"] = _fill(colour)
            out.append(cell(ws, value, style or None))
        ws.append(out)


def export_inspection(ctx: Context, inspection_id: int, out: str | Path) -> Path:
    """The inspection report: 概况, 检查发现, 重大隐患判定, 整改通知."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from core.services import campaigns, evidence, inspections, roster
    from core.services.packs import get_pack

    lang = ctx.lang
    view = inspections.inspection_view(ctx, inspection_id)
    files = evidence.of_inspection(ctx, inspection_id)
    insp = view.inspection
    ent = roster.enterprise_detail(ctx, insp.enterprise_uscc)["enterprise"]
    camp = (campaigns.campaign_view(ctx, insp.campaign_id) if insp.campaign_id is not None
            else None)
    packs = {p.pack_id: get_pack(ctx.catalogue, p.pack_id).pack for p in view.packs}
    items = {i.id: (pid, i) for pid, p in packs.items() for i in p.items()}
    verdict = insp.determination.get("verdict", "incomplete")
    dets = insp.determination.get("determinations", [])
    styles = _styles()
    wb = Workbook(write_only=True)

    # 概况 / Summary
    ws = wb.create_sheet(t("xl.summary", lang))
    ws.column_dimensions["A"].width, ws.column_dimensions["B"].width = 22, 70
    ws.append([cell(ws, t("xl.report_title", lang), styles["title"])])
    ws.append([])
    big = {"font": Font(bold=True, size=20, color=VERDICT_COLOUR.get(verdict, "000000"))}
    ws.append([cell(ws, t("out.verdict", lang), {"font": Font(bold=True)}),
               cell(ws, t("verdict." + verdict, lang), big)])
    team = ", ".join(f"{m.name} ({m.role})" for m in camp.team) if camp else ""
    facts = [
        ("xl.enterprise", ent.name), ("ui.col.uscc", ent.uscc),
        ("ui.col.district", ent.district), ("ui.col.sector", ent.sector),
        ("xl.campaign", f"#{camp.campaign.id} {camp.campaign.sector}" if camp else ""),
        ("ui.col.stage", t(f"ui.stage.{camp.campaign.stage}", lang) if camp else ""),
        ("ui.team", team), ("ui.col.kind", t(f"ui.kind.{insp.kind}", lang)),
        ("xl.date", insp.inspected_on), ("xl.started_by", insp.started_by),
        ("out.pack", "; ".join(f"{p.pack_id} {p.pack_version} ({packs[p.pack_id].standard})"
                               for p in view.packs)),
        ("xl.answered", sum(1 for f in view.findings if f.status)),
        ("out.general", sum(len(d["general_hazards"]) for d in dets)),
        ("xl.major_count", sum(1 for h in view.hazards if h.level == "major")),
        ("out.unanswered", sum(len(d["unanswered"]) for d in dets)),
    ]
    for key, value in facts:
        ws.append([cell(ws, t(key, lang), {"font": Font(bold=True)}),
                   cell(ws, value, styles["date"] if isinstance(value, dt.date) else
                        styles["wrap"])])

    # 检查发现 / Findings
    ws = wb.create_sheet(t("xl.findings", lang))
    rows: list[list[Any]] = []  # one per finding
    for f in view.findings:
        pid, item = items[f.item_id]
        status = t(f"ui.answer.{f.status}", lang) if f.status else t("xl.skipped", lang)
        rows.append([pid, item.clause, f.item_id, item.text_zh, status, f.note or f.skip_reason,
                     f.answered_by, f.answered_at.astimezone(dt.UTC).replace(tzinfo=None)
                     if f.answered_at else None,
                     "\n".join(e.label() for e in files.of_finding(f.item_id)), f.status or ""])
    fills = [STATUS_FILL.get(r.pop()) for r in rows]
    _table(ws, [t(k, lang) for k in ("out.pack", "ui.col.clause", "xl.item", "xl.text",
                                     "ui.col.status", "ui.note", "xl.who", "xl.when",
                                     "xl.evidence")],
           rows, styles, wrap_cols={3, 5, 8}, fills=fills)

    # 重大隐患判定 / Determination
    ws = wb.create_sheet(t("xl.determination", lang))
    rows = []
    for d in dets:
        pack = packs[d["pack"]]
        rules = {r.id: r for r in pack.rules}
        for trig in d["triggers"]:
            rule = rules[trig["rule"]]
            texts = "\n".join(f"{items[i][1].clause} {items[i][1].text_zh}" for i in trig["items"])
            rows.append([d["pack"], trig["rule"], " / ".join(trig["clauses"]), rule.text_zh,
                         texts, trig["count"], trig["threshold"],
                         t("xl.vetoed", lang) if trig["vetoed"] else ""])
        if not d["triggers"]:
            rows.append([d["pack"], "", "", t("verdict." + d["verdict"], lang), "", 0, "", ""])
    _table(ws, [t(k, lang) for k in ("out.pack", "xl.rule", "ui.col.clause", "xl.rule_text",
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

    # 整改材料 / Rectifications: what the enterprise submitted, with its files by hash
    if files.rectifications:
        ws = wb.create_sheet(t("xl.rectifications", lang))
        clauses = {h.id: h.clause for h in view.hazards}
        rows = [[r.hazard_id, clauses.get(r.hazard_id, ""), r.submitted_by,
                 r.submitted_at.astimezone(dt.UTC).replace(tzinfo=None), r.evidence,
                 t(f"xl.result_{r.result}", lang), "\n".join(e.label() for e in r.files)]
                for r in files.rectifications]
        _table(ws, [t(k, lang) for k in ("xl.hazard", "ui.col.clause", "xl.submitted_by",
                                         "xl.submitted_at", "xl.evidence_text", "xl.result",
                                         "xl.evidence")], rows, styles, wrap_cols={4, 6})
    path = Path(out)
    wb.save(path)
    return path


LEDGER_STATUSES = ("open", "rectifying", "submitted", "closed")


def export_ledger(ctx: Context, out: str | Path, *, campaign: int | None = None,
                  enterprise: str | None = None, overdue: bool = False,
                  progress: Callable[[int], None] | None = None) -> tuple[Path, int]:
    """The hazard ledger, streamed in write-only mode (flat memory for any size), with a
    statistics sheet and native charts. Returns (path, rows)."""
    from openpyxl import Workbook
    from openpyxl.chart import BarChart, Reference
    from openpyxl.formatting.rule import CellIsRule
    from openpyxl.worksheet.datavalidation import DataValidation

    from core.process.permissions import Action
    from core.services import statistics
    from core.services.users import authorize
    from core.store import queries as q

    with ctx.store.session() as s:  # before a file is started
        authorize(ctx, s, Action.read_all)
    lang = ctx.lang
    styles = _styles()
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(t("xl.ledger", lang))
    header = [t(k, lang) for k in ("ui.col.id", "xl.enterprise", "ui.col.uscc",
                                   "ui.col.level", "ui.col.clause", "xl.item", "xl.found_on",
                                   "ui.col.deadline", "xl.days_left", "xl.responsible",
                                   "ui.col.status", "xl.verified_by", "xl.verified_on",
                                   "xl.evidence")]
    widths = (8, 30, 22, 8, 22, 20, 12, 12, 10, 16, 12, 12, 12, 40)
    from openpyxl.utils import get_column_letter

    for n, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(n)].width = w
    ws.freeze_panes = "A2"
    ws.append([cell(ws, h, styles["header"]) for h in header])
    today = ctx.today
    count = 0
    with ctx.store.session() as s:
        for batch in q.ledger_stream(s, campaign_id=campaign, enterprise=enterprise,
                                     overdue_on=today if overdue else None):
            # Rectification files of this batch's hazards: one range query per batch, not
            # one per row (rows come in hazard-id order).
            files = q.ledger_evidence(s, batch[0][0], batch[-1][0]) if batch else {}
            for (hid, name, uscc, level, clause, item, found, deadline, responsible, status,
                 verified_by, verified_on) in batch:
                left = (deadline - today).days if deadline and status != "closed" else None
                attached = files.get(hid)
                # Dates get openpyxl's yyyy-mm-dd format by themselves; user text is
                # kept as text where a spreadsheet would run it as a formula.
                ws.append([hid, safe(ws, name), uscc, level, safe(ws, clause), item, found,
                           deadline, left, safe(ws, responsible), status,
                           safe(ws, verified_by), verified_on,
                           safe(ws, "\n".join(f"{n} (sha256:{h})" for n, h in attached))
                           if attached else None])
                count += 1
            if progress is not None:
                progress(count)
    last = count + 1
    ws.auto_filter.ref = f"A1:N{last}"
    validation = DataValidation(type="list", formula1='"' + ",".join(LEDGER_STATUSES) + '"',
                                allow_blank=False, showErrorMessage=True)
    validation.add(f"K2:K{max(last, 2)}")
    ws.data_validations.append(validation)
    ws.conditional_formatting.add(f"I2:I{max(last, 2)}", CellIsRule(
        operator="lessThan", formula=["0"], fill=_fill("FFC7CE")))

    # Statistics: rates per 1,000 inspections, hazards by status, colour codes.
    data = statistics.stats(ctx)
    st = wb.create_sheet(t("xl.statistics", lang))
    for col, width in zip("ABCDEFG", (18, 12, 12, 14, 4, 16, 10), strict=True):
        st.column_dimensions[col].width = width
    st.append([cell(st, t("ui.rate", lang), styles["title"])])
    row_no = 1
    for by in ("sector", "district"):
        st.append([cell(st, h, styles["header"]) for h in (
            t(f"ui.col.{by}", lang), t("xl.inspections", lang), t("xl.major_count", lang),
            t("xl.per_1000", lang))])
        row_no += 1
        for r in data["major_per_1000"][by]:
            st.append([cell(st, r["group"]), r["inspections"], r["major"], r["per_1000"]])
            row_no += 1
        st.append([])
        row_no += 1
    by_status: dict[str, int] = dict.fromkeys(LEDGER_STATUSES, 0)
    for r in data["hazards"]:
        by_status[r["status"]] = by_status.get(r["status"], 0) + r["count"]
    st.append([cell(st, t("ui.col.status", lang), styles["header"]),
               cell(st, t("ui.col.hazards", lang), styles["header"])])
    status_top = row_no + 1
    for status, n in by_status.items():
        st.append([t(f"hstatus.{status}", lang), n])
    st.append([])
    st.append([cell(st, t("ui.colours", lang), styles["header"]),
               cell(st, t("xl.enterprises", lang), styles["header"])])
    colour_top = status_top + len(by_status) + 2
    for colour, n in data["colours"].items():
        st.append([colour, n])
    for title, top, n, anchor in ((t("xl.chart_status", lang), status_top, len(by_status), "F2"),
                                  (t("xl.chart_colour", lang), colour_top, 4, "F20")):
        chart = BarChart()
        chart.title = title
        chart.add_data(Reference(st, min_col=2, min_row=top, max_row=top + n),
                       titles_from_data=True)
        chart.set_categories(Reference(st, min_col=1, min_row=top + 1, max_row=top + n))
        chart.legend = None
        st.add_chart(chart, anchor)
    path = Path(out)
    wb.save(path)
    return path, count
