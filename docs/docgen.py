"""Generate the reference documentation from the code, so it cannot drift from it.

``python docs/docgen.py`` writes three files; ``python docs/docgen.py --check`` exits 1 naming
each one that is out of date (and 0 when all are current):

- ``docs/pack.schema.json``: the JSON schema of a pack file, from :class:`core.pack.model.Pack`;
- ``docs/pack-format.md``: every model and field of a pack, from the schema and the docstrings
  of :mod:`core.pack.model`;
- ``docs/hooks.md``: the hooks a plugin implements, from :mod:`core.plugins.hookspecs`, and the
  registrar methods a hook receives, from :class:`core.plugins.catalogue.PackRegistrar`.

Everything here is a pure function returning a string; the output is deterministic (model and
definition order, no timestamps) so a stale file is a real change.
"""

from __future__ import annotations

import argparse
import ast
import inspect
import itertools
import json
import re
import sys
import typing
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from core.pack import model
from core.pack.loader import MAX_PACK_BYTES, PackFileError, parse_pack
from core.pack.model import Pack
from core.plugins import contract, hookspecs
from core.plugins.catalogue import PackRegistrar

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_FILE = "docs/pack.schema.json"
FORMAT_FILE = "docs/pack-format.md"
HOOKS_FILE = "docs/hooks.md"
SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_ID = "urn:anjian:pack.schema.json"
REGENERATE = "python docs/docgen.py"

#: The sections every hookspec docstring must have (the hook reference is built from them).
HOOK_SECTIONS = ("When:", "Parameters:", "What the plugin should do:", "Added in:")

#: The order of the models in ``pack-format.md``: the file's outline, top down. A model of the
#: schema missing here is still documented, after these, in name order.
MODEL_ORDER = ("Pack", "Section", "Item", "Check", "Measure", "Rule", "PackException",
               "OnSiteCorrection", "PackNote", "SiteCategory", "Tag", "Succession")

#: A complete minimal pack; ``tests/test_docs.py`` parses it out of ``pack-format.md``.
EXAMPLE = """\
id: example-2024
version: "1.0.0"
title_zh: 示例重大事故隐患判定标准
title_en: Example major-hazard determination standard
standard: 示例〔2024〕1号
issuer: 示例发布机关
sector: example
effective: 2024-01-01
site_categories:
- id: people_dense
  name_zh: 人员密集场所
  name_en: People-dense place
sections:
- id: D
  title_zh: 直接判定要素
  title_en: Direct-determination elements
  items:
  - id: EX-D-1
    clause: "1"
    text_zh: 安全出口被封堵。
    gloss_en: An exit is blocked.
    guidance_zh: 逐一查看安全出口是否畅通，有被封堵的答“不符合”。
    evidence: [安全出口现场照片]
- id: C
  title_zh: 综合判定要素
  title_en: Composite-determination elements
  items:
  - id: EX-C-1
    clause: "2.1"
    text_zh: 应急照明损坏。
    gloss_en: Emergency lighting is broken.
    guidance_zh: 断电测试应急照明，不能点亮的答“不符合”。
  - id: EX-C-2
    clause: "2.2"
    text_zh: 作业间内作业人员超过9人。
    gloss_en: More than 9 workers in the work room.
    guidance_zh: 清点作业间内作业人员数量，超过9人即答“不符合”。
    measure: {quantity_zh: 作业人员数量, quantity_en: Workers in the room, unit: 人, op: ">",
              limit: 9}
rules:
- id: EX-R1
  kind: direct
  clause: "3.1"
  text_zh: 存在任一直接判定要素的，判定为重大事故隐患。
  gloss_en: Any one direct element is a major hazard.
  sections: [D]
- id: EX-R2
  kind: composite
  clause: "3.2"
  text_zh: 人员密集场所存在综合判定要素2条以上（含本数）的，判定为重大事故隐患。
  gloss_en: Two or more composite elements at a people-dense place are a major hazard.
  sections: [C]
  applies_to: [people_dense]
  threshold: 2
"""

#: Mistakes put into :data:`EXAMPLE` to show what ``anjian packs check`` reports: (what the
#: example has, what the broken copy has instead, the mistake in words).
_MISTAKES = (
    ("    gloss_en: Emergency lighting is broken.\n", '    gloss_en: ""\n', "an empty `gloss_en`"),
    ("  threshold: 2\n", "  threshhold: 2\n", "`threshold` misspelt"),
)


