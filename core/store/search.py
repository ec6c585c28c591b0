"""Search that fits Chinese names, kept in the database: an enterprise is found by its name as
written, by the name's full pinyin, by its pinyin initials (``jnhg`` finds 济南化工) and by its
credit code, each a substring match on lower-case text without spaces.

:func:`keys_for` is the one definition of those forms (the terminal UI's in-memory search of
small pick lists uses it too); the ``enterprise_search`` table holds them for every enterprise
(:func:`index_enterprises`), written with the enterprise on every write path: one by one
(:mod:`core.store.writes`), the roster import and update and other bulk loads
(:mod:`core.store.bulk`), and migration 0015 for the enterprises stored before it.

A search reads only that narrow table, clustered in the roster's order: at 120,000
enterprises a page of matches and their count take a few tens of milliseconds on SQLite and
on PostgreSQL without any extension (a trigram index would make long queries faster still on
PostgreSQL, but needs ``pg_trgm``, which a server need not offer).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from typing import Any

from sqlalchemy import ColumnElement, Connection, bindparam, delete

from core.store.tables import EnterpriseSearch

_S = EnterpriseSearch.__table__  # type: ignore[attr-defined]
#: Separates the forms in ``keys``: a query has its spaces removed, so it never spans two.
SEPARATOR = " "
#: Rows written with one statement.
CHUNK = 5000


@lru_cache(maxsize=65536)
def keys_for(text: str) -> tuple[str, str, str]:
    """The lower-case forms ``text`` can be found by: itself, its full pinyin, its initials.
    Non-Chinese runs (codes, clause numbers) pass through as they are, lower-cased."""
    plain = text.lower()
    # One pass of the pinyin converter: the initials are each syllable's first letter (what
    # pypinyin's FIRST_LETTER style gives), a non-Chinese run is kept whole in both.
    syllables = _syllables(text)
    full = "".join(s.removeprefix(_MARK) for s in syllables).lower()
    initials = "".join(s.removeprefix(_MARK) if s.startswith(_MARK) else s[:1]
                       for s in syllables).lower()
    return plain, full, initials


def _syllables(text: str) -> list[str]:
    """``lazy_pinyin(text, errors=_mark)``, word by word: the converter splits a name into
    Chinese and other runs and each Chinese run into words, and converts each word on its
    own; here each word's syllables are kept (names share most of their words: 济南, 有限公司),
    which makes a roster import's index ten times cheaper and gives the same syllables."""
    from pypinyin.constants import RE_HANS  # 0.2 s to import: only when needed
    from pypinyin.seg.mmseg import seg
    from pypinyin.seg.simpleseg import seg as runs

    out: list[str] = []
    for run in runs(text):
        if RE_HANS.match(run):
            for word in seg.cut(run):
                out += _word(word)
        else:
            out += _word(run)
    return out


@lru_cache(maxsize=65536)
def _word(word: str) -> tuple[str, ...]:
    from pypinyin import lazy_pinyin

    return tuple(lazy_pinyin(word, errors=_mark))


#: Marks a run the converter kept as it was (no pinyin): never in a name (a control character).
_MARK = "\x00"


def _mark(run: str) -> str:
    return _MARK + run.lower()


def normalise(query: str) -> str:
    """A query as it is matched: lower-case, without spaces."""
    return "".join(query.lower().split())


def search_keys(name: str, uscc: str) -> str:
    """What ``enterprise_search.keys`` holds for an enterprise: the name's three forms and the
    credit code, each without spaces, separated by :data:`SEPARATOR`."""
    return SEPARATOR.join([*(normalise(k) for k in keys_for(name)), normalise(uscc)])


def search_row(values: Mapping[str, Any]) -> dict[str, str]:
    """The ``enterprise_search`` row of an enterprise given as its column values."""
    return {"uscc": values["uscc"], "district": values["district"], "name": values["name"],
            "sector": values["sector"], "keys": search_keys(values["name"], values["uscc"])}


def index_enterprises(conn: Connection, rows: Iterable[Mapping[str, Any]], *,
                      new: bool = False) -> int:
    """Write the search rows of the enterprises ``rows`` (each with uscc, name, district and
    sector) in the caller's transaction, replacing what was there unless ``new`` (enterprises
    just inserted); returns how many."""
    total = 0
    chunk: list[dict[str, str]] = []
    for r in rows:
        chunk.append(search_row(r))
        if len(chunk) >= CHUNK:
            total += _write(conn, chunk, new)
            chunk = []
    if chunk:
        total += _write(conn, chunk, new)
    return total


_DELETE = delete(_S).where(_S.c.uscc.in_(bindparam("codes", expanding=True)))


_COLUMNS = ("district", "name", "uscc", "sector", "keys")


def _write(conn: Connection, rows: list[dict[str, str]], new: bool) -> int:
    if not new:
        conn.execute(_DELETE, {"codes": [r["uscc"] for r in rows]})
    # In the table's own order (it is clustered by district, name and code), with the driver's
    # executemany: a roster import's index costs a fraction of the import. The values come
    # from enterprise rows already checked for control characters.
    rows.sort(key=lambda r: (r["district"], r["name"], r["uscc"]))
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    sql = (f"INSERT INTO {_S.name} ({', '.join(_COLUMNS)}) "
           f"VALUES ({', '.join([mark] * len(_COLUMNS))})")
    cursor = conn.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.executemany(sql, [tuple(r[c] for c in _COLUMNS) for r in rows])
    finally:
        cursor.close()
    return len(rows)


def matches(query: str) -> ColumnElement[bool]:
    """The search rows a query finds (already :func:`normalise`\\ d, not empty)."""
    return _S.c["keys"].contains(query, autoescape=True)  # type: ignore[no-any-return]


def key_columns() -> Sequence[Any]:
    """The roster's order, the search table's primary key: district, name, credit code."""
    return (_S.c.district, _S.c.name, _S.c.uscc)
