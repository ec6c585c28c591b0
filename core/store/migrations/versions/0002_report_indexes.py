"""Indexes for statistics over a whole city's roster

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("inspection", schema=None) as batch_op:
        batch_op.create_index("ix_inspection_inspected_on", ["inspected_on"], unique=False)
    with op.batch_alter_table("hazard", schema=None) as batch_op:
        batch_op.create_index("ix_hazard_level_inspection", ["level", "inspection_id"],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table("hazard", schema=None) as batch_op:
        batch_op.drop_index("ix_hazard_level_inspection")
    with op.batch_alter_table("inspection", schema=None) as batch_op:
        batch_op.drop_index("ix_inspection_inspected_on")