# --- docs/pack.schema.json ---------------------------------------------------------------

def field_docs(source: str) -> dict[str, dict[str, str]]:
    """Each class's field docstrings (the string under a field) in Python ``source``.

    Read here rather than by pydantic (``use_attribute_docstrings``), which would parse
    :mod:`core.pack.model`'s source at every start-up only for the documentation's sake.
    """
    out: dict[str, dict[str, str]] = {}
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.ClassDef):
            continue
        docs: dict[str, str] = {}
        for field, doc in itertools.pairwise(node.body):
            if (isinstance(field, ast.AnnAssign) and isinstance(field.target, ast.Name)
                    and isinstance(doc, ast.Expr) and isinstance(doc.value, ast.Constant)
                    and isinstance(doc.value.value, str)):
                docs[field.target.id] = inspect.cleandoc(doc.value.value)
        out[node.name] = docs
    return out


def pack_schema() -> dict[str, Any]:
    """The JSON schema (draft 2020-12) of a pack file, as pydantic validates it, with each
    field's docstring as its description."""
    schema = Pack.model_json_schema(mode="validation")
    schema.pop("title", None)
    docs = field_docs(inspect.getsource(model))
    for name, node in [("Pack", schema), *schema.get("$defs", {}).items()]:
        props = node.get("properties", {})
        for field, prop in props.items():
            if field in docs.get(name, {}):
                # keys sorted, as pydantic writes them
                props[field] = dict(sorted({**prop, "description": docs[name][field]}.items()))
    return {"$schema": SCHEMA_DIALECT, "$id": SCHEMA_ID, "title": "anjian pack", **schema}


def schema_json() -> str:
    """``docs/pack.schema.json``."""
    return json.dumps(pack_schema(), ensure_ascii=False, indent=2) + "\n"


def undescribed_fields(schema: dict[str, Any]) -> list[str]:
    """``Model.field`` for each field of the schema (root and ``$defs``) without a description,
    and ``Model`` for each model or enumeration without one."""
    missing: list[str] = []
    defs: dict[str, Any] = schema.get("$defs", {})
    for name, node in [(str(schema.get("title", "<root>")), schema), *defs.items()]:
        if not str(node.get("description", "")).strip():
            missing.append(name)
        for field, prop in node.get("properties", {}).items():
            if not str(prop.get("description", "")).strip():
                missing.append(f"{name}.{field}")
    return missing


# --- docs/pack-format.md -----------------------------------------------------------------

def _id_constraints() -> tuple[str, int]:
    """The pattern and maximum length of an identifier (:data:`core.pack.model.Id`)."""
    for meta in typing.get_args(model.Id)[1:]:
        pattern, length = getattr(meta, "pattern", None), getattr(meta, "max_length", None)
        if isinstance(pattern, str) and isinstance(length, int):
            return pattern, length
    raise AssertionError("core.pack.model.Id has no pattern")  # pragma: no cover


def _prose(text: str) -> str:
    """Docstring text as Markdown: lines of a paragraph joined, paragraphs kept, Sphinx roles
    (``:class:`x```) reduced to code."""
    text = re.sub(r":[a-z]+:`~?([^`]+)`", r"`\1`", inspect.cleandoc(text))
    paragraphs = [" ".join(line.strip() for line in p.splitlines())
                  for p in re.split(r"\n\s*\n", text.strip())]
    return "\n\n".join(paragraphs)


def _cell(text: str) -> str:
    return _prose(text).replace("\n\n", "<br>").replace("|", "\\|")


def _anchor(name: str) -> str:
    return f"[{name}](#{name.lower()})"


def _type(prop: dict[str, Any], id_pattern: str) -> str:
    """A field's type in words."""
    if "$ref" in prop:
        return _anchor(prop["$ref"].rsplit("/", 1)[-1])
    if "anyOf" in prop:
        kinds = [p for p in prop["anyOf"] if p.get("type") != "null"]
        return " or ".join(_type(p, id_pattern) for p in kinds)
    if "enum" in prop:
        return "one of " + ", ".join(f"`{v}`" for v in prop["enum"])
    kind = prop.get("type")
    if kind == "array":
        return "list of " + _type(prop.get("items", {}), id_pattern)
    if kind == "string":
        if prop.get("format") == "date":
            return "date"
        if prop.get("pattern") == id_pattern:
            return "identifier"
        if "pattern" in prop:
            return f"string matching `{prop['pattern']}`"
        return "text" if prop.get("minLength") == 1 else "string"
    if kind == "integer":
        low = prop.get("minimum")
        return "integer" if low is None else f"integer ≥ {low}"
    if kind == "number":
        return "number"
    if kind == "boolean":
        return "true / false"
    return f"`{json.dumps(prop, ensure_ascii=False)}`"  # pragma: no cover - a new kind of field


