"""Governed waivers (豁免): refusals, the command line, the screens and the workbooks."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "kind.waiver": ("豁免", "waiver"),
    "column.basis": ("豁免依据", "basis"),
    "column.requested_by": ("申请人", "requested by"),
    "column.revoked_reason": ("撤销原因", "reason for revoking"),
    "action.waiver.grant": ("批准豁免", "grant a waiver"),
    "action.waiver.revoke": ("撤销豁免", "revoke a waiver"),
    "waiver.state.running": ("有效", "running"),
    "waiver.state.expired": ("已到期", "ended"),
    "waiver.state.revoked": ("已撤销", "revoked"),
    # refusals: nothing stored
    "waiver.unknown_item": (
        "没有检查项 {item}：已安装的判定标准和检查表中都没有它；请用 `anjian packs show 判定标准` "
        "查看检查项编号。未保存任何内容",
        "no item {item}: no installed pack or checklist has it; see the item ids with "
        "`anjian packs show PACK` (nothing was saved)"),
    "waiver.official": (
        "检查项 {item} 由 {pack}（{standard}）的判定规则 {rules} 计入重大事故隐患判定：豁免不能否决"
        "官方的重大事故隐患判定规则，只有判定标准自身的排除情形可以（GB 35181 5.1.3）；只能豁免检查表"
        "或地方补充的检查项。未保存任何内容",
        "item {item} is counted by rule {rules} of {pack} ({standard}) toward a major-hazard "
        "determination: a waiver never vetoes an official major-hazard rule, only the pack's "
        "own exceptions can (GB 35181 5.1.3); only the items of a checklist or of a local "
        "overlay may be waived (nothing was saved)"),
    "waiver.constitutes": (
        "检查项 {item} 不符合时构成 {pack}（{standard}）的检查项 {target}，该项由判定规则 {rules} "
        "计入重大事故隐患判定：豁免不能否决官方的重大事故隐患判定规则。未保存任何内容",
        "a noncompliant finding of item {item} constitutes item {target} of {pack} "
        "({standard}), which rule {rules} counts toward a major-hazard determination: a "
        "waiver never vetoes an official major-hazard rule (nothing was saved)"),
    "waiver.not_checklist": (
        "检查项 {item} 是 {pack}（{standard}）的正式检查项：只能豁免检查表或地方补充的检查项。"
        "未保存任何内容",
        "item {item} is an official item of {pack} ({standard}): only the items of a checklist "
        "or of a local overlay may be waived (nothing was saved)"),
    "waiver.not_in_pack": (
        "判定标准 {pack} 中没有检查项 {item}：它见于 {packs}。未保存任何内容",
        "pack {pack} has no item {item}: it is in {packs} (nothing was saved)"),
    "waiver.which_pack": (
        "检查项 {item} 见于多个判定标准（{packs}）：请用 --pack 指明豁免哪一个。未保存任何内容",
        "item {item} is in several packs ({packs}): name the one with --pack (nothing was "
        "saved)"),
    "waiver.finder": (
        "{user} 曾在 {name}（{uscc}）的检查 {inspections} 中判定检查项 {item} 不符合：发现隐患的"
        "检查人员不能批准该项的豁免，请由其他组长批准。未保存任何内容",
        "{user} found item {item} noncompliant at {name} ({uscc}) in inspection "
        "{inspections}: whoever found the hazard may not approve its waiver; another lead "
        "must (nothing was saved)"),
    "waiver.own_request": (
        "{user} 是该豁免（{name} 的检查项 {item}）的申请人，不能同时批准：请由其他组长批准。"
        "未保存任何内容",
        "{user} asked for this waiver (item {item} of {name}) and may not also approve it: "
        "another lead must (nothing was saved)"),
    "waiver.until_past": (
        "豁免有效期至 {until}，不在今天（{today}）之后：有效期的最后一天须晚于今天。未保存任何内容",
        "a waiver until {until} does not run past today ({today}): its last day must come "
        "after today (nothing was saved)"),
    "waiver.overlap": (
        "{name}（{uscc}）的检查项 {item} 已有有效的豁免 #{id}（有效期至 {until}，批准人 {by}）："
        "如需变更，请先撤销（anjian waivers revoke {id} --reason 原因）。未保存任何内容",
        "item {item} of {name} ({uscc}) already has a running waiver #{id} (until {until}, "
        "approved by {by}): to change it, revoke it first (anjian waivers revoke {id} "
        "--reason TEXT) (nothing was saved)"),
    "waiver.revoked_already": (
        "豁免 #{id} 已于 {at} 由 {by} 撤销（{reason}）",
        "waiver #{id} was revoked by {by} at {at} ({reason})"),
    "waiver.ended_already": (
        "豁免 #{id} 已于 {until} 到期，无需撤销",
        "waiver #{id} ended on {until}: there is nothing to revoke"),
    "waiver.bad_days": (
        "天数 {days} 不能为负数", "{days} days cannot be negative"),
    "finding.waived": (
        "{key}：该检查项依据豁免 #{id} 对本单位不适用（豁免依据：{basis}；批准人：{by}；有效期至 "
        "{until}），不能作答；豁免到期后开始的检查中将重新检查该项",
        "{key}: the item does not apply to this enterprise by waiver #{id} (basis: {basis}; "
        "approved by {by}; until {until}) and cannot be answered; inspections started after "
        "it ends ask it again"),
    # the command line
    "cli.waivers": (
        "豁免：检查表中某一检查项对某单位不适用的批准记录（申请人、批准人、原因、依据、有效期）",
        "Waivers: an item of a checklist that does not apply to one enterprise, with who asked, "
        "who approved, why, the basis and until when."),
    "cli.waivers.grant": (
        "批准一项豁免：检查表（或地方补充）的某一检查项在有效期内对某单位不适用（组长；发现该隐患的"
        "检查人员不能批准）",
        "Approve a waiver: an item of a checklist (or a local overlay) does not apply to one "
        "enterprise until a date (a lead; never the inspector who found it)."),
    "cli.waivers.grant.enterprise": ("单位的统一社会信用代码", "The enterprise's credit code."),
    "cli.waivers.grant.item": ("要豁免的检查项编号", "The item waived."),
    "cli.waivers.grant.reason": ("不适用的原因", "Why the item does not apply."),
    "cli.waivers.grant.basis": ("豁免依据（文件、事实或规定）", "What the waiver rests on (a document, a fact, a provision)."),
    "cli.waivers.grant.basis.metavar": ("文本", "TEXT"),
    "cli.waivers.grant.until": ("有效期至（最后一天，须晚于今天），如 2026-12-31", "The last day it runs (after today), YYYY-MM-DD."),
    "cli.waivers.grant.until.metavar": ("日期", "YYYY-MM-DD"),
    "cli.waivers.grant.pack": ("检查项所在的判定标准（检查项见于多个判定标准时必填）", "The pack of the item (needed when several packs have it)."),
    "cli.waivers.grant.requested_by": ("申请人（默认为该单位）", "Who asked for it (default: the enterprise)."),
    "cli.waivers.grant.requested_by.metavar": ("姓名", "NAME"),
    "cli.waivers.list": (
        "今天有效的豁免，按到期日先后排列（--expiring：即将到期的）",
        "Waivers running today, ending soonest first (--expiring: those ending soon)."),
    "cli.waivers.list.enterprise": ("只看该单位的豁免（统一社会信用代码）", "Only this enterprise's waivers (credit code)."),
    "cli.waivers.list.expiring": ("只看 --days 天内到期的豁免（到期后该检查项重新需要检查）", "Only those ending within --days days (their items are asked again after)."),
    "cli.waivers.list.days": ("--expiring 的天数（默认 30）", "The days --expiring looks ahead (default 30)."),
    "cli.waivers.list.days.metavar": ("天数", "DAYS"),
    "cli.waivers.list.every": ("也列出已到期和已撤销的豁免", "Also those ended or revoked."),
    "cli.waivers.revoke": (
        "立即撤销一项有效的豁免（组长）：此后开始的检查重新检查该项",
        "Revoke a running waiver now (a lead): inspections started from now on ask its item again."),
    "cli.waivers.revoke.waiver_id": ("豁免编号", "The waiver's id."),
    "cli.waivers.revoke.waiver_id.metavar": ("豁免编号", "ID"),
    "cli.waivers.revoke.reason": ("撤销原因", "Why it is revoked."),
    "cli.out.waiver.granted": ("已批准豁免 #{id}", "Waiver #{id} granted"),
    "cli.out.waiver.revoked_now": ("已撤销豁免 #{id}", "Waiver #{id} revoked"),
    "cli.out.waiver.line": ("#{id} {name}（{uscc}）{item}：{when}", "#{id} {name} ({uscc}) {item}: {when}"),
    "cli.out.waiver.until_left": ("有效期至 {until}（还剩 {days} 天）", "until {until} ({days} days left)"),
    "cli.out.waiver.until": ("有效期至 {until}（{state}）", "until {until} ({state})"),
    "cli.out.waiver.why": ("原因：{reason}；豁免依据：{basis}", "Why: {reason}; basis: {basis}"),
    "cli.out.waiver.who": ("申请人：{asked}；批准人：{by}（{on}）", "Asked by {asked}; approved by {by} on {on}"),
    "cli.out.waiver.revoked": ("已于 {at} 由 {by} 撤销：{reason}", "Revoked by {by} at {at}: {reason}"),
    "cli.out.waiver.none": ("没有有效的豁免", "No running waivers"),
    "cli.out.waiver.none_expiring": ("{days} 天内没有到期的豁免", "No waiver ends within {days} days"),
    "cli.out.waiver.expiring": ("{days} 天内到期的豁免（{count} 项），到期后该检查项重新需要检查：", "Waivers ending within {days} days ({count}); their items are asked again after:"),
    # the screens
    "ui.waiver.mark": ("【豁免】", "[waived]"),
    "ui.waiver.pane": (
        "依据豁免 #{id} 对本单位不适用，有效期至 {until}\n豁免依据：{basis}\n原因：{reason}\n"
        "批准人：{by}",
        "Does not apply here by waiver #{id}, until {until}\nBasis: {basis}\nWhy: {reason}\n"
        "Approved by {by}"),
    "ui.waiver.no_answer": (
        "该检查项依据豁免 #{id} 不适用（有效期至 {until}；依据：{basis}），不能作答",
        "The item does not apply by waiver #{id} (until {until}; basis: {basis}): nothing to "
        "answer"),
    "ui.waiver.expiring": ("{days} 天内到期的豁免（{count}）", "Waivers ending within {days} days ({count})"),
    "ui.waiver.line": ("#{id} {name} {item} 至 {until}（还剩 {days} 天）", "#{id} {name} {item} until {until} ({days} days left)"),
    "ui.waiver.more": ("… 另有 {count} 项", "… {count} more"),
    # the workbooks
    "xl.waivers": ("豁免", "Waivers"),
    "xl.waivers_relied": ("依据的豁免", "Waivers relied on"),
    "xl.waiver_fact": ("#{id} {item}（至 {until}）", "#{id} {item} (until {until})"),
    "xl.waiver_id": ("豁免编号", "Waiver"),
    "xl.waiver_reason": ("原因", "Why"),
    "xl.waiver_basis": ("豁免依据", "Basis"),
    "xl.requested_by": ("申请人", "Requested by"),
    "xl.approved_by": ("批准人", "Approved by"),
    "xl.granted_on": ("批准日期", "Granted on"),
    "xl.valid_until": ("有效期至", "Until"),
    "xl.waiver_state": ("状态", "State"),
    "xl.waiver_revoked": ("{on} 由 {by} 撤销：{reason}", "revoked by {by} on {on}: {reason}"),
    "xl.relied_by": ("依据该豁免的检查", "Inspections relying on it"),
}
