"""The audit-style process: enterprises, campaigns, inspections, hazards and their guards."""

MESSAGES: dict[str, tuple[str, str]] = {
    "uscc.invalid": ("统一社会信用代码 '{code}' 无效：{problem}", "unified social credit code '{code}' is not valid: {problem}"),
    "field.required": ("缺少必填项 {field}", "{field} is required"),
    "field.unknown": ("未知字段: {fields}", "unknown field(s): {fields}"),
    "enterprise.exists": ("统一社会信用代码 {uscc} 的单位已存在；如需修改请使用更新功能",
                          "an enterprise with credit code {uscc} already exists"),
    "contact.erase_reason": ("删除 {uscc} 的联系人信息需要说明原因（--reason）", "erasing the contact of {uscc} needs a reason (--reason)"),
    "colour.unknown": ("未知的颜色 '{colour}'，应为 green、blue、yellow 或 red",
                       "unknown colour '{colour}'; use green, blue, yellow or red"),
    "campaign.no_packs": ("请至少指定一个判定标准（--pack）", "give at least one pack (--pack)"),
    "campaign.refused": ("检查行动 {id} 不能从“{stage:@ui.stage}”进入下一阶段: {reasons}",
                         "campaign {id} cannot leave stage {stage}: {reasons}"),
    "training.no_attendees": ("请至少指定一个参加培训的单位（--attendee 统一社会信用代码）",
                              "give at least one attending enterprise (--attendee USCC)"),
    "training.stage": ("检查行动处于“{stage:@ui.stage}”阶段，只能在现场检查或反馈培训阶段记录培训",
                       "the campaign is at stage {stage}; training is recorded at the onsite or feedback stage"),
    "inspection.ref": ("检查 {id}", "inspection {id}"),
    "inspection.bad_kind": ("检查类型 '{kind}' 无效，应为 {kinds}", "inspection kind '{kind}' is not one of {kinds}"),
    "inspection.wrong_stage": ("检查行动处于“{stage:@ui.stage}”阶段，不能开始{kind:@ui.kind}检查（此阶段可开始: {allowed:@ui.kind}）",
                               "the campaign is at stage {stage}; a {kind} inspection cannot start now (allowed: {allowed})"),
    "inspection.not_target": ("现场检查只针对典型单位 {target}，而不是 {uscc}",
                              "the on-site inspection is of the typical enterprise {target}, not {uscc}"),
    "inspection.other_sector": ("单位 {uscc} 属于“{sector}”行业，不属于本次检查行动的“{campaign_sector}”行业",
                                "enterprise {uscc} is in sector {sector}, not the campaign's {campaign_sector}"),
    "inspection.profile_missing": ("开始检查 {name}（{uscc}）前，请先说明场所情况，尚缺：{questions}。命令行用 --category 和 --tag 给出",
                                   "before an inspection of {name} ({uscc}) starts, say what kind of site it is; missing: {questions}. On the command line give them with --category and --tag"),
    "inspection.again": ("{name}（{uscc}）在本检查行动的“{stage:@ui.stage}”步骤已有{kind:@ui.kind}检查 {id}（{date}，{by} 开始）；确需再检查一次，请确认（命令行加 --again）",
                         "{name} ({uscc}) already has inspection {id} in this campaign's {stage:@ui.stage} step ({kind:@ui.kind}, {date}, started by {by}); to start another, confirm it (--again on the command line)"),
    "hazard.refused": ("隐患 {id} 不能进行此操作: {reasons}", "hazard {id}: not done: {reasons}"),
    "hazard.bad_move": ("隐患处于“{status}”状态，不能{move}", "a hazard that is {status} cannot be {move}"),
    "hazard.need_deadline": ("隐患尚无整改期限：由检查组设定（`anjian hazard deadline 隐患编号 日期`）",
                             "the hazard has no deadline yet: the inspection team sets it "
                             "(`anjian hazard deadline ID YYYY-MM-DD`)"),
    "hazard.need_responsible": ("需要整改责任人（--responsible 姓名）", "a responsible person is required (--responsible NAME)"),
    "hazard.need_plan": ("重大事故隐患的治理方案缺少: {fields}", "the major hazard's treatment plan lacks: {fields}"),
    # a hazard's deadline (整改期限) and requests for more time (延期申请)
    "deadline.closed": ("隐患已销号，整改期限不再变更", "the hazard is closed; its deadline no longer changes"),
    "deadline.before_found": ("整改期限 {date} 早于发现隐患的日期 {found_on}",
                              "the deadline {date} is before the hazard was found ({found_on})"),
    "deadline.past": ("整改期限 {date} 已经过去（今天是 {today}）；请给出今天或以后的日期",
                      "the deadline {date} has passed (today is {today}); give today or a later day"),
    "deadline.unchanged": ("整改期限已是 {date}", "the deadline is {date} already"),
    "deadline.need_reason": ("变更已有的整改期限（{date}）需要说明理由（--reason）",
                             "moving the deadline ({date}) needs a reason (--reason)"),
    "deadline.use_command": ("隐患 {id} 已有整改期限 {date}，整改计划不变更期限；检查组用 "
                             "`anjian hazard deadline {id} 日期 --reason 理由` 变更",
                             "hazard {id} has the deadline {date}, which a plan does not move; "
                             "the team moves it with `anjian hazard deadline {id} YYYY-MM-DD "
                             "--reason TEXT`"),
    "extension.bad_status": ("隐患处于“{status}”状态，不能申请延期（待整改或整改中的隐患才可以）",
                             "a hazard that is {status} takes no request for more time (only an "
                             "open or rectifying one)"),
    "extension.no_deadline": ("隐患尚无整改期限，无需申请延期", "the hazard has no deadline yet; there is nothing to extend"),
    "extension.pending": ("已有一份延期申请等待组长决定", "a request for more time already awaits the lead's decision"),
    "extension.too_late": ("整改期限 {deadline} 已过，只能在期限届满前申请延期；请联系检查组",
                           "the deadline {deadline} has passed: more time can only be asked "
                           "for before it does; contact the inspection team"),
    "extension.not_later": ("申请的期限 {date} 不晚于现有期限 {deadline}",
                            "the date asked for, {date}, is not later than the deadline {deadline}"),
    "extension.need_reason": ("延期申请需要说明理由（--reason）", "a request for more time needs a reason (--reason)"),
    "extension.none_pending": ("没有等待决定的延期申请", "no request for more time awaits a decision"),
    "extension.lapsed": ("申请的期限 {date} 已经过去（今天是 {today}），不能批准；请驳回申请，或由检查组设定新的期限",
                         "the date asked for, {date}, has passed (today is {today}) and cannot "
                         "be granted; refuse the request, or let the team set a new deadline"),
    "dkind.set": ("检查组设定", "set by the team"),
    "dkind.extension": ("批准延期", "extension granted"),
    "dkind.plan": ("随整改计划设定", "set with the plan"),
    "estatus.pending": ("待组长决定", "awaiting the lead"),
    "estatus.granted": ("已批准", "granted"),
    "estatus.refused": ("已驳回", "refused"),
    # a hazard as `anjian hazard show` and the ledger screen show it
    "hazard.show.header": ("隐患 {id}（{level}）：{status}", "hazard {id} ({level}): {status}"),
    "hazard.show.deadline": ("整改期限 {date}", "deadline {date}"),
    "hazard.show.no_deadline": ("尚无整改期限（由检查组设定）", "no deadline yet (the team sets it)"),
    "hazard.show.left": ("剩余 {days} 天", "{days} day(s) left"),
    "hazard.show.overdue": ("逾期 {days} 天", "overdue by {days} day(s)"),
    "hazard.show.found": ("单位 {uscc}，检查项 {item}（{clause}），{date} 由检查 {inspection} 发现",
                          "enterprise {uscc}, item {item} ({clause}), found on {date} by inspection {inspection}"),
    "hazard.show.responsible": ("整改责任人：{name}", "responsible: {name}"),
    "hazard.show.plan": ("治理方案：", "Treatment plan:"),
    "hazard.show.part": ("{part}：{text}", "{part}: {text}"),
    "hazard.show.verified": ("复查：{by}，{date}", "verified by {by} on {date}"),
    "hazard.show.note": ("备注：{note}", "note: {note}"),
    "hazard.show.deadlines": ("整改期限变更：", "Deadline changes:"),
    "hazard.show.change": ("{date} {by} {kind}：{old} → {new}", "{date} {by} {kind}: {old} → {new}"),
    "hazard.show.because": ("，理由：{reason}", "; why: {reason}"),
    "hazard.show.extensions": ("延期申请：", "Requests for more time:"),
    "hazard.show.extension": ("{date} {by} 申请将期限 {deadline} 延至 {until}，理由：{reason} — {status}",
                              "{date} {by} asked to move {deadline} to {until}, because: {reason} — {status}"),
    "hazard.show.decision": ("（{by}，{date}：{note}）", " ({by}, {date}: {note})"),
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
    "guard.training_future": ("反馈培训的日期 {date} 晚于今天，尚未举行；请记录实际举行的培训",
                              "the training is dated {date}, after today: not held yet; record "
                              "the session as held"),
    "guard.unqualified": ("检查组成员 {names} 不是已登记的相应角色的用户（`anjian users add`、`anjian users grant`）",
                          "team member(s) {names} are not registered users in a role that fits "
                          "their place (`anjian users add`, `anjian users grant`)"),
    "guard.self_missing": ("本行业还有 {count} 家单位既无自查记录，也未记录不参加自查的原因（`anjian campaign exempt`）",
                           "{count} enterprise(s) of the sector have neither a self-inspection "
                           "nor a recorded reason for making none (`anjian campaign exempt`)"),
    "guard.no_followup": ("尚未对典型单位开展跟进督查检查（`anjian inspect start --kind followup`）",
                          "no follow-up inspection of the typical enterprise yet "
                          "(`anjian inspect start --kind followup`)"),
    "guard.major_open": ("{count} 个重大事故隐患尚未复查销号", "{count} major hazard(s) not yet verified and closed"),
    "guard.closed": ("检查行动已结束", "the campaign is closed"),
    "team.bad_role": ("角色 '{role}' 无效，应为 lead、inspector 或 expert", "role '{role}' is not lead, inspector or expert"),
    "team.unregistered": ("{name} 不是本数据库的用户，不能加入检查组；请管理员先执行 `anjian users add {name} --role {role}`",
                          "{name} is not a user of this database and cannot join the team; an "
                          "administrator first runs `anjian users add {name} --role {role}`"),
    "team.wrong_role": ("{name} 登记的角色是{role:@role}，不能担任检查组的{place:@team}（需要{needs}）",
                        "{name} is registered as {role:@role} and cannot be the team's "
                        "{place:@team} (it needs {needs})"),
    "decision.unregistered": ("{name} 不是本数据库的用户，不能作为集体讨论的参与人；请管理员先执行 `anjian users add {name} --role …`",
                              "{name} is not a user of this database and cannot take part in "
                              "the collective decision; an administrator first runs "
                              "`anjian users add {name} --role …`"),
    "decision.wrong_role": ("{name} 登记的角色是{role:@role}，不能参加集体讨论（需要组长、检查人员或外部专家）",
                            "{name} is registered as {role:@role} and cannot take part in the "
                            "collective decision (it needs a lead, an inspector or an outside "
                            "expert)"),
    "decision.future": ("集体讨论日期 {date} 晚于今天（{today}），请填写实际讨论的日期",
                        "the collective decision's date {date} is after today ({today}); give "
                        "the day it was taken"),
    "decision.early": ("集体讨论日期 {date} 早于检查 {id} 的检查日期 {earliest}",
                       "the collective decision's date {date} is before inspection {id}'s date "
                       "{earliest}"),
    "training.future": ("培训日期 {date} 晚于今天（{today}），请填写实际举行培训的日期",
                        "the training's date {date} is after today ({today}); give the day it "
                        "was held"),
    "training.early": ("培训日期 {date} 早于典型单位的现场检查日期 {earliest}；反馈培训在现场检查之后举行",
                       "the training's date {date} is before the on-site inspection of the "
                       "typical enterprise ({earliest}); the feedback training follows it"),
    "training.no_onsite": ("尚未对典型单位开展现场检查；反馈培训在现场检查之后举行",
                           "no on-site inspection of the typical enterprise yet; the feedback "
                           "training follows it"),
    "inspection.future": ("检查日期 {date} 晚于今天（{today}），请填写实际检查的日期",
                          "the inspection date {date} is after today ({today}); give the day "
                          "it took place"),
    "inspection.early": ("检查日期 {date} 早于检查行动 {id} 进入“{stage:@ui.stage}”阶段的日期 {earliest}",
                         "the inspection date {date} is before campaign {id} entered stage "
                         "{stage} ({earliest})"),
    "exemption.bad_reason": ("原因 '{reason}' 无效，应为 closed（已关闭或停产）或 not_in_scope（不在检查范围）",
                             "reason '{reason}' is not closed or not_in_scope"),
    "exemption.stage": ("检查行动处于“{stage:@ui.stage}”阶段；不参加自查的原因在反馈培训或自查整改阶段记录",
                        "the campaign is at stage {stage}; reasons for making no "
                        "self-inspection are recorded at the feedback or self-rectification "
                        "stage"),
    "exemption.target": ("{uscc} 是检查行动 {id} 的典型单位，已接受现场检查，无需记录不参加自查的原因",
                         "{uscc} is campaign {id}'s typical enterprise, inspected on site; it "
                         "needs no reason for making no self-inspection"),
    "exemption.inspected": ("{uscc} 在检查行动 {id} 中已有自查记录，无需记录不参加自查的原因",
                            "{uscc} has a self-inspection in campaign {id}; it needs no reason "
                            "for making none"),
    "exemption.exists": ("检查行动 {id} 已记录 {uscc} 不参加自查的原因（{reason:@exemption.reason}）",
                         "campaign {id} already records why {uscc} makes no self-inspection "
                         "({reason:@exemption.reason})"),
    "team.formed": ("检查行动 {id} 已处于“{stage:@ui.stage}”阶段，检查组不能再调整", "campaign {id} is at stage {stage}; the team can no longer change"),
    "team.duplicate": ("{name} 已在检查组中", "{name} is already on the team"),
    "team.has_lead": ("检查行动 {id} 已有组长", "campaign {id} already has a lead"),
    "bulk.missing": ("缺少 {fields}", "missing {fields}"),
    "bulk.bad_status": ("状态 '{status}' 无效，应为 compliant、noncompliant 或 not_applicable", "status '{status}' is not compliant, noncompliant or not_applicable"),
    "bulk.bad_row": ("第 {row} 行: {problem}；未导入任何数据", "row {row}: {problem}; nothing was loaded"),
    "late.training": ("反馈培训逾期 {days} 天（应于 {date} 前完成）",
                      "training {days} day(s) overdue (due {date})"),
    "late.training_done": ("反馈培训逾期 {days} 天完成（应于 {date} 前，{done} 举行）",
                           "training held {days} day(s) late (on {done}, due {date})"),
    "late.reports": ("自查整改报告逾期 {days} 天（应于 {date} 前提交）",
                     "self-rectification reports {days} day(s) overdue (due {date})"),
    "late.reports_done": ("自查整改逾期 {days} 天完成（应于 {date} 前，{done} 进入跟进督查）",
                          "self-rectification done {days} day(s) late (follow-up from {done}, "
                          "due {date})"),
    "demo.fresh_sqlite": ("--fresh 只能用于 SQLite 演示数据库", "--fresh works on a SQLite demo database only"),
    "demo.not_demo": ("{path} 不是演示数据库，--fresh 不会删除它；请换一个文件或去掉 --fresh",
                      "{path} is not a demo database; --fresh will not delete it: name another "
                      "file or drop --fresh"),
    "decision.not_needed": ("判定标准 {pack} 不要求集体讨论", "pack {pack} asks for no collective decision"),
    "decision.not_major": ("检查 {id} 在 {pack} 下没有判定为重大隐患，无需集体讨论",
                           "inspection {id} has no major hazard under {pack}; there is nothing "
                           "to decide"),
    "decision.too_few": ("{pack} 的集体讨论参与人数不应少于 {needed} 人（{clause}），现为 {count} 人",
                         "{pack} asks for at least {needed} people in the collective decision "
                         "({clause}); {count} named"),
    "decision.pack": ("检查 {id} 未使用判定标准 {pack}", "inspection {id} does not use pack {pack}"),
    "guard.decision": ("{count} 项重大隐患判定尚未记录集体讨论（`anjian inspect decide`）",
                       "{count} major-hazard determination(s) await a recorded collective "
                       "decision (`anjian inspect decide`)"),
}