def _default(name: str, required: Sequence[str], prop: dict[str, Any]) -> str:
    if name in required:
        return "**required**"
    default = prop.get("default")
    if default is None:
        return "optional"
    if default in ([], ""):
        return "optional (empty)"
    shown = default if isinstance(default, str) else json.dumps(default, ensure_ascii=False)
    return f"optional (`{shown}`)"


def _model_section(name: str, node: dict[str, Any], id_pattern: str) -> list[str]:
    out = [f"## {name}", "", _prose(node.get("description", "")), ""]
    if "enum" in node:
        out += ["| value |", "|---|", *[f"| `{v}` |" for v in node["enum"]], ""]
        return out
    required = node.get("required", [])
    out += ["| field | type | required / default | description |", "|---|---|---|---|"]
    for field, prop in node.get("properties", {}).items():
        out.append(f"| `{field}` | {_type(prop, id_pattern)} | "
                   f"{_default(field, required, prop)} | {_cell(prop.get('description', ''))} |")
    return [*out, ""]


def _example_errors() -> str:
    """What ``anjian packs check`` prints for :data:`EXAMPLE` with a few mistakes in it."""
    broken = EXAMPLE
    for right, wrong, _ in _MISTAKES:
        assert right in broken, f"docgen: the example no longer contains {right!r}"
        broken = broken.replace(right, wrong, 1)
    try:
        parse_pack(broken, "example.yaml")
    except PackFileError as exc:
        return "\n".join(f"{p.file}:{p.line}: error: {p.message}" for p in exc.problems)
    raise AssertionError("docgen: the broken example validated")  # pragma: no cover


#: The standard's wording put into :data:`EXAMPLE`'s guidance to show what ``anjian packs
#: check`` says of it: (what the example has, what the ambiguous copy has instead).
_AMBIGUOUS = ("有被封堵的答“不符合”", "有被封堵的即符合本要素")


def _guidance_errors() -> str:
    """What ``anjian packs check`` prints for :data:`EXAMPLE` with guidance in the standard's
    sense of 符合 (the situation exists)."""
    right, wrong = _AMBIGUOUS
    assert right in EXAMPLE, f"docgen: the example no longer contains {right!r}"
    broken = EXAMPLE.replace(right, wrong, 1)
    pack = parse_pack(broken, "example.yaml")
    lines = broken.splitlines()
    out = []
    for msg in contract.guidance_problems(pack):
        problem = msg.params["problem"]
        assert isinstance(problem, type(msg))
        line = lines.index(f"  - id: {problem.params['item']}") + 1
        out.append(f"example.yaml:{line}: error: {problem.render('en')}")
    assert out, "docgen: the ambiguous guidance passed"
    return "\n".join(out)


