"""``anjian risk`` commands of the register itself (see :mod:`tui.cli.risk`): add a risk
point, add an entry to it (a JHA step or an SCL check item with its inherent and current
assessment), name the responsible people, grade (a calculator that stores nothing), list,
show, link and unlink a hazard, and the installed method presets.

An assessment is written ``PRESET:FACTOR=SCORE,…`` (``lec-classic:L=6,E=6,C=15``,
``ls-shandong:L=3,S=4``); pairs are ``KEY=VALUE`` (``--responsible company=张三``,
``--measure engineering=设置防护栏``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated, Any

import typer

from core.i18n import AnjianError, Lang, Listed, t
from tui.cli.localise import Command
from tui.cli.options import Json, options
from tui.cli.output import echo, emit

if TYPE_CHECKING:
    from core.engine.grading import Graded
    from core.plugins.catalogue import Catalogue
    from core.views.risk import GradeView, RiskPointView

#: The preset each method uses when none is named.
DEFAULT_PRESETS = {"lec": "lec-classic", "ls": "ls-shandong"}
#: Points a page of ``risk list`` shows.
PAGE = 50

Pairs = Annotated[list[str] | None, typer.Option("--responsible")]


def pairs(values: Sequence[str] | None, option: str) -> dict[str, str]:
    """``KEY=VALUE`` arguments as a mapping, refusing one without ``=``."""
    found: dict[str, str] = {}
    for raw in values or ():
        key, sep, value = raw.partition("=")
        if not sep or not key.strip():
            raise AnjianError("risk.register.pair", option=option, value=raw)
        found[key.strip()] = value.strip()
    return found


def assessment(raw: str, option: str, rules: Sequence[str]) -> dict[str, Any]:
    """``PRESET:L=6,E=6,C=15`` as the services' assessment argument."""
    preset, sep, factors = raw.partition(":")
    inputs: dict[str, float] = {}
    try:
        if not sep or not preset.strip():
            raise ValueError(raw)
        for part in factors.split(","):
            key, eq, score = part.partition("=")
            if not eq:
                raise ValueError(part)
            inputs[key.strip()] = float(score)
    except ValueError:
        raise AnjianError("risk.register.assessment", option=option, value=raw) from None
    return {"preset": preset.strip(), "inputs": inputs, "rules": list(rules)}


def _num(x: float) -> str:
    return f"{x:g}"


def grade_line(g: GradeView | None, lang: Lang) -> str:
    """``较大风险（橙） D=270 lec-classic``, or 未评价."""
    if g is None:
        return t("cli.out.risk.not_assessed", lang)
    from core.pack.risk_method import COLOURS, RiskGrade

    colour = COLOURS[RiskGrade(g.grade)][0]
    return t("cli.out.risk.grade_short", lang, grade=t(f"risk.grade.{g.grade}", lang),
             colour=t(f"risk.colour.{colour}", lang),
             symbol="D" if g.method == "lec" else "R", value=_num(g.value), preset=g.preset)


def point_line(p: RiskPointView, lang: Lang) -> str:
    line = t("cli.out.risk.point", lang, id=p.id, code=p.code, name=p.name,
             kind=t(f"risk.kind.{p.kind}", lang), grade=grade_line(p.current, lang))
    if p.reassess:
        line += " " + t("cli.out.risk.flag", lang, reason=p.reassess)
    return line


