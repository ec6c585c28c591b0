"""The store: the one place that talks to the database.

- :mod:`core.store.tables`: the SQLModel tables; :mod:`core.store.migrations`: Alembic.
- :mod:`core.store.db`: opening a database (SQLite or PostgreSQL), sessions, faults.
- :mod:`core.store.queries`: reads, and the answer path's prepared statements.
- :mod:`core.store.writes`: every other insert and update; :mod:`core.store.bulk`: bulk loads.
- :mod:`core.store.audit_chain`: the audit log's hash chain (its forms, the verifier);
  :mod:`core.store.audit_reads`: the log read for its checks (in pages, the head, the
  database's id).
- :mod:`core.store.text_guard`: no control character is stored, by any insert or update.
- :mod:`core.store.evidence_files`: the evidence files, kept under their SHA-256.
- :mod:`core.store.personal`: personal values as salted hashes in the audit log, their salts.
- :mod:`core.store.file_modes`: files and folders created readable by their owner only.
"""
