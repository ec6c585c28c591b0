"""Links between versions that say what they are, on the test-only pair tests/versions_packs
(ver-2020 → ver-2026, one item for each kind of link): an answer carries only as far as the
newer item's coverage allows, the rest goes to the inspector with why and both texts, and
recorded values are judged against the other version's limits. Through the engine, the
service, ``anjian evaluate --under``, ``anjian inspect reevaluate`` on a SQLite store made by
the services, and the app's re-evaluation screen."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from core.engine.crosswalk import Measured, Review, carry
from core.engine.findings import Status
from core.pack.model import Relation
from core.plugins.catalogue import Catalogue, build_catalogue
from core.services import inspections
from core.services.context import Context
from core.services.versions import Reevaluation, reevaluate_raw
from core.store.db import open_store
from tests.edited_packs import EditedPlugin
from tests.workflow_helpers import cli_run, onsite_campaign

from .test_cli import run, write

NC, OK, NA = Status.noncompliant, Status.compliant, Status.not_applicable
PACKS = Path(__file__).with_name("versions_packs")
ON = dt.date(2026, 3, 1)


@pytest.fixture(scope="module")
def cat() -> Catalogue:
    """The two test versions, loaded by the real catalogue loader as a plugin's packs."""
    catalogue = build_catalogue(eps=[], objects={"versions": EditedPlugin(PACKS)})
    assert not catalogue.errors, catalogue.errors
    return catalogue


def under(cat: Catalogue, findings: list[dict[str, Any]], tags: tuple[str, ...] = (),
          source: str = "ver-2020", target: str = "ver-2026") -> Reevaluation:
    return reevaluate_raw(cat, source, target, findings, {"tags": list(tags)}, on=ON)


def answered(statuses: dict[str, str]) -> list[dict[str, Any]]:
    return [{"item": i, "status": s} for i, s in statuses.items()]


#: Everything of ver-2020 answered as nothing there, but for what a test sets.
CLEAR = {"V20-A": "compliant", "V20-B": "not_applicable", "V20-D": "compliant",
         "V20-E": "compliant", "V20-F": "compliant"}
ANNUAL_110 = {"item": "V20-C", "checks": {"annual": {"value": 110, "design": 100},
                                          "monthly": {"value": 5, "design": 100}}}


# --- narrower and broader ---------------------------------------------------------------


def test_narrower_a_hazard_goes_to_the_inspector_and_absence_carries(cat: Catalogue) -> None:
    r = under(cat, answered({"V20-A": "noncompliant"}))
    assert "V26-A" not in r.carried.statuses
    assert r.carried.to_review == {"V26-A": (Review("V20-A", Relation.narrower, "narrower"),)}
    # the hazard is neither confirmed nor dropped: it awaits the inspector, and that is a change
    assert r.before.major_items == ("V20-A",) and r.after.major_items == ()
    assert r.change.awaiting == ("V20-A",) and r.change.no_longer_major == ()
    assert r.change.changed
    # absent under the wider item is absent under the narrower one
    assert under(cat, answered({"V20-A": "compliant"})).carried.statuses == {"V26-A": OK}
    assert under(cat, answered({"V20-A": "not_applicable"})).carried.statuses == {"V26-A": NA}
    assert under(cat, answered({"V20-A": "compliant"})).carried.to_review == {}


def test_broader_a_hazard_carries_and_absence_goes_to_the_inspector(cat: Catalogue) -> None:
    found = under(cat, answered({"V20-B": "noncompliant"}))
    assert found.carried.statuses == {"V26-B": NC} and found.after.major_items == ("V26-B",)
    absent = under(cat, answered({"V20-B": "compliant"}))
    assert absent.carried.statuses == {}
    assert absent.carried.to_review == {"V26-B": (Review("V20-B", Relation.broader,
                                                         "broader"),)}
    assert under(cat, answered({"V20-B": "not_applicable"})).carried.statuses == {"V26-B": NA}


def test_from_the_newer_to_the_older_the_relation_inverts(cat: Catalogue) -> None:
    back = under(cat, answered({"V26-A": "compliant", "V26-B": "noncompliant"}),
                 source="ver-2026", target="ver-2020")
    # V26-A is narrower than V20-A, so V20-A is broader than V26-A: absence does not carry
    assert back.carried.to_review == {
        "V20-A": (Review("V26-A", Relation.broader, "broader"),),
        "V20-B": (Review("V26-B", Relation.narrower, "narrower"),)}
    again = under(cat, answered({"V26-A": "noncompliant", "V26-B": "compliant"}),
                  source="ver-2026", target="ver-2020")
    assert again.carried.statuses == {"V20-A": NC, "V20-B": OK}


# --- measured values judged against the other version's limits ---------------------------


