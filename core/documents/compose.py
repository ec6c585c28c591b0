"""A document's text from its facts, under its edition's wording (``editions.yaml``) and the
legal-basis table (``legal_basis.yaml``). A record (检记) under a standard withdrawn by the
inspection date carries the mark 依据已废止标准，仅供参考 in its statement of the standards applied.
A record, an order and a decision on the spot name each waiver (豁免) the inspection's
determination relied on (依据豁免不适用：…).

Composition is pure: the same facts give the same content. The service composes once, at
issuance, and stores the content; nothing here is run again for a document already issued.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Mapping, Sequence
from importlib import resources
from typing import Any
from zoneinfo import ZoneInfo

from core.documents.facts import DocumentFacts, Problem
from core.i18n import AnjianError, t
from core.process.documents import TITLES
from core.views.documents import (
    Block,
    Citation,
    DocumentContent,
    Field,
    Row,
    Signature,
)

#: The bureau's clock: times on a document are Beijing time.
BEIJING = ZoneInfo("Asia/Shanghai")


@functools.cache
def _data(name: str) -> dict[str, Any]:
    import yaml

    text = resources.files("core.documents").joinpath(name).read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    assert isinstance(data, dict)
    return data


@functools.cache
def citations() -> tuple[Citation, ...]:
    """The legal-basis table shipped with anjian (``legal_basis.yaml``), each provision with
    its verification flag."""
    return tuple(Citation.model_validate({k: v for k, v in c.items()
                                          if k in Citation.model_fields})
                 for c in _data("legal_basis.yaml")["citations"])


def citation(cid: str) -> Citation:
    for c in citations():
        if c.id == cid:
            return c
    raise KeyError(cid)


def editions() -> tuple[str, ...]:
    """The editions whose wording anjian has, by 代字 prefix."""
    return tuple(_data("editions.yaml")["editions"])


def edition(name: str) -> dict[str, Any]:
    """One edition's wording; an edition anjian does not have is refused by name."""
    eds = _data("editions.yaml")["editions"]
    if name not in eds:
        raise AnjianError("doc.no_edition", edition=name, editions="、".join(eds))
    found = eds[name]
    assert isinstance(found, dict)
    return found


def form(edition_name: str, kind: str) -> Mapping[str, Any]:
    """A kind's wording under an edition."""
    found = edition(edition_name)["kinds"][kind]
    assert isinstance(found, dict)
    return found


def measures(edition_name: str) -> tuple[str, ...]:
    """The measures on the spot (现场处理措施) the 现决 form offers."""
    return tuple(form(edition_name, "现决")["measures"])


def layout_verified(edition_name: str, kind: str) -> bool:
    """Whether the kind's layout was read from a published form (False: anjian's own
    arrangement of the fields the reference lists)."""
    return bool(form(edition_name, kind)["layout_verified"])


# --- words ------------------------------------------------------------------------------------


def day(value: dt.date) -> str:
    """A date as documents write it: 2026年3月1日."""
    return f"{value.year}年{value.month}月{value.day}日"


def moment(value: dt.datetime) -> str:
    """A time as documents write it, in Beijing time: 2026年3月1日9时5分."""
    local = value.astimezone(BEIJING) if value.tzinfo else value
    return f"{day(local.date())}{local.hour}时{local.minute}分"


def span(start: dt.datetime | None, end: dt.datetime | None) -> str:
    """检查时间: 2026年3月1日9时30分至3月1日11时0分 (the second date without its year)."""
    if start is None:
        return ""
    first = moment(start)
    if end is None:
        return first
    local = end.astimezone(BEIJING) if end.tzinfo else end
    return f"{first}至{local.month}月{local.day}日{local.hour}时{local.minute}分"


def numbers(ordinals: Sequence[int]) -> str:
    """Problem numbers as the forms list them: 1、2、5."""
    return "、".join(str(n) for n in sorted(ordinals))


def basis(ids: Iterable[str]) -> str:
    """Citations joined as a document writes them: 《…》第六十五条、《…》."""
    return "、".join(f"{c.law}{c.article}" for c in (citation(i) for i in ids))


def appeal(text: str, reconsideration: Sequence[str], court: str) -> str:
    return text.format(reconsideration="或者".join(reconsideration), court=court)


