"""``anjian stats``: colour codes, 每千次检查发现重大事故隐患 (self-inspections apart), hazards by
status."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from core.i18n import Lang, name, t
from tui.cli.options import Json, options
from tui.cli.output import echo, emit

if TYPE_CHECKING:
    from core.views.statistics import Statistics


def show(data: Statistics, lang: Lang) -> None:
    """The statistics as a person reads them: each rate with its numerator and denominator."""
    from tui.text import rate_figure

    echo(t("cli.out.stats.enterprises", lang, count=data.enterprises, colours=" ".join(
        f"{name('colour', k, lang)} {v}" for k, v in data.colours.items())))
    for key, overall, groups in (("cli.out.stats.team", data.overall, data.major_per_1000),
                                 ("cli.out.stats.self", data.self_overall, data.self_per_1000)):
        echo(t(key, lang, rate=rate_figure(overall, lang), major=overall.major,
               inspections=overall.inspections))
        if key == "cli.out.stats.team":
            echo("  " + t("ui.rate.definition", lang))
        for by, rows in groups.items():
            if not rows:
                continue
            echo(name("cli.out.stats.by", by, lang))
            for r in rows:
                group = name("sector", r.group, lang) if by == "sector" else r.group
                echo("    " + t("cli.out.stats.rate", lang, group=group, rate=rate_figure(r, lang),
                                major=r.major, inspections=r.inspections))
    for c in data.hazards:
        echo(t("cli.out.stats.hazards", lang, level=name("ui.level", c.level, lang),
               status=name("hstatus", c.status, lang), count=c.count))
    echo(t("cli.out.stats.overdue", lang, count=data.overdue))
    echo(t("cli.out.stats.recurrences", lang, after=data.recurred_after_closing,
           linked=data.found_again_open))


def stats(ctx: typer.Context, as_json: Json = False) -> None:
    """Colour codes, major-hazard determinations per 1,000 inspections (by sector, district
    and month; self-inspections apart), hazards by status, overdue."""
    from core.services import statistics

    opts = options(ctx)
    data = statistics.stats(opts.context())
    if as_json:
        emit(data.model_dump(mode="json"))
        return
    show(data, opts.lang)
