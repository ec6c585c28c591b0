"""The ledger screen's deadlines: the team sets one (d), the enterprise asks for more time (e),
the lead grants (g) or refuses (n) it; the selected hazard's detail shows every change of its
deadline and every request, and a refused key changes nothing stored."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input, Static

from core.services import hazards, users
from core.services.context import Context
from core.services.packs import default_catalogue
from core.store.db import open_store
from tests.workflow_helpers import major_hazard_setup
from tui.app import AnjianApp, make_app

TODAY = dt.date(2026, 3, 2)
OWNER = "企业安全员"


@pytest.fixture
def ctx(tmp_path: Path) -> Iterator[Context]:
    """The campaign's lead (组长甲, also the database's administrator) and a major hazard."""
    c = Context(open_store(f"sqlite:///{tmp_path / 'tui.db'}"), default_catalogue(), "组长甲",
                TODAY, "en")
    yield c
    c.store.close()


def as_owner(ctx: Context, hazard_id: int) -> Context:
    """The hazard's enterprise user."""
    uscc = hazards.detail(ctx, hazard_id).hazard.enterprise_uscc
    users.add_user(ctx, OWNER, role="enterprise", enterprise=uscc)
    return Context(ctx.store, ctx.catalogue, OWNER, TODAY, "en")


async def settle(app: AnjianApp, pilot: Any) -> None:
    for _ in range(3):
        await app.workers.wait_for_complete()
        await pilot.pause()


def detail_text(app: AnjianApp) -> str:
    return str(app.screen.query_one("#hazard-detail", Static).render())


async def fill(app: AnjianApp, pilot: Any, **values: str) -> None:
    """Fill the open form's fields and submit it."""
    await pilot.pause()
    for key, value in values.items():
        app.screen.query_one(f"#f-{key}", Input).value = value
    await pilot.press("ctrl+s")
    await settle(app, pilot)


async def test_set_a_deadline_ask_for_more_time_and_grant_it(ctx: Context) -> None:
    hazard_id = major_hazard_setup(ctx)
    owner = as_owner(ctx, hazard_id)
    lead = make_app(lang="en", context=ctx, today=TODAY)
    async with lead.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(lead, pilot)
        await pilot.press("l")
        await settle(lead, pilot)
        assert "no deadline yet" in detail_text(lead)
        await pilot.press("d")
        await fill(lead, pilot, deadline="2026-03-20")
        assert hazards.detail(ctx, hazard_id).hazard.deadline == dt.date(2026, 3, 20)
        shown = detail_text(lead)
        assert "deadline 2026-03-20, 18 day(s) left" in shown, shown
        assert "2026-03-02 组长甲 set by the team: — → 2026-03-20" in shown, shown

    app = make_app(lang="en", context=owner, today=TODAY)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(app, pilot)
        await pilot.press("l")
        await settle(app, pilot)
        await pilot.press("e")
        await fill(app, pilot, until="2026-04-15", reason="关键设备到货周期长")
        shown = detail_text(app)
        assert ("2026-03-02 企业安全员 asked to move 2026-03-20 to 2026-04-15, because: "
                "关键设备到货周期长 — awaiting the lead") in shown, shown

    lead = make_app(lang="en", context=ctx, today=TODAY)
    async with lead.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(lead, pilot)
        await pilot.press("l")
        await settle(lead, pilot)
        await pilot.press("g")
        await pilot.pause()
        await pilot.press(*"同意")
        await pilot.press("enter")
        await settle(lead, pilot)
        shown = detail_text(lead)
        assert "deadline 2026-04-15" in shown, shown
        assert ("2026-03-02 组长甲 extension granted: 2026-03-20 → 2026-04-15; why: "
                "关键设备到货周期长") in shown, shown
        assert "— granted (组长甲, 2026-03-02: 同意)" in shown, shown
    d = hazards.detail(ctx, hazard_id)
    assert [(c.kind, c.new_deadline) for c in d.deadlines] == [
        ("set", dt.date(2026, 3, 20)), ("extension", dt.date(2026, 4, 15))]
    assert [(x.status, x.note) for x in d.extensions] == [("granted", "同意")]


async def test_the_enterprise_cannot_set_a_deadline_from_the_ledger(ctx: Context) -> None:
    hazard_id = major_hazard_setup(ctx)
    hazards.set_deadline(ctx, hazard_id, dt.date(2026, 3, 20))
    owner = as_owner(ctx, hazard_id)
    before = hazards.detail(ctx, hazard_id)
    app = make_app(lang="zh", context=owner, today=TODAY)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await settle(app, pilot)
        await pilot.press("l")
        await settle(app, pilot)
        screen = app.screen
        # setting a deadline and deciding on more time are the bureau's: not offered at all,
        # so no form is filled to be refused
        assert not screen.active_bindings.get("d") or not screen.active_bindings["d"].enabled
        await pilot.press("d")
        await settle(app, pilot)
        assert app.screen is screen
        await pilot.press("n")
        await settle(app, pilot)
        assert app.screen is screen
        assert "整改期限变更" in detail_text(app)
    assert hazards.detail(ctx, hazard_id) == before
