"""Search that fits Chinese names: by the text itself, by pinyin, by pinyin initials
(``jnhg`` finds 济南化工), and by codes or clauses."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Generic, TypeVar

T = TypeVar("T")


@lru_cache(maxsize=65536)
def keys_for(text: str) -> tuple[str, ...]:
    """The lower-case forms ``text`` can be found by: itself, full pinyin, initials."""
    from pypinyin import Style, lazy_pinyin  # 0.2 s to import: only when searching

    plain = text.lower()
    # Non-Chinese runs (codes, clause numbers) pass through as they are.
    syllables = lazy_pinyin(text, errors=_keep)
    initials = lazy_pinyin(text, style=Style.FIRST_LETTER, errors=_keep)
    return plain, "".join(syllables).lower(), "".join(initials).lower()


def _keep(run: str) -> str:
    return run.lower()


@dataclass(frozen=True)
class SearchIndex(Generic[T]):
    """Entries with the texts they can be found by; ``find`` keeps the given order."""

    entries: tuple[tuple[T, tuple[str, ...]], ...]

    @classmethod
    def build(cls, entries: Iterable[tuple[T, Iterable[str]]]) -> SearchIndex[T]:
        return cls(tuple((value, tuple(k for text in texts for k in keys_for(text)))
                         for value, texts in entries))

    def find(self, query: str) -> list[T]:
        q = "".join(query.lower().split())
        if not q:
            return [value for value, _ in self.entries]
        return [value for value, keys in self.entries
                if any(q in "".join(k.split()) for k in keys)]
