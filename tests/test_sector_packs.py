"""Sector packs together: one inspection under several standards, tags, succession."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from core.engine.determination import Verdict
from core.plugins.catalogue import Catalogue
from core.services import evaluate_raw

ANJIAN = Path(sys.executable).with_name("anjian")

SECTOR_PACKS = {"chem-2017", "it-2023", "it-2023-dust", "it-2023-ammonia",
                "it-2023-confined-space", "nm-2022", "coal-2026", "coal-2020", "gb35181-2017",
                "gb30871-2022"}


def test_every_sector_pack_is_installed(catalogue: Catalogue) -> None:
    assert set(catalogue.entries) >= SECTOR_PACKS
    assert not catalogue.errors


def test_item_ids_unique_across_all_packs(catalogue: Catalogue) -> None:
    ids = [i.id for e in catalogue.entries.values() for i in e.pack.items()]
    assert len(ids) == len(set(ids))


def _all_compliant(catalogue: Catalogue, pack_id: str, tags: set[str]) -> list[dict[str, str]]:
    pack = catalogue.entries[pack_id].pack
    gates = pack.item_gates()
    return [{"item": i.id, "status": "compliant"} for i in pack.items()
            if all(tags & set(g) for g in gates[i.id])]


def test_metallurgy_plant_under_three_standards(catalogue: Catalogue, tmp_path: Path) -> None:
    packs = ["it-2023", "it-2023-dust", "gb35181-2017"]
    site = {"tags": ["metallurgy"], "categories": ["flammable_explosive"]}
    findings = [f for p in packs for f in _all_compliant(catalogue, p, {"metallurgy"})]
    clean = evaluate_raw(catalogue, packs, findings, site)
    assert clean.verdict is Verdict.not_major
    assert [d.pack for d in clean.determinations] == packs

    dust_item = next(i.id for i in catalogue.entries["it-2023-dust"].pack.items())
    for f in findings:
        if f["item"] == dust_item:
            f["status"] = "noncompliant"
    found = evaluate_raw(catalogue, packs, findings, site)
    assert found.verdict is Verdict.major
    verdicts = {d.pack: d.verdict for d in found.determinations}
    assert verdicts == {"it-2023": Verdict.not_major, "it-2023-dust": Verdict.major,
                        "gb35181-2017": Verdict.not_major}

    path = tmp_path / "findings.json"
    path.write_text(json.dumps(findings), encoding="utf-8")
    site_path = tmp_path / "site.json"
    site_path.write_text(json.dumps(site), encoding="utf-8")
    args = [str(ANJIAN), "evaluate", "--json", "--findings", str(path), "--site",
            str(site_path), "--date", "2025-01-01"]
    for p in packs:
        args += ["--pack", p]
    out = json.loads(subprocess.run(args, capture_output=True, text=True, check=True).stdout)
    assert out["verdict"] == "major"
    assert [d["pack"] for d in out["determinations"]] == packs
    assert out["determinations"][1]["triggers"][0]["items"] == [dust_item]


def test_site_values_must_be_known_to_some_pack(catalogue: Catalogue) -> None:
    import pytest

    from core.i18n import AnjianError

    with pytest.raises(AnjianError, match="has no tag 'underground'"):
        evaluate_raw(catalogue, ["it-2023", "it-2023-dust"], [], {"tags": ["underground"]})


def test_coal_2020_is_superseded_by_2026(catalogue: Catalogue) -> None:
    old = catalogue.entries["coal-2020"].pack
    new = catalogue.entries["coal-2026"].pack
    assert old.superseded_by is not None
    assert old.superseded_by.effective == new.effective
    assert str(new.effective) == "2026-07-01"
