"""``anjian risk`` register commands as a person types them, in Chinese and with ``--json``:
the calculator (no database touched), add, entry, responsible, list, show, link, unlink and
presets; every refusal exits 2 with the Chinese reason naming the field, nothing stored."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from core.services.context import Context
from core.services.packs import default_catalogue
from core.store.db import open_store
from tests.test_risk_register import ITEM, TODAY
from tests.workflow_helpers import cli_main, cli_run, enterprise, onsite_campaign


@dataclass
class Db:
    url: str
    code: str
    other: str
    hazard: int
    capsys: pytest.CaptureFixture[str]

    def __call__(self, *args: str) -> tuple[int, str, str]:
        return cli_run(self.url, "组长甲", ["risk", *args], self.capsys, lang="zh")

    def ok(self, *args: str) -> str:
        code, out, err = self(*args)
        assert code == 0, err
        return out

    def refused(self, *args: str) -> str:
        code, out, err = self(*args)
        assert code == 2, (out, err)
        assert "Traceback" not in err
        return err.strip()


@pytest.fixture
def db(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Iterator[Db]:
    from core.services import inspections

    url = f"sqlite:///{tmp_path / 'risk.db'}"
    ctx = Context(open_store(url), default_catalogue(), "组长甲", TODAY, "zh")
    cid, code = onsite_campaign(ctx)
    other = enterprise(ctx, name="济南另一化工有限公司")
    insp = inspections.start_inspection(ctx, campaign_id=cid, enterprise=code)
    assert insp.id is not None
    inspections.answer(ctx, insp.id, ITEM, "noncompliant", note="主要负责人未经考核")
    (h,) = inspections.inspection_view(ctx, insp.id).hazards
    assert h.id is not None
    ctx.store.close()
    yield Db(url, code, other, h.id, capsys)


def calc(capsys: pytest.CaptureFixture[str], tmp_path: Path,
         *args: str) -> tuple[int, str, str]:
    """The calculator pointed at a database that does not exist: it must stay so."""
    url = f"sqlite:///{tmp_path / 'never.db'}"
    done = cli_main(["--lang", "zh", "--db", url, "risk", "grade", *args], capsys)
    assert not (tmp_path / "never.db").exists()
    return done


# --- the calculator -----------------------------------------------------------------------


def test_the_calculator_at_d_70_prints_the_band_and_stores_nothing(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = calc(capsys, tmp_path, "--method", "lec", "-L", "1", "-E", "10",
                          "-C", "7")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].startswith("评价方法：作业条件危险性分析法（LEC）；预设：lec-classic（")
    assert lines[1] == "D = L × E × C = 1 × 10 × 7 = 70"
    assert lines[2].startswith("风险等级：低风险（蓝），第 4 级：")
    assert lines[3] == "管控层级：班组、岗位"
    assert lines[4].startswith("依据：") and lines[4].endswith("（未核对原文）")
    assert lines[5] == "分级界限：D > 320; 160 < D ≤ 320; 70 < D ≤ 160; 20 < D ≤ 70; D ≤ 20"
    code, out, _ = calc(capsys, tmp_path, "--method", "lec", "-L", "0.5", "-E", "1",
                        "-C", "40", "--json")
    got = json.loads(out)
    assert (got["value"], got["grade"], got["level"], got["colour"], got["rgb"]) == (
        20, "low", 5, "blue", "#0068B7")
    assert got["preset_info"]["convention"].endswith("D ≤ 20")
    assert got["preset_info"]["verification"] == "unverified"


def test_a_rule_raises_the_calculator_to_major_and_is_named(
        capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, err = calc(capsys, tmp_path, "--method", "lec", "-L", "3", "-E", "6", "-C",
                          "15", "--rule", "sd-chem/h2s")
    assert code == 0, err
    assert "风险等级：重大风险（红），第 2 级：" in out
    assert "（按分值为较大风险）" in out
    assert "直接判定为重大风险：sd-chem/h2s 易产生硫化氢的作业场所" in out
    assert "管控层级：公司（厂）级、车间（部室）级、班组、岗位" in out


def test_the_matrix_calculator_and_bad_input(capsys: pytest.CaptureFixture[str],
                                             tmp_path: Path) -> None:
    code, out, _ = calc(capsys, tmp_path, "--method", "ls", "-L", "3", "-S", "4", "--json")
    got = json.loads(out)
    assert (code, got["preset"], got["value"], got["grade"]) == (0, "ls-shandong", 12,
                                                                 "general")
    code, _, err = calc(capsys, tmp_path, "--method", "lec", "-L", "7", "-E", "6", "-C", "15")
    assert code == 2
    assert "L 的取值 7 不在预设 lec-classic 的表中：可取 10、6、3、1、0.5、0.2、0.1" in err
    code, _, err = calc(capsys, tmp_path, "--method", "lec", "-L", "3", "-E", "6")
    assert code == 2 and "缺少 C" in err
    code, _, err = calc(capsys, tmp_path, "--method", "ls", "--preset", "lec-classic",
                        "-L", "3", "-S", "4")
    assert code == 2
    assert "预设 lec-classic 用的是作业条件危险性分析法（LEC），与 --method 不符" in err
    code, _, err = calc(capsys, tmp_path, "--method", "abc", "-L", "3")
    assert code == 2 and "--method 的取值 abc 不可用" in err


def test_presets_lists_methods_and_rules(capsys: pytest.CaptureFixture[str],
                                        tmp_path: Path) -> None:
    code, out, err = cli_main(["--lang", "zh", "risk", "presets"], capsys)
    assert code == 0, err
    assert "lec-classic：" in out and "ls-shandong：" in out
    assert "分级界限：R > 16; 12 < R ≤ 16; 8 < R ≤ 12; R ≤ 8" in out
    assert "  sd-chem/h2s: 易产生硫化氢的作业场所" in out
    code, out, _ = cli_main(["--lang", "zh", "risk", "presets", "--json"], capsys)
    got = json.loads(out)
    assert {p["id"] for p in got["presets"]} >= {"lec-classic", "ls-shandong"}
    assert "sd-chem/h2s" in [r["id"] for r in got["rules"][0]["rules"]]


# --- the register -------------------------------------------------------------------------


def test_a_register_walk_in_chinese_and_json(db: Db) -> None:
    out = db.ok("add", "--enterprise", db.code, "--code", "FXD-001", "--name", "汽提塔取样",
                "--kind", "activity", "--place", "汽提装置", "--responsible", "team=班长李四",
                "--responsible", "post=操作工王五")
    assert out.splitlines()[:4] == [
        "已添加风险点 #1（FXD-001）", "#1 FXD-001 汽提塔取样（作业活动）：未评价",
        "  地点：汽提装置", "  责任人：班组 班长李四、岗位 操作工王五"]
    out = db.ok("entry", "1", "--step", "打开人孔取样", "--hazard", "硫化氢泄漏",
                "--source", "thing", "--accident", "poisoning", "--measure",
                "engineering=设置固定式硫化氢报警仪", "--consequence", "人员中毒窒息",
                "--inherent", "lec-classic:L=3,E=6,C=3", "--current", "lec-classic:L=1,E=6,C=3")
    assert "已为风险点 #1（FXD-001）添加分析记录" in out
    assert "#1 FXD-001 汽提塔取样（作业活动）：低风险（蓝）D=18（lec-classic）" in out
    assert "  1. 打开人孔取样：硫化氢泄漏（物的因素）" in out
    assert "    可能导致：中毒和窒息；人员中毒窒息" in out
    assert "    工程技术措施：设置固定式硫化氢报警仪" in out
    got = json.loads(db.ok("show", "1", "--json"))
    assert (got["id"], got["current"]["grade"], got["entries"][0]["inherent"]["value"]) == (
        1, "low", 54)
    out = db.ok("link", "--hazard", str(db.hazard), "--point", "1")
    assert out.splitlines()[0] == f"已将隐患 #{db.hazard} 关联到风险点 #1（FXD-001）"
    assert f"【需重新评价：有未销号的重大事故隐患 #{db.hazard}】" in out
    out = db.ok("list", "--enterprise", db.code, "--flagged")
    assert out.splitlines()[0] == f"单位 {db.code} 的风险点共 1 个（第 1/1 页）："
    got = json.loads(db.ok("list", "--enterprise", db.code, "--json"))
    assert (got["total"], got["points"][0]["hazards"]) == (1, [db.hazard])
    out = db.ok("show", "1")
    assert f"  关联隐患：#{db.hazard}" in out
    assert out.splitlines()[-1] == f"需重新评价：有未销号的重大事故隐患 #{db.hazard}"
    assert db.ok("unlink", "--hazard", str(db.hazard)).strip() == (
        f"已解除隐患 #{db.hazard} 与风险点的关联")
    assert db.ok("list", "--enterprise", db.code, "--flagged").splitlines()[1:] == []
    out = db.ok("responsible", "1", "--responsible", "workshop=车间主任赵六")
    assert "车间（部室）级 车间主任赵六" in out


def test_refusals_exit_2_name_the_field_and_store_nothing(db: Db) -> None:
    db.ok("add", "--enterprise", db.code, "--code", "FXD-001", "--name", "汽提塔取样",
          "--kind", "activity", "--responsible", "team=班长李四", "--responsible",
          "post=操作工王五")
    err = db.refused("entry", "1", "--step", "取样", "--hazard", "泄漏", "--source", "thing",
                     "--inherent", "lec-classic:L=3,E=6,C=3",
                     "--current", "lec-classic:L=3,E=6,C=7")
    assert "current：现有风险（一般风险，126）高于固有风险（低风险，54）" in err
    err = db.refused("entry", "1", "--step", "取样", "--hazard", "泄漏", "--source", "thing",
                     "--inherent", "lec-classic:L=6,E=6,C=15",
                     "--current", "lec-classic:L=3,E=6,C=15")
    assert "responsible.company：风险点 FXD-001 的风险等级为较大风险，需要公司（厂）级责任人" in err
    err = db.refused("entry", "1", "--step", "取样", "--hazard", "泄漏", "--source", "mood",
                     "--inherent", "lec-classic:L=3,E=6,C=3",
                     "--current", "lec-classic:L=1,E=6,C=3")
    assert "source_class 的取值 mood 不可用：可取 人的因素（person）" in err
    err = db.refused("entry", "1", "--step", "取样", "--hazard", "泄漏", "--source", "thing",
                     "--inherent", "L=3,E=6,C=3", "--current", "lec-classic:L=1,E=6,C=3")
    assert "--inherent 的取值 L=3,E=6,C=3 应写作 预设:因素=分值" in err
    err = db.refused("add", "--enterprise", db.code, "--code", "FXD-001", "--name", "又一个",
                     "--kind", "activity")
    assert "编号 FXD-001 已被" in err
    err = db.refused("add", "--enterprise", db.code, "--code", "FXD-002", "--name", "又一个",
                     "--kind", "equipment", "--responsible", "班长")
    assert "--responsible 的取值 班长 应写作 键=值" in err
    db.ok("add", "--enterprise", db.other, "--code", "FXD-001", "--name", "外单位",
          "--kind", "equipment")
    err = db.refused("link", "--hazard", str(db.hazard), "--point", "2")
    assert f"隐患 #{db.hazard} 属于单位 {db.code}" in err
    got = json.loads(db.ok("list", "--enterprise", db.code, "--json"))
    assert got["total"] == 1
    (p,) = got["points"]
    assert (p["code"], p["current"], p["hazards"]) == ("FXD-001", None, [])
