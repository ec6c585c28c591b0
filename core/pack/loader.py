"""Reading pack data files (YAML) into validated :class:`~core.pack.model.Pack` objects.

Every problem is reported as ``file:line: [item ID:] message`` so a sector expert can go
straight to it. YAML is read with the safe loader: no tags beyond plain text, numbers, dates,
lists and mappings (nothing is ever constructed from a tag, let alone run), duplicate keys are
errors, and a file is refused before it is built when it is over :data:`MAX_PACK_BYTES`, nested
deeper than :data:`MAX_YAML_DEPTH` or holds more than :data:`MAX_YAML_NODES` values once its
aliases are expanded (a "billion laughs").
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Hashable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from core.pack.model import Pack

MAX_PACK_BYTES = 8 * 1024 * 1024
#: Nesting of lists and mappings; the deepest shipped pack needs 10. The C parser recurses
#: while building, so a file nested thousands deep would overflow the C stack (a crash, not an
#: exception): the depth is measured on the event stream, which does not recurse.
MAX_YAML_DEPTH = 64
#: Values (scalars, lists, mappings) once aliases are expanded; the largest shipped pack has
#: about 3,000. Bounds the parsing and validation work of an alias bomb and of a flat list
#: of millions to a few seconds.
MAX_YAML_NODES = 200_000
#: Problems listed for one file; the rest are counted (fix these and check again).
MAX_PROBLEMS = 200

_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_TAG = "tag:yaml.org,2002:"


class _StrictLoader(_Loader):  # type: ignore[valid-type,misc]
    """Safe loader that refuses duplicate mapping keys (a silently lost field is a lost item),
    keys that are lists or mappings, merge keys, and every tag that is not plain data."""

    def construct_mapping(self, node: yaml.Node, deep: bool = False) -> dict[Any, Any]:
        if not isinstance(node, yaml.MappingNode):
            raise yaml.constructor.ConstructorError(
                None, None, "expected a mapping (key: value), found "
                + ("a list" if isinstance(node, yaml.SequenceNode) else "a single value"),
                node.start_mark)
        seen: set[Any] = set()
        for key_node, _ in node.value:
            if key_node.tag == _TAG + "merge":
                raise yaml.constructor.ConstructorError(
                    None, None, "merge keys ('<<') are not supported in pack files; write the "
                    "fields out", key_node.start_mark)
            key = self.construct_object(key_node, deep=deep)
            if not isinstance(key, Hashable):
                raise yaml.constructor.ConstructorError(
                    None, None, "a key must be plain text, not a list or mapping",
                    key_node.start_mark)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"duplicate key '{key}'", key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)  # type: ignore[no-any-return]

    def construct_undefined(self, node: yaml.Node) -> Any:
        raise yaml.constructor.ConstructorError(
            None, None, f"tag '{str(node.tag).replace(_TAG, '!!')}' is not allowed: pack files "
            "hold plain text, numbers, dates, lists and mappings (nothing is built from tags); "
            "remove the tag",
            node.start_mark)


def _checked(kind: str, construct: Callable[[Any, yaml.Node], Any]
             ) -> Callable[[Any, yaml.Node], Any]:
    """``construct`` with a bad value (2020-13-45, !!int x, a 5,000-digit number) reported at
    its line instead of escaping as a bare ValueError."""

    def wrapped(loader: Any, node: yaml.Node) -> Any:
        try:
            return construct(loader, node)
        except (ValueError, OverflowError, KeyError, IndexError, AttributeError) as exc:
            shown = str(node.value)
            shown = shown if len(shown) <= 40 else shown[:40] + "…"
            why = "too many digits" if "digits" in str(exc) else str(exc).strip("'")
            raise yaml.constructor.ConstructorError(
                None, None, f"'{shown}' is not a valid {kind} ({why})", node.start_mark
            ) from None

    return wrapped


_StrictLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _StrictLoader.construct_mapping)
for _kind, _name in (("integer", "int"), ("number", "float"), ("true/false", "bool"),
                     ("date (YYYY-MM-DD)", "timestamp")):
    _StrictLoader.add_constructor(_TAG + _name, _checked(
        _kind, _Loader.yaml_constructors[_TAG + _name]))
for _name in ("binary", "set", "omap", "pairs"):  # not plain data: refused like any other tag
    _StrictLoader.add_constructor(_TAG + _name, _StrictLoader.construct_undefined)
_StrictLoader.add_constructor(None, _StrictLoader.construct_undefined)


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
        # Read one byte past the limit rather than trusting the size: a pipe or a device
        # (/dev/zero) has none, and reading it whole would never end.
        with Path(path).open("rb") as fh:
            raw = fh.read(MAX_PACK_BYTES + 1)
        if len(raw) > MAX_PACK_BYTES:
            raise PackFileError([Problem(name, 1, f"file is over {MAX_PACK_BYTES} bytes, the "
                                                  "size packs are limited to; split it into "
                                                  "several packs")])
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise PackFileError([Problem(name, line, f"not UTF-8 text ({exc.reason}); save the "
                                                 "file as UTF-8")]) from None
    except OSError as exc:
        raise PackFileError([Problem(name, 1, f"cannot read: {exc.strerror or exc}")]) from None
    return parse_pack(text, name)


def parse_pack(text: str, name: str = "<pack>") -> Pack:
    """Validate pack YAML ``text``; errors name ``name`` with line numbers."""
    try:
        return _parse(text, name)
    except PackFileError as exc:
        # At the end of the file the parser marks the line after the last one.
        last = text.count("\n") + 1
        if all(p.line <= last for p in exc.problems):
            raise
        raise PackFileError([replace(p, line=min(p.line, last)) for p in exc.problems]) from None


def _parse(text: str, name: str) -> Pack:
    try:
        check_shape(text, name)
        data = yaml.load(text, Loader=_StrictLoader)
    except yaml.MarkedYAMLError as exc:
        raise PackFileError([_yaml_problem(exc, name)]) from None
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


def _yaml_problem(exc: yaml.MarkedYAMLError, name: str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    return Problem(name, mark.line + 1 if mark else 1, f"YAML: {exc.problem or exc}")


def _line_of(event: yaml.Event) -> int:
    mark = event.start_mark
    return int(mark.line) + 1 if mark else 1


def _too_deep(name: str, line: int) -> PackFileError:
    return PackFileError([Problem(name, line, (
        f"nested more than {MAX_YAML_DEPTH} levels deep (a pack needs about 10); "
        "look for an unclosed '[' or '{' or a runaway indentation"))])


def _events(text: str, name: str) -> Iterator[yaml.Event]:
    """The YAML event stream. libyaml (PyYAML 6.0.4 and later) stops nesting beyond 1,000
    levels itself, while scanning ahead of the events this reads: its error becomes the same
    refusal as ours, so the message does not depend on the PyYAML installed."""
    try:
        yield from yaml.parse(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        if "maximum nesting depth" in str(exc.problem):
            mark = exc.problem_mark or exc.context_mark
            raise _too_deep(name, mark.line + 1 if mark else 1) from None
        raise


def check_shape(text: str, name: str = "<pack>") -> None:
    """Refuse YAML nested deeper than :data:`MAX_YAML_DEPTH`, with more than
    :data:`MAX_YAML_NODES` values once aliases are expanded, or with an alias inside what it
    names (a cycle), reading only the event stream (flat and fast: it builds nothing).
    Malformed YAML raises :class:`yaml.YAMLError`."""
    depth, nodes = 0, 0
    opened: list[tuple[str | None, int]] = []  # each open collection: anchor, nodes before it
    sizes: dict[str, int] = {}  # anchor -> values it stands for
    for event in _events(text, name):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_YAML_DEPTH:
                raise _too_deep(name, _line_of(event))
            opened.append((event.anchor, nodes))
            nodes += 1
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
            anchor, before = opened.pop()
            if anchor is not None:
                sizes[anchor] = nodes - before
        elif isinstance(event, yaml.ScalarEvent):
            nodes += 1
            if event.anchor is not None:
                sizes[event.anchor] = 1
        elif isinstance(event, yaml.AliasEvent):
            if any(anchor == event.anchor for anchor, _ in opened):
                raise PackFileError([Problem(name, _line_of(event), (
                    f"alias *{event.anchor} is inside the list or mapping it names (a loop "
                    "without end); write the values out"))])
            nodes += sizes.get(event.anchor or "", 1)
        if nodes > MAX_YAML_NODES:
            raise PackFileError([Problem(name, _line_of(event), (
                f"more than {MAX_YAML_NODES} values once aliases (*name) are expanded; a pack "
                "has a few thousand — remove the aliases that repeat other aliases"))])


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
    lines = _ReferenceLines(root)
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        message = err["msg"].removeprefix("Value error, ")
        if loc == () and err["type"] == "value_error":
            # Cross-reference problems of the whole pack: one per reference, at its object.
            for part in message.split("; "):
                out.append(Problem(name, lines(part), part))
            continue
        line = _line(root, loc)
        owner = _owner(data, loc)
        field = ".".join(str(p) for p in loc[_owner_depth(data, loc):]) or None
        prefix = f"{owner}: " if owner else ""
        where = f"{field}: " if field else ""
        out.append(Problem(name, line, f"{prefix}{where}{message}"))
    out.sort(key=lambda p: p.line)
    if len(out) > MAX_PROBLEMS:
        rest = len(out) - MAX_PROBLEMS
        out[MAX_PROBLEMS:] = [Problem(name, out[MAX_PROBLEMS].line,
                                      f"… and {rest} more problems; fix these and check again")]
    return out


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


class _ReferenceLines:
    """The line of the object a cross-reference problem names (of the bad value, if quoted).

    The objects with ids, and each object's scalars, are indexed once: a file with thousands
    of bad references must not walk the whole tree once per reference.
    """

    def __init__(self, root: yaml.Node) -> None:
        self.objects: dict[tuple[str, str], list[yaml.Node]] = {}
        for coll, value, node in _id_nodes(root, None):
            self.objects.setdefault((coll, value), []).append(node)
        self.scalars: dict[int, dict[str, yaml.ScalarNode]] = {}

    def __call__(self, problem: str) -> int:
        match = _REFERENCE.match(problem)
        if not match:
            return 1
        if match["dkind"]:
            kind, ident, nth = match["dkind"], match["did"], 2
        else:
            kind, ident, nth = match["kind"], match["id"], 1
        hits = [node for coll, k in _COLLECTIONS.items() if k == kind
                for node in self.objects.get((coll, ident), [])]
        if not hits:
            return 1
        node = hits[min(nth, len(hits)) - 1]
        quoted = re.search(r": .*'([^']+)'", problem)
        if quoted and not match["dkind"]:
            if id(node) not in self.scalars:
                found: dict[str, yaml.ScalarNode] = {}
                for scalar in _scalars(node):
                    found.setdefault(scalar.value, scalar)
                self.scalars[id(node)] = found
            node = self.scalars[id(node)].get(quoted[1], node)
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
        check_shape(text)
        root = yaml.compose(text, Loader=_Loader)
    except (yaml.YAMLError, PackFileError):
        return {}
    if root is None:
        return {}
    out: dict[tuple[str, str], int] = {}
    for collection, ident, node in _id_nodes(root, None):
        out.setdefault((_COLLECTIONS[collection], ident), int(node.start_mark.line) + 1)
    return out
