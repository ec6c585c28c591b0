"""Enterprise standing: the colour code (智管码 绿/蓝/黄/红) derived from open hazards.

The default policy: **red** when a major hazard is open (not yet closed), **yellow** when a
general hazard is past its deadline, **blue** when general hazards are open within their
deadlines, **green** when nothing is open. A plugin may provide another policy through the
``register_colour_policies`` hook; ``ANJIAN_COLOUR_POLICY`` chooses one by name.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from enum import StrEnum
from typing import Any

from core.process.workflow import is_overdue


class Colour(StrEnum):
    green = "green"  # 绿
    blue = "blue"  # 蓝
    yellow = "yellow"  # 黄
    red = "red"  # 红


#: (enterprise, level, status, deadline) of each hazard that is not closed.
HazardFact = Sequence[Any]
ColourPolicy = Callable[[Sequence[HazardFact], dt.date], Colour]


def default_policy(facts: Sequence[HazardFact], today: dt.date) -> Colour:
    open_facts = [f for f in facts if f[2] != "closed"]
    if any(f[1] == "major" for f in open_facts):
        return Colour.red
    if any(is_overdue(f[2], f[3], today) for f in open_facts):
        return Colour.yellow
    if open_facts:
        return Colour.blue
    return Colour.green


def colour_of(facts: Sequence[HazardFact], today: dt.date,
              policy: ColourPolicy = default_policy) -> Colour:
    return policy(facts, today)
