"""Overlays (地方补充): a pack that extends an official pack without copying or weakening it.

An overlay is a pack file with ``extends: PACK@VERSION``. It brings its own sections of local
items, additions to official items (``amend``: guidance and evidence hints appended after the
official ones, a local rectification deadline) and local campaign settings. It may not remove
an official item, change one (its clause, text, sub-checks, measure, tags, links), add or
change a determination rule or an exception, or put a local item where an official rule would
count it: a city cannot make new 重大隐患 criteria. :func:`overlay_problems` names each of these;
:func:`merge` refuses an overlay that has any and otherwise returns the effective pack.

``VERSION`` matches the official pack's version exactly or as a dotted prefix: ``2017.1``
matches ``2017.1`` and ``2017.1.2`` (a corrected edition of the same data), not ``2017.10``.

The effective pack has the overlay's id, version and titles, ``extends`` naming the exact
version merged with, and everything else of the official pack: its standard, issuer, dates,
rules, exceptions, tags and site categories, its items unchanged but for the appended advice
and deadlines. The overlay's sections follow the official ones, their items marked ``local``
(so determinations list them in ``local_items``) and counting from the overlay's date when it
is later than the official pack's. The overlay's own standard, issuer and date are kept in
``overlay``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

import yaml
from pydantic import ValidationError

from core.i18n import Lang, Msg, t
from core.pack.errors import error_msgs
from core.pack.loader import Problem, id_lines
from core.pack.model import (
    _VERSION,
    ID_PATTERN,
    Amendment,
    Item,
    OverlaySource,
    Pack,
    Ref,
    Section,
)

#: The fields of a pack that belong to the official standard: an overlay sets none of them
#: (the effective pack keeps the official pack's). Rules and exceptions, refused for every
#: pack with ``extends``, are the model's (:class:`core.pack.model.Pack`).
OFFICIAL_PACK_FIELDS = ("site_categories", "on_site_correction", "collective_decision", "notes",
                        "series", "superseded_by", "replaces", "overlay")

_SPEC = re.compile(ID_PATTERN[:-1] + "@" + _VERSION.pattern[1:])

Problems = list[tuple[Msg, Ref | None]]


class OverlayError(Exception):
    """An overlay that cannot be merged: every problem, each with the object it is about."""

    def __init__(self, problems: Sequence[tuple[Msg, Ref | None]]) -> None:
        super().__init__("; ".join(str(m) for m, _ in problems))
        self.problems = tuple(problems)

    def render(self, lang: Lang = "en") -> str:
        return "\n".join(m.render(lang) for m, _ in self.problems)


def parse_extends(extends: str) -> tuple[str, str] | None:
    """``PACK@VERSION`` as (pack id, version); None when it is not of that form."""
    if not _SPEC.match(extends):
        return None
    pack, _, version = extends.partition("@")
    return pack, version


def version_matches(wanted: str, installed: str) -> bool:
    """Whether the installed version is the one an overlay names: equal, or a dotted
    prefix of it (``2017.1`` matches ``2017.1.2``, not ``2017.10``)."""
    return installed == wanted or installed.startswith(wanted + ".")


def find_base(overlay: Pack, packs: Mapping[str, Pack]) -> Pack:
    """The installed pack ``overlay`` extends; refused (:class:`OverlayError`) when its
    ``extends`` is malformed, the pack is not installed, or its version does not match."""
    extends = overlay.extends or ""
    spec = parse_extends(extends)
    where = Ref("field", "extends", value=extends)
    if spec is None:
        raise OverlayError([(Msg("overlay.bad_extends", value=extends), where)])
    pack_id, version = spec
    base = packs.get(pack_id)
    if base is None:
        raise OverlayError([(Msg("overlay.base_missing", overlay=overlay.id, base=pack_id,
                                 version=version, known=", ".join(sorted(packs)) or "-"),
                             where)])
    if not version_matches(version, base.version):
        raise OverlayError([(Msg("overlay.version_mismatch", overlay=overlay.id, base=pack_id,
                                 wanted=version, installed=base.version), where)])
    return base


def resolve(overlay: Pack, packs: Mapping[str, Pack]) -> tuple[Pack, Pack]:
    """The official pack ``overlay`` extends (among ``packs``) and the effective pack."""
    base = find_base(overlay, packs)
    return base, merge(base, overlay)


def overlay_problems(base: Pack, overlay: Pack) -> Problems:
    """Everything that keeps ``overlay`` from extending ``base``: each a catalogue message with
    the object of the overlay file it is about."""
    problems: Problems = []
    add = problems.append
    spec = parse_extends(overlay.extends or "")
    if overlay.extends is None:
        add((Msg("overlay.not_overlay", overlay=overlay.id), None))
    elif spec is None:
        add((Msg("overlay.bad_extends", value=overlay.extends),
             Ref("field", "extends", value=overlay.extends)))
    elif spec[0] != base.id or not version_matches(spec[1], base.version):
        add((Msg("overlay.version_mismatch", overlay=overlay.id, base=spec[0],
                 wanted=spec[1], installed=f"{base.id}@{base.version}"),
             Ref("field", "extends", value=overlay.extends)))
    if base.extends is not None:
        add((Msg("overlay.base_is_overlay", base=base.id, extends=base.extends),
             Ref("field", "extends")))
    if overlay.sector != base.sector:
        add((Msg("overlay.sector", sector=overlay.sector, base=base.id,
                 base_sector=base.sector), Ref("field", "sector", value=overlay.sector)))
    # rules and exceptions: refused by the model for any pack with ``extends``
    for field in OFFICIAL_PACK_FIELDS:
        if field in overlay.model_fields_set and getattr(overlay, field) not in (None, (), ""):
            add((Msg("overlay.official_field", field=field, base=base.id),
                 Ref("field", field)))
    base_tags = {tag.id: tag for tag in base.tags}
    for tag in overlay.tags:
        if base_tags.get(tag.id) != tag:
            add((Msg("overlay.tag", tag=tag.id, base=base.id,
                     known=", ".join(base_tags) or "-"), Ref("tag", tag.id)))
    problems += _section_problems(base, overlay)
    problems += _amend_problems(base, overlay)
    return problems


def _section_problems(base: Pack, overlay: Pack) -> Problems:
    problems: Problems = []
    add = problems.append
    base_sections = {s.id: s for s in base.sections}
    base_items = {i.id: i for i in base.items()}
    for section in overlay.sections:
        official = base_sections.get(section.id)
        if official is not None:
            # a copy of an official section: what it leaves out, changes or adds
            before = len(problems)
            mine = {i.id for i in section.items}
            for item in official.items:
                if item.id not in mine:
                    add((Msg("overlay.removes_item", item=item.id, section=section.id,
                             base=base.id), Ref("section", section.id)))
            for item in section.items:
                if item.id in base_items:
                    problems += _changed(base, base_items[item.id], item)
                else:
                    add((Msg("overlay.into_base_section", item=item.id, section=section.id,
                             base=base.id), Ref("item", item.id)))
            if len(problems) == before:
                add((Msg("overlay.copies_section", section=section.id, base=base.id),
                     Ref("section", section.id)))
            continue
        for item in section.items:
            if item.id in base_items:
                found = _changed(base, base_items[item.id], item)
                problems += found or [(Msg("overlay.copies_item", item=item.id, base=base.id),
                                       Ref("item", item.id))]
            elif item.constitutes:
                add((Msg("overlay.constitutes", item=item.id,
                         target=", ".join(f"{c.pack} {c.item}" for c in item.constitutes)),
                     Ref("item", item.id)))
    return problems


def _changed(base: Pack, official: Item, mine: Item) -> Problems:
    """An official item written again in an overlay with other content: the fields it
    changes (none when it is a plain copy)."""
    theirs, ours = official.model_dump(), mine.model_dump()
    fields = [f for f in Item.model_fields if f != "local" and theirs[f] != ours[f]]
    if not fields:
        return []
    return [(Msg("overlay.changes_item", item=mine.id, base=base.id, fields=", ".join(fields)),
             Ref("item", mine.id))]


def _amend_problems(base: Pack, overlay: Pack) -> Problems:
    problems: Problems = []
    add = problems.append
    base_items = {i.id for i in base.items()}
    local_items = {i.id for i in overlay.items()}
    seen: set[str] = set()
    for a in overlay.amend:
        where = Ref("amend", a.item)
        if a.item in seen:
            add((Msg("overlay.amend_twice", item=a.item), Ref("amend", a.item, nth=2)))
        seen.add(a.item)
        if a.item in local_items and a.item not in base_items:
            add((Msg("overlay.amend_local", item=a.item), where))
        elif a.item not in base_items:
            add((Msg("overlay.amend_unknown", item=a.item, base=base.id), where))
        if not (a.guidance_zh.strip() or a.guidance_en.strip() or a.evidence
                or a.deadline_days is not None):
            add((Msg("overlay.amend_empty", item=a.item), where))
    return problems


def merge(base: Pack, overlay: Pack) -> Pack:
    """The effective pack of ``overlay`` over ``base`` (see the module's docstring); refused
    with every problem (:class:`OverlayError`) when the overlay would weaken or change it."""
    problems = overlay_problems(base, overlay)
    if problems:
        raise OverlayError(problems)
    amendments = {a.item: a for a in overlay.amend}
    sections: list[Section] = [
        s.model_copy(update={"items": tuple(_amended(i, amendments.get(i.id), overlay)
                                            for i in s.items)})
        for s in base.sections]
    later = overlay.effective if overlay.effective > base.effective else None
    sections += [s.model_copy(update={"items": tuple(
        i.model_copy(update={"local": True, "effective": i.effective or later})
        for i in s.items)}) for s in overlay.sections]
    data: dict[str, Any] = base.model_dump()
    data.update(
        id=overlay.id, version=overlay.version, title_zh=overlay.title_zh,
        title_en=overlay.title_en, extends=f"{base.id}@{base.version}", series=None, amend=(),
        sections=[s.model_dump() for s in sections],
        campaign=(overlay.campaign or base.campaign),
        overlay=OverlaySource(base=base.id, base_version=base.version,
                              standard=overlay.standard, issuer=overlay.issuer,
                              effective=overlay.effective).model_dump())
    if data["campaign"] is not None:
        data["campaign"] = data["campaign"].model_dump()
    try:
        return Pack.model_validate(data)
    except ValidationError as exc:
        # what only the two together get wrong (a local item dated before the official pack)
        raise OverlayError([p for err in exc.errors(include_url=False)
                            for p in error_msgs(err)]) from None


def _amended(item: Item, amendment: Amendment | None, overlay: Pack) -> Item:
    """An official item with the overlay's additions appended, each marked as local."""
    if amendment is None:
        return item
    update: dict[str, Any] = {}
    if amendment.guidance_zh.strip():
        mark = t("overlay.guidance_mark", "zh", title=overlay.title_zh)
        update["guidance_zh"] = f"{item.guidance_zh}\n{mark}{amendment.guidance_zh.strip()}"
    if amendment.guidance_en.strip():
        mark = t("overlay.guidance_mark", "en", title=overlay.title_en)
        update["guidance_en"] = (f"{item.guidance_en}\n{mark}{amendment.guidance_en.strip()}"
                                 if item.guidance_en else f"{mark}{amendment.guidance_en.strip()}")
    if amendment.evidence:
        update["evidence"] = item.evidence + tuple(e for e in amendment.evidence
                                                   if e not in item.evidence)
    if amendment.deadline_days is not None:
        update["deadline_days"] = amendment.deadline_days
    return item.model_copy(update=update)


# --- locating problems in the overlay file ------------------------------------------------


def overlay_lines(text: str) -> dict[tuple[str, str], int]:
    """The line of each object of overlay YAML ``text`` a problem can be about: those with an
    id (:func:`core.pack.loader.id_lines`), each ``amend`` entry (``("amend", ITEM)``) and
    each top-level field (``("field", NAME)``)."""
    out = id_lines(text)
    try:
        root = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        return out
    if not isinstance(root, yaml.MappingNode):
        return out
    for key, value in root.value:
        out.setdefault(("field", str(key.value)), int(key.start_mark.line) + 1)
        if key.value == "amend" and isinstance(value, yaml.SequenceNode):
            for entry in value.value:
                if not isinstance(entry, yaml.MappingNode):
                    continue
                for k, v in entry.value:
                    if k.value == "item" and isinstance(v, yaml.ScalarNode):
                        out.setdefault(("amend", str(v.value)), int(entry.start_mark.line) + 1)
    return out


def located(problems: Sequence[tuple[Msg, Ref | None]], text: str, name: str) -> list[Problem]:
    """The problems as ``file:line`` problems of the overlay file ``name`` (its ``text``)."""
    lines = overlay_lines(text)
    out = []
    for msg, ref in problems:
        line = lines.get((ref.kind, ref.id), 1) if ref is not None else 1
        out.append(Problem(name, line, msg))
    return sorted(out, key=lambda p: p.line)
