"""A new sector plugin from a template: ``anjian plugins new NAME``.

The result is a standalone, pip-installable package ``anjian-NAME`` that registers its packs
through the ``anjian`` entry points exactly as the built-in sectors do, with a starter pack
(every field commented), golden cases and a test file that reuses the plugin contract.
"""

from __future__ import annotations

import re
from pathlib import Path
from string import Template

from core.i18n import AnjianError, os_reason
from core.plugins.catalogue import Catalogue

NAME = re.compile(r"^[a-z][a-z0-9_]{1,39}$")

PYPROJECT = """\
[build-system]
requires = ["setuptools>=61"]
build-backend = "setuptools.build_meta"

[project]
name = "anjian-$dist"
version = "0.1.0"
description = "anjian sector plugin: $name checklists and major-hazard determination rules"
readme = "README.md"
requires-python = ">=3.11"
# Install into the environment anjian runs in (anjian itself is not fetched from an index).
dependencies = []

[project.optional-dependencies]
test = ["pytest>=8"]

# anjian finds plugins through the entry-point group "anjian": plugin name = module.
[project.entry-points.anjian]
$name = "anjian_$name"

[tool.setuptools.packages.find]
where = ["src"]

# The packs and golden cases are data files inside the package.
[tool.setuptools.package-data]
"*" = ["packs/*.yaml", "packs/cases/*.json"]

[tool.pytest.ini_options]
testpaths = ["tests"]
"""

MODULE = '''\
"""anjian plugin "$name": registers the packs in ``packs/`` and their golden cases.

Everything a determination needs is data in the pack files; this module only tells anjian
where they are. See anjian's docs/hooks.md for every hook a plugin can implement.
"""

from __future__ import annotations

from importlib.resources import files
from typing import TYPE_CHECKING

from core.plugins.hookspecs import hookimpl

if TYPE_CHECKING:
    from core.plugins.catalogue import PackRegistrar


@hookimpl
def register_packs(register: PackRegistrar) -> None:
    """Register every ``*.yaml`` pack in ``packs/`` and the cases in ``packs/cases/``."""
    register.pack_dir(files(__name__) / "packs")
'''

PACK = """\
# A pack: one official standard's checklist and its major-hazard (重大事故隐患) rules.
# Every field is described in anjian's docs/pack-format.md; check this file with
#   anjian packs check $packs_dir
# and anjian names the file, line and item of every problem.

id: $pack_id              # unique among installed packs; never change it once inspections use it
version: "0.1.0"          # raise it whenever anything here changes (inspections record it)
standard: "待填写：文号"   # the official document this pack encodes, e.g. 安监总管三〔2017〕121号
issuer: "待填写：发布机关"  # who issued it, e.g. 应急管理部
title_zh: "$name 重大事故隐患判定标准（草稿）"   # the official title in Chinese
title_en: "$name major-hazard determination (draft)"   # an English title
sector: $name             # the sector this pack belongs to
effective: 2026-01-01     # the date the standard takes effect (YYYY-MM-DD)

# Chapters or articles of the standard; each holds the items an inspector answers.
sections:
- id: S1                  # unique in the pack
  title_zh: 第一部分       # the chapter or article title as printed
  title_en: Part one      # the title in English
  items:                  # the checkable requirements (检查项) of this section
  # Answering an item 不符合 (noncompliant) means its situation exists on site. Guidance
  # says which answer to give in the runner's words, 答“不符合” / 答“符合”, never the
  # standard's 即符合本要素 ("the situation exists"), which reads as 符合 (anjian packs
  # check refuses it).
  - id: $prefix-01        # unique across all installed packs: prefix it with the pack's name
    clause: "（一）"        # the clause number as printed in the standard
    text_zh: 示例条款一：安全设施缺失。   # the official text, verbatim
    gloss_en: "Example item one: a safety device is missing."   # a faithful English gloss
    # how an inspector checks it, and which answer to give in the runner's words
    guidance_zh: 现场查看安全设施是否齐全有效，缺失或失效答“不符合”，齐全有效答“符合”。
    guidance_en: >-         # … and in English
      Look at the safety devices on site; answer "noncompliant" if one is missing or has
      failed, "compliant" if all are in place and working.
    evidence: [现场照片]    # what evidence to collect
    verification: unverified   # verified once the text is checked against a published copy
    verification_note: 示例条款，需替换为官方原文。   # why it is not (yet) verified
  - id: $prefix-02
    clause: "（二）"
    text_zh: 示例条款二：作业人员数量超过核定人数。
    gloss_en: "Example item two: more workers than the approved number."
    guidance_zh: 清点作业人员数量，与核定人数比较，超过核定人数即答“不符合”。
    guidance_en: >-
      Count the workers and compare with the approved number; answer "noncompliant" if
      there are more.
    evidence: [人员清点记录, 核定人数文件]
    verification: unverified
    verification_note: 示例条款，需替换为官方原文。
    measure:                # a measured value decides this item instead of a yes/no answer:
      quantity_zh: 作业人数   #   what is measured, in Chinese
      quantity_en: workers  #   … and in English
      unit: 人               #   its unit
      op: ">"               #   the hazard exists when value > limit (or >=, <, <=)
      limit: 1.0            #   the limit …
      relative: true        #   … as a factor of the approved value the finding gives

# Determination rules. direct (直接判定): any one counted item found is a major hazard.
# composite (综合判定): at least `threshold` counted items found is a major hazard.
rules:
- id: $prefix-R1
  kind: direct            # direct or composite (then add `threshold: N`)
  clause: 第二条           # where the standard states the rule
  text_zh: 存在下列情形之一的，应当判定为重大事故隐患。
  gloss_en: Any one of the following is a major hazard.
  sections: [S1]          # count every item of these sections (or list `items: [...]`)
"""

