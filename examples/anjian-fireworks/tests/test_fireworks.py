"""anjian's plugin contract, run over this plugin: it loads, its packs are complete, item ids
are unique, every golden case holds, and every rule both fires and stays quiet in some case."""

from core.plugins.contract import PluginContract


class TestContract(PluginContract):
    plugin = "fireworks"
