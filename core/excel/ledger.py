"""The hazard ledger workbook (隐患台账): every hazard as a row, with status validation,
overdue colouring, a statistics sheet with charts and, when any was relied on, the waivers
(豁免) that set items aside in the inspections the ledger covers."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from core.excel import layout
from core.excel.cells import Styled, cell, safe
from core.excel.saving import save_workbook
from core.excel.waivers import write_waivers
from core.i18n import Lang, name, t
from core.views.audit import ChainHead
from core.views.hazards import LedgerLine
from core.views.statistics import Statistics
from core.views.waivers import WaiverView

LEDGER_STATUSES = ("open", "rectifying", "submitted", "closed")


#: The ledger's columns (catalogue keys) and their widths in characters: a 隐患台账 as
#: 总局令第16号 practice keeps one (the hazard as found, its level, who found it and when, the
#: measures, funds and responsible person, the deadline and its changes, completion,
#: acceptance, 销号 and the documents naming it), with the code and item that identify it.
COLUMNS: tuple[tuple[str, float], ...] = (
    ("xl.hazard", 7), ("xl.enterprise", 16), ("ui.col.uscc", 20), ("xl.level", 6),
    ("xl.description", 28), ("xl.location", 12), ("xl.basis", 14), ("xl.item", 18),
    ("xl.found_by", 9), ("xl.found_on", 11), ("xl.measures", 22), ("xl.funds", 10),
    ("xl.responsible", 10), ("xl.deadline", 11), ("xl.deadline_changes", 24),
    ("xl.days_left", 6), ("xl.status", 9), ("xl.completed_on", 11), ("xl.accepted_by", 9),
    ("xl.accepted_on", 11), ("xl.closed_at", 17), ("xl.documents", 22),
    ("xl.rectification_files", 26))
#: Columns of text that wraps (0-based): the rest are codes, dates and short words.
WRAPPED = frozenset({1, 4, 5, 6, 10, 11, 12, 14, 21, 22})
STATUS_COLUMN, DAYS_COLUMN = "Q", "P"


def write_ledger(lines: Iterable[Sequence[LedgerLine]], statistics: Statistics,
                 head: ChainHead, out: str | Path, lang: Lang,
                 progress: Callable[[int], None] | None = None,
                 waivers: Sequence[WaiverView] = ()) -> tuple[Path, int]:
    """The hazard ledger from ``lines`` (in batches, as the store streams them), written in
    write-only mode (flat memory for any size), with a statistics sheet and native charts;
    both cite ``head``, the audit chain's head they were read under (in every printed page's
    footer, and on the statistics sheet under its title); ``waivers``, those the covered
    inspections relied on, on a sheet of their own. Printed on A3 landscape, every column
    on one page's width, the header on every page, rows as tall as their wrapped text; times
    in Beijing time. Returns (path, rows)."""
    from openpyxl import Workbook
    from openpyxl.chart import BarChart, Reference
    from openpyxl.formatting.rule import CellIsRule
    from openpyxl.styles import Alignment
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.cell_range import CellRange
    from openpyxl.worksheet.datavalidation import DataValidation

    styles = layout.styles()
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(t("xl.ledger", lang))
    header = [t(k, lang) for k, _ in COLUMNS]
    widths = [w for _, w in COLUMNS]
    made_under = layout.chain_line(head, lang)
    layout.set_widths(ws, widths)
    layout.print_setup(ws, lang, made_under, widths, title_rows="1:1", paper=layout.A3)
    ws.freeze_panes = "C2"  # the hazard and its enterprise stay in view
    layout.append(ws, [cell(ws, h, styles["header"]) for h in header],
                  layout.height(header, widths, range(len(header))), 1)
    level = {v: t(f"ui.level.{v}", lang) for v in ("general", "major")}
    status = {v: t(f"hstatus.{v}", lang) for v in LEDGER_STATUSES}
    kinds = {v: t(f"dkind.{v}", lang) for v in ("set", "extension", "plan")}
    on_site = t("xl.corrected_on_site", lang)
    # The text that wraps, styled once per column. Its cells keep the sheet's vertical
    # alignment (the bottom, as the other cells of the row, which are left unstyled: a styled
    # cell costs twice a plain value to write, and a city's ledger has a million cells); the
    # printed grid boxes each row.
    wrap = {n: Styled(ws, {"alignment": Alignment(wrap_text=True)}) for n in WRAPPED}
    wrapped = sorted(WRAPPED)
    ws.print_options.gridLines = True
    tall_rows = layout.TallRows(ws)
    count = 0
    for batch in lines:
        for line in batch:
            files = line.files
            changes = "\n".join(
                t("xl.deadline_moved", lang, old=old.isoformat(), new=new.isoformat(),
                  kind=kinds.get(kind, kind)) if old is not None else
                t("xl.deadline_set", lang, new=new.isoformat(), kind=kinds.get(kind, kind))
                for old, new, kind in line.deadline_changes)
            closed = line.status == "closed"
            completed = (layout.beijing_day(line.completed_at) if line.completed_at else
                         line.verified_on if closed and line.corrected_on_site else None)
            # 销号: when the rectification was accepted (a correction on the spot: its day)
            closed_at = layout.beijing(line.closed_at) if line.closed_at else (
                line.verified_on if closed else None)
            values = [line.id, line.enterprise_name, line.enterprise_uscc,
                      level.get(line.level, line.level), line.description, line.location,
                      line.clause, line.item_id, line.found_by, line.found_on,
                      line.measures or (on_site if line.corrected_on_site else ""),
                      line.funds, line.responsible, line.deadline, changes, line.days_left,
                      status.get(line.status, line.status), completed, line.verified_by,
                      line.verified_on, closed_at, "\n".join(line.documents),
                      "\n".join(f"{n} (sha256:{h})" for n, h in files)]
            # User text is kept as text where a spreadsheet would run it as a formula, and a
            # control character stored before they were refused is written out (one would
            # stop the export). Dates get openpyxl's yyyy-mm-dd by themselves. A row of one
            # line needs no style at all.
            row = [safe(ws, v) if v != "" else None for v in values]
            most = 1
            for n, taken in zip(wrapped, layout.row_lines(values, widths, wrapped),
                                strict=True):
                if taken > 1:  # wrapped over several lines (a cell that fits stays plain)
                    row[n] = wrap[n](values[n])
                    most = max(most, taken)
            count += 1
            tall_rows.append(row, layout.lines_height(most), count + 1)
        if progress is not None:
            progress(count)
    last = count + 1
    ws.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{last}"
    validation = DataValidation(type="list", formula1='"' + ",".join(status.values()) + '"',
                                allow_blank=False, showErrorMessage=True)
    validation.add(f"{STATUS_COLUMN}2:{STATUS_COLUMN}{max(last, 2)}")
    ws.data_validations.append(validation)
    ws.conditional_formatting.add(f"{DAYS_COLUMN}2:{DAYS_COLUMN}{max(last, 2)}", CellIsRule(
        operator="lessThan", formula=["0"], fill=layout.fill("FFC7CE")))

    # Statistics: 每千次检查发现重大事故隐患 with its numerator and denominator by sector,
    # district and month, the self-inspections apart; hazards by status, colour codes.
    data = statistics
    st = wb.create_sheet(t("xl.statistics", lang))
    stat_widths = (18, 12, 16, 14, 4, 16, 10)
    layout.set_widths(st, stat_widths)
    layout.print_setup(st, lang, made_under, stat_widths, title_rows="1:1")
    rows: list[list[object]] = [[cell(st, t("ui.rate", lang), styles["title"])],
                                [cell(st, made_under)],
                                [cell(st, t("ui.rate.definition", lang), styles["wrap"])]]
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
    # the rate's definition across the tables' width (A:D), wrapped in a row as tall as it
    # needs; the charts stand to the right
    across = sum(stat_widths[:4])
    for number, row in enumerate(rows, start=1):
        layout.append(st, row, layout.height(row, [across], {0}) if number == 3 else None,
                      number)
    st.merged_cells.add(CellRange("A3:D3"))
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
    write_waivers(wb, waivers, styles, lang, made_under)
    return save_workbook(wb, out), count
