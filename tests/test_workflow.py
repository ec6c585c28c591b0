"""The audit-style process end to end through the command line, each guard refusing, the
hazard lifecycle, derived overdue and colours, statistics, and the audit log's tamper check."""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Any

import pytest
from sqlalchemy import text
from sqlmodel import col, select

from core.i18n import AnjianError
from core.services import audit_check, campaigns, hazards, inspections, roster, statistics
from core.services.context import Context
from core.services.packs import default_catalogue
from core.store.db import Store, open_store
from core.store.tables import AuditEntry, Campaign

from .workflow_helpers import (
    Cli,
    enterprise,
    major_hazard_setup,
    new_code,
    onsite_campaign,
    register,
)

TODAY = dt.date(2026, 3, 2)
PLAN = ["--goal", "消除隐患", "--method", "更换设备", "--funding", "企业自筹",
        "--organisation", "安全部", "--timeline", "30日内", "--safety", "停用并设置警戒"]


@pytest.fixture
def store(db_url: str) -> Any:
    s = open_store(db_url)
    yield s
    s.close()


@pytest.fixture
def ctx(store: Store) -> Context:
    return Context(store, default_catalogue(), "组长甲", TODAY)


def test_whole_campaign_through_the_command_line(capsys: pytest.CaptureFixture[str],
                                                 tmp_path: Any) -> None:
    cli = Cli(capsys, f"sqlite:///{tmp_path / 'walk.db'}")
    target, other = new_code(), new_code()
    cli.ok("enterprises", "add", "--uscc", target, "--name", "济南鲁华化工有限公司",
           "--sector", "chemicals", "--district", "历城区")
    cli.ok("enterprises", "add", "--uscc", other, "--name", "济南泉城化工有限公司",
           "--sector", "chemicals", "--district", "章丘区")
    assert "check character" in cli.refused("enterprises", "add", "--uscc", target[:-1] + (
        "0" if target[-1] != "0" else "1"), "--name", "x", "--sector", "chemicals",
        "--district", "x")
    for name in ("检查员乙", "检查员丙"):  # a team is made of registered people
        cli.ok("users", "add", name, "--role", "inspector")
    cid = int(cli.ok("campaign", "new", "--sector", "chemicals", "--pack", "chem-2017",
                     "--target", target, "--lead", "组长甲", "--member", "检查员乙").strip())

    # team formation: one inspector is not enough
    assert "at least 2 inspectors (has 1)" in cli.refused("campaign", "advance", str(cid))
    assert cli.json("campaign", "show", str(cid))["stage"] == "team_formation"
    cli.ok("campaign", "team", str(cid), "--member", "检查员丙")
    assert cli.json("campaign", "advance", str(cid))["stage"] == "onsite"

    # on-site: cannot end with items unanswered
    assert "no on-site inspection" in cli.refused("campaign", "advance", str(cid))
    assert "self inspection cannot start now" in cli.refused(
        "inspect", "start", "--campaign", str(cid), "--enterprise", other, "--kind", "self")
    iid = cli.ok("inspect", "start", "--campaign", str(cid), "--enterprise", target).strip()
    assert "20 applicable item(s) unanswered" in cli.refused("campaign", "advance", str(cid))
    for n in range(1, 20):
        status = "noncompliant" if n == 5 else "compliant"
        cli.ok("inspect", "answer", iid, f"CHEM-2017-{n:02d}", status)
    assert "1 applicable item(s) unanswered" in cli.refused("campaign", "advance", str(cid))
    cli.ok("inspect", "skip", iid, "CHEM-2017-20", "--reason", "现场无法进入罐区，下次复查")
    shown = cli.json("inspect", "show", iid)
    assert shown["verdict"] == "major"
    assert [h["item_id"] for h in shown["hazards"]] == ["CHEM-2017-05"]
    assert cli.json("campaign", "advance", str(cid))["stage"] == "feedback"

    # feedback & training
    assert "no training session recorded" in cli.refused("campaign", "advance", str(cid))
    cli.ok("campaign", "training", str(cid), "--date", dt.date.today().isoformat(),
           "--attendee", target, "--attendee", other)
    assert cli.json("campaign", "advance", str(cid))["stage"] == "self_rectification"

    # self-inspection by another enterprise of the sector feeds the same ledger
    sid = cli.ok("inspect", "start", "--campaign", str(cid), "--enterprise", other,
                 "--kind", "self").strip()
    cli.ok("inspect", "answer", sid, "CHEM-2017-12", "noncompliant", "--note", "未设置报警")
    ledger = cli.json("hazards", "--campaign", str(cid))
    assert sorted(h["item_id"] for h in ledger) == ["CHEM-2017-05", "CHEM-2017-12"]
    assert cli.json("campaign", "advance", str(cid))["stage"] == "followup"

    # follow-up: cannot close while a major hazard is not verified
    assert "2 major hazard(s) not yet verified" in cli.refused("campaign", "advance", str(cid))
    due = (dt.date.today() + dt.timedelta(days=30)).isoformat()  # the command line's today
    for h in ledger:
        hid = str(h["id"])
        assert "treatment plan lacks" in cli.refused(
            "hazard", "plan", hid, "--deadline", due, "--responsible", "安全部 王")
        assert cli.json("hazard", "plan", hid, "--deadline", due, "--responsible",
                        "安全部 王", *PLAN)["status"] == "rectifying"
        assert "cannot be accepted" in cli.refused("hazard", "verify", hid, "--accept",
                                                   "--note", "x")
        cli.ok("hazard", "submit", hid, "--evidence", "整改照片")
        assert cli.json("hazard", "verify", hid, "--reject", "--note", "不彻底")["status"] \
            == "rectifying"
        cli.ok("hazard", "submit", hid, "--evidence", "再次整改照片")
        assert cli.json("hazard", "verify", hid, "--accept", "--note", "合格")["status"] \
            == "closed"
    # and it closes once the typical enterprise has had its follow-up inspection
    assert "no follow-up inspection" in cli.refused("campaign", "advance", str(cid))
    fid = cli.ok("inspect", "start", "--campaign", str(cid), "--enterprise", target,
                 "--kind", "followup").strip()
    cli.ok("inspect", "answer", fid, "CHEM-2017-05", "compliant")
    assert cli.json("campaign", "advance", str(cid))["stage"] == "closed"
    assert "closed" in cli.refused("campaign", "advance", str(cid))
    assert "audit log intact" in cli.ok("audit", "verify")
    listed = cli.json("enterprises", "list")
    assert {e["uscc"]: e["colour"] for e in listed} == {target: "green", other: "green"}


