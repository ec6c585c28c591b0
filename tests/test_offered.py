"""What a front end offers each role, and the check it makes before a form opens: the same
rule as the action itself, with nothing recorded."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

from core.services import users
from core.services.context import Context
from core.services.packs import default_catalogue
from core.store.db import open_store
from tests.workflow_helpers import onsite_campaign, register


def _ctx(tmp_path: Path) -> Context:
    return Context(open_store(f"sqlite:///{tmp_path / 'a.db'}"), default_catalogue(),
                   "组长甲", dt.date(2026, 3, 2), "zh")


def test_each_role_is_offered_what_it_may_do_somewhere(tmp_path: Path) -> None:
    ctx = _ctx(tmp_path)
    assert "campaign.advance" in users.offered(ctx)  # no users yet: everything
    _cid, target = onsite_campaign(ctx)
    register(ctx, "分析员丁", role="analyst")
    users.add_user(ctx, "企业戊", role="enterprise", enterprise=target)
    lead = users.offered(ctx)
    inspector = users.offered(dataclasses.replace(ctx, actor="检查员乙"))
    analyst = users.offered(dataclasses.replace(ctx, actor="分析员丁"))
    firm = users.offered(dataclasses.replace(ctx, actor="企业戊"))
    assert {"campaign.advance", "hazard.verify", "enterprise.add"} <= lead
    assert "users.manage" in lead  # the first user is the administrator
    assert "users.manage" not in inspector
    assert "inspection.answer" in inspector and "campaign.advance" not in inspector
    assert analyst == {"read", "read.all"}
    assert {"inspection.start", "hazard.submit"} <= firm
    assert not {"campaign.advance", "hazard.verify", "read.all"} & firm


def test_may_names_the_rule_before_a_form_and_records_nothing(tmp_path: Path) -> None:
    ctx = _ctx(tmp_path)
    cid, target = onsite_campaign(ctx)
    register(ctx, "检查员庚")  # an inspector on no team
    assert users.may(ctx, "campaign.advance", campaign=cid) is None
    outsider = dataclasses.replace(ctx, actor="检查员庚")
    why = users.may(outsider, "inspection.start", campaign=cid, enterprise=target)
    assert why is not None and why.key == "needs.team"
    assert "检查员庚" in why.render("zh")
    assert users.may(dataclasses.replace(ctx, actor="无名氏"), "read") is not None
