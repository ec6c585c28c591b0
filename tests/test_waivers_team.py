"""Waivers (豁免) in team mode on PostgreSQL, each person through their own login: a lead
approves and revokes, and the database stamps who whatever the client sent; an inspector
or an enterprise may write none, through anjian or by SQL; an enterprise login reads its own
enterprise's waivers only; an inspection started by an inspector relies on the waiver; every
table still agrees with its audit log."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy.exc import DBAPIError

from core.services import campaigns, inspections, state_check, waivers
from core.services.context import Context
from tests.team_db import TODAY, TeamDb, World, build_world
from tests.test_waivers import BASIS, REASON, waiver_catalogue

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture
def world(team: TeamDb) -> World:
    return build_world(team)


def person(team: TeamDb, login: str) -> Context:
    """``login``'s context, with the test checklist installed beside 121号."""
    ctx = team.context(login)
    ctx.catalogue = waiver_catalogue()
    return ctx


def _rows(team: TeamDb) -> list[Any]:
    return team.sql(None, "SELECT * FROM waiver ORDER BY id")


def test_a_lead_approves_and_the_database_stamps_who(team: TeamDb, world: World) -> None:
    lead = world.people["lead"]
    ctx = person(team, lead)
    until = TODAY + dt.timedelta(days=20)
    w = waivers.grant(ctx, enterprise=world.a, item="WV-1", reason=REASON, basis=BASIS,
                      until=until)
    assert w.approved_by == lead
    # an inspection of the enterprise, started by an inspector, relies on it
    c = campaigns.new_campaign(ctx, sector="chemicals", packs=["wv-check"], target=world.a,
                               lead=lead,
                               members=[world.people["inspector"], world.people["inspector2"]])
    assert c.id is not None
    campaigns.advance(ctx, c.id)
    inspector = person(team, world.people["inspector"])
    insp = inspections.start_inspection(inspector, campaign_id=c.id, enterprise=world.a)
    assert insp.id is not None
    (det,) = inspections.inspection_view(inspector, insp.id).determinations
    assert det.waived == ("WV-1",)
    # revoked: the login is the revoker, whatever a client writes into the column
    waivers.revoke(ctx, w.id, reason="已恢复使用")
    team.sql(lead, "UPDATE waiver SET revoked_by = '冒名者', approved_by = '冒名者' WHERE id = :i",
             i=w.id)
    ((approved, revoked),) = team.sql(None, "SELECT approved_by, revoked_by FROM waiver")
    assert (approved, revoked) == (lead, lead)
    team.sql(lead, "INSERT INTO waiver (version, enterprise_uscc, pack_id, item_id, reason, "
                   "basis, requested_by, approved_by, granted_on, granted_at, valid_until, "
                   "revoked_by, revoked_reason) VALUES (1, :a, 'wv-check', 'WV-3', 'r', 'b', "
                   "'e', '冒名者', :d, now(), :u, '', '')", a=world.a, d=TODAY, u=until)
    (stamped,) = team.sql(None, "SELECT approved_by FROM waiver WHERE item_id = 'WV-3'")
    assert stamped[0] == lead
    # every change reached the log: the tables and their log agree
    check = state_check.check(person(team, world.people["analyst"]))
    assert check.checked and check.differences == ()
    imaged = team.sql(None, "SELECT count(*) FROM audit_log WHERE object_type = 'waiver' "
                            "AND action LIKE 'row.%'")
    assert imaged[0][0] >= 3


def test_nobody_but_a_lead_writes_a_waiver_and_an_enterprise_reads_its_own(
        team: TeamDb, world: World) -> None:
    until = TODAY + dt.timedelta(days=20)
    lead = person(team, world.people["lead"])
    mine = waivers.grant(lead, enterprise=world.a, item="WV-1", reason=REASON, basis=BASIS,
                         until=until)
    waivers.grant(lead, enterprise=world.b, item="WV-1", reason=REASON, basis=BASIS,
                  until=until)
    before = _rows(team)
    for who in ("inspector", "owner_a", "analyst"):
        ctx = person(team, world.people[who])
        with pytest.raises(Exception) as refused:
            waivers.grant(ctx, enterprise=world.a, item="WV-3", reason=REASON, basis=BASIS,
                          until=until)
        assert getattr(refused.value, "key", "").startswith("needs."), refused.value
        with pytest.raises(DBAPIError, match="permission denied"):
            team.sql(world.people[who], "UPDATE waiver SET valid_until = :u", u=until)
    assert _rows(team) == before
    owner = world.people["owner_a"]
    assert [r[0] for r in team.sql(owner, "SELECT id FROM waiver")] == [mine.id]
    assert [w.id for w in waivers.waivers(person(team, owner), every=True)] == [mine.id]
    refusals = team.sql(None, "SELECT count(*) FROM audit_log WHERE action = 'access.refused' "
                              "AND object_id = 'waiver.grant'")
    assert refusals[0][0] == 3
