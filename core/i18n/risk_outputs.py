"""The risk register's outputs: the 两单 workbook, the 三卡, the enterprise's risk report
(安全风险报告) and their command line."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # --- the 两单 workbook ------------------------------------------------------------------
    "risk.out.sheet.identification": ("风险点辨识清单", "Risk point identification list"),
    "risk.out.sheet.control": ("安全风险分级管控清单", "Risk grading and control list"),
    "risk.out.title": ("{name}（{uscc}）{list}", "{name} ({uscc}): {list}"),
    "risk.out.col.no": ("序号", "No."),
    "risk.out.col.enterprise": ("单位名称", "Enterprise"),
    "risk.out.col.code": ("风险点编号", "Risk point no."),
    "risk.out.col.name": ("风险点名称", "Risk point"),
    "risk.out.col.kind": ("类型", "Kind"),
    "risk.out.col.place": ("场所/环节/部位", "Place / stage / part"),
    "risk.out.col.step": ("作业步骤或检查项目", "Work step or check item"),
    "risk.out.col.source": ("危险源类别", "Hazard source class"),
    "risk.out.col.hazard": ("主要危险因素", "Main hazardous factors"),
    "risk.out.col.consequence": ("易导致后果（事故类型）", "Likely consequences (accident types)"),
    "risk.out.col.event": ("危险源/潜在事件", "Hazard / potential event"),
    "risk.out.col.accidents": ("可能导致的事故类型", "Possible accident types"),
    "risk.out.col.method": ("评价方法与预设", "Method and preset"),
    "risk.out.col.inherent": ("固有风险取值", "Inherent risk values"),
    "risk.out.col.inherent_grade": ("固有风险等级", "Inherent risk grade"),
    "risk.out.col.current": ("现有风险取值", "Current risk values"),
    "risk.out.col.grade": ("风险等级", "Risk grade"),
    "risk.out.col.rules": ("直接判定规则", "Direct-determination rules"),
    "risk.out.col.tiers": ("管控层级", "Control tiers"),
    "risk.out.col.responsible": ("责任人", "Responsible persons"),
    "risk.out.col.suggestions": ("建议改进措施", "Suggested improvements"),
    "risk.out.kind.activity": ("作业活动", "work activity"),
    "risk.out.kind.equipment": ("设备设施", "equipment or facility"),
    "risk.out.grade_colour": ("{grade}（{colour}）", "{grade} ({colour})"),
    "risk.out.method_preset": ("{method}，预设 {preset}", "{method}, preset {preset}"),
    "risk.out.tier_person": ("{tier}：{person}", "{tier}: {person}"),
    "risk.out.nobody": ("（未指定）", "(not named)"),
    "risk.out.not_assessed": ("未评价", "not assessed"),
    # --- the 三卡 ---------------------------------------------------------------------------
    "risk.card.notice": ("岗位安全风险告知卡", "Post risk notice card"),
    "risk.card.emergency": ("应急处置卡", "Emergency response card"),
    "risk.card.commitment": ("安全承诺卡", "Safety commitment card"),
    "risk.card.code": ("编号", "No."),
    "risk.card.enterprise": ("单位名称", "Enterprise"),
    "risk.card.post": ("岗位/风险点名称", "Post / risk point"),
    "risk.card.place": ("场所/部位", "Place"),
    "risk.card.grade": ("风险等级", "Risk grade"),
    "risk.card.hazards": ("主要危险有害因素", "Main hazardous and harmful factors"),
    "risk.card.consequences": ("可能导致的后果（事故类型）", "Possible consequences (accident types)"),
    "risk.card.prevention": ("事故预防（管控）措施", "Prevention (control) measures"),
    "risk.card.response": ("应急措施", "Emergency measures"),
    "risk.card.phone": ("报告电话", "Report telephone"),
    "risk.card.phone_value": (
        "本单位值班电话：{phone}　火警 119　急救 120　报警 110",
        "Duty telephone: {phone}   fire 119   ambulance 120   police 110"),
    "risk.card.operation": ("安全操作要点", "Safe operation points"),
    "risk.card.responsible": ("责任单位/责任人", "Responsible unit / persons"),
    "risk.card.accidents": ("事故类型", "Accident types"),
    "risk.card.attention": ("注意事项", "Points of attention"),
    "risk.card.attention_text": (
        "发现险情立即报告，先报告、后处置；不盲目施救，施救人员佩戴防护用品；"
        "撤离时逆风、向高处疏散；保护现场，配合事故调查",
        "Report at once, then act; never rescue blindly, rescuers wear protection; leave "
        "upwind and uphill; keep the scene and help the investigation"),
    "risk.card.commit_post": ("岗位", "Post"),
    "risk.card.commit_person": ("岗位责任人", "Person responsible at the post"),
    "risk.card.commit_points": ("本岗位风险点", "Risk points of the post"),
    "risk.card.commit_text": (
        "本人承诺：熟知本岗位的安全风险、管控措施和应急处置方法，严格遵守安全操作规程，"
        "正确佩戴和使用劳动防护用品，每日班前口述本岗位风险告知卡和应急处置卡内容；"
        "发现事故隐患及时报告和处置，不违章作业、不违章指挥、不违反劳动纪律，"
        "对本岗位的安全风险管控负责。",
        "I commit to know the risks of my post, their controls and the emergency measures; "
        "to follow the safe operating rules; to wear and use my protective equipment; to "
        "recite the post's risk notice card and emergency card before every shift; to report "
        "and deal with hazards at once; never to work, direct or act against the rules; and "
        "to answer for the control of my post's risks."),
    "risk.card.commit_sign": ("承诺人（签字）：", "Signed: "),
    "risk.card.commit_date": ("日期：　　　　年　　月　　日", "Date: ____-__-__"),
    "risk.card.blank": ("＿＿＿＿＿＿＿＿", "________"),
    "risk.card.footer": ("{name}　{made} 制　{head}", "{name}   made {made}   {head}"),
    # --- the risk report (安全风险报告) -----------------------------------------------------
    "risk.report.kind.first": ("首次报告", "first report"),
    "risk.report.kind.periodic": ("定期报告", "periodic report"),
    "risk.report.kind.change": ("变更报告", "change report"),
    "risk.report.reason.new_significant": (
        "有新的较大以上安全风险", "a new significant or major risk"),
    "risk.report.reason.grade_changed": (
        "原报告的较大以上安全风险等级发生变化",
        "the grade of a significant or major risk reported before changed"),
    "risk.report.reason.basic_info": (
        "企业名称等基本信息变更", "the enterprise's name or other basic information changed"),
    "risk.report.title": ("{name}安全生产风险{kind}", "{name}: risk {kind}"),
    "risk.report.number": ("第 {seq} 号", "No. {seq}"),
    "risk.report.uscc": ("统一社会信用代码", "Credit code"),
    "risk.report.address": ("地址", "Address"),
    "risk.report.district": ("所在区县", "District"),
    "risk.report.sector": ("行业", "Sector"),
    "risk.report.kind": ("报告类型", "Kind"),
    "risk.report.reasons": ("报告事由", "Reasons"),
    "risk.report.filed_on": ("报告日期", "Filed on"),
    "risk.report.filed_by": ("报告人", "Filed by"),
    "risk.report.hash": ("内容 SHA-256", "Content SHA-256"),
    "risk.report.section.basic": ("一、基本情况", "1. Basic information"),
    "risk.report.section.counts": ("二、风险点数量（按风险等级）", "2. Risk points by grade"),
    "risk.report.section.significant": (
        "三、较大以上安全风险清单", "3. Significant and major risks"),
    "risk.report.section.changes": ("四、自上次报告以来的变化", "4. Changes since the last report"),
    "risk.report.total": ("合计", "Total"),
    "risk.report.count": ("风险点数", "Risk points"),
    "risk.report.none_significant": ("无较大以上安全风险。", "No significant or major risk."),
    "risk.report.since": ("上次报告：第 {seq} 号（{kind}，{on}）",
                          "Last report: No. {seq} ({kind}, {on})"),
    "risk.report.no_previous": ("此前未报送安全风险报告。", "No risk report was filed before."),
    "risk.report.no_change": ("无变化。", "No change."),
    "risk.report.change.added": ("新增风险点 {code} {name}（{grade}）",
                                 "risk point {code} {name} added ({grade})"),
    "risk.report.change.removed": ("删除风险点 {code} {name}（原为{grade}）",
                                   "risk point {code} {name} removed (was {grade})"),
    "risk.report.change.graded": ("风险点 {code} {name}：{before} → {after}",
                                  "risk point {code} {name}: {before} → {after}"),
    "risk.report.change.basic": ("{field}：{before} → {after}", "{field}: {before} → {after}"),
    "risk.report.field.enterprise_name": ("单位名称", "name"),
    "risk.report.field.address": ("地址", "address"),
    "risk.report.field.district": ("所在区县", "district"),
    "risk.report.field.sector": ("行业", "sector"),
    "risk.report.changed": (
        "新增风险点 {added} 个，删除 {removed} 个，等级变化 {graded} 个，基本信息变化 {basic} 项",
        "{added} risk points added, {removed} removed, {graded} regraded, {basic} basic "
        "fields changed"),
    # refusals: nothing stored
    "risk.report.kind_unknown": (
        "报告类型 {kind} 不存在：可选 first（首次报告）、periodic（定期报告）、change（变更报告）。"
        "未保存任何内容",
        "there is no report kind {kind}: use first, periodic or change (nothing was saved)"),
    "risk.report.reason_unknown": (
        "变更事由 {reason} 不存在：可选 {known}。未保存任何内容",
        "there is no change reason {reason}: use one of {known} (nothing was saved)"),
    "risk.report.reasons_only_change": (
        "只有变更报告需要说明事由（--reason），{kind:@risk.report.kind}不带事由。未保存任何内容",
        "only a change report states reasons (--reason), not a {kind:@risk.report.kind} "
        "(nothing was saved)"),
    "risk.report.first_filed": (
        "{name}（{uscc}）已于 {on} 报送首次报告（第 {seq} 号）：此后请报送定期报告或变更报告。"
        "未保存任何内容",
        "{name} ({uscc}) filed its first report on {on} (No. {seq}): file a periodic or change "
        "report now (nothing was saved)"),
    "risk.report.first_missing": (
        "{name}（{uscc}）尚未报送首次报告：请先报送首次报告（--kind first）。未保存任何内容",
        "{name} ({uscc}) has filed no first report yet: file it first (--kind first) "
        "(nothing was saved)"),
    "risk.report.no_reason": (
        "自上次报告（第 {seq} 号，{on}）以来没有变更报告的事由（{changed}）：变更报告仅在有新的"
        "较大以上安全风险、原报告的较大以上安全风险等级发生变化或企业名称等基本信息变更时报送。"
        "未保存任何内容",
        "nothing calls for a change report since the last report (No. {seq}, {on}; "
        "{changed}): one is filed for a new significant or major risk, a changed grade of one "
        "reported, or changed basic information (nothing was saved)"),
    "risk.report.reason_not_held": (
        "变更事由“{reason:@risk.report.reason}”不成立（自上次报告以来：{changed}）；"
        "成立的事由：{held}。未保存任何内容",
        "the change reason '{reason:@risk.report.reason}' does not hold (since the last "
        "report: {changed}); those that hold: {held} (nothing was saved)"),
    "risk.report.empty": (
        "{name}（{uscc}）的风险分级管控台账还没有风险点：请先辨识风险点并评价分级，再报送报告。"
        "未保存任何内容",
        "{name} ({uscc}) has no risk point in its register: identify and grade them before "
        "reporting (nothing was saved)"),
    "risk.report.periodic_late": (
        "定期报告应在每年第一季度报送；本报告于 {on} 报送，已逾期，已照常保存",
        "a periodic report is due in the first quarter; this one, filed on {on}, is late "
        "(it was saved all the same)"),
    "risk.report.periodic_again": (
        "{year} 年已报送定期报告（第 {seq} 号）；本报告已照常保存",
        "a periodic report was filed in {year} already (No. {seq}); this one was saved all "
        "the same"),
    "risk.out.unknown_points": (
        "{name}（{uscc}）没有这些风险点：{codes}。未导出任何文件",
        "{name} ({uscc}) has no risk points {codes} (nothing was written)"),
    "risk.out.cards_folder": (
        "{folder} 不是已存在的文件夹：请先创建它。未导出任何文件",
        "{folder} is not an existing folder: create it first (nothing was written)"),
    "risk.out.report_docx": (
        "{file}：风险报告导出为 .docx 文件，请以 .docx 结尾",
        "{file}: a risk report is written as a .docx file; end the name in .docx"),
    # --- the command line -----------------------------------------------------------------
    "cli.out.risk.lists": ("已导出两单（风险点辨识清单、安全风险分级管控清单）：{file}",
                           "The two lists written: {file}"),
    "cli.out.risk.cards": ("已导出三卡，共 {count} 个文件：", "The three cards: {count} files:"),
    "cli.out.risk.filed": (
        "已报送{kind:@risk.report.kind}第 {seq} 号（报告编号 {id}），内容 SHA-256 {hash}",
        "{kind:@risk.report.kind} No. {seq} filed (report id {id}), content SHA-256 {hash}"),
    "cli.out.risk.reasons": ("事由：{reasons}", "Reasons: {reasons}"),
    "cli.out.risk.changed": ("自上次报告以来：{changed}", "Since the last report: {changed}"),
    "cli.out.risk.warning": ("注意：{message}", "Note: {message}"),
    "cli.out.risk.report_line": (
        "{id}　第 {seq} 号　{kind:@risk.report.kind}　{on}　{by}　{reasons}",
        "{id}  No. {seq}  {kind:@risk.report.kind}  {on}  {by}  {reasons}"),
    "cli.out.risk.no_reports": ("{uscc} 尚未报送安全风险报告", "{uscc} has filed no risk report"),
    "cli.out.risk.written": ("已导出：{file}", "Written: {file}"),
    "cli.risk.lists": (
        "导出两单：风险点辨识清单和安全风险分级管控清单（.xlsx，A3 横向打印）",
        "Write the two lists: the risk point identification list and the risk grading and "
        "control list (.xlsx, printed on A3 landscape)."),
    "cli.risk.lists.out": ("要写入的 .xlsx 文件", "The .xlsx file to write."),
    "cli.risk.cards": (
        "导出三卡：岗位安全风险告知卡、应急处置卡、安全承诺卡（每种一个 .docx，每卡一页）",
        "Write the three cards: the risk notice card, the emergency card and the commitment "
        "card (one .docx per kind, one card a page)."),
    "cli.risk.cards.out": ("写入三卡的文件夹（须已存在）", "The folder to write them to (it must exist)."),
    "cli.risk.cards.out.metavar": ("文件夹", "DIR"),
    "cli.risk.cards.pdf": ("同时用 LibreOffice 转为 PDF", "Also convert them to PDF with LibreOffice."),
    "cli.risk.cards.point": (
        "只导出该风险点的卡（风险点编号，可重复）", "Only this risk point's cards (its code; repeatable)."),
    "cli.risk.cards.point.metavar": ("编号", "CODE"),
    "cli.risk.cards.phone": (
        "卡上印的本单位值班电话（不填则留空，手写）",
        "The duty telephone printed on the cards (left blank to write in by hand)."),
    "cli.risk.cards.phone.metavar": ("电话", "PHONE"),
    "cli.risk.report": (
        "报送安全风险报告（首次、定期或变更），报送后内容冻结、不再改变",
        "File the risk report (first, periodic or change); what is filed never changes."),
    "cli.risk.report.kind": (
        "报告类型：`first`（首次）、`periodic`（定期，每年第一季度）、`change`（变更）",
        "first, periodic (in the first quarter) or change."),
    "cli.risk.report.kind.metavar": ("类型", "KIND"),
    "cli.risk.report.reason": (
        "变更报告的事由（可重复）：`new_significant`（有新的较大以上安全风险）、`grade_changed`"
        "（原报告的较大以上安全风险等级发生变化）、`basic_info`（企业名称等基本信息变更）；"
        "不填则取成立的全部事由",
        "A change report's reason (repeatable): new_significant, grade_changed, basic_info; "
        "none given: every reason that holds."),
    "cli.risk.report.reason.metavar": ("事由", "REASON"),
    "cli.risk.reports": ("列出单位已报送的安全风险报告", "The enterprise's risk reports filed."),
    "cli.risk.report-export": (
        "把已报送的安全风险报告导出为 .docx（由冻结的内容生成，逐字节可重现）",
        "Write a filed risk report as .docx (from its frozen content, byte for byte the "
        "same every time)."),
    "cli.risk.report-export.report_id": ("报告编号", "The report's id."),
    "cli.risk.report-export.report_id.metavar": ("报告编号", "ID"),
    "cli.risk.report-export.out": ("要写入的 .docx 文件", "The .docx file to write."),
}
