"""``anjian risk`` commands (see :mod:`tui.cli.risk`): the 两单 workbook (``lists``), the
三卡 (``cards``), the risk report (``report``, ``reports``, ``report-export``)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from core.i18n import Lang, Listed, t
from tui.cli.localise import Command
from tui.cli.options import Json, options
from tui.cli.output import echo, emit

if TYPE_CHECKING:
    from core.services.risk_outputs import RiskReportView

Enterprise = Annotated[str, typer.Option("--enterprise")]


def _reasons(r: RiskReportView, lang: Lang) -> str:
    return Listed([t(f"risk.report.reason.{x}", lang) for x in r.reasons]).render(lang)


def report_json(r: RiskReportView, lang: Lang) -> dict[str, Any]:
    """A report as ``--json`` prints it (its warnings in the reader's language)."""
    data = r.model_dump(mode="json", exclude={"warnings"})
    return {**data, "warnings": [w.render(lang) for w in r.warnings]}


def lists(ctx: typer.Context, enterprise: Enterprise,
          out: Annotated[Path, typer.Option("--out")], as_json: Json = False) -> None:
    """The two lists as a workbook."""
    from core.services import risk_outputs

    opts = options(ctx)
    path = risk_outputs.export_lists(opts.context(), enterprise, out)
    if as_json:
        emit({"file": str(path)})
        return
    echo(t("cli.out.risk.lists", opts.lang, file=path))


def cards(ctx: typer.Context, enterprise: Enterprise,
          out: Annotated[Path, typer.Option("--out")],
          pdf: Annotated[bool, typer.Option("--pdf")] = False,
          point: Annotated[list[str] | None, typer.Option("--point")] = None,
          phone: Annotated[str, typer.Option("--phone")] = "",
          as_json: Json = False) -> None:
    """The three cards as Word files (and PDF)."""
    from core.services import risk_outputs

    opts = options(ctx)
    paths = risk_outputs.export_cards(opts.context(), enterprise, out, points=point or None,
                                      pdf=pdf, phone=phone)
    if as_json:
        emit({"files": [str(p) for p in paths]})
        return
    echo(t("cli.out.risk.cards", opts.lang, count=len(paths)))
    for p in paths:
        echo(f"  {p}")


def report(ctx: typer.Context, enterprise: Enterprise,
           kind: Annotated[str, typer.Option("--kind")],
           reason: Annotated[list[str] | None, typer.Option("--reason")] = None,
           as_json: Json = False) -> None:
    """File the risk report."""
    from core.services import risk_outputs

    opts = options(ctx)
    r = risk_outputs.file_report(opts.context(), enterprise, kind, reason or ())
    if as_json:
        emit(report_json(r, opts.lang))
        return
    echo(t("cli.out.risk.filed", opts.lang, kind=r.kind, seq=r.seq, id=r.id,
           hash=r.content_hash))
    if r.reasons:
        echo(t("cli.out.risk.reasons", opts.lang, reasons=_reasons(r, opts.lang)))
    echo(t("cli.out.risk.changed", opts.lang, changed=risk_outputs.change_summary(r)))
    for w in r.warnings:
        echo(t("cli.out.risk.warning", opts.lang, message=w))


def reports(ctx: typer.Context, enterprise: Enterprise, as_json: Json = False) -> None:
    """The reports filed."""
    from core.services import risk_outputs

    opts = options(ctx)
    found = risk_outputs.reports(opts.context(), enterprise)
    if as_json:
        emit([report_json(r, opts.lang) for r in found])
        return
    if not found:
        echo(t("cli.out.risk.no_reports", opts.lang, uscc=enterprise))
        return
    for r in found:
        echo(t("cli.out.risk.report_line", opts.lang, id=r.id, seq=r.seq, kind=r.kind,
               on=r.filed_on.isoformat(), by=r.filed_by,
               reasons=_reasons(r, opts.lang)).rstrip("　 "))


def report_export(ctx: typer.Context, report_id: Annotated[int, typer.Argument()],
                  out: Annotated[Path, typer.Option("--out")], as_json: Json = False) -> None:
    """A filed report as a Word file."""
    from core.services import risk_outputs

    opts = options(ctx)
    path = risk_outputs.export_report(opts.context(), report_id, out)
    if as_json:
        emit({"file": str(path)})
        return
    echo(t("cli.out.risk.written", opts.lang, file=path))


def add_commands(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    for command, name in ((lists, "lists"), (cards, "cards"), (report, "report"),
                          (reports, "reports"), (report_export, "report-export")):
        app.command(name, cls=Command)(command)
