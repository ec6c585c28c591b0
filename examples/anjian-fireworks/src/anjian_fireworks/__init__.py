"""anjian plugin "fireworks": registers the packs in ``packs/`` and their golden cases.

Everything a determination needs is data in the pack files; this module only tells anjian
where they are. See anjian's docs/hooks.md for every hook a plugin can implement.
"""

from __future__ import annotations

from importlib.resources import files
from typing import TYPE_CHECKING

from core.plugins.hookspecs import hookimpl

if TYPE_CHECKING:
    from core.plugins.catalogue import PackRegistrar


@hookimpl
def register_packs(register: PackRegistrar) -> None:
    """Register every ``*.yaml`` pack in ``packs/`` and the cases in ``packs/cases/``."""
    register.pack_dir(files(__name__) / "packs")
