"""The audit chain as documents cite it."""

from __future__ import annotations

from core.views.base import View

#: Hex digits of the head's hash a document prints: enough to tell any two heads apart by
#: eye, short enough for a footer (the whole hash is in the audit log and in anchors).
SHOWN = 16


class ChainHead(View):
    """The audit chain's head a document was made under: its sequence number and hash."""

    seq: int
    hash: str

    @property
    def shown(self) -> str:
        """The hash as a document prints it (its first :data:`SHOWN` hex digits)."""
        return self.hash[:SHOWN]
