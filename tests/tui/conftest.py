"""What the terminal UI's tests share: an on-site fire inspection with one answer."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from core.services import inspections
from core.services.context import Context
from core.services.packs import default_catalogue
from core.store.db import open_store
from tests.workflow_helpers import onsite_campaign

TODAY = dt.date(2026, 3, 2)


@pytest.fixture
def fire_inspection(tmp_path: Path) -> Iterator[tuple[Context, int]]:
    """A people-dense place's on-site fire inspection (as 组长甲, on ``TODAY``) with 6.2
    answered noncompliant, corrected on site and noted. GB 35181-2017 was withdrawn by
    ``TODAY`` (2025-11-01): the start is confirmed, and the inspection's results are marked."""
    ctx = Context(open_store(f"sqlite:///{tmp_path / 'anjian.db'}"), default_catalogue(),
                  "组长甲", TODAY, "zh")
    cid, target = onsite_campaign(ctx, ["gb35181-2017"], sector="fire")
    insp = inspections.start_inspection(ctx, campaign_id=cid, enterprise=target,
                                        categories=["people_dense"], withdrawn_ok=True)
    assert insp.id is not None
    inspections.answer(ctx, insp.id, "FIRE-2017-D-6.2", "noncompliant", note="同楼住人",
                       corrected_on_site=True)
    yield ctx, insp.id
    ctx.store.close()
