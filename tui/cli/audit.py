"""``anjian audit``: the append-only audit log and the stored determinations, checked."""

from __future__ import annotations

import typer

from core.i18n import Lang, t
from tui.cli.localise import Command, Group
from tui.cli.options import Json, options
from tui.cli.output import echo, emit

app = typer.Typer(cls=Group, no_args_is_help=True, rich_markup_mode=None)

#: Why the hash chain breaks, as the check states it, and the catalogue's words for it.
_REASONS = {
    "missing": "cli.out.audit.missing",
    "out of order": "cli.out.audit.out_of_order",
    "does not link to the entry before it": "cli.out.audit.unlinked",
    "content does not match its hash (altered)": "cli.out.audit.altered",
    "entries after this one were removed": "cli.out.audit.truncated",
}


def _reason(reason: str, lang: Lang) -> str:
    key = _REASONS.get(reason)
    return t(key, lang) if key else reason


@app.command("verify", cls=Command)
def verify(ctx: typer.Context, as_json: Json = False) -> None:
    """Recompute the audit log's hash chain and re-evaluate every inspection's stored
    determination from its findings; exit 1 naming the first broken entry and every
    inspection whose determination differs."""
    from core.services import audit_check

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
            reason = _reason(broken.reason, lang)
            echo(t("cli.out.audit.broken", lang, seq=broken.seq, reason=reason), err=True)
        for line, problem in audit_check.determination_lines(check, lang):
            echo(line, err=problem)
    if broken is not None or check.mismatched:
        raise typer.Exit(1)
