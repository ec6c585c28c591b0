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
        out.append(visible(f"{e.uscc}  {e.district}  {name('sector', e.sector, lang)}\n"))
        out.append(visible(f"{e.address}  {e.contact}\n\n"))
        out.append(self.tr("ui.inspections") + "\n", style="bold underline")
        for i in d.inspections:
            out.append(f"  #{i.id} {name('ui.kind', i.kind, lang)} {i.inspected_on} "
                       f"{self.tr(f'verdict.{i.verdict.value}')}\n")
        out.append("\n" + self.tr("ui.ledger") + "\n", style="bold underline")
        for h in d.hazards:
            out.append(visible(f"  #{h.id} {name('ui.level', h.level, lang)} {h.clause} "
                               f"{name('hstatus', h.status, lang)} {h.deadline or ''}\n"),
                       style="red" if h.level == "major" and h.status != "closed" else "")
        self.query_one("#enterprise", Static).update(out)
