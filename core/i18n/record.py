"""The record of an inspection: who changed a finding, conflicts, frozen steps, amendments,
and the hazards that follow the findings."""

MESSAGES: dict[str, tuple[str, str]] = {
    "finding.now": ("当前为{what}（{by}，{at}）", "it now reads {what} ({by}, {at})"),
    "finding.now_status": ("“{status:@ui.answer}”", "'{status:@ui.answer}'"),
    "finding.now_skipped": ("“跳过：{reason}”", "'skipped: {reason}'"),
    "finding.now_unanswered": ("“未检查”", "'unanswered'"),
    "finding.conflict": (
        "未保存：检查项 {key} 已被他人修改（您看到的是第 {seen} 版，当前为第 {current} 版），{now}；"
        "请查看后重新作答",
        "not saved: item {key} was changed meanwhile (you saw version {seen}, it is now "
        "{current}); {now}; look at it and answer again"),
    "finding.others": (
        "未保存：检查项 {key} 由他人作答，{now}；如确需更改，请加 --expect-version 版本号"
        "（确认您看到的是当前答案）或 --amend --reason 原因（作为更正记录）",
        "not saved: item {key} was answered by someone else; {now}; to change it give "
        "--expect-version N (the version you saw) or --amend --reason TEXT (recorded as an "
        "amendment)"),
    "finding.frozen": (
        "未保存：检查项 {key} 所属的检查步骤已结束，记录已冻结；如需更正，请加 --amend --reason 原因",
        "not saved: the step of item {key} has ended and its findings are frozen; to correct "
        "it give --amend --reason TEXT"),
    "finding.campaign_closed": ("未保存：检查 {id} 所属的检查行动已结束，记录只读",
                                "not saved: the campaign of inspection {id} is closed; its "
                                "records are read-only"),
    "finding.amend_reason": ("更正检查项 {key} 需要说明原因（--reason）",
                             "amending item {key} needs a reason (--reason)"),
    "finding.nothing_to_clear": ("检查项 {key} 尚未作答，无需清除", "item {key} has no answer to clear"),
    "hazard.verified_finding": (
        "未保存：检查项 {key} 的隐患 {id} 已于 {on} 复查销号，不能撤回这一发现；如确属错误，请加 "
        "--amend --reason 原因",
        "not saved: hazard {id} of item {key} was verified and closed on {on}; the finding "
        "cannot be withdrawn; if it was wrong give --amend --reason TEXT"),
    "hazard.planned_needs_reason": (
        "未保存：检查项 {key} 的隐患 {id} 处于“{status:@hstatus}”状态，撤销它需要说明原因（--reason）",
        "not saved: hazard {id} of item {key} is {status:@hstatus}; withdrawing it needs a "
        "reason (--reason)"),
}
