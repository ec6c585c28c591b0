"""Stored determinations carry warnings as catalogue keys with parameters, not text

Before this revision a determination's ``warnings`` were sentences in the language of whoever
answered last. Each is parsed back into its key and parameters with the four templates as they
were worded then (in both languages); a sentence no template matches is kept whole under
``warn.text``, so nothing is lost and ``anjian audit verify`` names it.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-06
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

#: The warning templates as revision 0004 rendered them, frozen here: later wording changes
#: in the catalogue must not change what this migration reads.
TEMPLATES: dict[str, tuple[str, str]] = {
    "warn.superseded": (
        "判定标准 {standard} 已于 {date} 被 {successor} 替代；本结论仅供参考，请按现行标准复核",
        "{standard} was superseded by {successor} on {date}; this result is indicative only, "
        "check it against the standard now in force",
    ),
    "warn.not_yet": (
        "检查日期 {date} 早于 {standard} 生效日期 {effective}",
        "inspection date {date} is before {standard} took effect on {effective}",
    ),
    "warn.unverified": (
        "触发条件 {rule} 依据的检查项 {items} 的条文尚未与官方文本核对",
        "trigger {rule} rests on item(s) {items} whose official wording is not yet verified",
    ),
    "warn.correction_ignored": (
        "判定标准 {pack} 未规定当场改正可不计入；检查项 {items} 仍计入判定",
        "pack {pack} has no on-site correction rule; item(s) {items} still count",
    ),
}
BATCH = 1000


def _pattern(template: str) -> re.Pattern[str]:
    parts = re.split(r"\{(\w+)\}", template)
    regex = "".join(re.escape(p) if n % 2 == 0 else f"(?P<{p}>.+?)"
                    for n, p in enumerate(parts))
    return re.compile(f"^{regex}$", re.DOTALL)


PATTERNS = [(key, _pattern(text)) for key, pair in TEMPLATES.items() for text in pair]


def to_notice(text: str) -> dict[str, Any]:
    """A stored warning sentence as its key and parameters."""
    for key, pattern in PATTERNS:
        m = pattern.match(text)
        if m is not None:
            return {"key": key, "params": m.groupdict()}
    return {"key": "warn.text", "params": {"text": text}}


def to_text(notice: Any) -> str:
    """A notice back as the English sentence revision 0004 stored."""
    if not isinstance(notice, dict):
        return str(notice)
    params = notice.get("params") or {}
    if notice.get("key") == "warn.text":
        return str(params.get("text", ""))
    template = TEMPLATES.get(str(notice.get("key")), ("", ""))[1]
    try:
        return template.format(**params)
    except (KeyError, IndexError):
        return json.dumps(notice, ensure_ascii=False)


def _convert(data: Any, change: Callable[[Any], Any]) -> Any:
    """``data`` with every determination's warnings changed, or None when nothing changes."""
    if not isinstance(data, dict) or not isinstance(data.get("determinations"), list):
        return None
    changed = False
    out = []
    for det in data["determinations"]:
        if isinstance(det, dict) and isinstance(det.get("warnings"), list) and det["warnings"]:
            det = {**det, "warnings": [change(w) for w in det["warnings"]]}
            changed = True
        out.append(det)
    return {**data, "determinations": out} if changed else None


def _rewrite(change: Callable[[Any], Any], applies: Callable[[Any], bool]) -> None:
    conn = op.get_bind()
    table = sa.table("inspection", sa.column("id", sa.Integer),
                     sa.column("determination", sa.JSON))
    after = 0
    while True:
        rows = conn.execute(sa.select(table.c.id, table.c.determination)
                            .where(table.c.id > after).order_by(table.c.id).limit(BATCH)).all()
        if not rows:
            return
        for iid, data in rows:
            if isinstance(data, str):
                data = json.loads(data)
            new = _convert(data, lambda w: change(w) if applies(w) else w)
            if new is not None:
                conn.execute(table.update().where(table.c.id == iid)
                             .values(determination=new))
        after = rows[-1][0]


def upgrade() -> None:
    _rewrite(to_notice, lambda w: isinstance(w, str))


def downgrade() -> None:
    _rewrite(to_text, lambda w: isinstance(w, dict))
