"""Determinations as people read them: verdicts, warnings, the audit check."""

MESSAGES: dict[str, tuple[str, str]] = {
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
    "warn.text": ("{text}", "{text}"),
    # human-readable determination
    "verdict.major": ("重大事故隐患", "MAJOR HAZARD"),
    "verdict.not_major": ("未构成重大事故隐患", "not a major hazard"),
    "verdict.incomplete": ("判定未完成（适用的检查项尚未全部检查）",
                           "incomplete (not every applicable item is answered)"),
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
    # audit verify: the hash chain
    "audit.chain.missing": ("此处缺少一条记录（已被删除）", "missing"),
    "audit.chain.out_of_order": ("记录顺序被打乱", "out of order"),
    "audit.chain.unlinked": ("与前一条记录的哈希不衔接", "does not link to the entry before it"),
    "audit.chain.altered": ("内容与其哈希不符（已被改动）", "content does not match its hash (altered)"),
    "audit.chain.truncated": ("此后的记录已被删除", "entries after this one were removed"),
    # audit verify: stored determinations re-evaluated from their findings
    "audit.determinations_ok": ("判定结论：已按检查结果重新判定 {count} 次检查，全部一致", "determinations: {count} inspections re-evaluated, all match"),
    "audit.determinations_bad": ("判定结论：已按检查结果重新判定 {count} 次检查，{bad} 次与存储的判定结论不符", "determinations: {count} inspections re-evaluated, {bad} differ from their findings"),
    "audit.determination_differs": ("检查 {inspection}（{enterprise} {name}；判定标准 {packs}）存储的判定结论与检查结果不符：{what}", "inspection {inspection} ({enterprise} {name}; packs {packs}): the stored determination differs from its findings: {what}"),
    "audit.value_differs": ("{field} 存储为 {stored}，而检查结果得出 {evaluated}", "{field} stored {stored} but findings give {evaluated}"),
    "audit.list_differs": ("{field} 仅存储中有 {stored}，仅检查结果得出 {evaluated}", "{field}: only stored {stored}; only from findings {evaluated}"),
    "audit.overall": ("总体结论", "overall verdict"),
    "audit.not_recorded": ("存储了本次检查未记录的判定标准的判定结论", "a determination is stored under a pack the inspection did not record"),
    "audit.not_stored": ("未存储判定结论，而检查结果得出 {evaluated}", "no determination stored but findings give {evaluated}"),
    "audit.unevaluable": ("检查结果无法判定：{reason}", "the findings cannot be evaluated: {reason}"),
    "audit.cannot_recheck": ("无法复核：判定标准 {pack} 版本 {version}（哈希 {hash}）未安装（{installed}）；涉及 {count} 次检查：{ids}", "cannot re-check: pack {pack} version {version} (hash {hash}) is not installed ({installed}); {count} inspection(s): {ids}"),
    "audit.installed": ("现安装版本 {version}，哈希 {hash}", "installed: version {version}, hash {hash}"),
    "audit.not_installed": ("未安装该判定标准的任何版本", "no version of it is installed"),
    "audit.recheck_repin": ("如需改按现安装的内容判定，请检查行动组长对每次检查执行 `anjian inspect repin 检查编号 --reason 原因`；或重新安装版本 {version}（哈希 {hash}）以复核", "to move them to the installed content, the campaign's lead runs `anjian inspect repin INSPECTION --reason REASON` for each; or install version {version} (hash {hash}) again to re-check them"),
    "audit.recheck_install": ("请重新安装判定标准 {pack} 版本 {version}（哈希 {hash}）以复核", "install pack {pack} version {version} (hash {hash}) again to re-check them"),
}
