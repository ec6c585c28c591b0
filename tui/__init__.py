"""anjian front ends: the ``anjian`` command line (and, later, the Textual app)."""
