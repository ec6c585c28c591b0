"""The plugin contract: what every installed plugin and its packs must satisfy.

anjian's own suite runs it over every installed plugin. A plugin reuses it in its tests::

    from core.plugins.contract import PluginContract

    class TestMyPlugin(PluginContract):
        plugin = "fireworks"          # the entry-point name

Each ``test_*`` method asserts that one check finds no problem; the checks are plain functions
(``*_problems``) returning lists of problems, so tools can call them too. A problem is a
catalogue message (:class:`~core.i18n.Msg`): ``problem.render(lang)`` words it in Chinese or
English, ``str(problem)`` in English. A problem about one pack is ``contract.in_pack`` (its
``pack`` and ``problem``), about one case file ``case.in_file`` (its ``file`` and ``problem``).
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache

from core.engine.evaluation import Evaluation, evaluate_packs
from core.i18n import Lang, Msg, default_lang, t
from core.pack.cases import CaseFile, check_case
from core.pack.loader import pack_hash
from core.pack.model import Item, Pack
from core.plugins.catalogue import Catalogue, PackEntry, build_catalogue


@cache
def installed() -> Catalogue:
    """The catalogue of installed plugins, built once per test session."""
    return build_catalogue()


def plugin_packs(cat: Catalogue, plugin: str) -> list[PackEntry]:
    return [e for e in cat.entries.values() if e.plugin == plugin]


def plugin_cases(cat: Catalogue, plugin: str) -> list[CaseFile]:
    return [c for c in cat.cases if c.plugin == plugin]


def in_pack(pack: str, key: str, /, **params: object) -> Msg:
    """A problem about pack ``pack``: ``<pack>: <problem>``."""
    return Msg("contract.in_pack", pack=pack, problem=Msg(key, **params))


def load_problems(cat: Catalogue, plugin: str) -> list[Msg]:
    """The plugin loaded, provides at least one pack or risk method, and reported no
    error."""
    problems = [e.as_msg() for e in cat.errors if e.plugin == plugin]
    info = next((p for p in cat.plugins if p.name == plugin), None)
    if info is None:
        problems.append(Msg("contract.not_loaded", plugin=plugin))
    elif not plugin_packs(cat, plugin) and not info.methods:
        problems.append(Msg("contract.no_pack", plugin=plugin))
    return problems


def unique_id_problems(cat: Catalogue, plugin: str) -> list[Msg]:
    """Item ids of this plugin's packs are unique across every installed pack (an overlay's
    items are its own: the official items it carries are its base's)."""
    counts = Counter(i.id for e in cat.entries.values() for i in _own_items(e))
    mine = {i.id for e in plugin_packs(cat, plugin) for i in _own_items(e)}
    return [Msg("contract.item_id_taken", item=i, count=counts[i])
            for i in sorted(mine) if counts[i] > 1]


def _own_items(entry: PackEntry) -> tuple[Item, ...]:
    """The items a pack brings: all of an official pack's, an overlay's local ones."""
    items = entry.pack.items()
    return items if entry.base is None else tuple(i for i in items if i.local)


def completeness_problems(pack: Pack) -> list[Msg]:
    """Every item has clause, text, gloss, guidance and evidence hints; the pack has version
    and dates; every rule counts at least one item, and in a pack with rules every item is
    counted by one (a pack without rules is a checklist: its findings are general
    hazards; an overlay's local items are general checks, counted by no rule)."""
    problems = []
    if not pack.version or not pack.effective:
        problems.append(in_pack(pack.id, "contract.no_version"))
    for item in pack.items():
        for field in ("clause", "text_zh", "gloss_en", "guidance_zh", "guidance_en"):
            if not str(getattr(item, field)).strip():
                problems.append(in_pack(pack.id, "contract.field_empty", item=item.id,
                                        field=field))
        if not item.evidence:
            problems.append(in_pack(pack.id, "contract.no_evidence", item=item.id))
        if item.device_failure and "失效" not in item.guidance_zh:
            problems.append(in_pack(pack.id, "contract.device_failure", item=item.id))
        # The limit word decides whether the number itself is inside (民法典 第1259条).
        measured = [(".", item.measure)] + [(path, c.measure) for path, c in item.parts()]
        problems += [in_pack(pack.id, "contract.measure_wording", item=item.id, part=path)
                     for path, m in measured if m is not None and not m.wording]
    for rule in pack.rules:
        if not pack.rule_items(rule):
            problems.append(in_pack(pack.id, "contract.rule_counts_nothing", rule=rule.id))
    counted = {i for r in pack.rules for i in pack.rule_items(r)}
    problems += [in_pack(pack.id, "contract.item_uncounted", item=i.id) for i in pack.items()
                 if pack.rules and i.id not in counted and not i.local]
    return problems


