"""Enforcement documents (执法文书) in the terminal UI: issuing one from an inspection (the kind,
then a form of what that kind asks, then a preview of the text before anything is numbered),
voiding one with a reason, recording its delivery, exporting it to Word; a document's frozen
text and the follow-up reviews orders schedule, as lines to show.

Everything goes through core's services (``core.services.documents``, ``bureau``,
``document_export``): the same calls as ``anjian documents issue|void|deliver|export``. A
draft takes no number: a refusal (no bureau, no second certified officer, a deadline in the
past …) is shown beside the form and in the preview, and the number is taken only when the
document is issued from the preview.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Footer, Static

from core.i18n import AnjianError, Lang, name, t
from core.process.documents import MEASURE_MONTHS, add_months
from core.views.documents import KINDS, METHODS
from tui.admin import LinkedForm, yes_no
from tui.dialogs import Choice, Dialog, PickDialog
from tui.forms import FormDialogChecked, FormField
from tui.plain import visible
from tui.wrapped import Wrapped

if TYPE_CHECKING:
    from core.services.context import Context
    from core.services.documents import IssueRequest
    from core.views.documents import (
        DocumentContent,
        DocumentKind,
        DocumentView,
        Draft,
        IssuedDocument,
        ReviewDue,
    )
    from core.views.inspections import InspectionSummary
    from tui.app import AnjianApp

#: A line to show and its style (rich style text, "" for none).
Line = tuple[str, str]
#: How a name the document leaves to be written by hand is shown.
BLANK = "________"
#: The kinds by what they are (the names of their 代字): record 检记, measures 现决, order
#: 责改, review 复查, receipt 回.
RECORD, MEASURES, ORDER, REVIEW, RECEIPT = KINDS


# --- what is shown -------------------------------------------------------------------------


def kind_title(kind: str, lang: Lang) -> str:
    """The form's title (责令限期整改指令书), in the interface's language."""
    return t(f"ui.doc.kind.{kind}", lang)


def content_lines(content: DocumentContent, lang: Lang) -> list[Line]:
    """A document's text as lines to wrap (:class:`tui.wrapped.Wrapped`): the header, title
    and number, the addressee, each block in order (fields, paragraphs, a table's rows with
    their headers, the signatures with their certificate numbers, the seal, the notes) and,
    in the interface's language, the audit head it was issued under. The document's own text
    is Chinese whatever the interface's language, as it prints (a legal record of a Chinese
    authority): the word this adds to it (执法证号) too."""
    out: list[Line] = [(content.header, "dim"), (content.title, "bold"), (content.number, "bold"),
                       ("", "")]
    if content.addressee:
        out.append((f"{content.addressee}：", ""))
    for block in content.blocks:
        match block.kind:
            case "fields":
                out += [(f"{f.label}：{f.value}", "") for f in block.fields]
            case "para":
                out.append((block.text, ""))
            case "table":
                out += table_lines(block.header, [r.cells for r in block.rows])
            case "signatures":
                for s in block.signatures:
                    line = f"{s.role}：{s.name or BLANK}"
                    if s.cert_no:
                        line += f"（{t('ui.doc.cert', 'zh', cert=s.cert_no)}）"
                    out.append((line, ""))
                    if s.note:
                        out.append((f"  {s.note}", "italic"))
                if block.text:
                    out.append((block.text, ""))
            case "seal":
                out.append((block.text, "dim"))  # where the seal goes
            case "note":
                out.append((block.text, "dim"))
        out.append(("", ""))
    out.append((t("ui.doc.head", lang, seq=content.head.seq, hash=content.head.shown), "dim"))
    return out


def table_lines(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[Line]:
    """A table as lines that wrap at any width: each row its first cell (the problem's number,
    or the document named), then each other cell after its column's name."""
    out: list[Line] = []
    for cells in rows:
        if not cells:
            continue
        first = f"{cells[0]}." if cells[0].isdigit() else cells[0]
        rest = "；".join(f"{h}：{c}" for h, c in zip(header[1:], cells[1:], strict=False) if c)
        out.append((f"{first} {rest}".rstrip(), ""))
    return out


def state_text(doc: DocumentView, lang: Lang) -> str:
    """作废, 已送达 or nothing."""
    if doc.void:
        return t("ui.doc.state.void", lang)
    return t("ui.doc.state.delivered", lang) if doc.delivery is not None else ""


