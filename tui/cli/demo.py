"""``anjian demo``: a demo database with realistic data, summarised, then the terminal UI."""

from __future__ import annotations

from dataclasses import replace
from typing import Annotated

import typer

from core.i18n import name, t
from tui.cli.options import options
from tui.cli.output import echo


def demo(
    ctx: typer.Context,
    fresh: Annotated[bool, typer.Option("--fresh")] = False,
    no_tui: Annotated[bool, typer.Option("--no-tui")] = False,
) -> None:
    """Seed a demo database with realistic data (a separate file) and summarise it."""
    from core.services import demo as demo_service
    from core.services import statistics

    opts = options(ctx)
    lang = opts.lang
    url = demo_service.seed_demo(fresh=fresh, url=opts.db)
    # The demo's people are its users: the summary is its administrator's, and without --user
    # the TUI opens as the administrator too.
    admin = replace(opts, db=url, user=demo_service.ADMIN, _context=None)
    data = statistics.stats(admin.context())
    echo(t("cli.out.demo.database", lang, url=url))
    echo(t("cli.out.stats.enterprises", lang, count=data.enterprises, colours=" ".join(
        f"{name('colour', k, lang)} {v}" for k, v in data.colours.items())))
    echo(t("cli.out.stats.overdue", lang, count=data.overdue))
    echo(t("cli.out.demo.users", lang, url=url, admin=demo_service.ADMIN))
    if not no_tui:
        from tui.launch import launch

        launch(db=url, lang=lang, user=opts.user or demo_service.ADMIN)
