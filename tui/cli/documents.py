"""``anjian documents``: enforcement documents (执法文书) issued from an inspection, listed,
shown as issued, written as Word (and PDF), voided, delivered; the reviews orders schedule.

A document's kind is its 代字 (检记, 现决, 责改, 复查, 回); a document is named by its number
(（济）应急责改〔2026〕17号). A document's text is Chinese whatever the language: it is the
legal record as issued."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from core.i18n import AnjianError, Lang, Lines, Msg, os_reason, t
from tui.cli.localise import Command, Group
from tui.cli.options import Json, options, parse_date
from tui.cli.output import block, echo, emit, names

if TYPE_CHECKING:
    from core.views.documents import (
        DocumentContent,
        DocumentView,
        ReviewDue,
    )

app = typer.Typer(cls=Group, no_args_is_help=True, rich_markup_mode=None)

Number = Annotated[str, typer.Argument()]
Campaign = Annotated[int | None, typer.Option("--campaign")]


# --- what is printed ---------------------------------------------------------------------


def _title(kind: str, lang: Lang) -> str:
    from core.services.documents import title

    return title(kind).render(lang)


def content_lines(c: DocumentContent, lang: Lang) -> list[str]:
    """A document's frozen content as text, in its order: header, title, number, addressee,
    the body's blocks, the audit chain's head it was issued under."""
    lines = [c.header, c.title, c.number, ""]
    if c.addressee:
        lines.append(f"{c.addressee}：")
    for b in c.blocks:
        if b.kind == "fields":
            lines += [f"{f.label}：{f.value}" for f in b.fields]
        elif b.kind == "para":
            lines.append("　　" + block(b.text, "　　"))
        elif b.kind == "table":
            lines.append(" | ".join(b.header))
            lines += [" | ".join(block(cell, "  ") for cell in r.cells) for r in b.rows]
        elif b.kind == "signatures":
            for s in b.signatures:
                line = f"{s.role}：{s.name or '＿＿＿＿'}"
                if s.cert_no:
                    line += "　" + t("cli.out.doc.cert_no", lang, cert=s.cert_no)
                if s.note:
                    line += "　" + s.note
                lines.append(line)
            if b.text:
                lines.append(b.text)
        elif b.kind == "seal":
            lines.append(t("cli.out.doc.seal", lang, seal=b.text))
        else:
            lines.append(b.text)
    lines.append(t("cli.out.doc.head", lang, seq=c.head.seq, hash=c.head.shown))
    return lines


def document_line(d: DocumentView, lang: Lang) -> str:
    """One document in a list: number, kind, enterprise, date, officers, void, delivery."""
    line = t("cli.out.doc.line", lang, number=d.number, title=_title(d.kind, lang),
             enterprise=d.enterprise_name or d.enterprise_uscc, date=d.issued_on.isoformat(),
             officers=names(d.officers, lang))
    if d.void:
        line += t("cli.out.doc.void_mark", lang, reason=d.void_reason)
    if d.delivery is not None:
        line += t("cli.out.doc.delivered_mark", lang, date=d.delivery.delivered_on.isoformat(),
                  to=d.delivery.recipient)
    return line


def meta_lines(d: DocumentView, lang: Lang) -> list[str]:
    """What the record keeps about a document beside its text."""
    lines = [t("cli.out.doc.issued", lang, by=d.issued_by, at=d.issued_at.isoformat(),
               hash=d.content_hash)]
    if d.replaces:
        lines.append(t("cli.out.doc.replaces", lang, number=d.replaces))
    if d.void:
        lines.append(t("cli.out.doc.voided", lang, by=d.voided_by, reason=d.void_reason))
    if d.delivery is not None:
        lines.append(t("cli.out.doc.delivery", lang, to=d.delivery.recipient,
                       method=Msg(f"doc.method.{d.delivery.method}"),
                       date=d.delivery.delivered_on.isoformat()))
    return lines


def review_line(r: ReviewDue, lang: Lang) -> str:
    line = t(f"cli.out.doc.review.{r.state}", lang, order=r.order,
             enterprise=r.enterprise_name or r.enterprise_uscc,
             deadline=r.deadline.isoformat(), due_by=r.due_by.isoformat())
    if r.review:
        line += t("cli.out.doc.review.by", lang, review=r.review)
    return line


# --- reading what is typed -------------------------------------------------------------------


def _items(values: list[str]) -> tuple[dict[str, dt.date], list[str]]:
    """``--item ITEM=DATE`` (or, for 现决, ``--item ITEM``): the dates by item, and the items
    named without one."""
    dated: dict[str, dt.date] = {}
    plain: list[str] = []
    for raw in values:
        key, sep, day = raw.partition("=")
        key = key.strip()
        if not key:
            raise AnjianError("cli.documents.bad_item", value=raw)
        if sep:
            parsed = parse_date(day.strip(), f"--item {key}")
            assert parsed is not None
            dated[key] = parsed
        else:
            plain.append(key)
    return dated, plain


def _method(value: str) -> str:
    """A delivery method as typed: its id, or its name in either language."""
    from core.views.documents import METHODS

    typed = value.strip()
    for m in METHODS:
        words = {m, *(t(f"doc.method.{m}", lang) for lang in ("zh", "en")),
                 *(t(f"cli.documents.method.{m}", lang) for lang in ("zh", "en"))}
        if typed in words:
            return m
    raise AnjianError("doc.bad_method", method=value, methods=Lines(
        [Msg(f"cli.documents.method.{m}") for m in METHODS], sep="; "))


def _narrative(path: Path | None) -> str | None:
    if path is None:
        return None
    try:
        return path.read_text(encoding="utf-8")
    except OSError as exc:
        raise AnjianError("cli.documents.narrative_unread", file=path,
                          reason=os_reason(exc)) from None
    except UnicodeDecodeError:
        raise AnjianError("cli.documents.narrative_not_utf8", file=path) from None


# --- the commands ------------------------------------------------------------------------


@app.command("issue", cls=Command)
def issue(
    ctx: typer.Context,
    kind: Annotated[str, typer.Argument()],
    inspection: Annotated[int, typer.Option("--inspection")],
    deadline: Annotated[str | None, typer.Option("--deadline")] = None,
    item: Annotated[list[str] | None, typer.Option("--item")] = None,
    officer: Annotated[list[str] | None, typer.Option("--officer")] = None,
    measure: Annotated[list[str] | None, typer.Option("--measure")] = None,
    until: Annotated[str | None, typer.Option("--until")] = None,
    order: Annotated[str | None, typer.Option("--order")] = None,
    narrative_file: Annotated[Path | None, typer.Option("--narrative-file")] = None,
    place: Annotated[str, typer.Option("--place")] = "",
    person_in_charge: Annotated[str, typer.Option("--person-in-charge")] = "",
    refused_to_sign: Annotated[bool, typer.Option("--refused-to-sign")] = False,
    replaces: Annotated[str | None, typer.Option("--replaces")] = None,
    preview: Annotated[bool, typer.Option("--preview")] = False,
    as_json: Json = False,
) -> None:
    """Issue an enforcement document for an inspection (KIND: 检记 record, 现决 measures, 责改
    order, 复查 review, 回 receipt)."""
    from core.services import documents

    opts = options(ctx)
    lang = opts.lang
    kind = documents.kind_named(kind)
    dated, plain = _items(item or [])
    measures_kind = kind == documents.MEASURES
    if plain and not measures_kind:
        raise AnjianError("cli.documents.item_needs_date", item=plain[0])
    request = documents.IssueRequest(
        kind=kind,  # type: ignore[arg-type]  # the service refuses an unknown kind by name
        inspection_id=inspection, deadline=parse_date(deadline, "--deadline"),
        items=dated if not measures_kind else {}, officers=tuple(officer or ()),
        narrative=_narrative(narrative_file), place=place, measures=tuple(measure or ()),
        measures_until=parse_date(until, "--until"), order=order,
        person_in_charge=person_in_charge, refused_to_sign=refused_to_sign,
        replaces=replaces, hazards=(*plain, *dated) if measures_kind else ())
    context = opts.context()
    if preview:
        draft = documents.draft(context, request)
        if as_json:
            emit({"content": draft.content.model_dump(mode="json"),
                  "refusals": [{"key": r.key, "text": r.render(lang)} for r in draft.refusals]})
            return
        for line in content_lines(draft.content, lang):
            echo(line)
        echo("")
        if draft.refusals:
            echo(t("cli.out.doc.preview_refused", lang))
            for why in draft.refusals:
                echo(f"  - {why.render(lang)}")
        else:
            echo(t("cli.out.doc.preview_ok", lang))
        return
    done = documents.issue(context, request)
    d = done.document
    if as_json:
        emit(d.model_dump(mode="json"))
        return
    echo(t("cli.out.doc.issued_line", lang, title=_title(d.kind, lang), number=d.number,
           officers=names(d.officers, lang)))
    for i in d.items:
        if i.deadline is not None and d.kind == documents.ORDER:
            echo(t("cli.out.doc.item_deadline", lang, ordinal=i.ordinal, hazard=i.hazard_id,
                   date=i.deadline.isoformat()))
    if d.replaces:
        echo(t("cli.out.doc.replaces", lang, number=d.replaces))
    echo(t("cli.out.doc.head", lang, seq=d.head.seq, hash=d.head.shown))


@app.command("list", cls=Command)
def list_(ctx: typer.Context, campaign: Campaign = None,
          enterprise: Annotated[str | None, typer.Option("--enterprise")] = None,
          inspection: Annotated[int | None, typer.Option("--inspection")] = None,
          as_json: Json = False) -> None:
    """Issued documents, newest first (an enterprise user sees its own)."""
    from core.services import documents

    opts = options(ctx)
    rows = documents.documents(opts.context(), campaign=campaign, enterprise=enterprise,
                               inspection=inspection)
    if as_json:
        emit([d.model_dump(mode="json") for d in rows])
        return
    if not rows:
        echo(t("cli.out.doc.none", opts.lang))
    for d in rows:
        echo(document_line(d, opts.lang))


@app.command("show", cls=Command)
def show(ctx: typer.Context, number: Number, as_json: Json = False) -> None:
    """One document as it was issued, with what the record keeps about it."""
    from core.services import documents

    opts = options(ctx)
    done = documents.show(opts.context(), number)
    if as_json:
        emit({**done.document.model_dump(mode="json"),
              "content": done.content.model_dump(mode="json")})
        return
    for line in content_lines(done.content, opts.lang):
        echo(line)
    echo("")
    for line in meta_lines(done.document, opts.lang):
        echo(line)


@app.command("export", cls=Command)
def export(ctx: typer.Context, number: Number,
           out: Annotated[Path, typer.Option("--out")],
           pdf: Annotated[bool, typer.Option("--pdf")] = False,
           as_json: Json = False) -> None:
    """Write the document as issued to a Word file (.docx) and, with --pdf, beside it as PDF
    (through LibreOffice)."""
    from core.services import document_export

    opts = options(ctx)
    written = document_export.export(opts.context(), number, out, pdf=pdf)
    if as_json:
        emit({"number": number, "files": [str(p) for p in written]})
        return
    for path in written:
        echo(t("cli.out.doc.written", opts.lang, number=number, path=path))


@app.command("void", cls=Command)
def void(ctx: typer.Context, number: Number,
         reason: Annotated[str, typer.Option("--reason")], as_json: Json = False) -> None:
    """Void a document (the campaign's lead): it keeps its number, with the reason."""
    from core.services import documents

    opts = options(ctx)
    d = documents.void(opts.context(), number, reason=reason)
    if as_json:
        emit(d.model_dump(mode="json"))
        return
    echo(t("cli.out.doc.void_done", opts.lang, number=d.number, reason=d.void_reason))


@app.command("deliver", cls=Command)
def deliver(ctx: typer.Context, number: Number,
            to: Annotated[str, typer.Option("--to")],
            method: Annotated[str, typer.Option("--method")],
            on: Annotated[str, typer.Option("--on")],
            as_json: Json = False) -> None:
    """Record how a document reached the enterprise (once)."""
    from core.services import documents

    opts = options(ctx)
    day = parse_date(on, "--on")
    assert day is not None
    d = documents.deliver(opts.context(), number, to=to,
                          method=_method(method), on=day)  # type: ignore[arg-type]
    if as_json:
        emit(d.model_dump(mode="json"))
        return
    assert d.delivery is not None
    echo(t("cli.out.doc.delivered", opts.lang, number=d.number, to=d.delivery.recipient,
           method=Msg(f"doc.method.{d.delivery.method}"),
           date=d.delivery.delivered_on.isoformat()))


@app.command("reviews", cls=Command)
def reviews(ctx: typer.Context, campaign: Campaign = None,
            every: Annotated[bool, typer.Option("--all")] = False,
            as_json: Json = False) -> None:
    """The follow-up reviews (复查) issued orders schedule: due and overdue ones (--all: also
    those not yet due and those done)."""
    from core.services import documents

    opts = options(ctx)
    states = ("scheduled", "due", "overdue", "done") if every else ("due", "overdue")
    rows = documents.reviews_due(opts.context(), campaign=campaign, states=states)
    if as_json:
        emit([r.model_dump(mode="json") for r in rows])
        return
    if not rows:
        echo(t("cli.out.doc.no_reviews", opts.lang))
    for r in rows:
        echo(review_line(r, opts.lang))
