"""Work permits (作业票核查): one safety work ticket of GB 30871-2022 checked against what the
standard says of a ticket, as pure rules.

A :class:`Ticket` holds the fields of one ticket of 附录A (its type among the eight special
operations, grade, times, gas analyses with their times, signatures, the safety measures
marked); :func:`check_ticket` lists each requirement it breaks (:class:`Breach`): the clause,
the requirement in the catalogue (``permits.rule.<rule>``), what the ticket shows
(``permits.found.<…>``), the values involved, and the item of the special-operations pack
(``gb30871-2022``) the breach is a finding of. :func:`assess` also says which rules could not
be judged for want of a field (no completion time, no measures …): the check never reports a
ticket clean of what it could not see.

Only what the standard gives is checked (``../shared/reference/special-operations-gb30871``):
the validity by operation and grade (5.1.5, 6.10, 8.2.11, 10.8) and reissue after it (4.16),
the gas analysis before work and after an interruption (5.3.1, 6.3), its pass limits (5.3.2,
5.2.7, 6.4, 10.1), the confined-space readings every 2 h (6.5), the grade against height or
load (8.1, 9.1), one blind per ticket (7.11), the sign-off rows of 附录A with the approval
before work (4.6), the guardian (4.10), the briefing (4.4), acceptance (4.15), the approver of
表B.1 (4.11 b), the measures marked and confirmed (4.6) and the measures the grade or height
makes necessary (5.2.11, 5.3.1 d, 6.5, 8.2.1, 9.2.1). Every rule carries its clause and
the verification of the text it rests on (one public transcription: ``verified-single-source``).

Times are local (Beijing) times as a ticket writes them, ``YYYY-MM-DD HH:MM``; a limit the text
states with 不应超过 / 不大于 includes the number itself (30 min exactly passes, 31 does not).

This module also holds the words a ticket names its operations, grades, gases, units and
signatures with (Chinese as written on the form, and the ids); the names shown come from the
catalogue.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)

from core.i18n import Listed, Msg
from core.pack.free_text import code_point, first_control
from core.pack.model import ModelError, Ref, Verification

#: The special-operations pack whose items the breaches are findings of.
PACK = "gb30871-2022"
#: The standard the rules come from.
STANDARD = "GB 30871-2022"


# --- vocabulary ---------------------------------------------------------------------------


class Operation(StrEnum):
    """The eight special operations (特殊作业) of GB 30871-2022 (3.1); the ids are the tags
    of the special-operations pack."""

    hot_work = "hot_work"
    confined_space = "confined_space"
    blind_flange = "blind_flange"
    work_at_height = "work_at_height"
    lifting = "lifting"
    temporary_power = "temporary_power"
    excavation = "excavation"
    road_closure = "road_closure"


_OPERATION_WORDS = {
    Operation.hot_work: "动火", Operation.confined_space: "受限空间",
    Operation.blind_flange: "盲板抽堵", Operation.work_at_height: "高处",
    Operation.lifting: "吊装", Operation.temporary_power: "临时用电",
    Operation.excavation: "动土", Operation.road_closure: "断路",
}
#: What a ticket may call its operation: the id, or the operation's Chinese name, alone or
#: with 作业 or 安全作业票 (动火, 动火作业, 动火安全作业票).
OPERATION_WORDS: dict[str, Operation] = {
    word: op for op, base in _OPERATION_WORDS.items()
    for word in (op.value, base, base + "作业", base + "安全作业票")
}

#: Each graded operation's grades, from the least demanding to the most (5.1, 8.1, 9.1).
GRADES: dict[Operation, tuple[str, ...]] = {
    Operation.hot_work: ("second", "first", "special"),
    Operation.work_at_height: ("I", "II", "III", "IV"),
    Operation.lifting: ("third", "second", "first"),
}

_ROMAN = {"I": ("I", "Ⅰ", "1"), "II": ("II", "Ⅱ", "2"), "III": ("III", "Ⅲ", "3"),
          "IV": ("IV", "Ⅳ", "4")}
#: What a ticket may call its grade, by operation.
GRADE_WORDS: dict[Operation, dict[str, str]] = {
    Operation.hot_work: {
        word: grade for grade, name in (("special", "特级"), ("first", "一级"),
                                        ("second", "二级"))
        for word in (grade, name, name + "动火", name + "动火作业")},
    Operation.work_at_height: {
        word: grade for grade, forms in _ROMAN.items() for form in forms
        for word in (form, form + "级", form + "级高处作业")},
    Operation.lifting: {
        word: grade for grade, name in (("first", "一级"), ("second", "二级"),
                                        ("third", "三级"))
        for word in (grade, name, name + "吊装", name + "吊装作业")},
}


class Gas(StrEnum):
    """What a gas analysis measured: combustible gas or vapour (可燃气体), oxygen (氧气), a
    toxic substance (有毒有害气体)."""

    combustible = "combustible"
    oxygen = "oxygen"
    toxic = "toxic"


GAS_WORDS: dict[str, Gas] = {
    "combustible": Gas.combustible, "可燃气体": Gas.combustible, "可燃": Gas.combustible,
    "可燃气体或蒸气": Gas.combustible, "可燃气": Gas.combustible,
    "oxygen": Gas.oxygen, "氧气": Gas.oxygen, "氧": Gas.oxygen, "氧含量": Gas.oxygen,
    "氧气含量": Gas.oxygen, "O2": Gas.oxygen,
    "toxic": Gas.toxic, "有毒": Gas.toxic, "有毒气体": Gas.toxic, "有毒有害气体": Gas.toxic,
    "有毒物质": Gas.toxic,
}

#: The units of a combustible or oxygen reading: per cent by volume (体积分数), or per cent of
#: the lower explosive limit (a detector's %LEL), which 5.3.2's limits are not written in.
VOL, LEL = "%vol", "%LEL"
UNIT_WORDS: dict[str, str] = {
    "%vol": VOL, "vol%": VOL, "% vol": VOL, "%v/v": VOL, "%(体积分数)": VOL,
    "%（体积分数）": VOL, "体积分数": VOL, "体积分数%": VOL,
    "%lel": LEL, "lel": LEL, "% lel": LEL, "lel%": LEL,
}


class LelClass(StrEnum):
    """The lower explosive limit of the gas or vapour measured, as 5.3.2 divides it: at or
    above 4 % (``ge4``), or below (``lt4``)."""

    ge4 = "ge4"
    lt4 = "lt4"


LEL_CLASS_WORDS: dict[str, LelClass] = {
    "ge4": LelClass.ge4, "≥4%": LelClass.ge4, ">=4%": LelClass.ge4, "≥4": LelClass.ge4,
    ">=4": LelClass.ge4, "大于或等于4%": LelClass.ge4, "大于等于4%": LelClass.ge4,
    "lt4": LelClass.lt4, "<4%": LelClass.lt4, "<4": LelClass.lt4, "小于4%": LelClass.lt4,
}


class Role(StrEnum):
    """Who signs or is named on a ticket (the sign-off rows of 附录A and its 监护人 and 交底
    fields)."""

    leader = "leader"                     # 作业负责人
    commander = "commander"               # 作业指挥 (吊装)
    unit = "unit"                         # 所在单位
    power_user = "power_user"             # 用电单位 (临时用电)
    safety_department = "safety_department"  # 安全管理部门 (动火)
    fire_and_safety = "fire_and_safety"   # 消防、安全管理部门 (断路)
    reviewer = "reviewer"                 # 审核部门
    approver = "approver"                 # 审批人 / 审批部门 / 动火审批人
    countersign = "countersign"           # 有关部门会签 (动土)
    supplier = "supplier"                 # 配送电单位 (临时用电)
    sketch = "sketch"                     # 作业范围简图、断路地段示意图的签字
    ticket_check = "ticket_check"         # 动火前岗位当班班长验票
    acceptance = "acceptance"             # 完工验收
    guardian = "guardian"                 # 监护人
    briefer = "briefer"                   # 安全交底人
    briefed = "briefed"                   # 接受交底人


ROLE_WORDS: dict[str, Role] = {
    **{r.value: r for r in Role},
    "作业负责人": Role.leader, "作业指挥": Role.commander, "指挥人员": Role.commander,
    "所在单位": Role.unit, "所在基层单位": Role.unit, "用电单位": Role.power_user,
    "安全管理部门": Role.safety_department, "消防、安全管理部门": Role.fire_and_safety,
    "消防安全管理部门": Role.fire_and_safety, "审核部门": Role.reviewer,
    "审批人": Role.approver, "审批部门": Role.approver, "动火审批人": Role.approver,
    "审批部门(人)": Role.approver, "会签": Role.countersign, "会签部门": Role.countersign,
    "有关部门会签": Role.countersign, "配送电单位": Role.supplier,
    "示意图签字": Role.sketch, "简图签字": Role.sketch, "作业范围简图": Role.sketch,
    "断路地段示意图": Role.sketch, "作业范围或断路地段示意图签字": Role.sketch,
    "验票": Role.ticket_check, "动火前岗位当班班长验票": Role.ticket_check,
    "岗位当班班长验票": Role.ticket_check, "动火前验票": Role.ticket_check,
    "完工验收": Role.acceptance, "验收": Role.acceptance, "监护人": Role.guardian,
    "安全交底人": Role.briefer, "交底人": Role.briefer, "接受交底人": Role.briefed,
}


class Approver(StrEnum):
    """The approving departments or persons of 表B.1 (审批部门(人))."""

    top_leader = "top_leader"                    # 主管领导
    safety_department = "safety_department"      # 安全管理部门
    base_unit = "base_unit"                      # 所在基层单位
    professional_department = "professional_department"  # 所在单位专业部门
    chief = "chief"                              # 主管厂长或总工程师


APPROVER_WORDS: dict[str, Approver] = {
    **{a.value: a for a in Approver},
    "主管领导": Approver.top_leader, "安全管理部门": Approver.safety_department,
    "所在基层单位": Approver.base_unit, "所在单位专业部门": Approver.professional_department,
    "专业部门": Approver.professional_department,
    "主管厂长或总工程师": Approver.chief, "主管厂长": Approver.chief,
    "总工程师": Approver.chief,
}


class BlindAction(StrEnum):
    """What is done to a blind plate: installed (堵) or removed (抽)."""

    install = "install"
    remove = "remove"


BLIND_WORDS: dict[str, BlindAction] = {
    "install": BlindAction.install, "堵": BlindAction.install, "堵盲板": BlindAction.install,
    "remove": BlindAction.remove, "抽": BlindAction.remove, "抽盲板": BlindAction.remove,
}

#: How many safety measures each ticket of 附录A lists (the last is 其他安全措施, optional).
MEASURE_COUNTS: dict[Operation, int] = {
    Operation.hot_work: 16, Operation.confined_space: 15, Operation.blind_flange: 11,
    Operation.work_at_height: 15, Operation.lifting: 20, Operation.temporary_power: 14,
    Operation.excavation: 11, Operation.road_closure: 4,
}

#: The operations whose tickets record gas analyses (附录A: A.1, A.2, A.6).
ANALYSED = frozenset({Operation.hot_work, Operation.confined_space, Operation.temporary_power})

#: Fields only some operations' tickets have, and which.
ONLY_FOR: dict[str, frozenset[Operation]] = {
    "grade": frozenset(GRADES),
    "oxygen_equipment": frozenset({Operation.hot_work}),
    "oxygen_enriched": frozenset({Operation.confined_space}),
    "fire_explosion_area": frozenset({Operation.temporary_power}),
    "height_m": frozenset({Operation.work_at_height}),
    "objective_hazards": frozenset({Operation.work_at_height}),
    "load_t": frozenset({Operation.lifting}),
    "blinds": frozenset({Operation.blind_flange}),
    "extended": frozenset({Operation.temporary_power}),
    "readings": ANALYSED, "lel": ANALYSED, "lel_class": ANALYSED,
}


def _word(table: Mapping[str, Any], key: str) -> Callable[[Any], Any]:
    """A before-validator: a word of ``table`` (spaces and case aside) → its value; anything
    else is refused naming the words (``permits.unknown_word``, under ``key``'s name)."""
    folded = {k.casefold().replace(" ", ""): v for k, v in table.items()}

    def read(value: Any) -> Any:
        if not isinstance(value, str):
            return value  # the type's own error
        found = folded.get(value.strip().casefold().replace(" ", ""))
        if found is None:
            raise ModelError.of("permits.unknown_word", value=value, what=Msg(key),
                                known=Words(table))
        return found

    return read


class Words:
    """The words a refusal offers: each value once, by its Chinese word in Chinese (动火), by
    its id in English (hot_work)."""

    def __init__(self, table: Mapping[str, Any]) -> None:
        grouped: dict[Any, list[str]] = {}
        for word, value in table.items():
            grouped.setdefault(value, []).append(word)
        self.pairs = [(next((w for w in words if not w.isascii()), None), words[0])
                      for words in grouped.values()]

    def render(self, lang: str = "en") -> str:
        if lang == "zh":
            return "、".join(zh or word for zh, word in self.pairs)
        return ", ".join(word for _, word in self.pairs)

    def __str__(self) -> str:
        return self.render("en")


def _time(value: Any) -> Any:
    """``YYYY-MM-DD HH:MM`` (or with ``T``, seconds) → a local time; a date alone, a time
    with a zone, or anything else is refused."""
    if not isinstance(value, str):
        return value  # the type's own error
    text = value.strip()
    try:
        when = dt.datetime.fromisoformat(text)
    except ValueError:
        raise ModelError.of("permits.bad_time", value=value) from None
    if len(text) <= 10 or ":" not in text:
        raise ModelError.of("permits.time_without_hour", value=value)
    if when.tzinfo is not None:
        raise ModelError.of("permits.time_zone", value=value)
    return when


def _listing(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def _clean(text: str) -> str:
    """Text a ticket gives is stored in notes and printed: no control character (see
    :mod:`core.pack.free_text`)."""
    found = first_control(text)
    if found is not None:
        raise ModelError.of("permits.control", char=code_point(found[1]), at=found[0])
    return text


When = Annotated[dt.datetime, BeforeValidator(_time)]
Text = Annotated[str, StringConstraints(strip_whitespace=True, max_length=500),
                 AfterValidator(_clean)]
Named = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200),
                  AfterValidator(_clean)]