def point_lines(p: RiskPointView, lang: Lang) -> list[str]:
    """A risk point as ``risk show`` prints it: what and where, the people at each tier, its
    grades, each entry, the hazards tied to it and why it is flagged."""
    sep = "、" if lang == "zh" else ", "
    lines = [point_line(p, lang)]
    if p.place:
        lines.append("  " + t("cli.out.risk.place", lang, place=p.place))
    for key, value in p.detail.items():
        lines.append(f"  {key}: {value}")
    if p.responsible:
        lines.append("  " + t("cli.out.risk.responsible", lang, people=sep.join(
            f"{t(f'risk.tier.{k}', lang)} {v}" for k, v in p.responsible.items())))
    lines.append("  " + t("cli.out.risk.grades", lang, inherent=grade_line(p.inherent, lang),
                          current=grade_line(p.current, lang)))
    if p.current is not None:
        lines.append("  " + t("cli.out.risk.tiers", lang, tiers=sep.join(
            t(f"risk.tier.{x}", lang) for x in p.current.tiers)))
    for e in p.entries:
        lines.append("  " + t("cli.out.risk.entry", lang, seq=e.seq, step=e.step,
                              hazard=e.hazard,
                              source=t(f"risk.source.{e.source_class}", lang)))
        if e.standard:
            lines.append("    " + t("cli.out.risk.standard", lang, standard=e.standard))
        if e.accident_types or e.consequence:
            # without a consequence (or types) the sentence ends at what it has
            lines.append("    " + t("cli.out.risk.accidents", lang, types=sep.join(
                t(f"risk.accident.{a}", lang) for a in e.accident_types),
                consequence=e.consequence).rstrip("；; "))
        for cls, text in e.measures.items():
            colon = "：" if lang == "zh" else ": "
            lines.append(f"    {t(f'risk.measure.{cls}', lang)}{colon}{text}")
        lines.append("    " + t("cli.out.risk.grades", lang,
                                inherent=grade_line(e.inherent, lang),
                                current=grade_line(e.current, lang)))
        for ref, text in e.current.rules or e.inherent.rules:
            lines.append("    " + t("cli.out.risk.rule", lang, rule=ref, text=text))
        if e.suggestions:
            lines.append("    " + t("cli.out.risk.suggestions", lang, text=e.suggestions))
    if p.hazards:
        lines.append("  " + t("cli.out.risk.hazards", lang,
                              ids=sep.join(f"#{h}" for h in p.hazards)))
    return lines


def _shown(p: RiskPointView, as_json: bool, lang: Lang, done: str) -> None:
    if as_json:
        emit(p.model_dump(mode="json"))
        return
    echo(t(done, lang, id=p.id, code=p.code))
    for line in point_lines(p, lang):
        echo(line)


