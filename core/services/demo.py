"""The demo database: a few dozen enterprises of Jinan across sectors and districts, one
campaign at each stage and an earlier round closed, hazards in every state (some overdue),
major hazards as rare as a real city finds them — all made through the same services the
command line uses, so the demo is also a walk through the whole process."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from core.engine import Answers, evaluate
from core.engine.determination import Verdict
from core.engine.evaluation import split_site
from core.engine.findings import Status
from core.i18n import AnjianError
from core.process import credit_code as credit
from core.services import (
    bureau,
    campaigns,
    decisions,
    documents,
    hazards,
    inspections,
    risk,
    risk_map,
    risk_outputs,
    roster,
    users,
)
from core.services.context import Context
from core.services.packs import default_catalogue, get_pack
from core.store import queries as q
from core.store.db import default_url, open_store, sqlite_path
from core.store.tables import Inspection
from core.views.inspections import InspectionView

DISTRICTS = {"历下区": "370102", "市中区": "370103", "槐荫区": "370104", "天桥区": "370105",
             "历城区": "370112", "长清区": "370113", "章丘区": "370114", "济阳区": "370115",
             "莱芜区": "370116", "钢城区": "370117"}

# sector: (packs, name stems, suffix, tags for inspections, categories)
SECTORS: dict[str, tuple[list[str], list[str], str, list[str], list[str]]] = {
    "chemicals": (["chem-2017"], ["鲁华", "泉城", "齐鲁", "华鲁", "明水", "黄河"],
                  "化工有限公司", [], []),
    "metallurgy": (["it-2023", "it-2023-dust", "gb35181-2017"], ["济钢", "泰山", "钢城", "莱钢"],
                   "钢铁有限公司", ["metallurgy"], ["flammable_explosive"]),
    "retail": (["gb35181-2017"], ["泉城路", "恒隆", "华联", "银座", "万达", "嘉华"],
               "商贸有限公司", [], ["people_dense"]),
    "food": (["it-2023", "it-2023-ammonia", "it-2023-confined-space"],
             ["佳宝", "趵突", "大明湖", "千佛山", "泉香"], "食品有限公司", ["light_industry"], []),
    "mining": (["nm-2022"], ["莱芜铁", "章丘石", "历城石", "钢城铁"], "矿业有限公司",
               ["underground"], []),
    "machinery": (["it-2023", "it-2023-dust"], ["重汽", "二机", "天力", "华宇", "圣泉"],
                  "机械制造有限公司", ["machinery"], []),
}


#: The few inspections that find a major hazard, by sector: kind of inspection (the on-site
#: one; the first self-inspection) → the pack it is found under (see ``_walk``). So the demo
#: city has 2 major-hazard determinations in 22 on-site and follow-up inspections (90.9 per
#: 1,000; Jinan publishes 93.5) and 1 in 18 self-inspections; every other inspection finds
#: general hazards or none.
FINDS: dict[str, dict[str, str]] = {"chemicals": {"onsite": "chem-2017"},
                                    "metallurgy": {"onsite": "gb35181-2017"},
                                    "retail": {"self": "gb35181-2017"}}

#: Who runs the demo: its first user, so its administrator. The TUI opens as this user.
ADMIN = "演示管理员"
INSPECTORS = ["刘洋", "陈静", "赵磊"]
ANALYST = "数据分析员"


def demo_url() -> str:
    return default_url("demo.db")


def make_uscc(rng: random.Random, division: str) -> str:
    body = "91" + division + "".join(rng.choice(credit.CHARSET) for _ in range(9))
    return body + credit.check_character(body)


def seed_demo(*, fresh: bool = False, url: str | None = None,
              today: dt.date | None = None) -> str:
    """Create (or with ``fresh`` recreate) the demo database; returns its URL."""
    target = url or demo_url()
    if fresh:
        path = sqlite_path(target)
        if path is None:
            raise AnjianError("demo.fresh_sqlite")
        if path.exists() and not _is_demo(target):
            raise AnjianError("demo.not_demo", path=str(path))
        for suffix in ("", "-wal", "-shm"):
            Path(str(path) + suffix).unlink(missing_ok=True)
    store = open_store(target)
    try:
        with store.session() as s:
            if q.enterprises(s):
                return target  # already seeded: open it as it is
        ctx = Context(store, default_catalogue(), ADMIN, today or dt.date.today(), "zh")
        _seed(ctx, random.Random(2021))
    finally:
        store.close()
    return target


def _is_demo(url: str) -> bool:
    """Whether the database at ``url`` is a demo database (its administrator is the demo's),
    so that ``--fresh`` never deletes someone's real records."""
    try:
        store = open_store(url, migrate=False)
    except AnjianError:
        return False
    try:
        with store.session() as s:
            admin = q.user(s, ADMIN)
        return admin is not None and admin.admin
    except Exception:  # no such table, not a database at all: not ours to delete
        return False
    finally:
        store.close()


def _seed(ctx: Context, rng: random.Random) -> None:
    real_today = ctx.today
    by_sector: dict[str, list[str]] = {}
    people: dict[str, str] = {}  # enterprise → its safety manager's user name
    for sector, (_, stems, suffix, _, _) in SECTORS.items():
        for stem in stems:
            district = rng.choice(list(DISTRICTS))
            e = roster.add_enterprise(
                ctx, uscc=make_uscc(rng, DISTRICTS[district]), name=f"济南{stem}{suffix}",
                sector=sector, district=district,
                address=f"济南市{district}{stem}路{rng.randint(1, 399)}号",
                contact=f"{rng.choice('王李张刘陈杨赵黄周吴')}经理 "
                        f"0531-{rng.randint(80000000, 89999999)}")
            by_sector.setdefault(sector, []).append(e.uscc)
            people[e.uscc] = enterprise_user(e.name)
            users.add_user(ctx, people[e.uscc], role="enterprise", enterprise=e.uscc)
    stages = ["closed", "followup", "self_rectification", "feedback", "onsite", "team_formation"]
    leads = ["孙建国", "周立新", "吴海燕", "郑国强", "王丽", "冯志远"]
    for name in leads:
        users.add_user(ctx, name, role="lead")
    for name in INSPECTORS:
        users.add_user(ctx, name, role="inspector")
    users.add_user(ctx, ANALYST, role="analyst")
    # the bureau that issues the enforcement documents, and its officers' certificates
    bureau.set_bureau(ctx, name="济南市应急管理局", short="济", edition="应急",
                      reconsideration=["济南市人民政府", "山东省应急管理厅"],
                      court="济南市历下区人民法院")
    for n, name in enumerate(leads + INSPECTORS, start=1):
        bureau.set_cert(ctx, name, cert_no=f"3701{rng.randint(100000, 999999)}{n:02d}",
                        until=real_today + dt.timedelta(days=3 * 365))
    for n, (sector, stage) in enumerate(zip(SECTORS, stages, strict=False)):
        packs, _, _, tags, cats = SECTORS[sector]
        members = INSPECTORS[: 2 + n % 2]
        with acting(ctx, leads[n]):
            c = campaigns.new_campaign(ctx, sector=sector, packs=packs,
                                       target=by_sector[sector][0], lead=leads[n], members=members)
        assert c.id is not None
        _walk(ctx, rng, c.id, stage, by_sector[sector], tags, cats,
              start=real_today - dt.timedelta(days=150 - 20 * n), team=(leads[n], members),
              names=people, finds=FINDS.get(sector, {}))
    # the chemicals round before this one, closed months ago (another typical enterprise)
    packs, _, _, tags, cats = SECTORS["chemicals"]
    earlier = by_sector["chemicals"][1:] + by_sector["chemicals"][:1]
    with acting(ctx, leads[0]):
        c = campaigns.new_campaign(ctx, sector="chemicals", packs=packs, target=earlier[0],
                                   lead=leads[0], members=INSPECTORS[:2])
    assert c.id is not None
    _walk(ctx, rng, c.id, "closed", earlier, tags, cats,
          start=real_today - dt.timedelta(days=240), team=(leads[0], INSPECTORS[:2]),
          names=people)
    ctx.today = real_today
    for n, uscc in enumerate(by_sector["chemicals"][:2]):
        with acting(ctx, people[uscc]):
            _risk_register(ctx, rng, uscc, TANKS[n])


#: The demo's risk register (风险分级管控台账), kept by the first two chemicals enterprises:
#: each point's code, name, kind (作业活动 by JHA, 设备设施 by SCL), place, zone on a 6 × 4
#: grid (x, y, w, h) and entries — step, 危险源, its class, accident types, measures, the
#: standard, and the inherent and current assessment (preset, inputs, 直接判定 rules). The
#: points' current grades: one 重大 (the tank farm, by the rule sd-chem/tank-farm), one
#: 较大, two 一般, one 低. ``{tank}`` is what the enterprise stores (:data:`TANKS`).
RISK_POINTS: list[dict[str, Any]] = [
    {"code": "FX-01", "name": "{tank}储罐区", "kind": "equipment", "place": "罐区",
     "zone": (0, 0, 2, 2), "entries": [
         ("储罐本体及液位、压力、温度监测", "{tank}储罐超压泄漏", "thing",
          ["poisoning", "fire", "other_explosion"],
          {"engineering": "液位、压力高高联锁，紧急切断阀，可燃有毒气体检测报警仪",
           "management": "罐区每班巡检，重大危险源包保责任制",
           "emergency": "罐区事故应急预案，每半年演练一次"},
          "GB 50160-2008", ("ls-shandong", {"L": 4, "S": 5}, ("sd-chem/tank-farm",)),
          ("ls-shandong", {"L": 2, "S": 5}, ("sd-chem/tank-farm",))),
         ("安全阀、呼吸阀定期校验", "安全附件失效", "management", ["vessel_explosion"],
          {"management": "安全阀每年校验一次，建立校验台账"},
          "TSG 21-2016", ("ls-shandong", {"L": 3, "S": 4}, ()),
          ("ls-shandong", {"L": 2, "S": 4}, ()))]},
    {"code": "FX-02", "name": "动火作业", "kind": "activity", "place": "合成车间检修区",
     "zone": (2, 2, 2, 2), "entries": [
         ("动火前气体分析", "动火点周围可燃气体浓度超标", "thing", ["fire", "other_explosion"],
          {"management": "办理动火安全作业票，分析合格后30分钟内动火",
           "protection": "配备灭火器、防火毯"},
          "GB 30871-2022", ("lec-classic", {"L": 10, "E": 3, "C": 15}, ()),
          ("lec-classic", {"L": 6, "E": 3, "C": 15}, ())),
         ("动火作业监护", "监护人离岗", "person", ["fire"],
          {"management": "专人监护，监护人不得离开现场", "training": "监护人经培训合格"},
          "GB 30871-2022", ("lec-classic", {"L": 6, "E": 3, "C": 7}, ()),
          ("lec-classic", {"L": 3, "E": 3, "C": 7}, ()))]},
    {"code": "FX-03", "name": "装卸车作业", "kind": "activity", "place": "装卸站",
     "zone": (0, 2, 2, 2), "entries": [
         ("连接装卸鹤管", "鹤管连接不严泄漏", "thing", ["poisoning", "fire"],
          {"engineering": "装卸鹤管设紧急切断和静电接地报警",
           "management": "装卸作业票，专人监护"},
          "GB 50160-2008", ("lec-classic", {"L": 6, "E": 6, "C": 7}, ()),
          ("lec-classic", {"L": 3, "E": 6, "C": 7}, ())),
         ("槽车进出厂区", "车辆未熄火、未限速", "person", ["vehicle"],
          {"management": "槽车限速5公里每小时，装卸时熄火并拔钥匙"},
          "", ("lec-classic", {"L": 3, "E": 6, "C": 3}, ()),
          ("lec-classic", {"L": 1, "E": 6, "C": 3}, ()))]},
    {"code": "FX-04", "name": "反应釜", "kind": "equipment", "place": "合成车间",
     "zone": (2, 0, 2, 2), "entries": [
         ("温度、压力联锁", "反应失控超温超压", "thing", ["vessel_explosion", "poisoning"],
          {"engineering": "温度、压力高报警及紧急冷却联锁，爆破片",
           "training": "岗位操作规程培训，持证上岗"},
          "GB/T 37243-2019", ("ls-shandong", {"L": 4, "S": 4}, ()),
          ("ls-shandong", {"L": 3, "S": 3}, ())),
         ("搅拌器及机械密封", "机械密封泄漏", "thing", ["poisoning"],
          {"management": "每班检查机械密封，定期更换"},
          "", ("ls-shandong", {"L": 3, "S": 3}, ()), ("ls-shandong", {"L": 2, "S": 3}, ())),
         ("釜体接地", "静电积聚", "environment", ["fire"],
          {"engineering": "釜体及管道静电接地，每年检测"},
          "GB 12158-2006", ("ls-shandong", {"L": 2, "S": 3}, ()),
          ("ls-shandong", {"L": 1, "S": 3}, ()))]},
    {"code": "FX-05", "name": "配电室", "kind": "equipment", "place": "综合楼一层",
     "zone": (4, 0, 1, 1), "entries": [
         ("配电柜及绝缘防护", "带电部位裸露", "thing", ["electric"],
          {"protection": "绝缘胶垫、绝缘手套",
           "management": "电工持证上岗，停送电执行工作票"},
          "GB 50054-2011", ("ls-shandong", {"L": 3, "S": 3}, ()),
          ("ls-shandong", {"L": 2, "S": 3}, ()))]},
]
#: What each of the two enterprises keeps in its tank farm.
TANKS = ("液氨", "甲醇")


def _risk_register(ctx: Context, rng: random.Random, uscc: str, tank: str) -> None:
    """The enterprise's register as its safety manager builds it: each point with the
    people at the 班组 and 岗位 tiers, the company and workshop tiers named before an entry
    that needs them; the points laid out on a zone grid; a hazard of its ledger tied to the
    tank farm; and the first risk report filed."""
    def person() -> str:
        return rng.choice("王李张刘陈杨赵黄周吴孙马") + rng.choice(
            ["建国", "志强", "海涛", "丽娜", "国华", "永平", "春雷", "晓东"])
    company = f"副总经理 {person()}"
    risk_map.set_plan_grid(ctx, uscc, 6, 4)
    tank_farm = None
    for spec in RISK_POINTS:
        point = risk.add_point(
            ctx, uscc, code=spec["code"], name=spec["name"].format(tank=tank),
            kind=spec["kind"], place=spec["place"],
            responsible={"team": f"班长 {person()}", "post": f"操作工 {person()}"})
        for (step, source, cls, accidents, measures, standard, before, now) in spec["entries"]:
            graded = risk.calculate(ctx, preset=now[0], inputs=now[1], rules=now[2])
            missing = {t.value for t in graded.tiers} - set(point.responsible)
            if missing:
                point = risk.set_responsible(ctx, point.id, {
                    "company": company, "workshop": f"车间主任 {person()}"})
            point = risk.add_entry(
                ctx, point.id, step=step, hazard=source.format(tank=tank), source_class=cls,
                accident_types=accidents, measures=measures, standard=standard,
                inherent={"preset": before[0], "inputs": before[1], "rules": before[2]},
                current={"preset": now[0], "inputs": now[1], "rules": now[2]})
        risk_map.place(ctx, point.id, *spec["zone"])
        tank_farm = tank_farm or point.id
    found = hazards.ledger(ctx, enterprise=uscc)
    open_ = [r.hazard for r in found if r.hazard.status != "closed"]
    linked = open_[0] if open_ else (found[-1].hazard if found else None)
    if linked is not None and linked.id is not None and tank_farm is not None:
        risk.link_hazard(ctx, linked.id, tank_farm)
    risk_outputs.file_report(ctx, uscc, "first")


def enterprise_user(name: str) -> str:
    """The demo's safety manager of an enterprise (济南鲁华化工有限公司 → 鲁华化工安全员)."""
    return name.removeprefix("济南").replace("有限公司", "") + "安全员"


@contextmanager
def acting(ctx: Context, name: str) -> Iterator[None]:
    """Do what follows as ``name``, as that person would from their own terminal."""
    before, ctx.actor = ctx.actor, name
    try:
        yield
    finally:
        ctx.actor = before


def _inspect(ctx: Context, rng: random.Random, campaign_id: int, uscc: str, kind: str,
             tags: list[str], cats: list[str], general: int = 0, major: str | None = None) -> int:
    """An inspection answered in full: every item compliant but up to ``general`` that make
    no major hazard and, with ``major`` (a pack), one of that pack that alone makes one."""
    # Confirmed: the fire inspections stand under GB 35181-2017, withdrawn since 2025-11-01
    # with no 2025 pack to replace it, and the demo shows how such a result is marked.
    insp = inspections.start_inspection(ctx, campaign_id=campaign_id, enterprise=uscc,
                                        kind=kind, tags=tags, categories=cats,
                                        withdrawn_ok=True)
    assert insp.id is not None
    view = inspections.inspection_view(ctx, insp.id)
    found = _findings(ctx, rng, view, general, major)
    for item in view.unanswered:
        status = "noncompliant" if item in found else "compliant"
        note = "现场发现问题，已拍照取证" if status == "noncompliant" else ""
        inspections.answer(ctx, insp.id, item, status, note=note)
    return insp.id


def _findings(ctx: Context, rng: random.Random, view: InspectionView, general: int,
              major: str | None) -> set[str]:
    """What a real inspection finds: a few general hazards (never enough to reach a composite
    rule's threshold) and, in the few inspections that find one, one major hazard. The engine
    says which items make a major hazard at this site, whatever the pack."""
    packs = {d.pack: get_pack(ctx.catalogue, d.pack).pack for d in view.determinations}
    sites = split_site(list(packs.values()), view.inspection.site, "site")

    def is_major(pack: str, items: set[str]) -> bool:
        answers = Answers(dict.fromkeys(items, Status.noncompliant))
        return evaluate(packs[pack], sites[pack], answers).verdict is Verdict.major

    found: dict[str, set[str]] = {d.pack: set() for d in view.determinations}
    candidates = [(d.pack, i) for d in view.determinations for i in d.unanswered]
    rng.shuffle(candidates)
    for pack, item in candidates:
        if general and not is_major(pack, found[pack] | {item}):
            found[pack].add(item)
            general -= 1
    lone = next(((p, i) for p, i in candidates if p == major and is_major(p, {i})), None)
    if lone is not None:
        found[lone[0]].add(lone[1])
    return set().union(*found.values())


def _decide(ctx: Context, inspection_id: int, lead: str, members: list[str]) -> None:
    """The team's collective decision on every determination whose standard asks for one."""
    with ctx.store.session() as s:
        insp = q.get(s, Inspection, inspection_id, "inspection")
        todo = decisions.pending(s, ctx.catalogue, insp)
    with acting(ctx, lead):
        for p in todo:
            decisions.decide(ctx, inspection_id, pack=p.pack_id, participants=[lead, *members],
                             note="检查组集体讨论，形成结论性判定意见")


def _walk(ctx: Context, rng: random.Random, cid: int, stage: str, enterprises: list[str],
          tags: list[str], cats: list[str], start: dt.date,
          team: tuple[str, list[str]], names: dict[str, str],
          finds: dict[str, str] | None = None) -> None:
    """The campaign taken through its steps up to ``stage``. The kinds of inspection in
    ``finds`` (the on-site one; the first self-inspection) find a major hazard under the pack
    named; the others, as in a real city, only general ones or none."""
    finds = finds or {}
    lead, members = team
    ctx.today = start
    if stage == "team_formation":
        return
    with acting(ctx, lead):
        campaigns.advance(ctx, cid)  # → onsite
    ctx.today = start + dt.timedelta(days=3)
    with acting(ctx, members[0]):
        onsite = _inspect(ctx, rng, cid, enterprises[0], "onsite", tags, cats,
                          general=rng.randint(1, 3), major=finds.get("onsite"))
    if stage == "onsite":
        return
    _decide(ctx, onsite, lead, members)
    order = _paper(ctx, onsite, officers=[members[0], lead], person=names[enterprises[0]])
    with acting(ctx, lead):
        campaigns.advance(ctx, cid)  # → feedback
        ctx.today += dt.timedelta(days=5)
        campaigns.record_training(ctx, cid, held_on=ctx.today, attendees=enterprises,
                                  note="典型单位问题通报及判定标准解读")
    if stage == "feedback":
        return
    with acting(ctx, lead):
        campaigns.advance(ctx, cid)  # → self_rectification
    for n, uscc in enumerate(enterprises[1:]):
        ctx.today += dt.timedelta(days=2)
        with acting(ctx, names[uscc]):
            _inspect(ctx, rng, cid, uscc, "self", tags, cats, general=rng.choice((0, 1, 2)),
                     major=finds.get("self") if n == 0 else None)
    _manage_hazards(ctx, rng, cid, closing=stage in ("followup", "closed"), lead=lead,
                    names=names)
    if stage == "self_rectification":
        return
    with acting(ctx, lead):
        campaigns.advance(ctx, cid)  # → followup
    ctx.today += dt.timedelta(days=20)
    for uscc in enterprises:  # the team re-checks every enterprise of the sector
        with acting(ctx, members[-1]):
            followup = _inspect(ctx, rng, cid, uscc, "followup", tags, cats)
        _decide(ctx, followup, lead, members)
    if order is not None:
        with acting(ctx, members[-1]):  # the order's review, made at the follow-up
            documents.issue(ctx, documents.IssueRequest(
                kind="复查", inspection_id=onsite, officers=[members[-1], lead]))
    if stage == "followup":
        return
    with acting(ctx, lead):
        campaigns.advance(ctx, cid)  # → closed


def _paper(ctx: Context, inspection_id: int, officers: list[str], person: str) -> str | None:
    """The documents of an on-site inspection, issued the day it ends: the record, the order
    (its problems to be rectified within a month) delivered on the spot, and the receipt.
    Returns the order's number (None: nothing to order)."""
    with acting(ctx, officers[0]):
        documents.issue(ctx, documents.IssueRequest(
            kind="检记", inspection_id=inspection_id, officers=officers, person_in_charge=person))
        open_ = [h for h in hazards.ledger(ctx) if h.hazard.inspection_id == inspection_id
                 and h.hazard.status != "closed" and not h.hazard.corrected_on_site]
        if not open_:
            return None
        order = documents.issue(ctx, documents.IssueRequest(
            kind="责改", inspection_id=inspection_id, officers=officers, person_in_charge=person,
            deadline=ctx.today + dt.timedelta(days=30))).document
        documents.deliver(ctx, order.number, to=person, method="direct", on=ctx.today)
        documents.issue(ctx, documents.IssueRequest(
            kind="回", inspection_id=inspection_id, officers=officers))
        return order.number


def _manage_hazards(ctx: Context, rng: random.Random, cid: int, closing: bool, lead: str,
                    names: dict[str, str]) -> None:
    """Plan every hazard; some submitted, some verified, one rejected, some left overdue."""
    plan = {"plan_goal": "消除隐患，恢复设施正常运行",
            "plan_method": "停用整改、更换设备、完善制度",
            "plan_funding": "企业自筹专项资金", "plan_organisation": "安全生产管理部门牵头",
            "plan_timeline": "按期完成并申请复查", "plan_safety": "整改期间落实监护及应急预案"}
    for n, row in enumerate(hazards.ledger(ctx, campaign=cid)):
        h = row.hazard
        if h.status == "closed" or h.id is None:
            continue
        state = "closed" if closing else ("overdue", "planned", "submitted", "rejected",
                                          "open")[n % 5]
        if state == "open":
            continue  # nobody planned it yet
        # the team sets the deadline on the day it finds the hazard (an overdue one: that
        # very day); the enterprise then plans
        deadline = (h.found_on if state == "overdue"
                    else ctx.today + dt.timedelta(days=rng.randint(15, 60)))
        now, ctx.today = ctx.today, h.found_on
        try:
            if h.deadline is None:  # an order's problem has the order's deadline already
                with acting(ctx, lead):
                    hazards.set_deadline(ctx, h.id, deadline)
        finally:
            ctx.today = now
        extra: dict[str, Any] = plan if h.level == "major" else {}
        with acting(ctx, names[h.enterprise_uscc]):
            hazards.plan(ctx, h.id,
                         responsible=rng.choice(["安全科 刘工", "设备部 张工", "车间主任 李工"]),
                         **extra)
            if state in ("submitted", "rejected", "closed"):
                hazards.submit(ctx, h.id, evidence="整改前后对比照片、验收记录")
        with acting(ctx, lead):
            if state == "rejected":
                hazards.verify(ctx, h.id, accept=False, note="整改不彻底，退回继续整改")
            if state == "closed":
                hazards.verify(ctx, h.id, accept=True, note="复查合格，予以销号")
