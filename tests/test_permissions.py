"""Roles and permissions: every role against every action on the pure check, then each action
through the command line once refused and once allowed; a refusal names the role it needs and
changes nothing, an allowed action goes through."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from openpyxl import Workbook
from sqlalchemy import text

from core.process.permissions import Action, Actor, Role, Scope, refusal
from core.services import campaigns, decisions, hazards, inspections, users
from core.services.context import Context
from core.services.packs import default_catalogue
from core.store.db import open_store
from tests.db_state import business as _business
from tests.db_state import snapshot
from tests.workflow_helpers import answer_all, cli_main, cli_run, enterprise, new_code

TODAY = dt.date(2026, 3, 2)
#: A deadline that has not passed when the command line (whose today is the real one) runs.
DUE = max(TODAY, dt.date.today()) + dt.timedelta(days=60)
ADMIN, LEAD, OTHER_LEAD = "管理员", "组长甲", "组长丁"
INSPECTOR, OUTSIDER = "检查员乙", "检查员戊"
OWNER, OTHER_OWNER, ANALYST, STRANGER = "企业甲安全员", "企业乙安全员", "分析员", "路人"
EXPERT = "专家庚"
PEOPLE = (ADMIN, LEAD, OTHER_LEAD, INSPECTOR, OUTSIDER, OWNER, OTHER_OWNER, ANALYST, STRANGER)
FIRE = "gb35181-2017"


def _as(ctx: Context, name: str) -> Context:
    return Context(ctx.store, ctx.catalogue, name, ctx.today, ctx.lang)


def _world(path: Path) -> dict[str, Any]:
    """A database with every role and something in the right state for every action."""
    store = open_store(f"sqlite:///{path}")
    ctx = Context(store, default_catalogue(), ADMIN, TODAY, "en")
    try:
        return _populate(lambda name: _as(ctx, name), path.with_name("roster.xlsx"))
    finally:
        store.close()


def _populate(as_: Callable[[str], Context], roster: Path) -> dict[str, Any]:
    """Every role and something in the right state for every action, each step made by the
    person whose context ``as_`` gives (on SQLite the same file under another name; in team
    mode their own login)."""
    ctx = as_(ADMIN)
    a = enterprise(ctx, "fire", "济南甲商贸有限公司")  # the typical enterprise
    b = enterprise(ctx, "fire", "济南乙商贸有限公司")
    shut = enterprise(ctx, "fire", "济南丁物业有限公司")  # closed: makes no self-inspection
    for name, role, code in ((LEAD, "lead", None), (OTHER_LEAD, "lead", None),
                             (INSPECTOR, "inspector", None), ("检查员丙", "inspector", None),
                             (OUTSIDER, "inspector", None), (OWNER, "enterprise", a),
                             (OTHER_OWNER, "enterprise", b), (ANALYST, "analyst", None)):
        users.add_user(ctx, name, role=role, enterprise=code)
    lead = as_(LEAD)
    team = {"lead": LEAD, "members": [INSPECTOR, "检查员丙"]}
    forming = campaigns.new_campaign(lead, sector="fire", packs=[FIRE], target=a, **team)
    onsite = campaigns.new_campaign(lead, sector="fire", packs=[FIRE], target=a, **team)
    selfc = campaigns.new_campaign(lead, sector="fire", packs=[FIRE], target=b, **team)
    assert forming.id and onsite.id and selfc.id
    campaigns.advance(lead, onsite.id)
    insp = inspections.start_inspection(as_(INSPECTOR), campaign_id=onsite.id,
                                        enterprise=a, categories=["people_dense"],
                                        withdrawn_ok=True)  # GB 35181-2017, withdrawn
    assert insp.id is not None
    for item in ("FIRE-2017-D-6.1", "FIRE-2017-D-6.2", "FIRE-2017-D-6.3"):
        inspections.answer(as_(INSPECTOR), insp.id, item, "noncompliant")
    h_open, h_planned, h_submitted = (r.hazard.id for r in
                                      hazards.ledger(ctx, campaign=onsite.id))
    assert h_open and h_planned and h_submitted
    owner = as_(OWNER)
    plan = {"plan_goal": "g", "plan_method": "m", "plan_funding": "f",
            "plan_organisation": "o", "plan_timeline": "t", "plan_safety": "s"}
    for hid in (h_open, h_planned, h_submitted):  # the team's deadlines, still running
        hazards.set_deadline(as_(INSPECTOR), hid, DUE)  # when the command line runs
    for hid in (h_planned, h_submitted):
        hazards.plan(owner, hid, responsible="安全科", **plan)
    hazards.submit(owner, h_submitted, evidence="整改照片")
    hazards.request_extension(owner, h_open, until=DUE + dt.timedelta(days=60),
                              reason="设备到货周期长")
    # a campaign at self-inspection: the on-site inspection all compliant, training held
    campaigns.advance(lead, selfc.id)
    first = inspections.start_inspection(as_(INSPECTOR), campaign_id=selfc.id,
                                         enterprise=b, categories=["people_dense"],
                                         withdrawn_ok=True)
    assert first.id is not None
    answer_all(as_(INSPECTOR), first.id)
    campaigns.advance(lead, selfc.id)
    campaigns.record_training(lead, selfc.id, held_on=TODAY, attendees=[a, b])
    campaigns.advance(lead, selfc.id)
    own_self = inspections.start_inspection(owner, campaign_id=selfc.id, enterprise=a,
                                            kind="self", categories=["people_dense"],
                                            withdrawn_ok=True)
    assert own_self.id is not None
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(["统一社会信用代码", "单位名称", "行业", "区县"])
    ws.append([new_code(), "济南丙商贸有限公司", "fire", "历下区"])
    wb.save(roster)
    return {"a": a, "b": b, "forming": forming.id, "onsite": onsite.id, "self": selfc.id,
            "insp": insp.id, "own_self": own_self.id, "h_open": h_open, "shut": shut,
            "h_planned": h_planned, "h_submitted": h_submitted, "roster": str(roster)}


#: action → (command line, who may do it). ``{x}`` fields come from the world.
BUREAU = {ADMIN, LEAD, OTHER_LEAD, INSPECTOR, OUTSIDER, ANALYST}
MATRIX: dict[str, tuple[list[str], set[str]]] = {
    "users add": (["users", "add", "新人", "--role", "analyst"], {ADMIN}),
    "users grant": (["users", "grant", OUTSIDER, "--role", "lead"], {ADMIN}),
    "users list": (["users", "list"], BUREAU),
    "plugins allow": (["plugins", "allow", "fireworks", "--sha256", "ab" * 32], {ADMIN}),
    "enterprises add": (["enterprises", "add", "--uscc", "{new}", "--name", "济南丁商贸有限公司",
                         "--sector", "fire", "--district", "历下区"], {ADMIN, LEAD, OTHER_LEAD}),
    "import enterprises": (["import", "enterprises", "{roster}"], {ADMIN, LEAD, OTHER_LEAD}),
    "campaign new": (["campaign", "new", "--sector", "fire", "--pack", FIRE, "--target", "{a}",
                      "--lead", LEAD, "--member", INSPECTOR, "--member", "检查员丙"],
                     {ADMIN, LEAD, OTHER_LEAD}),
    "campaign team": (["campaign", "team", "{forming}", "--member", OUTSIDER], {ADMIN, LEAD}),
    "campaign advance": (["campaign", "advance", "{forming}"], {ADMIN, LEAD}),
    "campaign training": (["campaign", "training", "{onsite}", "--date", "2026-03-02",
                           "--attendee", "{a}"], {ADMIN, LEAD}),
    "campaign exempt": (["campaign", "exempt", "{self}", "--enterprise", "{shut}", "--reason",
                         "closed"], {ADMIN, LEAD}),
    # GB 35181-2017, withdrawn since 2025-11-01: every start is confirmed
    "inspect start (on-site)": (["inspect", "start", "--campaign", "{onsite}", "--enterprise",
                                 "{a}", "--category", "people_dense", "--again",
                                 "--withdrawn-ok"], {ADMIN, LEAD, INSPECTOR}),
    "inspect answer (on-site)": (["inspect", "answer", "{insp}", "FIRE-2017-D-6.4",
                                  "compliant"], {ADMIN, LEAD, INSPECTOR}),
    "inspect skip (on-site)": (["inspect", "skip", "{insp}", "FIRE-2017-D-6.5", "--reason",
                                "locked"], {ADMIN, LEAD, INSPECTOR}),
    "inspect decide": (["inspect", "decide", "{insp}", "--pack", FIRE, "-p", LEAD, "-p",
                        INSPECTOR, "-p", "检查员丙"], {ADMIN, LEAD}),
    "inspect start (self)": (["inspect", "start", "--campaign", "{self}", "--enterprise", "{a}",
                              "--kind", "self", "--category", "people_dense", "--again",
                              "--withdrawn-ok"], {ADMIN, OWNER}),
    "inspect answer (self)": (["inspect", "answer", "{own_self}", "FIRE-2017-D-6.1",
                               "compliant"], {ADMIN, OWNER}),
    "hazard plan": (["hazard", "plan", "{h_open}", "--responsible",
                     "安全科", "--goal", "g", "--method", "m", "--funding", "f",
                     "--organisation", "o", "--timeline", "t", "--safety", "s"],
                    {ADMIN, LEAD, INSPECTOR, OWNER}),
    "hazard deadline": (["hazard", "deadline", "{h_planned}", "{later}", "--reason", "复查发现"],
                        {ADMIN, LEAD, INSPECTOR}),
    "hazard request-extension": (["hazard", "request-extension", "{h_planned}", "--until",
                                  "{later}", "--reason", "设备到货"], {ADMIN, OWNER}),
    "hazard grant-extension": (["hazard", "grant-extension", "{h_open}", "--note", "同意"],
                               {ADMIN, LEAD}),
    "hazard refuse-extension": (["hazard", "refuse-extension", "{h_open}", "--note", "不同意"],
                                {ADMIN, LEAD}),
    "hazard show": (["hazard", "show", "{h_open}"], BUREAU | {OWNER}),
    "hazard submit": (["hazard", "submit", "{h_planned}", "--evidence", "照片"], {ADMIN, OWNER}),
    "hazard verify": (["hazard", "verify", "{h_submitted}", "--accept", "--note", "合格"],
                      {ADMIN, LEAD}),
    "hazards": (["hazards"], BUREAU | {OWNER, OTHER_OWNER}),
    "stats": (["stats"], BUREAU),
    "enterprises list": (["enterprises", "list"], BUREAU),
    "enterprises show": (["enterprises", "show", "{a}"], BUREAU | {OWNER}),
    "campaign show": (["campaign", "show", "{onsite}"], BUREAU | {OWNER, OTHER_OWNER}),
    "inspect show": (["inspect", "show", "{insp}"], BUREAU | {OWNER}),
    "export inspection": (["export", "inspection", "{insp}", "--out", "{out}"], BUREAU | {OWNER}),
    "export ledger": (["export", "ledger", "--out", "{out}"], BUREAU),
    "audit verify": (["audit", "verify"], BUREAU),
    "evidence list": (["evidence", "list", "{insp}"], BUREAU | {OWNER}),
    "evidence verify": (["evidence", "verify"], BUREAU),
    "bureau set": (["bureau", "set", "--name", "济南市应急管理局", "--short", "济", "--edition",
                    "应急", "--reconsideration", "济南市人民政府", "--court", "历下区人民法院"],
                   {ADMIN, LEAD, OTHER_LEAD}),
    "users set-cert": (["users", "set-cert", INSPECTOR, "--cert", "37010002", "--until",
                        "{later}"], {ADMIN, LEAD, OTHER_LEAD}),
    "documents list": (["documents", "list"], BUREAU | {OWNER, OTHER_OWNER}),
}
WRITES = {"users add", "users grant", "plugins allow", "enterprises add", "import enterprises",
          "campaign new", "campaign team", "campaign advance", "campaign training",
          "campaign exempt", "inspect start (on-site)",
          "inspect answer (on-site)", "inspect skip (on-site)", "inspect decide",
          "inspect start (self)", "inspect answer (self)", "hazard plan", "hazard submit",
          "hazard verify", "hazard deadline", "hazard request-extension",
          "hazard grant-extension", "hazard refuse-extension", "bureau set", "users set-cert"}


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    path = tmp_path_factory.mktemp("world") / "anjian.db"
    return path, _world(path)


def run(url: str, user: str, args: list[str],
        capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code, out, err = cli_run(url, user, args, capsys)
    return code, out + err


@pytest.fixture
def world(template: tuple[Path, dict[str, Any]], tmp_path: Path) -> Iterator[
        tuple[str, dict[str, Any]]]:
    src, ids = template
    dst = tmp_path / "anjian.db"
    shutil.copyfile(src, dst)  # the world is closed and checkpointed: one file holds it
    yield f"sqlite:///{dst}", {**ids, "new": new_code(), "out": str(tmp_path / "out.xlsx"),
                               "later": (DUE + dt.timedelta(days=30)).isoformat()}


# --- the rules, on the pure check: every role against every action --------------------------

TEAM = {LEAD: "lead", INSPECTOR: "inspector", "检查员丙": "inspector"}
ACTORS = {ADMIN: Actor(ADMIN, Role.lead, admin=True), LEAD: Actor(LEAD, Role.lead),
          OTHER_LEAD: Actor(OTHER_LEAD, Role.lead), INSPECTOR: Actor(INSPECTOR, Role.inspector),
          OUTSIDER: Actor(OUTSIDER, Role.inspector),
          EXPERT: Actor(EXPERT, Role.expert),
          OWNER: Actor(OWNER, Role.enterprise, enterprise="A"),
          OTHER_OWNER: Actor(OTHER_OWNER, Role.enterprise, enterprise="B"),
          ANALYST: Actor(ANALYST, Role.analyst)}
CAMPAIGN = Scope(7, TEAM)
#: (action, what it touches) → who may do it, as the design says.
RULES: list[tuple[Action, Scope, set[str]]] = [
    (Action.manage_users, Scope(), {ADMIN}),
    (Action.manage_plugins, Scope(), {ADMIN}),
    (Action.register_enterprise, Scope(), {ADMIN, LEAD, OTHER_LEAD}),
    (Action.erase_contact, Scope(enterprise="A"), {ADMIN, LEAD, OTHER_LEAD}),
    (Action.form_campaign, Scope(), {ADMIN, LEAD, OTHER_LEAD}),
    (Action.form_team, CAMPAIGN, {ADMIN, LEAD}),
    (Action.advance_campaign, CAMPAIGN, {ADMIN, LEAD}),
    (Action.record_training, CAMPAIGN, {ADMIN, LEAD}),
    (Action.record_exemption, CAMPAIGN, {ADMIN, LEAD}),
    (Action.record_decision, Scope(7, TEAM, "A", "onsite"), {ADMIN, LEAD}),
    (Action.repin, Scope(7, TEAM, "A", "onsite"), {ADMIN, LEAD}),
    (Action.repin, Scope(7, TEAM, "A", "self"), {ADMIN, LEAD}),
    (Action.start_inspection, Scope(7, TEAM, "A", "onsite"), {ADMIN, LEAD, INSPECTOR}),
    (Action.answer, Scope(7, TEAM, "A", "onsite"), {ADMIN, LEAD, INSPECTOR}),
    (Action.start_inspection, Scope(7, TEAM, "A", "followup"), {ADMIN, LEAD, INSPECTOR}),
    (Action.start_inspection, Scope(7, TEAM, "A", "self"), {ADMIN, OWNER}),
    (Action.answer, Scope(7, TEAM, "A", "self"), {ADMIN, OWNER}),
    (Action.plan_hazard, Scope(7, TEAM, "A"), {ADMIN, LEAD, INSPECTOR, OWNER}),
    # a hazard outside any campaign: any lead or inspector, or its own enterprise
    (Action.plan_hazard, Scope(None, {}, "A"), {ADMIN, LEAD, OTHER_LEAD, INSPECTOR, OUTSIDER,
                                                OWNER}),
    (Action.set_deadline, Scope(7, TEAM, "A"), {ADMIN, LEAD, INSPECTOR}),
    (Action.set_deadline, Scope(None, {}, "A"), {ADMIN, LEAD, OTHER_LEAD, INSPECTOR, OUTSIDER}),
    (Action.request_extension, Scope(7, TEAM, "A"), {ADMIN, OWNER}),
    (Action.decide_extension, Scope(7, TEAM, "A"), {ADMIN, LEAD}),
    (Action.submit_rectification, Scope(7, TEAM, "A"), {ADMIN, OWNER}),
    (Action.verify_rectification, Scope(7, TEAM, "A"), {ADMIN, LEAD}),
    (Action.verify_rectification, Scope(None, {}, "A"), {ADMIN, LEAD, OTHER_LEAD}),
    # enforcement documents: the team issues (and records deliveries), its lead voids
    (Action.issue_document, Scope(7, TEAM, "A"), {ADMIN, LEAD, INSPECTOR}),
    (Action.issue_document, Scope(None, {}, "A"), {ADMIN, LEAD, OTHER_LEAD, INSPECTOR,
                                                   OUTSIDER}),
    (Action.void_document, Scope(7, TEAM, "A"), {ADMIN, LEAD}),
    (Action.void_document, Scope(None, {}, "A"), {ADMIN, LEAD, OTHER_LEAD}),
    (Action.manage_bureau, Scope(), {ADMIN, LEAD, OTHER_LEAD}),
    (Action.grant_waiver, Scope(enterprise="A"), {ADMIN, LEAD, OTHER_LEAD}),
    (Action.revoke_waiver, Scope(enterprise="A"), {ADMIN, LEAD, OTHER_LEAD}),
    # the risk register: the enterprise's own, or the bureau's leads and inspectors; the
    # risk report the enterprise files (or a lead on its behalf)
    (Action.edit_risk, Scope(enterprise="A"), {ADMIN, LEAD, OTHER_LEAD, INSPECTOR, OUTSIDER,
                                               OWNER}),
    (Action.file_risk_report, Scope(enterprise="A"), {ADMIN, LEAD, OTHER_LEAD, OWNER}),
    (Action.own_risk, Scope(enterprise="A"), {ADMIN, OWNER}),
    (Action.read, Scope(enterprise="A"), set(ACTORS) - {OTHER_OWNER}),
    (Action.read, CAMPAIGN, set(ACTORS)),
    (Action.read_all, Scope(), set(ACTORS) - {OWNER, OTHER_OWNER}),
]


@pytest.mark.parametrize("action, scope, allowed", RULES,
                         ids=[f"{a.value}-{s.kind or s.enterprise or s.campaign or ''}"
                              for a, s, _ in RULES])
def test_every_role_against_every_action(action: Action, scope: Scope,
                                         allowed: set[str]) -> None:
    from core.i18n import t

    assert {a for a in Action if a not in {r[0] for r in RULES}} == set()  # none left out
    for name, actor in ACTORS.items():
        why = refusal(actor, action, scope)
        assert (why is None) == (name in allowed), f"{name} / {action.value}: {why}"
        if why is not None:  # the refusal names what it needs, in both languages
            params = {"user": name, "role": actor.role.value, "action": action.value, **why.params}
            assert why.key.startswith("needs.")
            assert "it needs" in t(why.key, "en", **params) and "需要" in t(why.key, "zh", **params)


# --- the same rules through the command line: one refused and one allowed person an action;
# a refusal changes nothing and names what it needs, an allowed write changes something ---

#: Whom to try first when looking for a refused person: the closest miss.
NEAR_MISSES = (OTHER_LEAD, OUTSIDER, OTHER_OWNER, INSPECTOR, OWNER, ANALYST, LEAD, STRANGER)
#: And for an allowed one: the least privileged.
LEAST = (OWNER, OTHER_OWNER, ANALYST, OUTSIDER, INSPECTOR, OTHER_LEAD, LEAD, ADMIN)
CASES = [(action, user, user in allowed) for action, (_, allowed) in MATRIX.items()
         for user in (next(u for u in NEAR_MISSES if u not in allowed),
                      next(u for u in LEAST if u in allowed))]
CASES += [("users list", STRANGER, False), ("hazard plan", STRANGER, False)]


@pytest.mark.parametrize("action, user, may", CASES,
                         ids=[f"{a}-{'allowed' if m else 'refused'}" for a, _, m in CASES])
def test_each_action_through_the_command_line(action: str, user: str, may: bool,
                                              world: tuple[str, dict[str, Any]],
                                              capsys: pytest.CaptureFixture[str]) -> None:
    url, ids = world
    args, _ = MATRIX[action]
    argv = [a.format(**ids) for a in args]
    before = snapshot(url)
    code, output = run(url, user, argv, capsys)
    assert "Traceback" not in output
    if may:
        assert code == 0, f"{user} should be able to {action}: {output}"
        if action in WRITES:
            assert snapshot(url) != before, f"{action} by {user} changed nothing"
        return
    assert code == 2, f"{user} should be refused {action}: {output}"
    assert snapshot(url) == before, f"refused {action} by {user} changed the database"
    if user == STRANGER:
        assert f"{STRANGER} is not a user of this database" in output
    else:
        assert "may not" in output and "it needs" in output, output


def test_the_first_user_of_a_new_database_is_its_administrator(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'new.db'}"
    code, out = run(url, "张三", ["users", "list"], capsys)
    assert code == 0 and out.strip() == ""  # reading an empty database makes nobody admin
    code, out = run(url, "张三", ["users", "add", "李四", "--role", "inspector"], capsys)
    assert code == 0, out
    code, out = run(url, "李四", ["users", "list", "--json"], capsys)
    import json

    listed = {u["name"]: u for u in json.loads(out)}
    assert listed["张三"]["admin"] and listed["张三"]["role"] == "lead"
    assert not listed["李四"]["admin"] and listed["李四"]["role"] == "inspector"
    code, out = run(url, "李四", ["users", "add", "王五", "--role", "lead"], capsys)
    assert code == 2 and "needs an administrator" in out
    with open_store(url).engine.connect() as conn:
        actions = [r[0] for r in conn.execute(text("SELECT action FROM audit_log ORDER BY seq"))]
    assert actions == ["users.bootstrap", "users.add"]


@pytest.mark.parametrize("args, message", [
    (["users", "add", "x", "--role", "boss"], "role 'boss' is not one of lead, inspector"),
    (["users", "add", "x", "--role", "enterprise"], "add --enterprise USCC"),
    (["users", "add", "x", "--role", "analyst", "--enterprise", "{a}"], "drop --enterprise"),
    (["users", "add", " x", "--role", "analyst"], "is not valid"),
    (["users", "add", LEAD, "--role", "analyst"], f"user {LEAD} already exists"),
    (["users", "grant", "nobody", "--role", "lead"], "no user nobody"),
    (["users", "grant", ADMIN, "--no-admin"], "last administrator"),
    (["users", "add", "x", "--role", "enterprise", "--enterprise", "91370102MA3C000000"],
     "91370102MA3C000000"),
])
def test_bad_user_input_is_refused_and_changes_nothing(
        args: list[str], message: str, world: tuple[str, dict[str, Any]],
        capsys: pytest.CaptureFixture[str]) -> None:
    url, ids = world
    before = snapshot(url)
    code, out = run(url, ADMIN, [a.format(**ids) for a in args], capsys)
    assert code == 2 and message in out and "Traceback" not in out, out
    assert snapshot(url) == before


def test_grant_changes_what_a_user_may_do(world: tuple[str, dict[str, Any]],
                                          capsys: pytest.CaptureFixture[str]) -> None:
    url, ids = world
    args = ["stats"]
    assert run(url, OWNER, args, capsys)[0] == 2
    code, out = run(url, ADMIN, ["users", "grant", OWNER, "--role", "analyst"], capsys)
    assert code == 0 and "analyst" in out, out
    assert run(url, OWNER, args, capsys)[0] == 0
    # an enterprise user sees only their own enterprise in the ledger
    code, out = run(url, OTHER_OWNER, ["hazards", "--json"], capsys)
    assert code == 0 and ids["a"] not in out


def test_a_collective_decision_needs_three_people_and_holds_the_campaign(
        world: tuple[str, dict[str, Any]], capsys: pytest.CaptureFixture[str]) -> None:
    url, ids = world
    insp, cid = str(ids["insp"]), str(ids["onsite"])
    _answer_rest(url, ids["insp"])
    code, out = run(url, LEAD, ["campaign", "advance", cid], capsys)
    assert code == 2 and "collective decision" in out, out
    code, out = run(url, LEAD, ["inspect", "show", insp], capsys)
    assert "await a recorded collective decision" in out, out
    code, out = run(url, LEAD, ["inspect", "decide", insp, "--pack", FIRE, "-p", LEAD, "-p",
                                INSPECTOR], capsys)
    assert code == 2 and "at least 3 people" in out and "4.2 b" in out, out
    code, out = run(url, LEAD, ["inspect", "decide", insp, "--pack", FIRE, "-p", LEAD, "-p",
                                INSPECTOR, "-p", "检查员丙"], capsys)
    assert code == 0, out
    code, out = run(url, LEAD, ["inspect", "show", insp], capsys)
    assert f": FIRE-2017-5.2.2 — {LEAD}、{INSPECTOR}、检查员丙" in out, out
    code, out = run(url, LEAD, ["campaign", "advance", cid], capsys)
    assert code == 0, out
    store = open_store(url)
    try:
        ctx = Context(store, default_catalogue(), LEAD, TODAY, "en")
        (d,) = decisions.decisions(ctx, ids["insp"])
        assert d.participants == (LEAD, INSPECTOR, "检查员丙") and d.recorded_by == LEAD
        assert d.rules and d.pack_id == FIRE
    finally:
        store.close()


def _answer_rest(url: str, inspection_id: int) -> None:
    store = open_store(url)
    try:
        answer_all(Context(store, default_catalogue(), INSPECTOR, TODAY, "en"), inspection_id)
    finally:
        store.close()


def test_demo_fresh_never_deletes_a_real_database(world: tuple[str, dict[str, Any]],
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    url, _ = world
    before = snapshot(url)
    code, out = run(url, ADMIN, ["demo", "--fresh", "--no-tui"], capsys)
    assert code == 2 and "is not a demo database" in out, out
    assert snapshot(url) == before


def test_an_enterprise_user_sees_only_their_part_of_a_campaign(
        world: tuple[str, dict[str, Any]], capsys: pytest.CaptureFixture[str]) -> None:
    import json

    url, ids = world
    code, out = run(url, OTHER_OWNER, ["campaign", "show", str(ids["self"]), "--json"], capsys)
    assert code == 0, out
    view = json.loads(out)
    assert [i["enterprise"] for i in view["inspections"]] == [ids["b"]]  # not a's
    assert view["blocked_by"] == []
    assert [tr["attendees"] for tr in view["trainings"]] == [[ids["b"]]]
    code, out = run(url, ADMIN, ["campaign", "show", str(ids["self"]), "--json"], capsys)
    full = json.loads(out)
    assert len(full["inspections"]) == 2 and full["trainings"][0]["attendees"] == [
        ids["a"], ids["b"]]


def test_a_refused_roster_import_makes_nobody_administrator(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'new.db'}"
    code, out = run(url, "mallory", ["import", "enterprises", str(tmp_path / "none.xlsx")],
                    capsys)
    assert code == 2 and "none.xlsx" in out, out
    assert snapshot(url)["app_user"] == [] and snapshot(url)["audit_log"] == []


# --- the same matrix on PostgreSQL in team mode, each person connected with their own login ---

#: Everyone the team world gives a login (and "新人", whom "users add" makes).
LOGINS = (*PEOPLE, "检查员丙", "新人")


@pytest.fixture(scope="module")
def team_world(pg_available: bool, tmp_path_factory: pytest.TempPathFactory
               ) -> Iterator[tuple[Any, dict[str, Any]]]:
    """A team database with every role, one login each, and the world's records; each test
    gets a copy of it (CREATE DATABASE … TEMPLATE: the grants and policies are copied, the
    logins and group roles are the server's)."""
    import uuid

    from core.services.context import open_context
    from core.services.schema import upgrade_schema
    from tests.conftest import PG_SERVER, _pg_admin
    from tests.team_db import TeamDb, roles_of

    if not pg_available:
        pytest.skip(f"PostgreSQL at {PG_SERVER} is not reachable (CI requires it)")
    team = TeamDb(PG_SERVER)
    contexts: dict[str, Context] = {}
    with _pg_admin() as conn:
        for name in LOGINS:  # left by a run that was killed: the names are this test's
            conn.execute(f'DROP ROLE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{team.db}"')
        conn.execute(f'CREATE ROLE "{STRANGER}" LOGIN')  # a login, but no user here
        try:
            upgrade_schema(team.url, team=team.prefix, admin=ADMIN,
                           admin_password="pw-admin")

            def as_(name: str) -> Context:
                if name not in contexts:
                    contexts[name] = open_context(team.url_for(name), today=TODAY)
                return contexts[name]

            ids = _populate(as_, tmp_path_factory.mktemp("team") / "roster.xlsx")
            for ctx in contexts.values():
                ctx.store.close()
            yield team, ids
        finally:
            for ctx in contexts.values():
                ctx.store.close()
            conn.execute(f'DROP DATABASE IF EXISTS "{team.db}" WITH (FORCE)')
            for name in (*LOGINS, *roles_of(conn, team.suffix)):
                conn.execute(f'DROP ROLE IF EXISTS "{name}"')
            del uuid


@pytest.fixture
def team_copy(team_world: tuple[Any, dict[str, Any]], tmp_path: Path,
              monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Any, dict[str, Any]]]:
    import uuid

    from sqlalchemy.engine import make_url

    from tests.conftest import _pg_admin

    team, ids = team_world
    name = f"anjian_tc_{uuid.uuid4().hex[:10]}"
    monkeypatch.setenv("ANJIAN_EVIDENCE_DIR", str(tmp_path / "evidence"))
    with _pg_admin() as conn:
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{team.db}"')
        try:
            url = make_url(team.url).set(database=name).render_as_string(hide_password=False)
            yield url, {**ids, "new": new_code(), "out": str(tmp_path / "out.xlsx"),
                        "later": (DUE + dt.timedelta(days=30)).isoformat()}
        finally:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute('DROP ROLE IF EXISTS "新人"')


