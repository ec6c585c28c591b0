"""One measured figure per row, the table ``python -m benchmarks`` prints, and its verdict.

Every benchmark module turns its measurements into :class:`Row` objects; run on its own with
``--json`` it prints them as one JSON line last, which is how the runner collects them from a
fresh process per workload (so one workload's memory and caches never colour another's).
"""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict, dataclass
from fractions import Fraction
from typing import Literal

#: A ratio target fails the run only when missed by more than this fraction of the target.
#: Why 15 %: the same --quick run repeated on a 2-core machine moved ratios by up to about 8 %
#: (small sizes, the other core busy with the test suite); twice that leaves room without
#: hiding a real regression, which shows as a step of 30 % or more.
NOISE_MARGIN = 0.15

Op = Literal[">=", "<=", "<"]


@dataclass(frozen=True)
class Target:
    """``ratio`` targets compare anjian with its baseline measured in the same run; ``absolute``
    ones compare a figure (milliseconds, seconds, megabytes) with a fixed limit."""

    op: Op
    value: float
    of: Literal["ratio", "absolute"] = "ratio"
    unit: str = "x"

    def met(self, figure: float, margin: float = 0.0) -> bool:
        if self.op == ">=":
            return figure >= self.value * (1 - margin)
        if self.op == "<=":
            return figure <= self.value * (1 + margin)
        return figure < self.value * (1 + margin)

    def text(self) -> str:
        return f"{self.op} {self.value:g}{'x' if self.of == 'ratio' else ' ' + self.unit}"


@dataclass(frozen=True)
class Row:
    """One line of the table.

    ``figure`` is what the target is compared with: the ratio for a ratio target, the measured
    value for an absolute one. ``per_unit`` is seconds per unit of work (a site, a row, an
    answer) for the scaling check; ``None`` where size does not apply.
    """

    workload: str
    size: str
    anjian: str
    baseline: str
    figure: float | None
    target: Target | None
    scale: str = "1"
    per_unit: float | None = None
    note: str = ""

    @property
    def status(self) -> str:
        if self.target is None or self.figure is None:
            return "-"
        return "pass" if self.target.met(self.figure) else "short"

    def gates(self, margin: float = NOISE_MARGIN) -> bool:
        """False only when a ratio target is missed by more than ``margin``; absolute figures
        are reported, never asserted, since they depend on the machine."""
        if self.target is None or self.figure is None or self.target.of != "ratio":
            return True
        return self.target.met(self.figure, margin)

    def to_dict(self) -> dict[str, object]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, object]) -> Row:
        target = data.get("target")
        values = dict(data)
        values["target"] = Target(**target) if isinstance(target, dict) else None
        return cls(**values)  # type: ignore[arg-type]


JSON_MARK = "ROWS "


def emit(rows: list[Row]) -> None:
    """Print ``rows`` as the last line of output, for the runner."""
    print(JSON_MARK + json.dumps([r.to_dict() for r in rows], ensure_ascii=False))


def collect(stdout: str) -> list[Row]:
    """The rows a benchmark process printed with :func:`emit` (none if it printed none)."""
    for line in reversed(stdout.splitlines()):
        if line.startswith(JSON_MARK):
            return [Row.from_dict(d) for d in json.loads(line[len(JSON_MARK):])]
    return []


COLUMNS = ("workload", "scale", "size", "anjian", "baseline / peer (same run)", "ratio",
           "target", "status")


def _ratio(row: Row) -> str:
    if row.figure is None or row.target is None or row.target.of != "ratio":
        return ""
    return f"{row.figure:.2f}x"


def cells(row: Row) -> tuple[str, ...]:
    return (row.workload, row.scale, row.size, row.anjian, row.baseline, _ratio(row),
            row.target.text() if row.target else "", row.status)


def render(rows: list[Row], markdown: bool = False) -> str:
    """The table as aligned text, or as a Markdown table for benchmarks/README.md."""
    body = [cells(r) for r in rows]
    if markdown:
        lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
        lines += ["| " + " | ".join(c.replace("|", "/") for c in cs) + " |" for cs in body]
        return "\n".join(lines)
    widths = [max(len(c) for c in col) for col in zip(COLUMNS, *body, strict=False)]
    out = ["  ".join(c.ljust(w) for c, w in zip(COLUMNS, widths, strict=True)).rstrip()]
    out.append("  ".join("-" * w for w in widths))
    out += ["  ".join(c.ljust(w) for c, w in zip(cs, widths, strict=True)).rstrip()
            for cs in body]
    return "\n".join(out)


class Mismatch(Exception):
    """A benchmark's figures disagree with its baseline's: the run fails, whatever the times."""


def scale_text(scale: float) -> str:
    """``1``, ``1/10``, ``1/100``: how a run's size compares with the workload's full size."""
    f = Fraction(scale).limit_denominator(10_000)
    return str(f.numerator) if f.denominator == 1 else f"{f.numerator}/{f.denominator}"


def add_options(parser: argparse.ArgumentParser, full: str) -> None:
    """The options every benchmark takes from the runner: ``--scale`` and ``--json``."""
    parser.add_argument("--scale", type=_fraction, default=1.0,
                        help=f"fraction of the full size ({full}), above 0 and at most 10")
    parser.add_argument("--json", action="store_true",
                        help="end with the rows as one JSON line, for python -m benchmarks")


def _fraction(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number (e.g. 0.1)") from None
    if not 0 < value <= 10:
        raise argparse.ArgumentTypeError(f"{text} is not above 0 and at most 10 (e.g. 0.1)")
    return value
