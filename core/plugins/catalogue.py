"""The pack catalogue: built once from the plugins found through the ``anjian`` entry points.

pluggy's own entry-point loader stops at the first broken plugin, so each entry point is loaded,
registered and asked for its packs inside its own guard: a plugin that fails to import, names
an unknown hook, raises (anything: ``SystemExit``, and ``GeneratorExit``, which closes no
generator here; only ``KeyboardInterrupt``, which cannot be told from the user's Ctrl-C, goes
through), or ships an invalid pack is recorded as a :class:`PluginError` and the rest load.
Plugins are visited in a fixed order (anjian's own first, then by name), so nothing depends on
installation order and a third-party pack cannot shadow an official one.

Given an allowlist (``allowed``: plugin name → code hash, a team database's), only anjian's own
plugins and the third-party ones listed with the hash their code has now are imported at all;
each other is recorded as not allowed, with why (see :mod:`core.plugins.identity`).
"""

from __future__ import annotations

import datetime as dt
import os
import traceback
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from importlib.metadata import EntryPoint, entry_points
from pathlib import Path
from types import MappingProxyType
from typing import Any

import pluggy

from core.i18n import AnjianError, Lang, Msg
from core.pack.cases import CASE_SUFFIX, CaseFile, load_case
from core.pack.loader import PackFileError, load_pack, pack_hash
from core.pack.model import Pack
from core.pack.overlay import OverlayError, located, resolve
from core.pack.risk_loader import MethodFileError, load_method
from core.pack.risk_method import DirectRules, RiskMethod
from core.plugins.hookspecs import PROJECT, AnjianSpec
from core.plugins.identity import Identity, identify
from core.process.colour import Colour, ColourPolicy, HazardFact, default_policy

GROUP = "anjian"


@dataclass(frozen=True)
class PluginError:
    """Why a plugin (or one of its packs) was skipped: a catalogue message, and for a pack
    file's problem the ``file:line`` it is at."""

    plugin: str
    stage: str  # allow | import | register | hook | pack | overlay | conflict | policy
    message: Msg | str
    where: str = ""

    def problem(self) -> Msg:
        """What went wrong, as a catalogue message (a plugin's own text kept as it is)."""
        if isinstance(self.message, Msg):
            return self.message
        return Msg("problem.text", text=self.message)

    def detail_msg(self) -> Msg:
        """What went wrong, with where (``file:line: …``) when known."""
        if self.where:
            return Msg("problem.at", where=self.where, problem=self.problem())
        return self.problem()

    def detail(self, lang: Lang = "en") -> str:
        return self.detail_msg().render(lang)

    def as_msg(self) -> Msg:
        """``plugin (stage): [file:line: ]message`` as a catalogue message."""
        return Msg("plugin.error", plugin=self.plugin, stage=self.stage,
                   detail=self.detail_msg())

    def brief(self, lang: Lang = "en") -> str:
        """``stage: [file:line: ]message`` in ``lang``, for a listing by plugin."""
        return Msg("plugin.brief", stage=self.stage, detail=self.detail_msg()).render(lang)

    def render(self, lang: Lang = "en") -> str:
        return self.as_msg().render(lang)

    def __str__(self) -> str:
        return self.render("en")


@dataclass(frozen=True)
class PluginInfo:
    """A plugin that loaded: where it comes from and what it provides."""

    name: str
    module: str
    distribution: str
    version: str
    hooks: tuple[str, ...]
    packs: tuple[str, ...]
    #: One of anjian's own plugins (``plugins/<sector>``): part of anjian, always loaded.
    builtin: bool = False
    #: The risk method presets and direct-rule lists it provides (by id).
    methods: tuple[str, ...] = ()


@dataclass(frozen=True)
class PackEntry:
    """A pack in the catalogue, with the plugin that provided it and where it was read."""

    pack: Pack
    plugin: str
    source: str
    hash: str
    #: The file the pack was read from ("" for a pack built in Python).
    path: str = ""
    #: For an overlay (地方补充): the official pack it was merged with. ``pack`` is then the
    #: effective pack and ``hash`` its content hash (which covers the official pack's content
    #: too); ``own_hash`` is the hash of the overlay as written.
    base: PackEntry | None = None
    own_hash: str = ""


