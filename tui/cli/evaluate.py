"""``anjian evaluate``: determine major hazards from findings files (the evaluate contract in
README). The mode (installed or draft packs, plain or ``--under``) is the service's choice."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from core.i18n import t
from tui.cli.options import Json, options, parse_date
from tui.cli.output import determination, echo, emit, reevaluation, verdict


def evaluate(
    ctx: typer.Context,
    findings: Annotated[Path, typer.Option("--findings")],
    pack: Annotated[list[str] | None, typer.Option("--pack")] = None,
    pack_file: Annotated[Path | None, typer.Option("--pack-file")] = None,
    site: Annotated[Path | None, typer.Option("--site")] = None,
    on: Annotated[str | None, typer.Option("--date")] = None,
    under: Annotated[str | None, typer.Option("--under")] = None,
    as_json: Json = False,
) -> None:
    """Determine major hazards from findings."""
    from core.services.evaluation import evaluate_request
    from core.services.versions import Reevaluation

    lang = options(ctx).lang
    done = evaluate_request(findings=findings, packs=pack or (), pack_file=pack_file,
                            site=site, on=parse_date(on, "--date"), under=under)
    if as_json:
        emit(done.as_json())
        return
    result = done.result
    if isinstance(result, Reevaluation):
        reevaluation(result, lang)
        return
    packs = {d.pack: done.pack(d) for d in result.determinations}
    for d in result.determinations:
        determination(d, packs[d.pack], lang, done.standing(d), packs)
    if len(result.determinations) > 1:
        echo(f"{t('out.overall', lang)}: {verdict(result.verdict, lang)}")
