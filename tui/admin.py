"""The administrative day in the terminal UI: an enterprise added, a roster imported (its row
problems shown before anything is stored), a campaign formed with its team, a member added, a
training session recorded. Each is a form checked as it is filled, submitted through core's
services (the same calls as the command line's ``enterprises add``, ``import enterprises``,
``campaign new``, ``campaign team`` and ``campaign training``).

Lists that could be city-sized (the roster) are never loaded whole: a search field beside a
choice asks the database for a few matches as the user types.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import DataTable, Footer, Select, SelectionList, Static
from textual.widgets.selection_list import Selection

from core.i18n import CATALOGUE, AnjianError, Lang, name, t
from core.process import credit_code as credit
from core.process.permissions import TEAM_PLACES, Role
from tui.dialogs import Dialog
from tui.forms import FormDialogChecked, FormField
from tui.plain import plain, visible

if TYPE_CHECKING:
    from core.services.context import Context
    from core.services.roster import RosterPreview
    from core.views.enterprises import EnterpriseView
    from core.views.users import UserView
    from tui.app import AnjianApp

#: How many enterprises a search beside a choice lists at once.
FOUND = 20

Choices = list[tuple[str, str]]


@dataclass(frozen=True)
class Linked:
    """A choice field whose options follow another field: when ``source`` changes, its
    options become ``options(value of source)`` (run off the UI thread when ``slow``: a
    database search). A ``choices`` field keeps what was already ticked."""

    source: str
    options: Callable[[Any], Choices]
    slow: bool = False


class LinkedForm(FormDialogChecked):
    """A checked form whose choices follow other fields (packs follow the sector, the
    enterprises found follow the search typed), with checks that read the whole form
    (``relate(key, values)``: what is wrong with field ``key`` given every value)."""

    def __init__(self, lang: Lang, title: str, fields: Sequence[FormField], *,
                 linked: dict[str, Linked] | None = None,
                 relate: Callable[[str, dict[str, Any]], str | None] | None = None,
                 submit: Callable[[dict[str, Any]], Any] | None = None,
                 note: str = "") -> None:
        super().__init__(lang, title, fields, submit=submit, note=note)
        self.linked = linked or {}
        self.relate = relate
        #: Labels of the options a ``choices`` field has had: what stays ticked.
        self.seen: dict[str, dict[str, str]] = {
            f.key: dict(f.choices) for f in self.fields if f.kind == "choices"}
        self.following = False
        #: The value of its source each linked field's choices were last made for.
        self.followed: dict[str, Any] = {}

    def problem(self, f: FormField) -> str | None:
        why = super().problem(f)
        if why is None and self.relate is not None and self.is_mounted:
            why = self.relate(f.key, {x.key: self.value(x) for x in self.fields})
        return why

    def check_field(self, f: FormField) -> str | None:
        why = super().check_field(f)
        self.follow(f.key)
        return why

    def follow(self, key: str) -> None:
        """Refresh the choices that follow field ``key``, and recheck the fields related."""
        for target, link in self.linked.items():
            if link.source != key:
                continue
            value = self.value(self.field(key))
            if self.followed.get(target, ...) == value:
                continue  # rechecked, not changed: the choices stand
            self.followed[target] = value
            if link.slow:
                self.run_worker(lambda link=link, target=target, value=value:
                                self.found(target, link.options(value)),
                                thread=True, exclusive=True, group=f"find-{target}")
            else:
                self.set_choices(target, link.options(value))
        if self.relate is not None and not self.following:
            self.following = True  # a field rechecked here does not recheck the others
            try:
                for other in self.fields:
                    if other.key != key and other.key in self.errors:
                        self.check_field(other)
            finally:
                self.following = False

    def found(self, target: str, options: Choices) -> None:
        from textual.worker import get_current_worker

        if not get_current_worker().is_cancelled:  # a later search replaced this one
            self.app.call_from_thread(self.set_choices, target, options)

    def set_choices(self, target: str, options: Choices) -> None:
        if not self.is_attached:  # a search that ended after the form was closed
            return
        widget = self.query_one(f"#f-{target}")
        if isinstance(widget, Select):
            current = widget.value
            widget.set_options([(Content(label), value) for value, label in options])
            if current in {v for v, _ in options}:
                widget.value = current
        elif isinstance(widget, SelectionList):
            seen = self.seen.setdefault(target, {})
            ticked = [v for v in widget.selected]
            seen.update(options)
            kept = [(v, seen[v]) for v in ticked if v in seen]
            rest = [(v, label) for v, label in options if v not in set(ticked)]
            widget.clear_options()
            widget.add_options([Selection(Content(label), v, v in ticked)
                                for v, label in [*kept, *rest]])


# --- the choices ---------------------------------------------------------------------------


def sector_choices(ctx: Context, lang: Lang, *, with_packs: bool = False) -> Choices:
    """The sectors by name: those the packs installed serve, and (unless ``with_packs``) every
    sector the catalogue names."""
    ids = {p.sector for p in ctx.catalogue.packs.values()}
    if not with_packs:
        ids |= {k.removeprefix("sector.") for k in CATALOGUE if k.startswith("sector.")}
    return sorted(((s, name("sector", s, lang)) for s in ids), key=lambda c: c[1])


def pack_choices(ctx: Context, sector: str | None) -> Choices:
    """The installed packs of ``sector``: id, and its title."""
    return [(pid, f"{p.title_zh} ({pid} {p.version})")
            for pid, p in sorted(ctx.catalogue.packs.items()) if p.sector == sector]


def enterprise_label(e: EnterpriseView, lang: Lang) -> str:
    return f"{e.name} · {e.uscc} · {name('sector', e.sector, lang)} · {e.district}"


def enterprise_finder(ctx: Context, lang: Lang, *, sector: str | None = None
                      ) -> Callable[[Any], Choices]:
    """A search of the roster in the database, bounded to :data:`FOUND` matches."""
    from core.services import roster

    def find(text: Any) -> Choices:
        try:
            found = roster.find_enterprises(ctx, str(text or ""), limit=FOUND, sector=sector)
        except AnjianError:
            return []
        return [(e.uscc, enterprise_label(e, lang)) for e in found]

    return find


def user_choices(users: Sequence[UserView], lang: Lang, roles: frozenset[Role],
                 *, leave_out: Sequence[str] = ()) -> Choices:
    """Registered users, not disabled, whose role is one of ``roles``: name and role."""
    return [(u.name, f"{u.name} · {t(f'role.{u.role}', lang)}") for u in users
            if not u.disabled and u.role in roles and u.name not in leave_out]


def uscc_problem(lang: Lang) -> Callable[[Any], str | None]:
    """A credit code checked as typed (GB 32100): length, a character not allowed, the
    division code, the check character."""
    def check(value: Any) -> str | None:
        found = credit.why(credit.normalise(str(value)))
        return found.render(lang) if found is not None else None

    return check


def not_after(today: dt.date, lang: Lang) -> Callable[[Any], str | None]:
    def check(value: Any) -> str | None:
        if isinstance(value, dt.date) and value > today:
            return t("ui.admin.future", lang, date=value.isoformat(), today=today.isoformat())
        return None

    return check


def yes_no(lang: Lang) -> Choices:
    return [("no", t("ui.admin.no", lang)), ("yes", t("ui.admin.yes", lang))]


def _ready(app: AnjianApp, action: str, **scope: Any) -> Context | None:
    """The services' context once the database is open and the user may do ``action``."""
    if app.ctx is None or not app.may(action, **scope):
        return None
    return app.ctx


