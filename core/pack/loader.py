"""Reading pack data files (YAML) into validated :class:`~core.pack.model.Pack` objects.

Every problem is reported as ``file:line: [item ID:] message`` so a sector expert can go
straight to it; the message is a catalogue message (:class:`~core.i18n.Msg`), rendered in the
reader's language by :meth:`Problem.render`. YAML is read with the safe loader: no tags beyond
plain text, numbers, dates, lists and mappings (nothing is ever constructed from a tag, let
alone run), duplicate keys are errors, and a file is refused before it is built when it is
over :data:`MAX_PACK_BYTES`, nested deeper than :data:`MAX_YAML_DEPTH` or holds more than
:data:`MAX_YAML_NODES` values once its aliases are expanded (a "billion laughs").
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

from core.i18n import Lang, Msg, os_reason, utf8_reason
from core.pack.errors import error_msgs
from core.pack.model import KIND_NAMES, Pack, Ref, owner

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


class _Refused(yaml.constructor.ConstructorError):
    """A value the strict loader refuses, with what to say about it."""

    def __init__(self, msg: Msg, mark: yaml.Mark) -> None:
        super().__init__(None, None, str(msg), mark)
        self.msg = msg


class _StrictLoader(_Loader):  # type: ignore[valid-type,misc]
    """Safe loader that refuses duplicate mapping keys (a silently lost field is a lost item),
    keys that are lists or mappings, merge keys, and every tag that is not plain data."""

    def construct_mapping(self, node: yaml.Node, deep: bool = False) -> dict[Any, Any]:
        if not isinstance(node, yaml.MappingNode):
            found = "yaml.a_list" if isinstance(node, yaml.SequenceNode) else "yaml.a_value"
            raise _Refused(Msg("yaml.not_mapping", found=Msg(found)), node.start_mark)
        seen: set[Any] = set()
        for key_node, _ in node.value:
            if key_node.tag == _TAG + "merge":
                raise _Refused(Msg("yaml.merge"), key_node.start_mark)
            key = self.construct_object(key_node, deep=deep)
            if not isinstance(key, Hashable):
                raise _Refused(Msg("yaml.key_not_text"), key_node.start_mark)
            if key in seen:
                raise _Refused(Msg("yaml.duplicate_key", key=key), key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)  # type: ignore[no-any-return]

    def construct_undefined(self, node: yaml.Node) -> Any:
        raise _Refused(Msg("yaml.tag", tag=str(node.tag).replace(_TAG, "!!")), node.start_mark)


_BAD_DATE = (re.compile(r"^month must be in 1\.\.12$"), re.compile(r"^day is out of range"),
             re.compile(r"^year (?P<year>-?\d+) is out of range"))


def _why(name: str, exc: Exception) -> Msg:
    """Why a plain value is not what its form says it is, as the catalogue says it."""
    text = str(exc)
    if "digits" in text:
        return Msg("yaml.why.digits")
    if _BAD_DATE[0].match(text):
        return Msg("yaml.why.month")
    if _BAD_DATE[1].match(text):
        return Msg("yaml.why.day")
    if year := _BAD_DATE[2].match(text):
        return Msg("yaml.why.year", year=year["year"])
    return Msg(f"yaml.why.{name}")


def _checked(name: str, construct: Callable[[Any, yaml.Node], Any]
             ) -> Callable[[Any, yaml.Node], Any]:
    """``construct`` with a bad value (2020-13-45, !!int x, a 5,000-digit number) reported at
    its line instead of escaping as a bare ValueError."""

    def wrapped(loader: Any, node: yaml.Node) -> Any:
        try:
            return construct(loader, node)
        except (ValueError, OverflowError, KeyError, IndexError, AttributeError) as exc:
            shown = str(node.value)
            shown = shown if len(shown) <= 40 else shown[:40] + "…"
            raise _Refused(Msg("yaml.bad_value", value=shown, kind=Msg(f"yaml.kind.{name}"),
                               why=_why(name, exc)), node.start_mark) from None

    return wrapped


_StrictLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _StrictLoader.construct_mapping)
for _name in ("int", "float", "bool", "timestamp"):
    _StrictLoader.add_constructor(_TAG + _name, _checked(
        _name, _Loader.yaml_constructors[_TAG + _name]))
for _name in ("binary", "set", "omap", "pairs"):  # not plain data: refused like any other tag
    _StrictLoader.add_constructor(_TAG + _name, _StrictLoader.construct_undefined)
_StrictLoader.add_constructor(None, _StrictLoader.construct_undefined)


@dataclass(frozen=True)
class Problem:
    """One problem in a pack file: where, and what (a catalogue message)."""

    file: str
    line: int
    message: Msg

    def render(self, lang: Lang = "en") -> str:
        """``file:line: message`` in ``lang``."""
        return f"{self.file}:{self.line}: {self.message.render(lang)}"

    def __str__(self) -> str:
        return self.render("en")


class PackFileError(Exception):
    """A pack file that cannot be used; ``problems`` lists every problem found."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__("\n".join(map(str, problems)))
        self.problems = tuple(problems)

    def render(self, lang: Lang = "en") -> str:
        """Every problem, one a line, in ``lang``."""
        return "\n".join(p.render(lang) for p in self.problems)


