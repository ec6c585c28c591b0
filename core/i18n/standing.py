"""A standard's standing in time, as every output shows it: the mark beside a result under a
withdrawn standard, `anjian packs status`, the confirmation an inspection under one needs, the
runner's banner, the workbook's and the record's words. The labels and the mark itself
(``standing.in_force`` … ``standing.withdrawn_mark``) are the determination's own
(``core.i18n.determination``)."""

MESSAGES: dict[str, tuple[str, str]] = {
    # what replaced a standard, and whether it is here
    "standing.successor": ("已于 {date} 被 {successor} 替代", "replaced by {successor} on {date}"),
    "standing.successor_installed": ("现行标准已安装：{packs}",
                                     "the standard in force is installed: {packs}"),
    "standing.successor_missing": ("现行标准未安装", "the standard in force is not installed"),
    # readable output beside a determination
    "standing.label": ("标准效力", "Standing"),
    "standing.marked": ("【{mark}】", " [{mark}]"),
    "standing.line": ("{standing}：{standard} {successor}；{installed}",
                      "{standing}: {standard} {successor}; {installed}"),
    "standing.not_yet_line": ("{standing}：{standard} 自 {effective} 起施行",
                              "{standing}: {standard} takes effect on {effective}"),
    # the runner's banner (and the campaign's list of inspections)
    "standing.banner": (
        "{mark}：{standard} 已于 {date} 被 {successor} 替代，检查日期 {on} 时已废止（{installed}）。不能据此得出场所无重大事故隐患的结论；重大事故隐患照常判定。",
        "{mark}: {standard} was replaced by {successor} on {date} and was withdrawn on the inspection date {on} ({installed}). It never clears a site of major hazards; a major hazard is still determined as such.",
    ),
    # anjian packs status
    "standing.status_title": ("{on} 各判定标准的效力", "Standing of each pack on {on}"),
    "standing.col.effective": ("施行日期", "Effective"),
    "standing.col.standing": ("效力", "Standing"),
    "standing.col.successor": ("替代标准", "Successor"),
    "standing.col.successor_effective": ("替代标准施行日期", "Successor effective"),
    "standing.col.successor_installed": ("替代标准已安装", "Successor installed"),
    "standing.yes_packs": ("是（{packs}）", "yes ({packs})"),
    "standing.status_not_yet": ("尚未施行", "not yet in force"),
    "standing.no": ("否", "no"),
    "standing.none": ("—", "—"),
    "cli.packs.status": (
        "各已安装判定标准在某日的效力：现行有效、尚未施行或已废止，标准号、施行日期、替代标准及其施行日期、替代标准是否已安装",
        "Every installed pack's standing on a date: in force, not yet in force or withdrawn; its standard, effective date, successor and its date, and whether the successor is installed.",
    ),
    "cli.packs.status.on": ("查看哪一天的效力，如 2026-03-05（默认今天）",
                            "The date to show the standing on, YYYY-MM-DD (default today)."),
    # starting an inspection under a withdrawn standard
    "inspection.withdrawn": (
        "不能在判定标准 {pack}（{standard}）下开始 {on} 的检查：该标准已于 {date} 被 {successor} 替代（{installed}）。依据已废止标准的判定仅供参考，不能据此得出场所无重大事故隐患的结论。请改用现行标准；确需依据该标准检查的，加 --withdrawn-ok 确认后再开始。未保存任何内容",
        "Not starting an inspection on {on} under pack {pack} ({standard}): it was replaced by {successor} on {date} ({installed}). A determination under a withdrawn standard is for reference only and never clears a site. Use the standard in force; to inspect under this one all the same, confirm with --withdrawn-ok. Nothing was stored",
    ),
    "cli.inspect.start.withdrawn_ok": (
        "确认依据已废止的判定标准开始检查（检查日期在其替代标准施行之后时必须给出）；判定仅供参考，不能据此得出场所无重大事故隐患的结论",
        "Confirm an inspection under a pack whose standard was withdrawn by the inspection date; its determination is for reference only and never clears a site.",
    ),
    "ui.start_withdrawn": (
        "{standard}（{pack}）已于 {date} 被 {successor} 替代，{on} 的检查依据的是已废止标准（{installed}）。判定仅供参考，不能据此得出场所无重大事故隐患的结论。仍依据该标准开始检查吗？",
        "{standard} ({pack}) was replaced by {successor} on {date}: an inspection on {on} is under a withdrawn standard ({installed}). Its determination is for reference only and never clears a site. Start it under this standard all the same?",
    ),
    "ui.start_withdrawn_no": (
        "未确认依据已废止标准检查，检查未开始，未保存任何内容；可改检查日期，或按 Esc 取消",
        "Not confirmed: no inspection under the withdrawn standard was started and nothing was stored; change the date, or press Esc to cancel",
    ),
    # the inspection report workbook
    "xl.pack_verdict": ("结论（{standard}）", "Verdict ({standard})"),
    "xl.standing_withdrawn": ("{mark}：{standard} 已于 {date} 被 {successor} 替代",
                              "{mark}: {standard} was replaced by {successor} on {date}"),
}
