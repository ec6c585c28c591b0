"""Audit anchors: taking one, reading anchor files, and the chain checked against them."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    "anchor.no_database_id": ("数据库缺少自己的标识（anjian_meta 表中 database_id 一行已不存在），无法生成锚点；只有直接改动数据库的人才能删除这一行，请检查数据库是否被改动过", "the database has lost its own id (the database_id row of anjian_meta is gone), so no anchor can be taken; only someone changing the database directly can have removed it: check whether it was tampered with"),
    "anchor.empty_folder": ("文件夹 {folder} 中没有锚点文件（*.json）；请给出锚点文件，或存放锚点文件的文件夹", "the folder {folder} holds no anchor file (*.json); name anchor files, or the folder that keeps them"),
    "anchor.malformed": ("锚点文件 {file} 无法使用：{problem}；未做任何核对", "anchor file {file} cannot be used: {problem}; nothing was checked"),
    "anchor.problem.unreadable": ("无法读取（{reason}）", "it cannot be read ({reason})"),
    "anchor.problem.too_large": ("超过 {limit} 字节，不是锚点文件", "it is larger than {limit} bytes: not an anchor file"),
    "anchor.problem.not_utf8": ("不是 UTF-8 文本", "it is not UTF-8 text"),
    "anchor.problem.not_json": ("不是 JSON（第 {line} 行第 {column} 列）", "it is not JSON (line {line}, column {column})"),
    "anchor.problem.not_object": ("内容不是一个 JSON 对象", "its content is not a JSON object"),
    "anchor.problem.missing": ("缺少字段 {field}", "the field {field} is missing"),
    "anchor.problem.format": ("格式标记是 {found}，而不是 {expected}：这不是 anjian 的审计锚点", "its format tag is {found}, not {expected}: not an anjian audit anchor"),
    "anchor.problem.type": ("字段 {field} 应为{expected}，实为 {found}", "the field {field} should be {expected}, not {found}"),
    "anchor.expected.seq": ("不小于 0 的整数", "a whole number, 0 or more"),
    "anchor.expected.hash": ("64 位小写十六进制数字（链头序号为 0 时为空）", "64 lowercase hexadecimal digits (empty when the head's number is 0)"),
    "anchor.expected.database_id": ("非空的文字", "non-empty text"),
    "anchor.expected.at": ("ISO 8601 格式的时间", "an ISO 8601 time"),
    # the chain against anchors (anjian audit verify --anchors)
    "anchor.summary_ok": ("锚点：当前审计链延续了全部 {count} 个锚点", "anchors: the current chain extends all {count}"),
    "anchor.summary_bad": ("锚点：{count} 个锚点中有 {bad} 个未被当前审计链延续", "anchors: the current chain does not extend {bad} of {count}"),
    "anchor.extended": ("锚点 {file}（#{seq} {hash}，{at}）：当前审计链延续了这个链头", "anchor {file} (#{seq} {hash}, {at}): the current chain extends it"),
    "anchor.rewritten": ("锚点 {file}（#{seq} {hash}，{at}）：第 {seq} 条记录的哈希现在是 {current}：截至这一条的历史已被改写（改写后的链即使自身一致，也与锚点不符）", "anchor {file} (#{seq} {hash}, {at}): entry {seq} now has the hash {current}: the history up to it was rewritten (however consistent the rewritten chain is in itself)"),
    "anchor.missing": ("锚点 {file}（#{seq} {hash}，{at}）：第 {seq} 条记录已不存在（链头现为 #{head}）：历史被删除或改写过", "anchor {file} (#{seq} {hash}, {at}): entry {seq} is gone (the head is now #{head}): history was removed or rewritten"),
    "anchor.removed": ("锚点 {file}（#{seq} {hash}，{at}）：链头现为 #{head}，早于锚点：记录被删除过（至少第 {first} 至 {seq} 条）", "anchor {file} (#{seq} {hash}, {at}): the head is now #{head}, before the anchor: entries were removed (at least {first} to {seq})"),
    "anchor.other_database": ("锚点 {file}（#{seq} {hash}，{at}）属于另一个数据库（{theirs}），本数据库是 {ours}：文件拿错了，或者本数据库被整个替换过", "anchor {file} (#{seq} {hash}, {at}) is of another database ({theirs}); this one is {ours}: the wrong file, or this database was replaced as a whole"),
    "anchor.no_id": ("无标识", "no id"),
}
