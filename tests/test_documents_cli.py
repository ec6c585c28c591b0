"""Enforcement documents by the command line: ``anjian bureau``, ``users set-cert`` and every
``anjian documents`` command print Chinese by default (no untranslated English) and, with
``--json``, what scripts read (the number first of all); a refusal is Chinese, names the file
or record at fault, exits 2 and changes nothing."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from core.process.documents import number
from tests.db_state import snapshot
from tests.documents_world import (
    ADMIN,
    INSPECTOR,
    LEAD,
    OWNER,
    DocWorld,
    doc_world,
)
from tests.language import english_words
from tests.workflow_helpers import Cli, cli_run

#: The command line's today (it has no other clock).
TODAY = dt.date.today()
#: Words a person types here and so reads as typed.
TYPED = {"anjian", "bureau", "set", "documents", "list", "users", "set-cert", "issue", "show",
         "record", "measures", "order", "review", "receipt"}


def day(days: int) -> str:
    return (TODAY + dt.timedelta(days=days)).isoformat()


def num(kind: str, seq: int) -> str:
    return number("济", "应急", kind, TODAY.year, seq)


def chinese(text: str) -> str:
    """``text``, having checked it holds no untranslated English."""
    assert english_words(text, TYPED) == [], text
    assert "Traceback" not in text
    return text


@pytest.fixture
def sqlite_url(sqlite_template: Path, tmp_path: Path) -> str:
    shutil.copyfile(sqlite_template, tmp_path / "anjian.db")
    return f"sqlite:///{tmp_path / 'anjian.db'}"


@pytest.fixture
def world(sqlite_url: str) -> Iterator[DocWorld]:
    w = doc_world(sqlite_url, TODAY)
    yield w
    w.store.close()


class Zh(Cli):
    """The command line in its default language (Chinese) as one user."""

    def __call__(self, *args: str) -> tuple[int, str, str]:
        from tests.workflow_helpers import cli_main

        return cli_main(["--db", self.url, "--user", self.user, *args], self.capsys)

    def refused_nothing_changed(self, *args: str) -> str:
        before = snapshot(self.url)
        err = self.refused(*args)
        assert snapshot(self.url) == before
        return chinese(err)


def test_the_bureau_and_certificates(sqlite_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    w = doc_world(sqlite_url, TODAY, with_bureau=False, certified=())
    try:
        lead, inspector = Zh(capsys, w.url, LEAD), Zh(capsys, w.url, INSPECTOR)
        admin = Zh(capsys, w.url, ADMIN)
        assert "尚未登记执法机关" in chinese(lead.ok("bureau", "show"))
        args = ["bureau", "set", "--name", "济南市应急管理局", "--short", "济", "--edition", "应急",
                "--reconsideration", "济南市人民政府", "--reconsideration", "山东省应急管理厅",
                "--court", "济南市历下区人民法院"]
        assert "需要组长角色" in inspector.refused_nothing_changed(*args)
        err = lead.refused_nothing_changed(*args[:7], "省局", *args[8:])
        assert "没有 省局 版的文书式样" in err and "应急、安监" in err
        err = lead.refused_nothing_changed(*args[:-2])
        assert "缺少必填选项 --court" in err
        out = chinese(lead.ok(*args, "--seal", "济南市应急管理局"))
        assert "执法机关：济南市应急管理局（文号简称 济，文书版本 应急）" in out
        assert ("行政复议机关：济南市人民政府、山东省应急管理厅；"
                "人民法院：济南市历下区人民法院") in out
        assert "印章：济南市应急管理局" in out
        # certificates
        out = chinese(admin.ok("users", "set-cert", LEAD, "--cert", "37010001", "--until",
                               day(300)))
        assert out.strip() == f"执法证：{LEAD} 37010001，有效期至 {day(300)}"
        made = admin.json("users", "set-cert", INSPECTOR, "--cert", "37010002", "--until",
                          day(200))
        assert made == {"name": INSPECTOR, "cert_no": "37010002", "valid_until": day(200)}
        assert "执法证只为组长和检查人员登记" in admin.refused_nothing_changed(
            "users", "set-cert", OWNER, "--cert", "1", "--until", day(10))
        assert f"{LEAD} 的执法证有效期 {day(-1)} 已过" in admin.refused_nothing_changed(
            "users", "set-cert", LEAD, "--cert", "1", "--until", day(-1))
        assert "--until 应为日期" in admin.refused_nothing_changed(
            "users", "set-cert", LEAD, "--cert", "1", "--until", "明年")
        assert "没有用户 无名氏" in admin.refused_nothing_changed(
            "users", "set-cert", "无名氏", "--cert", "1", "--until", day(10))
        shown = chinese(lead.ok("bureau", "show"))
        assert f"执法证：{INSPECTOR} 37010002，有效期至 {day(200)}" in shown
        data = lead.json("bureau", "show")
        assert data["bureau"]["short"] == "济"
        assert data["bureau"]["reconsideration"] == ["济南市人民政府", "山东省应急管理厅"]
        assert [c["name"] for c in data["certificates"]] == sorted([LEAD, INSPECTOR])
        # an enterprise user reads the bureau, not the bureau's people
        owner = Zh(capsys, w.url, OWNER).json("bureau", "show")
        assert owner["bureau"]["name"] == "济南市应急管理局" and owner["certificates"] == []
    finally:
        w.store.close()


def test_every_document_command_in_chinese_and_json(
        world: DocWorld, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    me, lead = Zh(capsys, world.url, INSPECTOR), Zh(capsys, world.url, LEAD)
    insp = str(world.inspection)
    preview = chinese(me.ok("documents", "issue", "检记", "--inspection", insp, "--preview"))
    assert "现场检查记录" in preview and num("检记", 1) in preview
    assert "预览：可以签发" in preview
    assert me.json("documents", "issue", "检记", "--inspection", insp, "--preview"
                   )["refusals"] == []
    assert me.json("documents", "list") == []  # a preview stores nothing
    out = chinese(me.ok("documents", "issue", "检记", "--inspection", insp,
                        "--person-in-charge", "王五"))
    assert out.startswith(f"已签发现场检查记录 {num('检记', 1)}（{INSPECTOR}、{LEAD}签署）")
    assert "签发时审计链 #" in out
    order = me.json("documents", "issue", "order", "--inspection", insp, "--deadline", day(30),
                    "--item", "CHEM-2017-01=" + day(20))
    assert order["number"] == num("责改", 1) and order["kind"] == "责改"
    assert [(i["ordinal"], i["deadline"]) for i in order["items"]] == [(1, day(20)),
                                                                        (2, day(30))]
    out = chinese(me.ok("documents", "issue", "现决", "--inspection", insp, "--measure",
                        "责令暂时停产停业", "--until", day(60), "--item", "CHEM-2017-01"))
    assert out.startswith(f"已签发现场处理措施决定书 {num('现决', 1)}")
    listed = chinese(me.ok("documents", "list"))
    assert [line.split("\t")[0] for line in listed.splitlines()] == [
        num("现决", 1), num("责改", 1), num("检记", 1)]
    assert "责令限期整改指令书\t济南测试化工有限公司" in listed
    assert [d["number"] for d in me.json("documents", "list", "--campaign",
                                         str(world.campaign))] == [
        num("现决", 1), num("责改", 1), num("检记", 1)]
    shown = chinese(me.ok("documents", "show", num("责改", 1)))
    for text in ("安全生产行政执法文书", "责令限期整改指令书", num("责改", 1),
                 "济南测试化工有限公司：", "主要负责人未经安全考核", "（重大事故隐患）",
                 "证号：37010001", "证号：37010002", "不停止执行", "本文书一式两份",
                 "内容哈希", "签发时审计链 #"):
        assert text in shown, text
    data = me.json("documents", "show", num("责改", 1))
    assert data["number"] == num("责改", 1) and data["content"]["number"] == num("责改", 1)
    reviews = chinese(me.ok("documents", "reviews", "--all"))
    assert (f"{num('责改', 1)}\t济南测试化工有限公司\t整改期限 {day(20)}\t"
            f"未到期，{day(30)} 前复查") in reviews
    assert chinese(me.ok("documents", "reviews")).strip() == "没有应复查的整改指令"
    assert [r["state"] for r in me.json("documents", "reviews", "--all")] == [
        "scheduled", "scheduled"]
    out = chinese(me.ok("documents", "deliver", num("责改", 1), "--to", "王五", "--method", "直接",
                        "--on", day(0)))
    assert out.strip() == f"已记录送达：{num('责改', 1)} 于 {day(0)} 直接送达，受送达人 王五"
    delivered = me.json("documents", "deliver", num("检记", 1), "--to", "王五", "--method",
                        "post", "--on", day(0))
    assert delivered["delivery"]["method"] == "post"
    assert "送达只记录一次" in me.refused_nothing_changed(
        "documents", "deliver", num("检记", 1), "--to", "赵六", "--method", "留置", "--on",
        day(0))
    review = chinese(me.ok("documents", "issue", "复查", "--inspection", insp, "--order",
                           num("责改", 1)))
    assert review.startswith(f"已签发整改复查意见书 {num('复查', 1)}")
    receipt = me.json("documents", "issue", "回", "--inspection", insp)
    assert receipt["number"] == num("回", 1)
    assert "需要检查行动 1 的组长" in me.refused_nothing_changed(
        "documents", "void", num("现决", 1), "--reason", "措施有误")
    out = chinese(lead.ok("documents", "void", num("现决", 1), "--reason", "措施有误"))
    assert out.strip() == f"已作废 {num('现决', 1)}（原因：措施有误），文号保留"
    assert "［已作废：措施有误］" in chinese(me.ok("documents", "list"))
    voided = lead.json("documents", "show", num("现决", 1))
    assert voided["void_reason"] == "措施有误" and voided["voided_by"] == LEAD
    out = chinese(me.ok("documents", "export", num("责改", 1), "--out",
                        str(tmp_path / "责改.docx")))
    assert out.strip() == f"已写出 {num('责改', 1)}：{tmp_path / '责改.docx'}"
    files = me.json("documents", "export", num("复查", 1), "--out", str(tmp_path / "复查.docx"))
    assert files == {"number": num("复查", 1), "files": [str(tmp_path / "复查.docx")]}
    from docx import Document

    text = "\n".join(p.text for p in Document(str(tmp_path / "责改.docx")).paragraphs)
    assert num("责改", 1) in text
    # in English, on request
    code, out, err = cli_run(world.url, INSPECTOR, ["documents", "issue", "record",
                                                    "--inspection", insp], capsys)
    assert code == 0, err
    assert out.startswith(f"issued the on-site inspection record {num('检记', 2)}")


def test_refusals_are_chinese_and_name_the_file_or_record(
        world: DocWorld, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    me = Zh(capsys, world.url, INSPECTOR)
    insp = str(world.inspection)
    missing = tmp_path / "检查情况.txt"
    err = me.refused_nothing_changed("documents", "issue", "检记", "--inspection", insp,
                                     "--narrative-file", str(missing))
    assert f"无法读取检查情况文件 {missing}：文件或文件夹不存在" in err
    latin = tmp_path / "gbk.txt"
    latin.write_bytes("检查情况".encode("gbk"))
    assert f"检查情况文件 {latin} 不是 UTF-8 文本" in me.refused_nothing_changed(
        "documents", "issue", "检记", "--inspection", insp, "--narrative-file", str(latin))
    for args, text in (
            (["documents", "show", "（济）应急责改〔2026〕99号"],
             "没有文书 （济）应急责改〔2026〕99号"),
            (["documents", "issue", "责改", "--inspection", "999", "--deadline", day(30)],
             "没有检查 999"),
            (["documents", "issue", "通知", "--inspection", insp], "没有这种执法文书：通知"),
            (["documents", "issue", "责改", "--inspection", insp, "--item", "=" + day(3)],
             "--item 应为 检查项=日期"),
            (["documents", "issue", "责改", "--inspection", insp, "--item", "CHEM-2017-01"],
             "--item CHEM-2017-01 缺少日期"),
            (["documents", "issue", "责改", "--inspection", insp, "--item",
              "CHEM-2017-01=2026-13-01"], "应为日期"),
            (["documents", "issue", "责改", "--inspection", insp, "--deadline", day(0)],
             f"不在签发日期 {day(0)} 之后"),
            (["documents", "issue", "复查", "--inspection", insp],
             "没有已签发且未作废的责令限期整改指令书"),
            (["documents", "void", "（济）应急检记〔2026〕7号", "--reason", "x"], "没有文书"),
    ):
        assert text in me.refused_nothing_changed(*args), (args, text)
    me.ok("documents", "issue", "检记", "--inspection", insp)
    record = num("检记", 1)
    err = me.refused_nothing_changed("documents", "deliver", record, "--to", "王五",
                                     "--method", "传真", "--on", day(0))
    assert "没有送达方式 传真；可用 直接；留置；邮寄" in err
    assert f"送达日期 {day(1)} 还没到" in me.refused_nothing_changed(
        "documents", "deliver", record, "--to", "王五", "--method", "直接", "--on", day(1))
    # export targets: refused as every export's, naming the file
    nowhere = tmp_path / "没有的文件夹" / "x.docx"
    assert f"{nowhere}: 文件夹" in me.refused_nothing_changed(
        "documents", "export", record, "--out", str(nowhere))
    database = world.url.removeprefix("sqlite:///")
    assert database in me.refused_nothing_changed("documents", "export", record, "--out",
                                                  database)
    assert "须以 .docx 结尾" in me.refused_nothing_changed(
        "documents", "export", record, "--out", str(tmp_path / "x.xlsx"))
    assert not list(tmp_path.glob("*.docx"))
