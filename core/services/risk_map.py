"""The four-colour risk map (安全风险四色分布图): the enterprise's site plan (a PNG or JPEG image,
or a zone grid it lays out), where each risk point lies on it, and the map drawn as SVG or PNG.

A plan image is checked whole before anything is kept (PNG or JPEG by its first bytes, opened
and verified by Pillow, at most :data:`MAX_BYTES` and :data:`MAX_SIDE` pixels a side), then
copied into the evidence store by its SHA-256 (:mod:`core.store.evidence_files`), beside the
photos of findings; the row keeps its hash and size. A zone is given in the plan's pixels or
the grid's cells and must lie inside it; a new plan that would leave a placed point outside
is refused, naming the points. Every write is authorised as ``edit_risk`` and audited.
"""

from __future__ import annotations

import hashlib
import io
import os
import warnings
from pathlib import Path
from typing import Any, Literal

from PIL import Image, UnidentifiedImageError

from core.documents import risk_map as drawing
from core.documents.saving import write_bytes
from core.excel.saving import check_target
from core.i18n import AnjianError, Listed, Msg, os_reason
from core.process import credit_code as credit
from core.process.permissions import Action, Scope
from core.services.context import Context
from core.services.exports import kept_out
from core.services.users import authorize
from core.store import evidence_files as files
from core.store import queries as q
from core.store import site_plans as store
from core.store.db import Session
from core.store.tables import Enterprise, RiskPoint, SitePlan
from core.views.risk import GradeView, RegisterView, RiskPointView, SitePlanView, Zone

#: The largest plan image kept: 10 MB, and 10000 pixels a side (a plan scanned at 300 dpi on
#: A0 is about 9900 × 14000: such a scan is to be scaled down first).
MAX_BYTES = 10 * files.MB
MAX_SIDE = 10000
#: The most columns or rows a zone grid has.
MAX_CELLS = 50
#: The first bytes of the image formats a plan may be in.
MAGIC = {b"\x89PNG\r\n\x1a\n": "PNG", b"\xff\xd8\xff": "JPEG"}

Format = Literal["svg", "png"]


# --- the plan ------------------------------------------------------------------------------


def check_image(path: str | Path) -> tuple[files.Checked, bytes, int, int]:
    """The plan image at ``path``, checked: the file, its content, width and height. Refused
    naming the file: missing or unreadable, not a regular file, too large, not a PNG or JPEG,
    or one Pillow cannot open."""
    shown = str(path)
    if not os.path.lexists(shown):
        raise AnjianError("risk_map.missing", file=shown)
    checked = files.check(shown, MAX_BYTES * 1024)  # the limit below names the plan's own
    if checked.size > MAX_BYTES:
        raise AnjianError("risk_map.too_many_bytes", file=shown, size=files.human(checked.size),
                          limit=files.human(MAX_BYTES))
    try:
        data = Path(checked.path).read_bytes()
    except OSError as exc:
        raise AnjianError("risk_map.unreadable", file=shown, reason=os_reason(exc)) from None
    kind = next((name for magic, name in MAGIC.items() if data.startswith(magic)), None)
    if kind is None:
        raise AnjianError("risk_map.not_image", file=shown)
    try:
        with warnings.catch_warnings():
            # The side limit below is the plan's own; Pillow's pixel-count warning is not.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as img:
                if img.format != kind:
                    raise AnjianError("risk_map.not_image", file=shown)
                width, height = img.size
                if width > MAX_SIDE or height > MAX_SIDE:
                    raise AnjianError("risk_map.too_many_pixels", file=shown, width=width,
                                      height=height, limit=MAX_SIDE)
                img.verify()
            with Image.open(io.BytesIO(data)) as img:
                img.load()  # verify() reads no JPEG data: decoding it finds a cut-off file
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError,
            Image.DecompressionBombError) as exc:
        raise AnjianError("risk_map.bad_image", file=shown,
                          reason=str(exc) or type(exc).__name__) from None
    return checked, data, width, height


def set_plan_image(ctx: Context, enterprise: str, path: str | Path) -> SitePlanView:
    """Set the enterprise's site plan to the image at ``path`` (PNG or JPEG), kept in the
    evidence store. Refused, nothing stored: the file is not such an image, too large or
    unreadable (:func:`check_image`); a risk point placed already would lie outside it."""
    code = credit.validate(enterprise)
    with ctx.store.reading() as s:
        q.get(s, Enterprise, code, "enterprise")
        authorize(ctx, s, Action.edit_risk, Scope(enterprise=code), bootstrap=False)
    checked, data, width, height = check_image(path)
    digest = hashlib.sha256(data).hexdigest()
    kept = files.put(checked, files.store_dir(ctx.store.url), MAX_BYTES)
    try:
        if kept.sha256 != digest:  # the file changed between the check and the copy
            raise AnjianError("evidence.changed", path=str(path))
        with ctx.store.session() as s:
            q.get(s, Enterprise, code, "enterprise")
            authorize(ctx, s, Action.edit_risk, Scope(enterprise=code))
            before = _plan_record(store.plan(s, code, lock=True))
            _check_fit(s, code, "image", width, height)
            row = store.save_plan(s, code, {"image_name": Path(path).name,
                                            "image_sha256": digest, "width": width,
                                            "height": height, "cols": 0, "rows": 0}, ctx.actor)
            q.append_audit(s, ctx.actor, "risk.plan", "site_plan", code,
                           before=before, after=_plan_record(row))
            return plan_view(row)
    except BaseException:
        _discard(ctx, kept)
        raise