def link_problems(cat: Catalogue, plugin: str) -> list[Msg]:
    """Every item that constitutes an item of another pack (构成) names an installed pack,
    not its own, and an item that pack has."""
    problems = []
    for entry in plugin_packs(cat, plugin):
        pack = entry.pack
        for item in pack.items():
            for link in item.constitutes:
                target = cat.entries.get(link.pack)
                if link.pack == pack.id:
                    problems.append(in_pack(pack.id, "contract.link_own", item=item.id,
                                            target=link.item))
                elif target is None:
                    problems.append(in_pack(pack.id, "contract.link_pack_unknown",
                                            item=item.id, target=link.pack,
                                            target_item=link.item,
                                            known=", ".join(sorted(cat.entries))))
                elif target.pack.part(link.item) is None:
                    problems.append(in_pack(pack.id, "contract.link_item_unknown",
                                            item=item.id, target=link.item,
                                            pack=link.pack))
    return problems


#: Guidance wording that names an outcome in the standard's sense of 符合 ("the element's
#: situation is met", i.e. the hazard exists) where the runner's 符合 key means the opposite:
#: 符合本要素 / 符合该项 (with or without 不) and a bare 即符合 / 则符合 / 视为符合 (a quoted
#: “符合”, as in 答“符合”, is the runner's word and passes, and so does 即不符合). English:
#: "meets the element", "the element is met" and the like.
_AMBIGUOUS = {
    "zh": re.compile(r"(?:即为|即|则|就|视为|均为)?不?符合[本该此这]一?(?:要素|项)"
                     r"(?!要求|规定|的要求|的规定)|(?:即为|即|则|就|视为|均为)符合(?![”\"’'])"),
    "en": re.compile(r"\b(?:meets?|meeting|satisf(?:y|ies)|fulfils?)\s+(?:the|this|that)\s+"
                     r"(?:element|item)\b|\b(?:element|item)\s+is\s+(?:met|satisfied|fulfilled)\b",
                     re.IGNORECASE),
}
_GUIDANCE: tuple[tuple[Lang, str], ...] = (("zh", "guidance_zh"), ("en", "guidance_en"))
#: Where the phrase quoted in a problem starts: after the last break before it.
_CLAUSE_START = re.compile(r".*(?:[。；;，,：:—]|\.\s)\s*", re.S)


def answer_words(lang: Lang) -> tuple[str, str]:
    """How guidance in ``lang`` names the runner's answers, in the labels of its keys: (the
    situation exists, it does not) — ``答“不符合”``, ``答“符合”``."""
    noncompliant, compliant = t("ui.answer.noncompliant", lang), t("ui.answer.compliant", lang)
    if lang == "zh":
        return f"答“{noncompliant}”", f"答“{compliant}”"
    return f'answer "{noncompliant}"', f'answer "{compliant}"'


def guidance_problems(pack: Pack) -> list[Msg]:
    """Every item's guidance says which answer to give in the runner's words: wording such
    as 即符合本要素 (the standard's "the element is met", meaning the hazard exists) would send
    the inspector to the runner's 符合 key, which means the opposite."""
    problems = []
    for item in pack.items():
        for lang, field in _GUIDANCE:
            text = str(getattr(item, field))
            for found in _AMBIGUOUS[lang].finditer(text):
                before = text[:found.start()]
                start = m.end() if (m := _CLAUSE_START.match(before)) else 0
                situation, no_situation = answer_words(lang)
                problems.append(in_pack(pack.id, "contract.ambiguous_answer", item=item.id,
                                        field=field, found=text[start:found.end()].strip(),
                                        noncompliant=situation, compliant=no_situation))
    return problems


def run_case(cat: Catalogue, case: CaseFile) -> Evaluation:
    assert case.case is not None
    c = case.case
    packs = [cat.require(p).pack for p in dict.fromkeys(c.pack_ids)]
    return evaluate_packs(packs, c.findings, c.site, on=c.date, findings_name=case.source,
                          site_name=case.source)


def case_problems(cat: Catalogue, plugin: str) -> list[Msg]:
    """Every golden case of the plugin is well-formed and its expectation holds."""
    problems = []
    for cf in plugin_cases(cat, plugin):
        if cf.case is None:
            problems.append(cf.problem or Msg("case.in_file", file=cf.source,
                                              problem=Msg("case.not_a_case")))
            continue
        result = check_case(cf.case, lambda _, cf=cf: run_case(cat, cf))
        problems += [Msg("case.in_file", file=cf.source, problem=p) for p in result]
    return problems


