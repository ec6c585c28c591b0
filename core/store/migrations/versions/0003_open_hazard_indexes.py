"""Indexes for statistics over a whole city's ledger: open hazards by enterprise, counts by level
and status

``ix_hazard_open`` is partial (only hazards not closed, the few a ledger keeps open) and holds
every column the colour code reads, so the colours of every enterprise come from a small index;
``ix_hazard_level_status`` answers the counts by level and status without reading the table.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OPEN = "status <> 'closed'"


def upgrade() -> None:
    with op.batch_alter_table("hazard", schema=None) as batch_op:
        batch_op.create_index("ix_hazard_open", ["enterprise_uscc", "level", "deadline", "status"],
                              unique=False, sqlite_where=sa.text(OPEN),
                              postgresql_where=sa.text(OPEN))
        batch_op.create_index("ix_hazard_level_status", ["level", "status"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("hazard", schema=None) as batch_op:
        batch_op.drop_index("ix_hazard_level_status")
        batch_op.drop_index("ix_hazard_open")