def set_plan_grid(ctx: Context, enterprise: str, cols: int, rows: int) -> SitePlanView:
    """Lay the enterprise's risk points out on a grid of ``cols`` × ``rows`` zones (1 to
    :data:`MAX_CELLS` each) instead of a plan image. Refused when a placed point would lie
    outside it."""
    code = credit.validate(enterprise)
    for field, value in (("cols", cols), ("rows", rows)):
        if not 1 <= value <= MAX_CELLS:
            raise AnjianError("risk_map.bad_grid", field=field, value=value, max=MAX_CELLS)
    with ctx.store.session() as s:
        q.get(s, Enterprise, code, "enterprise")
        authorize(ctx, s, Action.edit_risk, Scope(enterprise=code))
        before = _plan_record(store.plan(s, code, lock=True))
        _check_fit(s, code, "grid", cols, rows)
        row = store.save_plan(s, code, {"image_name": "", "image_sha256": "", "width": 0,
                                        "height": 0, "cols": cols, "rows": rows}, ctx.actor)
        q.append_audit(s, ctx.actor, "risk.plan", "site_plan", code,
                       before=before, after=_plan_record(row))
        return plan_view(row)


def _check_fit(s: Session, code: str, kind: str, width: int, height: int) -> None:
    """Refuse a new plan that a placed risk point would lie outside, naming them."""
    outside = [f"{p.code} {p.name}" for p in store.points(s, code)
               if p.zone and not _fits(p.zone, width, height)]
    if outside:
        raise AnjianError("risk_map.zones_outside", plan=_plan_word(kind), width=width,
                          height=height, unit=_unit_word(kind), points=Listed(outside))


def _fits(zone: dict[str, Any], width: int, height: int) -> bool:
    x, y, w, h = (int(zone[k]) for k in ("x", "y", "w", "h"))
    return x >= 0 and y >= 0 and w > 0 and h > 0 and x + w <= width and y + h <= height


def _plan_word(kind: str) -> Msg:
    return Msg(f"risk_map.plan.{kind}")


def _unit_word(kind: str) -> Msg:
    return Msg(f"risk_map.unit.{kind}")


def _discard(ctx: Context, kept: files.Stored) -> None:
    """Take a newly stored plan image away again when its row was not saved, unless another
    enterprise's plan (or an evidence row) has the same content."""
    if not kept.new:
        return
    try:
        with ctx.store.reading() as s:
            used = q.evidence_hashes_used(s, {kept.sha256})
            used |= {p.image_sha256 for p in store.plans_with(s, kept.sha256)}
    except Exception:  # cannot tell: keep it, an unreferenced file is harmless
        return
    if kept.sha256 not in used:
        files.remove([kept])


# --- zones ---------------------------------------------------------------------------------


def place(ctx: Context, point_id: int, x: int, y: int, w: int, h: int) -> RiskPointView:
    """Place risk point ``point_id`` at ``x``, ``y`` (its top left corner, from 0) with width
    ``w`` and height ``h``, in the plan image's pixels or the grid's cells. Refused, naming
    the field and the bounds: outside the plan, a size not positive, no plan set yet."""
    with ctx.store.session() as s:
        row = store.point(s, point_id)
        code = row.enterprise_uscc
        authorize(ctx, s, Action.edit_risk, Scope(enterprise=code))
        row = store.point(s, point_id, lock=True)
        plan = store.plan(s, code)
        kind, width, height = _bounds(plan)
        if not width or not height:
            ent = q.get(s, Enterprise, code, "enterprise")
            raise AnjianError("risk_map.no_plan_set", name=ent.name, uscc=code)
        zone = {"x": x, "y": y, "w": w, "h": h}
        _check_zone(zone, kind, width, height)
        before = row.zone
        store.set_zone(s, row, zone)
        q.append_audit(s, ctx.actor, "risk.place", "risk_point", point_id,
                       before={"code": row.code, "zone": before},
                       after={"code": row.code, "zone": zone})
        return point_view(row)


