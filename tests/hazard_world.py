"""A hazard with everything a hazard can have, made through the real services: found with a
photo, its deadline set, planned, more time asked for and granted, rectified with a file,
rejected, rectified again and accepted — stopping at any step."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from core.services import hazards, inspections, users
from core.services.context import Context
from core.services.packs import default_catalogue
from core.store.db import Store, open_store
from tests.workflow_helpers import onsite_campaign

ADMIN, LEAD, INSPECTOR, OWNER = "管理员", "组长甲", "检查员乙", "企业安全员"
#: The steps, in order: a world is built up to (and including) one of them.
STEPS = ("found", "planned", "extended", "submitted", "rejected", "resubmitted", "accepted")


@dataclass
class HazardWorld:
    url: str
    store: Store
    today: dt.date
    hazard: int
    enterprise: str
    #: SHA-256 of the files attached, by name.
    shas: dict[str, str] = field(default_factory=dict)

    def ctx(self, user: str) -> Context:
        return Context(self.store, default_catalogue(), user, self.today, "zh")


def hazard_world(tmp_path: Path, today: dt.date, upto: str = "accepted") -> HazardWorld:
    url = f"sqlite:///{tmp_path / 'anjian.db'}"
    store = open_store(url)
    cat = default_catalogue()
    found = today - dt.timedelta(days=10)
    ctx = Context(store, cat, ADMIN, today, "zh")
    for name, role in ((LEAD, "lead"), (INSPECTOR, "inspector"), ("检查员丙", "inspector")):
        users.add_user(ctx, name, role=role)
    cid, target = onsite_campaign(Context(store, cat, ADMIN, found, "zh"))
    users.add_user(ctx, OWNER, role="enterprise", enterprise=target)
    photo = tmp_path / "现场照片.jpg"
    photo.write_bytes(b"\xff\xd8 photo of the finding")
    fix = tmp_path / "考核证书.pdf"
    fix.write_bytes(b"%PDF certificate")
    shas = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in (photo, fix)}
    inspector = Context(store, cat, INSPECTOR, found, "zh")
    insp = inspections.start_inspection(inspector, campaign_id=cid, enterprise=target)
    assert insp.id is not None
    inspections.answer(inspector, insp.id, "CHEM-2017-01", "noncompliant",
                       note="主要负责人未经考核", evidence=[photo])
    (h,) = inspections.inspection_view(ctx, insp.id).hazards
    assert h.id is not None
    world = HazardWorld(url, store, today, h.id, target, shas)
    lead, owner = world.ctx(LEAD), world.ctx(OWNER)
    steps = STEPS[1:STEPS.index(upto) + 1]
    for step in steps:
        if step == "planned":
            hazards.set_deadline(lead, h.id, today + dt.timedelta(days=20))
            hazards.plan(owner, h.id, responsible="安全科张三", plan_goal="消除隐患",
                         plan_method="补考核", plan_funding="企业自筹",
                         plan_organisation="安全科", plan_timeline="三十日内",
                         plan_safety="专人监护")
        elif step == "extended":
            hazards.request_extension(owner, h.id, until=today + dt.timedelta(days=40),
                                      reason="考试排期")
            hazards.decide_extension(lead, h.id, grant=True, note="同意")
        elif step == "submitted":
            hazards.submit(owner, h.id, evidence="已报名考试", files=[fix])
        elif step == "rejected":
            hazards.verify(lead, h.id, accept=False, note="证书未取得")
        elif step == "resubmitted":
            hazards.submit(owner, h.id, evidence="已取得证书")
        elif step == "accepted":
            hazards.verify(lead, h.id, accept=True, note="证书核验无误")
    return world