Amount = Annotated[float, Field(ge=0, allow_inf_nan=False)]


class _Strict(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


class Reading(_Strict):
    """One gas analysis (气体分析) as the ticket records it."""

    time: When
    """When the sample was taken (取样分析时间)."""
    what: Annotated[Gas, BeforeValidator(_word(GAS_WORDS, "permits.field.readings.what"))]
    """What was measured: 可燃气体, 氧气 or 有毒 (combustible, oxygen, toxic)."""
    value: Amount
    """The result (分析结果)."""
    unit: str = ""
    """``%vol`` (体积分数) or ``%LEL`` for combustible gas; ``%`` for oxygen; a toxic
    substance's own unit (mg/m³, ppm)."""
    name: Text = ""
    """The gas or vapour (代表性气体, 有毒有害气体名称)."""
    point: Text = ""
    """Where it was sampled (分析部位)."""
    by: Text = ""
    """Who analysed it (分析人)."""
    lel: Annotated[float | None, Field(gt=0, le=100, allow_inf_nan=False)] = None
    """This gas's lower explosive limit in % by volume, when it differs from the ticket's."""
    lel_class: Annotated[LelClass | None,
                         BeforeValidator(_word(LEL_CLASS_WORDS,
                                               "permits.field.lel_class"))] = None
    """This gas's LEL class, when it differs from the ticket's."""
    limit: Annotated[float | None, Field(ge=0, allow_inf_nan=False)] = None
    """For a toxic substance: its permitted concentration under GBZ 2.1, in ``unit``."""

    @field_validator("unit", mode="after")
    @classmethod
    def _unit(cls, unit: str, info: ValidationInfo) -> str:
        what = info.data.get("what")
        text = _clean(unit.strip())
        if what is Gas.toxic:
            if not text:
                raise ModelError.of("permits.toxic_unit")
            return text
        found = UNIT_WORDS.get(text.casefold())
        if what is Gas.oxygen:
            if text in ("", "%") or found == VOL:
                return VOL
            raise ModelError.of("permits.oxygen_unit", value=unit)
        if what is Gas.combustible and found is None:
            raise ModelError.of("permits.combustible_unit", value=unit)
        return found or text


class Interruption(_Strict):
    """A pause in the work (作业中断): from when, until it resumed."""

    from_: When = Field(alias="from")
    """When the work stopped."""
    to: When
    """When it resumed."""


class Signature(_Strict):
    """A sign-off row or a named person of the ticket: who, when, and (for the approver) the
    department or post they approve as."""

    name: Text = ""
    time: When | None = None
    unit: Text = ""


class Mark(_Strict):
    """A safety measure of the ticket's list: whether it is involved (是否涉及) and who
    confirmed it (确认人)."""

    involved: bool
    confirmed_by: Text = ""


class Blind(_Strict):
    """The blind plate a blinding ticket is for: its number and what is done to it."""

    number: Text = ""
    action: Annotated[BlindAction, BeforeValidator(_word(BLIND_WORDS,
                                                         "permits.field.blinds.action"))]


def _signatures(value: Any) -> Any:
    if not isinstance(value, dict):
        return value
    return {k: {"name": v} if isinstance(v, str) else v for k, v in value.items()}


def _measures(value: Any) -> Any:
    if not isinstance(value, dict):
        return value
    out: dict[Any, Any] = {}
    for key, mark in value.items():
        number: Any = key
        if isinstance(key, str) and key.strip().isdigit():
            number = int(key.strip())
        if isinstance(mark, bool):
            mark = {"involved": mark}
        elif isinstance(mark, str):
            mark = {"involved": True, "confirmed_by": mark}
        out[number] = mark
    return out


RoleKey = Annotated[Role, BeforeValidator(_word(ROLE_WORDS, "permits.field.signatures"))]


class Ticket(_Strict):
    """One safety work ticket (安全作业票) of GB 30871-2022, as 附录A lays it out."""

    number: Named
    """The ticket's number (编号)."""
    type: Annotated[Operation,
                    BeforeValidator(_word(OPERATION_WORDS, "permits.field.type"))]
    """The special operation: an id or its Chinese name (动火, 受限空间 …)."""
    grade: str | None = None
    """The grade, for the graded operations: 特级/一级/二级 (动火), I–IV (高处), 一级/二级/三级
    (吊装)."""
    applied: When | None = None
    """作业申请时间."""
    start: When
    """作业实施时间 自: when the work starts."""
    end: When
    """作业实施时间 至: until when the ticket is valid."""
    finished: When | None = None
    """When the work was finished (完工), if it has been."""
    interruptions: Annotated[tuple[Interruption, ...], BeforeValidator(_listing)] = ()
    """Pauses in the work."""
    readings: Annotated[tuple[Reading, ...], BeforeValidator(_listing)] = ()
    """The gas analyses (气体分析)."""
    lel: Annotated[float | None, Field(gt=0, le=100, allow_inf_nan=False)] = None
    """The lower explosive limit of the gas or vapour analysed, in % by volume."""
    lel_class: Annotated[LelClass | None,
                         BeforeValidator(_word(LEL_CLASS_WORDS,
                                               "permits.field.lel_class"))] = None
    """Its class under 5.3.2 (``≥4%`` / ``<4%``), when the limit itself is not given."""
    oxygen_equipment: bool = False
    """动火 on equipment that produces, uses or stores oxygen (5.2.7)."""
    oxygen_enriched: bool = False
    """A confined space with an oxygen-enriched atmosphere (富氧环境, 6.4 a)."""
    fire_explosion_area: bool = False
    """Temporary power in a running plant, tank farm or fire and explosion area (10.1)."""
    height_m: Annotated[float | None, Field(ge=0, allow_inf_nan=False)] = None
    """The height of work at height (作业高度), in metres."""
    objective_hazards: bool | None = None
    """Whether any of the objective hazards of 8.1.2 is present (B method)."""
    load_t: Annotated[float | None, Field(ge=0, allow_inf_nan=False)] = None
    """The mass lifted (吊物质量), in tonnes."""
    blinds: Annotated[tuple[Blind, ...], BeforeValidator(_listing)] = ()
    """The blind plates a blinding ticket covers."""
    extended: Text = ""
    """The special circumstances (特殊情况) a temporary-power ticket beyond 15 days states."""
    signatures: Annotated[dict[RoleKey, Signature], BeforeValidator(_signatures)] = {}
    """The sign-offs and named people present, by role (作业负责人, 所在单位, 审批人, 监护人 …)."""
    measures: Annotated[dict[int, Mark] | None, BeforeValidator(_measures)] = None
    """The safety measures of the ticket's list, by number: involved or not, confirmed by
    whom."""

    @field_validator("grade", mode="after")
    @classmethod
    def _grade(cls, grade: str | None, info: ValidationInfo) -> str | None:
        op = info.data.get("type")
        if grade is None or op is None:
            return grade
        words = GRADE_WORDS.get(op)
        if words is None:
            raise ModelError.of("permits.no_grades", type=Msg(f"permits.type.{op}"))
        read: str = _word(words, "permits.field.grade")(grade)
        return read

    @model_validator(mode="after")
    def _consistent(self) -> Ticket:
        problems: list[tuple[Msg, Ref | None]] = []

        def problem(path: str, key: str, /, **params: Any) -> None:
            problems.append((Msg(key, **params), Ref("field", path)))

        op = self.type
        for name, ops in ONLY_FOR.items():
            if op not in ops and name in self.model_fields_set and getattr(self, name):
                problem(name, "permits.not_for_type", field=name,
                        type=Msg(f"permits.type.{op}"))
        if self.end <= self.start:
            problem("end", "permits.end_before_start", end=_at(self.end),
                    start=_at(self.start))
        if self.finished is not None and self.finished < self.start:
            problem("finished", "permits.finished_before_start", finished=_at(self.finished),
                    start=_at(self.start))
        stop = self.finished or self.end
        last: dt.datetime | None = None
        for n, pause in enumerate(sorted(self.interruptions, key=lambda p: p.from_)):
            if pause.to <= pause.from_:
                problem(f"interruptions[{n}].to", "permits.pause_backwards",
                        start=_at(pause.from_), end=_at(pause.to))
            elif pause.from_ <= self.start or pause.to > max(stop, self.start):
                problem(f"interruptions[{n}]", "permits.pause_outside",
                        start=_at(pause.from_), end=_at(pause.to), work=_at(self.start),
                        stop=_at(stop))
            elif last is not None and pause.from_ < last:
                problem(f"interruptions[{n}]", "permits.pause_overlap",
                        start=_at(pause.from_), end=_at(pause.to))
            last = pause.to
        for n, r in enumerate(self.readings):
            here = f"readings[{n}]"
            if r.what is not Gas.toxic and r.limit is not None:
                problem(f"{here}.limit", "permits.limit_toxic_only")
            if r.what is not Gas.combustible and (r.lel is not None or r.lel_class):
                problem(f"{here}.lel", "permits.lel_combustible_only")
            if r.what is Gas.combustible:
                lel = r.lel if r.lel is not None else self.lel
                known = r.lel_class or self.lel_class or lel is not None
                if r.unit == LEL and lel is None:
                    problem(f"{here}.unit", "permits.lel_needed", value=f"{r.value:g}")
                elif not known:
                    problem(f"{here}", "permits.lel_class_needed")
        if self.measures is not None:
            count = MEASURE_COUNTS[op]
            for number in self.measures:
                if not 1 <= number <= count:
                    problem(f"measures.{number}", "permits.measure_number", number=number,
                            count=count, type=Msg(f"permits.type.{op}"))
        if problems:
            raise ModelError(problems)
        return self

    def lel_of(self, reading: Reading) -> tuple[float | None, LelClass]:
        """The lower explosive limit (if given) and class a combustible reading is judged
        by: its own, else the ticket's."""
        lel = reading.lel if reading.lel is not None else self.lel
        cls = reading.lel_class or self.lel_class
        if cls is None:
            assert lel is not None  # the model refuses a reading with neither
            cls = LelClass.ge4 if lel >= 4 else LelClass.lt4
        return lel, cls


# --- the rules ----------------------------------------------------------------------------

_SINGLE = Verification.verified_single_source


@dataclass(frozen=True)
class Rule:
    """A requirement a ticket is checked against: its clause, the special-operations pack's
    item a breach of it is a finding of, and how far the text it rests on was verified. The
    requirement's words are the catalogue's ``permits.rule.<id>``."""

    id: str
    clause: str
    item: str
    #: The item's sub-check a breach is, when it is always the same one.
    check: str | None = None
    verification: Verification = _SINGLE

    @property
    def requirement(self) -> Msg:
        return Msg(f"permits.rule.{self.id}")


def _rules(*rules: Rule) -> dict[str, Rule]:
    return {r.id: r for r in rules}


#: Every rule, by id. All rest on the one public transcription of the standard the reference
#: was parsed from (its excerpts agree with two others): ``verified-single-source``, as the
#: pack's items are.
RULES: dict[str, Rule] = _rules(
    Rule("hot_work.grade", "5.1.1", "GB30871-5.1.1"),
    Rule("work_at_height.grade", "8.1.3", "GB30871-8.1.3"),
    Rule("lifting.grade", "9.1", "GB30871-9.1"),
    Rule("work_at_height.grade_low", "8.1.3", "GB30871-8.1.3"),
    Rule("lifting.grade_low", "9.1", "GB30871-9.1"),
    Rule("hot_work.validity", "5.1.5", "GB30871-5.1.5"),  # part 1 特级/一级, 2 二级
    Rule("confined_space.validity", "6.10", "GB30871-6.10"),
    Rule("work_at_height.validity", "8.2.11", "GB30871-8.2.11", "1"),
    Rule("temporary_power.validity", "10.8", "GB30871-10.8"),  # part 1 15 天, 2 30 天
    Rule("reissue", "4.16", "GB30871-4.16", "3"),
    Rule("hot_work.analysis", "5.3.1", "GB30871-5.3.1", "1"),
    Rule("hot_work.began_on_failed", "5.3.1", "GB30871-5.3.1", "2"),
    Rule("hot_work.sample_time", "5.3.1 c)", "GB30871-5.3.1-c"),
    Rule("hot_work.reanalysis", "5.3.1 d)", "GB30871-5.3.1-d"),  # part 1 or 2 by grade
    Rule("hot_work.monitoring", "5.3.1 d)", "GB30871-5.3.1-d", "4"),
    Rule("hot_work.combustible", "5.3.2", "GB30871-5.3.2"),  # part a or b by the LEL
    Rule("hot_work.oxygen_equipment", "5.2.7", "GB30871-5.2.7"),
    Rule("hot_work.video", "5.2.11", "GB30871-5.2.11"),
    Rule("confined_space.no_analysis", "6.3", "GB30871-6.3", "1"),
    Rule("confined_space.began_on_failed", "6.3", "GB30871-6.3", "2"),
    Rule("confined_space.analysis", "6.3 a)", "GB30871-6.3-a"),
    Rule("confined_space.retest", "6.3 f)", "GB30871-6.3-f"),
    Rule("confined_space.oxygen", "6.4 a)", "GB30871-6.4-a"),  # part 1 low, 2/3 high
    Rule("confined_space.toxic", "6.4 b)", "GB30871-6.4-b"),
    Rule("confined_space.combustible", "6.4 c)", "GB30871-6.4-c"),  # part a or b
    Rule("confined_space.monitoring", "6.5", "GB30871-6.5", "2"),
    Rule("confined_space.detectors", "6.5", "GB30871-6.5", "1"),
    Rule("blind_flange.one_blind", "7.11", "GB30871-7.11"),
    Rule("work_at_height.comms", "8.2.1", "GB30871-8.2.1", "2"),
    Rule("lifting.plan", "9.2.1", "GB30871-9.2.1", "1"),
    Rule("temporary_power.analysis", "10.1", "GB30871-10.1"),
    Rule("temporary_power.combustible", "10.1", "GB30871-10.1"),
    Rule("signature.approval", "4.6", "GB30871-4.6-a", "2"),
    Rule("signature.late", "4.6", "GB30871-4.6-a", "2"),
    Rule("signature.guardian", "4.10", "GB30871-4.10", "1"),
    Rule("signature.briefing", "4.4", "GB30871-4.4", "a"),
    Rule("signature.acceptance", "4.15", "GB30871-4.15"),
    Rule("approval.level", "4.11 b)", "GB30871-4.11-b"),
    Rule("measures.unmarked", "4.6", "GB30871-4.6-b"),
    Rule("measures.unconfirmed", "4.6", "GB30871-4.6-b"),
)

#: The numbers the rules use, from the reference (special-operations-gb30871.json).
VALIDITY_HOURS_HOT = {"special": 8, "first": 8, "second": 72}      # 5.1.5
VALIDITY_HOURS_CONFINED = 24                                        # 6.10
VALIDITY_DAYS_HEIGHT = 7                                            # 8.2.11
VALIDITY_DAYS_POWER, VALIDITY_DAYS_POWER_SPECIAL = 15, 30           # 10.8
SAMPLE_BEFORE_MIN = 30                                              # 5.3.1 c), 6.3 a)
REANALYSIS_AFTER_MIN = {"special": 30, "first": 30, "second": 60}  # 5.3.1 d)
RETEST_AFTER_MIN = 60                                               # 6.3 f)
COMBUSTIBLE_MAX_VOL = {LelClass.ge4: 0.5, LelClass.lt4: 0.2}       # 5.3.2
OXYGEN_EQUIPMENT_MAX = 23.5                                         # 5.2.7
OXYGEN_RANGE, OXYGEN_ENRICHED_MAX = (19.5, 21.0), 23.5              # 6.4 a)
RECORD_EVERY_MIN = 120                                              # 6.5
HEIGHT_BANDS = (5.0, 15.0, 30.0)      # 8.1.1: 2≤h≤5, 5<h≤15, 15<h≤30, h>30
HEIGHT_MIN = 2.0                      # 3.8
HEIGHT_GRADES = {False: ("I", "II", "III", "IV"), True: ("II", "III", "IV", "IV")}  # 表2
LIFTING_GRADE_T = (40.0, 100.0)       # 9.1: m<40 三级, 40≤m≤100 二级, m>100 一级
COMMS_OVER_M = 30.0                   # 8.2.1: 30 m 以上

#: 表B.1: the approver (审批部门(人)) by operation and grade (None: any grade).
APPROVERS: dict[tuple[Operation, str | None], Approver] = {
    (Operation.hot_work, "special"): Approver.top_leader,
    (Operation.hot_work, "first"): Approver.safety_department,
    (Operation.hot_work, "second"): Approver.base_unit,
    (Operation.work_at_height, "I"): Approver.base_unit,
    (Operation.work_at_height, "II"): Approver.professional_department,
    (Operation.work_at_height, "III"): Approver.professional_department,
    (Operation.work_at_height, "IV"): Approver.chief,
    (Operation.lifting, "first"): Approver.chief,
    (Operation.lifting, "second"): Approver.professional_department,
    (Operation.lifting, "third"): Approver.professional_department,
    (Operation.excavation, None): Approver.professional_department,
    (Operation.road_closure, None): Approver.professional_department,
}

#: The sign-off rows of each ticket of 附录A signed before the work (完工验收 aside), which
#: 4.6 asks for before it starts.
SIGN_OFFS: dict[Operation, tuple[Role, ...]] = {
    Operation.hot_work: (Role.leader, Role.unit, Role.safety_department, Role.approver,
                         Role.ticket_check),
    Operation.confined_space: (Role.leader, Role.unit),
    Operation.blind_flange: (Role.leader, Role.unit),
    Operation.work_at_height: (Role.leader, Role.unit, Role.reviewer, Role.approver),
    Operation.lifting: (Role.commander, Role.unit, Role.reviewer, Role.approver),
    Operation.temporary_power: (Role.leader, Role.power_user, Role.supplier),
    Operation.excavation: (Role.sketch, Role.leader, Role.unit, Role.countersign,
                           Role.approver),
    Operation.road_closure: (Role.sketch, Role.leader, Role.unit, Role.fire_and_safety,
                             Role.approver),
}


@dataclass(frozen=True)
class Needed:
    """A measure of the ticket's list that must be involved when ``when`` holds of it."""

    operation: Operation
    number: int
    rule: str
    when: Callable[[Ticket], bool]


def _lifting_plan(t: Ticket) -> bool:
    return t.grade in ("first", "second") or (t.load_t is not None
                                              and t.load_t >= LIFTING_GRADE_T[0])


#: Measures the grade, height or load makes necessary (the measure's own clause).
NEEDED: tuple[Needed, ...] = (
    Needed(Operation.hot_work, 13, "hot_work.monitoring", lambda t: t.grade == "special"),
    Needed(Operation.hot_work, 14, "hot_work.video", lambda t: t.grade == "special"),
    Needed(Operation.confined_space, 9, "confined_space.detectors", lambda t: True),
    Needed(Operation.work_at_height, 11, "work_at_height.comms",
           lambda t: t.height_m is not None and t.height_m > COMMS_OVER_M),
    Needed(Operation.lifting, 1, "lifting.plan", _lifting_plan),
)


# --- results ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Breach:
    """A requirement the ticket breaks: the rule, its clause and pack item, the requirement
    and what the ticket shows (catalogue messages), the values involved (JSON-ready)."""

    rule: str
    clause: str
    item: str
    #: The item's sub-check the breach is (``1``, ``a``), None: the item as a whole.
    check: str | None
    verification: Verification
    requirement: Msg
    found: Msg
    values: Mapping[str, Any]

    @property
    def part(self) -> str:
        """The item, or its sub-check (``GB30871-5.3.1/1``), as the ledger names parts."""
        return f"{self.item}/{self.check}" if self.check else self.item

    def as_json(self) -> dict[str, Any]:
        return {"rule": self.rule, "clause": self.clause, "item": self.item,
                "check": self.check, "verification": self.verification.value,
                "values": dict(self.values)}


@dataclass(frozen=True)
class Unchecked:
    """A rule that could not be judged, and why (a field the ticket does not give)."""

    rule: str
    clause: str
    reason: Msg

    def as_json(self) -> dict[str, Any]:
        return {"rule": self.rule, "clause": self.clause, "reason": self.reason.key}


@dataclass(frozen=True)
class Assessment:
    """What checking a ticket found: each breach, and each rule it could not judge."""

    ticket: Ticket
    breaches: tuple[Breach, ...]
    unchecked: tuple[Unchecked, ...]

    def items(self) -> tuple[str, ...]:
        """The pack items breached, each once, in the order first breached."""
        return tuple(dict.fromkeys(b.item for b in self.breaches))


def check_ticket(ticket: Ticket) -> tuple[Breach, ...]:
    """Each requirement ``ticket`` breaks, with its clause and pack item."""
    return assess(ticket).breaches


def assess(ticket: Ticket) -> Assessment:
    """The ticket's breaches, and the rules it gives too little to judge."""
    check = _Check(ticket)
    check.run()
    return Assessment(ticket, tuple(sorted(check.breaches, key=lambda b: clause_key(b.clause))),
                      tuple(sorted(check.unchecked, key=lambda u: clause_key(u.clause))))


def note_lines(ticket: Ticket, breaches: Iterable[Breach]) -> list[str]:
    """What a finding's note records of a ticket's breaches, a line each (作业票 编号：what the
    ticket shows（GB 30871-2022 clause）). In Chinese whoever records it and in whatever
    language: a note is part of the inspection record, as a document's text is
    (:mod:`core.documents.compose`)."""
    return list(dict.fromkeys(
        Msg("permits.note", number=ticket.number, found=b.found, standard=STANDARD,
            clause=b.clause).render("zh") for b in breaches))


def clause_key(clause: str) -> tuple[tuple[int, ...], str]:
    """A clause's place in the standard: ``5.3.1 c)`` after ``5.3.1``, ``10.1`` after
    ``9.2.1``."""
    number, _, rest = clause.partition(" ")
    return tuple(int(n) for n in number.split(".") if n.isdigit()), rest


# --- helpers ------------------------------------------------------------------------------


def _at(when: dt.datetime) -> str:
    """A time as a ticket writes it (``2024-05-10 08:30``; seconds only when given)."""
    return when.strftime("%Y-%m-%d %H:%M:%S" if when.second else "%Y-%m-%d %H:%M")


def _minutes(delta: dt.timedelta) -> float:
    return delta.total_seconds() / 60


def span(minutes: float, *, days: bool = False) -> Msg:
    """A length of time as people say it: 9 小时 30 分钟, 40 分钟, or with ``days`` (where
    the text counts in days) 3 天 4 小时 (seconds rounded up to the minute they start)."""
    whole = math.ceil(minutes - 1e-9)
    day, rest = divmod(whole, 1440) if days else (0, whole)
    hours, mins = divmod(rest, 60)
    if day:
        if not rest:
            return Msg("permits.span.d", d=day)
        if not mins:
            return Msg("permits.span.dh", d=day, h=hours)
        return Msg("permits.span.dhm", d=day, h=hours, m=mins)
    if hours and mins:
        return Msg("permits.span.hm", h=hours, m=mins)
    if hours:
        return Msg("permits.span.h", h=hours)
    return Msg("permits.span.m", m=mins)


def _over(value: float, limit: float) -> bool:
    """``value`` exceeds ``limit`` (a value equal to it, to rounding, does not)."""
    return value > limit and not math.isclose(value, limit, rel_tol=1e-9, abs_tol=1e-12)


def _under(value: float, limit: float) -> bool:
    return value < limit and not math.isclose(value, limit, rel_tol=1e-9, abs_tol=1e-12)


def _number(value: float) -> str:
    return f"{value:g}"


def _op(t: Ticket) -> Msg:
    return Msg(f"permits.type.{t.type}")


def grade_name(op: Operation, grade: str) -> Msg:
    return Msg(f"permits.grade.{op}.{grade}")


def _rank(op: Operation, grade: str) -> int:
    return GRADES[op].index(grade)


def height_grade(height: float, hazards: bool) -> str | None:
    """The grade of work at ``height`` metres by 表2 (B method with an objective hazard of
    8.1.2); None below 2 m (not work at height, 3.8)."""
    if _under(height, HEIGHT_MIN):
        return None
    band = next((n for n, top in enumerate(HEIGHT_BANDS) if not _over(height, top)),
                len(HEIGHT_BANDS))
    return HEIGHT_GRADES[hazards][band]


def lifting_grade(load: float) -> str:
    """The grade of lifting ``load`` tonnes by 9.1."""
    low, high = LIFTING_GRADE_T
    if _under(load, low):
        return "third"
    return "first" if _over(load, high) else "second"


class _Default:
    """A breach's part when the rule's own is meant."""


class _Check:
    """One ticket's checks, collecting breaches and what could not be judged."""

    def __init__(self, ticket: Ticket) -> None:
        self.t = ticket
        self.breaches: list[Breach] = []
        self.unchecked: list[Unchecked] = []
        self.stop = ticket.finished
        self.pauses = sorted(ticket.interruptions, key=lambda p: p.from_)

    def breach(self, rule: str, found: Msg, values: Mapping[str, Any], *,
               check: str | type[_Default] | None = _Default) -> None:
        """A breach of ``rule``; ``check`` names the item's part it is (the rule's own unless
        the breach says which, None: the item as a whole)."""
        r = RULES[rule]
        part = r.check if check is _Default else check
        assert part is None or isinstance(part, str)
        self.breaches.append(Breach(r.id, r.clause, r.item, part, r.verification,
                                    r.requirement, found, dict(values)))

    def cannot(self, rule: str, reason: str, /, **params: Any) -> None:
        r = RULES[rule]
        if not any(u.rule == rule and u.reason.key == reason for u in self.unchecked):
            self.unchecked.append(Unchecked(r.id, r.clause, Msg(reason, **params)))

    def run(self) -> None:
        self.grade()
        self.validity()
        if self.t.type in ANALYSED:
            self.gases()
        if self.t.type is Operation.blind_flange:
            self.blinds()
        self.signatures()
        self.measures()

    # --- grade ---------------------------------------------------------------------------

    def grade(self) -> None:
        t, op = self.t, self.t.type
        if op not in GRADES:
            return
        if t.grade is None:
            self.breach(f"{op}.grade", Msg("permits.found.no_grade", type=_op(t)),
                        {"grade": None})
        if op is Operation.work_at_height:
            if t.height_m is None:
                self.cannot("work_at_height.grade_low", "permits.why.no_height")
                return
            hazards = bool(t.objective_hazards)
            expected = height_grade(t.height_m, hazards)
            if t.grade is not None and expected is not None \
                    and _rank(op, t.grade) < _rank(op, expected):
                self.breach("work_at_height.grade_low", Msg(
                    "permits.found.height_grade", height=_number(t.height_m),
                    method=Msg("permits.method.b" if hazards else "permits.method.a"),
                    expected=grade_name(op, expected), grade=grade_name(op, t.grade)),
                    {"height_m": t.height_m, "objective_hazards": t.objective_hazards,
                     "expected": expected, "grade": t.grade})
        if op is Operation.lifting:
            if t.load_t is None:
                self.cannot("lifting.grade_low", "permits.why.no_load")
                return
            expected = lifting_grade(t.load_t)
            if t.grade is not None and _rank(op, t.grade) < _rank(op, expected):
                self.breach("lifting.grade_low", Msg(
                    "permits.found.lifting_grade", load=_number(t.load_t),
                    expected=grade_name(op, expected), grade=grade_name(op, t.grade)),
                    {"load_t": t.load_t, "expected": expected, "grade": t.grade})

    # --- validity ------------------------------------------------------------------------

    def validity(self) -> None:
        t = self.t
        minutes = _minutes(t.end - t.start)
        limit: float | None = None
        what: Msg = _op(t)
        in_days = t.type in (Operation.work_at_height, Operation.temporary_power)
        if t.type is Operation.hot_work:
            hours = (VALIDITY_HOURS_HOT[t.grade] if t.grade is not None
                     else max(VALIDITY_HOURS_HOT.values()))
            limit = hours * 60.0
            if t.grade is not None:
                what = Msg("permits.graded", grade=grade_name(t.type, t.grade), type=_op(t))
        elif t.type is Operation.confined_space:
            limit = VALIDITY_HOURS_CONFINED * 60.0
        elif t.type is Operation.work_at_height:
            limit = VALIDITY_DAYS_HEIGHT * 1440.0
        elif t.type is Operation.temporary_power:
            special = VALIDITY_DAYS_POWER_SPECIAL * 1440.0
            limit = special if t.extended else VALIDITY_DAYS_POWER * 1440.0
            if not t.extended and _over(minutes, limit):
                self.breach("temporary_power.validity", Msg(
                    "permits.found.power_validity", span=span(minutes, days=True),
                    start=_at(t.start), end=_at(t.end), limit=span(special, days=True)),
                    {"start": _at(t.start), "end": _at(t.end), "minutes": round(minutes),
                     "limit_minutes": round(limit), "extended": t.extended},
                    check="2" if _over(minutes, special) else "1")
                limit = None
        if limit is not None and _over(minutes, limit):
            part: str | type[_Default] | None = _Default
            if t.type is Operation.hot_work:
                part = None if t.grade is None else "2" if t.grade == "second" else "1"
            elif t.type is Operation.temporary_power:
                part = "2"
            self.breach(f"{t.type}.validity", Msg(
                "permits.found.validity", span=span(minutes, days=in_days), start=_at(t.start),
                end=_at(t.end), what=what, limit=span(limit, days=in_days)),
                {"start": _at(t.start), "end": _at(t.end), "minutes": round(minutes),
                 "limit_minutes": round(limit)}, check=part)
        if t.finished is None:
            self.cannot("reissue", "permits.why.no_finish")
        elif t.finished > t.end:
            self.breach("reissue", Msg("permits.found.reissue", finished=_at(t.finished),
                                       end=_at(t.end)),
                        {"finished": _at(t.finished), "end": _at(t.end)})

    # --- gas analyses --------------------------------------------------------------------

    def of(self, gas: Gas) -> list[Reading]:
        return sorted((r for r in self.t.readings if r.what is gas), key=lambda r: r.time)

    def admitting(self, gas: Gas, low: dt.datetime | None, moment: dt.datetime
                  ) -> Reading | None:
        """The latest reading of ``gas`` taken at or before ``moment`` (and not before
        ``low``): the analysis the work started or resumed on."""
        found = [r for r in self.of(gas) if r.time <= moment and (low is None or r.time >= low)]
        return found[-1] if found else None

    def admissions(self, gas: Gas) -> list[tuple[Reading, dt.datetime]]:
        """The readings of ``gas`` the work started and resumed on, with the moment each
        admitted."""
        out = [(self.admitting(gas, None, self.t.start), self.t.start)]
        out += [(self.admitting(gas, p.from_, p.to), p.to) for p in self.pauses]
        return [(r, at) for r, at in out if r is not None]

    def paused(self, when: dt.datetime) -> bool:
        return any(p.from_ <= when <= p.to for p in self.pauses)

    def judged(self, gas: Gas) -> list[Reading]:
        """The readings of ``gas`` the work went on by: the one it started on, the one it
        resumed on after each interruption, and every one taken while it was under way (one
        superseded by a later sample before the work began or resumed is not)."""
        stop = self.stop or self.t.end
        chosen = [r for r, _ in self.admissions(gas)]
        chosen += [r for r in self.of(gas)
                   if self.t.start < r.time <= stop and not self.paused(r.time)]
        seen: dict[int, Reading] = {}
        for one in chosen:
            seen.setdefault(id(one), one)
        return sorted(seen.values(), key=lambda r: r.time)

    def gases(self) -> None:
        op = self.t.type
        if op is Operation.hot_work:
            self.hot_work_gas()
        elif op is Operation.confined_space:
            self.confined_gas()
        else:
            if self.t.fire_explosion_area and not self.of(Gas.combustible):
                self.breach("temporary_power.analysis",
                            Msg("permits.found.power_no_analysis"), {})
            self.combustible("temporary_power.combustible", with_class=False)

    def combustible(self, rule: str, *, with_class: bool = True) -> list[Reading]:
        """5.3.2 for every combustible reading judged; returns those above the limit."""
        failed = []
        for r in self.judged(Gas.combustible):
            lel, cls = self.t.lel_of(r)
            vol = r.value if r.unit == VOL else r.value * (lel or 0.0) / 100
            limit = COMBUSTIBLE_MAX_VOL[cls]
            if _over(vol, limit):
                failed.append(r)
                shown = (Msg("permits.value.vol", value=_number(r.value)) if r.unit == VOL
                         else Msg("permits.value.lel_as_vol", value=_number(r.value),
                                  vol=_number(round(vol, 4)), lel=_number(lel or 0.0)))
                self.breach(rule, Msg(
                    "permits.found.combustible", time=_at(r.time), value=shown,
                    name=r.name or Msg("permits.gas.combustible"),
                    cls=Msg(f"permits.lel_class.{cls}"), limit=_number(limit)),
                    {"time": _at(r.time), "value": r.value, "unit": r.unit,
                     "vol": round(vol, 6), "lel": lel, "lel_class": cls.value,
                     "limit": limit},
                    check=("a" if cls is LelClass.ge4 else "b") if with_class else None)
        return failed

    def began_on(self, rule: str, failed: Sequence[Reading]) -> None:
        """The work started or resumed on an analysis that failed (5.3.1, 6.3)."""
        ids = {id(r) for r in failed}
        for gas in Gas:
            for r, at in self.admissions(gas):
                if id(r) in ids:
                    self.breach(rule, Msg(
                        "permits.found.began_on_failed", time=_at(r.time),
                        gas=Msg(f"permits.gas.{gas}"), at=_at(at)),
                        {"time": _at(r.time), "gas": gas.value, "admitted": _at(at)})

    def hot_work_gas(self) -> None:
        t = self.t
        first = self.admitting(Gas.combustible, None, t.start)
        if first is None:
            self.breach("hot_work.analysis", Msg("permits.found.no_analysis_before",
                                                 start=_at(t.start),
                                                 gas=Msg("permits.gas.combustible")),
                        {"start": _at(t.start)})
        else:
            gap = _minutes(t.start - first.time)
            if _over(gap, SAMPLE_BEFORE_MIN):
                self.breach("hot_work.sample_time", Msg(
                    "permits.found.sample_early", sample=_at(first.time), start=_at(t.start),
                    gap=span(gap), limit=span(SAMPLE_BEFORE_MIN),
                    gas=Msg("permits.gas.combustible")),
                    {"sample": _at(first.time), "start": _at(t.start),
                     "minutes": round(gap, 2), "limit_minutes": SAMPLE_BEFORE_MIN})
        limit = (REANALYSIS_AFTER_MIN[t.grade] if t.grade is not None
                 else max(REANALYSIS_AFTER_MIN.values()))
        part = None if t.grade is None else "2" if t.grade == "second" else "1"
        for p in self.pauses:
            length = _minutes(p.to - p.from_)
            if _over(length, limit) and self.admitting(Gas.combustible, p.from_, p.to) is None:
                self.breach("hot_work.reanalysis", Msg(
                    "permits.found.no_reanalysis", start=_at(p.from_), end=_at(p.to),
                    length=span(length), limit=span(limit),
                    gas=Msg("permits.gas.combustible")),
                    {"from": _at(p.from_), "to": _at(p.to), "minutes": round(length, 2),
                     "limit_minutes": limit}, check=part)
        failed = self.combustible("hot_work.combustible")
        if t.oxygen_equipment:
            oxygen = self.judged(Gas.oxygen)
            if not oxygen:
                self.cannot("hot_work.oxygen_equipment", "permits.why.no_oxygen")
            for r in oxygen:
                if _over(r.value, OXYGEN_EQUIPMENT_MAX):
                    failed.append(r)
                    self.breach("hot_work.oxygen_equipment", Msg(
                        "permits.found.oxygen_high", time=_at(r.time),
                        value=_number(r.value), limit=_number(OXYGEN_EQUIPMENT_MAX)),
                        {"time": _at(r.time), "value": r.value,
                         "limit": OXYGEN_EQUIPMENT_MAX})
        self.began_on("hot_work.began_on_failed", failed)

    def confined_gas(self) -> None:
        t = self.t
        kinds = [Gas.oxygen] + [g for g in (Gas.combustible, Gas.toxic) if self.of(g)]
        for gas in kinds:
            first = self.admitting(gas, None, t.start)
            if first is None:
                self.breach("confined_space.no_analysis", Msg(
                    "permits.found.no_analysis_before", start=_at(t.start),
                    gas=Msg(f"permits.gas.{gas}")), {"start": _at(t.start), "gas": gas.value})
                continue
            gap = _minutes(t.start - first.time)
            if _over(gap, SAMPLE_BEFORE_MIN):
                self.breach("confined_space.analysis", Msg(
                    "permits.found.sample_early", sample=_at(first.time), start=_at(t.start),
                    gap=span(gap), limit=span(SAMPLE_BEFORE_MIN),
                    gas=Msg(f"permits.gas.{gas}")),
                    {"sample": _at(first.time), "start": _at(t.start), "gas": gas.value,
                     "minutes": round(gap, 2), "limit_minutes": SAMPLE_BEFORE_MIN})
        for p in self.pauses:
            length = _minutes(p.to - p.from_)
            if not _over(length, RETEST_AFTER_MIN):
                continue
            missing = [g for g in kinds if self.admitting(g, p.from_, p.to) is None]
            if missing:
                self.breach("confined_space.retest", Msg(
                    "permits.found.no_retest", start=_at(p.from_), end=_at(p.to),
                    length=span(length), limit=span(RETEST_AFTER_MIN),
                    gases=Listed(Msg(f"permits.gas.{g}") for g in missing)),
                    {"from": _at(p.from_), "to": _at(p.to), "minutes": round(length, 2),
                     "limit_minutes": RETEST_AFTER_MIN, "gases": [g.value for g in missing]})
        failed: list[Reading] = []
        low, high = OXYGEN_RANGE
        high = OXYGEN_ENRICHED_MAX if t.oxygen_enriched else high
        for r in self.judged(Gas.oxygen):
            below, above = _under(r.value, low), _over(r.value, high)
            if below or above:
                failed.append(r)
                self.breach("confined_space.oxygen", Msg(
                    "permits.found.oxygen_range", time=_at(r.time), value=_number(r.value),
                    low=_number(low), high=_number(high)),
                    {"time": _at(r.time), "value": r.value, "low": low, "high": high},
                    check="1" if below else "3" if t.oxygen_enriched else "2")
        for r in self.judged(Gas.toxic):
            if r.limit is None:
                self.cannot("confined_space.toxic", "permits.why.no_limit")
            elif _over(r.value, r.limit):
                failed.append(r)
                self.breach("confined_space.toxic", Msg(
                    "permits.found.toxic", time=_at(r.time),
                    name=r.name or Msg("permits.gas.toxic"), value=_number(r.value),
                    unit=r.unit, limit=_number(r.limit)),
                    {"time": _at(r.time), "name": r.name, "value": r.value, "unit": r.unit,
                     "limit": r.limit})
        failed += self.combustible("confined_space.combustible")
        self.began_on("confined_space.began_on_failed", failed)
        self.monitoring()

    def monitoring(self) -> None:
        """6.5: a record of the readings at least every 2 h while the work is under way."""
        t = self.t
        records = sorted({r.time for r in t.readings})
        edges = [t.start] + [p.to for p in self.pauses]
        ends: list[dt.datetime | None] = [*(p.from_ for p in self.pauses), self.stop]
        gaps: list[tuple[dt.datetime, dt.datetime]] = []
        for a, b in zip(edges, ends, strict=True):
            points = [a, *(x for x in records if a < x and (b is None or x < b))]
            if b is not None:
                points.append(b)
            gaps += [(x, y) for x, y in itertools.pairwise(points)
                     if _over(_minutes(y - x), RECORD_EVERY_MIN)]
        if self.stop is None:
            self.cannot("confined_space.monitoring", "permits.why.no_finish_monitoring")
        if gaps:
            self.breach("confined_space.monitoring", Msg(
                "permits.found.monitoring_gap",
                gaps=Listed(Msg("permits.gap", start=_at(x), end=_at(y),
                                length=span(_minutes(y - x))) for x, y in gaps),
                limit=span(RECORD_EVERY_MIN)),
                {"gaps": [{"from": _at(x), "to": _at(y), "minutes": round(_minutes(y - x), 2)}
                          for x, y in gaps], "limit_minutes": RECORD_EVERY_MIN})

    # --- blinds --------------------------------------------------------------------------

    def blinds(self) -> None:
        blinds = self.t.blinds
        if not blinds:
            self.cannot("blind_flange.one_blind", "permits.why.no_blinds")
        elif len(blinds) > 1:
            self.breach("blind_flange.one_blind", Msg(
                "permits.found.blinds", count=len(blinds),
                blinds=Listed(f"{b.number or '-'}" for b in blinds)),
                {"blinds": [{"number": b.number, "action": b.action.value} for b in blinds]})

    # --- signatures ----------------------------------------------------------------------

    def signatures(self) -> None:
        t, op = self.t, self.t.type
        present = t.signatures
        sign_offs = SIGN_OFFS[op]
        missing = [r for r in sign_offs if r not in present]
        if missing:
            self.breach("signature.approval", Msg(
                "permits.found.unsigned", roles=Listed(Msg(f"permits.role.{r}") for r in missing)),
                {"missing": [r.value for r in missing]})
        late: list[tuple[Role, dt.datetime]] = []
        for r in sign_offs:
            when = present[r].time if r in present else None
            if when is not None and when > t.start:
                late.append((r, when))
        if late:
            self.breach("signature.late", Msg(
                "permits.found.signed_late", start=_at(t.start),
                signed=Listed(Msg("permits.signed_at", role=Msg(f"permits.role.{r}"),
                                  time=_at(when)) for r, when in late)),
                {"start": _at(t.start), "late": {r.value: _at(when) for r, when in late}})
        if Role.guardian not in present:
            self.breach("signature.guardian", Msg("permits.found.no_guardian"), {})
        briefing = [r for r in (Role.briefer, Role.briefed) if r not in present]
        if briefing:
            self.breach("signature.briefing", Msg(
                "permits.found.no_briefing",
                roles=Listed(Msg(f"permits.role.{r}") for r in briefing)),
                {"missing": [r.value for r in briefing]})
        if t.finished is None:
            self.cannot("signature.acceptance", "permits.why.no_finish")
        elif Role.acceptance not in present:
            self.breach("signature.acceptance", Msg("permits.found.no_acceptance",
                                                    finished=_at(t.finished)),
                        {"finished": _at(t.finished)})
        self.approval_level()

    def approval_level(self) -> None:
        """表B.1's approver for the operation and grade; an approver the table gives for a
        higher grade of the same operation is senior enough (特级动火 approved as for 特级
        when the ticket says 一级)."""
        t, op = self.t, self.t.type
        if (op, None) in APPROVERS:
            expected = APPROVERS[(op, None)]
            accepted = {expected}
        elif t.grade is not None and (op, t.grade) in APPROVERS:
            expected = APPROVERS[(op, t.grade)]
            accepted = {APPROVERS[(op, g)] for g in GRADES[op][_rank(op, t.grade):]}
        else:
            return
        signed = t.signatures.get(Role.approver)
        if signed is None:
            return
        if not signed.unit:
            self.cannot("approval.level", "permits.why.no_unit")
            return
        named = APPROVER_WORDS.get(signed.unit.replace(" ", ""))
        if named not in accepted:
            self.breach("approval.level", Msg(
                "permits.found.approver", unit=signed.unit,
                expected=Msg(f"permits.approver.{expected}"), type=_op(t),
                grade=grade_name(op, t.grade) if t.grade else ""),
                {"unit": signed.unit, "expected": expected.value, "grade": t.grade})

    # --- measures ------------------------------------------------------------------------

    def measures(self) -> None:
        t, op = self.t, self.t.type
        marks = t.measures
        needed = [n for n in NEEDED if n.operation is op and n.when(t)]
        if marks is None:
            self.cannot("measures.unmarked", "permits.why.no_measures")
            self.cannot("measures.unconfirmed", "permits.why.no_measures")
            for n in needed:
                self.cannot(n.rule, "permits.why.no_measures")
            return
        count = MEASURE_COUNTS[op]
        unmarked = [n for n in range(1, count) if n not in marks]
        if unmarked:
            self.breach("measures.unmarked", Msg(
                "permits.found.unmarked", numbers=_numbers(unmarked), count=count - 1),
                {"numbers": unmarked})
        unconfirmed = sorted(n for n, m in marks.items() if m.involved and not m.confirmed_by)
        if unconfirmed:
            self.breach("measures.unconfirmed", Msg(
                "permits.found.unconfirmed", numbers=_numbers(unconfirmed)),
                {"numbers": unconfirmed})
        for need in needed:
            mark = marks.get(need.number)
            if mark is not None and not mark.involved:
                self.breach(need.rule, Msg(
                    "permits.found.not_involved", number=need.number,
                    measure=Msg(f"permits.measure.{op}.{need.number}"),
                    why=Msg(f"permits.needed.{need.rule}")),
                    {"measure": need.number})


def _numbers(numbers: Iterable[int]) -> Listed:
    return Listed(str(n) for n in numbers)

