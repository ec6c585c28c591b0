"""An inspection's recorded findings re-evaluated under another version of the standard
(headless twin: ``anjian inspect reevaluate ID --under PACK``). Nothing recorded changes."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Footer, Header

from core.i18n import Lang
from tui.screens.base import BaseScreen
from tui.wrapped import Wrapped


class ReevaluationScreen(BaseScreen):
    """What the recorded findings determine under ``target``, beside what they did: what
    changes, the values judged against the other version's limits, and the answers left for
    the inspector with why and both texts (wrapped as Chinese is)."""

    KEYS = "reevaluation"

    def __init__(self, lang: Lang, inspection_id: int, target: str) -> None:
        super().__init__(lang)
        self.inspection_id, self.target = inspection_id, target

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll():
            yield Wrapped([(self.tr("ui.loading"), "")], id="changes")
        yield Footer()

    def reload(self) -> None:
        from core.services.versions import reevaluate_inspection
        from tui.text import change_lines

        ctx = self.ctx
        if ctx is None:
            return
        try:
            result = reevaluate_inspection(ctx, self.inspection_id, self.target)
        except Exception as exc:
            # said on the screen as well as in a notice: "loading…" would stay there forever
            from core.i18n import AnjianError

            why = exc.render(self.lang) if isinstance(exc, AnjianError) else f"{exc}"
            self.query_one("#changes", Wrapped).update([(why, "")])
            self.anjian.fail(exc)
            return
        self.query_one("#changes", Wrapped).update(
            [(line, "") for line in change_lines(result, self.lang)])