def test_refused_advance_changes_nothing(ctx: Context, store: Store) -> None:
    target = enterprise(ctx)
    register(ctx, "检查员乙")
    c = campaigns.new_campaign(ctx, sector="chemicals", packs=["chem-2017"], target=target,
                               lead="组长甲", members=["检查员乙"])
    assert c.id is not None
    with store.session() as s:
        before = s.get(Campaign, c.id)
        entries = len(s.exec(text("SELECT seq FROM audit_log")).all())  # type: ignore[call-overload]
    with pytest.raises(AnjianError) as info:
        campaigns.advance(ctx, c.id)
    assert info.value.key == "campaign.refused"
    with store.session() as s:
        after = s.get(Campaign, c.id)
        assert after is not None and before is not None
        assert (after.stage, after.version) == (before.stage, before.version)
        assert len(s.exec(text("SELECT seq FROM audit_log")).all()) == entries  # type: ignore[call-overload]


def test_refusals_name_stages_and_records_in_chinese(ctx: Context) -> None:
    """Chinese is the default: a stage reads as its name and a record as its kind, never as
    the ids the database keeps."""
    target = enterprise(ctx)
    register(ctx, "检查员乙")
    c = campaigns.new_campaign(ctx, sector="chemicals", packs=["chem-2017"], target=target,
                               lead="组长甲", members=["检查员乙"])
    assert c.id is not None
    with pytest.raises(AnjianError) as info:
        campaigns.advance(ctx, c.id)
    assert info.value.render("zh").startswith(f"检查行动 {c.id} 不能从“组建团队”进入下一阶段: ")
    assert f"campaign {c.id} cannot leave stage team_formation: " in info.value.render("en")
    with pytest.raises(AnjianError) as info:
        inspections.start_inspection(ctx, campaign_id=c.id, enterprise=target, kind="self")
    assert "检查行动处于“组建团队”阶段，不能开始自查检查" in info.value.render("zh")
    with pytest.raises(AnjianError) as info:
        campaigns.advance(ctx, 999_999)
    assert info.value.render("zh") == "没有检查行动 999999"
    assert info.value.render("en") == "no campaign 999999"


