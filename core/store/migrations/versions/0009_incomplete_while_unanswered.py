"""A stored determination is "incomplete" while an applicable item is unanswered

Before this revision a determination was ``not_major`` as soon as no unanswered item could
make a rule fire, even with applicable items unanswered, and also when the site's tags left
no item applicable at all (an inspection started without its kind of site checked nothing and
read "no major hazard"). The engine now says ``incomplete`` in both cases; each stored
determination is brought in line, so ``anjian audit verify`` compares like with like:

- a pack's ``not_major`` with items in its ``unanswered`` list becomes ``incomplete``;
- a pack's ``not_major`` with nothing unanswered and no answered finding under that pack had
  no applicable item (every item was gated out by the site's tags): ``incomplete`` too;
- the inspection's overall verdict is then recomputed the engine's way (major, incomplete,
  excluded, not major, in that order).

Nothing else of a determination changes, and no finding or hazard: the verdict never decided
a hazard. Downgrading leaves the verdicts as they are (the older rule cannot be recomputed
without the packs; anjian never moves a database down).

Revision ID: 0009
Revises: 0008
Create Date: 2027-01-12
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BATCH = 1000
#: The engine's order of verdicts over several packs, frozen here.
RANK = {"major": 3, "incomplete": 2, "excluded": 1, "not_major": 0}


def honest(data: Any, answered_packs: set[str]) -> Any:
    """``data`` (a stored determination) with every pack's verdict as the engine now gives
    it, or None when nothing changes. ``answered_packs``: the packs under which the
    inspection has an answered finding."""
    if not isinstance(data, dict) or not isinstance(data.get("determinations"), list):
        return None
    changed = False
    dets = []
    for det in data["determinations"]:
        if isinstance(det, dict) and det.get("verdict") == "not_major" and (
                det.get("unanswered") or det.get("pack") not in answered_packs):
            det = {**det, "verdict": "incomplete"}
            changed = True
        dets.append(det)
    if not changed:
        return None
    verdicts = [d.get("verdict") for d in dets if isinstance(d, dict)]
    known = [v for v in verdicts if v in RANK]
    verdict = max(known, key=RANK.__getitem__) if known else data.get("verdict")
    return {**data, "verdict": verdict, "determinations": dets}


def upgrade() -> None:
    conn = op.get_bind()
    inspection = sa.table("inspection", sa.column("id", sa.Integer),
                          sa.column("determination", sa.JSON))
    finding = sa.table("finding", sa.column("inspection_id", sa.Integer),
                       sa.column("pack_id", sa.String), sa.column("status", sa.String))
    after = 0
    while True:
        rows = conn.execute(sa.select(inspection.c.id, inspection.c.determination)
                            .where(inspection.c.id > after).order_by(inspection.c.id)
                            .limit(BATCH)).all()
        if not rows:
            return
        answered: dict[int, set[str]] = {}
        for iid, pack in conn.execute(
                sa.select(finding.c.inspection_id, finding.c.pack_id).distinct()
                .where(finding.c.inspection_id.between(rows[0][0], rows[-1][0]),
                       finding.c.status.is_not(None))):
            answered.setdefault(iid, set()).add(pack)
        for iid, data in rows:
            if isinstance(data, str):
                data = json.loads(data)
            new = honest(data, answered.get(iid, set()))
            if new is not None:
                conn.execute(inspection.update().where(inspection.c.id == iid)
                             .values(determination=new))
        after = rows[-1][0]


def downgrade() -> None:
    """Nothing to undo that can be undone: see the module's docstring."""
