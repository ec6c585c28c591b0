"""Enforcement documents (执法文书): the issuing bureau, officers' certificates, the numbering
sequences, the issued documents frozen as issued, the hazards each names and their delivery

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_text = sqlmodel.sql.sqltypes.AutoString
_utc = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    op.create_table(
        "bureau",
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", _text(), nullable=False),
        sa.Column("short", _text(), nullable=False),
        sa.Column("edition", _text(), nullable=False),
        sa.Column("reconsideration", sa.JSON(), nullable=False),
        sa.Column("court", _text(), nullable=False),
        sa.Column("seal", _text(), nullable=False),
        sa.Column("updated_by", _text(), nullable=False),
        sa.Column("updated_at", _utc(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bureau")),
    )
    op.create_table(
        "officer_cert",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("cert_no", _text(length=64), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=False),
        sa.Column("recorded_by", _text(), nullable=False),
        sa.Column("recorded_at", _utc(), nullable=False),
        sa.ForeignKeyConstraint(["name"], ["app_user.name"],
                                name=op.f("fk_officer_cert_name_app_user")),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_officer_cert")),
    )
    op.create_table(
        "document_sequence",
        sa.Column("bureau_short", _text(length=16), nullable=False),
        sa.Column("edition", _text(length=16), nullable=False),
        sa.Column("kind", _text(length=16), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("last", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("bureau_short", "edition", "kind", "year",
                                name=op.f("pk_document_sequence")),
    )
    op.create_table(
        "document",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", _text(), nullable=False),
        sa.Column("kind", _text(), nullable=False),
        sa.Column("bureau_short", _text(), nullable=False),
        sa.Column("edition", _text(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("inspection_id", sa.Integer(), nullable=False),
        sa.Column("campaign_id", sa.Integer(), nullable=True),
        sa.Column("enterprise_uscc", _text(), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("issued_at", _utc(), nullable=False),
        sa.Column("issued_by", _text(), nullable=False),
        sa.Column("officers", sa.JSON(), nullable=False),
        sa.Column("content", sa.JSON(), nullable=False),
        sa.Column("content_hash", _text(length=64), nullable=False),
        sa.Column("head_seq", sa.Integer(), nullable=False),
        sa.Column("head_hash", _text(), nullable=False),
        sa.Column("replaces_id", sa.Integer(), nullable=True),
        sa.Column("order_id", sa.Integer(), nullable=True),
        sa.Column("voided_at", _utc(), nullable=True),
        sa.Column("voided_by", _text(), nullable=False),
        sa.Column("void_reason", _text(), nullable=False),
        sa.ForeignKeyConstraint(["campaign_id"], ["campaign.id"],
                                name=op.f("fk_document_campaign_id_campaign")),
        sa.ForeignKeyConstraint(["enterprise_uscc"], ["enterprise.uscc"],
                                name=op.f("fk_document_enterprise_uscc_enterprise")),
        sa.ForeignKeyConstraint(["inspection_id"], ["inspection.id"],
                                name=op.f("fk_document_inspection_id_inspection")),
        sa.ForeignKeyConstraint(["order_id"], ["document.id"],
                                name=op.f("fk_document_order_id_document")),
        sa.ForeignKeyConstraint(["replaces_id"], ["document.id"],
                                name=op.f("fk_document_replaces_id_document")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document")),
        sa.UniqueConstraint("bureau_short", "edition", "kind", "year", "seq",
                            name=op.f("uq_document_bureau_short")),
        sa.UniqueConstraint("number", name=op.f("uq_document_number")),
    )
    with op.batch_alter_table("document", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_document_campaign_id"), ["campaign_id"],
                              unique=False)
        batch_op.create_index(batch_op.f("ix_document_enterprise_uscc"), ["enterprise_uscc"],
                              unique=False)
        batch_op.create_index(batch_op.f("ix_document_inspection_id"), ["inspection_id"],
                              unique=False)
        # the review (复查) that names an order: what makes its review done
        batch_op.create_index(batch_op.f("ix_document_order_id"), ["order_id"], unique=False)
    op.create_table(
        "document_delivery",
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("recipient", _text(), nullable=False),
        sa.Column("method", _text(), nullable=False),
        sa.Column("delivered_on", sa.Date(), nullable=False),
        sa.Column("recorded_by", _text(), nullable=False),
        sa.Column("recorded_at", _utc(), nullable=False),
        sa.ForeignKeyConstraint(["document_id"], ["document.id"],
                                name=op.f("fk_document_delivery_document_id_document")),
        sa.PrimaryKeyConstraint("document_id", name=op.f("pk_document_delivery")),
    )
    op.create_table(
        "document_item",
        sa.Column("document_id", sa.Integer(), nullable=False),
        sa.Column("hazard_id", sa.Integer(), nullable=False),
        sa.Column("ordinal", sa.Integer(), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.Column("outcome", _text(), nullable=False),
        sa.ForeignKeyConstraint(["document_id"], ["document.id"],
                                name=op.f("fk_document_item_document_id_document")),
        sa.ForeignKeyConstraint(["hazard_id"], ["hazard.id"],
                                name=op.f("fk_document_item_hazard_id_hazard")),
        sa.PrimaryKeyConstraint("document_id", "hazard_id", name=op.f("pk_document_item")),
    )
    with op.batch_alter_table("document_item", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_document_item_hazard_id"), ["hazard_id"],
                              unique=False)


def downgrade() -> None:
    with op.batch_alter_table("document_item", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_document_item_hazard_id"))
    op.drop_table("document_item")
    op.drop_table("document_delivery")
    with op.batch_alter_table("document", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_document_order_id"))
        batch_op.drop_index(batch_op.f("ix_document_inspection_id"))
        batch_op.drop_index(batch_op.f("ix_document_enterprise_uscc"))
        batch_op.drop_index(batch_op.f("ix_document_campaign_id"))
    op.drop_table("document")
    op.drop_table("document_sequence")
    op.drop_table("officer_cert")
    op.drop_table("bureau")
