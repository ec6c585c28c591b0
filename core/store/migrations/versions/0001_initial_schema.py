"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-22
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table(
        "audit_head",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("hash", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_head")),
    )
    # The audit chain starts empty; appends lock and advance this one row.
    op.bulk_insert(
        sa.table(
            "audit_head",
            sa.column("id", sa.Integer),
            sa.column("seq", sa.Integer),
            sa.column("hash", sa.String),
        ),
        [{"id": 1, "seq": 0, "hash": ""}],
    )
    op.create_table(
        "audit_log",
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("actor", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("action", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("object_type", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("object_id", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("before", sa.JSON(), nullable=True),
        sa.Column("after", sa.JSON(), nullable=True),
        sa.Column("prev_hash", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("hash", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_audit_log")),
    )
    op.create_table(
        "enterprise",
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("uscc", sqlmodel.sql.sqltypes.AutoString(length=18), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("district", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("sector", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("address", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("contact", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint("uscc", name=op.f("pk_enterprise")),
    )
    with op.batch_alter_table("enterprise", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_enterprise_district"), ["district"], unique=False)
        batch_op.create_index(batch_op.f("ix_enterprise_name"), ["name"], unique=False)
        batch_op.create_index(batch_op.f("ix_enterprise_sector"), ["sector"], unique=False)

    op.create_table(
        "campaign",
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sector", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("stage", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("target_uscc", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("created_by", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("onsite_done_on", sa.Date(), nullable=True),
        sa.Column("training_due", sa.Date(), nullable=True),
        sa.Column("reports_due", sa.Date(), nullable=True),
        sa.Column("closed_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["target_uscc"], ["enterprise.uscc"], name=op.f("fk_campaign_target_uscc_enterprise")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_campaign")),
    )
    with op.batch_alter_table("campaign", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_campaign_sector"), ["sector"], unique=False)
        batch_op.create_index(batch_op.f("ix_campaign_stage"), ["stage"], unique=False)

    op.create_table(
        "campaign_pack",
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("pack_id", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("pack_version", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("pack_hash", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.ForeignKeyConstraint(
            ["campaign_id"], ["campaign.id"], name=op.f("fk_campaign_pack_campaign_id_campaign")
        ),
        sa.PrimaryKeyConstraint("campaign_id", "pack_id", name=op.f("pk_campaign_pack")),
    )
    op.create_table(
        "inspection",
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=True),
        sa.Column("enterprise_uscc", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("started_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("started_by", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("inspected_on", sa.Date(), nullable=False),
        sa.Column("categories", sa.JSON(), nullable=False),
        sa.Column("tags", sa.JSON(), nullable=False),
        sa.Column("exclusions", sa.JSON(), nullable=False),
        sa.Column("determination", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["campaign_id"], ["campaign.id"], name=op.f("fk_inspection_campaign_id_campaign")
        ),
        sa.ForeignKeyConstraint(
            ["enterprise_uscc"],
            ["enterprise.uscc"],
            name=op.f("fk_inspection_enterprise_uscc_enterprise"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_inspection")),
    )
    with op.batch_alter_table("inspection", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_inspection_campaign_id"), ["campaign_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_inspection_enterprise_uscc"), ["enterprise_uscc"], unique=False
        )

    op.create_table(
        "team_member",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("role", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.ForeignKeyConstraint(
            ["campaign_id"], ["campaign.id"], name=op.f("fk_team_member_campaign_id_campaign")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_team_member")),
    )
    with op.batch_alter_table("team_member", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_team_member_campaign_id"), ["campaign_id"], unique=False
        )

    op.create_table(
        "training_session",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("note", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("attendees", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["campaign_id"], ["campaign.id"], name=op.f("fk_training_session_campaign_id_campaign")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_training_session")),
    )
    with op.batch_alter_table("training_session", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_training_session_campaign_id"), ["campaign_id"], unique=False
        )

    op.create_table(
        "finding",
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("inspection_id", sa.Integer(), nullable=False),
        sa.Column("pack_id", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("item_id", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("skip_reason", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("note", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("location", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.Column("corrected_on_site", sa.Boolean(), nullable=False),
        sa.Column("detail", sa.JSON(), nullable=False),
        sa.Column("answered_by", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("answered_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["inspection_id"], ["inspection.id"], name=op.f("fk_finding_inspection_id_inspection")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_finding")),
        sa.UniqueConstraint("inspection_id", "item_id", name=op.f("uq_finding_inspection_id")),
    )
    with op.batch_alter_table("finding", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_finding_inspection_id"), ["inspection_id"], unique=False
        )

    op.create_table(
        "hazard",
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("inspection_id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=True),
        sa.Column("enterprise_uscc", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("pack_id", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("item_id", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("clause", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("rule_id", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("level", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("found_on", sa.Date(), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.Column("responsible", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("listed_supervision", sa.Boolean(), nullable=False),
        sa.Column("plan_goal", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("plan_method", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("plan_funding", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("plan_organisation", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("plan_timeline", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("plan_safety", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("verified_by", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("verified_on", sa.Date(), nullable=True),
        sa.Column("note", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.ForeignKeyConstraint(
            ["campaign_id"], ["campaign.id"], name=op.f("fk_hazard_campaign_id_campaign")
        ),
        sa.ForeignKeyConstraint(
            ["enterprise_uscc"],
            ["enterprise.uscc"],
            name=op.f("fk_hazard_enterprise_uscc_enterprise"),
        ),
        sa.ForeignKeyConstraint(
            ["inspection_id"], ["inspection.id"], name=op.f("fk_hazard_inspection_id_inspection")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hazard")),
        sa.UniqueConstraint("inspection_id", "item_id", name=op.f("uq_hazard_inspection_id")),
    )
    with op.batch_alter_table("hazard", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_hazard_campaign_id"), ["campaign_id"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_hazard_enterprise_uscc"), ["enterprise_uscc"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_hazard_inspection_id"), ["inspection_id"], unique=False
        )
        batch_op.create_index("ix_hazard_status_deadline", ["status", "deadline"], unique=False)

    op.create_table(
        "inspection_pack",
        sa.Column("inspection_id", sa.Integer(), nullable=False),
        sa.Column("pack_id", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("pack_version", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("pack_hash", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.ForeignKeyConstraint(
            ["inspection_id"],
            ["inspection.id"],
            name=op.f("fk_inspection_pack_inspection_id_inspection"),
        ),
        sa.PrimaryKeyConstraint("inspection_id", "pack_id", name=op.f("pk_inspection_pack")),
    )
    op.create_table(
        "rectification",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("hazard_id", sa.Integer(), nullable=False),
        sa.Column("submitted_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("submitted_by", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("evidence", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("result", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("verified_by", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("verified_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("note", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.ForeignKeyConstraint(
            ["hazard_id"], ["hazard.id"], name=op.f("fk_rectification_hazard_id_hazard")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rectification")),
    )
    with op.batch_alter_table("rectification", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_rectification_hazard_id"), ["hazard_id"], unique=False)


def downgrade() -> None:

    with op.batch_alter_table("rectification", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rectification_hazard_id"))

    op.drop_table("rectification")
    op.drop_table("inspection_pack")
    with op.batch_alter_table("hazard", schema=None) as batch_op:
        batch_op.drop_index("ix_hazard_status_deadline")
        batch_op.drop_index(batch_op.f("ix_hazard_inspection_id"))
        batch_op.drop_index(batch_op.f("ix_hazard_enterprise_uscc"))
        batch_op.drop_index(batch_op.f("ix_hazard_campaign_id"))

    op.drop_table("hazard")
    with op.batch_alter_table("finding", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_finding_inspection_id"))

    op.drop_table("finding")
    with op.batch_alter_table("training_session", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_training_session_campaign_id"))

    op.drop_table("training_session")
    with op.batch_alter_table("team_member", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_team_member_campaign_id"))

    op.drop_table("team_member")
    with op.batch_alter_table("inspection", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_inspection_enterprise_uscc"))
        batch_op.drop_index(batch_op.f("ix_inspection_campaign_id"))

    op.drop_table("inspection")
    op.drop_table("campaign_pack")
    with op.batch_alter_table("campaign", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_campaign_stage"))
        batch_op.drop_index(batch_op.f("ix_campaign_sector"))

    op.drop_table("campaign")
    with op.batch_alter_table("enterprise", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_enterprise_sector"))
        batch_op.drop_index(batch_op.f("ix_enterprise_name"))
        batch_op.drop_index(batch_op.f("ix_enterprise_district"))

    op.drop_table("enterprise")
    op.drop_table("audit_log")
    op.drop_table("audit_head")
