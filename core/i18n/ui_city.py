"""The home, enterprises and ledger screens at a city's size: pages, filters, the empty database."""

MESSAGES: dict[str, tuple[str, str]] = {
}
