"""Which plugins a database lets load, and the administrator's decisions about them.

A plugin is code: it runs with the rights of whoever runs anjian. On SQLite and on a
PostgreSQL database without the team set-up every installed plugin loads, as installed. On a
team database (``Store.team``) only anjian's own plugins and the third-party ones on the
database's allowlist load, and a listed one only while its code has the hash an administrator
allowed (:mod:`core.plugins.identity`); ``plugins list`` shows the hash to allow.
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

from core.i18n import AnjianError
from core.pack.free_text import check, record_of
from core.plugins.catalogue import Catalogue
from core.process.permissions import Action
from core.services import packs
from core.services.context import Context
from core.services.users import authorize
from core.store import allowlist as store
from core.store import queries as q
from core.views.plugins import Allowed, AllowedPlugin

if TYPE_CHECKING:
    from core.store.db import Store

_SHA256 = re.compile(r"[0-9a-f]{64}")


def catalogue_for(db: Store) -> Catalogue:
    """The catalogue commands on ``db`` use: every installed plugin, or on a team database
    anjian's own and those its allowlist allows (built once a process for each allowlist)."""
    # through the module: what the process installed is looked up when asked (a test, or a
    # pack trial, puts another catalogue there)
    if db.team is None:
        return packs.default_catalogue()
    with db.session() as s:
        allowed = tuple((e.name, e.sha256) for e in store.entries(s))
    return packs.default_catalogue(allowed)


def may_be_team(url: str | None) -> bool:
    """Whether the database ``url`` names (else ``ANJIAN_DATABASE_URL``, else the default
    file) may be a team database: a PostgreSQL one. An SQLite file never is, so a listing of
    plugins need not open (nor create) it to know that every installed plugin loads."""
    from core.store.db import resolve_url

    return resolve_url(url).startswith("postgresql")


def allowlist(ctx: Context) -> tuple[AllowedPlugin, ...] | None:
    """The plugins allowed on this database; None when no allowlist is in force here (not
    a team database)."""
    if ctx.store.team is None:
        return None
    with ctx.store.reading() as s:
        return tuple(AllowedPlugin.model_validate(e) for e in store.entries(s))


def allow(ctx: Context, name: str, sha256: str, *, note: str = "") -> Allowed:
    """Allow the plugin ``name`` with the code hash ``sha256`` (an administrator; audited).
    Allowing it again with another hash replaces the hash allowed: that is how a plugin's
    new version is let in."""
    name, sha256 = _name(ctx, name), sha256.strip().lower()
    if not _SHA256.fullmatch(sha256):
        raise AnjianError("plugin.bad_sha256", value=sha256)
    check(record_of("plugin", name), note=note)
    with ctx.store.session() as s:
        authorize(ctx, s, Action.manage_plugins)
        q.lock_audit(s)  # two administrators at once: one after the other
        before = store.entry(s, name)
        was = None if before is None else {"sha256": before.sha256, "note": before.note}
        row = store.allow(s, name, sha256, ctx.actor, note)
        q.append_audit(s, ctx.actor, "plugins.allow", "plugin", name, before=was,
                       after={"sha256": sha256, "note": note})
        entry = AllowedPlugin.model_validate(row)
    who = ctx.catalogue.identities.get(name)
    return Allowed(entry=entry, in_force=ctx.store.team is not None,
                   installed=who.sha256 if who is not None else None)


def disallow(ctx: Context, name: str, *, reason: str) -> AllowedPlugin:
    """Take the plugin ``name`` off the allowlist (an administrator, with a reason; audited):
    from the next start on, it no longer loads on a team database."""
    if not reason.strip():
        raise AnjianError("plugin.needs_reason", plugin=name)
    check(record_of("plugin", name), reason=reason)
    with ctx.store.session() as s:
        authorize(ctx, s, Action.manage_plugins)
        q.lock_audit(s)
        row = store.entry(s, name)
        if row is None:
            raise AnjianError("plugin.not_listed", plugin=name)
        gone = AllowedPlugin.model_validate(row)
        store.disallow(s, row)
        q.append_audit(s, ctx.actor, "plugins.disallow", "plugin", name,
                       before={"sha256": gone.sha256, "note": gone.note},
                       after={"reason": reason})
        return gone


def _name(ctx: Context, name: str) -> str:
    """A plugin name as an allowlist holds it: an entry point's name (1–64 printable
    characters, no ``=``, no surrounding spaces) that is not one of anjian's own plugins."""
    if (not name or len(name) > 64 or name != name.strip() or "=" in name
            or any(unicodedata.category(c).startswith(("C", "Z")) for c in name)):
        raise AnjianError("plugin.bad_name", plugin=name)
    who = ctx.catalogue.identities.get(name)
    if who is not None and who.builtin:
        raise AnjianError("plugin.builtin", plugin=name)
    return name
