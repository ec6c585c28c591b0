"""An enterprise's risk register (风险分级管控台账): its risk points read from the database a
page at a time, each with its code, name, kind, grade (in its colour), the 管控层级 that
grade needs and the ⚑ of a point to re-assess; Enter shows a point's assessments. Keys add a
point (a), an assessment of the point under the cursor (e, the live grade form), grade
without storing (g), show the four-colour map as text (m) and tie a hazard to the point (l).

Also what the inspection runner shows of the inspected enterprise's risk points (R)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import DataTable, Footer, Header, Static

from core.i18n import Lang, t
from core.pack.risk_method import ACCIDENT_TYPES, COLOURS, RiskGrade, Tier
from core.views.risk import GradeView, RiskPointView
from tui.dialogs import Dialog
from tui.plain import visible
from tui.screens.base import BaseScreen

if TYPE_CHECKING:
    from core.services.context import Context

#: The tiers from the top, as the forms and the detail list them.
TIERS: tuple[str, ...] = tuple(tier.value for tier in Tier)


def grade_text(grade: str | None, lang: Lang) -> Text:
    """A grade's name on its colour (重大风险 on red …); 未评价 for none."""
    if grade is None:
        return Text(t("ui.risk.not_assessed", lang), style="dim")
    rgb = COLOURS[RiskGrade(grade)][1]
    ink = "#000000" if grade in ("significant", "general") else "#ffffff"
    return Text(f" {t(f'risk.grade.{grade}', lang)} ", style=f"bold {ink} on {rgb}")


def colour_name(grade: str, lang: Lang) -> str:
    return t(f"risk.colour.{COLOURS[RiskGrade(grade)][0]}", lang)


def tiers_text(tiers: tuple[str, ...] | list[str], lang: Lang) -> str:
    return "、".join(t(f"risk.tier.{tier}", lang) for tier in tiers) if lang == "zh" else \
        ", ".join(t(f"risk.tier.{tier}", lang) for tier in tiers)


def kind_name(kind: str, lang: Lang) -> str:
    return t(f"ui.risk.kind.{kind}", lang) if kind in ("activity", "equipment") else kind


def inputs_text(g: GradeView) -> str:
    """``L=3 E=6 C=15`` as the grade was given."""
    return " ".join(f"{k}={v:g}" for k, v in g.inputs.items())


def grade_line(label: str, g: GradeView, lang: Lang) -> Text:
    """One assessment: its value, grade in colour, level, inputs, preset and tiers."""
    out = Text(f"  {label}：" if lang == "zh" else f"  {label}: ")
    symbol = "D" if g.method == "lec" else "R"
    out.append(f"{symbol}={g.value:g} ")
    out.append_text(grade_text(g.grade, lang))
    out.append(visible(f" {colour_name(g.grade, lang)}  {inputs_text(g)}  [{g.preset}]  "))
    out.append(visible(t("ui.risk.live_level", lang, level=g.level,
                         description=g.description)) + "\n")
    out.append("    " + visible(t("ui.risk.live_tiers", lang,
                                  tiers=tiers_text(g.tiers, lang))) + "\n")
    for _ref, rule in g.rules:
        out.append("    " + visible(t("ui.risk.live_rule", lang, rule=rule)) + "\n",
                   style="red")
    return out


