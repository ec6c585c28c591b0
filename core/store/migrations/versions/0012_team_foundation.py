"""What team mode and an audit trail checked from outside stand on

``anjian_meta`` holds facts about the database itself: ``database_id``, a random identifier
made once, which an audit anchor names so an anchor from another database is told apart;
``team_prefix`` once the team set-up (``anjian db upgrade --team``) has made the database's
PostgreSQL roles. ``audit_log.form`` says how an entry's hash was computed: 1 by anjian
(the JSON it wrote), 2 by the database's own trigger (the JSON the server writes of the row).
``app_user`` gains when, by whom and why a user was disabled (history kept, never deleted).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-06
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    meta = op.create_table(
        "anjian_meta",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_anjian_meta")),
    )
    op.bulk_insert(meta, [{"key": "database_id", "value": str(uuid.uuid4())}])
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.add_column(sa.Column("form", sa.Integer(), server_default="1",
                                      nullable=False))
    with op.batch_alter_table("app_user", schema=None) as batch_op:
        batch_op.add_column(sa.Column("disabled_at", sqlmodel.sql.sqltypes.UTCDateTime(),
                                      nullable=True))
        batch_op.add_column(sa.Column("disabled_by", sa.String(), server_default="",
                                      nullable=False))
        batch_op.add_column(sa.Column("disabled_reason", sa.String(), server_default="",
                                      nullable=False))


def downgrade() -> None:
    with op.batch_alter_table("app_user", schema=None) as batch_op:
        batch_op.drop_column("disabled_reason")
        batch_op.drop_column("disabled_by")
        batch_op.drop_column("disabled_at")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_column("form")
    op.drop_table("anjian_meta")
