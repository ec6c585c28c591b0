"""The record of an inspection: who changed a finding, conflicts, frozen steps, amendments,
and the hazards that follow the findings."""

MESSAGES: dict[str, tuple[str, str]] = {
    "finding.now": ("当前为{what}（{by}，{at}）", "it now reads {what} ({by}, {at})"),
    "finding.now_status": ("“{status:@ui.answer}”", "'{status:@ui.answer}'"),
    "finding.now_skipped": ("“跳过：{reason}”", "'skipped: {reason}'"),
    "finding.now_unanswered": ("“未检查”", "'unanswered'"),
    "finding.conflict": (
        "检查项 {key} 已被他人修改（您看到的是第 {seen} 版，当前为第 {current} 版），{now}；"
        "请查看后重新作答",
        "item {key} was changed meanwhile (you saw version {seen}, it is now "
        "{current}); {now}; look at it and answer again"),
    "finding.others": (
        "检查项 {key} 由他人作答，{now}；如确需更改，请加 --expect-version 版本号"
        "（确认您看到的是当前答案）或 --amend --reason 原因（作为更正记录）",
        "item {key} was answered by someone else; {now}; to change it give "
        "--expect-version N (the version you saw) or --amend --reason TEXT (recorded as an "
        "amendment)"),
    "finding.frozen": (
        "检查项 {key} 所属的检查步骤已结束，记录已冻结；如需更正，请加 --amend --reason 原因",
        "the step of item {key} has ended and its findings are frozen; to correct "
        "it give --amend --reason TEXT"),
    "finding.campaign_closed": ("检查 {id} 所属的检查行动已结束，记录只读",
                                "the campaign of inspection {id} is closed; its "
                                "records are read-only"),
    "finding.amend_reason": ("更正检查项 {key} 需要说明原因（--reason）",
                             "amending item {key} needs a reason (--reason)"),
    "finding.nothing_to_clear": ("检查项 {key} 尚未作答，无需清除", "item {key} has no answer to clear"),
    "hazard.verified_finding": (
        "检查项 {key} 的隐患 {id} 已于 {on} 复查销号，不能撤回这一发现；如确属错误，请加 "
        "--amend --reason 原因",
        "hazard {id} of item {key} was verified and closed on {on}; the finding "
        "cannot be withdrawn; if it was wrong give --amend --reason TEXT"),
    "hazard.planned_needs_reason": (
        "检查项 {key} 的隐患 {id} 处于“{status:@hstatus}”状态，撤销它需要说明原因（--reason）",
        "hazard {id} of item {key} is {status:@hstatus}; withdrawing it needs a "
        "reason (--reason)"),
    # the command line
    "cli.inspect.clear": ("撤回某检查项的结论，使其恢复为未检查（保留备注）",
                          "Withdraw an item's answer: it is unanswered again (its note is kept)."),
    "cli.inspect.note": ("为某检查项写备注（无论是否已作答；已有结论不变）",
                         "Write an item's note, answered or not (its answer is kept)."),
    "cli.param.text": ("备注内容", "The note."),
    "cli.metavar.text": ("文本", "TEXT"),
    "cli.param.amend": ("作为更正记录修改（他人给出的或已冻结的结论），须附 --reason",
                        "Change it as an amendment (another person's or a frozen answer); "
                        "needs --reason."),
    "cli.out.inspect.cleared": ("已撤回 {item} 的结论 → {verdict}", "{item} cleared → {verdict}"),
    "cli.out.inspect.noted": ("已保存 {item} 的备注", "note of {item} saved"),
    "cli.out.inspect.unanswered": ("未检查", "unanswered"),
    "cli.out.inspect.skipped_short": ("已跳过", "skipped"),
    "cli.out.inspect.corrected": ("（已当场整改）", " (corrected on site)"),
    "cli.out.inspect.recurrence": ("{item} 再次发现：并入尚未销号的隐患 {hazard}（本次判为{level:@ui.level}隐患）",
                                   "{item} found again: linked to hazard {hazard}, still open "
                                   "(found {level} this time)"),
    "cli.out.inspect.recurs_after": ("{item} 隐患 {hazard} 为已销号隐患 {earlier} 的复发",
                                     "{item} hazard {hazard} recurs after closed hazard {earlier}"),
    "cli.out.inspect.amendment": ("更正 {item}（{at}，{by}）：{was} → {now}；原因：{reason}",
                                  "amended {item} ({at}, {by}): {was} → {now}; why: {reason}"),
    # the inspection report
    "xl.unanswered": ("未检查", "unanswered"),
    "xl.amendments": ("更正记录", "Amendments"),
    "xl.amend_before": ("更正前", "Before"),
    "xl.amend_after": ("更正后", "After"),
    "xl.amend_reason": ("更正原因", "Reason"),
    "cli.out.stats.recurrences": ("销号后复发隐患：{after}；再次发现尚未销号的隐患：{linked} 次",
                                  "hazards recurring after closure: {after}; found again while "
                                  "open: {linked}"),
    # the audit check of the ledger against the determination
    "audit.ledger": ("隐患台账", "the hazard ledger"),
    "audit.hazard": ("{item}（{state:@audit.hazard}）", "{item} ({state:@audit.hazard})"),
    "audit.hazard.major": ("重大，未销号", "major, open"),
    "audit.hazard.general": ("一般，未销号", "general, open"),
    "audit.hazard.corrected": ("已当场整改", "corrected on site"),
}
