"""The Textual app: one factory for the command line and every test.

The first frame paints before the database is opened: the store, the catalogue and the search
index load in a worker thread, and screens fill in when they arrive.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Self

from textual import work
from textual.app import App, SystemCommand
from textual.command import CommandPalette, Provider
from textual.message import Message
from textual.notifications import SeverityLevel

from core.i18n import Lang, t
from tui.keys import SCREENS, in_language
from tui.palette import AnjianCommands
from tui.plain import visible

if TYPE_CHECKING:
    from textual.screen import Screen

    from core.i18n import AnjianError
    from core.services.context import Context


class Ready(Message):
    """The database and catalogue are open: screens may load their data."""


class AnjianApp(App[None]):
    """anjian's terminal UI, its keys and labels in one language (``AnjianApp(lang="en")``
    is the class :func:`tui.keys.in_language` makes for English)."""

    CSS_PATH = Path(__file__).with_name("styles") / "app.tcss"
    TITLE = "anjian"
    #: The app's keys in the command table, and the palette's only source of commands.
    KEYS: ClassVar[str] = "app"
    LANG: ClassVar[Lang | None] = None
    LANGUAGE_BASE: ClassVar[type | None] = None
    COMMANDS: ClassVar[set[type[Provider] | Callable[[], type[Provider]]]] = {AnjianCommands}

    def __new__(cls, *, lang: Lang = "zh", **_kwargs: Any) -> Self:
        return super().__new__(in_language(cls, lang))

    def __init__(self, *, db: str | None = None, lang: Lang = "zh", user: str | None = None,
                 today: dt.date | None = None, context: Context | None = None,
                 open_inspection: int | None = None) -> None:
        super().__init__()
        self.open_inspection = open_inspection
        self.lang: Lang = lang
        self.db, self.user, self.today = db, user, today
        #: The password typed in the login dialog, kept for this app's engine only.
        self.db_password: str | None = None
        self.ctx: Context | None = context
        #: The actions the user's role allows somewhere (None: not known yet, all offered).
        self.offered: frozenset[str] | None = None
        #: The enterprise the user acts for (an enterprise user's own; None for the bureau).
        self.own_enterprise: str | None = None
        self.title = t("ui.title", lang)

    def tr(self, key: str, **params: Any) -> str:
        """A catalogue string in the app's language."""
        return t(key, self.lang, **params)

    def on_mount(self) -> None:
        from tui.screens.home import HomeScreen

        self.push_screen(HomeScreen(self.lang))
        if self.open_inspection is not None:
            from tui.screens.runner import RunnerScreen

            self.push_screen(RunnerScreen(self.lang, self.open_inspection))
        if os.environ.get("ANJIAN_FIRST_FRAME_PROBE"):
            # The start-up benchmark: report when the first frame is painted, then leave.
            self.call_after_refresh(self.first_frame)
            return
        if self.ctx is None:
            # Open the database once the first frame is on screen, not before.
            self.call_after_refresh(self.open_database)
        else:
            self.show_user()

    def first_frame(self) -> None:
        print(f"first-frame {time.time():.6f}", file=sys.__stderr__, flush=True)
        self.exit()

    @work(thread=True, exclusive=True, group="open")
    def open_database(self) -> None:
        from core.i18n import AnjianError
        from core.services.context import open_context
        from core.services.login import LOGIN_FAILED, NEEDS_PASSWORD

        try:
            ctx = open_context(self.db, actor=self.user, today=self.today, lang=self.lang,
                               password=self.db_password)
        except AnjianError as exc:
            if exc.key in (NEEDS_PASSWORD, LOGIN_FAILED):
                self.call_from_thread(self.ask_password, exc)
                return
            self.call_from_thread(self.notify,
                                  visible(self.tr("ui.no_db", reason=exc.render(self.lang))),
                                  severity="error", timeout=30, markup=False)
            return
        self.call_from_thread(self.database_ready, ctx)

    def ask_password(self, refusal: AnjianError) -> None:
        """The server asks for a password (none in ``PGPASSWORD`` or ``~/.pgpass``), or
        refused the one given: ask for it in the login dialog, then open again with it."""
        from core.services.login import LOGIN_FAILED
        from tui.dialogs import LoginDialog

        title = self.tr("ui.login.title", url=refusal.params["url"],
                        user=refusal.params["user"])
        self.push_screen(LoginDialog(self.lang, visible(title),
                                     wrong=refusal.key == LOGIN_FAILED),
                         self.logged_in)

    def logged_in(self, password: str | None) -> None:
        if password is None:  # escape: without its database the app has nothing to show
            self.exit()
            return
        self.db_password = password
        self.open_database()

    def database_ready(self, ctx: Context) -> None:
        self.ctx = ctx
        self.screen.post_message(Ready())
        self.show_user()

    @work(thread=True, group="user")
    def show_user(self) -> None:
        """Who is acting, as what: every refusal and audit entry is about this user."""
        from core.i18n import AnjianError
        from core.services.users import offered, whoami

        ctx = self.ctx
        if ctx is None:
            return
        try:
            me = whoami(ctx)
            allowed = offered(ctx)
        except AnjianError:
            return
        self.own_enterprise = me.enterprise if me is not None else None
        self.call_from_thread(self.set_offered, allowed)
        role = (self.tr("role.admin") if me.admin else self.tr(f"role.{me.role}")) if me else (
            self.tr("ui.not_registered"))
        self.call_from_thread(setattr, self, "sub_title", visible(f"{ctx.actor} · {role}"))

    def set_offered(self, allowed: frozenset[str]) -> None:
        self.offered = allowed
        self.screen.refresh_bindings()

    def offers(self, keys: str, action: str) -> bool:
        """Whether the key running ``action`` on screen ``keys`` is offered to this user."""
        from tui.keys import needs

        need = needs(keys).get(action) if keys else None
        if need is None:
            return True
        # until the user's role is read (a thread after the database opens) a key that
        # needs a permission is not offered: shown at first, it would flash in the footer
        # of a role that may not use it (an analyst's "c 组建检查")
        if self.offered is None:
            return False
        # "a+b": the role must allow both (a bureau's start: inspection.start and read.all)
        return all(n in self.offered for n in need.split("+"))

    def may(self, action: str, *, campaign: int | None = None, enterprise: str | None = None,
            kind: str | None = None) -> bool:
        """Ask the services whether the user may do ``action`` there, before a form for it
        opens: a refusal is shown (naming the rule) and False returned."""
        from core.services.users import may

        if self.ctx is None:
            return False
        why = may(self.ctx, action, campaign=campaign, enterprise=enterprise, kind=kind)
        if why is not None:
            self.fail(why)
            return False
        return True

    # --- screens opened from anywhere (each area adds its own below) ----------------------

    def fail(self, exc: BaseException) -> None:
        """Show an error a user can act on; anything else too, without a traceback (as text:
        a reason may quote a file name or a value with brackets, or control characters, in
        it)."""
        from core.i18n import AnjianError

        text = exc.render(self.lang) if isinstance(exc, AnjianError) else f"{exc}"
        self.notify(visible(text), severity="error", timeout=12, markup=False)

    def action_command_palette(self) -> None:
        """The command palette, its prompt in the app's language."""
        if self.use_command_palette and not isinstance(self.screen, CommandPalette):
            self.push_screen(CommandPalette(placeholder=self.tr("ui.palette_placeholder"),
                                            id="--command-palette"))

    def action_quit_hint(self) -> None:
        """ctrl+c copies in a text field; elsewhere it says how to leave."""
        self.notify(self.tr("ui.quit_hint"))

    def action_open_help(self) -> None:
        from tui.screens.help import HelpScreen

        self.push_screen(HelpScreen(self.lang))

    def action_open_enterprises(self) -> None:
        from tui.screens.enterprises import EnterprisesScreen

        self.push_screen(EnterprisesScreen(self.lang))

    def action_open_ledger(self) -> None:
        from tui.screens.ledger import LedgerScreen

        self.push_screen(LedgerScreen(self.lang))

    def action_open_packs(self) -> None:
        from tui.screens.packs import PacksScreen

        self.push_screen(PacksScreen(self.lang))

    def action_toggle_dark(self) -> None:
        self.theme = "textual-light" if self.theme == "textual-dark" else "textual-dark"

    # --- administration: the roster, users, campaigns formed ---------------------------

    def action_new_enterprise(self) -> None:
        """Add one enterprise to the roster, in a form checked as it is filled."""
        from tui.admin import new_enterprise

        new_enterprise(self)

    def action_import_roster(self) -> None:
        """Import a roster workbook: its rows checked and their problems shown first."""
        from tui.admin import import_roster

        import_roster(self)

    def action_open_users(self) -> None:
        """The users of this database, for its administrators."""
        from tui.screens.users import UsersScreen

        if self.ctx is not None and self.may("users.manage"):
            self.push_screen(UsersScreen(self.lang))

    def action_new_campaign(self) -> None:
        """Form a campaign: sector, packs, the typical enterprise, the team."""
        from tui.admin import new_campaign

        new_campaign(self)
    # --- a hazard in full, statistics, the audit and evidence checks ----------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """An app action that a screen's key runs (``app.open_stats``) is offered as that
        key is: hidden when the user's role never allows what the key ``needs``."""
        # the topmost screen of the command table: under the palette (a screen of Textual's
        # own, with no keys of ours) the footer still shows the screen beneath it
        keys = next((k for k in (getattr(s, "KEYS", "") for s in reversed(self.screen_stack))
                     if k in SCREENS), "")
        return self.offers(keys, action)

    def open_hazard(self, hazard_id: int) -> None:
        """A hazard's own screen (the ledger's Enter, or anywhere a hazard is named)."""
        from tui.screens.hazard import HazardScreen

        self.push_screen(HazardScreen(self.lang, hazard_id))

    def action_open_hazard(self, hazard_id: int) -> None:
        self.open_hazard(hazard_id)

    def action_open_own_risk(self) -> None:
        """The enterprise user's own risk register (风险分级管控台账)."""
        from tui.screens.risk import RiskScreen

        if self.own_enterprise is None or not self.may("risk.own",
                                                       enterprise=self.own_enterprise):
            return
        from core.services.roster import enterprise_names

        assert self.ctx is not None  # may() asked the services
        name = enterprise_names(self.ctx, [self.own_enterprise]).get(self.own_enterprise, "")
        self.push_screen(RiskScreen(self.lang, self.own_enterprise, name))

    def action_open_stats(self) -> None:
        """The city's statistics as charts and tables (not offered to an enterprise user)."""
        from tui.screens.stats import StatsScreen

        if self.may("read.all"):
            self.push_screen(StatsScreen(self.lang))

    def action_open_checks(self) -> None:
        """The audit log's and the evidence store's checks, run with their progress shown."""
        from tui.screens.checks import ChecksScreen

        if self.may("read.all"):
            self.push_screen(ChecksScreen(self.lang))

    # --- keys and layout everywhere -------------------------------------------------------

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = True) -> None:
        """A toast whose Chinese text loses no character (see :mod:`tui.toast`): laid out by
        cell width around the edges of the widgets beneath it."""
        from textual.content import Content
        from textual.markup import MarkupError

        from tui.toast import lay_out, needs_layout, toast_area

        if markup:
            try:
                plain_text = Content.from_markup(message).plain
            except MarkupError:
                plain_text = message
        else:
            plain_text = message
        if not (needs_layout(plain_text) or needs_layout(title)):
            super().notify(message, title=title, severity=severity, timeout=timeout,
                           markup=markup)
            return
        start, width = toast_area(self.size.width)
        cuts = self.edges_under_toasts()
        super().notify(lay_out(plain_text, start, width, cuts), severity=severity,
                       title=lay_out(title, start, width, cuts) if title else "",
                       timeout=timeout, markup=False)

    def edges_under_toasts(self) -> set[int]:
        """The columns where a widget of the current screen begins or ends, on the lines a
        toast can cover (all but the footer's)."""
        if not self.screen_stack:
            return set()
        bottom = self.size.height - 1
        edges: set[int] = set()
        for widget in self.screen.query("*"):
            if type(widget).__name__ in {"Toast", "ToastHolder", "ToastRack"}:
                continue
            region = widget.region
            if region.width and region.height and region.y < bottom:
                edges |= {region.x, region.right}
        return edges

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """None of Textual's own (English) commands: the palette's are the command table's
        (:mod:`tui.palette`), whatever provider a screen adds."""
        return ()

    def action_edit_external(self) -> None:
        """ctrl+e: the focused free-text field (any Input but a password's, any TextArea, on
        any screen or dialog) is written in ``$EDITOR`` and comes back into the field, which
        then reacts as if typed (a form checks it, a dialog keeps it). Elsewhere the key is
        left to the screen."""
        from textual.actions import SkipAction
        from textual.widgets import Input, TextArea

        from tui.editor import edit_in_editor

        field = self.focused
        if isinstance(field, Input) and not field.password:
            text = edit_in_editor(self, field.value, self.lang)
            if text is not None:
                # one line: an Input holds no line breaks
                field.value = " ".join(line.strip() for line in text.splitlines()).strip()
                field.cursor_position = len(field.value)
        elif isinstance(field, TextArea) and not field.read_only:
            text = edit_in_editor(self, field.text, self.lang)
            if text is not None:
                field.text = text
        else:
            raise SkipAction()


def make_app(*, db: str | None = None, lang: Lang = "zh", user: str | None = None,
             today: dt.date | None = None, context: Context | None = None,
             open_inspection: int | None = None) -> AnjianApp:
    """The one factory of the app (command line and tests); ``open_inspection`` opens the
    runner on that inspection over the home screen."""
    return AnjianApp(db=db, lang=lang, user=user, today=today, context=context,
                     open_inspection=open_inspection)