def problem_text(p: Problem, words: Mapping[str, str] | None = None) -> str:
    """A problem as a document lists it: where, what the standard's item says was wrong and
    what the inspector saw (when they wrote more than the item says), and its level when
    major, in the edition's ``words`` (default: the 应急 edition's)."""
    words = words if words is not None else edition("应急")["words"]
    where = f"{p.location}：" if p.location else ""
    what = p.item_text or p.seen
    if p.seen and p.seen != what:
        what = f"{what}{words['seen'].format(seen=p.seen)}" if what else p.seen
    major = words["major"]
    return f"{where}{what}{major if p.level == 'major' else ''}"


def clause_text(p: Problem) -> str:
    """The clause a problem breaks, after its standard; a local item's (an overlay's) marked
    as local with the overlay's title: 示例第1条（地方补充：济南市…）."""
    if p.local:
        return f"{p.clause}{t('overlay.local_clause', 'zh', title=p.local)}".strip()
    return f"{p.standard} {p.clause}".strip()


# --- the kinds ------------------------------------------------------------------------------


def _officer_signatures(facts: DocumentFacts, role: str) -> list[Signature]:
    return [Signature(role=role, name=o.name, cert_no=o.cert_no) for o in facts.officers]


def _unit_signature(facts: DocumentFacts, role: str, refusal: str = "") -> Signature:
    note = (facts.refusal_note or refusal) if facts.refused_to_sign else ""
    return Signature(role=role, name=facts.person_in_charge, note=note)


def _record(facts: DocumentFacts, wording: Mapping[str, Any]) -> list[Block]:
    officers = facts.officers
    intro = wording["intro"].format(
        bureau=facts.bureau.name, officers="、".join(o.name for o in officers),
        certs="、".join(o.cert_no for o in officers))
    head = Block(kind="fields", fields=(
        Field(label="被检查单位", value=facts.enterprise_name),
        Field(label="统一社会信用代码", value=facts.enterprise_uscc),
        Field(label="地址", value=facts.address),
        Field(label="法定代表人（负责人）", value=facts.representative),
        Field(label="职务", value=facts.representative_title),
        Field(label="联系电话", value=facts.contact),
        Field(label="检查场所", value=facts.place),
        Field(label="检查时间", value=span(facts.time_from, facts.time_to)
              or wording["blank_time"].format(date=day(facts.inspected_on))),
    ))
    narrative = [Block(kind="para", text=line) for line in facts.narrative.splitlines()
                 if line.strip()]
    narrative += _withdrawn(facts)
    narrative += _waived(facts)
    signatures = Block(kind="signatures", text=day(facts.issued_on), signatures=(
        *_officer_signatures(facts, wording["officer_sign"]),
        _unit_signature(facts, wording["unit_sign"], wording["refusal"])))
    return [head, Block(kind="para", text=intro), Block(kind="para", text=wording["findings"]),
            *narrative, signatures]


def _withdrawn(facts: DocumentFacts) -> list[Block]:
    """A record under a standard withdrawn by the inspection date carries the mark: its
    drafted standards line names the standard so marked; where the narrative issued leaves
    that out (the officer's own words), a sentence after it says so."""
    words = edition(facts.bureau.edition)["words"]
    mark = withdrawn_mark()
    return [Block(kind="para", text=words["withdrawn"].format(
                standard=w.standard, date=day(w.effective), successor=w.successor, mark=mark))
            for w in facts.withdrawn
            if words["narrative_withdrawn"].format(standard=w.standard, mark=mark)
            not in facts.narrative]


def _waived(facts: DocumentFacts) -> list[Block]:
    """Each waiver the inspection relied on: the item it set aside, its basis, who approved
    it and its last day."""
    words = edition(facts.bureau.edition)["words"]
    return [Block(kind="para", text=words["waived"].format(
                standard=w.standard, clause=w.clause, item=w.item_id, text=w.item_text,
                basis=w.basis, by=w.approved_by, until=day(w.valid_until), id=w.id))
            for w in facts.waivers]


def withdrawn_mark() -> str:
    """依据已废止标准，仅供参考: the mark every output gives a result under a withdrawn
    standard (the catalogue's words; documents are in Chinese)."""
    return t("standing.withdrawn_mark", "zh")


