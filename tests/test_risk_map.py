"""The four-colour risk map (四色分布图), checked as an image: the SVG read back with
xml.etree (the zones of each grade by their class, the legend with the four grades' names,
the points not placed listed), the PNG opened with Pillow (its size, the exact grade colour at
each zone's centre, a plan image kept at its own size); the site plan and the zones through
the real services on SQLite and PostgreSQL, every refusal storing nothing (the database and
the evidence store compared before and after); the text rendering the TUI shows; and the
command line.

Risk points are inserted straight through ``core.store`` sessions (their grades as
:meth:`Graded.record` JSON from :func:`core.engine.grading.grade`), independent of the
register's own services."""

from __future__ import annotations

import base64
import datetime as dt
import io
import json
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from rich.style import Style
from sqlmodel import select

from core.documents import risk_map as drawing
from core.engine.grading import grade
from core.i18n import AnjianError
from core.pack.risk_method import COLOURS, RiskGrade
from core.plugins.catalogue import Catalogue
from core.services import risk_map
from core.services.context import Context
from core.store.db import open_store
from core.store.tables import AuditEntry, RiskPoint
from core.views.risk import GradeView, RegisterView, RiskPointView, SitePlanView, Zone
from tests.db_state import everything
from tests.workflow_helpers import cli_run, enterprise
from tui.risk_map_text import map_lines

SVG = "{http://www.w3.org/2000/svg}"
TODAY = dt.date(2026, 3, 2)
#: L, E, C of lec-classic giving each grade (D = 900, 270, 126, 18).
INPUTS = {"major": {"L": 10, "E": 6, "C": 15}, "significant": {"L": 3, "E": 6, "C": 15},
          "general": {"L": 3, "E": 6, "C": 7}, "low": {"L": 1, "E": 6, "C": 3}}
NAMES = {"major": "重大风险", "significant": "较大风险", "general": "一般风险", "low": "低风险"}


def graded(catalogue: Catalogue, grade_id: str) -> dict[str, Any]:
    g = grade(catalogue.risk_method("lec-classic"), INPUTS[grade_id])
    assert g.grade.value == grade_id
    return g.record()


def rgb(grade_id: str | None) -> tuple[int, int, int]:
    return drawing.rgb(drawing.colour_of(grade_id))


# --- the drawing, from a register built by hand ----------------------------------------------

#: (code, grade, zone in cells) of the hand-built register: two major, one of each other
#: grade, one not assessed, one not placed.
POINTS: list[tuple[str, str | None, tuple[int, int, int, int] | None]] = [
    ("FXD-001", "major", (0, 0, 2, 1)), ("FXD-002", "major", (2, 0, 1, 2)),
    ("FXD-003", "significant", (3, 0, 1, 1)), ("FXD-004", "general", (4, 0, 2, 1)),
    ("FXD-005", "low", (0, 2, 1, 1)), ("FXD-006", None, (1, 2, 1, 1)),
    ("FXD-007", "general", None)]


def hand_register(catalogue: Catalogue, plan: SitePlanView | None = None) -> RegisterView:
    pts = []
    for i, (code, g, z) in enumerate(POINTS, 1):
        record = graded(catalogue, g) if g else None
        pts.append(RiskPointView(id=i, enterprise_uscc="E", code=code, name=f"风险点{i}号",
                                 kind="equipment", zone=Zone(x=z[0], y=z[1], w=z[2], h=z[3])
                                 if z else None, inherent=GradeView.of(record),
                                 current=GradeView.of(record)))
    return RegisterView(enterprise_uscc="E", enterprise_name="济南示例化工有限公司",
                        points=tuple(pts), head_seq=41, head_hash="0123456789abcdef" * 4,
                        plan=plan or SitePlanView(enterprise_uscc="E", cols=6, rows=4))


def zone_classes(svg_text: str) -> Counter[str]:
    root = ET.fromstring(svg_text)
    found: Counter[str] = Counter()
    for rect in root.iter(f"{SVG}rect"):
        classes = rect.get("class", "").split()
        if "zone" in classes:
            found.update(c for c in classes if c != "zone")
    return found


