"""``anjian evidence``: the files attached to findings and rectifications (证据文件)."""

from __future__ import annotations

from typing import Annotated

import typer

from core.i18n import t
from tui.cli.localise import Command, Group
from tui.cli.options import Json, options
from tui.cli.output import echo, emit

app = typer.Typer(cls=Group, no_args_is_help=True, rich_markup_mode=None)


@app.command("list", cls=Command)
def list_(ctx: typer.Context, inspection: Annotated[int, typer.Argument()],
          as_json: Json = False) -> None:
    """Files of an inspection's findings and rectifications."""
    from core.services import evidence
    from tui.text import evidence_where

    opts = options(ctx)
    lang = opts.lang
    found = evidence.of_inspection(opts.context(), inspection)
    if as_json:
        emit(found.as_json())
        return
    if not found.files:
        echo(t("evidence.none", lang, id=inspection))
    for f in found.files:
        where = (t("evidence.of_finding", lang, item=f.item_id) if f.item_id
                 else evidence_where(f.object_type, f.object_id, f.hazard_id, lang))
        echo(t("cli.out.evidence.row", lang, where=where, name=f.name, size=f.size,
               sha256=f.sha256, by=f.added_by, at=f"{f.added_at:%Y-%m-%d %H:%M}"))


@app.command("verify", cls=Command)
def verify(ctx: typer.Context, as_json: Json = False) -> None:
    """Re-hash every stored evidence file; exit 1 naming each that changed or vanished."""
    from core.services import evidence
    from tui.text import evidence_lines

    opts = options(ctx)
    lang = opts.lang
    result = evidence.verify(opts.context())
    if as_json:
        emit(result.as_json())
    else:
        *details, (total, _) = evidence_lines(result, lang)
        for line, problem in details:
            echo(line, err=problem)
        echo(total)
    if result.damaged:
        raise typer.Exit(1)
