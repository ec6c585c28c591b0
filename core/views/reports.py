"""What an inspection report workbook is made of, gathered by a service for the writer."""

from __future__ import annotations

from core.pack.model import Pack
from core.views.audit import ChainHead
from core.views.base import View
from core.views.campaigns import CampaignView
from core.views.documents import DocumentView
from core.views.enterprises import EnterpriseView
from core.views.evidence import InspectionEvidence
from core.views.inspections import InspectionView
from core.views.waivers import WaiverView


class InspectionReport(View):
    """An inspection with everything its report shows: the enterprise, the campaign and its
    team, the packs (for the official texts), the findings, determinations, hazards and
    evidence; and the audit chain's head they were read under (every page cites it)."""

    inspection: InspectionView
    enterprise: EnterpriseView
    campaign: CampaignView | None
    packs: tuple[Pack, ...]
    evidence: InspectionEvidence
    head: ChainHead
    #: The documents issued for the inspection, and the reviews (复查) of its orders, in the
    #: order they were issued, voided ones included (they keep their numbers).
    documents: tuple[DocumentView, ...] = ()
    #: The waivers (豁免) its determinations relied on: their items did not apply.
    waivers: tuple[WaiverView, ...] = ()
