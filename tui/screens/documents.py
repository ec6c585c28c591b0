"""Enforcement documents (执法文书): a campaign's (or an inspection's) documents as a list —
number, kind, enterprise, date, void or delivered — and one document's text as it was issued
and frozen. From either a document is voided with a reason, its delivery recorded or it is
exported to Word; each key offered only to a role that may take it. An enterprise user sees
only their own enterprise's documents (the service reads them so)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Footer, Header, Static

from core.i18n import Lang
from core.views.documents import KINDS, DocumentView, IssuedDocument
from tui.documents import (
    content_lines,
    deliver_document,
    export_document,
    kind_title,
    state_text,
    status_lines,
    void_document,
)
from tui.plain import plain
from tui.screens.base import BaseScreen
from tui.screens.paged import PagedScreen, PagedTable
from tui.wrapped import Wrapped

#: The enterprise's column: eight Chinese characters, the rest cut.
NAME_WIDTH = 16


def admits(action: str, doc: DocumentView | None) -> bool:
    """Whether what a document became admits ``action``: a void document is neither voided
    nor delivered again, a delivered one not delivered twice."""
    if doc is None:
        return action not in ("void_document", "deliver_document", "export_document",
                              "open_document")
    if action == "void_document":
        return not doc.void
    if action == "deliver_document":
        return not doc.void and doc.delivery is None
    return True


@dataclass(frozen=True)
class Page:
    """A window of the documents, as :class:`PagedScreen` reads one."""

    rows: tuple[DocumentView, ...]
    total: int | None
    more_before: bool
    more_after: bool


class DocumentsScreen(PagedScreen):
    """A campaign's documents (or an inspection's, or every one the user may read), newest
    first, shown a window at a time; Enter shows one's frozen text."""

    KEYS = "documents"
    TABLE = "#documents"
    DEFAULT_CSS = """
    DocumentsScreen #documents-title { padding: 0 1; color: $text-muted; }
    DocumentsScreen #documents { height: 1fr; }
    DocumentsScreen #document-state { height: auto; max-height: 4; padding: 0 1;
                                      border-top: solid $primary; }
    """

    def __init__(self, lang: Lang, *, campaign: int | None = None,
                 inspection: int | None = None) -> None:
        super().__init__(lang)
        self.init_pages()
        self.campaign, self.inspection = campaign, inspection
        #: The documents as the service last listed them (it lists them whole: the table
        #: holds a window of them).
        self.listed: list[DocumentView] = []

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="documents-title")
        yield PagedTable(id="documents", cursor_type="row", zebra_stripes=True)
        yield Static("", id="document-state")
        yield Footer()

    def on_mount(self) -> None:
        for label, width in self.columns():
            self.table.add_column(label, width=width)

    # --- the list, a window at a time ------------------------------------------------------

    def fetch(self, **where: Any) -> Page:
        """A window of the documents: the ``limit`` after document ``after``, before
        ``before``, from ``at`` on, the last ones (``last``) or the first."""
        return self.window(**where)

    def window(self, *, count: bool = True, limit: int = 30, after: int | None = None,
               before: int | None = None, at: int | None = None, last: bool = False) -> Page:
        from core.services import documents

        assert self.ctx is not None
        if count or not self.listed:  # a new window: the list read again
            self.listed = documents.documents(self.ctx, campaign=self.campaign,
                                              inspection=self.inspection)
        docs = self.listed
        ids = [d.id for d in docs]
        if after is not None and after in ids:
            start = ids.index(after) + 1
        elif before is not None and before in ids:
            start = max(0, ids.index(before) - limit)
            limit = ids.index(before) - start
        elif at is not None and at in ids:
            start = ids.index(at)
        elif last:
            start = max(0, len(docs) - limit)
        else:
            start = 0
        end = min(len(docs), start + limit)
        return Page(rows=tuple(docs[start:end]), total=len(docs) if count else None,
                    more_before=start > 0, more_after=end < len(docs))

    def key_of(self, row: Any) -> int:
        return int(row.id)

    def row_id(self, row: Any) -> str:
        return str(row.id)

    def columns(self) -> list[tuple[str, int | None]]:
        kind = max(cell_len(self.tr(f"ui.doc.short.{k}")) for k in KINDS)
        state = max(cell_len(self.tr(k)) for k in ("ui.doc.state.void",
                                                   "ui.doc.state.delivered"))
        out: list[tuple[str, int | None]] = []
        for key, width in (("number", 26), ("kind", kind), ("enterprise", NAME_WIDTH),
                           ("date", 10), ("state", state)):
            label = self.tr(f"ui.doc.col.{key}")
            out.append((label, max(width, cell_len(label))))
        return out

    def cells(self, row: Any) -> list[Any]:
        d: DocumentView = row
        state = Text(state_text(d, self.lang), style="bold red" if d.void else "green")
        return [Text(d.number, style="strike dim" if d.void else ""),
                self.tr(f"ui.doc.short.{d.kind}"),
                plain(d.enterprise_name or d.enterprise_uscc), d.issued_on.isoformat(), state]

    def shown(self) -> None:
        where = (self.tr("ui.doc.where.campaign", id=self.campaign) if self.campaign is not None
                 else self.tr("ui.doc.where.inspection", id=self.inspection)
                 if self.inspection is not None else self.tr("ui.doc.where.all"))
        title = self.tr("ui.doc.list_title", where=where, count=self.total or 0)
        if not self.rows:
            title += "  " + self.tr("ui.doc.none")
        self.query_one("#documents-title", Static).update(Text(title))
        self.highlighted()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offered: what the user's role allows and the document under the cursor admits."""
        offered = super().check_action(action, parameters)
        return offered and admits(action, self.current())

    def highlighted(self) -> None:
        self.refresh_bindings()  # what is offered follows the document under the cursor
        doc = self.current_row()
        out = Text()
        if doc is not None:
            out.append(kind_title(doc.kind, self.lang), style="bold")
            for line, style in status_lines(doc, self.lang):
                out.append("\n" + line, style=style)
        self.query_one("#document-state", Static).update(out)

    # --- keys ----------------------------------------------------------------------------

    def current(self) -> DocumentView | None:
        row = self.current_row()
        return row if isinstance(row, DocumentView) else None

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.action_open_document()

    def action_open_document(self) -> None:
        doc = self.current()
        if doc is not None:
            self.app.push_screen(DocumentScreen(self.lang, doc.number))

    def action_void_document(self) -> None:
        doc = self.current()
        if doc is not None:
            void_document(self.anjian, doc, self.refresh_window)

    def action_deliver_document(self) -> None:
        doc = self.current()
        if doc is not None:
            deliver_document(self.anjian, doc, self.refresh_window)

    def action_export_document(self) -> None:
        doc = self.current()
        if doc is not None:
            export_document(self.anjian, doc)


