"""Special work in hazardous-chemical enterprises: GB 30871-2022
危险化学品企业特殊作业安全规范, as a checklist (its findings are general hazards; the
failures that are 化工 121号 item 18 say so through ``constitutes``).
"""

from __future__ import annotations

from importlib.resources import files

from core.plugins.catalogue import PackRegistrar
from core.plugins.hookspecs import hookimpl


@hookimpl
def register_packs(register: PackRegistrar) -> None:
    register.pack_dir(files(__name__))
