"""The checklist template's layout (检查表模板): its sheets, their columns, the values a column
takes and the drop-down lists that offer them; what :mod:`core.excel.checklist` writes and reads.

One sheet holds the pack's own fields as 字段/值 rows; every other sheet is a table with one
row per section, item, sub-check, measured limit, tag, rule, link … in pack order, so that no
cell holds JSON. Names and values a person reads come from the catalogue (``tpl.*``) in the
reader's language; the reader takes either language back, and the pack format's own values.
"""

from __future__ import annotations

from dataclasses import dataclass

from core.i18n import CATALOGUE, Lang, t
from core.pack.model import WORDINGS, Comparison, Pack, Relation, Verification


@dataclass(frozen=True)
class Col:
    """One column of a table sheet (or one field of the pack sheet).

    ``kind`` says what a cell holds: ``text``; ``id`` (one identifier); ``ids`` (several, one a
    line, or separated by 、 or commas); ``lines`` (texts, one a line); ``date``; ``whole`` (a
    whole number); ``number``; ``choice`` (one of the list ``choices``: ``bool`` is 是/否);
    ``pairs`` (``A → B`` lines). ``ref`` names the drop-down list of a column that takes ids
    of another sheet (or the installed packs).
    """

    field: str
    kind: str = "text"
    required: bool = False
    choices: str = ""
    ref: str = ""
    wide: bool = False


def _c(field: str, kind: str = "text", *, req: bool = False, choices: str = "", ref: str = "",
       wide: bool = False) -> Col:
    return Col(field, kind, req, choices, ref, wide)


#: The sheets in the order they are written; ``instructions`` is read by people only.
ORDER = ("instructions", "pack", "sections", "items", "checks", "measures", "tags",
         "site_categories", "rules", "exceptions", "notes", "constitutes", "predecessors",
         "amend")

#: The pack sheet: the pack's own fields, nested ones as ``group.field``.
PACK_FIELDS: tuple[Col, ...] = (
    _c("id", "id", req=True), _c("version", req=True), _c("title_zh", req=True),
    _c("title_en", req=True), _c("standard", req=True), _c("issuer", req=True),
    _c("sector", "id", req=True), _c("effective", "date", req=True), _c("effective_note"),
    _c("replaces"), _c("series", "id"), _c("extends"),
    _c("campaign.training_days", "whole"), _c("campaign.report_days", "whole"),
    _c("superseded_by.standard"), _c("superseded_by.title_zh"),
    _c("superseded_by.effective", "date"), _c("superseded_by.note"),
    _c("on_site_correction.clause"), _c("on_site_correction.text_zh"),
    _c("on_site_correction.gloss_en"),
    _c("collective_decision.clause"), _c("collective_decision.min_participants", "whole"),
    _c("collective_decision.text_zh"), _c("collective_decision.gloss_en"),
)

#: The table sheets' columns, in order.
TABLES: dict[str, tuple[Col, ...]] = {
    "sections": (_c("id", "id", req=True), _c("title_zh", req=True), _c("title_en", req=True),
                 _c("tags", "ids", ref="tags")),
    "items": (_c("section", "id", req=True, ref="sections"), _c("id", "id", req=True),
              _c("clause", req=True), _c("text_zh", req=True, wide=True),
              _c("gloss_en", req=True, wide=True), _c("guidance_zh", req=True, wide=True),
              _c("guidance_en", wide=True), _c("evidence", "lines", wide=True),
              _c("verification", "choice", choices="verification"), _c("verification_note"),
              _c("tags", "ids", ref="tags"), _c("combine", "choice", choices="combine"),
              _c("device_failure", "choice", choices="bool"), _c("effective", "date"),
              _c("deadline_days", "whole"), _c("record_parts", "choice", choices="bool"),
              _c("record_parts_reason")),
    "checks": (_c("item", "id", req=True, ref="items"), _c("path", req=True),
               _c("text_zh", req=True, wide=True), _c("gloss_en", req=True, wide=True),
               _c("combine", "choice", choices="combine"), _c("tags", "ids", ref="tags"),
               _c("effective", "date")),
    "measures": (_c("item", "id", req=True, ref="items"), _c("path"),
                 _c("quantity_zh", req=True), _c("quantity_en", req=True), _c("unit"),
                 _c("wording", "choice", choices="wording"), _c("op", "choice", choices="op"),
                 _c("limit", "number", req=True), _c("relative", "choice", choices="bool"),
                 _c("bound", "choice", choices="bound"),
                 _c("requirement", "choice", choices="bool")),
    "tags": (_c("id", "id", req=True), _c("name_zh", req=True), _c("name_en", req=True)),
    "site_categories": (_c("id", "id", req=True), _c("name_zh", req=True),
                        _c("name_en", req=True)),
    "rules": (_c("id", "id", req=True), _c("kind", "choice", req=True, choices="kind"),
              _c("clause", req=True), _c("text_zh", req=True, wide=True),
              _c("gloss_en", req=True, wide=True), _c("items", "ids", ref="items"),
              _c("sections", "ids", ref="sections"),
              _c("applies_to", "ids", ref="site_categories"), _c("threshold", "whole"),
              _c("verification", "choice", choices="verification")),
    "exceptions": (_c("id", "id", req=True), _c("clause", req=True),
                   _c("text_zh", req=True, wide=True), _c("gloss_en", req=True, wide=True),
                   _c("vetoes", "ids", ref="rules")),
    "notes": (_c("id", "id", req=True), _c("clause", req=True),
              _c("text_zh", req=True, wide=True), _c("gloss_en", req=True, wide=True),
              _c("verification", "choice", choices="verification")),
    "constitutes": (_c("item", "id", req=True, ref="items"),
                    _c("pack", "id", req=True, ref="packs"), _c("target", "id", req=True),
                    _c("note", wide=True)),
    "predecessors": (_c("item", "id", req=True, ref="items"), _c("previous", "id", req=True),
                     _c("relation", "choice", choices="relation"), _c("values", "pairs"),
                     _c("note", wide=True)),
    "amend": (_c("item", "id", req=True), _c("guidance_zh", wide=True),
              _c("guidance_en", wide=True), _c("evidence", "lines", wide=True),
              _c("deadline_days", "whole")),
}