@dataclass(frozen=True)
class Catalogue:
    """The frozen result of loading plugins: packs by id, plugins, golden cases, load errors."""

    entries: Mapping[str, PackEntry]
    plugins: tuple[PluginInfo, ...]
    errors: tuple[PluginError, ...]
    cases: tuple[CaseFile, ...] = ()
    colour_policies: Mapping[str, ColourPolicy] = field(
        default_factory=lambda: MappingProxyType({"default": default_policy}))
    #: Every plugin found through an entry point, loaded or not, by name: which code it is.
    identities: Mapping[str, Identity] = field(
        default_factory=lambda: MappingProxyType({}))
    #: The allowlist the plugins were loaded under (None: every installed plugin loads).
    allowed: Mapping[str, str] | None = None
    #: Risk assessment method presets by id, and the 直接判定为重大风险 rule lists by id.
    risk_methods: Mapping[str, RiskMethod] = field(
        default_factory=lambda: MappingProxyType({}))
    direct_rules: Mapping[str, DirectRules] = field(
        default_factory=lambda: MappingProxyType({}))

    def risk_method(self, preset: str) -> RiskMethod:
        """The installed method preset ``preset``, or a refusal naming the installed ones."""
        found = self.risk_methods.get(preset)
        if found is None:
            raise AnjianError("risk.preset_unknown", preset=preset,
                              known=", ".join(self.risk_methods) or "-")
        return found

    def colour_policy(self) -> ColourPolicy:
        """The policy named by ``ANJIAN_COLOUR_POLICY`` (``default`` when unset or unknown)."""
        return self.colour_policies.get(os.environ.get("ANJIAN_COLOUR_POLICY", "default"),
                                        default_policy)

    @property
    def packs(self) -> dict[str, Pack]:
        return {pid: e.pack for pid, e in self.entries.items()}

    def get(self, pack_id: str) -> PackEntry | None:
        return self.entries.get(pack_id)

    def require(self, pack_id: str) -> PackEntry:
        """The installed pack ``pack_id``, or a refusal naming the installed ones."""
        entry = self.entries.get(pack_id)
        if entry is None:
            raise AnjianError("pack.unknown", pack=pack_id,
                              known=", ".join(self.entries) or "-")
        return entry


