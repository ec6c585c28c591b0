"""anjian's plugin contract, run over this example overlay: it loads and merges with the
installed chem-2017, its local items are complete, and every golden case holds."""

from core.plugins.contract import PluginContract


class TestContract(PluginContract):
    plugin = "jinan_overlay"
