"""The UI when the database server goes away under it: the campaign screen says so, keeps
running, and advances once the server is back."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import event
from sqlalchemy.engine import make_url

from core.services.context import Context
from core.store.db import Store, open_store
from tests.conftest import PG_SERVER
from tests.test_faults import (
    NEW,
    OLD,
    TODAY,
    connect,
    context,
    ready_to_leave_onsite,
    stored,
    terminate,
)
from tests.tui.shown import notices
from tui.app import AnjianApp, make_app


@pytest.fixture
def world(pg_url: str) -> Iterator[tuple[Store, Context, int]]:
    store = open_store(pg_url)
    try:
        ctx = context(store)
        yield store, ctx, ready_to_leave_onsite(ctx)
    finally:
        store.close()


async def settle(app: AnjianApp, pilot: Any) -> None:
    for _ in range(3):
        await app.workers.wait_for_complete()
        await pilot.pause()


def messages(app: AnjianApp) -> list[str]:
    return notices(app)


async def test_campaign_screen_survives_the_server_going_away(
        world: tuple[Store, Context, int], pg_url: str) -> None:
    store, ctx, cid = world
    database = make_url(pg_url).database
    app = make_app(lang="en", context=ctx, today=TODAY)
    with connect(PG_SERVER, autocommit=True) as admin:
        async with app.run_test(size=(100, 30), notifications=True) as pilot:
            await settle(app, pilot)
            await pilot.press("enter")
            await settle(app, pilot)
            assert getattr(app.screen, "campaign_id", None) == cid

            # The server stops taking connections to the database and drops the app's ones.
            admin.execute(f'ALTER DATABASE "{database}" ALLOW_CONNECTIONS false')
            killed = admin.execute(
                "SELECT pg_terminate_backend(pid, 10000) FROM pg_stat_activity"
                " WHERE datname = %s AND pid <> pg_backend_pid()", (database,)).fetchall()
            assert killed and all(ok for (ok,) in killed)
            await pilot.press("a")
            await settle(app, pilot)
            assert any(m.startswith("cannot use the database") and
                       "is not currently accepting connections" in m for m in messages(app))
            assert app.is_running and getattr(app.screen, "campaign_id", None) == cid
            admin.execute(f'ALTER DATABASE "{database}" ALLOW_CONNECTIONS true')
            assert stored(pg_url, cid) == OLD

            # Back, but the connection is killed as the change is committed: the outcome is
            # unknown to the app, and it says so.
            killed_at_commit: list[int] = []

            def commit(conn: Any) -> None:
                if not killed_at_commit:
                    killed_at_commit.append(conn.connection.dbapi_connection.info.backend_pid)
                    terminate(admin, killed_at_commit[0])

            event.listen(store.engine, "commit", commit)
            try:
                await pilot.press("a")
                await settle(app, pilot)
            finally:
                event.remove(store.engine, "commit", commit)
            assert killed_at_commit
            assert any("may or may not have been saved" in m for m in messages(app))
            assert app.is_running
            assert stored(pg_url, cid) == OLD

            # And now it goes through.
            await pilot.press("a")
            await settle(app, pilot)
            assert "Now at stage Feedback" in messages(app)
            assert stored(pg_url, cid) == NEW
            assert app.is_running

