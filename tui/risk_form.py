"""The risk assessment form (风险评价): the preset chosen among those installed (its source, a
未核对原文 flag when its tables were not checked against the official text, and how its band
bounds are drawn), then each factor (L, E, C or L, S) chosen from its table's wording, and any
直接判定为重大风险 circumstance ticked. The grade follows each choice: the value, the grade
in its colour, the level's description and the 管控层级 it needs (computed by the services'
calculator, which stores nothing).

For a risk point it asks the step, the hazard source and the measures, and both the inherent
(固有) and the current (现有) assessment; ctrl+s stores it through the services, and a
refusal (the current risk graver than the inherent one, a tier without its responsible
person) stays in the form with the field it names focused, nothing stored. Without a point it
is the calculator: nothing to save."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Footer, Input, Label, Select, SelectionList, Static
from textual.widgets.selection_list import Selection

from core.i18n import AnjianError, Lang, t
from core.pack.risk_method import (
    ACCIDENT_TYPES,
    MEASURE_CLASSES,
    SOURCE_CLASSES,
    RiskMethod,
)
from core.views.risk import RiskPointView
from tui.dialogs import Dialog
from tui.forms import ListSelect
from tui.plain import visible
from tui.screens.risk import colour_name, tiers_text

if TYPE_CHECKING:
    from core.engine.grading import Graded
    from core.services.context import Context


class RiskForm(Dialog[RiskPointView]):
    """An assessment of risk point ``point`` (None: the calculator, which stores nothing);
    returns the point as stored."""

    KEYS = "risk_form"
    AUTO_FOCUS = ""
    DEFAULT_CSS = """
    RiskForm .risk-live { margin: 0 0 1 0; }
    RiskForm .risk-section { text-style: bold underline; margin-top: 1; }
    RiskForm SelectionList { height: auto; max-height: 8; }
    """

    def __init__(self, lang: Lang, ctx: Context, point: RiskPointView | None) -> None:
        title = (t("ui.risk.form_title", lang, code=point.code, name=point.name)
                 if point is not None else t("ui.risk.calc_title", lang))
        super().__init__(lang, title)
        self.ctx, self.point = ctx, point
        self.presets: dict[str, RiskMethod] = dict(ctx.catalogue.risk_methods)
        self.preset_id = ("lec-classic" if "lec-classic" in self.presets
                          else next(iter(self.presets), ""))
        #: The assessments asked: both for a point, one for the calculator.
        self.sections = ("inherent", "current") if point is not None else ("calc",)
        #: What each section's choices grade to now (None: not all chosen, or refused).
        self.graded: dict[str, Graded | None] = dict.fromkeys(self.sections)
        self.busy = False

    @property
    def preset(self) -> RiskMethod:
        return self.presets[self.preset_id]

    # --- building ------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        lang = self.lang
        with VerticalScroll(classes="dialog form risk-form", can_focus=False):
            yield Static(Content(self.title_text), classes="dialog-title")
            yield Static("", id="form-refusal", classes="dialog-warning")
            yield Label(t("ui.risk.preset", lang), classes="form-label")
            yield ListSelect(lang, [(Content(visible(f"{m.name}（{m.id}）")), m.id)
                                    for m in self.presets.values()],
                             value=self.preset_id, id="f-preset", allow_blank=False)
            yield Static("", id="preset-info", classes="dialog-hint")
            if self.point is not None:
                yield Label(t("ui.risk.step", lang), classes="form-label")
                yield Input(id="f-step")
                yield Label(t("ui.risk.hazard", lang), classes="form-label")
                yield Input(id="f-hazard")
                yield Label(t("ui.risk.source_class", lang), classes="form-label")
                yield ListSelect(lang, [(Content(t(f"risk.source.{c}", lang)), c)
                                        for c in SOURCE_CLASSES], id="f-source_class",
                                 prompt=t("ui.form.choose", lang), allow_blank=True)
                yield Label(t("ui.risk.accident_types", lang) + t("ui.form.optional", lang),
                            classes="form-label")
                yield SelectionList[str](
                    *(Selection(Content(t(f"risk.accident.{a}", lang)), a)
                      for a in ACCIDENT_TYPES), id="f-accidents")
                yield Static(t("ui.risk.measures", lang), classes="risk-section")
                for kind in MEASURE_CLASSES:
                    yield Label(t(f"risk.measure.{kind}", lang) + t("ui.form.optional", lang),
                                classes="form-label")
                    yield Input(id=f"f-measure-{kind}")
            for section in self.sections:
                if section != "calc":
                    yield Static(t(f"ui.risk.{section}", lang), classes="risk-section")
                with Vertical(id=f"{section}-factors", classes="risk-factors"):
                    yield from self.factor_widgets(section)
                yield Static("", id=f"{section}-live", classes="risk-live")
        yield Footer()

    def factor_widgets(self, section: str) -> list[Any]:
        """A choice per factor of the preset (``score — meaning`` from its table), then the
        direct rules to tick."""
        lang = self.lang
        out: list[Any] = []
        for table in self.preset.factors:
            out.append(Label(Content(visible(t("ui.risk.factor", lang, key=table.key,
                                               name=table.name))), classes="form-label"))
            options = [(Content(visible(t("ui.risk.factor_option", lang, score=f"{v.score:g}",
                                          meaning=v.meaning))), f"{v.score:g}")
                       for v in table.values]
            out.append(ListSelect(lang, options, id=f"{section}-{table.key}",
                                  prompt=t("ui.form.choose", lang), allow_blank=True))
        rules = [(f"{s.id}/{r.id}", r.text) for s in self.ctx.catalogue.direct_rules.values()
                 for r in s.rules]
        if rules:
            out.append(Label(t("ui.risk.rules", lang), classes="form-label"))
            out.append(SelectionList[str](*(Selection(Content(visible(text)), ref)
                                            for ref, text in rules), id=f"{section}-rules"))
        return out

    def on_mount(self) -> None:
        box = self.query_one(".risk-form").styles
        box.width = box.max_width = box.height = box.max_height = "100%"
        self.set_focus(self.query_one("#f-preset"), scroll_visible=False)
        self.show_preset()
        for section in self.sections:
            self.show_live(section)

    # --- the preset and the live grade ---------------------------------------------------

    def show_preset(self) -> None:
        m, lang = self.preset, self.lang
        info = Text(visible(f"{t(f'risk.method.{m.method}', lang)}  "))
        info.append(t(f"risk.verification.{m.verification}", lang),
                    style="bold red" if m.verification == "unverified" else "green")
        info.append("\n" + visible(t("ui.risk.preset_source", lang, source=m.source)))
        if m.verification_note:
            info.append("\n" + visible(m.verification_note), style="dim")
        info.append("\n" + visible(t("ui.risk.preset_convention", lang, line=m.convention())))
        self.query_one("#preset-info", Static).update(info)

    @on(Select.Changed, "#f-preset")
    async def preset_changed(self, event: Select.Changed) -> None:
        if event.value is Select.NULL or event.value == self.preset_id:
            return
        self.preset_id = str(event.value)
        self.show_preset()
        for section in self.sections:
            box = self.query_one(f"#{section}-factors", Vertical)
            await box.remove_children()
            await box.mount_all(self.factor_widgets(section))
            self.show_live(section)

    def inputs(self, section: str) -> tuple[dict[str, float], list[str]]:
        """The factors chosen in ``section`` and those still to choose."""
        chosen: dict[str, float] = {}
        missing: list[str] = []
        for table in self.preset.factors:
            found = self.query(f"#{section}-{table.key}")
            value = found.first(Select).value if found else Select.NULL
            if value is Select.NULL or value is None:
                missing.append(table.key)
            else:
                chosen[table.key] = float(str(value))
        return chosen, missing

    def rules(self, section: str) -> list[str]:
        found = self.query(f"#{section}-rules")
        return list(found.first(SelectionList).selected) if found else []

    def assessment(self, section: str) -> dict[str, Any]:
        """The section as the services take it: preset, inputs, rules."""
        chosen, _ = self.inputs(section)
        return {"preset": self.preset_id, "inputs": chosen, "rules": self.rules(section)}

    def show_live(self, section: str) -> None:
        """The grade ``section``'s choices give, said again at every change."""
        from core.services import risk

        lang = self.lang
        live = self.query(f"#{section}-live")
        if not live:
            return
        chosen, missing = self.inputs(section)
        out = Text()
        graded: Graded | None = None
        if missing:
            out.append(t("ui.risk.live_missing", lang, factors="、".join(missing)
                         if lang == "zh" else ", ".join(missing)), style="dim")
        else:
            try:
                graded = risk.calculate(self.ctx, preset=self.preset_id, inputs=chosen,
                                        rules=self.rules(section))
            except AnjianError as exc:
                out.append(visible(exc.render(lang)), style="red")
        self.graded[section] = graded
        if graded is not None:
            symbol = "D" if graded.method == "lec" else "R"
            out.append("    ", style=f"on {graded.rgb}")
            out.append(" " + t("ui.risk.live_value", lang, symbol=symbol,
                               value=f"{graded.value:g}") + "  ", style="bold")
            out.append(f"{t(f'risk.grade.{graded.grade.value}', lang)} "
                       f"{colour_name(graded.grade.value, lang)}", style=f"bold {graded.rgb}")
            out.append("\n" + visible(t("ui.risk.live_level", lang, level=graded.level,
                                        description=graded.description)))
            out.append("\n" + t("ui.risk.live_tiers", lang,
                                tiers=tiers_text([x.value for x in graded.tiers], lang)))
            for _ref, rule in graded.rules:
                out.append("\n" + visible(t("ui.risk.live_rule", lang, rule=rule)),
                           style="bold red")
        if section == "current":
            out.append_text(self.graver_warning())
        live.first(Static).update(out)
        if section == "inherent" and "current" in self.sections:
            self.show_live("current")  # the warning follows the inherent grade too

    def graver_warning(self) -> Text:
        """Said under the current risk while it is graver than the inherent one."""
        from core.engine.grading import not_above

        inherent, current = self.graded.get("inherent"), self.graded.get("current")
        if inherent is None or current is None or not_above(current, inherent):
            return Text()
        return Text("\n" + visible(t("ui.risk.current_graver", self.lang,
                                     inherent=f"{inherent.value:g}",
                                     current=f"{current.value:g}")), style="bold red")

    def on_select_changed(self, event: Select.Changed) -> None:
        wid = event.select.id or ""
        section = wid.split("-")[0]
        if section in self.sections:
            self.show_live(section)

    def on_selection_list_selected_changed(self, event: SelectionList.SelectedChanged[str]
                                           ) -> None:
        section = (event.selection_list.id or "").split("-")[0]
        if section in self.sections:
            self.show_live(section)

    # --- saving --------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """The calculator saves nothing: no ctrl+s offered."""
        return not (action == "submit" and self.point is None)

    def action_submit(self) -> None:
        """Ctrl+S, once the focused field has taken the keys typed before it."""
        focused = self.focused
        if focused is not None:
            focused.call_later(self.submit_now)
        else:
            self.submit_now()

    def text(self, wid: str) -> str:
        return self.query_one(f"#{wid}", Input).value.strip()

    def submit_now(self) -> None:
        if self.busy or self.point is None:
            return
        source = self.query_one("#f-source_class", Select).value
        for wid, label, empty in (("f-step", "ui.risk.step", not self.text("f-step")),
                                  ("f-hazard", "ui.risk.hazard", not self.text("f-hazard")),
                                  ("f-source_class", "ui.risk.source_class",
                                   source is Select.NULL)):
            if empty:
                self.refuse(t("ui.risk.fill_first", self.lang, field=t(label, self.lang)), wid)
                return
        values = {
            "step": self.text("f-step"), "hazard": self.text("f-hazard"),
            "source_class": str(source),
            "accident_types": list(self.query_one("#f-accidents", SelectionList).selected),
            "measures": {k: self.text(f"f-measure-{k}") for k in MEASURE_CLASSES
                         if self.text(f"f-measure-{k}")},
            "inherent": self.assessment("inherent"), "current": self.assessment("current")}
        self.busy = True
        self.saving(self.point.id, values)

    @work(thread=True, group="submit")
    def saving(self, point_id: int, values: dict[str, Any]) -> None:
        from core.services import risk

        try:
            done = risk.add_entry(self.ctx, point_id, **values)
        except AnjianError as exc:
            field = str(exc.params.get("field", ""))
            self.app.call_from_thread(self.refused, exc.render(self.lang), field)
            return
        self.app.call_from_thread(self.dismiss, done)

    def refused(self, why: str, field: str) -> None:
        self.busy = False
        self.refuse(why, self.widget_of(field))

    def widget_of(self, field: str) -> str | None:
        """The widget of the field a refusal names (``current.L``, ``inherent.rules``,
        ``current``, ``step`` …); the current assessment's first factor when it names none
        (a tier without its person follows from the current grade)."""
        head, _, rest = field.partition(".")
        if head in ("inherent", "current"):
            if rest == "rules":
                return f"{head}-rules"
            keys = [f.key for f in self.preset.factors]
            return f"{head}-{rest if rest in keys else keys[0]}"
        if self.query(f"#f-{field}"):
            return f"f-{field}"
        return f"current-{self.preset.factors[0].key}"

    def refuse(self, why: str, wid: str | None) -> None:
        """Say in the form why it was not stored, and focus the field it names."""
        box = self.query_one("#form-refusal", Static)
        box.update(Content(visible(why)))
        box.scroll_visible(animate=False)
        if wid is not None and self.query(f"#{wid}"):
            target = self.query_one(f"#{wid}")
            self.set_focus(target, scroll_visible=False)
            self.call_after_refresh(target.scroll_visible, animate=False)
