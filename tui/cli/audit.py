"""``anjian audit``: the append-only audit log and the stored determinations, checked."""

from __future__ import annotations

import typer

from core.i18n import t
from tui.cli.localise import Command, Group
from tui.cli.options import Json, options
from tui.cli.output import echo, emit

app = typer.Typer(cls=Group, no_args_is_help=True, rich_markup_mode=None)

@app.command("verify", cls=Command)
def verify(ctx: typer.Context, as_json: Json = False) -> None:
    """Recompute the audit log's hash chain and re-evaluate every inspection's stored
    determination from its findings; exit 1 naming the first broken entry, every inspection
    whose determination differs, every inspection that cannot be re-checked (its pack content
    is no longer installed) and every pack record tampered with."""
    from core.services import audit_check
    from tui.text import determination_lines

    opts = options(ctx)
    lang = opts.lang
    context = opts.context()
    count, broken = audit_check.chain_check(context)
    check = audit_check.determination_check(context)
    if as_json:
        emit({"chain": {"entries": count, "intact": broken is None,
                        "broken_at": broken.seq if broken else None,
                        "reason": broken.reason if broken else None},
              "determinations": check.as_json()})
    else:
        if broken is None:
            echo(t("cli.out.audit.intact", lang, count=count))
        else:
            echo(t("cli.out.audit.broken", lang, seq=broken.seq, reason=broken), err=True)
        for line, problem in determination_lines(check, lang):
            echo(line, err=problem)
    if broken is not None or check.mismatched or check.unverifiable or check.tampered:
        raise typer.Exit(1)
