"""A PostgreSQL database set up for team mode, with real logins, for one test.

Roles are the server's, not the database's: every login and group role made here has a name
of its own (a random suffix) and is dropped when the test ends, after its database.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from core.services.context import Context, open_context
from core.services.schema import upgrade_schema


def login_url(url: str, login: str) -> str:
    """``url`` with ``login`` as its user (no password: the server's trust or ~/.pgpass)."""
    return make_url(url).set(username=login).render_as_string(hide_password=False)


class TeamDb:
    """One team database: its superuser URL, the role prefix, and a URL per login."""

    def __init__(self, server: str) -> None:
        self.suffix = uuid.uuid4().hex[:6]
        self.prefix = f"t{self.suffix}"
        self.db = f"anjian_team_{self.suffix}"
        self.server = server
        self.url = make_url(server).set(database=self.db).render_as_string(
            hide_password=False)
        self.admin = self.login("管理员")
        self._contexts: dict[str, Context] = {}

    def login(self, name: str) -> str:
        """A person's login in this test: their name and the test's suffix."""
        return f"{name}_{self.suffix}"

    def url_for(self, login: str) -> str:
        """The URL a person connects with: their own login, no password in it."""
        return login_url(self.url, login)

    def sql(self, login: str | None, sql: str, **params: Any) -> list[Any]:
        """Run ``sql`` as ``login`` (None: the superuser), committed; the rows it returns."""
        engine = create_engine(self.url_for(login) if login else self.url)
        try:
            with engine.begin() as conn:
                result = conn.execute(text(sql), params)
                return list(result.all()) if result.returns_rows else []
        finally:
            engine.dispose()

    def behind_triggers(self, *statements: str) -> None:
        """Run ``statements`` as the superuser with every trigger switched off
        (``session_replication_role = replica``): a change the audit log never hears of."""
        engine = create_engine(self.url)
        try:
            with engine.begin() as conn:
                conn.execute(text("SET LOCAL session_replication_role = replica"))
                for sql in statements:
                    conn.execute(text(sql))
        finally:
            engine.dispose()

    def context(self, login: str) -> Context:
        """The services' context of one person, connected with their own login (kept open
        for the test, closed at its end)."""
        if login not in self._contexts:
            self._contexts[login] = open_context(self.url_for(login), today=TODAY)
        return self._contexts[login]

    def close(self) -> None:
        for ctx in self._contexts.values():
            ctx.store.close()
        self._contexts.clear()


#: The day the world's records are made on.
TODAY = dt.date.today()


def roles_of(admin_conn: Any, suffix: str) -> list[str]:
    return [r[0] for r in admin_conn.execute(
        "SELECT rolname FROM pg_roles WHERE rolname LIKE %s", (f"%{suffix}%",)).fetchall()]


def team_database(server: str, admin_conn: Any) -> Iterator[TeamDb]:
    team = TeamDb(server)
    admin_conn.execute(f'CREATE DATABASE "{team.db}"')
    try:
        done = upgrade_schema(team.url, team=team.prefix, admin=team.admin,
                              admin_password="x-admin-1")
        assert done.team == team.prefix
        yield team
    finally:
        team.close()
        admin_conn.execute(f'DROP DATABASE IF EXISTS "{team.db}" WITH (FORCE)')
        for role in roles_of(admin_conn, team.suffix):
            admin_conn.execute(f'DROP ROLE IF EXISTS "{role}"')


@pytest.fixture
def team(pg_available: bool) -> Iterator[TeamDb]:
    from tests.conftest import PG_SERVER, _pg_admin

    if not pg_available:
        pytest.skip(f"PostgreSQL at {PG_SERVER} is not reachable (CI requires it)")
    with _pg_admin() as conn:
        yield from team_database(PG_SERVER, conn)


@dataclass
class World:
    """People and records on a team database: two enterprises (a, b) each with an open
    hazard from an on-site inspection, and one login per role."""

    a: str
    b: str
    campaign: int
    inspection_a: int
    inspection_b: int
    hazard_a: int
    hazard_b: int
    people: dict[str, str]  # role → login


def build_world(team: TeamDb) -> World:
    from core.services import campaigns, hazards, inspections, users
    from tests.workflow_helpers import enterprise

    admin = team.context(team.admin)
    people = {"lead": team.login("组长甲"), "inspector": team.login("检查员乙"),
              "inspector2": team.login("检查员丙"), "analyst": team.login("分析员"),
              "expert": team.login("专家庚")}
    for key, login in people.items():
        users.register(admin, login, role=key.rstrip("2"), password="pw-" + key)
    lead = team.context(people["lead"])
    a = enterprise(lead, "chemicals", "济南甲化工有限公司")
    b = enterprise(lead, "chemicals", "济南乙化工有限公司")
    people["owner_a"], people["owner_b"] = team.login("甲安全员"), team.login("乙安全员")
    users.register(admin, people["owner_a"], role="enterprise", enterprise=a, password="pw-a")
    users.register(admin, people["owner_b"], role="enterprise", enterprise=b, password="pw-b")
    inspector = team.context(people["inspector"])
    ids = []
    for code in (a, b):  # a campaign each, the enterprise its typical one
        c = campaigns.new_campaign(lead, sector="chemicals", packs=["chem-2017"], target=code,
                                   lead=people["lead"],
                                   members=[people["inspector"], people["inspector2"]])
        assert c.id is not None
        campaigns.advance(lead, c.id)
        insp = inspections.start_inspection(inspector, campaign_id=c.id, enterprise=code)
        assert insp.id is not None
        inspections.answer(inspector, insp.id, "CHEM-2017-01", "noncompliant", note="未考核")
        (row,) = hazards.ledger(lead, campaign=c.id)
        assert row.hazard.id is not None
        ids.append((c.id, insp.id, row.hazard.id))
    return World(a, b, ids[0][0], ids[0][1], ids[1][1], ids[0][2], ids[1][2], people)


__all__ = ["TeamDb", "World", "build_world", "team"]