def test_svg_has_the_zones_of_each_grade_and_the_legend(catalogue: Catalogue) -> None:
    reg = hand_register(catalogue)
    text = drawing.svg(reg, "zh", on=TODAY)
    assert zone_classes(text) == {"grade-major": 2, "grade-significant": 1,
                                  "grade-general": 1, "grade-low": 1, "ungraded": 1}
    root = ET.fromstring(text)
    legend = next(g for g in root.iter(f"{SVG}g") if g.get("id") == "legend")
    words = " ".join(e.text or "" for e in legend.iter(f"{SVG}text"))
    for name in NAMES.values():
        assert name in words
    assert "重大风险（红）：2 处" in words and "低风险（蓝）：1 处" in words
    assert "未评价（灰）：1 处" in words
    assert "未标注位置的风险点（1 处）" in words and "FXD-007 风险点7号（一般风险）" in words
    assert "未评价的风险点（1 处）" in words and "FXD-006 风险点6号" in words
    swatches = [r for r in legend.iter(f"{SVG}rect") if "swatch" in r.get("class", "")]
    assert [s.get("fill") for s in swatches[:4]] == [COLOURS[g][1] for g in RiskGrade]
    assert COLOURS[RiskGrade.low][1] == "#0068B7"  # blue, never green
    head = {e.get("id"): e.text for e in root.iter(f"{SVG}text") if e.get("id")}
    assert head["title"] == "济南示例化工有限公司 安全风险四色分布图"
    assert "制图日期：2026-03-02" in (head["head"] or "")
    assert "审计链 #41 0123456789abcdef" in (head["head"] or "")
    # the grid: 24 numbered cells
    numbers = [e.text for e in root.iter(f"{SVG}text") if e.get("class") == "cell-number"]
    assert numbers == [str(n) for n in range(1, 25)]
    # a zone's rectangle is where its cells are
    lay = drawing.layout(reg)
    rect = next(r for r in root.iter(f"{SVG}rect") if "grade-significant" in r.get("class", ""))
    assert (rect.get("x"), rect.get("y"), rect.get("width"), rect.get("height")) == (
        str(3 * drawing.CELL), "0", str(drawing.CELL), str(drawing.CELL))
    assert lay.map_w == 6 * drawing.CELL and lay.map_h == 4 * drawing.CELL
    # same inputs, same bytes
    assert drawing.svg(reg, "zh", on=TODAY) == text
    english = drawing.svg(reg, "en", on=TODAY)
    assert "major risk (red): 2" in english


