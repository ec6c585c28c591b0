"""Team mode on PostgreSQL with real logins: the database knows who acts and enforces who may
write what, whatever client sends the SQL."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy.exc import DBAPIError, ProgrammingError

from core.i18n import AnjianError
from core.services import campaigns, hazards, inspections, roster, users
from tests.team_db import TODAY, TeamDb, World, build_world
from tests.workflow_helpers import cli_main, enterprise

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture
def world(team: TeamDb) -> World:
    return build_world(team)


def _rows(team: TeamDb, table: str) -> list[Any]:
    return team.sql(None, f'SELECT * FROM "{table}" ORDER BY 1')


def _run(team: TeamDb, login: str, args: list[str], capsys: pytest.CaptureFixture[str],
         *, claim: str | None = None) -> tuple[int, str]:
    """The command line connected with ``login``'s own URL (``--user`` only when ``claim``)."""
    argv = ["--lang", "zh", "--db", team.url_for(login)]
    if claim is not None:
        argv += ["--user", claim]
    code, out, err = cli_main([*argv, *args], capsys)
    return code, out + err


def test_a_forged_user_name_is_refused_and_changes_nothing(
        team: TeamDb, world: World, capsys: pytest.CaptureFixture[str]) -> None:
    inspector = world.people["inspector"]
    before = _rows(team, "app_user")
    code, out = _run(team, inspector, ["users", "grant", inspector, "--admin"], capsys,
                     claim=team.admin)
    assert code == 2 and "Traceback" not in out
    assert f"当前登录为 {inspector}" in out and f"不能以 {team.admin} 的身份操作" in out
    code, out = _run(team, inspector, ["users", "grant", inspector, "--admin"], capsys)
    assert code == 2 and "不能管理用户" in out, out
    assert _rows(team, "app_user") == before
    # the refusal is recorded, with the login the database saw
    refused = team.sql(None, "SELECT actor, object_id FROM audit_log "
                             "WHERE action = 'access.refused'")
    assert (inspector, "users.manage") in [tuple(r) for r in refused]