def add_commands(app: typer.Typer) -> None:
    """Add this module's commands to ``app``."""

    @app.command("add", cls=Command)
    def add(
        ctx: typer.Context,
        enterprise: Annotated[str, typer.Option("--enterprise")],
        code: Annotated[str, typer.Option("--code")],
        name: Annotated[str, typer.Option("--name")],
        kind: Annotated[str, typer.Option("--kind")],
        place: Annotated[str, typer.Option("--place")] = "",
        detail: Annotated[list[str] | None, typer.Option("--detail")] = None,
        responsible: Pairs = None,
        as_json: Json = False,
    ) -> None:
        """Add a risk point to an enterprise's register."""
        from core.services import risk

        opts = options(ctx)
        p = risk.add_point(opts.context(), enterprise, code=code, name=name, kind=kind,
                           place=place, detail=pairs(detail, "--detail"),
                           responsible=pairs(responsible, "--responsible"))
        _shown(p, as_json, opts.lang, "cli.out.risk.added")

    @app.command("entry", cls=Command)
    def entry(
        ctx: typer.Context,
        point_id: Annotated[int, typer.Argument()],
        step: Annotated[str, typer.Option("--step")],
        hazard: Annotated[str, typer.Option("--hazard")],
        source: Annotated[str, typer.Option("--source")],
        inherent: Annotated[str, typer.Option("--inherent")],
        current: Annotated[str, typer.Option("--current")],
        accident: Annotated[list[str] | None, typer.Option("--accident")] = None,
        measure: Annotated[list[str] | None, typer.Option("--measure")] = None,
        consequence: Annotated[str, typer.Option("--consequence")] = "",
        standard: Annotated[str, typer.Option("--standard")] = "",
        rule: Annotated[list[str] | None, typer.Option("--rule")] = None,
        suggestion: Annotated[str, typer.Option("--suggestion")] = "",
        as_json: Json = False,
    ) -> None:
        """Add a step (activity) or check item (equipment) with its assessment."""
        from core.services import risk

        opts = options(ctx)
        rules = list(rule or ())
        p = risk.add_entry(opts.context(), point_id, step=step, hazard=hazard,
                           source_class=source,
                           inherent=assessment(inherent, "--inherent", rules),
                           current=assessment(current, "--current", rules),
                           accident_types=list(accident or ()), consequence=consequence,
                           measures=pairs(measure, "--measure"), standard=standard,
                           suggestions=suggestion)
        _shown(p, as_json, opts.lang, "cli.out.risk.entry_added")

    @app.command("responsible", cls=Command)
    def responsible_(
        ctx: typer.Context,
        point_id: Annotated[int, typer.Argument()],
        responsible: Annotated[list[str], typer.Option("--responsible")],
        as_json: Json = False,
    ) -> None:
        """Name the responsible person at each control tier of a risk point."""
        from core.services import risk

        opts = options(ctx)
        p = risk.set_responsible(opts.context(), point_id,
                                 pairs(responsible, "--responsible"))
        _shown(p, as_json, opts.lang, "cli.out.risk.responsible_set")

    @app.command("grade", cls=Command)
    def grade_(
        ctx: typer.Context,
        method: Annotated[str, typer.Option("--method")],
        likelihood: Annotated[float | None, typer.Option("-L")] = None,
        exposure: Annotated[float | None, typer.Option("-E")] = None,
        consequence: Annotated[float | None, typer.Option("-C")] = None,
        severity: Annotated[float | None, typer.Option("-S")] = None,
        preset: Annotated[str | None, typer.Option("--preset")] = None,
        rule: Annotated[list[str] | None, typer.Option("--rule")] = None,
        as_json: Json = False,
    ) -> None:
        """Grade a risk without storing anything (works without a database)."""
        from core.services import risk

        opts = options(ctx)
        if method not in DEFAULT_PRESETS:
            raise AnjianError("risk.register.method", value=method,
                              allowed=Listed(list(DEFAULT_PRESETS)))
        given = {"L": likelihood, "E": exposure, "C": consequence, "S": severity}
        inputs = {k: v for k, v in given.items() if v is not None}
        calc = risk.calculator(opts.lang)
        chosen = preset or DEFAULT_PRESETS[method]
        found = calc.catalogue.risk_method(chosen).method
        if found != method:
            raise AnjianError("risk.register.preset_method", preset=chosen,
                              method=t(f"risk.method.{found}", opts.lang))
        g = risk.calculate(calc, preset=chosen, inputs=inputs, rules=list(rule or ()))
        _graded(g, calc.catalogue, as_json, opts.lang)

    @app.command("list", cls=Command)
    def list_(
        ctx: typer.Context,
        enterprise: Annotated[str | None, typer.Option("--enterprise")] = None,
        grade: Annotated[str | None, typer.Option("--grade")] = None,
        flagged: Annotated[bool, typer.Option("--flagged")] = False,
        page: Annotated[int, typer.Option("--page")] = 1,
        as_json: Json = False,
    ) -> None:
        """An enterprise's risk points, a page at a time."""
        from core.services import risk, users

        opts = options(ctx)
        c = opts.context()
        if enterprise is None:
            me = users.whoami(c)
            enterprise = me.enterprise if me is not None else None
            if not enterprise:
                raise AnjianError("field.required", field="--enterprise")
        if page < 1:
            raise AnjianError("risk.register.bad_page_number", page=page)
        found, total = risk.points(c, enterprise, grade=grade, flagged=flagged,
                                   offset=(page - 1) * PAGE, limit=PAGE)
        if as_json:
            emit({"total": total, "page": page, "points": [
                p.model_dump(mode="json") for p in found]})
            return
        pages = max(1, -(-total // PAGE))
        echo(t("cli.out.risk.listed", opts.lang, uscc=enterprise, total=total, page=page,
               pages=pages))
        for p in found:
            echo(point_line(p, opts.lang))

    @app.command("show", cls=Command)
    def show(
        ctx: typer.Context,
        point_id: Annotated[int, typer.Argument()],
        as_json: Json = False,
    ) -> None:
        """A risk point with its entries, grades and the hazards tied to it."""
        from core.services import risk

        opts = options(ctx)
        p = risk.point(opts.context(), point_id)
        if as_json:
            emit(p.model_dump(mode="json"))
            return
        for line in point_lines(p, opts.lang):
            echo(line)
        if p.reassess:
            echo(t("cli.out.risk.reassess", opts.lang, reason=p.reassess))

    @app.command("link", cls=Command)
    def link(
        ctx: typer.Context,
        hazard: Annotated[int, typer.Option("--hazard")],
        point: Annotated[int, typer.Option("--point")],
        as_json: Json = False,
    ) -> None:
        """Tie a hazard to the risk point it belongs to (same enterprise)."""
        from core.services import risk

        opts = options(ctx)
        p = risk.link_hazard(opts.context(), hazard, point)
        if as_json:
            emit(p.model_dump(mode="json"))
            return
        echo(t("cli.out.risk.linked", opts.lang, hazard=hazard, id=p.id, code=p.code))
        echo(point_line(p, opts.lang))

    @app.command("unlink", cls=Command)
    def unlink(
        ctx: typer.Context,
        hazard: Annotated[int, typer.Option("--hazard")],
    ) -> None:
        """Untie a hazard from its risk point."""
        from core.services import risk

        opts = options(ctx)
        risk.unlink_hazard(opts.context(), hazard)
        echo(t("cli.out.risk.unlinked", opts.lang, hazard=hazard))

    @app.command("presets", cls=Command)
    def presets(ctx: typer.Context, as_json: Json = False) -> None:
        """The installed assessment method presets and direct-determination rule lists."""
        from core.services import risk

        opts = options(ctx)
        cat = risk.calculator(opts.lang).catalogue
        if as_json:
            emit({"presets": [_preset_json(m) for m in cat.risk_methods.values()],
                  "rules": [{"id": d.id, "name": d.name, "source": d.source,
                             "verification": d.verification,
                             "rules": [{"id": f"{d.id}/{r.id}", "text": r.text}
                                       for r in d.rules]}
                            for d in cat.direct_rules.values()]})
            return
        lang = opts.lang
        for m in cat.risk_methods.values():
            echo(t("cli.out.risk.preset", lang, id=m.id, name=m.name,
                   method=t(f"risk.method.{m.method}", lang)))
            echo("  " + t("cli.out.risk.source", lang, source=m.source,
                          verification=t(f"risk.verification.{m.verification}", lang)))
            echo("  " + t("cli.out.risk.convention", lang, convention=m.convention()))
        for d in cat.direct_rules.values():
            echo(t("cli.out.risk.rule_list", lang, id=d.id, name=d.name))
            echo("  " + t("cli.out.risk.source", lang, source=d.source,
                          verification=t(f"risk.verification.{d.verification}", lang)))
            for r in d.rules:
                echo(f"  {d.id}/{r.id}: {r.text}")


def _preset_json(m: Any) -> dict[str, Any]:
    return {"id": m.id, "method": m.method, "name": m.name, "source": m.source,
            "verification": m.verification, "verification_note": m.verification_note,
            "convention": m.convention()}


def _graded(g: Graded, catalogue: Catalogue, as_json: bool, lang: Lang) -> None:
    """The calculator's answer."""
    m = catalogue.risk_method(g.preset)
    tiers = [t(f"risk.tier.{x.value}", lang) for x in g.tiers]
    if as_json:
        emit({**g.record(), "colour": g.colour, "rgb": g.rgb,
              "preset_info": _preset_json(m)})
        return
    symbol = "D" if g.method == "lec" else "R"
    factors = " × ".join(_num(v) for v in g.inputs.values())
    echo(t("cli.out.risk.method", lang, method=t(f"risk.method.{g.method}", lang),
           preset=m.id, name=m.name))
    echo(t("cli.out.risk.value", lang, symbol=symbol, names=" × ".join(g.inputs),
           factors=factors, value=_num(g.value)))
    echo(t("cli.out.risk.grade", lang, grade=t(f"risk.grade.{g.grade.value}", lang),
           colour=t(f"risk.colour.{g.colour}", lang), level=g.level,
           description=g.description or "-"))
    if g.computed is not g.grade:
        echo(t("cli.out.risk.computed", lang, grade=t(f"risk.grade.{g.computed.value}", lang)))
    for ref, text in g.rules:
        echo(t("cli.out.risk.rule", lang, rule=ref, text=text))
    echo(t("cli.out.risk.tiers", lang, tiers=("、" if lang == "zh" else ", ").join(tiers)))
    echo(t("cli.out.risk.source", lang, source=m.source,
           verification=t(f"risk.verification.{m.verification}", lang)))
    echo(t("cli.out.risk.convention", lang, convention=m.convention()))