class DocumentScreen(BaseScreen):
    """One document: what became of it (void, delivered), then its text as issued."""

    KEYS = "document"
    DEFAULT_CSS = """
    DocumentScreen #document-head { height: auto; padding: 0 1; }
    DocumentScreen #document-body { height: 1fr; padding: 0 1; border-top: solid $primary; }
    """

    def __init__(self, lang: Lang, number: str) -> None:
        super().__init__(lang)
        self.number = number
        self.issued: IssuedDocument | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(self.tr("ui.doc.loading"), id="document-head")
        with VerticalScroll(id="document-body"):
            yield Wrapped(id="document-text")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#document-body").focus()  # arrows and PgDn scroll the text

    def reload(self) -> None:
        from core.services import documents

        ctx, number = self.ctx, self.number
        if ctx is None:
            return

        def load() -> None:
            got = documents.show(ctx, number)
            self.app.call_from_thread(self.show, got)

        self.load_in_worker(load)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offered: what the user's role allows and the document admits (once loaded)."""
        offered = super().check_action(action, parameters)
        return offered and (self.issued is None or admits(action, self.issued.document))

    def show(self, issued: IssuedDocument) -> None:
        self.issued = issued
        self.refresh_bindings()
        d = issued.document
        head = Text()
        head.append(d.number + "\n", style="bold")
        head.append(self.tr("ui.doc.issued_line", title=kind_title(d.kind, self.lang),
                            enterprise=d.enterprise_name or d.enterprise_uscc,
                            on=d.issued_on.isoformat(), by=d.issued_by,
                            officers=self.tr("ui.list_sep").join(d.officers)))
        for line, style in status_lines(d, self.lang):
            head.append("\n" + line, style=style)
        head.append("\n" + self.tr("ui.doc.frozen"), style="dim")
        self.query_one("#document-head", Static).update(head)
        self.query_one("#document-text", Wrapped).update(content_lines(issued.content,
                                                                       self.lang))

    def action_void_document(self) -> None:
        if self.issued is not None:
            void_document(self.anjian, self.issued.document, self.reload)

    def action_deliver_document(self) -> None:
        if self.issued is not None:
            deliver_document(self.anjian, self.issued.document, self.reload)

    def action_export_document(self) -> None:
        if self.issued is not None:
            export_document(self.anjian, self.issued.document)
