"""anjian core: the domain model, the determination engine, plugins and services.

Nothing here knows of screens; importing ``core`` starts no plugin manager and opens no
database (factories build them).
"""