def test_guards_on_inspections_and_training(ctx: Context) -> None:
    cid, target = onsite_campaign(ctx)
    food = enterprise(ctx, sector="food", name="济南泉香食品有限公司")
    with pytest.raises(AnjianError, match="typical enterprise"):
        inspections.start_inspection(ctx, campaign_id=cid, enterprise=food)
    with pytest.raises(AnjianError, match="no tag"):
        inspections.start_inspection(ctx, campaign_id=cid, enterprise=target, tags=["coal"])
    insp = inspections.start_inspection(ctx, campaign_id=cid, enterprise=target)
    assert insp.id is not None
    with pytest.raises(AnjianError, match="not compliant, noncompliant"):
        inspections.answer(ctx, insp.id, "CHEM-2017-01", "maybe")
    with pytest.raises(AnjianError, match="not in pack"):
        inspections.answer(ctx, insp.id, "FIRE-2017-D-6.1", "compliant")
    with pytest.raises(AnjianError, match="reason is required"):
        inspections.skip(ctx, insp.id, "CHEM-2017-01", reason=" ")
    with pytest.raises(AnjianError, match="no campaign 999"):
        campaigns.record_training(ctx, 999, held_on=TODAY, attendees=[target])
    with pytest.raises(AnjianError, match="training is recorded"):
        _training_too_early(ctx, target)


def _training_too_early(ctx: Context, target: str) -> None:
    register(ctx, "组长丁", role="lead")
    register(ctx, "a", "b")
    c = campaigns.new_campaign(ctx, sector="chemicals", packs=["chem-2017"], target=target,
                               lead="组长丁", members=["a", "b"])
    assert c.id is not None
    campaigns.record_training(ctx, c.id, held_on=TODAY, attendees=[target])


def test_self_inspection_only_for_the_campaign_sector(ctx: Context) -> None:
    cid, target = onsite_campaign(ctx, ["it-2023-ammonia"], sector="food")
    insp = inspections.start_inspection(ctx, campaign_id=cid, enterprise=target)
    assert insp.id is not None
    for item in ("IT-2023-A12-01", "IT-2023-A12-02"):
        inspections.answer(ctx, insp.id, item, "compliant")
    campaigns.advance(ctx, cid)
    campaigns.record_training(ctx, cid, held_on=TODAY, attendees=[target])
    campaigns.advance(ctx, cid)
    chem = enterprise(ctx, sector="chemicals")
    with pytest.raises(AnjianError, match="not the campaign's food"):
        inspections.start_inspection(ctx, campaign_id=cid, enterprise=chem, kind="self")
    peer = enterprise(ctx, sector="food", name="济南佳宝食品有限公司")
    assert inspections.start_inspection(ctx, campaign_id=cid, enterprise=peer,
                                        kind="self").kind == "self"


def test_hazards_follow_the_live_determination(ctx: Context) -> None:
    """Fire 5.3.2 a): two crowded-place elements are general hazards; the third makes all
    three major; answering one compliant again drops its hazard and the others back."""
    cid, target = onsite_campaign(ctx, ["gb35181-2017"], sector="fire")
    # GB 35181-2017 was withdrawn on 2025-11-01, before TODAY: the start is confirmed
    insp = inspections.start_inspection(ctx, campaign_id=cid, enterprise=target,
                                        categories=["people_dense"], withdrawn_ok=True)
    assert insp.id is not None
    for item in ("FIRE-2017-C-7.3.1", "FIRE-2017-C-7.3.2"):
        inspections.answer(ctx, insp.id, item, "noncompliant")
    assert {r.hazard.item_id: r.hazard.level for r in hazards.ledger(ctx, campaign=cid)} == {
        "FIRE-2017-C-7.3.1": "general", "FIRE-2017-C-7.3.2": "general"}
    a = inspections.answer(ctx, insp.id, "FIRE-2017-C-7.5", "noncompliant")
    assert a.verdict == "major"
    rows = hazards.ledger(ctx, campaign=cid)
    assert {r.hazard.level for r in rows} == {"major"}
    assert all(r.hazard.clause.startswith("5.3.2 a) / 7.") for r in rows)
    assert all(r.hazard.listed_supervision for r in rows)
    inspections.answer(ctx, insp.id, "FIRE-2017-C-7.5", "compliant")
    assert {r.hazard.item_id: r.hazard.level for r in hazards.ledger(ctx, campaign=cid)} == {
        "FIRE-2017-C-7.3.1": "general", "FIRE-2017-C-7.3.2": "general"}
    corrected = inspections.answer(ctx, insp.id, "FIRE-2017-D-6.4", "noncompliant",
                                   corrected_on_site=True)
    assert corrected.verdict != "major"
    h = next(r.hazard for r in hazards.ledger(ctx, campaign=cid)
             if r.hazard.item_id == "FIRE-2017-D-6.4")
    assert (h.status, h.note) == ("closed", "corrected on site")


