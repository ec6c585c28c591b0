"""The 三卡 of an enterprise's risk register and its risk report (安全风险报告) as Word files
on A4, laid out as :mod:`core.documents.docx` lays the enforcement documents (its page, its
styles: 宋体 titles, 仿宋 body; its package, dated and ordered so that the same content gives
the same bytes).

- 岗位安全风险告知卡, one a risk point, with what 总局令第70号 requires a 告知卡 to show (主要
  危险有害因素, 后果, 事故预防及应急措施, 报告电话) and the 安全操作要点 its 第四条 asks at the
  post, under a band in the grade's colour, with the 编号 and the persons responsible;
- 应急处置卡, one a risk point: the accident types, the emergency measures, the report
  telephone and the points of attention;
- 安全承诺卡, one a post (the risk points' place and the person responsible at the post):
  the commitment, signed and dated by hand.

Each kind is one file, one card a page. The report telephone is the enterprise's duty
telephone as given (a blank to write in by hand otherwise) beside 119, 120 and 110: the
roster's contact is personal data and stays off posted cards. Every page's footer names the
enterprise, the day the cards were made and the audit chain's head the register was read
under. Words come from the catalogue."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from docx import Document
from docx.document import Document as WordDocument
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Length, Pt

from core.documents import docx as forms
from core.documents.saving import check_folder, write_bytes
from core.i18n import Lang, Listed, name, t
from core.pack.risk_method import COLOURS, MEASURE_CLASSES, RiskGrade, Tier
from core.views.documents import Block, Row
from core.views.risk import RegisterView, RiskPointView

#: File names of the three kinds (after the enterprise's credit code).
NOTICE, EMERGENCY, COMMITMENT = "risk-notice-cards", "risk-emergency-cards", \
    "risk-commitment-cards"
#: The label column's width; the value column takes the rest of the text width.
LABEL_WIDTH = Cm(4.2)
#: The prevention measures of a 告知卡 (the emergency class is its 应急措施).
PREVENTION = tuple(c for c in MEASURE_CLASSES if c != "emergency")


def _lines(items: Sequence[str]) -> str:
    """Items numbered one a line (``1. …``), repeated ones once."""
    seen = list(dict.fromkeys(i.strip() for i in items if i and i.strip()))
    return "\n".join(f"{n}. {x}" for n, x in enumerate(seen, start=1)) if len(seen) > 1 \
        else (seen[0] if seen else "")


def _grade(point: RiskPointView, lang: Lang) -> tuple[str, str]:
    """The grade as a card prints it and its colour (RGB hex), or "not assessed" in white."""
    if point.current is None:
        return t("risk.out.not_assessed", lang), "FFFFFF"
    grade = point.current.grade
    colour, rgb = COLOURS[RiskGrade(grade)]
    return (t("risk.out.grade_colour", lang, grade=name("risk.grade", grade, lang),
              colour=name("risk.colour", colour, lang)), rgb.lstrip("#"))


def _accidents(point: RiskPointView, lang: Lang, *, consequence: bool = True) -> str:
    types = list(dict.fromkeys(a for e in point.entries for a in e.accident_types))
    text = Listed([name("risk.accident", a, lang) for a in types]).render(lang)
    if consequence:
        extra = _lines([e.consequence for e in point.entries])
        return "\n".join(x for x in (text, extra) if x)
    return text


def _measures(point: RiskPointView, classes: Sequence[str], lang: Lang) -> str:
    """The measures of ``classes`` over the point's entries, each class on its own line(s)
    after its name."""
    out = []
    for c in classes:
        texts = list(dict.fromkeys(e.measures.get(c, "").strip() for e in point.entries))
        texts = [x for x in texts if x]
        if texts:
            label = name("risk.measure", c, lang)
            out.append(t("risk.out.tier_person", lang, tier=label, person="；".join(texts)
                         if lang == "zh" else "; ".join(texts)))
    return "\n".join(out)


def _operation(point: RiskPointView) -> str:
    """安全操作要点: as the register states it (``detail["operation"]``), else the steps or
    check items with the standard each is held to."""
    given = point.detail.get("operation")
    if isinstance(given, str) and given.strip():
        return given.strip()
    return _lines([f"{e.step}（{e.standard}）" if e.standard else e.step
                   for e in point.entries])


def _responsible(point: RiskPointView, lang: Lang) -> str:
    tiers = set(point.current.tiers) if point.current is not None else set()
    return "\n".join(t("risk.out.tier_person", lang, tier=name("risk.tier", x.value, lang),
                       person=point.responsible.get(x.value) or t("risk.out.nobody", lang))
                     for x in Tier if x.value in tiers or x.value in point.responsible)


def _phone(phone: str, lang: Lang) -> str:
    return t("risk.card.phone_value", lang, phone=phone.strip() or t("risk.card.blank", lang))


# --- the Word file ---------------------------------------------------------------------------


def _document() -> WordDocument:
    doc = Document()
    forms._page(doc)
    forms._styles(doc)
    return doc


def _footer(doc: WordDocument, text: str) -> None:
    footer = doc.sections[0].footer
    footer.is_linked_to_previous = False
    p = footer.paragraphs[0]
    p.style = "Doc Footer"
    p.add_run(text)


def _bytes(doc: WordDocument, day: dt.date, title: str, head: str) -> bytes:
    props = doc.core_properties
    made = dt.datetime.combine(day, dt.time(0), forms.CHINA).astimezone(dt.UTC)
    props.created = props.modified = made.replace(tzinfo=None)
    props.revision = 1
    props.title = title
    props.language = "zh-CN"
    props.comments = head
    props.author = props.last_modified_by = ""
    buffer = io.BytesIO()
    doc.save(buffer)
    return forms._repack(buffer.getvalue(), day)


def _shade(cell: Any, rgb: str) -> None:
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), rgb)
    cell._tc.get_or_add_tcPr().append(shd)


def _band(doc: WordDocument, text: str, rgb: str) -> None:
    """A full-width band in the grade's colour with the grade in it (bold, large)."""
    table = doc.add_table(rows=1, cols=1)
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    cell = table.rows[0].cells[0]
    cell.width = forms.TEXT_WIDTH
    _shade(cell, rgb)
    p = cell.paragraphs[0]
    p.style = "Doc Title"
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = p.add_run(text)
    run.bold = True
    run.font.size = Pt(forms.XIAOER)
    doc.add_paragraph("", "Doc Note")