# --- an enterprise --------------------------------------------------------------------------


def new_enterprise(app: AnjianApp) -> None:
    """The form that adds one enterprise to the roster (``anjian enterprises add``)."""
    from core.services import roster

    ctx = _ready(app, "enterprise.add")
    if ctx is None:
        return
    lang = app.lang
    fields = [
        FormField("uscc", t("ui.admin.uscc", lang), check=uscc_problem(lang),
                  hint=t("ui.admin.uscc_hint", lang)),
        FormField("name", t("ui.admin.enterprise_name", lang)),
        FormField("sector", t("ui.admin.sector", lang), "choice",
                  choices=sector_choices(ctx, lang)),
        FormField("district", t("ui.admin.district", lang)),
        FormField("address", t("ui.admin.address", lang), required=False),
        FormField("contact", t("ui.admin.contact", lang), required=False),
    ]

    def submit(v: dict[str, Any]) -> EnterpriseView:
        return roster.add_enterprise(ctx, uscc=v["uscc"], name=v["name"], sector=v["sector"],
                                     district=v["district"], address=v["address"],
                                     contact=v["contact"])

    def done(e: EnterpriseView | None) -> None:
        if e is not None:
            app.notify(visible(t("ui.admin.enterprise_added", lang, name=e.name, uscc=e.uscc)),
                       markup=False)
            app.show_user()

    app.push_screen(FormDialogChecked(lang, t("ui.admin.new_enterprise", lang), fields,
                                      submit=submit), done)


