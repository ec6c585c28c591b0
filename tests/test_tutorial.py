"""docs/tutorial.md works as written, and builds exactly examples/anjian-fireworks.

The tutorial marks what this test does:

- a fenced block tagged ``console`` holds commands, one per line starting with ``$ ``;
- a fenced block whose info string has ``file=PATH`` is a file the reader writes, ``PATH``
  relative to the folder given to ``anjian plugins new … --dir``;
- a table right under ``<!-- cells BOOK SHEET -->`` is what the reader types into the sheet
  ``SHEET`` of the workbook ``BOOK`` (relative to the ``anjian`` folder) and saves: each row
  into the next empty row, each value under the column the workbook heads with the table's
  header (on the 检查表 sheet, each 值 beside its 字段), as a spreadsheet takes what is typed
  (digits become numbers, ``YYYY-MM-DD`` a date, ``<br>`` a line break within the cell).

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
the same files, byte for byte, as examples/anjian-fireworks. Part two (a checklist and an
overlay written from the template, no YAML) ended in both packs as its workbooks say, installed,
evaluated together with the official pack, and its plugin's tests passed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.util
import os
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any

import pytest
import yaml
from openpyxl import load_workbook

from .conftest import ROOT

TUTORIAL = ROOT / "docs" / "tutorial.md"
EXAMPLE = ROOT / "examples" / "anjian-fireworks"
BIN = Path(sys.executable).parent
VENV_BIN = ".venv/bin/"
#: Left behind by installing, building and testing; not part of the plugin.
LITTER = {"__pycache__", ".pytest_cache", "build", "dist"}

FENCE = re.compile(r"^```(?P<info>[^`\n]*)\n(?P<body>.*?)^```[ \t]*$", re.M | re.S)
CELLS = re.compile(r"^<!-- cells (?P<book>\S+) (?P<sheet>\S+) -->\n(?P<table>(?:\|.*\n)+)", re.M)


@dataclass(frozen=True)
class Run:
    command: str


@dataclass(frozen=True)
class Write:
    path: str
    text: str


@dataclass(frozen=True)
class Cells:
    book: str
    sheet: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


Step = Run | Write | Cells


def steps(markdown: str) -> list[Step]:
    """The commands, file writes and cells to type the tutorial marks, in document order."""
    found: list[tuple[int, list[Step]]] = []
    for block in FENCE.finditer(markdown):
        info, body = block["info"].split(), block["body"]
        out: list[Step] = []
        if info[:1] == ["console"]:
            out += [Run(line[2:].strip()) for line in body.splitlines() if line.startswith("$ ")]
        files = [word.removeprefix("file=") for word in info if word.startswith("file=")]
        if files:
            out.append(Write(files[0], body))
        found.append((block.start(), out))
    for table in CELLS.finditer(markdown):
        lines = [_cells(line) for line in table["table"].splitlines()]
        assert set("".join(lines[1])) <= set("-:"), f"no header row above {lines[1]}"
        found.append((table.start(), [Cells(table["book"], table["sheet"], lines[0],
                                            tuple(lines[2:]))]))
    return [step for _, out in sorted(found, key=lambda f: f[0]) for step in out]


def _cells(line: str) -> tuple[str, ...]:
    """The cells of a Markdown table row, ``<br>`` as a line break."""
    return tuple(c.strip().replace("<br>", "\n") for c in line.strip().strip("|").split("|"))


def typed(text: str) -> Any:
    """What a spreadsheet keeps of ``text`` typed into a cell (format General): a number for
    digits, a date for YYYY-MM-DD, nothing for nothing."""
    if not text:
        return None
    if re.fullmatch(r"-?\d+", text):
        return int(text)
    if re.fullmatch(r"-?\d+\.\d+", text):
        return float(text)
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return dt.datetime.fromisoformat(text)
    return text


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

    def type(self, step: Cells) -> None:
        """Type the rows into the workbook, as a person would, and save it."""
        path = self.cwd / step.book
        wb = load_workbook(path)
        ws = wb[step.sheet]
        heads = [c.value for c in ws[1]]
        if step.header[:2] == ("字段", "值"):  # the pack sheet: each value beside its field
            fields = [c.value for c in ws["A"]]
            for field, value in step.rows:
                ws.cell(row=fields.index(field) + 1, column=2).value = typed(value)
        else:
            columns = [heads.index(h) + 1 for h in step.header]
            row = max((c.row for r in ws.iter_rows() for c in r if c.value is not None),
                      default=1) + 1
            for values in step.rows:
                for column, value in zip(columns, values, strict=True):
                    ws.cell(row=row, column=column).value = typed(value)
                row += 1
        wb.save(path)

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


@pytest.fixture(scope="module")
def walked(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[list[Step], Reader]]:
    """The tutorial, every step done in order as written."""
    todo = steps(TUTORIAL.read_text(encoding="utf-8"))
    reader = Reader(tmp_path_factory.mktemp("tutorial"))
    for step in todo:
        if isinstance(step, Write):
            reader.write(step)
        elif isinstance(step, Cells):
            reader.type(step)
        else:
            done = reader.run(step)
            assert done.returncode == 0, (f"$ {step.command}\nexit {done.returncode}\n"
                                          f"{done.stdout}\n{done.stderr}")
    yield todo, reader


def test_the_tutorial_builds_the_example(walked: tuple[list[Step], Reader]) -> None:
    todo, reader = walked
    commands = [s.command for s in todo if isinstance(s, Run)]
    assert any(" plugins new " in c for c in commands), "the tutorial never scaffolds"
    assert any(re.search(r"pip install .*-e ", c) for c in commands), "… never installs"
    written = [s.path for s in todo if isinstance(s, Write)]
    assert "anjian-fireworks/src/anjian_fireworks/packs/fireworks.yaml" in written

    listings = [d.stdout for c, d in reader.log if re.search(r"anjian\b.* packs list", c)]
    assert listings and "fireworks-2017" in listings[-1], listings
    tests = [d.stdout for c, d in reader.log if " -m pytest " in c]
    assert tests and re.search(r"\b[1-9]\d* passed", tests[0]), tests

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
        if not name.startswith("anjian-fireworks/"):
            continue
        rel = name.removeprefix("anjian-fireworks/")
        assert built[rel] == example[rel], f"docs/tutorial.md writes {name} unlike the example"
    differ = [name for name in built if built[name] != example[name]]
    assert differ == [], (f"the scaffold now writes {differ} unlike examples/anjian-fireworks: "
                          "copy them from a fresh `anjian plugins new fireworks`")


def test_part_two_writes_a_checklist_and_an_overlay_from_the_template(
        walked: tuple[list[Step], Reader]) -> None:
    todo, reader = walked
    second = next(n for n, s in enumerate(todo)
                  if isinstance(s, Run) and " plugins new yejin " in f" {s.command} ")
    part = todo[second:]
    # no YAML: the reader types cells and writes only JSON (golden cases, findings)
    assert {s.book for s in part if isinstance(s, Cells)} == {"冶金通用检查表.xlsx",
                                                               "有限空间本市补充.xlsx"}
    assert all(s.path.endswith(".json") for s in part if isinstance(s, Write))
    assert any(isinstance(s, Run) and " export pack --blank " in f" {s.command} " for s in part)
    assert reader.base is not None
    packs = reader.base / "anjian-yejin" / "src" / "anjian_yejin" / "packs"
    assert sorted(p.name for p in packs.glob("*.yaml")) == ["city_confined_example.yaml",
                                                            "yejin_general.yaml"]
    checklist = yaml.safe_load((packs / "yejin_general.yaml").read_text(encoding="utf-8"))
    assert "rules" not in checklist
    items = {i["id"]: i for s in checklist["sections"] for i in s["items"]}
    assert list(items) == ["YJ-01", "YJ-02", "YJ-03", "YJ-04"]
    assert items["YJ-02"]["constitutes"][0] | {"note": ""} == {
        "pack": "it-2023", "item": "IT-2023-A03-02", "note": ""}
    assert [c["id"] for c in items["YJ-03"]["checks"]] == ["1", "2"]
    assert items["YJ-04"]["measure"] | {"quantity_zh": ""} == {
        "quantity_zh": "", "quantity_en": "fixed CO detectors", "unit": "台", "op": "<",
        "limit": 2.0, "wording": "少于"}
    assert items["YJ-01"]["evidence"] == ["安全生产责任制文件", "岗位安全职责清单"]
    overlay = yaml.safe_load((packs / "city_confined_example.yaml").read_text(encoding="utf-8"))
    assert overlay["extends"] == "it-2023-confined-space@2023.1"
    assert overlay["campaign"] == {"training_days": 5}
    assert overlay["amend"][0]["item"] == "IT-2023-A13-02"
    assert overlay["amend"][0]["deadline_days"] == 15
    assert overlay["sections"][0]["items"][0]["deadline_days"] == 7

    log = reader.log[next(n for n, (c, _) in enumerate(reader.log)
                          if " plugins new yejin " in f" {c} "):]
    listing = [d.stdout for c, d in log if c.endswith(" packs list")]
    assert listing and "yejin-general" in listing[-1]
    assert "city-confined-example" in listing[-1]
    evaluated = [d.stdout for c, d in log if " evaluate " in f" {c} "]
    assert evaluated, "part two never evaluates"
    assert "一般事故隐患 (3): 示例第2条, 示例第3条, 示例第4条" in evaluated[-1]
    assert "第三条第（二）项 ← 教程示例，非正式发布 示例第2条" in evaluated[-1]
    assert evaluated[-1].rstrip().endswith("总体结论: 重大事故隐患")
    tests = [d.stdout for c, d in log if " -m pytest " in c]
    assert tests and re.search(r"\b[1-9]\d* passed", tests[-1]), tests
