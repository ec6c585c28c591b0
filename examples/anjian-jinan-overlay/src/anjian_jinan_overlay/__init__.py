"""anjian plugin "jinan_overlay" — an EXAMPLE overlay (示例), not law.

It registers ``packs/jinan_chem_example.yaml``, an overlay of the official pack ``chem-2017``
(``extends: chem-2017@2017.1``), and its golden cases. anjian merges the overlay with the
installed official pack; see README.md and anjian's docs/pack-format.md.
"""

from __future__ import annotations

from importlib.resources import files
from typing import TYPE_CHECKING

from core.plugins.hookspecs import hookimpl

if TYPE_CHECKING:
    from core.plugins.catalogue import PackRegistrar


@hookimpl
def register_packs(register: PackRegistrar) -> None:
    """Register the overlay in ``packs/`` and the cases in ``packs/cases/``."""
    register.pack_dir(files(__name__) / "packs")
