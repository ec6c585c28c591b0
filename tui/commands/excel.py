"""Commands for Excel: export inspection reports, the ledger and packs; import rosters and
checklists."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tui.cli_base import app, context, state

export_app = typer.Typer(help="Write Excel workbooks.", no_args_is_help=True)
import_app = typer.Typer(help="Read Excel workbooks.", no_args_is_help=True)
app.add_typer(export_app, name="export")
app.add_typer(import_app, name="import")

Out = Annotated[Path, typer.Option("--out", help="The .xlsx file to write.")]


@export_app.command("inspection")
def export_inspection(inspection_id: Annotated[int, typer.Argument(metavar="ID")],
                      out: Out) -> None:
    """The inspection report: summary, findings, determination, rectification notice."""
    from core.services.exports import export_inspection as write

    typer.echo(write(context(), inspection_id, out))


@export_app.command("ledger")
def export_ledger(
    out: Out,
    campaign: Annotated[int | None, typer.Option("--campaign")] = None,
    enterprise: Annotated[str | None, typer.Option("--enterprise")] = None,
    overdue: Annotated[bool, typer.Option("--overdue")] = False,
) -> None:
    """The hazard ledger (隐患台账) with a statistics sheet and charts."""
    from core.services.exports import export_ledger as write

    path, rows = write(context(), out, campaign=campaign, enterprise=enterprise,
                       overdue=overdue)
    typer.echo(f"{path} ({rows})")


@export_app.command("pack")
def export_pack(pack: Annotated[str, typer.Argument(metavar="PACK")], out: Out) -> None:
    """Any installed pack in the checklist template (import pack reads it back)."""
    from core.services.exports import export_pack as write
    from core.services.packs import default_catalogue

    typer.echo(write(default_catalogue(), pack, out, state.lang))


@import_app.command("enterprises")
def import_enterprises(
    file: Annotated[Path, typer.Argument(metavar="FILE")],
    skip_bad: Annotated[bool, typer.Option("--skip-bad", help="Import the good rows.")] = False,
    update: Annotated[bool, typer.Option("--update", help="Update existing enterprises.")]
    = False,
) -> None:
    """A roster with Chinese or English headers; every row is checked before anything is
    stored."""
    from core.services.roster import import_enterprises as read

    result = read(context(), file, skip_bad=skip_bad, update_existing=update)
    for problem in result.problems:
        typer.echo(f"skipped {problem.render(state.lang)}", err=True)
    typer.echo(f"added {result.added}, updated {result.updated}, skipped rows "
               f"{result.skipped_rows}")


@import_app.command("pack")
def import_pack(file: Annotated[Path, typer.Argument(metavar="FILE")],
                out: Annotated[Path, typer.Option("--out", help="Folder for the pack file.")]
                ) -> None:
    """Convert a checklist workbook into a pack data file (check it with packs check)."""
    from core.services.exports import import_pack as convert

    typer.echo(convert(file, out))
