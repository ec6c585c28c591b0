"""The home, enterprises and ledger screens at a city's size: pages, filters, the empty database."""

MESSAGES: dict[str, tuple[str, str]] = {
    "ui.col.open_hazards": ("隐患（未销号/重大）", "Hazards (open/major)"),
    "ui.col.address": ("地址", "Address"),
    "ui.col.contact": ("联系人", "Contact"),
    "ui.col.enterprise_name": ("单位名称", "Enterprise"),
    "ui.count_of": ("共 {n} 个", "{n} in all"),
    "ui.count_hazards": ("共 {n} 条", "{n} in all"),
    "ui.focus_next": ("下一栏", "Next field"),
    "ui.focus_previous": ("上一栏", "Previous field"),
    "ui.welcome.title": ("欢迎使用 anjian：数据库还是空的，可以这样开始", "Welcome to anjian: the database is empty. To begin:"),
    "ui.welcome.users": ("登记用户（第一位是管理员）", "Register the users (the first is the administrator)"),
    "ui.welcome.roster": ("导入企业名单（Excel 表格）", "Import the roster of enterprises (a workbook)"),
    "ui.welcome.enterprise": ("逐个登记企业", "Register enterprises one by one"),
    "ui.welcome.demo": ("先看示例：退出后运行", "Try the demonstration first: quit and run"),
    "ui.welcome.key": ("按 {name}", "press {name}"),
    "ui.welcome.cli": ("命令行：{command}", "command line: {command}"),
    "ui.welcome.palette": ("按 Ctrl+P 打开命令面板，按 ? 查看全部按键", "Ctrl+P opens the command palette, ? lists every key"),
}
