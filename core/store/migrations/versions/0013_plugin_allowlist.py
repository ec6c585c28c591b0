"""The plugins an administrator allowed on this database, each with the code hash allowed

In team mode only anjian's own plugins and those listed here load, and a listed one only while
its code has the hash allowed (``core.plugins.identity`` defines it).

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "plugin_allow",
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("sha256", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("allowed_by", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("allowed_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("note", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_plugin_allow")),
    )


def downgrade() -> None:
    op.drop_table("plugin_allow")
