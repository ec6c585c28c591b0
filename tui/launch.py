"""Starting the terminal UI, shared by ``anjian`` (no command) and ``anjian demo``."""

from __future__ import annotations

import os

from core.i18n import Lang, default_lang


def launch(*, db: str | None = None, lang: str | None = None, user: str | None = None) -> None:
    """Run the app until the user quits."""
    from tui.app import make_app

    chosen: Lang = "en" if lang == "en" else "zh" if lang == "zh" else default_lang()
    make_app(db=db, lang=chosen, user=user).run(
        headless=bool(os.environ.get("ANJIAN_FIRST_FRAME_PROBE")))
