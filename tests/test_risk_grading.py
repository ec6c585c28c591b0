"""Grading at every band boundary of every installed preset: against the reference tables in
``../shared/reference/risk/`` (skipped, saying so, when they are absent) and against
expectations written here by hand; every reachable product falls in exactly one band; refusals
name the field; a direct rule raising a grade names the rule; the same inputs always give the
same grade; a grade never falls when a factor rises; a broken method file in a plugin is
reported with its file and skipped, and a second preset with a taken id is refused."""

from __future__ import annotations

import itertools
import json
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.engine.grading import Graded, grade
from core.i18n import AnjianError
from core.pack.risk_method import GRADES, RiskGrade, RiskMethod, Tier
from core.plugins.catalogue import Catalogue, PackRegistrar, build_catalogue
from core.plugins.hookspecs import hookimpl
from core.services.packs import default_catalogue

#: The reference data, beside the repository (``../shared`` from its root).
REFERENCE = Path(__file__).resolve().parents[1].parent / "shared" / "reference" / "risk"
PRESETS = ("lec-classic", "lec-four-colour", "ls-shandong", "ls-variant", "ls-coal")
ALL_TIERS = (Tier.company, Tier.workshop, Tier.team, Tier.post)
TIERS = {RiskGrade.major: ALL_TIERS, RiskGrade.significant: ALL_TIERS,
         RiskGrade.general: (Tier.workshop, Tier.team, Tier.post),
         RiskGrade.low: (Tier.team, Tier.post)}

MAJOR, SIGNIFICANT, GENERAL, LOW = (RiskGrade.major, RiskGrade.significant,
                                    RiskGrade.general, RiskGrade.low)


@cache
def catalogue() -> Catalogue:
    return default_catalogue()


def preset(pid: str) -> RiskMethod:
    return catalogue().risk_method(pid)


def reference(name: str) -> Any:
    path = REFERENCE / name
    if not path.is_file():
        pytest.skip(f"the reference data {path} is absent (it lives in ../shared beside the "
                    "repository); the hand-written expectations below still run")
    return json.loads(path.read_text("utf-8"))


def products(method: RiskMethod) -> list[tuple[dict[str, float], float]]:
    """Every combination of the preset's tables, with its product as the grader rounds it."""
    out = []
    for scores in itertools.product(*([v.score for v in f.values] for f in method.factors)):
        inputs = {f.key: s for f, s in zip(method.factors, scores, strict=True)}
        out.append((inputs, grade(method, inputs).value))
    return out


# --- the installed presets against the reference tables -------------------------------------

def plain(meaning: str) -> str:
    """The reference's wording without its trailing note in brackets (``完全可以预料
    (完全会被预料到)``: the note gives another source's words for the same row)."""
    return re.sub(r"\s*\([^)]*\)$", "", meaning)


def rows(method: RiskMethod, key: str) -> list[tuple[float, str, tuple[str, ...]]]:
    table = method.factor(key)
    assert table is not None, key
    return [(v.score, v.meaning, v.source) for v in table.values]


@pytest.mark.parametrize("pid", ["lec-classic", "lec-four-colour"])
def test_lec_tables_are_the_references(pid: str) -> None:
    ref = reference("lec.json")
    method = preset(pid)
    for key in ("L", "E"):
        assert rows(method, key) == [(v["score"], plain(v["meaning"]), tuple(v["source"]))
                                     for v in ref[key]["values"]], key
    classic = ref["C"]["classic"]
    assert rows(method, "C") == [(v["score"], plain(v["meaning"]), tuple(classic["source"]))
                                 for v in classic["values"]]


@pytest.mark.parametrize("pid", ["ls-shandong", "ls-variant"])
def test_shandong_ls_tables_are_the_references(pid: str) -> None:
    ref = reference("risk-matrix.json")
    method = preset(pid)
    assert rows(method, "L") == [(v["level"], v["criterion"], tuple(ref["L"]["source"]))
                                 for v in ref["L"]["values"]]
    table = method.factor("S")
    assert table is not None
    s = ref["S"]["preset_shandong_M1_M2"]
    assert [(v.score, v.columns, v.source) for v in table.values] == [
        (row["level"], {c: row[c] for c in s["columns"]}, tuple(s["source"]))
        for row in s["values"]]
    for v in table.values:  # the wording chosen by names the person and the money columns
        assert v.columns["人员"] in v.meaning and v.columns["直接经济损失"] in v.meaning


