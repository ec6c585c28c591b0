"""Re-evaluating findings under another version of a standard."""

MESSAGES: dict[str, tuple[str, str]] = {
    "versions.other_series": ("{source}（系列 {series}）与 {target}（系列 {other}）不是同一标准的不同版本，无法换版重判",
                              "{source} (series {series}) and {target} (series {other}) are not versions of the same standard; cannot re-evaluate across them"),
    "versions.not_a_version": ("'{target}' 不是 {pack} 的另一版本；已安装的其他版本: {others}",
                               "'{target}' is not another version of {pack}; installed other versions: {others}"),
    "versions.not_in_inspection": ("检查 {inspection} 所用判定标准（{packs}）中没有与 '{target}' 同一标准的另一版本",
                                   "inspection {inspection} used {packs}; none is another version of the standard of '{target}'"),
    "versions.header": ("换版重判：{source} {sv} → {target} {tv}", "Re-evaluated: {source} {sv} → {target} {tv}"),
    "versions.verdict": ("判定结果：{before} → {after}", "Verdict: {before} → {after}"),
    "versions.fired": ("触发规则：{before} → {after}", "Rules fired: {before} → {after}"),
    "versions.unchanged": ("判定没有变化", "The determination does not change"),
    "versions.newly_major": ("新版下新判为重大隐患", "Major under the new version only"),
    "versions.no_longer_major": ("新版下不再判为重大隐患（或无对应条款）", "No longer major (or no counterpart)"),
    "versions.not_carried": ("已作答但新版无对应条款", "Answered items with no counterpart"),
    "versions.to_review": ("需检查人员判定（旧版一项隐患对应新版多项，或新版该项只适用于带某标签的场所）",
                           "For the inspector to decide (a hazard now split into several items, or asked only of sites with a tag this one lacks)"),
    "versions.new_items": ("新版新增条款（需重新检查）", "Items new in this version (to inspect)"),
    "versions.site_dropped": ("新版不认识的场所信息（已忽略）", "Site values this version does not know (ignored)"),
    "versions.none": ("（无）", "(none)"),
}
