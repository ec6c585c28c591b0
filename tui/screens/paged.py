"""A long list read from the database a page at a time: the screen holds a window of rows in
its table and reads the next page as the cursor nears the window's end (the previous one near
its start); Home and End read the first and the last page. A search or filter reads a new
first page; a page read for an older query is dropped. Coming back to the screen reads the
window again from its first row, the cursor kept on its row.

Services answer with a page (``rows``, ``total``, ``more_before``, ``more_after``) and take
``after``/``before``/``at`` a row's key, ``last``, ``limit`` and ``count``
(:func:`core.services.roster.roster_page`, :func:`core.services.hazards.ledger_page`)."""

from __future__ import annotations

from typing import Any, ClassVar

from textual.binding import Binding
from textual.widgets import DataTable

from tui.screens.base import BaseScreen


class PagedTable(DataTable[Any]):
    """A table showing a window of a longer list: Home and End (and ctrl+Home, ctrl+End) go to
    the list's first and last rows, not the window's."""

    BINDINGS: ClassVar[list[Any]] = [
        Binding("home,ctrl+home", "first", show=False),
        Binding("end,ctrl+end", "last", show=False),
    ]

    def action_first(self) -> None:
        screen = self.screen
        if isinstance(screen, PagedScreen):
            screen.jump(last=False)

    def action_last(self) -> None:
        screen = self.screen
        if isinstance(screen, PagedScreen):
            screen.jump(last=True)


