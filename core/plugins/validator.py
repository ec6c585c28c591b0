"""The pack validator a sector expert runs before shipping: ``anjian packs check PATH|PLUGIN``.

It runs the plugin contract (:mod:`core.plugins.contract`) over a draft folder or an installed
plugin, beside every other installed plugin, and adds what only an author needs to know: ids that
changed against the installed version, predecessors that name no item, rules without golden
cases. Every problem names the file and line to fix. Errors fail the check; warnings do not,
unless the author asks for ``strict``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Literal

from core.pack.loader import id_lines
from core.plugins import contract
from core.plugins.catalogue import Catalogue, PackEntry, PackRegistrar, build_catalogue, skipped
from core.plugins.hookspecs import hookimpl

Level = Literal["error", "warning"]
DRAFT = "<draft>"


@dataclass(frozen=True)
class Issue:
    """One problem: where (``file:line`` when known) and what."""

    level: Level
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.level}: {self.message}" if self.where else \
            f"{self.level}: {self.message}"


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
    draft = build_catalogue([], objects={DRAFT: _Draft(path)})
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
            return Report(target, issues=[Issue("error", target, "no *.yaml pack file here")])
        return _check(draft_catalogue(path), DRAFT, target, contract.installed())
    cat = contract.installed()
    left_out = dict(skipped())
    if target in left_out:
        return Report(target, issues=[Issue(
            "error", "", f"plugin '{target}' is installed but left out by {left_out[target]}")])
    if not any(p.name == target for p in cat.plugins) and \
            not any(e.plugin == target for e in cat.errors):
        known = ", ".join(p.name for p in cat.plugins) or "-"
        return Report(target, issues=[Issue(
            "error", "", f"'{target}' is neither a file or folder nor an installed plugin "
            f"(installed: {known}); install a new plugin first (pip install -e FOLDER) or "
            "give the folder of its pack files")])
    return _check(build_catalogue(full_paths=True), target, target, None)


def _check(cat: Catalogue, plugin: str, target: str, installed: Catalogue | None) -> Report:
    packs = contract.plugin_packs(cat, plugin)
    report = Report(target, packs, len(contract.plugin_cases(cat, plugin)), catalogue=cat)
    where = _Locator(packs)
    add = report.issues.append
    for err in cat.errors:
        if err.plugin == plugin:
            located = _AT.match(err.message) if err.stage == "pack" else None
            add(Issue("error", located[1], located[2]) if located
                else Issue("error", "", str(err) if plugin != DRAFT else err.message))
    if not packs:
        if not report.issues:
            add(Issue("error", "", "no pack loaded"))
        return report
    for msg in contract.unique_id_problems(cat, plugin):
        add(Issue("error", where(msg), msg))
    for msg in contract.predecessor_problems(cat, plugin):
        pid, _, rest = msg.partition(": ")
        add(Issue("error", where(rest, cat.entries[pid]), rest))
    for entry in packs:
        for msg in contract.completeness_problems(entry.pack):
            add(Issue("error", where(msg, entry), msg.removeprefix(f"{entry.pack.id}: ")))
        if installed is not None and (old := installed.get(entry.pack.id)) is not None:
            for level, msg in _stability_problems(old, entry):
                add(Issue(level, where(msg, entry), msg))
    if not report.cases:
        add(Issue("warning", "", "no golden cases (put example findings with the expected "
                  "determination in cases/*.json beside the pack; see core/pack/cases.py)"))
    for msg in contract.case_problems(cat, plugin):
        file, _, rest = msg.partition(": ")
        add(Issue("error", file, rest))
    for msg in contract.coverage_problems(cat, plugin):
        owner = next((e for e in packs if msg.startswith(e.pack.id + ": ")), None)
        add(Issue("warning", where(msg, owner),
                  msg.removeprefix(f"{owner.pack.id}: " if owner else "")))
    return report


def _stability_problems(old: PackEntry, new: PackEntry) -> list[tuple[Level, str]]:
    """Item ids of the installed version that the draft drops: inspections recorded under them
    would no longer find their items."""
    kept = {i.id for i in new.pack.items()}
    gone = [i.id for i in old.pack.items() if i.id not in kept]
    if not gone:
        return []
    if old.pack.version == new.pack.version:
        return [("error", f"item {i} of the installed version {old.pack.version} is gone but "
                 "the version is unchanged; raise 'version' (inspections record it)")
                for i in gone]
    return [("warning", f"item {i} of the installed version {old.pack.version} is gone; "
             "findings recorded under it will not carry over") for i in gone]


_AT = re.compile(r"^(\S+:\d+): (.*)$", re.S)
_REF = re.compile(r"\b(item|rule|section|exception)(?: id)? ([A-Za-z0-9][A-Za-z0-9_.\-]*)")


class _Locator:
    """``file:line`` of the object a message names, within the packs' files."""

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

    def __call__(self, message: str, entry: PackEntry | None = None) -> str:
        candidates = [entry.pack.id] if entry else list(self.lines)
        for m in _REF.finditer(message):
            for pid in candidates:
                line = self.lines[pid].get((m[1], m[2]))
                if line:
                    return f"{self.paths[pid]}:{line}"
        return self.paths[entry.pack.id] if entry else ""
