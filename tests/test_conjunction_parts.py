"""A part of a conjunction found present while the item as a whole is not is a general hazard
of its own (总局令第16号: any breach of the rules is a hazard), recorded in the determination
(``general_parts``) and in the ledger under ``ITEM/part`` with the part's own text; a pack may
turn it off per item, with a reason. Defect 8 of the fidelity review: a confined space with
its ledger kept but no warning sign was recorded nowhere."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from core.engine import evaluate
from core.engine.findings import Site, parse_findings
from core.pack.model import Pack
from core.services import hazards, inspections
from core.services.context import Context
from core.services.packs import default_catalogue
from core.store.db import open_store
from tests.workflow_helpers import onsite_campaign

PACK = "it-2023-confined-space"
ITEM = "IT-2023-A13-01"  # 未对有限空间进行辨识、建立安全管理台账，并且未设置明显的安全警示标志的
TODAY = dt.date(2026, 3, 2)


def _pack() -> Pack:
    return default_catalogue().require(PACK).pack


def _determine(checks: dict[str, str], pack: Pack | None = None) -> Any:
    pack = pack or _pack()
    site = Site()
    findings = parse_findings(pack, [{"item": ITEM, "checks": checks}], site, on=TODAY)
    return evaluate(pack, site, findings, on=TODAY)


def test_the_missing_sign_alone_is_a_general_hazard_of_its_own() -> None:
    d = _determine({"1": "compliant", "2": "noncompliant"})
    assert ITEM not in d.general_hazards and ITEM not in d.major_items
    assert d.general_parts == (f"{ITEM}/2",)
    assert _pack().hazard_text(f"{ITEM}/2") == ("第十三条第（一）项（2）",
                                                "未设置明显的安全警示标志")


def test_both_parts_make_the_item_and_no_part_is_listed_apart() -> None:
    d = _determine({"1": "noncompliant", "2": "noncompliant"})
    assert ITEM in d.major_items
    assert d.general_parts == ()


def test_no_part_present_lists_nothing() -> None:
    assert _determine({"1": "compliant", "2": "compliant"}).general_parts == ()


def _without_parts(reason: str) -> Pack:
    data = _pack().model_dump(mode="json", exclude_defaults=True)
    for section in data["sections"]:
        for item in section["items"]:
            if item["id"] == ITEM:
                item["record_parts"] = False
                if reason:
                    item["record_parts_reason"] = reason
    return Pack.model_validate(data)


def test_a_pack_turns_it_off_per_item_only_with_a_reason() -> None:
    pack = _without_parts("两部分单独存在均不违反任何规定（示例）")
    assert _determine({"1": "compliant", "2": "noncompliant"}, pack).general_parts == ()
    with pytest.raises(ValidationError, match="record_parts_reason"):
        _without_parts("")


@pytest.fixture
def world(tmp_path: Path) -> Iterator[tuple[Context, int]]:
    store = open_store(f"sqlite:///{tmp_path / 'parts.db'}")
    ctx = Context(store, default_catalogue(), "组长甲", TODAY, "zh")
    cid, target = onsite_campaign(ctx, packs=[PACK], sector="confined_spaces")
    insp = inspections.start_inspection(ctx, campaign_id=cid, enterprise=target)
    assert insp.id is not None
    yield ctx, insp.id
    store.close()


def _parts(one: str, two: str) -> dict[str, Any]:
    """An answer's detail as the runner stores it: each part's status."""
    return {"checks": {"1": {"status": one}, "2": {"status": two}}}


def _ledger(ctx: Context) -> dict[str, tuple[str, str]]:
    return {r.hazard.item_id: (r.hazard.level, r.hazard.status) for r in hazards.ledger(ctx)}


def test_the_ledger_follows_the_part_through_every_change(world: tuple[Context, int]) -> None:
    ctx, iid = world
    inspections.answer(ctx, iid, ITEM, "compliant",
                       detail=_parts("compliant", "noncompliant"))
    assert _ledger(ctx) == {f"{ITEM}/2": ("general", "open")}
    (row,) = hazards.ledger(ctx)
    assert row.hazard.clause == "第十三条第（一）项（2）"
    assert row.hazard.id is not None
    assert hazards.record(ctx, row.hazard.id).item_text == "未设置明显的安全警示标志"
    view = inspections.inspection_view(ctx, iid)
    assert [d.general_parts for d in view.determinations] == [(f"{ITEM}/2",)]
    # both parts: the item itself is the major hazard, the part's hazard goes
    inspections.answer(ctx, iid, ITEM, "noncompliant",
                       detail=_parts("noncompliant", "noncompliant"),
                       expected_version=1)
    assert _ledger(ctx) == {ITEM: ("major", "open")}
    # the sign put up: nothing is left
    inspections.answer(ctx, iid, ITEM, "compliant",
                       detail=_parts("noncompliant", "compliant"),
                       expected_version=2)
    assert _ledger(ctx) == {f"{ITEM}/1": ("general", "open")}


def test_the_workbooks_describe_the_part_by_its_own_text(world: tuple[Context, int],
                                                         tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from core.services import exports

    ctx, iid = world
    inspections.answer(ctx, iid, ITEM, "compliant", detail=_parts("compliant", "noncompliant"))
    ledger, _ = exports.export_ledger(ctx, tmp_path / "ledger.xlsx")
    texts = [str(c.value) for row in load_workbook(ledger).worksheets[0].iter_rows()
             for c in row if c.value is not None]
    assert "未设置明显的安全警示标志" in texts
    assert "第十三条第（一）项（2）" in texts
    report = load_workbook(exports.export_inspection(ctx, iid, tmp_path / "report.xlsx"))
    summary = {str(r[0].value): r[1].value for r in report.worksheets[0].iter_rows()
               if len(r) > 1 and r[0].value is not None}
    general = next(v for k, v in summary.items() if k == "一般事故隐患")
    assert general == 1  # the part, counted as the general hazard it is
