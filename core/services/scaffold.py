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
description = "anjian sector plugin: $what"
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
      wording: 超过          #   the text's limit word: 以上/以下/以内/届满 include the number,
                            #   超过/不满/以外 exclude it (民法典 第1259条); op must agree
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

CHECKLIST = """\
# A checklist pack (检查表): a sector's general requirements, with no major-hazard rules.
# Its noncompliant findings are general hazards (一般事故隐患) with their clause; it never
# determines a major hazard by itself. Every field is described in anjian's
# docs/pack-format.md; check this file with
#   anjian packs check $packs_dir
# and anjian names the file, line and item of every problem.

id: $pack_id              # unique among installed packs; never change it once inspections use it
version: "0.1.0"          # raise it whenever anything here changes (inspections record it)
standard: "待填写：文号或标准号"   # the document this checklist encodes, e.g. GB 30871-2022
issuer: "待填写：发布机关"  # who issued it, e.g. 国家市场监督管理总局
title_zh: "$name 检查表（草稿）"   # the official title in Chinese
title_en: "$name checklist (draft)"   # an English title
sector: $name             # the sector this pack belongs to
effective: 2026-01-01     # the date the document takes effect (YYYY-MM-DD)

# Chapters or articles of the document; each holds the items an inspector answers.
sections:
- id: S1                  # unique in the pack
  title_zh: 一般要求       # the chapter or article title as printed
  title_en: General requirements   # the title in English
  items:                  # the checkable requirements (检查项) of this section
  # Answering an item 不符合 (noncompliant) means its situation exists on site: a general
  # hazard under the item's clause. Guidance says which answer to give in the runner's
  # words, 答“不符合” / 答“符合”.
  - id: $prefix-01        # unique across all installed packs: prefix it with the pack's name
    clause: "4.1"          # the clause number as printed
    text_zh: 示例条款一：未建立安全管理制度。   # the official text, verbatim
    gloss_en: "Example item one: no safety management rules in place."   # an English gloss
    guidance_zh: 查阅安全管理制度文件，未建立或未发布答“不符合”，已建立并发布答“符合”。
    guidance_en: >-         # … and in English
      Read the safety management rules; answer "noncompliant" if none are in place,
      "compliant" if they are issued.
    evidence: [制度文件]    # what evidence to collect
    verification: unverified   # verified once the text is checked against a published copy
    verification_note: 示例条款，需替换为官方原文。   # why it is not (yet) verified
    # An item whose finding is, in law, an item of an official pack (构成) says so; the
    # official pack's determination then counts it and names both items, e.g.
    #   constitutes: [{pack: chem-2017, item: CHEM-2017-18, note: 制度未有效执行}]
  - id: $prefix-02
    clause: "4.2"
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
      wording: 超过          #   the text's limit word: 以上/以下/以内/届满 include the number,
                            #   超过/不满/以外 exclude it (民法典 第1259条); op must agree
      limit: 1.0            #   the limit …
      relative: true        #   … as a factor of the approved value the finding gives
# No `rules:`: a checklist's findings are general hazards. A pack that determines major
# hazards has rules instead (anjian plugins new NAME, without --checklist).
"""

CHECKLIST_FOUND = """\
{
  "description": "Item $prefix-01 found: a general hazard; a checklist never says major.",
  "pack": "$pack_id",
  "findings": [
    {"item": "$prefix-01", "status": "noncompliant"},
    {"item": "$prefix-02", "value": 10, "design": 10}
  ],
  "expect": {"verdict": "checklist", "general_hazards": ["$prefix-01"]}
}
"""

CHECKLIST_UNFINISHED = """\
{
  "description": "Item $prefix-02 not yet checked: the checklist is incomplete, never clear.",
  "pack": "$pack_id",
  "findings": [
    {"item": "$prefix-01", "status": "compliant"}
  ],
  "expect": {"verdict": "incomplete", "unanswered": ["$prefix-02"]}
}
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

An anjian sector plugin: $what_md.

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


def scaffold_files(name: str, *, checklist: bool = False) -> dict[str, str]:
    """The files of a new plugin ``anjian-NAME``, by path relative to its folder: a pack with
    major-hazard rules, or with ``checklist`` a checklist pack (检查表) without them."""
    values = {"name": name, "dist": name.replace("_", "-"), "pack_id": name.replace("_", "-"),
              "prefix": name.upper().replace("_", "-"),
              "packs_dir": f"src/anjian_{name}/packs",
              "what": f"{name} checklist (general hazards, no major-hazard rules)" if checklist
              else f"{name} checklists and major-hazard determination rules",
              "what_md": f"the **{name}** checklist (检查表): its findings are general hazards "
              "(一般事故隐患), with no major-hazard rules of its own" if checklist
              else f"the **{name}** checklist and its\nmajor-hazard (重大事故隐患) determination "
              "rules"}
    pkg = f"src/anjian_{name}"
    layout = {
        "pyproject.toml": PYPROJECT,
        "README.md": README,
        f"{pkg}/__init__.py": MODULE,
        f"{pkg}/packs/{name}.yaml": CHECKLIST if checklist else PACK,
        f"tests/test_{name}.py": TEST,
    }
    if checklist:
        layout[f"{pkg}/packs/cases/found.json"] = CHECKLIST_FOUND
        layout[f"{pkg}/packs/cases/unfinished.json"] = CHECKLIST_UNFINISHED
    else:
        layout[f"{pkg}/packs/cases/fires.json"] = CASE_FIRES
        layout[f"{pkg}/packs/cases/quiet.json"] = CASE_QUIET
    return {path: Template(text).substitute(values) for path, text in layout.items()}


def new_plugin(name: str, into: Path, catalogue: Catalogue | None = None, *,
               checklist: bool = False) -> Path:
    """Write the plugin ``anjian-NAME`` into the folder ``into`` (with ``checklist``, its pack a
    checklist without major-hazard rules); returns its folder.

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
    files = scaffold_files(name, checklist=checklist)
    try:
        for rel, text in files.items():
            path = folder / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise AnjianError("io.write", file=folder, reason=os_reason(exc)) from None
    return folder