def unplace(ctx: Context, point_id: int) -> RiskPointView:
    """Take risk point ``point_id`` off the map (it is then listed beside it)."""
    with ctx.store.session() as s:
        row = store.point(s, point_id)
        authorize(ctx, s, Action.edit_risk, Scope(enterprise=row.enterprise_uscc))
        row = store.point(s, point_id, lock=True)
        if row.zone is None:
            return point_view(row)
        before = row.zone
        store.set_zone(s, row, None)
        q.append_audit(s, ctx.actor, "risk.place", "risk_point", point_id,
                       before={"code": row.code, "zone": before},
                       after={"code": row.code, "zone": None})
        return point_view(row)


def _bounds(plan: SitePlan | None) -> tuple[str, int, int]:
    if plan is None:
        return "grid", 0, 0
    if plan.image_sha256:
        return "image", plan.width, plan.height
    return "grid", plan.cols, plan.rows


def _check_zone(zone: dict[str, int], kind: str, width: int, height: int) -> None:
    """Refuse a zone outside a plan of ``width`` × ``height``, naming the field and its
    bounds."""
    common = {"plan": _plan_word(kind), "unit": _unit_word(kind), "width": width,
              "height": height}
    for field, size in (("x", width), ("y", height)):
        if not 0 <= zone[field] <= size - 1:
            raise AnjianError("risk_map.zone_outside", field=field, value=zone[field], low=0,
                              high=size - 1, **common)
    for field, start, size in (("w", zone["x"], width), ("h", zone["y"], height)):
        if zone[field] <= 0:
            raise AnjianError("risk_map.zone_size", field=field, value=zone[field])
        if start + zone[field] > size:
            raise AnjianError("risk_map.zone_outside", field=field, value=zone[field], low=1,
                              high=size - start, **common)


# --- reading and drawing -------------------------------------------------------------------


def map_register(ctx: Context, enterprise: str) -> RegisterView:
    """The enterprise's register as the map is drawn from it (its points, its plan, the
    audit chain's head)."""
    from core.services import risk

    return risk.register(ctx, enterprise)


def plan_image(ctx: Context, plan: SitePlanView | None) -> bytes | None:
    """The plan image's bytes from the evidence store (None for a grid); refused when the
    stored file is missing or no longer has its hash."""
    if plan is None or not plan.is_image:
        return None
    root = files.store_dir(ctx.store.url)
    where = files.location(root, plan.image_sha256)
    if files.hash_file(where) != plan.image_sha256:
        raise AnjianError("risk_map.image_gone", name=plan.image_name, sha=plan.image_sha256,
                          dir=str(root))
    return where.read_bytes()


def export_map(ctx: Context, enterprise: str, out: str | Path, fmt: str) -> Path:
    """Write the enterprise's four-colour map to ``out`` as ``svg`` or ``png`` (the file's
    suffix must say the same), dated today, with the audit chain's head it was read under."""
    if fmt not in ("svg", "png"):
        raise AnjianError("risk_map.bad_format", file=str(out))
    target = check_target(out, kept_out(ctx.store.url), suffix=f".{fmt}")
    register = map_register(ctx, enterprise)
    data = plan_image(ctx, register.plan)
    if fmt == "svg":
        content = drawing.svg(register, ctx.lang, data, on=ctx.today).encode("utf-8")
    else:
        content = drawing.png(register, ctx.lang, data, on=ctx.today)
    return write_bytes(target, content)


def format_of(out: str | Path) -> Format:
    """The map format a file name asks for by its suffix (``.svg``, ``.png``)."""
    suffix = Path(out).suffix.lower()
    if suffix == ".svg":
        return "svg"
    if suffix == ".png":
        return "png"
    raise AnjianError("risk_map.bad_format", file=str(out))


# --- views ---------------------------------------------------------------------------------


def plan_view(row: SitePlan) -> SitePlanView:
    return SitePlanView(enterprise_uscc=row.enterprise_uscc, image_name=row.image_name,
                        image_sha256=row.image_sha256, width=row.width, height=row.height,
                        cols=row.cols, rows=row.rows)


def point_view(row: RiskPoint) -> RiskPointView:
    """A risk point as the map needs it (no entries, no hazards)."""
    assert row.id is not None
    return RiskPointView(
        id=row.id, enterprise_uscc=row.enterprise_uscc, code=row.code, name=row.name,
        kind=row.kind, place=row.place, detail=dict(row.detail or {}),
        responsible={k: str(v) for k, v in (row.responsible or {}).items()},
        zone=Zone(**row.zone) if row.zone else None, inherent=GradeView.of(row.inherent),
        current=GradeView.of(row.current), assessed_on=row.assessed_on,
        assessed_by=row.assessed_by, reassess=row.reassess)


def _plan_record(row: SitePlan | None) -> dict[str, Any] | None:
    """A plan as the audit log keeps it."""
    if row is None:
        return None
    if row.image_sha256:
        return {"image_name": row.image_name, "image_sha256": row.image_sha256,
                "width": row.width, "height": row.height}
    return {"cols": row.cols, "rows": row.rows}

