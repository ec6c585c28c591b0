"""Deadlines belong to the bureau: the inspection team sets a hazard's deadline, the enterprise
writes the treatment plan and may ask for an extension (延期申请) before the deadline, which the
campaign's lead grants or refuses; every change of a deadline is kept and shown, and a refused
change leaves the database as it was."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from sqlalchemy import text

from core.i18n import AnjianError
from core.process.workflow import PLAN_FIELDS
from core.services import hazards, inspections, users
from core.services.context import Context
from core.services.packs import default_catalogue
from core.store.db import Store, open_store
from tests.db_state import everything
from tests.language import english_words
from tests.workflow_helpers import Cli, cli_run, onsite_campaign

#: The command line's today (it has no other clock).
TODAY = dt.date.today()
ADMIN, LEAD, INSPECTOR, OWNER = "管理员", "组长甲", "检查员乙", "企业安全员"
PLAN = ["--goal", "消除隐患", "--method", "补考核", "--funding", "企业自筹",
        "--organisation", "安全科", "--timeline", "三十日内", "--safety", "专人监护"]


def day(days: int) -> str:
    return (TODAY + dt.timedelta(days=days)).isoformat()


@dataclass
class World:
    """A campaign at the on-site step whose inspector found a major hazard at its typical
    enterprise ten days ago, with the people who act on it."""

    url: str
    store: Store
    hazard: str
    enterprise: str


@pytest.fixture
def world(db_url: str) -> Iterator[World]:
    store = open_store(db_url)
    ctx = Context(store, default_catalogue(), ADMIN, TODAY, "en")
    for name, role in ((LEAD, "lead"), (INSPECTOR, "inspector"), ("检查员丙", "inspector"),
                       ("组长丁", "lead")):
        users.add_user(ctx, name, role=role)
    # found ten days ago: a deadline may be in the past without being before the finding
    cid, target = onsite_campaign(Context(store, ctx.catalogue, ADMIN,
                                          TODAY - dt.timedelta(days=10), "en"))
    users.add_user(ctx, OWNER, role="enterprise", enterprise=target)
    inspector = Context(store, ctx.catalogue, INSPECTOR, TODAY - dt.timedelta(days=10), "en")
    insp = inspections.start_inspection(inspector, campaign_id=cid, enterprise=target)
    assert insp.id is not None
    done = inspections.answer(inspector, insp.id, "CHEM-2017-01", "noncompliant")
    assert done.verdict == "major"
    (hazard,) = inspections.inspection_view(ctx, insp.id).hazards
    w = World(db_url, store, str(hazard.id), target)
    yield w
    w.store.close()


def test_the_enterprise_cannot_move_its_deadline(world: World,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    """Issue 16, defect 8: an enterprise user re-planned a major hazard with any deadline, one
    in the past or one that clears "overdue", and nothing recorded the change."""
    lead, owner = Cli(capsys, world.url, LEAD), Cli(capsys, world.url, OWNER)
    lead.ok("hazard", "plan", world.hazard, "--deadline", day(30), "--responsible", "安全科",
            *PLAN)
    before = everything(world.store)
    for moved in (day(-1), day(90)):
        err = owner.refused("hazard", "plan", world.hazard, "--deadline", moved,
                            "--responsible", "安全科", *PLAN)
        assert "request-extension" in err, err
        assert everything(world.store) == before
    # the plan itself is the enterprise's to write; the deadline stays the team's
    planned = owner.json("hazard", "plan", world.hazard, "--responsible", "设备部 李工", *PLAN)
    assert (planned["deadline"], planned["responsible"]) == (day(30), "设备部 李工")


def test_the_team_sets_and_moves_a_deadline(world: World,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    inspector, owner = Cli(capsys, world.url, INSPECTOR), Cli(capsys, world.url, OWNER)
    outsider = Cli(capsys, world.url, "组长丁")  # a lead, but not of this campaign
    before = everything(world.store)
    for who, args, why in (
            (owner, [day(30)], "request-extension"),
            (outsider, [day(30)], "campaign 1's team"),
            (inspector, [day(-1)], f"the deadline {day(-1)} has passed (today is {day(0)})"),
            (inspector, ["2020-01-01"], "is before the hazard was found"),
            (inspector, ["2026-02-30"], "DATE must be a date YYYY-MM-DD, not '2026-02-30'")):
        err = who.refused("hazard", "deadline", world.hazard, *args)
        assert why in err, err
        assert everything(world.store) == before
    assert inspector.json("hazard", "deadline", world.hazard, day(0))["deadline"] == day(0)
    moved = everything(world.store)
    for args, why in (([day(20)], "moving the deadline"),
                      ([day(0), "--reason", "x"], f"the deadline is {day(0)} already")):
        assert why in inspector.refused("hazard", "deadline", world.hazard, *args)
        assert everything(world.store) == moved
    inspector.ok("hazard", "deadline", world.hazard, day(20), "--reason", "整改工程量大")
    shown = inspector.ok("hazard", "show", world.hazard)
    assert f"deadline {day(20)}, 20 day(s) left" in shown, shown
    assert f"{day(0)} {INSPECTOR} set by the team: — → {day(0)}\n" in shown, shown
    assert (f"{day(0)} {INSPECTOR} set by the team: {day(0)} → {day(20)}; why: 整改工程量大"
            in shown), shown
    # a plan neither moves it nor needs it again
    assert "which a plan does not move" in inspector.refused(
        "hazard", "plan", world.hazard, "--deadline", day(40), "--responsible", "x", *PLAN)
    assert Cli(capsys, world.url, OWNER).json("hazard", "plan", world.hazard, "--deadline",
                                             day(20), "--responsible", "x",
                                             *PLAN)["deadline"] == day(20)


def test_an_extension_asked_for_granted_and_refused(world: World,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    lead, owner = Cli(capsys, world.url, LEAD), Cli(capsys, world.url, OWNER)
    inspector = Cli(capsys, world.url, INSPECTOR)
    ask = ("hazard", "request-extension", world.hazard)
    assert "no deadline yet" in owner.refused(*ask, "--until", day(40), "--reason", "设备")
    lead.ok("hazard", "deadline", world.hazard, day(10))
    owner.ok("hazard", "plan", world.hazard, "--responsible", "安全科", *PLAN)
    before = everything(world.store)
    for who, args, why in (
            (lead, ["--until", day(40), "--reason", "x"], "bound to enterprise"),
            (owner, ["--until", day(10), "--reason", "x"], "is not later than the deadline"),
            (owner, ["--until", day(40), "--reason", " "], "needs a reason")):
        assert why in who.refused(*ask, *args)
        assert everything(world.store) == before
    asked = owner.json(*ask, "--until", day(40), "--reason", "关键设备到货周期长")
    assert (asked["status"], asked["deadline"], asked["until"]) == ("pending", day(10), day(40))
    waiting = everything(world.store)
    assert "already awaits" in owner.refused(*ask, "--until", day(50), "--reason", "再延")
    for who, why in ((inspector, "as the lead of campaign 1's team"),
                     (Cli(capsys, world.url, "组长丁"), "as the lead of campaign 1's team"),
                     (owner, "as the lead of campaign 1's team")):
        assert why in who.refused("hazard", "grant-extension", world.hazard, "--note", "同意")
    assert "note is required" in lead.refused("hazard", "grant-extension", world.hazard,
                                              "--note", "")
    assert everything(world.store) == waiting
    assert f"the deadline is now {day(40)}" in lead.ok(
        "hazard", "grant-extension", world.hazard, "--note", "同意，逾期不再延")
    # asked again and refused: the deadline stays
    owner.ok(*ask, "--until", day(60), "--reason", "资金未到位")
    assert f"the deadline stays {day(40)}" in lead.ok(
        "hazard", "refuse-extension", world.hazard, "--note", "理由不充分")
    assert "no request for more time awaits" in lead.refused(
        "hazard", "refuse-extension", world.hazard, "--note", "x")
    shown = owner.json("hazard", "show", world.hazard)
    assert shown["deadline"] == day(40)
    assert [(c["kind"], c["old_deadline"], c["new_deadline"], c["changed_by"], c["reason"])
            for c in shown["deadlines"]] == [
        ("set", None, day(10), LEAD, ""),
        ("extension", day(10), day(40), LEAD, "关键设备到货周期长")]
    assert [(x["status"], x["until"], x["requested_by"], x["decided_by"], x["note"])
            for x in shown["extensions"]] == [
        ("granted", day(40), OWNER, LEAD, "同意，逾期不再延"),
        ("refused", day(60), OWNER, LEAD, "理由不充分")]
    zh = Cli(capsys, world.url, OWNER)
    code, out, _ = cli_zh(zh, "hazard", "show", world.hazard)
    assert code == 0
    assert (f"{day(0)} {LEAD} 批准延期：{day(10)} → {day(40)}，理由：关键设备到货周期长"
            in out), out
    assert (f"{day(0)} {OWNER} 申请将期限 {day(40)} 延至 {day(60)}，理由：资金未到位 — 已驳回"
            f"（{LEAD}，{day(0)}：理由不充分）") in out, out
    assert english_words(out) == []
    code, _, err = cli_zh(zh, "hazard", "deadline", world.hazard, day(50))
    assert code == 2 and "request-extension" in err and english_words(err) == [], err
    # the rest of the hazard's life goes on as before
    owner.ok("hazard", "submit", world.hazard, "--evidence", "已补考核")
    assert "takes no request for more time" in owner.refused(*ask, "--until", day(90),
                                                             "--reason", "x")
    lead.ok("hazard", "verify", world.hazard, "--reject", "--note", "不彻底")
    owner.ok("hazard", "submit", world.hazard, "--evidence", "已全部考核")
    assert lead.json("hazard", "verify", world.hazard, "--accept",
                     "--note", "合格")["status"] == "closed"
    assert "closed; its deadline no longer changes" in lead.refused(
        "hazard", "deadline", world.hazard, day(90), "--reason", "x")
    assert "audit log intact" in lead.ok("audit", "verify")
    with world.store.snapshot() as s:
        actions = [a for (a,) in s.connection().execute(text(
            "SELECT action FROM audit_log WHERE object_type = 'hazard' ORDER BY seq"))]
    assert actions == ["hazard.deadline", "hazard.plan", "hazard.extension.request",
                       "hazard.extension.grant", "hazard.extension.request",
                       "hazard.extension.refuse", "hazard.submit", "hazard.reject",
                       "hazard.submit", "hazard.accept"]


def cli_zh(cli: Cli, *args: str) -> tuple[int, str, str]:
    return cli_run(cli.url, cli.user, list(args), cli.capsys, lang="zh")


def _as(world: World, user: str, today: dt.date = TODAY) -> Context:
    return Context(world.store, default_catalogue(), user, today, "en")


def test_more_time_is_asked_for_only_before_the_deadline(world: World) -> None:
    hid = int(world.hazard)
    lead, owner = _as(world, LEAD), _as(world, OWNER)
    hazards.set_deadline(lead, hid, TODAY + dt.timedelta(days=5))
    last_day = _as(world, OWNER, TODAY + dt.timedelta(days=5))  # not overdue yet
    hazards.request_extension(last_day, hid, until=TODAY + dt.timedelta(days=9), reason="停工")
    hazards.decide_extension(lead, hid, grant=False, note="不同意")
    late = _as(world, OWNER, TODAY + dt.timedelta(days=6))
    before = everything(world.store)
    with pytest.raises(AnjianError, match="has passed: more time can only be asked for before"):
        hazards.request_extension(late, hid, until=TODAY + dt.timedelta(days=30), reason="停工")
    assert everything(world.store) == before
    # a request the lead leaves until the date asked for has passed can only be refused
    hazards.request_extension(owner, hid, until=TODAY + dt.timedelta(days=7), reason="停工")
    after = _as(world, LEAD, TODAY + dt.timedelta(days=8))
    waiting = everything(world.store)
    with pytest.raises(AnjianError, match="cannot be granted; refuse the request"):
        hazards.decide_extension(after, hid, grant=True, note="同意")
    assert everything(world.store) == waiting
    d = hazards.decide_extension(after, hid, grant=False, note="已过期")
    assert d.hazard.deadline == TODAY + dt.timedelta(days=5) and d.row.overdue
    assert [x.status for x in d.extensions] == ["refused", "refused"]


def test_a_view_from_before_a_request_is_stale(world: World) -> None:
    hid = int(world.hazard)
    lead, owner = _as(world, LEAD), _as(world, OWNER)
    seen = hazards.set_deadline(lead, hid, TODAY + dt.timedelta(days=5))
    hazards.request_extension(owner, hid, until=TODAY + dt.timedelta(days=9), reason="停工",
                              expected_version=seen.version)
    before = everything(world.store)
    with pytest.raises(AnjianError, match="was changed by someone else"):
        hazards.decide_extension(lead, hid, grant=True, note="同意",
                                 expected_version=seen.version)
    with pytest.raises(AnjianError, match="was changed by someone else"):
        hazards.set_deadline(lead, hid, TODAY + dt.timedelta(days=7), reason="提前",
                             expected_version=seen.version)
    assert everything(world.store) == before
    current = hazards.detail(lead, hid).hazard.version
    d = hazards.decide_extension(lead, hid, grant=True, note="同意", expected_version=current)
    assert d.hazard.deadline == TODAY + dt.timedelta(days=9)


def test_a_hazard_the_determination_drops_takes_its_deadline_history(world: World) -> None:
    """A hazard given a deadline goes when its finding is answered compliant with a reason
    (it is planned: without one the answer is refused); its deadline's history and requests
    go with it, and the audit log keeps all of it."""
    hid = int(world.hazard)
    lead, owner = _as(world, LEAD), _as(world, OWNER)
    insp = hazards.detail(lead, hid).hazard.inspection_id
    hazards.set_deadline(lead, hid, TODAY + dt.timedelta(days=5))
    hazards.request_extension(owner, hid, until=TODAY + dt.timedelta(days=9), reason="停工")
    with pytest.raises(AnjianError, match="needs a"):
        inspections.answer(_as(world, INSPECTOR), insp, "CHEM-2017-01", "compliant")
    inspections.answer(_as(world, INSPECTOR), insp, "CHEM-2017-01", "compliant",
                       reason="复核：考核合格证明已补交")
    tables = everything(world.store)
    assert tables["hazard"] == tables["hazard_deadline"] == tables["hazard_extension"] == []
    assert {"hazard.deadline", "hazard.extension.request"} <= {
        row[3] for row in tables["audit_log"]}


def test_deadlines_set_with_plans_before_the_upgrade_are_kept(world: World) -> None:
    """The migration that brings the deadline's history copies every deadline change the
    audit log's plan entries recorded before it (they were set with the treatment plan)."""
    import importlib
    from pathlib import Path

    from core.store import migrations
    from core.store.db import downgrade, make_engine, upgrade

    hid = int(world.hazard)
    hazards.plan(_as(world, LEAD), hid, deadline=TODAY + dt.timedelta(days=5), responsible="甲",
                 **{k: "x" for k in PLAN_FIELDS})
    (path,) = Path(migrations.__file__).parent.glob("versions/*_hazard_deadlines.py")
    revision = importlib.import_module(f"core.store.migrations.versions.{path.stem}")
    world.store.close()
    engine = make_engine(world.url)
    downgrade(engine, revision.down_revision)
    moved = TODAY + dt.timedelta(days=50)
    with engine.begin() as conn:  # an enterprise moved it with a plan, as anjian let it then
        conn.execute(text("UPDATE hazard SET deadline = :d WHERE id = :id"),
                     {"d": moved, "id": hid})
        conn.execute(text(
            "INSERT INTO audit_log (seq, at, actor, action, object_type, object_id, before, "
            "after, prev_hash, hash) SELECT max(seq) + 1, :at, :actor, 'hazard.plan', "
            "'hazard', :id, :before, :after, '', '' FROM audit_log"),
            {"at": dt.datetime(2026, 1, 5, 23, 30, tzinfo=dt.UTC), "actor": OWNER,
             "id": str(hid), "before": json.dumps({"deadline": str(TODAY + dt.timedelta(5))}),
             "after": json.dumps({"deadline": str(moved)})})
    upgrade(engine)  # as the database's owner does (a client would refuse PostgreSQL's)
    engine.dispose()
    world.store = open_store(world.url)
    d = hazards.detail(_as(world, LEAD), hid)
    assert [(c.kind, c.old_deadline, c.new_deadline, c.changed_by) for c in d.deadlines] == [
        ("plan", None, TODAY + dt.timedelta(days=5), LEAD),
        ("plan", TODAY + dt.timedelta(days=5), moved, OWNER)]
    assert d.deadlines[1].changed_on == dt.date(2026, 1, 5)
    assert d.deadlines[1].changed_at == dt.datetime(2026, 1, 5, 23, 30, tzinfo=dt.UTC)
