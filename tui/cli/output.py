"""Output shared by the command groups: JSON, and readable renderings in the reader's
language.

Everything the command line prints goes through :func:`echo` or :func:`emit`, which write out a
control character as its escape (``\\x1b``): text stored before control characters were
refused, a pack's text or a value quoted back in a refusal can ring the bell or start an escape
sequence, but never rewrite what the terminal shows."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import typer

from core.i18n import Lang, name, t
from core.pack.free_text import CONTROL, visible

if TYPE_CHECKING:
    import datetime as dt

    from core.engine.determination import Determination
    from core.pack.model import Pack
    from core.plugins.catalogue import Catalogue
    from core.services.packs import PackStanding
    from core.services.versions import Reevaluation
    from core.views.evidence import StoredFile
    from core.views.hazards import HazardView
    from core.views.inspections import InspectionView


def emit(data: Any) -> None:
    """``data`` as the JSON ``--json`` prints (a control character as its ``\\u`` escape,
    which JSON reads back as the character)."""
    text = json.dumps(data, ensure_ascii=False, indent=2, default=str)
    typer.echo(CONTROL.sub(_json_escape, text))


def emit_stream(batches: Iterable[Iterable[Any]]) -> int:
    """Items arriving in batches as the JSON array :func:`emit` would print for all of them
    (the same text), written batch by batch: memory stays flat however many there are.
    Returns how many."""
    count = 0
    for batch in batches:
        parts = []
        for item in batch:
            text = json.dumps(item, ensure_ascii=False, indent=2, default=str)
            parts.append(("[\n  " if count == 0 else ",\n  ") + text.replace("\n", "\n  "))
            count += 1
        if parts:
            typer.echo(CONTROL.sub(_json_escape, "".join(parts)), nl=False)
    typer.echo("\n]" if count else "[]")
    return count


def echo_stream(batches: Iterable[Iterable[str]]) -> int:
    """Lines arriving in batches, each as :func:`echo` writes it, written a batch at a time
    (one write, not one a line); returns how many."""
    count = 0
    for batch in batches:
        lines = list(batch)
        if lines:
            typer.echo(visible("\n".join(lines)))
            count += len(lines)
    return count


def _json_escape(found: re.Match[str]) -> str:
    return f"\\u{ord(found.group()):04x}"


def echo(text: str = "", *, err: bool = False) -> None:
    """``text`` on the terminal, every control character in it written out (``\\x1b``)."""
    typer.echo(visible(text), err=err)


def block(text: str, indent: str) -> str:
    """Free text of several lines under a line of output: each further line indented, so a
    line of the text never reads as a line of the output."""
    return text.replace("\n", "\n" + indent)


def names(values: Sequence[str], lang: Lang) -> str:
    """A list of names as a sentence lists them."""
    return ("、" if lang == "zh" else ", ").join(values)


def verdict(value: str, lang: Lang) -> str:
    return t("verdict." + value, lang)


def files(stored: Sequence[StoredFile], lang: Lang) -> None:
    """Files just kept in the evidence store."""
    for f in stored:
        echo(t("cli.out.file", lang, name=f.name, size=f.size, sha256=f.sha256))


def hazard_line(h: HazardView, lang: Lang) -> str:
    """A hazard after a change: its number, level, status and deadline."""
    line = t("cli.out.hazard.line", lang, id=h.id, level=name("ui.level", h.level, lang),
             status=name("hstatus", h.status, lang))
    if h.deadline:
        line += t("cli.out.hazard.deadline", lang, date=h.deadline.isoformat())
    return line


def marked(d: Determination, lang: Lang) -> str:
    """The mark a determination under a withdrawn standard carries beside its verdict
    (nothing for one in force)."""
    if d.standing != "withdrawn":
        return ""
    return t("standing.marked", lang, mark=t("standing.withdrawn_mark", lang))


def standing_line(standing: PackStanding, lang: Lang) -> str:
    """``标准效力：已废止：GB … 已于 … 被 … 替代；现行标准未安装``."""
    return f"{t('standing.label', lang)}: {standing.summary().render(lang)}"


def withdrawn_lines(catalogue: Catalogue, on: dt.date,
                    determinations: Sequence[Determination], lang: Lang) -> list[str]:
    """For each determination under a withdrawn standard, the mark with what replaced the
    standard, when, and whether that is installed."""
    from core.services.packs import standing_of

    out = []
    for d in determinations:
        entry = catalogue.get(d.pack) if d.standing == "withdrawn" else None
        if entry is not None:
            banner = standing_of(catalogue, entry.pack, on).banner()
            out.append(f"! {d.pack}: {banner.render(lang)}")
    return out


def view_json(catalogue: Catalogue, view: InspectionView) -> dict[str, Any]:
    """An inspection's ``--json``, each determination under a withdrawn standard with its
    successor (``successor``: the standard, its date, whether it is installed)."""
    from core.services.packs import with_successor

    data = view.as_json()
    on = view.inspection.inspected_on
    data["determinations"] = [with_successor(catalogue, d, on) for d in data["determinations"]]
    return data


def determination(d: Determination, pack: Pack, lang: Lang,
                  standing: PackStanding | None = None,
                  others: Mapping[str, Pack] | None = None) -> None:
    """A determination as an inspector reads it: the verdict (marked when its standard was
    withdrawn by the inspection date, with what replaced it: ``standing``), each trigger with
    the official text of its rule and findings, exceptions, and the other findings by kind."""
    items = {i.id: i for i in pack.items()}
    rules = {r.id: r for r in pack.rules}
    en = lang == "en"
    echo(f"{t('out.pack', lang)}: {pack.id} {d.pack_version} — {pack.standard} "
         f"{pack.title_en if en else pack.title_zh}")
    echo(f"{t('out.verdict', lang)}: {verdict(d.verdict, lang)}{marked(d, lang)}")
    if standing is not None and d.standing != "in_force":
        echo(standing_line(standing, lang))
    for trig in d.triggers:
        rule = rules[trig.rule]
        kind = t("out." + trig.kind, lang)
        veto = f" [{t('out.vetoed', lang)}]" if trig.vetoed else ""
        echo(f"  {t('out.trigger', lang)} {trig.rule} ({kind}, {rule.clause}): "
             f"{t('out.count', lang, count=trig.count, threshold=trig.threshold)}{veto}")
        echo(f"    {rule.text_zh}")
        if en:
            echo(f"    {rule.gloss_en}")
        for item_id in trig.items:
            item = items[item_id]
            echo(f"    - {item.clause} {item.text_zh}")
            if en:
                echo(f"      {item.gloss_en}")
    if d.excluded_by:
        exc = {x.id: x for x in pack.exceptions}
        echo(f"{t('out.excluded_by', lang)}:")
        for x in d.excluded_by:
            echo(f"  {x} {exc[x].gloss_en if en else exc[x].text_zh}")
    for key, ids in (("out.general", d.general_hazards), ("out.corrected", d.corrected_on_site),
                     ("out.unanswered", d.unanswered), ("out.not_applicable", d.not_applicable)):
        if ids:
            echo(f"{t(key, lang)} ({len(ids)}): {', '.join(items[i].clause for i in ids)}")
    from tui.text import part_lines

    for line in part_lines(d, pack, lang, others):
        echo(line)
    for w in d.warnings:
        echo(f"{t('out.warnings', lang)}: {w.render(lang)}")
    echo("")


def reevaluation(r: Reevaluation, lang: Lang) -> None:
    """Both determinations, then what changes between the versions."""
    from tui.text import change_lines

    determination(r.before, r.source.pack, lang)
    determination(r.after, r.target.pack, lang)
    for line in change_lines(r, lang):
        echo(line)