def status_lines(doc: DocumentView, lang: Lang) -> list[Line]:
    """What became of a document after it was issued: voided (by, when, why), delivered."""
    out: list[Line] = []
    if doc.voided_at is not None:
        out.append((t("ui.doc.voided_line", lang, by=doc.voided_by,
                      at=f"{doc.voided_at:%Y-%m-%d %H:%M}", reason=doc.void_reason), "bold red"))
    if doc.delivery is not None:
        d = doc.delivery
        out.append((t("ui.doc.delivered_line", lang, to=d.recipient,
                      method=t(f"ui.doc.method.{d.method}", lang),
                      on=d.delivered_on.isoformat()), "green"))
    return out


def review_lines(reviews: Sequence[ReviewDue], lang: Lang, *, most: int = 6,
                 total: int | None = None) -> list[Line]:
    """The follow-up reviews due or overdue, overdue first marked so; at most ``most`` lines
    and how many more (of ``total``, when only the first were read)."""
    ordered = sorted(reviews, key=lambda r: (r.state != "overdue", r.due_by, r.order))
    out: list[Line] = []
    for r in ordered[:most]:
        line = t("ui.doc.review_line", lang, order=r.order,
                 enterprise=r.enterprise_name or r.enterprise_uscc,
                 deadline=r.deadline.isoformat(), due_by=r.due_by.isoformat())
        mark = t(f"ui.doc.review.{r.state}", lang) if r.state in ("due", "overdue") else ""
        out.append((f"{'! ' if r.state == 'overdue' else '• '}{line}"
                    + (f" · {mark}" if mark else ""),
                    "bold red" if r.state == "overdue" else "yellow"))
    total = max(total or 0, len(ordered))
    if total > most:
        out.append((t("ui.doc.reviews_more", lang, count=total - most), "dim"))
    return out


