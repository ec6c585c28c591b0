"""Reading findings, sites, JSON files and pack ids: what is wrong with the input."""

MESSAGES: dict[str, tuple[str, str]] = {
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
    "findings.not_yet": (
        "{file}: 检查项 {item} 自 {effective} 起才计入判定，检查日期 {on} 早于此日，不能作答；请删除此结果或核对检查日期",
        "{file}: item {item} counts only from {effective}, after the inspection date {on}; "
        "remove the finding or check the date",
    ),
    "findings.part_gated": (
        "{file}: 检查项 {item} 的子项 {check} 仅适用于具有标签 {detail} 的场所，而该场所没有，不计入判定；请删除该子项的答案（或答“不适用”），或在场所中加入标签",
        "{file}: item {item}, sub-check {check} applies only to sites tagged {detail}, which this "
        "site is not, and does not count; remove its answer (or answer not applicable), or add the tag",
    ),
    "findings.part_not_yet": (
        "{file}: 检查项 {item} 的子项 {check} 自 {detail} 起才计入判定，早于检查日期，不能作答；请删除该子项的答案或核对检查日期",
        "{file}: item {item}, sub-check {check} counts only from {detail}, after the inspection "
        "date; remove its answer or check the date",
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
    "profile.choice": ("{name}（{id}）", "{name} ({id})"),
    "profile.ask": ("{title}：{choices}", "{title}: {choices}"),
    "profile.title.categories": (
        "判定标准 {packs} 的场所类别（可多选；都不属于时选“其他场所”）",
        "the site categories for {packs} (one or more; other when none applies)",
    ),
    "profile.title.tags": (
        "判定标准 {packs} 的场所类型或开展的作业（至少选一个）",
        "the kind of site or the work done, for {packs} (at least one)",
    ),
    "kind.category": ("场所类别", "site category"),
    "kind.tag": ("标签", "tag"),
    "kind.exception": ("排除情形", "exception"),
    "list.more": ("… 另有 {count} 条", "… {count} more"),
    "io.read": ("{file}: 无法读取: {reason}", "{file}: cannot read: {reason}"),
    "io.write": ("{file}: 无法写入: {reason}", "{file}: cannot write: {reason}"),
    "io.json": (
        "{file}:{line}: JSON 格式错误: {reason}",
        "{file}:{line}: malformed JSON: {reason}",
    ),
    # free text (core.pack.free_text): what a stored text may not hold
    "text.control": (
        "{record}的{field:@column}含有控制字符 {char}（第 {at} 个字符）：请删除后重试；"
        "文字中可以换行和使用制表符，但不能含控制字符。未保存任何内容",
        "the {field:@column} of {record} holds the control character {char} (character "
        "{at}): remove it and try again; text may hold line breaks and tabs, no control "
        "characters (nothing was saved)",
    ),
    "text.record": ("{kind:@kind} {key}", "{kind:@kind} {key}"),
    "text.new_record": ("新{kind:@kind}", "the new {kind:@kind}"),
    "text.some_record": ("一条{kind:@kind}记录", "one {kind:@kind} record"),
    # the free-text fields, as that message names them
    "column.note": ("备注", "note"),
    "column.reason": ("原因", "reason"),
    "column.skip_reason": ("未答原因", "reason for leaving it unanswered"),
    "column.location": ("位置", "location"),
    "column.responsible": ("责任人", "responsible person"),
    "column.plan_goal": ("治理的目标和任务", "goals and tasks"),
    "column.plan_method": ("采取的方法和措施", "methods and measures"),
    "column.plan_funding": ("经费和物资的落实", "funding and materials"),
    "column.plan_organisation": ("负责治理的机构和人员", "organisation and people responsible"),
    "column.plan_timeline": ("治理的时限和要求", "time limits and requirements"),
    "column.plan_safety": ("安全措施和应急预案", "safety measures and emergency plan"),
    "column.evidence": ("整改情况说明", "rectification evidence"),
    "column.name": ("名称", "name"),
    "column.district": ("区县", "district"),
    "column.sector": ("行业", "sector"),
    "column.address": ("地址", "address"),
    "column.contact": ("联系人", "contact"),
    "column.lead": ("组长", "team lead"),
    "column.member": ("团队成员", "team member"),
    "column.attendees": ("参加单位", "attending enterprises"),
    "column.participants": ("参加人员", "participants"),
    "column.file_name": ("文件名", "file name"),
    "column.detail": ("子项和测量值", "sub-checks and measured values"),
    "column.verified_by": ("核查人", "verified by"),
    "column.answered_by": ("检查人", "answered by"),
    "column.actor": ("操作人", "actor"),
    "pack.unknown": (
        "没有已安装的判定标准 '{pack}'；已安装: {known}（`anjian packs list`）",
        "no installed pack '{pack}'; installed: {known} (`anjian packs list`)",
    ),
}
