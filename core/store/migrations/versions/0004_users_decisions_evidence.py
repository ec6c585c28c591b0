"""Users and their roles, collective decisions on major-hazard determinations, evidence files

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "app_user",
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("role", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("enterprise_uscc", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("admin", sa.Boolean(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("created_by", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.ForeignKeyConstraint(["enterprise_uscc"], ["enterprise.uscc"],
                                name=op.f("fk_app_user_enterprise_uscc_enterprise")),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_app_user")),
    )
    op.create_table(
        "decision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("inspection_id", sa.Integer(), nullable=False),
        sa.Column("pack_id", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("rules", sa.JSON(), nullable=False),
        sa.Column("participants", sa.JSON(), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=False),
        sa.Column("note", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("recorded_by", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("recorded_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["inspection_id"], ["inspection.id"],
                                name=op.f("fk_decision_inspection_id_inspection")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decision")),
    )
    with op.batch_alter_table("decision", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_decision_inspection_id"), ["inspection_id"],
                              unique=False)
    op.create_table(
        "evidence_file",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("object_type", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("object_id", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("sha256", sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
        sa.Column("added_by", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("added_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_evidence_file")),
        sa.UniqueConstraint("object_type", "object_id", "sha256",
                            name=op.f("uq_evidence_file_object_type")),
    )
    with op.batch_alter_table("evidence_file", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_evidence_file_object_id"), ["object_id"],
                              unique=False)
        batch_op.create_index(batch_op.f("ix_evidence_file_sha256"), ["sha256"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("evidence_file", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_evidence_file_sha256"))
        batch_op.drop_index(batch_op.f("ix_evidence_file_object_id"))
    op.drop_table("evidence_file")
    with op.batch_alter_table("decision", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_decision_inspection_id"))
    op.drop_table("decision")
    op.drop_table("app_user")
