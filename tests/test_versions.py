"""Re-evaluating recorded findings under another version of the same standard: the carry
rules on a small pair of packs, the coal 2020 → 2026 lists through the command line, and a
recorded inspection (which the re-evaluation must not change)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from core.engine import Answers, evaluate
from core.engine.crosswalk import Carried, carry, compare
from core.engine.findings import Site, Status
from core.i18n import AnjianError
from core.pack.model import Pack
from core.services import inspections
from core.services.context import Context
from core.services.packs import default_catalogue
from core.services.versions import other_versions, reevaluate_inspection, reevaluate_raw
from core.store.db import open_store
from tests.workflow_helpers import onsite_campaign

from .test_cli import run, write

NC, OK, NA = Status.noncompliant, Status.compliant, Status.not_applicable


def pack(pid: str, items: dict[str, list[str]], series: str | None = "s") -> Pack:
    """A direct-rule pack whose items continue the listed predecessors."""
    return Pack.model_validate({
        "id": pid, "version": "1.0.0", "title_zh": pid, "title_en": pid, "standard": pid,
        "issuer": "x", "sector": "x", "effective": "2020-01-01", "series": series,
        "sections": [{"id": "S", "title_zh": "s", "title_en": "s", "items": [
            {"id": i, "clause": i, "text_zh": i, "gloss_en": i, "guidance_zh": i,
             "predecessors": preds} for i, preds in items.items()]}],
        "rules": [{"id": f"{pid}-R", "kind": "direct", "clause": "r", "text_zh": "r",
                   "gloss_en": "r", "sections": ["S"]}]})


OLD = pack("old", {"O1": [], "O2": [], "O3": [], "O4": []})
# N1 continues O1; N2 merges O2+O3; N3 and N4 split O4; N5 is new; nothing continues… none.
NEW = pack("new", {"N1": ["O1"], "N2": ["O2", "O3"], "N3": ["O4"], "N4": ["O4"], "N5": []})


def carried(answers: dict[str, Status], corrected: tuple[str, ...] = ()) -> dict[str, Any]:
    c = carry(OLD, NEW, {i: (s, i in corrected) for i, s in answers.items()})
    return {"statuses": c.statuses, "corrected": set(c.corrected), "review": sources(c),
            "dropped": c.dropped, "new": c.new}


def sources(c: Carried) -> dict[str, tuple[str, ...]]:
    """The source items behind each answer left for the inspector."""
    return {k: tuple(r.source for r in v) for k, v in c.to_review.items()}


def test_one_to_one_and_merge() -> None:
    got = carried({"O1": NC, "O2": OK, "O3": NC}, corrected=("O3",))
    assert got["statuses"] == {"N1": NC, "N2": NC}
    assert got["corrected"] == {"N2"}
    assert got["new"] == ("N5",) and got["review"] == {}


def test_merge_needs_every_part_to_be_compliant() -> None:
    assert carried({"O2": OK})["statuses"] == {}
    assert carried({"O2": OK, "O3": OK})["statuses"] == {"N2": OK}
    assert carried({"O2": NA, "O3": NA})["statuses"] == {"N2": NA}
    assert carried({"O2": NA, "O3": OK})["statuses"] == {"N2": OK}


def test_a_split_hazard_is_left_for_the_inspector() -> None:
    got = carried({"O4": NC})
    assert got["statuses"] == {}
    assert got["review"] == {"N3": ("O4",), "N4": ("O4",)}
    assert carried({"O4": OK})["statuses"] == {"N3": OK, "N4": OK}


def test_backwards_and_dropped() -> None:
    back = carry(NEW, OLD, {"N1": (NC, False), "N2": (NC, False), "N5": (NC, False)})
    assert back.statuses == {"O1": NC}
    assert back.dropped == ("N5",)
    assert back.new == ()
    # backwards a merge is a split: which of the older items was it?
    assert sources(back) == {"O2": ("N2",), "O3": ("N2",)}


def test_other_series_refused() -> None:
    with pytest.raises(AnjianError) as caught:
        carry(OLD, pack("x", {"X1": []}, series="t"), {})
    assert caught.value.key == "versions.other_series"


def test_compare_names_what_changes() -> None:
    answers = {"O1": (NC, False), "O4": (NC, False)}
    before = evaluate(OLD, Site(), Answers({k: v[0] for k, v in answers.items()}))
    c = carry(OLD, NEW, answers)
    after = evaluate(NEW, Site(), Answers(c.statuses, c.corrected))
    change = compare(before, after, c)
    assert (change.verdict_before, change.verdict_after) == ("major", "major")
    assert change.newly_major == () and change.no_longer_major == ()
    dropped = carry(OLD, NEW, {"O1": (OK, False)})
    assert compare(evaluate(OLD, Site(), Answers({"O1": OK})),
                   evaluate(NEW, Site(), Answers(dropped.statuses)), dropped).changed is False


# --- the coal lists -----------------------------------------------------------------------


def test_coal_packs_are_one_series() -> None:
    cat = default_catalogue()
    assert [e.pack.id for e in other_versions(cat, "coal-2020")] == ["coal-2026"]
    assert [e.pack.id for e in other_versions(cat, "coal-2026")] == ["coal-2020"]
    assert other_versions(cat, "gb35181-2017") == []


def test_coal_2020_findings_under_2026(tmp_path: Path) -> None:
    findings = [{"item": "COAL-2020-A04-01", "status": "noncompliant"},
                {"item": "COAL-2020-A04-02", "status": "noncompliant"},
                {"item": "COAL-2020-A05-02", "status": "noncompliant"}]
    done = run("evaluate", "--pack", "coal-2020", "--under", "coal-2026", "--json",
               "--findings", write(tmp_path, "f.json", findings),
               "--site", write(tmp_path, "s.json", {"tags": ["underground"]}),
               "--date", "2026-08-01")
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["from"] == {"pack": "coal-2020", "version": "2020.1.0"}
    assert out["to"] == {"pack": "coal-2026", "version": "2026.1.0"}
    # 2026 4(一) is narrower than 2020 4(一) (超过110%, and the month became an underground
    # mine's quarter): a bare "noncompliant" says nothing of which limb, so it awaits the
    # inspector, as A05-02's hazard does among the five items it was split into
    assert out["verdict"] == {"before": "major", "after": "incomplete"}
    assert out["fired"] == {"before": ["COAL-2020-A04", "COAL-2020-A05"], "after": []}
    # A04-02 (plans above capacity) has no successor in 2026
    assert out["not_carried"] == ["COAL-2020-A04-02"]
    assert out["no_longer_major"] == ["COAL-2020-A04-02"]
    assert out["awaiting_review"] == ["COAL-2020-A04-01", "COAL-2020-A05-02"]
    assert out["to_review"] == {
        "COAL-2026-A04-01": [{"item": "COAL-2020-A04-01", "relation": "narrower",
                              "why": "narrower"}],
        **{f"COAL-2026-A05-0{n}": [{"item": "COAL-2020-A05-02", "relation": "split",
                                    "why": "split"}] for n in range(1, 6)}}
    assert [w["key"] for w in out["before"]["warnings"]] == ["warn.superseded"]
    assert out["after"]["pack"] == "coal-2026" and out["changed"] is True
    text = run("--lang", "en", "evaluate", "--pack", "coal-2020", "--under", "coal-2026",
               "--findings", str(tmp_path / "f.json"), "--site", str(tmp_path / "s.json"))
    assert "Re-evaluated: coal-2020 2020.1.0 → coal-2026 2026.1.0" in text.stdout
    assert "Answered items with no counterpart in coal-2026 (1):" in text.stdout


def test_under_refuses_what_is_not_another_version(tmp_path: Path) -> None:
    f = write(tmp_path, "f.json", [])
    done = run("--lang", "en", "evaluate", "--pack", "coal-2020", "--under", "gb35181-2017",
               "--findings", f)
    assert done.returncode == 2
    assert "'gb35181-2017' is not another version of coal-2020; installed other versions: " \
        "coal-2026" in done.stderr
    both = run("evaluate", "--pack", "coal-2020", "--pack", "nm-2022", "--under", "coal-2026",
               "--findings", f)
    assert both.returncode == 2 and "--under 只能对一个 --pack 的检查结果换版重判" in both.stderr


def test_recorded_inspection_reevaluated_without_change(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'v.db'}"
    store = open_store(url)
    ctx = Context(store, default_catalogue(), "检查员乙", dt.date(2026, 5, 1), "en")
    cid, target = onsite_campaign(ctx, ["coal-2020"], sector="coal")
    insp = inspections.start_inspection(ctx, campaign_id=cid, enterprise=target,
                                        tags=["underground"])
    assert insp.id is not None
    # 2020 8(三) and 2026 8(三) are the same requirement: the hazard carries as it is
    inspections.answer(ctx, insp.id, "COAL-2020-A08-03", "noncompliant")
    before = inspections.inspection_view(ctx, insp.id).as_json()
    again = reevaluate_inspection(ctx, insp.id, "coal-2026")
    assert again.before.verdict == "major" and again.after.verdict == "major"
    assert again.change.fired_after == ("COAL-2026-A08",)
    assert inspections.inspection_view(ctx, insp.id).as_json() == before
    store.close()
    done = run("--db", url, "--lang", "en", "--user", "检查员乙", "inspect", "reevaluate",
               str(insp.id), "--under", "coal-2026")
    assert done.returncode == 0, done.stderr
    assert "Rules fired: COAL-2020-A08 → COAL-2026-A08" in done.stdout
    wrong = run("--db", url, "--lang", "en", "--user", "检查员乙", "inspect", "reevaluate",
                str(insp.id), "--under", "gb35181-2017")
    assert wrong.returncode == 2
    assert f"inspection {insp.id} used coal-2020; none is another version" in wrong.stderr


def test_corrected_only_when_every_hazard_behind_it_was() -> None:
    c = carry(OLD, NEW, {"O2": (NC, True), "O3": (NC, False)})
    assert c.statuses == {"N2": NC} and c.corrected == frozenset()


def _coal(tmp_path: Path, findings: list[dict[str, str]], tags: list[str]) -> dict[str, Any]:
    done = run("evaluate", "--pack", "coal-2020", "--under", "coal-2026", "--json",
               "--findings", write(tmp_path, "f.json", findings),
               "--site", write(tmp_path, "s.json", {"tags": tags}))
    assert done.returncode == 0, done.stderr
    out: dict[str, Any] = json.loads(done.stdout)
    return out


def _underground_all(status_of: dict[str, str]) -> list[dict[str, str]]:
    from core.engine import compile_pack

    plan = compile_pack(default_catalogue().entries["coal-2020"].pack)
    applies = plan.applicable(frozenset({"underground"}))
    return [{"item": i, "status": status_of.get(i, "compliant")}
            for i in plan.ids if plan.bit[i] & applies]


def test_items_the_site_rules_out_count_as_not_applicable_when_merging(tmp_path: Path) -> None:
    # 2026 A14-03 merges 2020 A07-02 (high-gas mines only) with A18-06: at an underground
    # mine that is not high-gas, A18-06 compliant is all there is to carry.
    out = _coal(tmp_path, _underground_all({}), ["underground"])
    assert out["carried"]["COAL-2026-A14-03"] == ["COAL-2020-A07-02", "COAL-2020-A18-06"]
    # what stays unanswered is new in 2026, or covers more than the 2020 item found clear, or
    # overlaps it (neither covers the other)
    assert out["after"]["unanswered"] and \
        set(out["after"]["unanswered"]) <= set(out["new_items"]) | set(out["to_review"])
    assert {r["why"] for rs in out["to_review"].values() for r in rs} == {"broader", "overlap"}


def test_a_hazard_under_a_tag_only_the_new_version_has(tmp_path: Path) -> None:
    findings = _underground_all({"COAL-2020-A12-01": "noncompliant"})
    out = _coal(tmp_path, findings, ["underground"])
    # 2026 asks whether the mine is prone to spontaneous combustion: the inspector decides.
    assert out["to_review"]["COAL-2026-A12-01"] == [
        {"item": "COAL-2020-A12-01", "relation": "narrower", "why": "gated"}]
    assert {r["why"] for k, rs in out["to_review"].items() for r in rs
            if k != "COAL-2026-A12-01"} == {"broader", "overlap"}
    assert out["no_longer_major"] == []
    # at a mine that is, 2026 12(一) is still narrower than 2020 12(一) (no longer "未编制防灭火
    # 专项设计"): the hazard awaits the inspector either way, now for that reason
    tagged = _coal(tmp_path, findings, ["underground", "spontaneous_combustion"])
    assert tagged["to_review"]["COAL-2026-A12-01"] == [
        {"item": "COAL-2020-A12-01", "relation": "narrower", "why": "narrower"}]
    assert tagged["awaiting_review"] == ["COAL-2020-A12-01"]
    assert tagged["verdict"] == {"before": "major", "after": "incomplete"}


def test_predecessors_must_be_earlier(tmp_path: Path) -> None:
    from core.plugins.validator import check

    folder = tmp_path / "later"
    folder.mkdir()
    text = (Path(__file__).resolve().parents[1] / "plugins/mining/coal_2020.yaml").read_text(
        encoding="utf-8")
    (folder / "coal_2020.yaml").write_text(text.replace(
        "  - id: COAL-2020-A04-01\n", "  - id: COAL-2020-A04-01\n"
        "    predecessors: [COAL-2026-A04-01]\n", 1), encoding="utf-8")
    assert any("predecessor 'COAL-2026-A04-01' is not an item of an earlier installed "
               "version in series 'coal-major-hazards'" in str(i)
               for i in check(str(folder)).errors)


# --- measured values re-judged: annual output at exactly 110 % ----------------------------

#: 2020 4(一): annual output exactly 110 % of the approved capacity (10%以上 includes it), a
#: month well under 10 %: major under 2020.
AT_110 = {"item": "COAL-2020-A04-01",
          "checks": {"annual": {"value": 110, "design": 100},
                     "monthly": {"value": 8, "design": 100}}}


def test_coal_annual_output_at_110_percent_is_not_major_under_2026_at_an_open_pit_mine(
        ) -> None:
    cat = default_catalogue()
    r = reevaluate_raw(cat, "coal-2020", "coal-2026", [AT_110], {"tags": ["open_pit"]},
                       on=dt.date(2026, 8, 1))
    assert r.before.major_items == ("COAL-2020-A04-01",)
    # 超过110% excludes 110 %, and the quarterly limb is for underground mines only
    assert r.carried.measured["COAL-2026-A04-01"].status is Status.compliant
    assert r.carried.statuses["COAL-2026-A04-01"] is Status.compliant
    assert r.change.no_longer_major == ("COAL-2020-A04-01",)
    assert r.change.verdict_before == "major" and r.change.verdict_after != "major"
    # from 2026 back to 2020, 110 % (clear under 2026) is the 2020 hazard
    back = reevaluate_raw(cat, "coal-2026", "coal-2020", [
        {"item": "COAL-2026-A04-01", "checks": {"1": {"value": 110, "design": 100}}}],
        {"tags": ["open_pit"]}, on=dt.date(2026, 8, 1))
    assert back.before.major_items == () and back.change.newly_major == ("COAL-2020-A04-01",)


def test_coal_annual_output_at_110_percent_at_an_underground_mine_awaits_the_quarter() -> None:
    r = reevaluate_raw(default_catalogue(), "coal-2020", "coal-2026", [
        AT_110, {"item": "COAL-2020-A04-06",
                 "checks": {"headcount": {"value": 12, "design": 10}}}],
        {"tags": ["underground"]}, on=dt.date(2026, 8, 1))
    # the annual limb is clear under 2026, the quarter was never asked: unanswered, for the
    # inspector, with both texts; 4(六)'s headcount at +20 % likewise under 4(三)
    assert r.carried.measured["COAL-2026-A04-01"].status is None
    assert r.carried.measured["COAL-2026-A04-03"].status is None
    assert set(r.carried.to_review) == {"COAL-2026-A04-01", "COAL-2026-A04-03"}
    assert {rv.why for rvs in r.carried.to_review.values() for rv in rvs} == {"narrower"}
    assert r.change.awaiting == ("COAL-2020-A04-01", "COAL-2020-A04-06")
    assert r.change.verdict_after == "incomplete"


def test_coal_110_percent_through_the_command_line(tmp_path: Path) -> None:
    args = ("evaluate", "--pack", "coal-2020", "--under", "coal-2026",
            "--findings", write(tmp_path, "f.json", [AT_110]),
            "--site", write(tmp_path, "s.json", {"tags": ["open_pit"]}), "--date", "2026-08-01")
    out = json.loads(run(*args, "--json").stdout)
    assert out["no_longer_major"] == ["COAL-2020-A04-01"]
    assert out["measured"]["COAL-2026-A04-01"] == {"status": "compliant", "values": [
        {"part": "1", "from": "COAL-2020-A04-01", "from_part": "annual", "value": 110.0,
         "design": 100.0}]}
    text = run(*args).stdout.splitlines()
    assert "    COAL-2026-A04-01 第四条第(一)项 → 符合" in text
    assert "      COAL-2026-A04-01/1 ← COAL-2020-A04-01/annual：全年原煤产量 110万t，设计值 100" \
        "（限值：超过110万t）" in text
    assert "  按 coal-2026 不再判为重大隐患（或无对应条款） (1):" in text


def test_coal_110_percent_recorded_then_reevaluated(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'v.db'}"
    ctx = Context(open_store(url), default_catalogue(), "检查员乙", dt.date(2026, 5, 1), "en")
    cid, target = onsite_campaign(ctx, ["coal-2020"], sector="coal")
    insp = inspections.start_inspection(ctx, campaign_id=cid, enterprise=target,
                                        tags=["open_pit"])
    assert insp.id is not None
    inspections.answer(ctx, insp.id, "COAL-2020-A04-01", "noncompliant",
                       detail={"checks": AT_110["checks"]})
    ctx.store.close()
    done = run("--db", url, "--user", "检查员乙", "inspect", "reevaluate", str(insp.id),
               "--under", "coal-2026", "--json")
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["verdict"]["before"] == "major" and out["verdict"]["after"] != "major"
    assert out["no_longer_major"] == ["COAL-2020-A04-01"]
    assert out["measured"]["COAL-2026-A04-01"]["status"] == "compliant"
    zh = run("--db", url, "--user", "检查员乙", "inspect", "reevaluate", str(insp.id),
             "--under", "coal-2026").stdout.splitlines()
    assert "    COAL-2026-A04-01 第四条第(一)项 → 符合" in zh
