"""Mines: metal/non-metal (矿安〔2022〕88号 with 矿安〔2024〕41号) and coal mines (the
2026 revision, 应急管理部令第21号, and the superseded 2020 text, 令第4号).
"""

from __future__ import annotations

from importlib.resources import files

from core.plugins.catalogue import PackRegistrar
from core.plugins.hookspecs import hookimpl


@hookimpl
def register_packs(register: PackRegistrar) -> None:
    register.pack_dir(files(__name__))
