"""Overlays (地方补充): what the validator and the catalogue say of an overlay that would
weaken or change its official pack, and how outputs mark local items."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # --- refusals: the overlay file ------------------------------------------------------
    "overlay.bad_extends": (
        "extends '{value}' 的写法不对：应写成 “判定标准编号@版本”，如 chem-2017@2017.1",
        "extends '{value}' is malformed: write PACK@VERSION, e.g. chem-2017@2017.1"),
    "overlay.base_missing": (
        "地方补充 {overlay} 扩展的正式判定标准 {base}（版本 {version}）未安装：请先安装提供它的插件，"
        "或改正 extends（已安装：{known}）",
        "overlay {overlay} extends {base} (version {version}), which is not installed: install "
        "the plugin that provides it, or correct extends (installed: {known})"),
    "overlay.version_mismatch": (
        "地方补充 {overlay} 扩展 {base}@{wanted}，但已安装的是 {installed}：版本不符；请按已安装的"
        "版本核对地方补充后改正 extends，或安装 {base} 的 {wanted} 版",
        "overlay {overlay} extends {base}@{wanted} but {installed} is installed: the versions "
        "do not match; check the overlay against the installed version and correct extends, "
        "or install version {wanted} of {base}"),
    "overlay.not_overlay": (
        "判定标准 {overlay} 没有 extends：它不是地方补充",
        "pack {overlay} has no extends: it is not an overlay"),
    "overlay.base_is_overlay": (
        "{base} 本身是地方补充（extends {extends}）：地方补充只能扩展正式判定标准；请改为扩展 {extends} 所指的标准",
        "{base} is itself an overlay (extends {extends}): an overlay extends an official pack "
        "only; extend the pack {extends} names instead"),
    "overlay.sector": (
        "地方补充的行业 '{sector}' 与所扩展的 {base} 的行业 '{base_sector}' 不同：请写 sector: {base_sector}",
        "the overlay's sector '{sector}' differs from that of {base} ('{base_sector}'): write "
        "sector: {base_sector}"),
    "overlay.rule": (
        "地方补充不得增加、改写或放宽判定规则 {rule}：重大事故隐患只能依所扩展的正式标准的规则判定"
        "（正式规则原样适用，照抄也不行），地方补充的检查项是一般隐患检查项；请删去这条规则",
        "an overlay may not add, rewrite or loosen determination rule {rule}: major hazards "
        "are determined only by the rules of the official pack it extends (they apply as "
        "they are; a copy is refused too), an overlay's items are general checks. Remove "
        "the rule"),
    "overlay.exception": (
        "地方补充不得增加或改写不判定为重大隐患的情形 {exception}：这会放宽正式标准的判定"
        "（正式的排除情形原样适用）；请删去它",
        "an overlay may not add or rewrite exception {exception}: it would loosen the "
        "official determination (the official exceptions apply as they are); remove it"),
    "overlay.official_field": (
        "地方补充不得设置 {field}：它属于正式标准，合并后沿用 {base} 的；请删去这一项",
        "an overlay may not set {field}: it belongs to the official standard and the merged "
        "pack keeps that of {base}; remove it"),
    "overlay.tag": (
        "标签 {tag} 不是正式标准 {base} 的标签（或名称与之不同）：地方补充只能使用正式标准的标签（{known}）",
        "tag {tag} is not a tag of the official pack {base} (or is named differently): an "
        "overlay may use only the official pack's tags ({known})"),
    "overlay.removes_item": (
        "地方补充抄写了正式标准 {base} 的章节 {section}，却少了检查项 {item}：地方补充不得删除正式检查项；"
        "请删去整个章节（正式章节原样保留），本地检查项放入新章节",
        "the overlay copies section {section} of the official pack {base} without item "
        "{item}: an overlay may not remove an official item; remove the whole section (the "
        "official one stays as it is) and put local items in a new section"),
    "overlay.into_base_section": (
        "本地检查项 {item} 不得放入正式标准 {base} 的章节 {section}：那里的检查项由正式判定规则计数；"
        "请放入地方补充自己的新章节",
        "local item {item} may not go in section {section} of the official pack {base}: the "
        "official rules count that section's items; put it in a new section of the overlay"),
    "overlay.copies_section": (
        "地方补充照抄了正式标准 {base} 的章节 {section}：不必也不得照抄，正式章节原样保留；"
        "请删去它，补充的检查要点写在 amend 中",
        "the overlay copies section {section} of the official pack {base}: the official "
        "sections stay as they are without it; remove it and write additions under amend"),
    "overlay.copies_item": (
        "地方补充照抄了正式检查项 {item}（{base}）：正式检查项原样保留；请删去它，补充的检查要点、"
        "取证要点和整改期限写在 amend 中",
        "the overlay copies official item {item} ({base}): official items stay as they are; "
        "remove it and write added guidance, evidence hints and deadlines under amend"),
    "overlay.changes_item": (
        "地方补充不得修改正式标准 {base} 的检查项 {item}（改动了：{fields}）：正式条文原样适用；"
        "请删去它，只在 amend 中追加检查要点、取证要点或整改期限",
        "an overlay may not change item {item} of the official pack {base} (changed: "
        "{fields}): the official text applies as it is; remove it and only add guidance, "
        "evidence hints or a deadline under amend"),
    "overlay.constitutes": (
        "本地检查项 {item} 不得构成其他判定标准的检查项（{target}）：地方补充不能新设重大隐患判定情形；请删去 constitutes",
        "local item {item} may not constitute items of other packs ({target}): an overlay "
        "cannot create major-hazard criteria; remove constitutes"),
    "overlay.amend_removes": (
        "amend 中检查项 {item} 写了 {field}：地方补充不得删除或排除正式检查项；请删去这一项",
        "amend for item {item} has {field}: an overlay may not remove or exclude an official "
        "item; remove it"),
    "overlay.amend_changes": (
        "amend 中检查项 {item} 写了 {field}：地方补充不得修改正式检查项的条款、原文、子项、测量值、"
        "标签或关联；只能追加 guidance_zh、guidance_en、evidence 和 deadline_days",
        "amend for item {item} has {field}: an overlay may not change an official item's "
        "clause, text, sub-checks, measure, tags or links; it may only add guidance_zh, "
        "guidance_en, evidence and deadline_days"),
    "overlay.amend_without_extends": (
        "amend 只用于地方补充：请写 extends: 判定标准编号@版本，或删去 amend",
        "amend is for overlays only: write extends: PACK@VERSION, or remove amend"),
    "overlay.amend_twice": (
        "amend 中检查项 {item} 出现了两次：请合并为一条",
        "amend names item {item} twice: merge the two entries"),
    "overlay.amend_local": (
        "{item} 是地方补充自己的检查项：请直接写在该检查项上，不用 amend",
        "{item} is the overlay's own item: write it on the item itself, not under amend"),
    "overlay.amend_unknown": (
        "amend 中的检查项 {item} 不是正式标准 {base} 的检查项：请检查拼写",
        "amend names item {item}, which the official pack {base} does not have: check the "
        "spelling"),
    "overlay.amend_empty": (
        "amend 中检查项 {item} 没有补充任何内容：请写 guidance_zh、evidence 或 deadline_days，或删去这一条",
        "amend for item {item} adds nothing: write guidance_zh, evidence or deadline_days, or "
        "remove the entry"),
    # --- the catalogue and outputs -------------------------------------------------------
    "overlay.with_base": (
        "地方补充 {overlay} 已包含正式标准 {base} 的全部检查项：检查行动只需选 {overlay}，不要同时选 {base}",
        "overlay {overlay} already holds every item of the official pack {base}: choose "
        "{overlay} alone, not {base} as well"),
    "stage.overlay": ("地方补充", "overlay"),
    "overlay.guidance_mark": ("【地方补充·{title}】", "[Local: {title}] "),
    "overlay.of": ("地方补充，扩展 {base} {version}", "overlay of {base} {version}"),
    "overlay.of_detail": ("地方补充，扩展 {base} {version}：{standard}（{issuer}）",
                          "overlay of {base} {version}: {standard} ({issuer})"),
    "overlay.local_count": ("  其中地方补充 {n} 项", "  of which local: {n}"),
    "overlay.local_short": ("（地方补充）", " (local)"),
    "overlay.local_mark": ("地方补充", "local"),
    "overlay.local_clause": ("（地方补充：{title}）", " (local: {title})"),
}
