"""The audit log indexed by the object an entry is about: a hazard's history (its own screen,
``anjian hazards show``) reads its few entries, not the whole log

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-06
"""

from __future__ import annotations

from collections.abc import Sequence

from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_audit_object", "audit_log", ["object_type", "object_id", "seq"],
                    unique=False)


def downgrade() -> None:
    op.drop_index("ix_audit_object", table_name="audit_log")
