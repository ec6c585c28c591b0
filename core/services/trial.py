"""Walking a draft pack before it is packaged: ``anjian packs try PATH``.

The draft (a pack file or folder, not installed) is checked, then loaded beside the installed
packs into a throwaway database with one trial enterprise and a campaign at the on-site stage,
so the inspection runner shows the checklist exactly as inspectors will see it.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Sequence
from pathlib import Path

from core.i18n import AnjianError, Lang, Lines
from core.pack.model import OTHER
from core.plugins.validator import DRAFT, check
from core.process.credit_code import check_character
from core.services import campaigns, inspections, roster, users
from core.services.context import Context, default_actor
from core.store.db import open_store

#: The trial enterprise's unified social credit code (GB 32100), check character included.
TRIAL_USCC = "91370102MA3C00000" + check_character("91370102MA3C00000")


def open_trial(path: Path, *, tags: Sequence[str] | None = None,
               categories: Sequence[str] = (), lang: Lang = "en",
               folder: Path | None = None) -> tuple[Context, int]:
    """A context on a new database holding an inspection under the draft's packs.

    ``tags`` default to every tag of the draft's packs, so every item is shown, and
    ``categories`` to ``other`` (其他场所): a walk through the draft, not an inspection of a
    site. A draft with errors is refused with the validator's problems.
    """
    report = check(str(path))
    if report.errors:
        raise AnjianError("trial.invalid", path=path, problems=Lines(report.errors, shown=20))
    catalogue = report.catalogue
    assert catalogue is not None  # a checked path without errors
    packs = [e.pack for e in catalogue.entries.values() if e.plugin == DRAFT]
    where = folder or Path(tempfile.mkdtemp(prefix="anjian-try-"))
    store = open_store(f"sqlite:///{where / 'try.db'}")
    ctx = Context(store, catalogue, default_actor(), dt.date.today(), lang)
    sector = packs[0].sector
    roster.add_enterprise(ctx, uscc=TRIAL_USCC, name="试用企业（草稿判定标准）", sector=sector,
                            district="-")
    members = ["试用检查员甲", "试用检查员乙"]
    for name in members:  # a team is made of registered people
        users.add_user(ctx, name, role="inspector")
    campaign = campaigns.new_campaign(ctx, sector=sector, packs=[p.id for p in packs],
                                      target=TRIAL_USCC, lead=ctx.actor, members=members)
    assert campaign.id is not None
    campaigns.advance(ctx, campaign.id)  # team formed → on-site inspection
    chosen = list(tags) if tags is not None else sorted({t.id for p in packs for t in p.tags})
    insp = inspections.start_inspection(ctx, campaign_id=campaign.id, enterprise=TRIAL_USCC,
                                        tags=chosen, categories=list(categories) or [OTHER])
    assert insp.id is not None
    return ctx, insp.id