# --- issuing ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """A problem an order would name: its hazard (the request's key ``#<id>``) and how the
    form labels it."""

    hazard_id: int
    text: str


@dataclass(frozen=True)
class Setup:
    """What the issuing form of one kind needs, read off the UI thread: the officers to
    choose from and the two proposed, and per kind the problems (责改), the measures offered
    (现决), the orders that may be reviewed (复查) and the drafted narrative (检记)."""

    kind: DocumentKind
    inspection: InspectionSummary
    enterprise: str
    officers: list[tuple[str, str]]
    proposed: tuple[str | None, str | None]
    problems: list[Problem] = field(default_factory=list)
    measures: list[str] = field(default_factory=list)
    orders: list[tuple[str, str]] = field(default_factory=list)
    narrative: str = ""


def issue_document(app: AnjianApp, inspection: InspectionSummary, enterprise: str = "",
                   then: Callable[[], None] | None = None) -> None:
    """Issue a document from ``inspection``: asked first whether the user may, then which
    kind, then the kind's form, its preview, and the number; the document issued is then
    opened (``then`` runs first)."""
    ctx = app.ctx
    if ctx is None or not app.may("document.issue", campaign=inspection.campaign_id,
                                  enterprise=inspection.enterprise_uscc):
        return
    lang = app.lang
    who = enterprise or inspection.enterprise_uscc
    choices = [Choice(k, t("ui.doc.kind_choice", lang, title=kind_title(k, lang), kind=k),
                      (kind_title(k, "zh"), kind_title(k, "en"), k)) for k in KINDS]

    def chosen(kind: str | None) -> None:
        if kind is None:
            return
        picked = next(k for k in KINDS if k == kind)

        def load() -> None:
            try:
                setup = read_setup(ctx, picked, inspection, who)
            except AnjianError as exc:
                app.call_from_thread(app.fail, exc)
                return
            app.call_from_thread(open_form, app, ctx, setup, then)

        app.run_worker(load, thread=True, group="document")

    app.push_screen(PickDialog(lang, t("ui.doc.pick_kind", lang, enterprise=who,
                                       id=inspection.id), choices), chosen)


def read_setup(ctx: Context, kind: DocumentKind, inspection: InspectionSummary,
               enterprise: str) -> Setup:
    """What the form of ``kind`` offers (in a worker thread)."""
    from core.services import documents, roster

    if enterprise == inspection.enterprise_uscc:  # by name where it may be read
        enterprise = roster.enterprise_names(ctx, [enterprise]).get(enterprise, enterprise)
    officers, proposed = officer_choices(ctx, inspection)
    setup = Setup(kind, inspection, enterprise, officers, proposed)
    if kind == ORDER:
        setup.problems.extend(open_problems(ctx, inspection))
    elif kind == MEASURES:
        setup.measures.extend(offered_measures(ctx))
    elif kind == REVIEW:
        setup.orders.extend(
            (d.number, f"{d.number} · {d.issued_on.isoformat()}")
            for d in documents.documents(ctx, campaign=inspection.campaign_id,
                                         enterprise=inspection.enterprise_uscc)
            if d.kind == ORDER and not d.void)
    elif kind == RECORD:
        from core.services.documents import IssueRequest

        drafted = documents.draft(ctx, IssueRequest(kind=kind, inspection_id=inspection.id,
                                                    officers=tuple(o for o in proposed if o)))
        return Setup(kind, inspection, enterprise, officers, proposed,
                     narrative=narrative_of(drafted.content))
    return setup


def offered_measures(ctx: Context) -> list[str]:
    """The measures on the spot the bureau's 现决 form offers (empty: the service names
    none, and the form takes them typed, one a line)."""
    from core.services import documents

    offered = getattr(documents, "measures", None)
    return list(offered(ctx)) if callable(offered) else []


def narrative_of(content: DocumentContent) -> str:
    """The 检查情况 narrative of a drafted 检记: its paragraphs after the introduction and
    the 检查情况 heading (the form's order: head, introduction, heading, narrative,
    signatures)."""
    paras = [b.text for b in content.blocks if b.kind == "para"]
    return "\n".join(paras[2:])


def officer_choices(ctx: Context, inspection: InspectionSummary
                    ) -> tuple[list[tuple[str, str]], tuple[str | None, str | None]]:
    """Who may sign: the campaign's team but its experts (an inspection without campaign: the
    bureau's leads and inspectors), and the two proposed: the acting user and the first other
    certified member, the lead first."""
    from core.services import bureau, campaigns, users

    lang: Lang = ctx.lang
    if inspection.campaign_id is not None:
        team = campaigns.campaign_view(ctx, inspection.campaign_id).team
        people = [(m.name, m.role) for m in sorted(team, key=lambda m: m.role != "lead")
                  if m.role in ("lead", "inspector")]
        choices = [(n, t("ui.doc.officer_choice", lang, name=n, place=name("team", r, lang)))
                   for n, r in people]
    else:
        found = [u for u in users.list_users(ctx)
                 if u.role in ("lead", "inspector") and not u.disabled]
        found.sort(key=lambda u: u.role != "lead")
        choices = [(u.name, t("ui.doc.officer_choice", lang, name=u.name,
                              place=t(f"role.{u.role}", lang))) for u in found]
    try:
        certified = {c.name for c in bureau.certs(ctx) if c.valid_until >= ctx.today}
    except AnjianError:  # who may read the certificates is the bureau's business
        certified = set()
    names = [n for n, _ in choices]
    first = ctx.actor if ctx.actor in names else (names[0] if names else None)
    others = [n for n in names if n != first]
    second = next((n for n in others if n in certified), others[0] if others else None)
    return choices, (first, second)


def open_problems(ctx: Context, inspection: InspectionSummary) -> list[Problem]:
    """The inspection's hazards an order would name (not closed, not corrected on the spot),
    in the checklist's order (the order's numbering)."""
    from core.services import hazards
    from core.services.checklist import checklist

    rows = hazards.ledger(ctx, campaign=inspection.campaign_id,
                          enterprise=inspection.enterprise_uscc)
    found = [r.hazard for r in rows if r.hazard.inspection_id == inspection.id
             and r.hazard.status != "closed" and not r.hazard.corrected_on_site]
    entries = checklist(ctx, inspection.id).entries
    order = {(e.pack_id, e.item.id): n for n, e in enumerate(entries)}
    seen = {(e.pack_id, e.item.id): e.note.strip() or e.item.text_zh for e in entries}
    found.sort(key=lambda h: (order.get((h.pack_id, h.item_id), len(order)), h.id))
    # what was seen as the order will print it: the inspector's note, else the item's text
    return [Problem(h.id, seen.get((h.pack_id, h.item_id), h.clause)) for h in found]


def issue_fields(setup: Setup, lang: Lang, today: dt.date) -> list[FormField]:
    """The form of ``setup.kind``: what that kind asks, then the two officers and the unit's
    person in charge."""

    def after_today(value: Any) -> str | None:
        if isinstance(value, dt.date) and value <= today:
            return t("ui.doc.after_today", lang, today=today.isoformat())
        return None

    fields: list[FormField] = []
    kind = setup.kind
    if kind == ORDER:
        fields.append(FormField("deadline", t("ui.doc.deadline_all", lang), "date",
                                required=False, check=after_today,
                                hint=t("ui.doc.deadline_hint", lang)))
        fields += [FormField(f"hz{p.hazard_id}", t("ui.doc.deadline_item", lang, n=n,
                                                  text=p.text),
                             "date", required=False, check=after_today)
                   for n, p in enumerate(setup.problems, start=1)]
    elif kind == MEASURES:
        limit = add_months(today, MEASURE_MONTHS)

        def within(value: Any) -> str | None:
            if isinstance(value, dt.date) and not today < value <= limit:
                return t("ui.doc.until_limit", lang, today=today.isoformat(),
                         limit=limit.isoformat())
            return None

        fields += [FormField("measures", t("ui.doc.measures", lang), "choices",
                             choices=[(m, m) for m in setup.measures])
                   if setup.measures else
                   FormField("measures", t("ui.doc.measures", lang), "multiline"),
                   FormField("until", t("ui.doc.until", lang), "date", check=within)]
    elif kind == REVIEW:
        fields.append(FormField("order", t("ui.doc.order", lang), "choice",
                                value=setup.orders[0][0] if setup.orders else "",
                                choices=setup.orders))
    elif kind == RECORD:
        fields += [FormField("narrative", t("ui.doc.narrative", lang), "multiline",
                             value=setup.narrative),
                   FormField("place", t("ui.doc.place", lang), required=False)]
    first, second = setup.proposed
    fields += [FormField("officer1", t("ui.doc.officer1", lang), "choice", value=first or "",
                         choices=setup.officers),
               FormField("officer2", t("ui.doc.officer2", lang), "choice", value=second or "",
                         choices=setup.officers)]
    if kind != RECEIPT:
        fields.append(FormField("person", t("ui.doc.person", lang), required=False))
    if kind == RECORD:
        fields.append(FormField("refused", t("ui.doc.refused_to_sign", lang), "choice",
                                value="no", choices=yes_no(lang)))
    return fields


def issue_request(setup: Setup, values: dict[str, Any]) -> IssueRequest:
    """The service's request from the form's values."""
    from core.services.documents import IssueRequest

    items = {f"#{p.hazard_id}": values[f"hz{p.hazard_id}"] for p in setup.problems
             if values.get(f"hz{p.hazard_id}") is not None}
    return IssueRequest(
        kind=setup.kind, inspection_id=setup.inspection.id,
        deadline=values.get("deadline"), items=items,
        officers=(values["officer1"], values["officer2"]),
        narrative=values.get("narrative") if setup.kind == RECORD else None,
        place=values.get("place") or "",
        measures=measures_of(values.get("measures")), measures_until=values.get("until"),
        order=values.get("order") or None,
        person_in_charge=values.get("person") or "",
        refused_to_sign=values.get("refused") == "yes")


def measures_of(value: Any) -> tuple[str, ...]:
    """The measures chosen, or typed one a line."""
    if isinstance(value, str):
        return tuple(line.strip() for line in value.splitlines() if line.strip())
    return tuple(value or ())


def open_form(app: AnjianApp, ctx: Context, setup: Setup,
              then: Callable[[], None] | None) -> None:
    lang = app.lang

    def issued(done: IssuedDocument | None) -> None:
        """Said, and the document opened: its number at the top, its text as issued."""
        from tui.screens.documents import DocumentScreen

        if done is None:
            return
        d = done.document
        app.notify(visible(t("ui.doc.issued", lang, title=kind_title(d.kind, lang),
                             number=d.number)), timeout=30, markup=False)
        if then is not None:
            then()
        app.push_screen(DocumentScreen(lang, d.number))

    title = t("ui.doc.form_title", lang, title=kind_title(setup.kind, lang),
              enterprise=setup.enterprise, id=setup.inspection.id)
    app.push_screen(IssueForm(lang, title, ctx, setup), issued)


class IssueForm(LinkedForm):
    """The issuing form of one kind, checked as it is filled (two different officers; each
    problem of an order with a deadline, after today; measures within six months). Ctrl+S
    drafts the document (no number taken): its refusals are shown here, and its text in the
    preview above the form, from which it is issued; Esc there comes back to the form with
    everything typed kept."""

    def __init__(self, lang: Lang, title: str, ctx: Context, setup: Setup) -> None:
        super().__init__(lang, title, issue_fields(setup, lang, ctx.today),
                         relate=self.related, note=t("ui.doc.form_note", lang))
        self.ctx, self.setup = ctx, setup

    def related(self, key: str, values: dict[str, Any]) -> str | None:
        if key == "officer2" and values["officer2"] and values["officer2"] == values["officer1"]:
            return t("ui.doc.officer_twice", self.lang)
        if key.startswith("hz") and self.setup.kind == ORDER and values.get(key) is None \
                and values.get("deadline") is None:
            return t("ui.doc.deadline_needed", self.lang)
        return None

    def submit_now(self) -> None:
        if self.busy:
            return
        wrong = [f for f in self.fields if self.check_field(f) is not None]
        if wrong:
            super().submit_now()  # said beside the fields, focus on the first
            return
        self.busy = True
        self.refuse("", scroll=False)
        self.drafting(self.values())

    @work(thread=True, group="submit")
    def drafting(self, values: dict[str, Any]) -> None:
        from core.services import documents

        request = issue_request(self.setup, values)
        try:
            drafted = documents.draft(self.ctx, request)
        except AnjianError as exc:
            self.app.call_from_thread(self.refused, exc.render(self.lang))
            return
        self.app.call_from_thread(self.drafted, request, drafted)

    def drafted(self, request: IssueRequest, drafted: Draft) -> None:
        self.busy = False
        if drafted.refusals:
            self.refuse(t("ui.doc.refused", self.lang,
                          lines="\n".join(f"• {r.render(self.lang)}"
                                          for r in drafted.refusals)))
        self.app.push_screen(PreviewDialog(self.lang, self.ctx, self.setup, request, drafted),
                             self.previewed)

    def previewed(self, done: IssuedDocument | None) -> None:
        if done is not None:
            self.dismiss(done)


class PreviewDialog(Dialog["IssuedDocument"]):
    """The document's text as it would be issued now (its number a placeholder), what
    refuses it if anything; Ctrl+S issues it (offered only when nothing refuses it), Esc goes
    back to the form."""

    KEYS = "doc_preview"
    DEFAULT_CSS = """
    PreviewDialog #preview-text { height: 1fr; border-top: solid $primary; }
    """

    def __init__(self, lang: Lang, ctx: Context, setup: Setup, request: IssueRequest,
                 drafted: Draft) -> None:
        super().__init__(lang, t("ui.doc.preview_title", lang,
                                 title=kind_title(setup.kind, lang),
                                 enterprise=setup.enterprise))
        self.ctx, self.request, self.drafted = ctx, request, drafted
        self.busy = False

    def compose(self) -> ComposeResult:
        from textual.containers import Vertical

        with Vertical(classes="dialog doc-preview"):
            yield Static(Content(self.title_text), classes="dialog-title")
            yield Static(Content(t("ui.doc.preview_hint", self.lang)), classes="dialog-hint")
            lines = self.drafted.refusals
            yield Static(Content(visible("\n".join(
                [t("ui.doc.draft_refusals", self.lang),
                 *(f"• {r.render(self.lang)}" for r in lines)])
                if lines else "")), id="preview-refusal", classes="dialog-warning")
            with VerticalScroll(id="preview-text"):
                yield Wrapped(content_lines(self.drafted.content, self.lang), id="preview-body")
        yield Footer()

    def on_mount(self) -> None:
        # the whole screen for the text (the app's dialogs are 70 columns wide)
        box = self.query_one(".doc-preview").styles
        box.width = box.max_width = box.height = box.max_height = "100%"
        self.query_one("#preview-refusal").display = bool(self.drafted.refusals)
        self.query_one("#preview-text").focus()  # arrows and PgDn scroll the text

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Issuing is offered only for a draft nothing refuses."""
        if action == "issue":
            return not self.drafted.refusals
        return True

    def action_issue(self) -> None:
        if self.busy or self.drafted.refusals:
            return
        self.busy = True
        self.query_one("#preview-refusal").display = True
        self.query_one("#preview-refusal", Static).update(Content(t("ui.doc.issuing",
                                                                    self.lang)))
        self.issuing()

    @work(thread=True, group="issue")
    def issuing(self) -> None:
        from core.services import documents

        try:
            done = documents.issue(self.ctx, self.request)
        except AnjianError as exc:  # refused meanwhile (a second order for the problems …)
            self.app.call_from_thread(self.refused, exc.render(self.lang))
            return
        self.app.call_from_thread(self.dismiss, done)

    def refused(self, why: str) -> None:
        self.busy = False
        self.query_one("#preview-refusal").display = True
        self.query_one("#preview-refusal", Static).update(Content(visible(
            t("ui.doc.refused", self.lang, lines=f"• {why}"))))


