"""The risk register in the terminal UI: the register screen, the assessment form with its
live grade, the calculator, the map text and the runner's risk points."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # screens and dialogs (the help screen names them)
    "ui.risk_register": ("风险分级管控台账", "Risk register"),
    "ui.dialog.risk_form": ("风险评价", "Risk assessment"),
    "ui.dialog.risk_map": ("风险四色分布", "Risk distribution"),
    "ui.dialog.risk_points": ("被检查单位的风险点", "The inspected enterprise's risk points"),
    # keys
    "ui.risk.open": ("风险台账", "Risk register"),
    "ui.risk.add_point": ("新增风险点", "Add a risk point"),
    "ui.risk.add_entry": ("新增分析评价", "Add an assessment"),
    "ui.risk.calculator": ("风险计算器", "Grade calculator"),
    "ui.risk.map": ("四色图", "Four-colour map"),
    "ui.risk.link": ("关联隐患", "Link a hazard"),
    "ui.risk.runner_points": ("本单位风险点", "This enterprise's risk points"),
    "ui.risk.save": ("保存", "Save"),
    # the register
    "ui.risk.title": ("{name} 风险分级管控台账（共 {total} 个风险点）",
                      "{name}: risk register ({total} risk points)"),
    "ui.risk.title_short": ("风险分级管控台账（共 {total} 个风险点）",
                            "Risk register ({total} risk points)"),
    "ui.risk.empty": ("尚无风险点：按 a 新增", "No risk point yet: press a to add one"),
    "ui.risk.col.code": ("编号", "Code"),
    "ui.risk.col.name": ("风险点", "Risk point"),
    "ui.risk.col.kind": ("类型", "Kind"),
    "ui.risk.col.grade": ("风险等级", "Grade"),
    "ui.risk.col.tiers": ("管控层级", "Control tiers"),
    "ui.risk.col.reassess": ("复评", "Re-assess"),
    "ui.risk.kind.activity": ("作业活动", "activity"),
    "ui.risk.kind.equipment": ("设备设施", "equipment"),
    "ui.risk.not_assessed": ("未评价", "not assessed"),
    "ui.risk.reassess": ("⚑ 需重新评价：{reason}", "⚑ to re-assess: {reason}"),
    "ui.risk.place": ("位置：{place}", "Place: {place}"),
    "ui.risk.responsible": ("责任人", "Responsible"),
    "ui.risk.nobody": ("（未指定）", "(nobody named)"),
    "ui.risk.tier_missing": (
        "风险等级要求的管控层级 {tiers} 没有责任人：请先为该风险点指定责任人。未保存任何内容",
        "the grade needs a responsible person at {tiers}: name one for the risk point first "
        "(nothing was saved)"),
    "ui.risk.hazards": ("关联隐患：{ids}", "Linked hazards: {ids}"),
    "ui.risk.entries": ("分析评价记录", "Assessments"),
    "ui.risk.no_entries": ("尚无分析评价记录：按 e 新增", "No assessment yet: press e to add one"),
    "ui.risk.enter_hint": ("按 Enter 查看分析评价记录", "Enter shows the assessments"),
    "ui.risk.entry_head": ("{seq}. {step}（{source}）", "{seq}. {step} ({source})"),
    "ui.risk.entry_hazard": ("危险源：{hazard}", "Hazard source: {hazard}"),
    "ui.risk.accidents": ("可能导致的事故：{types}", "Possible accidents: {types}"),
    "ui.risk.inherent": ("固有风险", "Inherent risk"),
    "ui.risk.current": ("现有风险", "Current risk"),
    "ui.risk.grade_line": ("{label}：{value} {grade}（{colour}）{inputs}",
                           "{label}: {value} {grade} ({colour}) {inputs}"),
    "ui.risk.measure": ("{kind}：{text}", "{kind}: {text}"),
    "ui.risk.no_point": ("请先选择一个风险点", "Choose a risk point first"),
    # the point's form
    "ui.risk.point_title": ("新增风险点", "New risk point"),
    "ui.risk.point_code": ("编号（如 FXD-001）", "Code (e.g. FXD-001)"),
    "ui.risk.point_name": ("风险点名称", "Name"),
    "ui.risk.point_kind": ("类型", "Kind"),
    "ui.risk.point_place": ("位置（岗位、地点或所属车间）", "Place (post, place or workshop)"),
    "ui.risk.point_responsible": ("{tier}责任人", "Responsible at {tier}"),
    "ui.risk.point_added": ("已新增风险点 {code} {name}", "Risk point {code} {name} added"),
    # linking a hazard
    "ui.risk.link_title": ("把隐患关联到风险点 {code}", "Link a hazard to risk point {code}"),
    "ui.risk.link_hazard": ("隐患编号", "Hazard number"),
    "ui.risk.link_not_number": ("“{value}”不是隐患编号（写数字，如 12）",
                                "'{value}' is not a hazard number (write a number, e.g. 12)"),
    "ui.risk.linked": ("隐患 #{hazard} 已关联到风险点 {code}",
                       "Hazard #{hazard} linked to risk point {code}"),
    # the assessment form
    "ui.risk.form_title": ("风险点 {code} {name}：新增分析评价",
                           "Risk point {code} {name}: new assessment"),
    "ui.risk.calc_title": ("风险计算器（只计算，不保存）",
                           "Grade calculator (nothing is saved)"),
    "ui.risk.preset": ("评价方法预设", "Method preset"),
    "ui.risk.preset_source": ("来源：{source}", "Source: {source}"),
    "ui.risk.preset_convention": ("分级界限：{line}", "Band bounds: {line}"),
    "ui.risk.step": ("作业步骤或检查项目", "Step or check item"),
    "ui.risk.hazard": ("危险源（危险有害因素及其表现）", "Hazard source"),
    "ui.risk.source_class": ("危险源类别", "Source class"),
    "ui.risk.accident_types": ("可能导致的事故类型（GB 6441）", "Possible accident types (GB 6441)"),
    "ui.risk.factor": ("{key} {name}", "{key} {name}"),
    "ui.risk.factor_option": ("{score} — {meaning}", "{score} — {meaning}"),
    "ui.risk.rules": ("直接判定为重大风险的情形（符合的勾选）",
                      "Circumstances that make it a major risk (tick those that apply)"),
    "ui.risk.live_missing": ("还需选择 {factors}", "Still to choose: {factors}"),
    "ui.risk.live_value": ("{symbol} = {value}", "{symbol} = {value}"),
    "ui.risk.live_level": ("第 {level} 级：{description}", "level {level}: {description}"),
    "ui.risk.live_tiers": ("管控层级：{tiers}", "Control tiers: {tiers}"),
    "ui.risk.live_rule": ("直接判定：{rule}", "Made major by: {rule}"),
    "ui.risk.current_graver": (
        "现有风险（{current}）高于固有风险（{inherent}）：现有风险不得高于固有风险，请核对"
        "现有控制措施下的取值。未保存任何内容",
        "the current risk ({current}) is graver than the inherent one ({inherent}): the "
        "current risk cannot exceed the inherent risk, check the values under the existing "
        "measures (nothing was saved)"),
    "ui.risk.fill_first": ("请填写“{field}”，尚未保存", "Fill in '{field}' first; nothing saved"),
    "ui.risk.measures": ("现有控制措施", "Existing control measures"),
    "ui.risk.entry_added": ("已保存风险点 {code} 的分析评价，当前风险等级：{grade}",
                            "Assessment of {code} saved; its grade now: {grade}"),
    # the map (until the map's text rendering is there: the points by grade)
    "ui.risk.map_grade": ("{grade}（{colour}）：{count} 个", "{grade} ({colour}): {count}"),
    "ui.risk.map_unassessed": ("未评价：{count} 个", "Not assessed: {count}"),
    # the runner
    "ui.risk.runner_none": ("被检查单位尚无风险点", "The enterprise has no risk point"),
}