def coverage_problems(cat: Catalogue, plugin: str) -> list[Msg]:
    """Each rule of each pack has a golden case that fires it and one that does not."""
    fired: Counter[str] = Counter()
    quiet: Counter[str] = Counter()
    for cf in plugin_cases(cat, plugin):
        if cf.case is None or cf.case.expect is None:
            continue
        try:
            result = run_case(cat, cf)
        except Exception:  # reported by case_problems
            continue
        for d in result.determinations:
            live = {t.rule for t in d.triggers if not t.vetoed}
            for rule in cat.entries[d.pack].pack.rules:
                (fired if rule.id in live else quiet)[rule.id] += 1
    problems = []
    for entry in plugin_packs(cat, plugin):
        for rule in entry.pack.rules:
            if not fired[rule.id]:
                problems.append(in_pack(entry.pack.id, "contract.never_fires", rule=rule.id))
            if not quiet[rule.id]:
                problems.append(in_pack(entry.pack.id, "contract.always_fires", rule=rule.id))
    return problems


def predecessor_problems(cat: Catalogue, plugin: str) -> list[Msg]:
    """Each item's predecessors are items of an earlier installed version (same series,
    earlier effective date)."""
    problems = []
    for entry in plugin_packs(cat, plugin):
        pack = entry.pack
        named = [(i.id, p) for i in pack.items() for p in i.predecessor_ids]
        if named and pack.series is None:
            problems.append(in_pack(pack.id, "contract.predecessors_need_series",
                                    item=named[0][0]))
            continue
        known = {i.id: i for e in cat.entries.values()
                 if e.pack.series == pack.series and e.pack.effective < pack.effective
                 for i in e.pack.items()}
        problems += [in_pack(pack.id, "contract.unknown_predecessor", item=item, value=p,
                             series=pack.series)
                     for item, p in named if p not in known]
        for item in pack.items():
            for link in item.predecessors:
                old = known.get(link.item)
                if old is None:
                    continue
                for theirs in link.values.values():
                    part = old.part(theirs)
                    if part is None or part.measure is None:
                        problems.append(in_pack(pack.id, "contract.link_value_old",
                                                item=item.id, value=theirs, old=link.item))
    return problems


def determinism_problems(cat: Catalogue, plugin: str) -> list[Msg]:
    """The same input gives the same determination, and reloading a pack the same hash."""
    problems = []
    for cf in plugin_cases(cat, plugin):
        if cf.case is None or cf.case.expect is None:
            continue
        try:
            first, second = run_case(cat, cf), run_case(cat, cf)
        except Exception:
            continue
        if first != second:
            problems.append(Msg("case.in_file", file=cf.source,
                                problem=Msg("contract.unstable_case")))
    for entry in plugin_packs(cat, plugin):
        if pack_hash(Pack.model_validate(entry.pack.model_dump())) != entry.hash:
            problems.append(in_pack(entry.pack.id, "contract.unstable_hash"))
    return problems


def _none(problems: list[Msg]) -> None:
    """Fail with every problem listed, in the language of ``ANJIAN_LANG`` (the contract's
    asserts live outside the plugin's test module, where pytest would not explain a bare
    comparison)."""
    if problems:
        raise AssertionError("\n".join(p.render(default_lang()) for p in problems))


class PluginContract:
    """Contract tests for one plugin: subclass and set ``plugin`` to its entry-point name."""

    plugin: str = ""

    def _cat(self) -> Catalogue:
        return installed()

    def test_loads(self) -> None:
        _none(load_problems(self._cat(), self.plugin))

    def test_item_ids_unique_across_packs(self) -> None:
        _none(unique_id_problems(self._cat(), self.plugin))

    def test_packs_complete(self) -> None:
        _none([p for e in plugin_packs(self._cat(), self.plugin)
               for p in completeness_problems(e.pack)])

    def test_guidance_says_which_answer(self) -> None:
        _none([p for e in plugin_packs(self._cat(), self.plugin)
               for p in guidance_problems(e.pack)])

    def test_golden_cases_hold(self) -> None:
        if not plugin_cases(self._cat(), self.plugin) and plugin_packs(self._cat(),
                                                                       self.plugin):
            # a plugin of risk methods only is checked by its grading tests instead
            _none([Msg("contract.no_cases", plugin=self.plugin)])
        _none(case_problems(self._cat(), self.plugin))

    def test_every_rule_fires_and_stays_quiet_in_some_case(self) -> None:
        _none(coverage_problems(self._cat(), self.plugin))

    def test_links_name_installed_packs_and_items(self) -> None:
        _none(link_problems(self._cat(), self.plugin))

    def test_predecessors_name_items_of_earlier_versions(self) -> None:
        _none(predecessor_problems(self._cat(), self.plugin))

    def test_deterministic(self) -> None:
        _none(determinism_problems(self._cat(), self.plugin))