def pack_format_md() -> str:
    """``docs/pack-format.md``."""
    schema = pack_schema()
    defs: dict[str, Any] = schema["$defs"]
    id_pattern, id_length = _id_constraints()
    names = [n for n in MODEL_ORDER if n == "Pack" or n in defs]
    names += sorted(n for n in defs if n not in names and "enum" not in defs[n])
    enums = sorted(n for n in defs if "enum" in defs[n])
    out = [
        "# Pack format",
        "",
        f"<!-- Generated from core/pack/model.py by `{REGENERATE}`; do not edit by hand. -->",
        "",
        "A pack is one official standard's checklist and its major-hazard (重大事故隐患) "
        "determination rules, as one YAML file (UTF-8, at most "
        f"{MAX_PACK_BYTES // (1024 * 1024)} MiB). A sector plugin ships its pack files and "
        "registers them (see [hooks.md](hooks.md)). Everything the engine needs to decide a "
        "major hazard is data in the file: items and their sub-checks, site categories and "
        "tags, direct (直接判定) and composite (综合判定) rules, exceptions and the on-site "
        "correction rule.",
        "",
        "There are two kinds of pack. A **determination pack** encodes an official major-hazard "
        "list: every item is counted by one of its `rules`. A **checklist pack** (检查表) has "
        "no `rules`: a sector's general requirements, GB 30871's special operations, a city's "
        "own list. Its noncompliant findings are general hazards (一般事故隐患) with their "
        "clause, its verdict is `checklist` (or `incomplete` while an applicable item is "
        "unanswered), and it never says a site has no major hazard. An item of either kind "
        "may say, with `constitutes`, that its finding is in law an item of another, "
        "installed pack (a special-operation finding that is 化工 121号 item 18): evaluated "
        "together, that pack's determination counts the item noncompliant and names both. "
        "`anjian plugins new NAME --checklist` scaffolds a checklist plugin.",
        "",
        "Unknown fields are errors, so a misspelt field name cannot pass unnoticed. Check a "
        "file, a folder of `*.yaml` files (with its `cases/` of golden cases) or an installed "
        "plugin with",
        "",
        "```sh",
        "anjian packs check path/to/pack.yaml",
        "```",
        "",
        "It exits 0 when there is no error (warnings, such as a rule no golden case fires, "
        "are printed; `--strict` fails on them too), and 2 otherwise, with one line per "
        "problem: `file:line: error|warning: [owner:] [field:] message`, where the owner is "
        "the item, rule, section … the problem is in. For the example below with "
        + " and ".join(what for _, _, what in _MISTAKES) + ":",
        "",
        "```text",
        _example_errors(),
        "```",
        "",
        "## A minimal pack",
        "",
        "```yaml",
        EXAMPLE.rstrip("\n"),
        "```",
        "",
        "## Guidance: say which answer to give",
        "",
        "Answering an item 不符合 (noncompliant) means the situation its `text_zh` describes "
        "exists on site; 符合 (compliant) means it does not. The inspector answers with the "
        "runner's keys, labelled 符合, 不符合 and 不适用, so guidance names the answer in those "
        "words: `答“不符合”` (`answer \"noncompliant\"`) where the situation exists, `答“符合”` "
        "(`answer \"compliant\"`) where it does not. Never write the standard's own "
        "`即符合本要素` (\"the element is met\", meaning the situation exists): an inspector "
        "reads it as the 符合 key, the opposite answer. `anjian packs check` refuses such "
        "wording (符合本要素, 符合该项, a bare 即符合; \"meets the element\", \"the element is "
        "met\") and says what to write instead; for the example above with "
        f"`{_AMBIGUOUS[1]}` in its guidance:",
        "",
        "```text",
        _guidance_errors(),
        "```",
        "",
        "## Completion in an editor",
        "",
        "[pack.schema.json](pack.schema.json) is the JSON schema of a pack file (generated "
        "from the same models). Editors with the YAML language server (for example VS Code "
        "with the Red Hat YAML extension) complete field names, show the descriptions below "
        "and flag mistakes as you type when the first line of the pack file names it, by a "
        "path relative to the pack file (here for a pack in `plugins/<sector>/`) or by URL:",
        "",
        "```yaml",
        "# yaml-language-server: $schema=../../docs/pack.schema.json",
        "```",
        "",
        "The schema checks each field on its own; the cross-references (a rule naming an "
        "item that does not exist, a duplicate id …) are checked by `anjian packs check`.",
        "",
        "## Value types",
        "",
        "| type | what to write |",
        "|---|---|",
        f"| identifier | letters, digits and `_ . -`, starting with a letter or digit, at "
        f"most {id_length} characters (`{id_pattern}`) |",
        "| text | any text, not empty (spaces around it are dropped) |",
        "| string | any text, may be empty |",
        "| date | `YYYY-MM-DD` |",
        "| list of … | a YAML list: one line per entry, each starting with `-`; or `[a, b]` |",
        "| one of … | exactly one of the values listed |",
        "| true / false | `true` or `false` |",
        "",
    ]
    for name in names:
        out += _model_section(name, schema if name == "Pack" else defs[name], id_pattern)
    for name in enums:
        out += _model_section(name, defs[name], id_pattern)
    return "\n".join(out).rstrip("\n") + "\n"


