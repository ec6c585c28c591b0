"""``anjian permits``: work permit checks (作业票核查, GB 30871-2022).

``check`` exits 0 when the ticket breaks no requirement, 1 when it breaks any (as ``audit
verify`` and ``evidence verify`` do when they find something; ``--json`` too), 2 when the file
is wrong. ``record`` exits 0 once the findings are recorded (or there were none), 2 when it is
refused, with nothing stored."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from core.i18n import name, t
from tui.cli.localise import Command, Group
from tui.cli.options import Json, options
from tui.cli.output import echo, emit, verdict

app = typer.Typer(cls=Group, no_args_is_help=True, rich_markup_mode=None)

TicketFile = Annotated[Path, typer.Argument()]


@app.command("check", cls=Command)
def check(ctx: typer.Context, ticket: TicketFile, as_json: Json = False) -> None:
    """Check one work permit; exit 1 when it breaks any requirement."""
    from core.services import permits
    from tui.text import permit_lines

    lang = options(ctx).lang
    checked = permits.check_file(ticket)
    if as_json:
        emit(checked.as_json())
    else:
        for line in permit_lines(checked, lang):
            echo(line)
    if checked.assessment.breaches:
        raise typer.Exit(1)


@app.command("record", cls=Command)
def record(ctx: typer.Context, ticket: TicketFile,
           inspection: Annotated[int, typer.Option("--inspection")],
           as_json: Json = False) -> None:
    """Record a work permit's breaches on an inspection."""
    from core.services import permits
    from tui.text import permit_lines

    opts = options(ctx)
    lang = opts.lang
    checked = permits.check_file(ticket)
    done = permits.record(opts.context(), inspection, checked)
    if as_json:
        emit(done.as_json())
        return
    for line in permit_lines(checked, lang):
        echo(line)
    echo()
    if not done.items:
        echo(t("cli.out.permits.nothing", lang, number=done.number))
        return
    echo(t("cli.out.permits.recorded", lang, id=inspection, number=done.number,
           count=len(done.items)))
    for i in done.items:
        if i.action == "answered":
            before = (name("ui.answer", i.before, lang) if i.before
                      else t("permits.unanswered", lang))
            echo(t("cli.out.permits.recorded_line", lang, item=i.item, before=before))
        else:
            echo(t("cli.out.permits.noted_line" if i.action == "noted"
                   else "cli.out.permits.kept_line", lang, item=i.item))
    if done.verdict is not None:
        echo(t("cli.out.permits.verdict", lang, verdict=verdict(done.verdict, lang)))
