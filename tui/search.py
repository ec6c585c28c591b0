"""Search that fits Chinese names in a short list held in memory (a pick list, a pack's
items): by the text itself, by pinyin, by pinyin initials (``jnhg`` finds 济南化工), and by
codes or clauses. The forms are core's (:mod:`core.services.search`), the same the roster's
index in the database holds; the roster itself is searched there."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

from core.services.search import keys_for, normalise

T = TypeVar("T")

__all__ = ["SearchIndex", "keys_for"]


@dataclass(frozen=True)
class SearchIndex(Generic[T]):
    """Entries with the texts they can be found by; ``find`` keeps the given order."""

    entries: tuple[tuple[T, tuple[str, ...]], ...]

    @classmethod
    def build(cls, entries: Iterable[tuple[T, Iterable[str]]]) -> SearchIndex[T]:
        return cls(tuple((value, tuple(k for text in texts for k in keys_for(text)))
                         for value, texts in entries))

    def find(self, query: str) -> list[T]:
        q = normalise(query)
        if not q:
            return [value for value, _ in self.entries]
        return [value for value, keys in self.entries
                if any(q in "".join(k.split()) for k in keys)]