def test_coal_ls_tables_are_the_references() -> None:
    coal = next(p for p in reference("risk-matrix.json")["R_grading_presets"]
                if p["id"] == "coal_frequency_matrix_M5")
    method = preset("ls-coal")
    for key, ref in (("L", coal["L_by_frequency"]), ("S", coal["S_by_consequence"])):
        assert rows(method, key) == [(float(k), ref[k], tuple(coal["source"]))
                                     for k in sorted(ref, key=int, reverse=True)], key


#: How the reference names grades and colours.
REF_GRADES = (("重大", MAJOR), ("较大", SIGNIFICANT), ("一般", GENERAL), ("低", LOW))
REF_COLOURS = {"红": "red", "橙": "orange", "黄": "yellow", "蓝": "blue"}
REF_TIERS = (("公司", Tier.company), ("车间", Tier.workshop), ("班组", Tier.team),
             ("岗位", Tier.post))


def ref_grade(text: str) -> RiskGrade:
    found = [g for word, g in REF_GRADES if word in text]
    assert len(found) == 1, text
    return found[0]


def ref_tiers(text: str) -> tuple[Tier, ...]:
    return tuple(tier for word, tier in REF_TIERS if word in text.split(";")[0])


def bounds(rule: str) -> tuple[float | None, bool, float | None, bool]:
    """A reference band's rule as (lower, lower included, upper, upper included), a missing
    side None: ``160 < D ≤ 320``, ``D > 320``, ``D < 70``, ``15–16``, ``≥17 (i.e. 20, 25)``,
    ``≤7``."""
    rule = re.sub(r"\s*\(.*\)$", "", rule).replace(" ", "")
    if m := re.fullmatch(r"(\d+)–(\d+)", rule):
        return float(m[1]), True, float(m[2]), True
    if m := re.fullmatch(r"[DR]?([<>≤≥])(\d+)", rule):
        op, x = m[1], float(m[2])
        return ((x, op == "≥", None, False) if op in ">≥" else (None, False, x, op == "≤"))
    if m := re.fullmatch(r"(\d+)([<≤])[DR]([<≤])(\d+)", rule):
        return float(m[1]), m[2] == "≤", float(m[4]), m[3] == "≤"
    raise AssertionError(f"unread rule {rule!r}")


def within(rule: str, value: float) -> bool:
    low, low_in, high, high_in = bounds(rule)
    return ((low is None or value > low or (low_in and value == low))
            and (high is None or value < high or (high_in and value == high)))


def ref_bands(name: str) -> list[dict[str, Any]]:
    if name.startswith("D_"):
        bands: list[dict[str, Any]] = reference("lec.json")[name]["bands"]
        return bands
    found = next(p for p in reference("risk-matrix.json")["R_grading_presets"]
                 if p["id"] == name)
    return [{**b, "rule": b["R"]} for b in found["bands"]]


#: Each installed preset and the reference band list it implements.
IMPLEMENTS = (("lec-classic", "D_bands_classic_5_level"),
              ("lec-four-colour", "D_bands_4_colour_variant_S3"),
              ("ls-shandong", "shandong_4grade"), ("ls-variant", "variant_M3"),
              ("ls-coal", "coal_frequency_matrix_M5"))


@pytest.mark.parametrize(("pid", "ref_name"), IMPLEMENTS)
def test_bands_are_the_references(pid: str, ref_name: str) -> None:
    """Grade, level, colour and 管控层级 band by band; the bounds of the LEC bands as the
    reference writes them; and every reachable product graded as the reference grades it
    (the LS references write integer ranges: the preset's bound must separate them)."""
    method, ref = preset(pid), ref_bands(ref_name)
    assert len(method.bands) == len(ref)
    for band, want in zip(method.bands, ref, strict=True):
        assert band.grade is ref_grade(want.get("risk_grade") or want["grade"]), want
        if "level" in want:
            assert band.level == want["level"]
        if "colour" in want:
            colour = next(c for word, c in REF_COLOURS.items() if want["colour"].startswith(word))
            assert (band.grade is LOW and colour == "blue") or \
                dict(zip(GRADES, ("red", "orange", "yellow", "blue"), strict=True))[
                    band.grade] == colour
        if "control_tier" in want:
            assert band.tiers == ref_tiers(want["control_tier"]), want
        if "description" in want:
            assert band.description == plain(want["description"])
        low, low_in, _, _ = bounds(want["rule"])
        if method.method == "lec":
            assert (band.above, band.inclusive if band.above is not None else False) == \
                (low, low_in), want["rule"]
    for inputs, value in products(method):
        holding = [b for b in ref if within(b["rule"], value)]
        assert len(holding) == 1, (value, inputs)
        assert grade(method, inputs).grade is ref_grade(
            holding[0].get("risk_grade") or holding[0]["grade"]), (value, inputs)


