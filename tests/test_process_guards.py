"""The process a city runs and the dates it keeps, through the command line (issue 16, defects
9 and 13): no training, inspection or collective decision dated in the future or before the
step it belongs to; a step past its deadline shows as 逾期 with its days; before the follow-up
every enterprise of the sector has a self-inspection or a recorded reason; a campaign closes
only after a follow-up inspection of its typical enterprise; teams and collective decisions
are made of registered people in the right role, an outside expert among them. Every refusal
exits 2 and leaves the database as it was."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import event, text

from core.i18n import AnjianError
from core.services import campaigns, inspections, users
from core.services.context import Context
from core.services.demo import make_uscc
from core.services.packs import default_catalogue
from core.store.db import open_store
from core.store.tables import Enterprise
from tests.db_state import snapshot
from tests.workflow_helpers import answer_all, cli_run, enterprise

#: The command line's today is the machine's.
TODAY = dt.date.today()
LEAD, INSPECTORS = "组长甲", ("检查员乙", "检查员丙")
FIRE = "gb35181-2017"


@pytest.fixture
def url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'guards.db'}"


@pytest.fixture
def ctx(url: str) -> Iterator[Context]:
    """The lead's services on ``url`` (the lead's first change makes them administrator),
    with two registered inspectors."""
    c = Context(open_store(url), default_catalogue(), LEAD, TODAY, "en")
    for name in INSPECTORS:
        users.add_user(c, name, role="inspector")
    yield c
    c.store.close()


def run(url: str, args: list[str], capsys: pytest.CaptureFixture[str], *,
        user: str = LEAD, lang: str = "zh") -> tuple[int, str]:
    code, out, err = cli_run(url, user, args, capsys, lang=lang)
    assert "Traceback" not in err
    return code, out + err


def refused(url: str, args: list[str], capsys: pytest.CaptureFixture[str], *,
            user: str = LEAD, lang: str = "zh") -> str:
    """The command is refused with exit 2 and nothing stored changes."""
    before = snapshot(url)
    code, out = run(url, args, capsys, user=user, lang=lang)
    assert code == 2, out
    assert snapshot(url) == before
    return out


def walk(ctx: Context, stage: str, *, peers: int = 0, sector: str = "chemicals",
         start: dt.date | None = None) -> tuple[int, str, list[str]]:
    """A chemicals campaign walked to ``stage`` by its lead, beginning ``start`` (default three
    days ago) and a day a step: the on-site inspection all compliant, the training held, each
    peer's self-inspection answered. Returns (campaign, typical enterprise, peers)."""
    ctx.today = start or TODAY - dt.timedelta(days=3)
    target = enterprise(ctx, sector, "济南鲁华化工有限公司")
    others = [enterprise(ctx, sector, f"济南同行{n}化工有限公司") for n in range(peers)]
    c = campaigns.new_campaign(ctx, sector=sector, packs=["chem-2017"], target=target,
                               lead=LEAD, members=list(INSPECTORS))
    cid = c.id
    assert cid is not None
    order = ["team_formation", "onsite", "feedback", "self_rectification", "followup"]
    try:
        if stage == "team_formation":
            return cid, target, others
        campaigns.advance(ctx, cid)
        if stage == "onsite":
            return cid, target, others
        insp = inspections.start_inspection(ctx, campaign_id=cid, enterprise=target)
        assert insp.id is not None
        answer_all(ctx, insp.id)
        campaigns.advance(ctx, cid)
        if stage == "feedback":
            return cid, target, others
        ctx.today += dt.timedelta(days=1)
        campaigns.record_training(ctx, cid, held_on=ctx.today, attendees=[target, *others])
        campaigns.advance(ctx, cid)
        if stage == "self_rectification":
            return cid, target, others
        assert order.index(stage) > order.index("self_rectification")
        for peer in others:
            own = _own(ctx, peer)
            s = inspections.start_inspection(own, campaign_id=cid, enterprise=peer,
                                             kind="self")
            assert s.id is not None
            inspections.answer(own, s.id, "CHEM-2017-01", "compliant")
        ctx.today += dt.timedelta(days=1)
        campaigns.advance(ctx, cid)
        return cid, target, others
    finally:
        ctx.today = TODAY


def _own(ctx: Context, uscc: str) -> Context:
    """The enterprise's own safety manager (registered on first use)."""
    name = f"安全员{uscc[-6:]}"
    if users.whoami(Context(ctx.store, ctx.catalogue, name, ctx.today)) is None:
        users.add_user(ctx, name, role="enterprise", enterprise=uscc)
    return Context(ctx.store, ctx.catalogue, name, ctx.today, ctx.lang)


# --- defect 9: dates ------------------------------------------------------------------------


