"""The issuing authority (执法机关) and the officers' enforcement certificates: what every
enforcement document names."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from core.documents import compose as forms
from core.i18n import AnjianError, Msg
from core.pack.free_text import check, record_of
from core.process.permissions import Action, Role
from core.services.context import Context
from core.services.users import authorize
from core.store import documents as store
from core.store import queries as q
from core.store.tables import Bureau, OfficerCert, User, utcnow
from core.views.documents import BureauView, OfficerView

#: The longest short name and certificate number kept (the sequence's key column is 16
#: characters; a certificate number 64).
SHORT_MAX, CERT_MAX = 16, 64


def _view(b: Bureau) -> BureauView:
    return BureauView(name=b.name, short=b.short, edition=b.edition,
                      reconsideration=tuple(b.reconsideration), court=b.court, seal=b.seal,
                      updated_by=b.updated_by, updated_at=b.updated_at)


def officer_view(c: OfficerCert) -> OfficerView:
    return OfficerView(name=c.name, cert_no=c.cert_no, valid_until=c.valid_until)


def set_bureau(ctx: Context, *, name: str, short: str, edition: str,
               reconsideration: Sequence[str], court: str, seal: str = "") -> BureauView:
    """Record (or change) the issuing authority: a lead or an administrator; audited.

    Refused, nothing stored, without a full name, a short name (at most 16 characters: the
    part of a number in brackets), an edition anjian knows, at least one reconsideration body
    and a court."""
    name, short, edition, court, seal = (v.strip() for v in (name, short, edition, court, seal))
    bodies = [b.strip() for b in reconsideration if b.strip()]
    check(record_of("bureau"), name=name, short=short, court=court, seal=seal,
          reconsideration=bodies)
    if not name:
        raise AnjianError("bureau.needs", field="--name")
    if not short or len(short) > SHORT_MAX:
        raise AnjianError("bureau.bad_short", short=short, most=SHORT_MAX)
    forms.edition(edition)  # refused by name unless anjian has its forms
    if not bodies:
        raise AnjianError("bureau.needs", field="--reconsideration")
    if not court:
        raise AnjianError("bureau.needs", field="--court")
    with ctx.store.session() as s:
        authorize(ctx, s, Action.manage_bureau)
        old = store.bureau(s)
        before = _view(old).model_dump(mode="json", exclude={"updated_by", "updated_at"}) \
            if old is not None else None
        row = store.save_bureau(s, {"name": name, "short": short, "edition": edition,
                                    "reconsideration": bodies, "court": court, "seal": seal,
                                    "updated_by": ctx.actor, "updated_at": utcnow()})
        view = _view(row)
        q.append_audit(s, ctx.actor, "bureau.set", "bureau", 1, before=before,
                       after=view.model_dump(mode="json",
                                             exclude={"updated_by", "updated_at"}))
        return view


def get_bureau(ctx: Context) -> BureauView | None:
    """The issuing authority, or None while none is set."""
    with ctx.store.reading() as s:
        authorize(ctx, s, Action.read)
        row = store.bureau(s)
        return _view(row) if row is not None else None


#: The roles whose people enforce (sign documents): the bureau's leads and inspectors.
OFFICER_ROLES = (Role.lead.value, Role.inspector.value)


def set_cert(ctx: Context, name: str, *, cert_no: str, until: dt.date) -> OfficerView:
    """Record a user's enforcement certificate number and its last valid day: a lead or an
    administrator; audited. Refused for a user who is not a lead or an inspector, an empty
    number and a certificate already expired."""
    cert_no = cert_no.strip()
    check(record_of("user", name), cert_no=cert_no)
    if not cert_no or len(cert_no) > CERT_MAX:
        raise AnjianError("cert.bad_number", user=name, most=CERT_MAX)
    if until < ctx.today:
        raise AnjianError("cert.expired", user=name, until=until.isoformat(),
                          today=ctx.today.isoformat())
    with ctx.store.session() as s:
        authorize(ctx, s, Action.manage_bureau)
        u = q.get(s, User, name, "user")
        if u.disabled_at is not None:
            raise AnjianError("user.disabled", user=u.name, by=u.disabled_by or "-",
                              reason=u.disabled_reason or "-")
        if u.role not in OFFICER_ROLES:
            raise AnjianError("cert.not_officer", user=name, role=Msg(f"role.{u.role}"))
        old = store.cert(s, name)
        before = ({"cert_no": old.cert_no, "valid_until": old.valid_until}
                  if old is not None else None)
        row = store.save_cert(s, name, {"cert_no": cert_no, "valid_until": until,
                                        "recorded_by": ctx.actor, "recorded_at": utcnow()})
        q.append_audit(s, ctx.actor, "cert.set", "user", name, before=before,
                       after={"cert_no": cert_no, "valid_until": until})
        return officer_view(row)


def certs(ctx: Context) -> list[OfficerView]:
    """Every recorded certificate, by name (the bureau's people read them)."""
    with ctx.store.reading() as s:
        authorize(ctx, s, Action.read_all)
        return [officer_view(c) for c in store.certs(s)]