def test_the_reference_reachability_notes_hold() -> None:
    """What lec.json says of the classic tables: 252 combinations; D = 20 and 70 reachable,
    160 and 320 not; 29 non-integer products (distinct values), all below 150."""
    note = reference("lec.json")["D_bands_classic_5_level"]["boundary_note"]
    assert "252" in note and "29 products" in note
    values = [v for _, v in products(preset("lec-classic"))]
    assert len(values) == 252
    assert 20 in values and 70 in values and 160 not in values and 320 not in values
    fractions = {v for v in values if not float(v).is_integer()}
    assert len(fractions) == 29 and max(fractions) < 150


# --- every product in exactly one band ---------------------------------------------------------

@pytest.mark.parametrize("pid", PRESETS)
def test_every_reachable_product_falls_in_exactly_one_band(pid: str) -> None:
    method = preset(pid)
    combos = products(method)
    assert len(combos) == (7 * 6 * 6 if method.method == "lec" else 5 * 5)
    for inputs, value in combos:
        holding = [n for n, b in enumerate(method.bands)
                   if b.holds(value) and (n == 0 or not method.bands[n - 1].holds(value))]
        assert len(holding) == 1, (pid, inputs, value)
        assert method.band_of(value) is method.bands[holding[0]]
        graded = grade(method, inputs)
        assert (graded.grade, graded.level) == (method.bands[holding[0]].grade,
                                                method.bands[holding[0]].level)


# --- hand-written expectations ---------------------------------------------------------------

#: (L, E, C, D, lec-classic grade and level, lec-four-colour grade and level): the reachable
#: neighbours of every bound (160 and 320 are not reachable with these tables; see below).
LEC_CASES = (
    (0.1, 0.5, 1, 0.05, LOW, 5, LOW, 4),
    (0.2, 2, 40, 16, LOW, 5, LOW, 4),
    (6, 3, 1, 18, LOW, 5, LOW, 4),
    (10, 2, 1, 20, LOW, 5, LOW, 4),
    (1, 0.5, 40, 20, LOW, 5, LOW, 4),
    (0.1, 2, 100, 20, LOW, 5, LOW, 4),
    (6, 0.5, 7, 21, LOW, 4, LOW, 4),
    (3, 0.5, 15, 22.5, LOW, 4, LOW, 4),
    (10, 6, 1, 60, LOW, 4, LOW, 4),
    (3, 3, 7, 63, LOW, 4, LOW, 4),
    (10, 1, 7, 70, LOW, 4, GENERAL, 3),
    (1, 10, 7, 70, LOW, 4, GENERAL, 3),
    (10, 0.5, 15, 75, GENERAL, 3, GENERAL, 3),
    (1, 2, 40, 80, GENERAL, 3, GENERAL, 3),
    (3, 3, 15, 135, GENERAL, 3, GENERAL, 3),
    (10, 2, 7, 140, GENERAL, 3, GENERAL, 3),
    (10, 1, 15, 150, GENERAL, 3, GENERAL, 3),
    (10, 6, 3, 180, SIGNIFICANT, 2, SIGNIFICANT, 2),
    (10, 0.5, 40, 200, SIGNIFICANT, 2, SIGNIFICANT, 2),
    (6, 6, 7, 252, SIGNIFICANT, 2, SIGNIFICANT, 2),
    (6, 3, 15, 270, SIGNIFICANT, 2, SIGNIFICANT, 2),
    (10, 10, 3, 300, SIGNIFICANT, 2, SIGNIFICANT, 2),
    (3, 3, 40, 360, MAJOR, 1, MAJOR, 1),
    (10, 1, 40, 400, MAJOR, 1, MAJOR, 1),
    (10, 10, 100, 10000, MAJOR, 1, MAJOR, 1),
)


