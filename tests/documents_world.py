"""A campaign at the on-site step whose inspection found hazards, a bureau, certified officers
and the people who act on it, made through the real services: what enforcement documents are
issued from."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from core.services import bureau, documents, inspections, users
from core.services.context import Context
from core.services.packs import default_catalogue
from core.store.db import Store, open_store
from tests.workflow_helpers import onsite_campaign

ADMIN, LEAD, INSPECTOR, INSPECTOR2 = "管理员", "组长甲", "检查员乙", "检查员丙"
OUTSIDER, OWNER = "检查员戊", "企业安全员"
BUREAU = {"name": "济南市应急管理局", "short": "济", "edition": "应急",
          "reconsideration": ["济南市人民政府", "山东省应急管理厅"],
          "court": "济南市历下区人民法院", "seal": "济南市应急管理局"}
CERTS = {LEAD: "37010001", INSPECTOR: "37010002", INSPECTOR2: "37010003",
         OUTSIDER: "37010004"}
#: The items the inspection finds: a major hazard with a note, a general one, and one
#: compliant with a remark.
FOUND = (("CHEM-2017-01", "noncompliant", "主要负责人未经安全考核"),
         ("CHEM-2017-12", "noncompliant", "储罐区未设置可燃气体报警"),
         ("CHEM-2017-02", "compliant", "安全制度齐全"))


@dataclass
class DocWorld:
    url: str
    store: Store
    today: dt.date
    campaign: int
    enterprise: str
    inspection: int
    hazards: list[int] = field(default_factory=list)

    def ctx(self, user: str, today: dt.date | None = None, lang: str = "zh") -> Context:
        return Context(self.store, default_catalogue(), user, today or self.today,
                       "en" if lang == "en" else "zh")

    def request(self, kind: str, **kw: object) -> documents.IssueRequest:
        return documents.IssueRequest(kind=kind, inspection_id=self.inspection,  # type: ignore[arg-type]
                                      **kw)  # type: ignore[arg-type]


def doc_world(url: str, today: dt.date, *, with_bureau: bool = True,
              certified: tuple[str, ...] = (LEAD, INSPECTOR, INSPECTOR2, OUTSIDER),
              cert_until: dt.date | None = None) -> DocWorld:
    """The world on the database at ``url`` (at the current schema), dated ``today``."""
    store = open_store(url)
    cat = default_catalogue()
    admin = Context(store, cat, ADMIN, today, "zh")
    for name, role in ((LEAD, "lead"), (INSPECTOR, "inspector"), (INSPECTOR2, "inspector"),
                       (OUTSIDER, "inspector")):
        users.add_user(admin, name, role=role)
    cid, target = onsite_campaign(admin)
    users.add_user(admin, OWNER, role="enterprise", enterprise=target)
    inspector = Context(store, cat, INSPECTOR, today, "zh")
    insp = inspections.start_inspection(inspector, campaign_id=cid, enterprise=target)
    assert insp.id is not None
    for item, status, note in FOUND:
        inspections.answer(inspector, insp.id, item, status, note=note)
    hazards = [h.id for h in inspections.inspection_view(admin, insp.id).hazards
               if h.id is not None]
    if with_bureau:
        bureau.set_bureau(admin, **BUREAU)  # type: ignore[arg-type]
    for name in certified:
        bureau.set_cert(admin, name, cert_no=CERTS[name],
                        until=cert_until or today + dt.timedelta(days=365))
    return DocWorld(url, store, today, cid, target, insp.id, sorted(hazards))
