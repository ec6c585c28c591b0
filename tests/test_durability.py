"""A process killed (SIGKILL) in the middle of a long checklist loses no confirmed answer."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sqlmodel import select

from core.store.db import open_store
from core.store.tables import FindingRow

from .conftest import ROOT

CHILD = textwrap.dedent("""
    import datetime as dt, sys
    from core.services import campaigns, inspections, roster, users
    from core.services.context import Context
    from core.services.demo import make_uscc
    from core.services.packs import default_catalogue
    from core.store.db import open_store
    import random

    store = open_store(sys.argv[1])
    ctx = Context(store, default_catalogue(), "检查员乙", dt.date(2026, 3, 2))
    code = make_uscc(random.Random(1), "370112")
    roster.add_enterprise(ctx, uscc=code, name="济南历城煤矿", sector="coal",
                            district="历城区")
    users.add_user(ctx, "组长甲", role="lead")
    users.add_user(ctx, "检查员丙", role="inspector")
    c = campaigns.new_campaign(ctx, sector="coal", packs=["coal-2026"], target=code,
                               lead="组长甲", members=["检查员乙", "检查员丙"])
    campaigns.advance(ctx, c.id)
    insp = inspections.start_inspection(ctx, campaign_id=c.id, enterprise=code,
                                        tags=["underground", "outburst", "high_gas"])
    items = inspections.inspection_view(ctx, insp.id).unanswered
    print("ready", insp.id, len(items), flush=True)
    for n, item in enumerate(items):
        inspections.answer(ctx, insp.id, item, "noncompliant" if n % 7 == 0 else "compliant",
                           note=f"第{n}项")
        print("confirmed", item, flush=True)  # the answer's transaction has committed
""")


@pytest.mark.parametrize("kill_after", [1, 17])
def test_sigkill_mid_checklist_loses_no_confirmed_answer(tmp_path: Path,
                                                        kill_after: int) -> None:
    url = f"sqlite:///{tmp_path / 'field.db'}"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen([sys.executable, "-c", CHILD, url], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, env=env)
    assert child.stdout is not None
    confirmed: list[str] = []
    try:
        ready = child.stdout.readline().split()
        assert ready[:1] == ["ready"], child.stderr.read() if child.stderr else ""
        inspection_id, total = int(ready[1]), int(ready[2])
        assert total > kill_after
        while len(confirmed) < kill_after:
            line = child.stdout.readline().split()
            assert line[:1] == ["confirmed"]
            confirmed.append(line[1])
        child.send_signal(signal.SIGKILL)
    finally:
        child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL
    store = open_store(url)
    try:
        with store.session() as s:
            saved = {r.item_id: r for r in s.exec(
                select(FindingRow).where(FindingRow.inspection_id == inspection_id)).all()}
        assert set(confirmed) <= set(saved)
        for n, item in enumerate(confirmed):
            assert saved[item].note == f"第{n}项"
            assert saved[item].status == ("noncompliant" if n % 7 == 0 else "compliant")
    finally:
        store.close()
