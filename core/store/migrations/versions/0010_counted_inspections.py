"""What the statistics count of an inspection, kept beside its determination

``answered_items`` (items given a status) keeps an inspection with nothing answered out of every
statistic; ``major_determinations`` (packs whose verdict is major) is the numerator of
每千次检查发现重大事故隐患. Both are filled for the inspections already stored: the first from
their findings, the second from their stored determinations. ``ix_inspection_counted`` is
partial (only inspections with an answer) and holds every column the rates read.
``ix_finding_inspection_status`` takes the place of the index on ``finding.inspection_id``
(it serves the same reads), so the count kept with every answer reads the index alone.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-10
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

COUNTED = "answered_items > 0"
BATCH = 1000


def majors(data: Any) -> int:
    """How many of a stored determination's packs have the verdict major."""
    if isinstance(data, str):
        data = json.loads(data)
    if not isinstance(data, dict) or not isinstance(data.get("determinations"), list):
        return 0
    return sum(1 for d in data["determinations"]
               if isinstance(d, dict) and d.get("verdict") == "major")


def upgrade() -> None:
    with op.batch_alter_table("inspection", schema=None) as batch_op:
        batch_op.add_column(sa.Column("answered_items", sa.Integer(), server_default="0",
                                      nullable=False))
        batch_op.add_column(sa.Column("major_determinations", sa.Integer(), server_default="0",
                                      nullable=False))
    with op.batch_alter_table("finding", schema=None) as batch_op:
        batch_op.drop_index("ix_finding_inspection_id")
        batch_op.create_index("ix_finding_inspection_status", ["inspection_id", "status"],
                              unique=False)
    conn = op.get_bind()
    inspection = sa.table("inspection", sa.column("id", sa.Integer),
                          sa.column("determination", sa.JSON),
                          sa.column("answered_items", sa.Integer),
                          sa.column("major_determinations", sa.Integer))
    finding = sa.table("finding", sa.column("inspection_id", sa.Integer),
                       sa.column("status", sa.String))
    conn.execute(inspection.update().values(answered_items=(
        sa.select(sa.func.count()).select_from(finding)
        .where(finding.c.inspection_id == inspection.c.id, finding.c.status.is_not(None))
        .scalar_subquery())))
    after = 0
    while True:
        rows = conn.execute(sa.select(inspection.c.id, inspection.c.determination)
                            .where(inspection.c.id > after).order_by(inspection.c.id)
                            .limit(BATCH)).all()
        if not rows:
            break
        found = [{"iid": iid, "n": n} for iid, data in rows if (n := majors(data))]
        if found:
            conn.execute(inspection.update().where(inspection.c.id == sa.bindparam("iid"))
                         .values(major_determinations=sa.bindparam("n")), found)
        after = rows[-1][0]
    with op.batch_alter_table("inspection", schema=None) as batch_op:
        batch_op.create_index("ix_inspection_counted",
                              ["enterprise_uscc", "inspected_on", "kind", "major_determinations"],
                              unique=False, sqlite_where=sa.text(COUNTED),
                              postgresql_where=sa.text(COUNTED))


def downgrade() -> None:
    # Dropped in place (SQLite has ALTER TABLE … DROP COLUMN since 3.35): copying the table
    # anew, as batch mode would, is refused while other tables' foreign keys point at it.
    with op.batch_alter_table("inspection", schema=None, recreate="never") as batch_op:
        batch_op.drop_index("ix_inspection_counted")
        batch_op.drop_column("major_determinations")
        batch_op.drop_column("answered_items")
    with op.batch_alter_table("finding", schema=None) as batch_op:
        batch_op.drop_index("ix_finding_inspection_status")
        batch_op.create_index("ix_finding_inspection_id", ["inspection_id"], unique=False)
