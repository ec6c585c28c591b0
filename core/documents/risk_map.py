"""The four-colour risk map (安全风险四色分布图) of an enterprise's register, as SVG and PNG.

Risk points placed on the site plan image (their zones in its pixels) or on the zone grid (in
its cells) are drawn as rectangles in their current grade's colour (:data:`COLOURS`: 红, 橙, 黄,
and 蓝 for 低风险, never green): half transparent over a plan image so the plan shows through,
solid on the grid. Points not yet graded are drawn grey and listed as 未评价; points with no
zone are listed beside the map, never dropped. A legend gives the four grades with their
colours and counts; the title, the date and the audit chain's head the register was read
under head the page.

Pure: the register and the plan image's bytes in, the file's content out; the same inputs give
the same bytes (nothing but the date passed in is a time).
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import io
import os
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal
from xml.sax.saxutils import escape, quoteattr

from PIL import Image, ImageDraw, ImageFont

from core.i18n import Lang, t
from core.pack.risk_method import COLOURS, GRADES, RiskGrade
from core.views.audit import ChainHead
from core.views.risk import RegisterView, RiskPointView, Zone

#: Pixels of one cell of the zone grid on the map.
CELL = 100
MARGIN = 20
#: The title block above the map: the title and the line with the date and audit head.
TITLE_H = 70
#: The panel beside the map: legend, points not placed, points not assessed.
SIDE_W = 380
LINE_H = 24
#: The map's size when the enterprise has set no plan or grid yet.
EMPTY_MAP = (480, 320)
#: How opaque a zone is over a plan image (0..255): the plan stays legible beneath.
OVER_IMAGE_ALPHA = 115
UNGRADED_RGB = "#9E9E9E"
GRID_LINE = "#BBBBBB"
INK = "#222222"
#: Fonts an SVG viewer may use for the Chinese labels, the first it has.
SVG_FONTS = "Noto Sans CJK SC, Source Han Sans SC, Microsoft YaHei, SimHei, sans-serif"
#: Where a CJK font usually is (Debian/Ubuntu fonts-noto-cjk, Fedora, macOS, Windows).
CJK_FONT_PATHS = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/System/Library/Fonts/PingFang.ttc",
    "C:/Windows/Fonts/msyh.ttc",
    "C:/Windows/Fonts/simhei.ttf",
)

Kind = Literal["heading", "swatch", "line", "gap"]


def rgb(hex_colour: str) -> tuple[int, int, int]:
    """``#RRGGBB`` as a tuple."""
    v = hex_colour.lstrip("#")
    return int(v[0:2], 16), int(v[2:4], 16), int(v[4:6], 16)


def colour_of(grade: str | None) -> str:
    """The colour a point of ``grade`` is drawn in (grey when not graded)."""
    return COLOURS[RiskGrade(grade)][1] if grade is not None else UNGRADED_RGB


def _ink_on(grade: str | None) -> str:
    """Label colour that reads on the grade's fill: dark on yellow, orange and grey."""
    return "#FFFFFF" if grade in (RiskGrade.major, RiskGrade.low) else "#000000"


def grade_class(grade: str | None) -> str:
    """The CSS class naming a zone's grade (``grade-major`` …, ``ungraded``)."""
    return f"grade-{grade}" if grade is not None else "ungraded"


@dataclass(frozen=True)
class Layout:
    """Where everything goes on the page, in pixels: the map's corner and size, how many
    pixels one plan unit (a plan pixel or a grid cell) takes, the side panel's left edge and
    the page's size."""

    map_x: int
    map_y: int
    map_w: int
    map_h: int
    scale: int
    side_x: int
    width: int
    height: int

    def box(self, zone: Zone) -> tuple[int, int, int, int]:
        """A zone's rectangle on the page: left, top, right, bottom (exclusive)."""
        x0 = self.map_x + zone.x * self.scale
        y0 = self.map_y + zone.y * self.scale
        return x0, y0, x0 + zone.w * self.scale, y0 + zone.h * self.scale


@dataclass(frozen=True)
class SideLine:
    """One line of the panel beside the map."""

    kind: Kind
    text: str = ""
    grade: str | None = None


