"""The bureau's risk figures (安全风险分级统计): ``anjian stats`` and the statistics screen."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "risk_stats.title": ("安全风险分级", "Risk grading"),
    "risk_stats.grade.major": ("重大", "major"),
    "risk_stats.grade.significant": ("较大", "significant"),
    "risk_stats.grade.general": ("一般", "general"),
    "risk_stats.grade.low": ("低", "low"),
    "risk_stats.grade.unassessed": ("未评价", "not assessed"),
    "risk_stats.count": ("{grade} {count}", "{grade} {count}"),
    "risk_stats.points": ("风险点 {total} 个：{grades}", "risk points {total}: {grades}"),
    "risk_stats.by.district": ("  按区县：", "  by district:"),
    "risk_stats.by.sector": ("  按行业：", "  by sector:"),
    "risk_stats.group": ("{group}：{grades}（共 {total} 个）", "{group}: {grades} ({total} in all)"),
    "risk_stats.graded": (
        "有重大风险的单位 {major} 家，有较大风险的单位 {significant} 家（有其一的 {either} 家）",
        "enterprises with a major risk {major}, with a significant risk {significant} "
        "({either} with either)"),
    "risk_stats.unfiled": ("未建立风险点台账的单位：{count} 家（共 {enterprises} 家）",
                           "enterprises that have filed no risk point: {count} (of {enterprises})"),
    "risk_stats.unfiled.row": ("    {name}（{uscc}，{district}，{sector}）",
                               "    {name} ({uscc}, {district}, {sector})"),
    "risk_stats.unfiled.more": ("    ……另有 {count} 家", "    … and {count} more"),
    "risk_stats.reassess": (
        "未复评的风险点：{points} 个，涉及单位 {enterprises} 家（已标记需重新评价，或超过 {days} 天"
        "未评价）",
        "risk points due for re-assessment: {points} at {enterprises} enterprise(s) (flagged, "
        "or last assessed more than {days} days ago)"),
    "risk_stats.reports": ("{year} 年已报送安全风险报告 {count} 份：{kinds}",
                           "risk reports filed in {year}: {count} ({kinds})"),
    "risk_stats.report.first": ("首次", "first"),
    "risk_stats.report.periodic": ("定期", "periodic"),
    "risk_stats.report.change": ("变更", "change"),
    # the statistics screen
    "risk_stats.row.points": ("风险点", "Risk points"),
    "risk_stats.row.graded": ("重大/较大风险单位", "With major/significant"),
    "risk_stats.row.unfiled": ("未建立台账", "No risk point filed"),
    "risk_stats.row.reassess": ("未复评", "Due for re-assessment"),
    "risk_stats.row.reports": ("本年风险报告", "Risk reports this year"),
    "risk_stats.screen.graded": ("重大 {major} 家 · 较大 {significant} 家",
                                 "major {major} · significant {significant}"),
    "risk_stats.screen.unfiled": ("{count} 家", "{count}"),
    "risk_stats.screen.reassess": ("{points} 个（{enterprises} 家）",
                                   "{points} ({enterprises} enterprises)"),
    "risk_stats.screen.by_district": ("风险点（按区县）", "Risk points by district"),
    "risk_stats.screen.by_sector": ("风险点（按行业）", "Risk points by sector"),
    "risk_stats.col.total": ("合计", "Total"),
}
