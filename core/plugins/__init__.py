"""Plugins: the hook specifications, the catalogue built once from every plugin's hooks, the
contract every plugin must satisfy, and the validator a pack author runs.

A plugin imports only :mod:`core.plugins.hookspecs` (``hookimpl``),
:class:`core.plugins.catalogue.PackRegistrar` and :mod:`core.pack.model`; its tests reuse
:class:`core.plugins.contract.PluginContract`.
"""
