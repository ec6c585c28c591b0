"""Building blocks for store and workflow tests, made through the real services."""

from __future__ import annotations

import json
import random
from typing import Any

import pytest

from core.i18n import AnjianError
from core.services import campaigns, hazards, inspections, roster, users
from core.services.context import Context
from core.services.demo import make_uscc

_rng = random.Random(7)


def new_code() -> str:
    return make_uscc(_rng, "370102")


def enterprise(ctx: Context, sector: str = "chemicals", name: str = "济南测试化工有限公司") -> str:
    return roster.add_enterprise(ctx, uscc=new_code(), name=name, sector=sector,
                                   district="历下区").uscc


def register(ctx: Context, *names: str, role: str = "inspector") -> None:
    """Register each of ``names`` with ``role`` unless they are users already (the acting
    user is registered by their first change)."""
    for name in names:
        if name == ctx.actor:
            continue
        try:
            users.add_user(ctx, name, role=role)
        except AnjianError as exc:
            if exc.key != "user.exists":
                raise


def onsite_campaign(ctx: Context, packs: list[str] | None = None,
                    sector: str = "chemicals") -> tuple[int, str]:
    """A campaign at the on-site stage, led by 组长甲 with the inspectors 检查员乙 and 检查员丙
    (registered here); returns (campaign id, target credit code)."""
    target = enterprise(ctx, sector)
    register(ctx, "组长甲", role="lead")
    register(ctx, "检查员乙", "检查员丙")
    c = campaigns.new_campaign(ctx, sector=sector, packs=packs or ["chem-2017"], target=target,
                               lead="组长甲", members=["检查员乙", "检查员丙"])
    assert c.id is not None
    campaigns.advance(ctx, c.id)
    return c.id, target


def answer_all(ctx: Context, inspection_id: int, status: str = "compliant") -> None:
    """Answer every applicable item of the inspection still unanswered."""
    for item in inspections.inspection_view(ctx, inspection_id).unanswered:
        inspections.answer(ctx, inspection_id, item, status)


def major_hazard_setup(ctx: Context) -> int:
    """An on-site inspection with one noncompliant direct item; returns the hazard id."""
    cid, target = onsite_campaign(ctx)
    insp = inspections.start_inspection(ctx, campaign_id=cid, enterprise=target)
    assert insp.id is not None
    inspections.answer(ctx, insp.id, "CHEM-2017-01", "noncompliant", note="主要负责人未考核")
    (row,) = hazards.ledger(ctx, campaign=cid)
    assert row.hazard.level == "major"
    assert row.hazard.id is not None
    return row.hazard.id


def cli_run(url: str, user: str, args: list[str], capsys: pytest.CaptureFixture[str],
            lang: str = "en") -> tuple[int, str, str]:
    """``anjian`` in this process as ``user`` types it: (exit status, stdout, stderr). The
    same entry point as the console script, without starting a process for each command."""
    return cli_main(["--lang", lang, "--db", url, "--user", user, *args], capsys)


def cli_main(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """``anjian ARGV`` in this process: (exit status, stdout, stderr)."""
    from tui.cli import main

    capsys.readouterr()
    try:
        main(argv)
        code = 0
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    out = capsys.readouterr()
    return code, out.out, out.err


class Cli:
    """The command line on one database as one user (by default 组长甲, whom the tests' first
    change makes the database's administrator)."""

    def __init__(self, capsys: pytest.CaptureFixture[str], url: str, user: str = "组长甲") -> None:
        self.capsys, self.url, self.user = capsys, url, user

    def __call__(self, *args: str) -> tuple[int, str, str]:
        return cli_run(self.url, self.user, list(args), self.capsys)

    def ok(self, *args: str) -> str:
        code, out, err = self(*args)
        assert code == 0, err
        return out

    def refused(self, *args: str) -> str:
        code, out, err = self(*args)
        assert code == 2, (out, err)
        assert "Traceback" not in err
        return err

    def json(self, *args: str) -> Any:
        return json.loads(self.ok(*args, "--json"))