def _fields(doc: WordDocument, rows: Sequence[tuple[str, str]]) -> None:
    """Label and value rows in a boxed table, each row kept on one page."""
    table = doc.add_table(rows=len(rows), cols=2)
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    value_width = Length(forms.TEXT_WIDTH - LABEL_WIDTH)
    for i, (label, value) in enumerate(rows):
        row = table.rows[i]
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        for cell, text, width, bold in ((row.cells[0], label, LABEL_WIDTH, True),
                                        (row.cells[1], value, value_width, False)):
            cell.width = width
            for n, line in enumerate((text or "").split("\n")):
                p = cell.paragraphs[0] if n == 0 else cell.add_paragraph()
                p.style = "Doc Cell"
                p.add_run(line).bold = bold


def _title(doc: WordDocument, text: str, first: bool) -> None:
    title = doc.add_paragraph(text, "Doc Title")
    title.paragraph_format.page_break_before = not first  # one card a page


def _head_text(register: RegisterView, lang: Lang) -> str:
    return t("xl.chain_head", lang, seq=register.head_seq, hash=register.head_hash[:16])


def _footer_text(register: RegisterView, made_on: dt.date, lang: Lang) -> str:
    return t("risk.card.footer", lang, name=register.enterprise_name,
             made=made_on.isoformat(), head=_head_text(register, lang))


def notice_cards(register: RegisterView, points: Sequence[RiskPointView], made_on: dt.date,
                 lang: Lang = "zh", phone: str = "") -> bytes:
    """岗位安全风险告知卡, one a page."""
    doc = _document()
    for n, point in enumerate(points):
        _title(doc, t("risk.card.notice", lang), n == 0)
        grade, rgb = _grade(point, lang)
        _band(doc, grade, rgb)
        _fields(doc, [
            (t("risk.card.code", lang), point.code),
            (t("risk.card.enterprise", lang), register.enterprise_name),
            (t("risk.card.post", lang), point.name),
            (t("risk.card.place", lang), point.place),
            (t("risk.card.grade", lang), grade),
            (t("risk.card.hazards", lang), _lines([e.hazard for e in point.entries])),
            (t("risk.card.consequences", lang), _accidents(point, lang)),
            (t("risk.card.prevention", lang), _measures(point, PREVENTION, lang)),
            (t("risk.card.response", lang), _measures(point, ("emergency",), lang)),
            (t("risk.card.operation", lang), _operation(point)),
            (t("risk.card.responsible", lang), _responsible(point, lang)),
            (t("risk.card.phone", lang), _phone(phone, lang))])
    _footer(doc, _footer_text(register, made_on, lang))
    return _bytes(doc, made_on, t("risk.card.notice", lang), _head_text(register, lang))


