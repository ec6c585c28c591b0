"""Keys, the palette, the help screen and layout at 80x24."""

MESSAGES: dict[str, tuple[str, str]] = {
    "ui.search_clear": ("清空/返回", "Clear/back"),
    "ui.dialog.search": ("搜索框", "Search box"),
    "ui.help_search": ("搜索按键（汉字、拼音或首字母；↓ 或 Tab 到表格，Esc 清空）",
                       "Search keys (↓ or Tab to the table, Esc clears)"),
}
