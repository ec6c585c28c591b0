"""The four-colour risk map as text (what the register screen and ``anjian risk map --text``
show): the site plan or zone grid scaled into ``width`` × ``height`` characters, each zone
filled with its grade's colour and headed by its risk point's code, then the legend and the
points not placed or not assessed. Pure: a register in, lines out."""

from __future__ import annotations

import math

from rich.style import Style
from rich.text import Text

from core.i18n import Lang, t
from core.pack.risk_method import COLOURS, GRADES, RiskGrade
from core.views.risk import RegisterView, RiskPointView

#: Points not yet graded are grey, as on the drawn map.
UNGRADED = "#9E9E9E"
EMPTY = Style(color="grey50", dim=True)
GRID = Style(color="grey42")


def _colour(grade: str | None) -> str:
    return COLOURS[RiskGrade(grade)][1] if grade is not None else UNGRADED


def zone_style(grade: str | None) -> Style:
    """A zone's cells: its grade's colour behind, text that reads on it."""
    ink = "#FFFFFF" if grade in (RiskGrade.major, RiskGrade.low) else "#000000"
    return Style(bgcolor=_colour(grade), color=ink, bold=True)


def _rank(p: RiskPointView) -> int:
    return -1 if p.grade is None else len(GRADES) - GRADES.index(RiskGrade(p.grade))


def _span(start: int, size: int, scale: float, limit: int) -> range:
    """The characters a zone from ``start`` of ``size`` plan units covers (at least one)."""
    a = min(limit - 1, math.floor(start * scale))
    b = min(limit, max(a + 1, math.floor((start + size) * scale)))
    return range(a, b)


def legend(register: RegisterView, lang: Lang) -> Text:
    """One line: each grade's colour, name and count, and the points not assessed."""
    counts = {g.value: 0 for g in GRADES}
    ungraded = 0
    for p in register.points:
        if p.grade is None:
            ungraded += 1
        else:
            counts[p.grade] += 1
    line = Text()
    for g in GRADES:
        line.append("  ", zone_style(g.value))
        line.append(" " + t("risk_map.legend.grade", lang, grade=t(f"risk.grade.{g.value}", lang),
                            colour=t(f"risk.colour.{COLOURS[g][0]}", lang),
                            count=counts[g.value]) + "  ")
    line.append("  ", zone_style(None))
    line.append(" " + t("risk_map.legend.ungraded", lang, count=ungraded))
    return line


def map_lines(register: RegisterView, lang: Lang, width: int, height: int) -> list[Text]:
    """The map in ``width`` × ``height`` characters, then the legend line and the lines
    listing the points not placed and those not assessed."""
    width, height = max(width, 1), max(height, 1)
    plan = register.plan
    if plan is not None and plan.is_image:
        pw, ph, grid = plan.width, plan.height, False
    elif plan is not None and plan.cols and plan.rows:
        pw, ph, grid = plan.cols, plan.rows, True
    else:
        pw = ph = 0
        grid = False
    lines: list[Text] = []
    if pw and ph:
        sx, sy = width / pw, height / ph
        chars = [["·"] * width for _ in range(height)]
        styles = [[EMPTY] * width for _ in range(height)]
        if grid:  # each cell's top left corner, so the cells can be counted
            for c in range(pw):
                for r in range(ph):
                    x, y = _span(c, 1, sx, width)[0], _span(r, 1, sy, height)[0]
                    chars[y][x], styles[y][x] = "+", GRID
        placed = sorted((p for p in register.points if p.zone is not None),
                        key=lambda p: (_rank(p), p.code))
        for p in placed:
            assert p.zone is not None
            cols = _span(p.zone.x, p.zone.w, sx, width)
            rows = _span(p.zone.y, p.zone.h, sy, height)
            style = zone_style(p.grade)
            for r in rows:
                for c in cols:
                    chars[r][c], styles[r][c] = " ", style
            label = p.code[:len(cols)]
            for i, ch in enumerate(label):
                chars[rows[0]][cols[0] + i] = ch
        for r in range(height):
            line = Text()
            for c in range(width):
                line.append(chars[r][c], styles[r][c])
            lines.append(line)
    else:
        lines.append(Text(t("risk_map.no_plan", lang), EMPTY))
    lines.append(legend(register, lang))
    by_code = sorted(register.points, key=lambda p: p.code)
    unplaced = [p for p in by_code if p.zone is None]
    if unplaced:
        line = Text(t("risk_map.unplaced", lang, count=len(unplaced)) + " ")
        for p in unplaced:
            line.append(f" {p.code} ", zone_style(p.grade))
            line.append(f" {p.name} ")
        lines.append(line)
    not_graded = [p for p in by_code if p.grade is None]
    if not_graded:
        lines.append(Text(t("risk_map.ungraded_list", lang, count=len(not_graded)) + " "
                          + "  ".join(f"{p.code} {p.name}" for p in not_graded)))
    return lines