def emergency_cards(register: RegisterView, points: Sequence[RiskPointView],
                    made_on: dt.date, lang: Lang = "zh", phone: str = "") -> bytes:
    """应急处置卡, one a page."""
    doc = _document()
    for n, point in enumerate(points):
        _title(doc, t("risk.card.emergency", lang), n == 0)
        grade, rgb = _grade(point, lang)
        _band(doc, grade, rgb)
        protection = _measures(point, ("protection",), lang)
        attention = t("risk.card.attention_text", lang)
        _fields(doc, [
            (t("risk.card.code", lang), point.code),
            (t("risk.card.post", lang), point.name),
            (t("risk.card.place", lang), point.place),
            (t("risk.card.accidents", lang), _accidents(point, lang, consequence=False)),
            (t("risk.measure.emergency", lang),
             _lines([e.measures.get("emergency", "") for e in point.entries])),
            (t("risk.card.phone", lang), _phone(phone, lang)),
            (t("risk.card.attention", lang), f"{attention}\n{protection}" if protection
             else attention),
            (t("risk.card.responsible", lang), _responsible(point, lang))])
    _footer(doc, _footer_text(register, made_on, lang))
    return _bytes(doc, made_on, t("risk.card.emergency", lang), _head_text(register, lang))


def posts(points: Sequence[RiskPointView]) -> list[tuple[str, str, list[RiskPointView]]]:
    """The posts of ``points``: (place, the person responsible at the post, its points), in
    the order first met."""
    found: dict[tuple[str, str], list[RiskPointView]] = {}
    for p in points:
        found.setdefault((p.place, p.responsible.get("post", "")), []).append(p)
    return [(place, person, ps) for (place, person), ps in found.items()]


def commitment_cards(register: RegisterView, points: Sequence[RiskPointView],
                     made_on: dt.date, lang: Lang = "zh") -> bytes:
    """安全承诺卡, one a post, signed and dated by hand."""
    doc = _document()
    for n, (place, person, ps) in enumerate(posts(points)):
        _title(doc, t("risk.card.commitment", lang), n == 0)
        listed = "\n".join(f"{p.code} {p.name}（{_grade(p, lang)[0]}）" for p in ps)
        _fields(doc, [
            (t("risk.card.enterprise", lang), register.enterprise_name),
            (t("risk.card.commit_post", lang), place),
            (t("risk.card.commit_person", lang), person or t("risk.out.nobody", lang)),
            (t("risk.card.commit_points", lang), listed)])
        doc.add_paragraph("", "Doc Body")
        doc.add_paragraph(t("risk.card.commit_text", lang), "Doc Body")
        for key in ("risk.card.commit_sign", "risk.card.commit_date"):
            p = doc.add_paragraph("", "Doc Body")
            p.paragraph_format.space_before = Pt(18)
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            p.add_run(t(key, lang) + (t("risk.card.blank", lang)
                                      if key == "risk.card.commit_sign" else ""))
    _footer(doc, _footer_text(register, made_on, lang))
    return _bytes(doc, made_on, t("risk.card.commitment", lang), _head_text(register, lang))


def write_cards(register: RegisterView, folder: Path, made_on: dt.date, lang: Lang = "zh", *,
                points: Sequence[RiskPointView] | None = None,
                phone: str = "") -> list[Path]:
    """The three kinds of cards of ``points`` (default: every risk point) in ``folder``, one
    file a kind (``<credit code>-risk-notice-cards.docx`` …), each written whole or not at
    all; the same register and day give the same bytes."""
    chosen = list(register.points if points is None else points)
    files = [(NOTICE, notice_cards(register, chosen, made_on, lang, phone)),
             (EMERGENCY, emergency_cards(register, chosen, made_on, lang, phone)),
             (COMMITMENT, commitment_cards(register, chosen, made_on, lang))]
    return [write_bytes(check_folder(folder / f"{register.enterprise_uscc}-{stem}.docx"), data)
            for stem, data in files]


# --- the risk report ----------------------------------------------------------------------


def _grade_name(grade: str | None, lang: Lang) -> str:
    if grade is None:
        return t("risk.out.not_assessed", lang)
    return t("risk.out.grade_colour", lang, grade=name("risk.grade", grade, lang),
             colour=name("risk.colour", COLOURS[RiskGrade(grade)][0], lang))


