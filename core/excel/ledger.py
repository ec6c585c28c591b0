"""The hazard ledger workbook (隐患台账): every hazard as a row, with status validation,
overdue colouring and a statistics sheet with charts."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from core.excel import layout
from core.excel.cells import cell, safe
from core.excel.saving import save_workbook
from core.i18n import Lang, name, t
from core.views.audit import ChainHead
from core.views.hazards import LedgerLine
from core.views.statistics import Statistics

LEDGER_STATUSES = ("open", "rectifying", "submitted", "closed")


def write_ledger(lines: Iterable[Sequence[LedgerLine]], statistics: Statistics,
                 head: ChainHead, out: str | Path, lang: Lang,
                 progress: Callable[[int], None] | None = None) -> tuple[Path, int]:
    """The hazard ledger from ``lines`` (in batches, as the store streams them), written in
    write-only mode (flat memory for any size), with a statistics sheet and native charts;
    both cite ``head``, the audit chain's head they were read under (the ledger in its printed
    pages' footer, the statistics sheet under its title). Returns (path, rows)."""
    from openpyxl import Workbook
    from openpyxl.chart import BarChart, Reference
    from openpyxl.formatting.rule import CellIsRule
    from openpyxl.worksheet.datavalidation import DataValidation

    styles = layout.styles()
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
    made_under = layout.chain_line(head, lang)
    ws.oddFooter.center.text = made_under
    ws.append([cell(ws, h, styles["header"]) for h in header])
    level = {v: t(f"ui.level.{v}", lang) for v in ("general", "major")}
    status = {v: t(f"hstatus.{v}", lang) for v in LEDGER_STATUSES}
    count = 0
    for batch in lines:
        for line in batch:
            files = line.files
            # Dates get openpyxl's yyyy-mm-dd format by themselves; user text is kept as
            # text where a spreadsheet would run it as a formula, and a control character
            # stored before they were refused is written out (one would stop the export).
            ws.append([line.id, safe(ws, line.enterprise_name), safe(ws, line.enterprise_uscc),
                       level.get(line.level, line.level), safe(ws, line.clause),
                       safe(ws, line.item_id),
                       line.found_on, line.deadline, line.days_left,
                       safe(ws, line.responsible), status.get(line.status, line.status),
                       safe(ws, line.verified_by), line.verified_on,
                       safe(ws, "\n".join(f"{n} (sha256:{h})" for n, h in files))
                       if files else None])
            count += 1
        if progress is not None:
            progress(count)
    last = count + 1
    ws.auto_filter.ref = f"A1:N{last}"
    validation = DataValidation(type="list", formula1='"' + ",".join(status.values()) + '"',
                                allow_blank=False, showErrorMessage=True)
    validation.add(f"K2:K{max(last, 2)}")
    ws.data_validations.append(validation)
    ws.conditional_formatting.add(f"I2:I{max(last, 2)}", CellIsRule(
        operator="lessThan", formula=["0"], fill=layout.fill("FFC7CE")))

    # Statistics: 每千次检查发现重大事故隐患 with its numerator and denominator by sector,
    # district and month, the self-inspections apart; hazards by status, colour codes.
    data = statistics
    st = wb.create_sheet(t("xl.statistics", lang))
    for col, width in zip("ABCDEFG", (18, 12, 16, 14, 4, 16, 10), strict=True):
        st.column_dimensions[col].width = width
    rows: list[list[object]] = [[cell(st, t("ui.rate", lang), styles["title"])],
                                [cell(st, made_under)], [t("ui.rate.definition", lang)]]
    for title, counted, groups, overall in (
            (None, "xl.inspections", data.major_per_1000, data.overall),
            ("ui.rate.self", "xl.self_inspections", data.self_per_1000, data.self_overall)):
        if title is not None:
            rows.append([cell(st, t(title, lang), styles["title"])])
        for by, heading in (("sector", "ui.col.sector"), ("district", "ui.col.district"),
                            ("period", "xl.month")):
            rows.append([cell(st, h, styles["header"]) for h in (
                t(heading, lang), t(counted, lang), t("xl.major_determinations", lang),
                t("xl.per_1000", lang))])
            for r in groups.get(by, ()):
                group = name("sector", r.group, lang) if by == "sector" else r.group
                rows.append([cell(st, group), r.inspections, r.major, r.per_1000])
        rows.append([cell(st, t("xl.city", lang), styles["header"]), overall.inspections,
                     overall.major, overall.per_1000])
        rows.append([])
    for row in rows:
        st.append(row)
    row_no = len(rows)
    by_status: dict[str, int] = dict.fromkeys(LEDGER_STATUSES, 0)
    for count_ in data.hazards:
        by_status[count_.status] = by_status.get(count_.status, 0) + count_.count
    st.append([cell(st, t("ui.col.status", lang), styles["header"]),
               cell(st, t("ui.col.hazards", lang), styles["header"])])
    status_top = row_no + 1
    for key, n in by_status.items():
        st.append([status[key], n])
    st.append([])
    st.append([cell(st, t("ui.colours", lang), styles["header"]),
               cell(st, t("xl.enterprises", lang), styles["header"])])
    colour_top = status_top + len(by_status) + 2
    for colour, n in data.colours.items():
        st.append([name("colour", colour, lang), n])
    for title, top, n, anchor in ((t("xl.chart_status", lang), status_top, len(by_status), "F2"),
                                  (t("xl.chart_colour", lang), colour_top, 4, "F20")):
        chart = BarChart()
        chart.title = title
        chart.add_data(Reference(st, min_col=2, min_row=top, max_row=top + n),
                       titles_from_data=True)
        chart.set_categories(Reference(st, min_col=1, min_row=top + 1, max_row=top + n))
        chart.legend = None
        st.add_chart(chart, anchor)
    return save_workbook(wb, out), count
