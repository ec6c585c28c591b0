"""anjian's built-in sector plugins, each registered through the ``anjian`` entry points."""