@pytest.mark.parametrize(("l_", "e", "c", "d", "g5", "lv5", "g4", "lv4"), LEC_CASES)
def test_lec_boundary_products(l_: float, e: float, c: float, d: float, g5: RiskGrade,
                               lv5: int, g4: RiskGrade, lv4: int) -> None:
    for pid, want, level in (("lec-classic", g5, lv5), ("lec-four-colour", g4, lv4)):
        graded = grade(preset(pid), {"L": l_, "E": e, "C": c})
        assert (graded.value, graded.grade, graded.computed, graded.level) == \
            (d, want, want, level), pid
        assert graded.tiers == TIERS[want]
        assert graded.colour == {MAJOR: "red", SIGNIFICANT: "orange", GENERAL: "yellow",
                                 LOW: "blue"}[want]


#: Both sides of every LEC bound, unreachable ones included (a preset edited by an
#: enterprise, C = 16, reaches 160 and 320): (D, classic level, four-colour level).
LEC_BOUNDS = ((19.5, 5, 4), (20, 5, 4), (20.5, 4, 4), (69.9, 4, 4), (70, 4, 3), (70.1, 3, 3),
              (159.5, 3, 3), (160, 3, 2), (160.5, 2, 2), (319.5, 2, 2), (320, 2, 2),
              (320.5, 1, 1))


@pytest.mark.parametrize(("d", "level5", "level4"), LEC_BOUNDS)
def test_lec_bounds_both_sides(d: float, level5: int, level4: int) -> None:
    assert preset("lec-classic").band_of(d).level == level5
    assert preset("lec-four-colour").band_of(d).level == level4


#: R → (grade, level) per LS preset, for the products on either side of every bound.
LS_CASES = {
    "ls-shandong": {6: (LOW, 4), 8: (LOW, 4), 9: (GENERAL, 3), 12: (GENERAL, 3),
                    15: (SIGNIFICANT, 2), 16: (SIGNIFICANT, 2), 20: (MAJOR, 1),
                    25: (MAJOR, 1)},
    "ls-variant": {6: (LOW, 4), 8: (GENERAL, 3), 9: (GENERAL, 3), 12: (GENERAL, 3),
                   15: (SIGNIFICANT, 2), 16: (SIGNIFICANT, 2), 20: (MAJOR, 1),
                   25: (MAJOR, 1)},
    "ls-coal": {1: (LOW, 4), 3: (LOW, 4), 4: (GENERAL, 3), 8: (GENERAL, 3),
                9: (SIGNIFICANT, 2), 12: (SIGNIFICANT, 2), 16: (SIGNIFICANT, 2),
                20: (MAJOR, 1), 25: (MAJOR, 1)},
}
#: One (L, S) for each R above.
LS_FACTORS = {1: (1, 1), 3: (3, 1), 4: (2, 2), 6: (3, 2), 8: (4, 2), 9: (3, 3), 12: (4, 3),
              15: (5, 3), 16: (4, 4), 20: (5, 4), 25: (5, 5)}


@pytest.mark.parametrize(("pid", "r"), [(p, r) for p, cases in LS_CASES.items() for r in cases])
def test_ls_boundary_products(pid: str, r: int) -> None:
    want, level = LS_CASES[pid][r]
    for l_, s in {LS_FACTORS[r], LS_FACTORS[r][::-1]}:
        graded = grade(preset(pid), {"L": l_, "S": s})
        assert (graded.value, graded.grade, graded.level, graded.tiers) == \
            (r, want, level, TIERS[want])


def test_the_two_shandong_style_presets_differ_only_at_eight() -> None:
    differ = {value for inputs, value in products(preset("ls-shandong"))
              if grade(preset("ls-shandong"), inputs).grade
              is not grade(preset("ls-variant"), inputs).grade}
    assert differ == {8}


def test_non_integer_products_carry_no_float_noise() -> None:
    method = preset("lec-classic")
    for inputs, d in (({"L": 0.1, "E": 0.5, "C": 1}, 0.05), ({"L": 0.1, "E": 3, "C": 1}, 0.3),
                      ({"L": 0.2, "E": 3, "C": 7}, 4.2), ({"L": 0.1, "E": 6, "C": 7}, 4.2),
                      ({"L": 0.5, "E": 0.5, "C": 3}, 0.75)):
        graded = grade(method, inputs)
        assert graded.value == d and repr(graded.value) == repr(d)
        assert json.dumps(graded.record()["value"]) == repr(d)
    assert grade(method, {"L": 10, "E": 2, "C": 1}).record()["value"] == 20
    assert isinstance(grade(method, {"L": 10, "E": 2, "C": 1}).record()["value"], int)


