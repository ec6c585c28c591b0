"""Files and folders holding personal data that others on the machine may read."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from core.views.base import View


class OpenFile(View):
    """A file or folder whose permission bits let the group or everyone else read (or write)
    it: its path and mode (``0o644``). anjian reports it and leaves it as its owner set it."""

    path: Path
    mode: int
    folder: bool = False

    @property
    def octal(self) -> str:
        """The mode as ``chmod`` takes it: ``0644``."""
        return f"0{self.mode:03o}"

    def as_json(self) -> dict[str, Any]:
        return {"path": str(self.path), "mode": self.octal, "folder": self.folder}