@dataclass
class PackRegistrar:
    """What a plugin's hooks receive (``register_packs``, ``register_colour_policies``);
    validates packs as they arrive."""

    plugin: str
    packs: list[tuple[Pack, str, str]] = field(default_factory=list)
    errors: list[PluginError] = field(default_factory=list)
    cases: list[CaseFile] = field(default_factory=list)
    policies: dict[str, ColourPolicy] = field(default_factory=dict)
    methods: list[RiskMethod | DirectRules] = field(default_factory=list)
    #: Name files by their full path in problems (a draft being checked) rather than
    #: ``folder/file`` (an installed plugin).
    full_paths: bool = False

    def colour_policy(self, name: str, policy: ColourPolicy) -> None:
        """Register a colour-code policy under ``name``."""
        if not callable(policy) or not name:
            self.errors.append(PluginError(self.plugin, "policy",
                                           Msg("plugin.bad_policy", name=repr(name))))
            return
        self.policies[name] = policy

    def pack_file(self, path: Any) -> None:
        """Register the pack data file at ``path`` (a path or an importlib resource)."""
        try:
            name = self._name(path)
            self.packs.append((load_pack(Path(str(path)), source=name), name, str(path)))
        except PackFileError as exc:
            self.errors += [PluginError(self.plugin, "pack", p.message, f"{p.file}:{p.line}")
                            for p in exc.problems]

    def pack_dir(self, path: Any) -> None:
        """Register every ``*.yaml`` file in the folder ``path``, in name order, and the golden
        cases in its ``cases/`` subfolder if there is one."""
        folder = Path(str(path))
        for child in sorted(folder.glob("*.yaml")):
            self.pack_file(child)
        if (folder / "cases").is_dir():
            self.cases_dir(folder / "cases")

    def cases_dir(self, path: Any) -> None:
        """Register every golden case (``*.json``, see :mod:`core.pack.cases`) below ``path``."""
        for child in sorted(Path(str(path)).rglob("*" + CASE_SUFFIX)):
            self.cases.append(load_case(child, self.plugin, self._name(child)))

    def risk_method_file(self, path: Any) -> None:
        """Register the risk method file at ``path`` (``kind: method`` or ``direct_major``)."""
        name = self._name(path)
        try:
            self.methods.append(load_method(Path(str(path)), name))
        except MethodFileError as exc:
            self.errors += [PluginError(self.plugin, "risk_method", p, name)
                            for p in exc.problems]

    def risk_method_dir(self, path: Any) -> None:
        """Register every ``*.yaml`` risk method file in the folder ``path``, in name order."""
        for child in sorted(Path(str(path)).glob("*.yaml")):
            self.risk_method_file(child)

    def risk_method(self, method: RiskMethod | DirectRules) -> None:
        """Register a method preset or a rule list built in Python."""
        if not isinstance(method, RiskMethod | DirectRules):
            self.errors.append(PluginError(self.plugin, "risk_method", Msg(
                "plugin.not_a_method", got=repr(type(method)))))
            return
        self.methods.append(method)

    def _name(self, path: Any) -> str:
        return str(path) if self.full_paths else _short(path)

    def pack(self, pack: Pack, source: str = "<python>") -> None:
        """Register a pack built in Python."""
        if not isinstance(pack, Pack):
            self.errors.append(PluginError(self.plugin, "pack",
                                           Msg("plugin.not_a_pack", got=repr(type(pack)))))
            return
        self.packs.append((pack, source, ""))


def plugin_manager() -> pluggy.PluginManager:
    """A plugin manager that knows anjian's hookspecs (no plugins registered)."""
    pm = pluggy.PluginManager(PROJECT)
    pm.add_hookspecs(AnjianSpec)
    return pm


def discover() -> list[EntryPoint]:
    """The ``anjian`` entry points installed, honouring ``ANJIAN_PLUGINS`` (allow-list) and
    ``ANJIAN_DISABLE_PLUGINS`` (block-list), both comma-separated plugin names."""
    allow = _names(os.environ.get("ANJIAN_PLUGINS"))
    block = _names(os.environ.get("ANJIAN_DISABLE_PLUGINS")) or set()
    found: dict[str, EntryPoint] = {}
    for ep in entry_points(group=GROUP):
        if (allow is None or ep.name in allow) and ep.name not in block:
            found.setdefault(ep.name, ep)
    return [found[n] for n in sorted(found)]


def skipped() -> list[tuple[str, str]]:
    """Installed plugins that :func:`discover` leaves out, with the variable responsible."""
    allow = _names(os.environ.get("ANJIAN_PLUGINS"))
    block = _names(os.environ.get("ANJIAN_DISABLE_PLUGINS")) or set()
    out: dict[str, str] = {}
    for ep in entry_points(group=GROUP):
        if ep.name in block:
            out[ep.name] = "ANJIAN_DISABLE_PLUGINS"
        elif allow is not None and ep.name not in allow:
            out[ep.name] = "ANJIAN_PLUGINS"
    return sorted(out.items())


