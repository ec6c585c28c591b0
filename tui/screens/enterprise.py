"""One enterprise: its colour code, particulars, inspections and hazards."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Footer, Header, Static

from core.i18n import Lang, name
from core.views.enterprises import EnterpriseDetail
from tui.plain import visible
from tui.screens.base import BaseScreen
from tui.screens.home import COLOUR_STYLE


class EnterpriseScreen(BaseScreen):
    """One enterprise's record."""

    KEYS = "enterprise"

    def __init__(self, lang: Lang, uscc: str) -> None:
        super().__init__(lang)
        self.uscc = uscc

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll():
            yield Static(self.tr("ui.loading"), id="enterprise")
        yield Footer()

    def reload(self) -> None:
        self.load_in_worker(self.load)

    def load(self) -> None:
        from core.services import roster

        assert self.ctx is not None
        detail = roster.enterprise_detail(self.ctx, self.uscc)
        self.app.call_from_thread(self.show_detail, detail)

    def show_detail(self, d: EnterpriseDetail) -> None:
        e, colour, lang = d.enterprise, d.colour.value, self.lang
        out = Text()
        out.append(f" {name('colour', colour, lang)} ", style=COLOUR_STYLE[colour])
        out.append(visible(f" {e.name}\n"), style="bold")
        # each particular with its label; a label and its value are never parted at a wrap
        parts = [("ui.col.uscc", e.uscc), ("ui.col.district", e.district),
                 ("ui.col.sector", name("sector", e.sector, lang)),
                 ("ui.col.address", e.address), ("ui.col.contact", e.contact)]
        for key, value in parts:
            if value:
                out.append(visible(f"{self.tr(key)}：{value}").replace(" ", "\u00a0") + "  ")
        out.append("\n\n")
        out.append(self.tr("ui.inspections") + "\n", style="bold underline")
        for i in d.inspections:
            out.append(f"  #{i.id} {name('ui.kind', i.kind, lang)} {i.inspected_on} "
                       f"{self.tr(f'verdict.{i.verdict.value}')}\n")
        open_ = [h for h in d.hazards if h.status != "closed"]
        major = sum(1 for h in open_ if h.level == "major")
        out.append("\n" + self.tr("ui.ledger") + "  ", style="bold underline")
        out.append(self.tr("ui.col.open_hazards") + f" {len(open_)}/{major}\n")
        for h in d.hazards:
            out.append(visible(f"  #{h.id} {name('ui.level', h.level, lang)} {h.clause} "
                               f"{name('hstatus', h.status, lang)} {h.deadline or ''}\n"),
                       style="red" if h.level == "major" and h.status != "closed" else "")
        self.query_one("#enterprise", Static).update(out)
        self.enterprise_name = e.name

    def action_open_risk(self) -> None:
        """The enterprise's risk register (风险分级管控台账)."""
        from tui.screens.risk import RiskScreen

        self.app.push_screen(RiskScreen(self.lang, self.uscc,
                                        getattr(self, "enterprise_name", "")))
