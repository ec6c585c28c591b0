"""``anjian export``: Excel workbooks: an inspection report, the ledger, a pack. ``--out`` is
checked before any work (never the database, its journals or the evidence store; an existing
folder; a ``.xlsx`` name) and an earlier file there is replaced only by a complete one."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from core.i18n import t
from tui.cli.localise import Command, Group
from tui.cli.options import options
from tui.cli.output import echo

app = typer.Typer(cls=Group, no_args_is_help=True, rich_markup_mode=None)

Out = Annotated[Path, typer.Option("--out")]


@app.command("inspection", cls=Command)
def inspection(ctx: typer.Context, inspection_id: Annotated[int, typer.Argument()],
               out: Out) -> None:
    """The inspection report: summary, findings, determination, rectification notice."""
    from core.services.exports import export_inspection

    opts = options(ctx)
    path = export_inspection(opts.context(), inspection_id, out)
    echo(t("cli.out.export.inspection_done", opts.lang, path=path))


@app.command("ledger", cls=Command)
def ledger(
    ctx: typer.Context,
    out: Out,
    campaign: Annotated[int | None, typer.Option("--campaign")] = None,
    enterprise: Annotated[str | None, typer.Option("--enterprise")] = None,
    overdue: Annotated[bool, typer.Option("--overdue")] = False,
) -> None:
    """The hazard ledger (隐患台账) with a statistics sheet and charts."""
    from core.services.exports import export_ledger

    opts = options(ctx)
    path, rows = export_ledger(opts.context(), out, campaign=campaign, enterprise=enterprise,
                               overdue=overdue)
    echo(t("cli.out.export.ledger_done", opts.lang, path=path, rows=rows))


@app.command("pack", cls=Command)
def pack(ctx: typer.Context, out: Out,
         pack_id: Annotated[str | None, typer.Argument()] = None,
         blank: Annotated[bool, typer.Option("--blank")] = False) -> None:
    """Any installed pack in the checklist template (import pack reads it back), or with
    --blank the empty template."""
    from core.i18n import AnjianError
    from core.services.exports import export_pack
    from core.services.packs import default_catalogue

    opts = options(ctx)
    if (pack_id is None) == (not blank):
        raise AnjianError("tpl.pack_or_blank")
    path = export_pack(default_catalogue(), pack_id, out, opts.lang, url=opts.db)
    echo(t("cli.out.export.pack_done" if pack_id else "cli.out.export.blank_done", opts.lang,
           pack=pack_id, path=path))