def _problem_rows(problems: Sequence[Problem], words: Mapping[str, str], *,
                  deadline: bool) -> tuple[Row, ...]:
    return tuple(Row(cells=(str(p.ordinal), problem_text(p, words), clause_text(p),
                            *((day(p.deadline) if p.deadline else "",) if deadline else ())))
                 for p in problems)


def _deadlines(problems: Sequence[Problem], wording: Mapping[str, Any]) -> str:
    """第1、2项问题于2026年4月1日前、第3项问题于2026年5月1日前 (earliest first)."""
    by_day: dict[dt.date, list[int]] = {}
    for p in problems:
        if p.deadline is None:
            raise ValueError(f"problem {p.ordinal} has no deadline")
        by_day.setdefault(p.deadline, []).append(p.ordinal)
    return "、".join(wording["item_deadline"].format(items=numbers(ns), date=day(d))
                    for d, ns in sorted(by_day.items()))


def _seal_area(facts: DocumentFacts, ed: Mapping[str, Any]) -> str:
    """The seal area's words: the form's (应急管理部门（印章）) naming the bureau's seal."""
    return str(ed["seal"]).replace(ed["department"], facts.bureau.seal or facts.bureau.name)


def _closing(facts: DocumentFacts, ed: Mapping[str, Any], wording: Mapping[str, Any],
             unit_role: str) -> list[Block]:
    return [
        Block(kind="signatures", signatures=(
            *_officer_signatures(facts, f"{ed['officer']}（签名）"),
            _unit_signature(facts, unit_role))),
        Block(kind="seal", text=_seal_area(facts, ed)),
        Block(kind="para", text=day(facts.issued_on)),
        Block(kind="note", text=ed["copies"]),
    ]


def _order(facts: DocumentFacts, ed: Mapping[str, Any],
           wording: Mapping[str, Any]) -> list[Block]:
    bureau = facts.bureau
    return [
        Block(kind="para", text=wording["found"]),
        Block(kind="table", header=tuple(wording["columns"]),
              rows=_problem_rows(facts.problems, ed["words"], deadline=True)),
        *_waived(facts),
        Block(kind="para", text=wording["basis_lead"].format(basis=basis(wording["basis"]))
              + wording["order"].format(items=_deadlines(facts.problems, wording))),
        Block(kind="para", text=wording["during"]),
        Block(kind="para", text=appeal(wording["appeal"], bureau.reconsideration, bureau.court)),
        *_closing(facts, ed, wording, wording["unit_sign"]),
    ]


def _measures(facts: DocumentFacts, ed: Mapping[str, Any],
              wording: Mapping[str, Any]) -> list[Block]:
    bureau = facts.bureau
    blocks = [
        Block(kind="para", text=wording["found"].format(date=day(facts.inspected_on))),
        Block(kind="table", header=tuple(wording["columns"]),
              rows=_problem_rows(facts.problems, ed["words"], deadline=False)),
        *_waived(facts),
        Block(kind="para", text=wording["decide"].format(basis=basis(wording["basis"]))),
        *(Block(kind="para", text=f"{n}. {m}") for n, m in enumerate(facts.measures, start=1)),
    ]
    if facts.measures_until is not None:
        blocks.append(Block(kind="para", text=wording["until"].format(
            date=day(facts.measures_until))))
    blocks.append(Block(kind="para", text=appeal(wording["appeal"], bureau.reconsideration,
                                                 bureau.court)))
    return [*blocks, *_closing(facts, ed, wording, wording["unit_sign"])]


def _review(facts: DocumentFacts, ed: Mapping[str, Any],
            wording: Mapping[str, Any]) -> list[Block]:
    rows = tuple(Row(cells=(
        str(p.ordinal), problem_text(p, ed["words"]),
        day(p.deadline) if p.deadline else "",
        wording["rectified"] if p.rectified else wording["not_rectified"], p.how))
        for p in facts.problems)
    still = [p.ordinal for p in facts.problems if not p.rectified]
    verdict = (wording["some_open"].format(items=numbers(still)) if still
               else wording["all_done"])
    intro = wording["intro"].format(
        date=day(facts.order_issued_on) if facts.order_issued_on else "",
        decision=wording["decision"], order=facts.order_number)
    return [
        Block(kind="para", text=intro),
        Block(kind="table", header=tuple(wording["columns"]), rows=rows),
        Block(kind="para", text=verdict),
        *_closing(facts, ed, wording, wording["unit_sign"]),
    ]


