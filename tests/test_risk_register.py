"""The enterprise risk register (风险分级管控台账), on SQLite and PostgreSQL, through the real
services: risk points and their entries graded from the installed presets (the point takes
its gravest entry's grades), the responsible person each 管控层级 needs, hazards tied to
points and the re-assessment flag they raise (an open major hazard; a hazard recurring
after 销号), the whole register with its site plan and audit head, and the calculator.
Every refusal names the field and leaves the database as it was.

The hazards are found by real inspections (121号 item 1, a direct major item) and closed
through the real rectification workflow.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import func
from sqlmodel import select

from core.engine.grading import Graded
from core.i18n import AnjianError
from core.services import hazards, inspections, risk, users
from core.services.context import Context
from core.services.packs import default_catalogue
from core.store import queries as q
from core.store.db import open_store
from core.store.tables import RiskEntry, RiskLink, RiskPoint, SitePlan
from tests.workflow_helpers import enterprise, onsite_campaign

TODAY = dt.date(2026, 3, 2)
ITEM = "CHEM-2017-01"


def lec(l_: float, e: float, c: float, *rules: str) -> dict[str, Any]:
    return {"preset": "lec-classic", "inputs": {"L": l_, "E": e, "C": c}, "rules": list(rules)}


@dataclass
class World:
    """An on-site campaign on 121号 at enterprise ``code``, and a second enterprise
    ``other``; 组长甲 (the database's administrator) acts."""

    ctx: Context
    campaign: int
    code: str
    other: str

    def inspect(self, answer: str = "noncompliant") -> tuple[int, int | None]:
        """An inspection of ``code`` answering item 1; (its id, the hazard it holds)."""
        insp = inspections.start_inspection(self.ctx, campaign_id=self.campaign,
                                            enterprise=self.code, again=True)
        assert insp.id is not None
        inspections.answer(self.ctx, insp.id, ITEM, answer, note="主要负责人未经考核")
        found = inspections.inspection_view(self.ctx, insp.id).hazards
        return insp.id, (found[0].id if found else None)

    def close(self, hazard_id: int) -> None:
        """Rectify and accept the hazard (销号)."""
        hazards.set_deadline(self.ctx, hazard_id, TODAY + dt.timedelta(days=20))
        hazards.plan(self.ctx, hazard_id, responsible="安全科张三", plan_goal="消除隐患",
                     plan_method="补考核", plan_funding="企业自筹", plan_organisation="安全科",
                     plan_timeline="三十日内", plan_safety="专人监护")
        hazards.submit(self.ctx, hazard_id, evidence="已取得证书")
        hazards.verify(self.ctx, hazard_id, accept=True, note="证书核验无误")


@pytest.fixture
def world(db_url: str) -> Iterator[World]:
    ctx = Context(open_store(db_url), default_catalogue(), "组长甲", TODAY, "zh")
    cid, code = onsite_campaign(ctx)
    other = enterprise(ctx, name="济南另一化工有限公司")
    yield World(ctx, cid, code, other)
    ctx.store.close()


def stored(w: World) -> tuple[Any, ...]:
    """Everything the register keeps, and the audit chain's length."""
    with w.ctx.store.reading() as s:
        points = [(p.id, p.code, p.grade, p.responsible, p.inherent, p.current, p.version)
                  for p in s.exec(select(RiskPoint).order_by(RiskPoint.id)).all()]  # type: ignore[arg-type]
        n_entries = s.exec(select(func.count()).select_from(RiskEntry)).one()
        links = [(x.hazard_id, x.risk_point_id) for x in s.exec(select(RiskLink)).all()]
        return points, n_entries, links, q.audit_head(s).seq


def refused(w: World, key: str, attempt: Callable[[], Any]) -> AnjianError:
    """The refusal ``attempt`` raises, which must be ``key``'s, with nothing stored."""
    before = stored(w)
    with pytest.raises(AnjianError) as caught:
        attempt()
    assert caught.value.key == key, caught.value
    assert stored(w) == before
    return caught.value


def audit(w: World, action: str) -> list[Any]:
    with w.ctx.store.reading() as s:
        return [e for e in q.audit_entries(s) if e.action == action]


def point(w: World, code: str = "FXD-001", **more: Any) -> Any:
    values: dict[str, Any] = {"code": code, "name": "硫化氢汽提塔巡检", "kind": "activity",
                              "place": "汽提装置"} | more
    return risk.add_point(w.ctx, values.pop("enterprise", w.code), **values)


def entry(w: World, point_id: int, inherent: dict[str, Any], current: dict[str, Any],
          **more: Any) -> Any:
    values: dict[str, Any] = {"step": "打开人孔取样", "hazard": "硫化氢泄漏",
                              "source_class": "thing", "accident_types": ["poisoning"],
                              "measures": {"engineering": "设置固定式硫化氢报警仪",
                                           "protection": "佩戴正压式空气呼吸器"},
                              "consequence": "人员中毒窒息"} | more
    return risk.add_entry(w.ctx, point_id, inherent=inherent, current=current, **values)


# --- the calculator -----------------------------------------------------------------------


def test_the_calculator_at_d_70_and_d_20_stores_nothing(world: World) -> None:
    before = stored(world)
    at70 = risk.calculate(world.ctx, preset="lec-classic", inputs={"L": 1, "E": 10, "C": 7})
    assert (at70.value, at70.grade.value, at70.level, at70.colour) == (70, "low", 4, "blue")
    assert [t.value for t in at70.tiers] == ["team", "post"]
    at20 = risk.calculate(world.ctx, preset="lec-classic", inputs={"L": 0.5, "E": 1, "C": 40})
    assert (at20.value, at20.grade.value, at20.level, at20.colour) == (20, "low", 5, "blue")
    above = risk.calculate(world.ctx, preset="lec-classic", inputs={"L": 3, "E": 6, "C": 7})
    assert (above.value, above.grade.value, above.level) == (126, "general", 3)
    assert stored(world) == before
    # the calculator needs no database at all
    alone = risk.calculate(risk.calculator(), preset="lec-classic",
                           inputs={"L": 1, "E": 10, "C": 7})
    assert alone == at70


def test_a_direct_rule_raises_the_grade_to_major_and_names_the_rule(world: World) -> None:
    g = risk.calculate(world.ctx, preset="lec-classic", inputs={"L": 3, "E": 6, "C": 15},
                       rules=["sd-chem/h2s"])
    assert (g.value, g.computed.value, g.grade.value, g.colour) == (270, "significant",
                                                                     "major", "red")
    assert g.rules == (("sd-chem/h2s", "易产生硫化氢的作业场所"),)
    assert [t.value for t in g.tiers] == ["company", "workshop", "team", "post"]
    with pytest.raises(AnjianError) as caught:
        risk.calculate(world.ctx, preset="lec-classic", inputs={"L": 3, "E": 6, "C": 15},
                       rules=["sd-chem/none"])
    assert caught.value.key == "risk.rule_unknown"


# --- points and entries -------------------------------------------------------------------


def test_a_point_takes_its_gravest_entrys_grades_and_every_write_is_audited(
        world: World) -> None:
    p = point(world, responsible={"team": "班长李四", "post": "操作工王五"},
              detail={"作业内容": "人孔取样"})
    assert (p.code, p.kind, p.grade, p.inherent, p.entries) == ("FXD-001", "activity", None,
                                                                 None, ())
    (added,) = audit(world, "risk.point.add")
    assert (added.object_type, added.object_id, added.after["code"]) == (
        "risk_point", str(p.id), "FXD-001")
    # D = 54 (一般) → 42 (低): the team and the post suffice
    p = entry(world, p.id, lec(3, 6, 3), lec(1, 6, 7))
    assert p.current is not None and p.inherent is not None
    assert (p.inherent.grade, p.inherent.value, p.current.grade, p.current.value) == (
        "low", 54, "low", 42)
    assert (p.assessed_on, p.assessed_by) == (TODAY, "组长甲")
    # a graver step: 固有 D = 540 (重大), 现有 D = 126 (一般, 车间 needed)
    risk.set_responsible(world.ctx, p.id, {"workshop": "车间主任赵六"})
    p = entry(world, p.id, lec(6, 6, 15), lec(3, 6, 7), step="进入塔内检修",
              accident_types=["poisoning", "fall"])
    assert p.inherent is not None and p.current is not None
    assert (p.inherent.grade, p.inherent.value, p.current.grade, p.current.value) == (
        "major", 540, "general", 126)
    assert p.grade == "general"
    assert [(e.seq, e.step) for e in p.entries] == [(1, "打开人孔取样"), (2, "进入塔内检修")]
    assert p.entries[1].accident_types == ("poisoning", "fall")
    assert p.entries[1].measures == {"engineering": "设置固定式硫化氢报警仪",
                                     "protection": "佩戴正压式空气呼吸器"}
    with world.ctx.store.reading() as s:
        row = s.get(RiskPoint, p.id)
        assert row is not None and row.grade == "general"
        assert Graded.of_record(row.current or {}).value == 126
    assert len(audit(world, "risk.entry.add")) == 2
    graded = audit(world, "risk.point.grade")
    assert graded[-1].after == {"grade": "general", "inherent": "major", "current": "general"}
    assert risk.point(world.ctx, p.id) == p


def test_current_graver_than_inherent_is_refused_naming_both(world: World) -> None:
    p = point(world, responsible={c: "张三" for c in ("company", "workshop", "team", "post")})
    why = refused(world, "risk.register.current_above",
                  lambda: entry(world, p.id, lec(3, 6, 3), lec(3, 6, 7)))
    text = why.render("zh")
    assert text.startswith("current：现有风险（一般风险，126）高于固有风险（低风险，54）")
    assert text.endswith("未保存任何内容")
    # same grade, higher value under one preset: still above
    refused(world, "risk.register.current_above",
            lambda: entry(world, p.id, lec(1, 6, 7), lec(3, 6, 3)))


def test_a_tier_the_grade_requires_without_a_person_is_refused(world: World) -> None:
    p = point(world, responsible={"team": "班长李四", "post": "操作工王五"})
    why = refused(world, "risk.register.tier_missing",
                  lambda: entry(world, p.id, lec(6, 6, 15), lec(3, 6, 15)))
    assert why.params["field"] == "responsible.company"
    assert why.render("zh").startswith(
        "responsible.company：风险点 FXD-001 的风险等级为较大风险，需要公司（厂）级责任人；请先用 "
        "`anjian risk responsible 风险点 --responsible company=姓名` 指定")
    # a rule making it 重大 needs every tier
    risk.set_responsible(world.ctx, p.id, {"company": "总经理", "workshop": "车间主任"})
    p = entry(world, p.id, lec(3, 6, 3, "sd-chem/h2s"), lec(1, 6, 3, "sd-chem/h2s"))
    assert p.grade == "major" and p.current is not None
    assert p.current.rules == (("sd-chem/h2s", "易产生硫化氢的作业场所"),)
    # a person the grade needs cannot be cleared
    why = refused(world, "risk.register.tier_missing",
                  lambda: risk.set_responsible(world.ctx, p.id, {"workshop": ""}))
    assert why.params["field"] == "responsible.workshop"
    # an unknown tier
    why = refused(world, "risk.register.choice",
                  lambda: risk.set_responsible(world.ctx, p.id, {"boss": "某人"}))
    assert why.params["field"] == "responsible.boss"


def test_unknown_values_are_refused_naming_the_field_and_the_allowed_ones(
        world: World) -> None:
    why = refused(world, "risk.register.choice", lambda: point(world, kind="place"))
    assert why.render("zh") == ("kind 的取值 place 不可用：可取 作业活动（activity）、"
                                "设备设施（equipment）。未保存任何内容")
    p = point(world, responsible={c: "张三" for c in ("company", "workshop", "team", "post")})
    why = refused(world, "risk.register.choice",
                  lambda: entry(world, p.id, lec(3, 6, 3), lec(1, 6, 3), source_class="mood"))
    assert why.params["field"] == "source_class"
    assert "人的因素（person）、物的因素（thing）" in why.render("zh")
    why = refused(world, "risk.register.choice",
                  lambda: entry(world, p.id, lec(3, 6, 3), lec(1, 6, 3),
                                accident_types=["poisoning", "meteor"]))
    assert (why.params["field"], why.params["value"]) == ("accident_types", "meteor")
    assert "中毒和窒息（poisoning）" in why.render("zh")
    why = refused(world, "risk.register.choice",
                  lambda: entry(world, p.id, lec(3, 6, 3), lec(1, 6, 3),
                                measures={"prayer": "祈祷"}))
    assert why.params["field"] == "measures.prayer"
    assert "工程技术措施（engineering）" in why.render("zh")
    why = refused(world, "risk.factor_value",
                  lambda: entry(world, p.id, lec(3, 6, 3), lec(1, 6, 4)))
    assert why.params["field"] == "current.C"
    refused(world, "risk.preset_unknown",
            lambda: entry(world, p.id, lec(3, 6, 3), {"preset": "lec-x", "inputs": {}}))
    refused(world, "field.required", lambda: entry(world, p.id, lec(3, 6, 3), lec(1, 6, 3),
                                                   step=" "))
    refused(world, "db.not_found", lambda: entry(world, 999, lec(3, 6, 3), lec(1, 6, 3)))


def test_a_code_is_unique_in_its_enterprise(world: World) -> None:
    first = point(world)
    why = refused(world, "risk.register.code_taken", lambda: point(world, name="另一个"))
    assert why.params["id"] == first.id and "FXD-001" in why.render("zh")
    other = point(world, enterprise=world.other)  # another enterprise may use it
    assert other.enterprise_uscc == world.other


def test_an_enterprise_user_keeps_only_its_own_register(world: World) -> None:
    users.add_user(world.ctx, "企业安全员", role="enterprise", enterprise=world.code)
    own = Context(world.ctx.store, world.ctx.catalogue, "企业安全员", TODAY, "zh")
    p = point(world)
    mine = risk.set_responsible(own, p.id, {"post": "操作工王五"})
    assert mine.responsible == {"post": "操作工王五"}
    refused(world, "needs.team_or_enterprise",
            lambda: risk.add_point(own, world.other, code="X-1", name="外单位", kind="activity"))


# --- hazards tied to points and the re-assessment flag --------------------------------------


def test_a_hazard_of_another_enterprise_or_unknown_is_refused(world: World) -> None:
    _, hazard = world.inspect()
    assert hazard is not None
    theirs = point(world, enterprise=world.other)
    why = refused(world, "risk.register.other_enterprise",
                  lambda: risk.link_hazard(world.ctx, hazard, theirs.id))
    assert why.params["hazard_uscc"] == world.code
    refused(world, "db.not_found", lambda: risk.link_hazard(world.ctx, 9999, theirs.id))
    refused(world, "db.not_found", lambda: risk.link_hazard(world.ctx, hazard, 9999))
    refused(world, "risk.register.not_linked", lambda: risk.unlink_hazard(world.ctx, hazard))


def test_an_open_major_hazard_flags_the_point_and_recurring_after_closure_too(
        world: World) -> None:
    p = point(world)
    calm = point(world, code="FXD-002", name="装车站台")
    insp, first = world.inspect()
    assert first is not None
    linked = risk.link_hazard(world.ctx, first, p.id)
    assert linked.hazards == (first,)
    assert linked.reassess == f"需重新评价：有未销号的重大事故隐患 #{first}"
    (entry_,) = audit(world, "risk.link")
    assert (entry_.object_type, entry_.object_id, entry_.after["risk_point"]) == (
        "hazard", str(first), p.id)
    page, total = risk.points(world.ctx, world.code, flagged=True)
    assert ([x.id for x in page], total) == ([p.id], 1)
    assert risk.points(world.ctx, world.code)[1] == 2
    assert not risk.point(world.ctx, calm.id).reassess
    # closed (销号): no longer flagged
    world.close(first)
    assert risk.point(world.ctx, p.id).reassess == ""
    assert risk.points(world.ctx, world.code, flagged=True) == ([], 0)
    # found again after 销号 and tied to the same point: recurring
    _, again = world.inspect()
    assert again is not None and again != first
    flagged = risk.link_hazard(world.ctx, again, p.id)
    assert f"隐患销号后又出现 #{again}" in flagged.reassess
    assert flagged.hazards == (first, again)
    world.close(again)
    assert risk.point(world.ctx, p.id).reassess == f"需重新评价：隐患销号后又出现 #{again}"
    assert [x.id for x in risk.points(world.ctx, world.code, flagged=True)[0]] == [p.id]
    # untied, the recurrence no longer belongs to the point
    risk.unlink_hazard(world.ctx, again)
    assert risk.point(world.ctx, p.id).reassess == ""
    assert len(audit(world, "risk.unlink")) == 1
    # the runner shows the enterprise's points
    assert [x.code for x in risk.points_for_inspection(world.ctx, insp)] == [
        "FXD-001", "FXD-002"]


def test_pages_and_grade_filter_come_from_the_database(world: World) -> None:
    everyone = {c: "张三" for c in ("company", "workshop", "team", "post")}
    for i in range(5):
        p = point(world, code=f"FXD-{i:03d}", responsible=everyone)
        if i % 2 == 0:
            entry(world, p.id, lec(6, 6, 15), lec(3, 6, 15))  # 较大
    page, total = risk.points(world.ctx, world.code, offset=1, limit=2)
    assert ([x.code for x in page], total) == (["FXD-001", "FXD-002"], 5)
    assert all(x.entries == () for x in page)
    page, total = risk.points(world.ctx, world.code, grade="significant")
    assert ([x.code for x in page], total) == (["FXD-000", "FXD-002", "FXD-004"], 3)
    refused(world, "risk.register.choice",
            lambda: risk.points(world.ctx, world.code, grade="purple"))
    refused(world, "risk.register.bad_page",
            lambda: risk.points(world.ctx, world.code, limit=0))


def test_the_register_holds_every_point_the_plan_and_the_audit_head(world: World) -> None:
    p = point(world, responsible={"team": "班长", "post": "操作工"})
    entry(world, p.id, lec(3, 6, 3), lec(1, 6, 3))
    reg = risk.register(world.ctx, world.code)
    assert (reg.enterprise_name, reg.district, reg.plan) == ("济南测试化工有限公司", "历下区",
                                                              None)
    (only,) = reg.points
    assert len(only.entries) == 1
    with world.ctx.store.reading() as s:
        head = q.audit_head(s)
    assert (reg.head_seq, reg.head_hash) == (head.seq, head.hash)
    with world.ctx.store.session() as s:
        s.add(SitePlan(enterprise_uscc=world.code, cols=8, rows=6, set_by="组长甲"))
    plan = risk.register(world.ctx, world.code).plan
    assert plan is not None and (plan.cols, plan.rows, plan.is_image) == (8, 6, False)
