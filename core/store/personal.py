"""Personal data (个人信息) in the audit log: written as salted hashes, erasable.

The audit log is a hash chain: what enters it stays as long as the chain does. A personal
value (an enterprise's contact: a person's name and phone number) therefore never enters it in
plain. It enters as ``personal_hash(salt, value)``, with a random salt kept per enterprise in
``personal_salt``. Whoever holds the salt can test a guessed value against a hash (and a phone
number has few enough possibilities to be found that way); once the salt is deleted
(``anjian enterprises erase-contact``) nobody can, and the chain is untouched.

The formula lives here and nowhere else in Python; the PostgreSQL side computes the same
value (see :func:`personal_hash`).
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy import bindparam, delete, insert, select
from sqlmodel import Session

from core.store.tables import PersonalSalt

#: The personal fields of an enterprise: the ones hashed in audit entries and cleared by an
#: erasure. Its name, address, district and sector are the business's, not a person's.
ENTERPRISE_FIELDS: tuple[str, ...] = ("contact",)
#: Hex digits of a salt (``secrets.token_hex(16)``).
SALT_CHARS = 32

_S = PersonalSalt.__table__  # type: ignore[attr-defined]
_SALT_OF = select(_S.c.salt).where(_S.c.enterprise_uscc == bindparam("uscc"))
_SALTS_OF = select(_S.c.enterprise_uscc, _S.c.salt).where(
    _S.c.enterprise_uscc.in_(bindparam("codes", expanding=True)))
_ADD = insert(_S)
_ERASE = delete(_S).where(_S.c.enterprise_uscc == bindparam("uscc"))
#: Codes a query names at once (under every database's limit of bound values).
_CODES_AT_ONCE = 500


def personal_hash(salt: str, value: str) -> str:
    """The value as it enters the audit log: ``sha256((salt + value).encode("utf-8"))`` in hex;
    an empty value is ``""`` (nothing to hide, and an erased field reads as empty).

    The same in PostgreSQL::

        CASE WHEN value = '' THEN ''
             ELSE encode(sha256(convert_to(salt || value, 'UTF8')), 'hex') END
    """
    if value == "":
        return ""
    return hashlib.sha256((salt + value).encode("utf-8")).hexdigest()


def new_salt() -> str:
    """A fresh random salt (32 hex digits)."""
    return secrets.token_hex(SALT_CHARS // 2)


def new_salts(count: int) -> list[str]:
    """``count`` fresh salts, drawn from the system's random source at once (a roster
    import makes one per enterprise with a contact)."""
    pool = secrets.token_hex(count * SALT_CHARS // 2)
    return [pool[i:i + SALT_CHARS] for i in range(0, len(pool), SALT_CHARS)]


def hashed(salt: str | None, values: Mapping[str, Any],
           fields: Sequence[str] = ENTERPRISE_FIELDS) -> dict[str, Any]:
    """``values`` with each personal field among ``fields`` replaced by its salted hash (for
    an audit entry). A non-empty personal value needs a salt."""
    out = dict(values)
    for key in fields:
        value = out.get(key)
        if value:
            if salt is None:
                raise ValueError(f"a salt is needed to record {key}")
            out[key] = personal_hash(salt, value)
        elif key in out:
            out[key] = ""
    return out


def salt_of(session: Session, uscc: str) -> str | None:
    """The enterprise's salt; None when it has none (no contact, or erased)."""
    value = session.connection().execute(_SALT_OF, {"uscc": uscc}).scalar()
    return None if value is None else str(value)


def salts_of(session: Session, codes: Iterable[str]) -> dict[str, str]:
    """The salts of the enterprises ``codes`` that have one."""
    conn = session.connection()
    wanted = list(codes)
    out: dict[str, str] = {}
    for i in range(0, len(wanted), _CODES_AT_ONCE):
        out.update(conn.execute(_SALTS_OF, {"codes": wanted[i:i + _CODES_AT_ONCE]}).all())
    return out


def add_salts(session: Session, salts: Sequence[tuple[str, str]]) -> None:
    """Record (credit code, salt) pairs, for enterprises that have none yet. They may be
    written before their enterprise in the same transaction (the key is checked at commit)."""
    if salts:
        session.connection().execute(
            _ADD, [{"enterprise_uscc": code, "salt": salt} for code, salt in salts])


def add_salt(session: Session, uscc: str) -> str:
    """A new salt for the enterprise ``uscc``, recorded; returned."""
    salt = new_salt()
    add_salts(session, [(uscc, salt)])
    return salt


def erase_salt(session: Session, uscc: str) -> bool:
    """Delete the enterprise's salt; whether it had one."""
    return bool(session.connection().execute(_ERASE, {"uscc": uscc}).rowcount)
