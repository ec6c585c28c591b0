"""docs/tutorial.md works as written, and builds exactly examples/anjian-fireworks.

The tutorial marks what this test does:

- a fenced block tagged ``console`` holds commands, one per line starting with ``$ ``;
- a fenced block whose info string has ``file=PATH`` is a file the reader writes, ``PATH``
  relative to the folder given to ``anjian plugins new … --dir``.

Commands and file writes run in document order, from a stand-in for the reader's ``anjian``
folder in a temporary directory, exactly as written except for these substitutions:

- ``.venv/bin/`` is the bin folder of the interpreter running this test;
- ``.venv/bin/pip install -q -e DIR`` must not change the environment under test, so it runs as
  ``python -m pip install -q --no-deps --no-build-isolation --target <tmp>/site DIR`` and
  ``<tmp>/site`` is put on ``PYTHONPATH`` for every later command. (Without the ``wheel``
  package, setuptools older than 70.1 cannot build offline; pip then builds in isolation.) That
  copy is not editable, so it is installed afresh whenever the plugin's files have changed since
  the last install: what the reader's editable install gives for free.
- a reader starts without the plugin, but the environment under test may already have it (CI
  installs examples/anjian-fireworks), and ``plugins new`` refuses an installed name: until
  the tutorial's own install, which then takes its place, it is hidden with
  ``ANJIAN_DISABLE_PLUGINS``.

Then: every command exited 0, ``packs list`` shows the pack, the plugin's own tests ran and
passed, anjian found the plugin through the copy in ``<tmp>/site``, and the plugin folder holds
the same files, byte for byte, as examples/anjian-fireworks.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

from .conftest import ROOT

TUTORIAL = ROOT / "docs" / "tutorial.md"
EXAMPLE = ROOT / "examples" / "anjian-fireworks"
BIN = Path(sys.executable).parent
VENV_BIN = ".venv/bin/"
#: Left behind by installing, building and testing; not part of the plugin.
LITTER = {"__pycache__", ".pytest_cache", "build", "dist"}

FENCE = re.compile(r"^```(?P<info>[^`\n]*)\n(?P<body>.*?)^```[ \t]*$", re.M | re.S)


@dataclass(frozen=True)
class Run:
    command: str


@dataclass(frozen=True)
class Write:
    path: str
    text: str


def steps(markdown: str) -> list[Run | Write]:
    """The commands and file writes the tutorial marks, in document order."""
    out: list[Run | Write] = []
    for block in FENCE.finditer(markdown):
        info, body = block["info"].split(), block["body"]
        if info[:1] == ["console"]:
            out += [Run(line[2:].strip()) for line in body.splitlines() if line.startswith("$ ")]
        files = [word.removeprefix("file=") for word in info if word.startswith("file=")]
        if files:
            out.append(Write(files[0], body))
    return out


def plugin_files(folder: Path) -> dict[str, bytes]:
    """The plugin's files by relative path, without installation and test litter."""
    found = {}
    for path in sorted(folder.rglob("*")):
        parts = path.relative_to(folder).parts
        if path.is_file() and not any(p in LITTER or p.endswith(".egg-info") for p in parts):
            found["/".join(parts)] = path.read_bytes()
    return found


def digest(folder: Path) -> str:
    h = hashlib.sha256()
    for name, data in plugin_files(folder).items() if folder.is_dir() else ():
        h.update(name.encode() + b"\0" + hashlib.sha256(data).digest())
    return h.hexdigest()


def offline_build() -> bool:
    """Whether the setuptools here can build a wheel without fetching anything."""
    major, minor = (int(p) for p in version("setuptools").split(".")[:2])
    return (major, minor) >= (70, 1) or importlib.util.find_spec("wheel") is not None


