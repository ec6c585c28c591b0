"""The hooks a sector plugin implements. These docstrings are the hook reference.

A plugin is a module (or object) with functions marked ``@hookimpl`` and named after a hook
below. It is found through the entry-point group ``anjian``; in the plugin's
``pyproject.toml``::

    [project.entry-points.anjian]
    fireworks = "anjian_fireworks"

Hooks run once at start-up to fill a frozen catalogue; the engine never calls them while
evaluating. Hook arguments are only ever added, never removed, so a plugin written today keeps
working.

A plugin is code: it runs with the rights of whoever runs anjian. A plugin whose import or hook
raises anything (``SystemExit`` included) is skipped and reported by ``anjian plugins list`` and
``anjian packs list``; the others load. On a database set up for team mode only anjian's own
plugins and those an administrator allowed by the SHA-256 of their code (``anjian plugins
allow``) are imported at all; ``anjian plugins list`` shows each plugin's distribution, version
and that hash.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pluggy

if TYPE_CHECKING:
    from core.plugins.catalogue import PackRegistrar

PROJECT = "anjian"

hookspec = pluggy.HookspecMarker(PROJECT)
#: Mark a plugin's hook implementations: ``@hookimpl`` above ``def register_packs(register)``.
hookimpl = pluggy.HookimplMarker(PROJECT)


class AnjianSpec:
    """The hook specifications of anjian."""

    @hookspec
    def register_packs(self, register: PackRegistrar) -> None:
        """Provide the plugin's packs (checklists with their determination rules).

        When: once, when anjian starts and builds its catalogue of packs.

        Parameters:
            register: the registrar. Call ``register.pack_file(path)`` for each pack data file
                the plugin ships (YAML), ``register.pack_dir(path)`` to register every
                ``*.yaml`` in a folder, or ``register.pack(pack)`` with a
                :class:`core.pack.model.Pack` built in Python.

        What the plugin should do: register its packs and nothing else; no evaluation, no I/O
        beyond reading its own files. Ship pack files inside the plugin package and find them
        with ``importlib.resources.files(__package__)``. A pack that fails validation is
        reported with its file and line and skipped; the plugin's other packs still load.

        Added in: 0.1.
        """

    @hookspec
    def register_risk_methods(self, register: PackRegistrar) -> None:
        """Provide risk assessment methods (风险评价方法) and 直接判定为重大风险 rules as data.

        When: once, when anjian starts and builds its catalogue.

        Parameters:
            register: the registrar. Call ``register.risk_method_file(path)`` for each method
                file the plugin ships (YAML: ``kind: method``, an LEC or LS preset with its
                factor tables, bands, source and verification; or ``kind: direct_major``, a
                list of rules that make a risk 重大 whatever its value),
                ``register.risk_method_dir(path)`` for every ``*.yaml`` in a folder, or
                ``register.risk_method(obj)`` with a :class:`core.pack.risk_method.RiskMethod`
                or :class:`core.pack.risk_method.DirectRules` built in Python.

        What the plugin should do: register a province's or a sector's preset (its own
        tables and bands; see ``plugins/risk_grading/methods`` for the built-in ones). A
        file that fails validation is reported with its file and field and skipped; an id
        already taken is reported and the first one kept.

        Added in: 0.9.
        """

    @hookspec
    def register_colour_policies(self, register: PackRegistrar) -> None:
        """Provide a policy that derives an enterprise's colour code (智管码) from its hazards.

        When: once, when anjian starts and builds its catalogue.

        Parameters:
            register: the registrar. Call ``register.colour_policy(name, policy)`` where
                ``policy(facts, today)`` returns a :class:`core.process.colour.Colour`;
                ``facts`` are ``(enterprise, level, status, deadline)`` tuples of the
                enterprise's hazards that are not closed, ``today`` a date.

        What the plugin should do: register pure functions only (no I/O). A bureau chooses a
        policy by name with ``ANJIAN_COLOUR_POLICY``; the built-in ``default`` is red for an
        open major hazard, yellow for an overdue general hazard, blue for open general hazards
        within their deadlines, green otherwise.

        Added in: 0.2.
        """
