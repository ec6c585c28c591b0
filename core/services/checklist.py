"""An inspection's checklist, for front ends that step through it and evaluate as they go
(the terminal UI's runner): the items its site's tags do not gate out, in pack order, with
their recorded answers, the packs and the site as each pack sees it."""

from __future__ import annotations

from core.engine.evaluation import split_site
from core.engine.findings import Status
from core.services import waivers
from core.services.context import Context
from core.services.inspections import inspection_view
from core.services.packs import get_pack
from core.services.pins import pins_of, refuse_moved
from core.views.checklist import Checklist, ChecklistEntry


def checklist(ctx: Context, inspection_id: int) -> Checklist:
    """The checklist of inspection ``inspection_id`` under the pack content it was started
    with; refused as :func:`~core.services.inspections.inspection_view` is (who may read), and
    when an installed pack's content is no longer the content the inspection recorded (its
    answers would be evaluated under other rules: :func:`~core.services.pins.require_pinned`)."""
    view = inspection_view(ctx, inspection_id)
    refuse_moved(inspection_id, pins_of(ctx.catalogue, view.packs))
    packs = tuple(get_pack(ctx.catalogue, p.pack_id).pack for p in view.packs)
    sites = split_site(packs, view.inspection.site, "site")
    found = {f.item_id: f for f in view.findings}
    waived, relied = waivers.for_inspection(ctx, inspection_id, packs)
    by_item = {w.item_id: w for w in relied}
    entries = []
    for pack in packs:
        gates = pack.item_gates()
        tags = sites[pack.id].tags
        for item in pack.items():
            if not all(tags & set(group) for group in gates[item.id]):
                continue  # the site's tags gate this item out
            f = found.get(item.id)
            entries.append(ChecklistEntry(
                # a local item (an overlay's) is no item of the standard: its overlay's title
                pack_id=pack.id, standard=pack.title_zh if item.local else pack.standard,
                item=item,
                status=Status(f.status) if f and f.status else None,
                note=f.note if f else "", corrected_on_site=f.corrected_on_site if f else False,
                skip_reason=f.skip_reason if f else "", detail=f.detail if f else {},
                version=f.version if f else 0,
                waiver=by_item.get(item.id) if item.id in waived.get(pack.id, ()) else None))
    return Checklist(inspection=view.inspection, packs=packs, sites=sites,
                     entries=tuple(entries), waived=waived, waivers=relied)
