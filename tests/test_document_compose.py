"""Enforcement documents composed from their facts: every kind's wording, numbers, officers,
deadlines, appeal notice, signature and seal blocks; the editions' sentences and the
legal-basis table checked item by item against the reference."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from core.documents import compose as c
from core.documents.facts import DeliveredDocument, DocumentFacts, Problem
from core.i18n import AnjianError
from core.process import documents as rules
from core.views.audit import ChainHead
from core.views.documents import BureauView, DeliveryView, DocumentContent, OfficerView
from tests.conftest import REFERENCE as STANDARDS

#: The reference folder (ANJIAN_REFERENCE names its standards.json, as for the packs' tests).
REFERENCE = STANDARDS.parent
DOCS = REFERENCE / "enforcement-documents.md"

BUREAU = BureauView(name="济南市应急管理局", short="济", edition="应急",
                    reconsideration=("济南市人民政府", "山东省应急管理厅"),
                    court="济南市历下区人民法院", seal="济南市应急管理局")
OFFICERS = (OfficerView(name="王强", cert_no="37010001", valid_until=dt.date(2028, 1, 1)),
            OfficerView(name="李娜", cert_no="37010002", valid_until=dt.date(2028, 1, 1)))
HEAD = ChainHead(seq=42, hash="ab" * 32)


def problems(*deadlines: dt.date | None) -> tuple[Problem, ...]:
    return tuple(Problem(ordinal=n, hazard_id=100 + n, item_id=f"fire-{n}",
                         standard="GB 35181-2025", clause=f"5.{n}", item_text=f"条款{n}原文",
                         seen=f"现场所见{n}", location=f"{n}号车间",
                         level="major" if n == 1 else "general", deadline=d)
                 for n, d in enumerate(deadlines, start=1))


def facts(kind: str, **extra: object) -> DocumentFacts:
    values: dict[str, object] = dict(
        kind=kind, bureau=BUREAU, number=rules.number("济", "应急", kind, 2026, 17),
        issued_on=dt.date(2026, 3, 2), head=HEAD, enterprise_name="济南华源化工有限公司",
        enterprise_uscc="91370100MA3C0000XX", address="济南市历城区工业北路1号",
        inspection_id=7, inspected_on=dt.date(2026, 3, 1), officers=OFFICERS)
    values.update(extra)
    return DocumentFacts.model_validate(values)


def text(content: DocumentContent) -> str:
    """Every word the document prints, in order."""
    parts = [content.header, content.title, content.number, content.addressee]
    for b in content.blocks:
        parts.append(b.text)
        parts += [f"{f.label}{f.value}" for f in b.fields]
        parts += list(b.header)
        parts += ["|".join(r.cells) for r in b.rows]
        parts += [f"{s.role}{s.name}{s.cert_no}{s.note}" for s in b.signatures]
    return "\n".join(parts)


def test_a_number_is_the_bureau_edition_kind_year_and_sequence() -> None:
    assert rules.number("济", "应急", "责改", 2026, 17) == "（济）应急责改〔2026〕17号"
    assert rules.number("宁", "安监", "复查", 2019, 3) == "（宁）安监复查〔2019〕3号"


def test_an_order_lists_each_problem_with_its_clause_and_its_deadline() -> None:
    content = c.compose(facts("责改", problems=problems(
        dt.date(2026, 4, 1), dt.date(2026, 4, 1), dt.date(2026, 5, 1))))
    assert content.title == "责令限期整改指令书"
    assert content.number == "（济）应急责改〔2026〕17号"
    assert content.addressee == "济南华源化工有限公司"
    table = next(b for b in content.blocks if b.kind == "table")
    assert table.header == ("序号", "问题（地点及情况）", "依据条款", "整改期限")
    assert [r.cells for r in table.rows] == [
        ("1", "1号车间：条款1原文（现场情况：现场所见1）（重大事故隐患）", "GB 35181-2025 5.1",
         "2026年4月1日"),
        ("2", "2号车间：条款2原文（现场情况：现场所见2）", "GB 35181-2025 5.2", "2026年4月1日"),
        ("3", "3号车间：条款3原文（现场情况：现场所见3）", "GB 35181-2025 5.3", "2026年5月1日")]
    plain = problems(dt.date(2026, 4, 1))[0].model_copy(update={
        "seen": "条款1原文", "location": "", "level": "general"})
    assert c.problem_text(plain) == "条款1原文"
    words = text(content)
    assert ("依据《中华人民共和国安全生产法》第六十五条的规定，现责令你单位对上述"
            "第1、2项问题于2026年4月1日前、第3项问题于2026年5月1日前整改完毕") in words
    assert ("如果不服本指令，可以依法在60日内向济南市人民政府或者山东省应急管理厅申请行政复议，"
            "或者在6个月内依法向济南市历下区人民法院提起行政诉讼，但本指令不停止执行，"
            "法律另有规定的除外。") in words
    signatures = next(b for b in content.blocks if b.kind == "signatures").signatures
    assert [(s.role, s.name, s.cert_no) for s in signatures] == [
        ("安全生产监管行政执法人员（签名）", "王强", "37010001"),
        ("安全生产监管行政执法人员（签名）", "李娜", "37010002"),
        ("被检查单位负责人（签名）", "", "")]
    assert next(b for b in content.blocks if b.kind == "seal").text == "济南市应急管理局（印章）"
    unsealed = BUREAU.model_copy(update={"seal": ""})
    assert content.seal == c.compose(facts("责改", bureau=unsealed, problems=problems(
        dt.date(2026, 4, 1)))).seal == "济南市应急管理局"
    assert content.blocks[-1].text == "本文书一式两份：一份由应急管理部门备案，一份交被检查单位。"
    assert "2026年3月2日" in words
    assert content.head == HEAD
    assert [x.id for x in content.citations] == ["aqsf-2021-65"]
    assert c.unverified(content) == ("《中华人民共和国安全生产法》第六十五条",)


def test_an_order_names_a_single_reconsideration_body_alone() -> None:
    bureau = BUREAU.model_copy(update={"reconsideration": ("济南市人民政府",)})
    words = text(c.compose(facts("责改", bureau=bureau, problems=problems(dt.date(2026, 4, 1)))))
    assert "60日内向济南市人民政府申请行政复议" in words


def test_a_problem_without_a_deadline_cannot_be_composed_into_an_order() -> None:
    with pytest.raises(ValueError, match="problem 2"):
        c.compose(facts("责改", problems=problems(dt.date(2026, 4, 1), None)))


def test_a_review_states_item_by_item_and_what_follows_for_the_rest() -> None:
    found = problems(dt.date(2026, 4, 1), dt.date(2026, 4, 1))
    found = (found[0].model_copy(update={"rectified": True, "how": "已验收销号"}),
             found[1].model_copy(update={"rectified": False, "how": "未提交整改材料"}))
    content = c.compose(facts("复查", problems=found, order_number="（济）应急责改〔2026〕3号",
                              order_issued_on=dt.date(2026, 3, 2)))
    words = text(content)
    assert content.title == "整改复查意见书"
    assert ("本机关于2026年3月2日作出了责令限期整改的决定[（济）应急责改〔2026〕3号]，"
            "经对你单位整改情况进行复查，提出如下意见：") in words
    rows = next(b for b in content.blocks if b.kind == "table").rows
    assert [r.cells[3] for r in rows] == ["已整改", "未整改"]
    assert "第2项问题未整改完毕" in words
    assert "上述问题已整改完毕" not in words
    assert "被复查单位负责人（签名）" in words
    done = tuple(p.model_copy(update={"rectified": True}) for p in found)
    assert "上述问题已整改完毕，符合要求。" in text(c.compose(facts(
        "复查", problems=done, order_number="x", order_issued_on=dt.date(2026, 3, 2))))


def test_measures_on_the_spot_name_their_basis_and_their_end() -> None:
    content = c.compose(facts("现决", problems=problems(None), measures=(
        "责令暂时停产停业", "责令从危险区域内撤出作业人员"),
        measures_until=dt.date(2026, 9, 1)))
    words = text(content)
    assert content.title == "现场处理措施决定书"
    assert "本机关于2026年3月1日现场检查时，发现你单位有下列违法违规行为和事故隐患：" in words
    assert ("依据《中华人民共和国安全生产法》第六十五条、《安全生产违法行为行政处罚办法》"
            "（国家安全生产监督管理总局令第15号）的规定，现作出如下现场处理决定：") in words
    assert "1. 责令暂时停产停业" in words and "2. 责令从危险区域内撤出作业人员" in words
    assert "上述现场处理措施的期限至2026年9月1日止。" in words
    assert "但本决定不停止执行" in words
    assert c.measures("应急")[0] == "责令暂时停产停业"


def test_a_record_names_both_officers_their_certificates_and_a_refusal_to_sign() -> None:
    start = dt.datetime(2026, 3, 1, 1, 30, tzinfo=dt.UTC)  # 9:30 in Beijing
    content = c.compose(facts(
        "检记", narrative="依据GB 35181-2025检查。\n\n发现问题1项：\n1. 消防车道被占用",
        place="1号车间", time_from=start, time_to=start + dt.timedelta(hours=2, minutes=5),
        person_in_charge="赵六", refused_to_sign=True))
    words = text(content)
    assert content.title == "现场检查记录" and content.addressee == ""
    assert "检查时间2026年3月1日9时30分至3月1日11时35分" in words
    assert ("我们是济南市应急管理局行政执法人员王强、李娜，证件号码为37010001、37010002，"
            "这是我们的证件（出示证件）。") in words
    paras = [b.text for b in content.blocks if b.kind == "para"]
    assert paras[1:] == ["检查情况：", "依据GB 35181-2025检查。", "发现问题1项：",
                         "1. 消防车道被占用"]
    unit = next(b for b in content.blocks if b.kind == "signatures").signatures[-1]
    assert unit.role == "被检查单位现场负责人（签名）" and unit.name == "赵六"
    assert unit.note == "被检查单位现场负责人拒绝签字，检查人员已将情况记录在案并报告。"


def test_a_receipt_lists_each_document_with_its_delivery_or_blanks_to_fill() -> None:
    delivered = (
        DeliveredDocument(number="（济）应急责改〔2026〕17号", title="责令限期整改指令书",
                          issued_on=dt.date(2026, 3, 2), delivery=DeliveryView(
                              recipient="赵六", method="left", delivered_on=dt.date(2026, 3, 3))),
        DeliveredDocument(number="（济）应急检记〔2026〕9号", title="现场检查记录",
                          issued_on=dt.date(2026, 3, 1)))
    content = c.compose(facts("回", delivered=delivered))
    rows = [r.cells for r in next(b for b in content.blocks if b.kind == "table").rows]
    assert rows == [("责令限期整改指令书（（济）应急责改〔2026〕17号）", "赵六", "留置送达",
                     "2026年3月3日", ""),
                    ("现场检查记录（（济）应急检记〔2026〕9号）", "＿＿＿＿", "＿＿＿＿",
                     "＿＿＿＿", "")]
    assert c.unverified(content) == ("文书送达回执式样",)


def test_a_correction_names_the_document_it_replaces() -> None:
    content = c.compose(facts("责改", problems=problems(dt.date(2026, 4, 1)),
                              replaces="（济）应急责改〔2026〕16号"))
    assert content.blocks[0].text == "本文书更正（济）应急责改〔2026〕16号，原文书作废。"
    assert content.replaces == "（济）应急责改〔2026〕16号"


def test_the_2017_edition_names_the_old_department_and_an_unknown_one_is_refused() -> None:
    old = BUREAU.model_copy(update={"edition": "安监"})
    content = c.compose(facts("责改", bureau=old, problems=problems(dt.date(2026, 4, 1))))
    assert content.blocks[-1].text == ("本文书一式两份：一份由安全生产监督管理部门备案，"
                                       "一份交被检查单位。")
    with pytest.raises(AnjianError) as refused:
        c.compose(facts("责改", bureau=BUREAU.model_copy(update={"edition": "2030"}),
                        problems=problems(dt.date(2026, 4, 1))))
    assert refused.value.key == "doc.no_edition"
    assert set(c.editions()) == set(rules.EDITIONS)


def test_the_same_facts_give_the_same_content_and_it_survives_its_json() -> None:
    one = c.compose(facts("责改", problems=problems(dt.date(2026, 4, 1))))
    two = c.compose(facts("责改", problems=problems(dt.date(2026, 4, 1))))
    assert one == two
    assert DocumentContent.model_validate_json(one.model_dump_json()) == one


def test_a_drafted_narrative_lists_problems_corrections_and_notes() -> None:
    draft = c.draft_narrative("应急", standards=["GB 35181-2025"], checked=12,
                              problems=["1号车间：消防车道被占用"], corrected=["灭火器过期"],
                              remarks=["现场负责人陪同检查。"])
    assert draft.splitlines() == [
        "依据GB 35181-2025，对你单位进行了现场检查，共检查12项。", "发现问题1项：",
        "1. 1号车间：消防车道被占用", "当场整改1项：", "1. 灭火器过期", "现场负责人陪同检查。"]
    assert c.draft_narrative("应急", standards=[], checked=3, problems=[]).splitlines() == [
        "对你单位进行了现场检查，共检查3项。", "未发现问题。"]


def test_review_windows_run_ten_days_after_each_deadline() -> None:
    deadline = dt.date(2026, 4, 1)
    assert rules.review_state(deadline, dt.date(2026, 4, 1), done=False) == "scheduled"
    assert rules.review_state(deadline, dt.date(2026, 4, 11), done=False) == "due"
    assert rules.review_state(deadline, dt.date(2026, 4, 12), done=False) == "overdue"
    assert rules.review_state(deadline, dt.date(2026, 5, 1), done=True) == "done"
    assert rules.add_months(dt.date(2026, 8, 31), 6) == dt.date(2027, 2, 28)


# --- against the reference ------------------------------------------------------------------


def _reference() -> str:
    if not DOCS.is_file():
        pytest.skip(f"the reference {DOCS} is absent (it is not part of a clone; it lives in "
                    "the developers' shared/ folder beside the clone; set ANJIAN_REFERENCE)")
    return DOCS.read_text(encoding="utf-8")


def _fragments(sentence: str) -> list[str]:
    """The fixed words of a template sentence between its placeholders (short joints such
    as 第 … 项 left out: they match anywhere)."""
    return [f for f in re.split(r"\{[a-z_]+\}", sentence) if len(f) >= 4]


def test_the_2017_forms_sentences_are_the_reference_s_words() -> None:
    """Every sentence of every form whose layout is verified, but those it marks as anjian's
    own, is found in the reference's transcription of the 2017 forms, placeholder by
    placeholder (the reference writes ＿＿ where the template has a placeholder)."""
    ref = _reference()
    ed = c.edition("安监")
    for key in ("header", "copies", "seal", "officer"):
        assert ed[key] in ref, key
    checked = 0
    for kind, form in ed["kinds"].items():
        if not form["layout_verified"]:
            continue
        for key, value in form.items():
            if key in form.get("own", ()) or not isinstance(value, str):
                continue
            for fragment in _fragments(value):
                assert fragment in ref, (kind, key, fragment)
                checked += 1
    assert checked >= 25


def test_the_editions_differ_only_in_what_the_department_is_called() -> None:
    new, old = c.edition("应急"), c.edition("安监")
    assert new["kinds"] == old["kinds"]
    assert new["copies"] == old["copies"].replace(old["department"], new["department"])
    assert new["seal"] == old["seal"].replace(old["department"], new["department"])


def test_each_citation_is_read_where_it_says_and_flagged_as_the_reference_flags_it() -> None:
    import yaml

    ref_dir = REFERENCE
    _reference()
    table = yaml.safe_load((Path(c.__file__).parent / "legal_basis.yaml").read_text("utf-8"))
    assert len(table["citations"]) == len(c.citations()) >= 3
    for entry in table["citations"]:
        body = (ref_dir / entry["reference"]).read_text(encoding="utf-8")
        line = next((ln for ln in body.splitlines() if entry["quote"] in ln), None)
        assert line is not None, entry["id"]
        if entry["verified"]:
            assert "UNVERIFIED" not in line, entry["id"]
        if entry["article"]:
            assert entry["article"] in line or entry["article"] in body, entry["id"]
    by_id = {x.id: x for x in c.citations()}
    # the reference has the 2021 record-keeping article's number as a guess: never verified
    assert by_id["aqsf-2021-68"].verified is False
    for kind in rules.TITLES:
        for cid in c.form("应急", kind)["basis"]:
            assert cid in by_id, (kind, cid)


def test_a_record_without_its_hours_leaves_them_to_be_written_on_its_day() -> None:
    """An inspection entered on another day than it was made has no hours anjian knows: the
    record prints its day and the form's blanks."""
    content = c.compose(facts("检记", narrative="检查情况"))
    head = next(b for b in content.blocks if b.kind == "fields")
    assert {f.label: f.value for f in head.fields}["检查时间"] == (
        "2026年3月1日＿时＿分至＿月＿日＿时＿分")
