"""``anjian import``: read Excel workbooks: a roster of enterprises, a filled-in checklist."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from core.i18n import t
from tui.cli.localise import Command, Group
from tui.cli.options import options
from tui.cli.output import echo

app = typer.Typer(cls=Group, no_args_is_help=True, rich_markup_mode=None)

Workbook = Annotated[Path, typer.Argument()]


@app.command("enterprises", cls=Command)
def enterprises(
    ctx: typer.Context,
    file: Workbook,
    skip_bad: Annotated[bool, typer.Option("--skip-bad")] = False,
    update: Annotated[bool, typer.Option("--update")] = False,
) -> None:
    """A roster with Chinese or English headers; every row is checked before anything is
    stored."""
    from core.services.roster import import_enterprises

    opts = options(ctx)
    result = import_enterprises(opts.context(), file, skip_bad=skip_bad, update_existing=update)
    for problem in result.problems:
        echo(t("cli.out.import.skipped", opts.lang, problem=problem.render(opts.lang)), err=True)
    echo(t("cli.out.import.done", opts.lang, added=result.added, updated=result.updated,
           unchanged=result.unchanged, skipped=result.skipped_rows))


@app.command("pack", cls=Command)
def pack(ctx: typer.Context, file: Workbook,
         out: Annotated[Path, typer.Option("--out")]) -> None:
    """Convert a checklist workbook into a pack data file (check it with packs check)."""
    from core.services.exports import import_pack
    from core.services.packs import default_catalogue

    path = import_pack(file, out, catalogue=default_catalogue())
    echo(t("cli.out.import.pack_done", options(ctx).lang, path=path))
