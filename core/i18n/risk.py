"""The enterprise risk register (风险分级管控): grades, methods, refusals."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "action.risk.edit": ("维护风险分级管控台账", "keep the risk register"),
    "action.risk.report": ("报送安全风险报告", "file the risk report"),
    "cli.risk": (
        "企业安全风险分级管控台账：风险点及其分析、评价分级（也可只计算不保存）、隐患与风险点的关联、"
        "四色分布图、两单、三卡和安全风险报告",
        "The enterprise risk register: risk points and their analysis, grades (also a "
        "calculator that stores nothing), hazards tied to risk points, the four-colour map, "
        "the two lists, the three cards and the risk report."),
    "kind.risk_point": ("风险点", "risk point"),
    "kind.risk_entry": ("风险分析记录", "risk analysis entry"),
    "kind.risk_link": ("隐患与风险点的关联", "hazard's risk point"),
    "kind.site_plan": ("厂区平面图", "site plan"),
    "kind.risk_report": ("安全风险报告", "risk report"),
    # the four grades and their colours (安委办〔2016〕11号)
    "risk.grade.major": ("重大风险", "major risk"),
    "risk.grade.significant": ("较大风险", "significant risk"),
    "risk.grade.general": ("一般风险", "general risk"),
    "risk.grade.low": ("低风险", "low risk"),
    "risk.colour.red": ("红", "red"),
    "risk.colour.orange": ("橙", "orange"),
    "risk.colour.yellow": ("黄", "yellow"),
    "risk.colour.blue": ("蓝", "blue"),
    "risk.tier.company": ("公司（厂）级", "company"),
    "risk.tier.workshop": ("车间（部室）级", "workshop"),
    "risk.tier.team": ("班组", "team"),
    "risk.tier.post": ("岗位", "post"),
    "risk.method.lec": ("作业条件危险性分析法（LEC）", "LEC (D = L × E × C)"),
    "risk.method.ls": ("风险矩阵分析法（LS）", "risk matrix (R = L × S)"),
    "risk.source.person": ("人的因素", "person"),
    "risk.source.thing": ("物的因素", "thing"),
    "risk.source.environment": ("环境因素", "environment"),
    "risk.source.management": ("管理因素", "management"),
    "risk.measure.engineering": ("工程技术措施", "engineering"),
    "risk.measure.management": ("管理措施", "management"),
    "risk.measure.training": ("培训教育措施", "training"),
    "risk.measure.protection": ("个体防护措施", "personal protection"),
    "risk.measure.emergency": ("应急处置措施", "emergency response"),
    "risk.verification.verified": ("已核对原文", "verified"),
    "risk.verification.unverified": ("未核对原文", "unverified"),
    # GB 6441-1986 accident types
    "risk.accident.struck": ("物体打击", "struck by an object"),
    "risk.accident.vehicle": ("车辆伤害", "vehicle injury"),
    "risk.accident.machinery": ("机械伤害", "machinery injury"),
    "risk.accident.lifting": ("起重伤害", "lifting injury"),
    "risk.accident.electric": ("触电", "electric shock"),
    "risk.accident.drowning": ("淹溺", "drowning"),
    "risk.accident.scald": ("灼烫", "scald or burn"),
    "risk.accident.fire": ("火灾", "fire"),
    "risk.accident.fall": ("高处坠落", "fall from height"),
    "risk.accident.collapse": ("坍塌", "collapse"),
    "risk.accident.roof_fall": ("冒顶片帮", "roof fall or rib spalling"),
    "risk.accident.water_inrush": ("透水", "water inrush"),
    "risk.accident.blasting": ("放炮", "blasting"),
    "risk.accident.explosive": ("火药爆炸", "explosive explosion"),
    "risk.accident.gas_explosion": ("瓦斯爆炸", "gas explosion"),
    "risk.accident.boiler_explosion": ("锅炉爆炸", "boiler explosion"),
    "risk.accident.vessel_explosion": ("容器爆炸", "pressure vessel explosion"),
    "risk.accident.other_explosion": ("其他爆炸", "other explosion"),
    "risk.accident.poisoning": ("中毒和窒息", "poisoning and asphyxiation"),
    "risk.accident.other_injury": ("其他伤害", "other injury"),
    # refusals: nothing stored
    "risk.factor_value": (
        "{field} 的取值 {value} 不在预设 {preset} 的表中：可取 {allowed}。未保存任何内容",
        "{field} = {value} is not in the table of preset {preset}: use one of {allowed} "
        "(nothing was saved)"),
    "risk.factor_missing": (
        "缺少 {field}：预设 {preset} 需要它，可取 {allowed}。未保存任何内容",
        "{field} is missing: preset {preset} needs it, one of {allowed} (nothing was saved)"),
    "risk.factor_unknown": (
        "{field} 不是预设 {preset} 的因素：它的因素是 {factors}。未保存任何内容",
        "{field} is not a factor of preset {preset}: its factors are {factors} "
        "(nothing was saved)"),
    "risk.rule_unknown": (
        "{field}：没有直接判定规则 {rule}；已安装的有 {known}。未保存任何内容",
        "{field}: there is no direct-determination rule {rule}; installed: {known} "
        "(nothing was saved)"),
    "risk.preset_unknown": (
        "没有评价方法预设 {preset}；已安装的有 {known}。未保存任何内容",
        "there is no method preset {preset}; installed: {known} (nothing was saved)"),
    # method files
    "risk.method_yaml": ("{file} 第 {line} 行：不是有效的 YAML", "{file} line {line}: not valid YAML"),
    "risk.method_shape": ("{file}：评价方法文件应是一个映射（kind、id、factors、bands …）",
                          "{file}: a method file is a mapping (kind, id, factors, bands …)"),
    "risk.method_field": ("{file}：字段 {field}：{problem}", "{file}: field {field}: {problem}"),
    "risk.method_unreadable": ("{file}：无法读取（{reason}）", "{file}: cannot be read ({reason})"),
    "risk.method_too_big": ("{file}：超过 {limit} 字节", "{file}: larger than {limit} bytes"),
    "risk.method_not_utf8": ("{file}：不是 UTF-8 编码", "{file}: not UTF-8"),
    "plugin.not_a_method": ("注册的不是评价方法预设或直接判定规则：{got}",
                            "not a method preset or rule list: {got}"),
    "plugin.method_taken": ("评价方法预设或规则 {id} 已由另一个插件提供，保留先加载的",
                            "method preset or rule list {id} is already provided by another "
                            "plugin; the first one is kept"),
}