def point_text(p: RiskPointView, lang: Lang, *, entries: bool) -> Text:
    """A risk point in full: its particulars, the responsible person at each tier (a tier its
    grade needs without one is marked), its linked hazards and, with ``entries``, each
    assessment."""
    out = Text()
    out.append(visible(f"{p.code} {p.name}  "), style="bold")
    out.append(kind_name(p.kind, lang) + "  ")
    out.append_text(grade_text(p.grade, lang))
    out.append("\n")
    if p.place:
        out.append(visible(t("ui.risk.place", lang, place=p.place)) + "\n")
    if p.reassess:
        out.append(visible(t("ui.risk.reassess", lang, reason=p.reassess)) + "\n",
                   style="bold red")
    needed = set(p.current.tiers) if p.current is not None else set()
    out.append(t("ui.risk.responsible", lang) + "\n", style="underline")
    for tier in TIERS:
        person = p.responsible.get(tier, "")
        if not person and tier not in needed:
            continue
        shown = visible(person) if person else t("ui.risk.nobody", lang)
        out.append(f"  {t(f'risk.tier.{tier}', lang)}：{shown}\n",
                   style="" if person else "bold red")
    missing = [tier for tier in TIERS if tier in needed and not p.responsible.get(tier)]
    if missing:
        out.append(visible(t("ui.risk.tier_missing", lang, tiers=tiers_text(missing, lang)))
                   + "\n", style="red")
    if p.hazards:
        out.append(t("ui.risk.hazards", lang, ids=", ".join(f"#{h}" for h in p.hazards))
                   + "\n")
    if not entries:
        out.append(t("ui.risk.enter_hint", lang) + "\n", style="dim")
        return out
    out.append("\n" + t("ui.risk.entries", lang) + "\n", style="bold underline")
    if not p.entries:
        out.append(t("ui.risk.no_entries", lang) + "\n", style="dim")
    for e in p.entries:
        out.append(visible(t("ui.risk.entry_head", lang, seq=e.seq, step=e.step,
                             source=t(f"risk.source.{e.source_class}", lang))) + "\n",
                   style="bold")
        out.append("  " + visible(t("ui.risk.entry_hazard", lang, hazard=e.hazard)) + "\n")
        if e.accident_types:
            names = [t(f"risk.accident.{a}", lang) if a in ACCIDENT_TYPES else a
                     for a in e.accident_types]
            out.append("  " + t("ui.risk.accidents", lang, types="、".join(names)) + "\n")
        out.append_text(grade_line(t("ui.risk.inherent", lang), e.inherent, lang))
        out.append_text(grade_line(t("ui.risk.current", lang), e.current, lang))
        for kind, text in e.measures.items():
            if text:
                out.append("  " + visible(t("ui.risk.measure", lang,
                                            kind=t(f"risk.measure.{kind}", lang),
                                            text=text)) + "\n")
    return out


