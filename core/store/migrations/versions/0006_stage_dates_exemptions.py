"""When each campaign entered each step, and why an enterprise makes no self-inspection

``campaign_stage`` holds the day a campaign entered each step (what the dates of its training
and inspections are checked against, and what says a step was done late). Campaigns already
stored get theirs from their own record: team formation from the day the campaign was formed,
the feedback step from the day the on-site step ended (``onsite_done_on``), the closing from
``closed_at``, every other step from the day of its ``campaign.advance`` entry in the audit
log. ``exemption`` holds the reason an enterprise of the sector makes no self-inspection.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
import sqlmodel.sql.sqltypes
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_CAMPAIGN = sa.table("campaign", sa.column("id", sa.Integer()),
                     sa.column("created_at", sqlmodel.sql.sqltypes.UTCDateTime()),
                     sa.column("created_by", sa.String()),
                     sa.column("onsite_done_on", sa.Date()),
                     sa.column("closed_at", sqlmodel.sql.sqltypes.UTCDateTime()))
_ADVANCES = sa.table("audit_log", sa.column("seq", sa.Integer()),
                     sa.column("at", sqlmodel.sql.sqltypes.UTCDateTime()),
                     sa.column("actor", sa.String()), sa.column("action", sa.String()),
                     sa.column("object_id", sa.String()), sa.column("after", sa.JSON()))


def upgrade() -> None:
    stages = op.create_table(
        "campaign_stage",
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("stage", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("entered_on", sa.Date(), nullable=False),
        sa.Column("entered_by", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("entered_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["campaign_id"], ["campaign.id"],
                                name=op.f("fk_campaign_stage_campaign_id_campaign")),
        sa.PrimaryKeyConstraint("campaign_id", "stage", name=op.f("pk_campaign_stage")),
    )
    op.create_table(
        "exemption",
        sa.Column("campaign_id", sa.Integer(), nullable=False),
        sa.Column("enterprise_uscc", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("note", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("recorded_by", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("recorded_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(["campaign_id"], ["campaign.id"],
                                name=op.f("fk_exemption_campaign_id_campaign")),
        sa.ForeignKeyConstraint(["enterprise_uscc"], ["enterprise.uscc"],
                                name=op.f("fk_exemption_enterprise_uscc_enterprise")),
        sa.PrimaryKeyConstraint("campaign_id", "enterprise_uscc", name=op.f("pk_exemption")),
    )
    rows = entered(op.get_bind())
    if rows:
        op.bulk_insert(stages, rows)


def entered(conn: Any) -> list[dict[str, Any]]:
    """The steps every stored campaign has entered, as its own record dates them."""
    out: dict[tuple[int, str], dict[str, Any]] = {}

    def add(cid: int, stage: str, on: dt.date, by: str, at: dt.datetime) -> None:
        out.setdefault((cid, stage), {"campaign_id": cid, "stage": stage, "entered_on": on,
                                      "entered_by": by, "entered_at": at})

    known: dict[int, tuple[dt.date | None, dt.datetime | None]] = {}
    for cid, created_at, created_by, onsite_done, closed_at in conn.execute(
            sa.select(_CAMPAIGN.c.id, _CAMPAIGN.c.created_at, _CAMPAIGN.c.created_by,
                      _CAMPAIGN.c.onsite_done_on, _CAMPAIGN.c.closed_at)):
        add(cid, "team_formation", created_at.date(), created_by or "", created_at)
        known[cid] = (onsite_done, closed_at)
    for at, actor, object_id, after in conn.execute(
            sa.select(_ADVANCES.c.at, _ADVANCES.c.actor, _ADVANCES.c.object_id,
                      _ADVANCES.c.after)
            .where(_ADVANCES.c.action == "campaign.advance").order_by(_ADVANCES.c.seq)):
        stage = (after or {}).get("stage")
        if not stage or not str(object_id).isdigit() or int(object_id) not in known:
            continue
        cid = int(object_id)
        onsite_done, closed_at = known[cid]
        on = (onsite_done if stage == "feedback" and onsite_done else
              closed_at.date() if stage == "closed" and closed_at else at.date())
        add(cid, stage, on, actor, at)
    return list(out.values())


def downgrade() -> None:
    op.drop_table("exemption")
    op.drop_table("campaign_stage")
