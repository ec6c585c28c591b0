"""Enforcement documents (执法文书) as front ends, the Word writer and workbooks read them.

A document is issued once and frozen: :class:`DocumentContent` is what was issued, stored as
JSON and hashed; every print of the document is made from it alone, never from the record
as it stands later. Documents are Chinese whatever the interface language: they are legal
records of a Chinese authority.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from core.process.workflow import Refusal
from core.views.audit import ChainHead
from core.views.base import View

#: The document kinds anjian issues, by their 代字 (the number's kind part after the edition):
#: 现场检查记录, 现场处理措施决定书, 责令限期整改指令书, 整改复查意见书, 文书送达回执.
DocumentKind = Literal["检记", "现决", "责改", "复查", "回"]
KINDS: tuple[DocumentKind, ...] = ("检记", "现决", "责改", "复查", "回")

#: How a document was delivered (送达方式): 直接送达, 留置送达, 邮寄送达.
DeliveryMethod = Literal["direct", "left", "post"]
METHODS: tuple[DeliveryMethod, ...] = ("direct", "left", "post")


class BureauView(View):
    """The issuing authority as documents name it."""

    name: str
    short: str
    edition: str
    reconsideration: tuple[str, ...]
    court: str
    seal: str = ""
    updated_by: str = ""
    updated_at: dt.datetime | None = None


class OfficerView(View):
    """An enforcement officer (执法人员) as a document names them."""

    name: str
    cert_no: str
    valid_until: dt.date


class Citation(View):
    """A legal provision a document cites, from the versioned table shipped with anjian
    (``core/documents/legal_basis.yaml``): never text written into a template."""

    id: str
    law: str  # 《中华人民共和国安全生产法》
    edition: str  # 2021
    article: str  # 第六十五条
    text: str = ""
    verified: bool
    source: str = ""


# --- the frozen content --------------------------------------------------------------------


class Field(View):
    """A labelled value in a document's head (被检查单位：…)."""

    label: str
    value: str


class Signature(View):
    """A signature line: who signs (检查人员 …), the name printed (blank to sign by hand), the
    certificate number where the signer is an officer, and a note (拒绝签字 …)."""

    role: str
    name: str = ""
    cert_no: str = ""
    note: str = ""


class Row(View):
    """One numbered problem, measure, reviewed item or delivered document in a table."""

    cells: tuple[str, ...]


class Block(View):
    """A part of a document's body, in order.

    - ``fields``: labelled values (``fields``);
    - ``para``: a paragraph of text (``text``), indented two characters as Chinese forms are;
    - ``table``: ``header`` then ``rows``, each a row of cells;
    - ``signatures``: signature lines, with the date (``text``) under them;
    - ``seal``: the seal area (``text`` is the seal's text, printed small for placement);
    - ``note``: a small-print line (the copies note, the continuation note)."""

    kind: Literal["fields", "para", "table", "signatures", "seal", "note"]
    text: str = ""
    fields: tuple[Field, ...] = ()
    header: tuple[str, ...] = ()
    rows: tuple[Row, ...] = ()
    signatures: tuple[Signature, ...] = ()


class DocumentContent(View):
    """A document as issued: everything a print shows, and nothing read later."""

    kind: DocumentKind
    edition: str
    #: 安全生产行政执法文书 above the title.
    header: str
    title: str
    number: str
    #: The issuing authority's full name and the seal's text.
    issuer: str
    seal: str = ""
    #: The party the document is addressed to (“＿＿：”), empty for a record.
    addressee: str = ""
    blocks: tuple[Block, ...]
    issued_on: dt.date
    #: The audit chain's head the document was issued under.
    head: ChainHead
    #: The number of the document this one corrects.
    replaces: str = ""
    citations: tuple[Citation, ...] = ()


# --- what the services return -----------------------------------------------------------------


class DocumentItemView(View):
    """A hazard a document names: its number in the document, deadline, review outcome."""

    hazard_id: int
    ordinal: int
    deadline: dt.date | None = None
    outcome: str = ""


class DeliveryView(View):
    recipient: str
    method: DeliveryMethod
    delivered_on: dt.date
    recorded_by: str = ""


class DocumentView(View):
    """An issued document as lists and screens show it (the content separately)."""

    id: int
    number: str
    kind: DocumentKind
    year: int
    seq: int
    inspection_id: int
    campaign_id: int | None
    enterprise_uscc: str
    enterprise_name: str = ""
    issued_on: dt.date
    issued_at: dt.datetime
    issued_by: str
    officers: tuple[str, ...]
    content_hash: str
    head: ChainHead
    replaces: str = ""
    order: str = ""
    voided_at: dt.datetime | None = None
    voided_by: str = ""
    void_reason: str = ""
    items: tuple[DocumentItemView, ...] = ()
    delivery: DeliveryView | None = None

    @property
    def void(self) -> bool:
        return self.voided_at is not None


class IssuedDocument(View):
    """A document with the content it was issued with."""

    document: DocumentView
    content: DocumentContent


class Draft(View):
    """What issuing would produce now, shown before anything is numbered: the content with a
    placeholder number, and what would refuse it (empty: it may be issued)."""

    content: DocumentContent
    #: Catalogue keys with their parameters: the front end renders them (``r.render(lang)``).
    refusals: tuple[Refusal, ...] = ()


#: Where an order's follow-up review (复查) stands: not yet due (before the deadline), due
#: (in the ten days after it), overdue (later, with no review issued) or done.
ReviewState = Literal["scheduled", "due", "overdue", "done"]


class ReviewDue(View):
    """The follow-up review an order (责改) schedules from each of its deadlines."""

    order: str
    order_id: int
    inspection_id: int
    campaign_id: int | None
    enterprise_uscc: str
    enterprise_name: str
    deadline: dt.date
    due_by: dt.date
    state: ReviewState
    review: str = ""
