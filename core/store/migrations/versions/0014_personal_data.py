"""Personal data enters the audit log as salted hashes

``personal_salt`` holds one random salt per enterprise; an enterprise's contact (a person's
name and phone number) is written into audit entries as ``sha256(salt + value)`` from now on,
and erasing the contact deletes the salt. Every enterprise that already has a contact is given
its salt here. Audit entries written before this revision are history and stay as they are
(rewriting them would break the chain).

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-08
"""

from __future__ import annotations

import secrets
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_BATCH = 5000


def upgrade() -> None:
    salts = op.create_table(
        "personal_salt",
        sa.Column("enterprise_uscc", sa.String(length=18), nullable=False),
        sa.Column("salt", sa.String(length=32), nullable=False),
        sa.ForeignKeyConstraint(["enterprise_uscc"], ["enterprise.uscc"],
                                name=op.f("fk_personal_salt_enterprise_uscc_enterprise"),
                                deferrable=True, initially="DEFERRED"),
        sa.PrimaryKeyConstraint("enterprise_uscc", name=op.f("pk_personal_salt")),
    )
    conn = op.get_bind()
    codes = [c for (c,) in conn.execute(sa.text(
        "SELECT uscc FROM enterprise WHERE contact <> '' ORDER BY uscc"))]
    for i in range(0, len(codes), _BATCH):
        # each salt as core.store.personal.new_salt makes it (the migration stands alone)
        op.bulk_insert(salts, [{"enterprise_uscc": c, "salt": secrets.token_hex(16)}
                               for c in codes[i:i + _BATCH]])


def downgrade() -> None:
    op.drop_table("personal_salt")
