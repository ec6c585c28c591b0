"""Reading pack data files (YAML) into validated :class:`~core.model.Pack` objects.

Every problem is reported as ``file:line: [item ID:] message`` so a sector expert can go
straight to it. YAML is read with the safe loader (no custom tags), duplicate keys are errors,
and files over :data:`MAX_PACK_BYTES` are refused before parsing.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from core.model import Pack

MAX_PACK_BYTES = 8 * 1024 * 1024

_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StrictLoader(_Loader):  # type: ignore[valid-type,misc]
    """Safe loader that refuses duplicate mapping keys (a silently lost field is a lost item)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key '{key}'", key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)  # type: ignore[no-any-return]


_StrictLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _StrictLoader.construct_mapping)


@dataclass(frozen=True)
class Problem:
    """One problem in a pack file."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


class PackFileError(Exception):
    """A pack file that cannot be used; ``problems`` lists every problem found."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__("\n".join(map(str, problems)))
        self.problems = tuple(problems)


def load_pack(path: str | Path, *, source: str | None = None) -> Pack:
    """Read and validate the pack at ``path``; ``source`` names it in errors (default: path)."""
    name = source or str(path)
    try:
        size = Path(path).stat().st_size
        if size > MAX_PACK_BYTES:
            raise PackFileError([Problem(name, 1, f"file is {size} bytes; packs are limited to "
                                                  f"{MAX_PACK_BYTES} bytes")])
        text = Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise PackFileError([Problem(name, 1, f"not UTF-8 text ({exc.reason})")]) from None
    except OSError as exc:
        raise PackFileError([Problem(name, 1, f"cannot read: {exc.strerror or exc}")]) from None
    return parse_pack(text, name)