class RiskScreen(BaseScreen):
    """One enterprise's risk points, a page at a time; the point under the cursor below."""

    KEYS = "risk_register"
    #: Points read at once; the next page is read as the cursor nears the end.
    PAGE = 50
    MARGIN = 5

    DEFAULT_CSS = """
    RiskScreen #points { height: 1fr; }
    RiskScreen #risk-detail-box { height: 1fr; border-top: solid $primary; }
    """

    def __init__(self, lang: Lang, enterprise_uscc: str, enterprise_name: str = "") -> None:
        super().__init__(lang)
        self.uscc = enterprise_uscc
        self.enterprise_name = enterprise_name
        self.points: list[RiskPointView] = []
        self.total = 0
        self.reading = False
        #: The point shown in full (Enter), by id: kept while the cursor stays on it.
        self.opened: RiskPointView | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(self.tr("ui.loading"), id="risk-title")
        yield DataTable(id="points", cursor_type="row")
        with VerticalScroll(id="risk-detail-box"):
            yield Static("", id="risk-detail")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one("#points", DataTable)
        for key, width in (("ui.risk.col.code", 10), ("ui.risk.col.name", 22),
                           ("ui.risk.col.kind", 8), ("ui.risk.col.grade", 10),
                           ("ui.risk.col.tiers", 30), ("ui.risk.col.reassess", None)):
            table.add_column(self.tr(key), width=width)

    # --- reading -------------------------------------------------------------------------

    def reload(self) -> None:
        """The points read again from the first, as many as were shown (the cursor kept on
        its point)."""
        keep = self.current_point()
        limit = max(self.PAGE, len(self.points))

        def load() -> None:
            from core.services import risk

            assert self.ctx is not None
            rows, total = risk.points(self.ctx, self.uscc, offset=0, limit=limit)
            self.app.call_from_thread(self.show_points, rows, total, keep)

        self.load_in_worker(load)

    def show_points(self, rows: list[RiskPointView], total: int,
                    keep: RiskPointView | None) -> None:
        self.points, self.total, self.reading = list(rows), total, False
        table = self.query_one("#points", DataTable)
        table.clear()
        for p in self.points:
            table.add_row(*self.cells(p), key=str(p.id))
        ids = [p.id for p in self.points]
        if keep is not None and keep.id in ids:
            table.move_cursor(row=ids.index(keep.id), animate=False)
        self.show_title()
        self.show_current()

    def show_title(self) -> None:
        title = (self.tr("ui.risk.title", name=self.enterprise_name, total=self.total)
                 if self.enterprise_name else self.tr("ui.risk.title_short", total=self.total))
        if not self.total:
            title += "\n" + self.tr("ui.risk.empty")
        self.query_one("#risk-title", Static).update(Content(visible(title)))

    def cells(self, p: RiskPointView) -> list[Any]:
        tiers = tiers_text(p.current.tiers, self.lang) if p.current is not None else ""
        flag = Text(visible(f"⚑ {p.reassess}"), style="bold red") if p.reassess else ""
        return [visible(p.code), visible(p.name), kind_name(p.kind, self.lang),
                grade_text(p.grade, self.lang), tiers, flag]

    def more(self) -> None:
        """The next page, when the cursor nears the end of those read."""
        if self.reading or len(self.points) >= self.total:
            return
        self.reading = True
        offset = len(self.points)

        def load() -> None:
            from core.services import risk

            assert self.ctx is not None
            rows, total = risk.points(self.ctx, self.uscc, offset=offset, limit=self.PAGE)
            self.app.call_from_thread(self.appended, offset, rows, total)

        self.run_worker(load, thread=True, group="page")

    def appended(self, offset: int, rows: list[RiskPointView], total: int) -> None:
        self.reading = False
        if offset != len(self.points):  # read again meanwhile
            return
        table = self.query_one("#points", DataTable)
        for p in rows:
            self.points.append(p)
            table.add_row(*self.cells(p), key=str(p.id))
        self.total = total
        self.show_title()

    def current_point(self) -> RiskPointView | None:
        if not self.is_mounted:
            return None
        table = self.query_one("#points", DataTable)
        row = table.cursor_row
        return self.points[row] if table.row_count and 0 <= row < len(self.points) else None

    def on_data_table_row_highlighted(self, _event: DataTable.RowHighlighted) -> None:
        if self.query_one("#points", DataTable).cursor_row >= len(self.points) - self.MARGIN:
            self.more()
        self.show_current()

    def on_data_table_row_selected(self, _event: DataTable.RowSelected) -> None:
        self.action_open_point()

    def show_current(self) -> None:
        p = self.current_point()
        detail = self.query_one("#risk-detail", Static)
        if p is None:
            detail.update("")
        elif self.opened is not None and self.opened.id == p.id:
            detail.update(point_text(self.opened, self.lang, entries=True))
        else:
            detail.update(point_text(p, self.lang, entries=False))

    def show_point(self, p: RiskPointView) -> None:
        """A point in full (with its assessments) below the list."""
        self.opened = p
        self.show_current()

    # --- keys ----------------------------------------------------------------------------

    def chosen(self) -> RiskPointView | None:
        p = self.current_point()
        if p is None:
            self.anjian.notify(self.tr("ui.risk.no_point"), severity="warning")
        return p

    def action_open_point(self) -> None:
        p = self.chosen()
        if p is None:
            return
        point_id = p.id

        def load() -> None:
            from core.services import risk

            assert self.ctx is not None
            full = risk.point(self.ctx, point_id)
            self.app.call_from_thread(self.show_point, full)

        self.run_worker(lambda: self.guarded(load), thread=True, group="point")

    def guarded(self, load: Any) -> None:
        from core.i18n import AnjianError

        try:
            load()
        except AnjianError as exc:
            self.app.call_from_thread(self.anjian.fail, exc)

    def action_add_point(self) -> None:
        from tui.forms import FormDialogChecked, FormField

        ctx = self.ctx
        if ctx is None or not self.anjian.may("risk.edit", enterprise=self.uscc):
            return
        kinds = [(k, kind_name(k, self.lang)) for k in ("activity", "equipment")]
        fields = [FormField("code", self.tr("ui.risk.point_code")),
                  FormField("name", self.tr("ui.risk.point_name")),
                  FormField("kind", self.tr("ui.risk.point_kind"), "choice", value="activity",
                            choices=kinds),
                  FormField("place", self.tr("ui.risk.point_place"), required=False),
                  *(FormField(f"tier_{tier}", self.tr("ui.risk.point_responsible",
                                                      tier=self.tr(f"risk.tier.{tier}")),
                              required=False) for tier in TIERS)]

        def submit(values: dict[str, Any]) -> RiskPointView:
            from core.services import risk

            responsible = {tier: values[f"tier_{tier}"] for tier in TIERS
                           if values[f"tier_{tier}"]}
            return risk.add_point(ctx, self.uscc, code=values["code"], name=values["name"],
                                  kind=values["kind"], place=values["place"],
                                  responsible=responsible)

        def done(p: RiskPointView | None) -> None:
            if p is not None:
                self.anjian.notify(visible(self.tr("ui.risk.point_added", code=p.code,
                                                   name=p.name)), markup=False)
                self.opened = None
                self.reload()

        self.app.push_screen(FormDialogChecked(self.lang, self.tr("ui.risk.point_title"),
                                               fields, submit=submit), done)

    def action_add_entry(self) -> None:
        from tui.risk_form import RiskForm

        p = self.chosen()
        ctx = self.ctx
        if p is None or ctx is None:
            return

        def done(saved: RiskPointView | None) -> None:
            if saved is not None:
                grade = t(f"risk.grade.{saved.grade}", self.lang) if saved.grade else "-"
                self.anjian.notify(visible(self.tr("ui.risk.entry_added", code=saved.code,
                                                   grade=grade)), markup=False)
                self.opened = saved
                self.reload()

        self.app.push_screen(RiskForm(self.lang, ctx, p), done)

    def action_calculator(self) -> None:
        from tui.risk_form import RiskForm

        if self.ctx is not None:
            self.app.push_screen(RiskForm(self.lang, self.ctx, None))

    def action_link_hazard(self) -> None:
        from tui.forms import FormDialogChecked, FormField

        p = self.chosen()
        ctx = self.ctx
        if p is None or ctx is None:
            return
        point_id = p.id

        def number(value: str) -> str | None:
            return None if value.strip().lstrip("#").isdigit() else \
                self.tr("ui.risk.link_not_number", value=value)

        def submit(values: dict[str, Any]) -> tuple[int, RiskPointView]:
            from core.services import risk

            hazard = int(values["hazard"].lstrip("#"))
            return hazard, risk.link_hazard(ctx, hazard, point_id)

        def done(linked: tuple[int, RiskPointView] | None) -> None:
            if linked is not None:
                hazard, saved = linked
                self.anjian.notify(visible(self.tr("ui.risk.linked", hazard=hazard,
                                                   code=saved.code)), markup=False)
                self.opened = saved
                self.reload()

        self.app.push_screen(FormDialogChecked(
            self.lang, self.tr("ui.risk.link_title", code=p.code),
            [FormField("hazard", self.tr("ui.risk.link_hazard"), check=number)],
            submit=submit), done)

    def action_show_map(self) -> None:
        ctx = self.ctx
        if ctx is None:
            return
        uscc, lang = self.uscc, self.lang
        size = self.app.size

        def load() -> None:
            lines = map_text(ctx, uscc, lang, max(size.width - 8, 40), max(size.height - 8, 10))
            self.app.call_from_thread(self.app.push_screen, RiskMapDialog(lang, lines))

        self.load_in_worker(load)