CASE_FIRES = """\
{
  "description": "Item $prefix-01 found: the direct rule fires, a major hazard.",
  "pack": "$pack_id",
  "findings": [
    {"item": "$prefix-01", "status": "noncompliant"},
    {"item": "$prefix-02", "status": "compliant"}
  ],
  "expect": {"verdict": "major", "fired": ["$prefix-R1"]}
}
"""

CASE_QUIET = """\
{
  "description": "Workers at exactly the approved number: not over it, no major hazard.",
  "pack": "$pack_id",
  "findings": [
    {"item": "$prefix-01", "status": "compliant"},
    {"item": "$prefix-02", "value": 10, "design": 10}
  ],
  "expect": {"verdict": "not_major", "fired": []}
}
"""

TEST = '''\
"""anjian's plugin contract, run over this plugin: it loads, its packs are complete, item ids
are unique, every golden case holds, and every rule both fires and stays quiet in some case."""

from core.plugins.contract import PluginContract


class TestContract(PluginContract):
    plugin = "$name"
'''

README = """\
# anjian-$dist

An anjian sector plugin: the **$name** checklist and its
major-hazard (重大事故隐患) determination rules.

| file | what it is |
|---|---|
| `src/anjian_$name/packs/$name.yaml` | the pack: items, rules, exceptions — every field commented |
| `src/anjian_$name/packs/cases/*.json` | golden cases: findings and the expected determination |
| `src/anjian_$name/__init__.py` | registers the packs with anjian (no need to change it) |
| `tests/test_$name.py` | anjian's plugin contract tests, run over this plugin |
| `pyproject.toml` | the package, and the `anjian` entry point that makes anjian find it |

Install it into the environment anjian runs in, then see, check and try the pack:

    pip install -e .
    anjian plugins list
    anjian packs check $name
    anjian packs try src/anjian_$name/packs

Run its tests (the same contract anjian runs over its own plugins):

    python -m pytest

Raise `version` in the pack whenever anything in it changes, guidance and evidence hints
included: inspections record the version and content hash of the pack they used, and the hash
covers the whole pack.
"""


def scaffold_files(name: str) -> dict[str, str]:
    """The files of a new plugin ``anjian-NAME``, by path relative to its folder."""
    values = {"name": name, "dist": name.replace("_", "-"), "pack_id": name.replace("_", "-"),
              "prefix": name.upper().replace("_", "-"),
              "packs_dir": f"src/anjian_{name}/packs"}
    pkg = f"src/anjian_{name}"
    layout = {
        "pyproject.toml": PYPROJECT,
        "README.md": README,
        f"{pkg}/__init__.py": MODULE,
        f"{pkg}/packs/{name}.yaml": PACK,
        f"{pkg}/packs/cases/fires.json": CASE_FIRES,
        f"{pkg}/packs/cases/quiet.json": CASE_QUIET,
        f"tests/test_{name}.py": TEST,
    }
    return {path: Template(text).substitute(values) for path, text in layout.items()}


def new_plugin(name: str, into: Path, catalogue: Catalogue | None = None) -> Path:
    """Write the plugin ``anjian-NAME`` into the folder ``into``; returns its folder.

    Refuses a name that is not a lowercase identifier, the name of an installed plugin, and a
    target folder that already exists (nothing is overwritten).
    """
    if not NAME.match(name):
        raise AnjianError("scaffold.bad_name", name=name)
    if catalogue is not None:
        taken = {p.name for p in catalogue.plugins} | {e.plugin for e in catalogue.errors}
        if name in taken or name.replace("_", "-") in catalogue.entries:
            raise AnjianError("scaffold.taken", name=name)
    folder = into / f"anjian-{name.replace('_', '-')}"
    if folder.exists():
        raise AnjianError("scaffold.exists", folder=folder)
    files = scaffold_files(name)
    try:
        for rel, text in files.items():
            path = folder / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise AnjianError("io.write", file=folder, reason=os_reason(exc)) from None
    return folder
