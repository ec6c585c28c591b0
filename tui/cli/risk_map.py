"""``anjian risk plan|place|map``: the enterprise's site plan or zone grid, where its risk
points lie on it, and the four-colour risk map (四色分布图) as SVG, PNG or text."""

from __future__ import annotations

import re
import sys
from typing import Annotated

import typer

from core.i18n import AnjianError, t
from tui.cli.localise import Command
from tui.cli.options import Json, options
from tui.cli.output import echo, emit

#: The text map's size when not given: a usual terminal's width.
TEXT_WIDTH, TEXT_HEIGHT = 72, 20


def parse_grid(raw: str) -> tuple[int, int]:
    """``6x4`` (also ``6×4``, ``6X4``) as columns and rows."""
    found = re.fullmatch(r"\s*(\d{1,4})\s*[xX×*]\s*(\d{1,4})\s*", raw)
    if found is None:
        raise AnjianError("risk_map.bad_grid_spec", value=raw)
    return int(found[1]), int(found[2])


def parse_at(raw: str) -> tuple[int, int, int, int]:
    """``x,y,w,h`` as four whole numbers (a size may be given negative: refused later,
    naming the field)."""
    parts = [p.strip() for p in re.split(r"[,，]", raw)]
    if len(parts) != 4 or not all(re.fullmatch(r"-?\d{1,6}", p) for p in parts):
        raise AnjianError("risk_map.bad_at", value=raw)
    x, y, w, h = (int(p) for p in parts)
    return x, y, w, h


def plan(
    ctx: typer.Context,
    enterprise: Annotated[str, typer.Option("--enterprise")],
    image: Annotated[str | None, typer.Option("--image")] = None,
    grid: Annotated[str | None, typer.Option("--grid")] = None,
    as_json: Json = False,
) -> None:
    """Set the site plan image or the zone grid the risk points are placed on."""
    from core.services import risk_map

    opts = options(ctx)
    if (image is None) == (grid is None):
        raise AnjianError("risk_map.plan_or_grid")
    if image is not None:
        view = risk_map.set_plan_image(opts.context(), enterprise, image)
    else:
        cols, rows = parse_grid(grid or "")
        view = risk_map.set_plan_grid(opts.context(), enterprise, cols, rows)
    if as_json:
        emit(view.model_dump(mode="json"))
    elif view.is_image:
        echo(t("cli.out.risk_map.plan_image", opts.lang, uscc=view.enterprise_uscc,
               name=view.image_name, width=view.width, height=view.height))
    else:
        echo(t("cli.out.risk_map.plan_grid", opts.lang, uscc=view.enterprise_uscc,
               cols=view.cols, rows=view.rows))


def place(
    ctx: typer.Context,
    point_id: Annotated[int, typer.Argument()],
    at: Annotated[str | None, typer.Option("--at")] = None,
    clear: Annotated[bool, typer.Option("--clear")] = False,
    as_json: Json = False,
) -> None:
    """Place a risk point on the plan (x,y,w,h), or take it off with --clear."""
    from core.services import risk_map

    opts = options(ctx)
    if (at is None) == (not clear):
        raise AnjianError("risk_map.at_or_clear")
    if clear:
        view = risk_map.unplace(opts.context(), point_id)
    else:
        x, y, w, h = parse_at(at or "")
        view = risk_map.place(opts.context(), point_id, x, y, w, h)
    if as_json:
        emit(view.model_dump(mode="json"))
    elif view.zone is None:
        echo(t("cli.out.risk_map.cleared", opts.lang, code=view.code, name=view.name))
    else:
        z = view.zone
        echo(t("cli.out.risk_map.placed", opts.lang, code=view.code, name=view.name, x=z.x,
               y=z.y, w=z.w, h=z.h))


def map_(
    ctx: typer.Context,
    enterprise: Annotated[str, typer.Option("--enterprise")],
    out: Annotated[str | None, typer.Option("--out")] = None,
    text: Annotated[bool, typer.Option("--text")] = False,
    width: Annotated[int, typer.Option("--width")] = TEXT_WIDTH,
    height: Annotated[int, typer.Option("--height")] = TEXT_HEIGHT,
    as_json: Json = False,
) -> None:
    """Write the four-colour map to a .svg or .png file, or show it as text."""
    from core.services import risk_map
    from tui.risk_map_text import map_lines

    opts = options(ctx)
    if (out is None) == (not text):
        raise AnjianError("risk_map.out_or_text")
    if out is not None:
        written = risk_map.export_map(opts.context(), enterprise, out, risk_map.format_of(out))
        if as_json:
            emit({"file": str(written)})
        else:
            echo(t("cli.out.risk_map.written", opts.lang, file=written))
        return
    register = risk_map.map_register(opts.context(), enterprise)
    if as_json:
        emit(register.model_dump(mode="json"))
        return
    lines = map_lines(register, opts.lang, max(8, width), max(4, height))
    if sys.stdout.isatty():  # colours in a terminal; plain text into a file or a pipe
        from rich.console import Console

        console = Console(highlight=False, soft_wrap=True)
        for line in lines:
            console.print(line)
    else:
        for line in lines:
            echo(line.plain)


def add_commands(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""
    app.command("plan", cls=Command)(plan)
    app.command("place", cls=Command)(place)
    app.command("map", cls=Command)(map_)
