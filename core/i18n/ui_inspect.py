"""Starting inspections and answering in the runner: kinds, site profiles, skips, sub-checks, measured values, evidence files."""

MESSAGES: dict[str, tuple[str, str]] = {
}