def _placed(register: RegisterView) -> list[RiskPointView]:
    """Points with a zone, least grave first (so the gravest are drawn on top), by code."""
    def rank(p: RiskPointView) -> int:
        return -1 if p.grade is None else len(GRADES) - GRADES.index(RiskGrade(p.grade))
    return sorted((p for p in register.points if p.zone is not None),
                  key=lambda p: (rank(p), p.code))


def _grade_name(grade: str | None, lang: Lang) -> str:
    return t(f"risk.grade.{grade}", lang) if grade is not None else t("risk_map.ungraded", lang)


def side_lines(register: RegisterView, lang: Lang) -> list[SideLine]:
    """The legend (each grade's colour, name and count; the not assessed), then the points
    not placed and the points not assessed."""
    counts = {g.value: 0 for g in GRADES}
    ungraded = 0
    for p in register.points:
        if p.grade is None:
            ungraded += 1
        else:
            counts[p.grade] += 1
    out = [SideLine("heading", t("risk_map.legend", lang))]
    for g in GRADES:
        out.append(SideLine("swatch", t("risk_map.legend.grade", lang,
                                        grade=t(f"risk.grade.{g.value}", lang),
                                        colour=t(f"risk.colour.{COLOURS[g][0]}", lang),
                                        count=counts[g.value]), g.value))
    out.append(SideLine("swatch", t("risk_map.legend.ungraded", lang, count=ungraded)))
    by_code = sorted(register.points, key=lambda p: p.code)
    unplaced = [p for p in by_code if p.zone is None]
    if unplaced:
        out += [SideLine("gap"), SideLine("heading", t("risk_map.unplaced", lang,
                                                       count=len(unplaced)))]
        out += [SideLine("line", t("risk_map.point", lang, code=p.code, name=p.name,
                                   grade=_grade_name(p.grade, lang)), p.grade)
                for p in unplaced]
    not_graded = [p for p in by_code if p.grade is None]
    if not_graded:
        out += [SideLine("gap"), SideLine("heading", t("risk_map.ungraded_list", lang,
                                                       count=len(not_graded)))]
        out += [SideLine("line", f"{p.code} {p.name}") for p in not_graded]
    return out


def layout(register: RegisterView, lang: Lang = "zh") -> Layout:
    """The page's layout for ``register``."""
    plan = register.plan
    if plan is not None and plan.is_image:
        map_w, map_h, scale = plan.width, plan.height, 1
    elif plan is not None and plan.cols and plan.rows:
        map_w, map_h, scale = plan.cols * CELL, plan.rows * CELL, CELL
    else:
        (map_w, map_h), scale = EMPTY_MAP, 1
    side_h = len(side_lines(register, lang)) * LINE_H
    side_x = MARGIN + map_w + MARGIN
    top = MARGIN + TITLE_H
    return Layout(map_x=MARGIN, map_y=top, map_w=map_w, map_h=map_h, scale=scale,
                  side_x=side_x, width=side_x + SIDE_W + MARGIN,
                  height=top + max(map_h, side_h) + MARGIN)


def heading(register: RegisterView, lang: Lang, on: dt.date | None) -> tuple[str, str]:
    """The title and the line under it: the date, the audit chain's head, what the map is
    drawn on."""
    title = t("risk_map.title", lang, name=register.enterprise_name)
    parts = []
    if on is not None:
        parts.append(t("risk_map.date", lang, date=on.isoformat()))
    head = ChainHead(seq=register.head_seq, hash=register.head_hash)
    parts.append(t("xl.chain_head", lang, seq=head.seq, hash=head.shown))
    plan = register.plan
    if plan is not None and plan.is_image:
        parts.append(t("risk_map.on_image", lang, name=plan.image_name, width=plan.width,
                       height=plan.height))
    elif plan is not None and plan.cols and plan.rows:
        parts.append(t("risk_map.on_grid", lang, cols=plan.cols, rows=plan.rows))
    return title, "    ".join(parts)