def test_a_training_dated_in_the_future_is_refused(
        ctx: Context, url: str, capsys: pytest.CaptureFixture[str]) -> None:
    cid, target, _ = walk(ctx, "feedback")
    next_june = dt.date(TODAY.year + 1, 6, 1).isoformat()
    out = refused(url, ["campaign", "training", str(cid), "--date", next_june,
                        "--attendee", target], capsys)
    assert next_june in out and "晚于今天" in out, out
    # nor one held before the on-site inspection it gives feedback on
    before = (TODAY - dt.timedelta(days=4)).isoformat()
    out = refused(url, ["campaign", "training", str(cid), "--date", before,
                        "--attendee", target], capsys)
    assert "早于" in out and "现场检查" in out, out
    assert run(url, ["campaign", "training", str(cid), "--date", TODAY.isoformat(),
                     "--attendee", target], capsys)[0] == 0


def test_a_future_training_already_stored_does_not_move_the_campaign(
        ctx: Context, url: str, capsys: pytest.CaptureFixture[str]) -> None:
    """A session dated next June that an older version stored does not count as held."""
    cid, target, _ = walk(ctx, "feedback")
    with ctx.store.session() as s:
        s.execute(text("INSERT INTO training_session (campaign_id, held_on, note, attendees) "
                       "VALUES (:c, :d, '', :a)"),
                  {"c": cid, "d": dt.date(TODAY.year + 1, 6, 1), "a": f'["{target}"]'})
    out = refused(url, ["campaign", "advance", str(cid)], capsys)
    assert "晚于今天" in out, out


def test_inspection_and_decision_dates_are_checked(
        ctx: Context, url: str, capsys: pytest.CaptureFixture[str]) -> None:
    cid, target, _ = walk(ctx, "onsite", start=TODAY - dt.timedelta(days=5))
    start = ["inspect", "start", "--campaign", str(cid), "--enterprise", target, "--date"]
    tomorrow = (TODAY + dt.timedelta(days=1)).isoformat()
    assert tomorrow in refused(url, [*start, tomorrow], capsys)
    # the campaign reached its on-site step five days ago
    week_ago = (TODAY - dt.timedelta(days=7)).isoformat()
    out = refused(url, [*start, week_ago], capsys)
    assert week_ago in out and "现场检查" in out, out
    code, out = run(url, [*start, (TODAY - dt.timedelta(days=2)).isoformat()], capsys)
    assert code == 0, out


def test_decision_dates_are_checked(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'fire.db'}"
    ctx = Context(open_store(url), default_catalogue(), LEAD, TODAY, "en")
    try:
        insp = _fire_major(ctx)
        decide = ["inspect", "decide", str(insp), "--pack", FIRE, "-p", LEAD,
                  "-p", INSPECTORS[0], "-p", INSPECTORS[1], "--date"]
        assert "晚于今天" in refused(url, [*decide, (TODAY + dt.timedelta(days=1)).isoformat()],
                                  capsys)
        assert "早于" in refused(url, [*decide, (TODAY - dt.timedelta(days=1)).isoformat()],
                               capsys)
        assert run(url, [*decide, TODAY.isoformat()], capsys)[0] == 0
    finally:
        ctx.store.close()


def _fire_major(ctx: Context) -> int:
    """An on-site fire inspection, today, whose determination is major (three direct items),
    with two registered inspectors on the team."""
    for name in INSPECTORS:
        users.add_user(ctx, name, role="inspector")
    target = enterprise(ctx, "fire", "济南甲商贸有限公司")
    c = campaigns.new_campaign(ctx, sector="fire", packs=[FIRE], target=target, lead=LEAD,
                               members=list(INSPECTORS))
    assert c.id is not None
    campaigns.advance(ctx, c.id)
    # GB 35181-2017 was withdrawn on 2025-11-01: the start is confirmed
    insp = inspections.start_inspection(ctx, campaign_id=c.id, enterprise=target,
                                        categories=["people_dense"], withdrawn_ok=True)
    assert insp.id is not None
    inspections.answer(ctx, insp.id, "FIRE-2017-D-6.1", "noncompliant")
    return insp.id


def test_a_step_past_its_deadline_shows_its_days(
        ctx: Context, url: str, capsys: pytest.CaptureFixture[str]) -> None:
    """On site ten days ago, no training since: 3 days past the 7-day deadline."""
    late, _, _ = walk(ctx, "feedback", start=TODAY - dt.timedelta(days=10))
    code, out = run(url, ["campaign", "show", str(late)], capsys)
    assert code == 0 and "逾期 3 天" in out, out
    code, out = run(url, ["campaign", "list"], capsys)
    assert code == 0 and "逾期 3 天" in out, out
    code, out = run(url, ["campaign", "show", str(late), "--json"], capsys)
    assert '"days": 3' in out, out


# --- defect 13: the process a city runs ---------------------------------------------------


