"""Work permits (作业票核查, GB 30871-2022): the operations, grades, gases and signatures as
named, each requirement a ticket is checked against, what a ticket shows when it breaks one,
refusals of a ticket file and of recording its findings, and the command line's and the app's
words for it."""

MESSAGES: dict[str, tuple[str, str]] = {
    # --- names ------------------------------------------------------------------------------
    "permits.type.hot_work": ("动火作业", "hot work"),
    "permits.type.confined_space": ("受限空间作业", "confined-space entry"),
    "permits.type.blind_flange": ("盲板抽堵作业", "blinding"),
    "permits.type.work_at_height": ("高处作业", "work at height"),
    "permits.type.lifting": ("吊装作业", "lifting"),
    "permits.type.temporary_power": ("临时用电作业", "temporary power"),
    "permits.type.excavation": ("动土作业", "excavation"),
    "permits.type.road_closure": ("断路作业", "road closure"),
    "permits.grade.hot_work.special": ("特级", "special-grade"),
    "permits.grade.hot_work.first": ("一级", "first-grade"),
    "permits.grade.hot_work.second": ("二级", "second-grade"),
    "permits.grade.work_at_height.I": ("I级", "grade I"),
    "permits.grade.work_at_height.II": ("II级", "grade II"),
    "permits.grade.work_at_height.III": ("III级", "grade III"),
    "permits.grade.work_at_height.IV": ("IV级", "grade IV"),
    "permits.grade.lifting.first": ("一级", "first-grade"),
    "permits.grade.lifting.second": ("二级", "second-grade"),
    "permits.grade.lifting.third": ("三级", "third-grade"),
    "permits.graded": ("{grade}{type}", "{grade} {type}"),
    "permits.gas.combustible": ("可燃气体", "combustible gas"),
    "permits.gas.oxygen": ("氧气", "oxygen"),
    "permits.gas.toxic": ("有毒有害气体", "toxic gas"),
    "permits.lel_class.ge4": ("爆炸下限大于或等于 4%", "lower explosive limit 4 % or more"),
    "permits.lel_class.lt4": ("爆炸下限小于 4%", "lower explosive limit below 4 %"),
    "permits.role.leader": ("作业负责人", "person in charge of the work"),
    "permits.role.commander": ("作业指挥", "lifting commander"),
    "permits.role.unit": ("所在单位", "the unit where the work is done"),
    "permits.role.power_user": ("用电单位", "the unit using the power"),
    "permits.role.safety_department": ("安全管理部门", "the safety department"),
    "permits.role.fire_and_safety": ("消防、安全管理部门", "the fire and safety departments"),
    "permits.role.reviewer": ("审核部门", "the reviewing department"),
    "permits.role.approver": ("审批人（审批部门）", "the approver"),
    "permits.role.countersign": ("有关部门会签", "the departments' countersignatures"),
    "permits.role.supplier": ("配送电单位", "the power supplier"),
    "permits.role.sketch": ("作业范围或断路地段示意图签字",
                            "the signed sketch of the work area or road section"),
    "permits.role.ticket_check": ("动火前岗位当班班长验票", "the shift leader's check of the "
                                  "ticket before hot work"),
    "permits.role.acceptance": ("完工验收", "acceptance on completion"),
    "permits.role.guardian": ("监护人", "the guardian"),
    "permits.role.briefer": ("安全交底人", "who gave the safety briefing"),
    "permits.role.briefed": ("接受交底人", "who received the safety briefing"),
    "permits.approver.top_leader": ("主管领导", "the leader in charge"),
    "permits.approver.safety_department": ("安全管理部门", "the safety department"),
    "permits.approver.base_unit": ("所在基层单位", "the basic unit where the work is done"),
    "permits.approver.professional_department": ("所在单位专业部门",
                                                 "the unit's professional department"),
    "permits.approver.chief": ("主管厂长或总工程师", "the plant manager in charge or the chief "
                               "engineer"),
    "permits.method.a": ("无 8.1.2 所列客观危险因素，按 A 类法",
                         "no objective hazard of 8.1.2: method A"),
    "permits.method.b": ("存在 8.1.2 所列客观危险因素，按 B 类法",
                         "an objective hazard of 8.1.2 present: method B"),
    "permits.verification.verified": ("已与正式文本核对", "checked against the official text"),
    "permits.verification.verified-single-source": ("仅与一份公开文本核对",
                                                    "checked against one public copy only"),
    "permits.verification.partial": ("部分核实", "partly verified"),
    "permits.verification.unverified": ("未核实", "not verified"),
    "permits.span.d": ("{d} 天", "{d} days"),
    "permits.span.dh": ("{d} 天 {h} 小时", "{d} days {h} h"),
    "permits.span.dhm": ("{d} 天 {h} 小时 {m} 分钟", "{d} days {h} h {m} min"),
    "permits.span.h": ("{h} 小时", "{h} h"),
    "permits.span.hm": ("{h} 小时 {m} 分钟", "{h} h {m} min"),
    "permits.span.m": ("{m} 分钟", "{m} min"),
    "permits.value.vol": ("{value}%（体积分数）", "{value} % by volume"),
    "permits.value.lel_as_vol": ("{value}%LEL（爆炸下限 {lel}% 时为 {vol}%（体积分数））",
                                 "{value} %LEL ({vol} % by volume at a lower explosive limit "
                                 "of {lel} %)"),
    "permits.gap": ("{start} 至 {end}（{length}）", "{start} to {end} ({length})"),
    "permits.signed_at": ("{role} {time}", "{role} at {time}"),
    # the measures some tickets must have involved (附录A)
    "permits.measure.hot_work.13": ("用于连续检测的移动式可燃气体检测仪已配备到位",
                                    "mobile combustible-gas detectors for continuous "
                                    "monitoring in place"),
    "permits.measure.hot_work.14": ("配备的摄录设备已到位，且防爆级别满足安全要求",
                                    "recording equipment in place, of an adequate "
                                    "explosion-proof rating"),
    "permits.measure.confined_space.9": ("用于连续检测的移动式可燃、有毒气体、氧气检测仪已配备到位",
                                         "mobile combustible, toxic and oxygen detectors for "
                                         "continuous monitoring in place"),
    "permits.measure.work_at_height.11": ("30 m 以上高处作业时，作业人员已配备通信、联络工具",
                                          "communication tools for work above 30 m"),
    "permits.measure.lifting.1": ("一、二级吊装作业已编制吊装作业方案，已经审查批准",
                                  "a lifting plan drawn up and approved for first- and "
                                  "second-grade lifting"),
    "permits.needed.hot_work.monitoring": ("特级动火作业", "special-grade hot work"),
    "permits.needed.hot_work.video": ("特级动火作业", "special-grade hot work"),
    "permits.needed.confined_space.detectors": ("受限空间作业", "confined-space entry"),
    "permits.needed.work_at_height.comms": ("作业高度超过 30 m", "a height above 30 m"),
    "permits.needed.lifting.plan": ("一级、二级吊装（吊物质量 40 t 及以上）",
                                    "first- or second-grade lifting (40 t or more)"),
    # --- the requirements (the standard's words; clause in brackets) -----------------------
    "permits.rule.hot_work.grade": (
        "固定动火区外的动火作业分为特级动火、一级动火和二级动火三个级别（5.1.1）；有分级的特殊作业，"
        "安全作业票应根据特殊作业的等级以明显标记加以区分（附录B B.1）",
        "Hot work outside a fixed hot-work area is graded special, first or second (5.1.1); "
        "a graded ticket shows its grade clearly (annex B, B.1)"),
    "permits.rule.work_at_height.grade": (
        "高处作业按表2分为 I、II、III、IV 级（8.1.3）；安全作业票应根据作业等级以明显标记加以区分"
        "（附录B B.1）",
        "Work at height is graded I to IV by table 2 (8.1.3); a graded ticket shows its grade "
        "clearly (annex B, B.1)"),
    "permits.rule.lifting.grade": (
        "吊装作业按照吊物质量分为一级、二级、三级（9.1）；安全作业票应根据作业等级以明显标记加以区分"
        "（附录B B.1）",
        "Lifting is graded first, second or third by the mass lifted (9.1); a graded ticket "
        "shows its grade clearly (annex B, B.1)"),
    "permits.rule.work_at_height.grade_low": (
        "不存在 8.1.2 所列任一种客观危险因素的高处作业按表2的 A 类法分级，存在一种或一种以上的按 B 类法"
        "分级：2 m≤h≤5 m、5 m<h≤15 m、15 m<h≤30 m、h>30 m 依次为 I、II、III、IV 级（A 类法），"
        "II、III、IV、IV 级（B 类法）（8.1.3）",
        "Work at height without any objective hazard of 8.1.2 is graded by method A of table "
        "2, with one or more by method B: 2 m≤h≤5 m, 5 m<h≤15 m, 15 m<h≤30 m, h>30 m are "
        "grades I, II, III, IV (A) or II, III, IV, IV (B) (8.1.3)"),
    "permits.rule.lifting.grade_low": (
        "吊装作业按照吊物质量 m 分为：一级 m>100 t；二级 40 t≤m≤100 t；三级 m<40 t（9.1）",
        "Lifting by the mass m lifted: first grade m>100 t; second 40 t≤m≤100 t; third "
        "m<40 t (9.1)"),
    "permits.rule.hot_work.validity": (
        "特级、一级动火安全作业票有效期不应超过 8 h；二级动火安全作业票有效期不应超过 72 h（5.1.5）",
        "A special- or first-grade hot-work ticket is valid for no more than 8 h; a "
        "second-grade one for no more than 72 h (5.1.5)"),
    "permits.rule.confined_space.validity": (
        "受限空间安全作业票有效期不应超过 24 h（6.10）",
        "A confined-space ticket is valid for no more than 24 h (6.10)"),
    "permits.rule.work_at_height.validity": (
        "高处安全作业票的有效期最长为 7 天（8.2.11）",
        "A work-at-height ticket is valid for 7 days at most (8.2.11)"),
    "permits.rule.temporary_power.validity": (
        "临时用电时间一般不超过 15 天，特殊情况不应超过 30 天（10.8）",
        "Temporary power is used for 15 days at most as a rule, never more than 30 in special "
        "circumstances (10.8)"),
    "permits.rule.reissue": (
        "作业内容变更、作业范围扩大、作业地点转移或超过安全作业票有效期限时，应重新办理安全作业票（4.16）",
        "A new ticket is issued when the work changes, grows or moves, or goes beyond the "
        "ticket's validity (4.16)"),
    "permits.rule.hot_work.analysis": (
        "动火作业前应进行气体分析（5.3.1）", "Gas is analysed before hot work (5.3.1)"),
    "permits.rule.hot_work.began_on_failed": (
        "动火作业前应进行气体分析（5.3.1），分析结果应符合 5.3.2 的合格判定指标；不合格不应动火",
        "Gas is analysed before hot work (5.3.1) and the work proceeds only on an analysis "
        "within the limits of 5.3.2"),
    "permits.rule.hot_work.sample_time": (
        "气体分析取样时间与动火作业开始时间间隔不应超过 30 min（5.3.1 c)）",
        "The gas sample is taken no more than 30 min before hot work starts (5.3.1 c)"),
    "permits.rule.hot_work.reanalysis": (
        "特级、一级动火作业中断时间超过 30 min，二级动火作业中断时间超过 60 min，应重新进行气体分析"
        "（5.3.1 d)）",
        "Gas is analysed again when special- or first-grade hot work stops for more than "
        "30 min, second-grade for more than 60 min (5.3.1 d)"),
    "permits.rule.hot_work.monitoring": (
        "特级动火作业期间应连续进行监测（5.3.1 d)）",
        "Gas is monitored continuously during special-grade hot work (5.3.1 d)"),
    "permits.rule.hot_work.combustible": (
        "动火分析合格判定指标：被测气体或蒸气的爆炸下限大于或等于 4% 时，其被测浓度应不大于 0.5%"
        "（体积分数）；爆炸下限小于 4% 时，其被测浓度应不大于 0.2%（体积分数）（5.3.2）",
        "The analysis passes when the concentration is at most 0.5 % by volume for a gas or "
        "vapour whose lower explosive limit is 4 % or more, at most 0.2 % below 4 % (5.3.2)"),
    "permits.rule.hot_work.oxygen_equipment": (
        "在生产、使用、储存氧气的设备上进行动火作业时，设备内氧含量不应超过 23.5%（体积分数）（5.2.7）",
        "Hot work on equipment that produces, uses or stores oxygen: oxygen inside at most "
        "23.5 % by volume (5.2.7)"),
    "permits.rule.hot_work.video": (
        "特级动火作业应采集全过程作业影像，且作业现场使用的摄录设备应为防爆型（5.2.11）",
        "Special-grade hot work is recorded on video throughout, with explosion-proof "
        "equipment (5.2.11)"),
    "permits.rule.confined_space.no_analysis": (
        "作业前，应确保受限空间内的气体环境满足作业要求（6.3）：作业前 30 min 内进行气体检测，检测分析"
        "合格后方可进入",
        "Before the work the space's atmosphere is made fit for it (6.3): tested within 30 min "
        "before entry, and entered only when the test passes"),
    "permits.rule.confined_space.began_on_failed": (
        "作业前，应确保受限空间内的气体环境满足作业要求；检测分析合格后方可进入（6.3）",
        "Before the work the space's atmosphere is made fit for it; it is entered only when "
        "the test passes (6.3)"),
    "permits.rule.confined_space.analysis": (
        "作业前 30 min 内，对受限空间进行气体检测，检测分析合格后方可进入（6.3 a)）",
        "The confined space's gas is tested within 30 min before entry, and entered only "
        "when the test passes (6.3 a)"),
    "permits.rule.confined_space.retest": (
        "作业中断时间超过 60 min 时，应重新进行气体检测分析（6.3 f)）",
        "Gas is tested again when the work stops for more than 60 min (6.3 f)"),
    "permits.rule.confined_space.oxygen": (
        "氧气含量为 19.5%～21%（体积分数），在富氧环境下不应大于 23.5%（体积分数）（6.4 a)）",
        "Oxygen 19.5 % to 21 % by volume; in an oxygen-enriched environment at most 23.5 % "
        "(6.4 a)"),
    "permits.rule.confined_space.toxic": (
        "有毒物质允许浓度应符合 GBZ 2.1 的规定（6.4 b)）",
        "Toxic substances within the limits of GBZ 2.1 (6.4 b)"),
    "permits.rule.confined_space.combustible": (
        "可燃气体、蒸气浓度要求应符合 5.3.2 的规定（6.4 c)）",
        "Combustible gas and vapour within the limits of 5.3.2 (6.4 c)"),
    "permits.rule.confined_space.monitoring": (
        "作业时，作业现场应配置移动式气体检测报警仪，连续检测受限空间内可燃气体、有毒气体及氧气浓度，"
        "并 2 h 记录 1 次（6.5）",
        "During the work, mobile detectors monitor combustible gas, toxic gas and oxygen "
        "continuously, recorded every 2 h (6.5)"),
    "permits.rule.confined_space.detectors": (
        "作业时，作业现场应配置移动式气体检测报警仪，连续检测受限空间内可燃气体、有毒气体及氧气浓度"
        "（6.5）",
        "During the work, mobile detectors monitor combustible gas, toxic gas and oxygen "
        "continuously (6.5)"),
    "permits.rule.blind_flange.one_blind": (
        "同一盲板的抽、堵作业，应分别办理盲板抽、堵安全作业票，一张安全作业票只能进行一块盲板的一项作业"
        "（7.11）",
        "Installing and removing a blind take a ticket each: one ticket covers one action on "
        "one blind (7.11)"),
    "permits.rule.work_at_height.comms": (
        "30 m 以上高处作业应配备通信联络工具（8.2.1）",
        "Work at height above 30 m has communication tools (8.2.1)"),
    "permits.rule.lifting.plan": (
        "一、二级吊装作业，应编制吊装作业方案；吊装作业方案应经审批（9.2.1）",
        "First- and second-grade lifting has a lifting plan, approved (9.2.1)"),
    "permits.rule.temporary_power.analysis": (
        "在运行的火灾爆炸危险性生产装置、罐区和具有火灾爆炸危险场所内不应接临时电源，确需时应对周围"
        "环境进行可燃气体检测分析，分析结果应符合 5.3.2 的规定（10.1）",
        "No temporary supply in a running plant, tank farm or fire and explosion area; where "
        "one is needed the surroundings are analysed for combustible gas, within 5.3.2 (10.1)"),
    "permits.rule.temporary_power.combustible": (
        "确需在火灾爆炸危险场所接临时电源时，可燃气体检测分析结果应符合 5.3.2 的规定（10.1）",
        "Where temporary power is needed in a fire and explosion area, the combustible-gas "
        "analysis is within 5.3.2 (10.1)"),
    "permits.rule.signature.approval": (
        "作业前，危险化学品企业应组织办理作业审批手续，并由相关责任人签字审批（4.6；签字栏见附录A）",
        "Before the work, the approval is completed and signed by those responsible (4.6; "
        "the sign-off rows of annex A)"),
    "permits.rule.signature.late": (
        "作业前，危险化学品企业应组织办理作业审批手续，并由相关责任人签字审批（4.6）",
        "The approval is completed and signed before the work starts (4.6)"),
    "permits.rule.signature.guardian": (
        "作业期间应设监护人（4.10）", "A guardian is appointed for the work (4.10)"),
    "permits.rule.signature.briefing": (
        "作业前，危险化学品企业应对参加作业的人员进行安全措施交底（4.4）",
        "The workers are briefed on the safety measures before the work (4.4)"),
    "permits.rule.signature.acceptance": (
        "作业完毕，应及时进行验收确认（4.15）",
        "The finished work is accepted promptly (4.15)"),
    "permits.rule.approval.level": (
        "作业审批人应核查安全作业票审批级别与企业管理制度中规定级别一致（4.11 b)）；表B.1（资料性）"
        "列出各类安全作业票的审批部门(人)",
        "The approver checks that the ticket's approval level is the one the enterprise's "
        "rules set (4.11 b); table B.1 (informative) lists each ticket's approver"),
    "permits.rule.measures.unmarked": (
        "作业时，审批手续应齐全、安全措施应全部落实（4.6）；安全作业票逐项填写安全措施是否涉及及确认人"
        "（附录A）",
        "At work, the approval is complete and every safety measure is in place (4.6); the "
        "ticket marks each measure involved or not, with who confirmed it (annex A)"),
    "permits.rule.measures.unconfirmed": (
        "作业时，审批手续应齐全、安全措施应全部落实（4.6）；涉及的安全措施由确认人确认（附录A）",
        "At work, every safety measure is in place (4.6); each measure involved is confirmed "
        "by a named person (annex A)"),
    # --- what a ticket shows ----------------------------------------------------------------
    "permits.found.no_grade": ("作业票未标注{type}的级别", "the ticket does not state the "
                               "grade of the {type}"),
    "permits.found.height_grade": (
        "作业高度 {height} m（{method}）应为{expected}，作业票标注为{grade}",
        "a height of {height} m ({method}) is {expected}; the ticket says {grade}"),
    "permits.found.lifting_grade": (
        "吊物质量 {load} t 应为{expected}吊装，作业票标注为{grade}",
        "a load of {load} t is {expected} lifting; the ticket says {grade}"),
    "permits.found.validity": (
        "有效期 {span}（{start} 至 {end}），{what}不应超过 {limit}",
        "valid for {span} ({start} to {end}); {what} at most {limit}"),
    "permits.found.power_validity": (
        "临时用电 {span}（{start} 至 {end}），超过 15 天，作业票未写明特殊情况（`extended`），"
        "特殊情况也不应超过 {limit}",
        "temporary power for {span} ({start} to {end}), over 15 days, with no special "
        "circumstances stated (`extended`); even then at most {limit}"),
    "permits.found.reissue": (
        "完工时间 {finished} 晚于作业票有效期 {end}，未重新办理作业票",
        "finished at {finished}, after the ticket's validity ended at {end}, without a new "
        "ticket"),
    "permits.found.no_analysis_before": (
        "作业开始（{start}）前没有{gas}分析", "no {gas} analysis before the work started "
        "({start})"),
    "permits.found.sample_early": (
        "作业开始前最后一次{gas}取样在 {sample}，距开始（{start}）{gap}，超过 {limit}",
        "the last {gas} sample before the start ({start}) was taken at {sample}, {gap} "
        "earlier: more than {limit}"),
    "permits.found.began_on_failed": (
        "作业于 {at} 开始（或恢复）时所依据的{gas}分析（{time}）不合格",
        "the work started (or resumed) at {at} on a {gas} analysis that failed ({time})"),
    "permits.found.no_reanalysis": (
        "作业于 {start} 至 {end} 中断 {length}，超过 {limit}，恢复前没有重新进行{gas}分析",
        "the work stopped from {start} to {end} ({length}, more than {limit}) and resumed "
        "without a new {gas} analysis"),
    "permits.found.no_retest": (
        "作业于 {start} 至 {end} 中断 {length}，超过 {limit}，恢复前没有重新检测：{gases}",
        "the work stopped from {start} to {end} ({length}, more than {limit}) and resumed "
        "without testing again: {gases}"),
    "permits.found.combustible": (
        "{time} {name} {value}，{cls}时应不大于 {limit}%（体积分数）",
        "{name} at {time}: {value}; with a {cls} at most {limit} % by volume"),
    "permits.found.oxygen_high": (
        "{time} 设备内氧含量 {value}%，不应超过 {limit}%",
        "oxygen inside the equipment at {time}: {value} %, more than {limit} %"),
    "permits.found.oxygen_range": (
        "{time} 氧气含量 {value}%，应在 {low}%～{high}%（体积分数）之间",
        "oxygen at {time}: {value} %, outside {low} % to {high} % by volume"),
    "permits.found.toxic": (
        "{time} {name} {value} {unit}，超过允许浓度 {limit} {unit}",
        "{name} at {time}: {value} {unit}, above the permitted {limit} {unit}"),
    "permits.found.monitoring_gap": (
        "作业期间以下时段没有气体检测记录，超过 {limit}：{gaps}",
        "no gas reading recorded for more than {limit} during the work: {gaps}"),
    "permits.found.power_no_analysis": (
        "在火灾爆炸危险场所接临时电源，作业票没有可燃气体检测分析",
        "temporary power in a fire and explosion area without a combustible-gas analysis"),
    "permits.found.blinds": (
        "一张作业票包含 {count} 块盲板：{blinds}", "one ticket covers {count} blinds: {blinds}"),
    "permits.found.unsigned": ("缺少签字：{roles}", "not signed by: {roles}"),
    "permits.found.signed_late": (
        "作业开始（{start}）后才签字：{signed}", "signed after the work started ({start}): "
        "{signed}"),
    "permits.found.no_guardian": ("作业票未写明监护人", "the ticket names no guardian"),
    "permits.found.no_briefing": ("作业票缺少：{roles}", "the ticket lacks: {roles}"),
    "permits.found.no_acceptance": (
        "作业已于 {finished} 完工，没有完工验收签字",
        "the work finished at {finished} and was not signed off as accepted"),
    "permits.found.approver": (
        "审批人所属为“{unit}”，表B.1 中{grade}{type}的审批部门(人)为{expected}",
        "approved as \u201c{unit}\u201d; table B.1 names {expected} for {grade} {type}"),
    "permits.found.unmarked": (
        "第 {numbers} 项安全措施（共 {count} 项）未填写是否涉及",
        "safety measures {numbers} (of {count}) are not marked involved or not"),
    "permits.found.unconfirmed": (
        "第 {numbers} 项安全措施涉及，但没有确认人",
        "safety measures {numbers} are involved but confirmed by nobody"),
    "permits.found.not_involved": (
        "第 {number} 项安全措施（{measure}）标为不涉及，而{why}须有此措施",
        "safety measure {number} ({measure}) is marked not involved, which {why} needs"),
    # --- what could not be judged -------------------------------------------------------------
    "permits.why.no_finish": ("作业票未给出完工时间（`finished`）", "the ticket gives no "
                              "completion time (`finished`)"),
    "permits.why.no_finish_monitoring": (
        "作业票未给出完工时间（`finished`），最后一次记录之后的时段未核查",
        "no completion time (`finished`): the time after the last reading is not checked"),
    "permits.why.no_height": ("作业票未给出作业高度（`height_m`）", "the ticket gives no "
                              "height (`height_m`)"),
    "permits.why.no_load": ("作业票未给出吊物质量（`load_t`）", "the ticket gives no load "
                            "(`load_t`)"),
    "permits.why.no_limit": ("有毒有害气体读数未给出 GBZ 2.1 的允许浓度（`limit`）",
                             "a toxic reading without its permitted concentration under GBZ "
                             "2.1 (`limit`)"),
    "permits.why.no_oxygen": ("作业票没有氧气分析", "the ticket has no oxygen analysis"),
    "permits.why.no_unit": ("审批人签字未写明其审批部门(人)（`unit`）", "the approver's "
                            "signature does not say what they approve as (`unit`)"),
    "permits.why.no_measures": ("作业票未给出安全措施（`measures`）", "the ticket gives no "
                                "safety measures (`measures`)"),
    "permits.why.no_blinds": ("作业票未给出盲板（`blinds`）", "the ticket names no blind "
                              "(`blinds`)"),
    # --- a ticket file that cannot be read -------------------------------------------------
    "permits.not_object": (
        "{file}: 作业票应为 JSON 对象，如 {{\"number\": \"DH-001\", \"type\": \"动火\", …}}；"
        "字段见 README 的“作业票核查”",
        "{file}: a ticket is a JSON object such as {{\"number\": \"DH-001\", \"type\": "
        "\"hot_work\", …}}; see README, work permits"),
    "permits.invalid": (
        "{file}: 作业票有 {count} 处错误，未作核查：\n{problems}",
        "{file}: the ticket was not checked; problems found: {count}\n{problems}"),
    "permits.problem": ("  {field}: {problem}", "  {field}: {problem}"),
    "permits.field_at": ("{label}（`{path}`）", "{label} (`{path}`)"),
    "permits.field_raw": ("`{path}`", "`{path}`"),
    "permits.field.of": ("{outer}的{inner}", "{outer}, {inner}"),
    "permits.field.nth": ("{what}第 {n} 条", "{what} #{n}"),
    "permits.field.key": ("{what}“{key}”", "{what} \u201c{key}\u201d"),
    "permits.field.ticket": ("作业票", "the ticket"),
    "permits.field.number": ("编号", "number"),
    "permits.field.type": ("作业类别", "operation"),
    "permits.field.grade": ("作业级别", "grade"),
    "permits.field.applied": ("作业申请时间", "time applied"),
    "permits.field.start": ("作业实施时间（自）", "start of the work"),
    "permits.field.end": ("作业实施时间（至）", "end of validity"),
    "permits.field.finished": ("完工时间", "time finished"),
    "permits.field.interruptions": ("作业中断", "interruption"),
    "permits.field.interruptions.from": ("中断开始时间", "stopped at"),
    "permits.field.interruptions.to": ("恢复作业时间", "resumed at"),
    "permits.field.readings": ("气体分析", "gas reading"),
    "permits.field.readings.time": ("取样分析时间", "sampled at"),
    "permits.field.readings.what": ("分析项目（可燃气体、氧气、有毒）", "what was measured "
                                    "(combustible, oxygen, toxic)"),
    "permits.field.readings.value": ("分析结果", "result"),
    "permits.field.readings.unit": ("单位", "unit"),
    "permits.field.readings.name": ("气体名称", "gas"),
    "permits.field.readings.point": ("分析部位", "sampling point"),
    "permits.field.readings.by": ("分析人", "analysed by"),
    "permits.field.readings.lel": ("爆炸下限", "lower explosive limit"),
    "permits.field.readings.lel_class": ("爆炸下限分类", "lower explosive limit class"),
    "permits.field.readings.limit": ("允许浓度（GBZ 2.1）", "permitted concentration "
                                     "(GBZ 2.1)"),
    "permits.field.lel": ("爆炸下限（体积分数）", "lower explosive limit (% by volume)"),
    "permits.field.lel_class": ("爆炸下限分类（≥4% 或 <4%）", "lower explosive limit class "
                                "(≥4% or <4%)"),
    "permits.field.oxygen_equipment": ("在氧气设备上动火", "hot work on oxygen equipment"),
    "permits.field.oxygen_enriched": ("富氧环境", "oxygen-enriched environment"),
    "permits.field.fire_explosion_area": ("火灾爆炸危险场所", "fire and explosion area"),
    "permits.field.height_m": ("作业高度（m）", "height (m)"),
    "permits.field.objective_hazards": ("客观危险因素（8.1.2）", "objective hazards (8.1.2)"),
    "permits.field.load_t": ("吊物质量（t）", "load (t)"),
    "permits.field.blinds": ("盲板", "blind"),
    "permits.field.blinds.number": ("盲板编号", "blind number"),
    "permits.field.blinds.action": ("盲板作业类别（抽或堵）", "blinding action (remove or "
                                    "install)"),
    "permits.field.extended": ("特殊情况", "special circumstances"),
    "permits.field.signatures": ("签字", "signature"),
    "permits.field.signatures.name": ("签字人", "signed by"),
    "permits.field.signatures.time": ("签字时间", "signed at"),
    "permits.field.signatures.unit": ("审批部门(人)", "approves as"),
    "permits.field.measures": ("安全措施", "safety measure"),
    "permits.field.measures.involved": ("是否涉及", "involved"),
    "permits.field.measures.confirmed_by": ("确认人", "confirmed by"),
    "permits.reading_no_time": (
        "每条气体分析都要写明取样时间（`time`，如 \"2024-05-10 08:30\"）",
        "every gas reading needs the time it was sampled (`time`, e.g. \"2024-05-10 08:30\")"),
    "permits.unknown_word": ("“{value}”不是可用的{what}；可用：{known}",
                             "\u201c{value}\u201d is not a known {what}; use {known}"),
    "permits.bad_time": ("“{value}”不是时间：应写为 `YYYY-MM-DD HH:MM`，如 2024-05-10 08:30",
                         "\u201c{value}\u201d is not a time: write `YYYY-MM-DD HH:MM`, e.g. "
                         "2024-05-10 08:30"),
    "permits.time_without_hour": ("“{value}”只有日期：作业票的时间要写到分钟，如 2024-05-10 08:30",
                                  "\u201c{value}\u201d is a date only: a ticket's times are to "
                                  "the minute, e.g. 2024-05-10 08:30"),
    "permits.time_zone": ("“{value}”带有时区：请写作业票上的当地时间，不带时区",
                          "\u201c{value}\u201d has a time zone: write the local time the "
                          "ticket shows, without one"),
    "permits.control": ("含有控制字符 {char}（第 {at} 个字符），请删除",
                        "holds the control character {char} (character {at}): remove it"),
    "permits.no_grades": ("{type}不分级，请删除作业级别（`grade`）",
                          "{type} has no grades: remove the grade"),
    "permits.not_for_type": ("{type}的作业票没有此项（`{field}`），请删除",
                             "a {type} ticket has no `{field}`: remove it"),
    "permits.end_before_start": ("作业实施时间的“至”（{end}）应晚于“自”（{start}）",
                                 "the end of validity ({end}) must be after the start "
                                 "({start})"),
    "permits.finished_before_start": ("完工时间（{finished}）早于作业开始（{start}）",
                                      "finished ({finished}) before the work started "
                                      "({start})"),
    "permits.pause_backwards": ("恢复作业时间（{end}）应晚于中断开始时间（{start}）",
                                "the work resumed ({end}) before it stopped ({start})"),
    "permits.pause_outside": ("中断（{start} 至 {end}）不在作业时间（{work} 至 {stop}）之内",
                              "the interruption ({start} to {end}) is outside the work "
                              "({work} to {stop})"),
    "permits.pause_overlap": ("中断（{start} 至 {end}）与前一次中断重叠",
                              "the interruption ({start} to {end}) overlaps the one before"),
    "permits.limit_toxic_only": ("只有有毒有害气体的读数才有允许浓度（`limit`）",
                                 "only a toxic reading has a permitted concentration (`limit`)"),
    "permits.lel_combustible_only": ("只有可燃气体的读数才有爆炸下限（`lel`、`lel_class`）",
                                     "only a combustible reading has a lower explosive limit "
                                     "(`lel`, `lel_class`)"),
    "permits.lel_needed": (
        "可燃气体读数 {value}%LEL 要与 5.3.2 的限值（体积分数）比较，须给出该气体的爆炸下限"
        "（`lel`，体积分数，如 1.4）",
        "a combustible reading of {value} %LEL is compared with the limits of 5.3.2 (by "
        "volume) only with the gas's lower explosive limit (`lel`, % by volume, e.g. 1.4)"),
    "permits.lel_class_needed": (
        "可燃气体读数须按 5.3.2 判定：请给出该气体的爆炸下限（`lel`）或其分类（`lel_class`：≥4% 或 <4%）",
        "a combustible reading is judged by 5.3.2: give the gas's lower explosive limit (`lel`) "
        "or its class (`lel_class`: ≥4% or <4%)"),
    "permits.combustible_unit": (
        "可燃气体读数的单位“{value}”不明：请写 `%vol`（体积分数）或 `%LEL`",
        "the unit \u201c{value}\u201d of a combustible reading is unclear: write `%vol` (by "
        "volume) or `%LEL`"),
    "permits.oxygen_unit": ("氧气读数的单位应为 %（体积分数），不是“{value}”",
                            "an oxygen reading is in % by volume, not \u201c{value}\u201d"),
    "permits.toxic_unit": ("有毒有害气体读数须写明单位（如 mg/m³、ppm）",
                           "a toxic reading needs its unit (mg/m³, ppm …)"),
    "permits.measure_number": ("{type}的作业票有 {count} 项安全措施，没有第 {number} 项",
                               "a {type} ticket lists {count} safety measures; there is no "
                               "measure {number}"),
    # --- recording the findings on an inspection ---------------------------------------------
    "permits.no_pack": (
        "检查 {id} 未使用判定标准 {pack}（{standard}），不能记录作业票核查的结果。请在使用该标准的"
        "检查活动中开始检查（建立检查活动时加上 `--pack {pack}`），再记录。未保存任何内容",
        "inspection {id} does not use the pack {pack} ({standard}): a permit check cannot be "
        "recorded on it. Start an inspection in a campaign that uses it (`--pack {pack}` when "
        "the campaign is made) and record it there. Nothing was saved"),
    "permits.tag_missing": (
        "检查 {id} 的场所未选择“{tag}”：作业票 {number} 是{type}的作业票，其核查结果只能记在有该"
        "作业的检查上。请重新开始检查并选择该作业（`anjian inspect start --campaign {campaign} "
        "--enterprise {uscc} --tag {tag_id} --again`），再记录。未保存任何内容",
        "the site of inspection {id} does not have \u201c{tag}\u201d: ticket {number} is a "
        "{type} ticket, and its findings go only on an inspection of a site with that "
        "operation. Start the inspection again naming it (`anjian inspect start --campaign "
        "{campaign} --enterprise {uscc} --tag {tag_id} --again`), then record. Nothing was "
        "saved"),
    "permits.item_gated": (
        "检查 {id} 的场所未选择“{tags}”，检查项 {item} 不适用，作业票 {number} 的该项不符合无法记录。"
        "请重新开始检查并选择该作业（`--tag {tag_id}`），再记录。未保存任何内容",
        "the site of inspection {id} does not have \u201c{tags}\u201d: item {item} does not "
        "apply, so ticket {number}'s breach of it cannot be recorded. Start the inspection "
        "again naming it (`--tag {tag_id}`), then record. Nothing was saved"),
    "permits.unknown_item": (
        "判定标准 {pack} 没有检查项 {item}（作业票规则 {rule}）：安装的判定标准与本程序不一致，请更新"
        "后再记录。未保存任何内容",
        "pack {pack} has no item {item} (permit rule {rule}): the installed pack does not "
        "match this program; update it, then record. Nothing was saved"),
    "permits.others": (
        "检查 {id} 的检查项 {item} 已由 {by} 作答（{now}），不能替他人改答。请其本人记录，或以更正方式"
        "修改（`anjian inspect answer {id} {item} noncompliant --amend --reason …`）。未保存任何内容",
        "item {item} of inspection {id} was answered by {by} ({now}); another person's "
        "answer is not replaced. Ask them to record it, or amend it (`anjian inspect answer "
        "{id} {item} noncompliant --amend --reason …`). Nothing was saved"),
    "permits.note": ("作业票 {number}：{found}（{standard} {clause}）",
                     "ticket {number}: {found} ({standard} {clause})"),
    # --- the command line's output ------------------------------------------------------------
    "cli.out.permits.breaches": ("作业票 {number}（{what}）：{count} 项不符合",
                                 "ticket {number} ({what}): {count} breaches"),
    "cli.out.permits.clean": ("作业票 {number}（{what}）：未发现不符合",
                              "ticket {number} ({what}): no breach found"),
    "cli.out.permits.breach": ("{n}. {standard} {clause}（检查项 {item}；{verification}）",
                               "{n}. {standard} {clause} (item {item}; {verification})"),
    "cli.out.permits.requirement": ("   要求：{text}", "   requirement: {text}"),
    "cli.out.permits.found": ("   作业票：{text}", "   the ticket: {text}"),
    "cli.out.permits.unchecked": ("未能核查（作业票缺少所需内容）：",
                                  "Not checked (the ticket lacks what they need):"),
    "cli.out.permits.unchecked_line": ("  {standard} {clause}：{reason}",
                                       "  {standard} {clause}: {reason}"),
    "cli.out.permits.recorded": ("已在检查 {id} 记录作业票 {number} 的 {count} 个检查项为“不符合”：",
                                 "recorded {count} items of ticket {number} as noncompliant "
                                 "on inspection {id}:"),
    "cli.out.permits.recorded_line": ("  {item}（{before} → 不符合）",
                                      "  {item} ({before} → noncompliant)"),
    "cli.out.permits.noted_line": ("  {item}（已为不符合，补充备注）",
                                   "  {item} (already noncompliant; note added)"),
    "cli.out.permits.kept_line": ("  {item}（已记录过，未改动）",
                                  "  {item} (recorded before; unchanged)"),
    "cli.out.permits.nothing": ("作业票 {number} 未发现不符合，未记录任何内容",
                                "ticket {number}: no breach found, nothing recorded"),
    "cli.out.permits.verdict": ("判定：{verdict}", "verdict: {verdict}"),
    "permits.unanswered": ("未作答", "unanswered"),
    # --- the command line's help ----------------------------------------------------------------
    "cli.permits": (
        "作业票核查（GB 30871-2022 特殊作业安全作业票）：逐项核对作业票，列出不符合的要求及条款，可记录到检查中",
        "Work permit checks (GB 30871-2022 special-work tickets): list each requirement a "
        "ticket breaks with its clause, and record them on an inspection."),
    "cli.permits.check": (
        "核查一张作业票（JSON 文件，字段见 README 的“作业票核查”）：列出其不符合的每项要求及条款、所对应的"
        "检查项，以及因缺少内容未能核查的条款。没有不符合时退出码为 0，有不符合时为 1，文件有误时为 2",
        "Check one ticket (a JSON file; its fields are in README, work permits): each "
        "requirement it breaks with its clause and pack item, and the clauses it gives too "
        "little to check. Exit 0 with no breach, 1 with any, 2 when the file is wrong."),
    "cli.permits.check.ticket": ("作业票文件（JSON）", "The ticket file (JSON)."),
    "cli.permits.check.ticket.metavar": ("作业票", "TICKET"),
    "cli.permits.record": (
        "核查作业票，并把其不符合的检查项在检查中答为“不符合”，备注写明作业票编号和不符合之处（经答题服务"
        "记录，计入审计日志）。该检查须使用判定标准 gb30871-2022，其场所须选有该作业；否则拒绝，未保存任何内容",
        "Check a ticket and answer each item it breaks noncompliant on the inspection, with "
        "a note naming the ticket and the breach (through the answer service, in the audit "
        "log). The inspection must use the pack gb30871-2022 and its site name the "
        "operation; otherwise refused, nothing saved."),
    "cli.permits.record.inspection": ("要记录到的检查编号", "The inspection to record on."),
    "cli.permits.record.inspection.metavar": ("检查编号", "ID"),
    "cli.permits.record.ticket": ("作业票文件（JSON）", "The ticket file (JSON)."),
    "cli.permits.record.ticket.metavar": ("作业票", "TICKET"),
    # --- the app ------------------------------------------------------------------------------
    "ui.permits.check": ("作业票核查", "Check a work permit"),
    "ui.permits.record": ("记录到本检查", "Record on this inspection"),
    "ui.permits.close": ("关闭", "Close"),
    "ui.dialog.permit": ("作业票核查结果", "Work permit check"),
    "ui.permits.title": ("作业票核查：选择作业票文件（JSON）", "Check a work permit: choose the "
                         "ticket file (JSON)"),
    "ui.permits.file": ("作业票文件", "Ticket file"),
    "ui.permits.note": (
        "核对 GB 30871-2022 特殊作业安全作业票的作业类别、级别、时间、气体分析、签字和安全措施；"
        "文件格式见 README 的“作业票核查”",
        "Checks a GB 30871-2022 special-work ticket's operation, grade, times, gas analyses, "
        "signatures and safety measures; the file's fields are in README, work permits"),
    "ui.permits.ask_record": (
        "按 y 把这 {count} 个检查项在本检查中记录为“不符合”（备注写明作业票 {number}），按 n 关闭",
        "Press y to record these {count} items as noncompliant on this inspection (noting "
        "ticket {number}), n to close"),
    "ui.permits.cannot_record": ("不能记录到本检查：{why}", "Cannot be recorded here: {why}"),
    "ui.permits.recorded": ("已记录 {count} 个检查项为“不符合”（作业票 {number}）",
                            "Recorded {count} items as noncompliant (ticket {number})"),
}
