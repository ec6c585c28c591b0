"""The mining packs against the texts they transcribe: where a gate, a date, a limit word or a
link between the coal versions comes from, read in the reference files (skipped, saying where
they are looked for, when the developers' shared/ folder is absent)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from core.pack.model import NEGATION, WORDINGS, Check, Item, Measure, Pack, Relation
from core.plugins.catalogue import Catalogue

from .conftest import REFERENCE

MINING = Path(__file__).resolve().parents[1] / "plugins" / "mining"

#: The words by which a text names the kind of mine (or seam) a designation tag stands for.
DESIGNATION_WORDS = {
    "outburst": ("突出矿井", "突出煤层", "突出建设矿井"),
    "high_gas": ("高瓦斯",),
    "rock_burst": ("冲击地压煤层", "冲击地压矿井", "冲击地压危险的矿井"),
    "spontaneous_combustion": ("自燃",),
    "construction": ("建设矿井", "新建煤矿", "改扩建", "建井期间"),
}
#: The words by which a text names the part of the mine a check is gated to.
PLACE_WORDS = {"underground": ("井工", "井下"), "open_pit": ("露天",)}

_NUMERALS = {c: i for i, c in enumerate("零一二三四五六七八九十")}
#: An item as the reference names it: article and item number, "4(一)".
LABEL = r"\d+\([一二三四五六七八九十]+\)"


def _number(chinese: str) -> int:
    """一 … 九十九 as an int (the standard's article and item numbers)."""
    if "十" not in chinese:
        return _NUMERALS[chinese]
    tens, _, ones = chinese.partition("十")
    return (_NUMERALS[tens] if tens else 1) * 10 + (_NUMERALS[ones] if ones else 0)


def _reference_file(name: str) -> Path:
    path = REFERENCE.parent / name
    if not path.is_file():
        pytest.skip(f"reference text {name} not found beside {REFERENCE} (it lives in the "
                    "developers' shared/ folder beside the clone; set ANJIAN_REFERENCE)")
    return path


def _pack(catalogue: Catalogue, pack_id: str) -> Pack:
    entry = catalogue.get(pack_id)
    assert entry is not None, f"pack {pack_id} is not installed"
    return entry.pack


def _texts(reference: dict[str, Any], standard: str) -> dict[str, str]:
    return {r["item_id"]: r["text_zh"] for r in reference["items"]
            if r["standard_id"] == standard}


def _headings(name: str, pattern: str) -> dict[int, str]:
    """Article number -> the article's heading (its category in quotes) in a reference text."""
    text = _reference_file(name).read_text(encoding="utf-8")
    return {_number(m.group(1)): m.group(2) for m in re.finditer(pattern, text, re.M)}


def _measures(item: Item) -> list[tuple[str, Measure]]:
    found = [(".", item.measure)] + [(path, c.measure) for path, c in item.parts()]
    return [(path, m) for path, m in found if m is not None]


def _coal_item(label: str, year: int) -> str:
    """"4(一)" -> COAL-2026-A04-01 (the reference's way of naming an item)."""
    m = re.fullmatch(r"(\d+)\((.+)\)", label)
    assert m, label
    return f"COAL-{year}-A{int(m.group(1)):02d}-{_number(m.group(2)):02d}"


# --- gates: a designation only where the text names it ---------------------------------------


@pytest.mark.parametrize(("pack_id", "standard", "reference_text", "heading"), [
    ("coal-2026", "COAL-2026", "coal-mines-2026.md", r"^> 第(\S+?)条“(.+?)”"),
    ("coal-2020", "COAL-2020", "coal-mines-2020.md", r"^## 第(\S+?)条 “(.+?)”"),
], ids=["coal-2026", "coal-2020"])
def test_a_designation_gate_only_where_the_text_names_the_designation(
        pack_id: str, standard: str, reference_text: str, heading: str,
        catalogue: Catalogue, reference: dict[str, Any]) -> None:
    pack = _pack(catalogue, pack_id)
    texts = _texts(reference, standard)
    headings = _headings(reference_text, heading)
    for section in pack.sections:
        article = int(section.id.lstrip("A"))
        for tag in set(section.tags) & set(DESIGNATION_WORDS):
            assert any(w in headings[article] for w in DESIGNATION_WORDS[tag]), \
                f"{pack_id} article {article}: gated {tag}, heading '{headings[article]}'"
        for item in section.items:
            for tag in set(item.tags) & set(DESIGNATION_WORDS):
                assert any(w in texts[item.id] for w in DESIGNATION_WORDS[tag]), \
                    f"{item.id}: gated {tag} but its text names no {DESIGNATION_WORDS[tag]}"


def test_coal_2026_11_5_binds_every_underground_mine(catalogue: Catalogue,
                                                    reference: dict[str, Any]) -> None:
    text = _texts(reference, "COAL-2026")["COAL-2026-A11-05"]
    # What the item turns on: an observation at a working place, not a designated mine.
    assert "采掘作业地点出现" in text and "判定有冲击地压危险" in text
    assert not any(w in text for w in DESIGNATION_WORDS["rock_burst"])
    gates = _pack(catalogue, "coal-2026").item_gates()
    assert gates["COAL-2026-A11-05"] == (("underground",),)


def test_coal_2026_gated_checks_name_their_place(catalogue: Catalogue) -> None:
    pack = _pack(catalogue, "coal-2026")
    gated = [(item.id, path, check) for item in pack.items() for path, check in item.parts()
             if check.tags]
    assert ("COAL-2026-A04-01", "2") in [(i, p) for i, p, _ in gated]
    for item_id, path, check in gated:
        for tag in check.tags:
            assert any(w in check.text_zh for w in PLACE_WORDS[tag]), (item_id, path, tag)


def test_the_quarterly_limb_is_the_texts_underground_limb(catalogue: Catalogue,
                                                         reference: dict[str, Any]) -> None:
    text = _texts(reference, "COAL-2026")["COAL-2026-A04-01"]
    item = _pack(catalogue, "coal-2026").part("COAL-2026-A04-01")
    assert isinstance(item, Item)
    quarterly = item.part("2")
    assert isinstance(quarterly, Check) and quarterly.tags == ("underground",)
    assert "或者" + quarterly.text_zh in text  # the limb after 或者 is the 井工煤矿 one
    assert item.part("1") is not None and not item.part("1").tags  # type: ignore[union-attr]


# --- limit words ------------------------------------------------------------------------------


#: Measures whose text has no limit word at all, given the word of the requirement it states:
#: 2020 13(五) 不能保证2个畅通的安全出口 (at least two, 至少).
PARAPHRASED = {("COAL-2020-A13-05", ".")}


@pytest.mark.parametrize(("pack_id", "standards"), [
    ("coal-2026", ("COAL-2026",)), ("coal-2020", ("COAL-2020",)),
    ("nm-2022", ("NM-2022", "NM-2024S")),
], ids=["coal-2026", "coal-2020", "nm-2022"])
def test_every_limit_word_is_the_texts_own(pack_id: str, standards: tuple[str, ...],
                                          catalogue: Catalogue,
                                          reference: dict[str, Any]) -> None:
    texts = {k: v for s in standards for k, v in _texts(reference, s).items()}
    worded = 0
    for item in _pack(catalogue, pack_id).items():
        for path, measure in _measures(item):
            if not measure.wording:
                continue
            worded += 1
            if (item.id, path) not in PARAPHRASED:
                assert measure.wording in texts[item.id], (item.id, path, measure.wording)
            meant = WORDINGS[measure.wording]
            # a word the text states a requirement with: the hazard is its negation
            assert (NEGATION[meant] if measure.requirement else meant) is measure.op, (
                item.id, path)
    assert worded


def test_within_includes_the_number(catalogue: Catalogue, reference: dict[str, Any]) -> None:
    # 6(三)3 进入最小防突措施超前距(煤巷掘进工作面5m，…)以内: exactly 5 m is inside.
    assert "以内" in _texts(reference, "COAL-2026")["COAL-2026-A06-03"]
    item = _pack(catalogue, "coal-2026").part("COAL-2026-A06-03")
    assert isinstance(item, Item)
    advance = item.part("3")
    assert isinstance(advance, Check)
    for part in advance.checks:
        assert part.measure is not None and part.measure.wording == "以内", part.id
        limit = part.measure.limit
        assert part.measure.exceeded(limit) and not part.measure.exceeded(limit + 0.1), part.id


def test_the_carrier_limit_is_the_smaller_of_25_and_the_rated_capacity(
        catalogue: Catalogue, reference: dict[str, Any]) -> None:
    assert "载人数量超过25人或者超过核载人数" in _texts(reference, "NM-2022")["NM-2022-UG-23"]
    check = _pack(catalogue, "nm-2022").part("NM-2022-UG-23/2")
    assert isinstance(check, Check) and check.measure is not None
    measure = check.measure
    assert (measure.limit, measure.bound, measure.relative) == (25, "min", False)
    assert measure.exceeded(26, 30) and not measure.exceeded(25, 30)  # 30 rated: 25 still caps
    assert measure.exceeded(17, 16) and not measure.exceeded(16, 16)  # 16 rated: 16 caps


# --- dates ------------------------------------------------------------------------------------


def test_supplement_items_count_from_its_issue(catalogue: Catalogue,
                                              reference: dict[str, Any]) -> None:
    meta = {s["standard_id"]: s for s in reference["standards"]}
    issued = dt.date.fromisoformat(meta["NM-2024S"]["issued"][:10])
    effective = dt.date.fromisoformat(meta["NM-2022"]["effective"][:10])
    pack = _pack(catalogue, "nm-2022")
    assert pack.effective == effective
    supplement = {r["item_id"] for r in reference["items"] if r["standard_id"] == "NM-2024S"}
    assert supplement
    for item in pack.items():
        want = issued if item.id in supplement else None
        assert item.effective == want, item.id
        assert all(c.effective is None for _, c in item.parts()), item.id


# --- links between the coal versions ------------------------------------------------------------


def _raw_links() -> dict[str, list[Any]]:
    data = yaml.safe_load((MINING / "coal_2026.yaml").read_text(encoding="utf-8"))
    return {i["id"]: i.get("predecessors", []) for s in data["sections"] for i in s["items"]}


def test_every_coal_2026_link_says_what_it_is(catalogue: Catalogue,
                                             reference: dict[str, Any]) -> None:
    new, old = _texts(reference, "COAL-2026"), _texts(reference, "COAL-2020")
    raw = _raw_links()
    pack = _pack(catalogue, "coal-2026")
    for item in pack.items():
        assert item.id in new
        for entry, link in zip(raw[item.id], item.predecessors, strict=True):
            # Written out, never a bare id that would default to "same".
            assert isinstance(entry, dict) and {"relation", "note"} <= set(entry), item.id
            assert link.item in old, (item.id, link.item)
            assert link.note.strip(), (item.id, link.item)
            assert link.relation in set(Relation)


def test_links_carry_values_only_between_like_measures(catalogue: Catalogue) -> None:
    old = _pack(catalogue, "coal-2020")
    carried = 0
    for item in _pack(catalogue, "coal-2026").items():
        for link in item.predecessors:
            for ours, theirs in link.values.items():
                here, there = item.part(ours), old.part(f"{link.item}/{theirs}")
                assert here is not None and here.measure is not None, (item.id, ours)
                assert there is not None and there.measure is not None, (link.item, theirs)
                assert here.measure.relative == there.measure.relative, (item.id, ours)
                if not here.measure.relative:
                    assert here.measure.unit == there.measure.unit, (item.id, ours)
                carried += 1
    assert carried >= 6


def test_the_audits_narrower_successors_and_missing_links(catalogue: Catalogue) -> None:
    updates = _reference_file("README.md").read_text(encoding="utf-8")
    line = next(x for x in updates.splitlines() if "narrower than their 2020 items" in x)
    listed = line.partition("narrower than their 2020 items")[2].partition(";")[0]
    labels = re.findall(LABEL, listed)
    assert len(labels) == 7, labels
    pack = _pack(catalogue, "coal-2026")
    for label in labels:
        item = pack.part(_coal_item(label, 2026))
        assert isinstance(item, Item) and item.predecessors, label
        # narrower, or overlapping where the newer text also adds what the older lacked
        # (13(二): 电缆 dropped, three product classes added): no answer holds across as is
        assert {link.relation for link in item.predecessors} <= {Relation.narrower,
                                                                 Relation.overlap}, label
    missing = re.findall(rf"2020 ({LABEL}) → 2026 ({LABEL})", line)
    assert len(missing) == 2, line
    for older, newer in missing:
        item = pack.part(_coal_item(newer, 2026))
        assert isinstance(item, Item), newer
        link = next((x for x in item.predecessors if x.item == _coal_item(older, 2020)), None)
        assert link is not None and link.note, (older, newer)
    # Two more the issue names: 2020 4(六) (headcount +10 %) and 18(五) do not carry over as is.
    for newer, older in (("COAL-2026-A04-03", "COAL-2020-A04-06"),
                         ("COAL-2026-A20-06", "COAL-2020-A18-05")):
        item = pack.part(newer)
        assert isinstance(item, Item)
        assert next(x for x in item.predecessors if x.item == older).relation \
            is Relation.narrower
