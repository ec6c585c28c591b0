"""The campaign's deadlines and the self-inspection step in the terminal UI: a step past its
deadline shows as 逾期 with its days on the home screen and the campaign screen; ``e`` on the
campaign screen records why an enterprise of the sector makes no self-inspection."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from core.services import campaigns, inspections
from core.services.context import Context
from core.services.packs import default_catalogue
from core.store.db import open_store
from tests.db_state import snapshot
from tests.tui.shown import shown, until
from tests.workflow_helpers import answer_all, enterprise, onsite_campaign
from tui.app import AnjianApp, make_app
from tui.dialogs import PickDialog, TextDialog

TODAY = dt.date(2026, 3, 2)


@pytest.fixture
def ctx(tmp_path: Path) -> Iterator[Context]:
    c = Context(open_store(f"sqlite:///{tmp_path / 'tui.db'}"), default_catalogue(), "组长甲",
                TODAY, "zh")
    yield c
    c.store.close()


def at_feedback(ctx: Context, days_ago: int, peers: int = 0) -> tuple[int, list[str]]:
    """A chemicals campaign whose on-site step ended ``days_ago`` days ago, with ``peers``
    other enterprises in its sector."""
    ctx.today = TODAY - dt.timedelta(days=days_ago)
    try:
        cid, target = onsite_campaign(ctx)
        others = [enterprise(ctx, name=f"济南同行{n}化工有限公司") for n in range(peers)]
        insp = inspections.start_inspection(ctx, campaign_id=cid, enterprise=target)
        assert insp.id is not None
        answer_all(ctx, insp.id)
        campaigns.advance(ctx, cid)
        return cid, others
    finally:
        ctx.today = TODAY


async def settle(app: AnjianApp, pilot: Any) -> None:
    for _ in range(3):
        await app.workers.wait_for_complete()
        await pilot.pause()


async def test_a_late_step_shows_its_days_at_home_and_on_the_campaign(ctx: Context) -> None:
    cid, _ = at_feedback(ctx, days_ago=10)  # training due 7 days after: 3 days overdue
    app = make_app(lang="zh", context=ctx, today=TODAY)
    async with app.run_test(size=(120, 32), notifications=True) as pilot:
        await settle(app, pilot)
        home = shown(app)
        assert "反馈培训 逾期 3 天" in home, home  # the stage column
        assert f"#{cid} 反馈培训逾期 3 天" in home, home  # what needs attention
        await pilot.press("enter")
        await settle(app, pilot)
        assert "反馈培训逾期 3 天（应于 2026-02-27 前完成）" in shown(app)


async def test_e_records_why_an_enterprise_makes_no_self_inspection(
        ctx: Context, tmp_path: Path) -> None:
    cid, (shut,) = at_feedback(ctx, days_ago=2, peers=1)
    campaigns.record_training(ctx, cid, held_on=TODAY, attendees=[shut])
    campaigns.advance(ctx, cid)
    assert [r.key for r in campaigns.campaign_view(ctx, cid).refusals] == [
        "guard.self_missing"]
    url = ctx.store.url
    app = make_app(lang="zh", context=ctx, today=TODAY)
    async with app.run_test(size=(120, 32), notifications=True) as pilot:
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        assert "1 家单位既无自查记录" in shown(app)
        # escape on the way changes nothing
        before = snapshot(url)
        await pilot.press("e")
        await settle(app, pilot)
        assert isinstance(app.screen, PickDialog)
        assert "济南同行0化工有限公司" in shown(app)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, PickDialog)
        assert "已关闭或停产" in shown(app) and "不在检查范围" in shown(app)
        await pilot.press("escape")
        await settle(app, pilot)
        assert snapshot(url) == before
        # the enterprise, the reason (closed, the first), a note
        await pilot.press("e")
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, TextDialog)
        await pilot.press(*"2026", "enter")
        await settle(app, pilot)
        assert "已记录 济南同行0化工有限公司 不参加自查：已关闭或停产" in shown(app)
        # by name, once the campaign has reloaded (a worker that starts after the dialog)
        listed = "不参加自查: 济南同行0化工有限公司（已关闭或停产）"
        await until(pilot, lambda: listed in shown(app))
    view = campaigns.campaign_view(ctx, cid)
    assert [(x.enterprise_uscc, x.reason, x.note) for x in view.exemptions] == [
        (shut, "closed", "2026")]
    assert view.refusals == ()
