"""The plugin contract (core.plugins.contract), run over every installed plugin."""

from __future__ import annotations

from core.plugins.contract import PluginContract, installed

BUILT_IN = {"ammonia", "chemicals", "confined_spaces", "dust", "fire", "industry_trade",
            "mining", "special_work"}


def test_built_in_plugins_are_installed() -> None:
    assert {p.name for p in installed().plugins} >= BUILT_IN


for _plugin in sorted({p.name for p in installed().plugins} | BUILT_IN):
    _name = f"TestContract_{_plugin}"
    globals()[_name] = type(_name, (PluginContract,), {"plugin": _plugin})
