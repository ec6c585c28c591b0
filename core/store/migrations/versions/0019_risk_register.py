"""The enterprise risk register (风险分级管控): risk points with their steps or check items
and grades, hazards tied to them, the site plan they are placed on, and risk reports

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-07
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_text = sqlmodel.sql.sqltypes.AutoString
_utc = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    op.create_table(
        "risk_point",
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("enterprise_uscc", _text(), nullable=False),
        sa.Column("code", _text(length=40), nullable=False),
        sa.Column("name", _text(), nullable=False),
        sa.Column("kind", _text(length=16), nullable=False),
        sa.Column("place", _text(), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.Column("responsible", sa.JSON(), nullable=False),
        sa.Column("zone", sa.JSON(), nullable=True),
        sa.Column("inherent", sa.JSON(), nullable=True),
        sa.Column("current", sa.JSON(), nullable=True),
        sa.Column("grade", _text(length=16), nullable=True),
        sa.Column("assessed_on", sa.Date(), nullable=True),
        sa.Column("assessed_by", _text(), nullable=False),
        sa.Column("reassess", _text(), nullable=False),
        sa.Column("created_at", _utc(), nullable=False),
        sa.Column("created_by", _text(), nullable=False),
        sa.Column("retired_at", _utc(), nullable=True),
        sa.ForeignKeyConstraint(["enterprise_uscc"], ["enterprise.uscc"],
                                name=op.f("fk_risk_point_enterprise_uscc_enterprise")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_risk_point")),
        sa.UniqueConstraint("enterprise_uscc", "code",
                            name=op.f("uq_risk_point_enterprise_uscc")),
    )
    with op.batch_alter_table("risk_point", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_risk_point_enterprise_uscc"), ["enterprise_uscc"],
                              unique=False)
        # the city's risk points by grade (statistics), and an enterprise's by grade (map)
        batch_op.create_index("ix_risk_point_grade", ["grade", "enterprise_uscc"],
                              unique=False)
    op.create_table(
        "risk_entry",
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("risk_point_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("step", _text(), nullable=False),
        sa.Column("standard", _text(), nullable=False),
        sa.Column("source_class", _text(length=16), nullable=False),
        sa.Column("hazard", _text(), nullable=False),
        sa.Column("accident_types", sa.JSON(), nullable=False),
        sa.Column("consequence", _text(), nullable=False),
        sa.Column("measures", sa.JSON(), nullable=False),
        sa.Column("inherent", sa.JSON(), nullable=False),
        sa.Column("current", sa.JSON(), nullable=False),
        sa.Column("suggestions", _text(), nullable=False),
        sa.ForeignKeyConstraint(["risk_point_id"], ["risk_point.id"],
                                name=op.f("fk_risk_entry_risk_point_id_risk_point")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_risk_entry")),
        sa.UniqueConstraint("risk_point_id", "seq", name=op.f("uq_risk_entry_risk_point_id")),
    )
    with op.batch_alter_table("risk_entry", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_risk_entry_risk_point_id"), ["risk_point_id"],
                              unique=False)
    op.create_table(
        "risk_link",
        sa.Column("hazard_id", sa.Integer(), nullable=False),
        sa.Column("risk_point_id", sa.Integer(), nullable=False),
        sa.Column("linked_by", _text(), nullable=False),
        sa.Column("linked_at", _utc(), nullable=False),
        sa.ForeignKeyConstraint(["hazard_id"], ["hazard.id"],
                                name=op.f("fk_risk_link_hazard_id_hazard")),
        sa.ForeignKeyConstraint(["risk_point_id"], ["risk_point.id"],
                                name=op.f("fk_risk_link_risk_point_id_risk_point")),
        sa.PrimaryKeyConstraint("hazard_id", name=op.f("pk_risk_link")),
    )
    with op.batch_alter_table("risk_link", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_risk_link_risk_point_id"), ["risk_point_id"],
                              unique=False)
    op.create_table(
        "site_plan",
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("enterprise_uscc", _text(), nullable=False),
        sa.Column("image_name", _text(), nullable=False),
        sa.Column("image_sha256", _text(length=64), nullable=False),
        sa.Column("width", sa.Integer(), nullable=False),
        sa.Column("height", sa.Integer(), nullable=False),
        sa.Column("cols", sa.Integer(), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("set_by", _text(), nullable=False),
        sa.Column("set_at", _utc(), nullable=False),
        sa.ForeignKeyConstraint(["enterprise_uscc"], ["enterprise.uscc"],
                                name=op.f("fk_site_plan_enterprise_uscc_enterprise")),
        sa.PrimaryKeyConstraint("enterprise_uscc", name=op.f("pk_site_plan")),
    )
    op.create_table(
        "risk_report",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("enterprise_uscc", _text(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("kind", _text(length=16), nullable=False),
        sa.Column("reasons", sa.JSON(), nullable=False),
        sa.Column("filed_on", sa.Date(), nullable=False),
        sa.Column("filed_at", _utc(), nullable=False),
        sa.Column("filed_by", _text(), nullable=False),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.Column("content_hash", _text(length=64), nullable=False),
        sa.Column("head_seq", sa.Integer(), nullable=False),
        sa.Column("head_hash", _text(), nullable=False),
        sa.ForeignKeyConstraint(["enterprise_uscc"], ["enterprise.uscc"],
                                name=op.f("fk_risk_report_enterprise_uscc_enterprise")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_risk_report")),
        sa.UniqueConstraint("enterprise_uscc", "seq", name=op.f("uq_risk_report_enterprise_uscc")),
    )
    with op.batch_alter_table("risk_report", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_risk_report_enterprise_uscc"),
                              ["enterprise_uscc"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("risk_report", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_risk_report_enterprise_uscc"))
    op.drop_table("risk_report")
    op.drop_table("site_plan")
    with op.batch_alter_table("risk_link", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_risk_link_risk_point_id"))
    op.drop_table("risk_link")
    with op.batch_alter_table("risk_entry", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_risk_entry_risk_point_id"))
    op.drop_table("risk_entry")
    with op.batch_alter_table("risk_point", schema=None) as batch_op:
        batch_op.drop_index("ix_risk_point_grade")
        batch_op.drop_index(batch_op.f("ix_risk_point_enterprise_uscc"))
    op.drop_table("risk_point")
