"""Forms checked as they are filled, and the file picker."""

MESSAGES: dict[str, tuple[str, str]] = {
    "ui.form.optional": ("（可不填）", " (optional)"),
    "ui.form.choose": ("请选择", "Choose"),
    "ui.form.close_list": ("关闭列表", "Close the list"),
    "ui.form.file_placeholder": ("文件路径，或按 Ctrl+O 选择", "File path, or Ctrl+O to browse"),
    "ui.form.browse": ("选择文件…", "Browse…"),
    "ui.form.required": ("必填", "required"),
    "ui.form.bad_date": ("“{value}”不是日期，请写成 2026-03-02", "'{value}' is not a date: write it as 2026-03-02"),
    "ui.form.no_file": ("找不到文件“{path}”", "no file '{path}'"),
    "ui.form.fix_first": ("还有 {n} 项需要修改（见各项旁的说明），尚未保存", "{n} field(s) still need fixing (see beside each); nothing saved"),
    "ui.file.hint": ("方向键浏览，Enter 打开文件夹或选中文件；也可在上方直接输入路径", "Arrows browse, Enter opens a folder or picks a file; or type a path above"),
    "ui.dialog.checked_form": ("填写并检查的表单", "Checked form"),
    "ui.dialog.file_pick": ("选择文件", "Choose a file"),
    "ui.browse": ("选择文件", "Browse"),
}
