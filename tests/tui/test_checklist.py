"""The runner's service: an inspection's applicable items in pack order with their recorded
answers, the packs and the site as each pack sees it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from core.engine.findings import Status
from core.i18n import AnjianError
from core.services import inspections
from core.services.checklist import checklist
from core.services.context import Context
from core.services.packs import default_catalogue
from core.store.db import open_store
from core.views.checklist import answers_of
from tests.workflow_helpers import onsite_campaign

TODAY = dt.date(2026, 3, 2)


def test_the_checklist_in_order_with_its_answers(fire_inspection: tuple[Context, int]) -> None:
    ctx, iid = fire_inspection
    cl = checklist(ctx, iid)
    pack = ctx.catalogue.entries["gb35181-2017"].pack
    assert [p.id for p in cl.packs] == ["gb35181-2017"]
    assert [e.item.id for e in cl.entries] == [i.id for i in pack.items()]  # no gates here
    assert cl.sites["gb35181-2017"].categories == frozenset({"people_dense"})
    answered = [e for e in cl.entries if e.status is not None]
    assert [(e.item.id, e.status, e.note, e.corrected_on_site) for e in answered] == [
        ("FIRE-2017-D-6.2", Status.noncompliant, "同楼住人", True)]
    assert {e.standard for e in cl.entries} == {"GB 35181-2017"}
    assert cl.inspected_on == TODAY
    answers = answers_of(cl.entries, "gb35181-2017")
    assert answers.statuses == {"FIRE-2017-D-6.2": Status.noncompliant}
    assert answers.corrected == frozenset({"FIRE-2017-D-6.2"})


def test_items_gated_out_by_the_site_are_left_out(tmp_path: Path) -> None:
    ctx = Context(open_store(f"sqlite:///{tmp_path / 'g.db'}"), default_catalogue(), "组长甲",
                  TODAY, "zh")
    cid, target = onsite_campaign(ctx, ["coal-2020"], sector="coal")
    insp = inspections.start_inspection(ctx, campaign_id=cid, enterprise=target,
                                        tags=["open_pit"])
    assert insp.id is not None
    pack = ctx.catalogue.entries["coal-2020"].pack
    open_pit = {i for i, gates in pack.item_gates().items()
                if all("open_pit" in g for g in gates)}
    assert len(open_pit) < len(pack.items())
    shown = {e.item.id for e in checklist(ctx, insp.id).entries}
    assert shown == open_pit
    with pytest.raises(AnjianError):
        checklist(ctx, 999)
    ctx.store.close()
