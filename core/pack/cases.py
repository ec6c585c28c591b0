"""Golden cases: example findings with the determination the standard expects, kept beside a
pack and checked automatically (by the test suite and by the pack author's tools).

A case file is JSON::

    {"description": "…", "packs": ["it-2023"], "date": "2026-01-10",
     "site": {"tags": ["metallurgy"]},
     "findings": [{"item": "IT-2023-A04-01", "status": "noncompliant"}],
     "expect": {"verdict": "major", "fired": ["IT-2023-A04"],
                "general_hazards": [], "warnings": []}}

``pack`` may stand for a one-element ``packs``. ``expect.verdict`` is the overall verdict;
``fired`` the ids of the rules that fire unvetoed (exactly); ``major_items``,
``general_hazards``, ``corrected_on_site``, ``unanswered``, ``absent_parts`` (the parts the text
sets aside, as item ids or ``ITEM/check`` paths) and ``general_parts`` (parts of conjunctions
recorded on their own) compare exactly (over all packs, in order); so does ``constituted``, the
items other packs' findings constitute (构成), each ``{"item", "source_pack", "source"}`` with
``"own": true`` where the item was also found noncompliant itself; ``standing`` is every
determination's (``in_force``, ``not_yet``, ``withdrawn``); each string of ``warnings`` must
occur in some warning (``[]``: no warnings at all).
Instead of ``expect``, ``error`` holds text the refusal of the input must contain (in English or
in Chinese).

A case's problems are catalogue messages (:class:`~core.i18n.Msg`), rendered by whoever shows
them in the reader's language.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

from core.i18n import AnjianError, Msg, json_reason, os_reason, utf8_reason
from core.pack.errors import error_msgs
from core.pack.model import ModelError

CASE_SUFFIX = ".json"


class ConstitutedExpect(BaseModel):
    """An item a finding of another pack constitutes, as a case expects it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    item: str
    source_pack: str
    source: str
    own: bool = False

    def __str__(self) -> str:
        return f"{self.item} ← {self.source_pack}:{self.source}" + (" (own)" if self.own else "")


class Expect(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    verdict: str
    fired: tuple[str, ...] | None = None
    major_items: tuple[str, ...] | None = None
    general_hazards: tuple[str, ...] | None = None
    corrected_on_site: tuple[str, ...] | None = None
    unanswered: tuple[str, ...] | None = None
    warnings: tuple[str, ...] | None = None
    #: The standing of every determination (in_force, not_yet, withdrawn).
    standing: str | None = None
    #: Parts set aside (item ids or ``ITEM/check`` paths), over all packs, in order.
    absent_parts: tuple[str, ...] | None = None
    #: Parts of conjunctions recorded as general hazards of their own (``ITEM/check``).
    general_parts: tuple[str, ...] | None = None
    #: Items counted noncompliant through another pack's finding, over all packs, in order.
    constituted: tuple[ConstitutedExpect, ...] | None = None


class GoldenCase(BaseModel):
    """One example: findings on a site and what the determination must be."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    description: str
    pack: str | None = None
    packs: tuple[str, ...] = ()
    date: dt.date | None = None
    site: dict[str, Any] = {}
    findings: list[Any]
    expect: Expect | None = None
    error: str | None = None

    @model_validator(mode="after")
    def _shape(self) -> GoldenCase:
        if bool(self.pack) == bool(self.packs):
            raise ModelError.of("case.pack_or_packs")
        if (self.expect is None) == (self.error is None):
            raise ModelError.of("case.expect_or_error")
        return self

    @property
    def pack_ids(self) -> tuple[str, ...]:
        return (self.pack,) if self.pack else self.packs


@dataclass(frozen=True)
class CaseFile:
    """A golden case as registered by a plugin."""

    plugin: str
    source: str
    case: GoldenCase | None
    #: Why the file is not a case (``case.in_file``, naming the file), when it is not one.
    problem: Msg | None = None

    @property
    def name(self) -> str:
        return Path(self.source).stem


def load_case(path: Path, plugin: str = "", source: str = "") -> CaseFile:
    """Read one case file; a malformed one comes back with its ``problem`` set."""
    name = source or str(path)

    def refused(problem: Msg) -> CaseFile:
        return CaseFile(plugin, name, None, Msg("case.in_file", file=name, problem=problem))

    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return CaseFile(plugin, name, GoldenCase.model_validate(raw))
    except OSError as exc:
        return refused(Msg("case.unreadable", reason=os_reason(exc)))
    except UnicodeDecodeError as exc:
        return refused(Msg("case.not_utf8", reason=utf8_reason(exc)))
    except json.JSONDecodeError as exc:
        return refused(Msg("case.json", line=exc.lineno, reason=json_reason(exc)))
    except ValidationError as exc:
        problems = [Msg("case.field", field=".".join(map(str, err["loc"])), problem=m)
                    if err["loc"] else m
                    for err in exc.errors(include_url=False) for m, _ in error_msgs(err)]
        return refused(problems[0] if len(problems) == 1 else
                       Msg("case.problems", problem=problems[0], more=len(problems) - 1))
    except RecursionError:  # nested beyond any case
        return refused(Msg("case.too_deep"))
    except ValueError:  # a number of thousands of digits
        return refused(Msg("case.long_number"))


def check_case(case: GoldenCase, run: Any) -> list[Msg]:
    """Differences between the case's expectation and ``run(case)`` (an Evaluation)."""
    try:
        result = run(case)
    except AnjianError as exc:
        if case.error is not None and (case.error in exc.render("en")
                                       or case.error in exc.render("zh")):
            return []
        return [Msg("case.refused", error=exc.as_msg())]
    if case.expect is None:
        return [Msg("case.not_refused", error=case.error)]
    exp = case.expect
    dets = result.determinations
    got: dict[str, tuple[str, ...]] = {
        "fired": tuple(t.rule for d in dets for t in d.triggers if not t.vetoed),
        "major_items": tuple(i for d in dets for i in d.major_items),
        "general_hazards": tuple(i for d in dets for i in d.general_hazards),
        "corrected_on_site": tuple(i for d in dets for i in d.corrected_on_site),
        "unanswered": tuple(i for d in dets for i in d.unanswered),
        "absent_parts": tuple(a.part for d in dets for a in d.absent_parts),
        "general_parts": tuple(p for d in dets for p in d.general_parts),
        "constituted": tuple(str(ConstitutedExpect.model_validate(c.model_dump()))
                             for d in dets for c in d.constituted),
    }
    problems = []
    if result.verdict.value != exp.verdict:
        problems.append(Msg("case.differs", key="verdict", want=exp.verdict,
                            got=result.verdict.value))
    for key, value in got.items():
        want = getattr(exp, key)
        if want is not None and key == "constituted":
            want = tuple(str(c) for c in want)
        if want is not None and tuple(want) != value:
            problems.append(Msg("case.differs", key=key, want=list(want), got=list(value)))
    standings = sorted({d.standing.value for d in dets})
    if exp.standing is not None and standings != [exp.standing]:
        problems.append(Msg("case.differs", key="standing", want=exp.standing,
                            got=", ".join(standings)))
    # A case names a warning by a piece of its text in either language, or by its key.
    warnings = [f"{w.key} {w.render('en')} {w.render('zh')}" for d in dets for w in d.warnings]
    if exp.warnings is not None:
        if not exp.warnings and warnings:
            problems.append(Msg("case.unexpected_warnings", got=warnings))
        for text in exp.warnings:
            if not any(text in w for w in warnings):
                problems.append(Msg("case.missing_warning", text=text, got=warnings))
    return problems