# --- a roster ------------------------------------------------------------------------------


def import_roster(app: AnjianApp) -> None:
    """Choose a roster workbook, see its rows checked (nothing stored), then import it, the
    bad rows skipped (``anjian import enterprises [--skip-bad] [--update]``)."""
    from core.services import roster

    ctx = _ready(app, "enterprise.add")
    if ctx is None:
        return
    lang = app.lang
    fields = [
        FormField("file", t("ui.admin.roster_file", lang), "file",
                  hint=t("ui.admin.roster_hint", lang)),
        FormField("update", t("ui.admin.update_existing", lang), "choice", value="no",
                  choices=yes_no(lang)),
    ]

    def check(v: dict[str, Any]) -> tuple[str, bool, RosterPreview]:
        update = v["update"] == "yes"
        return v["file"], update, roster.preview_roster(ctx, v["file"], update_existing=update)

    def checked(got: tuple[str, bool, RosterPreview] | None) -> None:
        if got is None:
            return
        path, update, preview = got
        def confirmed(go: bool | None) -> None:
            if go:
                run_import(app, ctx, path, update, preview)

        app.push_screen(RosterPreviewDialog(lang, path, preview), confirmed)

    app.push_screen(FormDialogChecked(lang, t("ui.admin.import_roster", lang), fields,
                                      submit=check), checked)


def run_import(app: AnjianApp, ctx: Context, path: str, update: bool,
               preview: RosterPreview) -> None:
    from core.services import roster

    def run() -> None:
        try:
            done = roster.import_enterprises(ctx, path, skip_bad=bool(preview.problems),
                                             update_existing=update)
        except (AnjianError, OSError) as exc:
            app.call_from_thread(app.fail, exc)
            return
        app.call_from_thread(app.notify, t(
            "ui.admin.imported", app.lang, added=done.added, updated=done.updated,
            unchanged=done.unchanged, skipped=done.skipped_rows), timeout=15)
        app.call_from_thread(refresh_screen, app)

    app.run_worker(run, thread=True, group="import")


def refresh_screen(app: AnjianApp) -> None:
    """Load the screen underneath again: it shows what was just stored. The user is read
    again too: the first change to a new database makes its first administrator."""
    from tui.screens.base import BaseScreen

    if isinstance(app.screen, BaseScreen):
        app.screen.reload()
    app.show_user()


def fix_for(key: str, lang: Lang) -> str:
    """What to do about a roster problem (by the key of its message)."""
    hint = f"ui.admin.fix.{key.removeprefix('roster.')}"
    return t(hint if hint in CATALOGUE else "ui.admin.fix.other", lang)