def example_from_markdown(text: str) -> str:
    """The YAML of the minimal pack in ``pack-format.md`` (the block under its heading)."""
    match = re.search(r"^## A minimal pack\n\n```yaml\n(.*?)^```$", text, re.S | re.M)
    if match is None:
        raise ValueError("pack-format.md has no '## A minimal pack' YAML block")
    return match[1]


# --- docs/hooks.md -----------------------------------------------------------------------

def hookspecs_of(spec_class: type) -> list[tuple[str, Callable[..., Any]]]:
    """The hook specifications of ``spec_class`` (functions marked ``@hookspec``), in
    definition order."""
    marker = f"{hookspecs.PROJECT}_spec"
    return [(name, fn) for name, fn in vars(spec_class).items()
            if callable(fn) and getattr(fn, marker, None) is not None]


def undocumented_hooks(spec_class: type) -> list[str]:
    """``hook: why`` for each hookspec whose docstring is empty or lacks one of
    :data:`HOOK_SECTIONS`."""
    problems: list[str] = []
    for name, fn in hookspecs_of(spec_class):
        doc = inspect.getdoc(fn) or ""
        if not doc.strip():
            problems.append(f"{name}: no docstring")
            continue
        missing = [s for s in HOOK_SECTIONS if s not in doc]
        if missing:
            problems.append(f"{name}: docstring lacks {', '.join(repr(m) for m in missing)}")
    return problems


def _annotation(value: Any) -> str:
    return value if isinstance(value, str) else getattr(value, "__name__", repr(value))


def signature(fn: Callable[..., Any]) -> str:
    """``name(param: Type = default, …) -> Type``, without ``self``, annotations as written."""
    sig = inspect.signature(fn)
    parts: list[str] = []
    star = False
    for param in sig.parameters.values():
        if param.name == "self":
            continue
        if param.kind is param.KEYWORD_ONLY and not star:
            parts.append("*")
            star = True
        text = ("*" if param.kind is param.VAR_POSITIONAL
                else "**" if param.kind is param.VAR_KEYWORD else "") + param.name
        star = star or param.kind is param.VAR_POSITIONAL
        if param.annotation is not param.empty:
            text += f": {_annotation(param.annotation)}"
        if param.default is not param.empty:
            text += f" = {param.default!r}" if param.annotation is not param.empty \
                else f"={param.default!r}"
        parts.append(text)
    ret = "" if sig.return_annotation is sig.empty \
        else f" -> {_annotation(sig.return_annotation)}"
    return f"{fn.__name__}({', '.join(parts)}){ret}"


_LABEL = re.compile(r"^([A-Z][A-Za-z ]*):(?:\s+(.*))?$")
_ENTRY = re.compile(r"^ {4}(\w+): (.*)$")


def _docstring_md(doc: str) -> str:
    """A hook docstring as Markdown: ``Label:`` paragraphs in bold, parameter entries as a
    list, ``::`` literal blocks fenced."""
    lines = inspect.cleandoc(doc).splitlines()
    out: list[str] = []
    para: list[str] = []
    entries: list[str] = []
    literal: list[str] | None = None
    opens_list = False  # the paragraph so far ends with ':' (a list of entries may follow)

    def flush() -> None:
        if para:
            out.extend([" ".join(para), ""])
            para.clear()
        if entries:
            out.extend([*entries, ""])
            entries.clear()

    for line in [*lines, ""]:
        if literal is not None:
            if line.startswith("    ") or not line.strip():
                literal.append(line[4:])
                continue
            out.extend(_fenced(literal))
            literal = None
        if not line.strip():
            flush()
            continue
        entry = _ENTRY.match(line)
        if entry and (entries or opens_list):
            if para:
                flush()
            entries.append(f"- `{entry[1]}`: {entry[2]}")
            continue
        if entries and line.startswith("    "):
            entries[-1] += " " + line.strip()
            continue
        label = _LABEL.match(line) if not para else None
        text = line.strip()
        opens_list = text.endswith(":")
        if label:
            text = f"**{label[1]}:**" + (f" {label[2]}" if label[2] else "")
        if text.endswith("::"):
            para.append(text[:-1])
            flush()
            literal = []
            continue
        para.append(text)
    if literal:
        out.extend(_fenced(literal))
    md = "\n".join(out).strip()
    return re.sub(r":[a-z]+:`~?([^`]+)`", r"`\1`", md)


