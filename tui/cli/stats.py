"""``anjian stats``: colour codes, 每千次检查发现重大事故隐患 (self-inspections apart), hazards by
status, and the risk register's figures (安全风险分级)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from core.i18n import Lang, name, t
from tui.cli.options import Json, options
from tui.cli.output import echo, emit

if TYPE_CHECKING:
    from core.views.risk_statistics import GradeCounts, RiskStatistics
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


def grades(counts: GradeCounts, lang: Lang) -> str:
    """A group's risk points by grade: ``重大 1 较大 2 一般 0 低 3 未评价 1``."""
    return " ".join(t("risk_stats.count", lang, grade=name("risk_stats.grade", k, lang), count=n)
                    for k, n in counts.counts.items())


def show_risk(data: RiskStatistics, lang: Lang) -> None:
    """The risk register's figures: points by grade (the city, each district, each sector),
    the enterprises with 重大 or 较大 risks, those with no risk point (the first by name) and
    those due for re-assessment, the reports filed this year."""
    echo(t("risk_stats.title", lang))
    echo("  " + t("risk_stats.points", lang, total=data.overall.total,
                  grades=grades(data.overall, lang)))
    for key, rows, kind in (("risk_stats.by.district", data.by_district, "district"),
                            ("risk_stats.by.sector", data.by_sector, "sector")):
        if not rows:
            continue
        echo(t(key, lang))
        for r in rows:
            group = name("sector", r.group, lang) if kind == "sector" else r.group
            echo("    " + t("risk_stats.group", lang, group=group, grades=grades(r, lang),
                            total=r.total))
    echo("  " + t("risk_stats.graded", lang, major=data.enterprises_major,
                  significant=data.enterprises_significant,
                  either=data.enterprises_major_or_significant))
    echo("  " + t("risk_stats.unfiled", lang, count=data.unfiled, enterprises=data.enterprises))
    for e in data.unfiled_first:
        echo(t("risk_stats.unfiled.row", lang, name=e.name, uscc=e.uscc, district=e.district,
               sector=name("sector", e.sector, lang)))
    if data.unfiled > len(data.unfiled_first):
        echo(t("risk_stats.unfiled.more", lang, count=data.unfiled - len(data.unfiled_first)))
    echo("  " + t("risk_stats.reassess", lang, points=data.reassess_points,
                  enterprises=data.reassess_enterprises, days=data.reassess_days))
    echo("  " + t("risk_stats.reports", lang, year=data.today.year, count=data.reports_year,
                  kinds=" ".join(t("risk_stats.count", lang,
                                   grade=name("risk_stats.report", k, lang), count=n)
                                 for k, n in data.reports.items())))


def stats(ctx: typer.Context, as_json: Json = False) -> None:
    """Colour codes, major-hazard determinations per 1,000 inspections (by sector, district
    and month; self-inspections apart), hazards by status, overdue."""
    from core.services import risk_statistics, statistics

    opts = options(ctx)
    context = opts.context()
    data = statistics.stats(context)
    risk = risk_statistics.risk_statistics(context)
    if as_json:
        emit({**data.model_dump(mode="json"), "risk": risk.model_dump(mode="json")})
        return
    show(data, opts.lang)
    show_risk(risk, opts.lang)
