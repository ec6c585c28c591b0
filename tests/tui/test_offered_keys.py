"""An enterprise user's home screen offers only what the role may do, also after the command
palette (a screen of Textual's own) was opened over it and closed."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tests.hazard_world import OWNER, hazard_world
from tests.tui.shown import settle
from tui.app import make_app
from tui.palette import entries

TODAY = dt.date(2026, 3, 2)


def offered_keys(app: object) -> set[str]:
    screen = app.screen  # type: ignore[attr-defined]
    return {key for key, b in screen.active_bindings.items()
            if b.enabled and app.check_action(  # type: ignore[attr-defined]
                b.binding.action.removeprefix("app."), ()) is not False}


async def test_an_enterprise_user_is_offered_no_bureau_key_before_or_after_the_palette(
        tmp_path: Path) -> None:
    world = hazard_world(tmp_path, TODAY, upto="found")
    app = make_app(context=world.ctx(OWNER), today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        home = app.screen
        assert not {"e", "c", "t", "k", "u", "n", "i"} & offered_keys(app)
        assert "l" in offered_keys(app)
        labels = [e.label for e in entries(app, home)]
        assert "生产经营单位" not in labels and "打开单位…" not in labels
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert app.check_action("new_campaign", ()) is False  # under the palette too
        await pilot.press("escape")
        await settle(app, pilot)
        assert app.screen is home
        assert not {"e", "c", "t", "k"} & offered_keys(app)
    world.store.close()