class PagedScreen(BaseScreen):
    """A screen whose table (``TABLE``, a :class:`PagedTable`) is a window of a long list."""

    TABLE = "#table"
    #: Rows read at once, and the most the table holds (a window further on drops the rest).
    PAGE = 30
    MOST = 400
    #: How near the window's edge the cursor comes before the next page is read.
    MARGIN = 10

    def init_pages(self) -> None:
        self.rows: list[Any] = []
        self.total: int | None = None
        self.total_at_least = False
        self.more_before = False
        self.more_after = False
        #: Counts the queries: a page read for an older one is dropped.
        self.generation = 0
        self.reading = False
        self.loaded_once = False
        self.resuming = False

    # --- what a screen provides --------------------------------------------------------

    def fetch(self, **where: Any) -> Any:
        """A page of the list (in a worker thread): the service called with ``where``."""
        raise NotImplementedError

    def key_of(self, row: Any) -> Any:
        """A row's key for the service (``after=`` …)."""
        raise NotImplementedError

    def row_id(self, row: Any) -> str:
        """A row's key in the table."""
        raise NotImplementedError

    def cells(self, row: Any) -> list[Any]:
        raise NotImplementedError

    def columns(self) -> list[tuple[str, int | None]]:
        """The headers, each with its width (None: as wide as its cells)."""
        raise NotImplementedError

    def shown(self) -> None:
        """The rows changed (a title with the count, a detail pane)."""

    # --- reading -------------------------------------------------------------------------

    @property
    def table(self) -> PagedTable:
        return self.query_one(self.TABLE, PagedTable)

    def reload(self) -> None:
        """The first page read again (a new query or filter, the database opened)."""
        if self.resuming:  # BaseScreen's handler, after this class's own: already read
            self.resuming = False
            return
        self.read(focus=None, first=True)

    def on_screen_resume(self) -> None:
        """Back on the screen: only the window is read again, the cursor kept on its row.
        (Textual calls :class:`BaseScreen`'s handler after this one: its reload of
        everything is skipped.)"""
        if self.ctx is None or not self.is_mounted:
            return
        if self.loaded_once:
            self.resumed()
            self.refresh_window()
        else:
            self.reload()
        self.resuming = True

    def resumed(self) -> None:
        """Back on the screen, before the window is read again."""

    def refresh_window(self) -> None:
        """The window read again from its first row (after a change written here or on
        another screen), the cursor kept on its row."""
        current = self.current_id()
        if not self.rows:
            self.read(focus=current, first=True)
            return
        self.read(focus=current, at=self.key_of(self.rows[0]),
                  limit=max(self.PAGE, len(self.rows)))

    def jump(self, *, last: bool) -> None:
        if last:
            self.read(focus=None, last=True, to_end=True)
        else:
            self.read(focus=None, first=True)

    def read(self, *, focus: str | None, first: bool = False, to_end: bool = False,
             **where: Any) -> None:
        """Read a new window (replacing the table's rows) in a worker; the newest wins."""
        self.generation += 1
        generation = self.generation
        where.setdefault("limit", self.PAGE)

        def load() -> None:
            from core.i18n import AnjianError

            try:
                page = self.fetch(count=True, **where)
            except AnjianError as exc:
                self.app.call_from_thread(self.anjian.fail, exc)
                self.app.call_from_thread(self.read_done)
                return
            self.app.call_from_thread(self.replace, generation, page, focus, to_end)

        self.reading = True
        self.run_worker(load, thread=True, group="load")

    def read_done(self) -> None:
        """A window's read came back (shown, dropped as stale, or refused)."""

    def replace(self, generation: int, page: Any, focus: str | None, to_end: bool) -> None:
        self.read_done()
        if generation != self.generation:
            return  # read for an older query
        self.reading = False
        self.loaded_once = True
        self.rows = list(page.rows)
        self.total = page.total
        self.total_at_least = getattr(page, "total_at_least", False)
        self.more_before, self.more_after = page.more_before, page.more_after
        self.rebuild()
        table = self.table
        ids = [self.row_id(r) for r in self.rows]
        if focus in ids:
            table.move_cursor(row=ids.index(focus), animate=False)
        elif to_end and self.rows:
            table.move_cursor(row=len(self.rows) - 1, animate=False)
        elif self.rows:
            table.move_cursor(row=0, animate=False)
        self.shown()
        self.near_edge()

    def rebuild(self) -> None:
        """The table's rows made again from :attr:`rows` (its columns, of fixed widths, stay:
        nothing is measured again)."""
        table = self.table
        if not table.columns:
            for label, width in self.columns():
                table.add_column(label, width=width)
        table.clear()
        for r in self.rows:
            table.add_row(*self.cells(r), key=self.row_id(r))

    def current_id(self) -> str | None:
        table = self.table
        if not table.row_count:
            return None
        value = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return str(value) if value is not None else None

    def current_row(self) -> Any:
        row = self.table.cursor_row
        return self.rows[row] if 0 <= row < len(self.rows) and self.table.row_count else None

    def near_edge(self) -> None:
        """Read the next page when the cursor nears the window's end (the previous one near
        its start)."""
        if self.reading or not self.rows:
            return
        row = self.table.cursor_row
        if self.more_after and row >= len(self.rows) - self.MARGIN:
            self.extend(after=True)
        elif self.more_before and row < self.MARGIN:
            self.extend(after=False)

    def extend(self, *, after: bool) -> None:
        generation = self.generation
        key = self.key_of(self.rows[-1] if after else self.rows[0])

        def load() -> None:
            from core.i18n import AnjianError

            try:
                page = self.fetch(count=False, limit=self.PAGE,
                                  **({"after": key} if after else {"before": key}))
            except AnjianError as exc:
                self.app.call_from_thread(self.anjian.fail, exc)
                return
            self.app.call_from_thread(self.extended, generation, page, after)

        self.reading = True
        self.run_worker(load, thread=True, group="page")

    def extended(self, generation: int, page: Any, after: bool) -> None:
        if generation != self.generation:
            return
        self.reading = False
        table = self.table
        new = list(page.rows)
        if after:
            self.more_after = page.more_after
            self.rows += new
            for r in new:
                table.add_row(*self.cells(r), key=self.row_id(r))
            if len(self.rows) > self.MOST:  # the window moves on: the oldest rows go
                drop = len(self.rows) - self.MOST
                cursor = table.cursor_row - drop
                self.rows = self.rows[drop:]
                self.more_before = True
                self.rebuild()
                table.move_cursor(row=max(cursor, 0), animate=False)
        else:
            self.more_before = page.more_before
            cursor = table.cursor_row + len(new)
            self.rows = new + self.rows
            if len(self.rows) > self.MOST:
                self.rows = self.rows[:self.MOST]
                self.more_after = True
            self.rebuild()
            table.move_cursor(row=cursor, animate=False)
        self.shown()

    def on_data_table_row_highlighted(self, _event: DataTable.RowHighlighted) -> None:
        self.near_edge()
        self.highlighted()

    def highlighted(self) -> None:
        """The cursor moved to another row."""
