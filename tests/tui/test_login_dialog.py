"""The app on a database that asks for a password: a login dialog (masked, in Chinese) asks
for it, a wrong one is said and asked again, the right one opens the database, escape quits.
A real PostgreSQL server that asks for passwords (the private one of the login tests)."""

from __future__ import annotations

from typing import Any

from core.services.schema import upgrade_database
from tests.password_server import Login
from tests.tui.shown import frame_text, shown
from tui.app import AnjianApp, make_app
from tui.dialogs import LoginDialog


async def settle(app: AnjianApp, pilot: Any) -> None:
    for _ in range(4):
        await app.workers.wait_for_complete()
        await pilot.pause()


async def type_in(pilot: Any, text: str) -> None:
    await pilot.press(*text)  # each character a key, as a person types
    await pilot.press("enter")


async def test_asked_until_right_then_the_database_opens(pg_login: Login) -> None:
    upgrade_database(pg_login.url, password=pg_login.password)
    app = make_app(db=pg_login.url, lang="zh", user="组长甲")
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, LoginDialog)
        text = shown(app)
        assert f"需要用户 {pg_login.role} 的密码" in text and "Esc" in text and "退出" in text
        assert "密码不对" not in text
        await type_in(pilot, "wrong-one")
        await settle(app, pilot)
        assert isinstance(app.screen, LoginDialog)
        assert "密码不对，请重新输入" in shown(app)
        assert app.ctx is None
        await pilot.press(*"half-typed")
        await pilot.pause()
        assert "half-typed" not in frame_text(app.export_screenshot())  # masked as typed
        await pilot.press(*["backspace"] * len("half-typed"))
        await type_in(pilot, pg_login.password)  # Chinese characters too
        await settle(app, pilot)
        assert app.ctx is not None
        assert not isinstance(app.screen, LoginDialog)
        assert app.ctx.store.url == pg_login.url  # the password stays in the engine


async def test_escape_quits(pg_login: Login) -> None:
    app = make_app(db=pg_login.url, lang="zh")
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, LoginDialog)
        await pilot.press("escape")
        await pilot.pause()
    assert app.ctx is None
    assert app.return_code == 0
