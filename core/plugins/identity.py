"""Which code a plugin is: its distribution, its version and a SHA-256 of its files, found
without importing it, so that a plugin a database does not allow never runs.

**The code hash.** A plugin's code is the folder of the package its entry point's module
belongs to: the top-level package (``anjian_fireworks`` for ``anjian_fireworks.hooks:plugin``)
or, when that is a namespace package, the first regular package below it on the module's path
(``acme/sector`` for ``acme.sector.hooks``); a plugin that is a single module is that one
file. Every file below that folder counts, at any depth, links followed, except what lies in a
``__pycache__`` folder (Python's own cache, rewritten as it pleases). Each file is named by its
path from the folder the package sits in, ``/``-separated and starting with the package's own
path (``anjian_fireworks/packs/fireworks.yaml``), and has the SHA-256 of its content (hex). The
plugin's hash is the SHA-256 of the UTF-8 lines ``path NUL hex LF``, one a file, sorted by
path. It is computed from the files, not from the distribution's ``RECORD``: an editable
install (``pip install -e``) has none for its source, and ``RECORD`` lists what was installed,
not what is there now.

The hash covers the plugin's own package, not what it imports from elsewhere, and it is read
before the plugin is imported: it says which code an administrator allowed, it is no sandbox.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
from dataclasses import dataclass, field
from functools import cached_property
from importlib.machinery import ModuleSpec
from importlib.metadata import EntryPoint
from pathlib import Path

from core.i18n import Msg, os_reason

#: anjian's own sector plugins: the ``plugins`` package beside ``core``.
BUILTIN_ROOT = Path(__file__).resolve().parents[2] / "plugins"
#: The distribution anjian itself is installed as.
ANJIAN = "anjian"

_CHUNK = 1 << 20


@dataclass(frozen=True)
class Code:
    """Where a plugin's code lies: the package's folder (or the module's file) and the path it
    is named by in the hash (``acme/sector``, ``broken_hook.py``)."""

    path: Path
    name: str

    def sha256(self) -> str:
        """The code hash (see the module's docstring); an :class:`OSError` when a file cannot
        be read."""
        files = [(self.name, self.path)] if self.path.is_file() else sorted(_walk(self))
        outer = hashlib.sha256()
        for name, path in files:
            inner = hashlib.sha256()
            with path.open("rb") as fh:
                while chunk := fh.read(_CHUNK):
                    inner.update(chunk)
            outer.update(f"{name}\0{inner.hexdigest()}\n".encode())
        return outer.hexdigest()


def _walk(code: Code) -> list[tuple[str, Path]]:
    """Every file below the package's folder, with its name in the hash."""
    out: list[tuple[str, Path]] = []
    seen: set[str] = set()
    for folder, dirs, files in os.walk(code.path, followlinks=True, onerror=_raise):
        real = os.path.realpath(folder)
        if real in seen:  # a link back up the tree: its files are counted once
            dirs.clear()
            continue
        seen.add(real)
        dirs[:] = [d for d in dirs if d != "__pycache__"]
        rel = Path(folder).relative_to(code.path).as_posix()
        prefix = code.name if rel == "." else f"{code.name}/{rel}"
        for f in files:
            path = Path(folder, f)
            if path.is_file():  # not a broken link, a socket, a pipe
                out.append((f"{prefix}/{f}", path))
    return out


def _raise(exc: OSError) -> None:
    raise exc


@dataclass(frozen=True)
class Identity:
    """A plugin as installed, before it is imported: its entry point, its distribution and
    version, whether it is anjian's own, and where its code lies."""

    name: str
    module: str
    distribution: str
    version: str
    builtin: bool
    code: Code | None = None
    #: Why the code could not be found (None when it was, or for anjian's own plugins).
    lost: Msg | None = field(default=None, compare=False)

    @cached_property
    def hashed(self) -> tuple[str | None, Msg | None]:
        """(the code hash, None) or (None, why it cannot be computed); computed once, on
        first use (``plugins list``, or a database with an allowlist)."""
        if self.code is None:
            return None, self.lost or Msg("plugin.code_unknown", module=self.module)
        try:
            return self.code.sha256(), None
        except OSError as exc:
            return None, Msg("plugin.code_unreadable", reason=os_reason(exc))

    @property
    def sha256(self) -> str | None:
        """The code hash (None for anjian's own plugins, or when it cannot be computed)."""
        return None if self.builtin else self.hashed[0]


def identify(ep: EntryPoint) -> Identity:
    """The identity of the plugin behind ``ep``, without importing it."""
    dist = ep.dist
    distribution = str(dist.metadata["Name"] or "") if dist is not None else ""
    version = dist.version if dist is not None else ""
    try:
        code = locate(ep.module)
    except Exception as exc:  # a finder's own error: the code is not where it could be read
        return Identity(ep.name, ep.value, distribution, version, False, None,
                        Msg("plugin.code_unknown", module=f"{ep.module} ({exc})"))
    builtin = (distribution == ANJIAN and code is not None
               and _within(code.path, BUILTIN_ROOT))
    return Identity(ep.name, ep.value, distribution, version, builtin, code)


def locate(module: str) -> Code | None:
    """Where the code of ``module``'s plugin lies (see the module's docstring), found
    through the import system's finders; None when it is not in files (a zip, a built-in
    module) or not found. Only namespace packages, which hold no code, are imported."""
    parts = module.split(".")
    for n in range(1, len(parts) + 1):
        name = ".".join(parts[:n])
        spec = importlib.util.find_spec(name)
        if spec is None:
            return None
        if not _namespace(spec):
            path = _file(spec)
            if path is None:
                return None
            if spec.submodule_search_locations is not None:  # a regular package
                return Code(path.parent, "/".join(parts[:n]))
            return Code(path, "/".join([*parts[:n - 1], path.name]))
    return None


def _namespace(spec: ModuleSpec) -> bool:
    return spec.origin is None and spec.submodule_search_locations is not None


def _file(spec: ModuleSpec) -> Path | None:
    if not spec.has_location or spec.origin is None:
        return None
    path = Path(spec.origin)
    return path if path.is_file() else None


def _within(path: Path, folder: Path) -> bool:
    try:
        return path.resolve().is_relative_to(folder)
    except OSError:
        return False
