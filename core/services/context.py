"""What every database-backed service needs: the store, the catalogue, who acts, and today."""

from __future__ import annotations

import datetime as dt
import getpass
import os
from dataclasses import dataclass, field

from core.i18n import Lang
from core.plugins.catalogue import Catalogue
from core.store.db import Store, open_store


def default_actor() -> str:
    """``ANJIAN_USER``, else the login name."""
    env = os.environ.get("ANJIAN_USER")
    if env:
        return env
    try:
        return getpass.getuser()
    except Exception:  # no login name in some containers
        return "anjian"


@dataclass
class Context:
    """The services' view of the world. ``today`` is injectable so tests can fix the clock."""

    store: Store
    catalogue: Catalogue
    actor: str = field(default_factory=default_actor)
    today: dt.date = field(default_factory=dt.date.today)
    lang: Lang = "en"


def open_context(url: str | None = None, *, actor: str | None = None,
                 today: dt.date | None = None, lang: Lang = "en",
                 password: str | None = None) -> Context:
    """The services' context on the database at ``url``; ``password`` (asked of the person by
    a front end) is kept in the engine only. In team mode the acting user is the database
    login (``session_user``): a name given with ``--user`` or ``ANJIAN_USER`` that is not that
    login is refused, nothing opened; and only the plugins the database allows load."""
    from core.services.plugins import catalogue_for

    store = open_store(url, password=password)
    if store.team is not None:
        try:
            acting = acting_login(store, actor or os.environ.get("ANJIAN_USER") or None)
        except BaseException:
            store.close()
            raise
        return Context(store, catalogue_for(store), acting, today or dt.date.today(), lang)
    return Context(store, catalogue_for(store), actor or default_actor(),
                   today or dt.date.today(), lang)


def acting_login(store: Store, claimed: str | None) -> str:
    """The login the database sees; ``claimed`` (a ``--user`` name) must be that login."""
    from core.i18n import AnjianError
    from core.store import queries as q

    with store.reading() as s:
        login = q.session_user(s)
    if claimed is not None and claimed != login:
        raise AnjianError("team.user_mismatch", user=claimed, login=login)
    return login
