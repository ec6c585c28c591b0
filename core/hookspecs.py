"""Deprecated: import from :mod:`core.plugins.hookspecs` instead.

Kept so that plugins written before anjian grouped ``core/`` by domain keep working; importing
it warns once. It will be removed in a later major version.
"""

import warnings

from core.plugins.hookspecs import PROJECT, AnjianSpec, hookimpl, hookspec

warnings.warn("core.hookspecs is deprecated: import from core.plugins.hookspecs",
              DeprecationWarning, stacklevel=2)

__all__ = ["PROJECT", "AnjianSpec", "hookimpl", "hookspec"]
