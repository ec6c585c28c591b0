"""Commands for the database, statistics, the audit log and the demo."""

from __future__ import annotations

from typing import Annotated

import typer

from tui.cli_base import JsonFlag, app, context, emit, state

db_app = typer.Typer(help="The database.", no_args_is_help=True)
audit_app = typer.Typer(help="The append-only audit log.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(audit_app, name="audit")


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Create the database or bring its schema up to date (data is kept)."""
    from core.services.schema import upgrade_database

    before, after = upgrade_database(state.db)
    typer.echo(f"schema {before or 'none'} → {after}" if before != after
               else f"schema {after} is current")


@app.command()
def stats(as_json: JsonFlag = False) -> None:
    """Colour codes, major hazards per 1,000 inspections, hazards by status, overdue."""
    from core.services import statistics

    data = statistics.stats(context())
    if as_json:
        emit(data.model_dump(mode="json"))
        return
    typer.echo(f"enterprises {data.enterprises}: " + " ".join(
        f"{k} {v}" for k, v in data.colours.items()))
    for by, rows in data.major_per_1000.items():
        typer.echo(f"major hazards per 1,000 inspections by {by}:")
        for r in rows:
            typer.echo(f"  {r.group}: {r.per_1000} ({r.major}/{r.inspections})")
    for c in data.hazards:
        typer.echo(f"{c.level} {c.status}: {c.count}")
    typer.echo(f"overdue: {data.overdue}")


@audit_app.command("verify")
def audit_verify(as_json: JsonFlag = False) -> None:
    """Recompute the audit log's hash chain and re-evaluate every inspection's stored
    determination from its findings; exit 1 naming the first broken entry and every
    inspection whose determination differs."""
    from core.services import audit_check

    ctx = context()
    count, broken = audit_check.chain_check(ctx)
    check = audit_check.determination_check(ctx)
    if as_json:
        emit({"chain": {"entries": count, "intact": broken is None,
                        "broken_at": broken.seq if broken else None,
                        "reason": broken.reason if broken else None},
              "determinations": check.as_json()})
    else:
        if broken is None:
            typer.echo(f"audit log intact: {count} entries")
        else:
            typer.echo(f"audit log broken at entry {broken.seq}: {broken.reason}", err=True)
        for line, problem in audit_check.determination_lines(check, state.lang):
            typer.echo(line, err=problem)
    if broken is not None or check.mismatched:
        raise typer.Exit(1)


@app.command()
def demo(
    fresh: Annotated[bool, typer.Option("--fresh", help="Recreate the demo database.")] = False,
    no_tui: Annotated[bool, typer.Option("--no-tui", help="Only seed the demo database.")]
    = False,
) -> None:
    """Seed a demo database with realistic data (a separate file) and summarise it."""
    from core.services import demo as demo_service
    from core.services import statistics

    url = demo_service.seed_demo(fresh=fresh, url=state.db)
    # The demo's people are its users: the summary is its administrator's, and without --user
    # the TUI opens as the administrator too.
    requested, state.db, state.user = state.user, url, demo_service.ADMIN
    context.cache_clear()
    data = statistics.stats(context())
    state.user = requested or demo_service.ADMIN
    typer.echo(f"demo database: {url}")
    typer.echo(f"enterprises {data.enterprises}: " + " ".join(
        f"{k} {v}" for k, v in data.colours.items()))
    typer.echo(f"overdue hazards: {data.overdue}")
    typer.echo(f"users: its people, as in `anjian --db {url} --user {demo_service.ADMIN} users "
               "list`; act as one of them with --user NAME")
    if not no_tui:
        from tui.cli_base import run_tui

        run_tui(url)