@pytest.mark.parametrize("action, user, may", CASES,
                         ids=[f"{a}-{'allowed' if m else 'refused'}" for a, _, m in CASES])
def test_each_action_with_real_logins_in_team_mode(action: str, user: str, may: bool,
                                                   team_copy: tuple[str, dict[str, Any]],
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    from tests.team_db import login_url

    url, ids = team_copy
    args, _ = MATRIX[action]
    argv = [a.format(**ids) for a in args]
    before = _business(url)
    refusals = len([r for r in snapshot(url)["audit_log"] if "access.refused" in r])
    # no --user: the login is who acts
    code, out, err = cli_main(["--lang", "en", "--db", login_url(url, user), *argv], capsys)
    output = out + err
    assert "Traceback" not in output
    if may:
        assert code == 0, f"{user} should be able to {action}: {output}"
        if action in WRITES:
            assert _business(url) != before, f"{action} by {user} changed nothing"
        return
    assert code == 2, f"{user} should be refused {action}: {output}"
    assert _business(url) == before, f"refused {action} by {user} changed the database"
    if user == STRANGER:  # a login that is not a user here may not even connect
        assert "may not connect to this database" in output, output
        return
    if user in (OWNER, OTHER_OWNER) and output.startswith("no "):
        return  # another enterprise's record: the database shows it no such row
    assert "may not" in output and "it needs" in output, output
    after = len([r for r in snapshot(url)["audit_log"] if "access.refused" in r])
    assert after == refusals + 1, "the refusal was not recorded"
