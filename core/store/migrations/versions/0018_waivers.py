"""Governed waivers (豁免): an item of a checklist pack that does not apply to one enterprise,
with who asked, who approved, the reason and basis, until when, and its revocation

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_text = sqlmodel.sql.sqltypes.AutoString
_utc = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    op.create_table(
        "waiver",
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("enterprise_uscc", _text(), nullable=False),
        sa.Column("pack_id", _text(), nullable=False),
        sa.Column("item_id", _text(), nullable=False),
        sa.Column("reason", _text(), nullable=False),
        sa.Column("basis", _text(), nullable=False),
        sa.Column("requested_by", _text(), nullable=False),
        sa.Column("approved_by", _text(), nullable=False),
        sa.Column("granted_on", sa.Date(), nullable=False),
        sa.Column("granted_at", _utc(), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=False),
        sa.Column("revoked_at", _utc(), nullable=True),
        sa.Column("revoked_by", _text(), nullable=False),
        sa.Column("revoked_reason", _text(), nullable=False),
        sa.ForeignKeyConstraint(["enterprise_uscc"], ["enterprise.uscc"],
                                name=op.f("fk_waiver_enterprise_uscc_enterprise")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_waiver")),
    )
    with op.batch_alter_table("waiver", schema=None) as batch_op:
        # an enterprise's waivers of an item (a grant's overlap check, an inspection's
        # evaluation), and those ending soon (the home screen, ``waivers list --expiring``)
        batch_op.create_index("ix_waiver_enterprise_item", ["enterprise_uscc", "item_id"],
                              unique=False)
        batch_op.create_index(batch_op.f("ix_waiver_valid_until"), ["valid_until"],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table("waiver", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_waiver_valid_until"))
        batch_op.drop_index("ix_waiver_enterprise_item")
    op.drop_table("waiver")
