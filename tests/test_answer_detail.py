"""Sub-check answers and measured values through ``anjian inspect answer`` (--check, --value),
checked by the answer service as the runner's part-by-part form is: unknown sub-checks and
statuses the parts contradict are refused, nothing stored."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.services import inspections
from core.services.context import Context
from core.services.packs import default_catalogue
from core.store.db import open_store
from tests.tui.conftest import TODAY
from tests.workflow_helpers import cli_run, onsite_campaign


def test_sub_checks_are_answered_from_the_command_line(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    ctx = Context(open_store(url), default_catalogue(), "组长甲", TODAY, "zh")
    cid, target = onsite_campaign(ctx)
    insp = inspections.start_inspection(ctx, campaign_id=cid, enterprise=target)
    iid = str(insp.id)
    ctx.store.close()
    # a sub-check the item has not, and a status its parts contradict: refused
    code, _, err = cli_run(url, "组长甲", ["inspect", "answer", iid, "CHEM-2017-09",
                                           "noncompliant", "--check", "9=noncompliant"], capsys)
    assert code != 0 and "9" in err
    code, _, err = cli_run(url, "组长甲", ["inspect", "answer", iid, "CHEM-2017-09",
                                           "compliant", "--check", "1=noncompliant",
                                           "--check", "2=noncompliant"], capsys)
    assert code != 0, err
    code, _, err = cli_run(url, "组长甲", ["inspect", "answer", iid, "CHEM-2017-09",
                                           "noncompliant", "--check", "bad"], capsys)
    assert code != 0 and "ID=STATUS" in err
    code, _, err = cli_run(url, "组长甲", ["inspect", "answer", iid, "CHEM-2017-09",
                                             "noncompliant", "--check", "1=noncompliant",
                                             "--check", "2=noncompliant"], capsys)
    assert code == 0, err
    ctx = Context(open_store(url), default_catalogue(), "组长甲", TODAY, "zh")
    (f,) = inspections.inspection_view(ctx, int(iid)).findings
    assert (f.item_id, f.status, f.detail) == ("CHEM-2017-09", "noncompliant", {
        "checks": {"1": {"status": "noncompliant"}, "2": {"status": "noncompliant"}}})
    ctx.store.close()
