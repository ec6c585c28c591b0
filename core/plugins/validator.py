"""The pack validator a sector expert runs before shipping: ``anjian packs check PATH|PLUGIN``.

It runs the plugin contract (:mod:`core.plugins.contract`) over a draft folder or an installed
plugin, beside every other installed plugin, and adds what only an author needs to know: ids that
changed against the installed version, predecessors that name no item, links to another pack's
items (构成) that name no installed pack or item, rules without golden cases. Every problem names
the file and line to fix. Errors fail the check; warnings do not, unless the author asks for
``strict``. An issue's message is a catalogue message, worded in the reader's language by
:meth:`Issue.render`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Literal

from core.i18n import Lang, Msg, t
from core.pack.loader import id_lines
from core.plugins import contract
from core.plugins.catalogue import Catalogue, PackEntry, PackRegistrar, build_catalogue, skipped
from core.plugins.hookspecs import hookimpl

Level = Literal["error", "warning"]
DRAFT = "<draft>"


@dataclass(frozen=True)
class Issue:
    """One problem: where (``file:line`` when known) and what (a catalogue message)."""

    level: Level
    where: str
    message: Msg

    def render(self, lang: Lang = "en") -> str:
        """``where: level: message`` in ``lang``."""
        level = t(f"level.{self.level}", lang)
        text = self.message.render(lang)
        return f"{self.where}: {level}: {text}" if self.where else f"{level}: {text}"

    def __str__(self) -> str:
        return self.render("en")


@dataclass
class Report:
    """What a check found, and what it looked at."""

    target: str
    packs: list[PackEntry] = field(default_factory=list)
    cases: int = 0
    issues: list[Issue] = field(default_factory=list)
    #: What was checked: the installed catalogue, with the draft in it when one was checked
    catalogue: Catalogue | None = None

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.level == "error"]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if i.level == "warning"]

    def ok(self, strict: bool = False) -> bool:
        return not self.errors and not (strict and self.warnings)


class _Draft:
    """A pack folder or file that is not installed, loaded as if it were a plugin."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @hookimpl
    def register_packs(self, register: PackRegistrar) -> None:
        register.full_paths = True
        if self.path.is_dir():
            register.pack_dir(self.path)
            return
        register.pack_file(self.path)
        if (self.path.parent / "cases").is_dir():
            # Only the cases about this file's pack: its siblings are not being checked.
            ids = {pack.id for pack, _, _ in register.packs}
            before = len(register.cases)
            register.cases_dir(self.path.parent / "cases")
            register.cases[before:] = [c for c in register.cases[before:]
                                       if c.case is None or ids & set(c.case.pack_ids)]


def draft_catalogue(path: Path) -> Catalogue:
    """The installed catalogue with the draft at ``path`` added as plugin ``<draft>``; an
    installed pack with an id the draft provides is left out (the draft replaces it, as it
    will once installed), the installing plugin's other packs stay."""
    installed = contract.installed()
    draft = build_catalogue([], objects={DRAFT: _Draft(path)}, bases=installed.entries)
    entries = {pid: e for pid, e in installed.entries.items() if pid not in draft.entries}
    entries.update(draft.entries)
    return Catalogue(MappingProxyType(dict(sorted(entries.items()))),
                     installed.plugins + draft.plugins, installed.errors + draft.errors,
                     installed.cases + draft.cases, installed.colour_policies)


def check(target: str) -> Report:
    """Validate a pack file or folder (a path) or an installed plugin (a name)."""
    path = Path(target)
    if path.exists():
        if path.is_dir() and not any(path.glob("*.yaml")):
            return Report(target, issues=[Issue("error", target, Msg("check.no_yaml"))])
        return _check(draft_catalogue(path), DRAFT, target, contract.installed())
    cat = contract.installed()
    left_out = dict(skipped())
    if target in left_out:
        return Report(target, issues=[Issue(
            "error", "", Msg("check.left_out", plugin=target, var=left_out[target]))])
    if not any(p.name == target for p in cat.plugins) and \
            not any(e.plugin == target for e in cat.errors):
        known = ", ".join(p.name for p in cat.plugins) or "-"
        return Report(target, issues=[Issue(
            "error", "", Msg("check.unknown_target", target=target, known=known))])
    return _check(build_catalogue(full_paths=True), target, target, None)


