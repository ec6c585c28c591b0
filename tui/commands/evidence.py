"""Commands for evidence files: list an inspection's, verify the whole store."""

from __future__ import annotations

from typing import Annotated

import typer

from core.i18n import Lang, t
from tui.cli_base import JsonFlag, app, context, emit, state

evidence_app = typer.Typer(help="Evidence files (证据文件): list them, verify the store.",
                           no_args_is_help=True)
app.add_typer(evidence_app, name="evidence")


def _where(object_type: str, object_id: str, hazard: int | None, lang: Lang) -> str:
    if object_type == "finding":
        return t("evidence.of_finding_at", lang, key=object_id)
    if hazard is None:
        return t("evidence.of_rectification_id", lang, id=object_id)
    return t("evidence.of_rectification", lang, hazard=hazard, id=object_id)


@evidence_app.command("list")
def evidence_list(inspection: Annotated[int, typer.Argument(metavar="INSPECTION")],
                  as_json: JsonFlag = False) -> None:
    """Files of an inspection's findings and rectifications: name, size, SHA-256, who, when."""
    from core.services import evidence

    found = evidence.of_inspection(context(), inspection)
    if as_json:
        emit(found.as_json())
        return
    if not found.files:
        typer.echo(t("evidence.none", state.lang, id=inspection))
    for f in found.files:
        where = (t("evidence.of_finding", state.lang, item=f.item_id) if f.item_id
                 else _where(f.object_type, f.object_id, f.hazard_id, state.lang))
        typer.echo(f"{where}\t{f.name}\t{f.size}\tsha256:{f.sha256}\t{f.added_by}\t"
                   f"{f.added_at:%Y-%m-%d %H:%M} UTC")


@evidence_app.command("verify")
def evidence_verify(as_json: JsonFlag = False) -> None:
    """Re-hash every stored evidence file; exit 1 naming each that changed or vanished."""
    from core.services import evidence

    result = evidence.verify(context())
    if as_json:
        emit(result.as_json())
    else:
        folder = str(result.root or "-")
        for d in result.damaged:
            for f in d.files:
                typer.echo(t(f"evidence.file_{d.state}", state.lang, name=f.name,
                             where=_where(f.object_type, f.object_id, None, state.lang),
                             sha256=d.sha256, path=d.path), err=True)
        if result.damaged:
            typer.echo(t("evidence.verify_bad", state.lang, count=result.checked,
                         changed=result.changed, missing=result.missing, dir=folder))
        else:
            typer.echo(t("evidence.verify_ok", state.lang, count=result.checked, dir=folder))
    if result.damaged:
        raise typer.Exit(1)
