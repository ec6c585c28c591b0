"""What each enterprise is found by, kept in the database

``enterprise_search`` holds, for every enterprise, its name as written, the name's full pinyin
and initials and its credit code (lower-case, without spaces, in one text), clustered in the
roster's order (district, name, code): a search of a city's roster reads one narrow table
instead of every enterprise's pinyin computed in memory. Every enterprise stored before this
revision gets its row here.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-09
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_BATCH = 5000


def upgrade() -> None:
    # The keys as the store writes them from now on (one definition: a later change of it
    # comes with its own migration rewriting the rows).
    from core.store.search import search_row

    table = op.create_table(
        "enterprise_search",
        sa.Column("district", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("uscc", sa.String(length=18), nullable=False),
        sa.Column("sector", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("keys", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.ForeignKeyConstraint(["uscc"], ["enterprise.uscc"],
                                name=op.f("fk_enterprise_search_uscc_enterprise")),
        sa.PrimaryKeyConstraint("district", "name", "uscc", name=op.f("pk_enterprise_search")),
        sqlite_with_rowid=False,
    )
    op.create_index("ix_enterprise_search_uscc", "enterprise_search", ["uscc"], unique=True)
    conn = op.get_bind()
    rows = conn.execute(sa.text(
        "SELECT uscc, name, district, sector FROM enterprise ORDER BY uscc")).mappings()
    while batch := rows.fetchmany(_BATCH):
        op.bulk_insert(table, [search_row(dict(r)) for r in batch])


def downgrade() -> None:
    op.drop_index("ix_enterprise_search_uscc", table_name="enterprise_search")
    op.drop_table("enterprise_search")