def test_annual_output_at_exactly_110_percent_at_an_open_pit_mine(cat: Catalogue) -> None:
    # 10%以上 includes 110 %; 超过110% does not; the quarterly limb is for underground mines
    r = under(cat, [ANNUAL_110, *answered(CLEAR), {"item": "V20-G", "value": 15}],
              tags=("open_pit",))
    assert r.before.major_items == ("V20-C",)
    assert r.carried.statuses["V26-C"] is OK
    assert r.carried.measured["V26-C"].values == (Measured("1", "V20-C", "annual", 110, 100),)
    assert r.carried.measured["V26-C"].status is OK
    assert (r.change.verdict_before, r.change.verdict_after) == ("major", "not_major")
    assert r.change.no_longer_major == ("V20-C",) and r.change.changed
    assert r.carried.to_review == {}
    over = {"item": "V20-C", "checks": {"annual": {"value": 112, "design": 100}}}
    assert under(cat, [over], tags=("open_pit",)).carried.statuses == {"V26-C": NC}


def test_annual_output_at_110_percent_at_an_underground_mine_awaits_the_quarter(
        cat: Catalogue) -> None:
    r = under(cat, [ANNUAL_110, *answered(CLEAR), {"item": "V20-G", "value": 15}],
              tags=("underground",))
    # the annual limb is not present, the quarterly one unknown: the item stays unanswered
    assert "V26-C" not in r.carried.statuses
    assert r.carried.measured["V26-C"].status is None
    assert r.carried.to_review == {"V26-C": (Review("V20-C", Relation.narrower,
                                                    "narrower"),)}
    assert (r.change.verdict_before, r.change.verdict_after) == ("major", "incomplete")
    assert r.change.awaiting == ("V20-C",)
    over = {"item": "V20-C", "checks": {"annual": {"value": 112, "design": 100}}}
    assert under(cat, [over], tags=("underground",)).carried.statuses == {"V26-C": NC}
    below = {"item": "V20-C", "checks": {"annual": {"value": 105, "design": 100},
                                         "monthly": {"value": 5, "design": 100}}}
    # compliant under the wider item is compliant under the narrower one, quarter unknown or not
    assert under(cat, [below], tags=("underground",)).carried.statuses == {"V26-C": OK}


def test_an_items_own_measure_judged_both_ways(cat: Catalogue) -> None:
    at = under(cat, [{"item": "V20-G", "value": 20}])
    assert at.carried.statuses == {"V26-G": OK}  # 20人以上 includes 20; 超过20人 does not
    assert at.change.no_longer_major == ("V20-G",)
    assert under(cat, [{"item": "V20-G", "value": 21}]).carried.statuses == {"V26-G": NC}
    # from the newer version back to the older: 20 people, not a hazard under 2026, is one
    # under 2020, though a compliant answer along a broader link would not carry
    back = under(cat, [{"item": "V26-G", "value": 20}], source="ver-2026", target="ver-2020")
    assert back.before.major_items == () and back.carried.statuses == {"V20-G": NC}
    assert back.change.newly_major == ("V20-G",)
    assert back.carried.measured["V20-G"].values == (Measured(".", "V26-G", ".", 20, None),)


def test_a_value_carries_from_a_stored_answer_left_partial(cat: Catalogue) -> None:
    # only the annual output was recorded (the month not yet): unanswered under 2020, decided
    # at an open-pit mine under 2026
    partial = {"item": "V20-C", "checks": {"annual": {"value": 108, "design": 100}}}
    r = under(cat, [partial], tags=("open_pit",))
    assert "V20-C" in r.before.unanswered
    assert r.carried.statuses == {"V26-C": OK}


# --- splits and merges ------------------------------------------------------------------


def test_a_split_hazard_goes_to_the_inspector_and_absence_carries(cat: Catalogue) -> None:
    r = under(cat, answered({"V20-D": "noncompliant"}))
    split = Review("V20-D", Relation.split_, "split")
    assert r.carried.to_review == {"V26-D1": (split,), "V26-D2": (split,)}
    assert r.change.awaiting == ("V20-D",)
    assert under(cat, answered({"V20-D": "compliant"})).carried.statuses == \
        {"V26-D1": OK, "V26-D2": OK}
    # backwards a split is a merge: either part found is the older item found
    back = under(cat, answered({"V26-D1": "noncompliant", "V26-D2": "compliant"}),
                 source="ver-2026", target="ver-2020")
    assert back.carried.statuses == {"V20-D": NC} and back.carried.to_review == {}
    half = under(cat, answered({"V26-D1": "compliant"}), source="ver-2026", target="ver-2020")
    assert half.carried.statuses == {} and half.carried.to_review == {}


