"""Guidance never contradicts the keys: every pack's guidance says which answer to give in the
runner's own words (答“不符合”), and ``anjian packs check`` refuses wording such as
即符合本要素, which in the standard's sense means "the hazard situation exists" while the
runner's 符合 key means the opposite."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from core.pack.model import Pack
from core.plugins.contract import guidance_problems, installed
from core.plugins.validator import check
from core.services.scaffold import scaffold_files
from tests.conftest import ROOT

from .test_cli import run

FIRE_PACK = ROOT / "plugins" / "fire" / "gb35181_2017.yaml"
#: FIRE-2017-D-6.2's guidance as the pack shipped it: 即符合本要素 for "the hazard exists".
AMBIGUOUS_6_2 = ("先查明危险品品名、数量和火灾危险性类别，再确认同一建筑内是否有人员密集场所"
                 "或住宿、居住用途。若不在同一建筑，实测最近水平距离，计算“实测间距÷规定值×"
                 "100%”，小于75%即符合本要素。场所不涉及易燃易爆危险品生产、储存、经营时，"
                 "答“不适用”。")
AMBIGUOUS_6_2_EN = ("Compute measured ÷ required × 100 %; below 75 % the element is met. N/A if no "
                    "flammable/explosive goods are produced, stored or sold.")


def fire_draft(tmp_path: Path, guidance_zh: str, guidance_en: str) -> Path:
    """The fire pack as a draft folder (with its golden cases), FIRE-2017-D-6.2's guidance
    replaced."""
    folder = tmp_path / "fire"
    shutil.copytree(FIRE_PACK.parent / "cases", folder / "cases")
    text = FIRE_PACK.read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    (item,) = [i for s in data["sections"] for i in s["items"] if i["id"] == "FIRE-2017-D-6.2"]
    item["guidance_zh"], item["guidance_en"] = guidance_zh, guidance_en
    (folder / FIRE_PACK.name).write_text(
        yaml.dump(data, sort_keys=False, allow_unicode=True, width=100), encoding="utf-8")
    return folder


def test_packs_check_refuses_guidance_that_says_fu_he_ben_yao_su(tmp_path: Path) -> None:
    """Defect 12: the installed fire pack passes, and its guidance as shipped (即符合本要素
    meaning the hazard exists) is refused, naming the file, line, item and what to write."""
    assert run("packs", "check", "fire").returncode == 0
    folder = fire_draft(tmp_path, AMBIGUOUS_6_2, AMBIGUOUS_6_2_EN)
    pack = folder / FIRE_PACK.name
    line = next(n for n, text in enumerate(pack.read_text(encoding="utf-8").splitlines(), 1)
                if text.endswith("id: FIRE-2017-D-6.2"))
    done = run("packs", "check", str(folder))
    assert done.returncode == 2
    assert (f"{pack}:{line}: 错误: 检查项 FIRE-2017-D-6.2: guidance_zh 中“小于75%即符合本要素”"
            "没有说该答哪个：标准里的“符合本要素”是说隐患情形存在，检查时答“符合”却是说不存在；"
            "请写明要答的结果：情形存在写 答“不符合”，不存在写 答“符合”") in done.stderr
    assert "guidance_en 中“below 75 % the element is met”" in done.stderr
    english = run("--lang", "en", "packs", "check", str(folder))
    assert english.returncode == 2
    assert (f'{pack}:{line}: error: item FIRE-2017-D-6.2: guidance_en says "below 75 % the '
            'element is met", which does not say which answer to give: the standard\'s 符合本要素 '
            "means the hazard situation exists, the runner's compliant means it does not; write "
            'the answer instead: answer "noncompliant" where the situation exists, answer '
            '"compliant" where it does not') in english.stderr
    assert "2 errors" in english.stdout
    # Said in the runner's words, the same guidance passes.
    fixed = fire_draft(tmp_path / "fixed", AMBIGUOUS_6_2.replace("即符合本要素", "答“不符合”"),
                       AMBIGUOUS_6_2_EN.replace("the element is met", 'answer "noncompliant"'))
    assert [str(i) for i in check(str(fixed)).errors] == []


@pytest.mark.parametrize("text", [
    "小于75%即符合本要素。", "达到或超过即符合该要素", "低于规定值即符合）", "超过即为符合。",
    "两部分都不存在则不符合本项。", "below 75 % the element is met.", "over 50 % meets the element",
    "One part alone does not meet the item."])
def test_ambiguous_wording_is_refused(text: str) -> None:
    lang = "en" if text.isascii() else "zh"
    assert len(guidance_problems(_pack_with_guidance(text, lang))) == 1


@pytest.mark.parametrize("text", [
    "小于75%即存在本要素情形，答“不符合”。", "未出现征兆的答“符合”", "即答“不符合”",
    "是否符合GB 50016第5.4.12条", "核对内容是否符合标准要求", "小于75%即不符合",
    "措施符合本项要求的答“符合”", 'below 75 % the situation exists: answer "noncompliant".',
    "Answer 'compliant' if no precursor occurred."])
def test_wording_in_the_runners_words_passes(text: str) -> None:
    lang = "en" if text.isascii() else "zh"
    assert guidance_problems(_pack_with_guidance(text, lang)) == []


def _pack_with_guidance(text: str, lang: str) -> Pack:
    item = {"id": "X-1", "clause": "1", "text_zh": "情形", "gloss_en": "situation",
            "guidance_zh": text if lang == "zh" else "查看", "guidance_en": text if lang == "en"
            else "Look.", "evidence": ["照片"]}
    return Pack.model_validate({
        "id": "x", "version": "1.0.0", "title_zh": "示例", "title_en": "Example",
        "standard": "示例1号", "issuer": "示例", "sector": "x", "effective": "2024-01-01",
        "sections": [{"id": "S", "title_zh": "一", "title_en": "One", "items": [item]}],
        "rules": [{"id": "R", "kind": "direct", "clause": "2", "text_zh": "判定",
                   "gloss_en": "rule", "sections": ["S"]}]})


def test_every_installed_pack_says_the_answer_in_the_runners_words() -> None:
    assert [p.render("en") for e in installed().entries.values()
            for p in guidance_problems(e.pack)] == []


def test_fire_thresholds_say_noncompliant() -> None:
    """Each GB 35181 element stated as a percentage line tells the inspector, in the runner's
    words, that past the line the answer is 不符合 (the element's situation exists)."""
    pack = installed().require("gb35181-2017").pack
    lined = [i for i in pack.items() if "%" in i.text_zh]
    assert len(lined) == 8
    for item in lined:
        assert "答“不符合”" in item.guidance_zh, item.id
        assert 'answer "noncompliant"' in item.guidance_en, item.id


def test_the_starter_pack_and_the_format_page_show_the_wording() -> None:
    starter = next(v for k, v in scaffold_files("demo").items() if k.endswith("demo.yaml"))
    for item in yaml.safe_load(starter)["sections"][0]["items"]:
        assert "答“不符合”" in item["guidance_zh"]
        assert 'answer "noncompliant"' in item["guidance_en"]
    assert "即符合本要素" in starter  # named as what not to write
    page = (ROOT / "docs" / "pack-format.md").read_text(encoding="utf-8")
    assert "答“不符合”" in page and "即符合本要素" in page
