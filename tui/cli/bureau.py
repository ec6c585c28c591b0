"""``anjian bureau``: the issuing authority (执法机关) every enforcement document names, and
the officers' enforcement certificates."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from core.i18n import Lang, t
from tui.cli.localise import Command, Group
from tui.cli.options import Json, options
from tui.cli.output import echo, emit, names

if TYPE_CHECKING:
    from core.views.documents import BureauView, OfficerView

app = typer.Typer(cls=Group, no_args_is_help=True, rich_markup_mode=None)


def bureau_lines(b: BureauView, lang: Lang) -> list[str]:
    """The bureau as ``bureau show`` prints it."""
    lines = [t("cli.out.bureau.name", lang, name=b.name, short=b.short, edition=b.edition),
             t("cli.out.bureau.appeal", lang, bodies=names(b.reconsideration, lang),
               court=b.court)]
    if b.seal:
        lines.append(t("cli.out.bureau.seal", lang, seal=b.seal))
    return lines


def cert_line(c: OfficerView, lang: Lang) -> str:
    return t("cli.out.bureau.cert", lang, name=c.name, cert=c.cert_no,
             until=c.valid_until.isoformat())


@app.command("set", cls=Command)
def set_(
    ctx: typer.Context,
    name: Annotated[str, typer.Option("--name")],
    short: Annotated[str, typer.Option("--short")],
    edition: Annotated[str, typer.Option("--edition")],
    reconsideration: Annotated[list[str], typer.Option("--reconsideration")],
    court: Annotated[str, typer.Option("--court")],
    seal: Annotated[str, typer.Option("--seal")] = "",
    as_json: Json = False,
) -> None:
    """Record (or change) the issuing authority: a lead or an administrator."""
    from core.services import bureau

    opts = options(ctx)
    b = bureau.set_bureau(opts.context(), name=name, short=short, edition=edition,
                          reconsideration=reconsideration, court=court, seal=seal)
    if as_json:
        emit(b.model_dump(mode="json"))
        return
    for line in bureau_lines(b, opts.lang):
        echo(line)


@app.command("show", cls=Command)
def show(ctx: typer.Context, as_json: Json = False) -> None:
    """The issuing authority and, for the bureau's people, the recorded certificates."""
    from core.services import bureau, users

    opts = options(ctx)
    context = opts.context()
    b = bureau.get_bureau(context)
    certs = bureau.certs(context) if users.may(context, "read.all") is None else []
    if as_json:
        emit({"bureau": b.model_dump(mode="json") if b is not None else None,
              "certificates": [c.model_dump(mode="json") for c in certs]})
        return
    if b is None:
        echo(t("cli.out.bureau.none", opts.lang))
    else:
        for line in bureau_lines(b, opts.lang):
            echo(line)
    for c in certs:
        echo(cert_line(c, opts.lang))