def map_text(ctx: Context, uscc: str, lang: Lang, width: int, height: int) -> list[Any]:
    """The four-colour map as text lines (zones in their grade's colour, the legend)."""
    from core.services import risk
    from tui.risk_map_text import map_lines

    return list(map_lines(risk.register(ctx, uscc), lang, width, height))


class LinesDialog(Dialog[None]):
    """Lines of text under a title, scrolled; Esc closes."""

    DEFAULT_CSS = """
    LinesDialog #lines-box { height: 1fr; }
    """

    def __init__(self, lang: Lang, title: str, lines: list[Any]) -> None:
        super().__init__(lang, title)
        self.lines = lines

    def compose(self) -> ComposeResult:
        body = Text()
        for n, line in enumerate(self.lines):
            if n:
                body.append("\n")
            body.append_text(line if isinstance(line, Text) else Text(visible(str(line))))
        with Vertical(classes="dialog lines"):
            yield Static(Content(self.title_text), classes="dialog-title")
            with VerticalScroll(id="lines-box"):
                yield Static(body, id="lines")
        yield Footer()

    def on_mount(self) -> None:
        box = self.query_one(".lines").styles
        box.width = box.max_width = box.height = box.max_height = "100%"
        self.query_one("#lines-box").focus()


class RiskMapDialog(LinesDialog):
    """The enterprise's four-colour map as text."""

    KEYS = "risk_map"

    def __init__(self, lang: Lang, lines: list[Any]) -> None:
        super().__init__(lang, t("ui.dialog.risk_map", lang), lines)


class RiskPointsDialog(LinesDialog):
    """The inspected enterprise's risk points with their grades (from the runner)."""

    KEYS = "risk_points"

    def __init__(self, lang: Lang, points: list[RiskPointView]) -> None:
        lines: list[Any] = []
        for p in points:
            line = Text(visible(f"{p.code} {p.name} "))
            line.append_text(grade_text(p.grade, lang))
            if p.current is not None:
                line.append("  " + tiers_text(p.current.tiers, lang))
            if p.reassess:
                line.append(visible(f"  ⚑ {p.reassess}"), style="bold red")
            lines.append(line)
        if not points:
            lines.append(Text(t("ui.risk.runner_none", lang)))
        super().__init__(lang, t("ui.dialog.risk_points", lang), lines)


def show_inspection_points(screen: BaseScreen, inspection_id: int) -> None:
    """The risk points of the enterprise an inspection is at, in a dialog (read in a
    worker)."""
    ctx, lang = screen.ctx, screen.lang
    if ctx is None:
        return

    def load() -> None:
        from core.services import risk

        points = risk.points_for_inspection(ctx, inspection_id)
        screen.app.call_from_thread(screen.app.push_screen, RiskPointsDialog(lang, points))

    screen.load_in_worker(load)
