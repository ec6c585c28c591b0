"""Hazardous chemicals: 安监总管三〔2017〕121号
化工和危险化学品生产经营单位重大生产安全事故隐患判定标准（试行）.
"""

from __future__ import annotations

from importlib.resources import files

from core.plugins.catalogue import PackRegistrar
from core.plugins.hookspecs import hookimpl


@hookimpl
def register_packs(register: PackRegistrar) -> None:
    register.pack_dir(files(__name__))
