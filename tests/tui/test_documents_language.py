"""Chinese first for enforcement documents: every screen and dialog of issuing (the kind, the
form of each of the five kinds, its preview), the list, one document, void, delivery and
export, and the reviews due on the home screen, opened by keys, show no untranslated English
under the default language; under ``--lang en`` no Chinese label of their own (the documents'
text, numbers and 代字, the standards and the database's names are data, shown as they are)."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest

from core.i18n import Lang, t
from core.services import documents
from core.services.documents import IssueRequest
from core.views.documents import KINDS
from tests.language import english_words
from tests.tui.shown import settle, shown
from tests.tui.test_documents_tui import LEAD, TODAY, World, make_world, put, until
from tui.app import AnjianApp, make_app
from tui.dialogs import PickDialog
from tui.documents import IssueForm, PreviewDialog
from tui.forms import FormDialogChecked
from tui.screens.campaign import CampaignScreen
from tui.screens.documents import DocumentScreen, DocumentsScreen
from tui.wrapped import Wrapped

#: The kinds by their titles' initials (pinyin): what the pick dialog finds each by.
INITIALS = dict(zip(KINDS, ("xcjcjl", "xcclcs", "zlxqzg", "zgfcyj", "wssdhz"), strict=True))
LATER = dt.date(2026, 4, 20)  # the order's deadline passed more than ten days ago


def seen_text(app: AnjianApp) -> str:
    return "\n".join([shown(app), *(w.plain for w in app.screen.query(Wrapped))])


async def walk(world: World, lang: Lang) -> dict[str, str]:
    """Open every documents screen and dialog by keys; what each showed, by name."""
    ctx = world.ctx(LEAD)
    ctx.lang = lang
    # an order, to review (a second one is refused in its preview)
    documents.issue(ctx, IssueRequest(kind="责改", inspection_id=world.inspection,
                                      deadline=dt.date(2026, 4, 1)))
    seen: dict[str, str] = {}
    app = make_app(lang=lang, context=ctx, today=TODAY)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:

        async def press(*keys: str) -> None:
            await pilot.press(*keys)
            await settle(app, pilot)

        def look(name: str, kind: type) -> None:
            assert isinstance(app.screen, kind), (name, app.screen)
            seen[name] = seen_text(app)

        await settle(app, pilot)
        await press("enter")
        look("campaign", CampaignScreen)
        for kind in KINDS:
            await press("d")
            await until(pilot, lambda: isinstance(app.screen, PickDialog))
            look("pick a kind", PickDialog)
            await press(*INITIALS[kind], "enter")
            await until(pilot, lambda: isinstance(app.screen, IssueForm))
            await settle(app, pilot)
            look(f"form {kind}", IssueForm)
            if kind in ("责改", "现决"):
                await press("ctrl+s")  # what is missing, said beside its field
                seen[f"form {kind} checked"] = seen_text(app)
                if kind == "责改":
                    put(app.screen, "deadline", "2026-04-01")
                else:
                    put(app.screen, "measures", "责令从危险区域内撤出作业人员")
                    put(app.screen, "until", "2026-04-01")
            await press("ctrl+s")  # its preview (with what refuses it, if anything)
            await until(pilot, lambda: isinstance(app.screen, PreviewDialog))
            await settle(app, pilot)
            if isinstance(app.screen, PreviewDialog):
                look(f"preview {kind}", PreviewDialog)
                # the document's own text, as drafted (data: shown in any language)
                seen[f"draft {kind}"] = json.dumps(
                    app.screen.drafted.content.model_dump(mode="json"), ensure_ascii=False)
                await press("escape")
            seen[f"form {kind} refused"] = seen_text(app)
            await press("escape")
        await press("w")
        await until(pilot, lambda: isinstance(app.screen, DocumentsScreen)
                    and app.screen.total is not None)
        await settle(app, pilot)
        look("documents", DocumentsScreen)
        await press("enter")
        await until(pilot, lambda: isinstance(app.screen, DocumentScreen)
                    and app.screen.issued is not None)
        look("document", DocumentScreen)
        for key, name in (("v", "void"), ("r", "delivery"), ("x", "export")):
            await press(key)
            look(name, FormDialogChecked)
            await press("ctrl+s" if key == "v" else "escape")  # void: its reason needed
            if key == "v":
                seen["void checked"] = seen_text(app)
                await press("escape")
    # the reviews due at home, once the order's deadline has passed
    ctx.today = LATER
    app = make_app(lang=lang, context=ctx, today=LATER)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        seen["home"] = seen_text(app)
    return seen


@pytest.fixture
def world(tmp_path: Path) -> Any:
    w = make_world(tmp_path)
    yield w
    w.store.close()


async def test_documents_read_in_chinese(world: World) -> None:
    seen = await walk(world, "zh")
    assert "待复查的整改指令" in seen["home"] and "已逾期" in seen["home"]
    assert "开具并编号" in seen["preview 检记"] and "不能开具" in seen["preview 责改"]
    allowed = {e.plugin for e in world.ctx().catalogue.entries.values()}
    allowed |= {"".join(INITIALS.values())} | set(INITIALS.values())
    english = {name: words for name, text in seen.items() if not name.startswith("draft")
               if (words := english_words(text, allowed=allowed))}
    assert english == {}


#: One run of Chinese characters.
_HAN = re.compile(r"[\u3400-\u9fff]+")


def data_texts(world: World, seen: dict[str, str]) -> str:
    """What is shown as it is in any language: the standards, the names in the database, the
    documents' text (as issued and as drafted), their numbers and 代字."""
    ctx = world.ctx()
    packs = [json.dumps(e.pack.model_dump(mode="json"), ensure_ascii=False)
             for e in ctx.catalogue.entries.values()]
    names = ["组长甲", "检查员乙", "检查员丙", "济南测试化工有限公司", "济南另一化工有限公司",
             "主要负责人未经考核", "安全管理人员不足", *KINDS,
             # the measures the 现决 form offers: the document's words, which it prints
             *documents.measures(ctx),
             # the word a document's signature line prints before a certificate number
             t("ui.doc.cert", "zh", cert="")]
    texts = [d.number for d in documents.documents(ctx)]
    texts += [json.dumps(documents.show(ctx, n).content.model_dump(mode="json"),
                         ensure_ascii=False) for n in texts]
    return "\n".join([*packs, *names, *texts, *(seen[k] for k in seen if k.startswith("draft"))])


async def test_documents_in_english_show_no_chinese_label(world: World) -> None:
    seen = await walk(world, "en")
    assert "Reviews due" in seen["home"] and "overdue" in seen["home"]
    assert "Issue and number" in seen["preview 检记"]
    assert "cannot be issued" in seen["preview 责改"]
    data = data_texts(world, seen)
    chinese = {name: runs for name, text in seen.items() if not name.startswith("draft")
               if (runs := [r for r in _HAN.findall(text) if r not in data])}
    assert chinese == {}