def build_catalogue(eps: Iterable[EntryPoint] | None = None,
                    objects: Mapping[str, object] | None = None, *,
                    full_paths: bool = False,
                    allowed: Mapping[str, str] | None = None,
                    bases: Mapping[str, PackEntry] | None = None) -> Catalogue:
    """Load plugins (entry points, default :func:`discover`; plus ``objects`` by name) and
    collect their packs into a frozen catalogue; ``full_paths`` names pack files by their
    full path in problems (for an author checking a plugin). With ``allowed`` (plugin name →
    code hash), a third-party entry point is imported only when listed with the hash its code
    has now; ``objects`` are the caller's own code and always load.

    An overlay (a pack with ``extends``) is merged with the official pack it names once every
    plugin is loaded (among the loaded packs, then ``bases``: the installed ones, for a draft
    checked on its own); a missing official pack, a version that does not match and an
    overlay that would weaken or change it are the plugin's errors, the overlay left out."""
    pm = plugin_manager()
    errors: list[PluginError] = []
    infos: list[PluginInfo] = []
    entries: dict[str, PackEntry] = {}
    cases: list[CaseFile] = []
    policies: dict[str, ColourPolicy] = {"default": default_policy}
    identities: dict[str, Identity] = {}
    candidates: list[tuple[str, EntryPoint | None, object | None]] = []
    overlays: list[tuple[str, Pack, str, str]] = []
    methods: dict[str, RiskMethod] = {}
    direct: dict[str, DirectRules] = {}
    for found in discover() if eps is None else eps:
        identities.setdefault(found.name, identify(found))
        candidates.append((found.name, found, None))
    candidates += [(name, None, obj) for name, obj in (objects or {}).items()]
    # anjian's own plugins first, so a third-party pack cannot shadow an official one; then
    # by name, so nothing depends on installation order.
    candidates.sort(key=lambda c: (not (c[1] is not None and identities[c[0]].builtin), c[0]))
    for name, ep, obj in candidates:
        if ep is not None and allowed is not None:
            refused = _not_allowed(identities[name], allowed)
            if refused is not None:
                errors.append(PluginError(name, "allow", refused))
                continue
        try:
            plugin = ep.load() if ep is not None else obj
        except KeyboardInterrupt:
            raise
        except BaseException as exc:
            errors.append(PluginError(name, "import", _why(exc)))
            continue
        try:
            pm.register(plugin, name=name)
            callers = pm.get_hookcallers(plugin) or []
        except KeyboardInterrupt:
            raise
        except BaseException as exc:
            errors.append(PluginError(name, "register", _why(exc)))
            continue
        unknown = [c.name for c in callers if not c.has_spec()]
        if unknown:
            pm.unregister(plugin)
            errors.append(PluginError(name, "hook", Msg("plugin.unknown_hooks",
                                                        hooks=", ".join(unknown))))
            continue
        registrar = PackRegistrar(name, full_paths=full_paths)
        hooks = tuple(sorted(c.name for c in callers))
        try:
            for hook in (pm.hook.register_packs, pm.hook.register_colour_policies,
                         pm.hook.register_risk_methods):
                for impl in hook.get_hookimpls():
                    if impl.plugin is plugin:
                        impl.function(register=registrar)
        except KeyboardInterrupt:
            raise
        except BaseException as exc:
            errors.append(PluginError(name, "hook", Msg("plugin.hook_raised", hook=hook.name,
                                                        error=_why(exc))))
            pm.unregister(plugin)
            continue
        errors += registrar.errors
        cases += registrar.cases
        for policy_name, policy in registrar.policies.items():
            if policy_name in policies:
                errors.append(PluginError(name, "conflict",
                                          Msg("plugin.policy_taken", name=policy_name)))
            else:
                policies[policy_name] = _guarded(name, policy_name, policy)
        given: list[str] = []
        for method in registrar.methods:
            if method.id in (methods if isinstance(method, RiskMethod) else direct):
                errors.append(PluginError(name, "conflict",
                                          Msg("plugin.method_taken", id=method.id)))
            elif isinstance(method, RiskMethod):
                methods[method.id] = method
                given.append(method.id)
            else:
                direct[method.id] = method
                given.append(method.id)
        provided: list[str] = []
        for pack, source, path in registrar.packs:
            if pack.extends is not None:  # merged once every official pack is in
                overlays.append((name, pack, source, path))
                continue
            if pack.id in entries:
                errors.append(PluginError(name, "conflict", Msg(
                    "plugin.pack_taken", pack=pack.id, plugin=entries[pack.id].plugin)))
                continue
            entries[pack.id] = PackEntry(pack, name, source, pack_hash(pack), path)
            provided.append(pack.id)
        who = identities.get(name) if ep is not None else None
        infos.append(PluginInfo(
            name=name, module=ep.value if ep is not None else type(plugin).__module__,
            distribution=who.distribution if who is not None else "",
            version=who.version if who is not None else "", hooks=hooks,
            packs=tuple(provided), builtin=who is not None and who.builtin,
            methods=tuple(given)))
    for name, pack, source, path in overlays:
        if pack.id in entries:
            errors.append(PluginError(name, "conflict", Msg(
                "plugin.pack_taken", pack=pack.id, plugin=entries[pack.id].plugin)))
            continue
        pool = {**(bases or {}), **entries}
        try:
            base, merged = resolve(pack, {pid: e.pack for pid, e in pool.items()})
        except OverlayError as exc:
            errors += _overlay_errors(name, exc, source, path)
            continue
        entries[pack.id] = PackEntry(merged, name, source, pack_hash(merged), path,
                                     base=pool[base.id], own_hash=pack_hash(pack))
        infos = [replace(i, packs=(*i.packs, pack.id)) if i.name == name else i for i in infos]
    ordered = {pid: entries[pid] for pid in sorted(entries)}
    return Catalogue(MappingProxyType(ordered), tuple(infos), tuple(errors), tuple(cases),
                     MappingProxyType(policies), MappingProxyType(identities),
                     None if allowed is None else MappingProxyType(dict(allowed)),
                     MappingProxyType(dict(sorted(methods.items()))),
                     MappingProxyType(dict(sorted(direct.items()))))