def _check(cat: Catalogue, plugin: str, target: str, installed: Catalogue | None) -> Report:
    packs = contract.plugin_packs(cat, plugin)
    report = Report(target, packs, len(contract.plugin_cases(cat, plugin)), catalogue=cat)
    where = _Locator(packs)
    add = report.issues.append
    for err in cat.errors:
        if err.plugin == plugin:
            if err.where:  # a pack file's problem, at its line
                add(Issue("error", err.where, err.problem()))
            else:
                add(Issue("error", "", err.as_msg() if plugin != DRAFT else err.detail_msg()))
    if not packs:
        if not report.issues:
            add(Issue("error", "", Msg("check.no_pack")))
        return report
    for msg in contract.unique_id_problems(cat, plugin):
        add(Issue("error", where(msg), msg))
    for msg in contract.predecessor_problems(cat, plugin):
        pid, inner = _unwrap(msg, "contract.in_pack", "pack")
        add(Issue("error", where(inner, cat.entries.get(pid or "")), inner))
    for msg in contract.link_problems(cat, plugin):
        pid, inner = _unwrap(msg, "contract.in_pack", "pack")
        add(Issue("error", where(inner, cat.entries.get(pid or "")), inner))
    for entry in packs:
        for msg in [*contract.completeness_problems(entry.pack),
                    *contract.guidance_problems(entry.pack)]:
            _, inner = _unwrap(msg, "contract.in_pack", "pack")
            add(Issue("error", where(inner, entry), inner))
        if installed is not None and (old := installed.get(entry.pack.id)) is not None:
            for level, msg in _stability_problems(old, entry):
                add(Issue(level, where(msg, entry), msg))
    if not report.cases:
        add(Issue("warning", "", Msg("check.no_cases")))
    for msg in contract.case_problems(cat, plugin):
        file, inner = _unwrap(msg, "case.in_file", "file")
        add(Issue("error", file or "", inner))
    for msg in contract.coverage_problems(cat, plugin):
        pid, inner = _unwrap(msg, "contract.in_pack", "pack")
        owner = next((e for e in packs if e.pack.id == pid), None)
        add(Issue("warning", where(inner, owner), inner))
    return report


def _unwrap(msg: Msg, key: str, param: str) -> tuple[str | None, Msg]:
    """For a message ``key`` (``<param>: <problem>``): the param's value and the problem; for
    any other message, None and the message itself."""
    if msg.key == key and isinstance(msg.params.get("problem"), Msg):
        return str(msg.params[param]), msg.params["problem"]
    return None, msg


def _stability_problems(old: PackEntry, new: PackEntry) -> list[tuple[Level, Msg]]:
    """Item ids of the installed version that the draft drops: inspections recorded under them
    would no longer find their items."""
    kept = {i.id for i in new.pack.items()}
    gone = [i.id for i in old.pack.items() if i.id not in kept]
    if not gone:
        return []
    if old.pack.version == new.pack.version:
        return [("error", Msg("check.item_gone_same_version", item=i, version=old.pack.version))
                for i in gone]
    return [("warning", Msg("check.item_gone", item=i, version=old.pack.version))
            for i in gone]


#: The parameters that name a pack object a message is about, as id_lines names their kinds.
_REF_PARAMS = ("item", "rule", "section", "exception")


class _Locator:
    """``file:line`` of the object a message names (by its ``item``, ``rule``, ``section`` or
    ``exception`` parameter), within the packs' files."""

    def __init__(self, packs: Iterable[PackEntry]) -> None:
        self.lines: dict[str, dict[tuple[str, str], int]] = {}
        self.paths: dict[str, str] = {}
        for e in packs:
            self.paths[e.pack.id] = e.path or e.source
            try:
                text = Path(e.path).read_text(encoding="utf-8") if e.path else ""
            except OSError:
                text = ""
            self.lines[e.pack.id] = id_lines(text)

    def __call__(self, message: Msg, entry: PackEntry | None = None) -> str:
        candidates = [entry.pack.id] if entry else list(self.lines)
        for kind, ident in message.params.items():
            if kind not in _REF_PARAMS:
                continue
            for pid in candidates:
                line = self.lines[pid].get((kind, str(ident)))
                if line:
                    return f"{self.paths[pid]}:{line}"
        return self.paths[entry.pack.id] if entry else ""
