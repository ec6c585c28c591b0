"""A hazard's deadline history and the enterprises' requests for more time (延期申请)

``hazard_deadline`` keeps every change of a hazard's deadline (who, which day, why, the old and
the new date); ``hazard_extension`` the requests for a later deadline and the lead's decision.
Before this revision a deadline was set with the treatment plan, and the audit log's
``hazard.plan`` entries hold each such change: they are copied into the history (kind
``plan``, by the plan's author, on the day it was recorded), so a deadline moved before the
upgrade shows too.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PENDING = "status = 'pending'"
BATCH = 1000


def upgrade() -> None:
    op.create_table(
        "hazard_extension",
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("hazard_id", sa.Integer(), nullable=False),
        sa.Column("deadline", sa.Date(), nullable=False),
        sa.Column("until", sa.Date(), nullable=False),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("requested_by", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("requested_on", sa.Date(), nullable=False),
        sa.Column("requested_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("decided_by", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=True),
        sa.Column("decided_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("note", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.ForeignKeyConstraint(["hazard_id"], ["hazard.id"],
                                name=op.f("fk_hazard_extension_hazard_id_hazard")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hazard_extension")),
    )
    with op.batch_alter_table("hazard_extension", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_hazard_extension_hazard_id"), ["hazard_id"],
                              unique=False)
        batch_op.create_index("ix_hazard_extension_pending", ["hazard_id"], unique=True,
                              sqlite_where=sa.text(PENDING), postgresql_where=sa.text(PENDING))
    op.create_table(
        "hazard_deadline",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("hazard_id", sa.Integer(), nullable=False),
        sa.Column("old_deadline", sa.Date(), nullable=True),
        sa.Column("new_deadline", sa.Date(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("extension_id", sa.Integer(), nullable=True),
        sa.Column("changed_by", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("changed_on", sa.Date(), nullable=False),
        sa.Column("changed_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["extension_id"], ["hazard_extension.id"],
                                name=op.f("fk_hazard_deadline_extension_id_hazard_extension")),
        sa.ForeignKeyConstraint(["hazard_id"], ["hazard.id"],
                                name=op.f("fk_hazard_deadline_hazard_id_hazard")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hazard_deadline")),
    )
    with op.batch_alter_table("hazard_deadline", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_hazard_deadline_hazard_id"), ["hazard_id"],
                              unique=False)
    _copy_planned_deadlines()


def _date(value: Any) -> dt.date | None:
    return dt.date.fromisoformat(value) if isinstance(value, str) and value else None


def _json(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str) else value


def _copy_planned_deadlines() -> None:
    """Each deadline a ``hazard.plan`` audit entry changed, as a history row of kind
    ``plan`` (entries of hazards that no longer exist are left in the audit log)."""
    conn = op.get_bind()
    audit = sa.table("audit_log", sa.column("seq", sa.Integer), sa.column("at", sa.DateTime),
                     sa.column("actor", sa.String), sa.column("action", sa.String),
                     sa.column("object_id", sa.String), sa.column("before", sa.JSON),
                     sa.column("after", sa.JSON))
    hazard = sa.table("hazard", sa.column("id", sa.Integer))
    history = sa.table("hazard_deadline", sa.column("hazard_id", sa.Integer),
                       sa.column("old_deadline", sa.Date), sa.column("new_deadline", sa.Date),
                       sa.column("kind", sa.String), sa.column("reason", sa.String),
                       sa.column("changed_by", sa.String), sa.column("changed_on", sa.Date),
                       sa.column("changed_at", sa.DateTime(timezone=True)))
    hazards = set(conn.execute(sa.select(hazard.c.id)).scalars())
    after = 0
    while True:
        rows = conn.execute(
            sa.select(audit.c.seq, audit.c.at, audit.c.actor, audit.c.object_id,
                      audit.c.before, audit.c.after)
            .where(audit.c.action == "hazard.plan", audit.c.seq > after)
            .order_by(audit.c.seq).limit(BATCH)).all()
        if not rows:
            return
        changes = []
        for _seq, at, actor, object_id, before, later in rows:
            old = _date((_json(before) or {}).get("deadline"))
            new = _date((_json(later) or {}).get("deadline"))
            hid = int(object_id) if str(object_id).isdigit() else None
            if new is None or new == old or hid not in hazards:
                continue
            if isinstance(at, str):
                at = dt.datetime.fromisoformat(at)
            at = (at.replace(tzinfo=dt.UTC) if at.tzinfo is None else at).astimezone(dt.UTC)
            changes.append({"hazard_id": hid, "old_deadline": old, "new_deadline": new,
                            "kind": "plan", "reason": "", "changed_by": actor,
                            "changed_on": at.date(), "changed_at": at})
        if changes:
            conn.execute(history.insert(), changes)
        after = rows[-1][0]


def downgrade() -> None:
    with op.batch_alter_table("hazard_deadline", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_hazard_deadline_hazard_id"))
    op.drop_table("hazard_deadline")
    with op.batch_alter_table("hazard_extension", schema=None) as batch_op:
        batch_op.drop_index("ix_hazard_extension_pending")
        batch_op.drop_index(batch_op.f("ix_hazard_extension_hazard_id"))
    op.drop_table("hazard_extension")
