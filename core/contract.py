"""Deprecated: import from :mod:`core.plugins.contract` instead.

Kept so that plugins written before anjian grouped ``core/`` by domain keep working; importing
it warns once. It will be removed in a later major version.
"""

import warnings

from core.plugins.contract import PluginContract

warnings.warn("core.contract is deprecated: import from core.plugins.contract",
              DeprecationWarning, stacklevel=2)

__all__ = ["PluginContract"]