# --- refusals, direct rules, determinism, conventions --------------------------------------

def refused(method: RiskMethod, inputs: dict[str, Any], rules: tuple[str, ...] = ()) -> AnjianError:
    with pytest.raises(AnjianError) as caught:
        grade(method, inputs, rules=rules, direct=catalogue().direct_rules,
              field_prefix="inherent.")
    return caught.value


def test_refusals_name_the_field() -> None:
    lec = preset("lec-classic")
    err = refused(lec, {"L": 4, "E": 6, "C": 15})
    assert err.key == "risk.factor_value" and err.params["field"] == "inherent.L"
    assert "inherent.L" in err.render("zh") and "0.5" in err.render("zh")
    err = refused(lec, {"L": 3, "E": 6, "C": 16})
    assert err.key == "risk.factor_value" and err.params["field"] == "inherent.C"
    err = refused(lec, {"L": 3, "E": True, "C": 15})  # a flag is not a score
    assert err.key == "risk.factor_value" and err.params["field"] == "inherent.E"
    err = refused(lec, {"L": 3, "E": 6})
    assert err.key == "risk.factor_missing" and err.params["field"] == "inherent.C"
    assert "inherent.C" in err.render("zh")
    err = refused(lec, {"L": 3, "E": 6, "C": 15, "S": 2})
    assert err.key == "risk.factor_unknown" and err.params["field"] == "inherent.S"
    err = refused(preset("ls-shandong"), {"L": 3, "E": 2})
    assert err.key == "risk.factor_unknown" and err.params["field"] == "inherent.E"
    err = refused(preset("ls-shandong"), {"L": 6, "S": 2})
    assert err.key == "risk.factor_value" and err.params["field"] == "inherent.L"
    for rule in ("sd-chem/nope", "nope/h2s", "h2s"):
        err = refused(lec, {"L": 1, "E": 1, "C": 1}, (rule,))
        assert err.key == "risk.rule_unknown" and err.params["rule"] == rule
        assert err.params["field"] == "inherent.rules" and rule in err.render("zh")
    with pytest.raises(AnjianError) as caught:
        catalogue().risk_method("lec-nowhere")
    assert caught.value.key == "risk.preset_unknown" and "lec-classic" in str(caught.value)


def test_a_direct_rule_raises_to_major_and_names_the_rule() -> None:
    direct = catalogue().direct_rules
    for pid, inputs in (("lec-classic", {"L": 1, "E": 1, "C": 1}),
                        ("ls-shandong", {"L": 1, "S": 1}), ("ls-coal", {"L": 2, "S": 2})):
        graded = grade(preset(pid), inputs, rules=["sd-chem/h2s"], direct=direct)
        rule = direct["sd-chem"].rule("h2s")
        assert rule is not None
        assert graded.grade is MAJOR and graded.computed is not MAJOR
        assert graded.rules == (("sd-chem/h2s", rule.text),)
        assert graded.tiers == ALL_TIERS and graded.colour == "red"
        assert graded.record()["rules"] == [["sd-chem/h2s", rule.text]]
        assert graded.record()["computed"] == graded.computed.value
    # already major: still named
    graded = grade(preset("lec-classic"), {"L": 10, "E": 10, "C": 100},
                   rules=["sd-chem/law", "sd-chem/h2s"], direct=direct)
    assert graded.grade is MAJOR and [r for r, _ in graded.rules] == ["sd-chem/law",
                                                                       "sd-chem/h2s"]


def test_same_inputs_same_grade() -> None:
    direct = catalogue().direct_rules
    for pid in PRESETS:
        method = preset(pid)
        for inputs, _ in products(method)[::7]:
            first = grade(method, inputs, rules=["sd-chem/law"], direct=direct)
            again = grade(preset(pid), dict(reversed(list(inputs.items()))),
                          rules=["sd-chem/law"], direct=direct)
            assert first == again and first.record() == again.record()
            assert json.dumps(first.record(), ensure_ascii=False) == \
                json.dumps(again.record(), ensure_ascii=False)
            assert Graded.of_record(json.loads(json.dumps(first.record()))) == first
            record = first.record()
            assert (record["method"], record["preset"]) == (method.method, pid)
            assert record["inputs"] == {k: v for k, v in inputs.items()}


