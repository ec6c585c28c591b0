"""``anjian audit``: the append-only audit log and the stored determinations, checked; the
chain's head anchored outside the database."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from core.i18n import Lang, t
from tui.cli.localise import Command, Group
from tui.cli.options import Json, options
from tui.cli.output import echo, emit

if TYPE_CHECKING:
    from core.services.anchors import Anchor, AnchorCheck

app = typer.Typer(cls=Group, no_args_is_help=True, rich_markup_mode=None)


@app.command("verify", cls=Command)
def verify(ctx: typer.Context,
           anchors: Annotated[list[Path] | None, typer.Option("--anchors")] = None,
           as_json: Json = False) -> None:
    """Recompute the audit log's hash chain and re-evaluate every inspection's stored
    determination from its findings; exit 1 naming the first broken entry, every inspection
    whose determination differs, every inspection that cannot be re-checked (its pack content
    is no longer installed), every pack record tampered with and every anchor the chain does
    not extend. A malformed anchor file: exit 2 before anything is checked."""
    from core.services import anchors as anchoring
    from core.services import audit_check, state_check
    from tui.text import chain_line, determination_lines, state_lines

    opts = options(ctx)
    lang = opts.lang
    # Every anchor file is read first: one that cannot be used stops the command (exit 2)
    # before the long check, naming the file and what is wrong.
    given = [(p, anchoring.read_anchor(p)) for p in anchoring.anchor_files(anchors or [])]
    context = opts.context()
    count, broken = audit_check.chain_check(context)
    check = audit_check.determination_check(context)
    anchored = anchoring.check_anchors(context, given) if given else ()
    state = state_check.check(context)
    if as_json:
        out: dict[str, Any] = {"chain": {"entries": count, "intact": broken is None,
                         "broken_at": broken.seq if broken else None,
                         "reason": broken.reason if broken else None},
               "determinations": check.as_json()}
        if given:
            out["anchors"] = [a.as_json() for a in anchored]
        out["state"] = state.as_json()
        emit(out)
    else:
        line, problem = chain_line(count, broken, lang)
        echo(line, err=problem)
        for line, problem in determination_lines(check, lang):
            echo(line, err=problem)
        for line, problem in _anchor_lines(anchored, lang):
            echo(line, err=problem)
        for line, problem in state_lines(state, lang):
            echo(line, err=problem)
    if (broken is not None or check.mismatched or check.unverifiable or check.tampered
            or not all(a.extended for a in anchored) or state.differences):
        raise typer.Exit(1)


def _anchor_lines(checked: tuple[AnchorCheck, ...], lang: Lang) -> list[tuple[str, bool]]:
    """The anchors checked, as lines of text, each with whether it reports a problem."""
    if not checked:
        return []
    bad = sum(not a.extended for a in checked)
    out = [(t("anchor.summary_bad", lang, count=len(checked), bad=bad), True) if bad else
           (t("anchor.summary_ok", lang, count=len(checked)), False)]
    for a in checked:
        x = a.anchor
        out.append((t(f"anchor.{a.outcome}", lang, file=a.file, seq=x.seq, hash=x.hash[:16],
                      at=_when(x), current=(a.current or "")[:16], head=a.head,
                      first=a.head + 1, theirs=x.database_id,
                      ours=a.database_id or t("anchor.no_id", lang)), not a.extended))
    return out


def _when(anchor: Anchor) -> str:
    return anchor.at.strftime("%Y-%m-%d %H:%M:%S UTC")


@app.command("anchor", cls=Command)
def anchor(ctx: typer.Context,
           out: Annotated[Path | None, typer.Option("--out")] = None,
           as_json: Json = False) -> None:
    """Write the audit chain's current head (sequence number, hash, time, the database's id)
    as a small JSON document, to keep away from the database: to FILE, written whole, or to
    standard output."""
    from core.services.anchors import write_anchor

    opts = options(ctx)
    lang = opts.lang
    taken, path = write_anchor(opts.context(), out)
    if as_json:
        emit({"file": str(path) if path else None, "anchor": taken.as_json()})
        return
    params = {"seq": taken.seq, "hash": taken.hash[:16] + "…" if taken.hash else "-",
              "at": _when(taken),
              "database": taken.database_id}
    if path is None:
        # The anchor itself on standard output (``> file`` keeps it); the words beside it.
        echo(taken.text().rstrip("\n"))
        echo(t("cli.out.audit.anchor_printed", lang, **params), err=True)
        echo(t("cli.out.audit.anchor_keep", lang), err=True)
    else:
        echo(t("cli.out.audit.anchor_written", lang, file=path, **params))
        echo(t("cli.out.audit.anchor_keep", lang))