def test_overdue_and_colours_are_derived_from_today(ctx: Context) -> None:
    cid, target = onsite_campaign(ctx, ["gb35181-2017"], sector="fire")
    insp = inspections.start_inspection(ctx, campaign_id=cid, enterprise=target,
                                        categories=["other"], withdrawn_ok=True)
    assert insp.id is not None
    inspections.answer(ctx, insp.id, "FIRE-2017-C-7.1.1", "noncompliant")
    (row,) = hazards.ledger(ctx, campaign=cid)
    assert row.hazard.level == "general" and row.hazard.id is not None
    assert roster.enterprises(ctx)[0].colour.value == "blue"
    hazards.plan(ctx, row.hazard.id, deadline=TODAY + dt.timedelta(days=3), responsible="王")
    assert hazards.ledger(ctx, overdue=True) == []
    later = Context(ctx.store, ctx.catalogue, ctx.actor, TODAY + dt.timedelta(days=10))
    (late,) = hazards.ledger(later, overdue=True)
    assert (late.overdue, late.days_left) == (True, -7)
    assert roster.enterprises(later, colour="yellow")[0].enterprise.uscc == target
    assert statistics.stats(later).overdue == 1
    inspections.answer(ctx, insp.id, "FIRE-2017-D-6.1", "noncompliant")
    assert roster.enterprises(later)[0].colour.value == "red"
    with pytest.raises(AnjianError, match="unknown colour"):
        roster.enterprises(ctx, colour="purple")


def test_statistics(ctx: Context) -> None:
    cid, target = onsite_campaign(ctx)
    insp = inspections.start_inspection(ctx, campaign_id=cid, enterprise=target)
    assert insp.id is not None
    inspections.answer(ctx, insp.id, "CHEM-2017-03", "noncompliant")
    inspections.answer(ctx, insp.id, "CHEM-2017-04", "noncompliant")
    data = statistics.stats(ctx).model_dump(mode="json")
    # two major hazards, one determination (the pack's verdict for this inspection)
    assert data["major_per_1000"]["sector"] == [
        {"group": "chemicals", "inspections": 1, "major": 1, "per_1000": 1000.0}]
    assert data["overall"] == {"group": "", "inspections": 1, "major": 1, "per_1000": 1000.0}
    assert data["major_per_1000"]["period"][0]["group"] == "2026-03"
    assert {(r["level"], r["status"]): r["count"] for r in data["hazards"]} == {
        ("major", "open"): 2}
    assert data["colours"]["red"] == 1


