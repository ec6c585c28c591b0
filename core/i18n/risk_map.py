"""The four-colour risk map (安全风险四色分布图): the site plan, the zones, the map itself
and its text rendering, the refusals and the command line."""

from __future__ import annotations

MESSAGES: dict[str, tuple[str, str]] = {
    # the map
    "risk_map.title": ("{name} 安全风险四色分布图", "{name}: four-colour risk distribution map"),
    "risk_map.date": ("制图日期：{date}", "drawn on {date}"),
    "risk_map.legend": ("图例", "Legend"),
    "risk_map.legend.grade": ("{grade}（{colour}）：{count} 处", "{grade} ({colour}): {count}"),
    "risk_map.legend.ungraded": ("未评价（灰）：{count} 处", "not assessed (grey): {count}"),
    "risk_map.ungraded": ("未评价", "not assessed"),
    "risk_map.unplaced": ("未标注位置的风险点（{count} 处）", "Risk points not placed ({count})"),
    "risk_map.ungraded_list": ("未评价的风险点（{count} 处）", "Risk points not assessed ({count})"),
    "risk_map.point": ("{code} {name}（{grade}）", "{code} {name} ({grade})"),
    "risk_map.on_grid": ("分区网格 {cols}×{rows}", "zone grid {cols}×{rows}"),
    "risk_map.on_image": ("厂区平面图 {name}（{width}×{height} 像素）",
                          "site plan {name} ({width}×{height} pixels)"),
    "risk_map.no_plan": ("尚未设置厂区平面图或分区网格（anjian risk plan）",
                         "no site plan or zone grid set yet (anjian risk plan)"),
    "risk_map.image_absent": ("厂区平面图图片缺失", "the site plan image is missing"),
    "risk_map.plan.image": ("厂区平面图", "site plan"),
    "risk_map.plan.grid": ("分区网格", "zone grid"),
    "risk_map.unit.image": ("像素", "pixels"),
    "risk_map.unit.grid": ("格", "cells"),
    # refusals: nothing stored
    "risk_map.missing": (
        "找不到文件 {file}：请检查路径。未保存任何内容",
        "there is no file {file}: check the path (nothing was saved)"),
    "risk_map.unreadable": (
        "无法读取 {file}（{reason}）：请检查文件和权限。未保存任何内容",
        "{file} cannot be read ({reason}): check the file and its permissions (nothing was "
        "saved)"),
    "risk_map.not_image": (
        "{file} 不是 PNG 或 JPEG 图片：厂区平面图只接受 PNG 或 JPEG，请另存为其中一种后再设置。"
        "未保存任何内容",
        "{file} is not a PNG or JPEG image: a site plan must be PNG or JPEG; save it as one "
        "and set it again (nothing was saved)"),
    "risk_map.bad_image": (
        "{file} 无法作为图片打开（{reason}）：文件可能已损坏，请重新导出为 PNG 或 JPEG。"
        "未保存任何内容",
        "{file} cannot be opened as an image ({reason}): it may be damaged; export it again "
        "as PNG or JPEG (nothing was saved)"),
    "risk_map.too_many_bytes": (
        "{file} 大小为 {size}，超过厂区平面图的上限 {limit}：请压缩或缩小后再设置。未保存任何内容",
        "{file} is {size}, over the site plan's limit of {limit}: compress or shrink it and "
        "set it again (nothing was saved)"),
    "risk_map.too_many_pixels": (
        "{file} 为 {width}×{height} 像素，超过厂区平面图每边 {limit} 像素的上限：请缩小后再设置。"
        "未保存任何内容",
        "{file} is {width}×{height} pixels, over the site plan's limit of {limit} pixels a "
        "side: shrink it and set it again (nothing was saved)"),
    "risk_map.zones_outside": (
        "新的{plan}（{width}×{height} {unit}）放不下已标注位置的风险点 {points}：请先用 "
        "`anjian risk place 风险点 --clear` 清除或重新标注它们的位置。未保存任何内容",
        "the new {plan} ({width}×{height} {unit}) does not hold the risk points placed "
        "already: {points}; clear or move them first with anjian risk place POINT --clear "
        "(nothing was saved)"),
    "risk_map.bad_grid": (
        "分区网格的 {field} 为 {value}：须为 1 到 {max} 之间的整数。未保存任何内容",
        "the zone grid's {field} is {value}: it must be a whole number from 1 to {max} "
        "(nothing was saved)"),
    "risk_map.no_plan_set": (
        "{name}（{uscc}）尚未设置厂区平面图或分区网格：请先用 `anjian risk plan --image 文件` "
        "或 `--grid 列x行` 设置。未保存任何内容",
        "{name} ({uscc}) has no site plan or zone grid yet: set one first with anjian risk "
        "plan --image FILE or --grid COLSxROWS (nothing was saved)"),
    "risk_map.zone_size": (
        "位置的 {field} 为 {value}：宽（w）和高（h）须为正数。未保存任何内容",
        "the zone's {field} is {value}: its width (w) and height (h) must be positive "
        "(nothing was saved)"),
    "risk_map.zone_outside": (
        "位置的 {field} 为 {value}，超出{plan}的范围：{field} 须在 {low} 到 {high} 之间（{plan}为 "
        "{width}×{height} {unit}，位置从 0 起算）。未保存任何内容",
        "the zone's {field} is {value}, outside the {plan}: {field} must be from {low} to "
        "{high} (the {plan} is {width}×{height} {unit}, counted from 0) (nothing was saved)"),
    "risk_map.image_gone": (
        "厂区平面图 {name}（SHA-256 {sha}）不在证据文件库 {dir} 中或已损坏：请用 "
        "`anjian risk plan --image 文件` 重新设置",
        "the site plan image {name} (SHA-256 {sha}) is missing from the evidence store {dir} "
        "or damaged: set it again with anjian risk plan --image"),
    "risk_map.bad_format": (
        "不支持输出为 {file}：四色图只能保存为 SVG 或 PNG 文件（后缀 `.svg` 或 `.png`）",
        "cannot write {file}: the map is saved as a .svg or .png file only"),
    "risk_map.bad_at": (
        "--at 须为 x,y,w,h 四个整数（如 1,0,2,1），而不是 {value}",
        "--at takes four whole numbers x,y,w,h (such as 1,0,2,1), not {value}"),
    "risk_map.bad_grid_spec": (
        "--grid 须为 列x行（如 6x4），而不是 {value}",
        "--grid takes COLSxROWS (such as 6x4), not {value}"),
    "risk_map.plan_or_grid": (
        "请给出 --image 文件 或 --grid 列x行 之一", "give one of --image FILE or --grid COLSxROWS"),
    "risk_map.out_or_text": (
        "请给出 --out 文件（SVG 或 PNG）或 --text 之一",
        "give one of --out FILE (.svg or .png) or --text"),
    "risk_map.at_or_clear": (
        "请给出 --at x,y,w,h 或 --clear 之一", "give one of --at x,y,w,h or --clear"),
    # the command line's output
    "cli.out.risk_map.plan_image": (
        "已设置 {uscc} 的厂区平面图：{name}（{width}×{height} 像素）",
        "site plan of {uscc} set: {name} ({width}×{height} pixels)"),
    "cli.out.risk_map.plan_grid": (
        "已设置 {uscc} 的分区网格：{cols} 列 × {rows} 行",
        "zone grid of {uscc} set: {cols} columns × {rows} rows"),
    "cli.out.risk_map.placed": (
        "风险点 {code} {name} 的位置：x={x} y={y} w={w} h={h}",
        "risk point {code} {name} placed at x={x} y={y} w={w} h={h}"),
    "cli.out.risk_map.cleared": (
        "已清除风险点 {code} {name} 的位置", "risk point {code} {name} no longer placed"),
    "cli.out.risk_map.written": ("已保存四色分布图：{file}", "map written: {file}"),
    # the command line's help
    "cli.risk.plan": (
        "设置单位的厂区平面图（PNG 或 JPEG）或分区网格（列x行），风险点标注在其上",
        "Set the enterprise's site plan (PNG or JPEG) or zone grid (COLSxROWS) the risk points "
        "are placed on."),
    "cli.risk.plan.enterprise": ("单位的统一社会信用代码", "The enterprise's credit code."),
    "cli.risk.plan.image": ("厂区平面图图片（PNG 或 JPEG，不超过 10 MB、每边不超过 10000 像素）",
                            "The site plan image (PNG or JPEG, at most 10 MB and 10000 pixels a "
                            "side)."),
    "cli.risk.plan.image.metavar": ("文件", "FILE"),
    "cli.risk.plan.grid": ("分区网格的列数和行数，如 6x4（每项 1 到 50）",
                           "The zone grid's columns and rows, such as 6x4 (1 to 50 each)."),
    "cli.risk.plan.grid.metavar": ("列x行", "COLSxROWS"),
    "cli.risk.place": (
        "在厂区平面图（像素）或分区网格（格）上标注风险点的位置",
        "Place a risk point on the site plan (pixels) or the zone grid (cells)."),
    "cli.risk.place.point_id": ("风险点编号（数字）", "The risk point's id."),
    "cli.risk.place.point_id.metavar": ("风险点", "POINT"),
    "cli.risk.place.at": ("位置 x,y,w,h（左上角和宽高，从 0 起算）",
                          "Where: x,y,w,h (top left corner, width, height; counted from 0)."),
    "cli.risk.place.at.metavar": ("x,y,w,h", "x,y,w,h"),
    "cli.risk.place.clear": ("清除风险点的位置", "Remove the risk point from the map."),
    "cli.risk.map": (
        "导出单位的安全风险四色分布图（SVG 或 PNG 图片），或在终端显示文字版",
        "Export the enterprise's four-colour risk map (.svg or .png), or show it as text."),
    "cli.risk.map.enterprise": ("单位的统一社会信用代码", "The enterprise's credit code."),
    "cli.risk.map.out": ("输出文件（SVG 或 PNG，按文件后缀决定格式）",
                         "The file to write (.svg or .png, by its suffix)."),
    "cli.risk.map.out.metavar": ("文件", "FILE"),
    "cli.risk.map.text": ("在终端显示文字版四色图", "Show the map as text in the terminal."),
    "cli.risk.map.width": ("文字版的宽度（字符）", "The text map's width in characters."),
    "cli.risk.map.width.metavar": ("字符", "CHARS"),
    "cli.risk.map.height": ("文字版的高度（行）", "The text map's height in lines."),
    "cli.risk.map.height.metavar": ("行", "LINES"),
}
