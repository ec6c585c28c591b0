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
    # database
    "db.bad_url": ("数据库地址 '{url}' 无效；可用 sqlite:///文件路径 或 postgresql+psycopg://用户@主机:端口/库名",
                   "database URL '{url}' is not valid; use sqlite:///path/to/file.db or postgresql+psycopg://user@host:port/db"),
    "db.newer": ("数据库版本 {revision} 比本程序新；请升级 anjian 后再打开，数据未作任何改动",
                 "the database is at schema {revision}, newer than this anjian; upgrade anjian to open it (nothing was changed)"),
    "db.foreign": ("{url} 中已有其他程序的表（{tables}），不是 anjian 数据库；请换一个数据库",
                   "{url} holds tables of another program ({tables}), not an anjian database; choose another database"),
    "db.unavailable": ("无法使用数据库 {url}: {reason}；请检查数据库服务和地址后重试，已确认的数据未丢失",
                       "cannot use the database {url}: {reason}; check the server and the URL and try again (nothing confirmed was lost)"),
    "db.stale": ("保存失败：有人刚刚修改了同一条记录；请重新打开查看最新内容后再修改",
                 "not saved: someone changed the same record a moment ago; reload it and make your change again"),
    "db.stale_view": ("保存失败：{kind} {key} 已被他人修改（您看到的是第 {seen} 版，当前为第 {current} 版）；请刷新后再修改",
                      "not saved: {kind} {key} was changed by someone else (you saw version {seen}, it is now {current}); reload and try again"),
    "db.not_found": ("没有{kind} {key}", "no {kind} {key}"),
    "uscc.invalid": ("统一社会信用代码 '{code}' 无效：{problem}", "unified social credit code '{code}' is not valid: {problem}"),
    "field.required": ("缺少必填项 {field}", "{field} is required"),
    "field.unknown": ("未知字段: {fields}", "unknown field(s): {fields}"),
    "enterprise.exists": ("统一社会信用代码 {uscc} 的单位已存在；如需修改请使用更新功能",
                          "an enterprise with credit code {uscc} already exists"),
    "colour.unknown": ("未知的颜色 '{colour}'，应为 green、blue、yellow 或 red",
                       "unknown colour '{colour}'; use green, blue, yellow or red"),
    "campaign.no_packs": ("请至少指定一个判定标准（--pack）", "give at least one pack (--pack)"),
    "campaign.refused": ("检查行动 {id} 不能从“{stage}”进入下一阶段: {reasons}",
                         "campaign {id} cannot leave stage {stage}: {reasons}"),
    "training.no_attendees": ("请至少指定一个参加培训的单位（--attendee 统一社会信用代码）",
                              "give at least one attending enterprise (--attendee USCC)"),
    "training.stage": ("检查行动处于“{stage}”阶段，只能在现场检查或反馈培训阶段记录培训",
                       "the campaign is at stage {stage}; training is recorded at the onsite or feedback stage"),
    "inspection.bad_kind": ("检查类型 '{kind}' 无效，应为 {kinds}", "inspection kind '{kind}' is not one of {kinds}"),
    "inspection.wrong_stage": ("检查行动处于“{stage}”阶段，不能开始 {kind} 检查（此阶段可开始: {allowed}）",
                               "the campaign is at stage {stage}; a {kind} inspection cannot start now (allowed: {allowed})"),
    "inspection.not_target": ("现场检查只针对典型单位 {target}，而不是 {uscc}",
                              "the on-site inspection is of the typical enterprise {target}, not {uscc}"),
    "inspection.other_sector": ("单位 {uscc} 属于“{sector}”行业，不属于本次检查行动的“{campaign_sector}”行业",
                                "enterprise {uscc} is in sector {sector}, not the campaign's {campaign_sector}"),
    "hazard.refused": ("隐患 {id} 不能进行此操作: {reasons}", "hazard {id}: not done: {reasons}"),
    "hazard.bad_move": ("隐患处于“{status}”状态，不能{move}", "a hazard that is {status} cannot be {move}"),
    "hazard.need_deadline": ("需要整改期限（--deadline YYYY-MM-DD）", "a deadline is required (--deadline YYYY-MM-DD)"),
    "hazard.need_responsible": ("需要整改责任人（--responsible 姓名）", "a responsible person is required (--responsible NAME)"),
    "hazard.need_plan": ("重大事故隐患的治理方案缺少: {fields}", "the major hazard's treatment plan lacks: {fields}"),
    "move.plan": ("制定整改计划", "planned"),
    "move.submit": ("提交整改材料", "submitted"),
    "move.accept": ("验收销号", "accepted"),
    "move.reject": ("退回整改", "rejected"),
    "hstatus.open": ("待整改", "open"),
    "hstatus.rectifying": ("整改中", "rectifying"),
    "hstatus.submitted": ("已提交待复查", "submitted"),
    "hstatus.closed": ("已销号", "closed"),
    "guard.lead": ("检查组需要一名组长（现有 {count} 名）", "the team needs exactly one lead (has {count})"),
    "guard.inspectors": ("检查组至少需要 {needed} 名检查人员（现有 {count} 名）",
                         "the team needs at least {needed} inspectors (has {count})"),
    "guard.no_onsite": ("尚未对典型单位开展现场检查", "no on-site inspection of the typical enterprise yet"),
    "guard.unanswered": ("{count} 个适用检查项尚未检查（或未注明跳过原因）",
                         "{count} applicable item(s) unanswered (answer them or skip each with a reason)"),
    "guard.training": ("尚未记录反馈培训（日期、参加单位）", "no training session recorded (date, attendees)"),
    "guard.major_open": ("{count} 个重大事故隐患尚未复查销号", "{count} major hazard(s) not yet verified and closed"),
    "guard.closed": ("检查行动已结束", "the campaign is closed"),
    "team.bad_role": ("角色 '{role}' 无效，应为 lead 或 inspector", "role '{role}' is not lead or inspector"),
    "team.formed": ("检查行动 {id} 已处于“{stage}”阶段，检查组不能再调整", "campaign {id} is at stage {stage}; the team can no longer change"),
    "team.duplicate": ("{name} 已在检查组中", "{name} is already on the team"),
    "team.has_lead": ("检查行动 {id} 已有组长", "campaign {id} already has a lead"),
    "bulk.bad_row": ("第 {row} 行: {problem}；未导入任何数据", "row {row}: {problem}; nothing was loaded"),
    "late.training": ("反馈培训应于 {date} 前完成", "training due {date}"),
    "late.reports": ("自查整改报告应于 {date} 前提交", "self-rectification reports due {date}"),
    "demo.fresh_sqlite": ("--fresh 只能用于 SQLite 演示数据库", "--fresh works on a SQLite demo database only"),
    # terminal UI
    "ui.title": ("安检 anjian", "anjian"),
    "ui.home": ("首页", "Home"),
    "ui.enterprises": ("生产经营单位", "Enterprises"),
    "ui.campaign": ("检查行动", "Campaign"),
    "ui.runner": ("检查", "Inspection"),
    "ui.ledger": ("隐患台账", "Hazard ledger"),
    "ui.packs": ("判定标准", "Packs"),
    "ui.help": ("帮助", "Help"),
    "ui.quit": ("退出", "Quit"),
    "ui.back": ("返回", "Back"),
    "ui.open": ("打开", "Open"),
    "ui.search": ("搜索", "Search"),
    "ui.loading": ("正在加载…", "Loading…"),
    "ui.campaigns": ("检查行动", "Campaigns"),
    "ui.colours": ("智管码", "Colour codes"),
    "ui.overdue": ("逾期隐患", "Overdue hazards"),
    "ui.rate": ("每千次检查重大隐患", "Major hazards per 1,000 inspections"),
    "ui.attention": ("待办", "Needs attention"),
    "ui.nothing": ("暂无", "nothing"),
    "ui.col.id": ("编号", "ID"),
    "ui.col.sector": ("行业", "Sector"),
    "ui.col.stage": ("阶段", "Stage"),
    "ui.col.target": ("典型单位", "Typical enterprise"),
    "ui.col.colour": ("码", "Code"),
    "ui.col.name": ("名称", "Name"),
    "ui.col.uscc": ("统一社会信用代码", "Credit code"),
    "ui.col.district": ("区县", "District"),
    "ui.col.hazards": ("隐患", "Hazards"),
    "ui.col.level": ("等级", "Level"),
    "ui.col.clause": ("条款", "Clause"),
    "ui.col.enterprise": ("单位", "Enterprise"),
    "ui.col.deadline": ("期限", "Deadline"),
    "ui.col.left": ("剩余", "Left"),
    "ui.col.status": ("状态", "Status"),
    "ui.col.kind": ("类型", "Kind"),
    "ui.col.verdict": ("结论", "Verdict"),
    "ui.col.key": ("按键", "Key"),
    "ui.col.action": ("操作", "Action"),
    "ui.days_left": ("{n}天", "{n}d"),
    "ui.days_over": ("逾期{n}天", "{n}d over"),
    "ui.stage.team_formation": ("组建团队", "Team"),
    "ui.stage.onsite": ("现场检查", "On-site"),
    "ui.stage.feedback": ("反馈培训", "Feedback"),
    "ui.stage.self_rectification": ("自查整改", "Self-check"),
    "ui.stage.followup": ("跟进督查", "Follow-up"),
    "ui.stage.closed": ("已结束", "Closed"),
    "ui.level.major": ("重大", "major"),
    "ui.level.general": ("一般", "general"),
    "ui.kind.onsite": ("现场", "on-site"),
    "ui.kind.self": ("自查", "self"),
    "ui.kind.followup": ("复查", "follow-up"),
    "ui.team": ("检查组", "Team"),
    "ui.blocked": ("进入下一阶段前还需要", "Before the next step"),
    "ui.ready": ("可以进入下一阶段", "Ready for the next step"),
    "ui.advanced": ("已进入“{stage}”阶段", "Now at stage {stage}"),
    "ui.inspections": ("检查记录", "Inspections"),
    "ui.answer.compliant": ("符合", "compliant"),
    "ui.answer.noncompliant": ("不符合", "noncompliant"),
    "ui.answer.not_applicable": ("不适用", "not applicable"),
    "ui.answer.clear": ("清除", "clear"),
    "ui.next": ("下一项", "Next"),
    "ui.prev": ("上一项", "Previous"),
    "ui.next_unanswered": ("下一未检查项", "Next unanswered"),
    "ui.edit_note": ("备注", "Note"),
    "ui.edit_external": ("外部编辑器", "Edit in $EDITOR"),
    "ui.advance": ("推进阶段", "Advance"),
    "ui.start_onsite": ("开始现场检查", "Start on-site inspection"),
    "ui.plan": ("整改计划", "Plan"),
    "ui.submit": ("提交整改", "Submit evidence"),
    "ui.accept": ("验收销号", "Accept"),
    "ui.reject": ("退回", "Reject"),
    "ui.overdue_only": ("只看逾期", "Overdue only"),
    "ui.filter_district": ("按区县", "District"),
    "ui.filter_sector": ("按行业", "Sector"),
    "ui.filter_colour": ("按颜色", "Colour"),
    "ui.all": ("全部", "all"),
    "ui.clause": ("条款", "Clause"),
    "ui.guidance": ("检查方法", "How to check"),
    "ui.evidence": ("取证要点", "Evidence"),
    "ui.note": ("备注", "Note"),
    "ui.unverified": ("条文未核实", "wording unverified"),
    "ui.device": ("设施失效视同未设置", "a failed device counts as missing"),
    "ui.progress": ("已检查 {done}/{total}", "{done}/{total} answered"),
    "ui.unsaved": ("未保存: {item}: {reason}", "not saved: {item}: {reason}"),
    "ui.saved": ("已保存", "saved"),
    "ui.general_count": ("一般隐患 {n} 项", "{n} general hazard(s)"),
    "ui.unanswered_count": ("未检查 {n} 项", "{n} unanswered"),
    "ui.deadline_prompt": ("整改期限（YYYY-MM-DD）", "Deadline (YYYY-MM-DD)"),
    "ui.responsible_prompt": ("整改责任人", "Responsible person"),
    "ui.evidence_prompt": ("整改材料说明", "Evidence"),
    "ui.note_prompt": ("说明", "Note"),
    "ui.ok": ("确定", "OK"),
    "ui.cancel": ("取消", "Cancel"),
    "ui.bad_date": ("日期格式应为 YYYY-MM-DD", "a date is YYYY-MM-DD"),
    "ui.no_db": ("无法打开数据库: {reason}", "cannot open the database: {reason}"),
    "ui.plugin_errors": ("加载失败的插件", "Plugins that failed to load"),
    "ui.jump_item": ("跳转到检查项…", "Jump to item…"),
    "ui.open_enterprise": ("打开单位…", "Open enterprise…"),
    "ui.theme": ("切换深色/浅色", "Toggle dark/light"),
    "ui.export": ("导出 Excel", "Export to Excel"),
    "ui.exporting": ("正在导出…", "Exporting…"),
    "ui.exported": ("已导出: {path}（{rows} 行）", "exported: {path} ({rows} rows)"),
    # Excel
    "xl.summary": ("概况", "Summary"),
    "xl.findings": ("检查发现", "Findings"),
    "xl.determination": ("重大隐患判定", "Determination"),
    "xl.notice": ("整改通知", "Rectification notice"),
    "xl.ledger": ("隐患台账", "Hazard ledger"),
    "xl.statistics": ("统计", "Statistics"),
    "xl.report_title": ("安全生产检查报告", "Safety inspection report"),
    "xl.enterprise": ("单位名称", "Enterprise"),
    "xl.enterprises": ("单位数", "Enterprises"),
    "xl.campaign": ("检查行动", "Campaign"),
    "xl.date": ("检查日期", "Inspection date"),
    "xl.started_by": ("检查人", "Inspector"),
    "xl.answered": ("已检查项数", "Items answered"),
    "xl.major_count": ("重大事故隐患数", "Major hazards"),
    "xl.item": ("检查项编号", "Item"),
    "xl.text": ("检查项内容", "Requirement"),
    "xl.who": ("检查人", "By"),
    "xl.when": ("时间（UTC）", "When (UTC)"),
    "xl.skipped": ("未检查（已说明原因）", "skipped with a reason"),
    "xl.rule": ("判定规则", "Rule"),
    "xl.rule_text": ("判定依据", "Rule text"),
    "xl.findings_behind": ("触发的检查项", "Findings behind it"),
    "xl.count": ("项数", "Count"),
    "xl.threshold": ("阈值", "Threshold"),
    "xl.vetoed": ("依排除情形不判定", "vetoed"),
    "xl.notice_title": ("事故隐患整改通知书", "Rectification notice"),
    "xl.notice_to": ("致：{name}（统一社会信用代码 {uscc}）", "To: {name} (credit code {uscc})"),
    "xl.notice_intro": ("经 {date} 检查，发现你单位存在下列事故隐患，请按期完成整改并报送整改材料。",
                        "The inspection of {date} found the hazards below; rectify them by their deadlines and submit evidence."),
    "xl.no": ("序号", "No."),
    "xl.requirement": ("隐患内容及整改要求", "Hazard and requirement"),
    "xl.notice_sign": ("检查人员（签名）：________　　日期：________", "Inspectors (signature): ________  Date: ________"),
    "xl.notice_receipt": ("被检查单位负责人（签收）：________　　日期：________", "Received for the enterprise: ________  Date: ________"),
    "xl.found_on": ("发现日期", "Found on"),
    "xl.days_left": ("剩余天数", "Days left"),
    "xl.responsible": ("整改责任人", "Responsible"),
    "xl.verified_by": ("复查人", "Verified by"),
    "xl.verified_on": ("销号日期", "Closed on"),
    "xl.inspections": ("检查次数", "Inspections"),
    "xl.per_1000": ("每千次检查", "Per 1,000"),
    "xl.chart_status": ("隐患状态", "Hazards by status"),
    "xl.chart_colour": ("智管码分布", "Enterprises by colour code"),
    "excel.missing": ("{file}: 文件不存在", "{file}: no such file"),
    "excel.not_workbook": ("{file}: 不是 Excel 工作簿（.xlsx）", "{file}: not an Excel workbook (.xlsx)"),
    "excel.encrypted": ("{file}: 工作簿有密码保护；请另存为无密码的 .xlsx 后再导入", "{file}: the workbook is password-protected; save it without a password as .xlsx and import that"),
    "excel.too_large": ("{file}: 解压后 {size} 字节，超过 {limit} 字节的限制；请拆分后导入", "{file}: {size} bytes unpacked, over the {limit}-byte limit; split it and import the parts"),
    "excel.too_many_rows": ("{file}: 超过 {limit} 行的限制；请拆分后导入", "{file}: more than {limit} rows; split it and import the parts"),
    "excel.damaged": ("{file}: 工作簿已损坏，无法读取（{reason}）", "{file}: the workbook is damaged and cannot be read ({reason})"),
    "excel.no_sheet": ("{file}: 没有工作表“{sheet}”；现有: {sheets}", "{file}: no sheet '{sheet}'; it has: {sheets}"),
    "excel.no_header": ("{file}: 找不到表头（需要 统一社会信用代码/uscc、名称/name、区县/district、行业/sector 等列）", "{file}: no header row (it needs uscc/统一社会信用代码, name/名称, district/区县, sector/行业 …)"),
    "excel.bad_rows": ("{file}: {count} 行有问题，未导入任何数据（--skip-bad 可跳过问题行）:\n{rows}", "{file}: {count} bad row(s), nothing imported (--skip-bad imports the good ones):\n{rows}"),
    "excel.pack_invalid": ("{file}: 转换出的判定标准无效:\n{problems}", "{file}: the checklist does not make a valid pack:\n{problems}"),
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
