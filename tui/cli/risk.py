"""``anjian risk``: the enterprise risk register (风险分级管控) — risk points and their
analysis, grades (also a calculator that stores nothing), hazards tied to risk points, the
four-colour map, the 两单, the 三卡 and the risk report.

The commands live in three modules by what they do; each adds its own to :data:`app`."""

from __future__ import annotations

import typer

from tui.cli import risk_map, risk_outputs, risk_register
from tui.cli.localise import Group

app = typer.Typer(cls=Group, no_args_is_help=True, rich_markup_mode=None)
for _part in (risk_register, risk_map, risk_outputs):
    _part.add_commands(app)
