"""What a document is composed from: the record as the issuing service read it, in one
snapshot, with the person's choices (deadlines, officers, narrative, measures). Everything a
document prints comes from here or from its edition's template and the legal-basis table."""

from __future__ import annotations

import datetime as dt

from core.views.audit import ChainHead
from core.views.base import View
from core.views.documents import BureauView, DeliveryView, DocumentKind, OfficerView
from core.views.waivers import WaiverView


class Problem(View):
    """A hazard as a document lists it: numbered, where, what was seen (the inspector's note,
    else the item's text), the clause it breaks, its level, the order's deadline for it and,
    in a review, whether it was rectified and how that was established."""

    ordinal: int
    hazard_id: int
    item_id: str
    standard: str
    clause: str
    item_text: str
    seen: str
    location: str = ""
    level: str = "general"  # general | major
    deadline: dt.date | None = None
    rectified: bool | None = None
    how: str = ""
    #: For an overlay's local item (地方补充): the overlay's title; its clause is then cited
    #: as local, never as the standard's.
    local: str = ""


class DeliveredDocument(View):
    """A document a receipt (回) lists, with its delivery where one was recorded."""

    number: str
    title: str
    issued_on: dt.date
    delivery: DeliveryView | None = None


class WithdrawnStandard(View):
    """A standard the inspection applied that was withdrawn by its date: what replaced it and
    from when (a 检记 marks a result under it 依据已废止标准，仅供参考)."""

    standard: str
    successor: str
    effective: dt.date


class DocumentFacts(View):
    """Everything one document is composed from."""

    kind: DocumentKind
    bureau: BureauView
    #: The number (or, for a draft, the placeholder the preview shows).
    number: str
    issued_on: dt.date
    head: ChainHead
    # the party
    enterprise_name: str
    enterprise_uscc: str
    address: str = ""
    contact: str = ""
    representative: str = ""
    representative_title: str = ""
    # the inspection
    inspection_id: int
    inspected_on: dt.date
    place: str = ""
    time_from: dt.datetime | None = None
    time_to: dt.datetime | None = None
    officers: tuple[OfficerView, ...] = ()
    #: 检记: the narrative of what was checked and found (drafted from findings and notes,
    #: edited by the officer before issuance).
    narrative: str = ""
    #: 检记: the standards it applied that were withdrawn by the inspection date.
    withdrawn: tuple[WithdrawnStandard, ...] = ()
    #: The waivers (豁免) the inspection's determination relied on: items that did not apply
    #: to the enterprise (a record, an order and a decision on the spot name each).
    waivers: tuple[WaiverView, ...] = ()
    #: 责改, 现决, 复查: the problems, numbered.
    problems: tuple[Problem, ...] = ()
    #: 现决: the measures taken on the spot, and until when they last.
    measures: tuple[str, ...] = ()
    measures_until: dt.date | None = None
    #: 复查: the order reviewed (its number, date and title).
    order_number: str = ""
    order_issued_on: dt.date | None = None
    #: 回: the documents the receipt is for.
    delivered: tuple[DeliveredDocument, ...] = ()
    #: The unit's person in charge, and whether they refused to sign (the officers' note).
    person_in_charge: str = ""
    refused_to_sign: bool = False
    refusal_note: str = ""
    replaces: str = ""