# --- acting on an issued document ---------------------------------------------------------


def void_document(app: AnjianApp, doc: DocumentView, then: Callable[[], None]) -> None:
    """Void ``doc`` with a reason (its number kept, never used again)."""
    from core.services import documents

    ctx = app.ctx
    if ctx is None or not app.may("document.void", campaign=doc.campaign_id,
                                  enterprise=doc.enterprise_uscc):
        return
    lang = app.lang

    def submit(v: dict[str, Any]) -> DocumentView:
        return documents.void(ctx, doc.number, reason=v["reason"])

    def done(d: DocumentView | None) -> None:
        if d is not None:
            app.notify(visible(t("ui.doc.voided", lang, number=d.number)), markup=False)
            then()

    app.push_screen(FormDialogChecked(
        lang, t("ui.doc.void_title", lang, number=doc.number),
        [FormField("reason", t("ui.doc.void_reason", lang))], submit=submit,
        note=t("ui.doc.void_note", lang)), done)


def deliver_document(app: AnjianApp, doc: DocumentView, then: Callable[[], None]) -> None:
    """Record how ``doc`` reached the enterprise: to whom, how (直接, 留置, 邮寄), when."""
    from core.services import documents

    ctx = app.ctx
    if ctx is None or not app.may("document.issue", campaign=doc.campaign_id,
                                  enterprise=doc.enterprise_uscc):
        return
    lang, today = app.lang, ctx.today

    def when(value: Any) -> str | None:
        if isinstance(value, dt.date) and value > today:
            return t("ui.doc.not_future", lang, today=today.isoformat())
        if isinstance(value, dt.date) and value < doc.issued_on:
            return t("ui.doc.not_before", lang, issued=doc.issued_on.isoformat())
        return None

    fields = [
        FormField("to", t("ui.doc.to", lang)),
        FormField("method", t("ui.doc.method", lang), "choice", value="direct",
                  choices=[(m, t(f"ui.doc.method.{m}", lang)) for m in METHODS]),
        FormField("on", t("ui.doc.on", lang), "date", value=today, check=when),
    ]

    def submit(v: dict[str, Any]) -> DocumentView:
        method = next(m for m in METHODS if m == v["method"])
        return documents.deliver(ctx, doc.number, to=v["to"], method=method, on=v["on"])

    def done(d: DocumentView | None) -> None:
        if d is not None:
            app.notify(visible(t("ui.doc.delivered", lang, number=d.number)), markup=False)
            then()

    app.push_screen(FormDialogChecked(lang, t("ui.doc.deliver_title", lang, number=doc.number),
                                      fields, submit=submit), done)


def export_document(app: AnjianApp, doc: DocumentView) -> None:
    """Write ``doc`` as a Word file (and a PDF beside it) to a target checked as every
    export's is; the exports folder is proposed."""
    from core.services.document_export import export
    from core.services.schema import exports_dir

    ctx = app.ctx
    if ctx is None:
        return
    lang = app.lang

    def docx(value: Any) -> str | None:
        return None if str(value).lower().endswith(".docx") else t("ui.doc.out_docx", lang)

    fields = [
        FormField("out", t("ui.doc.out", lang), value=str(exports_dir() / f"{doc.number}.docx"),
                  check=docx),
        FormField("pdf", t("ui.doc.pdf", lang), "choice", value="no", choices=yes_no(lang)),
    ]

    def submit(v: dict[str, Any]) -> list[Any]:
        return export(ctx, doc.number, v["out"], pdf=v["pdf"] == "yes")

    def done(paths: list[Any] | None) -> None:
        if paths:
            app.notify(visible(t("ui.doc.exported", lang,
                                 paths="\n".join(str(p) for p in paths))),
                       timeout=20, markup=False)

    app.push_screen(FormDialogChecked(lang, t("ui.doc.export_title", lang, number=doc.number),
                                      fields, submit=submit), done)