def test_a_claim_equal_to_the_login_is_accepted(
        team: TeamDb, world: World, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = _run(team, world.people["analyst"], ["users", "list"], capsys,
                     claim=world.people["analyst"])
    assert code == 0, out
    assert team.admin in out


def test_every_entry_names_the_login_the_database_saw(team: TeamDb, world: World) -> None:
    actors = {r[0] for r in team.sql(None, "SELECT DISTINCT actor FROM audit_log")}
    assert world.people["inspector"] in actors and world.people["lead"] in actors
    answered = team.sql(None, "SELECT answered_by FROM finding")
    assert {r[0] for r in answered} == {world.people["inspector"]}


@pytest.mark.parametrize("who, sql", [
    ("inspector", "INSERT INTO app_user (name, role, admin, created_at, created_by, version, "
                  "disabled_by, disabled_reason) VALUES ('x', 'lead', true, now(), '', 1, '', '')"),
    ("inspector", "UPDATE app_user SET admin = true"),
    ("lead", "UPDATE app_user SET admin = true"),
    ("inspector", "UPDATE audit_log SET actor = 'nobody'"),
    ("lead", "DELETE FROM audit_log WHERE seq = (SELECT max(seq) FROM audit_log)"),
    ("analyst", "UPDATE hazard SET status = 'closed'"),
    ("expert", "UPDATE finding SET status = 'compliant'"),
    ("inspector", "TRUNCATE audit_log"),
    ("inspector", "UPDATE audit_head SET seq = 0"),
    ("owner_a", "INSERT INTO enterprise (uscc, name, district, sector, address, contact, "
                "created_at, version) VALUES ('91370100MA3C000000', 'x', 'y', 'z', '', '', "
                "now(), 1)"),
])
def test_direct_sql_outside_a_roles_rights_is_refused_by_the_server(
        team: TeamDb, world: World, who: str, sql: str) -> None:
    before = {t: _rows(team, t) for t in ("app_user", "audit_log", "hazard", "finding",
                                          "enterprise")}
    with pytest.raises((ProgrammingError, DBAPIError)) as refused:
        team.sql(world.people[who], sql)
    assert "permission denied" in str(refused.value) or "row-level security" in str(
        refused.value)
    assert {t: _rows(team, t) for t in before} == before


def test_the_audit_log_refuses_change_even_to_a_superuser_without_disabling_triggers(
        team: TeamDb, world: World) -> None:
    before = _rows(team, "audit_log")
    for sql in ("UPDATE audit_log SET actor = 'x' WHERE seq = 1",
                "DELETE FROM audit_log WHERE seq = 1", "TRUNCATE audit_log"):
        with pytest.raises(DBAPIError, match="append-only"):
            team.sql(None, sql)
    assert _rows(team, "audit_log") == before


def test_an_enterprise_login_sees_and_writes_only_its_own_enterprise(
        team: TeamDb, world: World) -> None:
    owner = world.people["owner_a"]
    assert [r[0] for r in team.sql(owner, "SELECT uscc FROM enterprise")] == [world.a]
    assert {r[0] for r in team.sql(owner, "SELECT enterprise_uscc FROM hazard")} == {world.a}
    assert {r[0] for r in team.sql(owner, "SELECT enterprise_uscc FROM inspection")} == {world.a}
    seen = {r[0] for r in team.sql(owner, "SELECT inspection_id FROM finding")}
    assert seen == {world.inspection_a}
    lead = team.context(world.people["lead"])
    fire = enterprise(lead, "fire", "济南丙商贸有限公司")
    other = campaigns.new_campaign(lead, sector="fire", packs=["gb35181-2017"], target=fire,
                                   lead=world.people["lead"],
                                   members=[world.people["inspector"], world.people["inspector2"]])
    seen_campaigns = {r[0] for r in team.sql(owner, "SELECT id FROM campaign")}
    assert other.id not in seen_campaigns and world.campaign in seen_campaigns
    # another enterprise's hazard: not there to update, and not changed
    before = _rows(team, "hazard")
    assert team.sql(owner, "UPDATE hazard SET status = 'closed' WHERE id = :h RETURNING id",
                    h=world.hazard_b) == []
    assert _rows(team, "hazard") == before
    # moving its own hazard onto the other enterprise is refused by the policy's check
    with pytest.raises(DBAPIError, match="row-level security"):
        team.sql(owner, "UPDATE hazard SET enterprise_uscc = :b WHERE id = :h",
                 b=world.b, h=world.hazard_a)
    assert _rows(team, "hazard") == before
    # and the services read through the same policies
    ctx = team.context(owner)
    assert {r.hazard.enterprise_uscc for r in hazards.ledger(ctx)} == {world.a}


def test_a_by_column_gets_the_login_whatever_the_client_sent(team: TeamDb, world: World) -> None:
    inspector = world.people["inspector"]
    team.sql(inspector, "UPDATE finding SET note = 'x', answered_by = :other "
                        "WHERE inspection_id = :i", other=world.people["lead"],
             i=world.inspection_a)
    assert {r[0] for r in team.sql(None, "SELECT answered_by FROM finding WHERE "
                                         "inspection_id = :i", i=world.inspection_a)} == {inspector}


def test_a_direct_sql_change_reaches_the_audit_log_with_the_login(
        team: TeamDb, world: World) -> None:
    inspector = world.people["inspector"]
    team.sql(inspector, "UPDATE hazard SET note = '私自改动' WHERE id = :h", h=world.hazard_a)
    (entry,) = team.sql(None, "SELECT actor, before::jsonb ->> 'note', after::jsonb ->> 'note' "
                              "FROM audit_log WHERE action = 'row.update' "
                              "AND object_type = 'hazard' AND object_id = :h "
                              "AND after::jsonb ->> 'note' = '私自改动'", h=str(world.hazard_a))
    assert tuple(entry) == (inspector, "", "私自改动")


def test_a_disabled_user_can_no_longer_connect_and_their_history_stays(
        team: TeamDb, world: World, capsys: pytest.CaptureFixture[str]) -> None:
    inspector2 = world.people["inspector2"]
    code, out = _run(team, team.admin, ["users", "disable", inspector2, "--reason", "调离"],
                     capsys)
    assert code == 0, out
    assert "已停用" in out
    code, out = _run(team, inspector2, ["users", "list"], capsys)
    assert code == 2 and "Traceback" not in out
    code, out = _run(team, team.admin, ["users", "list"], capsys)
    assert inspector2 in out and "已停用" in out and "调离" in out
    # a disabled user cannot be disabled twice, the last administrator not at all
    code, out = _run(team, team.admin, ["users", "disable", team.admin, "--reason", "x"], capsys)
    assert code == 2


def test_only_an_administrator_adds_a_login(team: TeamDb, world: World) -> None:
    lead = team.context(world.people["lead"])
    with pytest.raises(AnjianError) as refused:
        users.register(lead, team.login("新人"), role="analyst", password="pw")
    assert refused.value.key.startswith("needs.")
    # calling the database's own function directly is refused by the database
    fn = f'"{team.prefix}_add_user"'
    with pytest.raises(DBAPIError, match="permission denied"):
        team.sql(world.people["lead"], f"SELECT {fn}('x', 'lead', NULL, true, NULL)")
    assert team.sql(None, "SELECT 1 FROM pg_roles WHERE rolname = :r",
                    r=team.login("新人")) == []


def test_the_first_administrator_is_named_only_on_a_database_without_users(
        team: TeamDb, world: World) -> None:
    from core.services.schema import upgrade_schema

    before = _rows(team, "app_user")
    with pytest.raises(AnjianError) as refused:
        upgrade_schema(team.url, team=team.prefix, admin=team.login("篡位者"),
                       admin_password="pw")
    assert refused.value.key == "team.has_users"
    assert _rows(team, "app_user") == before


def test_the_answer_path_works_for_each_writer_through_its_own_login(
        team: TeamDb, world: World) -> None:
    inspector = team.context(world.people["inspector"])
    view = inspections.answer(inspector, world.inspection_a, "CHEM-2017-02", "compliant")
    assert view is not None
    for hid in (world.hazard_a, world.hazard_b):
        hazards.set_deadline(inspector, hid, TODAY + dt.timedelta(days=30))
    owner = team.context(world.people["owner_a"])
    plan = {"plan_goal": "g", "plan_method": "m", "plan_funding": "f",
            "plan_organisation": "o", "plan_timeline": "t", "plan_safety": "s"}
    hazards.plan(owner, world.hazard_a, responsible="安全科", **plan)
    hazards.submit(owner, world.hazard_a, evidence="整改照片")
    before = _rows(team, "hazard")
    with pytest.raises(AnjianError):  # the other enterprise's hazard is not there for it
        hazards.plan(owner, world.hazard_b, responsible="安全科", **plan)
    assert _rows(team, "hazard") == before
    lead = team.context(world.people["lead"])
    hazards.verify(lead, world.hazard_a, accept=True, note="合格")
    (closed,) = team.sql(None, "SELECT status, verified_by FROM hazard WHERE id = :h",
                         h=world.hazard_a)
    assert tuple(closed) == ("closed", world.people["lead"])


def test_the_state_check_finds_a_change_made_behind_the_triggers(
        team: TeamDb, world: World) -> None:
    from core.services import state_check

    analyst = team.context(world.people["analyst"])
    clean = state_check.check(analyst)
    assert clean.checked and clean.differences == () and clean.rows > 0
    # a superuser closes a hazard with the triggers switched off: the log never hears of it
    team.behind_triggers(f"UPDATE hazard SET status = 'closed' WHERE id = {world.hazard_a}",
                         f"DELETE FROM finding WHERE inspection_id = {world.inspection_b}")
    found = state_check.check(analyst)
    by_table = {(d.table, d.key): d for d in found.differences}
    assert by_table[("hazard", str(world.hazard_a))].fields == ("status",)
    missing = [d for d in found.differences if d.table == "finding"]
    assert missing and all(d.actual is None and d.logged is not None for d in missing)


def test_the_state_check_says_when_there_is_nothing_to_replay(tmp_path: Any) -> None:
    from core.services import state_check
    from core.services.context import open_context

    ctx = open_context(f"sqlite:///{tmp_path / 'a.db'}", actor="张三")
    try:
        assert state_check.check(ctx).checked is False
    finally:
        ctx.store.close()


def test_audit_verify_on_a_team_database_checks_chain_and_state(
        team: TeamDb, world: World, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = _run(team, world.people["analyst"], ["audit", "verify"], capsys)
    assert code == 0, out
    assert "状态核对" in out and "与审计日志回放的结果一致" in out
    team.behind_triggers(f"UPDATE hazard SET status = 'closed' WHERE id = {world.hazard_a}")
    code, out = _run(team, world.people["analyst"], ["audit", "verify"], capsys)
    assert code == 1
    assert f"hazard 记录 {world.hazard_a}：字段 status 审计日志为 open，表中为 closed" in out


def test_a_superusers_rewrite_of_the_chain_is_caught_by_an_anchor(
        team: TeamDb, world: World, capsys: pytest.CaptureFixture[str], tmp_path: Any) -> None:
    from core.store.audit_chain import FORM2_HASH_SQL

    analyst = world.people["analyst"]
    anchor = tmp_path / "anchor.json"
    code, out = _run(team, analyst, ["audit", "anchor", "--out", str(anchor)], capsys)
    assert code == 0, out
    # the reproduction: an entry edited, the whole chain recomputed to match, the last entry
    # deleted, the head moved back; with the triggers off, as only a superuser can
    (first,) = team.sql(None, "SELECT min(seq) FROM audit_log WHERE action = 'users.add'")
    statements = [f"UPDATE audit_log SET actor = '别人' WHERE seq = {first[0]}"]
    (count,) = team.sql(None, "SELECT max(seq) FROM audit_log")
    for seq in range(1, count[0] + 1):
        statements.append(
            "UPDATE audit_log a SET prev_hash = coalesce((SELECT hash FROM audit_log p "
            f"WHERE p.seq = {seq - 1}), '') WHERE a.seq = {seq}")
        statements.append("UPDATE audit_log SET hash = "
                          + FORM2_HASH_SQL.format(row="") + f" WHERE seq = {seq}")
    statements += [f"DELETE FROM audit_log WHERE seq = {count[0]}",
                   "UPDATE audit_head SET seq = (SELECT max(seq) FROM audit_log), "
                   "hash = (SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1)"]
    team.behind_triggers(*statements)
    code, out = _run(team, analyst, ["audit", "verify"], capsys)
    assert out.startswith("审计日志完好"), out  # the rewritten chain is consistent in itself
    code, out = _run(team, analyst, ["audit", "verify", "--anchors", str(anchor)], capsys)
    assert code == 1, out
    assert out.startswith("审计日志完好")
    assert "anchor.json" in out and "记录被删除过" in out, out
    # work goes on over the rewritten chain: the anchored entry's number comes back with
    # another hash, and the anchor says the history was rewritten
    for n in range(3):
        users.register(team.context(team.admin), team.login(f"新人{n}"), role="analyst",
                       password="pw")
    code, out = _run(team, analyst, ["audit", "verify", "--anchors", str(anchor)], capsys)
    assert code == 1, out
    assert "历史已被改写" in out, out


def test_erasing_a_contact_leaves_no_hash_of_it_that_can_be_tested(
        team: TeamDb, world: World, capsys: pytest.CaptureFixture[str]) -> None:
    import hashlib

    from core.services import roster

    lead = team.context(world.people["lead"])
    contact = "王五 13800000000"
    code = roster.add_enterprise(lead, uscc=_new_code(), name="济南戊化工有限公司",
                                 sector="chemicals", district="历下区", contact=contact).uscc
    log = " ".join(str(r[0]) for r in team.sql(None, "SELECT coalesce(before::text, '') || "
                                                     "coalesce(after::text, '') FROM audit_log"))
    assert contact not in log
    exit_code, out = _run(team, world.people["lead"],
                          ["enterprises", "erase-contact", code, "--reason", "本人要求删除"],
                          capsys)
    assert exit_code == 0, out
    log = " ".join(str(r[0]) for r in team.sql(None, "SELECT coalesce(before::text, '') || "
                                                     "coalesce(after::text, '') FROM audit_log"))
    assert contact not in log
    assert hashlib.sha256(contact.encode()).hexdigest() not in log  # no unsalted hash
    assert team.sql(None, "SELECT 1 FROM personal_salt WHERE enterprise_uscc = :c", c=code) == []
    code_, out = _run(team, world.people["analyst"], ["audit", "verify"], capsys)
    assert code_ == 0, out


def test_salts_are_read_only_by_the_rosters_keepers(team: TeamDb, world: World) -> None:
    for who in ("analyst", "inspector", "owner_a"):
        with pytest.raises(DBAPIError, match="permission denied"):
            team.sql(world.people[who], "SELECT * FROM personal_salt")


def _new_code() -> str:
    from tests.workflow_helpers import new_code

    return new_code()


def test_a_disabled_user_on_sqlite_may_no_longer_act_and_keeps_their_history(
        tmp_path: Any, capsys: pytest.CaptureFixture[str]) -> None:
    from tests.workflow_helpers import Cli

    admin = Cli(capsys, f"sqlite:///{tmp_path / 'a.db'}", user="管理员")
    admin.ok("users", "add", "刘洋", "--role", "inspector")
    refused = admin.refused("users", "disable", "刘洋", "--reason", " ")
    assert "--reason" in refused
    out = admin.ok("users", "disable", "刘洋", "--reason", "调离本局")
    assert "刘洋" in out
    liu = Cli(capsys, admin.url, user="刘洋")
    err = liu.refused("users", "list")
    assert "刘洋 has been disabled" in err and "调离本局" in err
    listed = admin.json("users", "list")
    (row,) = [u for u in listed if u["name"] == "刘洋"]
    assert (row["disabled"], row["disabled_by"], row["disabled_reason"]) == (
        True, "管理员", "调离本局")
    assert "user 刘洋 is already disabled" in admin.refused("users", "disable", "刘洋",
                                                          "--reason", "x")
    # the last administrator cannot be disabled, nor can one disable oneself
    assert admin.refused("users", "disable", "管理员", "--reason", "x")


def test_a_login_that_may_not_connect_is_told_so_in_its_own_name(
        team: TeamDb, world: World, capsys: pytest.CaptureFixture[str]) -> None:
    inspector2 = world.people["inspector2"]
    users.disable(team.context(team.admin), inspector2, reason="调离")
    code, out = _run(team, inspector2, ["users", "list"], capsys)
    assert code == 2 and "Traceback" not in out
    assert "该登录无权连接此数据库" in out and f"{inspector2}@" in out, out


def test_no_client_role_may_change_the_audit_log(team: TeamDb, world: World) -> None:
    before = _rows(team, "audit_log")
    logins = [team.admin] + [world.people[w] for w in ("lead", "inspector", "owner_a",
                                                        "analyst", "expert")]
    for login in logins:
        for sql in ("UPDATE audit_log SET actor = 'x' WHERE seq = 1",
                    "DELETE FROM audit_log WHERE seq = 1", "TRUNCATE audit_log",
                    "UPDATE audit_head SET seq = 0"):
            with pytest.raises(DBAPIError, match="permission denied"):
                team.sql(login, sql)
    assert _rows(team, "audit_log") == before


def test_the_search_index_shows_an_enterprise_login_only_its_own(
        team: TeamDb, world: World) -> None:
    owner = world.people["owner_a"]
    assert [r[0] for r in team.sql(owner, "SELECT uscc FROM enterprise_search")] == [world.a]
    lead = team.context(world.people["lead"])
    assert {r.enterprise.uscc for r in roster.roster_page(lead).rows} >= {world.a, world.b}
    mine = hazards.ledger_page(team.context(owner))
    assert {r.hazard.enterprise_uscc for r in mine.rows} == {world.a}
    assert mine.total == len(mine.rows)