def test_png_is_the_size_of_its_layout_with_each_zone_in_its_grade_colour(
        catalogue: Catalogue) -> None:
    reg = hand_register(catalogue)
    data = drawing.png(reg, "zh", on=TODAY)
    assert data == drawing.png(reg, "zh", on=TODAY)
    lay = drawing.layout(reg)
    with Image.open(io.BytesIO(data)) as img:
        assert img.format == "PNG"
        assert img.size == (lay.width, lay.height)
        pixels = img.convert("RGB")
        for p in reg.points:
            if p.zone is None:
                continue
            x0, y0, x1, y1 = lay.box(p.zone)
            assert pixels.getpixel(((x0 + x1) // 2, (y0 + y1) // 2)) == rgb(p.grade), p.code
        # an empty cell stays white
        x0, y0, _, _ = lay.box(Zone(x=5, y=3, w=1, h=1))
        assert pixels.getpixel((x0 + 50, y0 + 50)) == (255, 255, 255)
        colours = {c for _, c in pixels.getcolors(maxcolors=1 << 20) or []}
    assert {rgb(g.value) for g in RiskGrade} <= colours
    assert (0x52, 0xC4, 0x1A) not in colours  # the green others paint 低风险 with


def plan_png(width: int, height: int, colour: tuple[int, int, int] = (0, 128, 0)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(buf, format="PNG")
    return buf.getvalue()


def test_over_a_plan_image_the_image_keeps_its_size_and_shows_through(
        catalogue: Catalogue) -> None:
    image = plan_png(300, 200)
    plan = SitePlanView(enterprise_uscc="E", image_name="plan.png", image_sha256="ab" * 32,
                        width=300, height=200)
    reg = hand_register(catalogue, plan).model_copy(update={"points": (RiskPointView(
        id=1, enterprise_uscc="E", code="FXD-001", name="罐区", kind="equipment",
        zone=Zone(x=100, y=50, w=120, h=100),
        current=GradeView.of(graded(catalogue, "major"))),)})
    lay = drawing.layout(reg)
    assert (lay.map_w, lay.map_h, lay.scale) == (300, 200, 1)
    with Image.open(io.BytesIO(drawing.png(reg, "zh", image, on=TODAY))) as img:
        pixels = img.convert("RGB")
        assert pixels.getpixel((lay.map_x + 10, lay.map_y + 190)) == (0, 128, 0)
        centre = pixels.getpixel((lay.map_x + 160, lay.map_y + 100))
    # half transparent: the grade's red over the plan's green
    a = drawing.OVER_IMAGE_ALPHA / 255
    expected = [round(r * a + g * (1 - a)) for r, g in zip(rgb("major"), (0, 128, 0),
                                                            strict=True)]
    assert all(abs(c - e) <= 2 for c, e in zip(centre, expected, strict=True)), centre
    text = drawing.svg(reg, "zh", image, on=TODAY)
    root = ET.fromstring(text)
    (embedded,) = root.iter(f"{SVG}image")
    href = embedded.get("href") or ""
    assert href.startswith("data:image/png;base64,")
    assert base64.b64decode(href.split(",", 1)[1]) == image
    assert (embedded.get("width"), embedded.get("height")) == ("300", "200")
    assert zone_classes(text) == {"grade-major": 1}


def test_text_map_has_the_legend_and_every_code(catalogue: Catalogue) -> None:
    reg = hand_register(catalogue)
    lines = map_lines(reg, "zh", 60, 12)
    plain = [line.plain for line in lines]
    assert all(len(line) == 60 for line in plain[:12])
    body = "\n".join(plain[:12])
    for code, _, zone in POINTS:
        assert (code in body) == (zone is not None), code
    legend = plain[12]
    for name in NAMES.values():
        assert name in legend
    assert "未标注位置的风险点（1 处）" in plain[13] and "FXD-007" in plain[13]
    assert "FXD-006" in plain[14]
    # the zone of FXD-003 (a 较大 point at cell 4 of row 1) is orange behind
    row0 = lines[0]
    col = plain[0].index("FXD-003")
    (style,) = [sp.style for sp in row0.spans if sp.start <= col < sp.end]
    assert isinstance(style, Style) and style.bgcolor is not None
    assert style.bgcolor.get_truecolor().hex.upper() == COLOURS[RiskGrade.significant][1]
    nothing = map_lines(reg.model_copy(update={"plan": None}), "zh", 40, 10)
    assert "尚未设置厂区平面图或分区网格" in nothing[0].plain


# --- the services, on SQLite and PostgreSQL --------------------------------------------------


@pytest.fixture
def ctx(db_url: str, catalogue: Catalogue, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setenv("ANJIAN_EVIDENCE_DIR", str(tmp_path / "evidence"))
    c = Context(open_store(db_url), catalogue, "组长甲", TODAY, "zh")
    yield c
    c.store.close()


def add_points(c: Context, code: str, catalogue: Catalogue) -> dict[str, int]:
    """One risk point of each grade and one not assessed, none placed: their ids by code."""
    ids = {}
    with c.store.session() as s:
        for i, g in enumerate(["major", "significant", "general", "low", None], 1):
            record = graded(catalogue, g) if g else None
            row = RiskPoint(enterprise_uscc=code, code=f"FXD-00{i}", name=f"风险点{i}号",
                            kind="activity", inherent=record, current=record, grade=g)
            s.add(row)
            s.flush()
            assert row.id is not None
            ids[row.code] = row.id
    return ids


def evidence_files(root: Path) -> list[str]:
    return sorted(p.name for p in root.rglob("*") if p.is_file()) if root.exists() else []


def refused(c: Context, root: Path, key: str, call: Any) -> AnjianError:
    """``call()`` refused with ``key``, the database and the evidence store unchanged."""
    before, stored = everything(c.store), evidence_files(root)
    with pytest.raises(AnjianError) as caught:
        call()
    assert caught.value.key == key, caught.value
    assert everything(c.store) == before
    assert evidence_files(root) == stored
    return caught.value


def test_grid_zones_and_the_exported_maps(ctx: Context, catalogue: Catalogue,
                                         tmp_path: Path) -> None:
    code = enterprise(ctx, name="济南示例化工有限公司")
    ids = add_points(ctx, code, catalogue)
    root = tmp_path / "evidence"
    refused(ctx, root, "risk_map.no_plan_set", lambda: risk_map.place(ctx, ids["FXD-001"],
                                                                      0, 0, 1, 1))
    view = risk_map.set_plan_grid(ctx, code, 6, 4)
    assert (view.cols, view.rows, view.is_image) == (6, 4, False)
    for i, (x, y) in enumerate([(0, 0), (1, 0), (2, 0), (3, 0)], 1):
        placed = risk_map.place(ctx, ids[f"FXD-00{i}"], x, y, 1, 2 if i == 1 else 1)
        assert placed.zone == Zone(x=x, y=y, w=1, h=2 if i == 1 else 1)
    with ctx.store.session() as s:
        actions = [e.action for e in s.exec(select(AuditEntry)).all()]
    assert actions.count("risk.place") == 4 and actions.count("risk.plan") == 1
    # outside the grid, or no size: the field and the bounds named, nothing stored
    e = refused(ctx, root, "risk_map.zone_outside",
                lambda: risk_map.place(ctx, ids["FXD-005"], 6, 0, 1, 1))
    assert (e.params["field"], e.params["low"], e.params["high"]) == ("x", 0, 5)
    e = refused(ctx, root, "risk_map.zone_outside",
                lambda: risk_map.place(ctx, ids["FXD-005"], 4, 3, 3, 1))
    assert (e.params["field"], e.params["high"]) == ("w", 2)
    e = refused(ctx, root, "risk_map.zone_size",
                lambda: risk_map.place(ctx, ids["FXD-005"], 4, 3, 1, 0))
    assert e.params["field"] == "h"
    assert "h 为 0" in e.render("zh")
    for cols, rows, field in ((0, 4, "cols"), (6, 51, "rows")):
        e = refused(ctx, root, "risk_map.bad_grid",
                    lambda cols=cols, rows=rows: risk_map.set_plan_grid(ctx, code, cols, rows))
        assert e.params["field"] == field
    # a smaller grid would leave FXD-001 (rows 0-1) and FXD-004 (column 3) outside
    e = refused(ctx, root, "risk_map.zones_outside",
                lambda: risk_map.set_plan_grid(ctx, code, 3, 1))
    assert "FXD-001" in e.render("zh") and "FXD-004" in e.render("zh")
    assert "FXD-002" not in e.render("zh")
    assert risk_map.set_plan_grid(ctx, code, 8, 5).cols == 8  # a bigger one holds them
    # the maps
    svg_out = risk_map.export_map(ctx, code, tmp_path / "map.svg", "svg")
    text = svg_out.read_text(encoding="utf-8")
    assert zone_classes(text) == {"grade-major": 1, "grade-significant": 1,
                                  "grade-general": 1, "grade-low": 1}
    assert "FXD-005" in text  # not placed, listed beside the map
    reg = risk_map.map_register(ctx, code)
    assert reg.head_seq > 0 and f"审计链 #{reg.head_seq} {reg.head_hash[:16]}" in text
    png_out = risk_map.export_map(ctx, code, tmp_path / "map.png", "png")
    lay = drawing.layout(reg)
    with Image.open(png_out) as img:
        assert img.size == (lay.width, lay.height)
        pixels = img.convert("RGB")
        for p in reg.points:
            if p.zone is not None:
                x0, y0, x1, y1 = lay.box(p.zone)
                assert pixels.getpixel(((x0 + x1) // 2, (y0 + y1) // 2)) == rgb(p.grade)
    refused(ctx, root, "risk_map.bad_format",
            lambda: risk_map.format_of(tmp_path / "map.jpg"))
    with pytest.raises(AnjianError) as caught:
        risk_map.export_map(ctx, code, tmp_path / "map.txt", "svg")
    assert caught.value.key == "export.suffix"
    # taken off the map: listed beside it again
    assert risk_map.unplace(ctx, ids["FXD-004"]).zone is None
    assert risk_map.set_plan_grid(ctx, code, 3, 2).cols == 3


def test_plan_images_are_kept_by_hash_and_bad_ones_refused(ctx: Context, catalogue: Catalogue,
                                                           tmp_path: Path) -> None:
    code = enterprise(ctx)
    ids = add_points(ctx, code, catalogue)
    root = tmp_path / "evidence"
    good = tmp_path / "厂区平面图.png"
    good.write_bytes(plan_png(640, 480))
    # not an image, a truncated one, too many pixels, too many bytes, missing
    text = tmp_path / "plan.png"
    text.write_text("这不是图片", encoding="utf-8")
    e = refused(ctx, root, "risk_map.not_image", lambda: risk_map.set_plan_image(ctx, code, text))
    assert str(text) in e.render("zh")
    cut = tmp_path / "cut.png"
    cut.write_bytes(plan_png(64, 64)[:60])
    refused(ctx, root, "risk_map.bad_image", lambda: risk_map.set_plan_image(ctx, code, cut))
    wide = tmp_path / "wide.png"
    wide.write_bytes(plan_png(risk_map.MAX_SIDE + 1, 1))
    e = refused(ctx, root, "risk_map.too_many_pixels",
                lambda: risk_map.set_plan_image(ctx, code, wide))
    assert "10000" in e.render("zh") and "10001×1" in e.render("zh")
    heavy = tmp_path / "heavy.png"
    heavy.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(risk_map.MAX_BYTES))
    e = refused(ctx, root, "risk_map.too_many_bytes",
                lambda: risk_map.set_plan_image(ctx, code, heavy))
    assert "10.0 MB" in e.render("zh")
    refused(ctx, root, "risk_map.missing",
            lambda: risk_map.set_plan_image(ctx, code, tmp_path / "none.png"))
    # a good one: in the evidence store by its hash, its size recorded
    view = risk_map.set_plan_image(ctx, code, good)
    assert (view.width, view.height, view.image_name) == (640, 480, "厂区平面图.png")
    assert evidence_files(root) == [view.image_sha256]
    risk_map.place(ctx, ids["FXD-001"], 600, 400, 40, 80)
    e = refused(ctx, root, "risk_map.zone_outside",
                lambda: risk_map.place(ctx, ids["FXD-002"], 0, 480, 10, 10))
    assert (e.params["field"], e.params["high"]) == ("y", 479)
    assert "像素" in e.render("zh")
    # a smaller plan would leave FXD-001 outside
    small = tmp_path / "small.jpg"
    Image.new("RGB", (320, 240), (200, 200, 200)).save(small, format="JPEG")
    e = refused(ctx, root, "risk_map.zones_outside",
                lambda: risk_map.set_plan_image(ctx, code, small))
    assert "FXD-001 风险点1号" in e.render("zh")
    # the PNG keeps the plan at its own size
    out = risk_map.export_map(ctx, code, tmp_path / "map.png", "png")
    lay = drawing.layout(risk_map.map_register(ctx, code))
    assert (lay.map_w, lay.map_h) == (640, 480)
    with Image.open(out) as img:
        assert img.size == (lay.width, lay.height)
        assert img.convert("RGB").getpixel((lay.map_x + 5, lay.map_y + 5)) == (0, 128, 0)
    svg_text = risk_map.export_map(ctx, code, tmp_path / "map.svg", "svg").read_text("utf-8")
    assert "data:image/png;base64," in svg_text
    # a JPEG that fits is accepted once the point is taken off
    risk_map.unplace(ctx, ids["FXD-001"])
    assert risk_map.set_plan_image(ctx, code, small).width == 320


def test_the_command_line(tmp_path: Path, catalogue: Catalogue,
                          capsys: pytest.CaptureFixture[str],
                          monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    c = Context(open_store(url), catalogue, "组长甲", TODAY, "zh")
    code = enterprise(c, name="济南示例化工有限公司")
    ids = add_points(c, code, catalogue)
    c.store.close()

    def run(*args: str) -> tuple[int, str, str]:
        return cli_run(url, "组长甲", ["risk", *args], capsys, lang="zh")

    assert run("plan", "--enterprise", code, "--grid", "6x4") == (
        0, f"已设置 {code} 的分区网格：6 列 × 4 行\n", "")
    status, out, _ = run("place", str(ids["FXD-001"]), "--at", "0,0,2,1")
    assert (status, out) == (0, "风险点 FXD-001 风险点1号 的位置：x=0 y=0 w=2 h=1\n")
    status, out, err = run("place", str(ids["FXD-002"]), "--at", "5,0,2,1")
    assert status != 0 and "w" in err and "未保存任何内容" in err
    status, out, err = run("place", str(ids["FXD-002"]), "--at", "5,0")
    assert status != 0 and "x,y,w,h" in err
    status, out, _ = run("place", str(ids["FXD-002"]), "--at", "2,0,1,1", "--json")
    assert json.loads(out)["zone"] == {"x": 2, "y": 0, "w": 1, "h": 1}
    status, out, _ = run("map", "--enterprise", code, "--out", str(tmp_path / "m.svg"))
    assert status == 0 and "已保存四色分布图" in out
    assert zone_classes((tmp_path / "m.svg").read_text("utf-8")) == {
        "grade-major": 1, "grade-significant": 1}
    status, out, _ = run("map", "--enterprise", code, "--out", str(tmp_path / "m.png"))
    assert status == 0 and (tmp_path / "m.png").read_bytes().startswith(b"\x89PNG")
    status, out, err = run("map", "--enterprise", code, "--out", str(tmp_path / "m.gif"))
    assert status != 0 and "SVG 或 PNG" in err and not (tmp_path / "m.gif").exists()
    status, out, _ = run("map", "--enterprise", code, "--text", "--width", "48",
                         "--height", "8")
    assert status == 0
    for word in ("FXD-001", "FXD-002", "重大风险", "较大风险", "一般风险", "低风险", "FXD-005"):
        assert word in out
    status, out, err = run("plan", "--enterprise", code)
    assert status != 0 and "--grid" in err
