"""What the role walks in a real terminal share (tests/tui/test_day_*.py): the demo city made
beforehand through core's services, with one more enterprise of the retail sector and its
safety manager (who has done no self-inspection yet), and small screen readers."""

from __future__ import annotations

import datetime as dt
import random
import time
from pathlib import Path

from core.services import roster, users
from core.services.context import Context
from core.services.demo import ADMIN, make_uscc, seed_demo
from core.services.packs import default_catalogue
from core.store.db import open_store
from tests.tui.terminal import Terminal

#: The enterprise added to the demo city, and its safety manager.
OWN = "济南大观园商场有限公司"
MANAGER = "大观园安全员"


def demo_city(folder: Path) -> tuple[str, str]:
    """The demo database in ``folder`` with :data:`OWN` and :data:`MANAGER` added; returns
    (URL, OWN's credit code)."""
    url = f"sqlite:///{folder / 'city.db'}"
    seed_demo(url=url, fresh=True)
    store = open_store(url)
    try:
        ctx = Context(store, default_catalogue(), ADMIN, dt.date.today(), "zh")
        uscc = make_uscc(random.Random(18), "370102")
        roster.add_enterprise(ctx, uscc=uscc, name=OWN, sector="retail", district="历下区",
                              address="济南市历下区泉城路 1 号")
        users.add_user(ctx, MANAGER, role="enterprise", enterprise=uscc)
    finally:
        store.close()
    return url, uscc


def footer(screen: str) -> str:
    """The screen's last line: the footer's keys."""
    return screen.rstrip("\n").splitlines()[-1]


def settle(term: Terminal, timeout: float = 15) -> str:
    """Poll until the screen stops changing (the same for four looks 0.3 s apart): a key that
    moves focus has taken effect before the next keys are typed."""
    end = time.monotonic() + timeout
    before, same = term.screen(), 0
    while time.monotonic() < end and same < 4:
        time.sleep(0.3)
        now = term.screen()
        same = same + 1 if now == before else 0
        before = now
    return before


def palette(screen: str) -> str:
    """The command palette's entries: the lines below its search box, above its bottom."""
    lines = screen.splitlines()
    at = next(n for n, line in enumerate(lines) if "搜索命令" in line)
    end = next((n for n in range(at, len(lines)) if lines[n].startswith("▁▁▁")), len(lines))
    return "\n".join(lines[at + 1:end])