def _receipt(facts: DocumentFacts, ed: Mapping[str, Any],
             wording: Mapping[str, Any]) -> list[Block]:
    blank = wording["blank"]
    rows = []
    for d in facts.delivered:
        got = d.delivery
        rows.append(Row(cells=(
            f"{d.title}（{d.number}）",
            got.recipient if got else blank,
            wording["methods"][got.method] if got else blank,
            day(got.delivered_on) if got else blank,
            "")))
    return [
        Block(kind="fields", fields=(
            Field(label="受送达单位", value=facts.enterprise_name),
            Field(label="地址", value=facts.address))),
        Block(kind="para", text=wording["intro"]),
        Block(kind="table", header=tuple(wording["columns"]), rows=tuple(rows)),
        Block(kind="signatures", text=day(facts.issued_on),
              signatures=tuple(_officer_signatures(facts, wording["officer_sign"]))),
        Block(kind="seal", text=_seal_area(facts, ed)),
        Block(kind="note", text=wording["remark"]),
    ]


def compose(facts: DocumentFacts) -> DocumentContent:
    """The document ``facts`` make, as it will be issued (and printed, ever after)."""
    ed = edition(facts.bureau.edition)
    wording = form(facts.bureau.edition, facts.kind)
    addressee = "" if facts.kind in ("检记", "回") else facts.enterprise_name
    match facts.kind:
        case "检记":
            blocks = _record(facts, wording)
        case "责改":
            blocks = _order(facts, ed, wording)
        case "现决":
            blocks = _measures(facts, ed, wording)
        case "复查":
            blocks = _review(facts, ed, wording)
        case "回":
            blocks = _receipt(facts, ed, wording)
    if facts.replaces:
        blocks.insert(0, Block(kind="note", text=ed["words"]["replaces"].format(
            number=facts.replaces)))
    return DocumentContent(
        kind=facts.kind, edition=facts.bureau.edition, header=ed["header"],
        title=TITLES[facts.kind], number=facts.number, issuer=facts.bureau.name,
        seal=facts.bureau.seal or facts.bureau.name, addressee=addressee, blocks=tuple(blocks),
        issued_on=facts.issued_on, head=facts.head, replaces=facts.replaces,
        citations=tuple(citation(i) for i in wording["basis"]))


def draft_narrative(edition_name: str, *, standards: Sequence[str], checked: int,
                    problems: Sequence[str], corrected: Sequence[str] = (),
                    remarks: Sequence[str] = (), withdrawn: Sequence[str] = ()) -> str:
    """The 检查情况 narrative drafted from an inspection, in the edition's words: the
    standards checked against (each of ``withdrawn``, withdrawn by the inspection date, marked
    依据已废止标准，仅供参考), how many items were checked, each problem found (one line each,
    as the service words it: where, what was seen, the clause), what was corrected on the spot
    and the inspectors' other notes. The officer edits it before issuing."""
    words = edition(edition_name)["words"]
    named = [words["narrative_withdrawn"].format(standard=s, mark=withdrawn_mark())
             if s in withdrawn else s for s in standards]
    lines = [words["narrative_checked"].format(standards="、".join(named), count=checked)
             if standards else words["narrative_checked_plain"].format(count=checked)]
    if problems:
        lines.append(words["narrative_problems"].format(count=len(problems)))
        lines += [f"{n}. {text}" for n, text in enumerate(problems, start=1)]
    else:
        lines.append(words["narrative_none"])
    if corrected:
        lines.append(words["narrative_corrected"].format(count=len(corrected)))
        lines += [f"{n}. {text}" for n, text in enumerate(corrected, start=1)]
    lines += [r for r in remarks if r.strip()]
    return "\n".join(lines)


def unverified(content: DocumentContent) -> tuple[str, ...]:
    """What a document carries that the reference did not verify: its citations flagged so,
    and its layout where anjian arranged it (for the preview and ``documents show``)."""
    out = [f"{c.law}{c.article}" for c in content.citations if not c.verified]
    if not layout_verified(content.edition, content.kind):
        out.append(f"{content.title}式样")
    return tuple(out)
