"""Administration in the terminal UI: enterprises and roster imports, users, campaign formation, training."""

MESSAGES: dict[str, tuple[str, str]] = {
}
