"""Deprecated: import from :mod:`core.plugins.catalogue` instead.

Kept so that plugins written before anjian grouped ``core/`` by domain keep working; importing
it warns once. It will be removed in a later major version.
"""

import warnings

from core.plugins.catalogue import (
    Catalogue,
    PackEntry,
    PackRegistrar,
    PluginError,
    PluginInfo,
    build_catalogue,
)

warnings.warn("core.catalogue is deprecated: import from core.plugins.catalogue",
              DeprecationWarning, stacklevel=2)

__all__ = ["Catalogue", "PackEntry", "PackRegistrar", "PluginError", "PluginInfo",
           "build_catalogue"]