#: The table sheets, in order (every sheet but the instructions and the pack's own fields).
TABLE_SHEETS = ORDER[2:]

#: A column whose values are a pack field of another name (the sub-check's ``id`` is the last
#: step of its path; a link's ``item`` is the other item).
FIELD_OF = {("checks", "path"): "id", ("constitutes", "target"): "item",
            ("predecessors", "previous"): "item"}

#: The drop-down lists with fixed values: each value as the pack format writes it.
CHOICES: dict[str, tuple[str, ...]] = {
    "kind": ("direct", "composite"),
    "combine": ("any", "all"),
    "verification": tuple(v.value for v in Verification),
    "relation": tuple(r.value for r in Relation),
    "bound": ("min", "max"),
    "bool": ("yes", "no"),
    "wording": tuple(WORDINGS),
    "op": tuple(c.value for c in Comparison),
}

#: Other ways a comparison is typed (full-width signs, ≥ and ≤).
OP_SIGNS = {"\uff1e": ">", "\uff1c": "<", "\u2265": ">=", "\u2264": "<=", "\uff1e=": ">=",
            "\uff1c=": "<=", "=>": ">=", "=<": "<="}
#: Other ways yes and no are typed.
YES_NO = {"true": "yes", "y": "yes", "1": "yes", "\u221a": "yes", "\u2713": "yes",
          "false": "no", "n": "no", "0": "no", "\u00d7": "no", "\u2717": "no"}

#: Sheets whose rows belong to an item (their first column names it).
ITEM_SHEETS = ("checks", "measures", "constitutes", "predecessors")

#: Where the ids a drop-down offers are: (sheet, column field) of the template, or the list of
#: installed packs on the instructions sheet.
REF_RANGES = {"tags": ("tags", "id"), "sections": ("sections", "id"), "items": ("items", "id"),
              "site_categories": ("site_categories", "id"), "rules": ("rules", "id")}


def sheet_name(key: str, lang: Lang) -> str:
    """A sheet's name in ``lang``."""
    return t(f"tpl.sheet.{key}", lang)


def column_name(sheet: str, field: str, lang: Lang) -> str:
    """A column's header (or, on the pack sheet, a field's name) in ``lang``."""
    if sheet == "pack":
        return t(f"tpl.field.{field}", lang)
    own = f"tpl.col.{sheet}.{field}"
    return t(own if own in CATALOGUE else f"tpl.col.{field}", lang)


def column_help(sheet: str, field: str, lang: Lang) -> str:
    """What a column (or a pack field) means and how to fill it in, in ``lang``."""
    return t(f"tpl.help.{sheet}.{field}", lang)


def choice_label(choices: str, value: str, lang: Lang) -> str:
    """How a value of a fixed list is shown in ``lang`` (a limit word and a comparison are
    shown as they are)."""
    key = f"tpl.choice.{choices}.{value.replace('-', '_')}"
    return t(key, lang) if key in CATALOGUE else value


def choice_value(choices: str, text: str) -> str | None:
    """The value a cell of a fixed list says (its label in either language, or the value
    itself), or None when it says none of them."""
    word = text.strip()
    if choices == "op":
        word = OP_SIGNS.get(word.replace(" ", ""), word.replace(" ", ""))
    if choices == "bool":
        word = YES_NO.get(word.lower(), word)
    for value in CHOICES[choices]:
        if word in (value, choice_label(choices, value, "zh"), choice_label(choices, value, "en")):
            return value
        if choices != "wording" and word.lower() == value.lower():
            return value
    return None


def sheet_keys() -> dict[str, str]:
    """Every name a template may give a sheet (either language, or its key) to its key."""
    out: dict[str, str] = {}
    for key in ORDER:
        out |= {key: key, sheet_name(key, "zh"): key, sheet_name(key, "en"): key}
    return out


def column_keys(sheet: str) -> dict[str, str]:
    """Every name a column of ``sheet`` may have (either language, or its field) to its field;
    on the pack sheet, every name of a pack field."""
    cols = PACK_FIELDS if sheet == "pack" else TABLES[sheet]
    out: dict[str, str] = {}
    for col in cols:
        out |= {col.field: col.field, column_name(sheet, col.field, "zh"): col.field,
                column_name(sheet, col.field, "en"): col.field}
    return out


def sheet_columns(sheet: str) -> tuple[str, ...]:
    """The fields of a table sheet's columns, in order (as the English template heads them)."""
    return tuple(c.field for c in TABLES[sheet])


@dataclass(frozen=True)
class KnownPack:
    """An installed pack, as the template needs it: to list it for 构成 and 扩展, to check that
    a link names it and one of its items, and (``pack``) to check an overlay against it."""

    id: str
    version: str
    title_zh: str
    items: frozenset[str] = frozenset()
    pack: Pack | None = None
