"""Installed packs, the plugin each comes from, and any plugin that failed to load with its
error."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Footer, Header, Static

from tui.plain import visible
from tui.screens.base import BaseScreen


class PacksScreen(BaseScreen):
    """The judging standards this installation knows."""

    KEYS = "packs"

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll():
            yield Static(self.tr("ui.loading"), id="packs")
        yield Footer()

    def reload(self) -> None:
        assert self.ctx is not None
        cat = self.ctx.catalogue
        out = Text()
        for e in cat.entries.values():
            p = e.pack
            title = p.title_en if self.lang == "en" else p.title_zh
            counts = (self.tr("packs.items_checklist", items=len(p.items())) if p.checklist
                      else self.tr("packs.items_rules", items=len(p.items()),
                                   rules=len(p.rules)))
            out.append(visible(p.id), style="bold")
            out.append(visible(f"  {p.version}  {p.standard} {title}\n"))
            # the plugin's entry-point name is an identifier, as `anjian plugins list` shows it
            out.append(visible(f"    {counts}  {self.tr('ui.plugin')} {e.plugin}  "
                               f"{self.tr('packs.effective')}: {p.effective}\n"), style="dim")
            if p.superseded_by:
                out.append(visible("    " + self.tr(
                    "packs.superseded", successor=p.superseded_by.standard,
                    date=p.superseded_by.effective.isoformat()) + "\n"), style="yellow")
        if cat.errors:
            out.append(f"\n{self.tr('ui.plugin_errors')}\n", style="bold red")
            for err in cat.errors:
                out.append(visible(f"  {err.render(self.lang)}\n"), style="red")
        self.query_one("#packs", Static).update(out)
