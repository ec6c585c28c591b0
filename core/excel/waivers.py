"""The waivers (豁免) a workbook relied on, as a sheet: each with its item, reason and basis,
who asked and who approved, its days, where it stands and the inspections that relied on it.
Written by the inspection report and the hazard ledger when any waiver was relied on."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from core.excel import layout
from core.i18n import Lang, t
from core.views.waivers import WaiverView

#: The sheet's columns (catalogue keys).
HEADER = ("xl.waiver_id", "xl.enterprise", "ui.col.uscc", "out.pack", "ui.col.clause",
          "xl.item", "xl.text", "xl.waiver_reason", "xl.waiver_basis", "xl.requested_by",
          "xl.approved_by", "xl.granted_on", "xl.valid_until", "xl.waiver_state",
          "xl.relied_by")


def state_text(w: WaiverView, lang: Lang) -> str:
    """Where a waiver stands, with who revoked it and why when it was."""
    text = t(f"waiver.state.{w.state}", lang)
    if w.revoked_at is not None:
        text += "\n" + t("xl.waiver_revoked", lang, by=w.revoked_by,
                         on=str(layout.beijing_day(w.revoked_at)),
                         reason=w.revoked_reason)
    return text


def write_waivers(wb: Any, waivers: Sequence[WaiverView], styles: dict[str, Any], lang: Lang,
                  made_under: str) -> None:
    """The 豁免 sheet of ``wb`` listing ``waivers`` (nothing when there are none)."""
    if not waivers:
        return
    ws = wb.create_sheet(t("xl.waivers", lang))
    rows: list[list[Any]] = [
        [w.id, w.enterprise_name, w.enterprise_uscc, w.standard or w.pack_id, w.clause,
         w.item_id, w.item_text, w.reason, w.basis, w.requested_by, w.approved_by,
         w.granted_on, w.valid_until, state_text(w, lang),
         "、".join(f"#{i}" for i in w.inspections)]
        for w in waivers]
    layout.table(ws, [t(k, lang) for k in HEADER], rows, styles, lang, made_under,
                 wrap_cols={1, 6, 7, 8, 13, 14})
