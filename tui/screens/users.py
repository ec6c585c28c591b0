"""The users of this database, for its administrators: name, role, the enterprise an enterprise
user is bound to (by name), administrator, disabled and why. Add a user, change a role or the
administrator standing, disable a user with a reason (``anjian users add|grant|disable``); in
team mode a new login's password is shown once."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.widgets import DataTable, Footer, Header, Static

from core.i18n import Lang
from core.process.credit_code import normalise
from core.process.permissions import ROLES
from tui.admin import Linked, LinkedForm, PasswordShownDialog, enterprise_finder, yes_no
from tui.forms import FormDialogChecked, FormField
from tui.plain import plain, visible
from tui.screens.base import BaseScreen

if TYPE_CHECKING:
    from core.services.users import NewUser
    from core.views.users import UserView


class UsersScreen(BaseScreen):
    """Every user with their role; an administrator adds, grants and disables."""

    KEYS = "users"
    AUTO_FOCUS = "#users"

    def __init__(self, lang: Lang) -> None:
        super().__init__(lang)
        self.users: list[UserView] = []
        self.names: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(self.tr("ui.loading"), id="users-count")
        yield DataTable(id="users", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#users", DataTable).add_columns(
            *(self.tr(f"ui.admin.col.{c}") for c in ("user", "role", "enterprise", "admin",
                                                     "state")))

    def reload(self) -> None:
        self.load_in_worker(self.load)

    def load(self) -> None:
        from core.services import roster, users

        assert self.ctx is not None
        rows = users.list_users(self.ctx)
        names = roster.enterprise_names(self.ctx, [u.enterprise for u in rows if u.enterprise])
        self.app.call_from_thread(self.loaded, rows, names)

    def loaded(self, rows: list[UserView], names: dict[str, str]) -> None:
        self.users, self.names = rows, names
        table = self.query_one("#users", DataTable)
        cursor = table.cursor_row
        table.clear()
        for u in rows:
            ent = names.get(u.enterprise, u.enterprise) if u.enterprise else ""
            state = (self.tr("ui.admin.disabled_because", by=u.disabled_by,
                             reason=u.disabled_reason) if u.disabled
                     else self.tr("ui.admin.active"))
            table.add_row(plain(u.name), self.tr(f"role.{u.role}"), plain(ent),
                          self.tr("ui.admin.yes") if u.admin else "", plain(state),
                          key=u.name)
        if rows:
            table.move_cursor(row=min(cursor, len(rows) - 1))
        self.query_one("#users-count", Static).update(
            self.tr("ui.admin.users_count", n=len(rows),
                    disabled=sum(1 for u in rows if u.disabled)))

    def chosen(self) -> UserView | None:
        table = self.query_one("#users", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return next((u for u in self.users if u.name == key), None)

    # --- the actions ---------------------------------------------------------------------

    def role_fields(self, role: str | None, enterprise: str | None) -> list[FormField]:
        ctx = self.ctx
        assert ctx is not None
        found = enterprise_finder(ctx, self.lang)("")
        if enterprise and enterprise not in {v for v, _ in found}:
            found = [(enterprise, self.names.get(enterprise, enterprise)), *found]
        return [
            FormField("role", self.tr("ui.admin.role"), "choice", value=role,
                      choices=[(r, self.tr(f"role.{r}")) for r in ROLES]),
            FormField("find", self.tr("ui.admin.find_enterprise"), required=False,
                      hint=self.tr("ui.admin.enterprise_hint")),
            FormField("enterprise", self.tr("ui.admin.enterprise"), "choice",
                      value=enterprise, choices=found, required=False),
        ]

    def relate(self, key: str, v: dict[str, Any]) -> str | None:
        if key == "enterprise" and v.get("role") == "enterprise" and not v.get("enterprise"):
            return self.tr("ui.admin.needs_enterprise")
        if key == "enterprise" and v.get("role") not in (None, "enterprise") and v.get(
                "enterprise"):
            return self.tr("ui.admin.no_enterprise")
        return None

    def linked(self) -> dict[str, Linked]:
        assert self.ctx is not None
        return {"enterprise": Linked("find", enterprise_finder(self.ctx, self.lang),
                                     slow=True)}

    def action_add_user(self) -> None:
        from core.services import users

        ctx = self.ctx
        if ctx is None or not self.anjian.may("users.manage"):
            return
        known = {u.name for u in self.users}

        def name_problem(value: Any) -> str | None:
            text = str(value)
            if len(text) > 64:
                return self.tr("ui.admin.name_long", n=len(text))
            if not text.isprintable():
                return self.tr("ui.admin.name_control")
            if text in known:
                return self.tr("ui.admin.name_taken", user=text)
            return None

        fields = [FormField("name", self.tr("ui.admin.user_name"), check=name_problem),
                  *self.role_fields(None, None),
                  FormField("admin", self.tr("ui.admin.is_admin"), "choice", value="no",
                            choices=yes_no(self.lang))]
        team = ctx.store.team is not None
        if team:  # a login on the server: its password given here, or made and shown once
            fields.append(FormField("password", self.tr("ui.admin.password"), "password",
                                    required=False, hint=self.tr("ui.admin.password_hint")))

        def submit(v: dict[str, Any]) -> NewUser:
            return users.register(ctx, v["name"], role=v["role"],
                                  enterprise=v["enterprise"] if v["role"] == "enterprise"
                                  else None, admin=v["admin"] == "yes",
                                  password=v.get("password") or None)

        def done(made: NewUser | None) -> None:
            if made is None:
                return
            self.anjian.notify(visible(self.tr("ui.admin.user_added", user=made.user.name,
                                               role=self.tr(f"role.{made.user.role}"))),
                               markup=False)
            if made.password is not None:
                self.app.push_screen(PasswordShownDialog(self.lang, made.user.name,
                                                         made.password))
            elif team and not made.login_created:
                self.anjian.notify(visible(self.tr("ui.admin.login_kept",
                                                   user=made.user.name)), markup=False)
            self.reload()

        self.app.push_screen(LinkedForm(self.lang, self.tr("ui.admin.add_user"), fields,
                                        submit=submit, relate=self.relate,
                                        linked=self.linked()), done)

    def action_grant_user(self) -> None:
        from core.services import users

        ctx, u = self.ctx, self.chosen()
        if ctx is None or u is None or not self.anjian.may("users.manage"):
            return
        fields = [*self.role_fields(u.role, u.enterprise),
                  FormField("admin", self.tr("ui.admin.is_admin"), "choice",
                            value="yes" if u.admin else "no", choices=yes_no(self.lang))]

        def submit(v: dict[str, Any]) -> UserView:
            code = v["enterprise"] if v["role"] == "enterprise" else None
            return users.grant(ctx, u.name, role=v["role"],
                               enterprise=normalise(code) if code else None,
                               admin=v["admin"] == "yes")

        def done(changed: UserView | None) -> None:
            if changed is not None:
                self.anjian.notify(visible(self.tr("ui.admin.granted", user=changed.name,
                                                   role=self.tr(f"role.{changed.role}"))),
                                   markup=False)
                self.reload()

        self.app.push_screen(LinkedForm(self.lang, self.tr("ui.admin.grant_user",
                                                           user=u.name),
                                        fields, submit=submit, relate=self.relate,
                                        linked=self.linked()), done)

    def action_disable_user(self) -> None:
        from core.services import users

        ctx, u = self.ctx, self.chosen()
        if ctx is None or u is None or not self.anjian.may("users.manage"):
            return
        fields = [FormField("reason", self.tr("ui.admin.disable_reason"))]

        def submit(v: dict[str, Any]) -> UserView:
            return users.disable(ctx, u.name, reason=v["reason"])

        def done(off: UserView | None) -> None:
            if off is not None:
                self.anjian.notify(visible(self.tr("ui.admin.user_disabled", user=off.name)),
                                   markup=False)
                self.reload()

        self.app.push_screen(FormDialogChecked(
            self.lang, self.tr("ui.admin.disable_user", user=u.name), fields, submit=submit,
            note=self.tr("ui.admin.disable_note")), done)

