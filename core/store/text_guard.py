"""Nothing with a control character is stored: every INSERT and UPDATE run through SQLAlchemy
(the ORM's flushes and the Core statements of :mod:`core.store.queries` and
:mod:`core.store.bulk` alike) is checked before it reaches the database.

Services refuse such text themselves, naming what the user typed (:mod:`core.pack.free_text`);
this is the guard behind them, for a path that forgets: the refusal names the table's kind of
record, the column and the character, and the transaction stores nothing. Text in JSON columns
(lists of names, notes in an audit entry) is checked to its last string. The bulk loads that
hand rows to the driver's own ``executemany`` check theirs with :func:`refusal_in_row`.

Migrations run unguarded (:data:`UNGUARDED`): they move data as it was stored, and the
migration that cleans old text (0011) is the one place that reads it as it is.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from sqlalchemy import Engine, event
from sqlalchemy.sql.dml import Insert, Update
from sqlalchemy.sql.elements import BindParameter

from core.i18n import AnjianError, Msg
from core.pack.free_text import CONTROL, record_of, refusal

#: The execution option under which statements are not checked (set by schema migrations).
UNGUARDED = "anjian_unguarded_text"

#: The kind of record (``kind.<kind>`` in the catalogue) each table holds, where the table's
#: name is not that kind already.
KIND_OF_TABLE = {"app_user": "user", "training_session": "training",
                 "campaign_pack": "campaign", "inspection_pack": "inspection",
                 "audit_log": "audit_entry", "audit_head": "audit_entry",
                 "plugin_allow": "plugin"}


def install(engine: Engine) -> None:
    """Check every insert and update ``engine`` runs."""
    event.listen(engine, "before_execute", _before_execute)


def _before_execute(_conn: Any, statement: Any, multiparams: Sequence[Mapping[str, Any]],
                    params: Mapping[str, Any], options: Mapping[str, Any]) -> None:
    if not isinstance(statement, Insert | Update) or options.get(UNGUARDED):
        return
    table = statement.table
    for values in multiparams or (params,):
        _check(table, values, insert=isinstance(statement, Insert))
    literal = getattr(statement, "_values", None)  # values written into the statement itself
    if literal:
        _check(table, {getattr(c, "key", str(c)): v.value for c, v in literal.items()
                       if isinstance(v, BindParameter)}, insert=isinstance(statement, Insert))


def _check(table: Any, values: Mapping[str, Any], *, insert: bool) -> None:
    for column, value in values.items():
        text = first_text_with_control(value)
        if text is not None:
            problem = refusal(_record(table, values, insert=insert), column, text)
            assert problem is not None
            raise problem


def first_text_with_control(value: Any) -> str | None:
    """The first text in ``value`` (a text, or JSON: lists and objects, keys and values) that
    holds a control character; None when there is none."""
    if isinstance(value, str):
        return value if CONTROL.search(value) else None
    if isinstance(value, dict):
        for key, item in value.items():
            found = first_text_with_control(key) or first_text_with_control(item)
            if found is not None:
                return found
    elif isinstance(value, list | tuple):
        for item in value:
            found = first_text_with_control(item)
            if found is not None:
                return found
    return None


def _record(table: Any, values: Mapping[str, Any], *, insert: bool) -> Msg:
    """The record a statement writes, as a message names it: its kind, and its key when the
    statement carries it (an insert's own key, the ORM's ``<table>_<key>`` of an update)."""
    kind = KIND_OF_TABLE.get(table.name, table.name)
    key = [values.get(c.key, values.get(f"{table.name}_{c.key}"))
           for c in getattr(table, "primary_key", ())]
    if key and all(k is not None for k in key):
        return record_of(kind, "/".join(map(str, key)))
    return record_of(kind) if insert else Msg("text.some_record", kind=kind)


def refusal_in_row(values: Mapping[str, Any],
                   record: Callable[[], Msg]) -> AnjianError | None:
    """The refusal of the first value of ``values`` (a row by column) holding a control
    character, naming the record ``record()`` gives; None when the row is clean. The bulk
    loads' check, made per row: the texts are searched at once, and the record named only
    for a row that is refused."""
    texts: list[str] = []
    nested = False
    for v in values.values():
        kind = type(v)
        if kind is str:
            texts.append(v)
        elif v and (kind is list or kind is dict or kind is tuple):
            nested = True  # only a filled list or object can hold text
    if CONTROL.search("".join(texts)) is None and not (nested and any(
            type(v) is not str and first_text_with_control(v) is not None
            for v in values.values())):
        return None
    for column, value in values.items():
        text = first_text_with_control(value)
        if text is not None:
            return refusal(record(), column, text)
    return None
