"""``anjian evidence``: the files attached to findings and rectifications (证据文件)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from core.i18n import Lang, Listed, Msg, t
from tui.cli.localise import Command, Group
from tui.cli.options import Json, options
from tui.cli.output import echo, emit

if TYPE_CHECKING:
    from core.views.evidence import Verified

app = typer.Typer(cls=Group, no_args_is_help=True, rich_markup_mode=None)


def _where(object_type: str, object_id: str, hazard: int | None, lang: Lang) -> str:
    if object_type == "finding":
        return t("evidence.of_finding_at", lang, key=object_id)
    if hazard is None:
        return t("evidence.of_rectification_id", lang, id=object_id)
    return t("evidence.of_rectification", lang, hazard=hazard, id=object_id)


@app.command("list", cls=Command)
def list_(ctx: typer.Context, inspection: Annotated[int, typer.Argument()],
          as_json: Json = False) -> None:
    """Files of an inspection's findings and rectifications."""
    from core.services import evidence

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
                 else _where(f.object_type, f.object_id, f.hazard_id, lang))
        echo(t("cli.out.evidence.row", lang, where=where, name=f.name, size=f.size,
               sha256=f.sha256, by=f.added_by, at=f"{f.added_at:%Y-%m-%d %H:%M}"))


@app.command("verify", cls=Command)
def verify(ctx: typer.Context, as_json: Json = False) -> None:
    """Re-hash every stored evidence file; exit 1 naming each that changed or vanished."""
    from core.services import evidence

    opts = options(ctx)
    lang = opts.lang
    result = evidence.verify(opts.context())
    if as_json:
        emit(result.as_json())
    else:
        folder = str(result.root or "-")
        for d in result.damaged:
            for f in d.files:
                echo(t(f"evidence.file_{d.state}", lang, name=f.name,
                       where=_where(f.object_type, f.object_id, None, lang),
                       sha256=d.sha256, path=d.path), err=True)
        if result.open_to_others:
            _open_files(result, lang)
        if result.damaged:
            echo(t("evidence.verify_bad", lang, count=result.checked, changed=result.changed,
                   missing=result.missing, dir=folder))
        else:
            echo(t("evidence.verify_ok", lang, count=result.checked, dir=folder))
    if result.damaged:
        raise typer.Exit(1)


#: Paths named as examples when the store has files or folders others may read.
EXAMPLES = 3


def _open_files(result: Verified, lang: Lang) -> None:
    """Warn, without changing anything, that others may read part of the store."""
    shown = result.open_to_others[:EXAMPLES]
    examples = Listed(Msg("evidence.open_example", path=str(f.path), mode=f.octal)
                      for f in shown)
    fix = "o-rwx" if result.shared else "go-rwx"  # a shared store keeps its group's access
    echo(t("evidence.open_files", lang, dir=str(result.root), count=len(result.open_to_others),
           examples=examples, fix=fix), err=True)