def parse_pack(text: str, name: str = "<pack>") -> Pack:
    """Validate pack YAML ``text``; errors name ``name`` with line numbers."""
    try:
        data = yaml.load(text, Loader=_StrictLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        raise PackFileError([Problem(name, line, f"YAML: {exc.problem or exc}")]) from None
    except yaml.YAMLError as exc:
        raise PackFileError([Problem(name, 1, f"YAML: {exc}")]) from None
    if not isinstance(data, dict):
        raise PackFileError([Problem(name, 1, "a pack file is a mapping with id, version, "
                                              "sections, rules …")])
    try:
        return Pack.model_validate(data)
    except ValidationError as exc:
        root = yaml.compose(text, Loader=_Loader)
        assert root is not None  # the text parsed to a mapping above
        raise PackFileError(_problems(exc, data, root, name)) from None


def pack_hash(pack: Pack) -> str:
    """SHA-256 of the pack's canonical content (independent of YAML layout and comments).

    Fields left at their defaults are left out, so a field added to the format later does not
    change the hash of a pack that does not use it.
    """
    return hashlib.sha256(pack.model_dump_json(exclude_defaults=True).encode()).hexdigest()


# --- locating problems -------------------------------------------------------------------

_COLLECTIONS = {"sections": "section", "items": "item", "rules": "rule", "exceptions": "exception",
                "site_categories": "site category", "tags": "tag", "checks": "check"}
_REFERENCE = re.compile(
    r"^(?:duplicate (?P<dkind>[a-z ]+) id '(?P<did>[^']+)'"
    r"|(?P<kind>section|item|rule|exception) (?P<id>\S+): .*)$")


def _problems(exc: ValidationError, data: dict[str, Any], root: yaml.Node,
              name: str) -> list[Problem]:
    out: list[Problem] = []
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        message = err["msg"].removeprefix("Value error, ")
        if loc == () and err["type"] == "value_error":
            # Cross-reference problems of the whole pack: one per reference, at its object.
            for part in message.split("; "):
                out.append(Problem(name, _reference_line(part, root), part))
            continue
        line = _line(root, loc)
        owner = _owner(data, loc)
        field = ".".join(str(p) for p in loc[_owner_depth(data, loc):]) or None
        prefix = f"{owner}: " if owner else ""
        where = f"{field}: " if field else ""
        out.append(Problem(name, line, f"{prefix}{where}{message}"))
    return sorted(out, key=lambda p: p.line)


def _line(root: yaml.Node, loc: tuple[Any, ...]) -> int:
    node = root
    for part in loc:
        child = _child(node, part)
        if child is None:
            break
        node = child
    return int(node.start_mark.line) + 1


def _child(node: yaml.Node, part: Any) -> yaml.Node | None:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            if key.value == part:
                return value  # type: ignore[no-any-return]
    elif (isinstance(node, yaml.SequenceNode) and isinstance(part, int)
          and 0 <= part < len(node.value)):
        return node.value[part]  # type: ignore[no-any-return]
    return None


def _walk(data: Any, loc: tuple[Any, ...]) -> list[tuple[int, str, Any]]:
    """The objects with an ``id`` along ``loc``: (depth after it, kind, id)."""
    found: list[tuple[int, str, Any]] = []
    node, collection = data, None
    for depth, part in enumerate(loc):
        if isinstance(node, dict) and part in node:
            collection = part if part in _COLLECTIONS else None
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            node = node[part]
            if collection and isinstance(node, dict) and "id" in node:
                found.append((depth + 1, _COLLECTIONS[collection], node["id"]))
        else:
            break
    return found


def _owner(data: Any, loc: tuple[Any, ...]) -> str | None:
    found = _walk(data, loc)
    if not found:
        return None
    _, kind, ident = found[-1]
    return f"{kind} {ident}"


def _owner_depth(data: Any, loc: tuple[Any, ...]) -> int:
    found = _walk(data, loc)
    return found[-1][0] if found else 0


def _reference_line(problem: str, root: yaml.Node) -> int:
    """The line of the object a cross-reference problem names (of the bad value, if quoted)."""
    match = _REFERENCE.match(problem)
    if not match:
        return 1
    if match["dkind"]:
        kind, ident, nth = match["dkind"], match["did"], 2
    else:
        kind, ident, nth = match["kind"], match["id"], 1
    collections = [c for c, k in _COLLECTIONS.items() if k == kind]
    hits = [node for coll, value, node in _id_nodes(root, None)
            if coll in collections and value == ident]
    if not hits:
        return 1
    node = hits[min(nth, len(hits)) - 1]
    quoted = re.search(r": .*'([^']+)'", problem)
    if quoted and not match["dkind"]:
        for scalar in _scalars(node):
            if scalar.value == quoted[1]:
                node = scalar
                break
    return int(node.start_mark.line) + 1


def _id_nodes(node: yaml.Node, collection: str | None) -> list[tuple[str, str, yaml.Node]]:
    out: list[tuple[str, str, yaml.Node]] = []
    if isinstance(node, yaml.MappingNode):
        if collection:
            for key, value in node.value:
                if key.value == "id" and isinstance(value, yaml.ScalarNode):
                    out.append((collection, str(value.value), node))
        for key, value in node.value:
            out += _id_nodes(value, key.value if key.value in _COLLECTIONS else None)
    elif isinstance(node, yaml.SequenceNode):
        for value in node.value:
            out += _id_nodes(value, collection)
    return out


def _scalars(node: yaml.Node) -> list[yaml.ScalarNode]:
    if isinstance(node, yaml.ScalarNode):
        return [node]
    children = node.value if isinstance(node, yaml.SequenceNode) else [
        v for pair in node.value for v in pair] if isinstance(node, yaml.MappingNode) else []
    return [s for c in children for s in _scalars(c)]


def id_lines(text: str) -> dict[tuple[str, str], int]:
    """The line of each object with an id in pack YAML ``text``: ``("item", "X-01") -> 12``.

    Kinds are those of error messages (item, rule, section, exception …); unparsable text gives
    an empty mapping.
    """
    try:
        root = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError:
        return {}
    if root is None:
        return {}
    out: dict[tuple[str, str], int] = {}
    for collection, ident, node in _id_nodes(root, None):
        out.setdefault((_COLLECTIONS[collection], ident), int(node.start_mark.line) + 1)
    return out