def _overlay_errors(plugin: str, exc: OverlayError, source: str,
                    path: str) -> list[PluginError]:
    """An overlay's problems as the plugin's errors, each at its line of the overlay file
    when the pack was read from one."""
    text = ""
    if path:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            text = ""
    if not text:
        return [PluginError(plugin, "overlay", m, source if path else "")
                for m, _ in exc.problems]
    return [PluginError(plugin, "overlay", p.message, f"{p.file}:{p.line}")
            for p in located(exc.problems, text, source)]


def _not_allowed(who: Identity, allowed: Mapping[str, str]) -> Msg | None:
    """Why an allowlist keeps the plugin ``who`` out (None: it may load). anjian's own
    plugins are part of anjian and always load."""
    if who.builtin:
        return None
    sha256, why = who.hashed
    if sha256 is None:
        return Msg("plugin.unhashable", reason=why)
    if who.name not in allowed:
        return Msg("plugin.not_allowed", plugin=who.name, sha256=sha256)
    if allowed[who.name] != sha256:
        return Msg("plugin.changed", allowed=allowed[who.name][:16], installed=sha256[:16],
                   plugin=who.name, sha256=sha256)
    return None


def _guarded(plugin: str, name: str, policy: ColourPolicy) -> ColourPolicy:
    """A plugin's colour policy that, raising anything (``SystemExit`` too), refuses the
    command naming the plugin rather than ending the program with no word."""

    def guarded(facts: Sequence[HazardFact], today: dt.date) -> Colour:
        try:
            return policy(facts, today)
        except KeyboardInterrupt:
            raise
        except BaseException as exc:
            raise AnjianError("plugin.policy_raised", plugin=plugin, name=name,
                              error=_why(exc)) from None

    return guarded


def _names(raw: str | None) -> set[str] | None:
    """Comma-separated names; unset or blank means no list at all."""
    if raw is None or not raw.strip():
        return None
    return {n.strip() for n in raw.split(",") if n.strip()}


def _short(path: Any) -> str:
    p = Path(str(path))
    return f"{p.parent.name}/{p.name}" if p.parent.name else p.name


def _why(exc: BaseException) -> Msg | str:
    """The exception as Python words it (the plugin's own text), and where it was raised; a
    ``SystemExit`` said to be the plugin asking the program to end."""
    where = traceback.extract_tb(exc.__traceback__)
    error: Msg | str = type(exc).__name__ + (f": {exc}" if str(exc) else "")
    if isinstance(exc, SystemExit):
        error = Msg("plugin.exit", error=error)
    if not where:
        return error
    return Msg("plugin.raised_at", error=error,
               at=f"{Path(where[-1].filename).name}:{where[-1].lineno}")
