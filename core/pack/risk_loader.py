"""Reading risk method files (YAML): a preset (``kind: method``) or a list of
直接判定为重大风险 rules (``kind: direct_major``), validated as :mod:`core.pack.risk_method`
says, with problems that name the file and the field."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from core.i18n import Msg
from core.pack.risk_method import DirectRules, RiskMethod

MAX_METHOD_BYTES = 256 * 1024


class MethodFileError(ValueError):
    """A method file that cannot be used: its problems, each a message."""

    def __init__(self, name: str, problems: Sequence[Msg]) -> None:
        super().__init__("; ".join(str(p) for p in problems))
        self.name = name
        self.problems = tuple(problems)


def parse_method(text: str, name: str) -> RiskMethod | DirectRules:
    """Validate a method file's YAML ``text`` (``kind: method`` or ``kind: direct_major``);
    problems name ``name``."""
    import yaml
    from pydantic import ValidationError

    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        raise MethodFileError(name, [Msg("risk.method_yaml", file=name, line=line)]) from None
    if not isinstance(data, dict):
        raise MethodFileError(name, [Msg("risk.method_shape", file=name)])
    try:
        if data.get("kind") == "direct_major":
            return DirectRules.model_validate(data)
        return RiskMethod.model_validate(data)
    except ValidationError as exc:
        raise MethodFileError(name, [
            Msg("risk.method_field", file=name,
                field=".".join(str(p) for p in e["loc"]) or "-", problem=e["msg"])
            for e in exc.errors()]) from None


def load_method(path: str | Path, name: str | None = None) -> RiskMethod | DirectRules:
    """Read and validate the method file at ``path``."""
    shown = name or str(path)
    try:
        with Path(path).open("rb") as fh:
            raw = fh.read(MAX_METHOD_BYTES + 1)
    except OSError as exc:
        raise MethodFileError(shown, [Msg("risk.method_unreadable", file=shown,
                                          reason=exc.strerror or str(exc))]) from None
    if len(raw) > MAX_METHOD_BYTES:
        raise MethodFileError(shown, [Msg("risk.method_too_big", file=shown,
                                          limit=MAX_METHOD_BYTES)])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise MethodFileError(shown, [Msg("risk.method_not_utf8", file=shown)]) from None
    return parse_method(text, shown)
