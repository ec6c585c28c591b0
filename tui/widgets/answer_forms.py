"""The runner's form for an item answered part by part: one answer per sub-check (按子项逐条作答)
and the values measured (填入…), each value with its limit beside it and checked as it is
typed, and the status they give said live above the fields."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from core.engine.findings import Finding, Status, derive_status, set_aside
from core.i18n import AnjianError, Lang, t
from core.pack.model import Check, Item, Measure
from core.views.checklist import ChecklistEntry
from tui.forms import FormField
from tui.widgets.item_pane import limit_text

#: The answers a sub-check may take, in the order offered.
STATUSES = ("compliant", "noncompliant", "not_applicable")


@dataclass(frozen=True)
class Part:
    """One field's place in the answer: the path of sub-check ids to it (empty: the item
    itself), and whether it is a status, a measured value or a design value."""

    path: tuple[str, ...]
    what: str  # status | value | design


def _key(part: Part) -> str:
    return "-".join(("c", *part.path, part.what))


def _parts(node: Item | Check, path: tuple[str, ...], tags: frozenset[str] | None,
           on: dt.date | None) -> Iterator[tuple[Part, Item | Check]]:
    if node.measure is not None:
        yield Part(path, "value"), node
        if node.measure.needs_design:
            yield Part(path, "design"), node
    elif node.checks:
        for c in node.checks:
            # a part the text sets aside for this site or date is not asked (it counts as
            # absent; the item pane says why)
            if set_aside(c, tags, on) is None:
                yield from _parts(c, (*path, c.id), tags, on)
    elif path:
        yield Part(path, "status"), node


def _stored(detail: dict[str, Any], part: Part) -> Any:
    """The value this part holds in a stored answer's detail (None: none)."""
    node: Any = detail
    for step in part.path:
        node = ((node or {}).get("checks") or {}).get(step)
        if not isinstance(node, dict):
            return None
    return (node or {}).get(part.what)


def value_check(lang: Lang, measure: Measure | None = None) -> Any:
    """A value field's check: a number the measure can take (the services' own rule)."""
    from core.services.inspections import parse_value

    def check(text: Any) -> str | None:
        _number, why = parse_value(str(text))
        return why.render(lang) if why is not None else None

    return check


class DetailForm:
    """The fields of an item's sub-check answers and values, what they give, and the
    answer's ``detail`` as the answer service takes it."""

    def __init__(self, lang: Lang, entry: ChecklistEntry,
                 site_tags: frozenset[str] | None = None, on: dt.date | None = None) -> None:
        self.lang, self.entry, self.item = lang, entry, entry.item
        self.site_tags, self.on = site_tags, on
        self.parts = list(_parts(self.item, (), site_tags, on))

    def fields(self) -> list[FormField]:
        lang, out = self.lang, []
        for part, node in self.parts:
            number = ".".join(part.path)
            text = node.text_zh if lang == "zh" else node.gloss_en
            title = f"{number}. {text}" if part.path else ""
            stored = _stored(self.entry.detail, part)
            if part.what == "status":
                out.append(FormField(
                    _key(part), title, "choice", stored or "",
                    choices=[(s, t(f"ui.answer.{s}", lang)) for s in STATUSES],
                    required=False))
                continue
            measure = node.measure
            assert measure is not None
            quantity = measure.quantity_zh if lang == "zh" else measure.quantity_en
            if part.what == "value":
                label = t("ui.inspect.value_label", lang, quantity=quantity,
                          unit=measure.unit or "-")
                hint = t("ui.inspect.limit_hint", lang, limit=limit_text(measure, lang))
            else:
                label = t("ui.inspect.design_label", lang, quantity=quantity,
                          unit=measure.unit or "-")
                hint = ""
            out.append(FormField(
                _key(part), f"{title}\n{label}" if title else label, "text",
                "" if stored is None else f"{stored:g}", check=value_check(lang),
                required=not part.path, hint=hint))
        return out

    def detail(self, values: dict[str, Any]) -> dict[str, Any]:
        """The answer's ``detail`` from the form's values (blank parts left out; values as
        numbers, unparsable ones left out for the field's own check to name)."""
        from core.services.inspections import parse_value

        detail: dict[str, Any] = {}
        for part, _node in self.parts:
            raw = values.get(_key(part))
            if raw in (None, ""):
                continue
            if part.what == "status":
                got: Any = {"status": raw}
            else:
                number, why = parse_value(str(raw))
                if why is not None:
                    continue
                got = number
            node = detail
            for step in part.path:
                node = node.setdefault("checks", {}).setdefault(step, {})
            if part.what == "status":
                node.update(got)
            else:
                node[part.what] = got
        return detail

    def status(self, values: dict[str, Any]) -> Status | None:
        """The item's status the values give (None: not yet decided by them)."""
        detail = self.detail(values)
        if not detail:
            return None
        try:
            return derive_status(self.item, Finding(item=self.item.id, **detail),
                                 site_tags=self.site_tags, on=self.on)
        except (AnjianError, ValueError):
            return None

    def live(self, values: dict[str, Any]) -> str:
        """The status as the values stand, for the line above the fields."""
        status = self.status(values)
        if status is None:
            return t("ui.inspect.live_none", self.lang)
        return t("ui.inspect.live", self.lang, status=t(f"ui.answer.{status.value}", self.lang))

    def answer(self, values: dict[str, Any]) -> tuple[Status, dict[str, Any]]:
        """(the status, the detail) to store; refused while the values decide nothing."""
        status = self.status(values)
        if status is None:
            raise AnjianError("ui.inspect.undecided")
        return status, self.detail(values)


def detail_form(lang: Lang, entry: ChecklistEntry, site_tags: frozenset[str] | None = None,
                on: dt.date | None = None) -> DetailForm | None:
    """The part-by-part form of ``entry`` (None: its item has neither sub-checks nor a
    measure, and is answered whole), without the parts the text sets aside for the site's
    tags or the inspection date."""
    form = DetailForm(lang, entry, site_tags, on)
    return form if form.parts else None
