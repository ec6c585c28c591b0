"""The risk register (风险分级管控台账): its refusals, the re-assessment flag, and the
``anjian risk`` commands that keep it (add, entry, responsible, grade, list, show, link,
unlink, presets)."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "risk.kind.activity": ("作业活动", "activity"),
    "risk.kind.equipment": ("设备设施", "equipment"),
    "column.code": ("编号", "code"),
    "column.step": ("作业步骤或检查项目", "step or check item"),
    "column.hazard": ("危险源或潜在事件", "hazard"),
    "column.standard": ("标准", "standard"),
    "column.consequence": ("主要后果", "consequence"),
    "column.suggestions": ("建议改进措施", "suggested measures"),
    "column.control_measures": ("现有控制措施", "control measures"),
    "column.point_detail": ("风险点信息", "risk point details"),
    "risk.register.allowed_value": ("{name}（{id}）", "{name} ({id})"),
    "risk.register.choice": (
        "{field} 的取值 {value} 不可用：可取 {allowed}。未保存任何内容",
        "{field} = {value} is not allowed: use one of {allowed} (nothing was saved)",
    ),
    "risk.register.current_above": (
        "{field}：现有风险（{current}，{current_value}）高于固有风险（{inherent}，{inherent_value}"
        "）：现有风险是在现有控制措施下评价的，不能高于固有风险；请核对两次评价的取值。未保存任何"
        "内容",
        "{field}: the current risk ({current}, {current_value}) is graver than the inherent one "
        "({inherent}, {inherent_value}): the current risk is assessed with the existing measures "
        "and cannot exceed the inherent one; check both assessments (nothing was saved)",
    ),
    "risk.register.tier_missing": (
        "{field}：风险点 {point} 的风险等级为{grade}，需要{tier}责任人；请先用 `anjian risk "
        "responsible 风险点 --responsible {id}=姓名` 指定。未保存任何内容",
        "{field}: risk point {point} is a {grade} and needs a responsible person at the {tier} "
        "tier; name one first with `anjian risk responsible POINT --responsible {id}=NAME` "
        "(nothing was saved)",
    ),
    "risk.register.code_taken": (
        "编号 {code} 已被 {name}（{uscc}）的风险点 #{id}（{other}）使用：同一单位的风险点编号不能"
        "重复，请换一个编号。未保存任何内容",
        "code {code} is taken by risk point #{id} ({other}) of {name} ({uscc}): the codes of an "
        "enterprise's risk points are unique; choose another (nothing was saved)",
    ),
    "risk.register.other_enterprise": (
        "隐患 #{hazard} 属于单位 {hazard_uscc}，风险点 {point}（#{id}）属于单位 {uscc}：隐患只能关"
        "联到本单位的风险点。未保存任何内容",
        "hazard #{hazard} is of enterprise {hazard_uscc} and risk point {point} (#{id}) of "
        "{uscc}: a hazard is tied only to a risk point of its own enterprise (nothing was saved)",
    ),
    "risk.register.not_linked": (
        "隐患 #{hazard} 未关联任何风险点。未保存任何内容",
        "hazard #{hazard} is tied to no risk point (nothing was saved)",
    ),
    "risk.register.bad_page": (
        "分页参数无效：起始 {offset}、条数 {limit}（条数为 1 至 {most}）",
        "bad page: offset {offset}, limit {limit} (the limit is 1 to {most})",
    ),
    "risk.register.reassess": ("需重新评价：{reasons}", "to be re-assessed: {reasons}"),
    "risk.register.reassess.major": ("有未销号的重大事故隐患 {ids}", "open major hazard {ids}"),
    "risk.register.reassess.recurring": (
        "隐患销号后又出现 {ids}",
        "hazard {ids} found again after 销号",
    ),
    "risk.register.pair": (
        "{option} 的取值 {value} 应写作 键=值。未保存任何内容",
        "{option} {value}: write it KEY=VALUE (nothing was saved)",
    ),
    "risk.register.assessment": (
        "{option} 的取值 {value} 应写作 预设:因素=分值,…（如 `lec-classic:L=6,E=6,C=15` 或 "
        "`ls-shandong:L=3,S=4`）。未保存任何内容",
        "{option} {value}: write it PRESET:FACTOR=SCORE,… (e.g. lec-classic:L=6,E=6,C=15 or "
        "ls-shandong:L=3,S=4) (nothing was saved)",
    ),
    "risk.register.method": (
        "--method 的取值 {value} 不可用：可取 {allowed}",
        "--method {value}: use one of {allowed}",
    ),
    "risk.register.preset_method": (
        "预设 {preset} 用的是{method}，与 --method 不符",
        "preset {preset} is of the {method} method, not the one --method names",
    ),
    "risk.register.bad_page_number": (
        "--page 的取值 {page} 无效：页码从 1 开始",
        "--page {page}: pages start at 1",
    ),
    "cli.out.risk.not_assessed": ("未评价", "not assessed"),
    "cli.out.risk.grade_short": (
        "{grade}（{colour}）{symbol}={value}（{preset}）",
        "{grade} ({colour}) {symbol}={value} ({preset})",
    ),
    "cli.out.risk.point": (
        "#{id} {code} {name}（{kind}）：{grade}",
        "#{id} {code} {name} ({kind}): {grade}",
    ),
    "cli.out.risk.flag": ("【{reason}】", "[{reason}]"),
    "cli.out.risk.place": ("地点：{place}", "place: {place}"),
    "cli.out.risk.responsible": ("责任人：{people}", "responsible: {people}"),
    "cli.out.risk.grades": (
        "固有风险：{inherent}；现有风险：{current}",
        "inherent: {inherent}; current: {current}",
    ),
    "cli.out.risk.tiers": ("管控层级：{tiers}", "control tiers: {tiers}"),
    "cli.out.risk.entry": (
        "{seq}. {step}：{hazard}（{source}）",
        "{seq}. {step}: {hazard} ({source})",
    ),
    "cli.out.risk.standard": ("标准：{standard}", "standard: {standard}"),
    "cli.out.risk.accidents": (
        "可能导致：{types}；{consequence}",
        "may lead to: {types}; {consequence}",
    ),
    "cli.out.risk.rule": ("直接判定为重大风险：{rule} {text}", "made major by rule {rule}: {text}"),
    "cli.out.risk.suggestions": ("建议改进措施：{text}", "suggested measures: {text}"),
    "cli.out.risk.hazards": ("关联隐患：{ids}", "hazards tied to it: {ids}"),
    "cli.out.risk.reassess": ("{reason}", "{reason}"),
    "cli.out.risk.added": ("已添加风险点 #{id}（{code}）", "Risk point #{id} ({code}) added"),
    "cli.out.risk.entry_added": (
        "已为风险点 #{id}（{code}）添加分析记录",
        "Entry added to risk point #{id} ({code})",
    ),
    "cli.out.risk.responsible_set": (
        "已更新风险点 #{id}（{code}）的责任人",
        "Responsible people of risk point #{id} ({code}) set",
    ),
    "cli.out.risk.listed": (
        "单位 {uscc} 的风险点共 {total} 个（第 {page}/{pages} 页）：",
        "Risk points of {uscc}: {total} (page {page}/{pages}):",
    ),
    "cli.out.risk.linked": (
        "已将隐患 #{hazard} 关联到风险点 #{id}（{code}）",
        "Hazard #{hazard} tied to risk point #{id} ({code})",
    ),
    "cli.out.risk.unlinked": (
        "已解除隐患 #{hazard} 与风险点的关联",
        "Hazard #{hazard} untied from its risk point",
    ),
    "cli.out.risk.preset": ("{id}：{name}（{method}）", "{id}: {name} ({method})"),
    "cli.out.risk.rule_list": (
        "直接判定为重大风险 {id}：{name}",
        "direct-determination rules {id}: {name}",
    ),
    "cli.out.risk.source": (
        "依据：{source}（{verification}）",
        "source: {source} ({verification})",
    ),
    "cli.out.risk.convention": ("分级界限：{convention}", "bounds: {convention}"),
    "cli.out.risk.method": (
        "评价方法：{method}；预设：{preset}（{name}）",
        "method: {method}; preset: {preset} ({name})",
    ),
    "cli.out.risk.value": (
        "{symbol} = {names} = {factors} = {value}",
        "{symbol} = {names} = {factors} = {value}",
    ),
    "cli.out.risk.grade": (
        "风险等级：{grade}（{colour}），第 {level} 级：{description}",
        "grade: {grade} ({colour}), level {level}: {description}",
    ),
    "cli.out.risk.computed": ("（按分值为{grade}）", "(by its value: {grade})"),
    "cli.risk.add": (
        "在单位的风险分级管控台账中添加风险点（作业活动或设备设施）",
        "Add a risk point (an activity or equipment) to an enterprise's register.",
    ),
    "cli.risk.add.enterprise": ("单位的统一社会信用代码", "The enterprise's credit code."),
    "cli.risk.add.enterprise.metavar": ("信用代码", "USCC"),
    "cli.risk.add.code": (
        "风险点编号（单位内唯一），如 FXD-001",
        "The risk point's code, unique in the enterprise (e.g. FXD-001).",
    ),
    "cli.risk.add.code.metavar": ("编号", "CODE"),
    "cli.risk.add.name": ("风险点名称", "The risk point's name."),
    "cli.risk.add.name.metavar": ("名称", "NAME"),
    "cli.risk.add.kind": (
        "类型：activity（作业活动）或 equipment（设备设施）",
        "activity or equipment.",
    ),
    "cli.risk.add.kind.metavar": ("类型", "KIND"),
    "cli.risk.add.place": ("岗位、地点或所属车间", "Its post, place or workshop."),
    "cli.risk.add.place.metavar": ("地点", "PLACE"),
    "cli.risk.add.detail": (
        "其他信息，写作 项目=内容（如 设备位号=V-101），可重复",
        "More of its fields as FIELD=TEXT; may be repeated.",
    ),
    "cli.risk.add.detail.metavar": ("项目=内容", "FIELD=TEXT"),
    "cli.risk.add.responsible": (
        "管控层级的责任人，写作 层级=姓名，层级为 company（公司级）、workshop（车间级）、team（班"
        "组级）或 post（岗位级），可重复",
        "The responsible person at a control tier as TIER=NAME, TIER one of company, workshop, "
        "team, post; may be repeated.",
    ),
    "cli.risk.add.responsible.metavar": ("层级=姓名", "TIER=NAME"),
    "cli.risk.entry": (
        "为风险点添加一条分析记录（作业活动的工作步骤或设备设施的检查项目）及其固有风险和现有风险"
        "的评价。评价写作 预设:因素=分值,…，如 --inherent `lec-classic:L=6,E=6,C=15` "
        "--current `lec-classic:L=3,E=6,C=7`；--rule 同时用于两次评价",
        "Add an entry to a risk point (a step of an activity or a check item of equipment) with "
        "its inherent and current assessment, each written PRESET:FACTOR=SCORE,… (e.g. --inherent "
        "lec-classic:L=6,E=6,C=15 --current lec-classic:L=3,E=6,C=7); --rule applies to both.",
    ),
    "cli.risk.entry.point_id": (
        "风险点编号（`anjian risk list` 中 # 后的数字）",
        "The risk point's id (the number after # in `anjian risk list`).",
    ),
    "cli.risk.entry.point_id.metavar": ("风险点", "POINT"),
    "cli.risk.entry.step": ("工作步骤或检查项目", "The step or check item."),
    "cli.risk.entry.step.metavar": ("文本", "TEXT"),
    "cli.risk.entry.hazard": ("危险源或潜在事件", "The hazard or potential event."),
    "cli.risk.entry.hazard.metavar": ("文本", "TEXT"),
    "cli.risk.entry.source": (
        "危险源类别：person（人的因素）、thing（物的因素）、environment（环境因素）或 management（"
        "管理因素）",
        "The hazard's class: person, thing, environment or management.",
    ),
    "cli.risk.entry.source.metavar": ("类别", "CLASS"),
    "cli.risk.entry.inherent": (
        "固有风险评价，写作 预设:因素=分值,…",
        "The inherent assessment, PRESET:FACTOR=SCORE,…",
    ),
    "cli.risk.entry.inherent.metavar": ("评价", "ASSESSMENT"),
    "cli.risk.entry.current": (
        "现有风险评价（现有控制措施下），写作 预设:因素=分值,…",
        "The current assessment (with the existing measures), PRESET:FACTOR=SCORE,…",
    ),
    "cli.risk.entry.current.metavar": ("评价", "ASSESSMENT"),
    "cli.risk.entry.accident": (
        "可能导致的事故类型（GB 6441 的编号，如 fire、poisoning），可重复",
        "An accident type it may lead to (a GB 6441 id such as fire); may be repeated.",
    ),
    "cli.risk.entry.accident.metavar": ("事故类型", "TYPE"),
    "cli.risk.entry.measure": (
        "现有控制措施，写作 类别=措施，类别为 engineering（工程技术）、management（管理）、trainin"
        "g（培训教育）、protection（个体防护）或 emergency（应急处置），可重复",
        "An existing measure as CLASS=TEXT, CLASS one of engineering, management, training, "
        "protection, emergency; may be repeated.",
    ),
    "cli.risk.entry.measure.metavar": ("类别=措施", "CLASS=TEXT"),
    "cli.risk.entry.consequence": ("主要后果", "The main consequence."),
    "cli.risk.entry.consequence.metavar": ("文本", "TEXT"),
    "cli.risk.entry.standard": (
        "检查标准（设备设施的检查项目）",
        "The standard a check item is checked against.",
    ),
    "cli.risk.entry.standard.metavar": ("文本", "TEXT"),
    "cli.risk.entry.rule": (
        "直接判定为重大风险的规则，写作 规则清单/规则（如 sd-chem/h2s，见 `anjian risk presets`）"
        "，可重复",
        "A direct-determination rule as LIST/RULE (e.g. sd-chem/h2s, see `anjian risk presets`); "
        "may be repeated.",
    ),
    "cli.risk.entry.rule.metavar": ("规则", "RULE"),
    "cli.risk.entry.suggestion": ("建议改进（新增）措施", "Suggested further measures."),
    "cli.risk.entry.suggestion.metavar": ("文本", "TEXT"),
    "cli.risk.responsible": (
        "指定风险点各管控层级的责任人（姓名留空则清除该层级）",
        "Name the responsible person at each control tier of a risk point (an empty name clears "
        "the tier).",
    ),
    "cli.risk.responsible.point_id": (
        "风险点编号（`anjian risk list` 中 # 后的数字）",
        "The risk point's id (the number after # in `anjian risk list`).",
    ),
    "cli.risk.responsible.point_id.metavar": ("风险点", "POINT"),
    "cli.risk.responsible.responsible": (
        "管控层级的责任人，写作 层级=姓名，层级为 company（公司级）、workshop（车间级）、team（班"
        "组级）或 post（岗位级），可重复",
        "The responsible person at a control tier as TIER=NAME, TIER one of company, workshop, "
        "team, post; may be repeated.",
    ),
    "cli.risk.responsible.responsible.metavar": ("层级=姓名", "TIER=NAME"),
    "cli.risk.grade": (
        "风险评价计算器：给出分值、风险等级、颜色、级别和管控层级，不保存任何内容，无需数据库。--m"
        "ethod lec 用 -L -E -C，--method ls 用 -L -S",
        "The risk calculator: the value, grade, colour, level and control tiers; stores nothing "
        "and needs no database. --method lec takes -L -E -C, --method ls takes -L -S.",
    ),
    "cli.risk.grade.method": (
        "评价方法：lec（作业条件危险性分析法）或 ls（风险矩阵分析法）",
        "lec or ls.",
    ),
    "cli.risk.grade.method.metavar": ("方法", "METHOD"),
    "cli.risk.grade.likelihood": ("L：事故发生的可能性", "L: the likelihood."),
    "cli.risk.grade.likelihood.metavar": ("分值", "SCORE"),
    "cli.risk.grade.exposure": ("E：暴露于危险环境的频繁程度（LEC）", "E: the exposure (LEC)."),
    "cli.risk.grade.exposure.metavar": ("分值", "SCORE"),
    "cli.risk.grade.consequence": ("C：发生事故可能造成的后果（LEC）", "C: the consequence (LEC)."),
    "cli.risk.grade.consequence.metavar": ("分值", "SCORE"),
    "cli.risk.grade.severity": ("S：后果的严重程度（风险矩阵）", "S: the severity (matrix)."),
    "cli.risk.grade.severity.metavar": ("分值", "SCORE"),
    "cli.risk.grade.preset": (
        "评价方法预设（默认 `--method lec` 为 `lec-classic`，`--method ls` 为 `ls-shandong`；见 `anjian risk presets`）",
        "The method preset (default lec-classic for lec, ls-shandong for ls; see `anjian risk "
        "presets`).",
    ),
    "cli.risk.grade.preset.metavar": ("预设", "PRESET"),
    "cli.risk.grade.rule": (
        "直接判定为重大风险的规则，写作 规则清单/规则（如 sd-chem/h2s，见 `anjian risk presets`）"
        "，可重复",
        "A direct-determination rule as LIST/RULE (e.g. sd-chem/h2s, see `anjian risk presets`); "
        "may be repeated.",
    ),
    "cli.risk.grade.rule.metavar": ("规则", "RULE"),
    "cli.risk.list": ("单位的风险点，分页列出", "An enterprise's risk points, a page at a time."),
    "cli.risk.list.enterprise": (
        "单位的统一社会信用代码（企业用户默认本单位）",
        "The enterprise's credit code (an enterprise user's own by default).",
    ),
    "cli.risk.list.enterprise.metavar": ("信用代码", "USCC"),
    "cli.risk.list.grade": (
        "只列出该现有风险等级的：major（重大）、significant（较大）、general（一般）或 low（低）",
        "Only those of this current grade: major, significant, general, low.",
    ),
    "cli.risk.list.grade.metavar": ("等级", "GRADE"),
    "cli.risk.list.flagged": ("只列出需重新评价的", "Only those flagged for re-assessment."),
    "cli.risk.list.page": ("页码（每页 50 个）", "The page (50 a page)."),
    "cli.risk.list.page.metavar": ("页码", "PAGE"),
    "cli.risk.show": (
        "风险点及其分析记录、风险等级和关联隐患",
        "A risk point with its entries, grades and the hazards tied to it.",
    ),
    "cli.risk.show.point_id": (
        "风险点编号（`anjian risk list` 中 # 后的数字）",
        "The risk point's id (the number after # in `anjian risk list`).",
    ),
    "cli.risk.show.point_id.metavar": ("风险点", "POINT"),
    "cli.risk.link": (
        "将隐患关联到它所属的风险点（须为同一单位）",
        "Tie a hazard to the risk point it belongs to (of the same enterprise).",
    ),
    "cli.risk.link.hazard": ("隐患编号", "The hazard's id."),
    "cli.risk.link.hazard.metavar": ("隐患", "HAZARD"),
    "cli.risk.link.point": (
        "风险点编号（`anjian risk list` 中 # 后的数字）",
        "The risk point's id (the number after # in `anjian risk list`).",
    ),
    "cli.risk.link.point.metavar": ("风险点", "POINT"),
    "cli.risk.unlink": ("解除隐患与风险点的关联", "Untie a hazard from its risk point."),
    "cli.risk.unlink.hazard": ("隐患编号", "The hazard's id."),
    "cli.risk.unlink.hazard.metavar": ("隐患", "HAZARD"),
    "cli.risk.presets": (
        "已安装的风险评价方法预设（方法、依据、是否核对原文、分级界限）和直接判定为重大风险的规则",
        "The installed method presets (method, source, whether verified, bounds) and the "
        "direct-determination rule lists.",
    ),
}
