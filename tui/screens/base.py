"""What every screen shares: translated bindings from the command table, the services'
context, and loading data off the UI thread."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.binding import BindingsMap
from textual.screen import Screen

from core.i18n import Lang, t
from tui.keys import bindings

if TYPE_CHECKING:
    from core.services.context import Context
    from tui.app import AnjianApp, Ready


class BaseScreen(Screen[None]):
    """A screen whose keys come from :mod:`tui.keys` under the name ``KEYS``."""

    KEYS = ""

    def __init__(self, lang: Lang) -> None:
        super().__init__()
        self.lang: Lang = lang
        self._bindings = BindingsMap(bindings(self.KEYS, lang))

    def tr(self, key: str, **params: Any) -> str:
        return t(key, self.lang, **params)

    @property
    def anjian(self) -> AnjianApp:
        return self.app  # type: ignore[return-value]

    @property
    def ctx(self) -> Context | None:
        return self.anjian.ctx

    def on_ready(self, _message: Ready) -> None:
        self.reload()

    def on_screen_resume(self) -> None:
        if self.ctx is not None and self.is_mounted:
            self.reload()

    def reload(self) -> None:
        """Load the screen's data (in a worker); called when the database is ready."""