def _cells(register: RegisterView) -> Iterator[tuple[int, int, int]]:
    """Each grid cell: its column, row and number (1 at the top left, row by row)."""
    plan = register.plan
    if plan is None or plan.is_image:
        return
    for r in range(plan.rows):
        for c in range(plan.cols):
            yield c, r, r * plan.cols + c + 1


def _no_plan_note(register: RegisterView, plan_bytes: bytes | None) -> str | None:
    plan = register.plan
    if plan is None or not (plan.is_image or (plan.cols and plan.rows)):
        return "risk_map.no_plan"
    if plan.is_image and plan_bytes is None:
        return "risk_map.image_absent"
    return None


def image_mime(data: bytes) -> str:
    """The MIME type of a PNG or JPEG image by its first bytes."""
    return "image/png" if data.startswith(b"\x89PNG") else "image/jpeg"


# --- SVG -------------------------------------------------------------------------------------


def svg(register: RegisterView, lang: Lang, plan_bytes: bytes | None = None, *,
        on: dt.date | None = None) -> str:
    """The map as an SVG document. Each zone is a ``rect`` of class ``zone grade-<grade>``
    (``zone ungraded`` when not assessed); the legend is the group ``id="legend"``; a plan
    image is embedded as a ``data:`` URI."""
    lay = layout(register, lang)
    title, sub = heading(register, lang, on)
    a = quoteattr
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" '
           f'xmlns:xlink="http://www.w3.org/1999/xlink" width="{lay.width}" '
           f'height="{lay.height}" viewBox="0 0 {lay.width} {lay.height}" '
           f'font-family={a(SVG_FONTS)}>',
           f"<title>{escape(title)}</title>",
           f'<rect width="{lay.width}" height="{lay.height}" fill="#FFFFFF"/>',
           f'<text id="title" x="{MARGIN}" y="{MARGIN + 26}" font-size="24" '
           f'font-weight="bold" fill="{INK}">{escape(title)}</text>',
           f'<text id="head" x="{MARGIN}" y="{MARGIN + 54}" font-size="14" '
           f'fill="{INK}">{escape(sub)}</text>',
           f'<g id="map" transform="translate({lay.map_x},{lay.map_y})">',
           f'<rect class="plan" width="{lay.map_w}" height="{lay.map_h}" fill="#FFFFFF" '
           f'stroke="{INK}" stroke-width="1"/>']
    plan = register.plan
    image = plan is not None and plan.is_image
    if image and plan_bytes is not None:
        uri = f"data:{image_mime(plan_bytes)};base64,{base64.b64encode(plan_bytes).decode()}"
        out.append(f'<image class="plan-image" x="0" y="0" width="{lay.map_w}" '
                   f'height="{lay.map_h}" href="{uri}" xlink:href="{uri}"/>')
    for c, r, n in _cells(register):
        out.append(f'<rect class="cell" x="{c * CELL}" y="{r * CELL}" width="{CELL}" '
                   f'height="{CELL}" fill="none" stroke="{GRID_LINE}"/>')
        out.append(f'<text class="cell-number" x="{(c + 1) * CELL - 4}" '
                   f'y="{(r + 1) * CELL - 4}" font-size="11" text-anchor="end" '
                   f'fill="#888888">{n}</text>')
    note = _no_plan_note(register, plan_bytes)
    if note is not None:
        out.append(f'<text class="note" x="{lay.map_w // 2}" y="{lay.map_h // 2}" '
                   f'font-size="16" text-anchor="middle" fill="#888888">'
                   f'{escape(t(note, lang))}</text>')
    for p in _placed(register):
        assert p.zone is not None
        x0, y0, x1, y1 = lay.box(p.zone)
        x0, y0, x1, y1 = x0 - lay.map_x, y0 - lay.map_y, x1 - lay.map_x, y1 - lay.map_y
        fill = colour_of(p.grade)
        opacity = f' fill-opacity="{OVER_IMAGE_ALPHA / 255:.2f}"' if image else ""
        clip = f"clip-{p.id}"
        out.append(f'<clipPath id="{clip}"><rect x="{x0}" y="{y0}" width="{x1 - x0}" '
                   f'height="{y1 - y0}"/></clipPath>')
        out.append(f'<g class="point" data-code={a(p.code)}>'
                   f"<title>{escape(p.code)} {escape(p.name)} "
                   f"{escape(_grade_name(p.grade, lang))}</title>"
                   f'<rect class="zone {grade_class(p.grade)}" x="{x0}" y="{y0}" '
                   f'width="{x1 - x0}" height="{y1 - y0}" fill="{fill}"{opacity} '
                   f'stroke="{fill if image else INK}" stroke-width="{3 if image else 1}"/>')
        ink = INK if image else _ink_on(p.grade)
        out.append(f'<text clip-path="url(#{clip})" x="{x0 + 4}" y="{y0 + 16}" '
                   f'font-size="14" font-weight="bold" fill="{ink}">{escape(p.code)}</text>')
        out.append(f'<text clip-path="url(#{clip})" x="{x0 + 4}" y="{y0 + 34}" '
                   f'font-size="13" fill="{ink}">{escape(p.name)}</text></g>')
    out.append("</g>")
    out.append(f'<g id="legend" transform="translate({lay.side_x},{lay.map_y})">')
    for i, line in enumerate(side_lines(register, lang)):
        y = i * LINE_H + 17
        if line.kind == "heading":
            out.append(f'<text class="heading" x="0" y="{y}" font-size="15" '
                       f'font-weight="bold" fill="{INK}">{escape(line.text)}</text>')
        elif line.kind == "swatch":
            out.append(f'<rect class="swatch {grade_class(line.grade)}" x="0" y="{y - 14}" '
                       f'width="28" height="18" fill="{colour_of(line.grade)}" '
                       f'stroke="{INK}"/>')
            out.append(f'<text class="legend-item" x="36" y="{y}" font-size="14" '
                       f'fill="{INK}">{escape(line.text)}</text>')
        elif line.kind == "line":
            out.append(f'<text class="listed" x="8" y="{y}" font-size="13" '
                       f'fill="{INK}">{escape(line.text)}</text>')
    out.append("</g>")
    out.append("</svg>")
    return "\n".join(out) + "\n"