def test_each_preset_prints_its_convention() -> None:
    assert {pid: preset(pid).convention() for pid in PRESETS} == {
        "lec-classic": "D > 320; 160 < D ≤ 320; 70 < D ≤ 160; 20 < D ≤ 70; D ≤ 20",
        "lec-four-colour": "D > 320; 160 ≤ D ≤ 320; 70 ≤ D < 160; D < 70",
        "ls-shandong": "R > 16; 12 < R ≤ 16; 8 < R ≤ 12; R ≤ 8",
        "ls-variant": "R > 16; 12 < R ≤ 16; 7 < R ≤ 12; R ≤ 7",
        "ls-coal": "R > 16; 8 < R ≤ 16; 3 < R ≤ 8; R ≤ 3",
    }


# --- monotone -------------------------------------------------------------------------------

@st.composite
def raised(draw: st.DrawFn) -> tuple[RiskMethod, dict[str, float], dict[str, float]]:
    """A preset, inputs from its tables, and the same inputs with one factor raised."""
    method = preset(draw(st.sampled_from(PRESETS)))
    inputs = {f.key: draw(st.sampled_from([v.score for v in f.values])) for f in method.factors}
    table = draw(st.sampled_from(method.factors))
    higher = [v.score for v in table.values if v.score >= inputs[table.key]]
    return method, inputs, {**inputs, table.key: draw(st.sampled_from(higher))}


@given(raised())
def test_the_grade_never_falls_when_a_factor_rises(
        case: tuple[RiskMethod, dict[str, float], dict[str, float]]) -> None:
    method, low, high = case
    a, b = grade(method, low), grade(method, high)
    assert b.value >= a.value
    assert GRADES.index(b.grade) <= GRADES.index(a.grade)
    assert b.level <= a.level


# --- presets from a plugin ------------------------------------------------------------------

class MethodFiles:
    """A plugin registering risk method files."""

    def __init__(self, *paths: Path) -> None:
        self.paths = paths

    @hookimpl
    def register_risk_methods(self, register: PackRegistrar) -> None:
        for path in self.paths:
            register.risk_method_file(path)


BUILTIN = Path(__file__).resolve().parents[1] / "plugins" / "risk_grading" / "methods"


def test_a_broken_method_file_is_reported_with_its_file_and_skipped(tmp_path: Path) -> None:
    good = (BUILTIN / "ls-coal.yaml").read_text("utf-8").replace("id: ls-coal", "id: ls-city")
    (tmp_path / "ls-city.yaml").write_text(good, "utf-8")
    # bands out of order
    broken = good.replace("id: ls-city", "id: ls-broken").replace("above: 8,", "above: 18,")
    (tmp_path / "ls-broken.yaml").write_text(broken, "utf-8")
    (tmp_path / "not-yaml.yaml").write_text("kind: method\nid: [unclosed\n", "utf-8")
    cat = build_catalogue(eps=[], objects={"city": MethodFiles(
        tmp_path / "ls-city.yaml", tmp_path / "ls-broken.yaml", tmp_path / "not-yaml.yaml")})
    assert list(cat.risk_methods) == ["ls-city"]
    assert cat.risk_method("ls-city").bands == preset("ls-coal").bands
    problems = {e.where: e for e in cat.errors}
    # named as an installed plugin's files are: folder/file
    assert set(problems) == {f"{tmp_path.name}/ls-broken.yaml", f"{tmp_path.name}/not-yaml.yaml"}
    for where, error in problems.items():
        assert error.plugin == "city" and error.stage == "risk_method"
        assert Path(where).name in error.render("zh")
    broken_text = next(e for w, e in problems.items() if "broken" in w).render("en")
    assert "highest first" in broken_text
    info = next(i for i in cat.plugins if i.name == "city")
    assert info.methods == ("ls-city",)


def test_a_taken_preset_id_is_refused_and_the_first_kept(tmp_path: Path) -> None:
    copy = (BUILTIN / "ls-coal.yaml").read_text("utf-8").replace(
        "above: 8,", "above: 9,")  # the same id, other bands
    (tmp_path / "ls-coal.yaml").write_text(copy, "utf-8")
    cat = build_catalogue(eps=[], objects={"a-city": MethodFiles(BUILTIN / "ls-coal.yaml"),
                                           "b-city": MethodFiles(tmp_path / "ls-coal.yaml")})
    assert cat.risk_method("ls-coal").bands == preset("ls-coal").bands
    (taken,) = cat.errors
    assert (taken.plugin, taken.stage) == ("b-city", "conflict")
    assert taken.problem().key == "plugin.method_taken" and "ls-coal" in taken.render("zh")