def test_the_follow_up_needs_every_enterprise_self_inspected_or_excused(
        ctx: Context, url: str, capsys: pytest.CaptureFixture[str]) -> None:
    cid, target, (peer, shut) = walk(ctx, "self_rectification", peers=2)
    own = _own(ctx, peer)
    s = inspections.start_inspection(own, campaign_id=cid, enterprise=peer, kind="self")
    assert s.id is not None
    out = refused(url, ["campaign", "advance", str(cid)], capsys)
    assert "2 家单位" in out, out  # a self-inspection with nothing answered is none
    inspections.answer(own, s.id, "CHEM-2017-01", "compliant")
    out = refused(url, ["campaign", "advance", str(cid)], capsys)
    assert "1 家单位" in out, out
    code, out = run(url, ["campaign", "show", str(cid)], capsys)
    assert "1 家单位" in out, out
    exempt = ["campaign", "exempt", str(cid), "--enterprise"]
    assert "典型单位" in refused(url, [*exempt, target, "--reason", "closed"], capsys)
    assert "已有自查" in refused(url, [*exempt, peer, "--reason", "closed"], capsys)
    assert "closed" in refused(url, [*exempt, shut, "--reason", "bankrupt"], capsys)
    code, out = run(url, [*exempt, shut, "--reason", "closed", "--note", "2026年10月已停产"],
                    capsys)
    assert code == 0, out
    assert "已记录" in refused(url, [*exempt, shut, "--reason", "not_in_scope"], capsys)
    code, out = run(url, ["campaign", "advance", str(cid)], capsys)
    assert code == 0, out
    shown = run(url, ["campaign", "show", str(cid), "--json"], capsys)[1]
    assert '"stage": "followup"' in shown and '"reason": "closed"' in shown, shown


def test_at_city_scale_the_self_inspection_guard_is_a_count(ctx: Context) -> None:
    """A city's sector holds tens of thousands of enterprises: the guard counts them in the
    database and loads none of their rows."""
    cid, _, _ = walk(ctx, "self_rectification")
    rng = random.Random(5)
    codes = {make_uscc(rng, "370102") for _ in range(3000)}
    with ctx.store.session() as s:
        s.execute(text("INSERT INTO enterprise (uscc, name, district, sector, address, "
                       "contact, created_at, version) VALUES (:u, :n, '历下区', 'chemicals', "
                       "'', '', :t, 1)"),
                  [{"u": u, "n": f"济南{n}化工有限公司", "t": dt.datetime.now(dt.UTC)}
                   for n, u in enumerate(codes)])
    loaded: list[object] = []

    def count(row: object, _context: object) -> None:
        loaded.append(row)

    event.listen(Enterprise, "load", count)
    try:
        view = campaigns.campaign_view(ctx, cid)
        with pytest.raises(AnjianError, match=f"{len(codes)} enterprise"):
            campaigns.advance(ctx, cid)
    finally:
        event.remove(Enterprise, "load", count)
    assert view.facts.self_missing == len(codes)
    assert loaded == []


def test_a_campaign_closes_only_after_following_up_its_typical_enterprise(
        ctx: Context, url: str, capsys: pytest.CaptureFixture[str]) -> None:
    cid, target, _ = walk(ctx, "followup")
    out = refused(url, ["campaign", "advance", str(cid)], capsys)
    assert "跟进督查" in out, out
    code, out = run(url, ["inspect", "start", "--campaign", str(cid), "--enterprise", target,
                          "--kind", "followup"], capsys)
    assert code == 0, out
    inspections.answer(ctx, int(out.strip()), "CHEM-2017-01", "compliant")
    code, out = run(url, ["campaign", "advance", str(cid)], capsys)
    assert code == 0 and "已结束" in out, out


