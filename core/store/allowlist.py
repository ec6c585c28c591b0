"""The plugin allowlist's rows: read when a team database is opened, written by an
administrator (``anjian plugins allow|disallow``)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session, col, select

from core.store.tables import PluginAllow, utcnow


def entries(session: Session) -> Sequence[PluginAllow]:
    """Every allowed plugin, by name."""
    return session.exec(select(PluginAllow).order_by(col(PluginAllow.name))).all()


def entry(session: Session, name: str) -> PluginAllow | None:
    return session.get(PluginAllow, name)


def allow(session: Session, name: str, sha256: str, by: str, note: str) -> PluginAllow:
    """Allow ``name`` with the code hash ``sha256`` (replacing what was allowed before)."""
    row = session.get(PluginAllow, name, with_for_update=True)
    if row is None:
        row = PluginAllow(name=name, sha256=sha256, allowed_by=by, note=note)
    else:
        row.sha256, row.allowed_by, row.allowed_at, row.note = sha256, by, utcnow(), note
    session.add(row)
    session.flush()
    return row


def disallow(session: Session, row: PluginAllow) -> None:
    session.delete(row)
    session.flush()