def test_tampering_with_the_audit_log_is_named(ctx: Context, store: Store,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    onsite_campaign(ctx)
    count, broken = audit_check.chain_check(ctx)
    # first user, enterprise, the two inspectors, campaign, advance
    assert count == 6 and broken is None
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE audit_log SET actor = '篡改者' WHERE seq = 2"))
    _, broken = audit_check.chain_check(ctx)
    assert broken is not None and broken.seq == 2 and "altered" in broken.reason
    cli = Cli(capsys, store.url)
    code, _, err = cli("audit", "verify")
    assert code == 1
    assert "entry 2" in err
    with store.engine.begin() as conn:
        conn.execute(text("UPDATE audit_log SET actor = '组长甲' WHERE seq = 2"))
    assert audit_check.chain_check(ctx)[1] is None
    with store.session() as s:
        last = max(e.seq for e in s.exec(text("SELECT seq FROM audit_log")).all())  # type: ignore[call-overload]
    with store.engine.begin() as conn:
        conn.execute(text("DELETE FROM audit_log WHERE seq = :seq"), {"seq": last})
    _, broken = audit_check.chain_check(ctx)
    assert broken is not None and "removed" in broken.reason



def test_demo_has_every_stage_and_hazard_state(tmp_path: Any,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    from core.services import users
    from core.services.demo import ADMIN, INSPECTORS, seed_demo

    url = seed_demo(url=f"sqlite:///{tmp_path / 'demo.db'}", today=TODAY)
    store = open_store(url)
    try:
        ctx = Context(store, default_catalogue(), ADMIN, TODAY)
        people = {u.name: u for u in users.list_users(ctx)}
        assert people[ADMIN].admin and sum(u.admin for u in people.values()) == 1
        assert {people[n].role for n in INSPECTORS} == {"inspector"}
        assert {u.role for u in people.values()} == {"lead", "inspector", "enterprise",
                                                      "analyst"}
        # every step was taken by the person whose role it is, not by the administrator
        with store.session() as s:
            acted = dict(s.exec(text(  # type: ignore[call-overload]
                "SELECT action, MIN(actor) FROM audit_log WHERE actor <> :admin "
                "GROUP BY action"), params={"admin": ADMIN}).all())
        assert {"campaign.advance", "inspection.answer", "hazard.submit", "hazard.accept",
                "inspection.decide"} <= set(acted)
        stages = {c.stage for c in campaigns.list_campaigns(ctx)}
        assert stages == {"team_formation", "onsite", "feedback", "self_rectification",
                          "followup", "closed"}
        rows = hazards.ledger(ctx)
        assert {r.hazard.status for r in rows} >= {"open", "rectifying", "submitted", "closed"}
        assert {r.hazard.level for r in rows} == {"general", "major"}
        assert any(r.overdue for r in rows)
        assert len(roster.enterprises(ctx)) >= 24
        # the bureau's documents: every walked on-site inspection has its record, orders were
        # delivered with a receipt, a follow-up reviewed them, one review is overdue
        from core.services import bureau, documents

        assert bureau.get_bureau(ctx) is not None
        assert {o.name for o in bureau.certs(ctx)} >= set(INSPECTORS)
        issued = documents.documents(ctx)
        assert {d.kind for d in issued} == {"检记", "责改", "回", "复查"}
        orders = [d for d in issued if d.kind == "责改"]
        assert orders and all(d.delivery is not None for d in orders)
        assert [r.state for r in documents.reviews_due(ctx)] == ["overdue"]
        assert audit_check.chain_check(ctx)[1] is None
        # its fire inspections dated from 2025-11-01 stand under GB 35181-2017, withdrawn
        # then: their starts confirmed, their determinations marked
        with store.session() as s:
            starts = s.exec(select(AuditEntry).where(
                AuditEntry.action == "inspection.start")).all()
        withdrawn = 0
        for e in starts:
            view = inspections.inspection_view(ctx, int(e.object_id))
            fire = {d.pack: d.standing for d in view.determinations}.get("gb35181-2017")
            late = fire is not None and view.inspection.inspected_on >= dt.date(2025, 11, 1)
            assert ("withdrawn_confirmed" in e.after) is late
            assert (fire == "withdrawn") is late
            withdrawn += late
        assert withdrawn
    finally:
        store.close()
    assert seed_demo(url=url, today=TODAY) == url  # a second run opens it as it is
    cli = Cli(capsys, url)
    assert "demo database" in cli.ok("demo", "--no-tui")


def test_a_plugin_can_replace_the_colour_policy(ctx: Context,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from core.plugins.catalogue import build_catalogue
    from core.plugins.hookspecs import hookimpl
    from core.process.colour import Colour

    class StrictPolicy:
        @hookimpl
        def register_colour_policies(self, register: Any) -> None:
            register.colour_policy("strict", lambda facts, today: (
                Colour.red if facts else Colour.green))

    cid, target = onsite_campaign(ctx, ["gb35181-2017"], sector="fire")
    insp = inspections.start_inspection(ctx, campaign_id=cid, enterprise=target,
                                        categories=["other"], withdrawn_ok=True)
    assert insp.id is not None
    inspections.answer(ctx, insp.id, "FIRE-2017-C-7.1.1", "noncompliant")
    assert roster.enterprises(ctx)[0].colour.value == "blue"
    strict = Context(ctx.store, build_catalogue(objects={"strict": StrictPolicy()}), ctx.actor,
                     ctx.today)
    assert set(strict.catalogue.colour_policies) == {"default", "strict"}
    assert roster.enterprises(strict)[0].colour.value == "blue"  # not chosen yet
    monkeypatch.setenv("ANJIAN_COLOUR_POLICY", "strict")
    assert roster.enterprises(strict)[0].colour.value == "red"
    assert statistics.stats(strict).colours["red"] == 1


def _ledger(store: Store, seed: int = 11) -> None:
    """A few dozen enterprises with inspections and hazards of every level and state, written
    directly: sectors and districts whose order differs by case, script and width."""
    import random

    from sqlalchemy import insert

    from core.store.tables import Enterprise, Hazard, Inspection, utcnow

    rng = random.Random(seed)
    sectors = ["fire", "Fire", "chemicals", "_other", "化工", "ｆｉｒｅ"]
    districts = ["历下区", "市中区", "Licheng", "章丘区", "zone 9"]
    codes = [new_code() for _ in range(40)]
    with store.engine.begin() as conn:
        conn.execute(insert(Enterprise.__table__), [dict(  # type: ignore[attr-defined]
            uscc=u, name=f"单位{n}", district=rng.choice(districts), sector=rng.choice(sectors),
            address="", contact="", created_at=utcnow(), version=1)
            for n, u in enumerate(codes[:36])])  # four registered with no inspection at all
        conn.execute(insert(Inspection.__table__), [dict(  # type: ignore[attr-defined]
            enterprise_uscc=rng.choice(codes[:34]), kind=rng.choice(["onsite", "followup",
                                                                     "self"]),
            started_at=utcnow(), started_by="x",
            inspected_on=TODAY - dt.timedelta(days=rng.randrange(400)),
            categories=[], tags=[], exclusions=[], determination={},
            answered_items=rng.choice([0, 1, 20]), major_determinations=rng.choice([0, 0, 1, 2]),
            version=1)
            for _ in range(70)])
        owners = dict(conn.execute(text("SELECT id, enterprise_uscc FROM inspection")).all())
        rows = []
        for n in range(300):
            iid = rng.choice(list(owners))
            deadline = rng.choice([None, TODAY, TODAY - dt.timedelta(days=1),
                                   TODAY + dt.timedelta(days=1),
                                   TODAY - dt.timedelta(days=rng.randrange(90))])
            rows.append(dict(inspection_id=iid, enterprise_uscc=owners[iid], pack_id="p",
                             item_id=f"I{n}", clause="c", rule_id="",
                             level=rng.choice(["general"] * 5 + ["major"]),
                             status=rng.choice(["open", "rectifying", "submitted", "closed",
                                                "closed"]),
                             found_on=TODAY, deadline=deadline, responsible="",
                             listed_supervision=False, plan_goal="", plan_method="",
                             plan_funding="", plan_organisation="", plan_timeline="",
                             plan_safety="", verified_by="", verified_on=None, note="",
                             version=1))
        conn.execute(insert(Hazard.__table__), rows)  # type: ignore[attr-defined]


def test_statistics_counted_in_the_database_agree_with_the_definitions(ctx: Context,
                                                                       store: Store) -> None:
    """The default colours counted in SQL equal the policy applied enterprise by enterprise;
    the rates equal one grouped query per dimension and figure, in the database's order."""
    import dataclasses
    from types import MappingProxyType

    from core.process.colour import colour_of, default_policy

    _ledger(store)
    data = statistics.stats(ctx)
    assert data.enterprises == 36
    # a policy that is not the default object takes the general path: facts in Python
    same = dataclasses.replace(ctx.catalogue, colour_policies=MappingProxyType(
        {"default": lambda facts, today: default_policy(facts, today)}))
    general = statistics.stats(Context(ctx.store, same, ctx.actor, ctx.today))
    assert general == data
    with store.engine.connect() as conn:
        facts: dict[str, list[Any]] = {}
        for f in conn.execute(text("SELECT enterprise_uscc, level, status, deadline FROM hazard "
                                   "WHERE status <> 'closed'")):
            facts.setdefault(f[0], []).append(f)
        usccs = [u for (u,) in conn.execute(text("SELECT uscc FROM enterprise"))]
        expected: dict[str, int] = {"green": 0, "blue": 0, "yellow": 0, "red": 0}
        for u in usccs:
            # text() leaves SQLite's dates as text: make them dates, as the policy expects
            dated = [(e, lv, st, dt.date.fromisoformat(d) if isinstance(d, str) else d)
                     for e, lv, st, d in facts.get(u, [])]
            expected[colour_of(dated, TODAY).value] += 1
        assert data.colours == expected
        assert all(expected.values())  # every colour is seen
        period = ("substr(CAST(i.inspected_on AS VARCHAR), 1, 7)")
        for (by, key), (figure, kinds) in itertools.product(
                (("sector", "e.sector"), ("district", "e.district"), ("period", period)),
                ((data.major_per_1000, "'onsite', 'followup'"), (data.self_per_1000, "'self'"))):
            rows = conn.execute(text(
                f"SELECT {key}, count(i.id), coalesce(sum(i.major_determinations), 0) "
                "FROM inspection i JOIN enterprise e ON e.uscc = i.enterprise_uscc "
                f"WHERE i.answered_items > 0 AND i.kind IN ({kinds}) "
                f"GROUP BY {key} ORDER BY {key}")).all()
            assert [(r.group, r.inspections, r.major)
                    for r in figure[by]] == [(g, n, int(m)) for g, n, m in rows]
            assert all(type(r.major) is int for r in figure[by])
        (overdue,) = conn.execute(text(
            "SELECT count(*) FROM hazard WHERE status <> 'closed' AND deadline < :today"),
            {"today": TODAY}).one()
        assert data.overdue == overdue


def test_the_audit_chain_covers_what_follows_an_answer(ctx: Context, store: Store) -> None:
    """An answer's entry names the hazards it created, changed or removed, and a plan's entry
    what the plan overwrote: no state change outside the hash chain."""
    hid = major_hazard_setup(ctx)
    with store.session() as s:
        last = s.exec(select(AuditEntry).order_by(col(AuditEntry.seq).desc())).first()
    assert last is not None and last.action == "inspection.answer" and last.after is not None
    assert last.after["hazards"] == [{"hazard": "added", "item": "CHEM-2017-01",
                                      "level": "major", "rule": "CHEM-2017-R",
                                      "status": "open"}]
    assert last.after["verdict"] == "major" and last.after["pack"] == "chem-2017"
    hazards.plan(ctx, hid, deadline=TODAY + dt.timedelta(days=30), responsible="安全科",
                 plan_goal="g", plan_method="m", plan_funding="f", plan_organisation="o",
                 plan_timeline="t", plan_safety="s")
    insp = hazards.ledger(ctx)[0].hazard.inspection_id
    with pytest.raises(AnjianError, match="needs a reason"):  # a planned hazard stays …
        inspections.answer(ctx, insp, "CHEM-2017-01", "compliant")
    inspections.answer(ctx, insp, "CHEM-2017-01", "compliant", reason="复核：判定有误")
    inspections.answer(ctx, insp, "CHEM-2017-02", "noncompliant")
    inspections.answer(ctx, insp, "CHEM-2017-02", "compliant")  # an open one goes
    with store.session() as s:
        entries = s.exec(select(AuditEntry).order_by(col(AuditEntry.seq))).all()
    planned = next(e for e in entries if e.action == "hazard.plan")
    assert planned.before is not None and planned.before["plan_goal"] == ""
    assert entries[-1].after is not None
    withdrawn = next(e for e in entries if e.after and e.after.get("why") == "复核：判定有误")
    assert withdrawn.after is not None and withdrawn.after["hazards"][0]["record"]["hazard"][
        "plan_goal"] == "g"  # … unless a reason is given: the entry keeps what went
    assert entries[-1].after is not None
    assert [{k: v for k, v in c.items() if k != "id"} for c in entries[-1].after["hazards"]
            ] == [{"hazard": "removed", "item": "CHEM-2017-02", "status": "open"}]
    assert audit_check.chain_check(ctx)[1] is None
