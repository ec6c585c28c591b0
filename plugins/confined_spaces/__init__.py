"""Confined spaces: 应急管理部令第10号 art. 13 (工贸企业重大事故隐患判定标准)."""

from __future__ import annotations

from importlib.resources import files

from core.plugins.catalogue import PackRegistrar
from core.plugins.hookspecs import hookimpl


@hookimpl
def register_packs(register: PackRegistrar) -> None:
    register.pack_dir(files(__name__))
