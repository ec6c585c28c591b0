"""Evidence files: attaching, listing and verifying them."""

MESSAGES: dict[str, tuple[str, str]] = {
    # evidence files
    "evidence.missing": ("证据文件 {path} 不存在；请检查路径后重试，未保存任何内容", "evidence file {path} does not exist; check the path and try again (nothing was saved)"),
    "evidence.directory": ("{path} 是文件夹，不是文件；请逐个给出要附上的文件，未保存任何内容", "{path} is a folder, not a file; name each file to attach (nothing was saved)"),
    "evidence.not_regular": ("{path} 不是普通文件（设备、管道或套接字）；请先将内容保存为普通文件，未保存任何内容", "{path} is not a regular file (a device, FIFO or socket); save its content to a regular file first (nothing was saved)"),
    "evidence.symlink": ("{path} 是符号链接（指向 {target}）；请直接给出文件本身的路径，未保存任何内容", "{path} is a symbolic link (to {target}); name the file itself (nothing was saved)"),
    "evidence.outside": ("{path} 经过符号链接的文件夹，实际位于 {real}，不在所给的路径下；请直接给出实际路径，未保存任何内容", "{path} passes through a symbolically linked folder: the file is really {real}, a path outside what you named; name that path instead (nothing was saved)"),
    "evidence.too_big": ("证据文件 {path} 大小为 {size}，超过上限 {limit}；请压缩或拆分后再附上，或由管理员调高 {var}，未保存任何内容", "evidence file {path} is {size}, over the limit of {limit}; compress or split it, or raise {var} (nothing was saved)"),
    "evidence.unreadable": ("无法读取证据文件 {path}: {reason}；请检查文件权限，未保存任何内容", "cannot read evidence file {path}: {reason}; check its permissions (nothing was saved)"),
    "evidence.changed": ("证据文件 {path} 在复制过程中被改动或替换；请在文件写完后重试，未保存任何内容", "evidence file {path} changed or was replaced while it was being copied; try again once it is complete (nothing was saved)"),
    "evidence.no_dir": ("数据库 {url} 旁没有可存放证据文件的文件夹；请将环境变量 {var} 设为全组共享的文件夹后重试，未保存任何内容", "database {url} has no folder beside it for evidence files; set the environment variable {var} to a folder the whole team shares, then try again (nothing was saved)"),
    "evidence.bad_max": ("{var}='{value}' 无效：应为正数（单位 MB，默认 {default}）", "{var}='{value}' is not valid: give a positive number of megabytes (default {default})"),
    "evidence.store_failed": ("无法写入证据文件夹 {dir}: {reason}；请检查该文件夹的权限和磁盘空间（可用 {var} 改换位置），未保存任何内容", "cannot write to the evidence folder {dir}: {reason}; check its permissions and free space (or move it with {var}); nothing was saved"),
    "evidence.verify_ok": ("证据文件：已核对 {count} 个，全部完好（{dir}）", "evidence files: {count} checked, all intact ({dir})"),
    "evidence.verify_bad": ("证据文件：已核对 {count} 个，{changed} 个被改动，{missing} 个缺失（{dir}）", "evidence files: {count} checked, {changed} changed, {missing} missing ({dir})"),
    "evidence.file_changed": ("已被改动：{name}（{where}，sha256 {sha256}）{path}", "changed: {name} ({where}, sha256 {sha256}) {path}"),
    "evidence.file_missing": ("已缺失：{name}（{where}，sha256 {sha256}）{path}", "missing: {name} ({where}, sha256 {sha256}) {path}"),
    "evidence.of_finding": ("检查项 {item}", "item {item}"),
    "evidence.of_finding_at": ("检查结果 {key}", "finding {key}"),
    "evidence.of_rectification": ("隐患 {hazard} 整改材料 {id}", "hazard {hazard} rectification {id}"),
    "evidence.of_rectification_id": ("整改材料 {id}", "rectification {id}"),
    "evidence.open_files": ("注意：证据文件夹 {dir} 中有 {count} 个文件或文件夹本机其他用户可以读取（其中有个人信息），例如：{examples}；如非有意共享，请执行 `chmod -R {fix} {dir}`（anjian 不会改动已有的权限）", "note: {count} files or folders in the evidence store {dir} can be read by other users of this machine (they hold personal data), e.g. {examples}; unless shared on purpose, run `chmod -R {fix} {dir}` (anjian leaves modes already set as they are)"),
    "evidence.open_example": ("{path}（{mode}）", "{path} ({mode})"),
    "evidence.none": ("检查 {id} 没有证据文件", "inspection {id} has no evidence files"),
}
