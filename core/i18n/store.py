"""The database: addresses, faults, stale writes, records not found."""

MESSAGES: dict[str, tuple[str, str]] = {
    # database
    "db.bad_url": ("数据库地址 '{url}' 无效；可用 sqlite:///文件路径 或 postgresql+psycopg://用户@主机:端口/库名",
                   "database URL '{url}' is not valid; use sqlite:///path/to/file.db or postgresql+psycopg://user@host:port/db"),
    "db.newer": ("数据库版本 {revision} 比本程序新；请升级 anjian 后再打开，数据未作任何改动",
                 "the database is at schema {revision}, newer than this anjian; upgrade anjian to open it (nothing was changed)"),
    "db.foreign": ("{url} 中已有其他程序的表（{tables}），不是 anjian 数据库；请换一个数据库",
                   "{url} holds tables of another program ({tables}), not an anjian database; choose another database"),
    "db.unavailable": ("无法使用数据库 {url}: {reason}；请检查数据库服务和地址后重试，已确认的数据未丢失",
                       "cannot use the database {url}: {reason}; check the server and the URL and try again (nothing confirmed was lost)"),
    "db.in_doubt": ("保存时与数据库 {url} 的连接中断（{reason}）：本次修改可能已保存，也可能未保存；请先查看该记录再决定是否重做，之前确认的数据均完好",
                    "the connection to {url} broke while the change was being saved ({reason}): it may or may not have been saved; look at the record before doing it again (everything confirmed before is kept)"),
    "db.full": ("{path} 所在磁盘已满：请清理空间后重试；本次修改未保存，之前确认的数据均完好",
                "the disk holding {path} is full: free some space and try again; nothing of this change was saved, everything confirmed before is kept"),
    "db.read_only": ("{path} 是只读的，无法保存修改：请取得写权限或复制到可写的位置后重试；本次修改未保存，已有数据未受影响",
                     "{path} is read-only: nothing can be saved there; get write access or copy it to a writable place and try again (nothing of this change was saved, what is stored is unchanged)"),
    "db.read_only_upgrade": ("{path} 是只读的，但本程序须先把它的结构从 {revision} 升级到 {head} 才能打开：请打开一份可写的副本；数据未作任何改动",
                             "{path} is read-only, but this anjian must first upgrade its schema from {revision} to {head} to open it: open a writable copy (nothing was changed)"),
    "db.stale": ("保存失败：有人刚刚修改了同一条记录；请重新打开查看最新内容后再修改",
                 "not saved: someone changed the same record a moment ago; reload it and make your change again"),
    "db.stale_view": ("保存失败：{kind:@kind} {key} 已被他人修改（您看到的是第 {seen} 版，当前为第 {current} 版）；请刷新后再修改",
                      "not saved: {kind} {key} was changed by someone else (you saw version {seen}, it is now {current}); reload and try again"),
    "db.not_found": ("没有{kind:@kind} {key}", "no {kind} {key}"),
}
