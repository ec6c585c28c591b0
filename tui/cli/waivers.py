"""``anjian waivers``: governed waivers (豁免) of checklist items for one enterprise: grant,
list (those ending soon with ``--expiring``), revoke."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from core.i18n import Lang, t
from tui.cli.localise import Command, Group
from tui.cli.options import Json, options, parse_date
from tui.cli.output import echo, emit

if TYPE_CHECKING:
    from core.views.waivers import WaiverView

app = typer.Typer(cls=Group, no_args_is_help=True, rich_markup_mode=None)

#: ``--days`` when not given: the home screen's window too.
DAYS = 30


def waiver_lines(w: WaiverView, lang: Lang) -> list[str]:
    """A waiver as the command line prints it: what, for whom, until when and where it
    stands; then why, on what basis, who asked and who approved (and its revocation)."""
    item = f"{w.standard} {w.clause} {w.item_id}".strip()
    if w.state == "running":
        when = t("cli.out.waiver.until_left", lang, until=w.valid_until.isoformat(),
                 days=w.days_left)
    else:
        when = t("cli.out.waiver.until", lang, until=w.valid_until.isoformat(),
                 state=t(f"waiver.state.{w.state}", lang))
    lines = [t("cli.out.waiver.line", lang, id=w.id, name=w.enterprise_name,
               uscc=w.enterprise_uscc, item=item, when=when)]
    if w.item_text:
        lines.append(f"  {w.item_text}")
    lines.append("  " + t("cli.out.waiver.why", lang, reason=w.reason, basis=w.basis))
    lines.append("  " + t("cli.out.waiver.who", lang, asked=w.requested_by, by=w.approved_by,
                          on=w.granted_on.isoformat()))
    if w.revoked_at is not None:
        lines.append("  " + t("cli.out.waiver.revoked", lang, by=w.revoked_by,
                              at=str(w.revoked_at)[:16], reason=w.revoked_reason))
    return lines


@app.command("grant", cls=Command)
def grant(
    ctx: typer.Context,
    enterprise: Annotated[str, typer.Option("--enterprise")],
    item: Annotated[str, typer.Option("--item")],
    reason: Annotated[str, typer.Option("--reason")],
    basis: Annotated[str, typer.Option("--basis")],
    until: Annotated[str, typer.Option("--until")],
    pack: Annotated[str | None, typer.Option("--pack")] = None,
    requested_by: Annotated[str | None, typer.Option("--requested-by")] = None,
    as_json: Json = False,
) -> None:
    """Approve a waiver of a checklist item for one enterprise until a date (a lead)."""
    from core.services import waivers

    opts = options(ctx)
    day = parse_date(until, "--until")
    assert day is not None
    w = waivers.grant(opts.context(), enterprise=enterprise, item=item, reason=reason,
                      basis=basis, until=day, pack=pack, requested_by=requested_by)
    if as_json:
        emit(w.model_dump(mode="json"))
        return
    echo(t("cli.out.waiver.granted", opts.lang, id=w.id))
    for line in waiver_lines(w, opts.lang):
        echo(line)


@app.command("list", cls=Command)
def list_(
    ctx: typer.Context,
    enterprise: Annotated[str | None, typer.Option("--enterprise")] = None,
    expiring: Annotated[bool, typer.Option("--expiring")] = False,
    days: Annotated[int, typer.Option("--days")] = DAYS,
    every: Annotated[bool, typer.Option("--all")] = False,
    as_json: Json = False,
) -> None:
    """Waivers running today, ending soonest first (--expiring: those ending soon)."""
    from core.services import waivers

    opts = options(ctx)
    found = waivers.waivers(opts.context(), enterprise=enterprise,
                            expiring=days if expiring else None, every=every)
    if as_json:
        emit([w.model_dump(mode="json") for w in found])
        return
    if not found:
        echo(t("cli.out.waiver.none_expiring", opts.lang, days=days) if expiring
             else t("cli.out.waiver.none", opts.lang))
        return
    if expiring:
        echo(t("cli.out.waiver.expiring", opts.lang, days=days, count=len(found)))
    for w in found:
        for line in waiver_lines(w, opts.lang):
            echo(line)


@app.command("revoke", cls=Command)
def revoke(
    ctx: typer.Context,
    waiver_id: Annotated[int, typer.Argument()],
    reason: Annotated[str, typer.Option("--reason")],
    as_json: Json = False,
) -> None:
    """End a running waiver now (a lead): its item is asked again from now on."""
    from core.services import waivers

    opts = options(ctx)
    w = waivers.revoke(opts.context(), waiver_id, reason=reason)
    if as_json:
        emit(w.model_dump(mode="json"))
        return
    echo(t("cli.out.waiver.revoked_now", opts.lang, id=w.id))
    for line in waiver_lines(w, opts.lang):
        echo(line)
