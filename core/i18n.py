"""The one catalogue of user-facing strings, in Chinese (default) and English.

Core raises :class:`AnjianError` with a catalogue key and parameters; front ends render it in
the user's language with :func:`t`. ``ANJIAN_LANG`` or ``--lang`` chooses the language.
"""

from __future__ import annotations

import os
from typing import Any, Literal

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")

CATALOGUE: dict[str, tuple[str, str]] = {
    # findings and sites
    "findings.not_list": (
        "{file}: 检查结果应为 JSON 数组，每个元素形如 {{\"item\": …, \"status\": …}}",
        "{file}: findings must be a JSON list of {{\"item\": …, \"status\": …}} objects",
    ),
    "findings.not_object": (
        "{file}: 第 {index} 条检查结果不是 JSON 对象",
        "{file}: finding #{index} is not a JSON object",
    ),
    "findings.bad_field": (
        "{file}: 检查项 {item}: {problem}",
        "{file}: item {item}: {problem}",
    ),
    "findings.unknown_item": (
        "{file}: 检查项 {item} 不属于判定标准 {pack}；请用 `anjian packs show {pack}` 查看检查项编号",
        "{file}: item {item} is not in pack {pack}; see `anjian packs show {pack}` for item ids",
    ),
    "findings.duplicate": (
        "{file}: 检查项 {item} 出现了不止一次；每个检查项只能有一个结果",
        "{file}: item {item} is answered more than once; give one finding per item",
    ),
    "findings.bad_status": (
        "{file}: 检查项 {item}: 状态 '{status}' 无效，应为 compliant、noncompliant 或 not_applicable",
        "{file}: item {item}: status '{status}' is not compliant, noncompliant or not_applicable",
    ),
    "findings.gated": (
        "{file}: 检查项 {item} 仅适用于具有标签 {tags} 的场所，而该场所没有；请在场所文件中加入标签或删除此结果",
        "{file}: item {item} applies only to sites tagged {tags}, which this site is not; "
        "add the tag to the site or remove the finding",
    ),
    "findings.unknown_check": (
        "{file}: 检查项 {item} 没有子项 '{check}'；可用子项: {known}",
        "{file}: item {item} has no sub-check '{check}'; its sub-checks are: {known}",
    ),
    "findings.no_measure": (
        "{file}: 检查项 {item}{check} 没有测量值要求，不能给出 value",
        "{file}: item {item}{check} has no measured value; remove 'value'",
    ),
    "findings.needs_design": (
        "{file}: 检查项 {item}{check} 的限值是设计值或规定值的倍数，请同时给出 design",
        "{file}: item {item}{check} has a limit relative to a design value; give 'design' too",
    ),
    "findings.conflict": (
        "{file}: 检查项 {item}: 给出的状态 {given} 与子项或测量值推导出的 {derived} 不一致",
        "{file}: item {item}: status {given} contradicts {derived} derived from its sub-checks "
        "or measured value",
    ),
    "site.not_object": (
        "{file}: 场所文件应为 JSON 对象，如 {{\"categories\": [], \"tags\": [], \"exclusions\": []}}",
        "{file}: the site must be a JSON object like "
        "{{\"categories\": [], \"tags\": [], \"exclusions\": []}}",
    ),
    "site.unknown_key": (
        "{file}: 场所文件中有未知字段 '{key}'；可用字段: categories、tags、exclusions",
        "{file}: unknown key '{key}' in the site; use categories, tags, exclusions",
    ),
    "site.not_list": (
        "{file}: '{key}' 应为字符串数组",
        "{file}: '{key}' must be a list of strings",
    ),
    "site.unknown": (
        "{file}: 判定标准 {pack} 没有{kind} '{value}'；可用: {known}",
        "{file}: pack {pack} has no {kind} '{value}'; known: {known}",
    ),
    "site.other_mixed": (
        "{file}: 'other'（其他场所）不能与其他场所类别同时使用",
        "{file}: 'other' cannot be combined with another site category",
    ),
    "kind.category": ("场所类别", "site category"),
    "kind.tag": ("标签", "tag"),
    "kind.exception": ("排除情形", "exception"),
    "io.read": ("{file}: 无法读取: {reason}", "{file}: cannot read: {reason}"),
    "io.json": (
        "{file}:{line}: JSON 格式错误: {reason}",
        "{file}:{line}: malformed JSON: {reason}",
    ),
    "pack.unknown": (
        "没有已安装的判定标准 '{pack}'；已安装: {known}（`anjian packs list`）",
        "no installed pack '{pack}'; installed: {known} (`anjian packs list`)",
    ),
    # warnings
    "warn.superseded": (
        "判定标准 {standard} 已于 {date} 被 {successor} 替代；本结论仅供参考，请按现行标准复核",
        "{standard} was superseded by {successor} on {date}; this result is indicative only, "
        "check it against the standard now in force",
    ),
    "warn.not_yet": (
        "检查日期 {date} 早于 {standard} 生效日期 {effective}",
        "inspection date {date} is before {standard} took effect on {effective}",
    ),
    "warn.unverified": (
        "触发条件 {rule} 依据的检查项 {items} 的条文尚未与官方文本核对",
        "trigger {rule} rests on item(s) {items} whose official wording is not yet verified",
    ),
    "warn.correction_ignored": (
        "判定标准 {pack} 未规定当场改正可不计入；检查项 {items} 仍计入判定",
        "pack {pack} has no on-site correction rule; item(s) {items} still count",
    ),
    # human-readable determination
    "verdict.major": ("重大事故隐患", "MAJOR HAZARD"),
    "verdict.not_major": ("未构成重大事故隐患", "not a major hazard"),
    "verdict.incomplete": ("判定未完成（尚有未检查项可能构成重大事故隐患）",
                           "incomplete (unanswered items could still make a major hazard)"),
    "verdict.excluded": ("已触发但依排除情形不判定为重大事故隐患",
                         "triggered but excluded by a claimed exception"),
    "out.pack": ("判定标准", "Pack"),
    "out.verdict": ("结论", "Verdict"),
    "out.trigger": ("触发", "Trigger"),
    "out.direct": ("直接判定", "direct"),
    "out.composite": ("综合判定", "composite"),
    "out.count": ("{count} 项（阈值 {threshold}）", "{count} item(s) (threshold {threshold})"),
    "out.excluded_by": ("排除情形", "Excluded by"),
    "out.vetoed": ("依排除情形不判定", "vetoed by a claimed exception"),
    "out.general": ("一般事故隐患", "General hazards"),
    "out.corrected": ("当场改正（不计入）", "Corrected on site (not counted)"),
    "out.unanswered": ("未检查", "Unanswered"),
    "out.not_applicable": ("不适用", "Not applicable"),
    "out.warnings": ("提示", "Warnings"),
    "out.none": ("无", "none"),
    "out.overall": ("总体结论", "Overall verdict"),
    # packs
    "packs.header": ("判定标准", "Packs"),
    "packs.failed": ("加载失败的插件", "Plugins that failed to load"),
    "packs.none": ("没有已安装的判定标准", "no packs installed"),
    "packs.items_rules": ("{items} 项 / {rules} 条规则", "{items} items / {rules} rules"),
    "packs.superseded": ("已于 {date} 被 {successor} 替代", "superseded by {successor} on {date}"),
    "packs.unverified": ("（条文未核实）", "(wording unverified)"),
    "packs.check_ok": ("{file}: 有效（{items} 项，{rules} 条规则）",
                       "{file}: valid ({items} items, {rules} rules)"),
    "packs.categories": ("场所类别", "Site categories"),
    "packs.tags": ("标签", "Tags"),
    "packs.rules": ("判定规则", "Rules"),
    "packs.exceptions": ("排除情形", "Exceptions"),
    "packs.notes": ("判定说明", "Notes"),
    "packs.n_items": ("{n} 项", "{n} items"),
    "packs.device": ("（设施失效视同未设置）", "(failed device counts as missing)"),
    "packs.items": ("检查项", "Items"),
    "packs.effective": ("生效日期", "Effective"),
    "packs.plugin": ("插件", "Plugin"),
}


class Msg(str):
    """A parameter that is itself a catalogue key, rendered in the same language."""

    __slots__ = ()


class AnjianError(Exception):
    """An error a user can act on: a catalogue key with its parameters."""

    def __init__(self, key: str, /, **params: Any) -> None:
        super().__init__(key)
        self.key = key
        self.params = params

    def render(self, lang: Lang = "en") -> str:
        return t(self.key, lang, **self.params)

    def __str__(self) -> str:
        return self.render("en")


def t(key: str, lang: Lang = "zh", /, **params: Any) -> str:
    """Render catalogue entry ``key`` in ``lang``."""
    zh, en = CATALOGUE[key]
    params = {k: t(v, lang) if isinstance(v, Msg) else v for k, v in params.items()}
    return (en if lang == "en" else zh).format(**params)


def default_lang() -> Lang:
    """The language from ``ANJIAN_LANG``, Chinese when unset or unknown."""
    return "en" if os.environ.get("ANJIAN_LANG", "zh").lower().startswith("en") else "zh"
