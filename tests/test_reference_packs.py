"""Sector packs item by item against the official reference data: same ids, same Chinese text,
clause, gloss and verification flag, and one sub-check per numbered sub-situation."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest

from core.plugins.catalogue import Catalogue

Selector = Callable[[dict[str, Any]], bool]


def _article(n: int) -> Selector:
    return lambda r: r["item_id"].startswith(f"IT-2023-A{n}-")


PACKS: dict[str, Selector] = {
    "chem-2017": lambda r: r["standard_id"] == "CHEM-2017",
    "it-2023-dust": _article(11),
    "it-2023-ammonia": _article(12),
    "it-2023-confined-space": _article(13),
    "it-2023": lambda r: (r["standard_id"] == "IT-2023" and r["determination"] == "direct"
                          and not any(_article(n)(r) for n in (11, 12, 13))),
    "nm-2022": lambda r: r["standard_id"] in ("NM-2022", "NM-2024S"),
    "coal-2026": lambda r: r["standard_id"] == "COAL-2026",
    "coal-2020": lambda r: r["standard_id"] == "COAL-2020",
}


def _number_free(text: str) -> str:
    return re.sub(r"^\s*[0-9]+\s*[.．、]\s*", "", text).strip().rstrip("；;。")


@pytest.mark.parametrize("pack_id", sorted(PACKS))
def test_pack_items_match_reference(pack_id: str, catalogue: Catalogue,
                                    reference: dict[str, Any]) -> None:
    entry = catalogue.get(pack_id)
    assert entry is not None, f"pack {pack_id} is not installed"
    ref = {r["item_id"]: r for r in reference["items"] if PACKS[pack_id](r)}
    ours = {i.id: i for i in entry.pack.items()}
    assert sorted(ours) == sorted(ref), "item ids differ from the reference"
    for item_id, r in ref.items():
        item = ours[item_id]
        assert item.text_zh == r["text_zh"].strip(), item_id
        assert item.clause == r["clause"], item_id
        assert item.gloss_en == r["gloss_en"], item_id
        assert item.verification.value == r["verification"], item_id
        subs = r.get("sub_items") or []
        if subs:
            assert len(item.checks) >= len(subs), f"{item_id}: one sub-check per sub-situation"
            for sub in subs:
                assert any(_number_free(sub) in c.text_zh or c.text_zh in _number_free(sub)
                           for c in item.checks), f"{item_id}: no sub-check for '{sub[:30]}…'"


def test_it_2023_device_failure_rule_is_stated(catalogue: Catalogue,
                                              reference: dict[str, Any]) -> None:
    a14 = next(r for r in reference["items"] if r["item_id"] == "IT-2023-A14")
    for pack_id in ("it-2023", "it-2023-dust", "it-2023-ammonia", "it-2023-confined-space"):
        entry = catalogue.get(pack_id)
        assert entry is not None, pack_id
        notes = {n.id: n for n in entry.pack.notes}
        assert notes["IT-2023-A14"].text_zh == a14["text_zh"], pack_id
        if pack_id in ("it-2023", "it-2023-dust"):  # articles that name devices
            assert any(i.device_failure for i in entry.pack.items()), pack_id