def _fenced(block: list[str]) -> list[str]:
    """A literal block as a fenced code block, blank lines around it dropped."""
    while block and not block[0].strip():
        block = block[1:]
    while block and not block[-1].strip():
        block = block[:-1]
    return ["```", *block, "```", ""]


def _hookimpl_comment() -> str:
    """The ``#:`` comment above ``hookimpl`` in :mod:`core.plugins.hookspecs`."""
    lines = inspect.getsource(hookspecs).splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("hookimpl ="))
    comment: list[str] = []
    for line in reversed(lines[:at]):
        if not line.startswith("#:"):
            break
        comment.insert(0, line[2:].strip())
    return " ".join(comment)


def registrar_methods() -> list[tuple[str, Callable[..., Any]]]:
    """The public methods of :class:`core.plugins.catalogue.PackRegistrar`, in definition order."""
    return [(name, fn) for name, fn in vars(PackRegistrar).items()
            if not name.startswith("_") and inspect.isfunction(fn)]


def hooks_md(spec_class: type = hookspecs.AnjianSpec) -> str:
    """``docs/hooks.md``."""
    specs = hookspecs_of(spec_class)
    out = [
        "# Hook reference",
        "",
        f"<!-- Generated from core/plugins/hookspecs.py by `{REGENERATE}`; do not edit by "
        "hand. -->",
        "",
        _docstring_md(hookspecs.__doc__ or ""),
        "",
        "Hooks: " + ", ".join(f"[`{name}`](#{name})" for name, _ in specs) + ".",
        "",
        "## Implementing a hook",
        "",
        _prose(_hookimpl_comment()),
        "",
        "```python",
        "from __future__ import annotations",
        "",
        "from core.plugins.catalogue import PackRegistrar",
        "from core.plugins.hookspecs import hookimpl",
    ]
    for _, fn in specs:
        out += ["", "", "@hookimpl", f"def {signature(fn)}:", "    ..."]
    out += [
        "```",
        "",
        "A plugin implements only the hooks it needs. A `@hookimpl` function named after no "
        "hook is an error: the plugin is skipped, and `anjian packs list` shows why.",
        "",
    ]
    for name, fn in specs:
        out += [f"## {name}", "", "```python", signature(fn), "```", "",
                _docstring_md(inspect.getdoc(fn) or ""), ""]
    receiving = [f"`{name}`" for name, fn in specs if any(
        _annotation(p.annotation) in ("PackRegistrar", "core.plugins.catalogue.PackRegistrar")
        for p in inspect.signature(fn).parameters.values())]
    out += [
        "## The registrar",
        "",
        f"The `register` argument of {' and '.join(receiving)} is a "
        "`core.plugins.catalogue.PackRegistrar`:",
        "",
        "> " + _prose(PackRegistrar.__doc__ or "").replace("\n\n", "\n>\n> "),
        "",
        "Its methods:",
        "",
    ]
    for name, fn in registrar_methods():
        out += [f"### register.{name}", "", "```python", signature(fn), "```", "",
                _prose(inspect.getdoc(fn) or ""), ""]
    return "\n".join(out).rstrip("\n") + "\n"


# --- writing and checking ----------------------------------------------------------------

def outputs() -> dict[str, str]:
    """Each generated file (path relative to the repository) and its content."""
    return {SCHEMA_FILE: schema_json(), FORMAT_FILE: pack_format_md(), HOOKS_FILE: hooks_md()}


def stale(root: Path = ROOT) -> list[str]:
    """The generated files under ``root`` that are missing or differ from :func:`outputs`."""
    return [rel for rel, text in outputs().items()
            if not (root / rel).is_file() or (root / rel).read_text(encoding="utf-8") != text]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="docs/docgen.py", description=__doc__.split(
        "\n", 1)[0] if __doc__ else None)
    parser.add_argument("--check", action="store_true",
                        help="exit 1 if a generated file is out of date, writing nothing")
    args = parser.parse_args(argv)
    if args.check:
        out_of_date = stale()
        for rel in out_of_date:
            print(f"{rel} is out of date; run `{REGENERATE}`", file=sys.stderr)
        return 1 if out_of_date else 0
    for rel, text in outputs().items():
        path = ROOT / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8", newline="\n")
            print(f"wrote {rel}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
