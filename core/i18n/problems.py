"""What is wrong with what a user gave: pack files and their YAML, validation errors, plugins and
the pack check, golden cases, findings, JSON inputs, files and the operating system's errors."""

MESSAGES: dict[str, tuple[str, str]] = {
    # JSON, as the json module words its problems
    "json.value": ("此处应有一个值（多了逗号，或缺少值？）", "Expecting value"),
    "json.comma": ("缺少逗号 ','", "Expecting ',' delimiter"),
    "json.colon": ("缺少冒号 ':'", "Expecting ':' delimiter"),
    "json.name": ("此处应为用双引号括起的字段名（多了逗号？）", "Expecting property name enclosed in double quotes"),
    "json.unterminated": ("字符串缺少结束的引号", "Unterminated string starting at"),
    "json.control": ("字符串中有控制字符（如换行）；请写成 \\n", "Invalid control character at"),
    "json.escape": ("无效的转义（\\ 之后的字符）", "Invalid \\escape"),
    "json.extra": ("末尾有多余的内容", "Extra data"),
    "json.trailing": ("末尾多了一个逗号", "Illegal trailing comma"),
    # bytes that are not UTF-8 (UnicodeDecodeError.reason)
    "utf8.start": ("无效的起始字节", "invalid start byte"),
    "utf8.continuation": ("无效的后续字节", "invalid continuation byte"),
    "utf8.end": ("数据意外结束", "unexpected end of data"),
    # the operating system's errors (os_reason), in the system's own English words
    "os.no_such_file": ("文件或文件夹不存在", "No such file or directory"),
    "os.permission": ("没有权限", "Permission denied"),
    "os.not_permitted": ("不允许此操作", "Operation not permitted"),
    "os.is_folder": ("这是文件夹，不是文件", "Is a directory"),
    "os.not_folder": ("路径中有一部分不是文件夹", "Not a directory"),
    "os.disk_full": ("磁盘已满", "No space left on device"),
    "os.read_only": ("文件系统是只读的", "Read-only file system"),
    "os.link_loop": ("符号链接层数过多（链接成环？）", "Too many levels of symbolic links"),
    "os.name_too_long": ("文件名太长", "File name too long"),
    "os.io": ("读写出错（磁盘或网络故障？）", "Input/output error"),
    "os.exists": ("文件已存在", "File exists"),
    "os.busy": ("设备或资源正忙", "Device or resource busy"),
    "os.too_many_open": ("打开的文件太多", "Too many open files"),
    "os.other_device": ("不能跨设备移动", "Invalid cross-device link"),
}