def test_teams_and_decisions_are_registered_people_in_the_right_role(
        ctx: Context, url: str, capsys: pytest.CaptureFixture[str]) -> None:
    target = enterprise(ctx, "fire", "济南甲商贸有限公司")
    users.add_user(ctx, "分析员", role="analyst")
    users.add_user(ctx, "组长丁", role="lead")
    new = ["campaign", "new", "--sector", "fire", "--pack", FIRE, "--target", target]
    out = refused(url, [*new, "--lead", LEAD, "--member", INSPECTORS[0], "--member", "无名氏"],
                  capsys)
    assert "无名氏" in out and "anjian users add 无名氏" in out, out
    out = refused(url, [*new, "--lead", LEAD, "--member", INSPECTORS[0], "--member", "分析员"],
                  capsys)
    assert "分析员" in out and "分析人员" in out, out
    out = refused(url, [*new, "--lead", INSPECTORS[0], "--member", INSPECTORS[1]], capsys)
    assert INSPECTORS[0] in out and "组长" in out, out
    code, out = run(url, [*new, "--lead", LEAD, "--member", INSPECTORS[0]], capsys)
    assert code == 0, out
    cid = out.strip()
    assert "无名氏" in refused(url, ["campaign", "team", cid, "--member", "无名氏"], capsys)
    assert run(url, ["campaign", "team", cid, "--member", "组长丁"], capsys)[0] == 0
    assert run(url, ["campaign", "advance", cid], capsys)[0] == 0
    insp = run(url, ["inspect", "start", "--campaign", cid, "--enterprise", target,
                     "--category", "people_dense", "--withdrawn-ok"], capsys)[1].strip()
    assert run(url, ["inspect", "answer", insp, "FIRE-2017-D-6.1", "noncompliant"],
               capsys)[0] == 0
    decide = ["inspect", "decide", insp, "--pack", FIRE, "-p", LEAD, "-p", INSPECTORS[0]]
    out = refused(url, [*decide, "-p", "无名氏"], capsys)
    assert "无名氏" in out, out
    out = refused(url, [*decide, "-p", "分析员"], capsys)
    assert "分析员" in out, out
    assert run(url, [*decide, "-p", INSPECTORS[1]], capsys)[0] == 0


def test_an_outside_expert_sits_in_a_team_and_a_decision_but_never_acts_alone(
        ctx: Context, url: str, capsys: pytest.CaptureFixture[str]) -> None:
    expert = "消防专家王工"
    assert run(url, ["users", "add", expert, "--role", "expert"], capsys)[0] == 0
    target = enterprise(ctx, "fire", "济南甲商贸有限公司")
    code, out = run(url, ["campaign", "new", "--sector", "fire", "--pack", FIRE, "--target",
                          target, "--lead", LEAD, "--member", INSPECTORS[0], "--member",
                          expert], capsys)
    assert code == 0, out
    cid = out.strip()
    assert "外部专家" in run(url, ["campaign", "show", cid], capsys)[1]
    # an expert is no inspector: the team still needs a second one
    assert "至少需要 2 名检查人员（现有 1 名）" in refused(url, ["campaign", "advance", cid],
                                                     capsys)
    assert run(url, ["campaign", "team", cid, "--member", INSPECTORS[1]], capsys)[0] == 0
    assert "外部专家" in refused(url, ["campaign", "advance", cid], capsys, user=expert)
    assert run(url, ["campaign", "advance", cid], capsys)[0] == 0
    start = ["inspect", "start", "--campaign", cid, "--enterprise", target, "--category",
             "people_dense", "--withdrawn-ok"]  # GB 35181-2017, withdrawn since 2025-11-01
    assert "外部专家" in refused(url, start, capsys, user=expert)
    insp = run(url, start, capsys)[1].strip()
    assert "外部专家" in refused(url, ["inspect", "answer", insp, "FIRE-2017-D-6.1",
                                    "noncompliant"], capsys, user=expert)
    assert run(url, ["inspect", "answer", insp, "FIRE-2017-D-6.1", "noncompliant"],
               capsys)[0] == 0
    (hazard,) = campaigns_hazards(ctx, int(cid))
    assert "外部专家" in refused(url, ["hazard", "plan", str(hazard), "--deadline",
                                    (TODAY + dt.timedelta(days=30)).isoformat(),
                                    "--responsible", "安全科"], capsys, user=expert)
    decide = ["inspect", "decide", insp, "--pack", FIRE, "-p", LEAD, "-p", INSPECTORS[0],
              "-p", expert]
    assert "外部专家" in refused(url, decide, capsys, user=expert)
    assert run(url, decide, capsys)[0] == 0


def campaigns_hazards(ctx: Context, cid: int) -> list[int]:
    from core.services import hazards

    return [r.hazard.id for r in hazards.ledger(ctx, campaign=cid) if r.hazard.id]


def test_campaigns_already_stored_get_the_days_their_steps_began(db_url: str) -> None:
    """Migration 0006 dates the steps of campaigns stored before it from their own record:
    the day the campaign was formed, its advances in the audit log, ``onsite_done_on``."""
    from core.store import queries as q
    from core.store.db import downgrade, upgrade

    store = open_store(db_url)
    ctx = Context(store, default_catalogue(), LEAD, TODAY, "en")
    try:
        for name in INSPECTORS:
            users.add_user(ctx, name, role="inspector")
        cid, _, _ = walk(ctx, "feedback", start=TODAY)
        with store.session() as s:
            recorded = q.stage_dates(s)
        assert recorded == {cid: {"team_formation": TODAY, "onsite": TODAY, "feedback": TODAY}}
        downgrade(store.engine, "0005")
        upgrade(store.engine)
        with store.session() as s:
            assert q.stage_dates(s) == recorded
    finally:
        store.close()
