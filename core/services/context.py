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
    """The context on the database at ``url``; ``password`` (asked of the person by a front
    end) is kept in the engine only."""
    from core.services.packs import default_catalogue

    return Context(open_store(url, password=password), default_catalogue(),
                   actor or default_actor(), today or dt.date.today(), lang)
