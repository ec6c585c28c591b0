"""Hazards closed by an on-site correction, recurrences, amendments

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06

- ``hazard.corrected_on_site`` tells a closure by on-site correction (当场整改) from a
  verification (销号); hazards closed with the old marker note get it set.
- ``hazard.recurrence_of`` names the closed hazard of the same enterprise and item a hazard
  recurs after; ``recurrence`` links a later finding to the hazard still open for its item.
- ``amendment`` keeps every change to a finding made by someone else or after its step ended.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("hazard") as batch:
        batch.add_column(sa.Column("corrected_on_site", sa.Boolean(), nullable=False,
                                   server_default=sa.false()))
        batch.add_column(sa.Column("recurrence_of", sa.Integer(), nullable=True))
    op.execute("UPDATE hazard SET corrected_on_site = true "
               "WHERE status = 'closed' AND note = 'corrected on site'")
    op.create_table(
        "recurrence",
        sa.Column("hazard_id", sa.Integer(), nullable=False),
        sa.Column("inspection_id", sa.Integer(), nullable=False),
        sa.Column("found_on", sa.Date(), nullable=False),
        sa.Column("level", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.ForeignKeyConstraint(["hazard_id"], ["hazard.id"],
                                name=op.f("fk_recurrence_hazard_id_hazard")),
        sa.ForeignKeyConstraint(["inspection_id"], ["inspection.id"],
                                name=op.f("fk_recurrence_inspection_id_inspection")),
        sa.PrimaryKeyConstraint("hazard_id", "inspection_id", name=op.f("pk_recurrence")),
    )
    op.create_table(
        "amendment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("inspection_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("by", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.Column("after", sa.JSON(), nullable=True),
        sa.ForeignKeyConstraint(["inspection_id"], ["inspection.id"],
                                name=op.f("fk_amendment_inspection_id_inspection")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_amendment")),
    )
    with op.batch_alter_table("amendment") as batch:
        batch.create_index(batch.f("ix_amendment_inspection_id"), ["inspection_id"])


def downgrade() -> None:
    op.drop_table("amendment")
    op.drop_table("recurrence")
    with op.batch_alter_table("hazard") as batch:
        batch.drop_column("recurrence_of")
        batch.drop_column("corrected_on_site")
