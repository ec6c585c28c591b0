"""What every screen shares: its keys from the command table in its language, the services'
context, and loading data off the UI thread."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from textual.screen import Screen

from core.i18n import Lang, t
from tui.keys import Keyed
from tui.plain import visible

if TYPE_CHECKING:
    from core.services.context import Context
    from tui.app import AnjianApp, Ready


class BaseScreen(Keyed, Screen[None]):
    """A screen whose keys are the command table's entry ``KEYS`` (and the global ones), its
    labels in ``lang``."""

    def __init__(self, lang: Lang) -> None:
        super().__init__()
        self.lang: Lang = lang

    def tr(self, key: str, **params: Any) -> str:
        return t(key, self.lang, **params)

    @property
    def anjian(self) -> AnjianApp:
        return self.app  # type: ignore[return-value]

    @property
    def ctx(self) -> Context | None:
        return self.anjian.ctx

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """A key whose action the user's role never allows is not offered (hidden from the
        footer, the help screen and the palette, and does nothing)."""
        return self.anjian.offers(self.KEYS, action)

    def on_ready(self, _message: Ready) -> None:
        self.reload()

    def on_screen_resume(self) -> None:
        if self.ctx is not None and self.is_mounted:
            self.reload()

    def reload(self) -> None:
        """Load the screen's data (in a worker); called when the database is ready."""

    def load_in_worker(self, load: Callable[[], None]) -> None:
        """Run ``load`` off the UI thread; a refusal (the user's role, the database gone) is
        shown as a message and the screen stays as it was."""
        from core.i18n import AnjianError

        # A load superseded by a newer one is cancelled, but a thread cannot be stopped: it
        # would still show what it read, perhaps after the newer one (a reload after a write
        # overwritten by the reload a closing dialog started before it). So loads take turns,
        # and one that a newer request has overtaken before its turn does nothing.
        self.loads_asked = getattr(self, "loads_asked", 0) + 1
        seq = self.loads_asked
        turns = self.__dict__.setdefault("load_turns", threading.Lock())

        def guarded() -> None:
            with turns:
                if seq != self.loads_asked:
                    return
                try:
                    load()
                except AnjianError as exc:
                    self.app.call_from_thread(self.anjian.fail, exc)

        self.run_worker(guarded, thread=True, exclusive=True, group="load")

    def export(self, name: str, write: Any) -> None:
        """Write a workbook into the exports folder in a worker, with a notification while it
        runs and when done; a refusal (the folder cannot be made, the disk is full) is shown
        and nothing is left behind. ``write(path, progress)`` returns the number of rows
        written."""
        import datetime as dt

        from core.services.schema import exports_dir

        stamp = f"{dt.datetime.now():%Y%m%d-%H%M%S}"
        self.anjian.notify(self.tr("ui.exporting"), timeout=3)

        def progress(rows: int) -> None:
            self.app.call_from_thread(self.anjian.notify, f"{self.tr('ui.exporting')} {rows}",
                                      timeout=2)

        def run() -> None:
            from core.i18n import AnjianError

            try:
                path = exports_dir() / f"{name}-{stamp}.xlsx"
                rows = write(path, progress)
            except (AnjianError, OSError) as exc:
                self.app.call_from_thread(self.anjian.fail, exc)
                return
            self.app.call_from_thread(self.anjian.notify,
                                      visible(self.tr("ui.exported", path=str(path), rows=rows)),
                                      timeout=15, markup=False)  # a path may hold brackets

        self.run_worker(run, thread=True, group="export")