class RosterPreviewDialog(Dialog[bool]):
    """A roster checked, nothing stored yet: how many rows are good, and a table of the bad
    ones (file, row, column, what is wrong, what to do). ``i`` imports (the bad rows
    skipped), Esc stores nothing."""

    KEYS = "roster_preview"
    #: Column widths: what is wrong and what to do wrap within theirs, so all five fit in 80.
    WIDTHS: ClassVar[dict[str, int]] = {"file": 10, "row": 7, "column": 10, "problem": 22,
                                        "fix": 14}

    def __init__(self, lang: Lang, path: str, preview: RosterPreview) -> None:
        super().__init__(lang, t("ui.admin.roster_checked", lang, file=Path(path).name))
        self.path, self.preview = path, preview

    def compose(self) -> ComposeResult:
        p = self.preview
        with VerticalScroll(classes="dialog roster-preview", can_focus=False):
            yield Static(Content(self.title_text), classes="dialog-title")
            yield Static(Content(t("ui.admin.roster_counts", self.lang, new=p.new,
                                   named=p.named, bad=p.bad_rows)), id="roster-counts")
            if p.problems:
                yield Static(Content(t("ui.admin.roster_skip", self.lang, bad=p.bad_rows)),
                             classes="dialog-warning")
                yield DataTable(id="problems", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        box = self.query_one(".roster-preview").styles
        box.width, box.max_width = "100%", "100%"  # the whole width for the table
        if not self.preview.problems:
            return
        table = self.query_one("#problems", DataTable)
        table.styles.height, table.styles.max_height = "auto", 14
        for key, width in self.WIDTHS.items():
            table.add_column(t(f"ui.admin.col.{key}", self.lang), width=width)
        file = Path(self.path).name
        for p in self.preview.problems:
            sheet, _, row = p.where.rpartition("!")
            table.add_row(plain(file), plain(f"{sheet} {row}"),
                          plain(t(f"roster.col.{p.column}", self.lang)),
                          plain(p.problem.render(self.lang)),
                          plain(fix_for(p.problem.key, self.lang)), height=None)
        table.focus()

    def action_import(self) -> None:
        if self.preview.new or self.preview.named:
            self.dismiss(True)
        else:
            self.app.notify(t("ui.admin.roster_nothing", self.lang), severity="warning")


# --- a campaign ----------------------------------------------------------------------------


def new_campaign(app: AnjianApp) -> None:
    """The form that forms a campaign (``anjian campaign new``): sector, its packs, the typical
    enterprise found by search, the lead and members from the registered users."""
    from core.services import campaigns, users

    ctx = _ready(app, "campaign.new")
    if ctx is None:
        return
    lang = app.lang
    try:
        people = users.list_users(ctx)
    except AnjianError as exc:
        app.fail(exc)
        return
    sectors = sector_choices(ctx, lang, with_packs=True)
    first = sectors[0][0] if len(sectors) == 1 else None
    fields = [
        FormField("sector", t("ui.admin.sector", lang), "choice", value=first,
                  choices=sectors),
        FormField("packs", t("ui.admin.packs", lang), "choices",
                  choices=pack_choices(ctx, first)),
        FormField("find", t("ui.admin.find_target", lang), required=False,
                  hint=t("ui.admin.find_hint", lang, n=FOUND)),
        FormField("target", t("ui.admin.target", lang), "choice",
                  choices=enterprise_finder(ctx, lang)("")),
        FormField("lead", t("ui.admin.lead", lang), "choice",
                  choices=user_choices(people, lang, TEAM_PLACES["lead"])),
        FormField("members", t("ui.admin.members", lang), "choices", required=False,
                  choices=user_choices(people, lang, TEAM_PLACES["inspector"]
                                       | TEAM_PLACES["expert"])),
    ]
    if not fields[4].choices:  # nobody may lead it: say so before the form is filled
        app.notify(t("ui.admin.no_leads", lang), severity="error", timeout=12)
        return

    def relate(key: str, v: dict[str, Any]) -> str | None:
        if key == "members" and v["lead"] in (v["members"] or ()):
            return t("ui.admin.lead_twice", lang, name=v["lead"])
        return None

    def submit(v: dict[str, Any]) -> Any:
        return campaigns.new_campaign(ctx, sector=v["sector"], packs=v["packs"],
                                      target=v["target"], lead=v["lead"],
                                      members=v["members"] or [])

    def done(c: Any) -> None:
        if c is not None:
            app.notify(t("ui.admin.campaign_formed", lang, id=c.id,
                         sector=name("sector", c.sector, lang)))
            refresh_screen(app)

    app.push_screen(LinkedForm(
        lang, t("ui.admin.new_campaign", lang), fields, submit=submit, relate=relate,
        linked={"packs": Linked("sector", lambda s: pack_choices(ctx, s)),
                "target": Linked("find", enterprise_finder(ctx, lang), slow=True)}), done)


def add_member(app: AnjianApp, campaign_id: int) -> None:
    """Add a registered user to a campaign's team while it is formed (``anjian campaign
    team``): in the place their role gives, or the one chosen."""
    from core.services import campaigns, users

    ctx = _ready(app, "campaign.member", campaign=campaign_id)
    if ctx is None:
        return
    lang = app.lang
    try:
        people = users.list_users(ctx)
        team = [m.name for m in campaigns.campaign_view(ctx, campaign_id).team]
    except AnjianError as exc:
        app.fail(exc)
        return
    fits = frozenset(r for roles in TEAM_PLACES.values() for r in roles)
    places = [("auto", t("ui.admin.place_auto", lang)),
              *((p, name("team", p, lang)) for p in TEAM_PLACES)]
    fields = [
        FormField("name", t("ui.admin.member", lang), "choice",
                  choices=user_choices(people, lang, fits, leave_out=team)),
        FormField("place", t("ui.admin.place", lang), "choice", value="auto", choices=places),
    ]

    def submit(v: dict[str, Any]) -> Any:
        return campaigns.add_member(ctx, campaign_id, name=v["name"],
                                    role=None if v["place"] == "auto" else v["place"])

    def done(m: Any) -> None:
        if m is not None:
            app.notify(visible(t("ui.admin.member_added", lang, name=m.name,
                                 place=name("team", m.role, lang))), markup=False)

    app.push_screen(FormDialogChecked(lang, t("ui.admin.add_member", lang, id=campaign_id),
                                      fields, submit=submit), done)


def record_training(app: AnjianApp, campaign_id: int) -> None:
    """Record the campaign's feedback & training session (``anjian campaign training``): the
    day it was held (not after today), the enterprises that attended (found by search), what
    it covered."""
    from core.services import campaigns

    ctx = _ready(app, "campaign.training", campaign=campaign_id)
    if ctx is None:
        return
    lang = app.lang
    try:
        view = campaigns.campaign_view(ctx, campaign_id)
    except AnjianError as exc:
        app.fail(exc)
        return
    sector = view.campaign.sector
    find = enterprise_finder(ctx, lang, sector=sector)
    fields = [
        FormField("held_on", t("ui.admin.held_on", lang), "date", value=ctx.today,
                  check=not_after(ctx.today, lang)),
        FormField("find", t("ui.admin.find_attendee", lang), required=False,
                  hint=t("ui.admin.find_hint", lang, n=FOUND)),
        FormField("attendees", t("ui.admin.attendees", lang), "choices",
                  value=[view.campaign.target_uscc], choices=find("")),
        FormField("note", t("ui.admin.training_note", lang), "multiline", required=False),
    ]
    if view.campaign.target_uscc not in {v for v, _ in fields[2].choices}:
        fields[2] = FormField("attendees", fields[2].label, "choices",
                              value=[view.campaign.target_uscc],
                              choices=[(view.campaign.target_uscc, view.campaign.target_uscc),
                                       *fields[2].choices])

    def submit(v: dict[str, Any]) -> Any:
        return campaigns.record_training(ctx, campaign_id, held_on=v["held_on"],
                                         attendees=v["attendees"], note=v["note"] or "")

    def done(tr: Any) -> None:
        if tr is not None:
            app.notify(t("ui.admin.trained", lang, date=tr.held_on.isoformat(),
                         count=len(tr.attendees)))

    app.push_screen(LinkedForm(lang, t("ui.admin.record_training", lang, id=campaign_id),
                               fields, submit=submit,
                               linked={"attendees": Linked("find", find, slow=True)}), done)


# --- a new login's password ----------------------------------------------------------------


class PasswordShownDialog(Dialog[None]):
    """A team login's password made by anjian, shown this once (it is never stored in
    clear): the administrator passes it on."""

    KEYS = "password_shown"

    def __init__(self, lang: Lang, user: str, password: str) -> None:
        super().__init__(lang, t("ui.admin.password_title", lang, user=user))
        self.password = password

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", can_focus=False):
            yield Static(Content(self.title_text), classes="dialog-title")
            yield Static(Content(self.password), id="password")
            yield Static(Content(t("ui.admin.password_once", self.lang)),
                         classes="dialog-warning")
        yield Footer()

    def action_close(self) -> None:
        self.dismiss(None)