def test_a_merge_is_found_if_any_part_was(cat: Catalogue) -> None:
    r = under(cat, [{"item": "V20-E", "status": "noncompliant", "corrected_on_site": True},
                    {"item": "V20-F", "status": "compliant"}])
    assert r.carried.statuses == {"V26-EF": NC} and r.carried.corrected == {"V26-EF"}
    assert under(cat, answered({"V20-E": "compliant", "V20-F": "compliant"})
                 ).carried.statuses == {"V26-EF": OK}
    assert under(cat, answered({"V20-E": "compliant"})).carried.statuses == {}
    # backwards a merge is a split: which of the older items was it?
    back = under(cat, answered({"V26-EF": "noncompliant"}), source="ver-2026",
                 target="ver-2020")
    assert back.carried.to_review == {"V20-E": (Review("V26-EF", Relation.split_, "split"),),
                                      "V20-F": (Review("V26-EF", Relation.split_, "split"),)}
    assert under(cat, answered({"V26-EF": "compliant"}), source="ver-2026",
                 target="ver-2020").carried.statuses == {"V20-E": OK, "V20-F": OK}


def test_no_answer_carries_across_an_overlap(cat: Catalogue) -> None:
    overlap = Review("V20-H", Relation.overlap, "overlap")
    for status in ("noncompliant", "compliant", "not_applicable"):
        r = under(cat, answered({"V20-H": status}), tags=("underground",))
        assert r.carried.statuses == {} and r.carried.to_review == {"V26-H": (overlap,)}
    back = under(cat, answered({"V26-H": "compliant"}), tags=("underground",),
                 source="ver-2026", target="ver-2020")
    assert back.carried.to_review == {"V20-H": (Review("V26-H", Relation.overlap,
                                                       "overlap"),)}
    # where neither applies to the site, nothing is left to decide
    assert under(cat, [], tags=("open_pit",)).carried.to_review == {}


def test_carry_alone_reads_the_links(cat: Catalogue) -> None:
    old, new = cat.entries["ver-2020"].pack, cat.entries["ver-2026"].pack
    c = carry(old, new, {"V20-A": (NC, False), "V20-B": (NC, False)})
    assert c.statuses == {"V26-B": NC} and set(c.to_review) == {"V26-A"}
    assert c.relations["V26-A"] == {"V20-A": Relation.narrower}


# --- the command line -------------------------------------------------------------------

FINDINGS = [{"item": "V20-A", "status": "noncompliant"}, ANNUAL_110,
            {"item": "V20-D", "status": "noncompliant"},
            {"item": "V20-E", "status": "noncompliant"}, {"item": "V20-F", "status": "compliant"}]


def _evaluate(tmp_path: Path, *args: str, lang: str = "zh") -> Any:
    return run("--lang", lang, "evaluate", "--pack-file", str(PACKS), "--pack", "ver-2020",
               "--under", "ver-2026", "--findings", write(tmp_path, "f.json", FINDINGS),
               "--site", write(tmp_path, "s.json", {"tags": ["open_pit"]}),
               "--date", ON.isoformat(), *args)


def _says_it_all(out: dict[str, Any]) -> None:
    """The re-evaluation of FINDINGS at an open-pit mine, as ``--json`` gives it."""
    assert out["verdict"] == {"before": "major", "after": "major"}
    assert out["to_review"] == {
        "V26-A": [{"item": "V20-A", "relation": "narrower", "why": "narrower"}],
        "V26-D1": [{"item": "V20-D", "relation": "split", "why": "split"}],
        "V26-D2": [{"item": "V20-D", "relation": "split", "why": "split"}]}
    assert out["measured"] == {"V26-C": {"status": "compliant", "values": [
        {"part": "1", "from": "V20-C", "from_part": "annual", "value": 110.0,
         "design": 100.0}]}}
    assert out["no_longer_major"] == ["V20-C"]
    assert out["awaiting_review"] == ["V20-A", "V20-D"]
    assert out["carried"]["V26-EF"] == ["V20-E", "V20-F"] and out["changed"] is True
    assert out["after"]["triggers"][0]["items"] == ["V26-EF"]


