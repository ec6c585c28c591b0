"""Who becomes the first administrator. On an empty database: whoever changes something first
(as ever). On a database with records but no users (kept from before users existed, or its
users deleted behind anjian's back) nobody becomes administrator by writing: every change is
refused, changing nothing, until ``users add NAME --role lead --admin`` names the first one.
SQLite and PostgreSQL without the team set-up, through the real command line."""

from __future__ import annotations

import json

import pytest

from core.services import roster
from core.services.context import Context
from core.services.packs import default_catalogue
from core.store.db import open_store

from .db_state import behind_the_guard, snapshot
from .workflow_helpers import Cli, cli_run, new_code, onsite_campaign

FIRST, OTHER, NAMED = "张三", "路人", "李四"


def test_an_empty_database_makes_its_first_writer_administrator(
        db_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    code = new_code()
    Cli(capsys, db_url, FIRST).ok("enterprises", "add", "--uscc", code, "--name", "甲单位",
                                  "--district", "历下区", "--sector", "fire")
    (me,) = Cli(capsys, db_url, FIRST).json("users", "list")
    assert (me["name"], me["role"], me["admin"]) == (FIRST, "lead", True)
    actions = [row[3] for row in sorted(snapshot(db_url)["audit_log"])]
    assert actions[0] == "users.bootstrap"


@pytest.fixture
def without_users(db_url: str) -> str:
    """A database with an enterprise, a campaign on site and its audit trail, whose users were
    then deleted with plain SQL."""
    store = open_store(db_url)
    try:
        ctx = Context(store, default_catalogue(), "组长甲", lang="en")
        onsite_campaign(ctx, ["gb35181-2017"], sector="fire")
        roster.add_enterprise(ctx, uscc=new_code(), name="乙单位", sector="fire",
                              district="历下区")
    finally:
        store.close()
    behind_the_guard(db_url, "DELETE FROM app_user")
    return db_url


@pytest.mark.parametrize("args", [
    ["enterprises", "add", "--uscc", "{code}", "--name", "丙单位", "--district", "历下区",
     "--sector", "fire"],
    ["users", "add", NAMED, "--role", "inspector"],
    ["users", "add", NAMED, "--role", "lead"],  # a lead, but not named administrator
    ["users", "add", NAMED, "--role", "inspector", "--admin"],
    ["users", "grant", OTHER, "--admin"],
])
def test_records_without_users_refuse_every_change(
        args: list[str], without_users: str, capsys: pytest.CaptureFixture[str]) -> None:
    url = without_users
    before = snapshot(url)
    code, out, err = cli_run(url, OTHER, [a.format(code=new_code()) for a in args], capsys,
                             lang="zh")
    assert code == 2, (out, err)
    assert "Traceback" not in err
    assert "已有记录，但还没有任何用户" in err
    assert "anjian users add 姓名 --role lead --admin" in err
    assert snapshot(url) == before
    assert snapshot(url)["app_user"] == []


def test_records_without_users_name_their_first_administrator(
        without_users: str, capsys: pytest.CaptureFixture[str]) -> None:
    url = without_users
    assert Cli(capsys, url, OTHER).ok("enterprises", "list")  # reading is not a change
    Cli(capsys, url, OTHER).ok("users", "add", NAMED, "--role", "lead", "--admin")
    named = Cli(capsys, url, NAMED)
    listed = {u["name"]: u for u in named.json("users", "list")}
    assert listed == {NAMED: listed[NAMED]}  # the one who typed it became nobody
    assert listed[NAMED]["admin"] and listed[NAMED]["role"] == "lead"
    last = max(snapshot(url)["audit_log"])
    assert (last[2], last[3], last[5]) == (OTHER, "users.add", NAMED)
    after = json.loads(last[7]) if isinstance(last[7], str) else last[7]
    assert (after["role"], after["admin"]) == ("lead", True)
    # from now on the ordinary rules: the administrator acts, a stranger is refused
    named.ok("users", "add", "王五", "--role", "inspector")
    err = Cli(capsys, url, OTHER).refused("enterprises", "add", "--uscc", new_code(),
                                          "--name", "丁单位", "--district", "历下区",
                                          "--sector", "fire")
    assert OTHER in err