# --- PNG -------------------------------------------------------------------------------------


@functools.cache
def cjk_font_path() -> str | None:
    """A font file with Chinese glyphs: a usual place, else what fontconfig knows; None when
    the system has none."""
    for path in CJK_FONT_PATHS:
        if os.path.isfile(path):
            return path
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return None
    try:
        found = subprocess.run([fc_list, ":lang=zh", "file"], capture_output=True, text=True,
                               timeout=10, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    files = sorted(line.strip().rstrip(":") for line in found.splitlines() if line.strip())
    return files[0] if files else None


FontT = ImageFont.FreeTypeFont | ImageFont.ImageFont


@functools.cache
def _font(size: int) -> tuple[FontT, bool]:
    """The font text is drawn with at ``size`` and whether it has Chinese glyphs."""
    path = cjk_font_path()
    if path is not None:
        try:
            chosen = ImageFont.truetype(path, size, index=0)
            if path.endswith(".ttc"):  # a collection: prefer its Simplified Chinese face
                for index in range(1, 6):
                    face = ImageFont.truetype(path, size, index=index)
                    if " SC" in (face.getname()[0] or ""):
                        chosen = face
                        break
            return chosen, True
        except OSError:
            pass
    # No CJK font on this system: Pillow's own font has no Chinese glyphs, so the PNG's words
    # are drawn in English (the swatches and colours are the same); the SVG is unaffected.
    return ImageFont.load_default(size), False


def _fit(draw: ImageDraw.ImageDraw, text: str, font: FontT, width: int) -> str:
    """``text`` cut (with …) to fit ``width`` pixels."""
    if draw.textlength(text, font=font) <= width:
        return text
    while text and draw.textlength(text + "…", font=font) > width:
        text = text[:-1]
    return text + "…" if text else ""


def png(register: RegisterView, lang: Lang, plan_bytes: bytes | None = None, *,
        on: dt.date | None = None) -> bytes:
    """The map as a PNG image, laid out as :func:`svg` (:func:`layout`): zone centres are in
    their grade's exact colour on the grid; a plan image is drawn at its own size."""
    _, has_cjk = _font(14)
    words: Lang = lang if has_cjk else "en"
    lay = layout(register, words)
    title, sub = heading(register, words, on)
    page = Image.new("RGBA", (lay.width, lay.height), (255, 255, 255, 255))
    plan = register.plan
    image = plan is not None and plan.is_image
    if image and plan_bytes is not None:
        try:
            with Image.open(io.BytesIO(plan_bytes)) as src:
                drawn = src.convert("RGBA")
            page.alpha_composite(drawn, (lay.map_x, lay.map_y))
        except (OSError, ValueError, Image.DecompressionBombError):
            plan_bytes = None  # drawn as absent: the service checked it when it was set
    if image:
        zones = Image.new("RGBA", page.size, (0, 0, 0, 0))
        shade = ImageDraw.Draw(zones)
        for p in _placed(register):
            assert p.zone is not None
            x0, y0, x1, y1 = lay.box(p.zone)
            shade.rectangle((x0, y0, x1 - 1, y1 - 1),
                            fill=(*rgb(colour_of(p.grade)), OVER_IMAGE_ALPHA))
        page = Image.alpha_composite(page, zones)
    draw = ImageDraw.Draw(page)
    big, small, tiny = _font(24)[0], _font(14)[0], _font(11)[0]
    draw.text((MARGIN, MARGIN + 4), title, font=big, fill=INK)
    draw.text((MARGIN, MARGIN + 40), sub, font=small, fill=INK)
    draw.rectangle((lay.map_x - 1, lay.map_y - 1, lay.map_x + lay.map_w, lay.map_y + lay.map_h),
                   outline=INK)
    for c, r, n in _cells(register):
        x0, y0 = lay.map_x + c * CELL, lay.map_y + r * CELL
        draw.rectangle((x0, y0, x0 + CELL - 1, y0 + CELL - 1), outline=GRID_LINE)
        draw.text((x0 + CELL - 4, y0 + CELL - 4), str(n), font=tiny, fill="#888888",
                  anchor="rb")
    note = _no_plan_note(register, plan_bytes)
    if note is not None:
        draw.text((lay.map_x + lay.map_w // 2, lay.map_y + lay.map_h // 2), t(note, words),
                  font=small, fill="#888888", anchor="mm")
    for p in _placed(register):
        assert p.zone is not None
        x0, y0, x1, y1 = lay.box(p.zone)
        fill = colour_of(p.grade)
        if image:
            draw.rectangle((x0, y0, x1 - 1, y1 - 1), outline=fill, width=3)
        else:
            draw.rectangle((x0, y0, x1 - 1, y1 - 1), fill=fill, outline=INK)
        ink = INK if image else _ink_on(p.grade)
        pad = 6 if image else 4  # clear of the 3-pixel outline drawn over a plan
        room = x1 - x0 - 2 * pad
        if y1 - y0 >= 20:
            draw.text((x0 + pad, y0 + pad - 1), _fit(draw, p.code, small, room), font=small,
                      fill=ink)
        if y1 - y0 >= 40:
            draw.text((x0 + pad, y0 + pad + 17), _fit(draw, p.name, small, room), font=small,
                      fill=ink)
    for i, line in enumerate(side_lines(register, words)):
        y = lay.map_y + i * LINE_H
        if line.kind == "heading":
            draw.text((lay.side_x, y + 2), line.text, font=small, fill=INK)
        elif line.kind == "swatch":
            draw.rectangle((lay.side_x, y + 3, lay.side_x + 28, y + 21),
                           fill=colour_of(line.grade), outline=INK)
            draw.text((lay.side_x + 36, y + 4), _fit(draw, line.text, small, SIDE_W - 40),
                      font=small, fill=INK)
        elif line.kind == "line":
            draw.text((lay.side_x + 8, y + 4), _fit(draw, line.text, small, SIDE_W - 8),
                      font=small, fill=INK)
    buf = io.BytesIO()
    page.convert("RGB").save(buf, format="PNG")
    return buf.getvalue()
