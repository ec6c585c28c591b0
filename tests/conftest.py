"""Shared fixtures: the installed catalogue, the fire pack, and the reference standards."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from core.catalogue import Catalogue, build_catalogue
from core.model import Pack

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = Path(os.environ.get("ANJIAN_REFERENCE",
                                ROOT.parent / "shared" / "reference" / "standards.json"))


@pytest.fixture(scope="session")
def catalogue() -> Catalogue:
    return build_catalogue()


@pytest.fixture(scope="session")
def fire(catalogue: Catalogue) -> Pack:
    entry = catalogue.get("gb35181-2017")
    assert entry is not None, f"fire pack not installed; load errors: {catalogue.errors}"
    return entry.pack


@pytest.fixture(scope="session")
def reference() -> dict[str, Any]:
    if not REFERENCE.is_file():
        pytest.skip(f"reference standards not found at {REFERENCE} (they live in the "
                    "developers' shared/ folder beside the clone; set ANJIAN_REFERENCE)")
    data: dict[str, Any] = json.loads(REFERENCE.read_text(encoding="utf-8"))
    return data
