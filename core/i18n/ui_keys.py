"""Keys, the palette, the help screen and layout at 80x24."""

MESSAGES: dict[str, tuple[str, str]] = {
}
