"""Fire sector: GB 35181-2017 重大火灾隐患判定方法 (superseded by GB 35181-2025 on 2025-11-01)."""

from __future__ import annotations

from importlib.resources import files

from core.plugins.catalogue import PackRegistrar
from core.plugins.hookspecs import hookimpl


@hookimpl
def register_packs(register: PackRegistrar) -> None:
    register.pack_dir(files(__name__))