class Reader:
    """Runs the tutorial's steps the way a reader would, with the documented substitutions."""

    def __init__(self, tmp: Path) -> None:
        self.cwd = tmp / "anjian"  # the reader's anjian clone: every command runs here
        self.cwd.mkdir()
        self.site = tmp / "site"
        self.base: Path | None = None  # the folder given to `plugins new --dir`
        self.plugin_dirs: list[Path] = []  # what `pip install -e` installed
        self.installed_digest = ""
        self.env = {k: v for k, v in os.environ.items()
                    if k not in {"ANJIAN_PLUGINS", "ANJIAN_DISABLE_PLUGINS",
                                 "ANJIAN_DATABASE_URL", "PYTHONPATH"}}
        self.env["ANJIAN_HOME"] = str(tmp / "home")
        self.log: list[tuple[str, subprocess.CompletedProcess[str]]] = []

    def write(self, step: Write) -> None:
        assert self.base is not None, f"{step.path} is written before `plugins new --dir`"
        path = self.base / step.path
        assert path.resolve().is_relative_to(self.base.resolve()), step.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(step.text, encoding="utf-8")

    def run(self, step: Run) -> subprocess.CompletedProcess[str]:
        argv = shlex.split(step.command)
        anjian_env = argv[0].startswith(VENV_BIN)  # runs with what is installed
        if anjian_env:
            argv[0] = str(BIN / argv[0].removeprefix(VENV_BIN))
        if argv[1:3] == ["plugins", "new"] and "--dir" in argv:
            self.base = self.cwd / argv[argv.index("--dir") + 1]
            name = next(a for a in argv[3:] if not a.startswith("-"))
            if not self.plugin_dirs:
                self.env["ANJIAN_DISABLE_PLUGINS"] = name
        if Path(argv[0]).name == "pip" and argv[1:2] == ["install"] and "-e" in argv:
            self.plugin_dirs.append(self.cwd / argv[argv.index("-e") + 1])
            done = self.install()
        else:
            if anjian_env:
                self.refresh()
            done = self.call(argv)
        self.log.append((step.command, done))
        return done

    def install(self) -> subprocess.CompletedProcess[str]:
        """(Re)install every plugin the tutorial installed, into a fresh ``site``."""
        shutil.rmtree(self.site, ignore_errors=True)
        for folder in self.plugin_dirs:  # a stale build/ would bring back deleted files
            for litter in [folder / "build", *folder.glob("src/*.egg-info")]:
                shutil.rmtree(litter, ignore_errors=True)
        offline = offline_build()
        done = self.call([sys.executable, "-m", "pip", "install", "-q", "--no-deps",
                          *(["--no-build-isolation"] if offline else []),
                          "--target", str(self.site), *map(str, self.plugin_dirs)])
        if done.returncode and not offline:
            done.stderr += ("\n(pip built in isolation, fetching setuptools and wheel, because "
                            "this environment has no `wheel`: install it to build offline)")
        self.installed_digest = self.source_digest()
        self.env["PYTHONPATH"] = str(self.site)
        self.env.pop("ANJIAN_DISABLE_PLUGINS", None)
        return done

    def source_digest(self) -> str:
        return "".join(digest(d) for d in self.plugin_dirs)

    def refresh(self) -> None:
        if self.plugin_dirs and self.source_digest() != self.installed_digest:
            done = self.install()
            assert done.returncode == 0, f"reinstalling failed:\n{done.stdout}{done.stderr}"

    def call(self, argv: list[str]) -> subprocess.CompletedProcess[str]:
        return subprocess.run(argv, cwd=self.cwd, env=self.env, capture_output=True, text=True,
                              timeout=180, check=False)


def test_the_tutorial_builds_the_example(tmp_path: Path) -> None:
    todo = steps(TUTORIAL.read_text(encoding="utf-8"))
    commands = [s.command for s in todo if isinstance(s, Run)]
    assert any(" plugins new " in c for c in commands), "the tutorial never scaffolds"
    assert any(re.search(r"pip install .*-e ", c) for c in commands), "… never installs"
    written = [s.path for s in todo if isinstance(s, Write)]
    assert "anjian-fireworks/src/anjian_fireworks/packs/fireworks.yaml" in written

    reader = Reader(tmp_path)
    for step in todo:
        if isinstance(step, Write):
            reader.write(step)
            continue
        done = reader.run(step)
        assert done.returncode == 0, (f"$ {step.command}\nexit {done.returncode}\n"
                                      f"{done.stdout}\n{done.stderr}")

    listings = [d.stdout for c, d in reader.log if re.search(r"anjian\b.* packs list", c)]
    assert listings and "fireworks-2017" in listings[-1], listings
    tests = [d.stdout for c, d in reader.log if " -m pytest " in c]
    assert tests and re.search(r"\b[1-9]\d* passed", tests[-1]), tests

    # anjian found the plugin through the copy pip put in <tmp>/site.
    found = reader.call([sys.executable, "-c",
                         "from core.plugins.catalogue import discover\n"
                         "ep = next(e for e in discover() if e.name == 'fireworks')\n"
                         "print(ep.load().__file__)"])
    assert found.returncode == 0, found.stderr
    assert Path(found.stdout.strip()).is_relative_to(reader.site), found.stdout

    # The plugin the reader ends up with is the example, file for file and byte for byte.
    assert reader.base is not None
    built, example = plugin_files(reader.base / "anjian-fireworks"), plugin_files(EXAMPLE)
    assert sorted(built) == sorted(example), (
        "the tutorial's plugin and examples/anjian-fireworks have different files: rebuild the "
        "example from `anjian plugins new fireworks` plus the files docs/tutorial.md writes")
    for name in written:
        rel = name.removeprefix("anjian-fireworks/")
        assert built[rel] == example[rel], f"docs/tutorial.md writes {name} unlike the example"
    differ = [name for name in built if built[name] != example[name]]
    assert differ == [], (f"the scaffold now writes {differ} unlike examples/anjian-fireworks: "
                          "copy them from a fresh `anjian plugins new fireworks`")