def test_evaluate_under_says_why_with_both_texts(tmp_path: Path) -> None:
    done = _evaluate(tmp_path, "--json")
    assert done.returncode == 0, done.stderr
    _says_it_all(json.loads(done.stdout))
    zh = _evaluate(tmp_path)
    assert zh.returncode == 0, zh.stderr
    for line in ("  原判重大隐患、按 ver-2026 待检查人员判定 (2):",
                 "    V26-A 第一条 ← V20-A 第一条（原答：不符合）",
                 "      原因：ver-2026 的条款比 ver-2020 的窄，"
                 "原条款下存在的情形不一定在本条款范围内",
                 "      ver-2020 第一条：作业场所未设置安全出口或者安全出口不畅通",
                 "      ver-2026 第一条：作业场所未设置安全出口",
                 "      原因：ver-2020 的条款在 ver-2026 中拆分为多项，"
                 "隐患属于其中哪一项需检查人员判定",
                 "      ver-2026 第四条第（二）项：瓦斯检查记录造假",
                 "    V26-C 第三条 → 符合",
                 "      V26-C/1 ← V20-C/annual：全年产量 110万t，设计值 100（限值：超过110万t）",
                 "  按 ver-2026 不再判为重大隐患（或无对应条款） (1):"):
        assert line in zh.stdout.splitlines(), line
    en = _evaluate(tmp_path, lang="en")
    assert en.returncode == 0, en.stderr
    for line in ("    V26-A 第一条 ← V20-A 第一条 (answered: noncompliant)",
                 "      Why: the ver-2026 item covers less than the ver-2020 one; what was "
                 "present under it may lie outside this one",
                 "      ver-2020 第一条: 作业场所未设置安全出口或者安全出口不畅通",
                 "        No safety exit at the workplace, or the exit obstructed",
                 "      ver-2026 第一条: 作业场所未设置安全出口",
                 "        No safety exit at the workplace",
                 "      V26-C/1 ← V20-C/annual: annual output 110 万t, design value 100 "
                 "(limit: > 110 万t)"):
        assert line in en.stdout.splitlines(), line


def _recorded(tmp_path: Path, cat: Catalogue) -> tuple[Context, int]:
    """A SQLite store made by the services: an open-pit mine's inspection under ver-2020 with
    FINDINGS answered through the answer path."""
    ctx = Context(open_store(f"sqlite:///{tmp_path / 'v.db'}"), cat, "检查员乙", ON, "en")
    cid, target = onsite_campaign(ctx, ["ver-2020"], sector="mining")
    insp = inspections.start_inspection(ctx, campaign_id=cid, enterprise=target,
                                        tags=["open_pit"])
    assert insp.id is not None
    for f in FINDINGS:
        detail = {"checks": f["checks"]} if "checks" in f else None
        inspections.answer(ctx, insp.id, f["item"], f.get("status", "noncompliant"),
                           detail=detail)
    return ctx, insp.id


def test_inspect_reevaluate_on_a_recorded_inspection(
        tmp_path: Path, cat: Catalogue, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    ctx, iid = _recorded(tmp_path, cat)
    ctx.store.close()
    # The command line loads the installed plugins' catalogue: here, the two test versions.
    monkeypatch.setattr("core.services.packs.default_catalogue", lambda: cat)
    url = f"sqlite:///{tmp_path / 'v.db'}"
    code, out, err = cli_run(url, "检查员乙", ["inspect", "reevaluate", str(iid), "--under",
                                             "ver-2026", "--json"], capsys)
    assert code == 0, err
    _says_it_all(json.loads(out))
    code, out, err = cli_run(url, "检查员乙", ["inspect", "reevaluate", str(iid), "--under",
                                             "ver-2026"], capsys, lang="zh")
    assert code == 0, err
    lines = out.splitlines()
    assert "    V26-D1 第四条第（一）项 ← V20-D 第四条（原答：不符合）" in lines
    assert "      ver-2020 第四条：未按规定进行瓦斯检查或者瓦斯检查记录造假" in lines
    assert "      ver-2026 第四条第（一）项：未按规定进行瓦斯检查" in lines


async def test_the_reevaluation_screen_says_why_with_both_texts(
        tmp_path: Path, cat: Catalogue) -> None:
    from tui.app import make_app
    from tui.screens.runner import RunnerScreen
    from tui.screens.versions import ReevaluationScreen
    from tui.wrapped import Wrapped

    ctx, iid = _recorded(tmp_path, cat)
    for lang, expected in (
            ("zh", ("原判重大隐患、按 ver-2026 待检查人员判定 (2):",
                    "原因：ver-2026 的条款比 ver-2020 的窄，原条款下存在的情形不一定在本条款范围内",
                    "ver-2020 第一条：作业场所未设置安全出口或者安全出口不畅通",
                    "ver-2026 第一条：作业场所未设置安全出口",
                    "V26-C/1 ← V20-C/annual：全年产量 110万t，设计值 100（限值：超过110万t）")),
            ("en", ("Why: the ver-2026 item covers less than the ver-2020 one",
                    "ver-2026 第一条: 作业场所未设置安全出口",
                    "No safety exit at the workplace, or the exit obstructed"))):
        app = make_app(lang=lang, context=ctx, open_inspection=iid)
        async with app.run_test(size=(120, 40)) as pilot:
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert isinstance(app.screen, RunnerScreen)
            await pilot.press("v")
            await pilot.pause()
            assert isinstance(app.screen, ReevaluationScreen)
            shown = app.screen.query_one("#changes", Wrapped)
            for line in expected:
                assert line in shown.plain, (lang, line)
            # wrapped to the screen, not cut off: every line fits its width
            assert all(len(part) <= 120 for part in str(shown.render()).splitlines())
    ctx.store.close()
