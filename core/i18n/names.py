"""Names of things that messages mention by their ids: kinds of record and of pack object, the
stages of loading a plugin, the classes of the pack format, the levels of a check's issues.

A message names one as a parameter (``Msg("kind.item")``), or by its id through a placeholder
such as ``{kind:@kind}`` (see :mod:`core.i18n`).
"""

MESSAGES: dict[str, tuple[str, str]] = {
    # records, as the database refuses them (db.not_found, db.stale_view)
    "kind.campaign": ("检查行动", "campaign"),
    "kind.enterprise": ("单位", "enterprise"),
    "kind.inspection": ("检查", "inspection"),
    "kind.hazard": ("隐患", "hazard"),
    "kind.user": ("用户", "user"),
    "kind.finding": ("检查结果", "finding"),
    "kind.team_member": ("团队成员", "team member"),
    "kind.training": ("培训记录", "training session"),
    "kind.rectification": ("整改记录", "rectification"),
    "kind.decision": ("集体讨论记录", "collective decision"),
    "kind.evidence_file": ("证据文件", "evidence file"),
    "kind.audit_entry": ("审计日志条目", "audit log entry"),
    "kind.plugin": ("插件", "plugin"),
    # objects of a pack (kind.category, kind.tag and kind.exception are in input.py)
    "kind.pack": ("判定标准", "pack"),
    "kind.section": ("章节", "section"),
    "kind.item": ("检查项", "item"),
    "kind.check": ("子项", "check"),
    "kind.rule": ("判定规则", "rule"),
    # the site category of a site in none of a pack's categories
    "site.other": ("其他场所", "other place (none of the above)"),
    # the stages of loading a plugin (core.plugins.catalogue.PluginError.stage)
    "stage.allow": ("许可", "allowlist"),
    "stage.import": ("导入", "import"),
    "stage.register": ("注册", "register"),
    "stage.hook": ("钩子", "hook"),
    "stage.pack": ("判定标准文件", "pack"),
    "stage.conflict": ("冲突", "conflict"),
    "stage.policy": ("颜色策略", "policy"),
    # the levels of a pack check's issues
    "level.error": ("错误", "error"),
    "level.warning": ("警告", "warning"),
    # the parts of the pack format, as pydantic names them (model_type errors)
    "model.Pack": ("判定标准", "pack"),
    "model.Section": ("章节", "section"),
    "model.Item": ("检查项", "item"),
    "model.Check": ("子项", "check"),
    "model.Measure": ("测量值要求", "measure"),
    "model.Rule": ("判定规则", "rule"),
    "model.SiteCategory": ("场所类别", "site category"),
    "model.Tag": ("标签", "tag"),
    "model.PackException": ("排除情形", "exception"),
    "model.PackNote": ("判定说明", "note"),
    "model.OnSiteCorrection": ("当场改正规定", "on-site correction"),
    "model.CollectiveDecision": ("集体讨论规定", "collective decision"),
    "model.Succession": ("替代标准", "succession"),
    "model.GoldenCase": ("示例", "golden case"),
    "model.Expect": ("预期结果", "expectation"),
    # the parts of a major hazard's treatment plan (总局令第16号 第十五条)
    "plan.plan_goal": ("治理的目标和任务", "goals and tasks"),
    "plan.plan_method": ("采取的方法和措施", "methods and measures"),
    "plan.plan_funding": ("经费和物资的落实", "funding and materials"),
    "plan.plan_organisation": ("负责治理的机构和人员", "organisation and people responsible"),
    "plan.plan_timeline": ("治理的时限和要求", "time limits and requirements"),
    "plan.plan_safety": ("安全措施和应急预案", "safety measures and emergency plan"),
}
