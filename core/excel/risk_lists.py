"""The 两单 workbook of an enterprise's risk register: the 风险点辨识清单 (each risk point's
steps or check items with the hazard, its class and the accidents it may lead to) and the
安全风险分级管控清单 (each with its assessment, inherent and current, the grade in its colour,
the direct-determination rules, the measures in their five classes, the 管控层级 and the
persons responsible), as Jiangsu systems keep them (reference ``register-and-outputs.md``
§3.1, §4). Printed on A3 landscape, one page wide, the title and header on every page, the
grid printed, the audit chain's head the register was read under in every footer."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from core.excel import layout
from core.excel.cells import cell
from core.excel.saving import save_workbook
from core.i18n import Lang, Listed, name, t
from core.pack.risk_method import COLOURS, MEASURE_CLASSES, RiskGrade, Tier
from core.views.audit import ChainHead
from core.views.risk import GradeView, RegisterView, RiskEntryView, RiskPointView

#: 风险点辨识清单: (catalogue key, width in characters).
IDENTIFICATION: tuple[tuple[str, float], ...] = (
    ("risk.out.col.no", 5), ("risk.out.col.enterprise", 18), ("risk.out.col.code", 10),
    ("risk.out.col.name", 16), ("risk.out.col.kind", 9), ("risk.out.col.place", 14),
    ("risk.out.col.step", 22), ("risk.out.col.source", 9), ("risk.out.col.hazard", 30),
    ("risk.out.col.consequence", 24))
#: 安全风险分级管控清单: the measures' five columns stand where ``MEASURES`` is.
MEASURES = "measures"
CONTROL: tuple[tuple[str, float], ...] = (
    ("risk.out.col.no", 5), ("risk.out.col.code", 10), ("risk.out.col.name", 14),
    ("risk.out.col.step", 18), ("risk.out.col.event", 22), ("risk.out.col.accidents", 14),
    ("risk.out.col.method", 16), ("risk.out.col.inherent", 14),
    ("risk.out.col.inherent_grade", 11), ("risk.out.col.current", 14),
    ("risk.out.col.grade", 11), ("risk.out.col.rules", 18), (MEASURES, 20),
    ("risk.out.col.tiers", 12), ("risk.out.col.responsible", 16),
    ("risk.out.col.suggestions", 18))
#: Short values (numbers, codes, grades) do not wrap; every other column does.
UNWRAPPED = frozenset({"risk.out.col.no", "risk.out.col.code", "risk.out.col.kind",
                       "risk.out.col.source"})


def _columns(spec: Sequence[tuple[str, float]], lang: Lang) -> list[tuple[str, str, float]]:
    """(key, header, width) of each column, the measures spread into their five classes."""
    out = []
    for key, width in spec:
        if key == MEASURES:
            out += [(f"risk.measure.{c}", t(f"risk.measure.{c}", lang), width)
                    for c in MEASURE_CLASSES]
        else:
            out.append((key, t(key, lang), width))
    return out


def grade_text(grade: str, lang: Lang) -> str:
    """``较大风险（橙）``: the grade and its colour by name."""
    return t("risk.out.grade_colour", lang, grade=name("risk.grade", grade, lang),
             colour=name("risk.colour", COLOURS[RiskGrade(grade)][0], lang))


def grade_rgb(grade: str) -> str:
    """The grade's colour as a cell's fill takes it (``F39800``)."""
    return COLOURS[RiskGrade(grade)][1].lstrip("#")


def values_text(g: GradeView) -> str:
    """The factors and the value: ``L=3 E=6 C=15 D=270`` (LEC) or ``L=3 S=4 R=12`` (LS)."""
    product = "D" if g.method == "lec" else "R"
    parts = [f"{k}={v:g}" for k, v in g.inputs.items()]
    return " ".join([*parts, f"{product}={g.value:g}"])


def accidents_text(entry: RiskEntryView, lang: Lang, *, consequence: bool) -> str:
    """The GB 6441 accident types by name (and, with ``consequence``, the consequence as
    written)."""
    names = Listed([name("risk.accident", a, lang) for a in entry.accident_types]).render(lang)
    if consequence and entry.consequence:
        return f"{names}\n{entry.consequence}" if names else entry.consequence
    return names


def tiers_text(tiers: Sequence[str], lang: Lang) -> str:
    return "\n".join(name("risk.tier", x, lang) for x in tiers)


def responsible_text(point: RiskPointView, tiers: Sequence[str], lang: Lang) -> str:
    """The person responsible at each tier the grade requires (and any other tier named)."""
    wanted = [x.value for x in Tier if x.value in tiers or x.value in point.responsible]
    return "\n".join(t("risk.out.tier_person", lang, tier=name("risk.tier", x, lang),
                       person=point.responsible.get(x) or t("risk.out.nobody", lang))
                     for x in wanted)


def _identification_rows(register: RegisterView, lang: Lang) -> list[list[Any]]:
    rows: list[list[Any]] = []
    for point in register.points:
        kind = name("risk.out.kind", point.kind, lang)
        base = [register.enterprise_name, point.code, point.name, kind, point.place]
        for entry in point.entries or (None,):
            if entry is None:
                rows.append([len(rows) + 1, *base, "", "", "", ""])
                continue
            rows.append([len(rows) + 1, *base, entry.step,
                         name("risk.source", entry.source_class, lang), entry.hazard,
                         accidents_text(entry, lang, consequence=True)])
    return rows


def _control_rows(register: RegisterView,
                  lang: Lang) -> list[tuple[list[Any], str | None]]:
    """Rows with the current grade each is filled in."""
    rows: list[tuple[list[Any], str | None]] = []
    for point in register.points:
        for entry in point.entries:
            inherent, current = entry.inherent, entry.current
            rules = "\n".join(f"{ref} {text}" for ref, text in current.rules)
            measures = [entry.measures.get(c, "") for c in MEASURE_CLASSES]
            rows.append(([
                len(rows) + 1, point.code, point.name, entry.step, entry.hazard,
                accidents_text(entry, lang, consequence=False),
                t("risk.out.method_preset", lang, method=name("risk.method", current.method,
                                                              lang), preset=current.preset),
                values_text(inherent), grade_text(inherent.grade, lang), values_text(current),
                grade_text(current.grade, lang), rules, *measures,
                tiers_text(current.tiers, lang),
                responsible_text(point, current.tiers, lang), entry.suggestions],
                current.grade))
        if not point.entries:
            blank: list[Any] = [""] * (len(CONTROL) + len(MEASURE_CLASSES) - 1)
            blank[:3] = [len(rows) + 1, point.code, point.name]
            blank[10] = t("risk.out.not_assessed", lang)
            rows.append((blank, None))
    return rows


def _sheet(wb: Any, title: str, heading: str, columns: list[tuple[str, str, float]],
           rows: Sequence[tuple[list[Any], str | None]], made_under: str, lang: Lang,
           grade_column: int | None = None) -> None:
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet.cell_range import CellRange

    styles = layout.styles()
    ws = wb.create_sheet(title)
    widths = [w for _, _, w in columns]
    layout.set_widths(ws, widths)
    layout.print_setup(ws, lang, made_under, widths, title_rows="1:2", paper=layout.A3)
    ws.print_options.gridLines = True
    ws.freeze_panes = "D3"  # the number, code and name stay in view
    ws.merged_cells.add(CellRange(min_col=1, min_row=1, max_col=len(columns), max_row=1))
    layout.append(ws, [cell(ws, heading, {"font": Font(bold=True, size=16)})], 24.0, 1)
    header = [h for _, h, _ in columns]
    layout.append(ws, [cell(ws, h, styles["header"]) for h in header],
                  layout.height(header, widths, range(len(header))), 2)
    wrapped = [n for n, (key, _, _) in enumerate(columns) if key not in UNWRAPPED]
    wrap = {"alignment": Alignment(vertical="top", wrap_text=True)}
    for number, (values, grade) in enumerate(rows, start=3):
        row = []
        for n, value in enumerate(values):
            style = dict(wrap if n in wrapped else styles["top"])
            if n == grade_column and grade is not None:
                style["fill"] = layout.fill(grade_rgb(grade))
                style["font"] = Font(bold=True)
            row.append(cell(ws, value, style) if value != "" else None)
        layout.append(ws, row, layout.height(values, widths, wrapped), number)
    from openpyxl.utils import get_column_letter

    ws.auto_filter.ref = f"A2:{get_column_letter(len(columns))}{len(rows) + 2}"


def write_lists(register: RegisterView, out: str | Path, lang: Lang = "zh") -> Path:
    """The 两单 of ``register`` as a workbook at ``out`` (.xlsx, written whole or not at
    all): sheet 1 the 风险点辨识清单, sheet 2 the 安全风险分级管控清单 with each row's current
    grade cell filled in the grade's colour."""
    from openpyxl import Workbook

    made_under = layout.chain_line(ChainHead(seq=register.head_seq, hash=register.head_hash),
                                   lang)
    wb = Workbook(write_only=True)
    for key, spec, rows, grade_column in (
            ("risk.out.sheet.identification", IDENTIFICATION,
             [(r, None) for r in _identification_rows(register, lang)], None),
            ("risk.out.sheet.control", CONTROL, _control_rows(register, lang), 10)):
        title = t(key, lang)
        heading = t("risk.out.title", lang, name=register.enterprise_name,
                    uscc=register.enterprise_uscc, list=title)
        _sheet(wb, title, heading, _columns(spec, lang), rows, made_under, lang, grade_column)
    return save_workbook(wb, out)