def load_pack(path: str | Path, *, source: str | None = None) -> Pack:
    """Read and validate the pack at ``path``; ``source`` names it in errors (default: path)."""
    name = source or str(path)
    try:
        # Read one byte past the limit rather than trusting the size: a pipe or a device
        # (/dev/zero) has none, and reading it whole would never end.
        with Path(path).open("rb") as fh:
            raw = fh.read(MAX_PACK_BYTES + 1)
        if len(raw) > MAX_PACK_BYTES:
            raise PackFileError([Problem(name, 1, Msg("pack.too_big", limit=MAX_PACK_BYTES))])
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise PackFileError([Problem(name, line, Msg("pack.not_utf8",
                                                     reason=utf8_reason(exc)))]) from None
    except OSError as exc:
        raise PackFileError([Problem(name, 1, Msg("pack.unreadable",
                                                  reason=os_reason(exc)))]) from None
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
    except yaml.reader.ReaderError as exc:
        char = exc.character if isinstance(exc.character, str) else chr(exc.character)
        at = max(exc.position, 0)
        # libyaml counts the position in UTF-8 bytes, PyYAML's own reader in characters
        line = (text.count("\n", 0, at) if text[at:at + 1] == char
                else text.encode("utf-8").count(b"\n", 0, at)) + 1
        raise PackFileError([Problem(name, line, Msg("pack.yaml", problem=Msg(
            "yaml.bad_char", char=f"#x{ord(char):04x}")))]) from None
    except yaml.YAMLError as exc:
        raise PackFileError([Problem(name, 1, Msg("pack.yaml", problem=str(exc)))]) from None
    if not isinstance(data, dict):
        raise PackFileError([Problem(name, 1, Msg("pack.not_mapping"))])
    try:
        return Pack.model_validate(data)
    except ValidationError as exc:
        root = yaml.compose(text, Loader=_Loader)
        assert root is not None  # the text parsed to a mapping above
        raise PackFileError(_problems(exc, data, root, name)) from None


#: What the YAML parser says, in the catalogue's terms (libyaml's wording).
_YAML_PROBLEMS = {
    "could not find expected ':'": "yaml.no_colon",
    "mapping values are not allowed in this context": "yaml.mapping_here",
    "mapping values are not allowed here": "yaml.mapping_here",
    "found unexpected end of stream": "yaml.end",
    "did not find expected key": "yaml.no_key",
    "found character that cannot start any token": "yaml.bad_start",
    "block sequence entries are not allowed in this context": "yaml.list_here",
    "did not find expected <document start>": "yaml.extra",
    "did not find expected comment or line break": "yaml.no_break",
    "found a tab character that violates indentation": "yaml.tab",
    "found unknown escape character": "yaml.escape",
    "did not find expected whitespace or line break": "yaml.no_space",
    "did not find expected '-' indicator": "yaml.no_dash",
    "did not find expected ',' or '}'": "yaml.open_brace",
    "did not find expected ',' or ']'": "yaml.open_bracket",
    "did not find expected node content": "yaml.no_value",
    "did not find expected alphabetic or numeric character": "yaml.no_name",
    "but found another document": "yaml.two_documents",
    "found unhashable key": "yaml.key_not_text",
    "found undefined alias": "yaml.undefined_alias",
    "second occurrence": "yaml.duplicate_anchor",
    "found duplicate %YAML directive": "yaml.directive",
    "found incompatible YAML document": "yaml.version",
    "found undefined tag handle": "yaml.tag_handle",
}


