"""Users, roles, actions and the refusals a role gets."""

MESSAGES: dict[str, tuple[str, str]] = {
    # users, roles and permissions
    "role.lead": ("组长", "team lead"),
    "role.inspector": ("检查人员", "inspector"),
    "role.expert": ("外部专家", "outside expert"),
    "role.enterprise": ("企业用户", "enterprise user"),
    "role.analyst": ("分析人员", "analyst"),
    "role.admin": ("管理员", "administrator"),
    "action.users.manage": ("管理用户", "manage users"),
    "action.plugins.manage": ("许可或撤销插件", "allow or disallow plugins"),
    "action.enterprise.add": ("登记企业", "register enterprises"),
    "action.enterprise.erase_contact": ("删除企业的联系人信息", "erase an enterprise's contact"),
    "action.campaign.new": ("组建检查行动", "form a campaign"),
    "action.campaign.member": ("调整检查组", "change a campaign's team"),
    "action.campaign.advance": ("推进检查行动", "advance a campaign"),
    "action.campaign.training": ("记录反馈培训", "record a training session"),
    "action.campaign.exempt": ("记录单位不参加自查的原因", "record why an enterprise makes no self-inspection"),
    "action.inspection.decide": ("记录集体讨论", "record a collective decision"),
    "action.inspection.repin": ("让检查改按现安装的判定标准内容判定", "move an inspection to the installed pack content"),
    "action.inspection.start": ("开始检查", "start an inspection"),
    "action.inspection.answer": ("填写检查结果", "answer an inspection"),
    "action.hazard.plan": ("制定整改计划", "plan a hazard's rectification"),
    "action.hazard.submit": ("提交整改材料", "submit rectification evidence"),
    "action.hazard.verify": ("复查整改并销号", "verify a rectification or close a hazard"),
    "action.hazard.deadline": ("设定整改期限", "set a hazard's deadline"),
    "action.hazard.extension": ("申请延期", "ask for more time"),
    "action.hazard.extension.decide": ("批准或驳回延期申请", "grant or refuse a request for more time"),
    "action.read": ("查看记录", "read these records"),
    "action.read.all": ("查看全部企业的统计和导出", "read statistics or exports of every enterprise"),
    "needs.admin": ("{user}（{role}）不能{action}：需要管理员；请管理员操作",
                    "{user} ({role}) may not {action}: it needs an administrator"),
    "needs.lead": ("{user}（{role}）不能{action}：需要组长角色；请管理员执行 `anjian users grant {user} --role lead`",
                   "{user} ({role}) may not {action}: it needs the role lead "
                   "(an administrator runs `anjian users grant {user} --role lead`)"),
    "needs.campaign_lead": ("{user}（{role}）不能{action}：需要检查行动 {campaign} 的组长",
                            "{user} ({role}) may not {action}: it needs the role lead, as the "
                            "lead of campaign {campaign}'s team"),
    "needs.team": ("{user}（{role}）不能{action}：需要检查行动 {campaign} 检查组中的组长或检查人员",
                   "{user} ({role}) may not {action}: it needs the role inspector or lead, on "
                   "campaign {campaign}'s team"),
    "needs.own_enterprise": ("{user}（{role}）不能{action}：需要企业 {enterprise} 本单位的企业用户",
                             "{user} ({role}) may not {action}: it needs the role enterprise, "
                             "bound to enterprise {enterprise}"),
    "needs.team_or_enterprise": ("{user}（{role}）不能{action}：需要检查行动 {campaign} 检查组成员，或企业 {enterprise} 的企业用户",
                                 "{user} ({role}) may not {action}: it needs the role inspector "
                                 "or lead on campaign {campaign}'s team, or the role enterprise "
                                 "bound to {enterprise}"),
    "needs.not_expert": ("{user}（{role}）不能{action}：外部专家可参加检查组和集体讨论，但不能单独办理；需要检查组的组长或检查人员办理",
                         "{user} ({role}) may not {action}: an outside expert sits in a team "
                         "and a collective decision but never acts alone; it needs the team's "
                         "lead or an inspector"),
    "needs.team_deadline": ("{user}（{role}）不能{action}：需要检查行动 {campaign} 检查组中的组长或检查人员；"
                            "企业如需更多时间，请在期限届满前申请延期（`anjian hazard request-extension "
                            "隐患编号 --until 日期 --reason 理由`）",
                            "{user} ({role}) may not {action}: it needs the role inspector or "
                            "lead on campaign {campaign}'s team; an enterprise that needs more "
                            "time asks before the deadline (`anjian hazard request-extension ID "
                            "--until YYYY-MM-DD --reason TEXT`)"),
    "needs.bureau": ("{user}（{role}）不能{action}：需要分析人员、检查人员或组长角色",
                     "{user} ({role}) may not {action}: it needs the role analyst, inspector "
                     "or lead"),
    "user.records_without_users": ("数据库中已有记录，但还没有任何用户：不会让第一个修改的人自动成为管理员。请先指定第一位管理员：`anjian users add 姓名 --role lead --admin`；本次修改未保存",
                                   "the database holds records but no users: whoever changes something first does not become its administrator. Name the first administrator: `anjian users add NAME --role lead --admin` (nothing was saved)"),
    "user.unknown": ("{user} 不是本数据库的用户；请管理员执行 `anjian users add {user} --role …` 后再试",
                     "{user} is not a user of this database; an administrator adds them with "
                     "`anjian users add {user} --role …`"),
    "user.exists": ("用户 {user} 已存在；改角色请用 `anjian users grant {user} --role …`",
                    "user {user} already exists; change a role with "
                    "`anjian users grant {user} --role …`"),
    "user.bad_name": ("用户名 '{user}' 无效：应为 1–64 个字符，不含控制字符，首尾无空格",
                      "user name '{user}' is not valid: use 1–64 characters, no control "
                      "characters, no leading or trailing spaces"),
    "user.bad_role": ("角色 '{role}' 无效，应为 {roles} 之一",
                      "role '{role}' is not one of {roles}"),
    "user.needs_enterprise": ("企业用户必须绑定一家企业：请加 --enterprise 统一社会信用代码",
                              "an enterprise user is bound to one enterprise: add "
                              "--enterprise USCC"),
    "user.no_enterprise": ("只有企业用户绑定企业；角色 {role} 请去掉 --enterprise",
                           "only enterprise users are bound to an enterprise; drop "
                           "--enterprise for role {role}"),
    "user.last_admin": ("{user} 是最后一位管理员，不能取消其管理员身份；请先指定另一位管理员",
                        "{user} is the last administrator and must stay one; make someone "
                        "else an administrator first"),
    "user.disabled": ("{user} 已被停用（停用人 {by}，原因：{reason}），不能再操作；如需恢复请联系管理员",
                      "{user} has been disabled (by {by}: {reason}) and may no longer act; "
                      "ask an administrator"),
    "user.disable_needs_reason": ("停用用户 {user} 需要说明原因：请加 --reason 原因",
                                  "disabling {user} needs a reason: add --reason TEXT"),
    "user.already_disabled": ("用户 {user} 已经停用", "user {user} is already disabled"),
    "user.disable_self": ("不能停用自己（{user}）；请由另一位管理员执行",
                          "you cannot disable yourself ({user}); another administrator can"),
    "team.user_mismatch": ("团队模式下操作人就是数据库登录名：当前登录为 {login}，不能以 {user} 的身份操作（--user / ANJIAN_USER 只能与登录名相同）；请用 {user} 自己的登录连接",
                           "in team mode the acting user is the database login: you are "
                           "logged in as {login} and may not act as {user} (--user / "
                           "ANJIAN_USER must equal the login); connect with {user}'s own login"),
    "team.long_name": ("用户名 {user} 太长（{size} 字节）：团队模式下用户名即数据库登录名，最多 63 字节（约 21 个汉字）",
                       "user name {user} is too long ({size} bytes): in team mode it is the "
                       "database login, at most 63 bytes"),
    "team.bad_password": ("密码须为可打印的 ASCII 字符（字母、数字、符号），且不能为空",
                          "a password is printable ASCII characters (letters, digits, "
                          "symbols), not empty"),
    "team.bad_prefix": ("角色前缀 '{prefix}' 无效：应以小写字母开头，只含小写字母、数字和下划线，最多 31 个字符",
                        "role prefix '{prefix}' is not valid: a lower-case letter, then "
                        "lower-case letters, digits or underscores, at most 31 characters"),
    "team.needs_superuser": ("团队模式的设置和数据库结构升级须由 PostgreSQL 超级用户（数据库管理员）执行；{user} 不是超级用户",
                             "the team set-up and schema upgrades are run by a PostgreSQL "
                             "superuser (the DBA); {user} is not one"),
    "team.other_prefix": ("该数据库已按角色前缀 {existing} 设置为团队模式，不能改用 {prefix}",
                          "this database is set up for team mode with the role prefix "
                          "{existing}, not {prefix}"),
    "team.needs_postgresql": ("团队模式（--team、--admin）只用于 PostgreSQL 数据库；SQLite 文件为单人使用",
                              "team mode (--team, --admin) is for PostgreSQL databases; an "
                              "SQLite file is for one person"),
    "team.admin_needs_team": ("--admin 用于团队模式：请同时加 --team",
                              "--admin is for team mode: add --team"),
    "team.has_users": ("该数据库已有用户；第一位管理员只能在没有用户的数据库上指定，其他人由管理员用 `anjian users add` 添加",
                       "this database has users already; the first administrator is named "
                       "only on a database without users, the others are added by an "
                       "administrator with `anjian users add`"),
}
