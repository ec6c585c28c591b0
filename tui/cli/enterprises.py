"""``anjian enterprises``: the roster of enterprises (生产经营单位)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated

import typer

from core.i18n import Lang, name, t
from core.process.colour import Colour
from tui.cli.localise import Command, Group
from tui.cli.options import Json, options
from tui.cli.output import echo, echo_stream, emit, emit_stream, verdict

app = typer.Typer(cls=Group, no_args_is_help=True, rich_markup_mode=None)


@app.command("add", cls=Command)
def add(
    ctx: typer.Context,
    uscc: Annotated[str, typer.Option("--uscc")],
    name_: Annotated[str, typer.Option("--name")],
    sector: Annotated[str, typer.Option("--sector")],
    district: Annotated[str, typer.Option("--district")],
    address: Annotated[str, typer.Option("--address")] = "",
    contact: Annotated[str, typer.Option("--contact")] = "",
    as_json: Json = False,
) -> None:
    """Add an enterprise to the roster (the credit code's check character is verified)."""
    from core.services import roster

    opts = options(ctx)
    e = roster.add_enterprise(opts.context(), uscc=uscc, name=name_, sector=sector,
                              district=district, address=address, contact=contact)
    if as_json:
        emit(e.model_dump(mode="json"))
    else:
        echo(t("cli.out.enterprises.added", opts.lang, uscc=e.uscc, name=e.name,
               sector=name("sector", e.sector, opts.lang), district=e.district))


@app.command("list", cls=Command)
def list_(
    ctx: typer.Context,
    sector: Annotated[str | None, typer.Option("--sector")] = None,
    district: Annotated[str | None, typer.Option("--district")] = None,
    colour: Annotated[str | None, typer.Option("--colour")] = None,
    as_json: Json = False,
) -> None:
    """The roster with colour codes and open hazards."""
    from core.services import roster

    opts = options(ctx)
    lang = opts.lang
    context = opts.context()
    if as_json:
        emit_stream([r.as_json() for r in part] for part in roster.roster_rows(
            context, sector=sector, district=district, colour=colour))
        return
    template = t("cli.out.enterprises.row", lang, colour="{0}", uscc="{1}", name="{2}",
                 district="{3}", sector="{4}", open="{5}", major="{6}")
    colours = {c: name("colour", c.value, lang) for c in Colour}
    sectors = _Names("sector", lang)

    def lines() -> Iterator[list[str]]:
        for part in roster.roster_lines(context, sector=sector, district=district,
                                        colour=colour):
            yield [template.format(colours[c], uscc, nm, d, sectors[sec], n, major)
                   for uscc, nm, d, sec, c, n, major in part]

    if not echo_stream(lines()):
        echo(t("cli.out.enterprises.none", lang))


class _Names(dict[str, str]):
    """The names of one kind of id in one language, each looked up once."""

    def __init__(self, kind: str, lang: Lang) -> None:
        super().__init__()
        self.kind, self.lang = kind, lang

    def __missing__(self, value: str) -> str:
        self[value] = found = name(self.kind, value, self.lang)
        return found


@app.command("show", cls=Command)
def show(ctx: typer.Context, uscc: Annotated[str, typer.Argument()],
         as_json: Json = False) -> None:
    """One enterprise with its inspections and hazards."""
    from core.services import roster

    opts = options(ctx)
    lang = opts.lang
    d = roster.enterprise_detail(opts.context(), uscc)
    if as_json:
        emit(d.as_json())
        return
    e = d.enterprise
    echo(t("cli.out.enterprises.header", lang, uscc=e.uscc, name=e.name,
           colour=name("colour", d.colour.value, lang)))
    echo("  ".join(x for x in (e.district, name("sector", e.sector, lang), e.address,
                               e.contact) if x))
    for i in d.inspections:
        echo("  " + t("cli.out.enterprises.inspection", lang, id=i.id,
                      kind=name("ui.kind", i.kind, lang), date=i.inspected_on.isoformat(),
                      verdict=verdict(i.verdict.value, lang)))
    for h in d.hazards:
        line = t("cli.out.enterprises.hazard", lang, id=h.id, level=name("ui.level", h.level, lang),
                 item=h.item_id, status=name("hstatus", h.status, lang))
        if h.deadline:
            line += t("cli.out.hazard.deadline", lang, date=h.deadline.isoformat())
        echo("  " + line)


@app.command("erase-contact", cls=Command)
def erase_contact(ctx: typer.Context, uscc: Annotated[str, typer.Argument()],
                  reason: Annotated[str, typer.Option("--reason")] = "",
                  as_json: Json = False) -> None:
    """Erase an enterprise's contact (personal data) and unlink its hashes in the audit log."""
    from core.services import roster

    opts = options(ctx)
    done = roster.erase_contact(opts.context(), uscc, reason=reason)
    if as_json:
        emit(done.as_json())
    else:
        key = "erased" if done.changed else "nothing_to_erase"
        echo(t(f"cli.out.enterprises.{key}", opts.lang, uscc=done.uscc, name=done.name))
