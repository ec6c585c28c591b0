"""What a front end searches by: the forms a text is found by (itself, its pinyin, its
initials) and a query as it is matched, defined once in :mod:`core.store.search`, where the
roster's search index is kept with them."""

from __future__ import annotations

from core.store.search import keys_for, normalise

__all__ = ["keys_for", "normalise"]
