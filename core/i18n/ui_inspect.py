"""Starting inspections and answering in the runner: kinds, site profiles, skips, sub-checks, measured values, evidence files."""

MESSAGES: dict[str, tuple[str, str]] = {
    # measured values (refused by the answer service and beside the runner's field alike)
    "measure.not_number": ("“{value}”不是数字", "“{value}” is not a number"),
    "measure.not_finite": ("“{value}”不是有限的数", "“{value}” is not a finite number"),
    "measure.negative": ("测量值不能为负数（{value}）", "a measured value cannot be negative ({value})"),
    # the campaign screen: starting an inspection
    "ui.inspect.start": ("开始检查", "Start inspection"),
    "ui.inspect.start_self": ("开始自查", "Start self-inspection"),
    "ui.inspect.start_title": ("开始检查 {name}", "Start an inspection of {name}"),
    "ui.inspect.start_note": ("检查类型、单位、日期和场所情况；空格键选中，Tab 下一项，Ctrl+S 开始检查", "Kind, enterprise, date and the site; Space selects, Tab moves on, Ctrl+S starts"),
    "ui.inspect.date": ("检查日期", "Date of the inspection"),
    "ui.inspect.date_future": ("检查日期不能晚于今天（{today}）", "the date cannot be after today ({today})"),
    "ui.inspect.kind_stage": ("“{stage}”阶段只能开始{kind}", "in the “{stage}” step only a {kind} inspection can start"),
    "ui.inspect.choose_one": ("至少选择一项", "choose at least one"),
    "ui.inspect.exclusions": ("适用的例外情形", "Exceptions that apply"),
    "ui.kind_long.onsite": ("现场检查", "on-site inspection"),
    "ui.kind_long.self": ("企业自查", "self-inspection"),
    "ui.kind_long.followup": ("跟进督查", "follow-up inspection"),
    # the runner's keys
    "ui.inspect.skip": ("跳过", "Skip"),
    "ui.inspect.corrected_key": ("改正", "Corrected"),
    "ui.inspect.parts": ("逐项", "Parts"),
    "ui.inspect.attach": ("附件", "Attach"),
    # the runner: skip with a reason
    "ui.inspect.skip_title": ("跳过 {clause}：说明原因", "Skip {clause}: the reason"),
    "ui.inspect.skip_note": ("该项暂不作答，原因记入检查记录", "The item stays unanswered; the reason is kept in the record"),
    "ui.inspect.skip_reason": ("跳过原因", "Reason for skipping"),
    "ui.inspect.skipped": ("已跳过：{reason}", "skipped: {reason}"),
    "ui.inspect.corrected": ("（当场改正）", "(corrected on site)"),
    # the runner: part by part, measured values
    "ui.inspect.parts_title": ("{clause} 逐项作答", "{clause} part by part"),
    "ui.inspect.parts_note": ("按子项逐条作答，填入测量值；Tab 下一项，Ctrl+S 保存", "Answer each sub-check, enter the values measured; Tab moves on, Ctrl+S saves"),
    "ui.inspect.no_parts": ("{clause} 没有子项或测量值，直接作答即可", "{clause} has no sub-checks or values: answer it whole"),
    "ui.inspect.value_label": ("{quantity}（测量值，单位：{unit}）", "{quantity} (measured, unit: {unit})"),
    "ui.inspect.design_label": ("{quantity}的设计值或规定值（单位：{unit}）", "{quantity}: design or required value (unit: {unit})"),
    "ui.inspect.limit_hint": ("限值：{limit} 即为隐患", "limit: {limit} is the hazard"),
    "ui.inspect.limit_relative": ("{op} 设计值的 {limit} 倍", "{op} {limit} × the design value"),
    "ui.inspect.measure": ("测量：{quantity}，{limit} 即为隐患", "measure: {quantity}, {limit} is the hazard"),
    "ui.inspect.measured": ("实测 {value}", "measured {value}"),
    "ui.inspect.design_is": ("设计值 {value}", "design {value}"),
    "ui.inspect.live": ("按已填内容判定：{status}", "What they give: {status}"),
    "ui.inspect.live_none": ("按已填内容尚不能判定", "What they give: not decided yet"),
    "ui.inspect.undecided": ("已填的子项和测量值尚不能判定该项，请继续作答", "the sub-checks and values given do not decide the item yet: answer more of them"),
    # the runner: evidence files
    "ui.inspect.attach_title": ("{clause} 附加证据文件", "{clause}: attach an evidence file"),
    "ui.inspect.file": ("文件（Ctrl+O 浏览）", "File (Ctrl+O browses)"),
    "ui.inspect.attach_first": ("请先作答，再附加证据文件", "answer the item first, then attach files"),
    "ui.inspect.attached": ("已附加：{names}", "attached: {names}"),
    "ui.inspect.files": ("证据文件（{n}）", "Evidence files ({n})"),
}
MESSAGES.update({
    # anjian inspect answer: the command line's twin of the runner's part-by-part answer
    "cli.inspect.answer.check": ("一个子项的回答：子项编号=回答（如 1=noncompliant；下一层用 2/a=compliant），可重复", "one sub-check's answer: ID=STATUS (1=noncompliant; one level deeper 2/a=compliant); repeatable"),
    "cli.inspect.answer.check.metavar": ("子项=回答", "ID=STATUS"),
    "cli.inspect.answer.value": ("该项的测量值（单位见检查表）", "the item's measured value (in the checklist's unit)"),
    "cli.inspect.answer.value.metavar": ("数值", "NUMBER"),
    "cli.inspect.answer.design": ("相对限值所依据的设计值或规定值", "the design or required value a relative limit is a factor of"),
    "cli.inspect.answer.design.metavar": ("数值", "NUMBER"),
    "cli.inspect.bad_check": ("“{given}”不是 子项编号=回答 的形式（如 1=noncompliant）", "“{given}” is not ID=STATUS (e.g. 1=noncompliant)"),
})
