"""Chinese first: every screen and dialog of the terminal UI, opened by keys on a small
database, shows no untranslated English under the default language; and under ``--lang en``
no Chinese label of its own (the standards' official texts and the database's names are data,
shown as they are)."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.command import CommandPalette

from core.i18n import Lang
from core.services import inspections
from core.services.context import Context
from core.services.packs import default_catalogue
from core.store.db import open_store
from tests.language import english_words
from tests.tui.shown import shown
from tests.workflow_helpers import onsite_campaign
from tui.app import AnjianApp, make_app
from tui.dialogs import FormDialog, PickDialog, TextDialog
from tui.screens.runner import RunnerScreen
from tui.screens.versions import ReevaluationScreen

TODAY = dt.date(2026, 3, 2)
NOTE = "安全出口上锁"


@pytest.fixture
def world(tmp_path: Path) -> Iterator[tuple[Context, int, int]]:
    """A fire campaign whose inspection awaits a collective decision, and a coal campaign whose
    inspection another version of its standard re-evaluates."""
    ctx = Context(open_store(f"sqlite:///{tmp_path / 'lang.db'}"), default_catalogue(), "组长甲",
                  TODAY, "zh")
    fire_campaign, fire_target = onsite_campaign(ctx, ["gb35181-2017"], sector="fire")
    fire = inspections.start_inspection(ctx, campaign_id=fire_campaign, enterprise=fire_target,
                                        categories=["people_dense"],
                                        withdrawn_ok=True)  # GB 35181-2017, withdrawn
    assert fire.id is not None
    inspections.answer(ctx, fire.id, "FIRE-2017-D-6.1", "noncompliant", note=NOTE)
    coal_campaign, coal_target = onsite_campaign(ctx, ["coal-2020"], sector="coal")
    coal = inspections.start_inspection(ctx, campaign_id=coal_campaign, enterprise=coal_target,
                                        tags=["underground"])
    assert coal.id is not None
    inspections.answer(ctx, coal.id, "COAL-2020-A04-01", "noncompliant")
    yield ctx, fire.id, coal.id
    ctx.store.close()


async def settle(app: AnjianApp, pilot: Any) -> None:
    for _ in range(3):
        await app.workers.wait_for_complete()
        await pilot.pause()


async def walk(ctx: Context, lang: Lang, fire: int, coal: int) -> dict[str, str]:
    """Open every screen and dialog by keys; what each showed, by name."""
    seen: dict[str, str] = {}
    app = make_app(lang=lang, context=ctx, today=TODAY)
    async with app.run_test(size=(140, 45), notifications=True) as pilot:

        async def press(*keys: str) -> None:
            await pilot.press(*keys)
            await settle(app, pilot)

        def look(name: str, kind: type | None = None) -> None:
            if kind is not None:
                assert isinstance(app.screen, kind), (name, app.screen)
            seen[name] = shown(app)

        await settle(app, pilot)
        look("home")
        await press("ctrl+p")
        look("palette", CommandPalette)
        await press(*"kai")  # pinyin of 开 (打开…), or "Open…"
        look("palette search", CommandPalette)
        await press("ctrl+u", *"zzzq")
        look("palette without a match", CommandPalette)
        await press("escape")
        await press("e")
        look("enterprises")
        await press("enter")
        look("enterprise")
        await press("escape", "escape", "enter")
        look("campaign")
        await press("enter")
        look("runner", RunnerScreen)
        await press("slash")
        look("pick dialog", PickDialog)
        await press("escape", "e")
        look("text dialog", TextDialog)
        await press("escape", "c")
        look("decision dialog", FormDialog)
        await press("escape", "v")  # the fire standard has one version only: it says so
        look("no other version", RunnerScreen)
        await press("escape", "escape")
        await app.push_screen(RunnerScreen(lang, coal))
        await settle(app, pilot)
        await press("v")
        look("re-evaluation", ReevaluationScreen)
        await press("escape", "escape", "l")
        look("ledger")
        await press("p")
        look("plan dialog", FormDialog)
        await press("escape", "s")
        look("evidence dialog", TextDialog)
        await press("escape", "escape", "p")
        look("packs")
        await press("escape", "question_mark")
        look("help")
        await press(*"bfh")  # 不符合, by its initials
        look("help search")
        await press("escape", "escape")
        await press("ctrl+c")
        look("quit hint")
    assert len(seen) == 20
    return seen


async def test_every_screen_reads_in_chinese(world: tuple[Context, int, int]) -> None:
    ctx, fire, coal = world
    seen = await walk(ctx, "zh", fire, coal)
    # The plugins' entry-point names are identifiers (`anjian plugins list`), shown as such;
    # and what was typed is shown as typed.
    allowed = {e.plugin for e in ctx.catalogue.entries.values()} | {"kai", "zzzq", "bfh"}
    english = {name: words for name, text in seen.items()
               if (words := english_words(text, allowed=allowed))}
    assert english == {}
    assert "按 Ctrl+Q 退出" in seen["quit hint"]
    assert "没有匹配的命令" in seen["palette without a match"]
    assert "No matches" not in seen["palette without a match"]


#: One run of Chinese characters.
_HAN = re.compile(r"[\u3400-\u9fff]+")


def data_texts(ctx: Context) -> str:
    """Every text the standards and this database hold: shown as they are in any language."""
    packs = [json.dumps(e.pack.model_dump(mode="json"), ensure_ascii=False)
             for e in ctx.catalogue.entries.values()]
    names = ["组长甲", "检查员乙", "检查员丙", "济南测试化工有限公司", "历下区", NOTE]
    return "\n".join([*packs, *names])


async def test_english_shows_no_chinese_label(world: tuple[Context, int, int]) -> None:
    ctx, fire, coal = world
    seen = await walk(ctx, "en", fire, coal)
    data = data_texts(ctx)
    chinese = {name: runs for name, text in seen.items()
               if (runs := [r for r in _HAN.findall(text) if r not in data])}
    assert chinese == {}
    assert "Press Ctrl+Q to quit" in seen["quit hint"]
