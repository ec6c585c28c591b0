"""Enforcement documents in team mode on PostgreSQL, each person through their own login: an
inspector on the team issues; the database stamps who issued, voided and delivered whatever
the client sent; an enterprise login reads only its own enterprise's documents and writes
none, through anjian or by SQL; the state check agrees with the audit log afterwards."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy.exc import DBAPIError

from core.i18n import AnjianError
from core.services import bureau, documents, state_check
from core.services.documents import IssueRequest
from tests.team_db import TODAY, TeamDb, World, build_world

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")


@pytest.fixture
def world(team: TeamDb) -> World:
    w = build_world(team)
    lead = team.context(w.people["lead"])
    bureau.set_bureau(lead, name="济南市应急管理局", short="济", edition="应急",
                      reconsideration=["济南市人民政府"], court="济南市历下区人民法院")
    for n, who in enumerate(("lead", "inspector", "inspector2"), 1):
        bureau.set_cert(lead, w.people[who], cert_no=f"3701000{n}",
                        until=TODAY + dt.timedelta(days=365))
    return w


def _rows(team: TeamDb, table: str) -> list[Any]:
    return team.sql(None, f'SELECT * FROM "{table}" ORDER BY 1')


def test_an_inspector_on_the_team_issues_and_the_database_stamps_who(
        team: TeamDb, world: World) -> None:
    inspector = team.context(world.people["inspector"])
    record = documents.issue(inspector, IssueRequest(kind="检记",
                                                     inspection_id=world.inspection_a))
    order = documents.issue(inspector, IssueRequest(
        kind="责改", inspection_id=world.inspection_a, deadline=TODAY + dt.timedelta(days=30)))
    assert record.document.officers == (world.people["inspector"], world.people["lead"])
    assert order.document.number.endswith(f"责改〔{TODAY.year}〕1号")
    documents.deliver(inspector, order.document.number, to="王五", method="direct", on=TODAY)
    lead = team.context(world.people["lead"])
    documents.void(lead, record.document.number, reason="笔误")
    (row,) = team.sql(None, "SELECT issued_by, voided_by FROM document WHERE number = :n",
                      n=record.document.number)
    assert tuple(row) == (world.people["inspector"], world.people["lead"])
    # a client that sends another name is stamped with its own login
    team.sql(world.people["lead"], "UPDATE document SET voided_by = :x, void_reason = 'x' "
                                   "WHERE number = :n", x=world.people["inspector"],
             n=order.document.number)
    (row,) = team.sql(None, "SELECT voided_by FROM document WHERE number = :n",
                      n=order.document.number)
    assert row[0] == world.people["lead"]
    (row,) = team.sql(None, "SELECT recorded_by FROM document_delivery")
    assert row[0] == world.people["inspector"]
    (row,) = team.sql(None, "SELECT actor, after::jsonb ->> 'hash' FROM audit_log "
                            "WHERE action = 'document.issue' AND object_id = :n",
                      n=order.document.number)
    assert tuple(row) == (world.people["inspector"], order.document.content_hash)
    # every table, the documents' included, agrees with its audit log: even the change
    # made by SQL reached it, as a row image
    clean = state_check.check(team.context(world.people["analyst"]))
    assert clean.checked and clean.differences == ()
    (imaged,) = team.sql(None, "SELECT count(*) FROM audit_log WHERE object_type = 'document' "
                               "AND action LIKE 'row.%'")
    assert imaged[0] >= 4  # two issued, one voided by anjian, one changed by SQL


def test_an_enterprise_login_reads_only_its_own_and_writes_none(
        team: TeamDb, world: World) -> None:
    inspector = team.context(world.people["inspector"])
    mine = documents.issue(inspector, IssueRequest(kind="检记",
                                                   inspection_id=world.inspection_a))
    theirs = documents.issue(inspector, IssueRequest(kind="检记",
                                                     inspection_id=world.inspection_b))
    owner = team.context(world.people["owner_a"])
    assert [d.number for d in documents.documents(owner)] == [mine.document.number]
    assert documents.show(owner, mine.document.number).content == mine.content
    with pytest.raises(AnjianError) as hidden:
        documents.show(owner, theirs.document.number)
    assert hidden.value.key == "doc.not_found"  # row-level security: not there for it
    assert [r[0] for r in team.sql(world.people["owner_a"], "SELECT number FROM document")] == [
        mine.document.number]
    # it may not issue, void or deliver through anjian
    before = {t: _rows(team, t) for t in ("document", "document_item", "document_delivery",
                                          "document_sequence")}
    for call in (
            lambda: documents.issue(owner, IssueRequest(kind="检记",
                                                        inspection_id=world.inspection_a)),
            lambda: documents.void(owner, mine.document.number, reason="x"),
            lambda: documents.deliver(owner, mine.document.number, to="x", method="direct",
                                      on=TODAY)):
        with pytest.raises(AnjianError) as refused:
            call()
        assert refused.value.key.startswith("needs.")
    # nor by SQL
    for sql in ("UPDATE document SET void_reason = 'x'",
                "DELETE FROM document_item",
                "UPDATE document_sequence SET last = 0",
                "INSERT INTO document_delivery (document_id, recipient, method, delivered_on, "
                f"recorded_by, recorded_at) VALUES ({mine.document.id}, 'x', 'direct', "
                "current_date, '', now())"):
        with pytest.raises(DBAPIError, match="permission denied"):
            team.sql(world.people["owner_a"], sql)
    for who in ("analyst", "expert"):
        with pytest.raises(DBAPIError, match="permission denied"):
            team.sql(world.people[who], "UPDATE document SET void_reason = 'x'")
    assert {t: _rows(team, t) for t in before} == before