def _table(doc: WordDocument, header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    forms._table(doc, Block(kind="table", header=tuple(header),
                            rows=tuple(Row(cells=tuple(r)) for r in rows)))


def report_bytes(content: Mapping[str, Any], content_hash: str, lang: Lang = "zh") -> bytes:
    """A filed risk report as a Word file, from its frozen ``content`` alone (and its hash):
    the basic information, the risk points by grade, the 较大以上 risks, the changes since the
    last report. The same content gives the same bytes."""
    reg = content["register"]
    kind = t(f"risk.report.kind.{content['kind']}", lang)
    filed_on = dt.date.fromisoformat(content["filed_on"])
    head = t("xl.chain_head", lang, seq=content["head"]["seq"],
             hash=content["head"]["hash"][:16])
    doc = _document()
    doc.add_paragraph(t("risk.report.title", lang, name=reg["enterprise_name"], kind=kind),
                      "Doc Title")
    doc.add_paragraph(t("risk.report.number", lang, seq=content["seq"]), "Doc Number")
    reasons = Listed([t(f"risk.report.reason.{r}", lang) for r in content["reasons"]])
    doc.add_paragraph(t("risk.report.section.basic", lang), "Doc Body")
    _table(doc, (), [
        (t("risk.card.enterprise", lang), reg["enterprise_name"]),
        (t("risk.report.uscc", lang), reg["enterprise_uscc"]),
        (t("risk.report.address", lang), reg.get("address", "")),
        (t("risk.report.district", lang), reg.get("district", "")),
        (t("risk.report.sector", lang), name("sector", reg.get("sector", ""), lang)),
        (t("risk.report.kind", lang), kind),
        (t("risk.report.reasons", lang), reasons.render(lang)),
        (t("risk.report.filed_on", lang), content["filed_on"]),
        (t("risk.report.filed_by", lang), content["filed_by"]),
        (t("risk.report.hash", lang), content_hash)])
    points = reg.get("points", [])
    grades = [(p.get("current") or {}).get("grade") for p in points]
    doc.add_paragraph(t("risk.report.section.counts", lang), "Doc Body")
    counts = [(_grade_name(g.value, lang), str(grades.count(g.value))) for g in RiskGrade]
    if None in grades:
        counts.append((t("risk.out.not_assessed", lang), str(grades.count(None))))
    _table(doc, (t("risk.card.grade", lang), t("risk.report.count", lang)),
           [*counts, (t("risk.report.total", lang), str(len(points)))])
    doc.add_paragraph(t("risk.report.section.significant", lang), "Doc Body")
    significant = [p for p, g in zip(points, grades, strict=True)
                   if g in ("major", "significant")]
    if significant:
        rows = []
        for p in significant:
            current = p["current"]
            tiers = Listed([name("risk.tier", x, lang) for x in current["tiers"]]).render(lang)
            people = Listed([t("risk.out.tier_person", lang, tier=name("risk.tier", x, lang),
                               person=v) for x, v in p.get("responsible", {}).items()])
            rows.append((p["code"], p["name"], _grade_name(current["grade"], lang), tiers,
                         people.render(lang)))
        _table(doc, (t("risk.out.col.code", lang), t("risk.out.col.name", lang),
                     t("risk.card.grade", lang), t("risk.out.col.tiers", lang),
                     t("risk.out.col.responsible", lang)), rows)
    else:
        doc.add_paragraph(t("risk.report.none_significant", lang), "Doc Body")
    doc.add_paragraph(t("risk.report.section.changes", lang), "Doc Body")
    previous = content.get("previous")
    if previous is None:
        doc.add_paragraph(t("risk.report.no_previous", lang), "Doc Body")
    else:
        doc.add_paragraph(t("risk.report.since", lang, seq=previous["seq"], on=previous[
            "filed_on"], kind=t(f"risk.report.kind.{previous['kind']}", lang)), "Doc Body")
        for line in change_lines(content["changes"], lang) or [t("risk.report.no_change",
                                                                 lang)]:
            doc.add_paragraph(line, "Doc Body")
    _footer(doc, t("risk.card.footer", lang, name=reg["enterprise_name"],
                   made=filed_on.isoformat(), head=head))
    return _bytes(doc, filed_on, kind, head)


def change_lines(changes: Mapping[str, Any], lang: Lang) -> list[str]:
    """The changes since the last report, one a line."""
    out = [t("risk.report.change.added", lang, code=c["code"], name=c["name"],
             grade=_grade_name(c["grade"], lang)) for c in changes.get("added", ())]
    out += [t("risk.report.change.removed", lang, code=c["code"], name=c["name"],
              grade=_grade_name(c["grade"], lang)) for c in changes.get("removed", ())]
    out += [t("risk.report.change.graded", lang, code=c["code"], name=c["name"],
              before=_grade_name(c["before"], lang), after=_grade_name(c["after"], lang))
            for c in changes.get("graded", ())]
    out += [t("risk.report.change.basic", lang, field=t(f"risk.report.field.{c['field']}",
                                                        lang), before=c["before"],
              after=c["after"]) for c in changes.get("basic", ())]
    return out


def write_report(content: Mapping[str, Any], content_hash: str, out: Path,
                 lang: Lang = "zh") -> Path:
    """The report as a Word file at ``out`` (written whole or not at all)."""
    return write_bytes(check_folder(Path(out).expanduser()),
                       report_bytes(content, content_hash, lang))
