"""Risk assessment methods (风险评价方法) as data: the LEC method and the risk matrix (LS)
with the presets provinces use, each naming its source, its verification and how its bounds
are drawn; and the 直接判定为重大风险 rules of Shandong chemical practice.
"""

from __future__ import annotations

from importlib.resources import files

from core.plugins.catalogue import PackRegistrar
from core.plugins.hookspecs import hookimpl


@hookimpl
def register_risk_methods(register: PackRegistrar) -> None:
    register.risk_method_dir(files(__name__) / "methods")
