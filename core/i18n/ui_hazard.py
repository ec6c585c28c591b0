"""The hazard's own screen, statistics as charts, the audit and evidence checks."""

MESSAGES: dict[str, tuple[str, str]] = {
}
