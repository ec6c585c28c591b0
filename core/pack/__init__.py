"""Packs (判定标准 / 检查表): the pydantic model of a checklist with its determination rules,
the pack-file loader, and golden cases.

- :mod:`core.pack.model`: the domain model of a pack (items, rules, sites, versions).
- :mod:`core.pack.loader`: a pack file (YAML or JSON) read, validated and hashed, with every
  problem at its file and line.
- :mod:`core.pack.cases`: golden cases, example findings with the determination they must give.
- :mod:`core.pack.free_text`: what free text may hold (no control character), checked by the
  services and the store, and text written out where a terminal or workbook shows it.
"""