def _yaml_problem(exc: yaml.MarkedYAMLError, name: str) -> Problem:
    mark = exc.problem_mark or exc.context_mark
    if isinstance(exc, _Refused):
        problem: Msg | str = exc.msg
    else:
        raw = exc.problem or str(exc)
        key = _YAML_PROBLEMS.get(raw)
        problem = Msg(key) if key else raw
    return Problem(name, mark.line + 1 if mark else 1, Msg("pack.yaml", problem=problem))


def _line_of(event: yaml.Event) -> int:
    mark = event.start_mark
    return int(mark.line) + 1 if mark else 1


def _too_deep(name: str, line: int) -> PackFileError:
    return PackFileError([Problem(name, line, Msg("pack.too_deep", max=MAX_YAML_DEPTH))])


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
                raise PackFileError([Problem(name, _line_of(event),
                                             Msg("pack.alias_loop", alias=event.anchor))])
            nodes += sizes.get(event.anchor or "", 1)
        if nodes > MAX_YAML_NODES:
            raise PackFileError([Problem(name, _line_of(event),
                                         Msg("pack.too_many_values", max=MAX_YAML_NODES))])


def pack_hash(pack: Pack) -> str:
    """SHA-256 of the pack's canonical content (independent of YAML layout and comments).

    Fields left at their defaults are left out, so a field added to the format later does not
    change the hash of a pack that does not use it.
    """
    return hashlib.sha256(pack.model_dump_json(exclude_defaults=True).encode()).hexdigest()


# --- locating problems -------------------------------------------------------------------

_COLLECTIONS = {"sections": "section", "items": "item", "rules": "rule", "exceptions": "exception",
                "site_categories": "site category", "tags": "tag", "checks": "check"}
assert set(_COLLECTIONS.values()) <= set(KIND_NAMES)


def _problems(exc: ValidationError, data: dict[str, Any], root: yaml.Node,
              name: str) -> list[Problem]:
    out: list[Problem] = []
    lines = _ReferenceLines(root)
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        if loc == ():
            # Cross-reference problems of the whole pack: one per reference, at its object.
            for message, ref in error_msgs(err):
                out.append(Problem(name, lines(ref), message))
            continue
        line = _line(root, loc)
        found = _owner(data, loc)
        field = ".".join(str(p) for p in loc[_owner_depth(data, loc):]) or None
        for message, _ in error_msgs(err):
            if field:
                message = Msg("pack.in_field", field=field, problem=message)
            if found:
                message = Msg("pack.in_owner", owner=found, problem=message)
            out.append(Problem(name, line, message))
    out.sort(key=lambda p: p.line)
    if len(out) > MAX_PROBLEMS:
        rest = len(out) - MAX_PROBLEMS
        out[MAX_PROBLEMS:] = [Problem(name, out[MAX_PROBLEMS].line,
                                      Msg("pack.more_problems", count=rest))]
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


def _owner(data: Any, loc: tuple[Any, ...]) -> Msg | None:
    found = _walk(data, loc)
    if not found:
        return None
    _, kind, ident = found[-1]
    return owner(kind, ident)


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

    def __call__(self, ref: Ref | None) -> int:
        if ref is None:
            return 1
        hits = [node for coll, k in _COLLECTIONS.items() if k == ref.kind
                for node in self.objects.get((coll, ref.id), [])]
        if not hits:
            return 1
        node = hits[min(ref.nth, len(hits)) - 1]
        if ref.value is not None:
            if id(node) not in self.scalars:
                found: dict[str, yaml.ScalarNode] = {}
                for scalar in _scalars(node):
                    found.setdefault(scalar.value, scalar)
                self.scalars[id(node)] = found
            node = self.scalars[id(node)].get(ref.value, node)
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
