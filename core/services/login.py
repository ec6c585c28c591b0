"""Logging in to a database that asks for a password.

A password is never given on the command line (``--db``): a command line shows in the process
list, where other users of the machine can read it. libpq finds it in ``PGPASSWORD`` or
``~/.pgpass``; ``ANJIAN_DATABASE_URL`` may hold one (a process's environment is readable only
by its own user). Otherwise opening the database raises :data:`NEEDS_PASSWORD`, and a front end
asks the person for it (never echoed) and opens again with it (``open_context(...,
password=...)``): it stays in that engine, in memory. :data:`LOGIN_FAILED`: the server refused
the password given.

This module loads nothing but the catalogue: the command line checks ``--db`` with it before
the terminal UI's first frame.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from core.i18n import AnjianError

#: The keys of the errors a front end answers by asking for the password.
NEEDS_PASSWORD = "db.needs_password"
LOGIN_FAILED = "db.login_failed"


def has_password(url: str) -> bool:
    """Whether a database URL carries a password (after the user name, or as a ``password``
    query parameter); a string that is not a URL carries none."""
    try:
        parts = urlsplit(url)
        if parts.password:
            return True
    except ValueError:  # a malformed port or host: not a URL to look into
        return False
    return any(v for v in parse_qs(parts.query).get("password", []))


def refuse_password_in(url: str | None) -> None:
    """A ``--db`` URL that carries a password is refused, saying where to put it instead."""
    if url is not None and has_password(url):
        raise AnjianError("db.password_in_url")
